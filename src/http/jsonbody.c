/* JSON request bodies. jansson does the parsing; this file adds the rules the API relies on so
 * handlers never see surprises: the body is exactly one object, valid UTF-8, with no duplicate
 * keys, no NUL inside strings and bounded nesting. */
#include "http/jsonbody.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

/* Writes a reason into err when the caller gave room for one. */
static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

/* Checks v and everything under it; depth is the nesting level of v if it is a container (the
 * body object is 1). Recursion is safe because it stops one level past JSONBODY_MAX_DEPTH.
 * Object keys need no NUL check: jansson refuses NUL in keys while parsing. */
static int check_value(json_t *v, int depth, char *err, size_t errlen)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (depth > JSONBODY_MAX_DEPTH)
            break;
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child)
        {
            if (check_value(child, depth + 1, err, errlen) != 0)
                return -1;
        }
        return 0;
    }
    case JSON_ARRAY: {
        if (depth > JSONBODY_MAX_DEPTH)
            break;
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            if (check_value(child, depth + 1, err, errlen) != 0)
                return -1;
        }
        return 0;
    }
    case JSON_STRING:
        /* C code downstream treats strings as NUL-terminated; an embedded "\u0000" would let
         * what is checked differ from what is stored. */
        if (strlen(json_string_value(v)) != json_string_length(v)) {
            set_err(err, errlen, "body contains a NUL character in a string");
            return -1;
        }
        return 0;
    default:
        return 0;
    }
    if (err && errlen)
        snprintf(err, errlen, "body nests deeper than %d levels", JSONBODY_MAX_DEPTH);
    return -1;
}

/* Parses and checks a request body; see jsonbody.h. UTF-8 is checked first so the error names
 * the real problem instead of a jansson decoding message. JSON_ALLOW_NUL lets "\u0000" through
 * the parser only so that check_value can refuse it with a clear reason. */
json_t *jsonbody_parse(const char *body, size_t len, char *err, size_t errlen)
{
    if (!body || len == 0) {
        set_err(err, errlen, "body is empty");
        return NULL;
    }
    if (!utf8_valid(body, len)) {
        set_err(err, errlen, "body is not valid UTF-8");
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        if (err && errlen)
            snprintf(err, errlen, "body is not valid JSON: %s at line %d column %d", jerr.text,
                     jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(root)) {
        set_err(err, errlen, "body must be a JSON object");
        json_decref(root);
        return NULL;
    }
    if (check_value(root, 1, err, errlen) != 0) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* Lets handlers read optional text members without repeating the type check. */
const char *jsonbody_string(const json_t *obj, const char *key)
{
    if (!obj || !key || !json_is_object(obj))
        return NULL;
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *jsonbody_text(struct arena *a, const json_t *obj, const char *key, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    return arena_strdup(a, json_string_value(v));
}

int64_t jsonbody_int(const json_t *obj, const char *key, int64_t dflt, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return dflt;
    if (!json_is_integer(v)) {
        *bad = true;
        return dflt;
    }
    return (int64_t)json_integer_value(v);
}
