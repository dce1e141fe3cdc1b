/* GET /fund-projects/{id}: a project's status with its history (who, when, why), its lines with
 * approved / spent / remaining, the ledger (reversals shown as such), the vouchers for those
 * the API shows them to, and the forms of the steps the reader may take now. Who may read is
 * the API's rule (fund_may_read, or the leader); which forms are shown follows the status
 * machine (fund_step_check) and the store's role checks, and each form's POST goes through the
 * API's handler, which decides (fund_pages.h). */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/activity.h"
#include "fund/fund_pages.h"
#include "fund/fund_store.h"
#include "fund/project_status.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* Who the reader is to the project: one flag per actor of the status machine. */
struct roles {
    bool is[FUND_ACTOR_COUNT];
    bool officer; /* sees notes and vouchers: the leader, the area's workers, the subdistrict */
};

static struct roles roles_of(struct req *r, const struct fund_project *p)
{
    struct roles x = {0};
    x.is[FUND_ACTOR_HALL] = fund_is_hall(r, p->hall_path);
    x.is[FUND_ACTOR_SUBDISTRICT] = fund_is_subdistrict(r, p->area_path);
    x.is[FUND_ACTOR_LEADER] = r->person_id == p->leader_id;
    x.is[FUND_ACTOR_WORKER] = fund_is_worker(r, p->area_path);
    x.officer = x.is[FUND_ACTOR_LEADER] || x.is[FUND_ACTOR_WORKER] || x.is[FUND_ACTOR_SUBDISTRICT];
    return x;
}

/* The refusal again beside the form it refused: the alert at the top of the page is what a
 * screen reader announces and a phone shows first; this one says which form it was. */
static void beside(struct req *r, const char *form)
{
    const char *m = fund_pages_error(r, form);
    if (m)
        html(&r->out, "<div class=\"notice notice-error\"><p>%s</p></div>\n", m);
}

static const char *yuan(struct req *r, int64_t fen)
{
    char s[48];
    money_format(fen, s, sizeof s);
    return arena_strdup(&r->arena, s);
}

static const char *plain(struct req *r, int64_t fen)
{
    char s[48];
    money_plain(fen, s, sizeof s);
    return arena_strdup(&r->arena, s);
}

static void facts(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    const struct {
        enum msg label;
        const char *text;
    } f[] = {
        {M_FPG_BACKGROUND, p->background},
        {M_FPG_GOALS, p->goals},
        {M_FPG_BENEFICIARIES, p->beneficiaries},
        {M_FPG_PLAN, p->plan},
        {M_FPG_TARGETS, p->targets},
    };
    html(o, "<dl class=\"facts\">");
    html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_FPG_LEADER), p->leader_name);
    html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_FPG_OWN), yuan(r, p->own));
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].text && f[i].text[0])
            html(o, "<dt>%s</dt><dd>%s</dd>", T(r, f[i].label), f[i].text);
    html(o, "<dt>%s</dt><dd><a href=\"/topics/%lld\">%s</a></dd></dl>\n", T(r, M_FPG_TOPIC),
         (long long)p->topic_id, T(r, M_FPG_TOPIC_LINK));
}

static void lines_table(struct req *r, const struct fund_project *p, const struct fund_line *l,
                        int n)
{
    struct buf *o = &r->out;
    /* The scrolling box takes the focus so that it scrolls from the keyboard too (axe). */
    html(o,
         "<section><h2 id=\"lines\">%s</h2><div class=\"table-scroll\" tabindex=\"0\" "
         "role=\"region\" "
         "aria-labelledby=\"lines\"><table class=\"grid\"><thead><tr>"
         "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" "
         "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s"
         "</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
         T(r, M_FPG_LINES), T(r, M_FPG_LINE), T(r, M_FPG_ASKED), T(r, M_FPG_APPROVED),
         T(r, M_FPG_SPENT), T(r, M_FPG_REMAINING));
    int64_t asked = 0, spent = 0, left = 0;
    for (int i = 0; i < n; i++) {
        int64_t avail = fund_line_available(&l[i]);
        int64_t rest = avail - l[i].spent - l[i].lapsed;
        asked += l[i].asked;
        spent += l[i].spent;
        left += rest;
        html(o, "<tr><td>%s", l[i].name);
        if (l[i].moved_in || l[i].moved_out)
            html(o, "<br><span class=\"muted\">%s +%s −%s</span>", T(r, M_FPG_MOVED),
                 yuan(r, l[i].moved_in), yuan(r, l[i].moved_out));
        if (l[i].lapsed)
            html(o, "<br><span class=\"muted\">%s %s</span>", T(r, M_FPG_LAPSED),
                 yuan(r, l[i].lapsed));
        html(o,
             "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
             "<td class=\"num\">%s</td></tr>",
             yuan(r, l[i].asked), yuan(r, l[i].approved), yuan(r, l[i].spent), yuan(r, rest));
    }
    html(o,
         "<tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">"
         "%s</th><th class=\"num\">%s</th></tr></tbody></table></div></section>\n",
         T(r, M_FPG_TOTAL), yuan(r, asked), yuan(r, p->approved), yuan(r, spent), yuan(r, left));
}

