#include "hall/feed_read.h"

#include "hall/opinion_store.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/opinion_store.h"
#include "hall/topic_status.h"
#include "web/html.h"
#include "web/when.h"

/* Adds the hall at path (if the node there has a hall) to halls, once. */
static int add_hall_at(struct req *r, const char *path, int64_t *halls, int n)
{
    if (n >= FEED_HALLS_MAX)
        return n;
    int64_t id = db_int(r->db, 0,
                        "SELECT id FROM node WHERE path = ? AND kind IN ('area', 'block', 'group')",
                        "s", path);
    for (int i = 0; i < n; i++)
        if (halls[i] == id)
            return n;
    if (id > 0)
        halls[n++] = id;
    return n;
}

int feed_person_halls(struct req *r, int64_t *halls)
{
    int n = 0;
    struct db_stmt *st = db_prepare(r->db, "SELECT h.path FROM person p JOIN node h"
                                           " ON h.id = p.household_id WHERE p.id = ?");
    db_bind(st, "i", r->person_id);
    const char *home = db_step(st) == DB_ROW ? arena_strdup(&r->arena, db_column_text(st, 0)) : "";
    db_done(st);
    /* The household's ancestors, nearest first: '/1/5/23/40/' → '/1/5/23/', '/1/5/', '/1/'. */
    char *p = arena_strdup(&r->arena, home);
    for (size_t len = strlen(p); len > 1; len--) {
        if (p[len - 1] != '/' || len == strlen(home))
            continue;
        p[len] = '\0';
        n = add_hall_at(r, p, halls, n);
    }
    if (n)
        return n;
    /* Staff who live elsewhere: the halls of the nodes they hold roles on. */
    for (size_t i = 0; i < r->ngrants; i++)
        n = add_hall_at(r, r->grants[i].path, halls, n);
    return n;
}

/* Reads up to `want` items of one hall with before > id > after, newest first, into out;
 * returns how many, or -1. One index range (feed_item_hall): an IN list over several halls
 * made SQLite walk the whole table newest first and PostgreSQL scan it. */
static int feed_load_hall(struct req *r, int64_t hall, int64_t before, int64_t after, int want,
                          struct feed_entry *out)
{
    struct db_stmt *st = db_prepare(
        r->db,
        "SELECT f.id, f.hall_node_id, f.topic_id, f.kind, f.ref_id, f.actor_public, p.name,"
        " f.summary, t.title, h.name, f.at,"
        " (SELECT e.to_status FROM topic_event e WHERE e.id = f.ref_id AND e.topic_id = f.topic_id)"
        " FROM feed_item f LEFT JOIN person p ON p.id = f.actor_id"
        " LEFT JOIN topic t ON t.id = f.topic_id JOIN node h ON h.id = f.hall_node_id"
        " WHERE f.hall_node_id = ? AND f.id < ? AND f.id > ? ORDER BY f.id DESC LIMIT ?");
    db_bind(st, "iiii", hall, before > 0 ? before : INT64_MAX, after > 0 ? after : 0,
            (int64_t)want);
    int n = 0;
    enum db_result rc = DB_DONE;
    struct arena *a = &r->arena;
    while (n < want && (rc = db_step(st)) == DB_ROW) {
        struct feed_entry *e = &out[n++];
        bool hidden = db_column_int(st, 5) == 0;
        *e = (struct feed_entry){
            .id = db_column_int(st, 0),
            .hall_node_id = db_column_int(st, 1),
            .topic_id = db_column_null(st, 2) ? 0 : db_column_int(st, 2),
            .kind = feed_kind_parse(db_column_text(st, 3)),
            .ref_id = db_column_null(st, 4) ? 0 : db_column_int(st, 4),
            .anonymous = hidden,
            .actor_name =
                hidden || db_column_null(st, 6) ? NULL : arena_strdup(a, db_column_text(st, 6)),
            .summary = arena_strdup(a, db_column_text(st, 7)),
            .topic_title = db_column_null(st, 8) ? NULL : arena_strdup(a, db_column_text(st, 8)),
            .hall_name = arena_strdup(a, db_column_text(st, 9)),
            .at = db_column_int(st, 10),
            .status = db_column_null(st, 11) ? NULL : arena_strdup(a, db_column_text(st, 11)),
        };
        if (e->kind != FEED_STATUS)
            e->status = NULL;
    }
    if (n < want && rc != DB_DONE) {
        db_done(st);
        return -1;
    }
    db_done(st);
    return n;
}

