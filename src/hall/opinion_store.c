#include "hall/opinion_store.h"

#include <stdio.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"
#include "hall/search.h"
#include "org/guard.h"
#include "util/utf8.h"

struct hall_settings hall_settings_get(struct req *r, int64_t hall_node_id)
{
    struct hall_settings s = hall_settings_default();
    struct db_stmt *st =
        db_prepare(r->db, "SELECT opinion_limit, opinion_max_chars, others_may_read"
                          " FROM hall_setting WHERE hall_node_id = ?");
    db_bind(st, "i", hall_node_id);
    if (db_step(st) == DB_ROW) {
        s.opinion_limit = (int)db_column_int(st, 0);
        s.opinion_max_chars = (int)db_column_int(st, 1);
        s.others_may_read = db_column_int(st, 2) != 0;
    }
    db_done(st);
    return s;
}

/* An audit row: who did what to which part of the tree, and the details. */
static bool audit(struct req *r, const char *action, const char *subject, const char *detail)
{
    return db_exec(
               r->db,
               "INSERT INTO audit(at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
               "iisss", (int64_t)time(NULL), r->person_id, action, subject, detail) == DB_DONE;
}

enum opinion_err hall_settings_put(struct req *r, int64_t hall_node_id, const char *hall_path,
                                   const struct hall_settings *s)
{
    if (hall_settings_check(s) != OPINION_OK)
        return OPINION_E_SETTINGS;
    if (db_exec(r->db,
                "INSERT INTO hall_setting(hall_node_id, opinion_limit, opinion_max_chars,"
                " others_may_read, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (hall_node_id) DO UPDATE SET opinion_limit = excluded.opinion_limit,"
                " opinion_max_chars = excluded.opinion_max_chars,"
                " others_may_read = excluded.others_may_read, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                "iiiiii", hall_node_id, (int64_t)s->opinion_limit, (int64_t)s->opinion_max_chars,
                (int64_t)s->others_may_read, r->person_id, (int64_t)time(NULL)) != DB_DONE)
        return OPINION_E_DB;
    char detail[96];
    snprintf(detail, sizeof detail, "hall %lld limit %d chars %d others_may_read %d",
             (long long)hall_node_id, s->opinion_limit, s->opinion_max_chars,
             (int)s->others_may_read);
    return audit(r, "hall.settings", hall_path, detail) ? OPINION_OK : OPINION_E_DB;
}

bool opinion_moderator(struct req *r, const struct topic *t)
{
    return may(r, t->hall_path, ACT_MODERATE);
}

bool opinions_readable(struct req *r, const struct topic *t, const struct hall_settings *s)
{
    return s->others_may_read || hall_household(r, t->hall_path) != 0 ||
           may(r, t->hall_path, ACT_MODERATE) || may(r, t->hall_path, ACT_SCREEN_TOPIC);
}

bool opinions_readable_in(struct req *r, int64_t hall_node_id)
{
    struct hall_settings s = hall_settings_get(r, hall_node_id);
    if (s.others_may_read)
        return true;
    struct node n;
    if (node_get(r->db, &r->arena, hall_node_id, &n) != 0)
        return false;
    return hall_household(r, n.path) != 0 || may(r, n.path, ACT_MODERATE) ||
           may(r, n.path, ACT_SCREEN_TOPIC);
}

const char *opinion_person_label(struct req *r, const struct topic *t, bool visible, int64_t id,
                                 const char *name)
{
    if (id == t->proposer_id && !visible)
        return T(r, M_OP_PROPOSER);
    return name;
}

/* The columns of struct opinion, in the order read_row takes them. */
#define OPINION_COLUMNS                                                                            \
    "o.id, o.topic_id, o.author_id, p.name, o.stance, o.body, o.reply_to, ro.author_id,"           \
    " rp.name, o.addressed_to, a.name, o.counted, o.hidden_reason, o.hidden_at, o.created_at,"     \
    " (SELECT count(*) FROM opinion_flag f WHERE f.opinion_id = o.id)"                             \
    " FROM opinion o JOIN person p ON p.id = o.author_id"                                          \
    " LEFT JOIN opinion ro ON ro.id = o.reply_to LEFT JOIN person rp ON rp.id = ro.author_id"      \
    " LEFT JOIN person a ON a.id = o.addressed_to"

