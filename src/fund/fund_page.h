/* The fund's evaluation pages (mobile first, no JavaScript, Chinese first): the directors'
 * score sheet, the survey and the publish form (the project's other pages: fund_pages.h). The forms
 * go through the JSON API's own handlers (fund_page_run), so a page refuses exactly what the API
 * refuses, with the same message. */
#ifndef MULIN_FUND_PAGE_H
#define MULIN_FUND_PAGE_H
#include <jansson.h>
#include <stdbool.h>

#include "http/req.h"

void fund_eval_page(struct req *r);    /* GET  /fund-projects/{id}/evaluation */
void fund_scores_post(struct req *r);  /* POST /fund-projects/{id}/evaluation/scores */
void fund_survey_post(struct req *r);  /* POST /fund-projects/{id}/evaluation/survey */
void fund_publish_post(struct req *r); /* POST /fund-projects/{id}/evaluation/publish */

/* Runs the API handler h on body (taken) as if it came as JSON. True when it answered below
 * 400 (its JSON answer, kept in *answer when answer is not NULL, is then dropped from the
 * response); else the response is emptied, r->status holds its status and *message its
 * message. */
bool fund_page_run(struct req *r, void (*h)(struct req *), json_t *body, json_t **answer,
                   const char **message);

#endif
