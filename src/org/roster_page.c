/* GET /nodes/{id}/people: the residents' roster under a node, 100 to a page. Needs
 * ACT_VIEW_PEOPLE on the node (a worker on their area, a building-group leader on their group,
 * a resident on their own household). */
#include <stdlib.h>

#include "org/guard.h"
#include "org/pages.h"
#include "org/people.h"
#include "web/html.h"
#include "web/layout.h"

void node_people_page(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_PEOPLE, &n))
        return;
    long long page = req_page(r);
    struct person_row *rows;
    bool more;
    size_t count = people_under(r, n.path, (page - 1) * ROSTER_PAGE_SIZE, &rows, &more);

    struct buf *o = &r->out;
    char *title = arena_printf(&r->arena, T(r, M_ROSTER_TITLE), n.name);
    page_begin(r, title);
    html(o, "<p><a href=\"/nodes/%lld\">‹ %s</a></p>\n", (long long)n.id, n.name);
    html(o,
         "<div class=\"table-scroll\"><table class=\"grid\"><thead><tr><th "
         "scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
         T(r, M_PERSON_NAME), T(r, M_ADDRESS), T(r, M_PHONE), T(r, M_ACCOUNT));
    for (size_t i = 0; i < count; i++)
        html(o,
             "<tr><td><a href=\"/people/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>"
             "</tr>\n",
             (long long)rows[i].id, rows[i].name, rows[i].address, rows[i].phone,
             T(r, rows[i].has_account ? M_HAS_ACCOUNT : M_NO_ACCOUNT));
    html(o, "</tbody></table></div>\n<nav class=\"pager\">");
    if (page > 1)
        html(o, "<a href=\"/nodes/%lld/people?page=%lld\">%s</a>", (long long)n.id, page - 1,
             T(r, M_PAGE_PREV));
    if (more)
        html(o, "<a href=\"/nodes/%lld/people?page=%lld\">%s</a>", (long long)n.id, page + 1,
             T(r, M_PAGE_NEXT));
    html(o, "</nav>\n");
    page_end(r);
}
