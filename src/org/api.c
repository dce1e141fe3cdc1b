/* JSON API of the territory area:
 *   GET /api/v1/me                      who is signed in, their household and roles
 *   GET /api/v1/nodes                   the roots of the tree
 *   GET /api/v1/nodes/{id}              one node with counts
 *   GET /api/v1/nodes/{id}/children     its children with counts
 *   GET /api/v1/nodes/{id}/people       people under it (ACT_VIEW_PEOPLE), ?page=N
 *   GET /api/v1/nodes/{id}/events       live changes of the node, as Server-Sent Events */
#include <stdlib.h>

#include "auth/role_label.h"
#include "db/db.h"
#include "http/live.h"
#include "org/guard.h"
#include "org/pages.h"
#include "org/people.h"
#include "web/respond.h"

static json_t *node_json(int64_t id, const char *kind, const char *name, const char *path,
                         int64_t parent, int64_t households, int64_t people)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)id, "kind", kind, "name", name,
                  "path", path, "households", (json_int_t)households, "people", (json_int_t)people);
    json_object_set_new(o, "parent_id", parent ? json_integer(parent) : json_null());
    return o;
}

void me_api(struct req *r)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < r->ngrants; i++)
        json_array_append_new(roles, json_pack("{s:s,s:s}", "role", role_name(r->grants[i].role),
                                               "node_path", r->grants[i].path));
    int64_t household =
        db_int(r->db, 0, "SELECT household_id FROM person WHERE id = ?", "i", r->person_id);
    json_t *o = json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)r->person_id, "name",
                          r->person_name, "lang", lang_code(r->lang), "roles", roles);
    json_object_set_new(o, "household_id", household ? json_integer(household) : json_null());
    reply_json(r, o);
}

/* Answers the rows of st (id, kind, name, path, parent_id, households, people) as a list. */
static void list_nodes(struct req *r, struct db_stmt *st)
{
    json_t *list = json_array();
    while (db_step(st) == DB_ROW)
        json_array_append_new(list, node_json(db_column_int(st, 0), db_column_text(st, 1),
                                              db_column_text(st, 2), db_column_text(st, 3),
                                              db_column_null(st, 4) ? 0 : db_column_int(st, 4),
                                              db_column_int(st, 5), db_column_int(st, 6)));
    db_done(st);
    reply_json(r, json_pack("{s:o}", "nodes", list));
}

void nodes_api(struct req *r)
{
    list_nodes(r, db_prepare(r->db,
                             "SELECT id, kind, name, path, parent_id, households, people FROM node"
                             " WHERE parent_id IS NULL ORDER BY id"));
}

void node_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    reply_json(r, node_json(n.id, node_kind_name(n.kind), n.name, n.path, n.parent_id, n.households,
                            n.people));
}

void node_children_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, kind, name, path, parent_id, households, people FROM node"
                          " WHERE parent_id = ? ORDER BY id");
    db_bind(st, "i", n.id);
    list_nodes(r, st);
}

void node_people_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_PEOPLE, &n))
        return;
    long long page = req_page(r);
    struct person_row *rows;
    bool more;
    size_t count = people_under(r, n.path, (page - 1) * ROSTER_PAGE_SIZE, &rows, &more);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:I,s:b}", "id",
                                              (json_int_t)rows[i].id, "name", rows[i].name, "phone",
                                              rows[i].phone, "address", rows[i].address,
                                              "household_id", (json_int_t)rows[i].household_id,
                                              "has_account", rows[i].has_account));
    reply_json(r, json_pack("{s:I,s:I,s:b,s:o}", "node_id", (json_int_t)n.id, "page",
                            (json_int_t)page, "more", more, "people", list));
}

void node_events_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    live_subscribe(r, arena_printf(&r->arena, "node:%lld", (long long)n.id));
}
