/* The one path of a command to a stored meeting (see command.h): the room's policy, the
 * server's clock, the engine and the log, the after-accept hook, and one live event carrying
 * the public snapshot, built once per accepted command. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/live.h"
#include "meeting/command.h"
#include "meeting/errors.h"
#include "meeting/log.h"
#include "meeting/policy.h"
#include "meeting/room_store.h"
#include "org/guard.h"
#include "web/i18n.h"

static bool named(const char *name, const char *want)
{
    return name && strcmp(name, want) == 0;
}

/* A refusal that is not the engine's: *answer as the engine words one; 0 (refused) or -1. */
static int refuse(char **answer, const char *code, const char *message)
{
    json_t *no = json_pack("{s:b,s:s,s:s}", "ok", 0, "error", code, "message", message);
    *answer = no ? json_dumps(no, JSON_COMPACT) : NULL;
    json_decref(no);
    return *answer ? 0 : -1;
}

/* Appends LINE, runs the after-accept hook and applies it to RUN too. As meeting_append. */
static int append(struct req *r, const struct meeting_row *m, struct room_run *run,
                  const char *line, int64_t now, char **answer, int64_t *seq)
{
    int rc = meeting_append(r->db, m->id, r->person_id, now, line, answer, seq);
    if (rc != 1)
        return rc;
    if (meeting_after_accept(r, m, *seq, line, *answer) < 0)
        return -1;
    free(room_run_line(run, line, now));
    return rc;
}

/* The live event of an accepted command: the snapshot, or only seq and cmd when it would not
 * fit (viewers then reload). */
static void publish(struct req *r, const struct meeting_row *m, const struct room_run *run,
                    int64_t seq, const char *cmd, int64_t now)
{
    struct room_names names = {r, m->id};
    json_t *snap = room_snapshot(run, room_name, &names, seq, cmd, now);
    if (snap)
        room_item_title(r, m->id, snap);
    char *text = snap ? json_dumps(snap, JSON_COMPACT) : NULL;
    json_decref(snap);
    if (!text || strlen(text) > ROOM_SNAPSHOT_MAX) {
        free(text);
        json_t *small = json_pack("{s:I,s:s}", "seq", (json_int_t)seq, "cmd", cmd ? cmd : "");
        text = small ? json_dumps(small, JSON_COMPACT) : NULL;
        json_decref(small);
    }
    if (text)
        live_publish(r, meeting_channel(r, m->id), "command", text);
    free(text);
}

/* A QUERY's answer without an open ballot's running tally (room_hide_open_ballot). */
static void hide_ballot(char **answer, const struct mt_state *s)
{
    json_t *a = json_loads(*answer, 0, NULL);
    json_t *state = json_object_get(a, "state");
    if (state) {
        room_hide_open_ballot(state, s);
        char *text = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (text) {
            free(*answer);
            *answer = text;
        }
    }
    json_decref(a);
}

/* meeting_command, with AT_DOOR when the door's check-in token was shown (policy.h rule 6). */
static int command_as(struct req *r, const struct meeting_row *m, const char *command, bool at_door,
                      char **answer, int64_t *seq)
{
    *seq = 0;
    *answer = NULL;
    struct room_run run;
    struct room_info info;
    if (room_load(r, m, &run, &info) < 0)
        return -1;
    json_t *c = json_loads(command, 0, NULL);
    struct room_cmd rc = room_command_of(c);
    const struct mt_state *s = room_state(&run);
    int top = s ? mt_top(s) : -1;
    struct room_who w = {room_self(r),
                         may(r, m->path, ACT_RUN_POLL),
                         info.recorder_id != 0 && info.recorder_id == r->person_id,
                         info.scheduled,
                         s ? s->persons[s->chair].id : NULL,
                         room_hands_open(s),
                         top >= 0 && s->motions[top].state == ST_VOTING &&
                             s->motions[top].method == VM_ROLL_CALL,
                         at_door};
    if (json_is_object(c) && !room_policy(&w, m->setup, &rc)) {
        json_decref(c);
        room_run_free(&run);
        return MEETING_FORBIDDEN;
    }
    char name[32];
    snprintf(name, sizeof name, "%s", rc.name ? rc.name : "");
    json_decref(c);
    /* ADJOURNED is terminal (PROCEDURE.md section 3). The engine still takes ATTEND, LEAVE and
     * TICK there, but a stored meeting that has adjourned is over: logging them would change
     * its minutes (attendance, absences) after the fact. Only QUERY is answered. A raw
     * meeting (procedure scripts) keeps the engine's own answers. */
    if (info.scheduled && s && s->meeting == MS_ADJOURNED && !named(name, "QUERY")) {
        room_run_free(&run);
        return refuse(answer, mt_err_name(E_OUT_OF_ORDER), mt_err_message(E_OUT_OF_ORDER));
    }
    /* A cancelled meeting does not meet: nobody signs in, nobody calls it to order (409
     * meeting_cancelled, as for editing it). */
    if (info.cancelled && !named(name, "QUERY")) {
        room_run_free(&run);
        return refuse(answer, "meeting_cancelled", T(r, M_SCHED_E_CANCELLED));
    }
    int64_t now = (int64_t)time(NULL), last = 0;
    int result;
    /* The server's clock (scheduled meetings): a TICK of the seconds elapsed goes first, so a
     * speech ends on time. Not before DIVISION or APPEAL, whose windows are "right after" the
     * vote or ruling: the clock catches up at the next command. QUERY changes nothing. */
    int64_t d = info.scheduled && !named(name, "QUERY") && !named(name, "DIVISION") &&
                        !named(name, "APPEAL")
                    ? room_elapsed(&run, now)
                    : 0;
    if (d > 0 && !named(name, "TICK")) {
        /* a refused command logs nothing, not even the tick before it, so the page that shows
         * the refusal shows the log as it stays (its seq too): try both on a copy first */
        char *tried = room_try(&run, d, command);
        if (!tried || room_answer_err(tried) != MT_OK) {
            *answer = tried;
            result = tried ? 0 : -1;
            goto done;
        }
        free(tried);
    }
    if (d > 0) {
        char line[64];
        snprintf(line, sizeof line, "{\"cmd\":\"TICK\",\"seconds\":%" PRId64 "}", d);
        result = append(r, m, &run, line, now, answer, &last);
        if (result != 1)
            goto done;
    }
    if (info.scheduled && named(name, "TICK")) {
        /* A TICK sent to a scheduled meeting asks for the real time: it was just done */
        free(*answer);
        *answer = strdup("{\"ok\": true}");
        result = last ? 1 : 2;
    } else {
        free(*answer);
        *answer = NULL;
        int64_t own = 0;
        result = append(r, m, &run, command, now, answer, &own);
        last = own ? own : last; /* QUERY (2) is never preceded by a tick */
        if (result == 2 && *answer)
            hide_ballot(answer, room_state(&run));
    }
    *seq = last;
    if (result == 1)
        publish(r, m, &run, last, name, now);
done:
    room_run_free(&run);
    return result;
}

int meeting_command(struct req *r, const struct meeting_row *m, const char *command, char **answer,
                    int64_t *seq)
{
    return command_as(r, m, command, false, answer, seq);
}

int meeting_command_at_door(struct req *r, const struct meeting_row *m, const char *command,
                            char **answer, int64_t *seq)
{
    return command_as(r, m, command, true, answer, seq);
}
