/* The ledger rules and the in-memory model of a pool; see ledger_rules.h. Every operation checks
 * everything first and changes nothing on a refusal, so an operation is all or nothing. */
#include "fund/ledger_rules.h"

#include <string.h>

#include "fund/money.h"

const char *ledger_err_code(enum ledger_err e)
{
    static const char *const k[LEDGER_ERR_COUNT] = {
        [LEDGER_OK] = "ok",
        [LEDGER_E_AMOUNT] = "amount_invalid",
        [LEDGER_E_CLOSED] = "closed",
        [LEDGER_E_OVER_LINE] = "over_line",
        [LEDGER_E_OVER_POOL] = "over_pool",
        [LEDGER_E_OVER_ASKED] = "over_asked",
        [LEDGER_E_SAME_LINE] = "same_line",
        [LEDGER_E_NOT_FOUND] = "not_found",
        [LEDGER_E_REVERSED] = "already_reversed",
        [LEDGER_E_NOT_REVERSIBLE] = "not_reversible",
        [LEDGER_E_SHARE] = "share_rule",
        [LEDGER_E_STATUS] = "wrong_status",
        [LEDGER_E_FULL] = "full",
        [LEDGER_E_FINISHED] = "project_finished",
    };
    return (unsigned)e < LEDGER_ERR_COUNT ? k[e] : "invalid";
}

int ledger_err_status(enum ledger_err e)
{
    switch (e) {
    case LEDGER_OK:
        return 200;
    case LEDGER_E_NOT_FOUND:
        return 404;
    case LEDGER_E_AMOUNT:
    case LEDGER_E_OVER_ASKED:
    case LEDGER_E_SAME_LINE:
    case LEDGER_E_SHARE:
        return 422; /* the input itself is wrong */
    default:
        return 409; /* the input is fine but the ledger's state refuses it */
    }
}

static const char *const kind_keys[LEDGER_KIND_COUNT] = {"approve", "expense", "reverse",
                                                         "reallocate", "lapse"};

const char *ledger_kind_key(enum ledger_kind k)
{
    return (unsigned)k < LEDGER_KIND_COUNT ? kind_keys[k] : "?";
}

int ledger_kind_parse(const char *key)
{
    for (int i = 0; key && i < LEDGER_KIND_COUNT; i++)
        if (strcmp(key, kind_keys[i]) == 0)
            return i;
    return -1;
}

const char *fund_type_key(enum fund_type t)
{
    static const char *const k[FUND_TYPE_COUNT] = {"working", "service", "project"};
    return (unsigned)t < FUND_TYPE_COUNT ? k[t] : "?";
}

static bool amount_ok(int64_t a)
{
    return a > 0 && a <= MONEY_MAX_FEN;
}

enum ledger_err ledger_pool_check(const int64_t amount[FUND_TYPE_COUNT], int64_t share_num,
                                  int64_t share_den)
{
    if (share_den < 1 || share_den > 1000 || share_num < 0 || share_num > share_den)
        return LEDGER_E_SHARE;
    int64_t sum = 0;
    for (int t = 0; t < FUND_TYPE_COUNT; t++) {
        if (amount[t] < 0 || amount[t] > MONEY_MAX_FEN)
            return LEDGER_E_AMOUNT;
        sum += amount[t];
    }
    if (sum > MONEY_MAX_FEN)
        return LEDGER_E_AMOUNT;
    /* project ≥ sum·num/den, cross-multiplied: both sides stay below 10^10·1000. */
    if (amount[FUND_TYPE_PROJECT] * share_den < sum * share_num)
        return LEDGER_E_SHARE;
    return LEDGER_OK;
}

enum ledger_err ledger_commit_check(int64_t project_part, int64_t committed, int64_t approving)
{
    if (!amount_ok(approving))
        return LEDGER_E_AMOUNT;
    if (committed + approving > project_part)
        return LEDGER_E_OVER_POOL;
    return LEDGER_OK;
}

enum ledger_err ledger_expense_check(enum fund_status s, bool year_closed, int64_t available,
                                     int64_t spent, int64_t amount)
{
    if (!amount_ok(amount))
        return LEDGER_E_AMOUNT;
    if (year_closed || !fund_status_spendable(s))
        return LEDGER_E_CLOSED;
    if (amount > available - spent)
        return LEDGER_E_OVER_LINE;
    return LEDGER_OK;
}

