/* The minutes model (see minutes.h): each log entry goes through mt_apply; the state just before
 * and just after it, the command and its events say what happened. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/minutes.h"
#include "meeting/script.h"

static const char *const item_states[] = {"OPEN", "DECIDED", "DEFERRED", "REFERRED", "UNFINISHED"};
static const char *const stances[] = {"NONE", "PRO", "CON"};
static const char *const thresholds[] = {"MAJORITY", "TWO_THIRDS", "CHAIR", "NONE", "APPEAL_RULE"};

/* What is being collected, with the open speech and the last point of order. */
struct acc {
    json_t *o;
    json_t *attendance, *session, *items, *motions, *speeches, *poos, *warnings, *votes;
    json_t *handovers;
    json_t *open_in[128]; /* per person: the interval still open, or NULL */
    json_t *speech;       /* the speech running, or NULL */
    int32_t speech_remaining;
    json_t *poo;           /* the last point of order */
    json_t *pending_hands; /* a hands vote that DIVISION could still undo */
    int64_t cast_by[128];  /* per person: who entered their last CAST (log actor_id), 0 none */
};

/* Whether ACTOR (a person id of the log) is engine id EID ("p<id>"). */
static bool actor_is(int64_t actor, const char *eid)
{
    char own[24];
    snprintf(own, sizeof own, "p%lld", (long long)actor);
    return eid && strcmp(own, eid) == 0;
}

static json_t *jactor(int64_t actor)
{
    char own[24];
    snprintf(own, sizeof own, "p%lld", (long long)actor);
    return json_string(own);
}

static json_t *jid(const struct mt_state *s, int p)
{
    return p >= 0 && p < s->n_persons ? json_string(s->persons[p].id) : json_null();
}

static json_t *jmotion(int m)
{
    if (m < 0)
        return json_null();
    char id[16];
    snprintf(id, sizeof id, "m%d", m + 1);
    return json_string(id);
}

static json_t *jitem(const struct mt_state *s, int i)
{
    return i >= 0 && i < s->n_items ? json_string(s->items[i].id) : json_null();
}

static json_t *jtext(const struct mt_state *s, struct mt_text t)
{
    if (!t.set)
        return json_null();
    int len;
    const char *p = mt_text_get(s, t, &len);
    return json_stringn(p, (size_t)len);
}

static bool has_event(const struct mt_events *ev, enum mt_event e)
{
    for (int i = 0; i < ev->n; i++)
        if (ev->ev[i] == e)
            return true;
    return false;
}

static json_t *seq_at(int64_t seq, int64_t at)
{
    return json_pack("{s:I,s:I}", "seq", (json_int_t)seq, "at", (json_int_t)at);
}

/* Attendance: one row per person of the roster, intervals opened by ATTEND, closed by LEAVE. */
static void attendance_init(struct acc *a, const struct mt_state *s)
{
    for (int p = 0; p < s->n_persons; p++) {
        const struct mt_person *ps = &s->persons[p];
        const char *role = ps->member ? "member" : ps->observer ? "observer" : "chair";
        json_t *row = json_pack("{s:s,s:s,s:[]}", "id", ps->id, "role", role, "intervals");
        json_array_append_new(a->attendance, row);
        if (ps->present) {
            json_t *iv = json_pack("{s:n,s:n}", "in", "out");
            json_array_append_new(json_object_get(row, "intervals"), iv);
            a->open_in[p] = iv;
        }
    }
}

static void attendance_step(struct acc *a, const struct mt_state *b, const struct mt_state *s,
                            int64_t at)
{
    for (int p = 0; p < s->n_persons && p < 128; p++) {
        if (!b->persons[p].present && s->persons[p].present) {
            json_t *iv = json_pack("{s:I,s:n}", "in", (json_int_t)at, "out");
            json_t *row = json_array_get(a->attendance, (size_t)p);
            json_array_append_new(json_object_get(row, "intervals"), iv);
            a->open_in[p] = iv;
        } else if (b->persons[p].present && !s->persons[p].present && a->open_in[p]) {
            json_object_set_new(a->open_in[p], "out", json_integer(at));
            a->open_in[p] = NULL;
        }
    }
}

