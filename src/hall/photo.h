/* Photos people attach to topics and to progress reports: JPEG or PNG only, size-limited, decoded
 * and encoded again so nothing but the picture survives (no EXIF: no GPS position, no phone
 * model), turned upright by their orientation tag and scaled down for old phones. */
#ifndef MULIN_HALL_PHOTO_H
#define MULIN_HALL_PHOTO_H
#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

/* Photos one thing (a topic, a progress report) may carry; the bytes and pixels each may have
 * are in hall/image.h (IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS). */
enum { PHOTO_MAX_PER_OWNER = 6 };

enum photo_err {
    PHOTO_OK,
    PHOTO_NOT_IMAGE, /* not a JPEG or PNG we can read */
    PHOTO_TOO_LARGE, /* over the size limit, in bytes or pixels */
    PHOTO_TOO_MANY,  /* more photos than one thing may carry */
    PHOTO_DB_ERROR,  /* database trouble */
};

/* Cleans and stores every non-empty file part named `field` of the request's form as a photo of
 * (owner_kind, owner_id) ("topic", 12), in the request's transaction. Returns how many were
 * stored (0 when none was sent), or -1 with *err set: then the caller fails the request so
 * nothing is kept. */
int photo_attach_from_form(struct req *r, const char *field, const char *owner_kind,
                           int64_t owner_id, enum photo_err *err);
/* Writes the photos of (owner_kind, owner_id) as thumbnails linking to the full picture;
 * nothing when there are none. */
void photo_gallery(struct req *r, const char *owner_kind, int64_t owner_id);
/* A message for people about e, in the reader's language. */
const char *photo_err_text(struct req *r, enum photo_err e);
/* The HTTP status (422 not an image, 413 too large, 409 too many, 503) and API code of e. */
int photo_err_status(enum photo_err e);
const char *photo_err_code(enum photo_err e);

/* How many photos (owner_kind, owner_id) has. */
int photo_count(struct req *r, const char *owner_kind, int64_t owner_id);
/* Cleans one upload and stores it for (owner_kind, owner_id), uploaded by the reader, without
 * checking the count. Returns its id, or 0 with *err set. */
int64_t photo_store(struct req *r, const char *owner_kind, int64_t owner_id, const void *data,
                    size_t len, enum photo_err *err);

struct photo_info {
    int64_t id;
    int width, height;             /* the picture, upright */
    int thumb_width, thumb_height; /* its thumbnail */
};
/* Up to max photos of (owner_kind, owner_id), oldest first, into out; returns how many. */
int photo_list(struct req *r, const char *owner_kind, int64_t owner_id, struct photo_info *out,
               int max);

#endif
