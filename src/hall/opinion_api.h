/* What the online deliberation adds to a topic's JSON (GET /api/v1/topics/{id}). */
#ifndef MULIN_HALL_OPINION_API_H
#define MULIN_HALL_OPINION_API_H
#include <jansson.h>

#include "hall/topic_store.h"
#include "http/req.h"

/* Sets "stance_counts" ({"for":n,...}, or null when the reader may not read the opinions) and
 * "support_count" on the topic object o. */
void opinion_topic_json(struct req *r, const struct topic *t, json_t *o);

#endif