static void read_row(struct req *r, struct db_stmt *st, struct opinion *o)
{
    struct arena *a = &r->arena;
    o->id = db_column_int(st, 0);
    o->topic_id = db_column_int(st, 1);
    o->author_id = db_column_int(st, 2);
    o->author_name = arena_strdup(a, db_column_text(st, 3));
    int s = stance_parse(db_column_text(st, 4));
    o->stance = s < 0 ? STANCE_SUGGESTION : (enum stance)s;
    o->body = arena_strdup(a, db_column_text(st, 5));
    o->reply_to = db_column_null(st, 6) ? 0 : db_column_int(st, 6);
    o->reply_author_id = db_column_null(st, 7) ? 0 : db_column_int(st, 7);
    o->reply_author_name = arena_strdup(a, db_column_text(st, 8));
    o->addressed_to = db_column_null(st, 9) ? 0 : db_column_int(st, 9);
    o->addressed_name = arena_strdup(a, db_column_text(st, 10));
    o->counted = db_column_int(st, 11) != 0;
    o->hidden_reason = db_column_null(st, 13) ? NULL : arena_strdup(a, db_column_text(st, 12));
    o->hidden_at = db_column_null(st, 13) ? 0 : db_column_int(st, 13);
    o->created_at = db_column_int(st, 14);
    o->flags = db_column_int(st, 15);
}

bool opinion_get(struct req *r, int64_t id, struct opinion *out)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT " OPINION_COLUMNS " WHERE o.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found)
        read_row(r, st, out);
    db_done(st);
    return found;
}

int opinion_list(struct req *r, int64_t topic_id, int64_t skip, struct opinion *out, int n)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT " OPINION_COLUMNS
                                           " WHERE o.topic_id = ? ORDER BY o.id LIMIT ? OFFSET ?");
    db_bind(st, "iii", topic_id, (int64_t)n, skip);
    int count = 0;
    while (count < n && db_step(st) == DB_ROW)
        read_row(r, st, &out[count++]);
    db_done(st);
    return count;
}

int64_t opinion_total(struct req *r, int64_t topic_id)
{
    return db_int(r->db, 0, "SELECT count(*) FROM opinion WHERE topic_id = ?", "i", topic_id);
}

void opinion_stance_counts(struct req *r, int64_t topic_id, int64_t counts[STANCE_COUNT])
{
    for (int s = 0; s < STANCE_COUNT; s++)
        counts[s] = 0;
    struct db_stmt *st = db_prepare(r->db, "SELECT stance, count(*) FROM opinion WHERE topic_id = ?"
                                           " AND hidden_at IS NULL GROUP BY stance");
    db_bind(st, "i", topic_id);
    while (db_step(st) == DB_ROW) {
        int s = stance_parse(db_column_text(st, 0));
        if (s >= 0)
            counts[s] = db_column_int(st, 1);
    }
    db_done(st);
}

/* The ids of up to OPINION_BATCH topics, padded with 0 (no topic has it), bound to the
 * first OPINION_BATCH placeholders: one cached statement whatever the page holds. */
static void bind_batch(struct db_stmt *st, const int64_t *ids, int n)
{
    for (int i = 0; i < OPINION_BATCH; i++)
        db_bind_int(st, i + 1, i < n ? ids[i] : 0);
}

/* The index of id in ids, or -1. */
static int batch_index(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return i;
    return -1;
}

void opinion_stance_counts_batch(struct req *r, const int64_t *ids, int n,
                                 int64_t (*counts)[STANCE_COUNT])
{
    for (int i = 0; i < n; i++)
        for (int s = 0; s < STANCE_COUNT; s++)
            counts[i][s] = 0;
    if (n <= 0)
        return;
    n = n < OPINION_BATCH ? n : OPINION_BATCH;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT topic_id, stance, count(*) FROM opinion"
               " WHERE topic_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               " AND hidden_at IS NULL GROUP BY topic_id, stance");
    bind_batch(st, ids, n);
    while (db_step(st) == DB_ROW) {
        int i = batch_index(ids, n, db_column_int(st, 0));
        int s = stance_parse(db_column_text(st, 1));
        if (i >= 0 && s >= 0)
            counts[i][s] = db_column_int(st, 2);
    }
    db_done(st);
}

void topic_support_counts_batch(struct req *r, const int64_t *ids, int n, int64_t *out)
{
    for (int i = 0; i < n; i++)
        out[i] = 0;
    if (n <= 0)
        return;
    n = n < OPINION_BATCH ? n : OPINION_BATCH;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT topic_id, count(*) FROM topic_support"
               " WHERE topic_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               " GROUP BY topic_id");
    bind_batch(st, ids, n);
    while (db_step(st) == DB_ROW) {
        int i = batch_index(ids, n, db_column_int(st, 0));
        if (i >= 0)
            out[i] = db_column_int(st, 1);
    }
    db_done(st);
}

