/* The minutes of a stored meeting with what the database knows (see minutes_view.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/topic_store.h"
#include "meeting/chain.h"
#include "meeting/minutes.h"
#include "meeting/motions.h"
#include "meeting/policy.h"
#include "meeting/minutes_view.h"
#include "org/guard.h"
#include "web/i18n.h"
#include "web/when.h"

#define T(r, m) msg_text((r)->lang, (m))

bool minutes_readable(struct req *r, const struct meeting_row *m)
{
    if (may(r, m->path, ACT_RUN_POLL) || may(r, m->path, ACT_RESOLVE) ||
        hall_household(r, m->path) != 0)
        return true;
    /* a person invited onto the roster from elsewhere (a department's contact, an observer of
     * another area) may see the meeting (sched_may_see) and so its minutes */
    char eid[32];
    if (r->person_id && room_on_roster(m->setup, meeting_person_eid(r->person_id, eid, sizeof eid)))
        return true;
    return r->person_id != 0 &&
           db_int(r->db, 0, "SELECT count(*) FROM meeting WHERE id = ? AND recorder_id = ?", "ii",
                  m->id, r->person_id) > 0;
}

json_t *minutes_model(struct req *r, int64_t id, const char *setup)
{
    int64_t n = db_int(r->db, -1, "SELECT count(*) FROM meeting_log WHERE meeting_id = ?", "i", id);
    if (n < 0)
        return NULL;
    struct minutes_entry *e = calloc((size_t)n + 1, sizeof *e);
    if (!e)
        return NULL;
    struct db_stmt *st = db_prepare(r->db, "SELECT seq, at, actor_id, command FROM meeting_log"
                                           " WHERE meeting_id = ? ORDER BY seq");
    db_bind(st, "i", id);
    size_t k = 0;
    while (k < (size_t)n && db_step(st) == DB_ROW) {
        e[k] =
            (struct minutes_entry){db_column_int(st, 0), db_column_int(st, 1), db_column_int(st, 2),
                                   arena_strdup(&r->arena, db_column_text(st, 3))};
        k++;
    }
    db_done(st);
    json_t *m = minutes_build(setup, e, k);
    free(e);
    return m;
}

static const struct {
    const char *word;
    enum msg m;
} words[] = {
#include "meeting/minutes_words.inc"
};

const char *minutes_word(struct req *r, const char *word)
{
    if (!word)
        return "";
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].word, word) == 0)
            return T(r, words[i].m);
    int k = mt_kind_parse(word);
    if (k >= 0 && r->lang != LANG_EN)
        return mt_kind_row((enum mt_kind)k)->zh;
    if (k >= 0) { /* "POINT_OF_ORDER" → "point of order" */
        char *w = arena_strdup(&r->arena, word);
        for (char *c = w; *c; c++)
            *c = *c == '_' ? ' ' : (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        return w;
    }
    return word;
}

/* names: {eid: name} for every id of the roster. */
static json_t *names_of(struct req *r, const struct meeting_row *mr, json_t *m)
{
    json_t *names = json_object();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(m, "attendance"), i, a)
    {
        const char *eid = json_string_value(json_object_get(a, "id"));
        if (!eid)
            continue;
        int64_t pid = meeting_eid_person(eid);
        struct db_stmt *st = NULL;
        if (pid > 0) {
            st = db_prepare(r->db, "SELECT name, '' FROM person WHERE id = ?");
            db_bind(st, "i", pid);
        } else if (eid[0] == 'g' && eid[1] >= '1' && eid[1] <= '9') {
            st = db_prepare(r->db, "SELECT name, org FROM meeting_guest WHERE id = ?"
                                   " AND meeting_id = ?");
            db_bind(st, "ii", (int64_t)strtoll(eid + 1, NULL, 10), mr->id);
        }
        if (st && db_step(st) == DB_ROW) {
            const char *org = db_column_text(st, 1);
            json_object_set_new(
                names, eid,
                json_string(org && *org ? arena_printf(&r->arena, T(r, M_MIN_PAREN),
                                                       db_column_text(st, 0), minutes_word(r, org))
                                        : db_column_text(st, 0)));
        }
        if (st)
            db_done(st);
    }
    return names;
}

const char *minutes_name(struct req *r, json_t *m, json_t *id)
{
    (void)r;
    const char *eid = json_string_value(id);
    if (!eid)
        return "—";
    const char *n = json_string_value(json_object_get(json_object_get(m, "names"), eid));
    return n ? n : eid;
}

