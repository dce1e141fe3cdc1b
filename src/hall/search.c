/* Placeholder until the bigram index lands: indexing succeeds and stores nothing. */
#include "hall/search.h"

int search_index(struct req *r, enum search_kind kind, int64_t ref_id, int64_t topic_id,
                 int64_t hall_node_id, const char *text)
{
    (void)r, (void)kind, (void)ref_id, (void)topic_id, (void)hall_node_id, (void)text;
    return 0;
}

int search_remove(struct req *r, enum search_kind kind, int64_t ref_id)
{
    (void)r, (void)kind, (void)ref_id;
    return 0;
}
