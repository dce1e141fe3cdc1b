/* CSV decoding and parsing as Excel writes it: encodings, line ends, quoting, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/csv.h"
#include "util/buf.h"

/* Parses the C string text; returns the status and leaves rows in a. */
static enum csv_status parse(struct arena *a, const char *text, struct csv *out, size_t *err_line)
{
    return csv_parse(a, text, strlen(text), out, err_line);
}

/* Asserts that row r has exactly the n given fields. */
static void assert_row(const struct csv_row *r, size_t line, size_t n, ...)
{
    assert_int_equal(r->line, line);
    assert_int_equal(r->n, n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(r->fields[i], va_arg(ap, const char *));
    va_end(ap);
}

static void test_simple_lf(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    size_t line = 99;
    assert_int_equal(parse(&a, "a,b,c\n1,2,3\n", &c, &line), CSV_OK);
    assert_int_equal(line, 0);
    assert_int_equal(c.n, 2);
    assert_row(&c.rows[0], 1, 3, "a", "b", "c");
    assert_row(&c.rows[1], 2, 3, "1", "2", "3");
    arena_free(&a);
}

static void test_crlf_and_no_final_newline(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "a,b\r\n1,2\r\n3,4", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 3);
    assert_row(&c.rows[0], 1, 2, "a", "b");
    assert_row(&c.rows[1], 2, 2, "1", "2");
    assert_row(&c.rows[2], 3, 2, "3", "4");
    arena_free(&a);
}

/* Classic Mac Excel ends lines with a lone CR. */
static void test_lone_cr(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "a,b\r1,2\r", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 2);
    assert_row(&c.rows[1], 2, 2, "1", "2");
    arena_free(&a);
}

static void test_quoted_comma_quote_newline(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    const char *text = "name,note\r\n"
                       "\"Wang, Li\",\"said \"\"hi\"\"\"\r\n"
                       "\"Zhao\",\"two\r\nlines\nhere\"\r\n"
                       "last,\"\"\r\n";
    assert_int_equal(parse(&a, text, &c, NULL), CSV_OK);
    assert_int_equal(c.n, 4);
    assert_row(&c.rows[1], 2, 2, "Wang, Li", "said \"hi\"");
    /* Embedded line ends become "\n" and still count as lines for later records. */
    assert_row(&c.rows[2], 3, 2, "Zhao", "two\nlines\nhere");
    assert_row(&c.rows[3], 6, 2, "last", "");
    arena_free(&a);
}

static void test_trimming(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "  a  ,\tb\t, \" c \" ,,  \n", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 1);
    assert_row(&c.rows[0], 1, 5, "a", "b", " c ", "", "");
    arena_free(&a);
}

/* Excel writes a quote inside an unquoted cell as is; it is data, not an error. */
static void test_stray_quote_is_literal(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "5\" pipe,x\n", &c, NULL), CSV_OK);
    assert_row(&c.rows[0], 1, 2, "5\" pipe", "x");
    arena_free(&a);
}

static void test_blank_lines_skipped(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "\n\r\na,b\n   \n\n1,2\n\n\"\"\n", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 3);
    assert_row(&c.rows[0], 3, 2, "a", "b");
    assert_row(&c.rows[1], 6, 2, "1", "2");
    /* A quoted empty field is deliberate content, not a blank line. */
    assert_row(&c.rows[2], 8, 1, "");
    arena_free(&a);
}

