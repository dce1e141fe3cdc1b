/* GET/POST /nodes/{id}/import: a worker uploads the residents' roster of a residential area as
 * a CSV file saved from Excel. Every bad row is listed with its line and reason, and nothing
 * is stored unless every row is good or the worker ticked "import only the good rows".
 * Needs ACT_IMPORT_ROSTER. */
#include <string.h>

#include "org/csv.h"
#include "org/guard.h"
#include "org/import.h"
#include "org/pages.h"
#include "org/roster.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static const enum msg column_msgs[RC_COUNT] = {M_COL_NAME, M_COL_PHONE, M_COL_BUILDING,
                                               M_COL_ROOM, M_COL_GROUP, M_COL_BLOCK};

/* The reason for one problem, in the reader's language. */
static const char *problem_text(struct req *r, const struct roster_problem *p)
{
    const char *col = T(r, column_msgs[p->col < RC_COUNT ? p->col : 0]);
    switch (p->err) {
    case ROSTER_NO_HEADER:
        return T(r, M_ROSTER_NO_HEADER);
    case ROSTER_MISSING_COLUMN:
        return arena_printf(&r->arena, T(r, M_ROSTER_MISSING_COLUMN), col);
    case ROSTER_EMPTY_FIELD:
        return arena_printf(&r->arena, T(r, M_ROSTER_EMPTY_FIELD), col);
    case ROSTER_TOO_LONG:
        return arena_printf(&r->arena, T(r, M_ROSTER_TOO_LONG), col);
    case ROSTER_BAD_PHONE:
        return T(r, M_ROSTER_BAD_PHONE);
    case ROSTER_DUPLICATE:
        return T(r, M_ROSTER_DUPLICATE);
    case ROSTER_EXTRA_FIELDS:
        return T(r, M_ROSTER_EXTRA_FIELDS);
    case ROSTER_CONTROL_CHAR:
        return arena_printf(&r->arena, T(r, M_ROSTER_CONTROL_CHAR), col);
    default:
        return "?";
    }
}

static void import_view(struct req *r, const struct node *n, const char *notice, bool error,
                        const struct roster *problems)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_IMPORT_TITLE), n->name));
    html(o, "<p><a href=\"/nodes/%lld\">‹ %s</a></p>\n", (long long)n->id, n->name);
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             error ? "notice-error" : "notice-ok", error ? "alert" : "status", notice);
    if (problems && problems->nproblems) {
        html(o,
             "<table class=\"grid problems\"><thead><tr><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
             T(r, M_LINE), T(r, M_PROBLEM));
        for (size_t i = 0; i < problems->nproblems; i++)
            html(o, "<tr><td class=\"num\">%zu</td><td>%s</td></tr>\n", problems->problems[i].line,
                 problem_text(r, &problems->problems[i]));
        html(o, "</tbody></table>\n");
    }
    html(o, "<p>%s</p>\n", T(r, M_IMPORT_HELP));
    html(o,
         "<form method=\"post\" action=\"/nodes/%lld/import\" enctype=\"multipart/form-data\" "
         "class=\"stack\">",
         (long long)n->id);
    csrf_field(r);
    html(o,
         "<label for=\"file\">%s</label><input id=\"file\" name=\"file\" type=\"file\" "
         "accept=\".csv,text/csv\" required>"
         "<label class=\"check\"><input type=\"checkbox\" name=\"good_only\" value=\"1\"> %s"
         "</label><button class=\"primary\" type=\"submit\">%s</button></form>\n",
         T(r, M_IMPORT_FILE), T(r, M_IMPORT_GOOD_ONLY), T(r, M_IMPORT_BUTTON));
    page_end(r);
}

static bool area_guard(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_IMPORT_ROSTER, n))
        return false;
    if (n->kind != KIND_AREA) {
        fail(r, 400, "not_area", M_IMPORT_NOT_AREA);
        return false;
    }
    return true;
}

void import_page(struct req *r)
{
    struct node n;
    if (area_guard(r, &n))
        import_view(r, &n, NULL, false, NULL);
}

void import_post(struct req *r)
{
    struct node n;
    if (!area_guard(r, &n))
        return;
    const struct form_field *file = form_field(&r->form, "file");
    if (!file || file->value_len == 0) {
        r->status = 400;
        import_view(r, &n, T(r, M_IMPORT_NO_FILE), true, NULL);
        return;
    }
    bool good_only = req_param(r, "good_only") != NULL;
    struct buf text;
    buf_init(&text);
    struct csv csv;
    size_t bad_line = 0;
    enum csv_status cs = csv_decode(file->value, file->value_len, &text);
    if (cs == CSV_OK)
        cs = csv_parse(&r->arena, text.data, text.len, &csv, &bad_line);
    buf_free(&text);
    if (cs != CSV_OK) {
        r->status = 400;
        const char *why = cs == CSV_BAD_ENCODING ? T(r, M_IMPORT_BAD_ENCODING)
                          : cs == CSV_BAD_QUOTE
                              ? arena_printf(&r->arena, T(r, M_IMPORT_BAD_QUOTE), bad_line)
                              : T(r, M_IMPORT_TOO_BIG);
        import_view(r, &n, why, true, NULL);
        return;
    }
    struct roster roster;
    size_t problems = roster_check(&r->arena, &csv, &roster);
    bool header_broken = false;
    for (size_t i = 0; i < roster.nproblems; i++)
        if (roster.problems[i].err == ROSTER_NO_HEADER ||
            roster.problems[i].err == ROSTER_MISSING_COLUMN)
            header_broken = true;
    if (problems && (!good_only || header_broken)) {
        r->status = 422;
        import_view(r, &n, arena_printf(&r->arena, T(r, M_IMPORT_PROBLEMS), problems), true,
                    &roster);
        return;
    }
    struct import_counts c;
    if (import_roster(r->db, n.id, &roster, r->person_id, &c) != 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    import_view(r, &n,
                arena_printf(&r->arena, T(r, M_IMPORT_DONE), (long long)c.people_added,
                             (long long)c.households_added, (long long)c.people_updated,
                             (long long)c.people_unchanged, problems),
                false, problems ? &roster : NULL);
}
