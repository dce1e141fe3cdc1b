/* JSON API of meetings:
 *   POST /api/v1/halls/{id}/meetings     {title, setup} → 201 with the meeting (ACT_RUN_POLL on
 *                                        the hall: those who run the hall's votes run meetings)
 *   GET  /api/v1/meetings/{id}           the state as the engine's QUERY shows it, the log's
 *                                        length and head hash (hall staff, and residents of the
 *                                        hall)
 *   POST /api/v1/meetings/{id}/commands  {cmd, actor, ...} as in the procedure scripts → 200
 *                                        with the engine's answer, 409 when the engine refuses
 * Who may send which command is the live room's policy (meeting/policy.h): in a meeting made
 * from a raw setup hall staff send anything as anyone (scripts); in a scheduled one everyone
 * acts as themselves, and the recorder and staff may also record attendance and hands counts.
 * Reading and watching: hall staff, residents of the hall, the recorder, anyone on the roster.
 * Limits: title 1..100 characters; a body is at most what the server reads (http/jsonbody.h); the
 * setup's limits are the engine's (PROCEDURE.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hall/topic_store.h"
#include "meeting/api.h"
#include "http/live.h"
#include "meeting/command.h"
#include "meeting/meeting_row.h"
#include "meeting/log.h"
#include "meeting/room_store.h"
#include "meeting/schedule.h"
#include "meeting/schedule_store.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/respond.h"

#define MEETING_TITLE_MAX 100

/* An engine answer that says no: 409 with its E_* code and Chinese message; E_BAD_INPUT (a
 * command the engine cannot read) is 422. */
static void refuse(struct req *r, const char *answer)
{
    json_t *a = answer ? json_loads(answer, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(a, "error"));
    const char *msg = json_string_value(json_object_get(a, "message"));
    code = code ? code : "E_BAD_INPUT";
    r->status = strcmp(code, "E_BAD_INPUT") == 0 ? 422 : 409;
    reply_json(r, json_pack("{s:{s:s,s:s}}", "error", "code", code, "message",
                            msg ? msg : mt_err_message(E_BAD_INPUT)));
    json_decref(a);
}

static json_t *meeting_json(struct req *r, struct meeting_row *m)
{
    struct meeting_run run;
    if (meeting_replay(r->db, m->id, &run) < 0)
        return NULL;
    static const char query[] = "{\"cmd\":\"QUERY\"}";
    char *ans = mt_script_line(&run.sc, query, sizeof query - 1);
    json_t *a = ans ? json_loads(ans, 0, NULL) : NULL;
    free(ans);
    json_t *o = json_pack("{s:I,s:I,s:s,s:I,s:I,s:O,s:I,s:s}", "id", (json_int_t)m->id,
                          "hall_node_id", (json_int_t)m->hall_node_id, "title", m->title,
                          "created_by", (json_int_t)m->created_by, "created_at",
                          (json_int_t)m->created_at, "setup", m->setup ? m->setup : json_null(),
                          "log_length", (json_int_t)run.n, "head_hash", run.head);
    json_t *state = json_object_get(a, "state");
    room_hide_open_ballot(state, &run.sc.m->s);
    json_object_set(o, "state", state ? state : json_null());
    json_decref(a);
    sched_add_json(r, m, &run.sc, o); /* the schedule, agenda, roster (meeting/schedule_store.h) */
    meeting_run_free(&run);
    return o;
}

void hall_meetings_create_api(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_RUN_POLL, &n))
        return;
    if (!topic_is_hall_kind(n.kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    json_t *body = request_json(r);
    if (!body)
        return;
    if (!json_object_get(body, "setup")) { /* the schedule form (meeting/schedule_api.c) */
        sched_create_api(r, &n, body);
        json_decref(body);
        return;
    }
    const char *title = json_string_value(json_object_get(body, "title"));
    json_t *setup = json_object_get(body, "setup");
    size_t chars = title ? utf8_chars(title) : 0;
    if (!title || chars < 1 || chars > MEETING_TITLE_MAX) {
        json_decref(body);
        fail(r, 422, "bad_title", M_MEETING_TITLE);
        return;
    }
    char *su = json_is_object(setup) ? json_dumps(setup, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    char *answer = NULL;
    int64_t id =
        su ? meeting_create(r->db, n.id, title, su, r->person_id, (int64_t)time(NULL), &answer) : 0;
    free(answer);
    free(su);
    json_decref(body);
    if (id == 0) {
        fail(r, 422, "bad_setup", M_MEETING_SETUP);
        return;
    }
    if (id < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    r->id = id;
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    json_t *o = meeting_json(r, &m);
    json_decref(m.setup);
    r->status = 201;
    reply_json(r, o ? o : json_object());
}

void meeting_api(struct req *r)
{
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    if (!room_may_watch(r, &m, NULL)) {
        json_decref(m.setup);
        fail(r, 403, "forbidden", M_MEETING_FORBIDDEN);
        return;
    }
    json_t *o = meeting_json(r, &m);
    json_decref(m.setup);
    if (!o) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    reply_json(r, o);
}

void meeting_commands_api(struct req *r)
{
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    json_t *body = request_json(r);
    if (!body) {
        json_decref(m.setup);
        return;
    }
    char *cmd = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    char *answer = NULL;
    int64_t seq = 0;
    /* who may send what: the room's policy (meeting/policy.h), inside meeting_command */
    int rc = cmd ? meeting_command(r, &m, cmd, &answer, &seq) : -1;
    json_decref(m.setup);
    free(cmd);
    if (rc == MEETING_FORBIDDEN) { /* the room's policy (meeting/policy.h) */
        fail(r, 403, "forbidden", M_ROOM_FORBIDDEN);
    } else if (rc == MEETING_TOO_FAST) {
        fail(r, 429, "too_fast", M_ROOM_TOO_FAST);
    } else if (rc == 0) {
        refuse(r, answer);
    } else if (rc == -2) {
        fail(r, 409, "busy", M_MEETING_BUSY);
    } else if (rc < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        json_t *a = json_loads(answer, 0, NULL);
        if (!json_is_object(a)) {
            json_decref(a);
            a = json_object();
        }
        json_object_set_new(a, "seq", seq ? json_integer(seq) : json_null());
        reply_json(r, a);
    }
    free(answer);
}

void meeting_events_api(struct req *r)
{
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    bool watch = room_may_watch(r, &m, NULL);
    json_decref(m.setup);
    if (!watch) {
        fail(r, 403, "forbidden", M_MEETING_FORBIDDEN);
        return;
    }
    live_subscribe(r, meeting_channel(r, m.id));
}
