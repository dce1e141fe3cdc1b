/* Internal to the engine: the context of one command and the helpers its handlers share.
 *
 * Every handler first runs its checks in the global order of PROCEDURE.md section 6 and
 * returns at the first failure without writing anything; only then does it change the state.
 * That is what makes "a refused command changes nothing" hold (the fuzz target checks it). */
#ifndef MEETING_APPLY_H
#define MEETING_APPLY_H

#include "meeting/engine.h"
#include "meeting/queue.h"

struct mt_ctx {
    struct mt_meeting *m;
    struct mt_state *s;
    const struct mt_cmd *c;
    struct mt_events *ev;
    int actor; /* person, or -1 */
};

void mt_emit(struct mt_ctx *x, enum mt_event e);

/* checks (no writes) */
bool mt_in_session(const struct mt_state *s);
bool mt_vote_open(const struct mt_state *s);
/* 2.3 item 2: a vote is open, or PREVIOUS_QUESTION was adopted and its target not yet put. */
bool mt_gate(const struct mt_state *s);
/* Step 4, meeting state: SCHEDULED only CALL_TO_ORDER, RECESSED only RESUME, ADJOURNED
 * nothing (ATTEND, LEAVE, TICK and QUERY never ask). */
enum mt_err mt_session_check(const struct mt_state *s, enum mt_cmd_kind k);
/* Needs a second before it may be stated. */
bool mt_needs_second(const struct mt_state *s, int m);
bool mt_unstated(const struct mt_state *s, int m);
/* The most recent motion on the stack not yet stated, or -1. */
int mt_latest_unstated(const struct mt_state *s);
/* The speaker's clock is paused while a point of order or an appeal is pending. */
bool mt_floor_paused(const struct mt_state *s);
/* Motion M is an interrupting one (APPEAL): commands disposing of it pass the floor check. */
bool mt_interrupting(const struct mt_state *s, int m);
bool mt_quorum_ok(const struct mt_state *s, int m);
/* A speaker holds the floor and motion M (or -1) may not interrupt them (step 5). */
static inline bool mt_floor_blocks(const struct mt_state *s, int m)
{
    return s->holder >= 0 && !mt_interrupting(s, m);
}
/* The meeting's fixed capacity: no motion may be added or no room is left on the stack. */
static inline bool mt_no_room(const struct mt_state *s)
{
    return s->n_motions >= MT_MAX_MOTIONS || s->depth >= MT_MAX_STACK;
}

/* The checks of section 6 that most commands share, in this order, first failure wins:
 *   CHECK_CHAIR    step 1: only the chair gives the command (E_NOT_ELIGIBLE);
 *   (always)       step 2: a pending point of order (E_RULING_PENDING);
 *   CHECK_QUORUM   step 3: the quorum for motion Q (rule 2; Q = -1 when on no motion);
 *   (always)       step 4: the meeting's state (mt_session_check of the command);
 *   CHECK_GATE     step 4: the gate of 2.3 item 2 (E_OUT_OF_ORDER);
 *   CHECK_PENDING  step 4: Q is a pending question (E_NO_PENDING_QUESTION).
 * One function, so that every command meets them in the same order; a handler runs its own
 * checks before or after it. Inline: each caller's flags are constants, so only the checks it
 * asks for are compiled in (the engine's throughput, `mulin procedure bench`). */
enum { CHECK_CHAIR = 1, CHECK_QUORUM = 2, CHECK_GATE = 4, CHECK_PENDING = 8 };
static inline enum mt_err mt_common_checks(const struct mt_ctx *x, int q, unsigned checks)
{
    const struct mt_state *s = x->s;
    if ((checks & CHECK_CHAIR) && x->actor != s->chair)
        return E_NOT_ELIGIBLE;
    if (s->poo_pending)
        return E_RULING_PENDING;
    if ((checks & CHECK_QUORUM) && !mt_quorum_ok(s, q))
        return E_NO_QUORUM;
    enum mt_err e = mt_session_check(s, x->c->kind);
    if (e)
        return e;
    if ((checks & CHECK_GATE) && mt_gate(s))
        return E_OUT_OF_ORDER;
    if ((checks & CHECK_PENDING) && q < 0)
        return E_NO_PENDING_QUESTION;
    return MT_OK;
}
/* Step 1 for MOVE, SECOND and APPEAL: a present member, and not the chair, who stays
 * neutral (E_CHAIR_NEUTRAL before E_NOT_ELIGIBLE). */
enum mt_err mt_check_mover(const struct mt_state *s, int p);
/* Steps 1 to 4 for what a member demands of the chair, POINT_OF_ORDER and DIVISION: any
 * present member but the chair (E_NOT_ELIGIBLE), then the common checks without quorum. */
enum mt_err mt_demand_checks(const struct mt_ctx *x);
/* Text of spaces only (ASCII or the ideographic U+3000) is no text (rule 4). */
bool mt_blank(const char *t, int len);

/* effects */
int mt_motion_new(struct mt_ctx *x, enum mt_kind k, int mover, int target);
void mt_push(struct mt_state *s, int m);
void mt_leave_stack_from(struct mt_state *s, int pos, enum mt_motion_state st);
void mt_restate_top(struct mt_state *s);
void mt_sweep(struct mt_ctx *x);
void mt_floor_free(struct mt_state *s);
void mt_clear_votes(struct mt_motion *mo);
void mt_warn(struct mt_ctx *x, int p);
void mt_close_item(struct mt_state *s, enum mt_item_state st);

/* handlers, one file per group */
enum mt_err mt_cmd_attend(struct mt_ctx *x);
enum mt_err mt_cmd_leave(struct mt_ctx *x);
enum mt_err mt_cmd_call_to_order(struct mt_ctx *x);
enum mt_err mt_cmd_open_item(struct mt_ctx *x);
enum mt_err mt_cmd_resume(struct mt_ctx *x);
enum mt_err mt_cmd_handover(struct mt_ctx *x);
enum mt_err mt_cmd_move(struct mt_ctx *x);
enum mt_err mt_cmd_second(struct mt_ctx *x);
enum mt_err mt_cmd_state_question(struct mt_ctx *x);
enum mt_err mt_cmd_declare_lapsed(struct mt_ctx *x);
enum mt_err mt_cmd_withdraw(struct mt_ctx *x);
enum mt_err mt_cmd_request_floor(struct mt_ctx *x);
enum mt_err mt_cmd_recognize(struct mt_ctx *x);
enum mt_err mt_cmd_start_speech(struct mt_ctx *x);
enum mt_err mt_cmd_end_speech(struct mt_ctx *x);
enum mt_err mt_cmd_tick(struct mt_ctx *x);
enum mt_err mt_cmd_point_of_order(struct mt_ctx *x);
enum mt_err mt_cmd_rule(struct mt_ctx *x);
enum mt_err mt_cmd_appeal(struct mt_ctx *x);
enum mt_err mt_cmd_request_info(struct mt_ctx *x);
enum mt_err mt_cmd_warn(struct mt_ctx *x);
enum mt_err mt_cmd_yield(struct mt_ctx *x);
enum mt_err mt_cmd_put_question(struct mt_ctx *x);
enum mt_err mt_cmd_cast(struct mt_ctx *x);
enum mt_err mt_cmd_close_vote(struct mt_ctx *x);
enum mt_err mt_cmd_division(struct mt_ctx *x);

#endif
