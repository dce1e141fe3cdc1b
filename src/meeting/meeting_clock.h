/* The meeting's clock without a console: the hall clock's job (hall/clock.c) that ticks every
 * scheduled meeting whose speech has run out or whose recess has ended, so a speech ends on
 * time even when no console is open and nobody acts. */
#ifndef MEETING_MEETING_CLOCK_H
#define MEETING_MEETING_CLOCK_H

#include <stdint.h>

#include "http/req.h"

/* At most this many meetings are ticked per clock period (the rest at the next one). */
#define MEETING_CLOCK_BATCH 100

/* hall_clock_fn: logs the TICK of each meeting whose meeting.tick_due_at has come
 * (meeting_clock_tick), in r's transaction. Returns how many were ticked, or -1. */
int meeting_clock_due(struct req *r, int64_t now);

#endif
