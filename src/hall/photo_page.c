/* Photos over HTTP:
 *   GET  /photos/{id}                  the cleaned picture (JPEG, long edge ≤ 1600 px)
 *   GET  /photos/{id}/thumb            its thumbnail (long edge ≤ 320 px)
 *   GET  /api/v1/topics/{id}/photos    a topic's photos: id, width, height, url, thumb_url
 *   POST /api/v1/topics/{id}/photos    multipart/form-data, one or more file parts "photo"
 * Any signed-in person may look at photos, as at topics. Adding one is for the topic's proposer,
 * whoever entered it for them, and the hall's staff who screen topics (ACT_SCREEN_TOPIC), and
 * only while the topic is not finished. A photo never changes once stored, so it is sent with
 * a strong ETag (a hash of its bytes) and cached for a year; a repeat visit costs a 304. */
#include <string.h>

#include "db/db.h"
#include "hall/feed.h"
#include "hall/pages.h"
#include "hall/photo.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/respond.h"

/* Whether the If-None-Match header (a list, perhaps with weak W/ tags) holds etag. */
static bool etag_matches(const char *header, const char *etag)
{
    if (!header)
        return false;
    size_t n = strlen(etag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (p[0] == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}

static void serve(struct req *r, bool thumb)
{
    struct db_stmt *st = thumb ? db_prepare(r->db, "SELECT thumb, hash FROM photo WHERE id = ?")
                               : db_prepare(r->db, "SELECT data, hash FROM photo WHERE id = ?");
    db_bind(st, "i", r->id);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    const char *etag = arena_printf(&r->arena, "\"%s%s\"", db_column_text(st, 1), thumb ? "t" : "");
    req_add_header(r, "ETag", etag);
    /* private: photos are for signed-in readers, so shared caches must not keep them. */
    req_add_header(r, "Cache-Control", "private, max-age=31536000, immutable");
    if (etag_matches(req_header(r, "If-None-Match"), etag)) {
        db_done(st);
        r->status = 304;
        return;
    }
    size_t len;
    const void *data = db_column_blob(st, 0, &len);
    r->content_type = "image/jpeg";
    if (data)
        buf_add(&r->out, data, len);
    db_done(st);
}

void photo_page(struct req *r)
{
    serve(r, false);
}

void photo_thumb_page(struct req *r)
{
    serve(r, true);
}

static json_t *photos_json(struct req *r, int64_t topic_id)
{
    struct photo_info p[PHOTO_MAX_PER_OWNER];
    int n = photo_list(r, "topic", topic_id, p, PHOTO_MAX_PER_OWNER);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:I,s:i,s:i,s:s,s:s,s:i,s:i}", "id", (json_int_t)p[i].id, "width",
                      p[i].width, "height", p[i].height, "url",
                      arena_printf(&r->arena, "/photos/%lld", (long long)p[i].id), "thumb_url",
                      arena_printf(&r->arena, "/photos/%lld/thumb", (long long)p[i].id),
                      "thumb_width", p[i].thumb_width, "thumb_height", p[i].thumb_height));
    return json_pack("{s:I,s:i,s:o}", "topic_id", (json_int_t)topic_id, "max", PHOTO_MAX_PER_OWNER,
                     "photos", list);
}

void topic_photos_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    reply_json(r, photos_json(r, t.id));
}

/* Whether the reader may add photos to t (the status is checked apart). */
static bool may_add(struct req *r, const struct topic *t)
{
    return (r->person_id && (r->person_id == t->proposer_id || r->person_id == t->entered_by)) ||
           may(r, t->hall_path, ACT_SCREEN_TOPIC);
}

void topic_photos_add_api(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    if (!may_add(r, &t)) {
        fail(r, 403, "forbidden", M_PHOTO_E_MAY_NOT);
        return;
    }
    if (topic_status_is_final(t.status)) {
        fail(r, 409, "topic_final", M_PHOTO_E_FINAL);
        return;
    }
    enum photo_err e;
    int n = photo_attach_from_form(r, "photo", "topic", t.id, &e);
    if (n < 0) {
        fail_text(r, photo_err_status(e), photo_err_code(e), photo_err_text(r, e));
        return;
    }
    if (n == 0) {
        fail(r, 400, "missing_field", M_PHOTO_E_NONE);
        return;
    }
    /* An anonymous proposer adding photos stays anonymous in the feed. */
    bool actor_public = r->person_id != t.proposer_id || t.proposer_public;
    if (feed_add(r, t.hall_node_id, t.id, FEED_PHOTO, t.id, actor_public, t.title) == 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    r->status = 201;
    reply_json(r, photos_json(r, t.id));
}
