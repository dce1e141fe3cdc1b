#include "hall/outcome_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"
#include "hall/photo.h"
#include "hall/poll_store.h"
#include "http/live.h"
#include "org/guard.h"
#include "web/i18n.h"

/* ---- refusals ---- */

static void set_fail(struct outcome_fail *f, int status, const char *code, const char *field,
                     const char *message)
{
    *f = (struct outcome_fail){status, code, field, message};
}

static bool db_trouble(struct req *r, struct outcome_fail *f)
{
    set_fail(f, 503, "unavailable", NULL, T(r, M_ERR_UNAVAILABLE));
    return false;
}

/* The label of a field people fill in, for messages. */
static const char *field_label(struct req *r, const char *field)
{
    static const struct {
        const char *field;
        enum msg label;
    } labels[] = {
        {"text", M_OUT_F_TEXT},           {"responsible", M_OUT_F_RESPONSIBLE},
        {"deadline", M_OUT_F_DEADLINE},   {"funding", M_OUT_F_FUNDING},
        {"body", M_OUT_F_BODY},           {"reason", M_OUT_F_REASON},
        {"title", M_OUT_F_TITLE},         {"owner", M_OUT_F_OWNER},
        {"outcome", M_OUT_F_OUTCOME},     {"note", M_OUT_F_NOTE},
        {"days", M_OUT_F_DAYS},           {"votes_for", M_OUT_F_VOTES},
        {"votes_against", M_OUT_F_VOTES}, {"votes_abstain", M_OUT_F_VOTES},
    };
    for (size_t i = 0; field && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].field, field) == 0)
            return T(r, labels[i].label);
    return field ? field : "";
}

/* What fills the blanks of a rule's message. */
enum blanks { NO_BLANKS, LABEL, LABEL_LIMIT, DAYS_RANGE };

/* The message of each refusal of the pure rules, and its blanks; OUTCOME_OK (no refusal) and
 * anything unknown read as the database being unavailable. */
static const struct {
    enum msg msg;
    enum blanks blanks;
} rule_messages[OUTCOME_ERR_COUNT] = {
    [OUTCOME_OK] = {M_ERR_UNAVAILABLE, NO_BLANKS},
    [OUTCOME_E_MISSING] = {M_TOPIC_E_MISSING, LABEL},
    [OUTCOME_E_TOO_LONG] = {M_TOPIC_E_TOO_LONG, LABEL_LIMIT},
    [OUTCOME_E_BAD_DATE] = {M_OUT_E_BAD_DATE, LABEL},
    [OUTCOME_E_PAST_DATE] = {M_OUT_E_PAST_DATE, LABEL},
    [OUTCOME_E_BAD_FUNDING] = {M_OUT_E_FUNDING, NO_BLANKS},
    [OUTCOME_E_BAD_SOURCE] = {M_OUT_E_SOURCE, NO_BLANKS},
    [OUTCOME_E_BAD_VOTES] = {M_OUT_E_VOTES, NO_BLANKS},
    [OUTCOME_E_BAD_DAYS] = {M_OUT_E_DAYS, DAYS_RANGE},
    [OUTCOME_E_NOTICE_CLOSED] = {M_OUT_E_NOTICE_CLOSED, NO_BLANKS},
    [OUTCOME_E_NOTICE_RUNNING] = {M_OUT_E_NOTICE_RUNNING, NO_BLANKS},
    [OUTCOME_E_OBJECTION_OPEN] = {M_OUT_E_OBJECTION_OPEN, NO_BLANKS},
    [OUTCOME_E_ALREADY_ENDED] = {M_OUT_E_NOTICE_ENDED, NO_BLANKS},
    [OUTCOME_E_BAD_OUTCOME] = {M_OUT_E_OUTCOME, NO_BLANKS},
};

/* A refusal of the pure rules as a message in the reader's language. */
static bool rules_fail(struct req *r, const struct outcome_problem *p, struct outcome_fail *f)
{
    bool known = (unsigned)p->err < OUTCOME_ERR_COUNT;
    enum blanks blanks = known ? rule_messages[p->err].blanks : NO_BLANKS;
    const char *fmt = T(r, known ? rule_messages[p->err].msg : M_ERR_UNAVAILABLE);
    const char *label = field_label(r, p->field);
    const char *m = fmt;
    switch (blanks) {
    case LABEL:
        m = arena_printf(&r->arena, fmt, label);
        break;
    case LABEL_LIMIT:
        m = arena_printf(&r->arena, fmt, label, p->limit);
        break;
    case DAYS_RANGE:
        m = arena_printf(&r->arena, fmt, NOTICE_DAYS_MIN, NOTICE_DAYS_MAX);
        break;
    case NO_BLANKS:
        break;
    }
    set_fail(f, outcome_err_status(p->err), outcome_err_code(p->err), p->field, m);
    return false;
}

