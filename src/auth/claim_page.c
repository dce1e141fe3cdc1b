/* GET/POST /claim: a resident opens their account with the invitation code from the
 * residents' committee, their mobile number and a password of their own. */
#include <string.h>
#include <time.h>

#include "auth/invite.h"
#include "auth/pages.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "db/db.h"
#include "org/phone.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void claim_form(struct req *r, const char *error)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_CLAIM_TITLE));
    html(o, "<p>%s</p>\n", T(r, M_CLAIM_HELP));
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    html(o, "<form method=\"post\" action=\"/claim\" class=\"stack\">");
    csrf_field(r);
    html(o,
         "<label for=\"code\">%s</label><input id=\"code\" name=\"code\" required maxlength=\"20\" "
         "autocomplete=\"off\" autocapitalize=\"characters\">"
         "<label for=\"phone\">%s</label><input id=\"phone\" name=\"phone\" type=\"tel\" required "
         "maxlength=\"20\" autocomplete=\"tel\">"
         "<label for=\"password\">%s</label><input id=\"password\" name=\"password\" "
         "type=\"password\" required minlength=\"8\" maxlength=\"128\" "
         "autocomplete=\"new-password\">"
         "<button class=\"primary\" type=\"submit\">%s</button></form>\n",
         T(r, M_CLAIM_CODE), T(r, M_PHONE), T(r, M_NEW_PASSWORD), T(r, M_CLAIM_TITLE));
    page_end(r);
}

void claim_page(struct req *r)
{
    claim_form(r, NULL);
}

/* Runs with its own transaction: the password is hashed before the write lock is taken. */
void claim_post(struct req *r)
{
    const char *code_in = req_param(r, "code");
    const char *phone_in = req_param(r, "phone");
    const char *password = req_param(r, "password");
    char code[INVITE_CODE_LEN + 1], phone[12];
    if (!code_in || !phone_in || !password) {
        r->status = 400;
        claim_form(r, T(r, M_ERR_MISSING_FIELD));
        return;
    }
    if (!invite_normalize(code_in, code)) {
        r->status = 400;
        claim_form(r, T(r, M_CLAIM_BAD_CODE));
        return;
    }
    if (!phone_normalize(phone_in, phone)) {
        r->status = 400;
        claim_form(r, T(r, M_CLAIM_BAD_PHONE));
        return;
    }
    if (utf8_chars(password) < PASSWORD_MIN_CHARS || strlen(password) > PASSWORD_MAX_BYTES) {
        r->status = 400;
        claim_form(r, T(r, M_PASSWORD_SHORT));
        return;
    }
    /* Guessing codes is throttled per address like passwords, and a wrong code is refused
     * before the (deliberately slow) password hashing runs. */
    const char *key = arena_printf(&r->arena, "claim:%s", r->remote);
    int64_t now_s = (int64_t)time(NULL);
    int64_t wait = throttle_check(r->db, key, THROTTLE_FREE_CLAIM, now_s);
    if (wait) {
        r->status = 429;
        req_add_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
        claim_form(r, arena_printf(&r->arena, T(r, M_LOGIN_THROTTLED), (long long)wait));
        return;
    }
    if (!db_int(r->db, 0, "SELECT person_id FROM invitation WHERE code = ? AND used_at IS NULL",
                "s", code)) {
        if (db_begin(r->db) == DB_DONE) {
            throttle_fail(r->db, key, now_s);
            if (db_commit(r->db) != DB_DONE)
                db_rollback(r->db);
        }
        r->status = 400;
        claim_form(r, T(r, M_CLAIM_BAD_CODE));
        return;
    }
    char hash[128];
    if (password_hash(password, hash) != 0 || db_begin(r->db) != DB_DONE) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    int64_t person = db_int(
        r->db, 0, "SELECT person_id FROM invitation WHERE code = ? AND used_at IS NULL", "s", code);
    const char *error = NULL;
    if (!person)
        error = T(r, M_CLAIM_BAD_CODE);
    else if (db_int(r->db, 0,
                    "SELECT count(*) FROM person WHERE phone = ? AND password_hash IS NOT NULL"
                    " AND id <> ?",
                    "si", phone, person) > 0)
        error = T(r, M_CLAIM_PHONE_TAKEN);
    if (error) {
        db_rollback(r->db);
        r->status = 400;
        claim_form(r, error);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    if (db_exec(r->db, "UPDATE invitation SET used_at = ? WHERE code = ?", "is", now, code) !=
            DB_DONE ||
        db_exec(r->db, "UPDATE person SET phone = ?, password_hash = ? WHERE id = ?", "ssi", phone,
                hash, person) != DB_DONE ||
        db_exec(r->db,
                "INSERT INTO audit(at, actor_id, action, subject, detail)"
                " VALUES (?, ?, 'account.claim', ?, '')",
                "iis", now, person, code) != DB_DONE ||
        !session_create(r, person) || db_commit(r->db) != DB_DONE) {
        db_rollback(r->db);
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    req_redirect(r, "/");
}
