/* The live room's shared view parts (see room_view.h): the live parts are drawn from the same
 * public snapshot the live event carries, so assets/meeting.js redraws them from the event. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/assets.h"
#include "meeting/command.h"
#include "meeting/policy.h"
#include "meeting/room_errors.h"
#include "meeting/room_page.h"
#include "meeting/room_view.h"
#include "meeting/room_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

const char *const rv_view_names[3] = {"chair", "room", "screen"};

void rv_ctx_free(struct room_ctx *c)
{
    json_decref(c->snap);
    json_decref(c->m.setup);
    room_run_free(&c->run);
}

/* Loads the meeting for a view; false after answering (404, 403, 500). */
bool rv_ctx_load(struct req *r, struct room_ctx *c)
{
    memset(c, 0, sizeof *c);
    if (!meeting_load(r, &c->m))
        return false;
    if (room_load(r, &c->m, &c->run, &c->info) < 0) {
        json_decref(c->m.setup);
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    if (!room_may_watch(r, &c->m, &c->info)) {
        rv_ctx_free(c);
        fail(r, 403, "forbidden", M_ROOM_WATCH_FORBIDDEN);
        return false;
    }
    c->self = room_self(r);
    c->staff = may(r, c->m.path, ACT_RUN_POLL);
    c->recorder = c->info.recorder_id != 0 && c->info.recorder_id == r->person_id;
    struct room_names names = {r, c->m.id};
    int64_t now = (int64_t)time(NULL);
    c->snap = room_snapshot(&c->run, room_name, &names, c->run.n, "", now);
    if (c->snap)
        room_item_title(r, c->m.id, c->snap);
    c->me = mt_person_find(room_state(&c->run), c->self);
    return c->snap != NULL;
}

const char *rv_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

long long rv_num(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

static enum msg meeting_state_msg(const char *st)
{
    static const struct {
        const char *name;
        enum msg m;
    } t[] = {{"SCHEDULED", M_ROOM_MS_SCHEDULED},
             {"IN_SESSION", M_ROOM_MS_IN_SESSION},
             {"RECESSED", M_ROOM_MS_RECESSED},
             {"NO_QUORUM", M_ROOM_MS_NO_QUORUM},
             {"ADJOURNED", M_ROOM_MS_ADJOURNED}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (strcmp(st, t[i].name) == 0)
            return t[i].m;
    return M_ROOM_MS_IN_SESSION;
}

const char *rv_method_text(struct req *r, const char *method)
{
    return T(r, strcmp(method, "ROLL_CALL") == 0 ? M_ROOM_ROLL_CALL
                : strcmp(method, "BALLOT") == 0  ? M_ROOM_BALLOT
                                                 : M_ROOM_HANDS);
}

const char *rv_stance_text(struct req *r, const char *stance)
{
    return strcmp(stance, "PRO") == 0   ? T(r, M_ROOM_PRO)
           : strcmp(stance, "CON") == 0 ? T(r, M_ROOM_CON)
                                        : "";
}

/* The labels meeting.js needs to draw the live parts as the server does. */
static void labels(struct req *r)
{
    json_t *l = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,"
        "s:s,s:s,s:s,s:s}",
        "SCHEDULED", T(r, M_ROOM_MS_SCHEDULED), "IN_SESSION", T(r, M_ROOM_MS_IN_SESSION),
        "RECESSED", T(r, M_ROOM_MS_RECESSED), "NO_QUORUM", T(r, M_ROOM_MS_NO_QUORUM), "ADJOURNED",
        T(r, M_ROOM_MS_ADJOURNED), "present", T(r, M_ROOM_PRESENT), "item", T(r, M_ROOM_ITEM),
        "noQuestion", T(r, M_ROOM_NO_QUESTION), "movedBy", T(r, M_ROOM_MOVED_BY), "nobody",
        T(r, M_ROOM_NOBODY), "speaking", T(r, M_ROOM_SPEAKING), "recognized",
        T(r, M_ROOM_RECOGNIZED), "left", T(r, M_ROOM_LEFT), "queueEmpty", T(r, M_ROOM_QUEUE_EMPTY),
        "next", T(r, M_ROOM_NEXT), "PRO", T(r, M_ROOM_PRO), "CON", T(r, M_ROOM_CON), "voting",
        T(r, M_ROOM_VOTE_OPEN), "cast", T(r, M_ROOM_CAST), "noResult", T(r, M_ROOM_NO_RESULT),
        "yes", T(r, M_ROOM_YES), "no", T(r, M_ROOM_NO), "abstain", T(r, M_ROOM_ABSTAIN), "HANDS",
        T(r, M_ROOM_HANDS), "ROLL_CALL", T(r, M_ROOM_ROLL_CALL), "BALLOT", T(r, M_ROOM_BALLOT));
    json_object_set_new(l, "ADOPTED", json_string(T(r, M_ROOM_ADOPTED)));
    json_object_set_new(l, "REJECTED", json_string(T(r, M_ROOM_REJECTED)));
    json_object_set_new(l, "mine", json_string(T(r, M_ROOM_MY_SPEECHES)));
    json_object_set_new(l, "handsHint", json_string(T(r, M_ROOM_HANDS_HINT)));
    json_object_set_new(l, "en", json_boolean(r->lang == LANG_EN));
    char *text = json_dumps(l, JSON_COMPACT);
    html(&r->out, " data-labels=\"%s\"", text ? text : "{}");
    free(text);
    json_decref(l);
}

/* ---- the live parts, drawn from the snapshot (meeting.js draws the same markup) ---- */

static void live_status(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    html(o, "<p data-k=\"status\" class=\"room-status\"><strong>%s</strong> · ",
         T(r, meeting_state_msg(rv_str(s, "meeting"))));
    html(o, T(r, M_ROOM_PRESENT), (int)rv_num(s, "present"), (int)rv_num(s, "quorum"));
    if (json_is_string(json_object_get(s, "item")))
        html(o, " · %s %s%s%s", T(r, M_ROOM_ITEM), rv_str(s, "item"),
             json_is_string(json_object_get(s, "item_title")) ? " " : "", rv_str(s, "item_title"));
    html(o, "</p>\n");
}

static void live_question(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    const json_t *q = json_object_get(s, "question");
    html(o, "<div data-k=\"question\">");
    if (!json_is_object(q)) {
        html(o, "<p class=\"muted\">%s</p>", T(r, M_ROOM_NO_QUESTION));
    } else {
        html(o, "<p class=\"kind\">%s · %s</p>",
             r->lang == LANG_EN ? rv_str(q, "type") : rv_str(q, "type_zh"), rv_str(q, "id"));
        if (json_is_string(json_object_get(q, "text")))
            html(o, "<p class=\"room-q\">%s</p>", rv_str(q, "text"));
        const json_t *mv = json_object_get(q, "mover");
        if (json_is_object(mv))
            html(o, "<p class=\"muted\">%s%s</p>", T(r, M_ROOM_MOVED_BY), rv_str(mv, "name"));
    }
    html(o, "</div>\n");
}

static void live_floor(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    const json_t *f = json_object_get(s, "floor");
    html(o, "<div data-k=\"floor\">");
    if (!json_is_object(f)) {
        html(o, "<p class=\"muted\">%s</p>", T(r, M_ROOM_NOBODY));
    } else {
        const char *st = rv_stance_text(r, rv_str(f, "stance"));
        html(o, "<p><strong class=\"room-who\">%s</strong>%s%s%s %s", rv_str(f, "name"),
             *st ? "（" : "", st, *st ? "）" : "",
             T(r,
               json_is_true(json_object_get(f, "speaking")) ? M_ROOM_SPEAKING : M_ROOM_RECOGNIZED));
        if (json_is_true(json_object_get(f, "speaking"))) {
            /* by the wall clock when the server keeps it: the engine's remaining is as of
             * its last tick */
            long long left = rv_num(f, "remaining");
            if (json_is_integer(json_object_get(f, "ends_at"))) {
                left = rv_num(f, "ends_at") - (long long)time(NULL);
                left = left < 0 ? 0 : left;
            }
            html(o, " <span class=\"room-clock\"");
            if (json_is_integer(json_object_get(f, "ends_at")))
                html(o, " data-ends-at=\"%lld\"", rv_num(f, "ends_at"));
            html(o, ">%lld:%02lld</span> %s", left / 60, left % 60, T(r, M_ROOM_LEFT));
        }
        html(o, "</p>");
    }
    html(o, "</div>\n");
}

static void live_queue(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    const json_t *q = json_object_get(s, "queue");
    html(o, "<div data-k=\"queue\">");
    if (json_array_size(q) == 0) {
        html(o, "<p class=\"muted\">%s</p>", T(r, M_ROOM_QUEUE_EMPTY));
    } else {
        const json_t *next = json_object_get(s, "next");
        if (json_is_object(next))
            html(o, "<p>%s：<strong>%s</strong></p>", T(r, M_ROOM_NEXT), rv_str(next, "name"));
        html(o, "<ol class=\"cells room-queue\">");
        size_t i;
        const json_t *e;
        json_array_foreach(q, i, e)
        {
            html(o, "<li class=\"cell\">%s · %s</li>", rv_str(e, "name"),
                 rv_stance_text(r, rv_str(e, "stance")));
        }
        html(o, "</ol>");
        if (rv_num(s, "queued") > (long long)json_array_size(q))
            html(o, "<p class=\"muted\">… %lld</p>", rv_num(s, "queued"));
    }
    html(o, "</div>\n");
}

static void live_vote(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    const json_t *v = json_object_get(s, "vote");
    html(o, "<div data-k=\"vote\">");
    /* hands are counted in the room, never cast here: say so rather than "0 cast" */
    if (json_is_object(v) && strcmp(rv_str(v, "method"), "HANDS") == 0)
        html(o, "<p class=\"notice\"><strong>%s</strong>（%s）· %s</p>", T(r, M_ROOM_VOTE_OPEN),
             rv_method_text(r, "HANDS"), T(r, M_ROOM_HANDS_HINT));
    else if (json_is_object(v))
        html(o, "<p class=\"notice\"><strong>%s</strong>（%s）· %s %lld</p>",
             T(r, M_ROOM_VOTE_OPEN), rv_method_text(r, rv_str(v, "method")), T(r, M_ROOM_CAST),
             rv_num(v, "cast"));
    html(o, "</div>\n<h3>%s</h3>\n<div data-k=\"result\">", T(r, M_ROOM_RESULT));
    const json_t *res = json_object_get(s, "result");
    if (!json_is_object(res)) {
        html(o, "<p class=\"muted\">%s</p>", T(r, M_ROOM_NO_RESULT));
    } else {
        bool adopted = strcmp(rv_str(res, "state"), "ADOPTED") == 0;
        html(o, "<p class=\"kind\">%s · %s · %s</p>",
             r->lang == LANG_EN ? rv_str(res, "type") : rv_str(res, "type_zh"), rv_str(res, "id"),
             rv_method_text(r, rv_str(res, "method")));
        if (json_is_string(json_object_get(res, "text")))
            html(o, "<p>%s</p>", rv_str(res, "text"));
        html(o,
             "<p class=\"room-result\"><strong>%s</strong> %s %lld · %s %lld · %s "
             "%lld</p>",
             T(r, adopted ? M_ROOM_ADOPTED : M_ROOM_REJECTED), T(r, M_ROOM_YES), rv_num(res, "yes"),
             T(r, M_ROOM_NO), rv_num(res, "no"), T(r, M_ROOM_ABSTAIN), rv_num(res, "abstain"));
    }
    html(o, "</div>\n");
}

/* The live parts, in sections with headings: the status and the question, */
void rv_live_top(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    live_status(r, s);
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_QUESTION));
    live_question(r, s);
    html(o, "</section>\n");
}