static bool hall_fail(struct req *r, enum hall_err e, struct outcome_fail *f)
{
    /* A permission refusal is 403; a step that does not fit the topic now is 409. */
    set_fail(f, e == HALL_E_ROLE ? 403 : 409, hall_err_code(e), NULL,
             hall_err_message(e, (int)r->lang));
    return false;
}

static bool forbidden(struct req *r, struct outcome_fail *f)
{
    set_fail(f, 403, "forbidden", NULL, T(r, M_OUT_E_FORBIDDEN));
    return false;
}

static bool not_found(struct req *r, struct outcome_fail *f)
{
    set_fail(f, 404, "not_found", NULL, T(r, M_ERR_NOT_FOUND));
    return false;
}

/* One more of something a topic or task already has max of; msg says so with max. */
static bool too_many(struct req *r, enum msg msg, int max, struct outcome_fail *f)
{
    set_fail(f, 409, "too_many", NULL, arena_printf(&r->arena, T(r, msg), max));
    return false;
}

/* The -1 of a flow that returns an int, once a refusal has been written to *f. */
static int refused(bool written)
{
    (void)written;
    return -1;
}

static bool wrong_state(struct req *r, struct outcome_fail *f)
{
    return hall_fail(r, HALL_E_TRANSITION_NOT_ALLOWED, f);
}

/* ---- who may ---- */

bool outcome_staff(struct req *r, const struct topic *t)
{
    return may(r, t->hall_path, ACT_RESOLVE);
}

/* Staff on t's hall, and the status machine lets the reader take t to `to` (with reason). */
static bool may_move(struct req *r, const struct topic *t, enum topic_status to, const char *reason,
                     struct outcome_fail *f)
{
    if (!outcome_staff(r, t))
        return forbidden(r, f);
    enum hall_err e = topic_may_move(r, t, to, reason);
    return e == HALL_OK || hall_fail(r, e, f);
}

int64_t outcome_today(int64_t now)
{
    time_t tt = (time_t)now;
    struct tm tm;
    localtime_r(&tt, &tm);
    return outcome_days_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                                   (unsigned)tm.tm_mday);
}

/* Whether the actor of something done on t may be named in the feed: an anonymous proposer
 * acting on their own topic stays anonymous. */
static bool actor_public(struct req *r, const struct topic *t)
{
    return t->proposer_public || r->person_id != t->proposer_id;
}

/* ---- loading ---- */

/* Grows an array of n elements of size sz in the arena to hold n + 1 (doubling at powers of
 * two), so lists of any length load without a fixed cap. */
static void *grow(struct arena *a, void *arr, size_t n, size_t sz)
{
    if (n && (n & (n - 1)))
        return arr; /* room left: capacity is the next power of two */
    void *bigger = arena_alloc(a, (n ? 2 * n : 4) * sz);
    if (n)
        memcpy(bigger, arr, n * sz);
    return bigger;
}

static int64_t col_int0(struct db_stmt *st, int col)
{
    return db_column_null(st, col) ? 0 : db_column_int(st, col);
}

static const char *col_str(struct req *r, struct db_stmt *st, int col)
{
    return arena_strdup(&r->arena, db_column_text(st, col));
}

/* The columns each read_* below reads, in its order, as the head of a literal query (the
 * statement cache is keyed by the literal): a query adds its WHERE and ORDER BY. */
#define NOTICE_SELECT                                                                              \
    "SELECT id, topic_id, resolution_id, starts_at, ends_at, ended_at, ended_by FROM notice"
#define OBJECTION_SELECT                                                                           \
    "SELECT o.id, o.notice_id, o.topic_id, o.person_id, o.household_id, p.name, o.body,"           \
    " o.status, o.ruling, o.ruled_by, q.name, o.ruled_at, o.created_at"                            \
    " FROM objection o JOIN person p ON p.id = o.person_id"                                        \
    " LEFT JOIN person q ON q.id = o.ruled_by"
#define TASK_SELECT                                                                                \
    "SELECT id, topic_id, title, owner, deadline, status, done_at, created_at FROM task"

