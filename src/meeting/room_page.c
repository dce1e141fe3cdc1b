/* The live meeting room's three views, server-rendered and usable without JavaScript:
 *   GET  /meetings/{id}/chair   the chair's console (the chair, the recorder, hall staff)
 *   GET  /meetings/{id}/room    the member's phone (anyone who may watch; controls for the
 *                               people on the roster, no vote buttons for observers)
 *   GET  /meetings/{id}/screen  the projector: large type, high contrast, no controls
 *   POST /meetings/{id}/do      one command from a form's fields (cmd, and stance, type, text,
 *                               motion, member, item, method, choice, sustained, to, actor,
 *                               yes/no/abstain for hands counts; view = which page to go back
 *                               to): through meeting_command, then 303 back to the view; a
 *                               refusal shows the view again with the rule's message (409)
 * The live parts (status, question, floor, queue, vote, result) are drawn from the same public
 * snapshot the live event carries (meeting/room.h), so assets/meeting.js redraws them from the
 * event without asking the server; only the console re-reads its page. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/assets.h"
#include "meeting/command.h"
#include "meeting/policy.h"
#include "meeting/room_page.h"
#include "meeting/room_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

enum view { V_CHAIR, V_ROOM, V_SCREEN };
static const char *const view_names[] = {"chair", "room", "screen"};

/* Everything a view needs, loaded once. */
struct room_ctx {
    struct meeting_row m;
    struct room_run run;
    struct room_info info;
    json_t *snap; /* the public snapshot */
    const char *self;
    int me; /* the reader's person index in the engine, or -1 */
    bool staff, recorder;
};

static void ctx_free(struct room_ctx *c)
{
    json_decref(c->snap);
    json_decref(c->m.setup);
    room_run_free(&c->run);
}

/* Loads the meeting for a view; false after answering (404, 403, 500). */
static bool ctx_load(struct req *r, struct room_ctx *c)
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
        ctx_free(c);
        fail(r, 403, "forbidden", M_ROOM_WATCH_FORBIDDEN);
        return false;
    }
    c->self = room_self(r);
    c->staff = may(r, c->m.path, ACT_RUN_POLL);
    c->recorder = c->info.recorder_id != 0 && c->info.recorder_id == r->person_id;
    struct room_names names = {r, c->m.id};
    int64_t now = (int64_t)time(NULL);
    c->snap = room_snapshot(&c->run, room_name, &names, c->run.n, "", now);
    c->me = mt_person_find(room_state(&c->run), c->self);
    return c->snap != NULL;
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static long long num(const json_t *o, const char *k)
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

static const char *method_text(struct req *r, const char *method)
{
    return T(r, strcmp(method, "ROLL_CALL") == 0 ? M_ROOM_ROLL_CALL
                : strcmp(method, "BALLOT") == 0  ? M_ROOM_BALLOT
                                                 : M_ROOM_HANDS);
}

static const char *stance_text(struct req *r, const char *stance)
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
         T(r, meeting_state_msg(str(s, "meeting"))));
    html(o, T(r, M_ROOM_PRESENT), (int)num(s, "present"), (int)num(s, "quorum"));
    if (json_is_string(json_object_get(s, "item")))
        html(o, " · %s %s", T(r, M_ROOM_ITEM), str(s, "item"));
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
             r->lang == LANG_EN ? str(q, "type") : str(q, "type_zh"), str(q, "id"));
        if (json_is_string(json_object_get(q, "text")))
            html(o, "<p class=\"room-q\">%s</p>", str(q, "text"));
        const json_t *mv = json_object_get(q, "mover");
        if (json_is_object(mv))
            html(o, "<p class=\"muted\">%s%s</p>", T(r, M_ROOM_MOVED_BY), str(mv, "name"));
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
        const char *st = stance_text(r, str(f, "stance"));
        html(o, "<p><strong class=\"room-who\">%s</strong>%s%s%s %s", str(f, "name"),
             *st ? "（" : "", st, *st ? "）" : "",
             T(r,
               json_is_true(json_object_get(f, "speaking")) ? M_ROOM_SPEAKING : M_ROOM_RECOGNIZED));
        if (json_is_true(json_object_get(f, "speaking"))) {
            /* by the wall clock when the server keeps it: the engine's remaining is as of
             * its last tick */
            long long left = num(f, "remaining");
            if (json_is_integer(json_object_get(f, "ends_at"))) {
                left = num(f, "ends_at") - (long long)time(NULL);
                left = left < 0 ? 0 : left;
            }
            html(o, " <span class=\"room-clock\"");
            if (json_is_integer(json_object_get(f, "ends_at")))
                html(o, " data-ends-at=\"%lld\"", num(f, "ends_at"));
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
            html(o, "<p>%s：<strong>%s</strong></p>", T(r, M_ROOM_NEXT), str(next, "name"));
        html(o, "<ol class=\"cells room-queue\">");
        size_t i;
        const json_t *e;
        json_array_foreach(q, i, e)
        {
            html(o, "<li class=\"cell\">%s · %s</li>", str(e, "name"),
                 stance_text(r, str(e, "stance")));
        }
        html(o, "</ol>");
        if (num(s, "queued") > (long long)json_array_size(q))
            html(o, "<p class=\"muted\">… %lld</p>", num(s, "queued"));
    }
    html(o, "</div>\n");
}

