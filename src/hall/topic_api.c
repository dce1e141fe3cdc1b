/* JSON API of the deliberation hall:
 *   POST /api/v1/topics                    raise a topic → 201 with its tier, hall, explanation
 *   GET  /api/v1/topics/{id}               one topic with its history
 *   POST /api/v1/topics/{id}/transitions   {"to","reason"}: move it to another status
 *   GET  /api/v1/halls/{id}/topics         the hall's topics, newest first, ?page=N
 * Any signed-in person may read topics; the proposer's name only when topic_proposer_visible. */
#include <string.h>

#include "db/db.h"
#include "hall/opinion_api.h"
#include "hall/pages.h"
#include "hall/topic_store.h"
#include "http/jsonbody.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/respond.h"

/* Answers a refusal with the field it is about. */
static void topic_fail(struct req *r, const struct topic_problem *p)
{
    r->status = topic_problem_status(p->err);
    json_t *err = json_pack("{s:s,s:s}", "code", topic_problem_code(p->err), "message",
                            topic_problem_text(r, p));
    if (p->field)
        json_object_set_new(err, "field", json_string(p->field));
    reply_json(r, json_pack("{s:o}", "error", err));
}

static json_t *status_json(enum topic_status s, int lang)
{
    return json_pack("{s:s,s:s}", "key", topic_status_key(s), "name", topic_status_name(s, lang));
}

/* The topic as JSON, with its history when wanted; no proposer unless the reader may see it.
 * counts: the topic's opinion and support counts when already read with its page's (the hall's
 * list), NULL to read them here. */
static json_t *topic_json_with(struct req *r, const struct topic *t, bool history,
                               const struct opinion_topic_counts *counts)
{
    int lang = (int)r->lang;
    bool visible = topic_proposer_visible(r, t);
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:s}", "id",
        (json_int_t)t->id, "title", t->title, "description", t->description, "suggestion",
        t->suggestion, "node_id", (json_int_t)t->node_id, "node_name", t->node_name, "hall_node_id",
        (json_int_t)t->hall_node_id, "hall_name", t->hall_name, "tier", topic_tier_api(t->tier),
        "tier_name",
        arena_printf(&r->arena, "%s · %s", tier_matter_name(t->tier, lang),
                     tier_hall_name(t->tier, lang)),
        "category", topic_category_key(t->category), "category_name",
        topic_category_name(t->category, lang), "channel", topic_channel_key(t->channel),
        "channel_name", T(r, topic_channel_msg(t->channel)), "status", topic_status_key(t->status),
        "status_name", topic_status_name(t->status, lang), "proposer_public", t->proposer_public,
        "created_at", (json_int_t)t->created_at, "explanation", topic_explanation(r, t));
    json_object_set_new(o, "cost_fen",
                        t->cost_fen == TIER_COST_UNKNOWN ? json_null() : json_integer(t->cost_fen));
    json_object_set_new(o, "routed_tier", json_string(topic_tier_api(t->routed)));
    json_object_set_new(o, "tier_change", json_string(tier_change_key(t->change)));
    json_object_set_new(o, "merged_into",
                        t->merged_into ? json_integer(t->merged_into) : json_null());
    json_object_set_new(
        o, "proposer",
        visible ? json_pack("{s:I,s:s}", "id", (json_int_t)t->proposer_id, "name", t->proposer_name)
                : json_null());
    if (counts)
        opinion_topic_json_counts(counts, o);
    else
        opinion_topic_json(r, t, o);
    if (!history)
        return o;
    json_t *next = json_array();
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++)
        if (topic_step_generic(t->status, (enum topic_status)s) &&
            topic_may_move(r, t, (enum topic_status)s, "x") == HALL_OK)
            json_array_append_new(
                next,
                json_pack("{s:s,s:s,s:b}", "to", topic_status_key((enum topic_status)s), "name",
                          topic_transition_name(t->status, (enum topic_status)s, lang),
                          "reason_required",
                          topic_transition_needs_reason(t->status, (enum topic_status)s)));
    json_object_set_new(o, "next", next);
    json_t *events = json_array();
    struct db_stmt *st = db_prepare(
        r->db, "SELECT e.id, e.at, e.actor_id, p.name, e.from_status, e.to_status, e.kind,"
               " e.reason FROM topic_event e LEFT JOIN person p ON p.id = e.actor_id"
               " WHERE e.topic_id = ? ORDER BY e.id");
    db_bind(st, "i", t->id);
    while (db_step(st) == DB_ROW) {
        int64_t actor = db_column_null(st, 2) ? 0 : db_column_int(st, 2);
        const char *kind = db_column_text(st, 6);
        int from = db_column_null(st, 4) ? -1 : topic_status_parse(db_column_text(st, 4));
        int to_s = topic_status_parse(db_column_text(st, 5));
        json_t *e = json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)db_column_int(st, 0), "at",
                              (json_int_t)db_column_int(st, 1), "kind", kind, "reason",
                              db_column_text(st, 7));
        json_object_set_new(e, "from", from < 0 ? json_null() : status_json(from, lang));
        json_object_set_new(e, "to", to_s < 0 ? json_null() : status_json(to_s, lang));
        /* The proposer acting on their own topic, or raising it, would give them away. */
        bool hide = !visible && (actor == t->proposer_id || strcmp(kind, "create") == 0);
        json_object_set_new(e, "actor",
                            actor && !hide ? json_pack("{s:I,s:s}", "id", (json_int_t)actor, "name",
                                                       db_column_text(st, 3))
                                           : json_null());
        json_array_append_new(events, e);
    }
    db_done(st);
    json_object_set_new(o, "history", events);
    return o;
}

