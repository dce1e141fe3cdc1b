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
void topic_polls_post(struct req *r);
void poll_votes_post(struct req *r);
void poll_ballots_post(struct req *r);
void poll_close_post(struct req *r);
void topic_polls_create_api(struct req *r);
void topic_polls_api(struct req *r);
void poll_api(struct req *r);
void poll_votes_api(struct req *r);
void poll_ballots_api(struct req *r);
void poll_close_api(struct req *r);

/* resolutions, notice, execution, evaluation */

/* feed, search, statistics */

#endif
