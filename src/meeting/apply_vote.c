/* Votes: PUT_QUESTION with guards G1-G5, CAST, CLOSE_VOTE with the effects of each motion
 * type, DIVISION (rules 14-16; sections 2.2, 2.3 items 1, 6, 7, 11, 12). */
#include <string.h>

#include "meeting/apply.h"
#include "meeting/tally.h"

enum mt_err mt_cmd_put_question(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int q = mt_top(s);
    enum mt_err e = mt_common_checks(x, q, CHECK_CHAIR | CHECK_QUORUM | CHECK_PENDING); /* G1, G2 */
    if (e)
        return e;
    struct mt_motion *mo = &s->motions[q];
    if (mo->state == ST_VOTING)
        return E_OUT_OF_ORDER;
    if (mt_unstated(s, q)) /* G3 */
        return E_NOT_SECONDED;
    if (mt_floor_blocks(s, q)) /* G4 */
        return E_FLOOR_TAKEN;
    if (mt_debatable(s, q) && !mo->debate_closed && mt_queue_waiting(s, q)) /* G5 */
        return E_DEBATE_OPEN;
    mo->state = ST_VOTING;
    mo->method = (uint8_t)(x->c->method >= 0 ? x->c->method : (int)s->params.default_vote_method);
    mt_clear_votes(mo);
    return MT_OK;
}

/* Steps 2 to 4 (with CHECK_CHAIR, 1 to 4) for CAST and CLOSE_VOTE; *V receives the vote they
 * act on: the top motion while it is being voted on. Inline: CAST is the commonest command,
 * and a call here cost the bench about 1% (callgrind). */
static inline enum mt_err vote_checks(const struct mt_ctx *x, unsigned chair, int *v)
{
    *v = mt_vote_open(x->s) ? mt_top(x->s) : -1;
    enum mt_err e = mt_common_checks(x, *v, chair | CHECK_QUORUM);
    if (e)
        return e;
    return *v < 0 ? E_VOTING_CLOSED : MT_OK;
}

/* May the chair vote at all (chair_vote_mode)? */
static bool chair_votes(const struct mt_state *s)
{
    return s->params.chair_vote_mode != CV_NONE;
}

enum mt_err mt_cmd_cast(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    int choice = x->c->choice;
    if (choice < VC_YES || choice > VC_ABSTAIN)
        return E_BAD_INPUT;
    if (p >= 0 && p == s->chair) {
        if (!chair_votes(s))
            return E_CHAIR_NEUTRAL;
        if (!s->persons[p].present)
            return E_NOT_ELIGIBLE;
    } else if (!mt_is_member_present(s, p)) {
        return E_NOT_ELIGIBLE;
    }
    int v;
    enum mt_err e = vote_checks(x, 0, &v);
    if (e)
        return e;
    struct mt_motion *mo = &s->motions[v];
    if (mo->votes[p] != VC_NONE)
        return E_ALREADY_VOTED;
    /* LAST (南塘 11): once the chair has voted, the vote is complete */
    if (s->params.chair_vote_mode == CV_LAST && p != s->chair && mo->votes[s->chair] != VC_NONE)
        return E_OUT_OF_ORDER;
    if (mt_floor_blocks(s, v))
        return E_FLOOR_TAKEN;
    mo->votes[p] = (uint8_t)choice;
    if (choice == VC_YES)
        mo->yes++;
    else if (choice == VC_NO)
        mo->no++;
    else
        mo->abstain++;
    return MT_OK;
}

/* Pushes motion M back as the pending question, STATED, over whatever is pending. */
static void push_stated(struct mt_state *s, int m)
{
    s->motions[m].state = ST_STATED;
    mt_push(s, m);
}

/* TAKE_FROM_TABLE adopted: the main motion and the motions tabled with it, in their order. */
static void untable(struct mt_state *s, int main)
{
    for (int pos = 0; pos < MT_MAX_STACK; pos++) {
        int found = -1;
        for (int i = 0; i < s->n_motions; i++)
            if (s->motions[i].state == ST_TABLED && s->motions[i].tabled_main == main &&
                s->motions[i].tab_pos == pos)
                found = i;
        if (found < 0)
            break;
        s->motions[found].state = ST_SUSPENDED;
        s->motions[found].tabled_main = -1;
        s->stack[s->depth++] = (int16_t)found;
    }
    mt_restate_top(s);
}

/* RECONSIDER adopted: undo the motion's effects and bring it back with votes and speech
 * counters cleared (the counters reset: our choice, section 4). */
static void reconsidered(struct mt_state *s, int m)
{
    struct mt_motion *mo = &s->motions[m];
    if (mo->kind == MK_AMEND && mo->state == ST_ADOPTED && mo->target >= 0 && mo->old_text.set)
        s->motions[mo->target].text = mo->old_text;
    mt_clear_votes(mo);
    memset(mo->speeches, 0, sizeof mo->speeches);
    mo->total_speeches = 0;
    mo->last_stance = SN_NONE;
    mo->debate_closed = false;
    mo->pq_gate = false;
    push_stated(s, m);
}