static void live_vote(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    const json_t *v = json_object_get(s, "vote");
    html(o, "<div data-k=\"vote\">");
    if (json_is_object(v))
        html(o, "<p class=\"notice\"><strong>%s</strong>（%s）· %s %lld</p>",
             T(r, M_ROOM_VOTE_OPEN), method_text(r, str(v, "method")), T(r, M_ROOM_CAST),
             num(v, "cast"));
    html(o, "</div>\n<h3>%s</h3>\n<div data-k=\"result\">", T(r, M_ROOM_RESULT));
    const json_t *res = json_object_get(s, "result");
    if (!json_is_object(res)) {
        html(o, "<p class=\"muted\">%s</p>", T(r, M_ROOM_NO_RESULT));
    } else {
        bool adopted = strcmp(str(res, "state"), "ADOPTED") == 0;
        html(o, "<p class=\"kind\">%s · %s · %s</p>",
             r->lang == LANG_EN ? str(res, "type") : str(res, "type_zh"), str(res, "id"),
             method_text(r, str(res, "method")));
        if (json_is_string(json_object_get(res, "text")))
            html(o, "<p>%s</p>", str(res, "text"));
        html(o,
             "<p class=\"room-result\"><strong>%s</strong> %s %lld · %s %lld · %s "
             "%lld</p>",
             T(r, adopted ? M_ROOM_ADOPTED : M_ROOM_REJECTED), T(r, M_ROOM_YES), num(res, "yes"),
             T(r, M_ROOM_NO), num(res, "no"), T(r, M_ROOM_ABSTAIN), num(res, "abstain"));
    }
    html(o, "</div>\n");
}

/* The live parts, in sections with headings: the status and the question, */
static void live_top(struct req *r, const json_t *s)
{
    struct buf *o = &r->out;
    live_status(r, s);
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_QUESTION));
    live_question(r, s);
    html(o, "</section>\n");
}

/* then the floor, the queue and the votes. */
static void live_rest(struct req *r, const json_t *s)
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

static void live_parts(struct req *r, const json_t *s)
{
    live_top(r, s);
    live_rest(r, s);
}

/* ---- forms ---- */

static void form_open(struct req *r, const struct room_ctx *c, enum view v, const char *cls)
{
    html(&r->out, "<form method=\"post\" action=\"/meetings/%lld/do\" class=\"%s\">",
         (long long)c->m.id, cls);
    csrf_field(r);
    html(&r->out, "<input type=\"hidden\" name=\"view\" value=\"%s\">", view_names[v]);
}

static void hidden(struct req *r, const char *name, const char *value)
{
    html(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name, value);
}

/* One command button: a form with the command's fields, or, when it is not in order now, a
 * disabled button whose reason (the rule's Chinese message) is its title and shows on tap. */
