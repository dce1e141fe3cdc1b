/* JSON API of what came of a topic (see openapi/outcome.json):
 *   GET  /api/v1/topics/{id}/outcome      resolutions, notices, objections, tasks, outcome
 *   POST /api/v1/topics/{id}/resolutions  {text, responsible, deadline, funding, source?,
 *                                          poll_id?, votes_for?, votes_against?, votes_abstain?}
 *   POST /api/v1/topics/{id}/notice       {days?}           (1..30, default 7)
 *   POST /api/v1/topics/{id}/notice/end   {}
 *   POST /api/v1/topics/{id}/objections   {body}
 *   POST /api/v1/objections/{id}/ruling   {uphold, reason}
 *   POST /api/v1/topics/{id}/tasks        {title, owner, deadline}
 *   POST /api/v1/tasks/{id}/progress      {body}            (photos: the page's multipart form)
 *   POST /api/v1/tasks/{id}/done          {}
 *   POST /api/v1/topics/{id}/evaluation   {}
 *   POST /api/v1/topics/{id}/close        {outcome, note}
 * Every change answers with the topic's outcome document (201 with "id" of what it created);
 * a refusal with {"error":{"code","message","field"?}} and nothing stored. */
#include <string.h>
#include <time.h>

#include "hall/outcome_store.h"
#include "hall/pages.h"
#include "hall/sections.h"
#include "http/jsonbody.h"
#include "web/respond.h"

static void reply_fail(struct req *r, const struct outcome_fail *f)
{
    r->status = f->status;
    json_t *err = json_pack("{s:s,s:s}", "code", f->code, "message", f->message);
    if (f->field)
        json_object_set_new(err, "field", json_string(f->field));
    reply_json(r, json_pack("{s:o}", "error", err));
}

/* The body as an object; an empty body counts as {} for the steps that take nothing. NULL with
 * the 400 answered when it is not JSON. */
static json_t *body_object(struct req *r)
{
    if (r->body.len == 0)
        return json_object();
    char err[200];
    json_t *obj = jsonbody_parse(r->body.data, r->body.len, err, sizeof err);
    if (!obj)
        fail_text(r, 400, "bad_json", arena_printf(&r->arena, "%s: %s", T(r, M_ERR_BAD_JSON), err));
    return obj;
}

/* A count member: OUTCOME_VOTES_UNKNOWN when absent or null, -2 when negative (refused by the
 * rules), *bad when not an integer. */
static int64_t member_count(json_t *obj, const char *key, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return OUTCOME_VOTES_UNKNOWN;
    if (!json_is_integer(v)) {
        *bad = true;
        return OUTCOME_VOTES_UNKNOWN;
    }
    json_int_t n = json_integer_value(v);
    return n < 0 ? -2 : (int64_t)n;
}

static json_t *person_json(int64_t id, const char *name)
{
    return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

static json_t *count_json(int64_t v)
{
    return v == OUTCOME_VOTES_UNKNOWN ? json_null() : json_integer(v);
}

/* A time or id where 0 means none: null then. */
static json_t *nonzero_json(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

static json_t *resolution_json(struct req *r, const struct resolution *x)
{
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)x->id, "text", x->text,
        "responsible", x->responsible, "deadline", x->deadline, "funding", funding_key(x->funding),
        "funding_name", funding_name(x->funding, (int)r->lang), "source",
        resolution_source_key(x->source), "created_at", (json_int_t)x->created_at);
    json_object_set_new(o, "poll_id", nonzero_json(x->poll_id));
    json_object_set_new(o, "votes_for", count_json(x->votes_for));
    json_object_set_new(o, "votes_against", count_json(x->votes_against));
    json_object_set_new(o, "votes_abstain", count_json(x->votes_abstain));
    json_object_set_new(o, "superseded_at", nonzero_json(x->superseded_at));
    return o;
}

static json_t *notice_json(const struct notice *n, int64_t now)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:b}", "id", (json_int_t)n->id, "resolution_id",
                          (json_int_t)n->resolution_id, "starts_at", (json_int_t)n->starts_at,
                          "ends_at", (json_int_t)n->ends_at, "days_left",
                          (json_int_t)(n->ended_at ? 0 : notice_days_left(n->ends_at, now)), "open",
                          objection_window_open(n->starts_at, n->ends_at, n->ended_at, now));
    json_object_set_new(o, "ended_at", nonzero_json(n->ended_at));
    return o;
}