enum ledger_err ledger_reallocate_check(enum fund_status s, bool year_closed, int64_t available,
                                        int64_t spent, int64_t amount)
{
    if (!amount_ok(amount))
        return LEDGER_E_AMOUNT;
    if (year_closed || (s != FUND_APPROVED && s != FUND_IN_PROGRESS))
        return LEDGER_E_CLOSED;
    if (amount > available - spent)
        return LEDGER_E_OVER_LINE;
    return LEDGER_OK;
}

enum ledger_err ledger_reverse_check(enum fund_status s, bool year_closed)
{
    if (year_closed)
        return LEDGER_E_CLOSED;
    if (s == FUND_FINISHED || s == FUND_EVALUATED)
        return LEDGER_E_FINISHED;
    return LEDGER_OK;
}

/* ---- the model ---- */

static int64_t available(const struct ledger_line *l)
{
    return l->approved + l->moved_in - l->moved_out;
}

int64_t ledger_line_open(const struct ledger_line *l)
{
    return available(l) - l->spent - l->lapsed;
}

int64_t ledger_committed(const struct ledger_pool *p)
{
    int64_t sum = 0;
    for (int i = 0; i < p->nprojects; i++)
        if (fund_status_commits(p->projects[i].status))
            sum += p->projects[i].approved;
    return sum;
}

static enum ledger_err append(struct ledger_pool *p, enum ledger_kind kind, int project, int line,
                              int line_to, int64_t amount, int reversal_of)
{
    if (p->nentries >= LEDGER_ENTRIES_MAX)
        return LEDGER_E_FULL;
    p->entries[p->nentries++] =
        (struct ledger_entry){kind, project, line, line_to, amount, reversal_of, FUND_TYPE_PROJECT};
    return LEDGER_OK;
}

enum ledger_err ledger_pool_init(struct ledger_pool *p, const int64_t amount[FUND_TYPE_COUNT],
                                 int64_t share_num, int64_t share_den)
{
    enum ledger_err e = ledger_pool_check(amount, share_num, share_den);
    if (e != LEDGER_OK)
        return e;
    memset(p, 0, sizeof *p);
    memcpy(p->amount, amount, sizeof p->amount);
    p->share_num = share_num;
    p->share_den = share_den;
    return LEDGER_OK;
}

enum ledger_err ledger_project_add(struct ledger_pool *p, const int64_t *asked, int n, int *id)
{
    if (p->closed)
        return LEDGER_E_CLOSED;
    if (n < 1 || n > LEDGER_LINES_MAX)
        return LEDGER_E_NOT_FOUND;
    if (p->nprojects >= LEDGER_PROJECTS_MAX)
        return LEDGER_E_FULL;
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        if (!amount_ok(asked[i]))
            return LEDGER_E_AMOUNT;
        total += asked[i];
    }
    if (total > MONEY_MAX_FEN)
        return LEDGER_E_AMOUNT;
    struct ledger_project *pr = &p->projects[p->nprojects];
    memset(pr, 0, sizeof *pr);
    pr->status = FUND_SUBMITTED;
    pr->nlines = n;
    pr->total = total;
    for (int i = 0; i < n; i++)
        pr->lines[i].asked = asked[i];
    *id = p->nprojects++;
    return LEDGER_OK;
}

static struct ledger_project *project_at(struct ledger_pool *p, int project)
{
    return project >= 0 && project < p->nprojects ? &p->projects[project] : NULL;
}

