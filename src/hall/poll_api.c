/* JSON API of the hall's polls:
 *   POST /api/v1/topics/{id}/polls   make a poll (ACT_RUN_POLL on the hall) → 201 with the poll
 *   GET  /api/v1/topics/{id}/polls   the topic's polls, oldest first (at most POLL_PAGE_SIZE)
 *   GET  /api/v1/polls/{id}          one poll: phase, rule, turnout, results unless hidden,
 *                                    outcome once closed, the reader's own vote and receipt
 *   POST /api/v1/polls/{id}/votes    {choice}: the reader votes → 201 with the receipt
 *   POST /api/v1/polls/{id}/ballots  {ballot_no, person_id, choice}: a paper ballot
 *                                    (ACT_ENTER_BALLOTS on the hall)
 *   POST /api/v1/polls/{id}/close    close now (ACT_RUN_POLL on the hall)
 * Any signed-in person may read polls, as they may read topics; who voted is shown only to
 * staff who enter ballots or run polls, and how anyone voted to nobody but themselves. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/pages.h"
#include "hall/poll_api.h"
#include "hall/poll_store.h"
#include "http/jsonbody.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/respond.h"

void poll_fail(struct req *r, enum poll_err e)
{
    r->status = poll_err_status(e);
    reply_json(r, json_pack("{s:{s:s,s:s}}", "error", "code", poll_err_code(e), "message",
                            T(r, poll_err_msg(e))));
}

static const char *phase_name(struct req *r, enum poll_phase ph)
{
    static const enum msg m[POLL_PHASE_COUNT] = {M_POLL_PHASE_SCHEDULED, M_POLL_PHASE_OPEN,
                                                 M_POLL_PHASE_CLOSED};
    return T(r, m[(unsigned)ph < POLL_PHASE_COUNT ? ph : POLL_CLOSED]);
}

/* The choice of a vote body: a label or key as a string, or a position as a number. */
static int body_choice(json_t *body, const struct poll *p)
{
    json_t *v = json_object_get(body, "choice");
    if (json_is_integer(v)) {
        json_int_t c = json_integer_value(v);
        return c >= 1 && (size_t)c <= p->noptions ? (int)c : -1;
    }
    if (json_is_string(v))
        return poll_choice_parse(p->labels, p->noptions, json_string_value(v));
    return -1;
}

