/* Property test of the ledger: a seeded PRNG drives thousands of random operation sequences
 * against the pool model (add, approve, start, spend, reverse, reallocate, finish, lapse, and
 * pairs of operations decided "at once" against the same starting state) and checks, after
 * every step, every invariant (ledger_check), that a refused operation changed nothing, and
 * that no committed entry ever changed. The counters at the end prove each kind of operation
 * and each kind of refusal really happened, so the test cannot pass by doing nothing.
 *
 * Pairs: two requests read the same state S and each would pass on S alone. The store locks
 * the project row, so they run one after the other and the second is checked against S plus
 * the first; here the pair is applied that way, and whenever both passed on S but the second
 * fails after the first, a blind commit of both would have broken an invariant — the test
 * proves that too, by applying the second's effect to the first's state without its check.
 *
 * MULIN_PROPERTY_SEED and MULIN_PROPERTY_RUNS override the seed and the number of sequences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund/ledger_rules.h"

static uint64_t rng;

static uint64_t next(void)
{
    /* xorshift64*: good enough to explore, and the same on every machine for a seed. */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * UINT64_C(2685821657736338717);
}

static int64_t below(int64_t n)
{
    return n <= 0 ? 0 : (int64_t)(next() % (uint64_t)n);
}

enum op {
    OP_ADD,
    OP_APPROVE,
    OP_START,
    OP_SPEND,
    OP_REVERSE,
    OP_REALLOCATE,
    OP_FINISH,
    OP_LAPSE,
    OP_COUNT
};

static long done[OP_COUNT], refused[LEDGER_ERR_COUNT], races, blind_breaks, steps;

/* One random operation's arguments, drawn once so that a pair can apply the same operation
 * to two states. */
struct call {
    enum op op;
    int project, line, line_to, entry, nlines;
    int64_t amount;
    int64_t amounts[LEDGER_LINES_MAX];
};

static int64_t open_of(const struct ledger_pool *p, int pr, int line)
{
    if (pr < 0 || pr >= p->nprojects || line < 0 || line >= p->projects[pr].nlines)
        return 0;
    return ledger_line_open(&p->projects[pr].lines[line]);
}

static struct call draw(const struct ledger_pool *p, bool lapse_allowed)
{
    struct call c = {0};
    int64_t r = below(100);
    c.op = r < 5    ? OP_ADD
           : r < 15 ? OP_APPROVE
           : r < 25 ? OP_START
           : r < 65 ? OP_SPEND
           : r < 80 ? OP_REVERSE
           : r < 95 ? OP_REALLOCATE
           : r < 99 ? OP_FINISH
                    : OP_LAPSE;
    if (c.op == OP_LAPSE && !lapse_allowed)
        c.op = OP_SPEND;
    /* Mostly real projects, lines and entries; sometimes one that does not exist. */
    c.project = (int)below(p->nprojects + 1) - (below(20) == 0);
    /* Half the time, a project that is being carried out, where the money moves. */
    int live[LEDGER_PROJECTS_MAX], nlive = 0;
    for (int i = 0; i < p->nprojects; i++)
        if (p->projects[i].status == FUND_IN_PROGRESS)
            live[nlive++] = i;
    if (nlive > 0 && below(2) == 0)
        c.project = live[below(nlive)];
    int nl = c.project >= 0 && c.project < p->nprojects ? p->projects[c.project].nlines : 3;
    c.line = (int)below(nl + (below(10) == 0));
    c.line_to = (int)below(nl);
    c.entry = (int)below(p->nentries + 1);
    c.nlines = 1 + (int)below(4);
    int64_t open = open_of(p, c.project, c.line);
    switch (below(6)) {
    case 0:
        c.amount = -below(1000); /* zero or negative */
        break;
    case 1:
        c.amount = open + 1 + below(1000); /* just over what is left */
        break;
    case 2:
        c.amount = open; /* exactly what is left */
        break;
    default:
        c.amount = 1 + below(open > 0 ? open * 2 / 3 + 1 : 50000); /* a share of it */
    }
    for (int i = 0; i < LEDGER_LINES_MAX; i++)
        c.amounts[i] = 1 + below(below(4) == 0 ? 5000000 : 300000);
    if (c.op == OP_ADD && below(4) == 0) {
        /* A project asking for what the pool has left, give or take a fen: the edge of the
         * commitment rule. */
        c.nlines = 1;
        c.amounts[0] = p->amount[FUND_TYPE_PROJECT] - ledger_committed(p) + below(3) - 1;
    }
    if (c.op == OP_APPROVE && c.project >= 0 && c.project < p->nprojects) {
        const struct ledger_project *pr = &p->projects[c.project];
        for (int i = 0; i < pr->nlines; i++) {
            int64_t k = below(10);
            c.amounts[i] = k == 0   ? pr->lines[i].asked + 1
                           : k == 1 ? 0
                           : k < 6  ? pr->lines[i].asked
                                    : pr->lines[i].asked - below(pr->lines[i].asked / 2 + 1);
        }
    }
    return c;
}