static void read_notice(struct db_stmt *st, struct notice *n)
{
    *n = (struct notice){db_column_int(st, 0), db_column_int(st, 1), db_column_int(st, 2),
                         db_column_int(st, 3), db_column_int(st, 4), col_int0(st, 5),
                         col_int0(st, 6)};
}

bool notice_latest(struct req *r, int64_t topic_id, struct notice *out)
{
    struct db_stmt *st =
        db_prepare(r->db, NOTICE_SELECT " WHERE topic_id = ? ORDER BY id DESC LIMIT 1");
    db_bind(st, "i", topic_id);
    bool found = db_step(st) == DB_ROW;
    if (found)
        read_notice(st, out);
    db_done(st);
    return found;
}

static enum objection_status objection_status_parse(const char *s)
{
    return strcmp(s, "upheld") == 0      ? OBJ_UPHELD
           : strcmp(s, "dismissed") == 0 ? OBJ_DISMISSED
                                         : OBJ_OPEN;
}

static void read_objection(struct req *r, struct db_stmt *st, struct objection *o)
{
    *o = (struct objection){
        .id = db_column_int(st, 0),
        .notice_id = db_column_int(st, 1),
        .topic_id = db_column_int(st, 2),
        .person_id = db_column_int(st, 3),
        .household_id = db_column_int(st, 4),
        .person_name = col_str(r, st, 5),
        .body = col_str(r, st, 6),
        .status = objection_status_parse(db_column_text(st, 7)),
        .ruling = col_str(r, st, 8),
        .ruled_by = col_int0(st, 9),
        .ruled_by_name = col_str(r, st, 10),
        .ruled_at = col_int0(st, 11),
        .created_at = db_column_int(st, 12),
    };
}

static void read_task(struct req *r, struct db_stmt *st, struct task *k)
{
    *k = (struct task){
        .id = db_column_int(st, 0),
        .topic_id = db_column_int(st, 1),
        .title = col_str(r, st, 2),
        .owner = col_str(r, st, 3),
        .deadline = col_str(r, st, 4),
        .done = strcmp(db_column_text(st, 5), "done") == 0,
        .done_at = col_int0(st, 6),
        .created_at = db_column_int(st, 7),
    };
}

bool objection_get(struct req *r, int64_t id, struct objection *out, struct topic *t)
{
    struct db_stmt *st = db_prepare(r->db, OBJECTION_SELECT " WHERE o.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found)
        read_objection(r, st, out);
    db_done(st);
    return found && topic_get(r, out->topic_id, t);
}

bool task_get(struct req *r, int64_t id, struct task *out, struct topic *t)
{
    struct db_stmt *st = db_prepare(r->db, TASK_SELECT " WHERE id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found)
        read_task(r, st, out);
    db_done(st);
    return found && topic_get(r, out->topic_id, t);
}

static bool load_resolutions(struct req *r, int64_t topic_id, struct outcome_view *v)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT id, text, responsible, deadline, funding, source, poll_id, votes_for,"
               " votes_against, votes_abstain, superseded_at, created_by, created_at"
               " FROM resolution WHERE topic_id = ? ORDER BY id DESC");
    db_bind(st, "i", topic_id);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v->res = grow(&r->arena, v->res, v->nres, sizeof *v->res);
        struct resolution *x = &v->res[v->nres++];
        int fund = funding_parse(db_column_text(st, 4));
        int src = resolution_source_parse(db_column_text(st, 5));
        *x = (struct resolution){
            .id = db_column_int(st, 0),
            .topic_id = topic_id,
            .text = col_str(r, st, 1),
            .responsible = col_str(r, st, 2),
            .deadline = col_str(r, st, 3),
            .funding = fund < 0 ? FUND_NONE : (enum funding)fund,
            .source = src < 0 ? SOURCE_HALL : (enum resolution_source)src,
            .poll_id = col_int0(st, 6),
            .votes_for = db_column_null(st, 7) ? OUTCOME_VOTES_UNKNOWN : db_column_int(st, 7),
            .votes_against = db_column_null(st, 8) ? OUTCOME_VOTES_UNKNOWN : db_column_int(st, 8),
            .votes_abstain = db_column_null(st, 9) ? OUTCOME_VOTES_UNKNOWN : db_column_int(st, 9),
            .superseded_at = col_int0(st, 10),
            .created_by = db_column_int(st, 11),
            .created_at = db_column_int(st, 12),
        };
    }
    db_done(st);
    return rc == DB_DONE;
}

