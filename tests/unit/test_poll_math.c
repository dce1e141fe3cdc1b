/* Poll arithmetic: thresholds at exact ties, quorum at its edges, and rates rounded half-up,
 * all in integers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/poll_math.h"

/* One threshold case: counts and whether each threshold is met. */
struct vote_case {
    int64_t yes, no, abstain, eligible; /* the counts */
    bool majority;                      /* yes > no */
    bool two_thirds;                    /* yes ≥ 2·no and yes ≥ 1 */
    bool eligible_majority;             /* 2·yes > eligible */
};

static const struct vote_case votes[] = {
    /* yes no abs elig  MAJ  2/3  ELIG */
    {0, 0, 0, 10, false, false, false},  /* nobody voted: nothing passes */
    {0, 0, 7, 10, false, false, false},  /* only abstentions */
    {1, 0, 0, 10, true, true, false},    /* one lone yes */
    {5, 5, 0, 10, false, false, false},  /* a tie fails */
    {6, 5, 0, 11, true, false, true},    /* one more yes than no */
    {5, 6, 0, 11, false, false, false},  /* one fewer */
    {10, 5, 0, 20, true, true, false},   /* exactly two-thirds passes */
    {9, 5, 0, 20, true, false, false},   /* just under two-thirds */
    {11, 5, 0, 20, true, true, true},    /* just over */
    {2, 1, 0, 3, true, true, true},      /* 2 of 3 */
    {4, 3, 10, 17, true, false, false},  /* abstentions don't count for yes or no */
    {5, 0, 0, 10, true, true, false},    /* half of eligible is not more than half */
    {6, 0, 0, 10, true, true, true},     /* more than half of 10 */
    {5, 0, 0, 9, true, true, true},      /* more than half of 9 */
    {4, 0, 5, 9, true, true, false},     /* 4 of 9 is not */
    {0, 3, 0, 3, false, false, false},   /* all against */
    {82, 41, 1, 124, true, true, true},  /* 2/3 tie with a large count */
    {82, 42, 0, 124, true, false, true}, /* one over the 2/3 line */
};

/* Each threshold on either side of its line, and poll_decide agreeing with no quorum asked. */
static void test_thresholds_at_ties(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof votes / sizeof votes[0]; i++) {
        const struct vote_case *v = &votes[i];
        struct poll_counts c = {v->yes, v->no, v->abstain, v->eligible};
        assert_true(poll_counts_valid(&c));
        if (poll_threshold_met(POLL_MAJORITY, &c) != v->majority ||
            poll_threshold_met(POLL_TWO_THIRDS, &c) != v->two_thirds ||
            poll_threshold_met(POLL_ELIGIBLE_MAJORITY, &c) != v->eligible_majority)
            fail_msg("case %zu: %lld-%lld-%lld of %lld", i, (long long)v->yes, (long long)v->no,
                     (long long)v->abstain, (long long)v->eligible);
        /* With no quorum asked for, the outcome is the threshold's answer. */
        struct poll_rule maj = {POLL_MAJORITY, 0, 1}, two = {POLL_TWO_THIRDS, 0, 1};
        struct poll_rule all = {POLL_ELIGIBLE_MAJORITY, 0, 1};
        assert_int_equal(poll_decide(&maj, &c), v->majority ? POLL_PASSED : POLL_FAILED);
        assert_int_equal(poll_decide(&two, &c), v->two_thirds ? POLL_PASSED : POLL_FAILED);
        assert_int_equal(poll_decide(&all, &c), v->eligible_majority ? POLL_PASSED : POLL_FAILED);
    }
}

/* Two-thirds and majority over every small count, against the definition. */
static void test_two_thirds_is_exact_for_every_small_count(void **state)
{
    (void)state;
    /* Against the definition yes/(yes+no) ≥ 2/3 with yes+no > 0, cross-multiplied here on its
     * own: 3·yes ≥ 2·(yes+no). */
    for (int64_t yes = 0; yes <= 60; yes++)
        for (int64_t no = 0; no <= 60; no++) {
            struct poll_counts c = {yes, no, 0, 120};
            bool want = yes + no > 0 && 3 * yes >= 2 * (yes + no) && yes >= 1;
            assert_int_equal(poll_threshold_met(POLL_TWO_THIRDS, &c), want);
            assert_int_equal(poll_threshold_met(POLL_MAJORITY, &c), yes > no);
        }
}

