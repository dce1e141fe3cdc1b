/* The pure rules of online deliberation: stances and flag reasons, the text check (stance
 * first, then reasons, then the length in characters), the per-person limit with free answers,
 * which statuses take opinions, the hall settings' ranges and the feed summary's cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/opinion_rules.h"

static void test_stance_keys(void **state)
{
    (void)state;
    const char *keys[STANCE_COUNT] = {"for", "against", "question", "suggestion"};
    for (int s = 0; s < STANCE_COUNT; s++) {
        assert_string_equal(stance_key((enum stance)s), keys[s]);
        assert_int_equal(stance_parse(keys[s]), s);
    }
    assert_int_equal(stance_parse(NULL), -1);
    assert_int_equal(stance_parse(""), -1);
    assert_int_equal(stance_parse("FOR"), -1);
    assert_int_equal(stance_parse("abstain"), -1);
    assert_string_equal(stance_key(STANCE_COUNT), "?");
    assert_string_equal(msg_text(LANG_ZH, stance_msg(STANCE_FOR)), "赞成");
    assert_string_equal(msg_text(LANG_ZH, stance_msg(STANCE_AGAINST)), "反对");
    assert_string_equal(msg_text(LANG_ZH, stance_msg(STANCE_QUESTION)), "提问");
    assert_string_equal(msg_text(LANG_ZH, stance_msg(STANCE_SUGGESTION)), "建议");
    assert_string_equal(msg_text(LANG_EN, stance_msg(STANCE_AGAINST)), "Against");
}

static void test_flag_reasons(void **state)
{
    (void)state;
    assert_int_equal(flag_reason_parse("attack"), FLAG_ATTACK);
    assert_int_equal(flag_reason_parse("off_topic"), FLAG_OFF_TOPIC);
    assert_int_equal(flag_reason_parse("spam"), -1);
    assert_int_equal(flag_reason_parse(NULL), -1);
    assert_string_equal(flag_reason_key(FLAG_OFF_TOPIC), "off_topic");
    assert_string_equal(msg_text(LANG_ZH, flag_reason_msg(FLAG_ATTACK)), "人身攻击");
}

static void test_text_check(void **state)
{
    (void)state;
    enum stance s = STANCE_COUNT;
    /* The stance comes first: without one, even good reasons are refused for it. */
    assert_int_equal(opinion_check_text(NULL, "理由", 500, &s), OPINION_E_STANCE);
    assert_int_equal(opinion_check_text("yes", "理由", 500, &s), OPINION_E_STANCE);
    assert_int_equal(opinion_check_text(NULL, NULL, 500, &s), OPINION_E_STANCE);
    assert_int_equal(opinion_check_text("for", NULL, 500, &s), OPINION_E_EMPTY);
    assert_int_equal(opinion_check_text("for", "", 500, &s), OPINION_E_EMPTY);
    assert_int_equal(opinion_check_text("for", " \t\n\xe3\x80\x80", 500, &s), OPINION_E_EMPTY);
    assert_int_equal(s, STANCE_COUNT); /* untouched on refusal */
    assert_int_equal(opinion_check_text("against", "太贵", 500, &s), OPINION_OK);
    assert_int_equal(s, STANCE_AGAINST);
    /* Characters, not bytes: 5 CJK characters are 15 bytes. */
    assert_int_equal(opinion_check_text("for", "一二三四五", 5, &s), OPINION_OK);
    assert_int_equal(opinion_check_text("for", "一二三四五六", 5, &s), OPINION_E_TOO_LONG);
    assert_int_equal(opinion_check_text("for", "abcde", 5, &s), OPINION_OK);
    assert_int_equal(opinion_check_text("for", "abcdef", 5, &s), OPINION_E_TOO_LONG);
}

static void test_quota(void **state)
{
    (void)state;
    assert_int_equal(opinion_check_quota(0, 2, false), OPINION_OK);
    assert_int_equal(opinion_check_quota(1, 2, false), OPINION_OK);
    assert_int_equal(opinion_check_quota(2, 2, false), OPINION_E_LIMIT);
    assert_int_equal(opinion_check_quota(5, 2, false), OPINION_E_LIMIT);
    /* An answer to a question put to the speaker never counts. */
    assert_int_equal(opinion_check_quota(2, 2, true), OPINION_OK);
    assert_int_equal(opinion_check_quota(9, 1, true), OPINION_OK);
    assert_int_equal(opinion_left(0, 2), 2);
    assert_int_equal(opinion_left(1, 2), 1);
    assert_int_equal(opinion_left(2, 2), 0);
    assert_int_equal(opinion_left(3, 2), 0);
}