static void history(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    html(o, "<section><h2>%s</h2><ul class=\"cells\">", T(r, M_FPG_HISTORY));
    struct db_stmt *st = db_prepare(
        r->db, "SELECT e.to_status, p.name, e.reason, e.at FROM fund_event e"
               " JOIN person p ON p.id = e.actor_id WHERE e.project_id = ? ORDER BY e.id");
    db_bind(st, "i", p->id);
    while (db_step(st) == DB_ROW) {
        int to = fund_status_parse(db_column_text(st, 0));
        html(o, "<li class=\"cell\">%s · <strong>%s</strong> · %s",
             when_long(r, db_column_int(st, 3)),
             fund_status_name(to < 0 ? FUND_DRAFT : (enum fund_status)to, (int)r->lang),
             db_column_text(st, 1));
        if (db_column_text(st, 2)[0])
            html(o, "<br>%s：%s", T(r, M_FPG_REASON), db_column_text(st, 2));
        html(o, "</li>");
    }
    db_done(st);
    html(o, "</ul></section>\n");
}

static const char *line_name(const struct fund_line *l, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (l[i].id == id)
            return l[i].name;
    return "";
}

static void vouchers(struct req *r, int64_t entry)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, mime FROM fund_voucher WHERE entry_id = ? ORDER BY id");
    db_bind(st, "i", entry);
    while (db_step(st) == DB_ROW)
        html(&r->out, " <a class=\"button\" href=\"/api/v1/fund-vouchers/%lld\">%s #%lld (%s)</a>",
             (long long)db_column_int(st, 0), T(r, M_FPG_VOUCHER), (long long)db_column_int(st, 0),
             strcmp(db_column_text(st, 1), "application/pdf") == 0 ? "PDF" : T(r, M_FPG_PHOTO));
    db_done(st);
}

/* The buttons of one entry: approve (a worker, not the leader nor whoever recorded it) and
 * reverse (a worker; the leader an expense, not a worker's reallocation), both only while it
 * is not reversed. */
static void entry_forms(struct req *r, const struct fund_project *p, const struct roles *x,
                        int64_t id, const char *kind, bool approved, int64_t created_by)
{
    struct buf *o = &r->out;
    bool expense = strcmp(kind, "expense") == 0;
    if (expense && !approved && !p->pool_closed && x->is[FUND_ACTOR_WORKER] &&
        r->person_id != p->leader_id && r->person_id != created_by) {
        html(o, "<form method=\"post\" action=\"/fund-entries/%lld/ok\" class=\"inline\">",
             (long long)id);
        csrf_field(r);
        html(o, "<button class=\"primary\">%s</button></form>", T(r, M_FPG_APPROVE_EXPENSE));
    }
    if ((expense || strcmp(kind, "reallocate") == 0) &&
        ledger_reverse_check(p->status, p->pool_closed) == LEDGER_OK &&
        (x->is[FUND_ACTOR_WORKER] || (expense && x->is[FUND_ACTOR_LEADER]))) {
        const char *form = arena_printf(&r->arena, "undo.%lld", (long long)id);
        beside(r, form);
        html(o,
             "<form method=\"post\" action=\"/fund-entries/%lld/undo\" class=\"stack\">"
             "<label for=\"undo-%lld\">%s</label><input id=\"undo-%lld\" name=\"reason\" "
             "maxlength=\"2000\" value=\"%s\">",
             (long long)id, (long long)id, T(r, M_FPG_UNDO_REASON), (long long)id,
             fund_pages_typed(r, form, "reason", ""));
        csrf_field(r);
        html(o, "<button>%s</button></form>", T(r, M_FPG_UNDO));
    }
}

