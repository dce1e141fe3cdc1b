/* Search across the hall's topics and opinions in Chinese. Texts are cut into overlapping CJK
 * bigrams and lower-cased ASCII words (ARCHITECTURE.md: trigram indexes cannot find the
 * 2-character words most Chinese queries are), so 停车, 电梯 and 加装 find their matches on
 * both engines alike. */
#ifndef MULIN_HALL_SEARCH_H
#define MULIN_HALL_SEARCH_H
#include <stdint.h>

#include "http/req.h"

/* What a search hit is. */
enum search_kind {
    SEARCH_TOPIC,   /* a topic: its title, description and suggestion */
    SEARCH_OPINION, /* an opinion given online */
    SEARCH_KIND_COUNT
};

/* Indexes text as (kind, ref_id) of topic_id in hall_node_id, replacing what was indexed under
 * (kind, ref_id) before, in the request's transaction. 0, or -1 on database trouble. */
int search_index(struct req *r, enum search_kind kind, int64_t ref_id, int64_t topic_id,
                 int64_t hall_node_id, const char *text);
/* Takes (kind, ref_id) out of the index (a hidden opinion is no longer found). 0 or -1. */
int search_remove(struct req *r, enum search_kind kind, int64_t ref_id);

#endif