static json_t *outcome_json(struct req *r, const struct topic *t, const struct outcome_view *v)
{
    static const char *const statuses[] = {"open", "upheld", "dismissed"};
    int lang = (int)r->lang;
    int64_t now = (int64_t)time(NULL);
    bool visible = topic_proposer_visible(r, t);
    json_t *res = json_array(), *notices = json_array(), *objs = json_array(),
           *tasks = json_array();
    for (size_t i = 0; i < v->nres; i++)
        json_array_append_new(res, resolution_json(r, &v->res[i]));
    for (size_t i = 0; i < v->nnotices; i++)
        json_array_append_new(notices, notice_json(&v->notices[i], now));
    for (size_t i = 0; i < v->nobjections; i++) {
        const struct objection *x = &v->objections[i];
        /* An anonymous proposer objecting would give themselves away. */
        bool hide = x->person_id == t->proposer_id && !visible;
        json_t *o =
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)x->id, "notice_id",
                      (json_int_t)x->notice_id, "body", x->body, "status", statuses[x->status],
                      "ruling", x->ruling, "created_at", (json_int_t)x->created_at);
        json_object_set_new(o, "person",
                            hide ? json_null() : person_json(x->person_id, x->person_name));
        json_object_set_new(o, "moot", json_boolean(objection_moot(v, x)));
        json_object_set_new(o, "ruled_by", person_json(x->ruled_by, x->ruled_by_name));
        json_object_set_new(o, "ruled_at", nonzero_json(x->ruled_at));
        json_array_append_new(objs, o);
    }
    for (size_t i = 0; i < v->ntasks; i++) {
        const struct task *k = &v->tasks[i];
        json_t *progress = json_array();
        for (size_t j = 0; j < k->nprogress; j++) {
            const struct progress *g = &k->progress[j];
            json_array_append_new(progress, json_pack("{s:I,s:s,s:o,s:I}", "id", (json_int_t)g->id,
                                                      "body", g->body, "author",
                                                      person_json(g->created_by, g->author_name),
                                                      "created_at", (json_int_t)g->created_at));
        }
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:o}", "id", (json_int_t)k->id, "title",
                              k->title, "owner", k->owner, "deadline", k->deadline, "status",
                              k->done ? "done" : "open", "created_at", (json_int_t)k->created_at,
                              "progress", progress);
        json_object_set_new(o, "done_at", nonzero_json(k->done_at));
        json_array_append_new(tasks, o);
    }
    json_t *out =
        json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b}", "topic_id", (json_int_t)t->id, "status",
                  topic_status_key(t->status), "status_name", topic_status_name(t->status, lang),
                  "resolutions", res, "notices", notices, "objections", objs, "tasks", tasks,
                  "staff", outcome_staff(r, t), "may_object", outcome_may_object(r, t));
    json_object_set_new(out, "notice",
                        v->nnotices ? notice_json(&v->notices[0], now) : json_null());
    json_object_set_new(out, "outcome",
                        v->closed
                            ? json_pack("{s:s,s:s,s:s,s:o,s:I}", "key", outcome_key(v->outcome),
                                        "name", outcome_name(v->outcome, lang), "note", v->note,
                                        "closed_by", person_json(v->closed_by, v->closed_by_name),
                                        "closed_at", (json_int_t)v->closed_at)
                            : json_null());
    return out;
}

/* Answers with t's outcome document; created (the new thing's id) makes it a 201. */
static void reply_outcome(struct req *r, int64_t topic_id, int64_t created)
{
    struct topic t;
    struct outcome_view v;
    if (!topic_get(r, topic_id, &t) || !outcome_load(r, topic_id, &v)) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    json_t *o = outcome_json(r, &t, &v);
    if (created) {
        r->status = 201;
        json_object_set_new(o, "id", json_integer(created));
    }
    reply_json(r, o);
}

/* The topic of the route and the body as an object: false with the 404 or the 400 answered, in
 * that order, and nothing to free. */
static bool load_topic_body(struct req *r, struct topic *t, json_t **body)
{
    return topic_of_route(r, t) && (*body = body_object(r)) != NULL;
}

/* Frees the body once its members are read (the texts are copied to the arena); false with the
 * 400 answered when a member had the wrong type. */
static bool body_read(struct req *r, json_t *body, bool bad)
{
    json_decref(body);
    if (bad)
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
    return !bad;
}

/* Answers a step on topic_id: its refusal *f, or the outcome document (a 201 with created when
 * the step made something). */
static void answer(struct req *r, int64_t topic_id, bool ok, int64_t created,
                   const struct outcome_fail *f)
{
    if (!ok)
        reply_fail(r, f);
    else
        reply_outcome(r, topic_id, created);
}

/* The text members named in names (NULL-ended) into out, in order (NULL where absent or null);
 * false with the 400 answered when the body is not JSON or a member is not a string. For the steps
 * that take only texts. */
static bool body_texts(struct req *r, const char *const *names, const char **out)
{
    json_t *body = body_object(r);
    if (!body)
        return false;
    bool bad = false;
    for (size_t i = 0; names[i]; i++)
        out[i] = jsonbody_text(&r->arena, body, names[i], &bad);
    return body_read(r, body, bad);
}

