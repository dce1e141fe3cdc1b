/* GET/POST /nodes/{id}/invitations: printable invitation slips for the people under a node
 * who have no account yet. POST makes codes for those who have none. Needs ACT_INVITE. */
#include <string.h>
#include <time.h>

#include "auth/invite.h"
#include "auth/pages.h"
#include "db/db.h"
#include "org/guard.h"
#include "org/people.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

void invitations_page(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_INVITE, &n))
        return;
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_INVITE_TITLE), n.name));
    html(o, "<p class=\"noprint\">%s</p>\n", T(r, M_INVITE_HELP));
    html(o, "<form method=\"post\" action=\"/nodes/%lld/invitations\" class=\"noprint\">",
         (long long)n.id);
    csrf_field(r);
    html(o, "<button class=\"primary\" type=\"submit\">%s</button></form>\n", T(r, M_INVITE_MAKE));
    struct db_stmt *st = db_prepare(
        r->db, "SELECT p.name, i.code, h.name FROM invitation i JOIN person p ON p.id = i.person_id"
               " JOIN node h ON h.id = p.household_id WHERE i.used_at IS NULL"
               " AND p.password_hash IS NULL AND h.path >= ? AND h.path < ? ORDER BY h.path, p.id");
    db_bind(st, "ss", n.path, node_path_end(&r->arena, n.path));
    int rows = 0;
    html(o, "<div class=\"slips\">\n");
    while (db_step(st) == DB_ROW) {
        html(o, "<div class=\"slip\"><p>");
        html(o, T(r, M_INVITE_SLIP), db_column_text(st, 0));
        html(o, "</p><p class=\"code\">%s</p><p class=\"muted\">%s · %s</p></div>\n",
             db_column_text(st, 1), n.name, db_column_text(st, 2));
        rows++;
    }
    db_done(st);
    html(o, "</div>\n");
    if (!rows)
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_INVITE_NONE));
    page_end(r);
}

void invitations_post(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_INVITE, &n))
        return;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT p.id FROM person p JOIN node h ON h.id = p.household_id"
                          " WHERE p.password_hash IS NULL AND h.path >= ? AND h.path < ?"
                          " AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.person_id = p.id"
                          " AND i.used_at IS NULL)");
    db_bind(st, "ss", n.path, node_path_end(&r->arena, n.path));
    size_t cap = 64, count = 0;
    int64_t *ids = arena_alloc(&r->arena, cap * sizeof *ids);
    while (db_step(st) == DB_ROW) {
        if (count == cap) {
            int64_t *more = arena_alloc(&r->arena, 2 * cap * sizeof *more);
            memcpy(more, ids, cap * sizeof *ids);
            ids = more;
            cap *= 2;
        }
        ids[count++] = db_column_int(st, 0);
    }
    db_done(st);
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < count; i++) {
        char code[INVITE_CODE_LEN + 1];
        int64_t made = 0;
        /* A clash with an existing code is astronomically rare; then draw again. ON CONFLICT
         * keeps the transaction alive on PostgreSQL, where a failed statement would end it. */
        for (int tries = 0; !made && tries < 5; tries++) {
            invite_code(code);
            made = db_int(r->db, 0,
                          "INSERT INTO invitation(code, person_id, created_by, created_at)"
                          " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING person_id",
                          "siii", code, ids[i], r->person_id, now);
        }
        if (!made) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
    }
    req_redirect(r, arena_printf(&r->arena, "/nodes/%lld/invitations", (long long)n.id));
}