/* The agenda's titles and topics onto the model's items; the resolutions' topics. */
static void agenda_of(struct req *r, const struct meeting_row *mr, json_t *m)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        struct db_stmt *st =
            db_prepare(r->db, "SELECT mi.title, mi.topic_id, t.title FROM meeting_item mi"
                              " LEFT JOIN topic t ON t.id = mi.topic_id"
                              " WHERE mi.meeting_id = ? AND mi.item_key = ?");
        db_bind(st, "is", mr->id, json_string_value(json_object_get(it, "id")));
        if (db_step(st) == DB_ROW) {
            json_object_set_new(it, "title", json_string(db_column_text(st, 0)));
            int64_t tid = db_column_int(st, 1);
            json_object_set_new(it, "topic_id", tid ? json_integer(tid) : json_null());
            json_object_set_new(it, "topic_title",
                                tid ? json_string(db_column_text(st, 2)) : json_null());
        } else {
            json_object_set_new(it, "title", json_null());
            json_object_set_new(it, "topic_id", json_null());
            json_object_set_new(it, "topic_title", json_null());
        }
        db_done(st);
    }
    json_t *res;
    json_array_foreach(json_object_get(m, "resolutions"), i, res)
    {
        json_t *item = json_object_get(res, "item");
        int64_t tid = json_is_string(item) ? db_int(r->db, 0,
                                                    "SELECT coalesce(topic_id, 0) FROM meeting_item"
                                                    " WHERE meeting_id = ? AND item_key = ?",
                                                    "is", mr->id, json_string_value(item))
                                           : 0;
        int64_t rid = tid ? db_int(r->db, 0,
                                   "SELECT coalesce(max(id), 0) FROM resolution WHERE topic_id = ?"
                                   " AND source = 'meeting' AND text = ?",
                                   "is", tid, json_string_value(json_object_get(res, "text")))
                          : 0;
        json_object_set_new(res, "topic_id", tid ? json_integer(tid) : json_null());
        json_object_set_new(res, "resolution_id", rid ? json_integer(rid) : json_null());
    }
}

json_t *minutes_load(struct req *r, const struct meeting_row *mr)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT m.setup, m.kind, m.starts_at, m.ends_at, m.place, m.mode,"
                          " coalesce(m.recorder_id, 0), p.name, n.name, m.created_at, m.created_by,"
                          " coalesce(m.cancelled_at, 0), m.cancel_reason"
                          " FROM meeting m JOIN node n ON n.id = m.hall_node_id"
                          " LEFT JOIN person p ON p.id = m.recorder_id WHERE m.id = ?");
    db_bind(st, "i", mr->id);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return NULL;
    }
    const char *setup = arena_strdup(&r->arena, db_column_text(st, 0));
    int64_t starts = db_column_int(st, 2), ends = db_column_int(st, 3);
    int64_t recorder = db_column_int(st, 6);
    json_t *info =
        json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)mr->id, "hall_node_id",
                  (json_int_t)mr->hall_node_id, "hall_name", db_column_text(st, 8), "title",
                  mr->title, "kind", db_column_text(st, 1), "place", db_column_text(st, 4), "mode",
                  db_column_text(st, 5));
    json_object_set_new(info, "starts_at", starts ? json_integer(starts) : json_null());
    json_object_set_new(info, "ends_at", ends ? json_integer(ends) : json_null());
    /* a cancelled meeting was not held: its minutes say so rather than list everyone absent */
    int64_t cancelled = db_column_int(st, 11);
    json_object_set_new(info, "cancelled_at", cancelled ? json_integer(cancelled) : json_null());
    json_object_set_new(info, "cancel_reason",
                        cancelled ? json_string(db_column_text(st, 12)) : json_null());
    json_t *rec =
        recorder ? json_pack("{s:I,s:s}", "id", (json_int_t)recorder, "name", db_column_text(st, 7))
                 : json_null();
    char head[CHAIN_HEX];
    chain_genesis(db_column_int(st, 9), db_column_int(st, 10), setup, head);
    db_done(st);
    json_t *m = minutes_model(r, mr->id, setup);
    if (!m) {
        json_decref(info);
        json_decref(rec);
        return NULL;
    }
    st = db_prepare(r->db, "SELECT hash FROM meeting_log WHERE meeting_id = ?"
                           " ORDER BY seq DESC LIMIT 1");
    db_bind(st, "i", mr->id);
    if (db_step(st) == DB_ROW)
        snprintf(head, sizeof head, "%s", db_column_text(st, 0));
    db_done(st);
    json_object_set_new(m, "info", info);
    json_object_set_new(m, "recorder", rec);
    json_object_set_new(m, "head_hash", json_string(head));
    json_t *names = names_of(r, mr, m);
    /* the recorder may enter votes without being on the roster (minutes.h: entered_by) */
    if (recorder) {
        char eid[24];
        snprintf(eid, sizeof eid, "p%lld", (long long)recorder);
        if (!json_object_get(names, eid))
            json_object_set(names, eid, json_object_get(rec, "name"));
    }
    json_object_set_new(m, "names", names);
    agenda_of(r, mr, m);
    return m;
}
