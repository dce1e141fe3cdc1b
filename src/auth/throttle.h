/* Login throttling: after a few wrong passwords in a row, each further try has to wait,
 * twice as long each time. Counted per account and per client address, in the database so the
 * limit holds across server nodes. The arithmetic is pure (throttle_wait). */
#ifndef MULIN_THROTTLE_H
#define MULIN_THROTTLE_H
#include <stdint.h>

struct db;

enum {
    THROTTLE_FREE_ACCOUNT = 5,  /* wrong passwords for one account before waits begin */
    THROTTLE_FREE_ADDRESS = 30, /* wrong passwords from one address (a whole estate may share
                                   one address behind a carrier's NAT) */
    THROTTLE_FREE_CLAIM = 10,   /* wrong invitation codes from one address before waits */
    THROTTLE_FIRST_WAIT = 30,   /* seconds: the first wait, doubled with each further failure */
    THROTTLE_MAX_WAIT = 900,
    THROTTLE_FORGET_S = 3600,
    /* failures older than this no longer count */ /* seconds: the longest wait */
};

/* Seconds still to wait before another try, given failures so far, the time of the last one
 * and the number of free tries; 0 when a try is allowed now. */
int64_t throttle_wait(int64_t failures, int64_t last_at, int64_t now, int64_t free_tries);
/* Seconds to wait for key (e.g. "acct:13800000001" or "addr:127.0.0.1"), from the database. */
int64_t throttle_check(struct db *db, const char *key, int64_t free_tries, int64_t now);
/* Records a failed try for key. */
void throttle_fail(struct db *db, const char *key, int64_t now);
/* Forgets key's failures (after a successful sign-in). */
void throttle_clear(struct db *db, const char *key);
/* Takes back one counted failure of key (a try counted before its password proved right). */
void throttle_forgive(struct db *db, const char *key);

#endif
