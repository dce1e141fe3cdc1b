/* mt_apply: the dispatcher, the shared checks and effects, setup and the state digest. */
#include <string.h>

#include "meeting/apply.h"

static const char *const cmd_names[CMD_COUNT] = {
    "",
    "ATTEND",
    "LEAVE",
    "CALL_TO_ORDER",
    "OPEN_ITEM",
    "MOVE",
    "SECOND",
    "STATE_QUESTION",
    "DECLARE_LAPSED",
    "WITHDRAW",
    "REQUEST_FLOOR",
    "RECOGNIZE",
    "START_SPEECH",
    "END_SPEECH",
    "TICK",
    "POINT_OF_ORDER",
    "RULE",
    "APPEAL",
    "REQUEST_INFO",
    "PUT_QUESTION",
    "CAST",
    "CLOSE_VOTE",
    "DIVISION",
    "RESUME",
    "HANDOVER_CHAIR",
    "WARN",
    "YIELD",
    "QUERY",
};

static const char *const event_names[EV_COUNT] = {
    "SPEECH_ENDED", "SPEECH_EXPIRED", "QUEUE_DROPPED", "FLOOR_FORFEITED",
    "VOTE_RESULT",  "VOTE_VOID",      "QUORUM_LOST",   "QUORUM_RESTORED",
    "RECESSED",     "RESUMED",        "ADJOURNED",
};

const char *mt_cmd_name(enum mt_cmd_kind k)
{
    return (unsigned)k < CMD_COUNT ? cmd_names[k] : "";
}

int mt_cmd_parse(const char *name)
{
    for (int k = 1; k < CMD_COUNT; k++)
        if (strcmp(cmd_names[k], name) == 0)
            return k;
    return -1;
}

const char *mt_event_name(enum mt_event e)
{
    return (unsigned)e < EV_COUNT ? event_names[e] : "";
}

void mt_cmd_init(struct mt_cmd *c, enum mt_cmd_kind kind)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->type = -1;
    c->level = -1;
    c->method = -1;
    c->sustained = -1;
    c->p_speech_time_s = c->p_max_speeches = c->p_time_budget_s = c->p_minutes = -1;
    c->n_yes = c->n_no = c->n_abstain = -1;
}

void mt_emit(struct mt_ctx *x, enum mt_event e)
{
    if (x->ev && x->ev->n < MT_MAX_EVENTS)
        x->ev->ev[x->ev->n++] = (uint8_t)e;
}

/* ---- checks ---- */

bool mt_in_session(const struct mt_state *s)
{
    return s->meeting == MS_IN_SESSION || s->meeting == MS_NO_QUORUM;
}

bool mt_vote_open(const struct mt_state *s)
{
    int t = mt_top(s);
    return t >= 0 && s->motions[t].state == ST_VOTING;
}

bool mt_gate(const struct mt_state *s)
{
    int t = mt_top(s);
    if (t < 0)
        return false;
    const struct mt_motion *mo = &s->motions[t];
    return mo->state == ST_VOTING || (mo->state == ST_STATED && mo->pq_gate);
}

enum mt_err mt_session_check(const struct mt_state *s, enum mt_cmd_kind k)
{
    switch (s->meeting) {
    case MS_SCHEDULED:
        return k == CMD_CALL_TO_ORDER ? MT_OK : E_OUT_OF_ORDER;
    case MS_RECESSED:
        return k == CMD_RESUME ? MT_OK : E_OUT_OF_ORDER;
    case MS_ADJOURNED:
        return E_OUT_OF_ORDER;
    default:
        return k == CMD_RESUME || k == CMD_CALL_TO_ORDER ? E_OUT_OF_ORDER : MT_OK;
    }
}

bool mt_needs_second(const struct mt_state *s, int m)
{
    return mt_kind_row((enum mt_kind)s->motions[m].kind)->second && s->params.seconds_required > 0;
}

