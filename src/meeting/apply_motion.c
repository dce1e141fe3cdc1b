/* Motion commands: MOVE (with the precedence rules of section 3), SECOND, STATE_QUESTION,
 * DECLARE_LAPSED and WITHDRAW (sections 2.2, 2.3 items 1, 5, 8, 11, 12, 15). */
#include <string.h>

#include "meeting/apply.h"

/* Text made only of spaces (ASCII or the ideographic U+3000) is no text. */
bool mt_blank(const char *t, int len)
{
    for (int i = 0; i < len;) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            i++;
        } else if (ch == 0xE3 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
                   (unsigned char)t[i + 2] == 0x80) {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

/* Was a main motion with this subject key adopted, rejected or killed in this meeting? */
static bool decided(const struct mt_state *s, const char *key, int len)
{
    for (int i = 0; i < s->n_motions; i++) {
        const struct mt_motion *mo = &s->motions[i];
        if (mo->kind != MK_MAIN ||
            (mo->state != ST_ADOPTED && mo->state != ST_REJECTED && mo->state != ST_KILLED))
            continue;
        int l;
        const char *k = mt_text_get(s, mo->subject, &l);
        if (l == len && memcmp(k, key, (size_t)len) == 0)
            return true;
    }
    return false;
}

/* The command carries none of LIMIT_EXTEND's values (speech time, speeches, time budget). */
static bool no_limits(const struct mt_cmd *c)
{
    return c->p_speech_time_s < 0 && c->p_max_speeches < 0 && c->p_time_budget_s < 0;
}

/* A MAIN motion's subject key: the subject when one is given, else the text itself. */
static bool has_subject(const struct mt_cmd *c)
{
    return c->subject && c->subject_len > 0;
}

/* Step 4 for one motion type; *target receives the motion it applies to. */
static enum mt_err move_rules(const struct mt_state *s, const struct mt_cmd *c, int p, int *target)
{
    int top = mt_top(s);
    enum mt_kind k = (enum mt_kind)c->type;
    const struct mt_kind_row *row = mt_kind_row(k);
    *target = -1;
    switch (k) {
    case MK_MAIN:
        if (mt_stack_main(s) >= 0)
            return E_MOTION_PENDING;
        if (s->depth > 0 || s->open_item < 0)
            return E_OUT_OF_ORDER;
        if (!c->text || mt_blank(c->text, c->text_len))
            return E_EMPTY_MOTION;
        if (has_subject(c) ? decided(s, c->subject, c->subject_len)
                           : decided(s, c->text, c->text_len))
            return E_ALREADY_DECIDED;
        return MT_OK;
    case MK_AMEND: {
        if (top < 0)
            return E_NO_PENDING_QUESTION;
        int t = c->target ? mt_motion_find(s, c->target) : top;
        if (t < 0)
            return E_NO_PENDING_QUESTION;
        const struct mt_motion *tm = &s->motions[t];
        int depth = tm->kind == MK_AMEND ? tm->depth + 1 : 1;
        if (depth > s->params.max_amend_depth)
            return E_AMEND_DEPTH;
        if (!mt_kind_row((enum mt_kind)tm->kind)->amendable)
            return E_NOT_AMENDABLE;
        if (t != top || mt_unstated(s, top))
            return E_OUT_OF_ORDER;
        /* the new wording: text, or for a REFER / LIMIT_EXTEND / RECESS its `to` or params */
        if ((!c->text || mt_blank(c->text, c->text_len)) && !c->to && no_limits(c) &&
            c->p_minutes < 0)
            return E_EMPTY_MOTION;
        *target = t;
        return MT_OK;
    }
    case MK_POSTPONE_INDEF:
    case MK_REFER:
    case MK_POSTPONE_DEF:
    case MK_LAY_ON_TABLE:
        if (top < 0)
            return E_NO_PENDING_QUESTION;
        if (mt_rank(s, top) >= row->rank || mt_stack_main(s) < 0 || mt_unstated(s, top))
            return E_OUT_OF_ORDER;
        *target = mt_stack_main(s);
        return MT_OK;
    case MK_LIMIT_EXTEND:
    case MK_PREVIOUS_QUESTION:
        if (top < 0)
            return E_NO_PENDING_QUESTION;
        if (mt_rank(s, top) >= row->rank || mt_unstated(s, top))
            return E_OUT_OF_ORDER;
        if (!mt_debatable(s, top))
            return E_NOT_DEBATABLE;
        if (s->motions[top].debate_closed)
            return E_DEBATE_CLOSED;
        *target = top;
        return MT_OK;
    case MK_RECESS:
    case MK_ADJOURN:
        if (top >= 0 && (mt_rank(s, top) >= row->rank || mt_unstated(s, top)))
            return E_OUT_OF_ORDER;
        return MT_OK;
    case MK_TAKE_FROM_TABLE: {
        int t = mt_motion_find(s, c->motion);
        if (t < 0)
            return E_NO_PENDING_QUESTION;
        if (s->depth > 0 || s->motions[t].kind != MK_MAIN || s->motions[t].state != ST_TABLED)
            return E_OUT_OF_ORDER;
        *target = t;
        return MT_OK;
    }
    case MK_RECONSIDER: {
        int t = mt_motion_find(s, c->motion);
        if (t < 0)
            return E_NO_PENDING_QUESTION;
        const struct mt_motion *tm = &s->motions[t];
        if (!mt_kind_row((enum mt_kind)tm->kind)->reconsiderable ||
            (tm->state != ST_ADOPTED && tm->state != ST_REJECTED))
            return E_OUT_OF_ORDER;
        if (tm->reconsider_used)
            return E_RECONSIDER_USED;
        if (tm->item < 0 || tm->item != s->open_item)
            return E_OUT_OF_ORDER;
        if (tm->kind == MK_MAIN ? s->depth > 0 : (top < 0 || top != tm->target))
            return E_OUT_OF_ORDER;
        if (top >= 0 && mt_unstated(s, top))
            return E_OUT_OF_ORDER;
        /* 2.3 item 11: the prevailing side; after a ballot, or a hands vote entered only as
         * counts (rule 16), anyone present at the vote */
        bool prevailing = tm->method == VM_BALLOT || tm->by_counts
                              ? mt_mask_has(tm->present_at_close, p)
                              : tm->votes[p] == (tm->state == ST_ADOPTED ? VC_YES : VC_NO);
        if (!prevailing)
            return E_NOT_PREVAILING_SIDE;
        *target = t;
        return MT_OK;
    }
    default:
        return E_BAD_INPUT;
    }
}

enum mt_err mt_cmd_move(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    const struct mt_cmd *c = x->c;
    int p = x->actor;
    if (c->type < 0 || c->type >= MK_COUNT || !mt_kind_row((enum mt_kind)c->type)->movable)
        return E_BAD_INPUT;
    enum mt_kind k = (enum mt_kind)c->type;
    if (k == MK_LIMIT_EXTEND && no_limits(c))
        return E_BAD_INPUT;
    if (c->text_len > MT_TEXT_MAX || c->subject_len > MT_TEXT_MAX || c->to_len > MT_TEXT_MAX)
        return E_BAD_INPUT;
    /* step 1 */
    enum mt_err e = mt_check_mover(s, p);
    if (e)
        return e;
    /* steps 2 to 4; the quorum exemption is the moved type's (rule 2) */
    e = mt_common_checks(x, -1, (mt_kind_quorum_exempt(k) ? 0 : CHECK_QUORUM) | CHECK_GATE);
    if (e)
        return e;
    int target;
    e = move_rules(s, c, p, &target);
    if (e)
        return e;
    int need = (c->text ? c->text_len : 0) + (c->to ? c->to_len : 0) +
               (k == MK_MAIN ? (has_subject(c) ? c->subject_len : c->text_len) : 0);
    if (mt_no_room(s) || s->pool_used + need > MT_POOL)
        return E_OUT_OF_ORDER; /* the meeting's fixed capacity */
    /* step 5: no motion interrupts a speaker */
    if (s->holder >= 0)
        return E_FLOOR_TAKEN;

    int id = mt_motion_new(x, k, p, target);
    struct mt_motion *mo = &s->motions[id];
    if (c->text)
        mt_text_put(s, &mo->text, c->text, c->text_len);
    if (c->to)
        mt_text_put(s, &mo->to, c->to, c->to_len);
    if (k == MK_MAIN) {
        if (has_subject(c))
            mt_text_put(s, &mo->subject, c->subject, c->subject_len);
        else
            mo->subject = mo->text;
    }
    if (k == MK_AMEND)
        mo->depth =
            (uint8_t)(s->motions[target].kind == MK_AMEND ? s->motions[target].depth + 1 : 1);
    mo->new_speech_time_s = (int16_t)c->p_speech_time_s;
    mo->new_max_speeches = (int16_t)c->p_max_speeches;
    mo->new_time_budget = c->p_time_budget_s;
    mo->recess_minutes = c->p_minutes;
    if (k == MK_RECESS && mo->recess_minutes < 0)
        mo->recess_minutes = 0;
    mt_push(s, id);
    return MT_OK;
}

/* The motion a SECOND or DECLARE_LAPSED names, or the most recent one not yet stated. */
static int named_or_unstated(const struct mt_state *s, const char *motion)
{
    return motion ? mt_motion_find(s, motion) : mt_latest_unstated(s);
}

enum mt_err mt_cmd_second(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    enum mt_err e = mt_check_mover(s, p);
    if (e)
        return e;
    int t = named_or_unstated(s, x->c->motion);
    e = mt_common_checks(x, t, CHECK_QUORUM | CHECK_GATE | CHECK_PENDING);
    if (e)
        return e;
    struct mt_motion *mo = &s->motions[t];
    if (mo->mover == p)
        return E_SELF_SECOND;
    switch (mo->state) {
    case ST_PROPOSED:
        if (!mt_needs_second(s, t))
            return E_OUT_OF_ORDER;
        if (mt_mask_has(mo->seconders, p))
            return E_ALREADY_SECONDED;
        break;
    case ST_SECONDED:
    case ST_STATED:
    case ST_SUSPENDED:
    case ST_VOTING:
        /* it has what it needs; a second second adds nothing */
        return mt_kind_row((enum mt_kind)mo->kind)->second ? E_ALREADY_SECONDED : E_OUT_OF_ORDER;
    default:
        return E_OUT_OF_ORDER;
    }
    if (mt_floor_blocks(s, t))
        return E_FLOOR_TAKEN;
    mt_mask_set(mo->seconders, p);
    mo->n_seconds++;
    if (mo->n_seconds >= s->params.seconds_required)
        mo->state = ST_SECONDED;
    return MT_OK;
}

enum mt_err mt_cmd_state_question(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int t = mt_top(s);
    enum mt_err e = mt_common_checks(x, t, CHECK_CHAIR | CHECK_QUORUM | CHECK_GATE | CHECK_PENDING);
    if (e)
        return e;
    struct mt_motion *mo = &s->motions[t];
    if (mo->state == ST_PROPOSED && mt_needs_second(s, t))
        return E_NOT_SECONDED;
    if (!mt_unstated(s, t))
        return E_OUT_OF_ORDER;
    if (mt_floor_blocks(s, t))
        return E_FLOOR_TAKEN;
    s->depth--;
    mo->state = ST_STATED;
    mt_push(s, t);
    return MT_OK;
}

enum mt_err mt_cmd_declare_lapsed(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int t = named_or_unstated(s, x->c->motion);
    enum mt_err e = mt_common_checks(x, t, CHECK_CHAIR | CHECK_GATE | CHECK_PENDING);
    if (e)
        return e;
    if (s->motions[t].state != ST_PROPOSED)
        return E_OUT_OF_ORDER;
    if (mt_floor_blocks(s, t))
        return E_FLOOR_TAKEN;
    mt_leave_stack_from(s, mt_stack_pos(s, t), ST_LAPSED);
    mt_restate_top(s);
    return MT_OK;
}

/* WITHDRAW (2.3 item 12): by the mover only; at once before STATED, afterwards through a
 * WITHDRAW motion (no second, undebatable, majority) that the chair states and puts. */
enum mt_err mt_cmd_withdraw(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (p < 0)
        return E_NOT_ELIGIBLE;
    int t = x->c->motion ? mt_motion_find(s, x->c->motion) : mt_top(s);
    if (t < 0)
        return E_NO_PENDING_QUESTION;
    if (s->motions[t].mover != p || !s->persons[p].present)
        return E_NOT_ELIGIBLE;
    enum mt_err e = mt_common_checks(x, -1, CHECK_GATE);
    if (e)
        return e;
    int pos = mt_stack_pos(s, t);
    if (pos < 0)
        return E_OUT_OF_ORDER;
    if (mt_unstated(s, t)) {
        if (s->holder >= 0)
            return E_FLOOR_TAKEN;
        mt_leave_stack_from(s, pos, ST_WITHDRAWN);
        mt_restate_top(s);
        return MT_OK;
    }
    int top = mt_top(s);
    /* one request at a time, and not above a pending appeal or unstated motion */
    if (mt_rank(s, top) >= 100 || mt_unstated(s, top) || mt_no_room(s))
        return E_OUT_OF_ORDER;
    if (s->holder >= 0)
        return E_FLOOR_TAKEN;
    int id = mt_motion_new(x, MK_WITHDRAW, p, t);
    mt_push(s, id);
    return MT_OK;
}
