/* GET/POST /halls/{id}/propose: the form to raise a topic in a hall, without JavaScript. A
 * refusal shows the form again with what was typed and one plain sentence; success goes to the
 * topic's page. Leaders and workers also see the channel and the proposer's number, to enter
 * topics collected offline. The form is multipart so photos can go with the topic (optional,
 * cleaned and stored by photo.c in the same transaction: a bad photo refuses the whole topic). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "hall/pages.h"
#include "hall/photo.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* Parses yuan as typed ("1500", "1,500.5", "¥20") into fen; "" is unknown. False when it is not
 * an amount (a minus sign makes it negative: the check below says so in words). */
static bool parse_yuan(const char *s, int64_t *fen)
{
    *fen = TIER_COST_UNKNOWN;
    if (!s)
        return true;
    while (*s == ' ')
        s++;
    if (strncmp(s, "¥", strlen("¥")) == 0)
        s += strlen("¥");
    if (!*s)
        return true;
    bool neg = *s == '-';
    if (neg)
        s++;
    int64_t yuan = 0, cents = 0;
    int digits = 0, decimals = -1;
    for (; *s && *s != ' '; s++) {
        if (*s == ',' && decimals < 0)
            continue;
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s) || digits > 12 || decimals >= 2)
            return false;
        if (decimals < 0)
            yuan = yuan * 10 + (*s - '0');
        else
            cents += (*s - '0') * (decimals++ == 0 ? 10 : 1);
        digits++;
    }
    if (!digits)
        return false;
    *fen = (yuan * 100 + cents) * (neg ? -1 : 1);
    if (*fen < 0)
        *fen = -2; /* -1 would read as "unknown" */
    return true;
}

static void option(struct req *r, int64_t id, const char *name, enum node_kind kind, int64_t chosen)
{
    html(&r->out, "<option value=\"%lld\"%s>%s · %s</option>", (long long)id,
         id == chosen ? " selected" : "", name, T(r, node_kind_msg(kind)));
}

/* The parts of the hall a topic may be about: the hall's node, its blocks and groups, and the
 * reader's own household when it lies under the hall. */
static void node_options(struct req *r, const struct node *hall, int64_t chosen)
{
    option(r, hall->id, hall->name, hall->kind, chosen);
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, name, kind FROM node WHERE path >= ? AND path < ?"
                          " AND kind IN ('block', 'group') AND id <> ? ORDER BY path");
    db_bind(st, "ssi", hall->path, node_path_end(&r->arena, hall->path), hall->id);
    while (db_step(st) == DB_ROW) {
        int k = node_kind_parse(db_column_text(st, 2));
        option(r, db_column_int(st, 0), db_column_text(st, 1),
               k < 0 ? KIND_GROUP : (enum node_kind)k, chosen);
    }
    db_done(st);
    for (size_t i = 0; i < r->ngrants; i++) {
        if (r->grants[i].role != ROLE_RESIDENT || !perm_path_within(r->grants[i].path, hall->path))
            continue;
        struct node *chain;
        size_t n = node_ancestors(r->db, &r->arena, r->grants[i].path, &chain);
        if (n == 0)
            continue;
        const char *name = "";
        for (size_t k = 0; k < n; k++)
            if (chain[k].kind > KIND_AREA)
                name = arena_printf(&r->arena, "%s%s%s", name, name[0] ? " " : "", chain[k].name);
        option(r, chain[n - 1].id, name, KIND_HOUSEHOLD, chosen);
    }
}

