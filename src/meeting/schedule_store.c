/* A meeting's schedule in the database (see schedule_store.h). */
#include "meeting/schedule_store.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"
#include "hall/topic_store.h"
#include "meeting/log.h"
#include "meeting/policy.h"
#include "meeting/state.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/respond.h"

bool sched_may_run(struct req *r, const char *hall_path)
{
    return may(r, hall_path, ACT_RUN_POLL);
}

bool sched_may_read(struct req *r, const char *hall_path)
{
    return sched_may_run(r, hall_path) || hall_household(r, hall_path) != 0;
}

bool sched_may_door(struct req *r, const char *hall_path, int64_t recorder_id)
{
    return sched_may_run(r, hall_path) || (recorder_id && recorder_id == r->person_id);
}

bool sched_load_for_change(struct req *r, struct meeting_row *m)
{
    if (!meeting_load(r, m))
        return false;
    if (!sched_may_run(r, m->path)) {
        json_decref(m->setup);
        fail(r, 403, "forbidden", M_SCHED_FORBIDDEN);
        return false;
    }
    return true;
}

bool sched_may_see(struct req *r, const struct meeting_row *m)
{
    char eid[32];
    return sched_may_read(r, m->path) ||
           (r->person_id &&
            room_on_roster(m->setup, meeting_person_eid(r->person_id, eid, sizeof eid)));
}

static const enum msg err_msgs[SCHED_ERR_COUNT] = {
    [SCHED_OK] = M_ERR_INTERNAL,
    [SCHED_E_TITLE] = M_SCHED_E_TITLE,
    [SCHED_E_KIND] = M_SCHED_E_KIND,
    [SCHED_E_TIME] = M_SCHED_E_TIME,
    [SCHED_E_PAST] = M_SCHED_E_PAST,
    [SCHED_E_PLACE] = M_SCHED_E_PLACE,
    [SCHED_E_MODE] = M_SCHED_E_MODE,
    [SCHED_E_URL] = M_SCHED_E_URL,
    [SCHED_E_ITEMS] = M_SCHED_E_ITEMS,
    [SCHED_E_ITEM] = M_SCHED_E_ITEM,
    [SCHED_E_TOPIC] = M_SCHED_E_TOPIC,
    [SCHED_E_PERSONS] = M_SCHED_E_PERSONS,
    [SCHED_E_PERSON] = M_SCHED_E_PERSON,
    [SCHED_E_MEMBER] = M_SCHED_E_MEMBER,
    [SCHED_E_NO_MEMBERS] = M_SCHED_E_NO_MEMBERS,
    [SCHED_E_CHAIR] = M_SCHED_E_CHAIR,
    [SCHED_E_GUESTS] = M_SCHED_E_GUESTS,
    [SCHED_E_GUEST] = M_SCHED_E_GUEST,
    [SCHED_E_SETUP] = M_SCHED_E_SETUP,
    [SCHED_E_STARTED] = M_SCHED_E_STARTED,
    [SCHED_E_CANCELLED] = M_SCHED_E_CANCELLED,
    [SCHED_E_REASON] = M_SCHED_E_REASON,
    [SCHED_E_HELD] = M_SCHED_E_HELD,
};

enum msg sched_err_msg(enum sched_err e)
{
    return e < SCHED_ERR_COUNT ? err_msgs[e] : M_ERR_INTERNAL;
}

static bool refuse(struct sched_problem *p, enum sched_err e, int64_t ref)
{
    p->err = e;
    p->ref = ref;
    return false;
}

const char *sched_person_name(struct req *r, int64_t id)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT name FROM person WHERE id = ?");
    db_bind(st, "i", id);
    const char *name =
        db_step(st) == DB_ROW ? arena_strdup(&r->arena, db_column_text(st, 0)) : NULL;
    db_done(st);
    return name;
}

/* The path of the household person ID lives in ("" when none), or NULL when there is no such
 * person. */
