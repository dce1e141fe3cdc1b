/* Placeholder until photo storage lands: a form without photos is fine, one with photos is
 * refused, so nothing is silently dropped. */
#include "hall/photo.h"

#include <string.h>

#include "web/i18n.h"

int photo_attach_from_form(struct req *r, const char *field, const char *owner_kind,
                           int64_t owner_id, enum photo_err *err)
{
    (void)owner_kind, (void)owner_id;
    for (size_t i = 0; i < r->form.n; i++) {
        const struct form_field *f = &r->form.fields[i];
        if (f->filename && f->value_len > 0 && strcmp(f->name, field) == 0) {
            *err = PHOTO_NOT_IMAGE;
            return -1;
        }
    }
    return 0;
}

void photo_gallery(struct req *r, const char *owner_kind, int64_t owner_id)
{
    (void)r, (void)owner_kind, (void)owner_id;
}

const char *photo_err_text(struct req *r, enum photo_err e)
{
    (void)e;
    return T(r, M_ERR_BAD_FORM);
}
