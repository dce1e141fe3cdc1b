/* Photos in the database: cleaning uploads with image.c and storing them in table photo (the
 * cleaned JPEG, its thumbnail and a content hash for the ETag), listing an owner's photos and
 * writing them as a gallery. See photo.h. */
#include "hall/photo.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/image.h"
#include "http/server.h"
#include "web/html.h"
#include "web/i18n.h"

/* A photo the body limit refuses anyway needs no limit of its own; one over it would be a
 * limit nobody can reach. */
_Static_assert((int)IMAGE_MAX_BYTES == (int)SERVER_UPLOAD_LIMIT,
               "one photo may fill an upload body");

int photo_count(struct req *r, const char *owner_kind, int64_t owner_id)
{
    return (int)db_int(r->db, 0, "SELECT count(*) FROM photo WHERE owner_kind = ? AND owner_id = ?",
                       "si", owner_kind, owner_id);
}

static enum photo_err from_image(enum image_err e)
{
    return e == IMAGE_TOO_LARGE ? PHOTO_TOO_LARGE : PHOTO_NOT_IMAGE;
}

int64_t photo_store(struct req *r, const char *owner_kind, int64_t owner_id, const void *data,
                    size_t len, enum photo_err *err)
{
    struct image_out img;
    enum image_err ie = image_clean(data, len, &img);
    if (ie != IMAGE_OK) {
        *err = from_image(ie);
        return 0;
    }
    /* The hash of the stored bytes is the strong ETag: the same id on another database (after
     * a restore, say) never passes for a picture a browser has cached. */
    unsigned char h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, img.jpeg, img.jpeg_len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    int64_t id =
        db_int(r->db, 0,
               "INSERT INTO photo(owner_kind, owner_id, mime, width, height, bytes, data,"
               " thumb_width, thumb_height, thumb, hash, uploaded_by, at)"
               " VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?)"
               " RETURNING id",
               "siiiibiibsii", owner_kind, owner_id, (int64_t)img.width, (int64_t)img.height,
               (int64_t)img.jpeg_len, (const void *)img.jpeg, img.jpeg_len,
               (int64_t)img.thumb_width, (int64_t)img.thumb_height, (const void *)img.thumb,
               img.thumb_len, hex, r->person_id, (int64_t)time(NULL));
    image_free(&img);
    if (id <= 0) {
        *err = PHOTO_DB_ERROR;
        return 0;
    }
    *err = PHOTO_OK;
    return id;
}

static bool is_photo_part(const struct form_field *f, const char *field)
{
    return f->filename && f->value_len > 0 && strcmp(f->name, field) == 0;
}

int photo_attach_from_form(struct req *r, const char *field, const char *owner_kind,
                           int64_t owner_id, enum photo_err *err)
{
    *err = PHOTO_OK;
    int sent = 0;
    for (size_t i = 0; i < r->form.n; i++)
        sent += is_photo_part(&r->form.fields[i], field);
    if (sent == 0)
        return 0;
    /* Counted before any decoding: too many is refused without the work. */
    if (photo_count(r, owner_kind, owner_id) + sent > PHOTO_MAX_PER_OWNER) {
        *err = PHOTO_TOO_MANY;
        return -1;
    }
    for (size_t i = 0; i < r->form.n; i++) {
        const struct form_field *f = &r->form.fields[i];
        if (is_photo_part(f, field) &&
            !photo_store(r, owner_kind, owner_id, f->value, f->value_len, err))
            return -1; /* the caller fails the request: the ones stored before roll back */
    }
    return sent;
}

int photo_list(struct req *r, const char *owner_kind, int64_t owner_id, struct photo_info *out,
               int max)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT id, width, height, thumb_width, thumb_height"
                                           " FROM photo WHERE owner_kind = ? AND owner_id = ?"
                                           " ORDER BY id LIMIT ?");
    db_bind(st, "sii", owner_kind, owner_id, (int64_t)max);
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (struct photo_info){
            .id = db_column_int(st, 0),
            .width = (int)db_column_int(st, 1),
            .height = (int)db_column_int(st, 2),
            .thumb_width = (int)db_column_int(st, 3),
            .thumb_height = (int)db_column_int(st, 4),
        };
        n++;
    }
    db_done(st);
    return n;
}

void photo_gallery(struct req *r, const char *owner_kind, int64_t owner_id)
{
    struct photo_info p[PHOTO_MAX_PER_OWNER];
    int n = photo_list(r, owner_kind, owner_id, p, PHOTO_MAX_PER_OWNER);
    if (n == 0)
        return;
    struct buf *o = &r->out;
    html(o, "<section><h2>%s</h2><ul class=\"photos\">", T(r, M_PHOTO_HEADING));
    for (int i = 0; i < n; i++) {
        html(o,
             "<li><a href=\"/photos/%lld\"><img src=\"/photos/%lld/thumb\" width=\"%d\" "
             "height=\"%d\" loading=\"lazy\" alt=\"",
             (long long)p[i].id, (long long)p[i].id, p[i].thumb_width, p[i].thumb_height);
        html(o, T(r, M_PHOTO_ALT), i + 1, n);
        html(o, "\"></a></li>");
    }
    html(o, "</ul></section>\n");
}

const char *photo_err_text(struct req *r, enum photo_err e)
{
    switch (e) {
    case PHOTO_NOT_IMAGE:
        return T(r, M_PHOTO_E_NOT_IMAGE);
    case PHOTO_TOO_LARGE:
        return T(r, M_PHOTO_E_TOO_LARGE);
    case PHOTO_TOO_MANY:
        return T(r, M_PHOTO_E_TOO_MANY);
    case PHOTO_DB_ERROR:
        return T(r, M_ERR_UNAVAILABLE);
    case PHOTO_OK:
        break;
    }
    return "";
}

int photo_err_status(enum photo_err e)
{
    switch (e) {
    case PHOTO_NOT_IMAGE:
        return 422;
    case PHOTO_TOO_LARGE:
        return 413;
    case PHOTO_TOO_MANY:
        return 409;
    case PHOTO_DB_ERROR:
        return 503;
    case PHOTO_OK:
        break;
    }
    return 200;
}

const char *photo_err_code(enum photo_err e)
{
    switch (e) {
    case PHOTO_NOT_IMAGE:
        return "not_image";
    case PHOTO_TOO_LARGE:
        return "too_large";
    case PHOTO_TOO_MANY:
        return "too_many";
    case PHOTO_DB_ERROR:
        return "unavailable";
    case PHOTO_OK:
        break;
    }
    return "ok";
}