static void test_open_statuses(void **state)
{
    (void)state;
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
        bool want = s == TOPIC_COLLECTING || s == TOPIC_PENDING_REVIEW || s == TOPIC_ACCEPTED ||
                    s == TOPIC_DELIBERATING;
        assert_int_equal(opinion_topic_open((enum topic_status)s), want);
    }
    assert_false(opinion_topic_open(TOPIC_STATUS_COUNT));
}

static void test_settings(void **state)
{
    (void)state;
    struct hall_settings s = hall_settings_default();
    assert_int_equal(s.opinion_limit, 2);
    assert_int_equal(s.opinion_max_chars, 500);
    assert_true(s.others_may_read);
    assert_int_equal(hall_settings_check(&s), OPINION_OK);
    const int limits[][3] = {
        /* limit, chars, OK? */
        {1, 50, 1}, {20, 2000, 1}, {0, 500, 0},  {21, 500, 0},
        {2, 49, 0}, {2, 2001, 0},  {-1, 500, 0}, {2, -1, 0},
    };
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        struct hall_settings x = {limits[i][0], limits[i][1], false};
        assert_int_equal(hall_settings_check(&x), limits[i][2] ? OPINION_OK : OPINION_E_SETTINGS);
    }
}

static void test_errors(void **state)
{
    (void)state;
    assert_int_equal(opinion_err_status(OPINION_E_STANCE), 400);
    assert_string_equal(opinion_err_code(OPINION_E_STANCE), "stance_required");
    assert_int_equal(opinion_err_status(OPINION_E_LIMIT), 409);
    assert_string_equal(opinion_err_code(OPINION_E_LIMIT), "limit_reached");
    assert_int_equal(opinion_err_status(OPINION_E_TOO_LONG), 422);
    assert_int_equal(opinion_err_status(OPINION_E_NOT_RESIDENT), 403);
    assert_int_equal(opinion_err_status(OPINION_E_CLOSED), 409);
    assert_int_equal(opinion_err_status(OPINION_ERR_COUNT), 500);
    assert_string_equal(opinion_err_code(OPINION_ERR_COUNT), "internal");
    /* Every refusal has a status, a code and a message in both languages. */
    for (int e = 1; e < OPINION_ERR_COUNT; e++) {
        assert_true(opinion_err_status((enum opinion_err)e) >= 400);
        assert_true(strlen(opinion_err_code((enum opinion_err)e)) > 0);
        assert_true(strlen(msg_text(LANG_ZH, opinion_err_msg((enum opinion_err)e))) > 0);
        assert_true(strlen(msg_text(LANG_EN, opinion_err_msg((enum opinion_err)e))) > 0);
    }
    /* The limit messages carry exactly one number. */
    assert_non_null(strstr(msg_text(LANG_ZH, opinion_err_msg(OPINION_E_LIMIT)), "%d"));
    assert_non_null(strstr(msg_text(LANG_EN, opinion_err_msg(OPINION_E_TOO_LONG)), "%d"));
}

static void test_prefix(void **state)
{
    (void)state;
    assert_int_equal(opinion_prefix_len("", 60), 0);
    assert_int_equal(opinion_prefix_len("abc", 2), 2);
    assert_int_equal(opinion_prefix_len("abc", 60), 3);
    assert_int_equal(opinion_prefix_len("一二三", 2), 6); /* never half a character */
    assert_int_equal(opinion_prefix_len("a一b", 2), 4);
    assert_int_equal(opinion_prefix_len("😀x", 1), 4);
    assert_int_equal(opinion_prefix_len("一二", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stance_keys),   cmocka_unit_test(test_flag_reasons),
        cmocka_unit_test(test_text_check),    cmocka_unit_test(test_quota),
        cmocka_unit_test(test_open_statuses), cmocka_unit_test(test_settings),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
