/* Parsing JSON request bodies for the API: one object, valid UTF-8, bounded nesting depth. */
#ifndef MULIN_JSONBODY_H
#define MULIN_JSONBODY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { JSONBODY_MAX_DEPTH = 16 };

/* Returns a new reference to the parsed object (the caller json_decref()s it), or NULL with a
 * short English reason in err (at least 160 bytes) when the body is not one JSON object, is not
 * valid UTF-8, nests deeper than JSONBODY_MAX_DEPTH or contains a NUL character in a string. */
json_t *jsonbody_parse(const char *body, size_t len, char *err, size_t errlen);
/* Returns the string member key of obj, or NULL when absent or not a string. */
const char *jsonbody_string(const json_t *obj, const char *key);
/* The string member key of obj copied into a; NULL when absent or null; NULL with *bad set when
 * it is another type (the caller answers 400). */
const char *jsonbody_text(struct arena *a, const json_t *obj, const char *key, bool *bad);
/* The integer member key of obj; dflt when absent or null; dflt with *bad set when another type. */
int64_t jsonbody_int(const json_t *obj, const char *key, int64_t dflt, bool *bad);

#endif