/* Speeches: one starts when the floor turns SPEAKING, ends when it stops being that speech. */
static void speech_step(struct acc *a, const struct mt_state *b, const struct mt_state *s,
                        const struct mt_cmd *c, const struct mt_events *ev, int64_t seq, int64_t at)
{
    bool was = b->floor == FL_SPEAKING, is = s->floor == FL_SPEAKING;
    if (was && a->speech && (!is || s->holder != b->holder)) {
        int32_t used = a->speech_remaining - b->remaining;
        if (c->kind == CMD_TICK && has_event(ev, EV_SPEECH_EXPIRED)) {
            int64_t tick = c->seconds < b->remaining ? c->seconds : b->remaining;
            int32_t budget = b->motions[b->floor_question].time_budget;
            if (budget >= 0 && tick > budget)
                tick = budget;
            used += (int32_t)tick;
        }
        const char *end = has_event(ev, EV_SPEECH_EXPIRED)                    ? "expired"
                          : c->kind == CMD_END_SPEECH || c->kind == CMD_YIELD ? "ended"
                          : c->kind == CMD_RULE && s->rule_sustained          ? "ruled"
                          : has_event(ev, EV_FLOOR_FORFEITED)                 ? "forfeited"
                                                                              : "stopped";
        json_object_set_new(a->speech, "seconds", json_integer(used < 0 ? 0 : used));
        json_object_set_new(
            a->speech, "wall_seconds",
            json_integer(at - json_integer_value(json_object_get(a->speech, "at"))));
        json_object_set_new(a->speech, "end", json_string(end));
        json_object_set_new(a->speech, "end_seq", json_integer(seq));
        a->speech = NULL;
    }
    if (is && (!was || s->holder != b->holder)) {
        int q = s->floor_question;
        a->speech =
            json_pack("{s:o,s:s,s:o,s:o,s:I,s:I,s:I,s:i,s:n,s:s,s:n}", "person", jid(s, s->holder),
                      "stance", stances[s->floor_stance < 3 ? s->floor_stance : 0], "motion",
                      jmotion(q), "item", jitem(s, q >= 0 ? s->motions[q].item : s->open_item),
                      "seq", (json_int_t)seq, "at", (json_int_t)at, "t", (json_int_t)s->now,
                      "seconds", 0, "wall_seconds", "end", "open", "end_seq");
        a->speech_remaining = s->remaining;
        json_array_append_new(a->speeches, a->speech);
    }
}

static void vote_step(struct acc *a, const struct mt_state *b, const struct mt_state *s,
                      const struct mt_cmd *c, const struct mt_events *ev,
                      const struct minutes_entry *e)
{
    int64_t seq = e->seq, at = e->at;
    if (has_event(ev, EV_VOTE_VOID)) {
        int v = mt_top(b);
        json_array_append_new(
            a->votes,
            json_pack("{s:I,s:I,s:o,s:s,s:o,s:s,s:i,s:i,s:i,s:i,s:n,s:b,s:b,s:b,s:n}", "seq",
                      (json_int_t)seq, "at", (json_int_t)at, "motion", jmotion(v), "type",
                      v >= 0 ? mt_kind_row((enum mt_kind)b->motions[v].kind)->name : "", "item",
                      jitem(b, v >= 0 ? b->motions[v].item : -1), "method",
                      mt_method_name(v >= 0 ? (enum mt_method)b->motions[v].method : VM_HANDS),
                      "yes", 0, "no", 0, "abstain", 0, "present", mt_present(b), "threshold",
                      "adopted", 0, "void", 1, "divided", 0, "final_seq"));
    }
    if (!has_event(ev, EV_VOTE_RESULT) || ev->result_motion < 0)
        return;
    int v = ev->result_motion;
    const struct mt_motion *mo = &s->motions[v];
    bool final = ev->method != VM_HANDS || s->meeting == MS_ADJOURNED;
    json_t *vote = json_pack(
        "{s:I,s:I,s:o,s:s,s:o,s:s,s:i,s:i,s:i,s:i,s:s,s:b,s:b,s:b,s:o}", "seq", (json_int_t)seq,
        "at", (json_int_t)at, "motion", jmotion(v), "type",
        mt_kind_row((enum mt_kind)mo->kind)->name, "item", jitem(s, mo->item), "method",
        mt_method_name((enum mt_method)ev->method), "yes", ev->yes, "no", ev->no, "abstain",
        ev->abstain, "present", ev->present, "threshold",
        thresholds[(unsigned)ev->threshold < 5 ? ev->threshold : 0], "adopted", ev->adopted, "void",
        0, "divided", 0, "final_seq", final ? json_integer(seq) : json_null());
    /* The text voted on, as it stood when the vote closed (amendments included). */
    json_object_set_new(vote, "text", jtext(s, mo->text));
    /* A roll call is a vote by name: who answered what, in the roster's order (a ballot and a
     * show of hands name no one). */
    if (ev->method == VM_ROLL_CALL) {
        static const char *const choices[] = {"", "YES", "NO", "ABSTAIN"};
        json_t *roll = json_array();
        for (int p = 0; p < s->n_persons; p++)
            if (mo->votes[p] > VC_NONE && mo->votes[p] <= VC_ABSTAIN) {
                json_t *row =
                    json_pack("{s:s,s:s}", "id", s->persons[p].id, "choice", choices[mo->votes[p]]);
                /* a member without a phone answered aloud and a clerk entered it: say who */
                if (a->cast_by[p] && !actor_is(a->cast_by[p], s->persons[p].id))
                    json_object_set_new(row, "entered_by", jactor(a->cast_by[p]));
                json_array_append_new(roll, row);
            }
        json_object_set_new(vote, "roll", roll);
    }
    /* hands counted in the room and entered by someone other than the chair (the recorder) */
    if (c->kind == CMD_CLOSE_VOTE && ev->method == VM_HANDS && c->n_yes >= 0 && c->actor &&
        !actor_is(e->actor, c->actor))
        json_object_set_new(vote, "entered_by", jactor(e->actor));
    json_array_append_new(a->votes, vote);
    if (!final)
        a->pending_hands = vote;
}