static const char *person_home(struct req *r, int64_t id)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT coalesce(h.path, '') FROM person p"
                                           " LEFT JOIN node h ON h.id = p.household_id"
                                           " WHERE p.id = ?");
    db_bind(st, "i", id);
    const char *path =
        db_step(st) == DB_ROW ? arena_strdup(&r->arena, db_column_text(st, 0)) : NULL;
    db_done(st);
    return path;
}

/* The first holder of ROLE on the hall's node or one above it, or 0. The grants that cover a
 * hall are on the nodes of its path, so each is looked up by its id. */
static int64_t hall_role_holder(struct req *r, const char *hall_path, const char *role)
{
    int64_t found = 0;
    const char *p = hall_path;
    while (*p == '/' && p[1]) {
        long long node = strtoll(p + 1, NULL, 10);
        int64_t who =
            db_int(r->db, 0, "SELECT min(person_id) FROM role WHERE node_id = ? AND role = ?", "is",
                   (int64_t)node, role);
        if (who > 0)
            found = who; /* the nearest node's holder wins */
        p = strchr(p + 1, '/');
        if (!p)
            break;
    }
    return found;
}

/* The default members: holders of director or group_leader roles on nodes within the hall who
 * live within its scope (DOMAIN.md: 常任理事 and 楼组长 take part by office). */
static void default_members(struct req *r, const struct node *hall, struct sched_input *in)
{
    const char *end = node_path_end(&r->arena, hall->path);
    struct db_stmt *st = db_prepare(
        r->db, "SELECT DISTINCT p.id FROM role ro JOIN node rn ON rn.id = ro.node_id"
               " JOIN person p ON p.id = ro.person_id JOIN node h ON h.id = p.household_id"
               " WHERE ro.role IN ('director', 'group_leader') AND rn.path >= ? AND rn.path < ?"
               " AND h.path >= ? AND h.path < ? ORDER BY p.id");
    db_bind(st, "ssss", hall->path, end, hall->path, end);
    in->n_members = 0;
    while (db_step(st) == DB_ROW) {
        if (in->n_members < SCHED_PERSONS_MAX)
            in->members[in->n_members] = db_column_int(st, 0);
        in->n_members++;
    }
    db_done(st);
}

