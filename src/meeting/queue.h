/* The speakers' queue of PROCEDURE.md section 4: who may wait, who is next, and why someone
 * else may not be recognized. Pure functions of the state. */
#ifndef MEETING_QUEUE_H
#define MEETING_QUEUE_H

#include <stdbool.h>

#include "meeting/errors.h"
#include "meeting/state.h"

/* Step 1: may entry E still be chosen (under the limit, not forfeited, not the chair)? */
bool mt_entry_eligible(const struct mt_state *s, const struct mt_entry *e);
/* Has person P lost the floor for this item (warnings at the limit)? */
bool mt_forfeited(const struct mt_state *s, int p);
/* The waiting entry of P on question Q, or -1 (index into s->queue). */
int mt_queue_find(const struct mt_state *s, int p, int q);
/* next_speaker(Q): the queue index of the entry chosen by steps 1-5, or -1. */
int mt_next_entry(const struct mt_state *s, int q);
/* Is an eligible entry waiting on Q (guard G5)? */
bool mt_queue_waiting(const struct mt_state *s, int q);
/* Why the chair may not recognize P on Q: MT_OK when it may (strict_queue decides whether P
 * must be next_speaker or only pass steps 1 and 3). */
enum mt_err mt_recognize_check(const struct mt_state *s, int p, int q);

#endif
