/* Poll rules: validation of a new poll at each limit, the phase at the edges of its times,
 * hidden results, voter keys, which topic statuses take which polls, choices and tallies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/poll_rules.h"

#define NOW INT64_C(1800000000)

static const char *const two[] = {"方案甲", "方案乙"};

static struct poll_spec good(void)
{
    struct poll_spec s = {
        .purpose = POLL_DECISION,
        .kind = POLL_YES_NO,
        .eligibility = POLL_BY_HOUSEHOLD,
        .question = "是否在楼道加装声控灯？",
        .opens_at = NOW,
        .closes_at = NOW + 7 * 86400,
        .quorum_num = 1,
        .quorum_den = 2,
        .threshold = POLL_MAJORITY,
    };
    return s;
}

static void test_a_good_poll_passes(void **state)
{
    (void)state;
    struct poll_spec s = good();
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s.kind = POLL_OPTIONS, s.options = two, s.noptions = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s = good();
    s.purpose = POLL_EVALUATION, s.kind = POLL_SATISFACTION;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s = good();
    s.quorum_num = 0, s.quorum_den = 1; /* no quorum */
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
}

static void test_kinds_and_purposes(void **state)
{
    (void)state;
    struct poll_spec s = good();
    s.kind = POLL_SATISFACTION; /* a decision is not a satisfaction poll */
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_KIND);
    s = good();
    s.purpose = POLL_EVALUATION; /* an evaluation is only a satisfaction poll */
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_KIND);
    s.purpose = (enum poll_purpose)7;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_PURPOSE);
    s = good();
    s.eligibility = (enum poll_eligibility)2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_ELIGIBILITY);

    assert_true(poll_purpose_fits(POLL_DECISION, TOPIC_DELIBERATING));
    assert_true(poll_purpose_fits(POLL_EVALUATION, TOPIC_AWAITING_EVALUATION));
    for (int t = 0; t < TOPIC_STATUS_COUNT; t++) {
        if (t != TOPIC_DELIBERATING)
            assert_false(poll_purpose_fits(POLL_DECISION, (enum topic_status)t));
        if (t != TOPIC_AWAITING_EVALUATION)
            assert_false(poll_purpose_fits(POLL_EVALUATION, (enum topic_status)t));
    }
}

static void test_question_limits(void **state)
{
    (void)state;
    struct poll_spec s = good();
    s.question = NULL;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUESTION);
    s.question = " \t\xe3\x80\x80 "; /* spaces and an ideographic space */
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUESTION);
    char q[POLL_QUESTION_MAX * 3 + 4] = "";
    for (int i = 0; i < POLL_QUESTION_MAX; i++)
        strcat(q, "灯"); /* three bytes each: the limit counts characters */
    s.question = q;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    strcat(q, "灯");
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUESTION_LONG);
}

static void test_option_limits(void **state)
{
    (void)state;
    struct poll_spec s = good();
    s.kind = POLL_OPTIONS;
    const char *one[] = {"甲"};
    s.options = one, s.noptions = 1;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTIONS);
    const char *eleven[11] = {"1a", "2a", "3a", "4a", "5a", "6a", "7a", "8a", "9a", "10a", "11a"};
    s.options = eleven, s.noptions = 10;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s.noptions = 11;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTIONS);
    const char *dup[] = {"甲", "乙", "甲"};
    s.options = dup, s.noptions = 3;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTIONS);
    const char *empty[] = {"甲", "  "};
    s.options = empty, s.noptions = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTIONS);
    const char *number[] = {"甲", "2"};
    s.options = number, s.noptions = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTIONS);
    char forty[POLL_OPTION_MAX * 3 + 4] = "";
    for (int i = 0; i < POLL_OPTION_MAX; i++)
        strcat(forty, "灯");
    const char *opts[] = {"甲", forty};
    s.options = opts, s.noptions = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    strcat(forty, "x");
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPTION_LONG);
}

