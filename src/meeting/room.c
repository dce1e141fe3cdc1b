/* The live room's pure view of a meeting (see room.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/apply.h"
#include "meeting/room.h"

int room_run_init(struct room_run *run)
{
    run->n = 0;
    run->t0 = 0;
    run->last_result = -1;
    run->clocked = false;
    return mt_script_init(&run->sc);
}

void room_run_free(struct room_run *run)
{
    mt_script_free(&run->sc);
}

const struct mt_state *room_state(const struct room_run *run)
{
    return run->sc.have ? &run->sc.m->s : NULL;
}

static bool answer_ok(const char *a)
{
    return a && strncmp(a, "{\"ok\": true", 11) == 0;
}

enum mt_err room_answer_err(const char *answer)
{
    if (answer_ok(answer))
        return MT_OK;
    json_t *a = answer ? json_loads(answer, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(a, "error"));
    enum mt_err e = E_BAD_INPUT;
    for (int i = 1; code && i < MT_ERR_COUNT; i++)
        if (strcmp(code, mt_err_name((enum mt_err)i)) == 0)
            e = (enum mt_err)i;
    json_decref(a);
    return e;
}

char *room_run_line(struct room_run *run, const char *line, int64_t at)
{
    bool setup = !run->sc.have;
    const struct mt_state *s = room_state(run);
    int top = s ? mt_top(s) : -1;
    char *ans = mt_script_line(&run->sc, line, strlen(line));
    if (setup || !answer_ok(ans))
        return ans;
    /* callers pass logged lines only: QUERY never is one */
    if (++run->n == 1)
        run->t0 = at;
    if (strstr(ans, "\"VOTE_RESULT\""))
        run->last_result = top;
    else if (run->sc.m->s.last_cmd == CMD_DIVISION)
        run->last_result = -1; /* the vote is taken again */
    return ans;
}

bool room_voted(const struct mt_state *s, int p)
{
    int q = s ? mt_top(s) : -1;
    return q >= 0 && p >= 0 && p < s->n_persons && mt_vote_open(s) &&
           s->motions[q].votes[p] != VC_NONE;
}

bool room_division_open(const struct mt_state *s)
{
    return s && s->last_cmd == CMD_CLOSE_VOTE && s->last_vote_method == VM_HANDS;
}

bool room_queued(const struct mt_state *s, int p)
{
    int q = s ? mt_top(s) : -1;
    for (int i = 0; q >= 0 && i < s->n_queue; i++)
        if (s->queue[i].question == q && s->queue[i].person == p &&
            mt_entry_eligible(s, &s->queue[i]))
            return true;
    return false;
}

bool room_appeal_open(const struct mt_state *s)
{
    return s && s->last_cmd == CMD_RULE;
}

bool room_hands_open(const struct mt_state *s)
{
    int q = s ? mt_top(s) : -1;
    return q >= 0 && mt_vote_open(s) && s->motions[q].method == VM_HANDS;
}

void room_hide_open_ballot(json_t *state, const struct mt_state *s)
{
    int q = s ? mt_top(s) : -1;
    if (q < 0 || !mt_vote_open(s) || s->motions[q].method != VM_BALLOT)
        return;
    char id[16];
    snprintf(id, sizeof id, "m%d", q + 1);
    json_t *mo = json_object_get(json_object_get(state, "motions"), id);
    if (!json_is_object(mo))
        return;
    json_object_set_new(mo, "yes", json_null());
    json_object_set_new(mo, "no", json_null());
    json_object_set_new(mo, "abstain", json_null());
}

int64_t room_elapsed(const struct room_run *run, int64_t now)
{
    const struct mt_state *s = room_state(run);
    if (!s || run->n == 0)
        return 0;
    int64_t d = now - run->t0 - s->now;
    return d > 0 ? (d > MT_TICK_MAX ? MT_TICK_MAX : d) : 0;
}