static void ledger(struct req *r, const struct fund_project *p, const struct roles *x,
                   const struct fund_line *l, int n)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"ledger\"><h2>%s</h2><ul class=\"cells\">", T(r, M_FPG_LEDGER));
    /* At most 1,000 entries on the page (the API pages the rest). */
    struct db_stmt *st = db_prepare(
        r->db, "SELECT e.id, e.kind, e.line_id, e.line_to_id, e.amount_fen, e.reversal_of, e.note,"
               " e.created_by, p.name, e.created_at, a.approved_by, ap.name,"
               " (SELECT x.id FROM fund_entry x WHERE x.reversal_of = e.id)"
               " FROM fund_entry e JOIN person p ON p.id = e.created_by"
               " LEFT JOIN fund_expense_approval a ON a.entry_id = e.id"
               " LEFT JOIN person ap ON ap.id = a.approved_by"
               " WHERE e.project_id = ? ORDER BY e.id LIMIT 1000");
    db_bind(st, "i", p->id);
    struct row {
        int64_t id, line, to, amount, of, by, at, reversed;
        const char *kind, *note, *who, *approver;
        bool approved;
    } *rows = arena_alloc(&r->arena, sizeof *rows * 1000);
    int k = 0;
    while (k < 1000 && db_step(st) == DB_ROW) {
        struct arena *a = &r->arena;
        rows[k++] = (struct row){
            .id = db_column_int(st, 0),
            .kind = arena_strdup(a, db_column_text(st, 1)),
            .line = db_column_null(st, 2) ? 0 : db_column_int(st, 2),
            .to = db_column_null(st, 3) ? 0 : db_column_int(st, 3),
            .amount = db_column_int(st, 4),
            .of = db_column_null(st, 5) ? 0 : db_column_int(st, 5),
            .note = arena_strdup(a, db_column_text(st, 6)),
            .by = db_column_int(st, 7),
            .who = arena_strdup(a, db_column_text(st, 8)),
            .at = db_column_int(st, 9),
            .approved = !db_column_null(st, 10),
            .approver = db_column_null(st, 11) ? "" : arena_strdup(a, db_column_text(st, 11)),
            .reversed = db_column_null(st, 12) ? 0 : db_column_int(st, 12),
        };
    }
    db_done(st);
    static const struct {
        const char *key;
        enum msg name;
    } kinds[] = {{"approve", M_FPG_K_APPROVE},
                 {"expense", M_FPG_K_EXPENSE},
                 {"reverse", M_FPG_K_REVERSE},
                 {"reallocate", M_FPG_K_REALLOCATE},
                 {"lapse", M_FPG_K_LAPSE}};
    if (k == 0)
        html(o, "<li class=\"cell muted\">%s</li>", T(r, M_FPG_NO_ENTRIES));
    for (int i = 0; i < k; i++) {
        const struct row *e = &rows[i];
        const char *kname = e->kind;
        for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++)
            if (strcmp(kinds[j].key, e->kind) == 0)
                kname = T(r, kinds[j].name);
        html(o, "<li class=\"cell\" id=\"entry-%lld\">#%lld · <strong>%s</strong> %s · %s",
             (long long)e->id, (long long)e->id, kname, yuan(r, e->amount),
             line_name(l, n, e->line));
        if (e->to)
            html(o, " → %s", line_name(l, n, e->to));
        html(o, "<br><span class=\"muted\">%s · %s</span>", when_long(r, e->at), e->who);
        if (e->of)
            html(o, "<br>%s <a class=\"button\" href=\"#entry-%lld\">#%lld</a>",
                 T(r, M_FPG_REVERSES), (long long)e->of, (long long)e->of);
        if (e->reversed)
            html(o, "<br><strong>%s</strong> <a class=\"button\" href=\"#entry-%lld\">#%lld</a>",
                 T(r, M_FPG_REVERSED_BY), (long long)e->reversed, (long long)e->reversed);
        if (strcmp(e->kind, "expense") == 0)
            html(o, "<br>%s",
                 e->approved
                     ? arena_printf(&r->arena, "%s：%s", T(r, M_FPG_APPROVED_BY), e->approver)
                     : T(r, M_FPG_NOT_APPROVED));
        if (x->officer && e->note[0])
            html(o, "<br>%s：%s", T(r, M_FPG_NOTE), e->note);
        if (x->officer)
            vouchers(r, e->id);
        if (!e->reversed && !e->of)
            entry_forms(r, p, x, e->id, e->kind, e->approved, e->by);
        html(o, "</li>");
    }
    html(o, "</ul></section>\n");
}

