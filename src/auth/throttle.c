#include "auth/throttle.h"

#include "db/db.h"

int64_t throttle_wait(int64_t failures, int64_t last_at, int64_t now, int64_t free_tries)
{
    if (failures < free_tries || last_at < now - THROTTLE_FORGET_S)
        return 0;
    int64_t excess = failures - free_tries; /* 0 → 30 s, 1 → 60 s, 2 → 120 s ... */
    int64_t wait = excess >= 5 ? THROTTLE_MAX_WAIT : (THROTTLE_FIRST_WAIT << excess);
    if (wait > THROTTLE_MAX_WAIT)
        wait = THROTTLE_MAX_WAIT;
    int64_t until = last_at + wait;
    return until > now ? until - now : 0;
}

int64_t throttle_check(struct db *db, const char *key, int64_t free_tries, int64_t now)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT failures, last_at FROM login_throttle WHERE key = ?");
    db_bind(st, "s", key);
    int64_t wait = 0;
    if (db_step(st) == DB_ROW)
        wait = throttle_wait(db_column_int(st, 0), db_column_int(st, 1), now, free_tries);
    db_done(st);
    return wait;
}

void throttle_fail(struct db *db, const char *key, int64_t now)
{
    /* Failures an hour old are forgotten: a counter that only ever grows would in the end lock
     * out everyone behind one address. */
    db_exec(db,
            "INSERT INTO login_throttle(key, failures, last_at) VALUES (?, 1, ?)"
            " ON CONFLICT(key) DO UPDATE SET failures = CASE WHEN login_throttle.last_at < ?"
            " THEN 1 ELSE login_throttle.failures + 1 END, last_at = excluded.last_at",
            "sii", key, now, now - THROTTLE_FORGET_S);
}

void throttle_forgive(struct db *db, const char *key)
{
    db_exec(db, "UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0",
            "s", key);
}

void throttle_clear(struct db *db, const char *key)
{
    db_exec(db, "DELETE FROM login_throttle WHERE key = ?", "s", key);
}
