/* Meeting commands: presence, calling to order, agenda items, recess, handing over the chair
 * (PROCEDURE.md sections 2.1 and 2.3 items 9, 13, 19). */
#include <stdio.h>
#include <string.h>

#include "meeting/apply.h"

/* ATTEND: repeated ATTEND changes nothing. Restores the quorum when it was lost. */
enum mt_err mt_cmd_attend(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (p < 0)
        return E_NOT_ELIGIBLE;
    if (s->persons[p].present)
        return MT_OK;
    s->persons[p].present = true;
    if (s->meeting == MS_NO_QUORUM && mt_has_quorum(s)) {
        s->meeting = MS_IN_SESSION;
        mt_emit(x, EV_QUORUM_RESTORED);
    }
    return MT_OK;
}

/* LEAVE: a floor holder's speech ends (it counts, no event), the leaver's waiting entries are
 * dropped, and losing the quorum voids an open vote (section 2.1). */
enum mt_err mt_cmd_leave(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    int p = x->actor;
    if (p < 0)
        return E_NOT_ELIGIBLE;
    if (!s->persons[p].present)
        return MT_OK;
    s->persons[p].present = false;
    if (s->holder == p)
        mt_floor_free(s);
    int j = 0;
    for (int i = 0; i < s->n_queue; i++) {
        if (s->queue[i].person == p)
            mt_emit(x, EV_QUEUE_DROPPED);
        else
            s->queue[j++] = s->queue[i];
    }
    s->n_queue = (int16_t)j;
    if (s->meeting == MS_IN_SESSION && !mt_has_quorum(s)) {
        s->meeting = MS_NO_QUORUM;
        mt_emit(x, EV_QUORUM_LOST);
        int t = mt_top(s);
        if (t >= 0 && s->motions[t].state == ST_VOTING &&
            !mt_kind_quorum_exempt((enum mt_kind)s->motions[t].kind)) {
            s->motions[t].state = ST_STATED;
            mt_clear_votes(&s->motions[t]);
            mt_emit(x, EV_VOTE_VOID);
        }
    }
    return MT_OK;
}

enum mt_err mt_cmd_call_to_order(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    if (x->actor != s->chair)
        return E_NOT_ELIGIBLE;
    if (!mt_has_quorum(s))
        return E_NO_QUORUM;
    if (s->meeting != MS_SCHEDULED)
        return E_OUT_OF_ORDER;
    s->meeting = MS_IN_SESSION;
    return MT_OK;
}

/* OPEN_ITEM: the previous item becomes DECIDED or UNFINISHED, warnings reset. */
enum mt_err mt_cmd_open_item(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    const struct mt_cmd *c = x->c;
    if (c->item && (!c->item[0] || strlen(c->item) >= MT_ID_MAX))
        return E_BAD_INPUT;
    enum mt_err e = mt_common_checks(x, -1, CHECK_CHAIR | CHECK_QUORUM | CHECK_GATE);
    if (e)
        return e;
    if (mt_stack_main(s) >= 0)
        return E_MOTION_PENDING;
    if (s->depth > 0)
        return E_OUT_OF_ORDER;
    int level = c->level >= 0 ? c->level : s->level;
    if (level != s->level)
        return E_SCOPE;
    char id[MT_ID_MAX];
    if (c->item)
        strcpy(id, c->item);
    else
        snprintf(id, sizeof id, "I%d", s->n_items + 1);
    for (int i = 0; i < s->n_items; i++)
        if (strcmp(s->items[i].id, id) == 0)
            return E_OUT_OF_ORDER; /* an item is opened once per meeting */
    if (s->n_items >= MT_MAX_ITEMS)
        return E_OUT_OF_ORDER;
    if (s->holder >= 0)
        return E_FLOOR_TAKEN;
    if (s->open_item >= 0)
        mt_close_item(s, s->items[s->open_item].decided ? IT_DECIDED : IT_UNFINISHED);
    for (int i = 0; i < s->n_persons; i++)
        s->persons[i].warnings = 0;
    struct mt_item *it = &s->items[s->n_items];
    memset(it, 0, sizeof *it);
    strcpy(it->id, id);
    it->level = (uint8_t)level;
    it->state = IT_OPEN;
    s->open_item = s->n_items++;
    return MT_OK;
}

/* RESUME: only after the recess time; IN_SESSION or NO_QUORUM by the count present. */
enum mt_err mt_cmd_resume(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    enum mt_err e = mt_common_checks(x, -1, CHECK_CHAIR);
    if (e)
        return e;
    if (s->now < s->recess_until)
        return E_OUT_OF_ORDER;
    s->meeting = mt_has_quorum(s) ? MS_IN_SESSION : MS_NO_QUORUM;
    mt_restate_top(s);
    mt_emit(x, EV_RESUMED);
    return MT_OK;
}

/* HANDOVER_CHAIR(to): to a present member or back to the original chair; the one who hands
 * over with a main motion pending may not take the chair back until it is disposed of. */
enum mt_err mt_cmd_handover(struct mt_ctx *x)
{
    struct mt_state *s = x->s;
    if (!x->c->to)
        return E_BAD_INPUT;
    if (x->actor != s->chair)
        return E_NOT_ELIGIBLE;
    int t = mt_person_find(s, x->c->to);
    if (t < 0 || !(t == s->orig_chair || mt_is_member_present(s, t)))
        return E_NOT_ELIGIBLE;
    if (t == s->handback_blocked && s->handback_main >= 0 && mt_stack_pos(s, s->handback_main) >= 0)
        return E_CHAIR_NEUTRAL;
    enum mt_err e = mt_common_checks(x, -1, CHECK_GATE);
    if (e)
        return e;
    if (t == s->chair)
        return E_OUT_OF_ORDER;
    if (s->holder >= 0)
        return E_FLOOR_TAKEN;
    int main = mt_stack_main(s);
    if (t == s->handback_blocked) {
        s->handback_blocked = s->handback_main = -1;
    } else if (main >= 0) {
        s->handback_blocked = s->chair;
        s->handback_main = (int16_t)main;
    }
    s->chair = (int16_t)t;
    mt_sweep(x); /* the new chair's waiting entries */
    return MT_OK;
}
