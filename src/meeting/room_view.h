/* Shared by the live room's pages (room_view.c: the loaded meeting, the live parts drawn from
 * the snapshot, forms and frames; room_chair.c, room_phone.c, room_do.c). Private to them. */
#ifndef MEETING_ROOM_VIEW_H
#define MEETING_ROOM_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "meeting/meeting_row.h"
#include "meeting/room.h"
#include "meeting/room_store.h"

enum view { V_CHAIR, V_ROOM, V_SCREEN };
extern const char *const rv_view_names[3]; /* "chair", "room", "screen" */

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

/* Loads meeting r->id for a view (replay, snapshot, who reads); false after answering 404, 403
 * (not allowed to watch) or 500. Free with rv_ctx_free. */
bool rv_ctx_load(struct req *r, struct room_ctx *c);
void rv_ctx_free(struct room_ctx *c);
/* A snapshot field: the string ("" when absent), the integer. */
const char *rv_str(const json_t *o, const char *k);
long long rv_num(const json_t *o, const char *k);
/* A vote method and a stance in the reader's language. */
const char *rv_method_text(struct req *r, const char *method);
const char *rv_stance_text(struct req *r, const char *stance);
/* The live parts: status and question (top), floor, queue, vote and result (rest). */
void rv_live_top(struct req *r, const json_t *s);
void rv_live_rest(struct req *r, const json_t *s);
void rv_live_parts(struct req *r, const json_t *s);
/* A form posting to /meetings/{id}/do with the csrf field and the view to come back to. */
void rv_form_open(struct req *r, const struct room_ctx *c, enum view v, const char *cls);
void rv_hidden(struct req *r, const char *name, const char *value);
/* A command button with LINE's fields, or, when ERR says it is not in order, a disabled one
 * carrying the rule's Chinese message as its title and, on tap, as text. */
void rv_button(struct req *r, const struct room_ctx *c, enum view v, const char *line,
               enum mt_err err, const char *label);
/* The name of an engine id ("p3", "g1"), or the id. */
const char *rv_name_of(struct req *r, const struct room_ctx *c, const char *eid);
/* The room's stylesheet and script, the root of the live region (what meeting.js reads),
 * the links between the views, a refused command's message. */
void rv_room_css(struct req *r);
void rv_room_js(struct req *r);
void rv_root_open(struct req *r, const struct room_ctx *c, enum view v);
void rv_views_nav(struct req *r, const struct room_ctx *c);
void rv_refusal(struct req *r);
/* The console's and the phone's page up to the live region's root: the frame titled TITLE ·
 * the meeting, the room's stylesheet, the links between the views, a refusal, the root. */
void rv_page_open(struct req *r, const struct room_ctx *c, enum view v, enum msg title);
/* The recorder or hall staff; may open the console (they, the chair, the original chair). */
bool rv_is_clerk(const struct room_ctx *c);
bool rv_may_console(const struct room_ctx *c);
/* Whom the console acts as: the reader, or in a meeting from a raw setup, for hall staff,
 * the chair (policy rule 1: staff send anything as anyone there). */
const char *rv_actor(const struct room_ctx *c);
/* Draw the console and the phone (also after a refused form). */
void rv_chair_view(struct req *r, struct room_ctx *c);
void rv_phone_view(struct req *r, struct room_ctx *c);

#endif
