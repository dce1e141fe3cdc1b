/* What comes of a deliberation: resolution and task checks at their limits, real dates only,
 * the notice window at its edges, when a notice may end, and closing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/outcome_rules.h"
#include "hall/topic_status.h"

/* s repeated n times, in a static buffer (enough for 1001 three-byte characters). */
static const char *rep(const char *s, int n)
{
    static char buf[4096];
    buf[0] = 0;
    for (int i = 0; i < n; i++)
        strcat(buf, s);
    return buf;
}

static int64_t day(const char *s)
{
    int64_t d = -1;
    assert_true(outcome_date_parse(s, &d));
    return d;
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(day("1970-01-01"), 0);
    assert_int_equal(day("1970-01-02"), 1);
    assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2); /* 2000 is a leap year */
    assert_int_equal(day("2100-03-01") - day("2100-02-28"), 1); /* 2100 is not */
    assert_int_equal(day("2026-11-25"), 20782);
    assert_int_equal(day("2028-02-29") + 1, day("2028-03-01"));
    const char *bad[] = {"",           "2026-2-3",    "2026-02-30",    "2027-02-29",
                         "2026-13-01", "2026-00-10",  "2026-01-00",    "2026/01/10",
                         "26-01-10",   "2026-01-10 ", " 2026-01-10",   "2026-01-1x",
                         "1969-12-31", "2026-04-31",  "２０２６-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t d = 42;
        assert_false(outcome_date_parse(bad[i], &d));
        assert_int_equal(d, 42);
    }
    int64_t d;
    assert_false(outcome_date_parse(NULL, &d));
}

static void test_keys(void **state)
{
    (void)state;
    for (int f = 0; f < FUND_COUNT; f++)
        assert_int_equal(funding_parse(funding_key((enum funding)f)), f);
    assert_int_equal(funding_parse("self_gov_fund"), FUND_SELF_GOV);
    assert_int_equal(funding_parse("maintenance_fund"), FUND_MAINTENANCE);
    assert_int_equal(funding_parse("department"), FUND_DEPARTMENT);
    assert_int_equal(funding_parse("none"), FUND_NONE);
    assert_int_equal(funding_parse("bank"), -1);
    assert_int_equal(funding_parse(NULL), -1);
    assert_string_equal(funding_name(FUND_SELF_GOV, HALL_LANG_ZH), "自治金");
    assert_string_equal(funding_name(FUND_MAINTENANCE, HALL_LANG_ZH), "维修资金");
    assert_string_equal(funding_name(FUND_COUNT, HALL_LANG_ZH), "?");
    for (int k = 0; k < OUTCOME_COUNT; k++)
        assert_int_equal(outcome_parse(outcome_key((enum outcome_kind)k)), k);
    assert_string_equal(outcome_name(OUTCOME_SOLVED, HALL_LANG_ZH), "已解决");
    assert_string_equal(outcome_name(OUTCOME_PARTLY, HALL_LANG_ZH), "部分解决");
    assert_string_equal(outcome_name(OUTCOME_UNSOLVED, HALL_LANG_ZH), "未解决");
    assert_string_equal(outcome_name(OUTCOME_PARTLY, HALL_LANG_EN), "Partly solved");
    assert_int_equal(outcome_parse("maybe"), -1);
    assert_int_equal(resolution_source_parse("meeting"), SOURCE_MEETING);
    assert_int_equal(resolution_source_parse("poll"), SOURCE_POLL);
    assert_int_equal(resolution_source_parse("hall"), SOURCE_HALL);
    assert_int_equal(resolution_source_parse("x"), -1);
}

static struct resolution_input good(void)
{
    return (struct resolution_input){
        "每层安装一盏声控灯。", "物业公司", "2026-12-31", "self_gov_fund", 12, 3, 1};
}

/* The check of in fails with e on field. */
static void res_refused(struct resolution_input in, int64_t today, enum outcome_err e,
                        const char *field)
{
    struct outcome_problem p;
    assert_false(resolution_check(&in, today, &p));
    assert_int_equal(p.err, e);
    assert_string_equal(p.field, field);
}

