/* Money: every way a person writes an amount, every refusal with its reason, the formatter
 * and the execution rate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fund/money.h"

struct parse_case {
    const char *text;   /* as typed */
    enum money_err err; /* the answer */
    int64_t fen;        /* the amount when accepted */
};

static const struct parse_case cases[] = {
    {"1234", MONEY_OK, 123400},
    {"1,234.50", MONEY_OK, 123450},
    {"¥1234.5", MONEY_OK, 123450},
    {"￥1,234.5", MONEY_OK, 123450},
    {"1234元", MONEY_OK, 123400},
    {"  1234.50  ", MONEY_OK, 123450},
    {"\xe3\x80\x80"
     "88"
     "\xe3\x80\x80",
     MONEY_OK, 8800}, /* ideographic spaces */
    {"¥ 1,234.50 元", MONEY_OK, 123450},
    {"１２３４．５", MONEY_OK, 123450}, /* full-width digits and point */
    {"１，２３４", MONEY_OK, 123400},   /* full-width comma */
    {"0", MONEY_OK, 0},
    {"0.01", MONEY_OK, 1},
    {"0.1", MONEY_OK, 10},
    {"12.", MONEY_OK, 1200},
    {"007", MONEY_OK, 700},
    {"1,000,000", MONEY_OK, 100000000},
    {"100000000", MONEY_OK, INT64_C(10000000000)}, /* exactly the maximum */
    {"100,000,000.00", MONEY_OK, INT64_C(10000000000)},
    {"", MONEY_EMPTY, 0},
    {"   ", MONEY_EMPTY, 0},
    {"\xe3\x80\x80", MONEY_EMPTY, 0},
    {"-5", MONEY_NEGATIVE, 0},
    {" -0.01", MONEY_NEGATIVE, 0},
    {"¥-5", MONEY_NEGATIVE, 0},
    {"－5", MONEY_NEGATIVE, 0}, /* full-width minus */
    {"\xe2\x88\x92"
     "5",
     MONEY_NEGATIVE, 0}, /* U+2212 */
    {"12.345", MONEY_DECIMALS, 0},
    {"12.340", MONEY_DECIMALS, 0},
    {"1,234.567", MONEY_DECIMALS, 0},
    {"1,23", MONEY_SEPARATOR, 0},
    {"1234,567", MONEY_SEPARATOR, 0},
    {",123", MONEY_SEPARATOR, 0},
    {"123,", MONEY_SEPARATOR, 0},
    {"1,,234", MONEY_SEPARATOR, 0},
    {"1.234,5", MONEY_SEPARATOR, 0},
    {"1.2.3", MONEY_SEPARATOR, 0},
    {"1,2345", MONEY_SEPARATOR, 0},
    {"12abc", MONEY_INVALID, 0},
    {"abc", MONEY_INVALID, 0},
    {"1e5", MONEY_INVALID, 0},
    {"十元", MONEY_INVALID, 0},
    {"$12", MONEY_INVALID, 0},
    {"1 234", MONEY_INVALID, 0},
    {".5", MONEY_INVALID, 0},
    {"¥", MONEY_INVALID, 0},
    {"元", MONEY_INVALID, 0},
    {"12元元", MONEY_INVALID, 0},
    {"1-2", MONEY_NEGATIVE, 0},
    {"100000000.01", MONEY_TOO_LARGE, 0},
    {"100,000,001", MONEY_TOO_LARGE, 0},
    {"99999999999999999999999999", MONEY_TOO_LARGE, 0},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t fen = -7;
        enum money_err e = money_parse(cases[i].text, &fen);
        if (e != cases[i].err)
            fail_msg("\"%s\": got %s, want %s", cases[i].text, money_err_code(e),
                     money_err_code(cases[i].err));
        assert_int_equal(fen, e == MONEY_OK ? cases[i].fen : -7); /* untouched on refusal */
    }
}

