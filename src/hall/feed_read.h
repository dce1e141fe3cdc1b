/* Reading the hall feed: one hall's items, or a person's (the halls that hold their household,
 * or for staff without a household the halls they hold roles on), newest first, paged by item
 * id (?before=, ?after=), as HTML items or JSON. Never names an actor whose actor_public is 0. */
#ifndef MULIN_HALL_FEED_READ_H
#define MULIN_HALL_FEED_READ_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "hall/feed.h"
#include "http/req.h"

/* Items on a page; most an API call may ask for; most halls in one person's feed. */
enum { FEED_PAGE_SIZE = 20, FEED_LIMIT_MAX = 50, FEED_HALLS_MAX = 8 };

struct feed_entry {
    int64_t id, hall_node_id, topic_id, ref_id, at;
    int kind;               /* enum feed_kind, or -1 for a kind this build does not know */
    const char *actor_name; /* NULL when hidden (actor_public 0) or nobody */
    bool anonymous;         /* the actor is hidden */
    const char *summary, *topic_title, *hall_name;
    const char *status; /* FEED_STATUS: the status key moved to, or NULL */
};

/* The person's halls into halls[0..FEED_HALLS_MAX), nearest first; returns how many. */
int feed_person_halls(struct req *r, int64_t *halls);

/* Loads items of halls[0..nhalls) with before > id > after (0: no bound), newest first, at most
 * limit; *more says whether older ones remain. Returns how many, or -1 on database trouble. */
int feed_load(struct req *r, const int64_t *halls, int nhalls, int64_t before, int64_t after,
              int limit, struct feed_entry *out, bool *more);

/* What happened in plain words ("提出了议题"), in the reader's language. */
const char *feed_entry_what(struct req *r, const struct feed_entry *e);
/* Writes the entries as <li> items of a feed list. */
void feed_items_html(struct req *r, const struct feed_entry *e, int n);
/* The entries as a JSON array. */
json_t *feed_items_json(struct req *r, const struct feed_entry *e, int n);

/* ?before= / ?after= / ?limit= as numbers: 0 when absent or 0; -1 when not a number ≥ 0. */
int64_t feed_query_id(struct req *r, const char *name);

#endif