static void test_resolution(void **state)
{
    (void)state;
    int64_t today = day("2026-11-25");
    struct outcome_problem p;
    struct resolution_input in = good();
    assert_true(resolution_check(&in, today, &p));
    assert_int_equal(p.err, OUTCOME_OK);
    in.deadline = "2026-11-25"; /* today is fine */
    assert_true(resolution_check(&in, today, &p));
    in = good();
    in.votes_for = in.votes_against = in.votes_abstain = OUTCOME_VOTES_UNKNOWN;
    assert_true(resolution_check(&in, today, &p));
    in.votes_for = 0;
    assert_true(resolution_check(&in, today, &p));
    in = good();
    in.text = rep("灯", RESOLUTION_TEXT_MAX); /* 1000 characters, 3000 bytes */
    assert_true(resolution_check(&in, today, &p));
    in = good();
    in.responsible = rep("物", RESOLUTION_RESPONSIBLE_MAX);
    assert_true(resolution_check(&in, today, &p));
    for (int f = 0; f < FUND_COUNT; f++) {
        in = good();
        in.funding = funding_key((enum funding)f);
        assert_true(resolution_check(&in, today, &p));
    }

    in = good();
    in.text = NULL;
    res_refused(in, today, OUTCOME_E_MISSING, "text");
    in.text = "　 \n";
    res_refused(in, today, OUTCOME_E_MISSING, "text");
    in.text = rep("灯", RESOLUTION_TEXT_MAX + 1);
    res_refused(in, today, OUTCOME_E_TOO_LONG, "text");
    assert_false(resolution_check(&in, today, &p));
    assert_int_equal(p.limit, RESOLUTION_TEXT_MAX);
    in = good();
    in.responsible = "";
    res_refused(in, today, OUTCOME_E_MISSING, "responsible");
    in.responsible = rep("物", RESOLUTION_RESPONSIBLE_MAX + 1);
    res_refused(in, today, OUTCOME_E_TOO_LONG, "responsible");
    in = good();
    in.deadline = NULL;
    res_refused(in, today, OUTCOME_E_MISSING, "deadline");
    in.deadline = "2026-02-30";
    res_refused(in, today, OUTCOME_E_BAD_DATE, "deadline");
    in.deadline = "next week";
    res_refused(in, today, OUTCOME_E_BAD_DATE, "deadline");
    in.deadline = "2026-11-24"; /* yesterday */
    res_refused(in, today, OUTCOME_E_PAST_DATE, "deadline");
    in = good();
    in.funding = NULL;
    res_refused(in, today, OUTCOME_E_MISSING, "funding");
    in.funding = "bank_loan";
    res_refused(in, today, OUTCOME_E_BAD_FUNDING, "funding");
    in = good();
    in.votes_for = -2;
    res_refused(in, today, OUTCOME_E_BAD_VOTES, "votes_for");
    in = good();
    in.votes_against = -5;
    res_refused(in, today, OUTCOME_E_BAD_VOTES, "votes_against");
    in = good();
    in.votes_abstain = INT64_MIN;
    res_refused(in, today, OUTCOME_E_BAD_VOTES, "votes_abstain");
}

static void test_notice_days(void **state)
{
    (void)state;
    struct outcome_problem p;
    int64_t d = 0;
    assert_true(notice_days_check(&d, &p));
    assert_int_equal(d, 7);
    for (int64_t ok = 1; ok <= 30; ok++) {
        d = ok;
        assert_true(notice_days_check(&d, &p));
        assert_int_equal(d, ok);
    }
    const int64_t bad[] = {-1, 31, 365, INT64_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = bad[i];
        assert_false(notice_days_check(&d, &p));
        assert_int_equal(p.err, OUTCOME_E_BAD_DAYS);
    }
}

static void test_window(void **state)
{
    (void)state;
    int64_t s = 1000, e = 1000 + 7 * OUTCOME_DAY_SECONDS;
    assert_false(objection_window_open(s, e, 0, s - 1));
    assert_true(objection_window_open(s, e, 0, s));
    assert_true(objection_window_open(s, e, 0, e - 1));
    assert_false(objection_window_open(s, e, 0, e));          /* the end is the end */
    assert_false(objection_window_open(s, e, s + 5, s + 10)); /* ended early */

    assert_int_equal(notice_may_end(e, 0, 0, e - 1), OUTCOME_E_NOTICE_RUNNING);
    assert_int_equal(notice_may_end(e, 0, 0, e), OUTCOME_OK);
    assert_int_equal(notice_may_end(e, 0, 1, e + 100), OUTCOME_E_OBJECTION_OPEN);
    assert_int_equal(notice_may_end(e, 0, 1, e - 1), OUTCOME_E_NOTICE_RUNNING);
    assert_int_equal(notice_may_end(e, e + 3, 0, e + 100), OUTCOME_E_ALREADY_ENDED);

    assert_int_equal(notice_days_left(e, s), 7);
    assert_int_equal(notice_days_left(e, s + 1), 7); /* a part day counts as a day */
    assert_int_equal(notice_days_left(e, e - 1), 1);
    assert_int_equal(notice_days_left(e, e), 0);
    assert_int_equal(notice_days_left(e, e + 99999), 0);
}

static void test_texts(void **state)
{
    (void)state;
    struct outcome_problem p;
    assert_true(objection_check("费用太高，应先问全体居民。", &p));
    assert_true(objection_check(rep("异", OBJECTION_BODY_MAX), &p));
    assert_false(objection_check(rep("异", OBJECTION_BODY_MAX + 1), &p));
    assert_int_equal(p.err, OUTCOME_E_TOO_LONG);
    assert_int_equal(p.limit, 500);
    assert_false(objection_check("  ", &p));
    assert_int_equal(p.err, OUTCOME_E_MISSING);
    assert_string_equal(p.field, "body");
    assert_false(ruling_check(NULL, &p));
    assert_string_equal(p.field, "reason");
    assert_true(ruling_check("理由", &p));
    assert_false(ruling_check(rep("理", RULING_REASON_MAX + 1), &p));
    assert_true(progress_check("已采购灯具。", &p));
    assert_false(progress_check("", &p));
    assert_false(progress_check(rep("进", PROGRESS_BODY_MAX + 1), &p));
    assert_int_equal(p.err, OUTCOME_E_TOO_LONG);
}