/* then the floor, the queue and the votes. */
void rv_live_rest(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_FLOOR));
    live_floor(r, s);
    html(o, "</section>\n<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_QUEUE));
    live_queue(r, s);
    html(o, "</section>\n<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_VOTE));
    live_vote(r, s);
    html(o, "</section>\n");
}

void rv_live_parts(struct req *r, const json_t *s)
{
    rv_live_top(r, s);
    rv_live_rest(r, s);
}

/* ---- forms ---- */

void rv_form_open(struct req *r, const struct room_ctx *c, enum view v, const char *cls)
{
    html(&r->out, "<form method=\"post\" action=\"/meetings/%lld/do\" class=\"%s\">",
         (long long)c->m.id, cls);
    csrf_field(r);
    html(&r->out, "<input type=\"hidden\" name=\"view\" value=\"%s\">", rv_view_names[v]);
}

void rv_hidden(struct req *r, const char *name, const char *value)
{
    html(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value);
}

/* One command button: a form with the command's fields, or, when it is not in order now, a
 * disabled button whose reason (the rule's Chinese message) is its title and shows on tap. */
void rv_button(struct req *r, const struct room_ctx *c, enum view v, const char *line,
               enum mt_err err, const char *label)
{
    struct buf *o = &r->out;
    if (err != MT_OK) {
        const char *why = T(r, room_err_msg(err));
        html(o,
             "<details class=\"room-off\" data-err=\"%s\"><summary title=\"%s\">%s</summary>"
             "<p class=\"muted\">%s%s</p></details>\n",
             mt_err_name(err), why, label, T(r, M_ROOM_NOT_NOW), why);
        return;
    }
    rv_form_open(r, c, v, "inline room-cmd");
    json_t *j = json_loads(line, 0, NULL);
    const char *k;
    json_t *val;
    json_object_foreach(j, k, val)
    {
        /* the actor goes only when it is not the reader (the form's default) */
        if (strcmp(k, "counts") == 0 ||
            (strcmp(k, "actor") == 0 &&
             (!json_is_string(val) || strcmp(json_string_value(val), c->self) == 0)))
            continue;
        if (json_is_string(val))
            rv_hidden(r, k, json_string_value(val));
        else if (json_is_boolean(val))
            rv_hidden(r, k, json_is_true(val) ? "true" : "false");
    }
    json_decref(j);
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n", label);
}

const char *rv_name_of(struct req *r, const struct room_ctx *c, const char *eid)
{
    struct room_names names = {r, c->m.id};
    const char *n = room_name(&names, eid);
    return n ? n : eid;
}

/* ---- page frames ---- */

void rv_room_css(struct req *r)
{
    html(&r->out, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url(r, "/static/meeting.css"));
}

void rv_room_js(struct req *r)
{
    html(&r->out, "<script src=\"%s\" defer nonce=\"%s\"></script>\n",
         asset_url(r, "/static/meeting.js"), r->nonce);
}

/* The root of the live region: what meeting.js needs to know. */
void rv_root_open(struct req *r, const struct room_ctx *c, enum view v)
{
    html(&r->out,
         "<div class=\"room room-%s\" data-room data-id=\"%lld\" data-view=\"%s\" "
         "data-self=\"%s\" data-now=\"%lld\" data-seq=\"%lld\"",
         rv_view_names[v], (long long)c->m.id, rv_view_names[v], c->self, (long long)time(NULL),
         (long long)c->run.n);
    labels(r);
    html(&r->out, ">\n");
}

void rv_views_nav(struct req *r, const struct room_ctx *c)
{
    long long id = (long long)c->m.id;
    html(
        &r->out,
        "<nav class=\"inline room-views\" aria-label=\"%s\"><a href=\"/meetings/%lld/room\">%s</a>",
        T(r, M_ROOM_VIEWS), id, T(r, M_ROOM_PHONE));
    if (rv_may_console(c))
        html(&r->out, " · <a href=\"/meetings/%lld/chair\">%s</a>", id, T(r, M_ROOM_CHAIR));
    html(&r->out, " · <a href=\"/meetings/%lld/screen\">%s</a></nav>\n", id, T(r, M_ROOM_SCREEN));
}

void rv_page_open(struct req *r, const struct room_ctx *c, enum view v, enum msg title)
{
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, title), c->m.title));
    rv_room_css(r);
    rv_views_nav(r, c);
    rv_refusal(r);
    rv_root_open(r, c, v);
}

void rv_refusal(struct req *r)
{
    if (r->form_failed && strcmp(r->form_failed, "room") == 0)
        html(&r->out, "<div class=\"notice notice-error\" role=\"alert\"><p>%s%s</p></div>\n",
             T(r, M_ROOM_REFUSED), r->form_message);
}