/* Quorum at exactly the fraction, one vote under, and with abstentions counting as turnout. */
static void test_quorum_edges(void **state)
{
    (void)state;
    struct {
        int64_t voted, eligible, num, den; /* votes cast (any kind) of eligible, quorum num/den */
        bool met;                          /* quorum reached */
    } c[] = {
        {50, 100, 1, 2, true},                         /* exactly half: "at least" */
        {49, 100, 1, 2, false},                        /* one short */
        {50, 101, 1, 2, false},                        /* 50.5 needed */
        {51, 101, 1, 2, true},  {7, 10, 2, 3, true},   /* 6.67 needed */
        {6, 10, 2, 3, false},   {6, 9, 2, 3, true},    /* exactly 6 */
        {5, 9, 2, 3, false},    {0, 10, 0, 1, true},   /* no quorum asked */
        {0, 0, 1, 2, true},                            /* nobody eligible: 0 of 0 is the whole */
        {10, 10, 1, 1, true},                          /* everyone must vote */
        {9, 10, 1, 1, false},   {75, 100, 3, 4, true}, /* 75% */
        {74, 100, 3, 4, false}, {30, 100, 30, 100, true}, {29, 100, 30, 100, false},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        /* The same turnout made of yes, no or abstentions: each counts toward quorum. */
        struct poll_counts as_yes = {c[i].voted, 0, 0, c[i].eligible};
        struct poll_counts as_abstain = {0, 0, c[i].voted, c[i].eligible};
        struct poll_counts mixed = {c[i].voted / 3, c[i].voted / 3,
                                    c[i].voted - 2 * (c[i].voted / 3), c[i].eligible};
        if (poll_quorum_met(&as_yes, c[i].num, c[i].den) != c[i].met)
            fail_msg("case %zu: %lld of %lld, quorum %lld/%lld", i, (long long)c[i].voted,
                     (long long)c[i].eligible, (long long)c[i].num, (long long)c[i].den);
        assert_int_equal(poll_quorum_met(&as_abstain, c[i].num, c[i].den), c[i].met);
        assert_int_equal(poll_quorum_met(&mixed, c[i].num, c[i].den), c[i].met);
        /* poll_quorum_needed agrees: met exactly when voted reaches it */
        int64_t need = poll_quorum_needed(c[i].eligible, c[i].num, c[i].den);
        assert_int_equal(c[i].voted >= need, c[i].met);
    }
    assert_int_equal(poll_quorum_needed(100, 1, 2), 50);
    assert_int_equal(poll_quorum_needed(101, 1, 2), 51);
    assert_int_equal(poll_quorum_needed(10, 2, 3), 7);
    assert_int_equal(poll_quorum_needed(9, 2, 3), 6);
    assert_int_equal(poll_quorum_needed(0, 2, 3), 0);
    assert_int_equal(poll_quorum_needed(131, 0, 1), 0);
    assert_int_equal(poll_quorum_needed(-1, 1, 2), -1);
    assert_int_equal(poll_quorum_needed(10, 1, 0), -1);
    assert_int_equal(poll_quorum_needed(10, 3, 2), -1);
}

