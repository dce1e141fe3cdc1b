/* The application window and activities over the API; see activity.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/perm.h"
#include "db/db.h"
#include "fund/activity.h"
#include "fund/activity_rules.h"
#include "fund/api.h"
#include "hall/feed.h"
#include "hall/photo.h"
#include "hall/topic_status.h"
#include "http/jsonbody.h"
#include "util/utf8.h"
#include "web/respond.h"

struct window {
    bool set;
    int64_t opens, closes;
};

static struct window window_load(struct req *r, int64_t pool_id)
{
    struct window w = {0};
    struct db_stmt *st =
        db_prepare(r->db, "SELECT opens_at, closes_at FROM fund_pool WHERE id = ?");
    db_bind(st, "i", pool_id);
    if (db_step(st) == DB_ROW && !db_column_null(st, 0) && !db_column_null(st, 1)) {
        w.set = true;
        w.opens = db_column_int(st, 0);
        w.closes = db_column_int(st, 1);
    }
    db_done(st);
    return w;
}

static const char *window_key(enum fund_window s)
{
    static const char *const keys[] = {"none", "open", "not_yet", "closed"};
    return keys[s];
}

static json_t *window_json(int64_t pool_id, struct window w)
{
    enum fund_window s = fund_window_at(w.set, w.opens, w.closes, (int64_t)time(NULL));
    json_t *o = json_pack("{s:I,s:s,s:b}", "pool_id", (json_int_t)pool_id, "state", window_key(s),
                          "submissions_allowed", fund_window_allows(s));
    if (w.set) {
        char a[16], b[16];
        activity_date_format(w.opens, a, sizeof a);
        activity_date_format(w.closes - 1, b, sizeof b);
        json_object_set_new(o, "opens_at", json_integer(w.opens));
        json_object_set_new(o, "closes_at", json_integer(w.closes));
        json_object_set_new(o, "opens_on", json_string(a));
        json_object_set_new(o, "closes_on", json_string(b));
    } else {
        json_object_set_new(o, "opens_at", json_null());
        json_object_set_new(o, "closes_at", json_null());
    }
    return o;
}

bool fund_window_check(struct req *r, int64_t pool_id)
{
    struct window w = window_load(r, pool_id);
    if (fund_window_allows(fund_window_at(w.set, w.opens, w.closes, (int64_t)time(NULL))))
        return true;
    fail(r, 409, "window_closed", M_FAC_E_WINDOW);
    return false;
}

void fund_window_api(struct req *r)
{
    struct fund_pool p;
    if (!fund_pool_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_may_read(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    reply_json(r, window_json(p.id, window_load(r, p.id)));
}

/* A date member as its first second, or a seconds member; false when neither is valid. */
static bool when_member(const json_t *b, const char *date_key, const char *at_key, bool end,
                        int64_t *at)
{
    const char *d = jsonbody_string(b, date_key);
    if (d) {
        if (!activity_date_parse(d, at))
            return false;
        if (end)
            *at += 86400; /* the last day is included */
        return true;
    }
    json_t *v = json_object_get(b, at_key);
    if (!json_is_integer(v))
        return false;
    *at = (int64_t)json_integer_value(v);
    return true;
}

void fund_window_set_api(struct req *r)
{
    struct fund_pool p;
    if (!fund_pool_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_is_subdistrict(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    int64_t opens = 0, closes = 0;
    if (!when_member(b, "opens_on", "opens_at", false, &opens) ||
        !when_member(b, "closes_on", "closes_at", true, &closes) ||
        !fund_window_valid(opens, closes)) {
        fail(r, 422, "window_invalid", M_FAC_E_WINDOW_BAD);
    } else if (!fund_lock(r, p.id, 0) || !fund_pool_load(r, p.id, &p) || p.closed_at) {
        fail(r, 409, "pool_closed", M_FUND_E_STATUS);
    } else if (db_exec(r->db, "UPDATE fund_pool SET opens_at = ?, closes_at = ? WHERE id = ?",
                       "iii", opens, closes, p.id) != DB_DONE) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        reply_json(r, window_json(p.id, window_load(r, p.id)));
    }
    json_decref(b);
}

/* ---- activities ---- */

static json_t *activity_photos(struct req *r, int64_t id)
{
    struct photo_info ph[ACTIVITY_PHOTOS_MAX];
    int n = photo_list(r, "fund_activity", id, ph, ACTIVITY_PHOTOS_MAX);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)ph[i].id, "url",
                         arena_printf(&r->arena, "/photos/%lld", (long long)ph[i].id), "thumb",
                         arena_printf(&r->arena, "/photos/%lld/thumb", (long long)ph[i].id)));
    return a;
}

