/* The live room's view of a meeting, pure: the replayed state with what the views need beyond
 * QUERY (the wall-clock time of the engine's clock, the last vote's result), the compact public
 * snapshot every accepted command sends to the watchers, and which of the chair's commands are
 * in order now (each tried on a copy of the state: the engine is pure).
 *
 * Time: the engine knows only TICK. In a scheduled meeting the server keeps the engine's clock
 * in step with the log: engine time 0 is the `at` of the first logged command (t0), and before
 * each later command meeting_command logs a TICK of the seconds elapsed since t0 + now. So the
 * wall-clock end of a running speech is t0 + now + remaining. */
#ifndef MEETING_ROOM_H
#define MEETING_ROOM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "meeting/script.h"

struct room_run {
    struct mt_script sc;
    int64_t n;       /* log entries applied */
    int64_t t0;      /* `at` of entry 1; 0 before it */
    int last_result; /* the motion of the last VOTE_RESULT still standing, or -1 */
    bool clocked;    /* the server keeps the engine's clock (a scheduled meeting) */
};

/* 0, or -1 when memory is short. */
int room_run_init(struct room_run *run);
void room_run_free(struct room_run *run);
/* Applies one line (the setup line, then logged commands: never QUERY) logged at AT; returns
 * the engine's answer (malloc'd, NULL when memory is short). Accepted commands are entries. */
char *room_run_line(struct room_run *run, const char *line, int64_t at);
/* The engine state (NULL before the setup). */
const struct mt_state *room_state(const struct room_run *run);

/* Has person P cast a vote in the open vote? (Told only to P: their phone hides the buttons.) */
bool room_voted(const struct mt_state *s, int p);
/* May a member demand DIVISION now: was the last command the close of a hands vote? */
bool room_division_open(const struct mt_state *s);
/* Is person P waiting for the floor on the pending question? */
bool room_queued(const struct mt_state *s, int p);
/* May a member APPEAL now: was the last command the chair's ruling (2.3 item 6)? */
bool room_appeal_open(const struct mt_state *s);

/* Is the open vote (if any) by hands? Then it is counted in the room (meeting/policy.h). */
bool room_hands_open(const struct mt_state *s);

/* A secret ballot's running tally is nobody's business until it closes: with one live event
 * per CAST, watching yes/no move reveals who voted how. In STATE (QUERY's "state" object for
 * S) the open BALLOT's yes, no and abstain become null; the snapshot shows only how many cast.
 * The API's readers of the state call this (GET /api/v1/meetings/{id}, a QUERY command). */
void room_hide_open_ballot(json_t *state, const struct mt_state *s);

/* The seconds of TICK that bring the engine's clock to wall time NOW (0 when in step, before
 * the first entry, or when the engine is ahead). */
int64_t room_elapsed(const struct room_run *run, int64_t now);

/* Names for engine ids ("p3" → the person's name); NULL when unknown (the id is shown). */
typedef const char *(*room_namer)(void *ctx, const char *eid);

/* Bytes: the snapshot is kept under LIVE_PAYLOAD_MAX with the channel and event name. */
#define ROOM_SNAPSHOT_MAX 6000
#define ROOM_QUEUE_SHOWN 12 /* waiting requests listed (the count says how many wait) */
#define ROOM_TEXT_SHOWN 200 /* characters of a motion's text in the snapshot */
#define ROOM_NAME_SHOWN 24  /* characters of a name */

/* The public snapshot (see docs/meetings.md "The live room"): seq, cmd, now, meeting, present,
 * quorum, item, question, floor, next, queue, queued, max_speeches, spoke, vote, result. No
 * votes of persons, nothing but what the projector and the phones show. */
json_t *room_snapshot(const struct room_run *run, room_namer name, void *ctx, int64_t seq,
                      const char *cmd, int64_t now);

/* The chair's console: the commands it offers, in this order. */
enum room_act {
    RA_CALL_TO_ORDER,
    RA_OPEN_ITEM,
    RA_STATE_QUESTION,
    RA_RECOGNIZE,
    RA_PUT_HANDS,
    RA_PUT_ROLL_CALL,
    RA_PUT_BALLOT,
    RA_CLOSE_VOTE,
    RA_CLOSE_COUNTS,
    RA_RULE_SUSTAIN,
    RA_RULE_OVERRULE,
    RA_DECLARE_LAPSED,
    RA_RESUME,
    RA_COUNT
};

struct room_button {
    enum room_act act;
    enum mt_err err; /* MT_OK: in order now; else why not (the rule's message) */
    char line[256];  /* the command tried, as JSON */
};

/* Tries each command of the console as ACTOR (the chair's id) on a copy of RUN's state,
 * brought first to wall time NOW when the server keeps the clock (as meeting_command does: a
 * speech past its time has ended, a recess past its end may be resumed); ITEM
 * is the agenda item OPEN_ITEM would open (NULL: "?", which shows whether any item may open).
 * RECOGNIZE names the next speaker (E_NOT_NEXT when nobody waits); CLOSE_COUNTS is tried with
 * zero counts. Fills OUT[RA_COUNT]; -1 when memory is short or there is no state. */
int room_buttons(const struct room_run *run, const char *actor, const char *item, int64_t now,
                 struct room_button out[RA_COUNT]);

/* The engine's answer (malloc'd; NULL when memory is short) to LINE on a copy of RUN's state
 * brought on by TICK seconds first (0: none). RUN is unchanged. */
char *room_try(const struct room_run *run, int64_t tick, const char *line);

/* Why the next speaker is next (PROCEDURE.md section 4, as queue.c chooses): the mover speaks
 * first; someone earlier in the queue was passed over because they have spoken and a
 * first-timer waits; or for the other side (alternation); else first come, first served. */
enum room_why { WHY_NONE, WHY_MOVER, WHY_FIRST_TIMER, WHY_ALTERNATE, WHY_FIFO };
enum room_why room_next_why(const struct mt_state *s);

/* The E_* code of an engine answer (MT_OK when it says ok). */
enum mt_err room_answer_err(const char *answer);

#endif