static enum ledger_err apply(struct ledger_pool *p, const struct call *c)
{
    int id;
    switch (c->op) {
    case OP_ADD:
        return ledger_project_add(p, c->amounts, c->nlines, &id);
    case OP_APPROVE:
        return ledger_approve(p, c->project, c->amounts);
    case OP_START:
        return ledger_start(p, c->project);
    case OP_SPEND:
        return ledger_spend(p, c->project, c->line, c->amount);
    case OP_REVERSE:
        return ledger_reverse(p, c->entry);
    case OP_REALLOCATE:
        return ledger_reallocate(p, c->project, c->line, c->line_to, c->amount);
    case OP_FINISH:
        return ledger_finish(p, c->project);
    case OP_LAPSE:
        return ledger_lapse(p);
    default:
        return LEDGER_E_NOT_FOUND;
    }
}

static struct ledger_pool pool, before, alone_a, alone_b;

/* Applies c to pool and checks everything that must hold after it. */
static enum ledger_err step(const struct call *c, unsigned seed, int i)
{
    before = pool;
    enum ledger_err e = apply(&pool, c);
    steps++;
    if (e == LEDGER_OK) {
        done[c->op]++;
    } else {
        refused[e]++;
        if (memcmp(&before, &pool, sizeof pool) != 0)
            fail_msg("seed %u step %d: refused op %d (%s) changed the pool", seed, i, c->op,
                     ledger_err_code(e));
    }
    if (pool.nentries < before.nentries ||
        memcmp(pool.entries, before.entries, sizeof pool.entries[0] * (size_t)before.nentries))
        fail_msg("seed %u step %d: a committed entry changed", seed, i);
    /* 结项 freezes a project's money: no entry after it moves a finished project's lines
     * (only the year-end lapse closes what is left). */
    for (int k = before.nentries; k < pool.nentries; k++) {
        const struct ledger_entry *en = &pool.entries[k];
        if (en->kind != LEDGER_LAPSE && en->project >= 0 &&
            (before.projects[en->project].status == FUND_FINISHED ||
             before.projects[en->project].status == FUND_EVALUATED))
            fail_msg("seed %u step %d: op %d moved money of a finished project", seed, i, c->op);
    }
    const char *broken = ledger_check(&pool);
    if (broken)
        fail_msg("seed %u step %d after op %d: %s", seed, i, c->op, broken);
    return e;
}

/* The second of a pair, had it been committed on the first's state with only the check it
 * passed on the starting state: true when that breaks an invariant. Only expenses can be
 * grafted this simply (the line's spending plus one entry). */
static bool blind_commit_breaks(const struct call *b)
{
    if (b->op != OP_SPEND)
        return false;
    alone_b = pool;
    struct ledger_line *l = &alone_b.projects[b->project].lines[b->line];
    l->spent += b->amount;
    if (alone_b.nentries >= LEDGER_ENTRIES_MAX)
        return false;
    alone_b.entries[alone_b.nentries++] = (struct ledger_entry){
        LEDGER_EXPENSE, b->project, b->line, -1, b->amount, -1, FUND_TYPE_PROJECT};
    return ledger_check(&alone_b) != NULL;
}