enum ledger_err ledger_approve(struct ledger_pool *p, int project, const int64_t *approved)
{
    struct ledger_project *pr = project_at(p, project);
    if (!pr)
        return LEDGER_E_NOT_FOUND;
    if (p->closed)
        return LEDGER_E_CLOSED;
    if (pr->status != FUND_SUBMITTED)
        return LEDGER_E_STATUS;
    int64_t total = 0;
    int entries = 0;
    for (int i = 0; i < pr->nlines; i++) {
        if (approved[i] < 0 || approved[i] > MONEY_MAX_FEN)
            return LEDGER_E_AMOUNT;
        if (approved[i] > pr->lines[i].asked)
            return LEDGER_E_OVER_ASKED;
        total += approved[i];
        entries += approved[i] > 0;
    }
    enum ledger_err e =
        ledger_commit_check(p->amount[FUND_TYPE_PROJECT], ledger_committed(p), total);
    if (e != LEDGER_OK)
        return e;
    if (p->nentries + entries > LEDGER_ENTRIES_MAX)
        return LEDGER_E_FULL;
    for (int i = 0; i < pr->nlines; i++) {
        if (approved[i] > 0)
            append(p, LEDGER_APPROVE, project, i, -1, approved[i], -1);
        pr->lines[i].approved = approved[i];
    }
    pr->approved = total;
    pr->status = FUND_APPROVED;
    return LEDGER_OK;
}

enum ledger_err ledger_start(struct ledger_pool *p, int project)
{
    struct ledger_project *pr = project_at(p, project);
    if (!pr)
        return LEDGER_E_NOT_FOUND;
    if (p->closed)
        return LEDGER_E_CLOSED;
    if (fund_step_check(pr->status, FUND_IN_PROGRESS, FUND_ACTOR_LEADER, false) != FUND_STEP_OK)
        return LEDGER_E_STATUS;
    pr->status = FUND_IN_PROGRESS;
    return LEDGER_OK;
}

enum ledger_err ledger_finish(struct ledger_pool *p, int project)
{
    struct ledger_project *pr = project_at(p, project);
    if (!pr)
        return LEDGER_E_NOT_FOUND;
    if (fund_step_check(pr->status, FUND_FINISHED, FUND_ACTOR_LEADER, false) != FUND_STEP_OK)
        return LEDGER_E_STATUS;
    pr->status = FUND_FINISHED;
    return LEDGER_OK;
}

enum ledger_err ledger_spend(struct ledger_pool *p, int project, int line, int64_t amount)
{
    struct ledger_project *pr = project_at(p, project);
    if (!pr || line < 0 || line >= pr->nlines)
        return LEDGER_E_NOT_FOUND;
    struct ledger_line *l = &pr->lines[line];
    enum ledger_err e = ledger_expense_check(pr->status, p->closed, available(l), l->spent, amount);
    if (e == LEDGER_OK)
        e = append(p, LEDGER_EXPENSE, project, line, -1, amount, -1);
    if (e == LEDGER_OK)
        l->spent += amount;
    return e;
}

enum ledger_err ledger_reallocate(struct ledger_pool *p, int project, int from, int to,
                                  int64_t amount)
{
    struct ledger_project *pr = project_at(p, project);
    if (!pr || from < 0 || from >= pr->nlines || to < 0 || to >= pr->nlines)
        return LEDGER_E_NOT_FOUND;
    if (from == to)
        return LEDGER_E_SAME_LINE;
    struct ledger_line *l = &pr->lines[from];
    enum ledger_err e =
        ledger_reallocate_check(pr->status, p->closed, available(l), l->spent, amount);
    if (e == LEDGER_OK)
        e = append(p, LEDGER_REALLOCATE, project, from, to, amount, -1);
    if (e == LEDGER_OK) {
        l->moved_out += amount;
        pr->lines[to].moved_in += amount;
    }
    return e;
}

enum ledger_err ledger_reverse(struct ledger_pool *p, int e)
{
    if (e < 0 || e >= p->nentries)
        return LEDGER_E_NOT_FOUND;
    const struct ledger_entry *en = &p->entries[e];
    enum ledger_err st = ledger_reverse_check(
        en->project >= 0 ? p->projects[en->project].status : FUND_IN_PROGRESS, p->closed);
    if (st != LEDGER_OK)
        return st;
    if (en->kind != LEDGER_EXPENSE && en->kind != LEDGER_REALLOCATE)
        return LEDGER_E_NOT_REVERSIBLE;
    for (int i = e + 1; i < p->nentries; i++)
        if (p->entries[i].kind == LEDGER_REVERSE && p->entries[i].reversal_of == e)
            return LEDGER_E_REVERSED;
    struct ledger_project *pr = &p->projects[en->project];
    if (en->kind == LEDGER_REALLOCATE) {
        /* Moving the money back must not leave the target line overspent. */
        const struct ledger_line *to = &pr->lines[en->line_to];
        if (available(to) - to->spent < en->amount)
            return LEDGER_E_OVER_LINE;
    }
    struct ledger_entry copy = *en;
    enum ledger_err err =
        append(p, LEDGER_REVERSE, copy.project, copy.line, copy.line_to, -copy.amount, e);
    if (err != LEDGER_OK)
        return err;
    if (copy.kind == LEDGER_EXPENSE) {
        pr->lines[copy.line].spent -= copy.amount;
    } else {
        pr->lines[copy.line].moved_out -= copy.amount;
        pr->lines[copy.line_to].moved_in -= copy.amount;
    }
    return LEDGER_OK;
}

