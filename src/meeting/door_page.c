/* Signing in to a meeting (issue 5, deliverable 4):
 *   GET  /meetings/{id}/door      the hall's staff and the meeting's recorder: a page for the
 *                                 door, the QR code large (libqrencode, inline SVG) holding the
 *                                 absolute URL /meetings/{id}/checkin?t=<checkin_token>
 *   GET  /meetings/{id}/checkin   the member's phone: a big 签到 button (not signed in: to the
 *                                 login page and back here, token kept)
 *   POST /meetings/{id}/checkin   checks the token and the time (an hour before the start to
 *                                 an hour after the end: sched_checkin_open), then sends
 *                                 {"cmd":"ATTEND","actor":"p<me>"} through meeting_command;
 *                                 someone not on the roster is told so
 *   GET  /meetings/{id}/roster    staff and recorder: everyone on the roster present or absent,
 *                                 签到/离场 buttons per person and guest, present vs quorum
 *   POST /meetings/{id}/roster    actor=<engine id>, action=attend|leave → ATTEND/LEAVE with
 *                                 that person's actor, for those without phones
 * The permission check is here: only the staff and the recorder send ATTEND/LEAVE for someone
 * else; everyone else only for themselves (the check-in page never takes an actor). The token
 * keeps people away from the check-in who are not at the door. */
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "meeting/command.h"
#include "meeting/log.h"
#include "meeting/policy.h"
#include "meeting/schedule.h"
#include "meeting/schedule_store.h"
#include "meeting/state.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* The meeting and its schedule, and may the reader run its door; false after answering. */
static bool load(struct req *r, struct meeting_row *m, struct sched_row *row, bool door)
{
    if (!meeting_load(r, m))
        return false;
    if (!sched_row_load(r, m->id, row)) {
        json_decref(m->setup);
        fail(r, 404, "not_found", M_MEETING_NOT_FOUND);
        return false;
    }
    if (door && !sched_may_door(r, m->path, row->recorder_id)) {
        json_decref(m->setup);
        fail(r, 403, "forbidden", M_SCHED_DOOR_FORBIDDEN);
        return false;
    }
    return true;
}

/* TEXT as a QR code in inline SVG: one path of unit squares with a 4-module quiet zone, black
 * on white, scaled by the viewBox (width 100%% of the page, at most 32rem by its attributes). */
static void qr_svg(struct req *r, const char *text, const char *label)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return;
    int w = qr->width, size = w + 8;
    struct buf *o = &r->out;
    html(o,
         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
         "role=\"img\" aria-label=\"%s\" shape-rendering=\"crispEdges\">"
         "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
         size, size, label, size, size);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (qr->data[y * w + x] & 1)
                html(o, "M%d %dh1v1h-1z", x + 4, y + 4);
    html(o, "\"/></svg>\n");
    QRcode_free(qr);
}

void meeting_door_page(struct req *r)
{
    struct meeting_row m;
    struct sched_row row;
    if (!load(r, &m, &row, true))
        return;
    json_decref(m.setup);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_SCHED_DOOR_VIEW), row.title));
    html(&r->out, "<p><a href=\"/meetings/%lld\">‹ %s</a></p>\n<p class=\"lead\">%s</p>\n",
         (long long)m.id, row.title, T(r, M_SCHED_DOOR_HELP));
    /* No code to show for a cancelled meeting, nor for one made with a raw setup (it has no
     * token): the roster is the way in, and the link would lead nowhere. */
    if (row.cancelled_at || !row.token || !row.token[0]) {
        html(&r->out, "<div class=\"notice notice-error\"><p>%s</p></div>",
             T(r, row.cancelled_at ? M_SCHED_E_CANCELLED : M_SCHED_DOOR_NO_CODE));
        page_end(r);
        return;
    }
    const char *url = arena_printf(&r->arena, "%s/meetings/%lld/checkin?t=%s", sched_origin(r),
                                   (long long)m.id, row.token);
    qr_svg(r, url, T(r, M_SCHED_DOOR_VIEW));
    /* When the code works: staff who try it the day before are not surprised. */
    if (row.scheduled)
        html(&r->out, "<p class=\"lead\">%s</p>\n",
             arena_printf(&r->arena, T(r, M_SCHED_CHECKIN_WINDOW),
                          when_long(r, row.starts_at - SCHED_CHECKIN_EARLY),
                          when_long(r, row.ends_at + SCHED_CHECKIN_LATE)));
    /* The link under its name: the URL itself would not wrap on a phone. */
    html(&r->out, "<p class=\"muted\"><a href=\"%s\">%s</a></p>\n", url,
         T(r, M_SCHED_CHECKIN_LINK));
    page_end(r);
}

