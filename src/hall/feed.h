/* The hall feed (议事厅动态, "the hall becomes a moments feed"): everything that happens in a
 * hall is added here as it happens, in the same transaction, and pushed to the hall's live
 * subscribers after the commit. Readers: the hall page, a person's own feed (the halls whose
 * scope holds their household) and GET /api/v1/halls/{id}/feed. */
#ifndef MULIN_HALL_FEED_H
#define MULIN_HALL_FEED_H
#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"

/* What happened. The stable names are stored in feed_item.kind. */
enum feed_kind {
    FEED_TOPIC,      /* a topic was raised */
    FEED_STATUS,     /* a topic moved to another status; ref_id: its topic_event */
    FEED_OPINION,    /* someone gave an opinion */
    FEED_POLL_OPEN,  /* a poll opened */
    FEED_POLL_CLOSE, /* a poll closed, with its result */
    FEED_RESOLUTION, /* a resolution was recorded */
    FEED_NOTICE,     /* a resolution was posted for public notice */
    FEED_OBJECTION,  /* an objection was raised or ruled on */
    FEED_PROGRESS,   /* progress on carrying a resolution out, perhaps with photos */
    FEED_EVALUATION, /* residents' evaluation opened or closed */
    FEED_PHOTO,      /* photos were added to a topic after it was raised */
    /* a meeting was scheduled, or cancelled; ref_id: the meeting (issue 5) */
    FEED_MEETING,
    FEED_MEETING_CANCEL,
    /* meeting minutes (issue 5): ref_id is the meeting */
    FEED_MEETING_RESOLVED,  /* a meeting's vote became the topic's resolution */
    FEED_MEETING_ADJOURNED, /* a meeting adjourned: its minutes can be read */
    FEED_MEETING_CHANGE,    /* a meeting's start, place or mode changed; ref_id: the meeting */
    FEED_KIND_COUNT
};

const char *feed_kind_key(enum feed_kind k);
/* -1 for an unknown name. */
int feed_kind_parse(const char *key);

/* Adds an item to hall_node_id's feed in the request's transaction and queues a live "feed"
 * event on the hall's channel ("node:<id>"). topic_id and ref_id (the opinion, poll, … the item
 * is about) may be 0. actor_public false hides who did it (an anonymous proposer). summary is
 * people's text, stored as given (may be NULL). Returns the item's id, or 0 on database
 * trouble (the caller then fails the request, which rolls everything back). */
int64_t feed_add(struct req *r, int64_t hall_node_id, int64_t topic_id, enum feed_kind kind,
                 int64_t ref_id, bool actor_public, const char *summary);

#endif