json_t *poll_json(struct req *r, const struct poll *p)
{
    int lang = (int)r->lang;
    int64_t now = (int64_t)time(NULL);
    struct poll_result res;
    if (!poll_result_read(r, p, now, &res))
        return NULL;
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:b,s:I,s:I,s:I,s:s}", "id",
        (json_int_t)p->id, "topic_id", (json_int_t)p->topic_id, "hall_node_id",
        (json_int_t)p->hall_node_id, "purpose", poll_purpose_key(p->purpose), "kind",
        poll_kind_key(p->kind), "question", p->question, "eligibility",
        poll_eligibility_key(p->eligibility), "opens_at", (json_int_t)p->opens_at, "closes_at",
        (json_int_t)p->closes_at, "phase", poll_phase_key(res.phase), "phase_name",
        phase_name(r, res.phase), "threshold", poll_threshold_key(p->rule.threshold),
        "threshold_name", poll_threshold_name(p->rule.threshold, lang), "hide_results",
        p->hide_results, "eligible", (json_int_t)p->eligible, "turnout", (json_int_t)res.turnout,
        "paper", (json_int_t)res.paper, "rule", poll_rule_text(r, p));
    json_object_set_new(o, "closed_at", p->closed_at ? json_integer(p->closed_at) : json_null());
    int64_t need = poll_quorum_needed(p->eligible, p->rule.quorum_num, p->rule.quorum_den);
    json_object_set_new(o, "quorum",
                        json_pack("{s:I,s:I,s:I}", "num", (json_int_t)p->rule.quorum_num, "den",
                                  (json_int_t)p->rule.quorum_den, "needed", (json_int_t)need));
    json_t *opts = json_array();
    for (size_t i = 0; i < p->noptions; i++) {
        json_t *e = json_pack("{s:I,s:s,s:s}", "position", (json_int_t)(i + 1), "label",
                              p->labels[i], "name", poll_label(r, p, (int)i + 1));
        json_object_set_new(e, "votes",
                            res.visible ? json_integer(res.per_choice[i]) : json_null());
        json_array_append_new(opts, e);
    }
    json_object_set_new(o, "options", opts);
    json_t *results = json_null();
    if (res.visible) {
        results = json_pack("{s:I,s:I,s:I}", "yes", (json_int_t)res.counts.yes, "no",
                            (json_int_t)res.counts.no, "abstain", (json_int_t)res.counts.abstain);
        if (p->kind == POLL_SATISFACTION) {
            char rate[16];
            poll_rate_format(res.counts.yes, res.turnout, rate, sizeof rate);
            json_object_set_new(results, "satisfaction_rate", json_string(rate));
        }
        if (p->kind == POLL_OPTIONS)
            json_object_set_new(results, "lead", res.lead ? json_integer(res.lead) : json_null());
    }
    json_object_set_new(o, "results", results);
    json_object_set_new(
        o, "outcome",
        res.decided ? json_pack("{s:s,s:s,s:b}", "key", poll_outcome_key(res.outcome), "name",
                                poll_outcome_name(res.outcome, lang), "recorded", p->outcome >= 0)
                    : json_null());
    struct poll_ballot b;
    json_t *mine = json_null();
    if (poll_my_ballot(r, p, &b)) {
        mine = json_pack("{s:b,s:b,s:s,s:I}", "counted", 1, "mine", b.mine, "channel", b.channel,
                         "at", (json_int_t)b.at);
        json_object_set_new(mine, "receipt", b.receipt ? json_string(b.receipt) : json_null());
        json_object_set_new(mine, "choice", b.mine ? json_integer(b.choice) : json_null());
    }
    json_object_set_new(o, "my_vote", mine);
    if (may(r, p->hall_path, ACT_ENTER_BALLOTS) || may(r, p->hall_path, ACT_RUN_POLL)) {
        /* Staff see who handed in a paper ballot and who entered it, never the choice. */
        json_t *paper = json_array();
        struct db_stmt *st =
            db_prepare(r->db, "SELECT v.ballot_no, v.person_id, p.name, v.entered_by, e.name, v.at"
                              " FROM poll_vote v JOIN person p ON p.id = v.person_id"
                              " JOIN person e ON e.id = v.entered_by"
                              " WHERE v.poll_id = ? AND v.channel = 'paper' ORDER BY v.id");
        db_bind(st, "i", p->id);
        while (db_step(st) == DB_ROW)
            json_array_append_new(
                paper, json_pack("{s:s,s:{s:I,s:s},s:{s:I,s:s},s:I}", "ballot_no",
                                 db_column_text(st, 0), "person", "id",
                                 (json_int_t)db_column_int(st, 1), "name", db_column_text(st, 2),
                                 "entered_by", "id", (json_int_t)db_column_int(st, 3), "name",
                                 db_column_text(st, 4), "at", (json_int_t)db_column_int(st, 5)));
        db_done(st);
        json_object_set_new(o, "paper_ballots", paper);
    }
    return o;
}

void poll_reply(struct req *r, const struct poll *p)
{
    json_t *o = poll_json(r, p);
    if (!o) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    reply_json(r, o);
}

