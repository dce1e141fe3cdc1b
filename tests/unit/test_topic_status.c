/* The topic status machine as a full matrix: every status × every status × every actor × reason
 * given or not. The expected table is written here independently of topic_status.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/topic_status.h"

/* Who may take each step, by letter: r resident, p proposer, g group leader, d director,
 * c chair, w worker, a admin. A trailing '!' means the step needs a written reason. A step not
 * listed does not exist. */
static const char *const expected[TOPIC_STATUS_COUNT][TOPIC_STATUS_COUNT] = {
    [TOPIC_COLLECTING] = {[TOPIC_PENDING_REVIEW] = "pgdwa", [TOPIC_MERGED] = "dwa"},
    [TOPIC_PENDING_REVIEW] = {[TOPIC_REJECTED] = "dwa!",
                              [TOPIC_TRANSFERRED] = "wa!",
                              [TOPIC_ACCEPTED] = "dwa",
                              [TOPIC_MERGED] = "dwa"},
    [TOPIC_ACCEPTED] = {[TOPIC_DELIBERATING] = "cdwa", [TOPIC_MERGED] = "dwa"},
    [TOPIC_DELIBERATING] = {[TOPIC_RESOLVED] = "cwa"},
    [TOPIC_RESOLVED] = {[TOPIC_IN_NOTICE] = "wa"},
    [TOPIC_IN_NOTICE] = {[TOPIC_IN_EXECUTION] = "wa", [TOPIC_DELIBERATING] = "dwa!"},
    [TOPIC_IN_EXECUTION] = {[TOPIC_AWAITING_EVALUATION] = "dwa"},
    [TOPIC_AWAITING_EVALUATION] = {[TOPIC_CLOSED] = "dwa!"},
};

static const char actor_letter[ACTOR_COUNT] = {
    [ACTOR_RESIDENT] = 'r', [ACTOR_PROPOSER] = 'p', [ACTOR_GROUP_LEADER] = 'g',
    [ACTOR_DIRECTOR] = 'd', [ACTOR_CHAIR] = 'c',    [ACTOR_WORKER] = 'w',
    [ACTOR_ADMIN] = 'a',
};

/* What the table above says topic_transition_check must answer. */
static enum hall_err want(int from, int to, int actor, bool reason)
{
    const char *e = expected[from][to];
    if (!e)
        return HALL_E_TRANSITION_NOT_ALLOWED;
    if (!strchr(e, actor_letter[actor]))
        return HALL_E_ROLE;
    if (strchr(e, '!') && !reason)
        return HALL_E_REASON_REQUIRED;
    return HALL_OK;
}

/* Every from × to × actor × reason answers as the table says; counts the allowed ones too. */
static void test_full_matrix(void **state)
{
    (void)state;
    int ok = 0, checked = 0;
    for (int from = 0; from < TOPIC_STATUS_COUNT; from++)
        for (int to = 0; to < TOPIC_STATUS_COUNT; to++)
            for (int actor = 0; actor < ACTOR_COUNT; actor++)
                for (int reason = 0; reason < 2; reason++) {
                    enum hall_err got =
                        topic_transition_check((enum topic_status)from, (enum topic_status)to,
                                               (enum topic_actor)actor, reason != 0);
                    enum hall_err exp = want(from, to, actor, reason != 0);
                    if (got != exp)
                        fail_msg("%s -> %s by %s, reason %d: got %s, want %s",
                                 topic_status_key((enum topic_status)from),
                                 topic_status_key((enum topic_status)to),
                                 topic_actor_key((enum topic_actor)actor), reason,
                                 hall_err_code(got), hall_err_code(exp));
                    ok += got == HALL_OK;
                    checked++;
                }
    assert_int_equal(checked, 12 * 12 * 7 * 2);
    /* Sum over the table of (actors) × (2 if no reason needed, else 1). */
    assert_int_equal(ok, 2 * 5 + 2 * 3 + 3 + 2 + 2 * 3 + 2 * 3 + 2 * 4 + 2 * 3 + 2 * 3 + 2 * 2 +
                             2 * 2 + 3 + 2 * 3 + 3);
}

/* Exactly the fourteen steps of the table exist for someone. */
static void test_fourteen_steps_exist(void **state)
{
    (void)state;
    int steps = 0;
    for (int from = 0; from < TOPIC_STATUS_COUNT; from++)
        for (int to = 0; to < TOPIC_STATUS_COUNT; to++) {
            bool any = false;
            for (int actor = 0; actor < ACTOR_COUNT; actor++)
                any |= topic_transition_check((enum topic_status)from, (enum topic_status)to,
                                              (enum topic_actor)actor, true) == HALL_OK;
            steps += any;
            assert_int_equal(any, expected[from][to] != NULL);
        }
    assert_int_equal(steps, 14);
}

