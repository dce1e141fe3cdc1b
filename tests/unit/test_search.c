/* Search queries without a database: which queries are refused and why, and the query text
 * each engine gets (every token quoted, all of them required). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hall/search.h"

static char *match(const char *q, bool pg)
{
    static char out[1024];
    struct buf b;
    buf_init(&b);
    search_match_text(q, pg, &b);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

static void test_match_text(void **state)
{
    (void)state;
    assert_string_equal(match("停车", false), "\"停车\"");
    assert_string_equal(match("停车", true), "'停车'");
    assert_string_equal(match("加装电梯", false), "\"加装\" \"装电\" \"电梯\"");
    assert_string_equal(match("加装电梯", true), "'加装' & '装电' & '电梯'");
    /* Quotes and operators in the query are separators, never syntax. */
    assert_string_equal(match("a\" OR \"b", false), "\"a\" \"or\" \"b\"");
    assert_string_equal(match("x' | 'y & !z", true), "'x' & 'y' & 'z'");
    assert_string_equal(match("NEAR(停车)*", false), "\"near\" \"停车\"");
    assert_string_equal(match("，。", true), "");
}

static void test_check(void **state)
{
    (void)state;
    assert_int_equal(search_check(NULL), SEARCH_EMPTY);
    assert_int_equal(search_check(""), SEARCH_EMPTY);
    assert_int_equal(search_check("  "), SEARCH_NO_TOKENS);
    assert_int_equal(search_check("！？"), SEARCH_NO_TOKENS);
    assert_int_equal(search_check("停"), SEARCH_OK);
    char q[200] = "";
    for (int i = 0; i < SEARCH_QUERY_MAX; i++)
        strcat(q, "停");
    assert_int_equal(search_check(q), SEARCH_OK); /* 50 characters, 150 bytes */
    strcat(q, "车");
    assert_int_equal(search_check(q), SEARCH_TOO_LONG);
    assert_string_equal(search_err_code(SEARCH_TOO_LONG), "too_long");
    assert_string_equal(search_err_code(SEARCH_NO_TOKENS), "no_search_terms");
    assert_string_equal(search_err_code(SEARCH_EMPTY), "missing_query");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_text),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
