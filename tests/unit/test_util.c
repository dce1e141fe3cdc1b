/* Utilities: the growable buffer, the arena, UTF-8 validation and counting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

static void test_buf_invariants(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.data));
    assert_memory_equal(b.data, "0,1,2,", 6);
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    buf_adds(&b, "abc");
    size_t len;
    char *s = buf_detach(&b, &len);
    assert_string_equal(s, "abc");
    assert_int_equal(len, 3);
    assert_string_equal(b.data, "");
    free(s);
    s = buf_detach(&b, NULL); /* detaching an empty buffer still gives a string to free */
    assert_string_equal(s, "");
    free(s);
    buf_free(&b);
}

static void test_buf_long_printf(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_printf(&b, "[%s]", big);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.data[0], '[');
    assert_int_equal(b.data[1000], ']');
    buf_free(&b);
}

static void test_arena(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *big = arena_alloc(&a, 100000);
    memset(big, 1, 100000);
    for (int i = 0; i < 1000; i++) {
        char *s = arena_printf(&a, "item %d", i);
        assert_int_equal((uintptr_t)s % 16, 0);
        if (i == 999)
            assert_string_equal(s, "item 999");
    }
    assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
    arena_free(&a);
    assert_null(a.head);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid("abc", 3));
    assert_true(utf8_valid("中文", 6));
    assert_true(utf8_valid("\xF0\x9F\x98\x80", 4)); /* emoji */
    assert_false(utf8_valid("\xFF", 1));
    assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
    assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(utf8_valid("\xE4\xB8", 2));         /* truncated */
    assert_false(utf8_valid("a\0b", 3));             /* NUL */
}

static void test_utf8_chars(void **state)
{
    (void)state;
    assert_int_equal(utf8_chars(""), 0);
    assert_int_equal(utf8_chars("abc"), 3);
    assert_int_equal(utf8_chars("德州五村"), 4);
    assert_int_equal(utf8_chars("a中\xF0\x9F\x98\x80"), 3);
}

static void test_utf8_length_ok(void **state)
{
    (void)state;
    assert_true(utf8_length_ok(NULL, 0, 4));
    assert_false(utf8_length_ok(NULL, 1, 4));
    assert_true(utf8_length_ok("德州五村", 4, 4)); /* characters, not bytes */
    assert_false(utf8_length_ok("德州五村", 1, 3));
    assert_false(utf8_length_ok("", 1, 3));
    assert_false(utf8_length_ok("\xC0\xAF", 0, 10)); /* an overlong slash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_invariants), cmocka_unit_test(test_buf_long_printf),
        cmocka_unit_test(test_arena),          cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_chars),     cmocka_unit_test(test_utf8_length_ok),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