static bool in_list(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* Checks the agenda (when ITEMS: the organiser sends one), the roster and the guests against the
 * database; fills the items' titles from their topics. An agenda already stored is not checked
 * again: its topics may have moved on since (merged, resolved), which is no reason to refuse a
 * change of the roster. */
static bool check_roster(struct req *r, const char *hall_path, int64_t hall_id,
                         struct sched_input *in, bool items, struct sched_problem *p)
{
    /* Persons: members, observers, and the chair and recorder when not among them. */
    int persons = in->n_members + in->n_observers;
    int members = in->n_members < SCHED_PERSONS_MAX ? in->n_members : SCHED_PERSONS_MAX;
    int observers = in->n_observers < SCHED_PERSONS_MAX ? in->n_observers : SCHED_PERSONS_MAX;
    if (in->chair_id && !in_list(in->members, members, in->chair_id))
        persons++;
    if (in->recorder_id && in->recorder_id != in->chair_id &&
        !in_list(in->members, members, in->recorder_id) &&
        !in_list(in->observers, observers, in->recorder_id))
        persons++;
    enum sched_err e = sched_check_counts(in->n_items, persons, in->n_guests);
    if (e != SCHED_OK)
        return refuse(p, e, 0);
    /* The engine takes MT_MAX_PERSONS ids in all, guests included. */
    if (persons + in->n_guests > MT_MAX_PERSONS)
        return refuse(p, SCHED_E_PERSONS, 0);
    for (int i = 0; items && i < in->n_items; i++) {
        struct sched_item *it = &in->items[i];
        if (!it->topic_id) {
            if ((e = sched_check_item_title(it->title)) != SCHED_OK)
                return refuse(p, e, 0);
            continue;
        }
        struct db_stmt *st =
            db_prepare(r->db, "SELECT title FROM topic WHERE id = ? AND hall_node_id = ?"
                              " AND status IN ('accepted', 'deliberating')");
        db_bind(st, "ii", it->topic_id, hall_id);
        it->title = db_step(st) == DB_ROW ? arena_strdup(&r->arena, db_column_text(st, 0)) : NULL;
        db_done(st);
        if (!it->title)
            return refuse(p, SCHED_E_TOPIC, it->topic_id);
        for (int k = 0; k < i; k++)
            if (in->items[k].topic_id == it->topic_id)
                return refuse(p, SCHED_E_TOPIC, it->topic_id);
    }
    if (in->n_members == 0)
        return refuse(p, SCHED_E_NO_MEMBERS, 0);
    for (int i = 0; i < in->n_members; i++) {
        const char *home = in->members[i] > 0 ? person_home(r, in->members[i]) : NULL;
        if (!home)
            return refuse(p, SCHED_E_PERSON, in->members[i]);
        if (!perm_path_within(home, hall_path))
            return refuse(p, SCHED_E_MEMBER, in->members[i]);
        for (int k = 0; k < i; k++)
            if (in->members[k] == in->members[i])
                return refuse(p, SCHED_E_PERSON, in->members[i]);
    }
    for (int i = 0; i < in->n_observers; i++) {
        int64_t id = in->observers[i];
        if (id <= 0 || !person_home(r, id) || id == in->chair_id)
            return refuse(p, SCHED_E_PERSON, id);
        for (int k = 0; k < in->n_members; k++)
            if (in->members[k] == id)
                return refuse(p, SCHED_E_PERSON, id);
        for (int k = 0; k < i; k++)
            if (in->observers[k] == id)
                return refuse(p, SCHED_E_PERSON, id);
    }
    if (in->chair_id <= 0 || !person_home(r, in->chair_id))
        return refuse(p, SCHED_E_CHAIR, in->chair_id);
    if (in->recorder_id < 0 || (in->recorder_id && !person_home(r, in->recorder_id)))
        return refuse(p, SCHED_E_PERSON, in->recorder_id);
    for (int i = 0; i < in->n_guests; i++)
        if ((e = sched_check_guest(in->guests[i].org, in->guests[i].name)) != SCHED_OK)
            return refuse(p, e, 0);
    return true;
}

/* The engine's setup: members "p<id>", observers "p<id>" (the recorder among them when not
 * already on the roster) and "g<guest id>", the chair, the hall's level, the params. */
static char *build_setup(struct req *r, const char *level, const struct sched_input *in,
                         int64_t meeting_id)
{
    char eid[32];
    json_t *su = json_object();
    json_object_set_new(su, "level", json_string(level));
    json_t *mem = json_array(), *obs = json_array();
    for (int i = 0; i < in->n_members; i++)
        json_array_append_new(mem,
                              json_string(meeting_person_eid(in->members[i], eid, sizeof eid)));
    for (int i = 0; i < in->n_observers; i++)
        json_array_append_new(obs,
                              json_string(meeting_person_eid(in->observers[i], eid, sizeof eid)));
    if (in->recorder_id && in->recorder_id != in->chair_id &&
        !in_list(in->members, in->n_members, in->recorder_id) &&
        !in_list(in->observers, in->n_observers, in->recorder_id))
        json_array_append_new(obs,
                              json_string(meeting_person_eid(in->recorder_id, eid, sizeof eid)));
    if (meeting_id) {
        struct db_stmt *st =
            db_prepare(r->db, "SELECT id FROM meeting_guest WHERE meeting_id = ? ORDER BY id");
        db_bind(st, "i", meeting_id);
        while (db_step(st) == DB_ROW) {
            snprintf(eid, sizeof eid, "g%" PRId64, db_column_int(st, 0));
            json_array_append_new(obs, json_string(eid));
        }
        db_done(st);
    }
    json_object_set_new(su, "members", mem);
    json_object_set_new(su, "observers", obs);
    json_object_set_new(su, "chair",
                        json_string(meeting_person_eid(in->chair_id, eid, sizeof eid)));
    if (in->params && json_object_size(in->params))
        json_object_set(su, "params", in->params);
    char *text = json_dumps(su, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(su);
    return text;
}

/* Whether the engine takes SETUP (a JSON object text). */
static bool setup_ok(const char *setup)
{
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return false;
    json_t *su = json_loads(setup, 0, NULL);
    json_t *line = json_pack("{s:o}", "setup", su ? su : json_null());
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    char *ans = text ? mt_script_line(&sc, text, strlen(text)) : NULL;
    json_t *a = ans ? json_loads(ans, 0, NULL) : NULL;
    bool ok = json_is_true(json_object_get(a, "ok"));
    json_decref(a);
    free(ans);
    free(text);
    mt_script_free(&sc);
    return ok;
}

static int store_items_guests(struct req *r, int64_t id, const struct sched_input *in,
                              unsigned given)
{
    if (given & SF_ITEMS) {
        if (db_exec(r->db, "DELETE FROM meeting_item WHERE meeting_id = ?", "i", id) != DB_DONE)
            return -1;
        for (int i = 0; i < in->n_items; i++) {
            char key[16];
            snprintf(key, sizeof key, "I%d", i + 1);
            if (db_exec(r->db,
                        "INSERT INTO meeting_item(meeting_id, item_key, pos, topic_id, title)"
                        " VALUES (?, ?, ?, nullif(?, 0), ?)",
                        "isiis", id, key, (int64_t)(i + 1), in->items[i].topic_id,
                        in->items[i].title) != DB_DONE)
                return -1;
        }
    }
    if (given & SF_ROSTER) {
        if (db_exec(r->db, "DELETE FROM meeting_guest WHERE meeting_id = ?", "i", id) != DB_DONE)
            return -1;
        for (int i = 0; i < in->n_guests; i++)
            if (db_exec(r->db, "INSERT INTO meeting_guest(meeting_id, org, name) VALUES (?, ?, ?)",
                        "iss", id, in->guests[i].org, in->guests[i].name) != DB_DONE)
                return -1;
    }
    return 0;
}

static int store_columns(struct req *r, int64_t id, const struct sched_input *in)
{
    const struct sched_basics *b = &in->b;
    return db_exec(r->db,
                   "UPDATE meeting SET title = ?, kind = ?, starts_at = ?, ends_at = ?, place = ?,"
                   " mode = ?, online_url = ?, recorder_id = nullif(?, 0) WHERE id = ?",
                   "ssiisssii", b->title, b->kind, b->starts_at, b->ends_at,
                   b->place ? b->place : "", b->mode, b->online_url ? b->online_url : "",
                   in->recorder_id, id) == DB_DONE
               ? 0
               : -1;
}

/* Feed items for the hall and for each topic on the agenda (same kind, ref_id the meeting). */
static int feed_meeting(struct req *r, int64_t hall_id, int64_t id, enum feed_kind kind,
                        const char *summary)
{
    if (!feed_add(r, hall_id, 0, kind, id, true, summary))
        return -1;
    struct db_stmt *st = db_prepare(r->db, "SELECT topic_id FROM meeting_item"
                                           " WHERE meeting_id = ? AND topic_id IS NOT NULL"
                                           " ORDER BY pos");
    db_bind(st, "i", id);
    int64_t topics[SCHED_ITEMS_MAX];
    int n = 0;
    while (db_step(st) == DB_ROW && n < SCHED_ITEMS_MAX)
        topics[n++] = db_column_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++)
        if (!feed_add(r, hall_id, topics[i], kind, id, true, summary))
            return -1;
    return 0;
}

static void defaults(struct req *r, const struct node *hall, struct sched_input *in)
{
    if (!in->members_given)
        default_members(r, hall, in);
    if (!in->chair_id)
        in->chair_id = hall_role_holder(r, hall->path, "chair");
    if (!in->chair_id)
        in->chair_id = r->person_id;
    if (!in->recorder_id && !in->recorder_given)
        in->recorder_id = hall_role_holder(r, hall->path, "recorder");
}

int64_t sched_create(struct req *r, const struct node *hall, struct sched_input *in,
                     struct sched_problem *p)
{
    int64_t now = (int64_t)time(NULL);
    enum sched_err e = sched_check_basics(&in->b, now, true);
    if (e != SCHED_OK)
        return refuse(p, e, 0), 0;
    defaults(r, hall, in);
    if (!check_roster(r, hall->path, hall->id, in, true, p))
        return 0;
    const char *level = sched_level_of_node_kind(node_kind_name(hall->kind));
    char *setup = build_setup(r, level ? level : "ESTATE", in, 0);
    char *answer = NULL;
    int64_t id =
        setup ? meeting_create(r->db, hall->id, in->b.title, setup, r->person_id, now, &answer)
              : -1;
    free(answer);
    free(setup);
    if (id == 0)
        return refuse(p, SCHED_E_SETUP, 0), 0;
    if (id < 0)
        return -1;
    if (store_items_guests(r, id, in, SF_ITEMS | SF_ROSTER) < 0 || store_columns(r, id, in) < 0)
        return -1;
    /* With the guests' ids known, the setup names them too; checked by the engine again. */
    setup = in->n_guests ? build_setup(r, level ? level : "ESTATE", in, id) : NULL;
    if (setup && !setup_ok(setup)) {
        free(setup);
        return refuse(p, SCHED_E_SETUP, 0), 0;
    }
    unsigned char raw[24];
    char token[48];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, sizeof token, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    int rc = db_exec(r->db, "UPDATE meeting SET checkin_token = ? WHERE id = ?", "si", token, id);
    if (rc == DB_DONE && setup)
        rc = db_exec(r->db, "UPDATE meeting SET setup = ? WHERE id = ?", "si", setup, id);
    free(setup);
    if (rc != DB_DONE || feed_meeting(r, hall->id, id, FEED_MEETING, in->b.title) < 0)
        return -1;
    return id;
}

bool sched_row_load(struct req *r, int64_t id, struct sched_row *out)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT m.id, m.hall_node_id, m.title, m.kind, m.starts_at, m.ends_at, m.place,"
               " m.mode, m.online_url, m.recorder_id, m.checkin_token, m.cancelled_at,"
               " m.ical_sequence, m.cancel_reason, n.name, n.path"
               " FROM meeting m JOIN node n ON n.id = m.hall_node_id WHERE m.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        struct arena *a = &r->arena;
        *out = (struct sched_row){
            .id = db_column_int(st, 0),
            .hall_node_id = db_column_int(st, 1),
            .title = arena_strdup(a, db_column_text(st, 2)),
            .kind = sched_kind_parse(db_column_text(st, 3)),
            .scheduled = !db_column_null(st, 4),
            .starts_at = db_column_int(st, 4),
            .ends_at = db_column_int(st, 5),
            .place = arena_strdup(a, db_column_text(st, 6)),
            .mode = sched_mode_parse(db_column_text(st, 7)),
            .online_url = arena_strdup(a, db_column_text(st, 8)),
            .recorder_id = db_column_null(st, 9) ? 0 : db_column_int(st, 9),
            .token = arena_strdup(a, db_column_text(st, 10)),
            .cancelled_at = db_column_null(st, 11) ? 0 : db_column_int(st, 11),
            .sequence = db_column_int(st, 12),
            .cancel_reason = arena_strdup(a, db_column_text(st, 13)),
            .hall_name = arena_strdup(a, db_column_text(st, 14)),
            .hall_path = arena_strdup(a, db_column_text(st, 15)),
        };
        if (out->kind < 0)
            out->kind = SK_COUNCIL;
        if (out->mode < 0)
            out->mode = SM_IN_PERSON;
    }
    db_done(st);
    return found;
}