/* Points of order, rulings, appeals and warnings. */
static void order_step(struct acc *a, const struct mt_state *b, const struct mt_state *s,
                       const struct mt_cmd *c, const struct mt_events *ev, int actor, int64_t seq,
                       int64_t at)
{
    if (c->kind == CMD_POINT_OF_ORDER) {
        a->poo =
            json_pack("{s:I,s:I,s:o,s:o,s:n,s:[]}", "seq", (json_int_t)seq, "at", (json_int_t)at,
                      "by", jid(s, actor), "item", jitem(s, s->open_item), "ruling", "appeals");
        json_array_append_new(a->poos, a->poo);
    } else if (c->kind == CMD_RULE && a->poo) {
        json_object_set_new(a->poo, "ruling",
                            json_pack("{s:I,s:I,s:b,s:o,s:o}", "seq", (json_int_t)seq, "at",
                                      (json_int_t)at, "sustained", s->rule_sustained, "warned",
                                      jid(s, s->rule_warned), "lapsed", jmotion(s->rule_lapsed)));
    } else if (c->kind == CMD_APPEAL && a->poo) {
        int m = s->n_motions > b->n_motions ? s->n_motions - 1 : -1;
        json_array_append_new(json_object_get(a->poo, "appeals"),
                              json_pack("{s:I,s:I,s:o,s:o}", "seq", (json_int_t)seq, "at",
                                        (json_int_t)at, "by", jid(s, actor), "motion", jmotion(m)));
    }
    for (int p = 0; p < s->n_persons; p++) {
        if (s->persons[p].warnings <= b->persons[p].warnings)
            continue;
        json_array_append_new(a->warnings,
                              json_pack("{s:I,s:I,s:o,s:o,s:i,s:b,s:b}", "seq", (json_int_t)seq,
                                        "at", (json_int_t)at, "member", jid(s, p), "item",
                                        jitem(b, b->open_item), "count", s->persons[p].warnings,
                                        "forfeited", has_event(ev, EV_FLOOR_FORFEITED), "by_ruling",
                                        c->kind == CMD_RULE));
    }
}

