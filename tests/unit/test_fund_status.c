/* The project status machine as a full matrix: every (from, to, actor, reason) is checked
 * against a table written out here by hand, so a step added or lost in project_status.c fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "fund/project_status.h"

enum { H = FUND_ACTOR_HALL, S = FUND_ACTOR_SUBDISTRICT, L = FUND_ACTOR_LEADER, N = -1 };

/* who[from][to]: the one actor who takes the step, or N when there is none. Order of
 * enum fund_status: draft, hall_approved, submitted, approved, returned, rejected,
 * in_progress, finished, evaluated. */
static const int who[FUND_STATUS_COUNT][FUND_STATUS_COUNT] = {
    /*            dr hA su ap re rj ip fi ev */
    /* draft */ {N, H, N, N, N, N, N, N, N},
    /* hall_a */ {N, N, H, N, N, N, N, N, N},
    /* subm */ {N, N, N, S, S, S, N, N, N},
    /* appr */ {N, N, N, N, N, N, L, N, N},
    /* retu */ {H, N, N, N, N, N, N, N, N},
    /* rej */ {N, N, N, N, N, N, N, N, N},
    /* inpr */ {N, N, N, N, N, N, N, L, N},
    /* fin */ {N, N, N, N, N, N, N, N, H},
    /* eval */ {N, N, N, N, N, N, N, N, N},
};

static void test_matrix(void **state)
{
    (void)state;
    int steps = 0;
    for (int f = 0; f < FUND_STATUS_COUNT; f++)
        for (int t = 0; t < FUND_STATUS_COUNT; t++)
            for (int a = 0; a < FUND_ACTOR_COUNT; a++)
                for (int reason = 0; reason < 2; reason++) {
                    bool needs =
                        (f == FUND_SUBMITTED && (t == FUND_RETURNED || t == FUND_REJECTED));
                    enum fund_step_err want;
                    if (who[f][t] == N)
                        want = FUND_STEP_NO_SUCH_STEP;
                    else if (who[f][t] != a)
                        want = FUND_STEP_ROLE;
                    else if (needs && !reason)
                        want = FUND_STEP_REASON;
                    else
                        want = FUND_STEP_OK;
                    enum fund_step_err got = fund_step_check(f, t, a, reason);
                    if (got != want)
                        fail_msg("%s → %s by %s (reason %d): got %s, want %s", fund_status_key(f),
                                 fund_status_key(t), fund_actor_key(a), reason,
                                 fund_step_err_code(got), fund_step_err_code(want));
                    steps += got == FUND_STEP_OK;
                    assert_int_equal(fund_step_needs_reason(f, t), needs);
                }
    assert_int_equal(steps, 9 * 2 - 2); /* nine steps, two without a reason refused */
    /* The 居委 worker takes no status step at all. */
    for (int f = 0; f < FUND_STATUS_COUNT; f++)
        for (int t = 0; t < FUND_STATUS_COUNT; t++)
            assert_int_not_equal(fund_step_check(f, t, FUND_ACTOR_WORKER, true), FUND_STEP_OK);
}

static void test_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(fund_step_check(FUND_STATUS_COUNT, FUND_DRAFT, FUND_ACTOR_HALL, true),
                     FUND_STEP_NO_SUCH_STEP);
    assert_int_equal(fund_step_check((enum fund_status) - 1, FUND_DRAFT, FUND_ACTOR_HALL, true),
                     FUND_STEP_NO_SUCH_STEP);
    assert_int_equal(fund_step_check(FUND_DRAFT, FUND_HALL_APPROVED, FUND_ACTOR_COUNT, true),
                     FUND_STEP_ROLE);
    assert_string_equal(fund_status_key(FUND_STATUS_COUNT), "?");
    assert_string_equal(fund_status_name(FUND_STATUS_COUNT, 0), "?");
    assert_string_equal(fund_step_err_code(FUND_STEP_ERR_COUNT), "step_not_allowed");
}

static void test_predicates(void **state)
{
    (void)state;
    for (int s = 0; s < FUND_STATUS_COUNT; s++) {
        assert_int_equal(fund_status_spendable(s), s == FUND_IN_PROGRESS);
        assert_int_equal(fund_status_is_final(s), s == FUND_REJECTED || s == FUND_EVALUATED);
        /* A final status has no step out of it. */
        for (int t = 0; t < FUND_STATUS_COUNT && fund_status_is_final(s); t++)
            assert_int_equal(who[s][t], N);
        assert_int_equal(fund_status_commits(s), s == FUND_APPROVED || s == FUND_IN_PROGRESS ||
                                                     s == FUND_FINISHED || s == FUND_EVALUATED);
    }
}

static void test_names(void **state)
{
    (void)state;
    for (int s = 0; s < FUND_STATUS_COUNT; s++) {
        assert_int_equal(fund_status_parse(fund_status_key(s)), s);
        assert_string_not_equal(fund_status_name(s, 0), "?");
        assert_string_not_equal(fund_status_name(s, 1), "?");
    }
    assert_int_equal(fund_status_parse("nope"), -1);
    assert_int_equal(fund_status_parse(NULL), -1);
    assert_string_equal(fund_status_name(FUND_HALL_APPROVED, 0), "议事厅通过");
    assert_string_equal(fund_status_name(FUND_REJECTED, 0), "不予批准");
    assert_string_equal(fund_status_key(FUND_IN_PROGRESS), "in_progress");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
