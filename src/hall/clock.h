/* The hall clock: a thread that every HALL_CLOCK_S seconds runs the hall's timed work (closing
 * polls whose time is up, ending public notices whose period is over with no objection open) in one
 * transaction, as if it were a request by nobody (person_id 0), and then sends the live events that
 * work queued. With several server nodes each runs its clock; the work functions claim rows with
 * UPDATE ... WHERE <not yet done> so nothing is done twice. The environment variable MULIN_CLOCK_S
 * (1..HALL_CLOCK_S) makes it tick faster, for tests. */
#ifndef MULIN_HALL_CLOCK_H
#define MULIN_HALL_CLOCK_H
#include <stdint.h>

#include "http/req.h"

enum { HALL_CLOCK_S = 15 };

/* One piece of timed work: does what is due at now in r's transaction; returns how many
 * things it did, or -1 on trouble (the tick is then rolled back and tried again next time). */
typedef int (*hall_clock_fn)(struct req *r, int64_t now);

/* Starts the clock thread; 0 on success. */
int hall_clock_start(void);
/* Stops it and waits for a tick in progress to finish. Safe to call when not started. */
void hall_clock_stop(void);
/* Runs one tick now on the calling thread's connection (the thread's body; also for tests).
 * Returns the total work done, or -1. */
int hall_clock_tick(int64_t now);

#endif