static void run(unsigned seed, int ops)
{
    rng = UINT64_C(0x9E3779B97F4A7C15) ^ ((uint64_t)seed * UINT64_C(0x100000001B3));
    if (rng == 0)
        rng = 1;
    int64_t total = 100000 + below(20000000);
    int64_t a[FUND_TYPE_COUNT];
    a[FUND_TYPE_PROJECT] = total * 3 / 10 + below(total / 2);
    a[FUND_TYPE_WORKING] = below(total - a[FUND_TYPE_PROJECT] + 1);
    a[FUND_TYPE_SERVICE] = total - a[FUND_TYPE_PROJECT] - a[FUND_TYPE_WORKING];
    assert_int_equal(ledger_pool_init(&pool, a, 30, 100), LEDGER_OK);
    for (int i = 0; i < ops; i++) {
        if (below(5) == 0) {
            /* A pair against the same state: each decided alone on it, then serialised. */
            struct call ca = draw(&pool, false), cb = draw(&pool, false);
            if (below(2) == 0) { /* most races are two expenses on one line */
                ca.op = cb.op = OP_SPEND;
                cb.project = ca.project;
                cb.line = ca.line;
            }
            alone_a = pool;
            bool a_ok = apply(&alone_a, &ca) == LEDGER_OK;
            alone_a = pool;
            bool b_ok = apply(&alone_a, &cb) == LEDGER_OK;
            enum ledger_err ea = step(&ca, seed, i);
            bool breaks = b_ok && ea == LEDGER_OK && blind_commit_breaks(&cb);
            enum ledger_err eb = step(&cb, seed, i);
            if (a_ok && b_ok && ea == LEDGER_OK && eb != LEDGER_OK) {
                races++; /* both would pass alone; only one won */
                blind_breaks += breaks;
            }
            if (breaks && eb == LEDGER_OK)
                fail_msg("seed %u step %d: the second of a pair passed though it overspends", seed,
                         i);
        } else {
            struct call c = draw(&pool, i > ops / 2);
            step(&c, seed, i);
        }
    }
    /* Every year ends: close it if the sequence did not, and check the lapse. */
    if (!pool.closed) {
        struct call c = {.op = OP_LAPSE};
        assert_int_equal(step(&c, seed, ops), LEDGER_OK);
    }
    for (int p = 0; p < pool.nprojects; p++)
        for (int l = 0; fund_status_commits(pool.projects[p].status) && l < pool.projects[p].nlines;
             l++)
            assert_int_equal(ledger_line_open(&pool.projects[p].lines[l]), 0);
}

static void test_property(void **state)
{
    (void)state;
    const char *s = getenv("MULIN_PROPERTY_SEED"), *n = getenv("MULIN_PROPERTY_RUNS");
    unsigned seed0 = s ? (unsigned)strtoul(s, NULL, 10) : 20261125u;
    int runs = n ? atoi(n) : 5000;
    for (int k = 0; k < runs; k++)
        run(seed0 + (unsigned)k, 80);
    printf("# %ld steps: add %ld approve %ld start %ld spend %ld reverse %ld reallocate %ld "
           "finish %ld lapse %ld; refused over_line %ld closed %ld over_pool %ld amount %ld; "
           "races %ld (blind commit would break %ld)\n",
           steps, done[OP_ADD], done[OP_APPROVE], done[OP_START], done[OP_SPEND], done[OP_REVERSE],
           done[OP_REALLOCATE], done[OP_FINISH], done[OP_LAPSE], refused[LEDGER_E_OVER_LINE],
           refused[LEDGER_E_CLOSED], refused[LEDGER_E_OVER_POOL], refused[LEDGER_E_AMOUNT], races,
           blind_breaks);
    /* The sequences really exercised every operation and refusal. */
    for (int op = 0; op < OP_COUNT; op++)
        assert_true(done[op] > 100);
    assert_true(refused[LEDGER_E_OVER_LINE] > 100);
    assert_true(refused[LEDGER_E_CLOSED] > 100);
    assert_true(refused[LEDGER_E_OVER_POOL] > 10);
    assert_true(refused[LEDGER_E_REVERSED] > 10);
    assert_true(races > 50);
    assert_true(blind_breaks > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_property)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
