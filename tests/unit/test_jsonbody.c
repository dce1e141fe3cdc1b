/* Unit tests for src/http/jsonbody.c: what the API accepts as a JSON request body. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/jsonbody.h"
#include "util/buf.h"

/* Room for an error message, as the header requires (at least 160 bytes). */
enum { ERRLEN = 200 };

/* Parses a string literal; its length comes from sizeof so embedded NUL bytes count. */
#define PARSE(lit, err) jsonbody_parse((lit), sizeof(lit) - 1, (err), ERRLEN)

/* Asserts that body is refused and that the reason contains want. */
static void assert_refused(const char *body, size_t len, const char *want)
{
    char err[ERRLEN] = "";
    json_t *j = jsonbody_parse(body, len, err, sizeof err);
    assert_null(j);
    if (!strstr(err, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
}

/* assert_refused on a string literal, its length from sizeof so embedded NUL bytes count. */
#define REFUSED(lit, want) assert_refused((lit), sizeof(lit) - 1, (want))

/* Builds {"a":{"a":...{}}} nested depth levels deep (the outer object is level 1); when
 * use_array, the inner levels are arrays instead, to check both container kinds count. */
static void build_nested(struct buf *b, int depth, int use_array)
{
    buf_init(b);
    buf_adds(b, "{");
    for (int i = 1; i < depth; i++) {
        if (!use_array)
            buf_adds(b, "\"a\":{");
        else
            buf_adds(b, i == 1 ? "\"a\":[" : "[");
    }
    for (int i = 1; i < depth; i++)
        buf_adds(b, use_array ? "]" : "}");
    buf_adds(b, "}");
}

/* A plain object with Chinese text parses and its members can be read. */
static void parses_object(void **state)
{
    char err[ERRLEN] = "";
    json_t *j = PARSE("{\"name\":\"张三\",\"unit\":\"3号楼 502室\",\"n\":2,\"tags\":[\"a\"]}", err);
    assert_non_null(j);
    assert_string_equal(jsonbody_string(j, "name"), "张三");
    assert_string_equal(jsonbody_string(j, "unit"), "3号楼 502室");
    assert_null(jsonbody_string(j, "n"));    /* not a string */
    assert_null(jsonbody_string(j, "tags")); /* not a string */
    assert_null(jsonbody_string(j, "missing"));
    assert_null(jsonbody_string(NULL, "name"));
    json_decref(j);
}

/* Whitespace around the object is allowed; an escaped non-ASCII character decodes to UTF-8. */
static void whitespace_and_escapes(void **state)
{
    char err[ERRLEN] = "";
    json_t *j = PARSE(" \r\n\t{\"k\" : \"\\u4e2d\\n\"} \n", err);
    assert_non_null(j);
    assert_string_equal(jsonbody_string(j, "k"), "中\n");
    json_decref(j);
    j = PARSE("{}", err);
    assert_non_null(j);
    assert_int_equal(json_object_size(j), 0);
    json_decref(j);
}

/* Arrays, strings, numbers and literals are valid JSON but not an object. */
static void refuses_non_object(void **state)
{
    REFUSED("[1,2]", "must be a JSON object");
    REFUSED("\"text\"", "not valid JSON"); /* jansson wants a container at top */
    REFUSED("42", "not valid JSON");
    REFUSED("null", "not valid JSON");
}

/* Syntax errors report jansson's reason with its position. */
static void refuses_bad_syntax(void **state)
{
    REFUSED("{\"a\":}", "body is not valid JSON: ");
    REFUSED("{\"a\":1,}", "line 1 column");
    REFUSED("{\"a\":1", "not valid JSON");
    REFUSED("{'a':1}", "not valid JSON");
}

/* The whole body must be one value: anything after the object is refused. */
static void refuses_trailing_garbage(void **state)
{
    REFUSED("{} x", "end of file expected");
    REFUSED("{\"a\":1}{\"b\":2}", "not valid JSON");
    REFUSED("{}\0", "UTF-8"); /* a NUL after the object is caught by the UTF-8 check */
}

/* Empty bodies get their own message. */
static void refuses_empty(void **state)
{
    REFUSED("", "empty");
    assert_refused(NULL, 0, "empty");
    REFUSED("   ", "not valid JSON");
}

/* Invalid UTF-8 (bad byte, overlong, surrogate, truncated sequence) is refused before parsing. */
static void refuses_bad_utf8(void **state)
{
    REFUSED("{\"a\":\"\xff\"}", "not valid UTF-8");
    REFUSED("{\"a\":\"\xc0\xaf\"}", "not valid UTF-8");
    REFUSED("{\"a\":\"\xed\xa0\x80\"}", "not valid UTF-8");
    REFUSED("{\"a\":\"\xe4\xb8\"}", "not valid UTF-8");
    REFUSED("{\"a\":\"x\0\"}", "not valid UTF-8");
}

/* A repeated key is ambiguous (which one did the client mean?) and is refused. */
static void refuses_duplicate_keys(void **state)
{
    REFUSED("{\"a\":1,\"a\":2}", "duplicate");
    REFUSED("{\"o\":{\"x\":1,\"x\":1}}", "duplicate");
}

/* An escaped NUL is refused in values at any depth and in keys. */
static void refuses_escaped_nul(void **state)
{
    REFUSED("{\"a\":\"x\\u0000y\"}", "NUL");
    REFUSED("{\"a\":[\"ok\",{\"b\":\"\\u0000\"}]}", "NUL");
    REFUSED("{\"a\\u0000\":1}", "NUL");
}

/* Nesting: JSONBODY_MAX_DEPTH (16) levels are accepted, 17 refused, for objects and arrays. */
static void depth_limit(void **state)
{
    for (int use_array = 0; use_array <= 1; use_array++) {
        struct buf b;
        char err[ERRLEN] = "";
        build_nested(&b, JSONBODY_MAX_DEPTH, use_array);
        json_t *j = jsonbody_parse(b.data, b.len, err, sizeof err);
        if (!j)
            fail_msg("depth 16 refused: %s (%s)", err, b.data);
        json_decref(j);
        buf_free(&b);

        build_nested(&b, JSONBODY_MAX_DEPTH + 1, use_array);
        assert_refused(b.data, b.len, "deeper than 16");
        buf_free(&b);
    }
    /* Far deeper than jansson's own limit still fails cleanly. */
    struct buf b;
    build_nested(&b, 5000, 1);
    assert_refused(b.data, b.len, "not valid JSON");
    buf_free(&b);
}

/* Scalars do not add depth: a 16-level object whose innermost member is a scalar is fine. */
static void scalars_do_not_count(void **state)
{
    struct buf b;
    char err[ERRLEN] = "";
    buf_init(&b);
    for (int i = 0; i < JSONBODY_MAX_DEPTH; i++)
        buf_adds(&b, "{\"a\":");
    buf_adds(&b, "\"leaf\"");
    for (int i = 0; i < JSONBODY_MAX_DEPTH; i++)
        buf_adds(&b, "}");
    json_t *j = jsonbody_parse(b.data, b.len, err, sizeof err);
    assert_non_null(j);
    json_decref(j);
    buf_free(&b);
}

/* A short err buffer is truncated, not overrun; a NULL err is allowed. */
static void small_err_buffer(void **state)
{
    char err[8];
    memset(err, 'x', sizeof err);
    assert_null(jsonbody_parse("[1]", 3, err, sizeof err));
    assert_int_equal(strlen(err), sizeof err - 1);
    assert_null(jsonbody_parse("[1]", 3, NULL, 0));
}

/* Runs every JSON body test. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_object),
        cmocka_unit_test(whitespace_and_escapes),
        cmocka_unit_test(refuses_non_object),
        cmocka_unit_test(refuses_bad_syntax),
        cmocka_unit_test(refuses_trailing_garbage),
        cmocka_unit_test(refuses_empty),
        cmocka_unit_test(refuses_bad_utf8),
        cmocka_unit_test(refuses_duplicate_keys),
        cmocka_unit_test(refuses_escaped_nul),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(scalars_do_not_count),
        cmocka_unit_test(small_err_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