void topic_polls_create_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    if (!may(r, t.hall_path, ACT_RUN_POLL)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    bool bad = false;
    const char *purpose = jsonbody_text(&r->arena, body, "purpose", &bad);
    const char *kind = jsonbody_text(&r->arena, body, "kind", &bad);
    const char *elig = jsonbody_text(&r->arena, body, "eligibility", &bad);
    const char *threshold = jsonbody_text(&r->arena, body, "threshold", &bad);
    int64_t now = (int64_t)time(NULL);
    struct poll_spec s = {
        .question = jsonbody_text(&r->arena, body, "question", &bad),
        .opens_at = jsonbody_int(body, "opens_at", now, &bad),
        .closes_at = jsonbody_int(body, "closes_at", 0, &bad),
        .quorum_num = jsonbody_int(body, "quorum_num", 0, &bad),
        .quorum_den = jsonbody_int(body, "quorum_den", 1, &bad),
    };
    int pu = purpose ? poll_purpose_parse(purpose) : (int)POLL_DECISION;
    int pk = kind ? poll_kind_parse(kind)
                  : (pu == POLL_EVALUATION ? (int)POLL_SATISFACTION : (int)POLL_YES_NO);
    int pe = elig ? poll_eligibility_parse(elig) : (int)POLL_BY_HOUSEHOLD;
    s.purpose = pu < 0 ? POLL_PURPOSE_COUNT : (enum poll_purpose)pu;
    s.kind = pk < 0 ? POLL_KIND_COUNT : (enum poll_kind)pk;
    s.eligibility = pe < 0 ? POLL_ELIGIBILITY_COUNT : (enum poll_eligibility)pe;
    s.threshold = threshold ? poll_threshold_parse(threshold) : (int)POLL_MAJORITY;
    json_t *hide = json_object_get(body, "hide_results");
    if (hide && !json_is_boolean(hide) && !json_is_null(hide))
        bad = true;
    json_t *opts = json_object_get(body, "options");
    const char *labels[POLL_OPTIONS_MAX + 1];
    if (opts && !json_is_null(opts)) {
        if (!json_is_array(opts)) {
            bad = true;
        } else {
            size_t n = json_array_size(opts);
            s.noptions = n;
            for (size_t i = 0; i < n && i <= POLL_OPTIONS_MAX; i++) {
                json_t *e = json_array_get(opts, i);
                if (!json_is_string(e))
                    bad = true;
                else
                    labels[i] = arena_strdup(&r->arena, json_string_value(e));
            }
            s.options = labels;
        }
    }
    bool hide_results = json_is_true(hide);
    bool no_close = !json_is_integer(json_object_get(body, "closes_at"));
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    if (no_close) {
        fail(r, 400, "missing_field", M_ERR_MISSING_FIELD);
        return;
    }
    enum poll_err e;
    int64_t id = poll_create(r, &t, &s, hide_results, &e);
    struct poll p;
    if (!id || !poll_get(r, id, &p)) {
        if (!id && e != POLL_OK)
            poll_fail(r, e);
        else
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    r->status = 201;
    req_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/polls/%lld", (long long)id));
    poll_reply(r, &p);
}

void topic_polls_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    int64_t ids[POLL_PAGE_SIZE];
    int n = 0;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id FROM poll WHERE topic_id = ? ORDER BY id LIMIT ?");
    db_bind(st, "ii", t.id, (int64_t)POLL_PAGE_SIZE);
    while (n < POLL_PAGE_SIZE && db_step(st) == DB_ROW)
        ids[n++] = db_column_int(st, 0);
    db_done(st);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        struct poll p;
        json_t *o = poll_get(r, ids[i], &p) ? poll_json(r, &p) : NULL;
        if (o)
            json_array_append_new(list, o);
    }
    reply_json(r, json_pack("{s:I,s:o}", "topic_id", (json_int_t)t.id, "polls", list));
}

/* Loads the poll of the route or answers 404. */
static bool route_poll(struct req *r, struct poll *p)
{
    if (poll_get(r, r->id, p))
        return true;
    fail(r, 404, "not_found", M_POLL_E_NOT_FOUND);
    return false;
}

void poll_api(struct req *r)
{
    struct poll p;
    if (route_poll(r, &p))
        poll_reply(r, &p);
}

/* The 201 of a counted vote: its receipt, and the poll as it stands. */
static void vote_reply(struct req *r, const struct poll *p, int64_t vote_id)
{
    struct poll_ballot b = {0};
    const char *receipt = "";
    struct db_stmt *st = db_prepare(r->db, "SELECT receipt, at FROM poll_vote WHERE id = ?");
    db_bind(st, "i", vote_id);
    if (db_step(st) == DB_ROW) {
        receipt = arena_printf(&r->arena, "#%lld-%s", (long long)vote_id, db_column_text(st, 0));
        b.at = db_column_int(st, 1);
    }
    db_done(st);
    json_t *poll = poll_json(r, p);
    if (!poll) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    r->status = 201;
    reply_json(r, json_pack("{s:I,s:s,s:I,s:s,s:o}", "vote_id", (json_int_t)vote_id, "receipt",
                            receipt, "at", (json_int_t)b.at, "message", T(r, M_POLL_VOTED), "poll",
                            poll));
}