int64_t sched_log_length(struct req *r, int64_t id)
{
    return db_int(r->db, 0, "SELECT count(*) FROM meeting_log WHERE meeting_id = ?", "i", id);
}

/* Person ids of the engine ids in A ("p12" → 12; others skipped) into IDS; returns how many. */
static int eid_people(json_t *a, int64_t *ids, int max, int64_t skip)
{
    int n = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        int64_t id = meeting_eid_person(json_string_value(json_array_get(a, i)));
        if (id && id != skip && n < max)
            ids[n++] = id;
    }
    return n;
}

bool sched_input_load(struct req *r, const struct meeting_row *m, struct sched_input *in)
{
    struct sched_row row;
    if (!sched_row_load(r, m->id, &row))
        return false;
    memset(in, 0, sizeof *in);
    in->b = (struct sched_basics){.title = row.title,
                                  .kind = sched_kind_key(row.kind),
                                  .place = row.place,
                                  .mode = sched_mode_key(row.mode),
                                  .online_url = row.online_url,
                                  .starts_at = row.starts_at,
                                  .ends_at = row.ends_at};
    in->recorder_id = row.recorder_id;
    in->recorder_given = true;
    json_t *su = m->setup;
    in->chair_id = meeting_eid_person(json_string_value(json_object_get(su, "chair")));
    in->n_members = eid_people(json_object_get(su, "members"), in->members, SCHED_PERSONS_MAX, 0);
    in->members_given = true;
    /* The recorder was added to the observers by build_setup: not one the organiser named. */
    in->n_observers = eid_people(json_object_get(su, "observers"), in->observers, SCHED_PERSONS_MAX,
                                 row.recorder_id);
    json_t *ps = json_object_get(su, "params");
    in->params = json_is_object(ps) ? ps : NULL;
    struct db_stmt *st = db_prepare(r->db, "SELECT topic_id, title FROM meeting_item"
                                           " WHERE meeting_id = ? ORDER BY pos");
    db_bind(st, "i", m->id);
    while (db_step(st) == DB_ROW && in->n_items < SCHED_ITEMS_MAX) {
        struct sched_item *it = &in->items[in->n_items++];
        it->topic_id = db_column_null(st, 0) ? 0 : db_column_int(st, 0);
        it->title = arena_strdup(&r->arena, db_column_text(st, 1));
    }
    db_done(st);
    st = db_prepare(r->db, "SELECT org, name FROM meeting_guest WHERE meeting_id = ? ORDER BY id");
    db_bind(st, "i", m->id);
    while (db_step(st) == DB_ROW && in->n_guests < SCHED_GUESTS_MAX) {
        struct sched_guest *g = &in->guests[in->n_guests++];
        g->org = arena_strdup(&r->arena, db_column_text(st, 0));
        g->name = arena_strdup(&r->arena, db_column_text(st, 1));
    }
    db_done(st);
    return true;
}

