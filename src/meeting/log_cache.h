/* The replayed state of recent meetings, kept in the process so that a command or a GET does
 * not replay the whole log each time (the bench: 2,000 entries cost 4 ms on SQLite and 6 ms
 * on PostgreSQL a request; a cached state costs one indexed query for the entries after it).
 *
 * An entry is keyed by (meeting id, seq, that entry's hash). It is used only when the database
 * still holds entry `seq` with that hash: the hash chain covers the setup and every command
 * before it, so the state is the one a full replay would give. A state remembered for an
 * append that was then rolled back, or one another server node went past, fails that check or
 * is simply extended with the entries after it; the log's primary key (meeting_id, seq) still
 * decides which append wins. Thread-safe; MEETING_CACHE_SLOTS meetings, least recently used
 * out (each slot holds a copy of the engine's state, about 120 KB). */
#ifndef MEETING_LOG_CACHE_H
#define MEETING_LOG_CACHE_H

#include <stdint.h>

#include "db/db.h"
#include "meeting/log.h"

enum { MEETING_CACHE_SLOTS = 8 };

/* Remembers RUN (a copy) as meeting ID's state after RUN->n entries with head RUN->head. Runs
 * without entries are not kept (replaying the setup alone is cheap, and the setup may still
 * change while the log is empty). */
void meeting_cache_put(int64_t id, const struct meeting_run *run);
/* Copies the remembered state of meeting ID into RUN (free it with meeting_run_free): 1; 0
 * when there is none (RUN untouched); -1 when memory is short. */
int meeting_cache_get(int64_t id, struct meeting_run *run);
/* Forgets everything (tests, and a server that wants the memory back). */
void meeting_cache_clear(void);
/* Replays served from the cache, and full replays, since the start (tests, the bench). */
void meeting_cache_stats(long *hits, long *misses);
void meeting_cache_count(int hit);

/* The full replay from the setup, without the cache (what meeting_replay falls back to). */
int meeting_replay_full(struct db *db, int64_t id, struct meeting_run *run);

#endif