/* The steps that need a reason are the table's '!' ones: rejection, transfer, upheld objection,
 * closing. */
static void test_which_steps_need_a_reason(void **state)
{
    (void)state;
    for (int from = 0; from < TOPIC_STATUS_COUNT; from++)
        for (int to = 0; to < TOPIC_STATUS_COUNT; to++) {
            bool exp = expected[from][to] && strchr(expected[from][to], '!');
            assert_int_equal(
                topic_transition_needs_reason((enum topic_status)from, (enum topic_status)to), exp);
        }
    /* The brief's list, by name: rejection, transfer, upheld objection, closing. */
    assert_true(topic_transition_needs_reason(TOPIC_PENDING_REVIEW, TOPIC_REJECTED));
    assert_true(topic_transition_needs_reason(TOPIC_PENDING_REVIEW, TOPIC_TRANSFERRED));
    assert_true(topic_transition_needs_reason(TOPIC_IN_NOTICE, TOPIC_DELIBERATING));
    assert_true(topic_transition_needs_reason(TOPIC_AWAITING_EVALUATION, TOPIC_CLOSED));
    assert_false(topic_transition_needs_reason(TOPIC_PENDING_REVIEW, TOPIC_ACCEPTED));
    assert_false(topic_transition_needs_reason(TOPIC_COLLECTING, TOPIC_MERGED));
}

/* A refusal names the first thing wrong, so the page tells the actor what to fix. */
static void test_refusal_order(void **state)
{
    (void)state;
    /* A missing step is reported before a wrong role, a wrong role before a missing reason. */
    assert_int_equal(topic_transition_check(TOPIC_CLOSED, TOPIC_COLLECTING, ACTOR_RESIDENT, false),
                     HALL_E_TRANSITION_NOT_ALLOWED);
    assert_int_equal(
        topic_transition_check(TOPIC_PENDING_REVIEW, TOPIC_REJECTED, ACTOR_RESIDENT, false),
        HALL_E_ROLE);
    assert_int_equal(
        topic_transition_check(TOPIC_PENDING_REVIEW, TOPIC_REJECTED, ACTOR_WORKER, false),
        HALL_E_REASON_REQUIRED);
    /* A reason where none is needed does no harm. */
    assert_int_equal(
        topic_transition_check(TOPIC_PENDING_REVIEW, TOPIC_ACCEPTED, ACTOR_WORKER, true), HALL_OK);
}

/* Values cast from bad input are refused, never read past a table. */
static void test_out_of_range_values_are_refused(void **state)
{
    (void)state;
    enum topic_status bad_status[] = {(enum topic_status) - 1, TOPIC_STATUS_COUNT,
                                      (enum topic_status)99};
    for (size_t i = 0; i < sizeof bad_status / sizeof bad_status[0]; i++)
        for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
            assert_int_equal(
                topic_transition_check(bad_status[i], (enum topic_status)s, ACTOR_ADMIN, true),
                HALL_E_TRANSITION_NOT_ALLOWED);
            assert_int_equal(
                topic_transition_check((enum topic_status)s, bad_status[i], ACTOR_ADMIN, true),
                HALL_E_TRANSITION_NOT_ALLOWED);
        }
    enum topic_actor bad_actor[] = {(enum topic_actor) - 1, ACTOR_COUNT, (enum topic_actor)99};
    for (size_t i = 0; i < sizeof bad_actor / sizeof bad_actor[0]; i++) {
        assert_int_equal(
            topic_transition_check(TOPIC_COLLECTING, TOPIC_PENDING_REVIEW, bad_actor[i], true),
            HALL_E_ROLE);
        assert_int_equal(topic_next_statuses(TOPIC_COLLECTING, bad_actor[i], NULL, 0), 0);
    }
    assert_null(topic_transition_name((enum topic_status) - 1, TOPIC_COLLECTING, HALL_LANG_ZH));
}

/* The buttons offered (topic_next_statuses) are the table's steps for that actor, in status order.
 */
