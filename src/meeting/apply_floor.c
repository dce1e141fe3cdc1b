/* The floor: requests, recognition, speeches and their clock, points of order, rulings,
 * appeals, warnings (rules 7-13; sections 4 and 2.3 items 3, 4, 6, 10, 14). */
#include "meeting/apply.h"

/* The chair keeps out of the debate unless the hall's rules let them in (E_CHAIR_NEUTRAL). */
static bool chair_kept_out(const struct mt_state *s, int p)
{
    return p >= 0 && p == s->chair && !s->params.chair_may_debate;
}

/* May P speak at all: a member, an observer when observers may speak, or a former chair who
 * is neither (an observer's rights, 2.3 item 13); and present. */
static bool may_speak(const struct mt_state *s, int p)
{
    if (p < 0 || !s->persons[p].present)
        return false;
    if (s->persons[p].member)
        return true;
    if (p == s->chair)
        return s->params.chair_may_debate;
    return s->params.observers_may_speak;
}

/* Steps 2 to 4 (with CHECK_CHAIR, 1 to 4) for a command on the debate of the pending
 * question; its gate answers E_DEBATE_CLOSED to a request for the floor on a closed debate.
 * Inline, as the copies it replaced were (the bench's floor requests). */
static inline enum mt_err debate_state(const struct mt_ctx *x, unsigned chair)
{
    const struct mt_state *s = x->s;
    enum mt_cmd_kind k = x->c->kind;
    int t = mt_top(s);
    /* the gate is never shut without a pending question: asking it after t < 0 answers alike */
    enum mt_err e = mt_common_checks(x, t, chair | CHECK_QUORUM | CHECK_PENDING);
    if (e)
        return e;
    if (mt_gate(s))
        return k == CMD_REQUEST_FLOOR && s->motions[t].debate_closed ? E_DEBATE_CLOSED
                                                                     : E_OUT_OF_ORDER;
    if (mt_unstated(s, t))
        return E_NOT_SECONDED;
    if (!mt_debatable(s, t))
        return E_NOT_DEBATABLE;
    if (s->motions[t].debate_closed)
        return E_DEBATE_CLOSED;
    return MT_OK;
}

/* Does P hold the floor: someone else has it (E_FLOOR_TAKEN) or nobody (E_NOT_RECOGNIZED). */
static enum mt_err holder_check(const struct mt_state *s, int p)
{
    if (s->holder == p)
        return MT_OK;
    return s->holder >= 0 ? E_FLOOR_TAKEN : E_NOT_RECOGNIZED;
}

enum mt_err mt_cmd_request_floor(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (chair_kept_out(s, p))
        return E_CHAIR_NEUTRAL;
    if (!may_speak(s, p))
        return E_NOT_ELIGIBLE;
    enum mt_err e = debate_state(x, 0);
    if (e)
        return e;
    if (x->c->stance == SN_NONE && s->params.require_stance)
        return E_STANCE_REQUIRED;
    int q = mt_top(s);
    const struct mt_motion *mo = &s->motions[q];
    if (mt_forfeited(s, p))
        return E_FLOOR_FORFEITED;
    if (mo->speeches[p] >= mo->max_speeches)
        return E_SPEECH_LIMIT;
    if (mt_queue_find(s, p, q) >= 0)
        return E_ALREADY_QUEUED;
    if (s->n_queue >= MT_MAX_QUEUE)
        return E_OUT_OF_ORDER;
    struct mt_entry *en = &s->queue[s->n_queue++];
    en->seq = s->next_seq++;
    en->person = (int16_t)p;
    en->question = (int16_t)q;
    en->stance = (uint8_t)x->c->stance;
    return MT_OK;
}

enum mt_err mt_cmd_recognize(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    if (!x->c->member)
        return E_BAD_INPUT;
    enum mt_err e = debate_state(x, CHECK_CHAIR);
    if (e)
        return e;
    if (s->holder >= 0)
        return E_FLOOR_TAKEN;
    int q = mt_top(s);
    int m = mt_person_find(s, x->c->member);
    e = mt_recognize_check(s, m, q);
    if (e)
        return e;
    int i = mt_queue_find(s, m, q);
    s->floor_stance = s->queue[i].stance;
    for (; i + 1 < s->n_queue; i++)
        s->queue[i] = s->queue[i + 1];
    s->n_queue--;
    s->holder = (int16_t)m;
    s->floor = FL_RECOGNIZED;
    s->floor_question = (int16_t)q;
    s->last_expired = -1;
    return MT_OK;
}

/* START_SPEECH counts the speech, sets the question's last stance and starts the clock. */
enum mt_err mt_cmd_start_speech(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (chair_kept_out(s, p))
        return E_CHAIR_NEUTRAL;
    if (p < 0 || !s->persons[p].present)
        return E_NOT_ELIGIBLE;
    int q = mt_top(s);
    enum mt_err e = mt_common_checks(x, q, CHECK_QUORUM | CHECK_GATE | CHECK_PENDING);
    if (e)
        return e;
    e = holder_check(s, p);
    if (e)
        return e;
    if (s->floor != FL_RECOGNIZED || mt_floor_paused(s))
        return E_OUT_OF_ORDER;
    struct mt_motion *mo = &s->motions[s->floor_question];
    if (mo->speeches[p] < 255)
        mo->speeches[p]++;
    mo->total_speeches++;
    mo->last_stance = s->floor_stance;
    s->floor = FL_SPEAKING;
    s->remaining = mo->speech_time_s;
    mt_sweep(x); /* their own later request, if this speech reached the limit */
    return MT_OK;
}

