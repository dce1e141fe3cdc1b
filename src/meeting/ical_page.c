/* The iCalendar feeds of meetings (RFC 5545, written by meeting/ical.c):
 *   GET /halls/{id}/meetings.ics   every scheduled meeting of a hall (at most ICS_MAX, the
 *                                  latest), cancelled ones with STATUS:CANCELLED
 *   GET /meetings/{id}.ics         one meeting
 * Meetings are public announcements (the law asks that time, place and agenda be announced in
 * advance), so no sign-in is needed, and the feed names no person: not the chair, the recorder
 * or any member. Nor does it hold the online meeting's link (LOCATION says 线上; the URL property
 * leads to the meeting's page, which has the link for those who may read it). Content-Type
 * text/calendar; charset=utf-8. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "meeting/ical.h"
#include "meeting/schedule.h"
#include "meeting/schedule_store.h"
#include "org/node.h"
#include "web/respond.h"

enum { ICS_MAX = 500 };

/* The agenda as the event's description: "1. 电梯加装\n2. ..." */
static const char *agenda_text(struct req *r, int64_t id)
{
    struct buf b;
    buf_init(&b);
    struct db_stmt *st = db_prepare(r->db, "SELECT pos, title FROM meeting_item"
                                           " WHERE meeting_id = ? ORDER BY pos");
    db_bind(st, "i", id);
    while (db_step(st) == DB_ROW)
        buf_printf(&b, "%s%lld. %s", b.len ? "\n" : "", (long long)db_column_int(st, 0),
                   db_column_text(st, 1));
    db_done(st);
    const char *text = arena_strdup(&r->arena, b.data);
    buf_free(&b);
    return text;
}

/* Appends meeting ID's VEVENT when it has a time. */
static void event_of(struct req *r, struct buf *out, int64_t id, int64_t now)
{
    struct sched_row row;
    if (!sched_row_load(r, id, &row) || !row.scheduled)
        return;
    /* The online link stays on the meeting's page (signed in, in the hall's scope): it lets
     * whoever holds it into the online meeting, and this feed is public. */
    const char *place = row.place;
    if (row.mode != SM_IN_PERSON)
        place = arena_printf(&r->arena, "%s%s%s", row.place, row.place[0] ? " / " : "",
                             sched_mode_name(SM_ONLINE, (int)r->lang));
    char uid[ICAL_UID_MAX];
    ical_meeting_uid(uid, id, row.token);
    struct ical_event e = {
        .uid = uid,
        .stamp = now,
        .starts_at = row.starts_at,
        .ends_at = row.ends_at,
        .summary =
            arena_printf(&r->arena, "%s：%s", sched_kind_name(row.kind, (int)r->lang), row.title),
        .location = place,
        .description = agenda_text(r, id),
        .url = arena_printf(&r->arena, "%s/meetings/%lld", sched_origin(r), (long long)id),
        .cancelled = row.cancelled_at != 0,
        .sequence = row.sequence,
    };
    ical_event(out, &e);
}

static void send(struct req *r, struct buf *b, const char *filename)
{
    r->content_type = "text/calendar; charset=utf-8";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->arena, "inline; filename=\"%s\"", filename));
    buf_add(&r->out, b->data, b->len);
    buf_free(b);
}

void hall_meetings_ics(struct req *r)
{
    struct node n;
    if (node_get(r->db, &r->arena, r->id, &n) != 0 ||
        (n.kind != KIND_AREA && n.kind != KIND_BLOCK && n.kind != KIND_GROUP)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    int64_t ids[ICS_MAX];
    int count = 0;
    struct db_stmt *st = db_prepare(r->db, "SELECT id FROM meeting WHERE hall_node_id = ?"
                                           " AND starts_at IS NOT NULL"
                                           " ORDER BY starts_at DESC, id DESC LIMIT ?");
    db_bind(st, "ii", n.id, (int64_t)ICS_MAX);
    while (db_step(st) == DB_ROW && count < ICS_MAX)
        ids[count++] = db_column_int(st, 0);
    db_done(st);
    struct buf b;
    buf_init(&b);
    ical_begin(&b, arena_printf(&r->arena, T(r, M_SCHED_MEETINGS_OF), n.name));
    for (int i = count - 1; i >= 0; i--)
        event_of(r, &b, ids[i], now);
    ical_end(&b);
    send(r, &b, "meetings.ics");
}

void meeting_ics(struct req *r)
{
    struct sched_row row;
    if (!sched_row_load(r, r->id, &row) || !row.scheduled) {
        fail(r, 404, "not_found", M_MEETING_NOT_FOUND);
        return;
    }
    struct buf b;
    buf_init(&b);
    ical_begin(&b, arena_printf(&r->arena, T(r, M_SCHED_MEETINGS_OF), row.hall_name));
    event_of(r, &b, row.id, (int64_t)time(NULL));
    ical_end(&b);
    send(r, &b, arena_printf(&r->arena, "meeting-%lld.ics", (long long)row.id));
}
