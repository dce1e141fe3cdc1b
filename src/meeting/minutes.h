/* The minutes (会议纪要) of a meeting, from its setup and its log alone: every entry is replayed
 * through the engine one by one (mt_apply, with the events each command caused), and what
 * happened is collected. Pure: no database, no clock; the HTTP layer adds names, the recorder,
 * the agenda's topics and the head hash (meeting/minutes_view.h).
 *
 * Times: "at" is a log entry's wall time (Unix seconds, when the command was entered); "t" is
 * the engine's own clock (seconds of TICK since the setup). A speech's "seconds" is the speaking
 * time the engine counted (TICKs while it ran and was not paused), "wall_seconds" the wall time
 * between the entries that started and ended it.
 *
 * A vote is final when nothing can undo it by DIVISION: a roll call or ballot at once, a show of
 * hands when the next command is not DIVISION (or when the vote ended the meeting). A divided
 * hands vote stays in the minutes, marked "divided", and the division's vote follows it.
 * A resolution is a final vote that adopted a MAIN motion.
 *
 * The JSON (openapi/minutes.json, schema MeetingMinutes, without the parts the HTTP layer adds):
 *   meeting        the engine's final meeting state ("ADJOURNED" ...)
 *   entries        log entries replayed
 *   called_to_order {seq, at} or null;  adjourned {seq, at} or null
 *   chair          the chair at the setup; handovers [{seq, at, from, to}]
 *   attendance     [{id, role "member"|"observer"|"chair", intervals [{in, out}]}] (in null:
 * present from the setup; out null: still there at the end of the log) absent         [id] members
 * who never attended session        [{seq, at, event}] QUORUM_LOST, QUORUM_RESTORED, RECESSED,
 * RESUMED, ADJOURNED items          [{id, seq, at, state}] agenda items in the order opened (state
 * at the end) motions        [{id, type, text, mover, seconders [id], state, item, seq, at}]
 *   speeches       [{person, stance, motion, item, seq, at, t, seconds, wall_seconds, end}] end:
 *                  "ended" (END_SPEECH or YIELD), "expired", "ruled" (a sustained point of
 *                  order), "forfeited" (warnings), "stopped" (anything else) or "open"
 *   points_of_order [{seq, at, by, item, ruling {seq, at, sustained, warned, lapsed} | null,
 *                  appeals [{seq, at, by, motion}]}]
 *   warnings       [{seq, at, member, item, count, forfeited, by_ruling}]
 *   votes          [{seq, at, motion, type, item, method, yes, no, abstain, present, threshold,
 *                  adopted, void, divided, final_seq, roll [{id, choice, entered_by}] (ROLL_CALL
 *                  only), entered_by}]; entered_by "p<actor_id>" is there only when the log's
 *                  actor is not the member voting (a roll-call answer the recorder entered) or
 *                  not the chair (hands counts the recorder entered); a ballot names no one
 *   resolutions    [{motion, text, item, seq, at, final_seq, yes, no, abstain, present}]: per
 *                  MAIN motion its last final vote, if that adopted it and it stands adopted at
 *                  the end (a RECONSIDER may have undone an earlier adoption) */
#ifndef MEETING_MINUTES_H
#define MEETING_MINUTES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One log entry: its seq, wall time, the person who entered it and the command's JSON text. */
struct minutes_entry {
    int64_t seq, at, actor;
    const char *command;
};

/* The minutes of a meeting with SETUP (the setup JSON object's text) and the log E[0..n), in
 * seq order. NULL when the setup or an entry is refused by the engine (a broken log) or memory
 * is short. The caller json_decref's it. */
json_t *minutes_build(const char *setup, const struct minutes_entry *e, size_t n);

#endif
