/* Who may send which command to a stored meeting (the live room's command policy). Pure:
 * the caller says who is asking and what they hold; the engine itself still refuses what the
 * rules forbid (only the chair recognizes or puts the question, observers never vote).
 *
 * The policy, in order (first match wins):
 *   1. A meeting made from a raw setup (starts_at IS NULL: procedure scripts, tests) keeps the
 *      staff path: hall staff (ACT_RUN_POLL) send any command as anyone.
 *   2. Nobody who is neither on the roster (a member, observer or the chair of the setup) nor
 *      hall staff nor the meeting's recorder may send anything: forbidden.
 *   3. QUERY is free.
 *   4. TICK: in a scheduled meeting the console's people (the chair, the recorder, staff) may
 *      ask the server to bring the clock to the real time (the seconds are the server's, never
 *      the sender's): the console does so when a speech's countdown ends. Not members: each
 *      such TICK is a log entry and an event to every watcher, one a second if a phone
 *      wished. In a raw meeting only staff move the clock (rule 1).
 *   5. While a HANDS vote is open nobody CASTs: hands are counted in the room and the counts
 *      closed in the chair's name (rule 7). A member's own CAST would take the count out of
 *      the chair's hands: the engine refuses counts once one hand is entered member by member,
 *      and a plain CLOSE_VOTE would then decide on that one vote.
 *   6. Everyone acts as themselves: the actor of the command is their own engine id "p<id>";
 *      but in a scheduled meeting a person checks themselves in (ATTEND) only at the door,
 *      with the token the QR code carries: presence counts toward quorum, and an API call from
 *      home must not count. The recorder and staff check in anyone from the roster (rule 7).
 *   7. The recorder and hall staff may also send ATTEND and LEAVE for anyone on the roster
 *      (guests "g<id>" included, who have no account), and CLOSE_VOTE with hands counts in the
 *      chair's name (the recorder counts the hands the chair calls for). While a roll call
 *      is open they may also CAST for a member: a roll call is called aloud and the recorder
 *      writes down each answer, so a member without a phone votes too (never in a ballot).
 *   8. Anything else: forbidden. */
#ifndef MEETING_POLICY_H
#define MEETING_POLICY_H

#include <jansson.h>
#include <stdbool.h>

struct room_who {
    const char *self;  /* the signed-in person's engine id, "p<id>" */
    bool staff;        /* ACT_RUN_POLL on the meeting's hall */
    bool recorder;     /* meeting.recorder_id is this person */
    bool scheduled;    /* meeting.starts_at IS NOT NULL */
    const char *chair; /* who chairs now (the engine's state; a handover changes it) */
    bool hands_open;   /* the open vote is by hands (room_hands_open) */
    bool roll_call;    /* a ROLL_CALL vote is open */
    bool at_door;      /* the door's check-in token was shown (POST /meetings/{id}/checkin) */
};

/* What a command asks (read from its JSON by room_command_of). */
struct room_cmd {
    const char *name;  /* "ATTEND" …, NULL when absent or not a string */
    const char *actor; /* NULL when absent or not a string */
    bool counts;       /* CLOSE_VOTE carries "counts" */
};

/* Reads the fields the policy looks at from the command object C (borrowed strings). */
struct room_cmd room_command_of(const json_t *c);

/* Is EID a member, an observer or the chair of SETUP (the setup object of the meeting)? */
bool room_on_roster(const json_t *setup, const char *eid);

/* May W send command C to the meeting whose setup is SETUP? */
bool room_policy(const struct room_who *w, const json_t *setup, const struct room_cmd *c);

#endif