int opinion_used(struct req *r, int64_t topic_id, int64_t person_id)
{
    return (int)db_int(r->db, 0,
                       "SELECT used FROM opinion_quota WHERE topic_id = ? AND person_id = ?", "ii",
                       topic_id, person_id);
}

int64_t topic_support_count(struct req *r, int64_t topic_id)
{
    return db_int(r->db, 0, "SELECT count(*) FROM topic_support WHERE topic_id = ?", "i", topic_id);
}

bool topic_supported(struct req *r, int64_t topic_id, int64_t person_id)
{
    return person_id && db_int(r->db, 0,
                               "SELECT count(*) FROM topic_support WHERE topic_id = ?"
                               " AND person_id = ?",
                               "ii", topic_id, person_id) > 0;
}

/* Whether person spoke on topic_id in an opinion still shown. */
static bool has_spoken(struct req *r, int64_t topic_id, int64_t person_id)
{
    return db_int(r->db, 0,
                  "SELECT count(*) FROM opinion WHERE topic_id = ? AND author_id = ?"
                  " AND hidden_at IS NULL",
                  "ii", topic_id, person_id) > 0;
}

/* Who a question is put to: the proposer by default (nobody when the proposer asks), or
 * someone who spoke. Naming the anonymous proposer by their id is refused like naming anyone
 * who did not speak, so the answer never tells who proposed the topic. */
static enum opinion_err addressee(struct req *r, const struct topic *t, int64_t wanted,
                                  int64_t *out)
{
    *out = 0;
    if (!wanted) {
        if (t->proposer_id != r->person_id)
            *out = t->proposer_id;
        return OPINION_OK;
    }
    if (wanted == r->person_id)
        return OPINION_E_ADDRESSEE;
    if (wanted == t->proposer_id) {
        if (!topic_proposer_visible(r, t))
            return OPINION_E_ADDRESSEE;
    } else if (!has_spoken(r, t->id, wanted))
        return OPINION_E_ADDRESSEE;
    *out = wanted;
    return OPINION_OK;
}

/* Takes one of the reader's limited opinions on t: the row update is what parallel posts queue
 * on, and its WHERE refuses the turn after the last. */
static enum opinion_err take_turn(struct req *r, const struct topic *t, int limit)
{
    if (db_exec(r->db,
                "INSERT INTO opinion_quota(topic_id, person_id, used) VALUES (?, ?, 0)"
                " ON CONFLICT DO NOTHING",
                "ii", t->id, r->person_id) != DB_DONE)
        return OPINION_E_DB;
    int64_t used = db_int(r->db, 0,
                          "UPDATE opinion_quota SET used = used + 1 WHERE topic_id = ?"
                          " AND person_id = ? AND used < ? RETURNING used",
                          "iii", t->id, r->person_id, (int64_t)limit);
    return used > 0 ? OPINION_OK : OPINION_E_LIMIT;
}

int64_t opinion_create(struct req *r, const struct topic *t, const struct opinion_input *in,
                       enum opinion_err *err)
{
    int64_t household = hall_household(r, t->hall_path);
    if (!household) {
        *err = OPINION_E_NOT_RESIDENT;
        return 0;
    }
    if (!opinion_topic_open(t->status)) {
        *err = OPINION_E_CLOSED;
        return 0;
    }
    struct hall_settings s = hall_settings_get(r, t->hall_node_id);
    enum stance stance;
    *err = opinion_check_text(in->stance, in->body, s.opinion_max_chars, &stance);
    if (*err != OPINION_OK)
        return 0;
    bool free_answer = false;
    if (in->reply_to) {
        struct opinion q;
        if (!opinion_get(r, in->reply_to, &q) || q.topic_id != t->id || q.hidden_reason) {
            *err = OPINION_E_REPLY;
            return 0;
        }
        /* The first answer to a question put to the reader is free (one per question). */
        free_answer = q.stance == STANCE_QUESTION && q.addressed_to == r->person_id &&
                      db_int(r->db, 0,
                             "SELECT count(*) FROM opinion WHERE reply_to = ? AND author_id = ?"
                             " AND counted = 0",
                             "ii", q.id, r->person_id) == 0;
    }
    int64_t to = 0;
    if (stance == STANCE_QUESTION && (*err = addressee(r, t, in->addressed_to, &to)) != OPINION_OK)
        return 0;
    if (!free_answer && (*err = take_turn(r, t, s.opinion_limit)) != OPINION_OK)
        return 0;
    int64_t id = 0;
    struct db_stmt *st = db_prepare(
        r->db, "INSERT INTO opinion(topic_id, hall_node_id, author_id, household_id, stance, body,"
               " reply_to, addressed_to, counted, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), nullif(?, 0), ?, ?) RETURNING id");
    db_bind(st, "iiiissiiii", t->id, t->hall_node_id, r->person_id, household, stance_key(stance),
            in->body, in->reply_to, to, (int64_t)!free_answer, (int64_t)time(NULL));
    enum db_result res = db_step(st);
    if (res == DB_ROW)
        id = db_column_int(st, 0);
    db_done(st);
    if (!id) {
        /* A parallel free answer to the same question got there first. */
        *err = res == DB_CONSTRAINT ? OPINION_E_LIMIT : OPINION_E_DB;
        return 0;
    }
    /* An anonymous proposer speaking on their own topic stays anonymous in the feed. */
    bool actor_public = r->person_id != t->proposer_id || t->proposer_public;
    const char *summary =
        arena_strndup(&r->arena, in->body, opinion_prefix_len(in->body, OPINION_SUMMARY_CHARS));
    if (!feed_add(r, t->hall_node_id, t->id, FEED_OPINION, id, actor_public, summary) ||
        search_index(r, SEARCH_OPINION, id, t->id, t->hall_node_id, in->body) != 0) {
        *err = OPINION_E_DB;
        return 0;
    }
    *err = OPINION_OK;
    return id;
}