static void test_time_limits(void **state)
{
    (void)state;
    struct poll_spec s = good();
    s.closes_at = s.opens_at;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_TIMES);
    s.closes_at = s.opens_at - 3600;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_TIMES);
    s.closes_at = s.opens_at + 1; /* one second is short, but allowed */
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s = good();
    s.opens_at = NOW - POLL_PAST_SLACK;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s.opens_at = NOW - POLL_PAST_SLACK - 1;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPENS_PAST);
    s = good();
    s.opens_at = NOW + POLL_AHEAD_MAX, s.closes_at = s.opens_at + 60;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s.opens_at++, s.closes_at++;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_OPENS_LATE);
    s = good();
    s.closes_at = s.opens_at + POLL_DURATION_MAX;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
    s.closes_at++;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_DURATION);
}

static void test_quorum_and_threshold(void **state)
{
    (void)state;
    struct poll_spec s = good();
    s.quorum_num = 3, s.quorum_den = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUORUM);
    s.quorum_num = 1, s.quorum_den = 0;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUORUM);
    s.quorum_num = -1, s.quorum_den = 2;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_QUORUM);
    s = good();
    s.threshold = -1;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_THRESHOLD);
    s.threshold = POLL_THRESHOLD_COUNT;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_E_THRESHOLD);
    s.threshold = POLL_ELIGIBLE_MAJORITY;
    assert_int_equal(poll_spec_check(&s, NOW), POLL_OK);
}

static void test_phases(void **state)
{
    (void)state;
    int64_t o = 1000, c = 2000;
    assert_int_equal(poll_phase_at(o, c, 0, 999), POLL_SCHEDULED);
    assert_int_equal(poll_phase_at(o, c, 0, 1000), POLL_OPEN);
    assert_int_equal(poll_phase_at(o, c, 0, 1999), POLL_OPEN);
    assert_int_equal(poll_phase_at(o, c, 0, 2000), POLL_CLOSED);
    assert_int_equal(poll_phase_at(o, c, 1500, 1600), POLL_CLOSED); /* closed early */
    assert_int_equal(poll_phase_at(o, c, 500, 600), POLL_CLOSED);   /* called off before */

    assert_false(poll_results_visible(true, POLL_OPEN));
    assert_false(poll_results_visible(true, POLL_SCHEDULED));
    assert_true(poll_results_visible(true, POLL_CLOSED));
    assert_true(poll_results_visible(false, POLL_OPEN));
    assert_true(poll_results_visible(false, POLL_CLOSED));
    assert_string_equal(poll_phase_key(POLL_CLOSED), "closed");
}

static void test_voter_keys(void **state)
{
    (void)state;
    char k[32];
    assert_true(poll_voter_key(POLL_BY_PERSON, 42, 7, k, sizeof k));
    assert_string_equal(k, "p:42");
    assert_true(poll_voter_key(POLL_BY_HOUSEHOLD, 42, 7, k, sizeof k));
    assert_string_equal(k, "h:7");
    assert_false(poll_voter_key(POLL_BY_HOUSEHOLD, 42, 0, k, sizeof k)); /* lives nowhere */
    assert_false(poll_voter_key(POLL_BY_PERSON, 0, 7, k, sizeof k));
    assert_false(poll_voter_key(POLL_BY_PERSON, 123456, 7, k, 4)); /* would not fit */
}

static void test_choices(void **state)
{
    (void)state;
    size_t n;
    const char *const *yn = poll_fixed_labels(POLL_YES_NO, &n);
    assert_int_equal(n, 3);
    assert_int_equal(poll_choice_parse(yn, n, "yes"), 1);
    assert_int_equal(poll_choice_parse(yn, n, "abstain"), 3);
    assert_int_equal(poll_choice_parse(yn, n, "2"), 2);
    assert_int_equal(poll_choice_parse(yn, n, "4"), -1);
    assert_int_equal(poll_choice_parse(yn, n, "0"), -1);
    assert_int_equal(poll_choice_parse(yn, n, "-1"), -1);
    assert_int_equal(poll_choice_parse(yn, n, "1x"), -1);
    assert_int_equal(poll_choice_parse(yn, n, "maybe"), -1);
    assert_int_equal(poll_choice_parse(yn, n, ""), -1);
    assert_int_equal(poll_choice_parse(yn, n, NULL), -1);
    const char *const *sat = poll_fixed_labels(POLL_SATISFACTION, &n);
    assert_string_equal(sat[0], "satisfied");
    assert_string_equal(sat[1], "fairly");
    assert_string_equal(sat[2], "dissatisfied");
    assert_null(poll_fixed_labels(POLL_OPTIONS, &n));
    assert_int_equal(n, 0);
    assert_int_equal(poll_choice_parse(two, 2, "方案乙"), 2);
}

