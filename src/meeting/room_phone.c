/* GET /meetings/{id}/room (the member's phone) and GET /meetings/{id}/screen (the projector:
 * large type, high contrast, no controls). */
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
    const char *qstate = rv_str(q, "state");
    const json_t *mover = json_object_get(q, "mover");
    bool mine_floor = json_is_object(f) && strcmp(rv_str(f, "id"), c->self) == 0;
    bool speaking = mine_floor && json_is_true(json_object_get(f, "speaking"));
    /* remaining speeches on the question */
    int spoke = (int)json_integer_value(json_object_get(json_object_get(snap, "spoke"), c->self));
    html(o, "<p data-k=\"mine\"%s>", json_is_object(q) ? "" : " hidden");
    html(o, T(r, M_ROOM_MY_SPEECHES), spoke, (int)rv_num(snap, "max_speeches"));
    html(o, "</p>\n");
    /* my floor: start or end the speech */
    when_open(r, "floor", mine_floor);
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    html(o, "<input type=\"hidden\" name=\"cmd\" value=\"%s\" data-floor-cmd>",
         speaking ? "END_SPEECH" : "START_SPEECH");
    html(o,
         "<button type=\"submit\" class=\"primary\" data-start=\"%s\" data-end=\"%s\">%s"
         "</button></form></div>\n",
         T(r, M_ROOM_START), T(r, M_ROOM_END), T(r, speaking ? M_ROOM_END : M_ROOM_START));
    /* the vote: roll call and ballot are cast here; hands are counted in the room */
    bool voter = (p->member || (me == s->chair && s->params.chair_vote_mode != CV_NONE));
    if (voter) {
        bool phone_vote = json_is_object(v) && strcmp(rv_str(v, "method"), "HANDS") != 0;
        /* once cast, say so instead of the buttons (a second tap would only be refused) */
        bool voted = room_voted(s, me);
        html(o, "<p class=\"notice\" data-when=\"voted\"%s>%s</p>\n",
             phone_vote && voted ? "" : " hidden", T(r, M_ROOM_VOTED));
        when_open(r, "vote", phone_vote && !voted);
        rv_form_open(r, c, V_ROOM, "inline room-cmd room-vote");
        rv_hidden(r, "cmd", "CAST");
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
                  !(json_is_object(mover) && strcmp(rv_str(mover, "id"), c->self) == 0);
    when_open(r, "second", second);
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    rv_hidden(r, "cmd", "SECOND");
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form></div>\n",
         T(r, M_ROOM_SECOND));
    /* ask for the floor, with a side: not while waiting already, holding the floor or out of
     * speeches on the question (a tap would only be refused) */
    bool used = spoke >= (int)rv_num(snap, "max_speeches");
    when_open(r, "debate",
              strcmp(qstate, "STATED") == 0 && !json_is_object(v) && !mine_floor && !used &&
                  !room_queued(s, me));
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    rv_hidden(r, "cmd", "REQUEST_FLOOR");
    html(o,
         "<span>%s</span><button type=\"submit\" class=\"primary\" name=\"stance\" "
         "value=\"PRO\">%s · %s</button><button type=\"submit\" class=\"primary\" "
         "name=\"stance\" value=\"CON\">%s · %s</button></form></div>\n",
         T(r, M_ROOM_STANCE), T(r, M_ROOM_REQUEST), T(r, M_ROOM_PRO), T(r, M_ROOM_REQUEST),
         T(r, M_ROOM_CON));
    /* a hands count in doubt: right after it is announced, any member may have it taken
     * again by roll call (rule 15, DIVISION) */
    when_open(r, "division", room_division_open(s));
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    rv_hidden(r, "cmd", "DIVISION");
    html(o, "<button type=\"submit\">%s</button></form></div>\n", T(r, M_ROOM_DIVISION));
    /* a ruling in doubt: right after it, any member may appeal it to the meeting (APPEAL) */
    when_open(r, "appeal", room_appeal_open(s));
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    rv_hidden(r, "cmd", "APPEAL");
    html(o, "<button type=\"submit\">%s</button></form></div>\n", T(r, M_ROOM_APPEAL));
    /* a point of order, at any time in session */
    rv_form_open(r, c, V_ROOM, "inline room-cmd");
    rv_hidden(r, "cmd", "POINT_OF_ORDER");
    html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_ROOM_POINT_OF_ORDER));
    /* move a motion */
    rv_form_open(r, c, V_ROOM, "stack room-move");
    rv_hidden(r, "cmd", "MOVE");
    html(o, "<label for=\"move-type\">%s</label><select id=\"move-type\" name=\"type\">",
         T(r, M_ROOM_MOTION_TYPE));
    /* the kinds this form can express (a type and a text): not those that name a motion
     * (RECONSIDER, TAKE_FROM_TABLE, WITHDRAW) nor LIMIT_EXTEND, whose new limits it has no
     * field for (the engine refuses it without them) */
    for (int k = 0; k < MK_COUNT; k++) {
        const struct mt_kind_row *row = mt_kind_row((enum mt_kind)k);
        if (row && row->movable && k != MK_RECONSIDER && k != MK_TAKE_FROM_TABLE &&
            k != MK_WITHDRAW && k != MK_LIMIT_EXTEND)
            html(o, "<option value=\"%s\">%s</option>", row->name,
                 r->lang == LANG_EN ? row->name : row->zh);
    }
    html(o,
         "</select><label for=\"move-text\">%s</label><textarea id=\"move-text\" name=\"text\" "
         "maxlength=\"500\" rows=\"3\"></textarea><button type=\"submit\" class=\"primary\">%s"
         "</button></form>\n",
         T(r, M_ROOM_MOTION_TEXT), T(r, M_ROOM_MOVE));
}

void rv_phone_view(struct req *r, struct room_ctx *c)
{
    struct buf *o = &r->out;
    rv_page_open(r, c, V_ROOM, M_ROOM_PHONE);
    /* on a phone what the reader may do comes right after the question */
    rv_live_top(r, c->snap);
    html(o, "<section class=\"room-part\"><h2>%s</h2>\n", T(r, M_ROOM_ACTIONS));
    if (c->me >= 0)
        phone_forms(r, c);
    else
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_ROOM_NOT_ON_ROSTER));
    html(o, "</section>\n");
    rv_live_rest(r, c->snap);
    html(o, "</div>\n");
    rv_room_js(r);
    page_end(r);
}

void meeting_room_page(struct req *r)
{
    struct room_ctx c;
    if (!rv_ctx_load(r, &c))
        return;
    rv_phone_view(r, &c);
    rv_ctx_free(&c);
}

/* ---- the projector ---- */

void meeting_screen_page(struct req *r)
{
    struct room_ctx c;
    if (!rv_ctx_load(r, &c))
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
    rv_room_css(r);
    html(o, "</head>\n<body class=\"room-projector\">\n<main>\n<h1>%s</h1>\n", c.m.title);
    rv_root_open(r, &c, V_SCREEN);
    rv_live_parts(r, c.snap);
    html(o, "</div>\n</main>\n");
    rv_room_js(r);
    html(o, "</body>\n</html>\n");
    rv_ctx_free(&c);
}
