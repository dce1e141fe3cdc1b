/* GET /people/{id}: one person. The person themself, and whoever may see the people of their
 * household (ACT_VIEW_PEOPLE), may look; the phone follows people.c's rule. */
#include "auth/role_label.h"
#include "db/db.h"
#include "org/guard.h"
#include "org/pages.h"
#include "org/people.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

void person_page(struct req *r)
{
    struct person_row p;
    if (person_get(r, r->id, &p) != 0) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    if (p.id != r->person_id && !may(r, p.household_path, ACT_VIEW_PEOPLE)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return;
    }
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_PERSON_TITLE), p.name));
    html(o, "<dl class=\"facts\"><dt>%s</dt>", T(r, M_ADDRESS));
    if (p.household_id)
        html(o, "<dd><a href=\"/nodes/%lld\">%s</a></dd>", (long long)p.household_id, p.address);
    else
        html(o, "<dd>—</dd>"); /* e.g. a subdistrict administrator who lives elsewhere */
    html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_PHONE), p.phone[0] ? p.phone : "—");
    html(o, "<dt>%s</dt><dd>%s</dd></dl>\n", T(r, M_ACCOUNT),
         T(r, p.has_account ? M_HAS_ACCOUNT : M_NO_ACCOUNT));
    struct db_stmt *st = db_prepare(r->db, "SELECT r.role, n.id, n.name FROM role r JOIN node n"
                                           " ON n.id = r.node_id WHERE r.person_id = ?");
    db_bind(st, "i", p.id);
    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_MY_ROLES));
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        int role = role_parse(db_column_text(st, 0));
        html(o, "<li class=\"cell\"><a href=\"/nodes/%lld\">%s · %s</a></li>\n",
             (long long)db_column_int(st, 1),
             T(r, role_msg(role < 0 ? ROLE_RESIDENT : (enum role)role)), db_column_text(st, 2));
        rows++;
    }
    db_done(st);
    if (!rows)
        html(o, "<li class=\"cell muted\">%s</li>\n", T(r, M_NO_ROLES));
    html(o, "</ul></section>\n");
    page_end(r);
}
