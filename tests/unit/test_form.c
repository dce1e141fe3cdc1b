/* Unit tests for src/http/form.c: urlencoded bodies and query strings, multipart/form-data and
 * the Cookie header. Inputs are built with explicit lengths because request bodies are not
 * NUL-terminated and may contain NUL bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/form.h"
#include "util/buf.h"

static struct arena arena;

/* Each test gets a fresh arena so leaks and cross-test state show up under ASan. */
static int setup(void **state)
{
    arena_init(&arena);
    return 0;
}

/* Frees everything the parsers allocated in the test. */
static int teardown(void **state)
{
    arena_free(&arena);
    return 0;
}

/* Parses a string literal as a urlencoded body (length from sizeof, so embedded NULs count). */
#define URL(lit, out) form_parse_urlencoded(&arena, (lit), sizeof(lit) - 1, (out))
/* Parses a string literal as a multipart body with the given Content-Type. */
#define MP(ct, lit, out) form_parse_multipart(&arena, (ct), (lit), sizeof(lit) - 1, (out))

static const char *const CT = "multipart/form-data; boundary=XyZ";

/* Asserts that field i has the given name and text value, and no file metadata. */
static void assert_text_field(const struct form *f, size_t i, const char *name, const char *value)
{
    assert_true(i < f->n);
    assert_string_equal(f->fields[i].name, name);
    assert_string_equal(f->fields[i].value, value);
    assert_int_equal(f->fields[i].value_len, strlen(value));
    assert_null(f->fields[i].filename);
}

/* A failed parse must not hand back partial results. */
static void assert_empty(const struct form *f)
{
    assert_null(f->fields);
    assert_int_equal(f->n, 0);
}

/* ---- urlencoded ---- */

