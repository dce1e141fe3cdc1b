/* GET /profile and POST /profile/password: a person's own settings. */
#include <stdio.h>
#include <string.h>

#include "auth/pages.h"
#include "auth/password.h"
#include "auth/session.h"
#include "db/db.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void profile_form(struct req *r, const char *notice, bool error)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_PROFILE_TITLE));
    html(o, "<p class=\"lead\"><a href=\"/people/%lld\">%s</a></p>\n", (long long)r->person_id,
         r->person_name);
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             error ? "notice-error" : "notice-ok", error ? "alert" : "status", notice);
    html(o,
         "<section><h2>%s</h2><form method=\"post\" action=\"/profile/password\" "
         "class=\"stack\">",
         T(r, M_CHANGE_PASSWORD));
    csrf_field(r);
    html(o,
         "<label for=\"old\">%s</label><input id=\"old\" name=\"old\" type=\"password\" required "
         "autocomplete=\"current-password\" maxlength=\"128\">"
         "<label for=\"new\">%s</label><input id=\"new\" name=\"new\" type=\"password\" required "
         "minlength=\"8\" autocomplete=\"new-password\" maxlength=\"128\">"
         "<button class=\"primary\" type=\"submit\">%s</button></form></section>\n",
         T(r, M_OLD_PASSWORD), T(r, M_NEW_PASSWORD), T(r, M_SAVE));
    page_end(r);
}

void profile_page(struct req *r)
{
    profile_form(r, NULL, false);
}

void password_post(struct req *r)
{
    const char *old = req_param(r, "old");
    const char *new_pw = req_param(r, "new");
    if (!old || !new_pw) {
        r->status = 400;
        profile_form(r, T(r, M_ERR_MISSING_FIELD), true);
        return;
    }
    if (utf8_chars(new_pw) < PASSWORD_MIN_CHARS || strlen(new_pw) > PASSWORD_MAX_BYTES) {
        r->status = 400;
        profile_form(r, T(r, M_PASSWORD_SHORT), true);
        return;
    }
    struct db_stmt *st = db_prepare(r->db, "SELECT password_hash FROM person WHERE id = ?");
    db_bind(st, "i", r->person_id);
    char hash[128] = "";
    if (db_step(st) == DB_ROW)
        snprintf(hash, sizeof hash, "%s", db_column_text(st, 0));
    db_done(st);
    if (!hash[0] || !password_verify(hash, old)) {
        r->status = 400;
        profile_form(r, T(r, M_PASSWORD_WRONG), true);
        return;
    }
    char fresh[128];
    if (password_hash(new_pw, fresh) != 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    /* Runs its own transaction (R_OWN_TX): the slow hashing above holds no lock. */
    bool ok = db_begin(r->db) == DB_DONE &&
              db_exec(r->db, "UPDATE person SET password_hash = ? WHERE id = ?", "si", fresh,
                      r->person_id) == DB_DONE;
    if (ok)
        session_end_others(r);
    if (!ok || db_commit(r->db) != DB_DONE) {
        db_rollback(r->db);
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    profile_form(r, T(r, M_PASSWORD_CHANGED), false);
}