static void test_parse_long(void **state)
{
    (void)state;
    char digits[400], letters[400];
    memset(digits, '1', sizeof digits - 1);
    digits[sizeof digits - 1] = '\0';
    memset(letters, 'a', sizeof letters - 1);
    letters[sizeof letters - 1] = '\0';
    int64_t fen;
    assert_int_equal(money_parse(digits, &fen), MONEY_TOO_LARGE);
    assert_int_equal(money_parse(letters, &fen), MONEY_INVALID);
    assert_int_equal(money_parse(NULL, &fen), MONEY_EMPTY);
    assert_int_equal(money_parse("\xef\xbc", &fen), MONEY_INVALID); /* cut UTF-8 */
}

static void test_parse_positive(void **state)
{
    (void)state;
    int64_t fen = 5;
    assert_int_equal(money_parse_positive("0", &fen), MONEY_ZERO);
    assert_int_equal(money_parse_positive("0.00元", &fen), MONEY_ZERO);
    assert_int_equal(fen, 5);
    assert_int_equal(money_parse_positive("0.01", &fen), MONEY_OK);
    assert_int_equal(fen, 1);
    assert_int_equal(money_parse_positive("-1", &fen), MONEY_NEGATIVE);
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(money_err_code(MONEY_DECIMALS), "amount_decimals");
    assert_string_equal(money_err_code(MONEY_SEPARATOR), "amount_separator");
    assert_string_equal(money_err_code(MONEY_ZERO), "amount_zero");
    assert_string_equal(money_err_code((enum money_err)99), "amount_invalid");
    for (int e = 0; e < MONEY_ERR_COUNT; e++)
        assert_non_null(money_err_code((enum money_err)e));
}

static void test_format(void **state)
{
    (void)state;
    char b[64];
    money_format(123450, b, sizeof b);
    assert_string_equal(b, "¥1,234.50");
    money_format(0, b, sizeof b);
    assert_string_equal(b, "¥0.00");
    money_format(5, b, sizeof b);
    assert_string_equal(b, "¥0.05");
    money_format(100000, b, sizeof b);
    assert_string_equal(b, "¥1,000.00");
    money_format(99999, b, sizeof b);
    assert_string_equal(b, "¥999.99");
    money_format(INT64_C(10000000000), b, sizeof b);
    assert_string_equal(b, "¥100,000,000.00");
    money_format(-500, b, sizeof b);
    assert_string_equal(b, "-¥5.00");
    money_format(INT64_MIN, b, sizeof b);
    assert_string_equal(b, "-¥92,233,720,368,547,758.08");
    money_plain(123450, b, sizeof b);
    assert_string_equal(b, "1234.50");
    money_plain(-1, b, sizeof b);
    assert_string_equal(b, "-0.01");
    assert_int_equal(money_format(123450, b, 4), strlen("¥1,234.50"));
    /* Whatever money_format writes, money_parse reads back. */
    const int64_t back[] = {0, 1, 99, 100, 123450, 99999999, INT64_C(10000000000)};
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
        int64_t fen = -1;
        money_format(back[i], b, sizeof b);
        assert_int_equal(money_parse(b, &fen), MONEY_OK);
        assert_int_equal(fen, back[i]);
        money_plain(back[i], b, sizeof b);
        assert_int_equal(money_parse(b, &fen), MONEY_OK);
        assert_int_equal(fen, back[i]);
    }
}

static void test_rate(void **state)
{
    (void)state;
    char b[16];
    money_rate_format(50, 100, b, sizeof b);
    assert_string_equal(b, "50.0%");
    money_rate_format(1, 16, b, sizeof b); /* 6.25 → 6.3 half-up */
    assert_string_equal(b, "6.3%");
    money_rate_format(2, 3, b, sizeof b);
    assert_string_equal(b, "66.7%");
    money_rate_format(0, 100, b, sizeof b);
    assert_string_equal(b, "0.0%");
    money_rate_format(100, 100, b, sizeof b);
    assert_string_equal(b, "100.0%");
    money_rate_format(5, 0, b, sizeof b);
    assert_string_equal(b, "—");
    money_rate_format(5, -3, b, sizeof b);
    assert_string_equal(b, "—");
    money_rate_format(INT64_C(10000000000), INT64_C(10000000000), b, sizeof b);
    assert_string_equal(b, "100.0%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),    cmocka_unit_test(test_parse_long),
        cmocka_unit_test(test_parse_positive), cmocka_unit_test(test_codes),
        cmocka_unit_test(test_format),         cmocka_unit_test(test_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