static bool load_notices(struct req *r, int64_t topic_id, struct outcome_view *v)
{
    struct db_stmt *st = db_prepare(r->db, NOTICE_SELECT " WHERE topic_id = ? ORDER BY id DESC");
    db_bind(st, "i", topic_id);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v->notices = grow(&r->arena, v->notices, v->nnotices, sizeof *v->notices);
        read_notice(st, &v->notices[v->nnotices++]);
    }
    db_done(st);
    return rc == DB_DONE;
}

static bool load_objections(struct req *r, int64_t topic_id, struct outcome_view *v)
{
    struct db_stmt *st =
        db_prepare(r->db, OBJECTION_SELECT " WHERE o.topic_id = ? ORDER BY o.id DESC");
    db_bind(st, "i", topic_id);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v->objections = grow(&r->arena, v->objections, v->nobjections, sizeof *v->objections);
        read_objection(r, st, &v->objections[v->nobjections++]);
    }
    db_done(st);
    return rc == DB_DONE;
}

static bool load_tasks(struct req *r, int64_t topic_id, struct outcome_view *v)
{
    struct db_stmt *st = db_prepare(r->db, TASK_SELECT " WHERE topic_id = ? ORDER BY id DESC");
    db_bind(st, "i", topic_id);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v->tasks = grow(&r->arena, v->tasks, v->ntasks, sizeof *v->tasks);
        read_task(r, st, &v->tasks[v->ntasks++]);
    }
    db_done(st);
    if (rc != DB_DONE)
        return false;
    /* One query for every task's progress; tasks are few (OUTCOME_TASKS_MAX). */
    st = db_prepare(r->db, "SELECT g.id, g.task_id, g.body, p.name, g.created_by, g.created_at"
                           " FROM progress g JOIN person p ON p.id = g.created_by"
                           " WHERE g.topic_id = ? ORDER BY g.id");
    db_bind(st, "i", topic_id);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t task_id = db_column_int(st, 1);
        for (size_t i = 0; i < v->ntasks; i++) {
            struct task *k = &v->tasks[i];
            if (k->id != task_id)
                continue;
            k->progress = grow(&r->arena, k->progress, k->nprogress, sizeof *k->progress);
            k->progress[k->nprogress++] =
                (struct progress){db_column_int(st, 0), task_id,
                                  col_str(r, st, 2),    col_str(r, st, 3),
                                  db_column_int(st, 4), db_column_int(st, 5)};
        }
    }
    db_done(st);
    return rc == DB_DONE;
}

bool objection_moot(const struct outcome_view *v, const struct objection *x)
{
    for (size_t i = 0; x->status == OBJ_OPEN && i < v->nnotices; i++)
        if (v->notices[i].id == x->notice_id)
            return v->notices[i].ended_at != 0;
    return false;
}

bool outcome_load(struct req *r, int64_t topic_id, struct outcome_view *v)
{
    *v = (struct outcome_view){0};
    if (!load_resolutions(r, topic_id, v) || !load_notices(r, topic_id, v) ||
        !load_objections(r, topic_id, v) || !load_tasks(r, topic_id, v))
        return false;
    struct db_stmt *st = db_prepare(r->db, "SELECT o.outcome, o.note, o.closed_by, p.name,"
                                           " o.closed_at FROM topic_outcome o"
                                           " JOIN person p ON p.id = o.closed_by"
                                           " WHERE o.topic_id = ?");
    db_bind(st, "i", topic_id);
    enum db_result rc = db_step(st);
    if (rc == DB_ROW) {
        int k = outcome_parse(db_column_text(st, 0));
        v->closed = true;
        v->outcome = k < 0 ? OUTCOME_UNSOLVED : (enum outcome_kind)k;
        v->note = col_str(r, st, 1);
        v->closed_by = db_column_int(st, 2);
        v->closed_by_name = col_str(r, st, 3);
        v->closed_at = db_column_int(st, 4);
    }
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE;
}

/* ---- resolution ---- */

/* The resolution that stands for topic_id (the newest not superseded), or 0. */
static int64_t standing_resolution(struct req *r, int64_t topic_id)
{
    return db_int(r->db, 0,
                  "SELECT id FROM resolution WHERE topic_id = ? AND superseded_at IS NULL"
                  " ORDER BY id DESC LIMIT 1",
                  "i", topic_id);
}

/* A resolution that names a poll rests on it: the poll must be this topic's decision poll,
 * closed and passed, and its counts are the resolution's (whatever else was typed). */
