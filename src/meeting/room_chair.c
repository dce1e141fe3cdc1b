/* GET /meetings/{id}/chair: the chair's console (the chair, the recorder, hall staff): the live
 * parts, the pending-motion stack, who is next and why, the commands in order now (each tried on
 * a copy of the state), hands counts, warnings and attendance. */
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
#include "meeting/room_view.h"
#include "meeting/room_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* ---- the chair's console ---- */

bool rv_is_clerk(const struct room_ctx *c)
{
    return c->staff || c->recorder;
}

/* The console is for the chair (now, or the original one), the recorder and hall staff. */
const char *rv_actor(const struct room_ctx *c)
{
    const struct mt_state *s = room_state(&c->run);
    return !c->info.scheduled && c->staff ? s->persons[s->chair].id : c->self;
}

bool rv_may_console(const struct room_ctx *c)
{
    const struct mt_state *s = room_state(&c->run);
    return rv_is_clerk(c) || (c->me >= 0 && (c->me == s->chair || c->me == s->orig_chair));
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
                 rv_name_of(r, c, s->persons[mo->mover].id));
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
    /* the console acts as the reader: the chair's commands are in order only for the chair;
     * in a meeting from a raw setup hall staff send anything as anyone (meeting/policy.h rule
     * 1), so there it acts as the chair and its forms name the chair as actor */
    const char *actor = rv_actor(c);
    if (room_buttons(&c->run, actor, item, (int64_t)time(NULL), b) < 0)
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
             T(r, M_ROOM_NEXT), rv_str(json_object_get(c->snap, "next"), "name"), T(r, whys[why]),
             T(r, M_ROOM_NEXT_WHY));
    }
    html(o, "<section class=\"room-part\"><h2>%s</h2><div class=\"stack room-actions\">\n",
         T(r, M_ROOM_ACTIONS));
    for (int i = 0; i < RA_COUNT; i++) {
        if (i == RA_CLOSE_COUNTS)
            continue; /* its own form below */
        if (i == RA_CLOSE_VOTE && room_hands_open(s))
            continue; /* hands are closed with their counts (meeting/policy.h rule 5) */
        if (i == RA_OPEN_ITEM && !item && b[i].err == MT_OK) {
            /* no agenda stored (a raw setup): the item's id is typed */
            rv_form_open(r, c, V_CHAIR, "inline room-cmd");
            rv_hidden(r, "cmd", "OPEN_ITEM");
            rv_hidden(r, "actor", actor);
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
            text = arena_printf(&r->arena, "%s：%s", T(r, M_RA_RECOGNIZE), rv_str(nx, "name"));
        }
        rv_button(r, c, V_CHAIR, b[i].line, b[i].err, text);
    }
    html(o, "</div></section>\n");
    /* hands counted: the chair, or the recorder and staff in the chair's name */
    enum mt_err counts = b[RA_CLOSE_COUNTS].err;
    if (counts != MT_OK && rv_is_clerk(c) && c->me != s->chair) {
        struct room_button cb[RA_COUNT];
        if (room_buttons(&c->run, s->persons[s->chair].id, item, (int64_t)time(NULL), cb) == 0)
            counts = cb[RA_CLOSE_COUNTS].err;
    }
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_RA_CLOSE_COUNTS));
    if (counts != MT_OK) {
        rv_button(r, c, V_CHAIR, "", counts, T(r, M_RA_CLOSE_COUNTS));
    } else {
        rv_form_open(r, c, V_CHAIR, "stack room-counts");
        rv_hidden(r, "cmd", "CLOSE_VOTE");
        rv_hidden(r, "actor", s->persons[s->chair].id);
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
            html(o, "<li class=\"cell\">%s · %d</li>", rv_name_of(r, c, s->persons[p].id),
                 s->persons[p].warnings);
    html(o, "</ul>\n");
    if ((c->me >= 0 && c->me == s->chair) || rv_actor(c) != c->self) {
        rv_form_open(r, c, V_CHAIR, "inline room-cmd");
        rv_hidden(r, "cmd", "WARN");
        rv_hidden(r, "actor", rv_actor(c));
        html(o, "<label for=\"warn-member\">%s</label><select id=\"warn-member\" name=\"member\">",
             T(r, M_ROOM_MEMBER));
        for (int p = 0; p < s->n_persons; p++)
            if (p != s->chair && s->persons[p].present)
                html(o, "<option value=\"%s\">%s</option>", s->persons[p].id,
                     rv_name_of(r, c, s->persons[p].id));
        html(o, "</select><button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_WARN));
    }
    html(o, "</section>\n");
    if (!rv_is_clerk(c) || s->meeting == MS_ADJOURNED)
        return; /* after the adjournment nobody is signed in or out (meeting_command refuses) */
    /* A roll call is called aloud: the clerk writes down the answer of a present member who has
     * not voted (one without a phone); the engine refuses a second vote. */
    int top = mt_top(s);
    if (top >= 0 && s->motions[top].state == ST_VOTING && s->motions[top].method == VM_ROLL_CALL) {
        html(o, "<section class=\"room-part\"><h2>%s</h2><ul class=\"cells\">\n",
             T(r, M_ROOM_ROLL_ENTER));
        for (int p = 0; p < s->n_persons; p++) {
            if (!s->persons[p].member || !s->persons[p].present ||
                s->motions[top].votes[p] != VC_NONE)
                continue;
            html(o, "<li class=\"cell\">%s ", rv_name_of(r, c, s->persons[p].id));
            rv_form_open(r, c, V_CHAIR, "inline room-cmd room-vote");
            rv_hidden(r, "cmd", "CAST");
            rv_hidden(r, "actor", s->persons[p].id);
            html(o,
                 "<button type=\"submit\" name=\"choice\" value=\"YES\">%s</button>"
                 "<button type=\"submit\" name=\"choice\" value=\"NO\">%s</button>"
                 "<button type=\"submit\" name=\"choice\" value=\"ABSTAIN\">%s</button>"
                 "</form></li>\n",
                 T(r, M_ROOM_YES), T(r, M_ROOM_NO), T(r, M_ROOM_ABSTAIN));
        }
        html(o, "</ul></section>\n");
    }
    html(o, "<section class=\"room-part\"><h2>%s</h2><ul class=\"cells\">\n",
         T(r, M_ROOM_ATTENDANCE));
    for (int p = 0; p < s->n_persons; p++) {
        if (!s->persons[p].member && !s->persons[p].observer)
            continue;
        bool here = s->persons[p].present;
        html(o, "<li class=\"cell\">%s · %s ", rv_name_of(r, c, s->persons[p].id),
             T(r, s->persons[p].member ? M_ROOM_ROLE_MEMBER : M_ROOM_ROLE_OBSERVER));
        rv_form_open(r, c, V_CHAIR, "inline");
        rv_hidden(r, "cmd", here ? "LEAVE" : "ATTEND");
        rv_hidden(r, "actor", s->persons[p].id);
        html(o, "<button type=\"submit\">%s</button></form></li>\n",
             T(r, here ? M_ROOM_LEAVE : M_ROOM_ATTEND));
    }
    html(o, "</ul></section>\n");
}

void rv_chair_view(struct req *r, struct room_ctx *c)
{
    struct buf *o = &r->out;
    rv_page_open(r, c, V_CHAIR, M_ROOM_CHAIR);
    html(o, "<div data-live>\n");
    rv_live_parts(r, c->snap);
    chair_stack(r, c);
    chair_actions(r, c);
    chair_people(r, c);
    html(o, "</div>\n");
    /* the timer: meeting.js sends this when the countdown reaches zero; without script the
     * chair may press it (the server's clock decides the seconds) */
    if (c->info.scheduled && room_state(&c->run)->meeting != MS_ADJOURNED) {
        rv_form_open(r, c, V_CHAIR, "inline");
        html(o, "<span data-tick-form></span>");
        rv_hidden(r, "cmd", "TICK");
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_TICK));
    }
    html(o, "</div>\n");
    rv_room_js(r);
    page_end(r);
}

static void console_page(struct req *r)
{
    struct room_ctx c;
    if (!rv_ctx_load(r, &c))
        return;
    if (!rv_may_console(&c)) {
        rv_ctx_free(&c);
        fail(r, 403, "forbidden", M_ROOM_CHAIR_FORBIDDEN);
        return;
    }
    rv_chair_view(r, &c);
    rv_ctx_free(&c);
}

void meeting_chair_page(struct req *r)
{
    console_page(r);
}