bool mt_unstated(const struct mt_state *s, int m)
{
    return s->motions[m].state == ST_PROPOSED || s->motions[m].state == ST_SECONDED;
}

int mt_latest_unstated(const struct mt_state *s)
{
    for (int i = s->depth - 1; i >= 0; i--)
        if (mt_unstated(s, s->stack[i]))
            return s->stack[i];
    return -1;
}

bool mt_interrupting(const struct mt_state *s, int m)
{
    return m >= 0 && s->motions[m].kind == MK_APPEAL;
}

bool mt_floor_paused(const struct mt_state *s)
{
    if (s->poo_pending)
        return true;
    for (int i = 0; i < s->depth; i++)
        if (mt_interrupting(s, s->stack[i]))
            return true;
    return false;
}

/* Rule 2: commands on ADJOURN, RECESS or FIX_TIME_TO_ADJOURN never check quorum. */
bool mt_quorum_ok(const struct mt_state *s, int m)
{
    if (m >= 0 && mt_kind_quorum_exempt((enum mt_kind)s->motions[m].kind))
        return true;
    return mt_has_quorum(s);
}

enum mt_err mt_check_mover(const struct mt_state *s, int p)
{
    if (p >= 0 && p == s->chair)
        return E_CHAIR_NEUTRAL;
    if (!mt_is_member_present(s, p))
        return E_NOT_ELIGIBLE;
    return MT_OK;
}

enum mt_err mt_demand_checks(const struct mt_ctx *x)
{
    const struct mt_state *s = x->s;
    if (x->actor == s->chair || !mt_is_member_present(s, x->actor))
        return E_NOT_ELIGIBLE;
    return mt_common_checks(x, -1, 0);
}

/* ---- effects ---- */

int mt_motion_new(struct mt_ctx *x, enum mt_kind k, int mover, int target)
{
    struct mt_state *s = x->s;
    int id = s->n_motions++;
    struct mt_motion *mo = &s->motions[id];
    memset(mo, 0, sizeof *mo);
    mo->kind = (uint8_t)k;
    mo->state = ST_PROPOSED;
    mo->method = (uint8_t)s->params.default_vote_method;
    mo->mover = (int16_t)mover;
    mo->target = (int16_t)target;
    mo->item = (int8_t)s->open_item;
    mo->speech_time_s = (int16_t)s->params.speech_time_s;
    mo->max_speeches = (int16_t)s->params.max_speeches;
    mo->time_budget = -1;
    mo->new_speech_time_s = -1;
    mo->new_max_speeches = -1;
    mo->new_time_budget = -1;
    mo->recess_minutes = -1;
    mo->appeal_warned = -1;
    mo->appeal_lapsed = -1;
    mo->tabled_main = -1;
    return id;
}

/* Pushes M as the new top; a stated question under a stated one is suspended. */
void mt_push(struct mt_state *s, int m)
{
    int t = mt_top(s);
    if (t >= 0 && s->motions[m].state == ST_STATED && s->motions[t].state == ST_STATED)
        s->motions[t].state = ST_SUSPENDED;
    s->stack[s->depth++] = (int16_t)m;
}

static void drop_entries_of(struct mt_state *s, int m)
{
    int j = 0;
    for (int i = 0; i < s->n_queue; i++)
        if (s->queue[i].question != m)
            s->queue[j++] = s->queue[i];
    s->n_queue = (int16_t)j;
}

void mt_floor_free(struct mt_state *s)
{
    s->holder = -1;
    s->floor = FL_FREE;
    s->floor_question = -1;
    s->remaining = 0;
}

/* 2.3 item 1: the motion at POS and every motion above it leave the stack in state ST; their
 * waiting floor requests go with them (silently: the question is gone, not the member's
 * right). */
