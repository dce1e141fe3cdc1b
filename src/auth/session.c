#include "auth/session.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "db/db.h"

/* The database keeps BLAKE2b(token) so a leaked database cannot be replayed as cookies. */
static void token_hash(const char *token, char hex[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static const char *request_token(struct req *r)
{
    const char *auth = req_header(r, "Authorization");
    if (auth && strncmp(auth, "Bearer ", 7) == 0) {
        r->bearer = true;
        return auth + 7;
    }
    return req_cookie(r, "mulin_session");
}

void session_load_grants(struct req *r)
{
    static const char sql[] =
        "SELECT n.path, r.role FROM role r JOIN node n ON n.id = r.node_id WHERE r.person_id = ?"
        " UNION ALL SELECT n.path, 'resident' FROM person p JOIN node n ON n.id = p.household_id"
        " WHERE p.id = ?";
    struct db_stmt *st = db_prepare(r->db, sql);
    db_bind(st, "ii", r->person_id, r->person_id);
    size_t cap = 8;
    r->grants = arena_alloc(&r->arena, cap * sizeof *r->grants);
    r->ngrants = 0;
    while (db_step(st) == DB_ROW) {
        int role = role_parse(db_column_text(st, 1));
        if (role < 0)
            continue;
        if (r->ngrants == cap) {
            struct grant *more = arena_alloc(&r->arena, 2 * cap * sizeof *more);
            memcpy(more, r->grants, cap * sizeof *more);
            r->grants = more;
            cap *= 2;
        }
        r->grants[r->ngrants].path = arena_strdup(&r->arena, db_column_text(st, 0));
        r->grants[r->ngrants].role = (enum role)role;
        r->ngrants++;
    }
    db_done(st);
}

void session_load(struct req *r)
{
    r->csrf = req_cookie(r, "mulin_csrf");
    const char *token = request_token(r);
    if (!token || !token[0] || strlen(token) > 128) {
        r->bearer = false;
        return;
    }
    char hex[65];
    token_hash(token, hex);
    struct db_stmt *st = db_prepare(
        r->db, "SELECT s.person_id, s.csrf, p.name, p.lang FROM session s"
               " JOIN person p ON p.id = s.person_id WHERE s.token_hash = ? AND s.expires_at > ?");
    db_bind(st, "si", hex, (int64_t)time(NULL));
    if (db_step(st) == DB_ROW) {
        r->person_id = db_column_int(st, 0);
        r->csrf = arena_strdup(&r->arena, db_column_text(st, 1));
        r->person_name = arena_strdup(&r->arena, db_column_text(st, 2));
        const char *lang = db_column_text(st, 3);
        if (strcmp(lang, "en") == 0)
            r->lang = LANG_EN;
        else if (strcmp(lang, "zh") == 0)
            r->lang = LANG_ZH;
    } else {
        r->bearer = false;
    }
    db_done(st);
    if (r->person_id)
        session_load_grants(r);
}

static char *random_token(struct arena *a)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char *tok = arena_alloc(a, 64);
    sodium_bin2base64(tok, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return tok;
}

const char *session_issue(struct db *db, struct arena *a, int64_t person_id, const char **csrf)
{
    char *token = random_token(a);
    *csrf = random_token(a);
    char hex[65];
    token_hash(token, hex);
    int64_t now = (int64_t)time(NULL);
    if (db_exec(db,
                "INSERT INTO session(token_hash, person_id, csrf, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                "sisii", hex, person_id, *csrf, now, now + SESSION_DAYS * 86400) != DB_DONE)
        return NULL;
    return token;
}

const char *session_create(struct req *r, int64_t person_id)
{
    const char *csrf = NULL;
    const char *token = session_issue(r->db, &r->arena, person_id, &csrf);
    if (!token)
        return NULL;
    int64_t now = (int64_t)time(NULL);
    /* Expired sessions are swept here, on sign-in, rather than by a timer. */
    db_exec(r->db, "DELETE FROM session WHERE expires_at <= ?", "i", now);
    req_set_cookie(r, "mulin_session", token, (long)SESSION_DAYS * 86400);
    r->person_id = person_id;
    r->csrf = csrf;
    r->person_name = arena_strdup(&r->arena, "");
    struct db_stmt *st = db_prepare(r->db, "SELECT name FROM person WHERE id = ?");
    db_bind(st, "i", person_id);
    if (db_step(st) == DB_ROW)
        r->person_name = arena_strdup(&r->arena, db_column_text(st, 0));
    db_done(st);
    session_load_grants(r);
    return token;
}

void session_destroy(struct req *r)
{
    const char *token = request_token(r);
    if (token && token[0] && strlen(token) <= 128) {
        char hex[65];
        token_hash(token, hex);
        db_exec(r->db, "DELETE FROM session WHERE token_hash = ?", "s", hex);
    }
    req_set_cookie(r, "mulin_session", "", 0);
    r->person_id = 0;
    r->csrf = NULL;
}

void session_end_others(struct req *r)
{
    const char *token = request_token(r);
    char hex[65] = "";
    if (token && token[0] && strlen(token) <= 128)
        token_hash(token, hex);
    db_exec(r->db, "DELETE FROM session WHERE person_id = ? AND token_hash <> ?", "is",
            r->person_id, hex);
}
