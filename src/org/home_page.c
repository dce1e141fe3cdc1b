/* GET /: the home page. Anonymous visitors see what mulin is and the way to log in; residents
 * see their household, their halls and their roles. */
#include <stdbool.h>
#include <string.h>

#include "auth/role_label.h"
#include "db/db.h"
#include "org/node.h"
#include "org/pages.h"
#include "web/html.h"
#include "web/layout.h"

/* Writes a link to the residential-area hall that path lies in, if any and if not shown yet
 * (shown holds the ids already listed; *nshown grows). */
static void hall_link(struct req *r, const char *path, int64_t *shown, size_t *nshown)
{
    struct node *chain;
    size_t n = node_ancestors(r->db, &r->arena, path, &chain);
    for (size_t i = 0; i < n; i++) {
        if (chain[i].kind != KIND_AREA)
            continue;
        bool seen = false;
        for (size_t k = 0; k < *nshown; k++)
            seen = seen || shown[k] == chain[i].id;
        if (seen)
            continue;
        shown[(*nshown)++] = chain[i].id;
        html(&r->out, "<li class=\"cell\"><a href=\"/halls/%lld\">", (long long)chain[i].id);
        html(&r->out, T(r, M_HALL_OF), chain[i].name);
        html(&r->out, "</a></li>\n");
    }
}

void home_page(struct req *r)
{
    struct buf *o = &r->out;
    if (!r->person_id) {
        page_begin(r, T(r, M_HOME_TITLE));
        html(o, "<p class=\"lead\">%s</p>\n", T(r, M_HOME_ANON));
        html(o, "<p><a class=\"button primary\" href=\"/login\">%s</a></p>\n", T(r, M_LOGIN));
        html(o, "<p>%s <a href=\"/claim\">%s</a></p>\n", T(r, M_LOGIN_NO_ACCOUNT),
             T(r, M_CLAIM_LINK));
        page_end(r);
        return;
    }
    page_begin(r, T(r, M_HOME_TITLE));
    html(o, "<p class=\"lead\">");
    html(o, T(r, M_HOME_WELCOME), r->person_name);
    html(o, "</p>\n");

    struct db_stmt *st =
        db_prepare(r->db, "SELECT n.id, n.path FROM person p JOIN node n ON n.id = p.household_id"
                          " WHERE p.id = ?");
    db_bind(st, "i", r->person_id);
    int64_t household = 0;
    const char *household_path = NULL;
    if (db_step(st) == DB_ROW) {
        household = db_column_int(st, 0);
        household_path = arena_strdup(&r->arena, db_column_text(st, 1));
    }
    db_done(st);
    if (household) {
        struct node *chain;
        size_t n = node_ancestors(r->db, &r->arena, household_path, &chain);
        html(o, "<section><h2>%s</h2><p><a class=\"cell-link\" href=\"/nodes/%lld\">",
             T(r, M_MY_HOUSEHOLD), (long long)household);
        for (size_t i = 0; i < n; i++)
            if (chain[i].kind >= KIND_AREA)
                html(o, "%s ", chain[i].name);
        html(o, "</a></p></section>\n");
    }

    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_MY_HALLS));
    /* At most one area per grant: the hall ids shown so far fit in ngrants + 1 slots. */
    int64_t *shown = arena_alloc(&r->arena, (r->ngrants + 1) * sizeof *shown);
    size_t nshown = 0;
    if (household_path)
        hall_link(r, household_path, shown, &nshown);
    for (size_t i = 0; i < r->ngrants; i++)
        if (r->grants[i].role != ROLE_RESIDENT)
            hall_link(r, r->grants[i].path, shown, &nshown);
    html(o, "</ul></section>\n");

    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_MY_ROLES));
    int roles_shown = 0;
    for (size_t i = 0; i < r->ngrants; i++) {
        if (r->grants[i].role == ROLE_RESIDENT)
            continue;
        struct node *chain;
        size_t n = node_ancestors(r->db, &r->arena, r->grants[i].path, &chain);
        if (!n)
            continue;
        /* The whole cell is the link: "role · <a>place</a>" broke after the dot on phones. */
        html(o, "<li class=\"cell\"><a href=\"/nodes/%lld\">%s · %s</a></li>\n",
             (long long)chain[n - 1].id, T(r, role_msg(r->grants[i].role)), chain[n - 1].name);
        roles_shown++;
    }
    if (!roles_shown)
        html(o, "<li class=\"cell muted\">%s</li>\n", T(r, M_NO_ROLES));
    html(o, "</ul></section>\n");
    page_end(r);
}