/* The first N characters of UTF-8 text P (LEN bytes), with "…" when cut. */
static json_t *cut(const char *p, int len, int n)
{
    int i = 0, chars = 0;
    while (i < len && chars < n) {
        i++;
        while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    if (i >= len)
        return json_stringn(p, (size_t)len);
    char buf[ROOM_TEXT_SHOWN * 4 + 8];
    if (i > (int)sizeof buf - 4)
        i = (int)sizeof buf - 4;
    memcpy(buf, p, (size_t)i);
    memcpy(buf + i, "\xE2\x80\xA6", 3);
    return json_stringn(buf, (size_t)i + 3);
}

static json_t *who(const struct mt_state *s, int p, room_namer name, void *ctx)
{
    const char *id = s->persons[p].id;
    const char *n = name ? name(ctx, id) : NULL;
    n = n ? n : id;
    return json_pack("{s:s,s:o}", "id", id, "name", cut(n, (int)strlen(n), ROOM_NAME_SHOWN));
}

static const char *stance_name(int st)
{
    return st == SN_PRO ? "PRO" : st == SN_CON ? "CON" : "";
}

static json_t *text_of(const struct mt_state *s, struct mt_text t)
{
    if (!t.set)
        return json_null();
    int len;
    const char *p = mt_text_get(s, t, &len);
    return cut(p, len, ROOM_TEXT_SHOWN);
}

static json_t *motion_json(const struct mt_state *s, int m, room_namer name, void *ctx)
{
    const struct mt_motion *mo = &s->motions[m];
    const struct mt_kind_row *k = mt_kind_row((enum mt_kind)mo->kind);
    char id[16];
    snprintf(id, sizeof id, "m%d", m + 1);
    json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:o}", "id", id, "type", k->name, "type_zh", k->zh,
                          "state", mt_motion_state_name(mo->state), "text", text_of(s, mo->text));
    json_object_set_new(j, "mover", mo->mover >= 0 ? who(s, mo->mover, name, ctx) : json_null());
    return j;
}

json_t *room_snapshot(const struct room_run *run, room_namer name, void *ctx, int64_t seq,
                      const char *cmd, int64_t now)
{
    const struct mt_state *s = room_state(run);
    if (!s)
        return NULL;
    json_t *o =
        json_pack("{s:I,s:s,s:I,s:s,s:i,s:i}", "seq", (json_int_t)seq, "cmd", cmd ? cmd : "", "now",
                  (json_int_t)now, "meeting", mt_meeting_state_name(s->meeting), "present",
                  mt_present(s), "quorum", mt_quorum(s));
    json_object_set_new(o, "item",
                        s->open_item >= 0 ? json_string(s->items[s->open_item].id) : json_null());
    int q = mt_top(s);
    json_object_set_new(o, "question", q >= 0 ? motion_json(s, q, name, ctx) : json_null());
    json_object_set_new(o, "chair", who(s, s->chair, name, ctx));
    json_t *fl = json_null();
    if (s->holder >= 0) {
        bool speaking = s->floor == FL_SPEAKING;
        fl = who(s, s->holder, name, ctx);
        json_object_set_new(fl, "stance", json_string(stance_name(s->floor_stance)));
        json_object_set_new(fl, "speaking", json_boolean(speaking));
        json_object_set_new(fl, "remaining", json_integer(speaking ? s->remaining : 0));
        /* the wall clock end, when the server keeps the clock (scheduled meetings) */
        bool running = speaking && !mt_floor_paused(s) && run->clocked && run->t0 > 0;
        json_object_set_new(fl, "ends_at",
                            running ? json_integer(run->t0 + s->now + s->remaining) : json_null());
    }
    json_object_set_new(o, "floor", fl);
    int next = mt_next_speaker(s);
    json_object_set_new(o, "next", next >= 0 ? who(s, next, name, ctx) : json_null());
    json_t *queue = json_array();
    int queued = 0;
    for (int i = 0; i < s->n_queue; i++) {
        const struct mt_entry *e = &s->queue[i];
        if (e->question != q || !mt_entry_eligible(s, e))
            continue;
        if (queued++ >= ROOM_QUEUE_SHOWN)
            continue;
        json_t *w = who(s, e->person, name, ctx);
        json_object_set_new(w, "stance", json_string(stance_name(e->stance)));
        json_array_append_new(queue, w);
    }
    json_object_set_new(o, "queue", queue);
    json_object_set_new(o, "queued", json_integer(queued));
    json_t *spoke = json_object();
    if (q >= 0) {
        const struct mt_motion *mo = &s->motions[q];
        json_object_set_new(o, "max_speeches", json_integer(mo->max_speeches));
        for (int p = 0; p < s->n_persons; p++)
            if (mo->speeches[p])
                json_object_set_new(spoke, s->persons[p].id, json_integer(mo->speeches[p]));
    } else {
        json_object_set_new(o, "max_speeches", json_integer(s->params.max_speeches));
    }
    json_object_set_new(o, "spoke", spoke);
    json_t *vote = json_null();
    if (q >= 0 && mt_vote_open(s)) {
        const struct mt_motion *mo = &s->motions[q];
        vote = json_pack("{s:s,s:i}", "method", mt_method_name((enum mt_method)mo->method), "cast",
                         mo->yes + mo->no + mo->abstain);
    }
    json_object_set_new(o, "vote", vote);
    json_t *res = json_null();
    int v = run->last_result;
    if (v >= 0 && v < s->n_motions && s->motions[v].was_voted) {
        const struct mt_motion *mo = &s->motions[v];
        res = motion_json(s, v, name, ctx);
        json_object_set_new(res, "yes", json_integer(mo->yes));
        json_object_set_new(res, "no", json_integer(mo->no));
        json_object_set_new(res, "abstain", json_integer(mo->abstain));
        json_object_set_new(res, "method", json_string(mt_method_name((enum mt_method)mo->method)));
    }
    json_object_set_new(o, "result", res);
    return o;
}