/* The token matches, in constant time. */
static bool token_ok(const struct sched_row *row, const char *t)
{
    size_t n = strlen(row->token);
    return t && n > 0 && strlen(t) == n && sodium_memcmp(t, row->token, n) == 0;
}

/* The door's check-in is open around the meeting's time (sched_checkin_open). */
static bool checkin_open(const struct sched_row *row)
{
    return !row->scheduled || sched_checkin_open((int64_t)time(NULL), row->starts_at, row->ends_at);
}

static void checkin_view(struct req *r, const struct meeting_row *m, const struct sched_row *row,
                         const char *token, const char *notice, bool ok)
{
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_SCHED_ATTEND), row->title));
    struct buf *o = &r->out;
    html(o, "<p><a href=\"/meetings/%lld\">%s · %s</a></p>\n", (long long)m->id,
         sched_kind_name(row->kind, (int)r->lang), row->title);
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             ok ? "notice-ok" : "notice-error", ok ? "status" : "alert", notice);
    if (!ok && !notice) {
        html(o, "<p class=\"lead\">%s</p>", T(r, M_SCHED_CHECKIN_HELP));
        html(o, "<form method=\"post\" action=\"/meetings/%lld/checkin\">", (long long)m->id);
        csrf_field(r);
        html(o,
             "<input type=\"hidden\" name=\"t\" value=\"%s\"><button class=\"primary\" "
             "type=\"submit\">%s</button></form>\n",
             token, T(r, M_SCHED_ATTEND));
    }
    page_end(r);
}

/* The signed-in person's presence at meeting M: 1 present, 0 absent, -1 not on the roster (or
 * a log that does not replay). Their engine id goes to EID. */
static int my_presence(struct req *r, const struct meeting_row *m, char *eid, size_t n)
{
    meeting_person_eid(r->person_id, eid, n);
    struct meeting_run run;
    if (meeting_replay(r->db, m->id, &run) < 0)
        return -1;
    int pr = sched_present(&run.sc, eid);
    meeting_run_free(&run);
    return pr;
}

/* The checks of a check-in with token T, in order: the meeting not cancelled, the token, the
 * time (checkin_open), the reader on the roster. The reader's presence (1 or 0, their engine id
 * in EID[32]), or -1 with *NOTICE and the status set. */
static int checkin_check(struct req *r, const struct meeting_row *m, const struct sched_row *row,
                         const char *t, char *eid, const char **notice)
{
    int pr = -1;
    if (row->cancelled_at) {
        r->status = 409;
        *notice = T(r, M_SCHED_E_CANCELLED);
    } else if (!token_ok(row, t)) {
        r->status = 403;
        *notice = T(r, M_SCHED_CHECKIN_BAD_TOKEN);
    } else if (!checkin_open(row)) {
        r->status = 409;
        *notice = T(r, M_SCHED_CHECKIN_CLOSED);
    } else if ((pr = my_presence(r, m, eid, 32)) < 0) {
        r->status = 403;
        *notice = T(r, M_SCHED_NOT_ON_ROSTER);
    }
    return pr;
}