static json_t *topic_json(struct req *r, const struct topic *t, bool history)
{
    return topic_json_with(r, t, history, NULL);
}

void topics_create_api(struct req *r)
{
    json_t *body = request_json(r);
    if (!body)
        return;
    bool bad = false;
    struct topic_input in = {
        .title = jsonbody_text(&r->arena, body, "title", &bad),
        .description = jsonbody_text(&r->arena, body, "description", &bad),
        .suggestion = jsonbody_text(&r->arena, body, "suggestion", &bad),
        .category = jsonbody_text(&r->arena, body, "category", &bad),
        .channel = jsonbody_text(&r->arena, body, "channel", &bad),
        .cost_fen = TIER_COST_UNKNOWN,
    };
    json_t *v = json_object_get(body, "node_id");
    if (json_is_integer(v))
        in.node_id = json_integer_value(v);
    else if (v && !json_is_null(v))
        bad = true;
    v = json_object_get(body, "cost_fen");
    if (json_is_integer(v)) {
        in.cost_fen = json_integer_value(v);
        if (in.cost_fen < 0) /* -1 would otherwise read as "unknown" */
            in.cost_fen = -2;
    } else if (v && !json_is_null(v))
        bad = true;
    v = json_object_get(body, "proposer_id");
    if (json_is_integer(v))
        in.proposer_id = json_integer_value(v);
    else if (v && !json_is_null(v))
        bad = true;
    v = json_object_get(body, "proposer_public");
    if (json_is_boolean(v))
        in.proposer_public = json_is_true(v);
    else if (json_is_integer(v))
        in.proposer_public = json_integer_value(v) != 0;
    else if (v && !json_is_null(v))
        bad = true;
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    struct topic_problem p;
    int64_t id = topic_create(r, &in, &p);
    struct topic t;
    if (!id || !topic_get(r, id, &t)) {
        if (!id)
            topic_fail(r, &p);
        else
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    r->status = 201;
    req_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/topics/%lld", (long long)id));
    reply_json(r, topic_json(r, &t, false));
}

void topic_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    reply_json(r, topic_json(r, &t, true));
}

void topic_transition_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    const char *to_s = jsonbody_string(body, "to");
    int to = to_s ? topic_status_parse(to_s) : -1;
    const char *reason = jsonbody_string(body, "reason");
    reason = reason ? arena_strdup(&r->arena, reason) : NULL;
    json_decref(body);
    if (to < 0) {
        fail(r, to_s ? 422 : 400, to_s ? "bad_status" : "missing_field",
             to_s ? M_TOPIC_BAD_STATUS : M_ERR_MISSING_FIELD);
        return;
    }
    if (!topic_step_generic(t.status, (enum topic_status)to)) {
        fail(r, 409, "E_OWN_FORM", topic_step_own_form_msg(t.status, (enum topic_status)to));
        return;
    }
    if (reason && utf8_chars(reason) > TOPIC_REASON_MAX) {
        struct topic_problem p = {TOPIC_TOO_LONG, "reason", TOPIC_REASON_MAX};
        topic_fail(r, &p);
        return;
    }
    enum hall_err e = topic_may_move(r, &t, (enum topic_status)to, reason);
    if (e != HALL_OK) {
        /* A permission refusal is 403; a step that does not fit the topic now is 409. */
        r->status = e == HALL_E_ROLE ? 403 : 409;
        reply_json(r, json_pack("{s:{s:s,s:s}}", "error", "code", hall_err_code(e), "message",
                                hall_err_message(e, (int)r->lang)));
        return;
    }
    if (topic_move(r, &t, (enum topic_status)to, reason) != 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    reply_json(r, topic_json(r, &t, true));
}

void hall_topics_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    if (!topic_is_hall_kind(n.kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    long long page = req_page(r);
    /* One statement for the page's topics (one more than a page tells whether there is a next
     * one) and two for their counts, whatever the page holds: 84 statements became 8 (the
     * bench's PostgreSQL log counts them). */
    struct topic *topics = arena_alloc(&r->arena, sizeof *topics * (TOPIC_PAGE_SIZE + 1));
    int count = topic_list_hall(r, n.id, (int64_t)(page - 1) * TOPIC_PAGE_SIZE, topics,
                                TOPIC_PAGE_SIZE + 1);
    bool more = count > TOPIC_PAGE_SIZE;
    count = more ? TOPIC_PAGE_SIZE : count;
    struct opinion_topic_counts counts[TOPIC_PAGE_SIZE];
    opinion_topics_counts(r, topics, count, counts);
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list, topic_json_with(r, &topics[i], false, &counts[i]));
    reply_json(r, json_pack("{s:I,s:s,s:I,s:b,s:o}", "hall_node_id", (json_int_t)n.id, "hall_name",
                            n.name, "page", (json_int_t)page, "more", more, "topics", list));
}
