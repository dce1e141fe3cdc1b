#include "auth/roles.h"

#include <stdio.h>
#include <time.h>

#include "db/db.h"
#include "http/live.h"

enum roles_result roles_set(struct req *r, const struct node *n, int64_t person, enum role role,
                            bool grant)
{
    if (!perm_can_grant(r->grants, r->ngrants, n->path, role))
        return ROLES_NOT_ALLOWED;
    /* Only people the actor may see can be appointed: a worker appoints people of their own
     * area, so the role list cannot be used to learn names from elsewhere. A person with no
     * household is visible only to those who may appoint administrators. */
    struct db_stmt *st = db_prepare(r->db, "SELECT coalesce(h.path, '') FROM person p"
                                           " LEFT JOIN node h ON h.id = p.household_id"
                                           " WHERE p.id = ?");
    db_bind(st, "i", person);
    bool found = db_step(st) == DB_ROW;
    char *home = found ? arena_strdup(&r->arena, db_column_text(st, 0)) : NULL;
    db_done(st);
    if (!found)
        return ROLES_NO_PERSON;
    bool visible = home[0] ? perm_allows(r->grants, r->ngrants, home, ACT_VIEW_PEOPLE)
                           : perm_can_grant(r->grants, r->ngrants, n->path, ROLE_ADMIN);
    if (!visible)
        return ROLES_NO_PERSON;
    int64_t now = (int64_t)time(NULL);
    enum db_result res =
        grant ? db_exec(r->db,
                        "INSERT INTO role(person_id, node_id, role, granted_by, granted_at)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        "iisii", person, n->id, role_name(role), r->person_id, now)
              : db_exec(r->db, "DELETE FROM role WHERE person_id = ? AND node_id = ? AND role = ?",
                        "iis", person, n->id, role_name(role));
    if (res != DB_DONE)
        return ROLES_ERROR;
    char detail[96];
    snprintf(detail, sizeof detail, "person %lld role %s", (long long)person, role_name(role));
    if (db_exec(r->db,
                "INSERT INTO audit(at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                "iisss", now, r->person_id, grant ? "role.grant" : "role.revoke", n->path,
                detail) != DB_DONE)
        return ROLES_ERROR;
    live_publish(r, arena_printf(&r->arena, "node:%lld", (long long)n->id), "roles",
                 arena_printf(&r->arena,
                              "{\"node_id\":%lld,\"person_id\":%lld,\"role\":\"%s\",\"held\":%s}",
                              (long long)n->id, (long long)person, role_name(role),
                              grant ? "true" : "false"));
    return ROLES_OK;
}