static void test_task(void **state)
{
    (void)state;
    int64_t today = day("2026-11-25");
    struct outcome_problem p;
    struct task_input t = {"采购声控灯", "物业 王经理", "2026-12-10"};
    assert_true(task_check(&t, today, &p));
    t.title = "";
    assert_false(task_check(&t, today, &p));
    assert_string_equal(p.field, "title");
    t.title = rep("采", TASK_TITLE_MAX + 1);
    assert_false(task_check(&t, today, &p));
    assert_int_equal(p.err, OUTCOME_E_TOO_LONG);
    t = (struct task_input){"采购", NULL, "2026-12-10"};
    assert_false(task_check(&t, today, &p));
    assert_string_equal(p.field, "owner");
    t = (struct task_input){"采购", "王", "2026-11-20"};
    assert_false(task_check(&t, today, &p));
    assert_int_equal(p.err, OUTCOME_E_PAST_DATE);
    t.deadline = "12/10/2026";
    assert_false(task_check(&t, today, &p));
    assert_int_equal(p.err, OUTCOME_E_BAD_DATE);
}

static void test_close(void **state)
{
    (void)state;
    struct outcome_problem p;
    assert_true(close_check("solved", "灯已装好，居民满意。", &p));
    assert_true(close_check("partly", "装了一半。", &p));
    assert_true(close_check("unsolved", "资金没有落实。", &p));
    assert_false(close_check(NULL, "x", &p));
    assert_int_equal(p.err, OUTCOME_E_MISSING);
    assert_string_equal(p.field, "outcome");
    assert_false(close_check("done", "x", &p));
    assert_int_equal(p.err, OUTCOME_E_BAD_OUTCOME);
    assert_false(close_check("solved", "", &p));
    assert_int_equal(p.err, OUTCOME_E_MISSING);
    assert_string_equal(p.field, "note");
    assert_false(close_check("solved", rep("注", OUTCOME_NOTE_MAX + 1), &p));
    assert_int_equal(p.err, OUTCOME_E_TOO_LONG);
}

static void test_owned_steps(void **state)
{
    (void)state;
    assert_true(outcome_owns_step(TOPIC_DELIBERATING, TOPIC_RESOLVED));
    assert_true(outcome_owns_step(TOPIC_RESOLVED, TOPIC_IN_NOTICE));
    assert_true(outcome_owns_step(TOPIC_IN_NOTICE, TOPIC_IN_EXECUTION));
    assert_true(outcome_owns_step(TOPIC_IN_NOTICE, TOPIC_DELIBERATING));
    assert_true(outcome_owns_step(TOPIC_IN_EXECUTION, TOPIC_AWAITING_EVALUATION));
    assert_true(outcome_owns_step(TOPIC_AWAITING_EVALUATION, TOPIC_CLOSED));
    /* The steps before deliberation stay plain status changes. */
    assert_false(outcome_owns_step(TOPIC_ACCEPTED, TOPIC_DELIBERATING));
    assert_false(outcome_owns_step(TOPIC_PENDING_REVIEW, TOPIC_ACCEPTED));
    assert_false(outcome_owns_step(TOPIC_COLLECTING, TOPIC_MERGED));
    assert_false(outcome_owns_step(TOPIC_RESOLVED, TOPIC_CLOSED));
    int owned = 0;
    for (int f = 0; f < TOPIC_STATUS_COUNT; f++)
        for (int t = 0; t < TOPIC_STATUS_COUNT; t++)
            owned += outcome_owns_step((enum topic_status)f, (enum topic_status)t);
    assert_int_equal(owned, 6);
}

static void test_codes(void **state)
{
    (void)state;
    assert_int_equal(outcome_err_status(OUTCOME_E_MISSING), 400);
    assert_int_equal(outcome_err_status(OUTCOME_E_BAD_DATE), 422);
    assert_int_equal(outcome_err_status(OUTCOME_E_NOTICE_CLOSED), 409);
    assert_int_equal(outcome_err_status(OUTCOME_E_OBJECTION_OPEN), 409);
    assert_string_equal(outcome_err_code(OUTCOME_E_BAD_FUNDING), "bad_funding");
    assert_string_equal(outcome_err_code(OUTCOME_ERR_COUNT), "unknown");
    for (int e = 0; e < OUTCOME_ERR_COUNT; e++)
        assert_non_null(outcome_err_code((enum outcome_err)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),       cmocka_unit_test(test_keys),
        cmocka_unit_test(test_resolution),  cmocka_unit_test(test_notice_days),
        cmocka_unit_test(test_window),      cmocka_unit_test(test_texts),
        cmocka_unit_test(test_task),        cmocka_unit_test(test_close),
        cmocka_unit_test(test_owned_steps), cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
