/* What the online deliberation adds to a topic's JSON (GET /api/v1/topics/{id}). */
#ifndef MULIN_HALL_OPINION_API_H
#define MULIN_HALL_OPINION_API_H
#include <jansson.h>

#include "hall/opinion_store.h"
#include "hall/topic_store.h"
#include "http/req.h"

/* Sets "stance_counts" ({"for":n,...}, or null when the reader may not read the opinions) and
 * "support_count" on the topic object o. */
void opinion_topic_json(struct req *r, const struct topic *t, json_t *o);

/* The same counts for a page of one hall's topics, read in two statements (stances grouped by
 * topic, supports grouped by topic) instead of three a topic. */
struct opinion_topic_counts {
    bool readable; /* false: stance_counts is null for this reader */
    int64_t stance[STANCE_COUNT];
    int64_t support;
};
/* Fills out[i] for list[i] (n <= OPINION_BATCH; every topic of the same hall). */
void opinion_topics_counts(struct req *r, const struct topic *list, int n,
                           struct opinion_topic_counts *out);
/* Sets "stance_counts" and "support_count" on o from c, as opinion_topic_json does. */
void opinion_topic_json_counts(const struct opinion_topic_counts *c, json_t *o);

#endif