static void test_next_statuses_follow_the_table(void **state)
{
    (void)state;
    for (int from = 0; from < TOPIC_STATUS_COUNT; from++)
        for (int actor = 0; actor < ACTOR_COUNT; actor++) {
            enum topic_status got[TOPIC_STATUS_COUNT];
            size_t n = topic_next_statuses((enum topic_status)from, (enum topic_actor)actor, got,
                                           TOPIC_STATUS_COUNT);
            size_t k = 0;
            for (int to = 0; to < TOPIC_STATUS_COUNT; to++) {
                const char *e = expected[from][to];
                if (!e || !strchr(e, actor_letter[actor]))
                    continue;
                assert_true(k < n);
                assert_int_equal(got[k], to);
                k++;
            }
            assert_int_equal(n, k);
            /* Too small a buffer: the count is still the full one, and nothing is overrun. */
            assert_int_equal(
                topic_next_statuses((enum topic_status)from, (enum topic_actor)actor, NULL, 0), n);
        }
    enum topic_status one[1] = {TOPIC_COLLECTING};
    assert_int_equal(topic_next_statuses(TOPIC_PENDING_REVIEW, ACTOR_WORKER, one, 1), 4);
    assert_int_equal(one[0], TOPIC_REJECTED);
}

/* The final statuses are exactly those the table leaves no way out of. */
static void test_final_statuses_have_no_way_out(void **state)
{
    (void)state;
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
        bool exits = false;
        for (int to = 0; to < TOPIC_STATUS_COUNT; to++)
            exits |= expected[s][to] != NULL;
        assert_int_equal(topic_status_is_final((enum topic_status)s), !exits);
    }
    assert_true(topic_status_is_final(TOPIC_REJECTED));
    assert_true(topic_status_is_final(TOPIC_TRANSFERRED));
    assert_true(topic_status_is_final(TOPIC_CLOSED));
    assert_true(topic_status_is_final(TOPIC_MERGED));
}

/* From 征集中, someone can bring a topic to every status. */
static void test_every_status_is_reachable(void **state)
{
    (void)state;
    bool seen[TOPIC_STATUS_COUNT] = {[TOPIC_COLLECTING] = true};
    bool grew = true;
    while (grew) {
        grew = false;
        for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
            if (!seen[s])
                continue;
            for (int a = 0; a < ACTOR_COUNT; a++) {
                enum topic_status next[TOPIC_STATUS_COUNT];
                size_t n = topic_next_statuses((enum topic_status)s, (enum topic_actor)a, next,
                                               TOPIC_STATUS_COUNT);
                for (size_t i = 0; i < n; i++)
                    if (!seen[next[i]])
                        seen[next[i]] = grew = true;
            }
        }
    }
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++)
        if (!seen[s])
            fail_msg("status %s cannot be reached", topic_status_key((enum topic_status)s));
}

/* A topic's whole life, each step taken by the one who would take it, with an objection upheld
 * once on the way. */
static void test_a_whole_life(void **state)
{
    (void)state;
    struct {
        enum topic_status to; /* where the step goes */
        enum topic_actor by;  /* who takes it */
        bool reason;          /* with a reason */
    } life[] = {
        {TOPIC_PENDING_REVIEW, ACTOR_PROPOSER, false},
        {TOPIC_ACCEPTED, ACTOR_WORKER, false},
        {TOPIC_DELIBERATING, ACTOR_CHAIR, false},
        {TOPIC_RESOLVED, ACTOR_CHAIR, false},
        {TOPIC_IN_NOTICE, ACTOR_WORKER, false},
        {TOPIC_DELIBERATING, ACTOR_DIRECTOR, true},
        {TOPIC_RESOLVED, ACTOR_WORKER, false},
        {TOPIC_IN_NOTICE, ACTOR_WORKER, false},
        {TOPIC_IN_EXECUTION, ACTOR_WORKER, false},
        {TOPIC_AWAITING_EVALUATION, ACTOR_DIRECTOR, false},
        {TOPIC_CLOSED, ACTOR_DIRECTOR, true},
    };
    enum topic_status at = TOPIC_COLLECTING;
    for (size_t i = 0; i < sizeof life / sizeof life[0]; i++) {
        assert_int_equal(topic_transition_check(at, life[i].to, life[i].by, life[i].reason),
                         HALL_OK);
        at = life[i].to;
    }
    assert_true(topic_status_is_final(at));
}

/* Each status has its Chinese name from DOMAIN.md §3, an English name and a stable key. */
static void test_status_names(void **state)
{
    (void)state;
    static const char *const zh[TOPIC_STATUS_COUNT] = {
        "征集中", "待审",   "不予立项", "转办",   "已立项", "议事中",
        "已决议", "公示中", "执行中",   "待评议", "已办结", "已合并",
    };
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
        assert_string_equal(topic_status_name((enum topic_status)s, HALL_LANG_ZH), zh[s]);
        const char *en = topic_status_name((enum topic_status)s, HALL_LANG_EN);
        assert_true(en[0] >= 'A' && en[0] <= 'Z');
        assert_int_equal(topic_status_parse(topic_status_key((enum topic_status)s)), s);
        for (int t = 0; t < s; t++) {
            assert_string_not_equal(en, topic_status_name((enum topic_status)t, HALL_LANG_EN));
            assert_string_not_equal(topic_status_key((enum topic_status)s),
                                    topic_status_key((enum topic_status)t));
        }
    }
    assert_string_equal(topic_status_name(TOPIC_PENDING_REVIEW, HALL_LANG_EN), "Pending review");
    assert_string_equal(topic_status_key(TOPIC_AWAITING_EVALUATION), "awaiting_evaluation");
    assert_string_equal(topic_status_name(TOPIC_STATUS_COUNT, HALL_LANG_ZH), "?");
    assert_int_equal(topic_status_parse("archived"), -1);
    /* Any language value but English reads as Chinese, as in web/i18n.c. */
    assert_string_equal(topic_status_name(TOPIC_CLOSED, 7), "已办结");
}