static void button(struct req *r, const struct room_ctx *c, enum view v, const char *line,
                   enum mt_err err, const char *label)
{
    struct buf *o = &r->out;
    if (err != MT_OK) {
        html(o,
             "<details class=\"room-off\" data-err=\"%s\"><summary title=\"%s\">%s</summary>"
             "<p class=\"muted\">%s%s</p></details>\n",
             mt_err_name(err), mt_err_message(err), label, T(r, M_ROOM_NOT_NOW),
             mt_err_message(err));
        return;
    }
    form_open(r, c, v, "inline room-cmd");
    json_t *j = json_loads(line, 0, NULL);
    const char *k;
    json_t *val;
    json_object_foreach(j, k, val)
    {
        if (strcmp(k, "actor") == 0 || strcmp(k, "counts") == 0)
            continue;
        if (json_is_string(val))
            hidden(r, k, json_string_value(val));
        else if (json_is_boolean(val))
            hidden(r, k, json_is_true(val) ? "true" : "false");
    }
    json_decref(j);
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n", label);
}

static const char *name_of(struct req *r, const struct room_ctx *c, const char *eid)
{
    struct room_names names = {r, c->m.id};
    const char *n = room_name(&names, eid);
    return n ? n : eid;
}

/* ---- page frames ---- */

static void room_css(struct req *r)
{
    html(&r->out, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url(r, "/static/meeting.css"));
}

static void room_js(struct req *r)
{
    html(&r->out, "<script src=\"%s\" defer nonce=\"%s\"></script>\n",
         asset_url(r, "/static/meeting.js"), r->nonce);
}

/* The root of the live region: what meeting.js needs to know. */
static void root_open(struct req *r, const struct room_ctx *c, enum view v)
{
    html(&r->out,
         "<div class=\"room room-%s\" data-room data-id=\"%lld\" data-view=\"%s\" "
         "data-self=\"%s\" data-now=\"%lld\" data-seq=\"%lld\"",
         view_names[v], (long long)c->m.id, view_names[v], c->self, (long long)time(NULL),
         (long long)c->run.n);
    labels(r);
    html(&r->out, ">\n");
}

static bool may_console(const struct room_ctx *c);

static void views_nav(struct req *r, const struct room_ctx *c)
{
    long long id = (long long)c->m.id;
    html(
        &r->out,
        "<nav class=\"inline room-views\" aria-label=\"%s\"><a href=\"/meetings/%lld/room\">%s</a>",
        T(r, M_ROOM_VIEWS), id, T(r, M_ROOM_PHONE));
    if (may_console(c))
        html(&r->out, " · <a href=\"/meetings/%lld/chair\">%s</a>", id, T(r, M_ROOM_CHAIR));
    html(&r->out, " · <a href=\"/meetings/%lld/screen\">%s</a></nav>\n", id, T(r, M_ROOM_SCREEN));
}

static void refusal(struct req *r)
{
    if (r->form_failed && strcmp(r->form_failed, "room") == 0)
        html(&r->out, "<div class=\"notice notice-error\" role=\"alert\"><p>%s%s</p></div>\n",
             T(r, M_ROOM_REFUSED), r->form_message);
}

/* ---- the chair's console ---- */

static bool is_clerk(const struct room_ctx *c)
{
    return c->staff || c->recorder;
}

/* The console is for the chair (now, or the original one), the recorder and hall staff. */
static bool may_console(const struct room_ctx *c)
{
    const struct mt_state *s = room_state(&c->run);
    return is_clerk(c) || (c->me >= 0 && (c->me == s->chair || c->me == s->orig_chair));
}

/* The agenda's next item not yet opened (meeting_item), or NULL. */
static const char *next_item(struct req *r, const struct room_ctx *c)
{
    const struct mt_state *s = room_state(&c->run);
    struct db_stmt *st = db_prepare(
        r->db, "SELECT item_key FROM meeting_item WHERE meeting_id = ? ORDER BY pos, item_key");
    db_bind(st, "i", c->m.id);
    const char *found = NULL;
    while (!found && db_step(st) == DB_ROW) {
        const char *k = db_column_text(st, 0);
        bool opened = false;
        for (int i = 0; i < s->n_items; i++)
            opened = opened || strcmp(s->items[i].id, k) == 0;
        if (!opened)
            found = arena_strdup(&r->arena, k);
    }
    db_done(st);
    return found;
}