static void line_options(struct req *r, const struct fund_line *l, int n, const char *chosen)
{
    for (int i = 0; i < n; i++) {
        const char *id = arena_printf(&r->arena, "%lld", (long long)l[i].id);
        html(&r->out, "<option value=\"%s\"%s>%s</option>", id,
             strcmp(id, chosen) == 0 ? " selected" : "", l[i].name);
    }
}

/* One form per status step the reader may take now (the evaluation is another page's). */
static void step_forms(struct req *r, const struct fund_project *p, const struct roles *x,
                       const struct fund_line *l, int n)
{
    struct buf *o = &r->out;
    for (int to = 0; to < FUND_STATUS_COUNT; to++) {
        bool may = false;
        for (int a = 0; a < FUND_ACTOR_COUNT; a++)
            may |= x->is[a] && fund_step_check(p->status, (enum fund_status)to, (enum fund_actor)a,
                                               true) == FUND_STEP_OK;
        if (!may || to == FUND_EVALUATED)
            continue;
        const char *key = fund_status_key((enum fund_status)to);
        const char *form = arena_printf(&r->arena, "step.%s", key);
        html(o, "<section id=\"step-%s\"><h3>→ %s</h3>", key,
             fund_status_name((enum fund_status)to, (int)r->lang));
        beside(r, form);
        html(o, "<form method=\"post\" action=\"/fund-projects/%lld/steps\" class=\"stack\">",
             (long long)p->id);
        csrf_field(r);
        html(o, "<input type=\"hidden\" name=\"to\" value=\"%s\">", key);
        if (to == FUND_APPROVED)
            for (int i = 0; i < n; i++) {
                const char *name = arena_printf(&r->arena, "line_%lld", (long long)l[i].id);
                html(o,
                     "<label for=\"%s\">%s（%s %s）</label><input id=\"%s\" name=\"%s\" "
                     "inputmode=\"decimal\" maxlength=\"64\" value=\"%s\">",
                     name, l[i].name, T(r, M_FPG_ASKED), yuan(r, l[i].asked), name, name,
                     fund_pages_typed(r, form, name, plain(r, l[i].asked)));
            }
        bool reason = fund_step_needs_reason(p->status, (enum fund_status)to);
        html(o,
             "<label for=\"reason-%s\">%s%s</label><textarea id=\"reason-%s\" name=\"reason\" "
             "rows=\"2\" maxlength=\"2000\"%s>%s</textarea>",
             key, T(r, M_FPG_REASON), reason ? "" : T(r, M_FPG_OPTIONAL), key,
             reason ? " required" : "", fund_pages_typed(r, form, "reason", ""));
        html(o, "<button class=\"primary\">%s</button></form></section>\n",
             fund_status_name((enum fund_status)to, (int)r->lang));
    }
}

static void spend_form(struct req *r, const struct fund_project *p, const struct fund_line *l,
                       int n)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"spend\"><h3>%s</h3>", T(r, M_FPG_SPEND));
    beside(r, "spend");
    html(o,
         "<form method=\"post\" action=\"/fund-projects/%lld/spend\" class=\"stack\" "
         "enctype=\"multipart/form-data\">",
         (long long)p->id);
    csrf_field(r);
    html(o, "<label for=\"spend-line\">%s</label><select id=\"spend-line\" name=\"line_id\">",
         T(r, M_FPG_LINE));
    line_options(r, l, n, fund_pages_typed(r, "spend", "line_id", ""));
    html(o,
         "</select><label for=\"spend-amount\">%s</label><span class=\"muted\">%s</span>"
         "<input id=\"spend-amount\" name=\"amount\" inputmode=\"decimal\" maxlength=\"64\" "
         "required value=\"%s\">",
         T(r, M_FPG_AMOUNT), T(r, M_FPG_AMOUNT_HINT), fund_pages_typed(r, "spend", "amount", ""));
    html(o,
         "<label for=\"spend-note\">%s</label><input id=\"spend-note\" name=\"note\" "
         "maxlength=\"200\" value=\"%s\">",
         T(r, M_FPG_NOTE), fund_pages_typed(r, "spend", "note", ""));
    html(o,
         "<label for=\"spend-file\">%s</label><input id=\"spend-file\" name=\"file\" "
         "type=\"file\" accept=\"image/jpeg,image/png,application/pdf\" required>",
         T(r, M_FPG_VOUCHER_FILE));
    html(o, "<button class=\"primary\">%s</button></form></section>\n", T(r, M_FPG_SPEND));
}

