/* The JSON API of a project's evaluation (openapi/fund_eval.json); see eval_api.c. */
#ifndef MULIN_FUND_EVAL_API_H
#define MULIN_FUND_EVAL_API_H
#include <jansson.h>

#include "fund/eval_store.h"
#include "fund/fund_store.h"
#include "http/req.h"

void fund_eval_api(struct req *r);         /* GET  /api/v1/fund-projects/{id}/evaluation */
void fund_eval_sheet_api(struct req *r);   /* POST /api/v1/fund-projects/{id}/evaluation/sheet */
void fund_eval_scores_api(struct req *r);  /* POST /api/v1/fund-projects/{id}/evaluation/scores */
void fund_eval_survey_api(struct req *r);  /* POST /api/v1/fund-projects/{id}/evaluation/survey */
void fund_eval_publish_api(struct req *r); /* POST /api/v1/fund-projects/{id}/evaluation/publish */

/* Shared with the evaluation page (eval_page.c); scores has EVAL_INDICATORS_MAX entries. Each
 * checks who the reader is and the project's status, then stores; on a refusal it answers (fail)
 * and returns false. */
bool fund_eval_store_scores(struct req *r, const struct fund_project *p, const int *scores);
bool fund_eval_store_answer(struct req *r, const struct fund_project *p, const char *answer);
bool fund_eval_store_publish(struct req *r, const struct fund_project *p, const char *decision,
                             const char *reason);

/* The evaluation's document for the reader (what the GET answers). */
json_t *fund_eval_json(struct req *r, const struct fund_project *p, const struct fund_eval *e);

#endif
