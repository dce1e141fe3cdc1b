/* JSON API of the online deliberation:
 *   POST   /api/v1/topics/{id}/opinions   {stance, body, reply_to?, addressed_to?} → 201
 *   GET    /api/v1/topics/{id}/opinions   ?page=N, OPINION_PAGE_SIZE a page, oldest first,
 *                                         with counts by stance; hidden ones without body
 *   POST   /api/v1/opinions/{id}/flags    {reason: attack|off_topic} → 201
 *   POST   /api/v1/opinions/{id}/hide     {reason} (moderators) → the opinion
 *   POST   /api/v1/topics/{id}/support    support the topic (附议); twice counts once
 *   DELETE /api/v1/topics/{id}/support    withdraw it
 *   GET    /api/v1/halls/{id}/settings    the hall's rules (anyone signed in)
 *   POST   /api/v1/halls/{id}/settings    {opinion_limit?, opinion_max_chars?,
 *                                         others_may_read?} (moderators)
 * Who may do what is as on the pages (opinion_page.c); the anonymous proposer is "提议人" with
 * no id to those who may not see who proposed the topic. */
#include "hall/opinion_api.h"

#include "hall/opinion_store.h"
#include "hall/pages.h"
#include "hall/sections.h"
#include "http/jsonbody.h"
#include "org/guard.h"
#include "web/respond.h"

/* Answers refusal e; TOO_LONG and LIMIT messages carry the limit. */
static void refuse(struct req *r, enum opinion_err e, int limit)
{
    const char *msg = T(r, opinion_err_msg(e));
    if (e == OPINION_E_TOO_LONG || e == OPINION_E_LIMIT)
        msg = arena_printf(&r->arena, msg, limit);
    fail_text(r, opinion_err_status(e), opinion_err_code(e), msg);
}

/* Member key of obj: a positive id (0 when absent or null), or *bad. */
static int64_t member_id(json_t *obj, const char *key, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        *bad = true;
        return 0;
    }
    return json_integer_value(v);
}

/* A person as {id, name}, or {id: null, name: "提议人"} for the hidden anonymous proposer. */
static json_t *person_json(struct req *r, const struct topic *t, bool visible, int64_t id,
                           const char *name)
{
    if (!id)
        return json_null();
    bool hide = id == t->proposer_id && !visible;
    json_t *p = json_pack("{s:s,s:b}", "name", opinion_person_label(r, t, visible, id, name),
                          "proposer", id == t->proposer_id);
    json_object_set_new(p, "id", hide ? json_null() : json_integer(id));
    return p;
}

static json_t *opinion_json(struct req *r, const struct topic *t, const struct opinion *op,
                            bool visible, bool moderator)
{
    bool hidden = op->hidden_reason != NULL;
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:I,s:b,s:b,s:b}", "id", (json_int_t)op->id, "topic_id",
                          (json_int_t)op->topic_id, "stance", stance_key(op->stance), "stance_name",
                          T(r, stance_msg(op->stance)), "created_at", (json_int_t)op->created_at,
                          "counted", op->counted, "hidden", hidden, "addressed_to_me",
                          op->addressed_to && op->addressed_to == r->person_id);
    json_object_set_new(o, "author", person_json(r, t, visible, op->author_id, op->author_name));
    /* A hidden opinion's words are gone for everyone but the hall's moderators. */
    json_object_set_new(o, "body", hidden && !moderator ? json_null() : json_string(op->body));
    json_object_set_new(o, "hidden_reason", hidden ? json_string(op->hidden_reason) : json_null());
    json_object_set_new(o, "hidden_at", hidden ? json_integer(op->hidden_at) : json_null());
    json_object_set_new(
        o, "hidden_label",
        hidden ? json_string(arena_printf(&r->arena, T(r, M_OP_HIDDEN_BY), op->hidden_reason))
               : json_null());
    json_object_set_new(o, "reply_to", op->reply_to ? json_integer(op->reply_to) : json_null());
    json_object_set_new(o, "addressed_to",
                        person_json(r, t, visible, op->addressed_to, op->addressed_name));
    if (moderator)
        json_object_set_new(o, "flags", json_integer(op->flags));
    return o;
}

static json_t *stance_counts_json(const int64_t counts[STANCE_COUNT])
{
    json_t *c = json_object();
    for (int s = 0; s < STANCE_COUNT; s++)
        json_object_set_new(c, stance_key((enum stance)s), json_integer(counts[s]));
    return c;
}

static json_t *counts_json(struct req *r, int64_t topic_id)
{
    int64_t counts[STANCE_COUNT];
    opinion_stance_counts(r, topic_id, counts);
    return stance_counts_json(counts);
}