enum opinion_err opinion_flag(struct req *r, const struct topic *t, const struct opinion *op,
                              const char *reason)
{
    if (!hall_household(r, t->hall_path))
        return OPINION_E_NOT_RESIDENT;
    int f = flag_reason_parse(reason);
    if (f < 0)
        return OPINION_E_FLAG_REASON;
    if (op->author_id == r->person_id)
        return OPINION_E_OWN;
    if (op->hidden_reason)
        return OPINION_E_HIDDEN;
    int64_t done = db_int(r->db, 0,
                          "INSERT INTO opinion_flag(opinion_id, person_id, reason, at)"
                          " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1",
                          "iisi", op->id, r->person_id, flag_reason_key((enum flag_reason)f),
                          (int64_t)time(NULL));
    return done ? OPINION_OK : OPINION_E_FLAGGED;
}

enum opinion_err opinion_hide(struct req *r, const struct topic *t, const struct opinion *op,
                              const char *reason)
{
    if (!opinion_moderator(r, t))
        return OPINION_E_FORBIDDEN;
    if (!hall_text_present(reason) || utf8_chars(reason) > OPINION_REASON_MAX)
        return OPINION_E_HIDE_REASON;
    int64_t now = (int64_t)time(NULL);
    /* The WHERE makes a second, parallel hide find nothing to do. */
    int64_t done = db_int(r->db, 0,
                          "UPDATE opinion SET hidden_reason = ?, hidden_by = ?, hidden_at = ?"
                          " WHERE id = ? AND hidden_at IS NULL RETURNING id",
                          "siii", reason, r->person_id, now, op->id);
    if (!done)
        return OPINION_E_HIDDEN;
    char *detail = arena_printf(&r->arena, "opinion %lld topic %lld: %s", (long long)op->id,
                                (long long)t->id, reason);
    /* The feed quoted the start of the opinion: those words go too. */
    if (!audit(r, "opinion.hide", t->hall_path, detail) ||
        db_exec(r->db, "UPDATE feed_item SET summary = '' WHERE kind = 'opinion' AND ref_id = ?",
                "i", op->id) != DB_DONE ||
        search_remove(r, SEARCH_OPINION, op->id) != 0)
        return OPINION_E_DB;
    return OPINION_OK;
}

enum opinion_err topic_support_set(struct req *r, const struct topic *t, bool on)
{
    if (!hall_household(r, t->hall_path))
        return OPINION_E_NOT_RESIDENT;
    if (!opinion_topic_open(t->status))
        return OPINION_E_CLOSED;
    enum db_result res =
        on ? db_exec(r->db,
                     "INSERT INTO topic_support(topic_id, person_id, at) VALUES (?, ?, ?)"
                     " ON CONFLICT DO NOTHING",
                     "iii", t->id, r->person_id, (int64_t)time(NULL))
           : db_exec(r->db, "DELETE FROM topic_support WHERE topic_id = ? AND person_id = ?", "ii",
                     t->id, r->person_id);
    return res == DB_DONE ? OPINION_OK : OPINION_E_DB;
}
