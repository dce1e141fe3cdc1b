/* GET/POST /login, POST /logout and POST /lang (the language switch in every page's top bar,
 * which also remembers the choice for a signed-in person). */
#include <string.h>

#include "auth/login.h"
#include "auth/pages.h"
#include "auth/password.h"
#include "auth/session.h"
#include "db/db.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* Only local paths are followed after login, so a link cannot send people elsewhere. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    /* Browsers drop tabs and line breaks from a Location ("/\t/evil.example" becomes
     * "//evil.example"), so no control character may pass. */
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return "/";
    return next;
}

static void login_form(struct req *r, const char *error, const char *login)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_LOGIN_TITLE));
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    html(o, "<form method=\"post\" action=\"/login\" class=\"stack\">");
    csrf_field(r);
    html(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
         safe_next(req_query(r, "next") ? req_query(r, "next") : req_param(r, "next")));
    html(o,
         "<label for=\"login\">%s</label><input id=\"login\" name=\"login\" required "
         "autocomplete=\"username\" maxlength=\"64\" value=\"%s\">",
         T(r, M_LOGIN_ID), login ? login : "");
    html(o,
         "<label for=\"password\">%s</label><input id=\"password\" name=\"password\" "
         "type=\"password\" required autocomplete=\"current-password\" maxlength=\"128\">",
         T(r, M_PASSWORD));
    html(o, "<button class=\"primary\" type=\"submit\">%s</button></form>\n", T(r, M_LOGIN_BUTTON));
    html(o, "<p>%s <a href=\"/claim\">%s</a></p>\n", T(r, M_LOGIN_NO_ACCOUNT), T(r, M_CLAIM_LINK));
    page_end(r);
}

void login_page(struct req *r)
{
    login_form(r, NULL, NULL);
}

void login_post(struct req *r)
{
    const char *login = req_param(r, "login");
    const char *password = req_param(r, "password");
    if (!login || !password || !login[0] || !password[0]) {
        r->status = 400;
        login_form(r, T(r, M_ERR_MISSING_FIELD), login);
        return;
    }
    if (strlen(login) > 64 || strlen(password) > PASSWORD_MAX_BYTES) {
        r->status = 400;
        login_form(r, T(r, M_ERR_TOO_LONG), NULL);
        return;
    }
    int64_t wait;
    const char *token;
    switch (login_attempt(r, login, password, &wait, &token)) {
    case LOGIN_OK:
        req_redirect(r, safe_next(req_param(r, "next")));
        return;
    case LOGIN_THROTTLED:
        r->status = 429;
        req_add_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
        login_form(r, arena_printf(&r->arena, T(r, M_LOGIN_THROTTLED), (long long)wait), login);
        return;
    case LOGIN_WRONG:
        r->status = 401;
        login_form(r, T(r, M_LOGIN_FAILED), login);
        return;
    default:
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

void logout_post(struct req *r)
{
    session_destroy(r);
    req_redirect(r, "/");
}

void lang_post(struct req *r)
{
    const char *to = req_param(r, "to");
    const char *code = to && strcmp(to, "en") == 0 ? "en" : "zh";
    req_set_cookie(r, "lang", code, 365L * 86400);
    if (r->person_id)
        db_exec(r->db, "UPDATE person SET lang = ? WHERE id = ?", "si", code, r->person_id);
    req_redirect(r, safe_next(req_param(r, "next")));
}