void fund_activities_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_may_read(r, p.area_path) && r->person_id != p.leader_id) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    /* Newest first by the day it was held, then by when it was written. */
    struct db_stmt *st =
        db_prepare(r->db, "SELECT a.id, a.held_on, a.what, a.signins, a.corrects, a.created_at,"
                          " p.name, (SELECT c.id FROM fund_activity c WHERE c.corrects = a.id)"
                          " FROM fund_activity a JOIN person p ON p.id = a.created_by"
                          " WHERE a.project_id = ? ORDER BY a.held_at DESC, a.id DESC LIMIT ?");
    db_bind(st, "ii", p.id, (int64_t)ACTIVITY_LIST_MAX);
    json_t *list = json_array();
    int64_t count = 0, signins = 0;
    struct {
        int64_t id;
        json_t *o;
    } rows[ACTIVITY_LIST_MAX];
    int n = 0;
    while (db_step(st) == DB_ROW && n < ACTIVITY_LIST_MAX) {
        bool corrected = !db_column_null(st, 7);
        json_t *o = json_pack(
            "{s:I,s:s,s:s,s:I,s:o,s:o,s:I,s:s}", "id", (json_int_t)db_column_int(st, 0), "date",
            db_column_text(st, 1), "what", db_column_text(st, 2), "signins",
            (json_int_t)db_column_int(st, 3), "corrects",
            db_column_null(st, 4) ? json_null() : json_integer(db_column_int(st, 4)),
            "corrected_by", corrected ? json_integer(db_column_int(st, 7)) : json_null(),
            "created_at", (json_int_t)db_column_int(st, 5), "recorded_by", db_column_text(st, 6));
        if (!corrected) {
            count++;
            signins += db_column_int(st, 3);
        }
        rows[n].id = db_column_int(st, 0);
        rows[n++].o = o;
    }
    db_done(st);
    for (int i = 0; i < n; i++) {
        json_object_set_new(rows[i].o, "photos", activity_photos(r, rows[i].id));
        json_array_append_new(list, rows[i].o);
    }
    reply_json(r, json_pack("{s:I,s:I,s:I,s:o}", "project_id", (json_int_t)p.id, "count",
                            (json_int_t)count, "signins", (json_int_t)signins, "activities", list));
}

/* A field of the request: the form's when the body was a form, else the JSON member (numbers
 * as their decimal text). */
static const char *field(struct req *r, const json_t *b, const char *key)
{
    if (!b)
        return req_param(r, key);
    json_t *v = json_object_get(b, key);
    if (json_is_integer(v))
        return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool activity_store(struct req *r, const struct fund_project *p, const json_t *b)
{
    const char *date = field(r, b, "date"), *what = field(r, b, "what");
    const char *signins_s = field(r, b, "signins"), *corrects_s = field(r, b, "corrects");
    int64_t held_at = 0, signins = 0, corrects = 0, now = (int64_t)time(NULL);
    if (!activity_date_parse(date, &held_at) || held_at > now) {
        fail(r, 422, "date_invalid", M_FAC_E_DATE);
        return false;
    }
    if (!what || !hall_text_present(what) || !utf8_valid(what, strlen(what)) ||
        utf8_chars(what) > ACTIVITY_WHAT_MAX) {
        fail(r, 422, "what_invalid", M_FAC_E_WHAT);
        return false;
    }
    if (!activity_signins_parse(signins_s, &signins)) {
        fail(r, 422, "signins_invalid", M_FAC_E_SIGNINS);
        return false;
    }
    if (corrects_s && *corrects_s) {
        /* an id is digits like a count; anything else leaves corrects 0 and is refused */
        char *end = NULL;
        long long c = strtoll(corrects_s, &end, 10);
        corrects = end && !*end && c > 0 ? c : 0;
        if (!corrects ||
            db_int(r->db, 0,
                   "SELECT count(*) FROM fund_activity a WHERE a.id = ? AND a.project_id = ?"
                   " AND NOT EXISTS (SELECT 1 FROM fund_activity c WHERE c.corrects = a.id)",
                   "ii", corrects, p->id) != 1) {
            fail(r, 422, "corrects_invalid", M_FAC_E_CORRECTS);
            return false;
        }
    }
    static const char insert[] =
        "INSERT INTO fund_activity(project_id, held_on, held_at, what, signins, corrects,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    int64_t id = corrects ? db_int(r->db, 0, insert, "isisiiii", p->id, date, held_at, what,
                                   signins, corrects, r->person_id, now)
                          : db_int(r->db, 0, insert, "isisinii", p->id, date, held_at, what,
                                   signins, r->person_id, now);
    if (!id) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    enum photo_err pe = PHOTO_OK;
    if (photo_attach_from_form(r, "photo", "fund_activity", id, &pe) < 0) {
        fail_text(r, photo_err_status(pe), photo_err_code(pe), photo_err_text(r, pe));
        return false;
    }
    char summary[600];
    snprintf(summary, sizeof summary, T(r, M_FAC_FEED), p->name, date, (long long)signins);
    if (!feed_add(r, p->hall_node_id, p->topic_id, FEED_PROGRESS, id, true, summary)) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    r->id = id;
    return true;
}

bool fund_activity_may_record(struct req *r, const struct fund_project *p)
{
    if (r->person_id && r->person_id == p->leader_id)
        return true;
    for (size_t i = 0; i < r->ngrants; i++)
        if (r->grants[i].role != ROLE_ADMIN &&
            perm_allows(&r->grants[i], 1, p->area_path, ACT_FUND_EXPENSE))
            return true;
    return false;
}

void fund_activity_add_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_activity_may_record(r, &p)) {
        fail(r, 403, "forbidden", M_FAC_E_FORBIDDEN);
        return;
    }
    if (p.status != FUND_IN_PROGRESS || p.pool_closed) {
        fail(r, 409, "not_in_progress", M_FAC_E_STATUS);
        return;
    }
    json_t *b = NULL;
    if (r->form.n == 0 && !(b = fund_body(r)))
        return;
    int64_t project = p.id;
    if (activity_store(r, &p, b)) {
        r->status = 201;
        reply_json(
            r, json_pack("{s:I,s:I}", "id", (json_int_t)r->id, "project_id", (json_int_t)project));
    }
    json_decref(b);
}