static int newest_first(const void *x, const void *y)
{
    const struct feed_entry *a = x, *b = y;
    return (a->id < b->id) - (a->id > b->id);
}

int feed_load(struct req *r, const int64_t *halls, int nhalls, int64_t before, int64_t after,
              int limit, struct feed_entry *out, bool *more)
{
    *more = false;
    if (nhalls <= 0)
        return 0;
    if (nhalls > FEED_HALLS_MAX)
        nhalls = FEED_HALLS_MAX;
    /* Each hall's newest limit + 1 items, merged: the newest limit + 1 of all are among them. */
    struct feed_entry *all =
        arena_alloc(&r->arena, (size_t)nhalls * (size_t)(limit + 1) * sizeof *all);
    int total = 0;
    for (int i = 0; i < nhalls; i++) {
        bool seen = false;
        for (int k = 0; k < i; k++)
            seen = seen || halls[k] == halls[i];
        if (seen)
            continue;
        int got = feed_load_hall(r, halls[i], before, after, limit + 1, all + total);
        if (got < 0)
            return -1;
        total += got;
    }
    qsort(all, (size_t)total, sizeof *all, newest_first);
    *more = total > limit;
    int n = total < limit ? total : limit;
    memcpy(out, all, (size_t)n * sizeof *out);
    /* A hall that keeps its deliberation to itself: outsiders see that someone spoke, not who
     * or what. Asked once per hall of the page. */
    int64_t asked[FEED_HALLS_MAX];
    bool readable[FEED_HALLS_MAX];
    int nasked = 0;
    for (int i = 0; i < n; i++) {
        if (out[i].kind != FEED_OPINION)
            continue;
        int k = 0;
        while (k < nasked && asked[k] != out[i].hall_node_id)
            k++;
        if (k == nasked && nasked < FEED_HALLS_MAX) {
            asked[nasked] = out[i].hall_node_id;
            readable[nasked++] = opinions_readable_in(r, out[i].hall_node_id);
        }
        if (k < nasked && !readable[k]) {
            out[i].summary = "";
            out[i].actor_name = NULL;
            out[i].anonymous = true;
        }
    }
    return n;
}

const char *feed_entry_what(struct req *r, const struct feed_entry *e)
{
    switch (e->kind) {
    case FEED_TOPIC:
        return T(r, M_FEED_TOPIC);
    case FEED_STATUS: {
        int s = e->status ? topic_status_parse(e->status) : -1;
        if (s < 0)
            return T(r, M_FEED_STATUS_ANY);
        return arena_printf(&r->arena, T(r, M_FEED_STATUS),
                            topic_status_name((enum topic_status)s, (int)r->lang));
    }
    case FEED_OPINION:
        return T(r, M_FEED_OPINION);
    case FEED_POLL_OPEN:
        return T(r, M_FEED_POLL_OPEN);
    case FEED_POLL_CLOSE:
        return T(r, M_FEED_POLL_CLOSE);
    case FEED_RESOLUTION:
        return T(r, M_FEED_RESOLUTION);
    case FEED_NOTICE:
        return T(r, M_FEED_NOTICE);
    case FEED_OBJECTION:
        return T(r, M_FEED_OBJECTION);
    case FEED_PROGRESS:
        return T(r, M_FEED_PROGRESS);
    case FEED_EVALUATION:
        return T(r, M_FEED_EVALUATION);
    case FEED_MEETING:
        return T(r, M_FEED_MEETING);
    case FEED_MEETING_CANCEL:
        return T(r, M_FEED_MEETING_CANCEL);
    case FEED_MEETING_RESOLVED:
        return T(r, M_FEED_MEETING_RESOLVED);
    case FEED_MEETING_ADJOURNED:
        return T(r, M_FEED_MEETING_ADJOURNED);
    case FEED_MEETING_CHANGE:
        return T(r, M_FEED_MEETING_CHANGE);
    default:
        return T(r, M_FEED_STATUS_ANY);
    }
}