/* Whether meeting ID has been called to order (in session, recessed, adjourned...): 1, 0, or -1
 * when its log does not replay. */
static int meeting_held(struct req *r, int64_t id)
{
    struct meeting_run run;
    if (meeting_replay(r->db, id, &run) < 0)
        return -1;
    bool held = run.sc.have && run.sc.m->s.meeting != MS_SCHEDULED;
    meeting_run_free(&run);
    return held;
}

int sched_update(struct req *r, const struct meeting_row *m, struct sched_input *in, unsigned given,
                 struct sched_problem *p)
{
    struct sched_row row;
    if (!sched_row_load(r, m->id, &row))
        return -1;
    if (row.cancelled_at)
        return refuse(p, SCHED_E_CANCELLED, 0), 0;
    bool started = sched_log_length(r, m->id) > 0;
    if (started && (given & (SF_TITLE | SF_KIND | SF_ITEMS | SF_ROSTER)))
        return refuse(p, SCHED_E_STARTED, 0), 0;
    int64_t now = (int64_t)time(NULL);
    /* A new start must lie ahead; the end, the place or the mode may change during the
     * meeting (it runs late, it moves rooms). */
    bool moved = (given & SF_TIME) && in->b.starts_at != row.starts_at;
    /* Once called to order the start is history: the calendar must not show a held meeting as
     * still to come. Its end, place and mode may still change (it runs late, it moves rooms). */
    if (moved && started) {
        int held = meeting_held(r, m->id);
        if (held < 0)
            return -1;
        if (held)
            return refuse(p, SCHED_E_HELD, 0), 0;
    }
    enum sched_err e = sched_check_basics(&in->b, now, moved);
    if (e != SCHED_OK)
        return refuse(p, e, 0), 0;
    if (given & (SF_ITEMS | SF_ROSTER)) {
        struct node hall = {.id = row.hall_node_id, .path = row.hall_path};
        if (!in->members_given)
            default_members(r, &hall, in);
        if (!check_roster(r, row.hall_path, row.hall_node_id, in, (given & SF_ITEMS) != 0, p))
            return 0;
    }
    if (store_items_guests(r, m->id, in, given) < 0 || store_columns(r, m->id, in) < 0)
        return -1;
    /* Members are told when the meeting moves (its start, place, mode or link): they planned
     * to come then and there. A later end alone (the meeting runs late) is no news. */
    bool news = in->b.starts_at != row.starts_at ||
                strcmp(in->b.place ? in->b.place : "", row.place) ||
                strcmp(in->b.mode ? in->b.mode : "", sched_mode_key(row.mode)) ||
                strcmp(in->b.online_url ? in->b.online_url : "", row.online_url);
    if (news && feed_meeting(r, row.hall_node_id, m->id, FEED_MEETING_CHANGE, in->b.title) < 0)
        return -1;
    if (given & SF_ROSTER) {
        const char *level = json_string_value(json_object_get(m->setup, "level"));
        char *setup = build_setup(r, level ? level : "ESTATE", in, m->id);
        bool ok = setup && setup_ok(setup);
        int rc =
            ok ? db_exec(r->db, "UPDATE meeting SET setup = ? WHERE id = ?", "si", setup, m->id)
               : DB_DONE;
        free(setup);
        if (!ok)
            return refuse(p, SCHED_E_SETUP, 0), 0;
        if (rc != DB_DONE)
            return -1;
    }
    return db_exec(r->db, "UPDATE meeting SET ical_sequence = ical_sequence + 1 WHERE id = ?", "i",
                   m->id) == DB_DONE
               ? 1
               : -1;
}

