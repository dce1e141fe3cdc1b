/* Hall statistics (议事统计), for people and programs:
 *   GET /halls/{id}/stats and GET /api/v1/halls/{id}/stats
 * Counted over the hall's topics and those of every hall beneath it (an area's statistics
 * include its blocks' and groups'): the halls' node paths make that one range query. Counts:
 * topics by channel (and online vs offline), tier and status; distinct participants (people
 * who proposed a topic, act in the feed or voted) and their distinct households; the implementation
 * rate = closed ÷ resolved, where resolved counts topics that ever reached 已决议 (from
 * topic_event) and closed those of them now 已办结, written half-up to one decimal.
 * Who may read: staff with ACT_VIEW_STATS over the hall, and residents whose household lies
 * in its scope — the people whose hall it is. No names are ever shown. */
#include "db/db.h"
#include "hall/pages.h"
#include "hall/poll_math.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

struct hall_stats {
    int64_t total, online, offline;
    int64_t by_channel[CH_COUNT], by_tier[TIER_COUNT], by_status[TOPIC_STATUS_COUNT];
    int64_t participants, households;
    int64_t resolved, closed;
};

/* Everyone who took part in the halls whose paths lie in [?, ?) (three times): proposers, the
 * actors of the feed (opinions, objections, screening) and the voters, whose votes are not in
 * the feed. UNION (not UNION ALL) makes the people distinct. */
#define HALL_PEOPLE                                                                                \
    "SELECT t.proposer_id AS pid FROM topic t JOIN node h ON h.id = t.hall_node_id"                \
    " WHERE h.path >= ? AND h.path < ?"                                                            \
    " UNION SELECT f.actor_id FROM feed_item f JOIN node h ON h.id = f.hall_node_id"               \
    " WHERE h.path >= ? AND h.path < ? AND f.actor_id IS NOT NULL"                                 \
    " UNION SELECT v.person_id FROM poll_vote v JOIN poll p ON p.id = v.poll_id"                   \
    " JOIN node h ON h.id = p.hall_node_id WHERE h.path >= ? AND h.path < ?"

/* Counts into *s; -1 on database trouble. */
static int stats_load(struct req *r, const char *path, struct hall_stats *s)
{
    *s = (struct hall_stats){0};
    const char *end = node_path_end(&r->arena, path);
    struct db_stmt *st =
        db_prepare(r->db, "SELECT t.channel, t.tier, t.status, count(*) FROM topic t"
                          " JOIN node h ON h.id = t.hall_node_id WHERE h.path >= ? AND h.path < ?"
                          " GROUP BY t.channel, t.tier, t.status");
    db_bind(st, "ss", path, end);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int ch = topic_channel_parse(db_column_text(st, 0));
        int tier = tier_parse(db_column_text(st, 1));
        int status = topic_status_parse(db_column_text(st, 2));
        int64_t n = db_column_int(st, 3);
        s->total += n;
        if (ch >= 0)
            s->by_channel[ch] += n;
        if (ch == CH_ONLINE)
            s->online += n;
        else
            s->offline += n;
        if (tier >= 0)
            s->by_tier[tier] += n;
        if (status >= 0)
            s->by_status[status] += n;
    }
    db_done(st);
    if (rc != DB_DONE)
        return -1;
    s->participants = db_int(r->db, -1, "SELECT count(*) FROM (" HALL_PEOPLE ") x", "ssssss", path,
                             end, path, end, path, end);
    s->households = db_int(r->db, -1,
                           "SELECT count(DISTINCT p.household_id) FROM person p"
                           " WHERE p.household_id IS NOT NULL AND p.id IN (" HALL_PEOPLE ")",
                           "ssssss", path, end, path, end, path, end);
    s->resolved = db_int(r->db, -1,
                         "SELECT count(*) FROM topic t JOIN node h ON h.id = t.hall_node_id"
                         " WHERE h.path >= ? AND h.path < ? AND EXISTS (SELECT 1 FROM topic_event e"
                         " WHERE e.topic_id = t.id AND e.to_status = 'resolved')",
                         "ss", path, end);
    s->closed = db_int(r->db, -1,
                       "SELECT count(*) FROM topic t JOIN node h ON h.id = t.hall_node_id"
                       " WHERE h.path >= ? AND h.path < ? AND t.status = 'closed'"
                       " AND EXISTS (SELECT 1 FROM topic_event e"
                       " WHERE e.topic_id = t.id AND e.to_status = 'resolved')",
                       "ss", path, end);
    return s->participants < 0 || s->households < 0 || s->resolved < 0 || s->closed < 0 ? -1 : 0;
}

