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
void topic_override_post(struct req *r);
void topic_appeal_post(struct req *r);
void appeal_ruling_post(struct req *r);
void topic_merge_post(struct req *r);
void topic_override_api(struct req *r);
void topic_appeals_create_api(struct req *r);
void topic_appeals_api(struct req *r);
void appeal_ruling_api(struct req *r);
void topic_merge_api(struct req *r);

/* photos */
void photo_page(struct req *r);
void photo_thumb_page(struct req *r);
void topic_photos_api(struct req *r);
void topic_photos_add_api(struct req *r);

/* opinions and support */
void opinion_post(struct req *r);
void opinion_flag_post(struct req *r);
void opinion_hide_post(struct req *r);
void topic_support_post(struct req *r);
void topic_unsupport_post(struct req *r);
void hall_settings_page(struct req *r);
void hall_settings_post(struct req *r);
void opinions_create_api(struct req *r);
void opinions_api(struct req *r);
void opinion_flag_api(struct req *r);
void opinion_hide_api(struct req *r);
void topic_support_api(struct req *r);
void topic_unsupport_api(struct req *r);
void hall_settings_api(struct req *r);
void hall_settings_put_api(struct req *r);

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
/* outcome_page.c: the forms of the topic page's outcome section */
void resolution_post(struct req *r);
void notice_post_page(struct req *r);
void notice_end_post(struct req *r);
void objection_post(struct req *r);
void ruling_post(struct req *r);
void task_post(struct req *r);
void progress_post(struct req *r);
void task_done_post(struct req *r);
void evaluation_post(struct req *r);
void close_post(struct req *r);
/* outcome_api.c */
void outcome_api(struct req *r);
void resolutions_api(struct req *r);
void notice_api(struct req *r);
void notice_end_api(struct req *r);
void objections_api(struct req *r);
void ruling_api(struct req *r);
void tasks_api(struct req *r);
void progress_api(struct req *r);
void task_done_api(struct req *r);
void evaluation_api(struct req *r);
void close_api(struct req *r);

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