enum ledger_err ledger_lapse(struct ledger_pool *p)
{
    if (p->closed)
        return LEDGER_E_CLOSED;
    int need = 0;
    for (int i = 0; i < p->nprojects; i++)
        for (int j = 0; fund_status_commits(p->projects[i].status) && j < p->projects[i].nlines;
             j++)
            need += ledger_line_open(&p->projects[i].lines[j]) > 0;
    int64_t uncommitted = p->amount[FUND_TYPE_PROJECT] - ledger_committed(p);
    need += uncommitted > 0;
    need += (p->amount[FUND_TYPE_WORKING] > 0) + (p->amount[FUND_TYPE_SERVICE] > 0);
    if (p->nentries + need > LEDGER_ENTRIES_MAX)
        return LEDGER_E_FULL;
    for (int i = 0; i < p->nprojects; i++) {
        struct ledger_project *pr = &p->projects[i];
        for (int j = 0; fund_status_commits(pr->status) && j < pr->nlines; j++) {
            int64_t open = ledger_line_open(&pr->lines[j]);
            if (open > 0) {
                append(p, LEDGER_LAPSE, i, j, -1, open, -1);
                pr->lines[j].lapsed += open;
            }
        }
    }
    if (uncommitted > 0) {
        append(p, LEDGER_LAPSE, -1, -1, -1, uncommitted, -1);
        p->lapsed_uncommitted = uncommitted;
    }
    /* The working and service parts: nothing of them is spent through this ledger, so all of
     * each is its open balance, closed by an entry of its own type. */
    for (int t = FUND_TYPE_WORKING; t <= FUND_TYPE_SERVICE; t++)
        if (p->amount[t] > 0) {
            append(p, LEDGER_LAPSE, -1, -1, -1, p->amount[t], -1);
            p->entries[p->nentries - 1].type = (enum fund_type)t;
            p->lapsed_part[t] = p->amount[t];
        }
    p->closed = true;
    return LEDGER_OK;
}

/* ---- the invariants ---- */

