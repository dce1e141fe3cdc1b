/* The parts of a topic's page that belong to the hall's other areas, each written by its own
 * file, in the order the page shows them: photos (photo.h), then the online deliberation, the
 * polls and what came of them (resolution, public notice, execution, evaluation). Each writes
 * nothing when it has nothing to show the reader. */
#ifndef MULIN_HALL_SECTIONS_H
#define MULIN_HALL_SECTIONS_H

#include "hall/topic_store.h"
#include "http/req.h"

/* The whole topic page, with a notice on top (error: shown as an alert); the POST handlers of
 * every part answer a refusal with it (status 4xx) so the reader sees what to change. */
void topic_view(struct req *r, const struct topic *t, const char *notice, bool error);
/* The topic of the route's {id}, or false after answering 404 (a page or a JSON error, as the
 * request is). For every handler of /topics/{id}/... and /api/v1/topics/{id}/.... */
bool topic_of_route(struct req *r, struct topic *t);
void tier_section(struct req *r, const struct topic *t);     /* topic_tier_page.c */
void opinions_section(struct req *r, const struct topic *t); /* opinion_page.c */
void polls_section(struct req *r, const struct topic *t);    /* poll_page.c */
void outcome_section(struct req *r, const struct topic *t);  /* outcome_page.c */

#endif
