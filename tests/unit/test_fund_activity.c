/* The fund's application window (none = always open; opens inclusive, closes exclusive), the
 * dates of activities (Asia/Shanghai, real days in 2000..2100) and sign-in counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fund/activity_rules.h"

static void test_window(void **state)
{
    (void)state;
    assert_int_equal(fund_window_at(false, 0, 0, 123), FUND_WINDOW_NONE);
    assert_true(fund_window_allows(FUND_WINDOW_NONE));
    assert_int_equal(fund_window_at(true, 100, 200, 99), FUND_WINDOW_NOT_YET);
    assert_int_equal(fund_window_at(true, 100, 200, 100), FUND_WINDOW_OPEN);
    assert_int_equal(fund_window_at(true, 100, 200, 199), FUND_WINDOW_OPEN);
    assert_int_equal(fund_window_at(true, 100, 200, 200), FUND_WINDOW_CLOSED);
    assert_true(fund_window_allows(FUND_WINDOW_OPEN));
    assert_false(fund_window_allows(FUND_WINDOW_NOT_YET));
    assert_false(fund_window_allows(FUND_WINDOW_CLOSED));
}

static void test_window_valid(void **state)
{
    (void)state;
    int64_t jan1;
    assert_true(activity_date_parse("2026-01-01", &jan1));
    assert_true(fund_window_valid(jan1, jan1 + 86400));
    assert_true(fund_window_valid(jan1, jan1 + FUND_WINDOW_MAX_S));
    assert_false(fund_window_valid(jan1, jan1 + FUND_WINDOW_MAX_S + 1));
    assert_false(fund_window_valid(jan1, jan1));
    assert_false(fund_window_valid(jan1, jan1 - 1));
    assert_false(fund_window_valid(5, 10)); /* 1970 */
}

static void test_dates(void **state)
{
    (void)state;
    int64_t at = 0;
    assert_true(activity_date_parse("2026-05-01", &at));
    assert_int_equal(at, 1777564800); /* 2026-04-30T16:00Z = 2026-05-01T00:00+08:00 */
    char s[16];
    activity_date_format(at, s, sizeof s);
    assert_string_equal(s, "2026-05-01");
    activity_date_format(at - 1, s, sizeof s);
    assert_string_equal(s, "2026-04-30");
    activity_date_format(at + 86399, s, sizeof s);
    assert_string_equal(s, "2026-05-01");
    assert_true(activity_date_parse("2024-02-29", &at));
    activity_date_format(at, s, sizeof s);
    assert_string_equal(s, "2024-02-29");
    assert_true(activity_date_parse("2000-02-29", &at));
    assert_false(activity_date_parse("2100-02-29", &at));
    assert_false(activity_date_parse("2026-02-29", &at));
    assert_false(activity_date_parse("2026-04-31", &at));
    assert_false(activity_date_parse("2026-13-01", &at));
    assert_false(activity_date_parse("2026-00-10", &at));
    assert_false(activity_date_parse("2026-01-00", &at));
    assert_false(activity_date_parse("1999-12-31", &at));
    assert_false(activity_date_parse("2101-01-01", &at));
    assert_false(activity_date_parse("2026/01/01", &at));
    assert_false(activity_date_parse("2026-1-1", &at));
    assert_false(activity_date_parse("2026-01-01 ", &at));
    assert_false(activity_date_parse("", &at));
    assert_false(activity_date_parse(NULL, &at));
    /* every day of 2000..2100 round-trips */
    int64_t first = 0;
    assert_true(activity_date_parse("2000-01-01", &first));
    for (int64_t d = first; d < first + 101LL * 366 * 86400; d += 86400) {
        int64_t back = 0;
        activity_date_format(d, s, sizeof s);
        if (strcmp(s, "2100-12-31") > 0)
            break;
        assert_true(activity_date_parse(s, &back));
        assert_int_equal(back, d);
    }
}

static void test_signins(void **state)
{
    (void)state;
    int64_t n = -1;
    assert_true(activity_signins_parse("0", &n));
    assert_int_equal(n, 0);
    assert_true(activity_signins_parse("100000", &n));
    assert_int_equal(n, 100000);
    assert_true(activity_signins_parse("007", &n));
    assert_int_equal(n, 7);
    assert_false(activity_signins_parse("100001", &n));
    assert_false(activity_signins_parse("1000000", &n));
    assert_false(activity_signins_parse("-1", &n));
    assert_false(activity_signins_parse("+1", &n));
    assert_false(activity_signins_parse("1.5", &n));
    assert_false(activity_signins_parse(" 3", &n));
    assert_false(activity_signins_parse("", &n));
    assert_false(activity_signins_parse(NULL, &n));
    assert_false(activity_signins_parse("十", &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_window_valid),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_signins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