const char *ledger_check(const struct ledger_pool *p)
{
    struct ledger_line re[LEDGER_PROJECTS_MAX][LEDGER_LINES_MAX]; /* recomputed from entries */
    bool reversed[LEDGER_ENTRIES_MAX];
    memset(re, 0, sizeof re);
    memset(reversed, 0, sizeof reversed);
    int64_t lapsed_uncommitted = 0, lapsed_part[FUND_TYPE_COUNT] = {0};
    bool any_lapse = false;
    if (ledger_pool_check(p->amount, p->share_num, p->share_den) != LEDGER_OK)
        return "the pool's parts break the share rule";
    for (int i = 0; i < p->nentries; i++) {
        const struct ledger_entry *e = &p->entries[i];
        if (e->type != FUND_TYPE_PROJECT &&
            (e->kind != LEDGER_LAPSE || e->project != -1 || (unsigned)e->type >= FUND_TYPE_COUNT))
            return "an entry of the working or service part other than its lapse";
        if (e->kind == LEDGER_LAPSE && e->project == -1) {
            if (e->amount <= 0)
                return "a lapse entry is not positive";
            any_lapse = true;
            if (e->type != FUND_TYPE_PROJECT) {
                lapsed_part[e->type] += e->amount;
                continue;
            }
            lapsed_uncommitted += e->amount;
            any_lapse = true;
            continue;
        }
        if (e->project < 0 || e->project >= p->nprojects || e->line < 0 ||
            e->line >= p->projects[e->project].nlines)
            return "an entry names no line";
        struct ledger_line *l = &re[e->project][e->line];
        switch (e->kind) {
        case LEDGER_APPROVE:
            if (e->amount <= 0 || !fund_status_commits(p->projects[e->project].status))
                return "an approval is not positive or its project does not commit";
            l->approved += e->amount;
            break;
        case LEDGER_EXPENSE:
            if (e->amount <= 0)
                return "an expense is not positive";
            l->spent += e->amount;
            break;
        case LEDGER_REALLOCATE:
            if (e->amount <= 0 || e->line_to < 0 || e->line_to >= p->projects[e->project].nlines ||
                e->line_to == e->line)
                return "a reallocation is not positive or has no other line";
            l->moved_out += e->amount;
            re[e->project][e->line_to].moved_in += e->amount;
            break;
        case LEDGER_REVERSE: {
            int o = e->reversal_of;
            if (o < 0 || o >= i)
                return "a reversal refers to no earlier entry";
            const struct ledger_entry *oe = &p->entries[o];
            if (reversed[o])
                return "an entry is reversed twice";
            reversed[o] = true;
            if (e->amount != -oe->amount || e->project != oe->project || e->line != oe->line)
                return "a reversal does not mirror what it reverses";
            if (oe->kind == LEDGER_EXPENSE) {
                l->spent += e->amount;
            } else if (oe->kind == LEDGER_REALLOCATE && e->line_to == oe->line_to) {
                l->moved_out += e->amount;
                re[e->project][oe->line_to].moved_in += e->amount;
            } else {
                return "a reversal of something that cannot be reversed";
            }
            break;
        }
        case LEDGER_LAPSE:
            if (e->amount <= 0)
                return "a lapse entry is not positive";
            l->lapsed += e->amount;
            any_lapse = true;
            break;
        default:
            return "an entry of no known kind";
        }
    }
    if (any_lapse && !p->closed)
        return "a lapse entry before the year is closed";
    for (int i = 0; i < p->nprojects; i++) {
        const struct ledger_project *pr = &p->projects[i];
        int64_t asked = 0, approved = 0, spent = 0;
        for (int j = 0; j < pr->nlines; j++) {
            const struct ledger_line *l = &pr->lines[j], *r = &re[i][j];
            if (l->approved != r->approved || l->spent != r->spent || l->moved_in != r->moved_in ||
                l->moved_out != r->moved_out || l->lapsed != r->lapsed)
                return "a line's totals differ from its entries";
            if (l->approved > l->asked)
                return "a line is approved above what was asked";
            if (l->spent < 0)
                return "a line's spending is negative";
            if (l->spent > available(l))
                return "a line spent more than approved plus reallocations";
            if (p->closed && fund_status_commits(pr->status) && ledger_line_open(l) != 0)
                return "an open balance after the lapse";
            if (ledger_line_open(l) < 0)
                return "a line's open balance is negative";
            asked += l->asked;
            approved += l->approved;
            spent += l->spent;
        }
        if (asked != pr->total)
            return "the lines do not add up to the project's total";
        if (approved != pr->approved)
            return "the approved lines do not add up to the project's approved amount";
        if (spent > pr->approved)
            return "a project spent more than approved";
    }
    int64_t committed = ledger_committed(p);
    if (committed > p->amount[FUND_TYPE_PROJECT])
        return "the pool committed more than its project part";
    if (lapsed_uncommitted != p->lapsed_uncommitted)
        return "the uncommitted lapse differs from its entry";
    if (p->closed && lapsed_uncommitted != p->amount[FUND_TYPE_PROJECT] - committed)
        return "the uncommitted part did not lapse in full";
    for (int t = FUND_TYPE_WORKING; t <= FUND_TYPE_SERVICE; t++) {
        if (lapsed_part[t] != p->lapsed_part[t])
            return "a part's lapse differs from its entry";
        if (lapsed_part[t] != (p->closed ? p->amount[t] : 0))
            return "the working or service part did not lapse in full at year end";
    }
    return NULL;
}