static const char *who(struct req *r, const struct feed_entry *e)
{
    if (e->anonymous)
        return T(r, M_TOPIC_ANONYMOUS);
    return e->actor_name ? e->actor_name : T(r, M_FEED_SOMEONE);
}

void feed_items_html(struct req *r, const struct feed_entry *e, int n)
{
    struct buf *o = &r->out;
    for (int i = 0; i < n; i++) {
        html(o, "<li class=\"cell feed-item\" data-feed-id=\"%lld\">", (long long)e[i].id);
        /* A meeting's item links to the meeting, an adjournment to its minutes (it has no
         * topic); others to their topic. */
        bool meeting = (e[i].kind == FEED_MEETING || e[i].kind == FEED_MEETING_CANCEL ||
                        e[i].kind == FEED_MEETING_CHANGE) &&
                       e[i].ref_id;
        bool minutes = e[i].kind == FEED_MEETING_ADJOURNED && e[i].ref_id;
        if (meeting)
            html(o, "<a href=\"/meetings/%lld\">", (long long)e[i].ref_id);
        else if (e[i].topic_id)
            html(o, "<a href=\"/topics/%lld\">", (long long)e[i].topic_id);
        else if (minutes)
            html(o, "<a href=\"/meetings/%lld/minutes\">", (long long)e[i].ref_id);
        html(o, "<strong>%s</strong> %s", who(r, &e[i]), feed_entry_what(r, &e[i]));
        if (e[i].topic_title)
            html(o, "：%s", e[i].topic_title);
        /* An opinion's start, a reason, a result: the summary, unless it repeats the title. */
        if (e[i].summary[0] && !(e[i].topic_title && strcmp(e[i].summary, e[i].topic_title) == 0))
            html(o, "<br>“%s”", e[i].summary);
        html(o, "<br><span class=\"muted\"><time datetime=\"%lld\">%s</time> · %s</span>",
             (long long)e[i].at, when_short(r, e[i].at),
             arena_printf(&r->arena, T(r, M_HALL_OF), e[i].hall_name));
        if (meeting || e[i].topic_id || minutes)
            html(o, "</a>");
        html(o, "</li>\n");
    }
}

json_t *feed_items_json(struct req *r, const struct feed_entry *e, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o =
            json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:b}", "id", (json_int_t)e[i].id,
                      "hall_node_id", (json_int_t)e[i].hall_node_id, "hall_name", e[i].hall_name,
                      "kind", e[i].kind >= 0 ? feed_kind_key((enum feed_kind)e[i].kind) : "other",
                      "at", (json_int_t)e[i].at, "text", feed_entry_what(r, &e[i]), "summary",
                      e[i].summary, "anonymous", e[i].anonymous);
        json_object_set_new(o, "topic_id",
                            e[i].topic_id ? json_integer(e[i].topic_id) : json_null());
        json_object_set_new(o, "topic_title",
                            e[i].topic_title ? json_string(e[i].topic_title) : json_null());
        json_object_set_new(o, "ref_id", e[i].ref_id ? json_integer(e[i].ref_id) : json_null());
        json_object_set_new(o, "status", e[i].status ? json_string(e[i].status) : json_null());
        json_object_set_new(o, "actor",
                            e[i].actor_name ? json_pack("{s:s}", "name", e[i].actor_name)
                                            : json_null());
        json_array_append_new(list, o);
    }
    return list;
}

int64_t feed_query_id(struct req *r, const char *name)
{
    const char *v = req_query(r, name);
    if (!v || !v[0])
        return 0;
    char *end;
    long long x = strtoll(v, &end, 10);
    /* 0 is "no bound", as when absent: an empty feed's script asks for everything after 0. */
    return *end || x < 0 || v[0] == '-' ? -1 : (int64_t)x;
}