void meeting_checkin_page(struct req *r)
{
    const char *t = req_query(r, "t");
    if (!r->person_id) { /* to the login page, and back here with the token */
        const char *back = arena_printf(&r->arena, "/meetings/%lld/checkin?t=%s", (long long)r->id,
                                        t ? url_encode(&r->arena, t) : "");
        req_redirect(r, arena_printf(&r->arena, "/login?next=%s", url_encode(&r->arena, back)));
        return;
    }
    struct meeting_row m;
    struct sched_row row;
    if (!load(r, &m, &row, false))
        return;
    char eid[32];
    const char *notice = NULL;
    int pr = checkin_check(r, &m, &row, t, eid, &notice);
    /* Already checked in (the code scanned twice): say so instead of the button. */
    if (pr == 1)
        checkin_view(r, &m, &row, t, T(r, M_SCHED_CHECKIN_DONE), true);
    else
        checkin_view(r, &m, &row, t ? t : "", notice, false);
    json_decref(m.setup);
}

/* Sends ATTEND or LEAVE for EID (AT_DOOR: the token was checked); the page's notice for a
 * refusal, or NULL when accepted. */
static const char *send_presence(struct req *r, const struct meeting_row *m, const char *cmd,
                                 const char *eid, bool at_door)
{
    json_t *c = json_pack("{s:s,s:s}", "cmd", cmd, "actor", eid);
    char *text = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(c);
    char *answer = NULL;
    int64_t seq = 0;
    int rc = !text     ? -1
             : at_door ? meeting_command_at_door(r, m, text, &answer, &seq)
                       : meeting_command(r, m, text, &answer, &seq);
    free(text);
    const char *notice = NULL;
    if (rc == 0) {
        json_t *a = answer ? json_loads(answer, 0, NULL) : NULL;
        const char *msg = json_string_value(json_object_get(a, "message"));
        notice = arena_strdup(&r->arena, msg ? msg : T(r, M_ERR_INTERNAL));
        json_decref(a);
        r->status = 409;
    } else if (rc == -2) {
        notice = T(r, M_MEETING_BUSY);
        r->status = 409;
    } else if (rc == MEETING_FORBIDDEN) { /* the room's policy: not theirs to record */
        notice = T(r, M_ROOM_FORBIDDEN);
        r->status = 403;
    } else if (rc == MEETING_TOO_FAST) { /* meeting/room_clock.h */
        notice = T(r, M_ROOM_TOO_FAST);
        r->status = 429;
    } else if (rc < 0) {
        notice = T(r, M_ERR_INTERNAL);
        r->status = 500;
    }
    free(answer);
    return notice;
}

void meeting_checkin_post(struct req *r)
{
    struct meeting_row m;
    struct sched_row row;
    if (!load(r, &m, &row, false))
        return;
    const char *t = req_param(r, "t");
    char eid[32];
    const char *notice = NULL;
    if (checkin_check(r, &m, &row, t, eid, &notice) == 0) /* present already: nothing to log */
        notice = send_presence(r, &m, "ATTEND", eid, true);
    bool ok = notice == NULL;
    checkin_view(r, &m, &row, t ? t : "", ok ? T(r, M_SCHED_CHECKIN_DONE) : notice, ok);
    json_decref(m.setup);
}

static void roster_line(struct req *r, long long id, const char *eid, const char *name,
                        const char *what, int present)
{
    struct buf *o = &r->out;
    html(o, "<li class=\"cell\"><strong>%s</strong> <span class=\"muted\">· %s · %s</span>", name,
         what, T(r, present == 1 ? M_SCHED_IS_PRESENT : M_SCHED_IS_ABSENT));
    html(o, "<form method=\"post\" action=\"/meetings/%lld/roster\">", id);
    csrf_field(r);
    html(o,
         "<input type=\"hidden\" name=\"actor\" value=\"%s\"><input type=\"hidden\" "
         "name=\"action\" value=\"%s\"><button type=\"submit\"%s>%s</button></form></li>\n",
         eid, present == 1 ? "leave" : "attend", present == 1 ? "" : " class=\"primary\"",
         T(r, present == 1 ? M_SCHED_LEAVE : M_SCHED_ATTEND));
}

