/* The ledger rules by example: the shared checks at their edges, and a pool of 吴淞's shape
 * (¥100,000, at least 30% for projects) taken through approval, spending, a reversal, a
 * reallocation and the year-end lapse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "fund/ledger_rules.h"
#include "fund/money.h"

#define YUAN(y) ((int64_t)(y)*100)

static void test_pool_check(void **state)
{
    (void)state;
    int64_t a[FUND_TYPE_COUNT] = {YUAN(50000), YUAN(20000), YUAN(30000)};
    assert_int_equal(ledger_pool_check(a, 30, 100), LEDGER_OK); /* exactly 30% */
    a[FUND_TYPE_PROJECT] -= 1;                                  /* one fen under */
    assert_int_equal(ledger_pool_check(a, 30, 100), LEDGER_E_SHARE);
    assert_int_equal(ledger_pool_check(a, 0, 1), LEDGER_OK); /* no share rule */
    assert_int_equal(ledger_pool_check(a, 2, 1), LEDGER_E_SHARE);
    assert_int_equal(ledger_pool_check(a, 1, 0), LEDGER_E_SHARE);
    assert_int_equal(ledger_pool_check(a, 1, 1001), LEDGER_E_SHARE);
    int64_t neg[FUND_TYPE_COUNT] = {-1, 0, 0};
    assert_int_equal(ledger_pool_check(neg, 0, 1), LEDGER_E_AMOUNT);
    int64_t big[FUND_TYPE_COUNT] = {MONEY_MAX_FEN, 0, 1};
    assert_int_equal(ledger_pool_check(big, 0, 1), LEDGER_E_AMOUNT);
}

static void test_shared_checks(void **state)
{
    (void)state;
    assert_int_equal(ledger_commit_check(1000, 400, 600), LEDGER_OK);
    assert_int_equal(ledger_commit_check(1000, 400, 601), LEDGER_E_OVER_POOL);
    assert_int_equal(ledger_commit_check(1000, 0, 0), LEDGER_E_AMOUNT);
    assert_int_equal(ledger_expense_check(FUND_IN_PROGRESS, false, 1000, 400, 600), LEDGER_OK);
    assert_int_equal(ledger_expense_check(FUND_IN_PROGRESS, false, 1000, 400, 601),
                     LEDGER_E_OVER_LINE);
    assert_int_equal(ledger_expense_check(FUND_IN_PROGRESS, false, 1000, 0, -5), LEDGER_E_AMOUNT);
    assert_int_equal(ledger_expense_check(FUND_IN_PROGRESS, false, 1000, 0, 0), LEDGER_E_AMOUNT);
    assert_int_equal(ledger_expense_check(FUND_IN_PROGRESS, true, 1000, 0, 1), LEDGER_E_CLOSED);
    for (int s = 0; s < FUND_STATUS_COUNT; s++)
        assert_int_equal(ledger_expense_check(s, false, 1000, 0, 1) == LEDGER_OK,
                         s == FUND_IN_PROGRESS);
    assert_int_equal(ledger_reallocate_check(FUND_APPROVED, false, 1000, 0, 1000), LEDGER_OK);
    assert_int_equal(ledger_reallocate_check(FUND_FINISHED, false, 1000, 0, 1), LEDGER_E_CLOSED);
    assert_int_equal(ledger_reallocate_check(FUND_IN_PROGRESS, false, 1000, 1, 1000),
                     LEDGER_E_OVER_LINE);
    assert_int_equal(ledger_err_status(LEDGER_E_OVER_LINE), 409);
    assert_int_equal(ledger_err_status(LEDGER_E_CLOSED), 409);
    assert_int_equal(ledger_err_status(LEDGER_E_AMOUNT), 422);
    assert_string_equal(ledger_err_code(LEDGER_E_OVER_LINE), "over_line");
    for (int k = 0; k < LEDGER_KIND_COUNT; k++)
        assert_int_equal(ledger_kind_parse(ledger_kind_key(k)), k);
    assert_int_equal(ledger_kind_parse("refund"), -1);
}