/* The pending motions, the top (decided first) first. */
static void chair_stack(struct req *r, const struct room_ctx *c)
{
    struct buf *o = &r->out;
    const struct mt_state *s = room_state(&c->run);
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_STACK));
    if (s->depth == 0) {
        html(o, "<p class=\"muted\">%s</p></section>\n", T(r, M_ROOM_NO_QUESTION));
        return;
    }
    html(o, "<ol class=\"cells room-stack\">\n");
    for (int i = s->depth - 1; i >= 0; i--) {
        int m = s->stack[i];
        const struct mt_motion *mo = &s->motions[m];
        const struct mt_kind_row *k = mt_kind_row((enum mt_kind)mo->kind);
        enum msg st = mo->state == ST_PROPOSED    ? M_ROOM_ST_PROPOSED
                      : mo->state == ST_SECONDED  ? M_ROOM_ST_SECONDED
                      : mo->state == ST_SUSPENDED ? M_ROOM_ST_SUSPENDED
                      : mo->state == ST_VOTING    ? M_ROOM_ST_VOTING
                                                  : M_ROOM_ST_STATED;
        html(o, "<li class=\"cell\"><span class=\"kind\">%s · m%d · %s</span>",
             r->lang == LANG_EN ? k->name : k->zh, m + 1, T(r, st));
        if (mo->text.set) {
            int len;
            const char *t = mt_text_get(s, mo->text, &len);
            html(o, "<br>");
            html_escape(o, t, (size_t)len);
        }
        if (mo->mover >= 0)
            html(o, " <span class=\"muted\">%s%s</span>", T(r, M_ROOM_MOVED_BY),
                 name_of(r, c, s->persons[mo->mover].id));
        html(o, "</li>\n");
    }
    html(o, "</ol></section>\n");
}

static void chair_actions(struct req *r, const struct room_ctx *c)
{
    struct buf *o = &r->out;
    const struct mt_state *s = room_state(&c->run);
    static const enum msg label[RA_COUNT] = {[RA_CALL_TO_ORDER] = M_RA_CALL_TO_ORDER,
                                             [RA_OPEN_ITEM] = M_RA_OPEN_ITEM,
                                             [RA_STATE_QUESTION] = M_RA_STATE_QUESTION,
                                             [RA_RECOGNIZE] = M_RA_RECOGNIZE,
                                             [RA_PUT_HANDS] = M_RA_PUT_HANDS,
                                             [RA_PUT_ROLL_CALL] = M_RA_PUT_ROLL_CALL,
                                             [RA_PUT_BALLOT] = M_RA_PUT_BALLOT,
                                             [RA_CLOSE_VOTE] = M_RA_CLOSE_VOTE,
                                             [RA_CLOSE_COUNTS] = M_RA_CLOSE_COUNTS,
                                             [RA_RULE_SUSTAIN] = M_RA_RULE_SUSTAIN,
                                             [RA_RULE_OVERRULE] = M_RA_RULE_OVERRULE,
                                             [RA_DECLARE_LAPSED] = M_RA_DECLARE_LAPSED,
                                             [RA_RESUME] = M_RA_RESUME};
    const char *item = next_item(r, c);
    struct room_button b[RA_COUNT];
    /* the console acts as the reader: the chair's commands are in order only for the chair */
    if (room_buttons(&c->run, c->self, item, b) < 0)
        return;
    if (s->poo_pending)
        html(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", T(r, M_ROOM_RULING));
    enum room_why why = room_next_why(s);
    if (why != WHY_NONE) {
        static const enum msg whys[] = {[WHY_MOVER] = M_ROOM_WHY_MOVER,
                                        [WHY_FIRST_TIMER] = M_ROOM_WHY_FIRST,
                                        [WHY_ALTERNATE] = M_ROOM_WHY_ALTERNATE,
                                        [WHY_FIFO] = M_ROOM_WHY_FIFO};
        html(o,
             "<p class=\"room-why\">%s：<strong>%s</strong> · %s <span "
             "class=\"muted\">%s</span></p>\n",
             T(r, M_ROOM_NEXT), str(json_object_get(c->snap, "next"), "name"), T(r, whys[why]),
             T(r, M_ROOM_NEXT_WHY));
    }
    html(o, "<section class=\"room-part\"><h2>%s</h2><div class=\"stack room-actions\">\n",
         T(r, M_ROOM_ACTIONS));
    for (int i = 0; i < RA_COUNT; i++) {
        if (i == RA_CLOSE_COUNTS)
            continue; /* its own form below */
        if (i == RA_OPEN_ITEM && !item && b[i].err == MT_OK) {
            /* no agenda stored (a raw setup): the item's id is typed */
            form_open(r, c, V_CHAIR, "inline room-cmd");
            hidden(r, "cmd", "OPEN_ITEM");
            html(o,
                 "<label for=\"room-item\">%s</label><input id=\"room-item\" name=\"item\" "
                 "required maxlength=\"63\"><button type=\"submit\" class=\"primary\">%s"
                 "</button></form>\n",
                 T(r, M_ROOM_ITEM), T(r, M_RA_OPEN_ITEM));
            continue;
        }
        const char *text = T(r, label[i]);
        if (i == RA_OPEN_ITEM && item)
            text = arena_printf(&r->arena, "%s %s", T(r, M_RA_OPEN_ITEM), item);
        if (i == RA_RECOGNIZE && b[i].err == MT_OK) {
            const json_t *nx = json_object_get(c->snap, "next");
            text = arena_printf(&r->arena, "%s：%s", T(r, M_RA_RECOGNIZE), str(nx, "name"));
        }
        button(r, c, V_CHAIR, b[i].line, b[i].err, text);
    }
    html(o, "</div></section>\n");
    /* hands counted: the chair, or the recorder and staff in the chair's name */
    enum mt_err counts = b[RA_CLOSE_COUNTS].err;
    if (counts != MT_OK && is_clerk(c) && c->me != s->chair) {
        struct room_button cb[RA_COUNT];
        if (room_buttons(&c->run, s->persons[s->chair].id, item, cb) == 0)
            counts = cb[RA_CLOSE_COUNTS].err;
    }
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_RA_CLOSE_COUNTS));
    if (counts != MT_OK) {
        button(r, c, V_CHAIR, "", counts, T(r, M_RA_CLOSE_COUNTS));
    } else {
        form_open(r, c, V_CHAIR, "stack room-counts");
        hidden(r, "cmd", "CLOSE_VOTE");
        hidden(r, "actor", s->persons[s->chair].id);
        static const char *const keys[] = {"yes", "no", "abstain"};
        const enum msg names[] = {M_ROOM_YES, M_ROOM_NO, M_ROOM_ABSTAIN};
        for (int i = 0; i < 3; i++)
            html(o,
                 "<label for=\"count-%s\">%s</label><input id=\"count-%s\" name=\"%s\" "
                 "type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"%d\" required value=\"0\">",
                 keys[i], T(r, names[i]), keys[i], keys[i], MT_MAX_PERSONS);
        html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n",
             T(r, M_RA_CLOSE_COUNTS));
    }
    html(o, "</section>\n");
}