/* Loads and checks the hall and the reader's right to its statistics. */
static bool stats_hall(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_VIEW_TREE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    if (!may(r, n->path, ACT_VIEW_STATS) && !hall_household(r, n->path)) {
        fail(r, 403, "forbidden", M_STATS_FORBIDDEN);
        return false;
    }
    return true;
}

static const char *rate_text(struct req *r, const struct hall_stats *s)
{
    char rate[32];
    poll_rate_format(s->closed, s->resolved, rate, sizeof rate);
    return arena_strdup(&r->arena, rate);
}

/* One count of a list: its name, then the number. */
static void row(struct buf *o, const char *name, int64_t n)
{
    html(o, "<li class=\"cell\">%s <strong data-count>%lld</strong></li>\n", name, (long long)n);
}

void hall_stats_page(struct req *r)
{
    struct node n;
    struct hall_stats s;
    if (!stats_hall(r, &n))
        return;
    if (stats_load(r, n.path, &s) != 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    int lang = (int)r->lang;
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_STATS_TITLE),
                               arena_printf(&r->arena, T(r, M_HALL_OF), n.name)));
    html(o, "<p><a href=\"/halls/%lld\">‹ %s</a></p>\n", (long long)n.id,
         arena_printf(&r->arena, T(r, M_HALL_OF), n.name));
    html(o, "<p class=\"muted\">%s</p>\n", T(r, M_STATS_SCOPE));
    html(o, "<ul class=\"cells\">\n");
    row(o, T(r, M_STATS_TOTAL), s.total);
    row(o, T(r, M_STATS_PARTICIPANTS), s.participants);
    row(o, T(r, M_STATS_HOUSEHOLDS), s.households);
    html(o,
         "<li class=\"cell\">%s <strong data-rate>%s</strong><br><span "
         "class=\"muted\">%s</span></li>\n",
         T(r, M_STATS_RATE), rate_text(r, &s),
         s.resolved ? arena_printf(&r->arena, T(r, M_STATS_RATE_OF), (long long)s.closed,
                                   (long long)s.resolved)
                    : T(r, M_STATS_RATE_NONE));
    html(o, "</ul>\n<h2>%s</h2>\n<ul class=\"cells\">\n", T(r, M_STATS_BY_CHANNEL));
    row(o, T(r, M_STATS_ONLINE), s.online);
    row(o, T(r, M_STATS_OFFLINE), s.offline);
    /* The offline channels one by one, those that brought any topic. */
    for (int c = 0; c < CH_COUNT; c++)
        if (c != CH_ONLINE && s.by_channel[c])
            row(o, arena_printf(&r->arena, "· %s", T(r, topic_channel_msg((enum topic_channel)c))),
                s.by_channel[c]);
    html(o, "</ul>\n<h2>%s</h2>\n<ul class=\"cells\">\n", T(r, M_STATS_BY_TIER));
    for (int t = 0; t < TIER_COUNT; t++)
        row(o, tier_matter_name((enum tier)t, lang), s.by_tier[t]);
    html(o, "</ul>\n<h2>%s</h2>\n<ul class=\"cells\">\n", T(r, M_STATS_BY_STATUS));
    for (int st = 0; st < TOPIC_STATUS_COUNT; st++)
        if (s.by_status[st])
            row(o, topic_status_name((enum topic_status)st, lang), s.by_status[st]);
    html(o, "</ul>\n");
    page_end(r);
}

void hall_stats_api(struct req *r)
{
    struct node n;
    struct hall_stats s;
    if (!stats_hall(r, &n))
        return;
    if (stats_load(r, n.path, &s) != 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    json_t *ch = json_object(), *tier = json_object(), *status = json_object();
    for (int c = 0; c < CH_COUNT; c++)
        json_object_set_new(ch, topic_channel_key((enum topic_channel)c),
                            json_integer(s.by_channel[c]));
    for (int t = 0; t < TIER_COUNT; t++)
        json_object_set_new(tier, topic_tier_api((enum tier)t), json_integer(s.by_tier[t]));
    for (int st = 0; st < TOPIC_STATUS_COUNT; st++)
        json_object_set_new(status, topic_status_key((enum topic_status)st),
                            json_integer(s.by_status[st]));
    reply_json(r, json_pack("{s:I,s:s,s:I,s:o,s:{s:I,s:I},s:o,s:o,s:I,s:I,s:{s:I,s:I,s:s}}",
                            "hall_node_id", (json_int_t)n.id, "hall_name", n.name, "topics",
                            (json_int_t)s.total, "by_channel", ch, "online_offline", "online",
                            (json_int_t)s.online, "offline", (json_int_t)s.offline, "by_tier", tier,
                            "by_status", status, "participants", (json_int_t)s.participants,
                            "households", (json_int_t)s.households, "implementation", "closed",
                            (json_int_t)s.closed, "resolved", (json_int_t)s.resolved, "rate",
                            rate_text(r, &s)));
}