static void session_step(struct acc *a, const struct mt_state *b, const struct mt_state *s,
                         const struct mt_cmd *c, const struct mt_events *ev, int64_t seq,
                         int64_t at)
{
    static const enum mt_event kept[] = {EV_QUORUM_LOST, EV_QUORUM_RESTORED, EV_RECESSED,
                                         EV_RESUMED, EV_ADJOURNED};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (has_event(ev, kept[i]))
            json_array_append_new(a->session,
                                  json_pack("{s:I,s:I,s:s}", "seq", (json_int_t)seq, "at",
                                            (json_int_t)at, "event", mt_event_name(kept[i])));
    if (c->kind == CMD_CALL_TO_ORDER && json_is_null(json_object_get(a->o, "called_to_order")))
        json_object_set_new(a->o, "called_to_order", seq_at(seq, at));
    if (s->meeting == MS_ADJOURNED && b->meeting != MS_ADJOURNED)
        json_object_set_new(a->o, "adjourned", seq_at(seq, at));
    if (s->chair != b->chair)
        json_array_append_new(a->handovers, json_pack("{s:I,s:I,s:o,s:o}", "seq", (json_int_t)seq,
                                                      "at", (json_int_t)at, "from",
                                                      jid(b, b->chair), "to", jid(s, s->chair)));
    if (s->n_items > b->n_items)
        json_array_append_new(a->items,
                              json_pack("{s:o,s:I,s:I,s:s}", "id", jitem(s, s->n_items - 1), "seq",
                                        (json_int_t)seq, "at", (json_int_t)at, "state", "OPEN"));
    if (s->n_motions > b->n_motions) {
        int m = s->n_motions - 1;
        json_array_append_new(a->motions, json_pack("{s:o,s:I,s:I}", "id", jmotion(m), "seq",
                                                    (json_int_t)seq, "at", (json_int_t)at));
    }
}

/* Applies one entry; false when the engine refuses it (the log is broken). */
static bool step(struct acc *a, struct mt_meeting *m, struct mt_state *b,
                 const struct minutes_entry *e)
{
    json_t *o = json_loads(e->command, 0, NULL);
    struct mt_cmd c;
    if (!json_is_object(o) || mt_script_parse_cmd(o, &c) < 0) {
        json_decref(o);
        return false;
    }
    memcpy(b, &m->s, sizeof *b);
    struct mt_events ev;
    enum mt_err err = mt_apply(m, &c, &ev);
    if (err != MT_OK) {
        json_decref(o);
        return false;
    }
    const struct mt_state *s = &m->s;
    if (c.kind != CMD_QUERY) {
        /* A hands vote stands once anything but DIVISION follows it. */
        if (a->pending_hands && c.kind != CMD_DIVISION)
            json_object_set_new(a->pending_hands, "final_seq", json_integer(e->seq));
        else if (a->pending_hands)
            json_object_set_new(a->pending_hands, "divided", json_true());
        a->pending_hands = NULL;
    }
    int actor = mt_person_find(s, c.actor);
    attendance_step(a, b, s, e->at);
    session_step(a, b, s, &c, &ev, e->seq, e->at);
    speech_step(a, b, s, &c, &ev, e->seq, e->at);
    order_step(a, b, s, &c, &ev, actor, e->seq, e->at);
    vote_step(a, b, s, &c, &ev, e);
    if (c.kind == CMD_CAST && actor >= 0 && actor < 128)
        a->cast_by[actor] = e->actor;
    json_decref(o);
    return true;
}

