/* The fund's evaluation pages (mobile first, no JavaScript, Chinese first): the directors'
 * score sheet, the survey and the publish form (the project's other pages: fund_pages.h). The
 * forms go through the JSON API's own handlers (fund_pages_call in fund_pages.h, the one bridge
 * of all the fund's pages), so a page refuses exactly what the API refuses, with the same
 * message. */
#ifndef MULIN_FUND_PAGE_H
#define MULIN_FUND_PAGE_H
#include "http/req.h"

void fund_eval_page(struct req *r);    /* GET  /fund-projects/{id}/evaluation */
void fund_scores_post(struct req *r);  /* POST /fund-projects/{id}/evaluation/scores */
void fund_survey_post(struct req *r);  /* POST /fund-projects/{id}/evaluation/survey */
void fund_publish_post(struct req *r); /* POST /fund-projects/{id}/evaluation/publish */

#endif