static void roster_view(struct req *r, const struct meeting_row *m, const struct sched_row *row,
                        const char *error)
{
    struct meeting_run run;
    if (meeting_replay(r->db, m->id, &run) < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    const struct mt_script *sc = &run.sc;
    struct buf *o = &r->out;
    long long id = (long long)m->id;
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_SCHED_ROSTER_VIEW), row->title));
    html(o, "<p><a href=\"/meetings/%lld\">‹ %s</a></p>\n", id, row->title);
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    html(o, "<p class=\"lead\" id=\"presence\">%s</p>\n",
         arena_printf(&r->arena, T(r, M_SCHED_PRESENT), mt_present(&sc->m->s),
                      mt_quorum(&sc->m->s)));
    html(o, "<ul class=\"cells\">\n");
    json_t *ma = json_object_get(m->setup, "members"), *oa = json_object_get(m->setup, "observers");
    for (int pass = 0; pass < 2; pass++) {
        json_t *a = pass ? oa : ma;
        for (size_t i = 0; i < json_array_size(a); i++) {
            const char *eid = json_string_value(json_array_get(a, i));
            if (!eid || eid[0] == 'g')
                continue;
            int64_t pid = meeting_eid_person(eid);
            const char *name = pid ? sched_person_name(r, pid) : NULL;
            roster_line(r, id, eid, name ? name : eid,
                        T(r, pass ? M_SCHED_OBSERVER : M_SCHED_MEMBER), sched_present(sc, eid));
        }
    }
    struct db_stmt *st = db_prepare(r->db, "SELECT id, org, name FROM meeting_guest"
                                           " WHERE meeting_id = ? ORDER BY id");
    db_bind(st, "i", m->id);
    while (db_step(st) == DB_ROW) {
        const char *eid = arena_printf(&r->arena, "g%lld", (long long)db_column_int(st, 0));
        const char *what =
            arena_printf(&r->arena, "%s · %s", T(r, M_SCHED_GUEST),
                         sched_org_name(sched_org_parse(db_column_text(st, 1)), (int)r->lang));
        roster_line(r, id, eid, arena_strdup(&r->arena, db_column_text(st, 2)), what,
                    sched_present(sc, eid));
    }
    db_done(st);
    html(o, "</ul>\n");
    page_end(r);
    meeting_run_free(&run);
}

void meeting_roster_page(struct req *r)
{
    struct meeting_row m;
    struct sched_row row;
    if (!load(r, &m, &row, true))
        return;
    roster_view(r, &m, &row, NULL);
    json_decref(m.setup);
}

void meeting_roster_post(struct req *r)
{
    struct meeting_row m;
    struct sched_row row;
    if (!load(r, &m, &row, true))
        return;
    const char *eid = req_param(r, "actor");
    const char *action = req_param(r, "action");
    const char *cmd = action && strcmp(action, "leave") == 0    ? "LEAVE"
                      : action && strcmp(action, "attend") == 0 ? "ATTEND"
                                                                : NULL;
    const char *error = NULL;
    if (row.cancelled_at) {
        r->status = 409;
        error = T(r, M_SCHED_E_CANCELLED);
    } else if (!cmd || !eid || !room_on_roster(m.setup, eid)) {
        r->status = 422;
        error = T(r, M_SCHED_E_PERSON);
    } else {
        error = send_presence(r, &m, cmd, eid, false);
    }
    if (error)
        roster_view(r, &m, &row, error);
    else
        req_redirect(r, arena_printf(&r->arena, "/meetings/%lld/roster", (long long)m.id));
    json_decref(m.setup);
}
