/* A hall's own rules for online deliberation, for its moderators (standing directors and
 * workers: ACT_MODERATE on the hall's node):
 *   GET  /halls/{id}/settings   the form
 *   POST /halls/{id}/settings   opinion_limit (1..20), opinion_max_chars (50..2000),
 *                               others_may_read (checkbox): saved and audited */
#include <stdlib.h>

#include "hall/opinion_store.h"
#include "hall/pages.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* Loads the hall of the route's {id} and checks the reader moderates it; answers otherwise. */
static bool settings_guard(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_MODERATE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    return true;
}

static void settings_view(struct req *r, const struct node *n, const struct hall_settings *s,
                          const char *notice, bool error)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_OP_SETTINGS_TITLE), n->name));
    html(o, "<p><a href=\"/halls/%lld\">‹ ", (long long)n->id);
    html(o, T(r, M_HALL_OF), n->name);
    html(o, "</a></p>\n");
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             error ? "notice-error" : "notice-ok", error ? "alert" : "status", notice);
    html(o, "<form method=\"post\" action=\"/halls/%lld/settings\" class=\"stack\">",
         (long long)n->id);
    csrf_field(r);
    html(o,
         "<label for=\"limit\">%s</label><input id=\"limit\" name=\"opinion_limit\" "
         "type=\"number\" min=\"%d\" max=\"%d\" value=\"%d\" required>",
         T(r, M_OP_SETTINGS_LIMIT), OPINION_LIMIT_MIN, OPINION_LIMIT_MAX, s->opinion_limit);
    html(o,
         "<label for=\"chars\">%s</label><input id=\"chars\" name=\"opinion_max_chars\" "
         "type=\"number\" min=\"%d\" max=\"%d\" value=\"%d\" required>",
         T(r, M_OP_SETTINGS_CHARS), OPINION_CHARS_MIN, OPINION_CHARS_MAX, s->opinion_max_chars);
    html(o,
         "<label class=\"check\"><input type=\"checkbox\" name=\"others_may_read\" value=\"1\"%s>"
         " %s</label>",
         s->others_may_read ? " checked" : "", T(r, M_OP_SETTINGS_READ));
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n",
         T(r, M_OP_SETTINGS_SAVE));
    page_end(r);
}

void hall_settings_page(struct req *r)
{
    struct node n;
    if (!settings_guard(r, &n))
        return;
    struct hall_settings s = hall_settings_get(r, n.id);
    settings_view(r, &n, &s, req_query(r, "saved") ? T(r, M_OP_SETTINGS_SAVED) : NULL, false);
}

/* A whole-number form field, or -1 (out of every range) when missing or not a number. */
static int number_field(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    if (!v || !v[0])
        return -1;
    char *end;
    long x = strtol(v, &end, 10);
    return *end == '\0' && x >= 0 && x <= 100000 ? (int)x : -1;
}

void hall_settings_post(struct req *r)
{
    struct node n;
    if (!settings_guard(r, &n))
        return;
    struct hall_settings s = {
        .opinion_limit = number_field(r, "opinion_limit"),
        .opinion_max_chars = number_field(r, "opinion_max_chars"),
        .others_may_read = req_param(r, "others_may_read") != NULL,
    };
    enum opinion_err e = hall_settings_put(r, n.id, n.path, &s);
    if (e != OPINION_OK) {
        r->status = opinion_err_status(e);
        settings_view(r, &n, &s, T(r, opinion_err_msg(e)), true);
        return;
    }
    req_redirect(r, arena_printf(&r->arena, "/halls/%lld/settings?saved=1", (long long)n.id));
}
