/* libFuzzer target for src/http/form.c. One input is fed to all three parsers, because the
 * same bytes can reach any of them from a client (body, query string, Cookie header). Beyond
 * "no crash", it checks the promise callers rely on: every returned name and text value is
 * NUL-terminated, valid UTF-8 and as long as value_len says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts (which libFuzzer reports with the input) when a returned form breaks its contract.
 * File parts are raw bytes, so only their NUL terminator and metadata are checked. */
static void check_form(const struct form *f)
{
    if (f->n > FORM_MAX_FIELDS)
        abort();
    for (size_t i = 0; i < f->n; i++) {
        const struct form_field *fld = &f->fields[i];
        if (!fld->name || !fld->value || !utf8_valid(fld->name, strlen(fld->name)))
            abort();
        if (fld->value[fld->value_len] != '\0')
            abort();
        if (fld->filename && !utf8_valid(fld->filename, strlen(fld->filename)))
            abort();
        if (fld->content_type && !utf8_valid(fld->content_type, strlen(fld->content_type)))
            abort();
        if (!fld->filename &&
            (strlen(fld->value) != fld->value_len || !utf8_valid(fld->value, fld->value_len)))
            abort();
        if (form_field(f, fld->name) == NULL)
            abort();
    }
}

/* Runs the input through the urlencoded, cookie and multipart parsers. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct form f;
    arena_init(&a);

    if (form_parse_urlencoded(&a, (const char *)data, size, &f) == FORM_OK)
        check_form(&f);
    else if (f.n != 0 || f.fields != NULL)
        abort();

    /* The Cookie header reaches the parser as a C string, so cut at the first NUL. */
    char *cookie = malloc(size + 1);
    memcpy(cookie, data, size);
    cookie[size] = '\0';
    if (form_parse_cookies(&a, cookie, &f) == FORM_OK)
        check_form(&f);
    free(cookie);

    if (form_parse_multipart(&a, "multipart/form-data; boundary=XyZ", (const char *)data, size,
                             &f) == FORM_OK)
        check_form(&f);
    else if (f.n != 0 || f.fields != NULL)
        abort();

    arena_free(&a);
    return 0;
}