/* Too few voters decide nothing, even unanimously; the village-style 2/3 present rule. */
static void test_no_quorum_beats_the_vote(void **state)
{
    (void)state;
    struct poll_rule rule = {POLL_MAJORITY, 1, 2};
    struct poll_counts unanimous_but_few = {49, 0, 0, 100};
    struct poll_counts enough = {26, 24, 0, 100};
    struct poll_counts enough_tie = {25, 25, 0, 100};
    struct poll_counts abstainers_make_quorum = {2, 1, 47, 100};
    assert_int_equal(poll_decide(&rule, &unanimous_but_few), POLL_NO_QUORUM);
    assert_int_equal(poll_decide(&rule, &enough), POLL_PASSED);
    assert_int_equal(poll_decide(&rule, &enough_tie), POLL_FAILED);
    assert_int_equal(poll_decide(&rule, &abstainers_make_quorum), POLL_PASSED);
    /* 四议两公开 style: two-thirds present, more than half of all in favour. */
    struct poll_rule village = {POLL_ELIGIBLE_MAJORITY, 2, 3};
    struct poll_counts v1 = {16, 4, 0, 30}, v2 = {15, 5, 0, 30}, v3 = {19, 0, 0, 30};
    assert_int_equal(poll_decide(&village, &v1), POLL_PASSED);
    assert_int_equal(poll_decide(&village, &v2), POLL_FAILED);
    assert_int_equal(poll_decide(&village, &v3), POLL_NO_QUORUM);
}

/* Counts or rules that cannot be right are POLL_INVALID; the largest allowed do not overflow. */
static void test_invalid_polls(void **state)
{
    (void)state;
    struct poll_rule ok = {POLL_MAJORITY, 1, 2};
    struct poll_counts bad_counts[] = {
        {-1, 0, 0, 10},                                 /* negative */
        {0, -1, 0, 10},                                 /* negative */
        {0, 0, -1, 10},                                 /* negative */
        {1, 0, 0, -1},                                  /* negative eligible */
        {6, 5, 0, 10},                                  /* more votes than voters */
        {POLL_COUNT_MAX + 1, 0, 0, POLL_COUNT_MAX + 1}, /* beyond the limit */
    };
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++) {
        assert_false(poll_counts_valid(&bad_counts[i]));
        assert_int_equal(poll_decide(&ok, &bad_counts[i]), POLL_INVALID);
        assert_false(poll_threshold_met(POLL_MAJORITY, &bad_counts[i]));
        assert_false(poll_quorum_met(&bad_counts[i], 0, 1));
    }
    struct poll_counts fine = {3, 1, 0, 5};
    struct poll_rule bad_rules[] = {
        {POLL_MAJORITY, 1, 0},                       /* no denominator */
        {POLL_MAJORITY, -1, 2},                      /* negative */
        {POLL_MAJORITY, 3, 2},                       /* more than everyone */
        {POLL_MAJORITY, 1, POLL_QUORUM_DEN_MAX + 1}, /* too fine */
        {POLL_THRESHOLD_COUNT, 1, 2},                /* unknown threshold */
        {(enum poll_threshold) - 1, 1, 2},           /* unknown threshold */
    };
    for (size_t i = 0; i < sizeof bad_rules / sizeof bad_rules[0]; i++)
        assert_int_equal(poll_decide(&bad_rules[i], &fine), POLL_INVALID);
    assert_false(poll_threshold_met(POLL_THRESHOLD_COUNT, &fine));
    /* The largest counts allowed do not overflow. */
    struct poll_counts big = {POLL_COUNT_MAX / 2, POLL_COUNT_MAX / 4, 0, POLL_COUNT_MAX};
    struct poll_rule finest = {POLL_TWO_THIRDS, POLL_QUORUM_DEN_MAX - 1, POLL_QUORUM_DEN_MAX};
    struct poll_rule most = {POLL_TWO_THIRDS, 3, 4};
    assert_int_equal(poll_decide(&finest, &big), POLL_NO_QUORUM);
    assert_int_equal(poll_decide(&most, &big), POLL_PASSED);
}