static void test_empty_input(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(parse(&a, "", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 0);
    assert_null(c.rows);
    assert_int_equal(parse(&a, "\r\n\n  \n", &c, NULL), CSV_OK);
    assert_int_equal(c.n, 0);
    arena_free(&a);
}

static void test_unterminated_quote_line(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    size_t line = 0;
    /* The quote opens on line 3; the error names that line, not the end of the file. */
    assert_int_equal(parse(&a, "a,b\n1,2\n3,\"open\n4,5\n6,7\n", &c, &line), CSV_BAD_QUOTE);
    assert_int_equal(line, 3);
    assert_int_equal(c.n, 0);
    assert_null(c.rows);
    arena_free(&a);
}

static void test_text_after_closing_quote(void **state)
{
    struct arena a;
    arena_init(&a);
    struct csv c;
    size_t line = 0;
    assert_int_equal(parse(&a, "a\r\n\"x\r\ny\"z,1\r\n", &c, &line), CSV_BAD_QUOTE);
    /* The stray text is on line 3, after the quoted field's embedded line end. */
    assert_int_equal(line, 3);
    assert_int_equal(c.n, 0);
    arena_free(&a);
}

static void test_field_limit(void **state)
{
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "h\n");
    for (int i = 0; i < CSV_MAX_FIELDS; i++)
        buf_adds(&b, i ? ",x" : "x");
    struct csv c;
    size_t line = 0;
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, &line), CSV_OK);
    assert_int_equal(c.rows[1].n, CSV_MAX_FIELDS);
    buf_adds(&b, ",x");
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, &line), CSV_TOO_BIG);
    assert_int_equal(line, 2);
    assert_int_equal(c.n, 0);
    buf_free(&b);
    arena_free(&a);
}

static void test_row_limit(void **state)
{
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b);
    /* Blank lines do not count towards the limit but do count as lines. */
    buf_adds(&b, "\n\n");
    for (int i = 0; i < CSV_MAX_ROWS; i++)
        buf_printf(&b, "%d,x\n", i);
    struct csv c;
    size_t line = 0;
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, &line), CSV_OK);
    assert_int_equal(c.n, CSV_MAX_ROWS);
    assert_int_equal(c.rows[CSV_MAX_ROWS - 1].line, CSV_MAX_ROWS + 2);
    assert_string_equal(c.rows[CSV_MAX_ROWS - 1].fields[0], "19999");
    buf_adds(&b, "one,more\n");
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, &line), CSV_TOO_BIG);
    assert_int_equal(line, CSV_MAX_ROWS + 3);
    assert_int_equal(c.n, 0);
    buf_free(&b);
    arena_free(&a);
}

static void test_decode_utf8_passthrough(void **state)
{
    struct buf b;
    buf_init(&b);
    assert_int_equal(csv_decode("姓名,x\n", strlen("姓名,x\n"), &b), CSV_OK);
    assert_string_equal(b.data, "姓名,x\n");
    buf_free(&b);
    assert_int_equal(csv_decode("", 0, &b), CSV_OK);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_decode_bom_crlf(void **state)
{
    const char in[] = "\xEF\xBB\xBF姓名,手机\r\n张三,13812345678\r\n";
    struct buf b;
    buf_init(&b);
    assert_int_equal(csv_decode(in, sizeof in - 1, &b), CSV_OK);
    assert_int_equal(b.len, sizeof in - 1 - 3);
    assert_string_equal(b.data, "姓名,手机\r\n张三,13812345678\r\n");
    struct arena a;
    arena_init(&a);
    struct csv c;
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, NULL), CSV_OK);
    assert_int_equal(c.n, 2);
    /* Without stripping, the BOM would stick to the first header name and it would not match. */
    assert_row(&c.rows[0], 1, 2, "姓名", "手机");
    assert_row(&c.rows[1], 2, 2, "张三", "13812345678");
    arena_free(&a);
    buf_free(&b);
}

/* What Excel on Chinese Windows writes: "姓名,手机\r\n张三,13812345678\r\n" in GB18030, with a
 * four-byte sequence (U+20000) to show those convert too. */
