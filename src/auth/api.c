/* JSON API of the accounts area:
 *   POST   /api/v1/session              {"login","password"} → {"token","csrf","person"}
 *   DELETE /api/v1/session              ends the session
 *   GET    /api/v1/nodes/{id}/roles     roles held on a node (ACT_GRANT_ROLE)
 *   POST   /api/v1/nodes/{id}/roles     {"person_id","role"} appoints (ACT_GRANT_ROLE)
 *   POST   /api/v1/nodes/{id}/roles/revoke  {"person_id","role"} removes */
#include <string.h>
#include <strings.h>

#include "auth/login.h"
#include "auth/pages.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/jsonbody.h"
#include "org/guard.h"
#include "web/respond.h"

void session_api(struct req *r)
{
    /* This route skips the CSRF check because a cross-site form cannot send JSON; but a form
     * with enctype="text/plain" can send a body that parses as JSON, so insist on the type. */
    const char *ct = req_header(r, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        fail(r, 400, "bad_json", M_ERR_BAD_JSON);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    const char *login = jsonbody_string(body, "login");
    const char *password = jsonbody_string(body, "password");
    if (!login || !password || !login[0] || !password[0]) {
        json_decref(body);
        fail(r, 400, "missing_field", M_ERR_MISSING_FIELD);
        return;
    }
    if (strlen(login) > 64 || strlen(password) > PASSWORD_MAX_BYTES) {
        json_decref(body);
        fail(r, 400, "too_long", M_ERR_TOO_LONG);
        return;
    }
    int64_t wait;
    const char *token;
    enum login_result res = login_attempt(r, login, password, &wait, &token);
    json_decref(body);
    switch (res) {
    case LOGIN_OK:
        r->status = 201;
        reply_json(r, json_pack("{s:s,s:s,s:{s:I,s:s}}", "token", token, "csrf", r->csrf, "person",
                                "id", (json_int_t)r->person_id, "name", r->person_name));
        return;
    case LOGIN_THROTTLED:
        req_add_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
        fail_text(r, 429, "throttled",
                  arena_printf(&r->arena, T(r, M_LOGIN_THROTTLED), (long long)wait));
        return;
    case LOGIN_WRONG:
        fail(r, 401, "wrong_login", M_LOGIN_FAILED);
        return;
    default:
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

void session_delete_api(struct req *r)
{
    session_destroy(r);
    r->status = 200;
    reply_json(r, json_pack("{s:b}", "ok", 1));
}

void roles_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_GRANT_ROLE, &n))
        return;
    json_t *list = json_array();
    struct db_stmt *st = db_prepare(r->db, "SELECT r.person_id, p.name, r.role FROM role r"
                                           " JOIN person p ON p.id = r.person_id"
                                           " WHERE r.node_id = ? ORDER BY r.role, p.name");
    db_bind(st, "i", n.id);
    while (db_step(st) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s}", "person_id", (json_int_t)db_column_int(st, 0), "name",
                            db_column_text(st, 1), "role", db_column_text(st, 2)));
    db_done(st);
    reply_json(r, json_pack("{s:I,s:o}", "node_id", (json_int_t)n.id, "roles", list));
}

static void roles_change_api(struct req *r, bool grant)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_GRANT_ROLE, &n))
        return;
    json_t *body = request_json(r);
    if (!body)
        return;
    json_t *pid = json_object_get(body, "person_id");
    const char *role_s = jsonbody_string(body, "role");
    int role = role_s ? role_parse(role_s) : -1;
    json_int_t person = json_is_integer(pid) ? json_integer_value(pid) : 0;
    json_decref(body);
    if (person <= 0 || role < 0) {
        fail(r, 400, "missing_field", M_ERR_MISSING_FIELD);
        return;
    }
    switch (roles_set(r, &n, person, (enum role)role, grant)) {
    case ROLES_OK:
        reply_json(r, json_pack("{s:I,s:I,s:s,s:b}", "node_id", (json_int_t)n.id, "person_id",
                                person, "role", role_name((enum role)role), "held", grant));
        return;
    case ROLES_NOT_ALLOWED:
        fail(r, 403, "forbidden", M_ROLE_NOT_ALLOWED);
        return;
    case ROLES_NO_PERSON:
        fail(r, 404, "not_found", M_PERSON_NOT_FOUND);
        return;
    default:
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

void roles_grant_api(struct req *r)
{
    roles_change_api(r, true);
}

void roles_revoke_api(struct req *r)
{
    roles_change_api(r, false);
}