static void move_form(struct req *r, const struct fund_project *p, const struct fund_line *l, int n)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"move\"><h3>%s</h3>", T(r, M_FPG_MOVE));
    beside(r, "move");
    html(o, "<form method=\"post\" action=\"/fund-projects/%lld/move\" class=\"stack\">",
         (long long)p->id);
    csrf_field(r);
    html(o, "<label for=\"move-from\">%s</label><select id=\"move-from\" name=\"from_line_id\">",
         T(r, M_FPG_MOVE_FROM));
    line_options(r, l, n, fund_pages_typed(r, "move", "from_line_id", ""));
    html(o, "</select><label for=\"move-to\">%s</label><select id=\"move-to\" name=\"to_line_id\">",
         T(r, M_FPG_MOVE_TO));
    line_options(r, l, n, fund_pages_typed(r, "move", "to_line_id", ""));
    html(o,
         "</select><label for=\"move-amount\">%s</label><input id=\"move-amount\" "
         "name=\"amount\" inputmode=\"decimal\" maxlength=\"64\" required value=\"%s\">",
         T(r, M_FPG_AMOUNT), fund_pages_typed(r, "move", "amount", ""));
    html(o,
         "<label for=\"move-reason\">%s</label><input id=\"move-reason\" name=\"reason\" "
         "maxlength=\"2000\" required value=\"%s\">",
         T(r, M_FPG_REASON), fund_pages_typed(r, "move", "reason", ""));
    html(o, "<button class=\"primary\">%s</button></form></section>\n", T(r, M_FPG_MOVE));
}

void fund_project_view(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    struct roles x = roles_of(r, &p);
    int n;
    struct fund_line *l = fund_lines_load(r, p.id, &n);
    struct buf *o = &r->out;
    page_begin(r, p.name);
    html(o, "<p><a href=\"/topics/%lld\">‹ %s</a></p>\n", (long long)p.topic_id,
         T(r, M_FPG_TOPIC_LINK));
    struct fund_pool pool;
    if (fund_pool_load(r, p.pool_id, &pool))
        html(o, "<p><a href=\"/nodes/%lld/fund#pool-%lld\">%s · %lld %s</a></p>\n",
             (long long)pool.area_node_id, (long long)pool.id, pool.area_name, (long long)pool.year,
             T(r, M_FPG_YEAR_POOL));
    html(o, "<p class=\"kind\">%s · <strong id=\"status\">%s</strong></p>\n", T(r, M_FUND_FEED),
         fund_status_name(p.status, (int)r->lang));
    if (r->form_failed && strncmp(r->form_failed, "fund.", 5) == 0)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             r->form_message);
    facts(r, &p);
    lines_table(r, &p, l, n);
    bool spending = fund_status_spendable(p.status) && !p.pool_closed;
    html(o, "<section id=\"actions\"><h2>%s</h2>", T(r, M_FPG_ACTIONS));
    step_forms(r, &p, &x, l, n);
    if (spending && x.is[FUND_ACTOR_LEADER])
        spend_form(r, &p, l, n);
    if (spending && x.is[FUND_ACTOR_WORKER] && n > 1)
        move_form(r, &p, l, n);
    html(o, "</section>\n");
    /* The evaluation has its own page (eval_page.c) once the work is finished. */
    if (p.status == FUND_FINISHED || p.status == FUND_EVALUATED)
        html(o, "<p><a href=\"/fund-projects/%lld/evaluation\">%s</a></p>\n", (long long)p.id,
             T(r, M_FWP_EVALUATION));
    fund_activities_section(r, &p); /* fund/activity.h */
    ledger(r, &p, &x, l, n);
    history(r, &p);
    page_end(r);
}
