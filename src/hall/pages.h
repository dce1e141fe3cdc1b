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
void photo_page(struct req *r);
void photo_thumb_page(struct req *r);
void topic_photos_api(struct req *r);
void topic_photos_add_api(struct req *r);

/* opinions and support */

/* polls */

/* resolutions, notice, execution, evaluation */

/* feed, search, statistics */

#endif