void mt_leave_stack_from(struct mt_state *s, int pos, enum mt_motion_state st)
{
    for (int i = pos; i < s->depth; i++) {
        int m = s->stack[i];
        s->motions[m].state = (uint8_t)st;
        drop_entries_of(s, m);
        if (s->floor_question == m)
            mt_floor_free(s);
    }
    if (pos < s->depth)
        s->depth = (int16_t)pos;
}

/* The new top, if suspended, is the pending question again (not during a recess). */
void mt_restate_top(struct mt_state *s)
{
    int t = mt_top(s);
    if (t >= 0 && s->motions[t].state == ST_SUSPENDED && s->meeting != MS_RECESSED)
        s->motions[t].state = ST_STATED;
}

/* Drops, with QUEUE_DROPPED each, the waiting entries this command made ineligible. */
void mt_sweep(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int j = 0;
    for (int i = 0; i < s->n_queue; i++) {
        if (mt_entry_eligible(s, &s->queue[i]))
            s->queue[j++] = s->queue[i];
        else
            mt_emit(x, EV_QUEUE_DROPPED);
    }
    s->n_queue = (int16_t)j;
}

void mt_clear_votes(struct mt_motion *mo)
{
    memset(mo->votes, 0, sizeof mo->votes);
    mo->yes = mo->no = mo->abstain = 0;
    mo->by_counts = false;
}

/* One warning; at the limit the member's speech ends at once (it counts), their queue
 * entries are dropped and the floor is forfeited for the item. The events follow that order,
 * which is the order of 2.3 item 14 and of the event list of 2.3 item 16:
 * SPEECH_ENDED, QUEUE_DROPPED..., FLOOR_FORFEITED. */
void mt_warn(struct mt_ctx *x, int p)
{
    struct mt_state *s = x->s;
    if (s->persons[p].warnings < 255)
        s->persons[p].warnings++;
    if (s->persons[p].warnings == s->params.warnings_limit) {
        if (s->holder == p) {
            mt_floor_free(s);
            mt_emit(x, EV_SPEECH_ENDED);
        }
        mt_sweep(x);
        mt_emit(x, EV_FLOOR_FORFEITED);
    }
}

void mt_close_item(struct mt_state *s, enum mt_item_state st)
{
    if (s->open_item < 0)
        return;
    s->items[s->open_item].state = (uint8_t)st;
    s->open_item = -1;
}

/* ---- setup ---- */

static bool id_ok(const char *id)
{
    return id && id[0] && strlen(id) < MT_ID_MAX;
}

enum mt_err mt_setup(struct mt_meeting *m, const struct mt_setup *su)
{
    int n = su->n_members + su->n_observers;
    if (su->level < 0 || su->level > LV_BUILDING_GROUP || su->n_members < 1 ||
        su->n_observers < 0 || n + 1 > MT_MAX_PERSONS || !id_ok(su->chair))
        return E_BAD_INPUT;
    const struct mt_params *p = &su->params;
    if (p->quorum_num > p->quorum_den)
        return E_BAD_INPUT;
    for (int i = 0; i < n; i++) {
        const char *a = i < su->n_members ? su->members[i] : su->observers[i - su->n_members];
        if (!id_ok(a))
            return E_BAD_INPUT;
        for (int j = 0; j < i; j++) {
            const char *b = j < su->n_members ? su->members[j] : su->observers[j - su->n_members];
            if (strcmp(a, b) == 0)
                return E_BAD_INPUT;
        }
        /* the chair may be a member, never an observer */
        if (i >= su->n_members && strcmp(a, su->chair) == 0)
            return E_BAD_INPUT;
    }
    struct mt_state *s = &m->s;
    memset(m, 0, sizeof *m);
    s->params = *p;
    s->level = (uint8_t)su->level;
    s->meeting = MS_SCHEDULED;
    for (int i = 0; i < n; i++) {
        struct mt_person *pe = &s->persons[i];
        bool member = i < su->n_members;
        strcpy(pe->id, member ? su->members[i] : su->observers[i - su->n_members]);
        pe->member = member;
        pe->observer = !member;
    }
    s->n_persons = (int16_t)n;
    s->n_members = (int16_t)su->n_members;
    s->chair = (int16_t)mt_person_find(s, su->chair);
    if (s->chair < 0) {
        /* a chair who is not a member runs the meeting from its start: present, uncounted */
        s->chair = s->n_persons++;
        strcpy(s->persons[s->chair].id, su->chair);
        s->persons[s->chair].present = true;
    }
    s->orig_chair = s->chair;
    s->handback_blocked = s->handback_main = -1;
    mt_floor_free(s);
    s->last_expired = -1;
    s->poo_holder = s->rule_warned = s->rule_lapsed = -1;
    s->last_cmd = CMD_NONE;
    s->next_seq = 1;
    s->open_item = -1;
    return MT_OK;
}

