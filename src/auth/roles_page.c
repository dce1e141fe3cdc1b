/* GET /nodes/{id}/roles, POST /nodes/{id}/roles (appoint) and POST /nodes/{id}/roles/revoke:
 * role management for a node. Needs ACT_GRANT_ROLE; which roles may be given is
 * perm_can_grant()'s decision. */
#include <stdlib.h>

#include "auth/pages.h"
#include "auth/role_label.h"
#include "auth/roles.h"
#include "db/db.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void roles_view(struct req *r, const struct node *n, const char *notice, bool error)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_ROLES_TITLE), n->name));
    html(o, "<p><a href=\"/nodes/%lld\">‹ %s</a></p><p>%s</p>\n", (long long)n->id, n->name,
         T(r, M_ROLES_HELP));
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             error ? "notice-error" : "notice-ok", error ? "alert" : "status", notice);
    struct db_stmt *st = db_prepare(r->db, "SELECT r.person_id, p.name, r.role FROM role r"
                                           " JOIN person p ON p.id = r.person_id"
                                           " WHERE r.node_id = ? ORDER BY r.role, p.name");
    db_bind(st, "i", n->id);
    html(o,
         "<table class=\"grid\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\"></th></tr></thead><tbody>\n",
         T(r, M_PERSON), T(r, M_ROLE));
    while (db_step(st) == DB_ROW) {
        int role = role_parse(db_column_text(st, 2));
        if (role < 0)
            continue;
        html(o, "<tr><td><a href=\"/people/%lld\">%s</a></td><td>%s</td><td>",
             (long long)db_column_int(st, 0), db_column_text(st, 1),
             T(r, role_msg((enum role)role)));
        if (perm_can_grant(r->grants, r->ngrants, n->path, (enum role)role)) {
            html(o, "<form method=\"post\" action=\"/nodes/%lld/roles/revoke\">", (long long)n->id);
            csrf_field(r);
            html(o,
                 "<input type=\"hidden\" name=\"person\" value=\"%lld\"><input type=\"hidden\" "
                 "name=\"role\" value=\"%s\"><button type=\"submit\">%s</button></form>",
                 (long long)db_column_int(st, 0), role_name((enum role)role), T(r, M_REVOKE));
        }
        html(o, "</td></tr>\n");
    }
    db_done(st);
    html(o, "</tbody></table>\n");

    html(o, "<h2>%s</h2><form method=\"post\" action=\"/nodes/%lld/roles\" class=\"stack\">",
         T(r, M_GRANT), (long long)n->id);
    csrf_field(r);
    html(o,
         "<label for=\"person\">%s</label><input id=\"person\" name=\"person\" required "
         "inputmode=\"numeric\" pattern=\"[0-9]+\" maxlength=\"15\">"
         "<label for=\"role\">%s</label><select id=\"role\" name=\"role\">",
         T(r, M_PERSON_ID), T(r, M_ROLE));
    for (int role = ROLE_GROUP_LEADER; role < ROLE_COUNT; role++)
        if (perm_can_grant(r->grants, r->ngrants, n->path, (enum role)role))
            html(o, "<option value=\"%s\">%s</option>", role_name((enum role)role),
                 T(r, role_msg((enum role)role)));
    html(o, "</select><button class=\"primary\" type=\"submit\">%s</button></form>\n",
         T(r, M_GRANT));
    page_end(r);
}

void roles_page(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_GRANT_ROLE, &n))
        return;
    roles_view(r, &n, NULL, false);
}

static void roles_change(struct req *r, bool grant)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_GRANT_ROLE, &n))
        return;
    const char *person = req_param(r, "person");
    const char *role_s = req_param(r, "role");
    int role = role_s ? role_parse(role_s) : -1;
    long long pid = person ? atoll(person) : 0;
    if (pid <= 0 || role < 0) {
        r->status = 400;
        roles_view(r, &n, T(r, M_ERR_MISSING_FIELD), true);
        return;
    }
    switch (roles_set(r, &n, pid, (enum role)role, grant)) {
    case ROLES_OK:
        roles_view(r, &n, T(r, grant ? M_GRANTED : M_REVOKED), false);
        return;
    case ROLES_NOT_ALLOWED:
        r->status = 403;
        roles_view(r, &n, T(r, M_ROLE_NOT_ALLOWED), true);
        return;
    case ROLES_NO_PERSON:
        r->status = 404;
        roles_view(r, &n, T(r, M_PERSON_NOT_FOUND), true);
        return;
    default:
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
    }
}

void roles_post(struct req *r)
{
    roles_change(r, true);
}

void roles_revoke_post(struct req *r)
{
    roles_change(r, false);
}
