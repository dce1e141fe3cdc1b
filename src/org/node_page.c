/* GET /nodes and GET /nodes/{id}: browsing the territory tree. Any signed-in person may browse
 * names and counts; people's details need ACT_VIEW_PEOPLE (see node_people_page). */
#include "auth/role_label.h"
#include "db/db.h"
#include "org/guard.h"
#include "org/pages.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* Writes the table of children with household and people counts. */
static void children_table(struct req *r, const struct node *n)
{
    struct buf *o = &r->out;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, kind, name, households, people FROM node WHERE parent_id = ?"
                          " ORDER BY id");
    db_bind(st, "i", n->id);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (!rows)
            html(o,
                 "<table class=\"grid\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\" "
                 "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>"
                 "<tbody>\n",
                 T(r, M_NAME), T(r, M_HOUSEHOLDS), T(r, M_PEOPLE));
        int k = node_kind_parse(db_column_text(st, 1));
        html(o, "<tr><td><a href=\"/nodes/%lld\">%s</a> <span class=\"muted\">%s</span></td>",
             (long long)db_column_int(st, 0), db_column_text(st, 2),
             T(r, node_kind_msg(k < 0 ? KIND_AREA : (enum node_kind)k)));
        html(o, "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>\n",
             (long long)db_column_int(st, 3), (long long)db_column_int(st, 4));
        rows++;
    }
    db_done(st);
    if (rows)
        html(o, "</tbody></table>\n");
    else
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_NO_CHILDREN));
}

/* Writes who holds which role on this node (names only: no contact details). */
static void role_holders(struct req *r, const struct node *n)
{
    struct buf *o = &r->out;
    struct db_stmt *st = db_prepare(r->db, "SELECT r.role, p.name FROM role r JOIN person p"
                                           " ON p.id = r.person_id WHERE r.node_id = ?"
                                           " ORDER BY r.role, p.name");
    db_bind(st, "i", n->id);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (!rows)
            html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_ROLE_HOLDERS));
        int role = role_parse(db_column_text(st, 0));
        html(o, "<li class=\"cell\">%s · %s</li>\n",
             T(r, role_msg(role < 0 ? ROLE_RESIDENT : (enum role)role)), db_column_text(st, 1));
        rows++;
    }
    db_done(st);
    if (rows)
        html(o, "</ul></section>\n");
}

void nodes_index_page(struct req *r)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_TERRITORY));
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, name FROM node WHERE parent_id IS NULL ORDER BY id");
    html(o, "<ul class=\"cells\">\n");
    while (db_step(st) == DB_ROW)
        html(o, "<li class=\"cell\"><a href=\"/nodes/%lld\">%s</a></li>\n",
             (long long)db_column_int(st, 0), db_column_text(st, 1));
    db_done(st);
    html(o, "</ul>\n");
    page_end(r);
}

void node_page(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    struct buf *o = &r->out;
    page_begin(r, n.name);
    struct node *chain;
    size_t depth = node_ancestors(r->db, &r->arena, n.path, &chain);
    html(o, "<nav class=\"crumbs\" aria-label=\"%s\"><ol>", T(r, M_UP));
    for (size_t i = 0; i + 1 < depth; i++)
        html(o, "<li><a href=\"/nodes/%lld\">%s</a></li>", (long long)chain[i].id, chain[i].name);
    html(o, "<li aria-current=\"page\">%s</li></ol></nav>\n", n.name);
    html(o, "<p class=\"kind\">%s · %s %lld · %s %lld</p>\n", T(r, node_kind_msg(n.kind)),
         T(r, M_HOUSEHOLDS), (long long)n.households, T(r, M_PEOPLE), (long long)n.people);

    html(o, "<div class=\"actions\">");
    if (n.kind == KIND_AREA || n.kind == KIND_BLOCK || n.kind == KIND_GROUP)
        html(o, "<a class=\"button\" href=\"/halls/%lld\">%s</a>", (long long)n.id, T(r, M_HALL));
    if (may(r, n.path, ACT_VIEW_PEOPLE))
        html(o, "<a class=\"button\" href=\"/nodes/%lld/people\">%s</a>", (long long)n.id,
             T(r, M_VIEW_PEOPLE));
    if (n.kind == KIND_AREA && may(r, n.path, ACT_IMPORT_ROSTER))
        html(o, "<a class=\"button\" href=\"/nodes/%lld/import\">%s</a>", (long long)n.id,
             T(r, M_IMPORT_ROSTER));
    if (may(r, n.path, ACT_GRANT_ROLE))
        html(o, "<a class=\"button\" href=\"/nodes/%lld/roles\">%s</a>", (long long)n.id,
             T(r, M_MANAGE_ROLES));
    if (may(r, n.path, ACT_INVITE))
        html(o, "<a class=\"button\" href=\"/nodes/%lld/invitations\">%s</a>", (long long)n.id,
             T(r, M_INVITATIONS));
    html(o, "</div>\n");

    if (n.kind != KIND_HOUSEHOLD) {
        html(o, "<section><h2>%s</h2>\n", T(r, M_CHILDREN));
        children_table(r, &n);
        html(o, "</section>\n");
    } else if (may(r, n.path, ACT_VIEW_PEOPLE)) {
        html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_MEMBERS));
        struct db_stmt *st =
            db_prepare(r->db, "SELECT id, name FROM person WHERE household_id = ? ORDER BY id");
        db_bind(st, "i", n.id);
        while (db_step(st) == DB_ROW)
            html(o, "<li class=\"cell\"><a href=\"/people/%lld\">%s</a></li>\n",
                 (long long)db_column_int(st, 0), db_column_text(st, 1));
        db_done(st);
        html(o, "</ul></section>\n");
    }
    role_holders(r, &n);
    /* With JavaScript, app.js listens for changes to this node and offers a reload. */
    html(o,
         "<div class=\"notice notice-ok\" role=\"status\" hidden "
         "data-live=\"/api/v1/nodes/%lld/events\">"
         "<p>%s <a href=\"/nodes/%lld\">%s</a></p></div>\n",
         (long long)n.id, T(r, M_LIVE_CHANGED), (long long)n.id, T(r, M_LIVE_RELOAD));
    page_end(r);
}