/* The LIMIT_EXTEND values MO carries, each where given (-1 = unchanged): an adopted AMEND
 * passes them on to the LIMIT_EXTEND it amends, an adopted LIMIT_EXTEND to its question. */
static void take_limits(const struct mt_motion *mo, int16_t *speech_time_s, int16_t *max_speeches,
                        int32_t *time_budget)
{
    if (mo->new_speech_time_s >= 0)
        *speech_time_s = mo->new_speech_time_s;
    if (mo->new_max_speeches >= 0)
        *max_speeches = mo->new_max_speeches;
    if (mo->new_time_budget >= 0)
        *time_budget = mo->new_time_budget;
}

/* The effects of the decided motion V (already off the stack). */
static void effects(struct mt_ctx *x, int v, bool adopted)
{
    struct mt_state *s = x->s;
    struct mt_motion *mo = &s->motions[v];
    int t = mo->target;
    struct mt_motion *tm = t >= 0 ? &s->motions[t] : NULL;
    int tpos = t >= 0 ? mt_stack_pos(s, t) : -1;
    if (mo->kind == MK_MAIN && mo->item >= 0)
        s->items[mo->item].decided = true;
    if (mo->kind == MK_RECONSIDER && tm)
        tm->reconsider_used = true;
    if (mo->kind == MK_APPEAL) {
        if (adopted)
            return; /* the ruling stands */
        if (mo->appeal_warned >= 0 && s->persons[mo->appeal_warned].warnings > 0)
            s->persons[mo->appeal_warned].warnings--;
        int l = mo->appeal_lapsed;
        if (l >= 0 && s->motions[l].state == ST_LAPSED && s->depth < MT_MAX_STACK) {
            /* Back on top in the state it had before the ruling (2.3 item 6): a motion still
             * waiting for its second stays PROPOSED (rule 5: it cannot be stated unseconded);
             * a seconded one was in order and is STATED at once, as scenario 27 says. */
            if (s->motions[l].prior_state == ST_PROPOSED) {
                s->motions[l].state = ST_PROPOSED;
                mt_push(s, l);
            } else {
                push_stated(s, l);
            }
        }
        return;
    }
    if (!adopted)
        return;
    switch (mo->kind) {
    case MK_AMEND:
        if (tm) {
            mo->old_text = tm->text;
            int len;
            const char *words = mt_text_get(s, mo->text, &len);
            if (mo->text.set && !mt_blank(words, len))
                tm->text = mo->text;
            if (tm->kind == MK_RECESS && mo->recess_minutes >= 0)
                tm->recess_minutes = mo->recess_minutes;
            if (tm->kind == MK_LIMIT_EXTEND)
                take_limits(mo, &tm->new_speech_time_s, &tm->new_max_speeches,
                            &tm->new_time_budget);
            if (mo->to.set)
                tm->to = mo->to;
        }
        break;
    case MK_POSTPONE_INDEF:
    case MK_REFER:
    case MK_POSTPONE_DEF:
        if (tpos >= 0) {
            static const uint8_t st[] = {[MK_POSTPONE_INDEF] = ST_KILLED,
                                         [MK_REFER] = ST_REFERRED,
                                         [MK_POSTPONE_DEF] = ST_POSTPONED};
            static const uint8_t it[] = {[MK_POSTPONE_INDEF] = IT_DECIDED,
                                         [MK_REFER] = IT_REFERRED,
                                         [MK_POSTPONE_DEF] = IT_DEFERRED};
            mt_leave_stack_from(s, tpos, (enum mt_motion_state)st[mo->kind]);
            if (tm->item >= 0 && tm->item == s->open_item)
                mt_close_item(s, (enum mt_item_state)it[mo->kind]);
        }
        break;
    case MK_LAY_ON_TABLE:
        if (tpos >= 0) {
            for (int i = tpos; i < s->depth; i++) {
                s->motions[s->stack[i]].tabled_main = (int16_t)t;
                s->motions[s->stack[i]].tab_pos = (uint8_t)(i - tpos);
            }
            mt_leave_stack_from(s, tpos, ST_TABLED);
        }
        break;
    case MK_LIMIT_EXTEND:
        if (tm)
            take_limits(mo, &tm->speech_time_s, &tm->max_speeches, &tm->time_budget);
        break;
    case MK_PREVIOUS_QUESTION:
        if (tm) {
            tm->debate_closed = true;
            tm->pq_gate = true;
        }
        break;
    case MK_RECESS:
        s->meeting = MS_RECESSED;
        s->recess_until = s->now + (int64_t)mo->recess_minutes * 60;
        mt_emit(x, EV_RECESSED);
        break;
    case MK_ADJOURN:
        mt_leave_stack_from(s, 0, ST_UNFINISHED);
        if (s->open_item >= 0)
            mt_close_item(s, s->items[s->open_item].decided ? IT_DECIDED : IT_UNFINISHED);
        s->meeting = MS_ADJOURNED;
        mt_emit(x, EV_ADJOURNED);
        break;
    case MK_TAKE_FROM_TABLE:
        if (tm && tm->state == ST_TABLED)
            untable(s, t);
        break;
    case MK_RECONSIDER:
        if (tm && s->depth < MT_MAX_STACK)
            reconsidered(s, t);
        break;
    case MK_WITHDRAW:
        if (tpos >= 0)
            mt_leave_stack_from(s, tpos, ST_WITHDRAWN);
        break;
    default:
        break;
    }
}