/* Steps 1 to 5 for END_SPEECH and YIELD, which the speaker gives about their own floor. */
static enum mt_err own_floor_checks(const struct mt_ctx *x)
{
    if (x->actor < 0)
        return E_NOT_ELIGIBLE;
    enum mt_err e = mt_common_checks(x, -1, CHECK_GATE);
    if (e)
        return e;
    return holder_check(x->s, x->actor);
}

enum mt_err mt_cmd_end_speech(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    enum mt_err e = own_floor_checks(x);
    if (e)
        return e == E_NOT_RECOGNIZED && x->actor == s->last_expired ? E_TIME_EXPIRED : e;
    mt_floor_free(s);
    return MT_OK;
}

/* TICK(n): the clock runs; a running, unpaused speech uses its time and its question's time
 * budget, and ends at the first of them to reach zero (rule 11, 2.3 item 10). */
enum mt_err mt_cmd_tick(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int64_t n = x->c->seconds;
    if (n < 0 || n > MT_TICK_MAX)
        return E_BAD_INPUT;
    s->now += n;
    if (s->floor != FL_SPEAKING || mt_floor_paused(s))
        return MT_OK;
    struct mt_motion *mo = &s->motions[s->floor_question];
    int64_t used = n < s->remaining ? n : s->remaining;
    if (mo->time_budget >= 0 && used > mo->time_budget)
        used = mo->time_budget;
    s->remaining -= (int32_t)used;
    if (mo->time_budget >= 0)
        mo->time_budget -= (int32_t)used;
    if (s->remaining <= 0 || mo->time_budget == 0) {
        if (mo->time_budget == 0)
            mo->debate_closed = true;
        s->last_expired = s->holder;
        mt_floor_free(s);
        mt_emit(x, EV_SPEECH_EXPIRED);
    }
    return MT_OK;
}

enum mt_err mt_cmd_point_of_order(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    enum mt_err e = mt_demand_checks(x);
    if (e)
        return e;
    s->poo_pending = true;
    s->poo_holder = s->holder;
    return MT_OK;
}

/* RULE: sustained against the floor holder ends the speech (it counts) with a warning;
 * sustained while the top motion is unstated rules it out of order (LAPSED). */
enum mt_err mt_cmd_rule(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    if (x->c->sustained < 0)
        return E_BAD_INPUT;
    if (x->actor != s->chair)
        return E_NOT_ELIGIBLE;
    enum mt_err e = mt_session_check(s, CMD_RULE);
    if (e)
        return e;
    if (!s->poo_pending)
        return E_OUT_OF_ORDER;
    s->poo_pending = false;
    s->rule_sustained = x->c->sustained;
    s->rule_warned = s->rule_lapsed = -1;
    if (x->c->sustained) {
        int w = s->poo_holder;
        int t = mt_top(s);
        if (w >= 0) {
            if (s->holder == w) {
                mt_floor_free(s);
                mt_emit(x, EV_SPEECH_ENDED);
            }
            mt_warn(x, w);
            s->rule_warned = (int16_t)w;
        } else if (t >= 0 && mt_unstated(s, t)) {
            s->motions[t].prior_state = s->motions[t].state;
            mt_leave_stack_from(s, s->depth - 1, ST_LAPSED);
            mt_restate_top(s);
            s->rule_lapsed = (int16_t)t;
        }
        mt_sweep(x);
    }
    s->poo_holder = -1;
    return MT_OK;
}

/* APPEAL: only as the next accepted command after a RULE; a motion like any undebatable one,
 * remembering what the ruling did so that a reversal can undo it (2.3 item 6). */
enum mt_err mt_cmd_appeal(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    enum mt_err e = mt_check_mover(s, p);
    if (e)
        return e;
    /* no point of order can be pending right after a RULE, so none is checked for */
    e = mt_session_check(s, CMD_APPEAL);
    if (e)
        return e;
    if (mt_gate(s) || s->last_cmd != CMD_RULE || mt_no_room(s))
        return E_OUT_OF_ORDER;
    int id = mt_motion_new(x, MK_APPEAL, p, -1);
    s->motions[id].appeal_warned = s->rule_warned;
    s->motions[id].appeal_lapsed = s->rule_lapsed;
    mt_push(s, id);
    return MT_OK;
}

/* REQUEST_INFO: a question through the chair; not a speech, changes nothing (rule 9). */
enum mt_err mt_cmd_request_info(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (p < 0 || !s->persons[p].present)
        return E_NOT_ELIGIBLE;
    return mt_common_checks(x, -1, CHECK_GATE);
}

enum mt_err mt_cmd_warn(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    if (!x->c->member)
        return E_BAD_INPUT;
    if (x->actor != s->chair)
        return E_NOT_ELIGIBLE;
    int w = mt_person_find(s, x->c->member);
    if (w < 0 || w == s->chair)
        return E_NOT_ELIGIBLE;
    enum mt_err e = mt_common_checks(x, -1, CHECK_GATE);
    if (e)
        return e;
    mt_warn(x, w);
    mt_sweep(x);
    return MT_OK;
}

/* YIELD is always refused: debate rights are not transferable (rule 11). */
enum mt_err mt_cmd_yield(struct mt_ctx *x)
{
    enum mt_err e = own_floor_checks(x);
    /* holding the floor or not, what they would hand on is not theirs to give */
    return e && e != E_NOT_RECOGNIZED ? e : E_NOT_TRANSFERABLE;
}