enum room_why room_next_why(const struct mt_state *s)
{
    int q = mt_top(s);
    int i = q >= 0 ? mt_next_entry(s, q) : -1;
    if (i < 0)
        return WHY_NONE;
    const struct mt_motion *mo = &s->motions[q];
    const struct mt_entry *e = &s->queue[i];
    if (s->params.mover_speaks_first && mo->total_speeches == 0 && e->person == mo->mover)
        return WHY_MOVER;
    int first = -1;
    for (int k = 0; k < s->n_queue && first < 0; k++)
        if (s->queue[k].question == q && mt_entry_eligible(s, &s->queue[k]))
            first = k;
    if (first == i)
        return WHY_FIFO;
    if (s->params.first_timers_first && mo->speeches[s->queue[first].person] != 0 &&
        mo->speeches[e->person] == 0)
        return WHY_FIRST_TIMER;
    return WHY_ALTERNATE;
}

/* Tries LINE on a copy of the meeting in SCRATCH, after TICK (the line meeting_command would
 * log first, or NULL); the engine's answer (malloc'd). */
static char *try_answer(const struct mt_meeting *m, struct mt_meeting *scratch, const char *tick,
                        const char *line)
{
    memcpy(scratch, m, sizeof *scratch);
    struct mt_script sc = {scratch, 1};
    if (tick)
        free(mt_script_line(&sc, tick, strlen(tick)));
    return mt_script_line(&sc, line, strlen(line));
}

static enum mt_err try_line(const struct mt_meeting *m, struct mt_meeting *scratch,
                            const char *tick, const char *line)
{
    char *ans = try_answer(m, scratch, tick, line);
    enum mt_err e = ans ? room_answer_err(ans) : E_BAD_INPUT;
    free(ans);
    return e;
}

char *room_try(const struct room_run *run, int64_t tick, const char *line)
{
    const struct mt_state *s = room_state(run);
    struct mt_meeting *scratch = s ? malloc(sizeof *scratch) : NULL;
    if (!scratch)
        return NULL;
    char t[64];
    snprintf(t, sizeof t, "{\"cmd\":\"TICK\",\"seconds\":%lld}", (long long)tick);
    char *ans = try_answer(run->sc.m, scratch, tick > 0 ? t : NULL, line);
    free(scratch);
    return ans;
}

