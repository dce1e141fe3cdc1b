/* Pure pieces of accounts: throttle arithmetic, phone normalising and masking, invitation
 * codes, Accept-Language, route matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "auth/invite.h"
#include "auth/throttle.h"
#include "http/dispatch.h"
#include "org/node.h"
#include "org/phone.h"
#include "web/i18n.h"

static void test_throttle_free_tries(void **state)
{
    (void)state;
    for (int f = 0; f < THROTTLE_FREE_ACCOUNT; f++)
        assert_int_equal(throttle_wait(f, 1000, 1000, THROTTLE_FREE_ACCOUNT), 0);
}

static void test_throttle_doubles_and_caps(void **state)
{
    (void)state;
    int64_t free_tries = THROTTLE_FREE_ACCOUNT;
    assert_int_equal(throttle_wait(free_tries, 1000, 1000, free_tries), THROTTLE_FIRST_WAIT);
    assert_int_equal(throttle_wait(free_tries + 1, 1000, 1000, free_tries),
                     2 * THROTTLE_FIRST_WAIT);
    assert_int_equal(throttle_wait(free_tries + 2, 1000, 1010, free_tries),
                     4 * THROTTLE_FIRST_WAIT - 10);
    assert_int_equal(throttle_wait(free_tries + 40, 1000, 1000, free_tries), THROTTLE_MAX_WAIT);
    /* failures older than an hour are forgotten */
    assert_int_equal(throttle_wait(free_tries + 40, 1000, 1000 + THROTTLE_FORGET_S + 1, free_tries),
                     0);
    /* once the wait has passed, a try is allowed */
    assert_int_equal(throttle_wait(free_tries, 1000, 1000 + THROTTLE_FIRST_WAIT, free_tries), 0);
}

static void test_phone_normalize(void **state)
{
    (void)state;
    char out[12];
    assert_true(phone_normalize("13812345678", out));
    assert_string_equal(out, "13812345678");
    assert_true(phone_normalize("138-1234-5678", out));
    assert_string_equal(out, "13812345678");
    assert_true(phone_normalize("+86 138 1234 5678", out));
    assert_string_equal(out, "13812345678");
    assert_true(phone_normalize("１３８　１２３４　５６７８", out)); /* full-width, as IMEs type */
    assert_string_equal(out, "13812345678");
    assert_false(phone_normalize("23812345678", out));
    assert_false(phone_normalize("1381234567", out));
    assert_false(phone_normalize("138123456789", out));
    assert_false(phone_normalize("1381234567x", out));
    assert_false(phone_normalize("", out));
}

static void test_phone_mask(void **state)
{
    (void)state;
    char out[16];
    phone_mask("13812345678", out);
    assert_string_equal(out, "138****5678");
    phone_mask("", out);
    assert_string_equal(out, "");
    phone_mask("12345", out);
    assert_string_equal(out, "****");
}

static void test_invite_codes(void **state)
{
    (void)state;
    char code[INVITE_CODE_LEN + 1], norm[INVITE_CODE_LEN + 1];
    for (int i = 0; i < 200; i++) {
        invite_code(code);
        assert_int_equal(strlen(code), INVITE_CODE_LEN);
        assert_int_equal(code[4], '-');
        assert_null(strpbrk(code, "01OIL"));
        assert_true(invite_normalize(code, norm));
        assert_string_equal(norm, code);
    }
    assert_true(invite_normalize("k7mx 3qpa", norm));
    assert_string_equal(norm, "K7MX-3QPA");
    assert_false(invite_normalize("K7MX-3QP", norm));
    assert_false(invite_normalize("K7MX-3QPA2", norm));
    assert_false(invite_normalize("O7MX-3QPA", norm)); /* O is not in the alphabet */
}

static void test_accept_language(void **state)
{
    (void)state;
    assert_int_equal(lang_from_accept(NULL), LANG_ZH);
    assert_int_equal(lang_from_accept("en-US,en;q=0.9"), LANG_EN);
    assert_int_equal(lang_from_accept("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
    assert_int_equal(lang_from_accept("fr-FR, en;q=0.5"), LANG_EN);
    assert_int_equal(lang_from_accept("en;q=0.4, zh;q=0.8"), LANG_ZH);
    assert_int_equal(lang_from_accept("de"), LANG_ZH);
    assert_string_equal(msg_text(LANG_EN, M_LOGIN), "Log in");
    assert_string_equal(msg_text(LANG_ZH, M_LOGIN), "登录");
}

static void test_route_match(void **state)
{
    (void)state;
    long long a, b;
    assert_true(route_match("/nodes/{id}", "/nodes/42", &a, &b));
    assert_int_equal(a, 42);
    assert_true(route_match("/nodes/{id}/roles/{id}", "/nodes/7/roles/9", &a, &b));
    assert_int_equal(a, 7);
    assert_int_equal(b, 9);
    assert_false(route_match("/nodes/{id}", "/nodes/0", &a, &b));
    assert_false(route_match("/nodes/{id}", "/nodes/-1", &a, &b));
    assert_false(route_match("/nodes/{id}", "/nodes/4x", &a, &b));
    assert_false(route_match("/nodes/{id}", "/nodes/", &a, &b));
    assert_false(route_match("/nodes/{id}", "/nodes/99999999999999999999", &a, &b));
    assert_true(route_match("/static/*", "/static/app.css", NULL, NULL));
    assert_false(route_match("/static/*", "/static/", NULL, NULL));
}

static void test_path_end(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(node_path_end(&a, "/1/5/"), "/1/50");
    /* every descendant path sorts between the path and its end */
    assert_true(strcmp("/1/5/99/", "/1/50") < 0);
    assert_true(strcmp("/1/50/", "/1/50") > 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_throttle_free_tries),
        cmocka_unit_test(test_throttle_doubles_and_caps),
        cmocka_unit_test(test_phone_normalize),
        cmocka_unit_test(test_phone_mask),
        cmocka_unit_test(test_invite_codes),
        cmocka_unit_test(test_accept_language),
        cmocka_unit_test(test_route_match),
        cmocka_unit_test(test_path_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
