/* The one path by which a command reaches a stored meeting, from the JSON API and from the
 * room's pages alike: the engine decides, the log keeps what it accepts, watchers hear of it,
 * and what an accepted command means beyond the meeting (an adopted main motion becomes a
 * resolution) follows in the same transaction. */
#ifndef MEETING_COMMAND_H
#define MEETING_COMMAND_H

#include <stdint.h>

#include "meeting/meeting_row.h"

/* Applies COMMAND (one JSON object text) to meeting M as the signed-in person at the server's
 * time. Returns as meeting_append (1 accepted and logged as *seq, 2 accepted and not logged, 0
 * refused, -1 trouble, -2 a racing writer), or MEETING_FORBIDDEN when the room's policy
 * (meeting/policy.h) does not let this person send it; *answer is the engine's answer
 * (malloc'd). In a scheduled meeting a TICK of the seconds elapsed is logged first (the
 * server's clock, meeting/room.h), and a TICK sent by a client only asks for that. Once a
 * scheduled meeting is adjourned every command but QUERY is refused (E_OUT_OF_ORDER). */
#define MEETING_FORBIDDEN (-3)
/* Returned instead when a member has changed their own presence ROOM_PRESENCE_MAX times in
 * the last ROOM_PRESENCE_WINDOW_S seconds (meeting/room_clock.h): the callers answer 429. */
#define MEETING_TOO_FAST (-4)
int meeting_command(struct req *r, const struct meeting_row *m, const char *command, char **answer,
                    int64_t *seq);

/* meeting_command for the door's check-in page, once it has checked the token of the QR code:
 * a member's own ATTEND in a scheduled meeting is taken only this way (policy.h rule 6). */
int meeting_command_at_door(struct req *r, const struct meeting_row *m, const char *command,
                            char **answer, int64_t *seq);

/* The hall clock's job for meeting M at wall time NOW: when the meeting's speech has run out
 * or its recess has ended (room_tick_due), logs the TICK of the seconds elapsed, as
 * meeting_command's catch-up does, with "by":"clock" and the current chair as the log's actor,
 * and publishes the live event; then keeps meeting.tick_due_at. Works in the caller's
 * transaction (r is the clock's request, person_id 0). 1 when a TICK was logged, 0 when
 * nothing was due, -1 on trouble. */
int meeting_clock_tick(struct req *r, const struct meeting_row *m, int64_t now);

/* What an accepted, logged command means beyond the meeting (meeting/after.c): called in the
 * same transaction. 0, or -1 to fail the request (it is rolled back). */
int meeting_after_accept(struct req *r, const struct meeting_row *m, int64_t seq,
                         const char *command, const char *answer);

#endif