/* Percent escapes decode to bytes, so %E4%B8%AD is the character 中 (3 bytes). */
static void url_basic_and_chinese(void **state)
{
    struct form f;
    assert_int_equal(URL("a=1&b=%E4%B8%AD&c=%e4%b8%ad", &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_text_field(&f, 0, "a", "1");
    assert_text_field(&f, 1, "b", "中");
    assert_text_field(&f, 2, "c", "中");
    assert_int_equal(f.fields[1].value_len, 3);
    assert_null(f.fields[1].content_type);
}

/* '+' is a space in names and values, but an escaped %2B stays a plus sign. */
static void url_plus_is_space(void **state)
{
    struct form f;
    assert_int_equal(URL("full+name=Li+Lei&sum=1%2B1&sp=%20x", &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_text_field(&f, 0, "full name", "Li Lei");
    assert_text_field(&f, 1, "sum", "1+1");
    assert_text_field(&f, 2, "sp", " x");
}

/* Empty input is an empty form, also when the body pointer is NULL. */
static void url_empty_input(void **state)
{
    struct form f;
    assert_int_equal(URL("", &f), FORM_OK);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_parse_urlencoded(&arena, NULL, 0, &f), FORM_OK);
    assert_int_equal(f.n, 0);
    assert_null(form_get(&f, "a"));
}

/* Empty pieces ("&&", leading or trailing '&') are skipped, not turned into fields. */
static void url_empty_pairs_skipped(void **state)
{
    struct form f;
    assert_int_equal(URL("&a=1&&b=2&", &f), FORM_OK);
    assert_int_equal(f.n, 2);
    assert_text_field(&f, 0, "a", "1");
    assert_text_field(&f, 1, "b", "2");
    assert_int_equal(URL("&&&", &f), FORM_OK);
    assert_int_equal(f.n, 0);
}

/* A name without '=' gets "", a value may itself contain '=', and "=v" has an empty name. */
static void url_name_without_value(void **state)
{
    struct form f;
    assert_int_equal(URL("flag&k=a=b&empty=&=v", &f), FORM_OK);
    assert_int_equal(f.n, 4);
    assert_text_field(&f, 0, "flag", "");
    assert_text_field(&f, 1, "k", "a=b");
    assert_text_field(&f, 2, "empty", "");
    assert_text_field(&f, 3, "", "v");
}

/* Repeated names are all kept in order; form_get and form_field return the first. */
static void url_duplicates_and_lookup(void **state)
{
    struct form f;
    assert_int_equal(URL("tag=a&tag=b&x=1", &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(form_get(&f, "tag"), "a");
    assert_string_equal(f.fields[1].value, "b");
    assert_ptr_equal(form_field(&f, "x"), &f.fields[2]);
    assert_null(form_field(&f, "missing"));
    assert_null(form_get(&f, "missing"));
    assert_null(form_get(NULL, "x"));
}

/* Only len bytes are read: the rest of the buffer is not part of the body. */
static void url_respects_length(void **state)
{
    static const char body[] = "a=1&b=2";
    struct form f;
    assert_int_equal(form_parse_urlencoded(&arena, body, 3, &f), FORM_OK);
    assert_int_equal(f.n, 1);
    assert_text_field(&f, 0, "a", "1");
    /* A '%' cut off by the length is a truncated escape even though bytes follow in memory. */
    static const char cut[] = "a=%41";
    assert_int_equal(form_parse_urlencoded(&arena, cut, 4, &f), FORM_BAD_ENCODING);
}

/* Malformed escapes: non-hex digits, trailing '%', a single digit, in names or values. */
static void url_bad_escapes(void **state)
{
    struct form f;
    assert_int_equal(URL("a=%G1", &f), FORM_BAD_ENCODING);
    assert_empty(&f);
    assert_int_equal(URL("a=%", &f), FORM_BAD_ENCODING);
    assert_empty(&f);
    assert_int_equal(URL("a=%4", &f), FORM_BAD_ENCODING);
    assert_int_equal(URL("a=%4G", &f), FORM_BAD_ENCODING);
    assert_int_equal(URL("a%=1", &f), FORM_BAD_ENCODING);
    assert_int_equal(URL("ok=1&b=%%41", &f), FORM_BAD_ENCODING);
    assert_empty(&f);
}

/* Decoded bytes must be UTF-8 without NUL: %FF, overlong %C0%80, %00, a lone surrogate,
 * truncated sequences and raw invalid bytes are all refused, in names as well as values. */
static void url_bad_utf8(void **state)
{
    struct form f;
    assert_int_equal(URL("a=%FF", &f), FORM_BAD_UTF8);
    assert_empty(&f);
    assert_int_equal(URL("a=%C0%80", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("a=%00", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("a=%ED%A0%80", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("a=%E4%B8", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("a=\xff", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("%FF=1", &f), FORM_BAD_UTF8);
    assert_int_equal(URL("a=x\0y", &f), FORM_BAD_UTF8);
    assert_empty(&f);
}

/* Builds "f0=0&f1=1&..." with n fields, with extra empty pieces that must not count. */
static void build_fields(struct buf *b, int n)
{
    buf_init(b);
    for (int i = 0; i < n; i++)
        buf_printf(b, "%sf%d=%d&", i % 100 == 0 ? "&" : "", i, i);
}

/* FORM_MAX_FIELDS fields are accepted; one more is FORM_TOO_MANY. */
static void url_field_limit(void **state)
{
    struct buf b;
    struct form f;
    build_fields(&b, FORM_MAX_FIELDS);
    assert_int_equal(form_parse_urlencoded(&arena, b.data, b.len, &f), FORM_OK);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    assert_string_equal(form_get(&f, "f999"), "999");
    buf_free(&b);

    build_fields(&b, FORM_MAX_FIELDS + 1);
    assert_int_equal(form_parse_urlencoded(&arena, b.data, b.len, &f), FORM_TOO_MANY);
    assert_empty(&f);
    buf_free(&b);
}

/* ---- multipart ---- */

/* Text fields, a Chinese field value, and a file whose bytes include NUL, CR, LF, 0xFF and
 * something that looks like a boundary but is not preceded by CRLF. */
static void mp_text_and_file(void **state)
{
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"title\"\r\n"
                               "\r\n"
                               "停车位申请\r\n"
                               "--XyZ\r\n"
                               "content-disposition: form-data; name=\"photo\"; "
                               "filename=\"车库 照片.bin\"\r\n"
                               "Content-Type: application/octet-stream\r\n"
                               "\r\n"
                               "\x00\x01\r\n\xff\xfe--XyZ\n\x00"
                               "\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=note\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\n"
                               "\r\n"
                               "line1\r\nline2\r\n"
                               "--XyZ--\r\n";
    static const char file_bytes[] = "\x00\x01\r\n\xff\xfe--XyZ\n\x00";
    struct form f;
    assert_int_equal(MP(CT, body, &f), FORM_OK);
    assert_int_equal(f.n, 3);

    assert_text_field(&f, 0, "title", "停车位申请");
    assert_null(f.fields[0].content_type);

    const struct form_field *photo = form_field(&f, "photo");
    assert_non_null(photo);
    assert_string_equal(photo->filename, "车库 照片.bin");
    assert_string_equal(photo->content_type, "application/octet-stream");
    assert_int_equal(photo->value_len, sizeof file_bytes - 1);
    assert_memory_equal(photo->value, file_bytes, sizeof file_bytes - 1);
    assert_int_equal(photo->value[photo->value_len], '\0');

    assert_text_field(&f, 2, "note", "line1\r\nline2");
    assert_string_equal(f.fields[2].content_type, "text/plain; charset=utf-8");
}

/* The boundary may be quoted (and then contain a space); type and parameter names are
 * case-insensitive, other parameters are ignored, and padding after a delimiter is allowed. */
static void mp_quoted_boundary(void **state)
{
    static const char body[] = "--a b'c\r\n"
                               "Content-Disposition: form-data; name=\"x\"\r\n"
                               "\r\n"
                               "1\r\n"
                               "--a b'c  \r\n"
                               "Content-Disposition: form-data; name=\"y\"\r\n"
                               "\r\n"
                               "2\r\n"
                               "--a b'c--";
    struct form f;
    assert_int_equal(MP("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b'c\"", body, &f),
                     FORM_OK);
    assert_int_equal(f.n, 2);
    assert_text_field(&f, 0, "x", "1");
    assert_text_field(&f, 1, "y", "2");

    static const char body2[] = "--XyZ\r\n"
                                "Content-Disposition: form-data; name=\"z\"\r\n"
                                "\r\n"
                                "3\r\n"
                                "--XyZ--";
    assert_int_equal(MP("multipart/form-data;boundary=\"XyZ\"", body2, &f), FORM_OK);
    assert_int_equal(f.n, 1);
    assert_text_field(&f, 0, "z", "3");
}

/* A preamble before the first delimiter and an epilogue after the last are ignored. */
static void mp_preamble_and_epilogue(void **state)
{
    static const char body[] = "This is a preamble --XyZ not a delimiter\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n"
                               "\r\n"
                               "1\r\n"
                               "--XyZ--\r\n"
                               "epilogue \xff bytes\r\n--XyZ\r\n";
    struct form f;
    assert_int_equal(MP(CT, body, &f), FORM_OK);
    assert_int_equal(f.n, 1);
    assert_text_field(&f, 0, "a", "1");
}

/* Edge shapes: no parts at all, an empty value, and filename="" (a file input left empty). */
static void mp_empty_parts(void **state)
{
    struct form f;
    assert_int_equal(MP(CT, "--XyZ--\r\n", &f), FORM_OK);
    assert_int_equal(f.n, 0);

    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"empty\"\r\n"
                               "\r\n"
                               "\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"upload\"; filename=\"\"\r\n"
                               "Content-Type: application/octet-stream\r\n"
                               "\r\n"
                               "\r\n"
                               "--XyZ--";
    assert_int_equal(MP(CT, body, &f), FORM_OK);
    assert_int_equal(f.n, 2);
    assert_text_field(&f, 0, "empty", "");
    assert_string_equal(f.fields[1].filename, "");
    assert_int_equal(f.fields[1].value_len, 0);
    assert_string_equal(f.fields[1].value, "");
}

/* Without the closing "--XyZ--" the body was cut short and is refused. */
static void mp_missing_closing_boundary(void **state)
{
    struct form f;
    static const char no_close[] = "--XyZ\r\n"
                                   "Content-Disposition: form-data; name=\"a\"\r\n"
                                   "\r\n"
                                   "1\r\n"
                                   "--XyZ\r\n";
    assert_int_equal(MP(CT, no_close, &f), FORM_BAD_ENCODING);
    assert_empty(&f);
    static const char cut_value[] = "--XyZ\r\n"
                                    "Content-Disposition: form-data; name=\"a\"\r\n"
                                    "\r\n"
                                    "1";
    assert_int_equal(MP(CT, cut_value, &f), FORM_BAD_ENCODING);
    static const char cut_headers[] = "--XyZ\r\n"
                                      "Content-Disposition: form-data; name=\"a\"\r\n";
    assert_int_equal(MP(CT, cut_headers, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP(CT, "--XyZ", &f), FORM_BAD_ENCODING);
    assert_int_equal(MP(CT, "", &f), FORM_BAD_ENCODING);
    assert_int_equal(MP(CT, "no delimiter here", &f), FORM_BAD_ENCODING);
    assert_int_equal(form_parse_multipart(&arena, CT, NULL, 0, &f), FORM_BAD_ENCODING);
    assert_empty(&f);
}

/* Content-Type values that give no usable boundary. */
static void mp_bad_content_type(void **state)
{
    static const char body[] = "--XyZ--";
    struct form f;
    assert_int_equal(MP(NULL, body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("text/plain; boundary=XyZ", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/mixed; boundary=XyZ", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data; boundary=", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data; boundary=\"\"", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data; boundary=\"XyZ", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data; boundary=XyZ junk", body, &f), FORM_BAD_ENCODING);
    assert_int_equal(MP("multipart/form-data; =XyZ", body, &f), FORM_BAD_ENCODING);
    /* 70 characters is the RFC 2046 maximum; 71 is refused. */
    char ct[256];
    char b71[128];
    memset(b71, 'b', 71);
    b71[71] = '\0';
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b71);
    char body71[128];
    int n = snprintf(body71, sizeof body71, "--%s--", b71);
    assert_int_equal(form_parse_multipart(&arena, ct, body71, (size_t)n, &f), FORM_BAD_ENCODING);
    b71[70] = '\0';
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b71);
    n = snprintf(body71, sizeof body71, "--%s--", b71);
    assert_int_equal(form_parse_multipart(&arena, ct, body71, (size_t)n, &f), FORM_OK);
    assert_int_equal(f.n, 0);
}

/* Part headers: Content-Disposition is required, must be form-data with a name, may appear
 * once; every header line needs a colon; a delimiter must be followed by CRLF or "--". */
static void mp_bad_part_headers(void **state)
{
    struct form f;
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Type: text/plain\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                        "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                        "no colon here\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_int_equal(MP(CT, "--XyZ\r\n\r\n1\r\n--XyZ--", &f), FORM_BAD_ENCODING);
    /* "--XyZjunk" inside a part is neither a delimiter line nor content that RFC 2046 allows. */
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                        "1\r\n--XyZjunk\r\n--XyZ--",
                        &f),
                     FORM_BAD_ENCODING);
    assert_empty(&f);
    /* Unknown headers are ignored and the name may be an unquoted token. */
    assert_int_equal(MP(CT,
                        "--XyZ\r\nX-Extra: 1\r\nContent-Disposition: form-data; name=a\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_OK);
    assert_text_field(&f, 0, "a", "1");
}

/* Text values, names and filenames must be UTF-8 without NUL; file contents need not be. */
static void mp_utf8_rules(void **state)
{
    struct form f;
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                        "\xff\r\n--XyZ--",
                        &f),
                     FORM_BAD_UTF8);
    assert_empty(&f);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                        "x\0y\r\n--XyZ--",
                        &f),
                     FORM_BAD_UTF8);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"\xc0\xaf\"\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_UTF8);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
                        "filename=\"\xe4\xb8.txt\"\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_UTF8);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
                        "Content-Type: \xff\r\n\r\n"
                        "1\r\n--XyZ--",
                        &f),
                     FORM_BAD_UTF8);
    assert_int_equal(MP(CT,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
                        "\r\n\xff\xfe\x00\r\n--XyZ--",
                        &f),
                     FORM_OK);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.fields[0].value_len, 3);
    assert_memory_equal(f.fields[0].value, "\xff\xfe\x00", 3);
}

/* Builds a multipart body with n small text parts. */
static void build_parts(struct buf *b, int n)
{
    buf_init(b);
    for (int i = 0; i < n; i++)
        buf_printf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"p%d\"\r\n\r\n%d\r\n", i, i);
    buf_adds(b, "--XyZ--\r\n");
}

/* The field limit applies to parts too. */
static void mp_field_limit(void **state)
{
    struct buf b;
    struct form f;
    build_parts(&b, FORM_MAX_FIELDS);
    assert_int_equal(form_parse_multipart(&arena, CT, b.data, b.len, &f), FORM_OK);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    assert_string_equal(form_get(&f, "p0"), "0");
    assert_string_equal(form_get(&f, "p999"), "999");
    buf_free(&b);
    build_parts(&b, FORM_MAX_FIELDS + 1);
    assert_int_equal(form_parse_multipart(&arena, CT, b.data, b.len, &f), FORM_TOO_MANY);
    assert_empty(&f);
    buf_free(&b);
}

/* ---- cookies ---- */

/* The usual "a=1; b=2" header. */
static void cookie_basic(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena, "sid=abc123; lang=zh-CN", &f), FORM_OK);
    assert_int_equal(f.n, 2);
    assert_text_field(&f, 0, "sid", "abc123");
    assert_text_field(&f, 1, "lang", "zh-CN");
}

/* Spaces and tabs around names, values and separators are trimmed. */
static void cookie_spaces(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena, "  a = 1 ;b=2;\tc=3  ;", &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_text_field(&f, 0, "a", "1");
    assert_text_field(&f, 1, "b", "2");
    assert_text_field(&f, 2, "c", "3");
}

/* A name sent twice (different paths) keeps both values in order. */
static void cookie_duplicates(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena, "sid=old; x=1; sid=new", &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_text_field(&f, 0, "sid", "old");
    assert_text_field(&f, 2, "sid", "new");
    assert_string_equal(form_get(&f, "sid"), "old");
}

/* Malformed pieces are skipped, the rest still parsed; '=' in a value and empty values are
 * fine. */
static void cookie_malformed_skipped(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena,
                                        "novalue; =x; a b=1; ;; ok=1; tok=YQ==; e=; bad=\xff; "
                                        "\xc0\xaf=2; last=z",
                                        &f),
                     FORM_OK);
    assert_int_equal(f.n, 4);
    assert_text_field(&f, 0, "ok", "1");
    assert_text_field(&f, 1, "tok", "YQ==");
    assert_text_field(&f, 2, "e", "");
    assert_text_field(&f, 3, "last", "z");
}

