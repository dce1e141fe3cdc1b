/* The permission decision as a full matrix: every role × every action × a node at, under,
 * above and beside the grant. The expected table is written here independently of perm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/perm.h"

/* The tree: subdistrict /1/2/, area A /1/2/3/, its group /1/2/3/4/5/, a household in it
 * /1/2/3/4/5/6/7/, and area B /1/2/30/ (note: /1/2/3 is a prefix of /1/2/30 as a string, but
 * not as a path, which is why paths end in '/'). */
#define SUB "/1/2/"
#define AREA_A "/1/2/3/"
#define GROUP_A "/1/2/3/4/5/"
#define HOME_A "/1/2/3/4/5/6/7/"
#define AREA_B "/1/2/30/"

/* Where each role is held in the matrix. */
static const char *const held_at[ROLE_COUNT] = {
    [ROLE_RESIDENT] = HOME_A, [ROLE_GROUP_LEADER] = GROUP_A, [ROLE_DIRECTOR] = AREA_A,
    [ROLE_CHAIR] = AREA_A,    [ROLE_RECORDER] = AREA_A,      [ROLE_WORKER] = AREA_A,
    [ROLE_ADMIN] = SUB,
};

/* Expected: may the holder do the action on its own node and below? (VIEW_TREE is global.) */
static const int expected[ROLE_COUNT][ACT_COUNT] = {
    /* TREE PEOPLE PHONE IMPORT GRANT INVITE SCREEN ENTER MODERATE POLL BALLOTS RESOLVE STATS
     * FUND_REVIEW FUND_EXPENSE */
    [ROLE_RESIDENT] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    [ROLE_GROUP_LEADER] = {1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0},
    [ROLE_DIRECTOR] = {1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0},
    [ROLE_CHAIR] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0},
    [ROLE_RECORDER] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    [ROLE_WORKER] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
    [ROLE_ADMIN] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
};

static void test_matrix_on_own_node(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_COUNT; role++) {
        struct grant g = {held_at[role], (enum role)role};
        for (int a = 0; a < ACT_COUNT; a++) {
            bool got = perm_allows(&g, 1, held_at[role], (enum action)a);
            if (got != (expected[role][a] != 0))
                fail_msg("role %s action %d on own node: got %d", role_name((enum role)role), a,
                         got);
        }
    }
}

static void test_matrix_below_own_node(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_COUNT; role++) {
        if (role == ROLE_RESIDENT)
            continue; /* a household has nothing below it */
        struct grant g = {held_at[role], (enum role)role};
        for (int a = 0; a < ACT_COUNT; a++)
            assert_int_equal(perm_allows(&g, 1, HOME_A, (enum action)a), expected[role][a]);
    }
}

static void test_nothing_outside_own_node_but_the_tree(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_COUNT; role++) {
        if (role == ROLE_ADMIN)
            continue; /* the subdistrict contains area B */
        struct grant g = {held_at[role], (enum role)role};
        for (int a = 0; a < ACT_COUNT; a++) {
            bool want = a == ACT_VIEW_TREE;
            assert_int_equal(perm_allows(&g, 1, AREA_B, (enum action)a), want);
            /* above the grant: never more than browsing */
            assert_int_equal(perm_allows(&g, 1, SUB, (enum action)a), want);
        }
    }
}

static void test_admin_reaches_every_area_of_the_subdistrict(void **state)
{
    (void)state;
    struct grant g = {SUB, ROLE_ADMIN};
    assert_true(perm_allows(&g, 1, AREA_B, ACT_VIEW_PEOPLE));
    assert_true(perm_allows(&g, 1, AREA_A, ACT_IMPORT_ROSTER));
    assert_false(perm_allows(&g, 1, "/1/9/", ACT_VIEW_PEOPLE)); /* another subdistrict */
}

static void test_prefix_is_by_segment(void **state)
{
    (void)state;
    struct grant g = {AREA_A, ROLE_WORKER};
    assert_false(perm_allows(&g, 1, AREA_B, ACT_VIEW_PEOPLE));
    assert_true(perm_path_within(AREA_A, AREA_A));
    assert_false(perm_path_within("/1/2/30/", "/1/2/3"));
    assert_false(perm_path_within("/1/2/", ""));
}

static void test_anonymous_may_do_nothing(void **state)
{
    (void)state;
    for (int a = 0; a < ACT_COUNT; a++)
        assert_false(perm_allows(NULL, 0, AREA_A, (enum action)a));
}

static void test_several_grants_combine(void **state)
{
    (void)state;
    struct grant g[2] = {{HOME_A, ROLE_RESIDENT}, {AREA_B, ROLE_WORKER}};
    assert_true(perm_allows(g, 2, HOME_A, ACT_VIEW_PEOPLE));
    assert_false(perm_allows(g, 2, HOME_A, ACT_VIEW_PHONE));
    assert_true(perm_allows(g, 2, AREA_B, ACT_IMPORT_ROSTER));
    assert_false(perm_allows(g, 2, AREA_A, ACT_IMPORT_ROSTER));
}

static void test_who_may_grant_what(void **state)
{
    (void)state;
    struct grant worker = {AREA_A, ROLE_WORKER};
    struct grant admin = {SUB, ROLE_ADMIN};
    struct grant leader = {GROUP_A, ROLE_GROUP_LEADER};
    for (int role = 0; role < ROLE_COUNT; role++) {
        bool resident_level = role == ROLE_GROUP_LEADER || role == ROLE_DIRECTOR ||
                              role == ROLE_CHAIR || role == ROLE_RECORDER;
        assert_int_equal(perm_can_grant(&worker, 1, GROUP_A, (enum role)role), resident_level);
        assert_int_equal(perm_can_grant(&worker, 1, AREA_B, (enum role)role), false);
        assert_int_equal(perm_can_grant(&admin, 1, AREA_B, (enum role)role), role != ROLE_RESIDENT);
        assert_false(perm_can_grant(&leader, 1, GROUP_A, (enum role)role));
    }
}

static void test_role_names_round_trip(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_COUNT; role++)
        assert_int_equal(role_parse(role_name((enum role)role)), role);
    assert_int_equal(role_parse("mayor"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_on_own_node),
        cmocka_unit_test(test_matrix_below_own_node),
        cmocka_unit_test(test_nothing_outside_own_node_but_the_tree),
        cmocka_unit_test(test_admin_reaches_every_area_of_the_subdistrict),
        cmocka_unit_test(test_prefix_is_by_segment),
        cmocka_unit_test(test_anonymous_may_do_nothing),
        cmocka_unit_test(test_several_grants_combine),
        cmocka_unit_test(test_who_may_grant_what),
        cmocka_unit_test(test_role_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