static void test_year(void **state)
{
    (void)state;
    static struct ledger_pool p;
    int64_t a[FUND_TYPE_COUNT] = {YUAN(50000), YUAN(20000), YUAN(30000)};
    assert_int_equal(ledger_pool_init(&p, a, 30, 100), LEDGER_OK);
    int64_t asked[3] = {YUAN(8000), YUAN(2000), YUAN(500)};
    int id, other;
    assert_int_equal(ledger_project_add(&p, asked, 3, &id), LEDGER_OK);
    assert_int_equal(p.projects[id].total, YUAN(10500));
    /* Spending before approval and start is refused. */
    assert_int_equal(ledger_spend(&p, id, 0, 100), LEDGER_E_CLOSED);
    int64_t over[3] = {YUAN(8001), 0, 0};
    assert_int_equal(ledger_approve(&p, id, over), LEDGER_E_OVER_ASKED);
    int64_t ok[3] = {YUAN(6000), YUAN(2000), 0};
    assert_int_equal(ledger_approve(&p, id, ok), LEDGER_OK);
    assert_int_equal(p.projects[id].approved, YUAN(8000));
    assert_int_equal(ledger_approve(&p, id, ok), LEDGER_E_STATUS);
    /* A second project may not commit more than the ¥22,000 left. */
    int64_t asked2[1] = {YUAN(25000)};
    assert_int_equal(ledger_project_add(&p, asked2, 1, &other), LEDGER_OK);
    int64_t too_much[1] = {YUAN(22000) + 1};
    assert_int_equal(ledger_approve(&p, other, too_much), LEDGER_E_OVER_POOL);
    int64_t exactly[1] = {YUAN(22000)};
    assert_int_equal(ledger_approve(&p, other, exactly), LEDGER_OK);
    assert_int_equal(ledger_committed(&p), YUAN(30000));

    assert_int_equal(ledger_start(&p, id), LEDGER_OK);
    assert_int_equal(ledger_spend(&p, id, 0, YUAN(5000)), LEDGER_OK);
    assert_int_equal(ledger_spend(&p, id, 0, YUAN(1000) + 1), LEDGER_E_OVER_LINE);
    assert_int_equal(ledger_spend(&p, id, 2, 1), LEDGER_E_OVER_LINE); /* nothing approved */
    assert_int_equal(ledger_reallocate(&p, id, 1, 2, YUAN(300)), LEDGER_OK);
    assert_int_equal(ledger_spend(&p, id, 2, YUAN(300)), LEDGER_OK);
    /* The reallocation cannot be undone now: line 2 spent what it brought. */
    int realloc = p.nentries - 2;
    assert_int_equal(p.entries[realloc].kind, LEDGER_REALLOCATE);
    assert_int_equal(ledger_reverse(&p, realloc), LEDGER_E_OVER_LINE);
    assert_int_equal(ledger_reallocate(&p, id, 1, 1, 1), LEDGER_E_SAME_LINE);
    /* A mistaken expense is reversed, once, and its money can be spent again. */
    int expense = 3; /* after the three approve entries: 0, 1 (id) and 2 (other) */
    assert_int_equal(p.entries[expense].kind, LEDGER_EXPENSE);
    assert_int_equal(ledger_reverse(&p, expense), LEDGER_OK);
    assert_int_equal(ledger_reverse(&p, expense), LEDGER_E_REVERSED);
    assert_int_equal(ledger_reverse(&p, p.nentries - 1), LEDGER_E_NOT_REVERSIBLE);
    assert_int_equal(ledger_reverse(&p, 0), LEDGER_E_NOT_REVERSIBLE); /* an approval */
    assert_int_equal(p.projects[id].lines[0].spent, 0);
    assert_int_equal(ledger_spend(&p, id, 0, YUAN(6000)), LEDGER_OK);
    assert_null(ledger_check(&p));

    int last = p.nentries - 1; /* the ¥6,000 expense */
    assert_int_equal(ledger_finish(&p, id), LEDGER_OK);
    assert_int_equal(ledger_spend(&p, id, 1, 1), LEDGER_E_CLOSED); /* expense on a closed project */
    /* 结项 freezes the spending the hall grades: no reversal, though the year is open. */
    assert_int_equal(ledger_reverse(&p, last), LEDGER_E_FINISHED);
    assert_int_equal(ledger_reverse_check(FUND_EVALUATED, false), LEDGER_E_FINISHED);
    assert_int_equal(ledger_reverse_check(FUND_IN_PROGRESS, false), LEDGER_OK);
    assert_int_equal(ledger_reverse_check(FUND_APPROVED, true), LEDGER_E_CLOSED);
    assert_int_equal(ledger_err_status(LEDGER_E_FINISHED), 409);
    assert_string_equal(ledger_err_code(LEDGER_E_FINISHED), "project_finished");
    assert_int_equal(ledger_lapse(&p), LEDGER_OK);
    assert_null(ledger_check(&p));
    /* What lapsed: ¥1,700 of line 1, and all ¥22,000 of the project never started. */
    int64_t lapsed[FUND_TYPE_COUNT] = {0};
    for (int i = 0; i < p.nentries; i++)
        if (p.entries[i].kind == LEDGER_LAPSE)
            lapsed[p.entries[i].type] += p.entries[i].amount;
    assert_int_equal(lapsed[FUND_TYPE_PROJECT], YUAN(1700) + YUAN(22000));
    /* Every fund type closes: the working and service parts lapse whole, each by its entry. */
    assert_int_equal(lapsed[FUND_TYPE_WORKING], YUAN(50000));
    assert_int_equal(lapsed[FUND_TYPE_SERVICE], YUAN(20000));
    assert_int_equal(p.lapsed_part[FUND_TYPE_WORKING], YUAN(50000));
    struct ledger_pool bad = p; /* a service part left open is caught */
    bad.nentries--;
    bad.lapsed_part[FUND_TYPE_SERVICE] = 0;
    assert_string_equal(ledger_check(&bad),
                        "the working or service part did not lapse in full at year end");
    assert_int_equal(ledger_lapse(&p), LEDGER_E_CLOSED);
    assert_int_equal(ledger_reverse(&p, expense + 1), LEDGER_E_CLOSED);
}

