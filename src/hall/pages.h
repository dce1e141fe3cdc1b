/* Page and API handlers of the deliberation hall (睦邻议事厅). */
#ifndef MULIN_HALL_PAGES_H
#define MULIN_HALL_PAGES_H

#include "http/req.h"

void hall_page(struct req *r);
void propose_page(struct req *r);
void propose_post(struct req *r);
void topic_page(struct req *r);
void topic_transition_post(struct req *r);

void topics_create_api(struct req *r);
void topic_api(struct req *r);
void topic_transition_api(struct req *r);
void hall_topics_api(struct req *r);

/* topics: merge, override, appeal */

/* photos */

/* opinions and support */

/* polls */

/* resolutions, notice, execution, evaluation */

/* feed, search, statistics */
struct node;
void hall_feed_section(struct req *r, const struct node *n); /* on the hall page */
void my_feed_page(struct req *r);
void my_feed_items(struct req *r);
void hall_feed_items(struct req *r);
void hall_feed_api(struct req *r);
void my_feed_api(struct req *r);
void search_page(struct req *r);
void search_api(struct req *r);
void hall_stats_page(struct req *r);
void hall_stats_api(struct req *r);

#endif
