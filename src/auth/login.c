#include "auth/login.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "db/db.h"
#include "org/phone.h"

enum login_result login_attempt(struct req *r, const char *login, const char *password,
                                int64_t *wait, const char **token)
{
    *wait = 0;
    *token = NULL;
    char phone[12];
    const char *key_login = phone_normalize(login, phone) ? phone : login;
    struct db_stmt *st = db_prepare(r->db, "SELECT id, password_hash FROM person"
                                           " WHERE (username = ? OR phone = ?)"
                                           " AND password_hash IS NOT NULL ORDER BY id LIMIT 1");
    db_bind(st, "ss", login, key_login);
    int64_t person = 0;
    char hash[128] = "";
    if (db_step(st) == DB_ROW) {
        person = db_column_int(st, 0);
        snprintf(hash, sizeof hash, "%s", db_column_text(st, 1));
    }
    db_done(st);
    /* One key per account, however it was named (user name or phone), so the free tries are
     * not multiplied by the number of names; unknown logins are keyed by what was typed. */
    const char *acct_key = person ? arena_printf(&r->arena, "person:%lld", (long long)person)
                                  : arena_printf(&r->arena, "acct:%s", key_login);
    const char *addr_key = arena_printf(&r->arena, "addr:%s", r->remote);
    int64_t now = (int64_t)time(NULL);
    /* The try is counted as a failure before the password is checked, in the same transaction
     * as the throttle check: parallel tries over several nodes cannot slip past the limit
     * while the slow hashing runs. A right password then takes the count back. */
    if (db_begin(r->db) != DB_DONE)
        return LOGIN_ERROR;
    int64_t w1 = throttle_check(r->db, acct_key, THROTTLE_FREE_ACCOUNT, now);
    int64_t w2 = throttle_check(r->db, addr_key, THROTTLE_FREE_ADDRESS, now);
    if (w1 || w2) {
        db_rollback(r->db);
        *wait = w1 > w2 ? w1 : w2;
        return LOGIN_THROTTLED;
    }
    throttle_fail(r->db, acct_key, now);
    throttle_fail(r->db, addr_key, now);
    if (db_commit(r->db) != DB_DONE) {
        db_rollback(r->db);
        return LOGIN_ERROR;
    }
    bool ok = false;
    if (person)
        ok = password_verify(hash, password);
    else
        password_burn(password);
    if (!ok)
        return LOGIN_WRONG;

    if (db_begin(r->db) != DB_DONE)
        return LOGIN_ERROR;
    throttle_clear(r->db, acct_key);
    throttle_forgive(r->db, addr_key);
    *token = session_create(r, person);
    if (!*token || db_commit(r->db) != DB_DONE) {
        db_rollback(r->db);
        r->person_id = 0;
        return LOGIN_ERROR;
    }
    return LOGIN_OK;
}
