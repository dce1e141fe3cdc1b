/* Parsers for what a client sends: application/x-www-form-urlencoded bodies and query strings,
 * multipart/form-data bodies (file uploads), and the Cookie header.
 *
 * All results live in the caller's arena. Every parser checks that names and values are valid
 * UTF-8 (file contents in multipart parts are bytes and are not checked). */
#ifndef MULIN_FORM_H
#define MULIN_FORM_H
#include <stddef.h>

#include "util/arena.h"

struct form_field {
    const char *name;         /* NUL-terminated, decoded */
    const char *value;        /* NUL-terminated, decoded; for files, the raw bytes (+ a NUL) */
    size_t value_len;         /* bytes in value, excluding the NUL */
    const char *filename;     /* multipart file parts only, else NULL */
    const char *content_type; /* multipart parts that declare one, else NULL */
};

struct form {
    struct form_field *fields; /* in the order they were sent */
    size_t n;                  /* number of fields */
};

enum form_status {
    FORM_OK = 0,
    FORM_BAD_ENCODING = 1, /* malformed %-escape or multipart framing */
    FORM_BAD_UTF8 = 2,     /* a name or text value is not valid UTF-8 */
    FORM_TOO_MANY = 3,     /* more than FORM_MAX_FIELDS fields */
};

enum { FORM_MAX_FIELDS = 1000 };

/* Parses "a=1&b=%E4%B8%AD" ('+' is a space). An empty input gives an empty form. */
enum form_status form_parse_urlencoded(struct arena *a, const char *body, size_t len,
                                       struct form *out);
/* Parses a multipart/form-data body; content_type is the request's Content-Type header value
 * (the boundary is taken from it). */
enum form_status form_parse_multipart(struct arena *a, const char *content_type, const char *body,
                                      size_t len, struct form *out);
/* Parses a Cookie header ("a=1; b=2") into name/value pairs; values are not %-decoded. */
enum form_status form_parse_cookies(struct arena *a, const char *header, struct form *out);
/* Returns the first field named name, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* Returns the value of the first field named name, or NULL. */
const char *form_get(const struct form *f, const char *name);

#endif