/* Cookie values are returned exactly as sent: no %-decoding, no '+' to space, quotes kept. */
static void cookie_values_not_decoded(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena, "v=%E4%B8%AD+x; q=\"quoted\"; zh=中文", &f),
                     FORM_OK);
    assert_int_equal(f.n, 3);
    assert_text_field(&f, 0, "v", "%E4%B8%AD+x");
    assert_text_field(&f, 1, "q", "\"quoted\"");
    assert_text_field(&f, 2, "zh", "中文");
}

/* No header and an empty header are both an empty form. */
static void cookie_empty(void **state)
{
    struct form f;
    assert_int_equal(form_parse_cookies(&arena, NULL, &f), FORM_OK);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_parse_cookies(&arena, "", &f), FORM_OK);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_parse_cookies(&arena, " ; ;", &f), FORM_OK);
    assert_int_equal(f.n, 0);
}

/* More than FORM_MAX_FIELDS cookies is FORM_TOO_MANY. */
static void cookie_limit(void **state)
{
    struct buf b;
    struct form f;
    buf_init(&b);
    for (int i = 0; i < FORM_MAX_FIELDS; i++)
        buf_printf(&b, "c%d=%d; ", i, i);
    assert_int_equal(form_parse_cookies(&arena, b.data, &f), FORM_OK);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    buf_adds(&b, "one=more");
    assert_int_equal(form_parse_cookies(&arena, b.data, &f), FORM_TOO_MANY);
    assert_empty(&f);
    buf_free(&b);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* Runs every form test, each with a fresh arena. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(url_basic_and_chinese),
        T(url_plus_is_space),
        T(url_empty_input),
        T(url_empty_pairs_skipped),
        T(url_name_without_value),
        T(url_duplicates_and_lookup),
        T(url_respects_length),
        T(url_bad_escapes),
        T(url_bad_utf8),
        T(url_field_limit),
        T(mp_text_and_file),
        T(mp_quoted_boundary),
        T(mp_preamble_and_epilogue),
        T(mp_empty_parts),
        T(mp_missing_closing_boundary),
        T(mp_bad_content_type),
        T(mp_bad_part_headers),
        T(mp_utf8_rules),
        T(mp_field_limit),
        T(cookie_basic),
        T(cookie_spaces),
        T(cookie_duplicates),
        T(cookie_malformed_skipped),
        T(cookie_values_not_decoded),
        T(cookie_empty),
        T(cookie_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