static void test_tallies(void **state)
{
    (void)state;
    int lead = -1;
    int64_t yn[] = {6, 3, 2};
    struct poll_counts c = poll_tally(POLL_YES_NO, yn, 3, 20, &lead);
    assert_int_equal(c.yes, 6);
    assert_int_equal(c.no, 3);
    assert_int_equal(c.abstain, 2);
    assert_int_equal(c.eligible, 20);
    int64_t sat[] = {5, 4, 3};
    c = poll_tally(POLL_SATISFACTION, sat, 3, 20, NULL);
    assert_int_equal(c.yes, 9);
    assert_int_equal(c.no, 3);
    assert_int_equal(c.abstain, 0);
    int64_t opts[] = {2, 7, 3};
    c = poll_tally(POLL_OPTIONS, opts, 3, 20, &lead);
    assert_int_equal(lead, 2);
    assert_int_equal(c.yes, 7);
    assert_int_equal(c.no, 5);
    struct poll_rule maj = {POLL_MAJORITY, 0, 1};
    assert_int_equal(poll_decide(&maj, &c), POLL_PASSED);
    int64_t tie[] = {4, 4, 1};
    c = poll_tally(POLL_OPTIONS, tie, 3, 20, &lead);
    assert_int_equal(lead, 0);
    assert_int_equal(c.yes, 0);
    assert_int_equal(c.no, 9);
    assert_int_equal(poll_decide(&maj, &c), POLL_FAILED); /* a shared lead decides nothing */
    int64_t none[] = {0, 0};
    c = poll_tally(POLL_OPTIONS, none, 2, 20, &lead);
    assert_int_equal(lead, 0);
    assert_int_equal(c.yes + c.no + c.abstain, 0);
    /* A plurality that is not a majority of votes cast fails a majority rule. */
    int64_t split[] = {4, 3, 3};
    c = poll_tally(POLL_OPTIONS, split, 3, 20, &lead);
    assert_int_equal(lead, 1);
    assert_int_equal(poll_decide(&maj, &c), POLL_FAILED);
}

static void test_names_and_codes(void **state)
{
    (void)state;
    for (int k = 0; k < POLL_KIND_COUNT; k++)
        assert_int_equal(poll_kind_parse(poll_kind_key((enum poll_kind)k)), k);
    for (int p = 0; p < POLL_PURPOSE_COUNT; p++)
        assert_int_equal(poll_purpose_parse(poll_purpose_key((enum poll_purpose)p)), p);
    for (int e = 0; e < POLL_ELIGIBILITY_COUNT; e++)
        assert_int_equal(poll_eligibility_parse(poll_eligibility_key((enum poll_eligibility)e)), e);
    for (int o = 0; o < POLL_OUTCOME_COUNT; o++)
        assert_int_equal(poll_outcome_parse(poll_outcome_key((enum poll_outcome)o)), o);
    assert_int_equal(poll_kind_parse("ranked"), -1);
    assert_int_equal(poll_kind_parse(NULL), -1);
    for (int e = 1; e < POLL_ERR_COUNT; e++) {
        assert_true(strncmp(poll_err_code((enum poll_err)e), "E_", 2) == 0);
        int st = poll_err_status((enum poll_err)e);
        assert_true(st == 403 || st == 409 || st == 422);
    }
    assert_string_equal(poll_err_code(POLL_E_HOUSEHOLD), "E_HOUSEHOLD_VOTED");
    assert_int_equal(poll_err_status(POLL_E_HOUSEHOLD), 409);
    assert_int_equal(poll_err_status(POLL_E_TIMES), 422);
    assert_string_equal(poll_err_code((enum poll_err)99), "E_UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_good_poll_passes),
        cmocka_unit_test(test_kinds_and_purposes),
        cmocka_unit_test(test_question_limits),
        cmocka_unit_test(test_option_limits),
        cmocka_unit_test(test_time_limits),
        cmocka_unit_test(test_quorum_and_threshold),
        cmocka_unit_test(test_phases),
        cmocka_unit_test(test_voter_keys),
        cmocka_unit_test(test_choices),
        cmocka_unit_test(test_tallies),
        cmocka_unit_test(test_names_and_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