/* The rates and the edges of rounding half-up. */
static void test_rates(void **state)
{
    (void)state;
    struct {
        int64_t num, den; /* the rate */
        const char *text; /* as shown */
    } c[] = {
        {82, 87, "94.3%"},
        {34, 44, "77.3%"},
        {116, 131, "88.5%"},
        {82, 124, "66.1%"},
        {1, 8, "12.5%"},
        {0, 0, "—"},
        {23, 23, "100.0%"},
        {0, 5, "0.0%"},
        {1, 3, "33.3%"},
        {2, 3, "66.7%"},
        {1, 16, "6.3%"}, /* 6.25 → half-up */
        {1, 2000, "0.1%"},
        /* 0.05 → half-up */ {1, 2001, "0.0%"}, /* 0.04997… */
        {3, 2, "150.0%"},
        {999, 1000, "99.9%"},
        {9995, 10000, "100.0%"},
        {-1, 5, "—"},
        {5, -1, "—"},
        {1, 0, "—"},
        {POLL_RATE_MAX, POLL_RATE_MAX, "100.0%"},
        {POLL_RATE_MAX + 1, 1, "—"},
        {1, POLL_RATE_MAX, "0.0%"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char buf[32];
        size_t n = poll_rate_format(c[i].num, c[i].den, buf, sizeof buf);
        if (strcmp(buf, c[i].text) != 0)
            fail_msg("%lld/%lld: got \"%s\", want \"%s\"", (long long)c[i].num, (long long)c[i].den,
                     buf, c[i].text);
        assert_int_equal(n, strlen(c[i].text));
    }
}

/* Rounding checked for every small fraction against ⌊1000·num/den + ½⌋. */
static void test_rate_permille_against_the_definition(void **state)
{
    (void)state;
    /* Half-up to a tenth of a percent, checked against ⌊1000·num/den + ½⌋ written as
     * ⌊(2000·num + den) / (2·den)⌋ for every small fraction. */
    for (int64_t den = 1; den <= 150; den++)
        for (int64_t num = 0; num <= den + 10; num++) {
            int64_t p = -1;
            assert_true(poll_rate_permille(num, den, &p));
            assert_int_equal(p, (2000 * num + den) / (2 * den));
        }
    int64_t untouched = 7;
    assert_false(poll_rate_permille(0, 0, &untouched));
    assert_int_equal(untouched, 7);
}

/* A rate cut short by its buffer is still a clean string. */
static void test_rate_into_small_buffers(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    assert_int_equal(poll_rate_format(82, 87, buf, 4), 5);
    assert_string_equal(buf, "94.");
    assert_int_equal(buf[4], 'Z');
    assert_int_equal(poll_rate_format(82, 87, NULL, 0), 5);
    /* "—" is three bytes: cut, it shows nothing rather than half a character */
    assert_int_equal(poll_rate_format(0, 0, buf, 3), 3);
    assert_string_equal(buf, "");
    assert_int_equal(poll_rate_format(0, 0, buf, 4), 3);
    assert_string_equal(buf, "—");
}

/* Names in both languages and stable keys that round-trip. */
static void test_names(void **state)
{
    (void)state;
    assert_string_equal(poll_outcome_name(POLL_PASSED, HALL_LANG_ZH), "通过");
    assert_string_equal(poll_outcome_name(POLL_FAILED, HALL_LANG_ZH), "未通过");
    assert_string_equal(poll_outcome_name(POLL_PASSED, HALL_LANG_EN), "Passed");
    assert_string_equal(poll_outcome_name(POLL_OUTCOME_COUNT, HALL_LANG_EN), "?");
    for (int t = 0; t < POLL_THRESHOLD_COUNT; t++) {
        assert_int_equal(poll_threshold_parse(poll_threshold_key((enum poll_threshold)t)), t);
        assert_true(strlen(poll_threshold_name((enum poll_threshold)t, HALL_LANG_ZH)) > 0);
        assert_true(strlen(poll_threshold_name((enum poll_threshold)t, HALL_LANG_EN)) > 0);
    }
    for (int o = 0; o < POLL_OUTCOME_COUNT; o++)
        assert_true(strlen(poll_outcome_name((enum poll_outcome)o, HALL_LANG_ZH)) > 0);
    assert_int_equal(poll_threshold_parse("unanimous"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thresholds_at_ties),
        cmocka_unit_test(test_two_thirds_is_exact_for_every_small_count),
        cmocka_unit_test(test_quorum_edges),
        cmocka_unit_test(test_no_quorum_beats_the_vote),
        cmocka_unit_test(test_invalid_polls),
        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_rate_permille_against_the_definition),
        cmocka_unit_test(test_rate_into_small_buffers),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
