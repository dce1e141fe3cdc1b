/* next_speaker (section 4): mover first > first-timers > alternation > FIFO. */
#include "meeting/queue.h"

bool mt_forfeited(const struct mt_state *s, int p)
{
    return p >= 0 && s->persons[p].warnings >= s->params.warnings_limit;
}

bool mt_entry_eligible(const struct mt_state *s, const struct mt_entry *e)
{
    const struct mt_motion *q = &s->motions[e->question];
    if (q->speeches[e->person] >= q->max_speeches)
        return false;
    if (mt_forfeited(s, e->person))
        return false;
    return e->person != s->chair || s->params.chair_may_debate;
}

int mt_queue_find(const struct mt_state *s, int p, int q)
{
    for (int i = 0; i < s->n_queue; i++)
        if (s->queue[i].person == p && s->queue[i].question == q)
            return i;
    return -1;
}

/* The candidates after steps 1 and 3 are those eligible, narrowed to first-timers when any
 * first-timer is eligible. */
static bool first_timer_waiting(const struct mt_state *s, int q)
{
    for (int i = 0; i < s->n_queue; i++) {
        const struct mt_entry *e = &s->queue[i];
        if (e->question == q && mt_entry_eligible(s, e) && s->motions[q].speeches[e->person] == 0)
            return true;
    }
    return false;
}

int mt_next_entry(const struct mt_state *s, int q)
{
    if (q < 0)
        return -1;
    const struct mt_motion *mo = &s->motions[q];
    bool firsts = s->params.first_timers_first && first_timer_waiting(s, q);
    bool alternate = s->params.alternate_pro_con && mo->last_stance != SN_NONE;
    int best = -1, best_opposite = -1;
    for (int i = 0; i < s->n_queue; i++) {
        const struct mt_entry *e = &s->queue[i];
        if (e->question != q || !mt_entry_eligible(s, e))
            continue;
        /* step 2: the mover, before anyone has spoken on the question */
        if (s->params.mover_speaks_first && mo->total_speeches == 0 && e->person == mo->mover)
            return i;
        if (firsts && mo->speeches[e->person] != 0)
            continue;
        /* the queue is kept in seq order, so the first found is the smallest seq */
        if (best < 0)
            best = i;
        if (alternate && best_opposite < 0 && e->stance != mo->last_stance)
            best_opposite = i;
    }
    return best_opposite >= 0 ? best_opposite : best;
}

bool mt_queue_waiting(const struct mt_state *s, int q)
{
    for (int i = 0; i < s->n_queue; i++)
        if (s->queue[i].question == q && mt_entry_eligible(s, &s->queue[i]))
            return true;
    return false;
}

enum mt_err mt_recognize_check(const struct mt_state *s, int p, int q)
{
    int next = mt_next_entry(s, q);
    if (next >= 0 && s->queue[next].person == p)
        return MT_OK;
    const struct mt_motion *mo = &s->motions[q];
    if (p >= 0 && mt_forfeited(s, p))
        return E_FLOOR_FORFEITED;
    if (p >= 0 && mo->speeches[p] >= mo->max_speeches)
        return E_SPEECH_LIMIT;
    if (p >= 0 && mo->speeches[p] > 0 && s->params.first_timers_first && first_timer_waiting(s, q))
        return E_FIRST_TIMERS_WAITING;
    if (!s->params.strict_queue && p >= 0) {
        /* non-strict: anyone who passes steps 1 and 3 */
        int i = mt_queue_find(s, p, q);
        if (i >= 0 && mt_entry_eligible(s, &s->queue[i]))
            return MT_OK;
    }
    return E_NOT_NEXT;
}