static bool resolution_from_poll(struct req *r, const struct topic *t, int64_t poll_id,
                                 struct resolution_input *in, struct outcome_fail *f)
{
    struct poll p;
    struct poll_result res;
    if (!poll_result_of(r, poll_id, &p, &res) || p.topic_id != t->id ||
        p.purpose != POLL_DECISION) {
        set_fail(f, 422, "E_POLL", "poll_id", T(r, M_OUT_E_POLL_UNKNOWN));
        return false;
    }
    if (!res.decided || res.outcome != POLL_PASSED) {
        set_fail(f, 409, "E_POLL_NOT_PASSED", "poll_id", T(r, M_OUT_E_POLL_NOT_PASSED));
        return false;
    }
    if (p.kind == POLL_YES_NO) {
        in->votes_for = res.counts.yes;
        in->votes_against = res.counts.no;
        in->votes_abstain = res.counts.abstain;
    }
    return true;
}

int64_t resolution_record(struct req *r, struct topic *t, const struct resolution_input *in,
                          const char *source, int64_t poll_id, struct outcome_fail *f)
{
    if (!may_move(r, t, TOPIC_RESOLVED, NULL, f))
        return 0;
    struct outcome_problem p;
    int64_t now = (int64_t)time(NULL);
    if (!resolution_check(in, outcome_today(now), &p))
        return rules_fail(r, &p, f);
    int src = source ? resolution_source_parse(source) : poll_id > 0 ? SOURCE_POLL : SOURCE_HALL;
    if (src < 0) {
        p = (struct outcome_problem){OUTCOME_E_BAD_SOURCE, "source", 0};
        return rules_fail(r, &p, f);
    }
    struct resolution_input counted = *in;
    if (poll_id > 0 && !resolution_from_poll(r, t, poll_id, &counted, f))
        return 0;
    in = &counted;
    /* Bound one by one: an unknown vote count or poll is NULL, a known one a number. */
    struct db_stmt *st = db_prepare(
        r->db, "INSERT INTO resolution(topic_id, text, responsible, deadline, funding, source,"
               " poll_id, votes_for, votes_against, votes_abstain, created_by, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    db_bind_int(st, 1, t->id);
    db_bind_text(st, 2, in->text);
    db_bind_text(st, 3, in->responsible);
    db_bind_text(st, 4, in->deadline);
    db_bind_text(st, 5, in->funding);
    db_bind_text(st, 6, resolution_source_key((enum resolution_source)src));
    const int64_t nums[] = {poll_id > 0 ? poll_id : OUTCOME_VOTES_UNKNOWN, in->votes_for,
                            in->votes_against, in->votes_abstain};
    for (int i = 0; i < 4; i++) {
        if (nums[i] == OUTCOME_VOTES_UNKNOWN)
            db_bind_text(st, 7 + i, NULL);
        else
            db_bind_int(st, 7 + i, nums[i]);
    }
    db_bind_int(st, 11, r->person_id);
    db_bind_int(st, 12, now);
    int64_t id = db_step(st) == DB_ROW ? db_column_int(st, 0) : 0;
    db_done(st);
    if (!id || topic_move(r, t, TOPIC_RESOLVED, NULL) != 0 ||
        !feed_add(r, t->hall_node_id, t->id, FEED_RESOLUTION, id, true, in->text))
        return db_trouble(r, f);
    return id;
}

/* ---- notice ---- */

int64_t notice_post(struct req *r, struct topic *t, int64_t days, struct outcome_fail *f)
{
    if (!may_move(r, t, TOPIC_IN_NOTICE, NULL, f))
        return 0;
    struct outcome_problem p;
    if (!notice_days_check(&days, &p))
        return rules_fail(r, &p, f);
    int64_t res = standing_resolution(r, t->id);
    if (!res)
        return wrong_state(r, f);
    int64_t now = (int64_t)time(NULL);
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO notice(topic_id, resolution_id, starts_at, ends_at)"
                        " VALUES (?, ?, ?, ?) RETURNING id",
                        "iiii", t->id, res, now, now + days * OUTCOME_DAY_SECONDS);
    char summary[24];
    snprintf(summary, sizeof summary, "%lld", (long long)days);
    if (!id || topic_move(r, t, TOPIC_IN_NOTICE, NULL) != 0 ||
        !feed_add(r, t->hall_node_id, t->id, FEED_NOTICE, id, true, summary))
        return db_trouble(r, f);
    return id;
}

static int64_t open_objections(struct req *r, int64_t notice_id)
{
    return db_int(r->db, 0,
                  "SELECT count(*) FROM objection WHERE notice_id = ? AND status = 'open'", "i",
                  notice_id);
}