static void test_decode_gb18030(void **state)
{
    const char in[] = "\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\r\n"
                      "\xd5\xc5\xc8\xfd,13812345678\r\n"
                      "\x95\x32\x82\x36,x\r\n";
    struct buf b;
    buf_init(&b);
    assert_int_equal(csv_decode(in, sizeof in - 1, &b), CSV_OK);
    assert_string_equal(b.data, "姓名,手机\r\n张三,13812345678\r\n𠀀,x\r\n");
    assert_int_equal(b.len, strlen(b.data));
    buf_free(&b);
}

static void test_decode_gb18030_bom(void **state)
{
    const char in[] = "\x84\x31\x95\x33\xd5\xc5\xc8\xfd";
    struct buf b;
    buf_init(&b);
    assert_int_equal(csv_decode(in, sizeof in - 1, &b), CSV_OK);
    assert_string_equal(b.data, "张三");
    buf_free(&b);
}

/* A long GB18030 text exercises the output buffer growing during conversion. */
static void test_decode_gb18030_long(void **state)
{
    struct buf in, out;
    buf_init(&in);
    buf_init(&out);
    for (int i = 0; i < 5000; i++)
        buf_add(&in, "\xd5\xc5\xc8\xfd,", 5);
    assert_int_equal(csv_decode(in.data, in.len, &out), CSV_OK);
    assert_int_equal(out.len, 5000 * 7);
    assert_memory_equal(out.data + 4999 * 7, "张三,", 7);
    buf_free(&in);
    buf_free(&out);
}

static void test_decode_bad_encoding(void **state)
{
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "keep");
    /* UTF-16LE as Excel's "Unicode text" writes it: neither UTF-8 nor GB18030 (0xFF). */
    const char utf16[] = "\xff\xfe\x61\x00,\x00";
    assert_int_equal(csv_decode(utf16, sizeof utf16 - 1, &b), CSV_BAD_ENCODING);
    /* A GB18030 lead byte cut off at the end of the file. */
    assert_int_equal(csv_decode("ab\x81", 3, &b), CSV_BAD_ENCODING);
    /* Lone 0x80 is not a GB18030 character. */
    assert_int_equal(csv_decode("a\x80", 2, &b), CSV_BAD_ENCODING);
    /* A NUL byte would truncate fields; it converts as GB18030 but is still refused. */
    assert_int_equal(csv_decode("\xd5\xc5\0b", 4, &b), CSV_BAD_ENCODING);
    assert_int_equal(csv_decode("a\0b", 3, &b), CSV_BAD_ENCODING);
    /* After a UTF-8 BOM the rest must be UTF-8: GB18030 is not guessed. */
    assert_int_equal(csv_decode("\xEF\xBB\xBF\xd5\xc5\xc8\xfd", 7, &b), CSV_BAD_ENCODING);
    /* A failed decode leaves what was already in the buffer. */
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "keep");
    buf_free(&b);
}

static void test_decode_appends(void **state)
{
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "x:");
    assert_int_equal(csv_decode("\xd5\xc5", 2, &b), CSV_OK);
    assert_string_equal(b.data, "x:张");
    assert_int_equal(csv_decode("\xEF\xBB\xBF"
                                "a",
                                4, &b),
                     CSV_OK);
    assert_string_equal(b.data, "x:张a");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_lf),
        cmocka_unit_test(test_crlf_and_no_final_newline),
        cmocka_unit_test(test_lone_cr),
        cmocka_unit_test(test_quoted_comma_quote_newline),
        cmocka_unit_test(test_trimming),
        cmocka_unit_test(test_stray_quote_is_literal),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_unterminated_quote_line),
        cmocka_unit_test(test_text_after_closing_quote),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_row_limit),
        cmocka_unit_test(test_decode_utf8_passthrough),
        cmocka_unit_test(test_decode_bom_crlf),
        cmocka_unit_test(test_decode_gb18030),
        cmocka_unit_test(test_decode_gb18030_bom),
        cmocka_unit_test(test_decode_gb18030_long),
        cmocka_unit_test(test_decode_bad_encoding),
        cmocka_unit_test(test_decode_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
