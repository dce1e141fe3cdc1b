/* The escaping HTML writer: %s is always escaped, numbers pass through, html_raw is raw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "web/html.h"

static void test_s_is_escaped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    html(&b, "<p title=\"%s\">%s</p>", "\"onmouseover='x'", "<script>alert(1)</script>&");
    assert_string_equal(b.data, "<p title=\"&quot;onmouseover=&#39;x&#39;\">"
                                "&lt;script&gt;alert(1)&lt;/script&gt;&amp;</p>");
    buf_free(&b);
}

static void test_numbers_and_percent(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    html(&b, "%d|%5d|%-3u|%lld|%zu|%x|%ld|100%%", -7, 42, 3u, (long long)-9000000000LL, (size_t)123,
         255u, 77L);
    assert_string_equal(b.data, "-7|   42|3  |-9000000000|123|ff|77|100%");
    buf_free(&b);
}

static void test_precision_and_null(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    const char *volatile nothing = NULL; /* volatile: the compiler must not see the NULL */
    html(&b, "[%.*s][%s][%c]", 3, "<<<<<", nothing, '<');
    assert_string_equal(b.data, "[&lt;&lt;&lt;][][&lt;]");
    buf_free(&b);
}

static void test_chinese_untouched(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    html(&b, "%s", "德州五村 “睦邻” 议事厅");
    assert_string_equal(b.data, "德州五村 “睦邻” 议事厅");
    buf_free(&b);
}

static void test_raw_is_raw(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    html_raw(&b, "<br>");
    assert_string_equal(b.data, "<br>");
    buf_free(&b);
}

static void test_url_encode(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(url_encode(&a, "/nodes/1?x=a b&c"), "%2Fnodes%2F1%3Fx%3Da%20b%26c");
    assert_string_equal(url_encode(&a, "中"), "%E4%B8%AD");
    assert_string_equal(url_encode(&a, "A-z_0.9~"), "A-z_0.9~");
    arena_free(&a);
}

static void test_js_string(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    js_string(&b, "</script>\"\\\n'");
    assert_string_equal(b.data, "\\u003c/script\\u003e\\\"\\\\\\n\\u0027");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_s_is_escaped),       cmocka_unit_test(test_numbers_and_percent),
        cmocka_unit_test(test_precision_and_null), cmocka_unit_test(test_chinese_untouched),
        cmocka_unit_test(test_raw_is_raw),         cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_js_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