/* Warnings so far, a WARN form (the chair), attendance (recorder and staff). */
static void chair_people(struct req *r, const struct room_ctx *c)
{
    struct buf *o = &r->out;
    const struct mt_state *s = room_state(&c->run);
    html(o, "<section class=\"room-part\"><h2>%s</h2><ul class=\"cells\">\n",
         T(r, M_ROOM_WARNINGS));
    for (int p = 0; p < s->n_persons; p++)
        if (s->persons[p].warnings)
            html(o, "<li class=\"cell\">%s · %d</li>", name_of(r, c, s->persons[p].id),
                 s->persons[p].warnings);
    html(o, "</ul>\n");
    if (c->me >= 0 && c->me == s->chair) {
        form_open(r, c, V_CHAIR, "inline room-cmd");
        hidden(r, "cmd", "WARN");
        html(o, "<label for=\"warn-member\">%s</label><select id=\"warn-member\" name=\"member\">",
             T(r, M_ROOM_MEMBER));
        for (int p = 0; p < s->n_persons; p++)
            if (p != s->chair && s->persons[p].present)
                html(o, "<option value=\"%s\">%s</option>", s->persons[p].id,
                     name_of(r, c, s->persons[p].id));
        html(o, "</select><button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_WARN));
    }
    html(o, "</section>\n");
    if (!is_clerk(c))
        return;
    html(o, "<section class=\"room-part\"><h2>%s</h2><ul class=\"cells\">\n",
         T(r, M_ROOM_ATTENDANCE));
    for (int p = 0; p < s->n_persons; p++) {
        if (!s->persons[p].member && !s->persons[p].observer)
            continue;
        bool here = s->persons[p].present;
        html(o, "<li class=\"cell\">%s · %s ", name_of(r, c, s->persons[p].id),
             T(r, s->persons[p].member ? M_ROOM_ROLE_MEMBER : M_ROOM_ROLE_OBSERVER));
        form_open(r, c, V_CHAIR, "inline");
        hidden(r, "cmd", here ? "LEAVE" : "ATTEND");
        hidden(r, "actor", s->persons[p].id);
        html(o, "<button type=\"submit\">%s</button></form></li>\n",
             T(r, here ? M_ROOM_LEAVE : M_ROOM_ATTEND));
    }
    html(o, "</ul></section>\n");
}

static void chair_view(struct req *r, struct room_ctx *c)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_ROOM_CHAIR), c->m.title));
    room_css(r);
    views_nav(r, c);
    refusal(r);
    root_open(r, c, V_CHAIR);
    html(o, "<div data-live>\n");
    live_parts(r, c->snap);
    chair_stack(r, c);
    chair_actions(r, c);
    chair_people(r, c);
    html(o, "</div>\n");
    /* the timer: meeting.js sends this when the countdown reaches zero; without script the
     * chair may press it (the server's clock decides the seconds) */
    if (c->info.scheduled) {
        form_open(r, c, V_CHAIR, "inline");
        html(o, "<span data-tick-form></span>");
        hidden(r, "cmd", "TICK");
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_TICK));
    }
    html(o, "</div>\n");
    room_js(r);
    page_end(r);
}