int room_buttons(const struct room_run *run, const char *actor, const char *item, int64_t now,
                 struct room_button out[RA_COUNT])
{
    const struct mt_state *s = room_state(run);
    if (!s || !actor)
        return -1;
    /* what the command will meet: meeting_command first brings the clock to NOW */
    int64_t d = run->clocked ? room_elapsed(run, now) : 0;
    char tick[64];
    snprintf(tick, sizeof tick, "{\"cmd\":\"TICK\",\"seconds\":%lld}", (long long)d);
    struct mt_meeting *scratch = malloc(sizeof *scratch);
    if (!scratch)
        return -1;
    int next = mt_next_speaker(s);
    json_t *a = json_string(actor);
    json_t *it = json_string(item && *item ? item : "?");
    json_t *nx = json_string(next >= 0 ? s->persons[next].id : "");
    json_t *lines[RA_COUNT] = {
        [RA_CALL_TO_ORDER] = json_pack("{s:s,s:O}", "cmd", "CALL_TO_ORDER", "actor", a),
        [RA_OPEN_ITEM] = json_pack("{s:s,s:O,s:O}", "cmd", "OPEN_ITEM", "actor", a, "item", it),
        [RA_STATE_QUESTION] = json_pack("{s:s,s:O}", "cmd", "STATE_QUESTION", "actor", a),
        [RA_RECOGNIZE] = json_pack("{s:s,s:O,s:O}", "cmd", "RECOGNIZE", "actor", a, "member", nx),
        [RA_PUT_HANDS] =
            json_pack("{s:s,s:O,s:s}", "cmd", "PUT_QUESTION", "actor", a, "method", "HANDS"),
        [RA_PUT_ROLL_CALL] =
            json_pack("{s:s,s:O,s:s}", "cmd", "PUT_QUESTION", "actor", a, "method", "ROLL_CALL"),
        [RA_PUT_BALLOT] =
            json_pack("{s:s,s:O,s:s}", "cmd", "PUT_QUESTION", "actor", a, "method", "BALLOT"),
        [RA_CLOSE_VOTE] = json_pack("{s:s,s:O}", "cmd", "CLOSE_VOTE", "actor", a),
        [RA_CLOSE_COUNTS] = json_pack("{s:s,s:O,s:{s:i,s:i,s:i}}", "cmd", "CLOSE_VOTE", "actor", a,
                                      "counts", "yes", 0, "no", 0, "abstain", 0),
        [RA_RULE_SUSTAIN] = json_pack("{s:s,s:O,s:b}", "cmd", "RULE", "actor", a, "sustained", 1),
        [RA_RULE_OVERRULE] = json_pack("{s:s,s:O,s:b}", "cmd", "RULE", "actor", a, "sustained", 0),
        [RA_DECLARE_LAPSED] = json_pack("{s:s,s:O}", "cmd", "DECLARE_LAPSED", "actor", a),
        [RA_RESUME] = json_pack("{s:s,s:O}", "cmd", "RESUME", "actor", a),
    };
    int rc = 0;
    for (int i = 0; i < RA_COUNT; i++) {
        char *line = lines[i] ? json_dumps(lines[i], JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        out[i].act = (enum room_act)i;
        out[i].line[0] = '\0';
        if (!line || strlen(line) >= sizeof out[i].line) {
            out[i].err = E_BAD_INPUT;
            rc = line ? rc : -1;
        } else {
            memcpy(out[i].line, line, strlen(line) + 1);
            out[i].err = try_line(run->sc.m, scratch, d > 0 ? tick : NULL, line);
        }
        free(line);
        json_decref(lines[i]);
    }
    /* RECOGNIZE with nobody waiting: E_NOT_NEXT is what the engine says of an unknown id */
    json_decref(a);
    json_decref(it);
    json_decref(nx);
    free(scratch);
    return rc;
}