/* The 409 of a second vote: when the first was cast, and by whom only if it was the reader. */
static void voted_fail(struct req *r, enum poll_err e, const struct poll_ballot *first)
{
    r->status = 409;
    json_t *err = json_pack("{s:s,s:s,s:I,s:s,s:b}", "code", poll_err_code(e), "message",
                            T(r, poll_err_msg(e)), "voted_at", (json_int_t)first->at, "channel",
                            first->channel, "by_you", first->mine);
    if (first->receipt)
        json_object_set_new(err, "receipt", json_string(first->receipt));
    reply_json(r, json_pack("{s:o}", "error", err));
}

void poll_votes_api(struct req *r)
{
    struct poll p;
    if (!route_poll(r, &p))
        return;
    int64_t household = hall_household(r, p.hall_path);
    if (!household) {
        poll_fail(r, POLL_E_NOT_ELIGIBLE);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    int choice = body_choice(body, &p);
    json_decref(body);
    enum poll_err e;
    struct poll_ballot first;
    int64_t id = poll_vote(r, &p, r->person_id, household, choice, NULL, &e, &first);
    if (id) {
        vote_reply(r, &p, id);
    } else if (e == POLL_E_VOTED || e == POLL_E_HOUSEHOLD) {
        voted_fail(r, e, &first);
    } else if (e != POLL_OK) {
        poll_fail(r, e);
    } else {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

int64_t poll_voter_household(struct req *r, const struct poll *p, int64_t person_id)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT h.id, h.path FROM person p"
                                           " JOIN node h ON h.id = p.household_id WHERE p.id = ?");
    db_bind(st, "i", person_id);
    int64_t household = 0;
    if (db_step(st) == DB_ROW && perm_path_within(db_column_text(st, 1), p->hall_path))
        household = db_column_int(st, 0);
    db_done(st);
    return household;
}

enum poll_err poll_ballot_check(const char *ballot_no)
{
    if (!hall_text_present(ballot_no) || utf8_chars(ballot_no) > POLL_BALLOT_NO_MAX)
        return POLL_E_BALLOT_NO;
    return POLL_OK;
}

void poll_ballots_api(struct req *r)
{
    struct poll p;
    if (!route_poll(r, &p))
        return;
    if (!may(r, p.hall_path, ACT_ENTER_BALLOTS)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    bool bad = false;
    const char *ballot_no = jsonbody_text(&r->arena, body, "ballot_no", &bad);
    int64_t person = jsonbody_int(body, "person_id", 0, &bad);
    int choice = body_choice(body, &p);
    json_decref(body);
    if (bad) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    enum poll_err e = poll_ballot_check(ballot_no);
    int64_t household = person > 0 ? poll_voter_household(r, &p, person) : 0;
    if (e == POLL_OK && !household)
        e = POLL_E_NOT_ELIGIBLE;
    if (e != POLL_OK) {
        poll_fail(r, e);
        if (e == POLL_E_NOT_ELIGIBLE)
            r->status = 422; /* the named voter does not live here: bad input, not the reader */
        return;
    }
    struct poll_ballot first;
    int64_t id = poll_vote(r, &p, person, household, choice, ballot_no, &e, &first);
    if (id) {
        vote_reply(r, &p, id);
    } else if (e == POLL_E_VOTED || e == POLL_E_HOUSEHOLD) {
        voted_fail(r, e, &first);
    } else if (e != POLL_OK) {
        poll_fail(r, e);
    } else {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

void poll_close_api(struct req *r)
{
    struct poll p;
    if (!route_poll(r, &p))
        return;
    if (!may(r, p.hall_path, ACT_RUN_POLL)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return;
    }
    int rc = poll_close(r, &p, (int64_t)time(NULL));
    if (rc < 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    if (rc == 1) {
        poll_fail(r, POLL_E_CLOSED);
        return;
    }
    if (!poll_get(r, p.id, &p)) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    poll_reply(r, &p);
}
