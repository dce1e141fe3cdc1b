/* The meeting log's hash chain (issue 5): each entry's hash is BLAKE2b-256 over the previous
 * entry's hash, its seq, time, actor and command, so any edit, insertion or deletion of an
 * entry breaks every hash after it. Pure: no database, no clock. */
#ifndef MEETING_CHAIN_H
#define MEETING_CHAIN_H

#include <stdint.h>

#define CHAIN_HEX 65 /* 32 bytes as hex, plus the terminating NUL */

/* OUT = hex BLAKE2b-256 of "PREV\nSEQ\nAT\nACTOR\nCOMMAND". PREV is 64 hex digits; the numbers
 * hold no newline and COMMAND comes last, so two different entries never give the same input. */
void chain_hash(const char *prev, int64_t seq, int64_t at, int64_t actor, const char *command,
                char out[CHAIN_HEX]);

/* The chain's anchor, the prev_hash of seq 1: the hash of the setup line as "seq 0" after 64
 * zeros, with the meeting's creation time and creator, so editing the setup breaks seq 1. */
void chain_genesis(int64_t created_at, int64_t created_by, const char *setup, char out[CHAIN_HEX]);

/* One stored entry, as read back. */
struct chain_entry {
    int64_t seq, at, actor;
    const char *command, *prev_hash, *hash;
};

/* Checks entry E, expected to be number WANT with predecessor hash PREV: true when its seq,
 * prev_hash and hash all agree. */
int chain_entry_ok(const struct chain_entry *e, int64_t want, const char *prev);

#endif
