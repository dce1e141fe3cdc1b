/* A meeting's storage: the setup line and the hash-chained log of accepted commands. The state
 * is never stored: it is the replay of the log through the pure engine (script.c's JSON
 * interface, the same one `mulin procedure run` uses), so a restarted server resumes a meeting
 * exactly where it was. Every function works in the caller's transaction. */
#ifndef MEETING_LOG_H
#define MEETING_LOG_H

#include <stdint.h>

#include "db/db.h"
#include "meeting/chain.h"
#include "meeting/script.h"

/* A replayed meeting: the engine's state, the number of log entries and the head hash. */
struct meeting_run {
    struct mt_script sc;
    int64_t n;
    char head[CHAIN_HEX];
};

/* Checks SETUP (a JSON object text: what the setup line of a procedure script holds) with the
 * engine and stores the meeting. Returns its id; 0 with *answer (malloc'd engine answer, may be
 * NULL) when the engine refuses the setup; -1 on database trouble. */
int64_t meeting_create(struct db *db, int64_t hall_node_id, const char *title, const char *setup,
                       int64_t created_by, int64_t at, char **answer);

/* Replays meeting ID into RUN (free it with meeting_run_free). 0; -1 when there is no such
 * meeting, memory is short or the stored log does not replay (a broken log). */
int meeting_replay(struct db *db, int64_t id, struct meeting_run *run);
void meeting_run_free(struct meeting_run *run);

/* Applies COMMAND (one JSON object text) to meeting ID as ACTOR at AT. *answer gets the engine's
 * answer (malloc'd JSON). Returns 1 when the command was accepted and appended as entry
 * number *seq; 2 when it was accepted but changes nothing (QUERY: answered, not logged); 0
 * when the engine refused it (nothing is stored); -1 when there is no such meeting or on database
 * trouble; -2 when another writer took the same seq first (the caller retries or fails 409). */
int meeting_append(struct db *db, int64_t id, int64_t actor, int64_t at, const char *command,
                   char **answer, int64_t *seq);

/* Checks meeting ID's chain: 0 when whole, the first bad seq otherwise, -1 when there is no
 * such meeting. */
int64_t meeting_verify(struct db *db, int64_t id);

#endif