static void console_page(struct req *r)
{
    struct room_ctx c;
    if (!ctx_load(r, &c))
        return;
    if (!may_console(&c)) {
        ctx_free(&c);
        fail(r, 403, "forbidden", M_ROOM_CHAIR_FORBIDDEN);
        return;
    }
    chair_view(r, &c);
    ctx_free(&c);
}

void meeting_chair_page(struct req *r)
{
    console_page(r);
}

/* ---- the member's phone ---- */

/* Shows a form only when it is in order now (meeting.js toggles it on events). */
static void when_open(struct req *r, const char *when, bool shown)
{
    html(&r->out, "<div data-when=\"%s\"%s>", when, shown ? "" : " hidden");
}

static void phone_forms(struct req *r, const struct room_ctx *c)
{
    struct buf *o = &r->out;
    const struct mt_state *s = room_state(&c->run);
    const json_t *snap = c->snap;
    int me = c->me;
    const struct mt_person *p = &s->persons[me];
    const char *role = me == s->chair ? T(r, M_ROOM_ROLE_CHAIR)
                       : p->member    ? T(r, M_ROOM_ROLE_MEMBER)
                                      : T(r, M_ROOM_ROLE_OBSERVER);
    html(o, "<p>%s<strong>%s</strong></p>\n", T(r, M_ROOM_YOU_ARE), role);
    if (!p->member && me != s->chair)
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_ROOM_OBSERVER));
    const json_t *q = json_object_get(snap, "question");
    const json_t *f = json_object_get(snap, "floor");
    const json_t *v = json_object_get(snap, "vote");
    const char *qstate = str(q, "state");
    const json_t *mover = json_object_get(q, "mover");
    bool mine_floor = json_is_object(f) && strcmp(str(f, "id"), c->self) == 0;
    bool speaking = mine_floor && json_is_true(json_object_get(f, "speaking"));
    /* remaining speeches on the question */
    int spoke = (int)json_integer_value(json_object_get(json_object_get(snap, "spoke"), c->self));
    html(o, "<p data-k=\"mine\"%s>", json_is_object(q) ? "" : " hidden");
    html(o, T(r, M_ROOM_MY_SPEECHES), spoke, (int)num(snap, "max_speeches"));
    html(o, "</p>\n");
    /* my floor: start or end the speech */
    when_open(r, "floor", mine_floor);
    form_open(r, c, V_ROOM, "inline room-cmd");
    html(o, "<input type=\"hidden\" name=\"cmd\" value=\"%s\" data-floor-cmd>",
         speaking ? "END_SPEECH" : "START_SPEECH");
    html(o,
         "<button type=\"submit\" class=\"primary\" data-start=\"%s\" data-end=\"%s\">%s"
         "</button></form></div>\n",
         T(r, M_ROOM_START), T(r, M_ROOM_END), T(r, speaking ? M_ROOM_END : M_ROOM_START));
    /* the vote: roll call and ballot are cast here; hands are counted in the room */
    bool voter = (p->member || (me == s->chair && s->params.chair_vote_mode != CV_NONE));
    if (voter) {
        bool phone_vote = json_is_object(v) && strcmp(str(v, "method"), "HANDS") != 0;
        when_open(r, "vote", phone_vote);
        form_open(r, c, V_ROOM, "inline room-cmd room-vote");
        hidden(r, "cmd", "CAST");
        html(o,
             "<button type=\"submit\" class=\"primary\" name=\"choice\" value=\"YES\">%s</button>"
             "<button type=\"submit\" name=\"choice\" value=\"NO\">%s</button>"
             "<button type=\"submit\" name=\"choice\" value=\"ABSTAIN\">%s</button></form></div>\n",
             T(r, M_ROOM_YES), T(r, M_ROOM_NO), T(r, M_ROOM_ABSTAIN));
    }
    if (!p->member || me == s->chair)
        return; /* observers and the chair (who is neutral) neither move nor second */
    /* second the pending motion */
    bool second = strcmp(qstate, "PROPOSED") == 0 &&
                  !(json_is_object(mover) && strcmp(str(mover, "id"), c->self) == 0);
    when_open(r, "second", second);
    form_open(r, c, V_ROOM, "inline room-cmd");
    hidden(r, "cmd", "SECOND");
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form></div>\n",
         T(r, M_ROOM_SECOND));
    /* ask for the floor, with a side */
    when_open(r, "debate", strcmp(qstate, "STATED") == 0 && !json_is_object(v));
    form_open(r, c, V_ROOM, "inline room-cmd");
    hidden(r, "cmd", "REQUEST_FLOOR");
    html(o,
         "<span>%s</span><button type=\"submit\" class=\"primary\" name=\"stance\" "
         "value=\"PRO\">%s · %s</button><button type=\"submit\" class=\"primary\" "
         "name=\"stance\" value=\"CON\">%s · %s</button></form></div>\n",
         T(r, M_ROOM_STANCE), T(r, M_ROOM_REQUEST), T(r, M_ROOM_PRO), T(r, M_ROOM_REQUEST),
         T(r, M_ROOM_CON));
    /* a point of order, at any time in session */
    form_open(r, c, V_ROOM, "inline room-cmd");
    hidden(r, "cmd", "POINT_OF_ORDER");
    html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_POINT_OF_ORDER));
    /* move a motion */
    form_open(r, c, V_ROOM, "stack room-move");
    hidden(r, "cmd", "MOVE");
    html(o, "<label for=\"move-type\">%s</label><select id=\"move-type\" name=\"type\">",
         T(r, M_ROOM_MOTION_TYPE));
    for (int k = 0; k < MK_COUNT; k++) {
        const struct mt_kind_row *row = mt_kind_row((enum mt_kind)k);
        if (row && row->movable && k != MK_RECONSIDER && k != MK_TAKE_FROM_TABLE &&
            k != MK_WITHDRAW)
            html(o, "<option value=\"%s\">%s</option>", row->name,
                 r->lang == LANG_EN ? row->name : row->zh);
    }
    html(o,
         "</select><label for=\"move-text\">%s</label><textarea id=\"move-text\" name=\"text\" "
         "maxlength=\"500\" rows=\"3\"></textarea><button type=\"submit\" class=\"primary\">%s"
         "</button></form>\n",
         T(r, M_ROOM_MOTION_TEXT), T(r, M_ROOM_MOVE));
}