/* A step has a name in both languages exactly when it exists. */
static void test_step_names_exist_exactly_for_steps(void **state)
{
    (void)state;
    for (int from = 0; from < TOPIC_STATUS_COUNT; from++)
        for (int to = 0; to < TOPIC_STATUS_COUNT; to++)
            for (int lang = 0; lang < 2; lang++) {
                const char *name =
                    topic_transition_name((enum topic_status)from, (enum topic_status)to, lang);
                if (expected[from][to])
                    assert_true(name && name[0]);
                else
                    assert_null(name);
            }
    assert_string_equal(topic_transition_name(TOPIC_PENDING_REVIEW, TOPIC_REJECTED, HALL_LANG_ZH),
                        "不予立项");
}

/* Actor keys round-trip; an unknown one is -1. */
static void test_actor_keys_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < ACTOR_COUNT; a++)
        assert_int_equal(topic_actor_parse(topic_actor_key((enum topic_actor)a)), a);
    assert_string_equal(topic_actor_key(ACTOR_GROUP_LEADER), "group_leader");
    assert_int_equal(topic_actor_parse("mayor"), -1);
}

/* The refusal codes are the issue's, distinct, and each has a message in both languages. */
static void test_error_codes_and_messages(void **state)
{
    (void)state;
    assert_string_equal(hall_err_code(HALL_E_TRANSITION_NOT_ALLOWED), "E_TRANSITION_NOT_ALLOWED");
    assert_string_equal(hall_err_code(HALL_E_ROLE), "E_ROLE");
    assert_string_equal(hall_err_code(HALL_E_REASON_REQUIRED), "E_REASON_REQUIRED");
    assert_string_equal(hall_err_code(HALL_ERR_COUNT), "E_UNKNOWN");
    for (int e = 1; e < HALL_ERR_COUNT; e++) {
        assert_memory_equal(hall_err_code((enum hall_err)e), "E_", 2);
        assert_true(strlen(hall_err_message((enum hall_err)e, HALL_LANG_ZH)) > 0);
        assert_true(strlen(hall_err_message((enum hall_err)e, HALL_LANG_EN)) > 0);
        for (int f = 1; f < e; f++)
            assert_string_not_equal(hall_err_code((enum hall_err)e),
                                    hall_err_code((enum hall_err)f));
    }
    assert_true(strlen(hall_err_message((enum hall_err) - 1, HALL_LANG_ZH)) > 0);
}

/* Blank text, ASCII or ideographic spaces, is not a reason. */
static void test_what_counts_as_a_reason(void **state)
{
    (void)state;
    assert_false(hall_text_present(NULL));
    assert_false(hall_text_present(""));
    assert_false(hall_text_present(" \t\r\n"));
    assert_false(hall_text_present("\xe3\x80\x80\xe3\x80\x80 ")); /* ideographic spaces */
    assert_true(hall_text_present("重复"));
    assert_true(hall_text_present("\xe3\x80\x80属12345受理范围"));
    assert_true(hall_text_present(" x "));
    /* The first two bytes of U+3000 alone are not a space: something is there. */
    assert_true(hall_text_present("\xe3\x80"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_matrix),
        cmocka_unit_test(test_fourteen_steps_exist),
        cmocka_unit_test(test_which_steps_need_a_reason),
        cmocka_unit_test(test_refusal_order),
        cmocka_unit_test(test_out_of_range_values_are_refused),
        cmocka_unit_test(test_next_statuses_follow_the_table),
        cmocka_unit_test(test_final_statuses_have_no_way_out),
        cmocka_unit_test(test_every_status_is_reachable),
        cmocka_unit_test(test_a_whole_life),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_step_names_exist_exactly_for_steps),
        cmocka_unit_test(test_actor_keys_round_trip),
        cmocka_unit_test(test_error_codes_and_messages),
        cmocka_unit_test(test_what_counts_as_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
