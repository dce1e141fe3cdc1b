/* The JSON API of a meeting's schedule (issue 5):
 *   POST  /api/v1/halls/{id}/meetings   the schedule form (see sched_create_api below); a body
 *                                       with a raw "setup" stays meeting/api.c's
 *   GET   /api/v1/halls/{id}/meetings   upcoming first (soonest first), then past (latest
 *                                       first); ?page=N, SCHED_PAGE_SIZE a page
 *   PATCH /api/v1/meetings/{id}         any of the schedule form's fields; while the log is
 *                                       empty everything, after the first command only
 *                                       starts_at, ends_at, place, mode, online_url (409)
 *   POST  /api/v1/meetings/{id}/cancel  {reason} → cancelled_at (409 when already cancelled)
 * Scheduling, editing and cancelling need ACT_RUN_POLL on the hall; reading the list needs that
 * or a household in the hall's scope. Limits: schedule_rules.h. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "meeting/api.h"
#include "meeting/schedule.h"
#include "meeting/schedule_store.h"
#include "org/guard.h"
#include "web/respond.h"

static void refusal(struct req *r, const struct sched_problem *p)
{
    fail(r, sched_err_status(p->err), sched_err_code(p->err), sched_err_msg(p->err));
}

static const char *str_of(json_t *o, const char *k, bool *bad)
{
    json_t *v = json_object_get(o, k);
    if (v && !json_is_string(v) && !json_is_null(v))
        *bad = true;
    return json_string_value(v);
}

/* An array of positive integers into IDS (at most MAX kept; *n counts all). */
static bool ids_of(json_t *a, int64_t *ids, int max, int *n)
{
    if (!json_is_array(a))
        return false;
    *n = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return false;
        if (*n < max)
            ids[*n] = json_integer_value(v);
        (*n)++;
    }
    return true;
}

static bool fail_p(struct sched_problem *p, enum sched_err e)
{
    p->err = e;
    p->ref = 0;
    return false;
}

/* Overlays the fields BODY names onto IN; *given says which. */
static bool parse(struct req *r, json_t *body, struct sched_input *in, unsigned *given,
                  struct sched_problem *p)
{
    bool bad = false;
    *given = 0;
    if (json_object_get(body, "title")) {
        in->b.title = str_of(body, "title", &bad);
        *given |= SF_TITLE;
        if (bad)
            return fail_p(p, SCHED_E_TITLE);
    }
    if (json_object_get(body, "kind")) {
        in->b.kind = str_of(body, "kind", &bad);
        *given |= SF_KIND;
        if (bad)
            return fail_p(p, SCHED_E_KIND);
    }
    json_t *s = json_object_get(body, "starts_at"), *e = json_object_get(body, "ends_at");
    if (s || e) {
        *given |= SF_TIME;
        if ((s && !json_is_integer(s)) || (e && !json_is_integer(e)))
            return fail_p(p, SCHED_E_TIME);
        if (s)
            in->b.starts_at = json_integer_value(s);
        if (e)
            in->b.ends_at = json_integer_value(e);
    }
    if (json_object_get(body, "place")) {
        in->b.place = str_of(body, "place", &bad);
        *given |= SF_PLACE;
        if (bad)
            return fail_p(p, SCHED_E_PLACE);
    }
    if (json_object_get(body, "mode") || json_object_get(body, "online_url")) {
        *given |= SF_MODE;
        if (json_object_get(body, "mode"))
            in->b.mode = str_of(body, "mode", &bad);
        if (bad)
            return fail_p(p, SCHED_E_MODE);
        if (json_object_get(body, "online_url"))
            in->b.online_url = str_of(body, "online_url", &bad);
        if (bad)
            return fail_p(p, SCHED_E_URL);
    }
    json_t *items = json_object_get(body, "items");
    if (items) {
        *given |= SF_ITEMS;
        if (!json_is_array(items))
            return fail_p(p, SCHED_E_ITEM);
        in->n_items = 0;
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i);
            json_t *tid = json_object_get(it, "topic_id");
            json_t *title = json_object_get(it, "title");
            if (!json_is_object(it) ||
                (tid && (!json_is_integer(tid) || json_integer_value(tid) <= 0)) ||
                (!tid && !json_is_string(title)))
                return fail_p(p, SCHED_E_ITEM);
            if (in->n_items < SCHED_ITEMS_MAX)
                in->items[in->n_items] =
                    (struct sched_item){.topic_id = tid ? json_integer_value(tid) : 0,
                                        .title = tid ? NULL : json_string_value(title)};
            in->n_items++;
        }
    }
    static const char *const roster_keys[] = {"members", "observers", "guests",
                                              "chair",   "recorder",  "params"};
    for (size_t k = 0; k < sizeof roster_keys / sizeof roster_keys[0]; k++)
        if (json_object_get(body, roster_keys[k]))
            *given |= SF_ROSTER;
    json_t *v;
    if ((v = json_object_get(body, "members")) && !json_is_null(v)) {
        in->members_given = true;
        if (!ids_of(v, in->members, SCHED_PERSONS_MAX, &in->n_members))
            return fail_p(p, SCHED_E_PERSON);
    } else if (v) {
        in->members_given = false; /* null: the hall's default members */
    }
    if ((v = json_object_get(body, "observers")) &&
        !ids_of(v, in->observers, SCHED_PERSONS_MAX, &in->n_observers))
        return fail_p(p, SCHED_E_PERSON);
    if ((v = json_object_get(body, "guests"))) {
        if (!json_is_array(v))
            return fail_p(p, SCHED_E_GUEST);
        in->n_guests = 0;
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *g = json_array_get(v, i);
            const char *org = json_string_value(json_object_get(g, "org"));
            const char *name = json_string_value(json_object_get(g, "name"));
            if (!org || !name)
                return fail_p(p, SCHED_E_GUEST);
            if (in->n_guests < SCHED_GUESTS_MAX)
                in->guests[in->n_guests] = (struct sched_guest){.org = org, .name = name};
            in->n_guests++;
        }
    }
    if ((v = json_object_get(body, "chair"))) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return fail_p(p, SCHED_E_CHAIR);
        in->chair_id = json_integer_value(v);
    }
    if ((v = json_object_get(body, "recorder"))) {
        if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) <= 0))
            return fail_p(p, SCHED_E_PERSON);
        in->recorder_id = json_is_null(v) ? 0 : json_integer_value(v);
        in->recorder_given = true;
    }
    if ((v = json_object_get(body, "params"))) {
        if (!json_is_object(v) && !json_is_null(v))
            return fail_p(p, SCHED_E_SETUP);
        in->params = json_is_object(v) ? v : NULL;
    }
    (void)r;
    return true;
}

