/* The meeting's clock without a console, pure: when a stored meeting next needs a TICK from
 * the server (a running speech's time or its question's time budget runs out, a recess ends),
 * and the limit on how often a member may change their own presence.
 *
 * The hall clock thread (hall/clock.c, meeting_clock_due in meeting/meeting_clock.c) ticks
 * every meeting whose meeting.tick_due_at has come; meeting_command keeps that column equal to
 * room_tick_due() after every accepted command, so the clock finds due meetings with one
 * indexed query instead of replaying every meeting each period. */
#ifndef MEETING_ROOM_CLOCK_H
#define MEETING_ROOM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "meeting/room.h"

/* The wall-clock second (Unix time) at which RUN needs a TICK from the server, or 0 when
 * nothing is due by time alone:
 *   - a speech running and not paused: t0 + now + the lesser of its remaining seconds and its
 *     question's time budget (the TICK then ends it, EV_SPEECH_EXPIRED);
 *   - a recess: t0 + recess_until while the engine's clock is before it. The engine does not
 *     resume by itself: RESUME stays the chair's (Robert's Rules: the chair calls the meeting
 *     back to order when the members are back). The TICK at the recess's end brings the
 *     engine's clock past it, so RESUME is in order, and tells every watcher (the console
 *     redraws with RESUME enabled).
 * Only for meetings whose clock the server keeps (run->clocked, scheduled meetings), with at
 * least one entry in the log (t0), and not adjourned. */
int64_t room_tick_due(const struct room_run *run);

/* Presence changes (ATTEND, LEAVE) a member may make of their own presence in one meeting
 * within ROOM_PRESENCE_WINDOW_S seconds: each is a log entry and an event to every watcher,
 * so flipping it endlessly would flood the room. Arriving, stepping out and coming back twice
 * fits easily. The recorder and hall staff (who record everyone's attendance) are not limited. */
#define ROOM_PRESENCE_MAX 6
#define ROOM_PRESENCE_WINDOW_S 60

/* Does command NAME count against the limit? ATTEND and LEAVE, unless CLERK (the sender is the
 * recorder or hall staff). One that counts is refused (429) when its sender has already made
 * ROOM_PRESENCE_MAX of them in the meeting within the window. */
bool room_presence_counted(const char *name, bool clerk);

#endif