int sched_cancel(struct req *r, const struct meeting_row *m, const char *reason,
                 struct sched_problem *p)
{
    struct sched_row row;
    if (!sched_row_load(r, m->id, &row))
        return -1;
    if (row.cancelled_at)
        return refuse(p, SCHED_E_CANCELLED, 0), 0;
    enum sched_err e = sched_check_reason(reason);
    if (e != SCHED_OK)
        return refuse(p, e, 0), 0;
    /* Check-ins may come and go before the chair calls the meeting to order (too few came: it
     * is called off); once called to order it is held, and the chair adjourns it instead. */
    int held = meeting_held(r, m->id);
    if (held < 0)
        return -1;
    if (held)
        return refuse(p, SCHED_E_HELD, 0), 0;
    if (db_exec(r->db,
                "UPDATE meeting SET cancelled_at = ?, cancel_reason = ?,"
                " ical_sequence = ical_sequence + 1 WHERE id = ?",
                "isi", (int64_t)time(NULL), reason, m->id) != DB_DONE)
        return -1;
    return feed_meeting(r, row.hall_node_id, m->id, FEED_MEETING_CANCEL, row.title) < 0 ? -1 : 1;
}

/* The Host header when it is a host name with an optional port, else "localhost". */
static const char *host_header(struct req *r)
{
    const char *h = req_header(r, "Host");
    if (!h || !h[0] || strlen(h) > 200)
        return "localhost";
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
            return "localhost";
    return h;
}

const char *sched_origin(struct req *r)
{
    const char *proto = req_header(r, "X-Forwarded-Proto");
    bool https = proto && strcmp(proto, "https") == 0;
    return arena_printf(&r->arena, "%s://%s", https ? "https" : "http", host_header(r));
}