/* Ends notice_id at now by the reader: at the end of its period, or when an objection to it is
 * upheld. False on database trouble. */
static bool end_notice(struct req *r, int64_t notice_id, int64_t now)
{
    return db_exec(r->db, "UPDATE notice SET ended_at = ?, ended_by = ? WHERE id = ?", "iii", now,
                   r->person_id, notice_id) == DB_DONE;
}

int notice_end(struct req *r, struct topic *t, struct outcome_fail *f)
{
    if (!may_move(r, t, TOPIC_IN_EXECUTION, NULL, f))
        return -1;
    struct notice n;
    if (!notice_latest(r, t->id, &n))
        return refused(wrong_state(r, f));
    int64_t now = (int64_t)time(NULL);
    enum outcome_err e = notice_may_end(n.ends_at, n.ended_at, open_objections(r, n.id), now);
    if (e != OUTCOME_OK) {
        struct outcome_problem p = {e, NULL, 0};
        return refused(rules_fail(r, &p, f));
    }
    if (!end_notice(r, n.id, now) || topic_move(r, t, TOPIC_IN_EXECUTION, NULL) != 0)
        return refused(db_trouble(r, f));
    return 0;
}

/* Ends notice n of topic t as the clock: like topic_move, with no actor. */
static int end_by_clock(struct req *r, const struct notice *n, int64_t now)
{
    struct topic t;
    if (!topic_get(r, n->topic_id, &t) || t.status != TOPIC_IN_NOTICE)
        return 0; /* moved meanwhile: nothing to do */
    const char *from = topic_status_key(TOPIC_IN_NOTICE),
               *to = topic_status_key(TOPIC_IN_EXECUTION);
    if (db_exec(r->db, "UPDATE notice SET ended_at = ? WHERE id = ? AND ended_at IS NULL", "ii",
                now, n->id) != DB_DONE ||
        db_int(r->db, 0, "UPDATE topic SET status = ? WHERE id = ? AND status = ? RETURNING id",
               "sis", to, t.id, from) != t.id ||
        db_exec(
            r->db,
            "INSERT INTO topic_event(topic_id, at, actor_id, from_status, to_status, kind,"
            " reason, detail) VALUES (?, ?, NULL, ?, ?, 'transition', '', 'notice period over')",
            "iiss", t.id, now, from, to) != DB_DONE ||
        !feed_add(r, t.hall_node_id, t.id, FEED_STATUS, n->id, true, NULL))
        return -1;
    live_publish(r, arena_printf(&r->arena, "node:%lld", (long long)t.hall_node_id), "topic",
                 arena_printf(&r->arena,
                              "{\"topic_id\":%lld,\"hall_node_id\":%lld,\"from\":\"%s\","
                              "\"status\":\"%s\"}",
                              (long long)t.id, (long long)t.hall_node_id, from, to));
    return 1;
}

int notice_end_due(struct req *r, int64_t now)
{
    /* Collected first: ending one changes the rows the query walks. */
    struct notice *due = NULL;
    size_t n = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT n.id, n.topic_id, n.resolution_id, n.starts_at, n.ends_at, n.ended_at,"
               " n.ended_by FROM notice n JOIN topic t ON t.id = n.topic_id"
               " WHERE n.ended_at IS NULL AND n.ends_at <= ? AND t.status = 'in_notice'"
               " AND NOT EXISTS (SELECT 1 FROM objection o WHERE o.notice_id = n.id"
               " AND o.status = 'open') ORDER BY n.id");
    db_bind(st, "i", now);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        due = grow(&r->arena, due, n, sizeof *due);
        read_notice(st, &due[n++]);
    }
    db_done(st);
    if (rc != DB_DONE)
        return -1;
    int ended = 0;
    for (size_t i = 0; i < n; i++) {
        int e = end_by_clock(r, &due[i], now);
        if (e < 0)
            return -1;
        ended += e;
    }
    return ended;
}

/* ---- objections ---- */

/* The household's objection to notice_id already there? */
static bool household_objected(struct req *r, int64_t notice_id, int64_t household)
{
    return db_int(r->db, 0,
                  "SELECT count(*) FROM objection WHERE notice_id = ? AND household_id = ?", "ii",
                  notice_id, household) > 0;
}