static void phone_view(struct req *r, struct room_ctx *c)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_ROOM_PHONE), c->m.title));
    room_css(r);
    views_nav(r, c);
    refusal(r);
    root_open(r, c, V_ROOM);
    /* on a phone what the reader may do comes right after the question */
    live_top(r, c->snap);
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_ACTIONS));
    if (c->me >= 0)
        phone_forms(r, c);
    else
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_ROOM_NOT_ON_ROSTER));
    html(o, "</section>\n");
    live_rest(r, c->snap);
    html(o, "</div>\n");
    room_js(r);
    page_end(r);
}

void meeting_room_page(struct req *r)
{
    struct room_ctx c;
    if (!ctx_load(r, &c))
        return;
    phone_view(r, &c);
    ctx_free(&c);
}

/* ---- the projector ---- */

void meeting_screen_page(struct req *r)
{
    struct room_ctx c;
    if (!ctx_load(r, &c))
        return;
    struct buf *o = &r->out;
    /* its own frame: no top bar, no tab bar, no forms */
    html(o,
         "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>%s · %s</title>\n<link rel=\"icon\" href=\"data:,\">\n"
         "<link rel=\"stylesheet\" href=\"%s\">\n",
         r->lang == LANG_EN ? "en" : "zh-CN", T(r, M_ROOM_SCREEN), c.m.title,
         asset_url(r, "/static/app.css"));
    room_css(r);
    html(o, "</head>\n<body class=\"room-projector\">\n<main>\n<h1>%s</h1>\n", c.m.title);
    root_open(r, &c, V_SCREEN);
    live_parts(r, c.snap);
    html(o, "</div>\n</main>\n");
    room_js(r);
    html(o, "</body>\n</html>\n");
    ctx_free(&c);
}