/* answer() for a step on task task_id, whose topic is looked up once the step is taken. */
static void answer_task(struct req *r, int64_t task_id, bool ok, int64_t created,
                        const struct outcome_fail *f)
{
    struct task k;
    struct topic t;
    if (!ok)
        reply_fail(r, f);
    else if (task_get(r, task_id, &k, &t))
        reply_outcome(r, t.id, created);
    else
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
}

void outcome_api(struct req *r)
{
    struct topic t;
    if (topic_of_route(r, &t))
        reply_outcome(r, t.id, 0);
}

void resolutions_api(struct req *r)
{
    struct topic t;
    json_t *body;
    if (!load_topic_body(r, &t, &body))
        return;
    bool bad = false;
    struct resolution_input in = {
        .text = jsonbody_text(&r->arena, body, "text", &bad),
        .responsible = jsonbody_text(&r->arena, body, "responsible", &bad),
        .deadline = jsonbody_text(&r->arena, body, "deadline", &bad),
        .funding = jsonbody_text(&r->arena, body, "funding", &bad),
        .votes_for = member_count(body, "votes_for", &bad),
        .votes_against = member_count(body, "votes_against", &bad),
        .votes_abstain = member_count(body, "votes_abstain", &bad),
    };
    const char *source = jsonbody_text(&r->arena, body, "source", &bad);
    int64_t poll_id = member_count(body, "poll_id", &bad);
    if (!body_read(r, body, bad))
        return;
    struct outcome_fail f;
    int64_t id = resolution_record(r, &t, &in, source, poll_id > 0 ? poll_id : 0, &f);
    answer(r, t.id, id != 0, id, &f);
}

void notice_api(struct req *r)
{
    struct topic t;
    json_t *body;
    if (!load_topic_body(r, &t, &body))
        return;
    json_t *v = json_object_get(body, "days");
    bool bad = v && !json_is_null(v) && !json_is_integer(v);
    int64_t days = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
    if (json_is_integer(v) && days == 0)
        days = -1; /* an explicit 0 is out of range, not "the default" */
    if (!body_read(r, body, bad))
        return;
    struct outcome_fail f;
    int64_t id = notice_post(r, &t, days, &f);
    answer(r, t.id, id != 0, id, &f);
}

/* Takes step on the route's topic and answers. */
static void take_step(struct req *r, outcome_step *step)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct outcome_fail f;
    answer(r, t.id, step(r, &t, &f) == 0, 0, &f);
}

void notice_end_api(struct req *r)
{
    take_step(r, notice_end);
}

void objections_api(struct req *r)
{
    static const char *const names[] = {"body", NULL};
    struct topic t;
    const char *text;
    if (!topic_of_route(r, &t) || !body_texts(r, names, &text))
        return;
    struct outcome_fail f;
    int64_t id = objection_raise(r, &t, text, &f);
    answer(r, t.id, id != 0, id, &f);
}

void ruling_api(struct req *r)
{
    json_t *body = body_object(r);
    if (!body)
        return;
    bool bad = false;
    const char *reason = jsonbody_text(&r->arena, body, "reason", &bad);
    json_t *v = json_object_get(body, "uphold");
    bool uphold = json_is_true(v);
    bool missing = !json_is_boolean(v);
    if (!body_read(r, body, bad))
        return;
    struct objection o;
    struct topic t;
    if (!objection_get(r, r->id, &o, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    struct outcome_fail f;
    if (missing) {
        f = (struct outcome_fail){400, "missing_field", "uphold", T(r, M_ERR_MISSING_FIELD)};
        reply_fail(r, &f);
    } else
        answer(r, t.id, objection_rule(r, o.id, uphold, reason, &f) == 0, 0, &f);
}

void tasks_api(struct req *r)
{
    static const char *const names[] = {"title", "owner", "deadline", NULL};
    struct topic t;
    const char *v[3];
    if (!topic_of_route(r, &t) || !body_texts(r, names, v))
        return;
    struct task_input in = {v[0], v[1], v[2]};
    struct outcome_fail f;
    int64_t id = task_add(r, &t, &in, &f);
    answer(r, t.id, id != 0, id, &f);
}

void progress_api(struct req *r)
{
    static const char *const names[] = {"body", NULL};
    const char *text;
    if (!body_texts(r, names, &text))
        return;
    struct outcome_fail f;
    int64_t id = progress_add(r, r->id, text, false, &f);
    answer_task(r, r->id, id != 0, id, &f);
}

void task_done_api(struct req *r)
{
    struct outcome_fail f;
    answer_task(r, r->id, task_done(r, r->id, &f) == 0, 0, &f);
}

void evaluation_api(struct req *r)
{
    take_step(r, outcome_to_evaluation);
}

void close_api(struct req *r)
{
    static const char *const names[] = {"outcome", "note", NULL};
    struct topic t;
    const char *v[2];
    if (!topic_of_route(r, &t) || !body_texts(r, names, v))
        return;
    struct outcome_fail f;
    answer(r, t.id, outcome_close(r, &t, v[0], v[1], &f) == 0, 0, &f);
}