/* ---- the one entry point ---- */

typedef enum mt_err (*handler)(struct mt_ctx *);
static const handler handlers[CMD_COUNT] = {
    [CMD_ATTEND] = mt_cmd_attend,
    [CMD_LEAVE] = mt_cmd_leave,
    [CMD_CALL_TO_ORDER] = mt_cmd_call_to_order,
    [CMD_OPEN_ITEM] = mt_cmd_open_item,
    [CMD_MOVE] = mt_cmd_move,
    [CMD_SECOND] = mt_cmd_second,
    [CMD_STATE_QUESTION] = mt_cmd_state_question,
    [CMD_DECLARE_LAPSED] = mt_cmd_declare_lapsed,
    [CMD_WITHDRAW] = mt_cmd_withdraw,
    [CMD_REQUEST_FLOOR] = mt_cmd_request_floor,
    [CMD_RECOGNIZE] = mt_cmd_recognize,
    [CMD_START_SPEECH] = mt_cmd_start_speech,
    [CMD_END_SPEECH] = mt_cmd_end_speech,
    [CMD_TICK] = mt_cmd_tick,
    [CMD_POINT_OF_ORDER] = mt_cmd_point_of_order,
    [CMD_RULE] = mt_cmd_rule,
    [CMD_APPEAL] = mt_cmd_appeal,
    [CMD_REQUEST_INFO] = mt_cmd_request_info,
    [CMD_PUT_QUESTION] = mt_cmd_put_question,
    [CMD_CAST] = mt_cmd_cast,
    [CMD_CLOSE_VOTE] = mt_cmd_close_vote,
    [CMD_DIVISION] = mt_cmd_division,
    [CMD_RESUME] = mt_cmd_resume,
    [CMD_HANDOVER_CHAIR] = mt_cmd_handover,
    [CMD_WARN] = mt_cmd_warn,
    [CMD_YIELD] = mt_cmd_yield,
};

enum mt_err mt_apply(struct mt_meeting *m, const struct mt_cmd *cmd, struct mt_events *ev)
{
    if (ev) {
        ev->n = 0;
        ev->result_motion = -1;
    }
    if ((unsigned)cmd->kind >= CMD_COUNT || cmd->kind == CMD_NONE)
        return E_BAD_INPUT;
    if (cmd->kind == CMD_QUERY)
        return MT_OK;
    struct mt_ctx x = {m, &m->s, cmd, ev, mt_person_find(&m->s, cmd->actor)};
    enum mt_err e = handlers[cmd->kind](&x);
    if (e != MT_OK) {
        if (ev)
            ev->n = 0;
        return e;
    }
    m->s.last_cmd = (uint8_t)cmd->kind;
    return MT_OK;
}

int mt_next_speaker(const struct mt_state *s)
{
    int i = mt_next_entry(s, mt_top(s));
    return i >= 0 ? s->queue[i].person : -1;
}

uint64_t mt_digest(const struct mt_meeting *m)
{
    const unsigned char *p = (const unsigned char *)m;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sizeof *m; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