/* The end state of the motions and items, the absences and the resolutions. */
static void finish(struct acc *a, const struct mt_state *s)
{
    size_t i;
    json_t *mo;
    json_array_foreach(a->motions, i, mo)
    {
        int m = (int)i;
        const struct mt_motion *x = &s->motions[m];
        json_t *sec = json_array();
        for (int p = 0; p < s->n_persons; p++)
            if (mt_mask_has(x->seconders, p))
                json_array_append_new(sec, json_string(s->persons[p].id));
        json_object_set_new(mo, "type", json_string(mt_kind_row((enum mt_kind)x->kind)->name));
        json_object_set_new(mo, "text", jtext(s, x->text));
        json_object_set_new(mo, "mover", jid(s, x->mover));
        json_object_set_new(mo, "seconders", sec);
        json_object_set_new(mo, "state", json_string(mt_motion_state_name(x->state)));
        json_object_set_new(mo, "item", jitem(s, x->item));
        json_object_set_new(mo, "target", jmotion(x->target));
    }
    json_t *it;
    json_array_foreach(a->items, i, it)
    {
        unsigned st = s->items[i].state;
        json_object_set_new(it, "state", json_string(st < 5 ? item_states[st] : "OPEN"));
    }
    json_t *absent = json_array();
    for (int p = 0; p < s->n_persons; p++) {
        json_t *row = json_array_get(a->attendance, (size_t)p);
        if (s->persons[p].member && json_array_size(json_object_get(row, "intervals")) == 0)
            json_array_append_new(absent, json_string(s->persons[p].id));
    }
    json_object_set_new(a->o, "absent", absent);
    /* A resolution is the last vote on a MAIN motion, when it is final, adopted the motion, and
     * the motion still stands adopted at the end: a RECONSIDER brings an adopted motion back,
     * and its earlier vote is then no longer the meeting's decision. (A divided show of hands is
     * followed by its division's vote, which comes first in this backward walk.) */
    bool decided[MT_MAX_MOTIONS] = {false};
    json_t *res = json_array();
    json_t *v;
    for (i = json_array_size(a->votes); i-- > 0;) {
        v = json_array_get(a->votes, i);
        const char *mid = json_string_value(json_object_get(v, "motion"));
        int m = mid ? atoi(mid + 1) - 1 : -1;
        if (m < 0 || m >= MT_MAX_MOTIONS || m >= s->n_motions || decided[m] ||
            json_is_true(json_object_get(v, "void")) ||
            strcmp(json_string_value(json_object_get(v, "type")), "MAIN") != 0)
            continue;
        /* a later vote, even one not final yet, replaces the earlier ones */
        decided[m] = true;
        if (json_is_null(json_object_get(v, "final_seq")) ||
            !json_is_true(json_object_get(v, "adopted")) || s->motions[m].state != ST_ADOPTED)
            continue;
        json_array_append_new(
            res,
            json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "motion",
                      json_object_get(v, "motion"), "text", json_object_get(v, "text"), "item",
                      json_object_get(v, "item"), "seq", json_object_get(v, "seq"), "at",
                      json_object_get(v, "at"), "final_seq", json_object_get(v, "final_seq"), "yes",
                      json_object_get(v, "yes"), "no", json_object_get(v, "no"), "abstain",
                      json_object_get(v, "abstain"), "present", json_object_get(v, "present")));
    }
    /* in the order of the votes */
    for (size_t lo = 0, hi = json_array_size(res); hi > 1 && lo < hi - 1; lo++, hi--) {
        json_t *x = json_incref(json_array_get(res, lo));
        json_array_set(res, lo, json_array_get(res, hi - 1));
        json_array_set_new(res, hi - 1, x);
    }
    json_object_set_new(a->o, "resolutions", res);
    json_object_set_new(a->o, "meeting", json_string(mt_meeting_state_name(s->meeting)));
}

json_t *minutes_build(const char *setup, const struct minutes_entry *e, size_t n)
{
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return NULL;
    struct mt_state *before = malloc(sizeof *before);
    json_t *su = json_loads(setup, 0, NULL);
    json_t *line = json_is_object(su) ? json_pack("{s:O}", "setup", su) : NULL;
    char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;
    char *ans = text ? mt_script_line(&sc, text, strlen(text)) : NULL;
    json_t *aj = ans ? json_loads(ans, 0, NULL) : NULL;
    bool ok = before && json_is_true(json_object_get(aj, "ok"));
    json_decref(aj);
    free(ans);
    free(text);
    json_decref(line);
    json_decref(su);
    struct acc a;
    memset(&a, 0, sizeof a);
    a.o = json_object();
    if (ok) {
        const struct mt_state *s = &sc.m->s;
        json_object_set_new(a.o, "entries", json_integer((json_int_t)n));
        json_object_set_new(a.o, "called_to_order", json_null());
        json_object_set_new(a.o, "adjourned", json_null());
        json_object_set_new(a.o, "chair", jid(s, s->chair));
        json_object_set_new(a.o, "handovers", a.handovers = json_array());
        json_object_set_new(a.o, "attendance", a.attendance = json_array());
        json_object_set_new(a.o, "session", a.session = json_array());
        json_object_set_new(a.o, "items", a.items = json_array());
        json_object_set_new(a.o, "motions", a.motions = json_array());
        json_object_set_new(a.o, "speeches", a.speeches = json_array());
        json_object_set_new(a.o, "points_of_order", a.poos = json_array());
        json_object_set_new(a.o, "warnings", a.warnings = json_array());
        json_object_set_new(a.o, "votes", a.votes = json_array());
        attendance_init(&a, s);
    }
    for (size_t i = 0; ok && i < n; i++)
        ok = step(&a, sc.m, before, &e[i]);
    if (ok)
        finish(&a, &sc.m->s);
    free(before);
    mt_script_free(&sc);
    if (!ok) {
        json_decref(a.o);
        return NULL;
    }
    return a.o;
}