void sched_create_api(struct req *r, const struct node *hall, json_t *body)
{
    struct sched_input *in = arena_alloc(&r->arena, sizeof *in);
    memset(in, 0, sizeof *in);
    in->b.kind = "council";
    in->b.mode = "in_person";
    unsigned given;
    struct sched_problem p = {SCHED_OK, 0};
    if (!parse(r, body, in, &given, &p)) {
        refusal(r, &p);
        return;
    }
    int64_t id = sched_create(r, hall, in, &p);
    if (id == 0) {
        refusal(r, &p);
        return;
    }
    if (id < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    r->id = id;
    meeting_api(r);
    if (r->status == 200)
        r->status = 201;
}

static json_t *list_item(struct req *r, struct db_stmt *st)
{
    int kind = sched_kind_parse(db_column_text(st, 2));
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_column_int(st, 0),
                          "title", db_column_text(st, 1), "kind", sched_kind_key(kind), "kind_name",
                          sched_kind_name(kind, (int)r->lang), "place", db_column_text(st, 5),
                          "mode", db_column_text(st, 6));
    json_object_set_new(o, "starts_at",
                        db_column_null(st, 3) ? json_null() : json_integer(db_column_int(st, 3)));
    json_object_set_new(o, "ends_at",
                        db_column_null(st, 4) ? json_null() : json_integer(db_column_int(st, 4)));
    json_object_set_new(o, "cancelled_at",
                        db_column_null(st, 7) ? json_null() : json_integer(db_column_int(st, 7)));
    return o;
}

void hall_meetings_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    if (!topic_is_hall_kind(n.kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    if (!sched_may_read(r, n.path)) {
        fail(r, 403, "forbidden", M_SCHED_READ_FORBIDDEN);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    long long page = req_page(r);
    /* Upcoming (not yet ended) first, soonest first; then past, latest first; meetings without
     * a time (made with a raw setup) last. */
    struct db_stmt *st = db_prepare(
        r->db, "SELECT id, title, kind, starts_at, ends_at, place, mode, cancelled_at FROM meeting"
               " WHERE hall_node_id = ?"
               " ORDER BY CASE WHEN ends_at >= ? THEN 0 WHEN ends_at IS NULL THEN 2 ELSE 1 END,"
               " CASE WHEN ends_at >= ? THEN starts_at ELSE -coalesce(starts_at, 0) END, id DESC"
               " LIMIT ? OFFSET ?");
    db_bind(st, "iiiii", n.id, now, now, (int64_t)SCHED_PAGE_SIZE + 1,
            (int64_t)(page - 1) * SCHED_PAGE_SIZE);
    json_t *up = json_array(), *past = json_array();
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (++rows > SCHED_PAGE_SIZE)
            break;
        bool upcoming = !db_column_null(st, 4) && db_column_int(st, 4) >= now;
        json_array_append_new(upcoming ? up : past, list_item(r, st));
    }
    db_done(st);
    reply_json(r, json_pack("{s:o,s:o,s:I,s:b}", "upcoming", up, "past", past, "page",
                            (json_int_t)page, "more", rows > SCHED_PAGE_SIZE));
}

/* The answer to a change: the meeting as it is now (1), the refusal in *P (0), or 500 (-1). */
static void answer(struct req *r, int rc, const struct sched_problem *p)
{
    if (rc == 0)
        refusal(r, p);
    else if (rc < 0)
        fail(r, 500, "internal", M_ERR_INTERNAL);
    else
        meeting_api(r);
}

void meeting_patch_api(struct req *r)
{
    struct meeting_row m;
    if (!sched_load_for_change(r, &m))
        return;
    json_t *body = request_json(r);
    if (!body) {
        json_decref(m.setup);
        return;
    }
    struct sched_input *in = arena_alloc(&r->arena, sizeof *in);
    struct sched_problem p = {SCHED_OK, 0};
    unsigned given = 0;
    int rc = -1;
    if (sched_input_load(r, &m, in)) {
        /* A meeting made with a raw setup has no schedule to edit. */
        rc = parse(r, body, in, &given, &p) ? sched_update(r, &m, in, given, &p) : 0;
    }
    json_decref(body);
    json_decref(m.setup);
    answer(r, rc, &p);
}

void meeting_cancel_api(struct req *r)
{
    struct meeting_row m;
    if (!sched_load_for_change(r, &m))
        return;
    json_t *body = request_json(r);
    if (!body) {
        json_decref(m.setup);
        return;
    }
    struct sched_problem p = {SCHED_OK, 0};
    int rc = sched_cancel(r, &m, json_string_value(json_object_get(body, "reason")), &p);
    json_decref(body);
    json_decref(m.setup);
    answer(r, rc, &p);
}