bool outcome_may_object(struct req *r, const struct topic *t)
{
    struct notice n;
    int64_t household = hall_household(r, t->hall_path);
    return household && t->status == TOPIC_IN_NOTICE && notice_latest(r, t->id, &n) &&
           objection_window_open(n.starts_at, n.ends_at, n.ended_at, (int64_t)time(NULL)) &&
           !household_objected(r, n.id, household);
}

int64_t objection_raise(struct req *r, struct topic *t, const char *body, struct outcome_fail *f)
{
    int64_t household = hall_household(r, t->hall_path);
    if (!household) {
        set_fail(f, 403, "forbidden", NULL, T(r, M_OUT_E_NOT_RESIDENT));
        return 0;
    }
    struct notice n;
    int64_t now = (int64_t)time(NULL);
    if (t->status != TOPIC_IN_NOTICE || !notice_latest(r, t->id, &n) ||
        !objection_window_open(n.starts_at, n.ends_at, n.ended_at, now)) {
        struct outcome_problem p = {OUTCOME_E_NOTICE_CLOSED, NULL, 0};
        return rules_fail(r, &p, f);
    }
    struct outcome_problem p;
    if (!objection_check(body, &p))
        return rules_fail(r, &p, f);
    /* The UNIQUE (notice_id, household_id) makes a second one from the household a no-op. */
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO objection(notice_id, topic_id, person_id, household_id, body,"
                        " created_at) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (notice_id, household_id) DO NOTHING RETURNING id",
                        "iiiisi", n.id, t->id, r->person_id, household, body, now);
    if (!id) {
        if (!household_objected(r, n.id, household))
            return db_trouble(r, f);
        set_fail(f, 409, "already_objected", NULL, T(r, M_OUT_E_DUPLICATE));
        return 0;
    }
    if (!feed_add(r, t->hall_node_id, t->id, FEED_OBJECTION, id, actor_public(r, t), body))
        return db_trouble(r, f);
    return id;
}

int objection_rule(struct req *r, int64_t id, bool uphold, const char *reason,
                   struct outcome_fail *f)
{
    struct objection o;
    struct topic t;
    if (!objection_get(r, id, &o, &t))
        return refused(not_found(r, f));
    if (!outcome_staff(r, &t))
        return refused(forbidden(r, f));
    struct notice n;
    if (o.status != OBJ_OPEN) {
        set_fail(f, 409, "already_ruled", NULL, T(r, M_OUT_E_RULED));
        return -1;
    }
    /* Only objections to the running notice of a topic in notice can be ruled on. */
    if (t.status != TOPIC_IN_NOTICE || !notice_latest(r, t.id, &n) || n.id != o.notice_id ||
        n.ended_at)
        return refused(wrong_state(r, f));
    struct outcome_problem p;
    if (!ruling_check(reason, &p))
        return refused(rules_fail(r, &p, f));
    if (uphold && !may_move(r, &t, TOPIC_DELIBERATING, reason, f))
        return -1;
    int64_t now = (int64_t)time(NULL);
    if (db_exec(r->db,
                "UPDATE objection SET status = ?, ruling = ?, ruled_by = ?, ruled_at = ?"
                " WHERE id = ? AND status = 'open'",
                "ssiii", uphold ? "upheld" : "dismissed", reason, r->person_id, now, id) != DB_DONE)
        return refused(db_trouble(r, f));
    if (uphold && (!end_notice(r, n.id, now) ||
                   db_exec(r->db, "UPDATE resolution SET superseded_at = ? WHERE id = ?", "ii", now,
                           n.resolution_id) != DB_DONE ||
                   topic_move(r, &t, TOPIC_DELIBERATING, reason) != 0))
        return refused(db_trouble(r, f));
    if (!feed_add(r, t.hall_node_id, t.id, FEED_OBJECTION, id, true, reason))
        return refused(db_trouble(r, f));
    return 0;
}

/* ---- execution ---- */

/* Staff on t's hall, and t is being carried out. */
static bool may_execute(struct req *r, const struct topic *t, struct outcome_fail *f)
{
    if (!outcome_staff(r, t))
        return forbidden(r, f);
    return t->status == TOPIC_IN_EXECUTION || wrong_state(r, f);
}