/* CLOSE_VOTE's counts (our extension, docs/procedure.md): only for a HANDS vote in which no
 * hand was entered member by member (else E_OUT_OF_ORDER), all three given, and no more hands
 * than voters present (the present members, the chair among them only when it may vote;
 * else E_BAD_INPUT). The chair's own hand is among the counts, so TIE_BREAK cannot tell it apart:
 * counts are taken as they are. */
static enum mt_err hands_counts(const struct mt_ctx *x, const struct mt_motion *mo)
{
    const struct mt_cmd *c = x->c;
    if (c->n_yes < 0 && c->n_no < 0 && c->n_abstain < 0)
        return MT_OK;
    if (c->n_yes < 0 || c->n_no < 0 || c->n_abstain < 0)
        return E_BAD_INPUT;
    if (mo->method != VM_HANDS || mo->yes + mo->no + mo->abstain > 0)
        return E_OUT_OF_ORDER;
    const struct mt_state *s = x->s;
    const struct mt_person *chair = &s->persons[s->chair];
    long voters = mt_present(s);
    if (chair->present && chair->member != chair_votes(s))
        voters += chair->member ? -1 : 1; /* a neutral member-chair has no hand; a voting
                                             non-member chair has one */
    if ((long)c->n_yes + c->n_no + c->n_abstain > voters)
        return E_BAD_INPUT;
    return MT_OK;
}

/* CLOSE_VOTE: counts, decides by the type's threshold, announces VOTE_RESULT, applies the
 * effects. The state before a HANDS vote closes is kept for DIVISION. */
enum mt_err mt_cmd_close_vote(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int v;
    enum mt_err e = vote_checks(x, CHECK_CHAIR, &v);
    if (e)
        return e;
    if (mt_floor_blocks(s, v))
        return E_FLOOR_TAKEN;
    struct mt_motion *mo = &s->motions[v];
    e = hands_counts(x, mo);
    if (e)
        return e;
    if (mo->method == VM_HANDS)
        x->m->before_close = *s;
    bool counted = x->c->n_yes >= 0;
    long yes = counted ? x->c->n_yes : mo->yes, no = counted ? x->c->n_no : mo->no,
         abstain = counted ? x->c->n_abstain : mo->abstain;
    /* TIE_BREAK: the chair's vote counts only when the others are tied */
    if (s->params.chair_vote_mode == CV_TIE_BREAK && mo->votes[s->chair] != VC_NONE) {
        int cv = mo->votes[s->chair];
        long oy = yes - (cv == VC_YES), on = no - (cv == VC_NO);
        if (oy != on) {
            yes = oy;
            no = on;
            abstain -= cv == VC_ABSTAIN;
        }
    }
    enum mt_threshold th = s->params.threshold[mo->kind];
    int present = mt_present(s);
    bool adopted = mt_carries(th, s->params.majority_basis, yes, no, present, s->n_members);
    mo->yes = (uint16_t)yes;
    mo->no = (uint16_t)no;
    mo->abstain = (uint16_t)abstain;
    memset(mo->present_at_close, 0, sizeof mo->present_at_close);
    for (int i = 0; i < s->n_persons; i++)
        if (mt_is_member_present(s, i))
            mt_mask_set(mo->present_at_close, i);
    mo->was_voted = true;
    mo->by_counts = counted;
    mt_emit(x, EV_VOTE_RESULT);
    if (x->ev) {
        x->ev->result_motion = v;
        x->ev->yes = (int)yes;
        x->ev->no = (int)no;
        x->ev->abstain = (int)abstain;
        x->ev->present = present;
        x->ev->method = mo->method;
        x->ev->threshold = th;
        x->ev->adopted = adopted;
    }
    s->last_vote_method = mo->method;
    mt_leave_stack_from(s, s->depth - 1, adopted ? ST_ADOPTED : ST_REJECTED);
    effects(x, v, adopted);
    mt_restate_top(s);
    mt_sweep(x);
    return MT_OK;
}

/* DIVISION (2.3 item 7): right after a HANDS vote closed; restores the state from before that
 * CLOSE_VOTE and reopens the vote by division_method with no votes. */
enum mt_err mt_cmd_division(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    enum mt_err e = mt_demand_checks(x);
    if (e)
        return e;
    if (s->last_cmd != CMD_CLOSE_VOTE)
        return E_VOTING_CLOSED;
    if (s->last_vote_method != VM_HANDS)
        return E_OUT_OF_ORDER;
    *s = x->m->before_close;
    int v = mt_top(s);
    s->motions[v].method = (uint8_t)s->params.division_method;
    mt_clear_votes(&s->motions[v]);
    return MT_OK;
}
