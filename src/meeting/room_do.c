/* POST /meetings/{id}/do: one command from a form's fields, through meeting_command, then 303
 * back to the view; a refusal shows the view again with the rule's message (409). */
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
    /* a ruling's side is "true" or "false": anything else must not quietly overrule */
    const char *sus = req_param(r, "sustained");
    if (sus && *sus) {
        if (strcmp(sus, "true") != 0 && strcmp(sus, "false") != 0) {
            json_decref(c);
            return NULL;
        }
        json_object_set_new(c, "sustained", json_boolean(strcmp(sus, "true") == 0));
    }
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
        if (strcmp(v, rv_view_names[i]) == 0)
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
    if (!rv_ctx_load(r, &c))
        return;
    r->status = status;
    if (v == V_CHAIR)
        rv_chair_view(r, &c);
    else
        rv_phone_view(r, &c);
    rv_ctx_free(&c);
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
    } else if (rc == MEETING_TOO_FAST) {
        r->status = 429;
        again(r, v, T(r, M_ROOM_TOO_FAST));
    } else if (rc == 0) {
        enum mt_err e = room_answer_err(answer);
        json_t *a = answer ? json_loads(answer, 0, NULL) : NULL;
        const char *code = json_string_value(json_object_get(a, "error"));
        const char *msg = json_string_value(json_object_get(a, "message"));
        if (code && msg && strncmp(code, "E_", 2) != 0) { /* the meeting's, not the engine's */
            r->status = 409;
            again(r, v, arena_printf(&r->arena, "%s（%s）", msg, code));
        } else {
            r->status = e == E_BAD_INPUT ? 422 : 409;
            again(r, v, arena_printf(&r->arena, "%s（%s）", T(r, room_err_msg(e)), mt_err_name(e)));
        }
        json_decref(a);
    } else if (rc == -2) {
        r->status = 409;
        again(r, v, T(r, M_MEETING_BUSY));
    } else if (rc < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        req_redirect(
            r, arena_printf(&r->arena, "/meetings/%lld/%s", (long long)r->id, rv_view_names[v]));
    }
    free(answer);
}