int64_t task_add(struct req *r, struct topic *t, const struct task_input *in,
                 struct outcome_fail *f)
{
    if (!may_execute(r, t, f))
        return 0;
    struct outcome_problem p;
    int64_t now = (int64_t)time(NULL);
    if (!task_check(in, outcome_today(now), &p))
        return rules_fail(r, &p, f);
    if (db_int(r->db, 0, "SELECT count(*) FROM task WHERE topic_id = ?", "i", t->id) >=
        OUTCOME_TASKS_MAX)
        return too_many(r, M_OUT_E_TOO_MANY, OUTCOME_TASKS_MAX, f);
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO task(topic_id, title, owner, deadline, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        "isssii", t->id, in->title, in->owner, in->deadline, r->person_id, now);
    if (!id || !feed_add(r, t->hall_node_id, t->id, FEED_PROGRESS, id, true, in->title))
        return db_trouble(r, f);
    return id;
}

int64_t progress_add(struct req *r, int64_t task_id, const char *body, bool with_photos,
                     struct outcome_fail *f)
{
    struct task k;
    struct topic t;
    if (!task_get(r, task_id, &k, &t))
        return not_found(r, f);
    if (!may_execute(r, &t, f))
        return 0;
    struct outcome_problem p;
    if (!progress_check(body, &p))
        return rules_fail(r, &p, f);
    if (db_int(r->db, 0, "SELECT count(*) FROM progress WHERE task_id = ?", "i", task_id) >=
        OUTCOME_PROGRESS_MAX)
        return too_many(r, M_OUT_E_TOO_MANY_PROGRESS, OUTCOME_PROGRESS_MAX, f);
    int64_t now = (int64_t)time(NULL);
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO progress(task_id, topic_id, body, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, ?) RETURNING id",
                        "iisii", task_id, t.id, body, r->person_id, now);
    if (!id)
        return db_trouble(r, f);
    if (with_photos) {
        enum photo_err pe = PHOTO_OK;
        if (photo_attach_from_form(r, "before", "progress_before", id, &pe) < 0 ||
            photo_attach_from_form(r, "after", "progress_after", id, &pe) < 0) {
            set_fail(f,
                     pe == PHOTO_DB_ERROR    ? 503
                     : pe == PHOTO_TOO_LARGE ? 413
                                             : 422,
                     "bad_photo", "photos", photo_err_text(r, pe));
            return 0;
        }
    }
    if (!feed_add(r, t.hall_node_id, t.id, FEED_PROGRESS, id, true, body))
        return db_trouble(r, f);
    return id;
}

int task_done(struct req *r, int64_t task_id, struct outcome_fail *f)
{
    struct task k;
    struct topic t;
    if (!task_get(r, task_id, &k, &t))
        return refused(not_found(r, f));
    if (!may_execute(r, &t, f))
        return -1;
    if (k.done) {
        set_fail(f, 409, "already_done", NULL, T(r, M_OUT_E_TASK_DONE));
        return -1;
    }
    int64_t now = (int64_t)time(NULL);
    if (db_exec(r->db, "UPDATE task SET status = 'done', done_at = ? WHERE id = ?", "ii", now,
                task_id) != DB_DONE ||
        !feed_add(r, t.hall_node_id, t.id, FEED_PROGRESS, task_id, true, k.title))
        return refused(db_trouble(r, f));
    return 0;
}

int outcome_to_evaluation(struct req *r, struct topic *t, struct outcome_fail *f)
{
    if (!may_move(r, t, TOPIC_AWAITING_EVALUATION, NULL, f))
        return -1;
    if (topic_move(r, t, TOPIC_AWAITING_EVALUATION, NULL) != 0 ||
        !feed_add(r, t->hall_node_id, t->id, FEED_EVALUATION, 0, true, NULL))
        return refused(db_trouble(r, f));
    return 0;
}

int outcome_close(struct req *r, struct topic *t, const char *outcome, const char *note,
                  struct outcome_fail *f)
{
    /* The status machine wants a reason to close; the note is it. */
    if (!may_move(r, t, TOPIC_CLOSED, "note", f))
        return -1;
    struct outcome_problem p;
    if (!close_check(outcome, note, &p))
        return refused(rules_fail(r, &p, f));
    int64_t now = (int64_t)time(NULL);
    enum outcome_kind k = (enum outcome_kind)outcome_parse(outcome);
    if (db_exec(r->db,
                "INSERT INTO topic_outcome(topic_id, outcome, note, closed_by, closed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                "issii", t->id, outcome_key(k), note, r->person_id, now) != DB_DONE ||
        topic_move(r, t, TOPIC_CLOSED, note) != 0 ||
        !feed_add(r, t->hall_node_id, t->id, FEED_EVALUATION, 0, true,
                  arena_printf(&r->arena, "%s：%s", outcome_name(k, (int)r->lang), note)))
        return refused(db_trouble(r, f));
    return 0;
}