void opinion_topic_json(struct req *r, const struct topic *t, json_t *o)
{
    struct hall_settings s = hall_settings_get(r, t->hall_node_id);
    json_object_set_new(o, "stance_counts",
                        opinions_readable(r, t, &s) ? counts_json(r, t->id) : json_null());
    json_object_set_new(o, "support_count", json_integer(topic_support_count(r, t->id)));
}

void opinion_topics_counts(struct req *r, const struct topic *list, int n,
                           struct opinion_topic_counts *out)
{
    if (n <= 0)
        return;
    /* The list is one hall's: its settings and the reader's right to read are the same for
     * every topic (opinions_readable depends on the hall only). */
    struct hall_settings s = hall_settings_get(r, list[0].hall_node_id);
    bool readable = opinions_readable(r, &list[0], &s);
    int64_t ids[OPINION_BATCH];
    int64_t support[OPINION_BATCH];
    int64_t stances[OPINION_BATCH][STANCE_COUNT];
    n = n < OPINION_BATCH ? n : OPINION_BATCH;
    for (int i = 0; i < n; i++)
        ids[i] = list[i].id;
    if (readable)
        opinion_stance_counts_batch(r, ids, n, stances);
    topic_support_counts_batch(r, ids, n, support);
    for (int i = 0; i < n; i++) {
        out[i].readable = readable;
        out[i].support = support[i];
        for (int k = 0; k < STANCE_COUNT; k++)
            out[i].stance[k] = readable ? stances[i][k] : 0;
    }
}

void opinion_topic_json_counts(const struct opinion_topic_counts *c, json_t *o)
{
    json_object_set_new(o, "stance_counts",
                        c->readable ? stance_counts_json(c->stance) : json_null());
    json_object_set_new(o, "support_count", json_integer(c->support));
}

void opinions_create_api(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    json_t *body = request_json(r);
    if (!body)
        return;
    bool bad = false;
    struct opinion_input in = {
        .stance = jsonbody_text(&r->arena, body, "stance", &bad),
        .body = jsonbody_text(&r->arena, body, "body", &bad),
        .reply_to = member_id(body, "reply_to", &bad),
        .addressed_to = member_id(body, "addressed_to", &bad),
    };
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    enum opinion_err e;
    int64_t id = opinion_create(r, &t, &in, &e);
    struct opinion op;
    if (!id || !opinion_get(r, id, &op)) {
        struct hall_settings s = hall_settings_get(r, t.hall_node_id);
        refuse(r, id ? OPINION_E_DB : e,
               e == OPINION_E_LIMIT ? s.opinion_limit : s.opinion_max_chars);
        return;
    }
    r->status = 201;
    reply_json(r,
               opinion_json(r, &t, &op, topic_proposer_visible(r, &t), opinion_moderator(r, &t)));
}

void opinions_api(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct hall_settings s = hall_settings_get(r, t.hall_node_id);
    if (!opinions_readable(r, &t, &s)) {
        fail(r, 403, "forbidden", M_OP_E_NO_READ);
        return;
    }
    long long page = req_page(r);
    struct opinion *list = arena_alloc(&r->arena, sizeof *list * OPINION_PAGE_SIZE);
    int n = opinion_list(r, t.id, (int64_t)(page - 1) * OPINION_PAGE_SIZE, list, OPINION_PAGE_SIZE);
    int64_t total = opinion_total(r, t.id);
    bool visible = topic_proposer_visible(r, &t);
    bool moderator = opinion_moderator(r, &t);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, opinion_json(r, &t, &list[i], visible, moderator));
    bool resident = hall_household(r, t.hall_path) != 0;
    int used = resident ? opinion_used(r, t.id, r->person_id) : 0;
    json_t *o =
        json_pack("{s:I,s:I,s:I,s:b,s:o,s:I,s:b,s:o}", "topic_id", (json_int_t)t.id, "page",
                  (json_int_t)page, "total", (json_int_t)total, "more",
                  (int64_t)page * OPINION_PAGE_SIZE < total, "stance_counts", counts_json(r, t.id),
                  "support_count", (json_int_t)topic_support_count(r, t.id), "open",
                  opinion_topic_open(t.status), "opinions", arr);
    json_object_set_new(o, "limits",
                        json_pack("{s:i,s:i}", "opinion_limit", s.opinion_limit,
                                  "opinion_max_chars", s.opinion_max_chars));
    /* What the reader may still do: null for people outside the hall. */
    json_object_set_new(o, "mine",
                        resident ? json_pack("{s:i,s:i,s:b}", "used", used, "left",
                                             opinion_left(used, s.opinion_limit), "supported",
                                             topic_supported(r, t.id, r->person_id))
                                 : json_null());
    reply_json(r, o);
}

