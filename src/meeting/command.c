/* The one path of a command to a stored meeting (see command.h): the room's policy, the
 * server's clock, the engine and the log, the after-accept hook, and one live event carrying
 * the public snapshot, built once per accepted command. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/live.h"
#include "meeting/command.h"
#include "meeting/errors.h"
#include "meeting/log.h"
#include "meeting/policy.h"
#include "meeting/room_clock.h"
#include "meeting/room_store.h"
#include "org/guard.h"
#include "web/i18n.h"

static bool named(const char *name, const char *want)
{
    return name && strcmp(name, want) == 0;
}

/* Appends LINE as ACTOR (a person id), runs the after-accept hook and applies it to RUN too.
 * As meeting_append. */
static int append(struct req *r, const struct meeting_row *m, struct room_run *run, int64_t actor,
                  const char *line, int64_t now, char **answer, int64_t *seq)
{
    int rc = meeting_append(r->db, m->id, actor, now, line, answer, seq);
    if (rc != 1)
        return rc;
    if (meeting_after_accept(r, m, *seq, line, *answer) < 0)
        return -1;
    free(room_run_line(run, line, now));
    return rc;
}

/* A refusal that is not the engine's: *answer as the engine words one; 0 (refused) or -1. */
static int refuse(char **answer, const char *code, const char *message)
{
    json_t *no = json_pack("{s:b,s:s,s:s}", "ok", 0, "error", code, "message", message);
    *answer = no ? json_dumps(no, JSON_COMPACT) : NULL;
    json_decref(no);
    return *answer ? 0 : -1;
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

/* Takes meeting ID's row lock before its log is read (UPDATE ... SET x = x: a row lock on
 * PostgreSQL; SQLite's write transaction has one writer anyway), so two writers of one
 * meeting, a request and the hall clock among them, take turns instead of racing for the
 * same seq. 0, or -1 on trouble. */
static int lock_meeting(struct req *r, int64_t id)
{
    return db_exec(r->db, "UPDATE meeting SET tick_due_at = tick_due_at WHERE id = ?", "i", id) ==
                   DB_DONE
               ? 0
               : -1;
}

/* meeting.tick_due_at := when RUN next needs the server's TICK (NULL: nothing due). */
static int set_due(struct req *r, int64_t id, const struct room_run *run)
{
    int64_t due = room_tick_due(run);
    enum db_result rc =
        due > 0 ? db_exec(r->db, "UPDATE meeting SET tick_due_at = ? WHERE id = ?", "ii", due, id)
                : db_exec(r->db, "UPDATE meeting SET tick_due_at = NULL WHERE id = ?", "i", id);
    return rc == DB_DONE ? 0 : -1;
}

/* The presence changes the signed-in person logged in meeting ID within the window before NOW
 * (room_clock.h). The stored command is compact JSON, so its name reads "cmd":"ATTEND"; a
 * quote inside a text field is escaped and cannot match. */
static int64_t presence_changes(struct req *r, int64_t id, int64_t now)
{
    return db_int(r->db, 0,
                  "SELECT count(*) FROM meeting_log WHERE meeting_id = ? AND actor_id = ?"
                  " AND at > ? AND (command LIKE '%\"cmd\":\"ATTEND\"%'"
                  " OR command LIKE '%\"cmd\":\"LEAVE\"%')",
                  "iii", id, r->person_id, now - ROOM_PRESENCE_WINDOW_S);
}

/* meeting_command, with AT_DOOR when the door's check-in token was shown (policy.h rule 6). */
static int command_as(struct req *r, const struct meeting_row *m, const char *command, bool at_door,
                      char **answer, int64_t *seq)
{
    *seq = 0;
    *answer = NULL;
    struct room_run run;
    struct room_info info;
    if (lock_meeting(r, m->id) < 0 || room_load(r, m, &run, &info) < 0)
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
    bool obj = json_is_object(c);
    if (obj && !room_policy(&w, m->setup, &rc)) {
        json_decref(c);
        room_run_free(&run);
        return MEETING_FORBIDDEN;
    }
    char name[32];
    snprintf(name, sizeof name, "%s", rc.name ? rc.name : "");
    json_decref(c);
    /* each of a member's own presence changes is a log entry and an event to every watcher */
    if (obj && room_presence_counted(name, w.staff || w.recorder) &&
        presence_changes(r, m->id, (int64_t)time(NULL)) >= ROOM_PRESENCE_MAX) {
        room_run_free(&run);
        return MEETING_TOO_FAST;
    }
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
        result = append(r, m, &run, r->person_id, line, now, answer, &last);
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
        result = append(r, m, &run, r->person_id, command, now, answer, &own);
        last = own ? own : last; /* QUERY (2) is never preceded by a tick */
        if (result == 2 && *answer)
            hide_ballot(answer, room_state(&run));
    }
    *seq = last;
    if (result == 1 && (set_due(r, m->id, &run) < 0))
        result = -1;
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

int meeting_clock_tick(struct req *r, const struct meeting_row *m, int64_t now)
{
    struct room_run run;
    struct room_info info;
    if (lock_meeting(r, m->id) < 0)
        return -1;
    if (room_load(r, m, &run, &info) < 0) {
        /* a log that does not replay must not stop the clock's other work every period */
        return db_exec(r->db, "UPDATE meeting SET tick_due_at = NULL WHERE id = ?", "i", m->id) ==
                       DB_DONE
                   ? 0
                   : -1;
    }
    int64_t due = room_tick_due(&run);
    int result = 0;
    if (due > 0 && due <= now) {
        /* The log names a person for every entry (actor_id): the one who holds the chair now,
         * in whose name the console would have sent the TICK; "by":"clock" (which the engine
         * ignores) says the server's clock did. The minutes read no actor of a TICK. The
         * after-accept hook acts in the same name. */
        const struct mt_state *s = room_state(&run);
        int64_t chair = meeting_eid_person(s->persons[s->chair].id);
        int64_t saved = r->person_id;
        r->person_id = chair ? chair : m->created_by;
        char line[96], *answer = NULL;
        snprintf(line, sizeof line, "{\"cmd\":\"TICK\",\"seconds\":%" PRId64 ",\"by\":\"clock\"}",
                 room_elapsed(&run, now));
        int64_t seq = 0;
        result = append(r, m, &run, r->person_id, line, now, &answer, &seq);
        r->person_id = saved;
        free(answer);
        if (result == 1)
            publish(r, m, &run, seq, "TICK", now);
        result = result == 1 ? 1 : result == 0 ? 0 : -1;
    }
    if (result >= 0 && set_due(r, m->id, &run) < 0)
        result = -1;
    room_run_free(&run);
    return result;
}
