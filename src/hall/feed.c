#include "hall/feed.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/live.h"

static const char *const kind_keys[FEED_KIND_COUNT] = {
    [FEED_TOPIC] = "topic",
    [FEED_STATUS] = "status",
    [FEED_OPINION] = "opinion",
    [FEED_POLL_OPEN] = "poll_open",
    [FEED_POLL_CLOSE] = "poll_close",
    [FEED_RESOLUTION] = "resolution",
    [FEED_NOTICE] = "notice",
    [FEED_OBJECTION] = "objection",
    [FEED_PROGRESS] = "progress",
    [FEED_EVALUATION] = "evaluation",
    [FEED_PHOTO] = "photo",
    [FEED_MEETING_CANCEL] = "meeting_cancel",
    [FEED_MEETING] = "meeting",
    [FEED_MEETING_RESOLVED] = "meeting_resolved",
    [FEED_MEETING_ADJOURNED] = "meeting_adjourned",
    [FEED_MEETING_CHANGE] = "meeting_change",
};

const char *feed_kind_key(enum feed_kind k)
{
    return k < FEED_KIND_COUNT ? kind_keys[k] : "?";
}

int feed_kind_parse(const char *key)
{
    for (int k = 0; k < FEED_KIND_COUNT; k++)
        if (strcmp(kind_keys[k], key) == 0)
            return k;
    return -1;
}

int64_t feed_add(struct req *r, int64_t hall_node_id, int64_t topic_id, enum feed_kind kind,
                 int64_t ref_id, bool actor_public, const char *summary)
{
    /* nullif turns the 0 "none" of topic, reference and actor into NULL. */
    int64_t id =
        db_int(r->db, 0,
               "INSERT INTO feed_item(hall_node_id, topic_id, kind, ref_id, actor_id,"
               " actor_public, summary, at) VALUES (?, nullif(?, 0), ?, nullif(?, 0),"
               " nullif(?, 0), ?, ?, ?) RETURNING id",
               "iisiiisi", hall_node_id, topic_id, feed_kind_key(kind), ref_id, r->person_id,
               (int64_t)actor_public, summary ? summary : "", (int64_t)time(NULL));
    if (id <= 0)
        return 0;
    live_publish(
        r, arena_printf(&r->arena, "node:%lld", (long long)hall_node_id), "feed",
        arena_printf(
            &r->arena, "{\"id\":%lld,\"hall_node_id\":%lld,\"topic_id\":%lld,\"kind\":\"%s\"}",
            (long long)id, (long long)hall_node_id, (long long)topic_id, feed_kind_key(kind)));
    return id;
}