/* Loads the opinion of the route's {id} and its topic, or answers 404. */
static bool load_opinion(struct req *r, struct opinion *op, struct topic *t)
{
    if (opinion_get(r, r->id, op) && topic_get(r, op->topic_id, t))
        return true;
    fail(r, 404, "not_found", M_ERR_NOT_FOUND);
    return false;
}

/* The "reason" member of the request body; false (answered) when the body is not JSON. */
static bool body_reason(struct req *r, const char **reason)
{
    json_t *body = request_json(r);
    if (!body)
        return false;
    bool bad = false;
    *reason = jsonbody_text(&r->arena, body, "reason", &bad);
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return false;
    }
    return true;
}

void opinion_flag_api(struct req *r)
{
    struct opinion op;
    struct topic t;
    if (!load_opinion(r, &op, &t))
        return;
    struct hall_settings s = hall_settings_get(r, t.hall_node_id);
    if (!opinions_readable(r, &t, &s)) {
        fail(r, 403, "forbidden", M_OP_E_NO_READ);
        return;
    }
    const char *reason;
    if (!body_reason(r, &reason))
        return;
    enum opinion_err e = opinion_flag(r, &t, &op, reason);
    if (e != OPINION_OK) {
        refuse(r, e, 0);
        return;
    }
    r->status = 201;
    reply_json(r, json_pack("{s:I,s:s}", "opinion_id", (json_int_t)op.id, "reason", reason));
}

void opinion_hide_api(struct req *r)
{
    struct opinion op;
    struct topic t;
    if (!load_opinion(r, &op, &t))
        return;
    if (!opinion_moderator(r, &t)) {
        refuse(r, OPINION_E_FORBIDDEN, 0);
        return;
    }
    const char *reason;
    if (!body_reason(r, &reason))
        return;
    enum opinion_err e = opinion_hide(r, &t, &op, reason);
    if (e != OPINION_OK || !opinion_get(r, op.id, &op)) {
        refuse(r, e != OPINION_OK ? e : OPINION_E_DB, 0);
        return;
    }
    reply_json(r, opinion_json(r, &t, &op, topic_proposer_visible(r, &t), true));
}

static void support_change(struct req *r, bool on)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    enum opinion_err e = topic_support_set(r, &t, on);
    if (e != OPINION_OK) {
        refuse(r, e, 0);
        return;
    }
    reply_json(r, json_pack("{s:I,s:I,s:b}", "topic_id", (json_int_t)t.id, "support_count",
                            (json_int_t)topic_support_count(r, t.id), "supported", on));
}

void topic_support_api(struct req *r)
{
    support_change(r, true);
}

void topic_unsupport_api(struct req *r)
{
    support_change(r, false);
}

static json_t *settings_json(int64_t hall, const struct hall_settings *s)
{
    return json_pack("{s:I,s:i,s:i,s:b}", "hall_node_id", (json_int_t)hall, "opinion_limit",
                     s->opinion_limit, "opinion_max_chars", s->opinion_max_chars, "others_may_read",
                     s->others_may_read);
}

/* Loads the hall of the route's {id} with action checked; answers otherwise. */
static bool hall_guard(struct req *r, enum action action, struct node *n)
{
    if (!guard_node(r, r->id, action, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    return true;
}

void hall_settings_api(struct req *r)
{
    struct node n;
    if (!hall_guard(r, ACT_VIEW_TREE, &n))
        return;
    struct hall_settings s = hall_settings_get(r, n.id);
    reply_json(r, settings_json(n.id, &s));
}

/* Member key of obj as an int into *out when present; *bad when present but not an integer. */
static void member_int(json_t *obj, const char *key, int *out, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return;
    if (!json_is_integer(v)) {
        *bad = true;
        return;
    }
    json_int_t x = json_integer_value(v);
    *out = x < -1 || x > 100000 ? -1 : (int)x; /* out of range either way */
}

void hall_settings_put_api(struct req *r)
{
    struct node n;
    if (!hall_guard(r, ACT_MODERATE, &n))
        return;
    json_t *body = request_json(r);
    if (!body)
        return;
    /* Members left out keep their value. */
    struct hall_settings s = hall_settings_get(r, n.id);
    bool bad = false;
    member_int(body, "opinion_limit", &s.opinion_limit, &bad);
    member_int(body, "opinion_max_chars", &s.opinion_max_chars, &bad);
    json_t *v = json_object_get(body, "others_may_read");
    if (json_is_boolean(v))
        s.others_may_read = json_is_true(v);
    else if (v)
        bad = true;
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    enum opinion_err e = hall_settings_put(r, n.id, n.path, &s);
    if (e != OPINION_OK) {
        refuse(r, e, 0);
        return;
    }
    reply_json(r, settings_json(n.id, &s));
}