/* ---- POST /meetings/{id}/do ---- */

/* The command a form describes; NULL when a field is malformed. */
static json_t *form_command(struct req *r, const char *self)
{
    static const char *const strings[] = {"cmd",    "stance", "type", "text",   "subject", "motion",
                                          "target", "member", "item", "method", "choice",  "to"};
    const char *cmd = req_param(r, "cmd");
    if (!cmd || !*cmd)
        return NULL;
    json_t *c = json_object();
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        const char *v = req_param(r, strings[i]);
        if (v && *v)
            json_object_set_new(c, strings[i], json_string(v));
    }
    const char *actor = req_param(r, "actor");
    json_object_set_new(c, "actor", json_string(actor && *actor ? actor : self));
    const char *sus = req_param(r, "sustained");
    if (sus && *sus)
        json_object_set_new(c, "sustained", json_boolean(strcmp(sus, "true") == 0));
    static const char *const counts[] = {"yes", "no", "abstain"};
    json_t *n = NULL;
    for (int i = 0; i < 3; i++) {
        const char *v = req_param(r, counts[i]);
        if (!v || !*v)
            continue;
        char *end;
        long x = strtol(v, &end, 10);
        if (*end || x < 0 || x > MT_MAX_PERSONS) {
            json_decref(n);
            json_decref(c);
            return NULL;
        }
        if (!n)
            n = json_object();
        json_object_set_new(n, counts[i], json_integer(x));
    }
    if (n)
        json_object_set_new(c, "counts", n);
    return c;
}

static enum view view_of(struct req *r)
{
    const char *v = req_param(r, "view");
    for (int i = 0; v && i < 3; i++)
        if (strcmp(v, view_names[i]) == 0)
            return (enum view)i;
    return V_ROOM;
}

/* The view again with a refusal shown (status already set). */
static void again(struct req *r, enum view v, const char *message)
{
    buf_reset(&r->out);
    r->form_failed = "room";
    r->form_message = message;
    int status = r->status;
    struct room_ctx c;
    if (!ctx_load(r, &c))
        return;
    r->status = status;
    if (v == V_CHAIR)
        chair_view(r, &c);
    else
        phone_view(r, &c);
    ctx_free(&c);
}

void meeting_do_post(struct req *r)
{
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    enum view v = view_of(r);
    if (v == V_SCREEN)
        v = V_ROOM;
    json_t *c = form_command(r, room_self(r));
    char *text = c ? json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(c);
    if (!text) {
        json_decref(m.setup);
        r->status = 422;
        again(r, v, T(r, M_ROOM_BAD_FORM));
        return;
    }
    char *answer = NULL;
    int64_t seq = 0;
    int rc = meeting_command(r, &m, text, &answer, &seq);
    free(text);
    json_decref(m.setup);
    if (rc == MEETING_FORBIDDEN) {
        fail(r, 403, "forbidden", M_ROOM_FORBIDDEN);
    } else if (rc == 0) {
        enum mt_err e = room_answer_err(answer);
        r->status = e == E_BAD_INPUT ? 422 : 409;
        again(r, v, arena_printf(&r->arena, "%s（%s）", mt_err_message(e), mt_err_name(e)));
    } else if (rc == -2) {
        r->status = 409;
        again(r, v, T(r, M_MEETING_BUSY));
    } else if (rc < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        req_redirect(r,
                     arena_printf(&r->arena, "/meetings/%lld/%s", (long long)r->id, view_names[v]));
    }
    free(answer);
}