static void test_uncommitted_lapse(void **state)
{
    (void)state;
    static struct ledger_pool p;
    int64_t a[FUND_TYPE_COUNT] = {0, 0, YUAN(100)};
    assert_int_equal(ledger_pool_init(&p, a, 30, 100), LEDGER_OK);
    assert_int_equal(ledger_lapse(&p), LEDGER_OK);
    assert_int_equal(p.nentries, 1);
    assert_int_equal(p.entries[0].project, -1);
    assert_int_equal(p.entries[0].amount, YUAN(100));
    assert_null(ledger_check(&p));
    int id;
    int64_t asked[1] = {1};
    assert_int_equal(ledger_project_add(&p, asked, 1, &id), LEDGER_E_CLOSED);
}

static void test_check_catches(void **state)
{
    (void)state;
    static struct ledger_pool p;
    int64_t a[FUND_TYPE_COUNT] = {0, 0, YUAN(100)};
    int id;
    int64_t asked[2] = {YUAN(50), YUAN(50)};
    assert_int_equal(ledger_pool_init(&p, a, 0, 1), LEDGER_OK);
    assert_int_equal(ledger_project_add(&p, asked, 2, &id), LEDGER_OK);
    assert_int_equal(ledger_approve(&p, id, asked), LEDGER_OK);
    assert_int_equal(ledger_start(&p, id), LEDGER_OK);
    assert_int_equal(ledger_spend(&p, id, 0, YUAN(50)), LEDGER_OK);
    assert_null(ledger_check(&p));
    /* Each tampering is named by the check. */
    p.entries[p.nentries - 1].amount += 1;
    assert_non_null(ledger_check(&p));
    p.entries[p.nentries - 1].amount -= 1;
    p.projects[id].lines[0].spent += 1;
    p.entries[p.nentries - 1].amount += 1;
    assert_string_equal(ledger_check(&p), "a line spent more than approved plus reallocations");
    p.projects[id].lines[0].spent -= 1;
    p.entries[p.nentries - 1].amount -= 1;
    p.projects[id].total += 1;
    assert_string_equal(ledger_check(&p), "the lines do not add up to the project's total");
    p.projects[id].total -= 1;
    p.amount[FUND_TYPE_PROJECT] = YUAN(99);
    assert_string_equal(ledger_check(&p), "the pool committed more than its project part");
    p.amount[FUND_TYPE_PROJECT] = YUAN(100);
    assert_null(ledger_check(&p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_check),    cmocka_unit_test(test_shared_checks),
        cmocka_unit_test(test_year),          cmocka_unit_test(test_uncommitted_lapse),
        cmocka_unit_test(test_check_catches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