static const char *value(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

static void propose_view(struct req *r, const struct node *hall, const char *error)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_PROPOSE_TITLE), hall->name));
    html(o, "<p><a href=\"/halls/%lld\">‹ ", (long long)hall->id);
    html(o, T(r, M_HALL_OF), hall->name);
    html(o, "</a></p><p>%s</p>\n", T(r, M_PROPOSE_HELP));
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    html(o,
         "<form method=\"post\" action=\"/halls/%lld/propose\" class=\"stack\" "
         "enctype=\"multipart/form-data\">",
         (long long)hall->id);
    csrf_field(r);
    html(o,
         "<label for=\"title\">%s</label><input id=\"title\" name=\"title\" required "
         "maxlength=\"%d\" value=\"%s\">",
         T(r, M_PROPOSE_FIELD_TITLE), TOPIC_TITLE_MAX, value(r, "title"));
    html(o,
         "<label for=\"description\">%s</label><textarea id=\"description\" name=\"description\" "
         "required rows=\"5\" maxlength=\"%d\">%s</textarea>",
         T(r, M_PROPOSE_FIELD_DESCRIPTION), TOPIC_TEXT_MAX, value(r, "description"));
    html(o,
         "<label for=\"suggestion\">%s</label><textarea id=\"suggestion\" name=\"suggestion\" "
         "rows=\"3\" maxlength=\"%d\">%s</textarea>",
         T(r, M_PROPOSE_FIELD_SUGGESTION), TOPIC_SUGGESTION_MAX, value(r, "suggestion"));
    const char *node_s = req_param(r, "node_id");
    html(o, "<label for=\"node_id\">%s</label><select id=\"node_id\" name=\"node_id\">",
         T(r, M_TOPIC_SCOPE));
    node_options(r, hall, node_s ? atoll(node_s) : hall->id);
    html(o, "</select><label for=\"category\">%s</label><select id=\"category\" name=\"category\">",
         T(r, M_TOPIC_CATEGORY));
    const char *cat = value(r, "category");
    for (int c = 0; c < TOPIC_CAT_COUNT; c++)
        html(o, "<option value=\"%s\"%s>%s</option>", topic_category_key((enum topic_category)c),
             strcmp(cat, topic_category_key((enum topic_category)c)) == 0 ? " selected" : "",
             topic_category_name((enum topic_category)c, (int)r->lang));
    html(o,
         "</select><label for=\"cost\">%s</label><input id=\"cost\" name=\"cost\" "
         "inputmode=\"decimal\" maxlength=\"20\" value=\"%s\">",
         T(r, M_PROPOSE_FIELD_COST), value(r, "cost"));
    if (may(r, hall->path, ACT_ENTER_TOPIC)) {
        const char *ch = value(r, "channel");
        html(o, "<label for=\"channel\">%s</label><select id=\"channel\" name=\"channel\">",
             T(r, M_TOPIC_CHANNEL));
        for (int c = 0; c < CH_COUNT; c++)
            html(o, "<option value=\"%s\"%s>%s</option>", topic_channel_key((enum topic_channel)c),
                 strcmp(ch, topic_channel_key((enum topic_channel)c)) == 0 ? " selected" : "",
                 T(r, topic_channel_msg((enum topic_channel)c)));
        html(o,
             "</select><label for=\"proposer_id\">%s</label><input id=\"proposer_id\" "
             "name=\"proposer_id\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"15\" "
             "value=\"%s\">",
             T(r, M_PROPOSE_FIELD_PROPOSER), value(r, "proposer_id"));
    }
    /* No capture attribute: people choose from their album or take a picture, as they like. */
    html(o,
         "<label for=\"photo\">%s</label><input id=\"photo\" name=\"photo\" type=\"file\" "
         "accept=\"image/jpeg,image/png\" multiple>",
         T(r, M_PHOTO_FIELD));
    html(o,
         "<label class=\"check\"><input type=\"checkbox\" name=\"proposer_public\" value=\"1\"%s>"
         " %s</label><button class=\"primary\" type=\"submit\">%s</button></form>\n",
         req_param(r, "proposer_public") ? " checked" : "", T(r, M_PROPOSE_FIELD_PUBLIC),
         T(r, M_PROPOSE_SUBMIT));
    page_end(r);
}

static bool hall_guard(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_VIEW_TREE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    return true;
}

void propose_page(struct req *r)
{
    struct node hall;
    if (hall_guard(r, &hall))
        propose_view(r, &hall, NULL);
}

void propose_post(struct req *r)
{
    struct node hall;
    if (!hall_guard(r, &hall))
        return;
    const char *node_s = req_param(r, "node_id");
    const char *proposer_s = req_param(r, "proposer_id");
    const char *channel = req_param(r, "channel");
    struct topic_input in = {
        .title = req_param(r, "title"),
        .description = req_param(r, "description"),
        .suggestion = req_param(r, "suggestion"),
        .category = req_param(r, "category"),
        .channel = channel && channel[0] ? channel : NULL,
        .node_id = node_s ? atoll(node_s) : 0,
        .proposer_id = proposer_s ? atoll(proposer_s) : 0,
        .proposer_public = req_param(r, "proposer_public") != NULL,
    };
    struct topic_problem p;
    if (!parse_yuan(req_param(r, "cost"), &in.cost_fen)) {
        p = (struct topic_problem){TOPIC_BAD_COST, "cost", 0};
        r->status = 422;
        propose_view(r, &hall, topic_problem_text(r, &p));
        return;
    }
    int64_t id = topic_create(r, &in, &p);
    if (!id) {
        if (p.err == TOPIC_DB_ERROR) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
        r->status = topic_problem_status(p.err);
        propose_view(r, &hall, topic_problem_text(r, &p));
        return;
    }
    enum photo_err pe;
    if (photo_attach_from_form(r, "photo", "topic", id, &pe) < 0) {
        if (pe == PHOTO_DB_ERROR) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
        r->status = photo_err_status(pe); /* >= 400: the topic is rolled back too */
        propose_view(r, &hall, photo_err_text(r, pe));
        return;
    }
    req_redirect(r, arena_printf(&r->arena, "/topics/%lld?new=1", (long long)id));
}
