/* The fund's application window and a project's activities (issue 6, fundact; openapi/
 * fund_activity.json, docs/fund.md "Application window and activities"). Rules in
 * activity_rules.h.
 *   GET  /api/v1/fund-pools/{id}/window         who may read the area's fund
 *   POST /api/v1/fund-pools/{id}/window         the subdistrict: {opens_on, closes_on} (dates,
 *        Asia/Shanghai, closes_on included) or {opens_at, closes_at} (Unix seconds)
 *   GET  /api/v1/fund-projects/{id}/activities  who may read the area's fund, and the leader
 *   POST /api/v1/fund-projects/{id}/activities  the leader or the area's 居委 workers, while the
 *        project is 实施中: JSON {date, what, signins, corrects} or multipart/form-data with the
 *        same fields and up to 6 file parts "photo" (cleaned like the hall's photos)
 * Pages: the window on the pool page (fund_window_section) with its form (POST
 * /fund-pools/{id}/window), the activities on the project page (fund_activities_section) with
 * the leader's and workers' form (POST /fund-projects/{id}/activities). */
#ifndef MULIN_FUND_ACTIVITY_H
#define MULIN_FUND_ACTIVITY_H
#include <stdbool.h>
#include <stdint.h>

#include "fund/fund_store.h"
#include "http/req.h"

void fund_window_api(struct req *r);       /* GET  /api/v1/fund-pools/{id}/window */
void fund_window_set_api(struct req *r);   /* POST /api/v1/fund-pools/{id}/window */
void fund_activities_api(struct req *r);   /* GET  /api/v1/fund-projects/{id}/activities */
void fund_activity_add_api(struct req *r); /* POST /api/v1/fund-projects/{id}/activities */
void fund_window_post(struct req *r);      /* POST /fund-pools/{id}/window */
void fund_activity_post(struct req *r);    /* POST /fund-projects/{id}/activities */

/* May the reader record activities of p: its leader, or a 居委 worker of the area (a grant
 * other than the subdistrict's admin that holds ACT_FUND_EXPENSE there; as with the hall's
 * powers, the admin's grant alone does not make one a worker here). */
bool fund_activity_may_record(struct req *r, const struct fund_project *p);
/* May a project of pool_id be submitted now? Otherwise answers 409 window_closed and returns
 * false. Called by the transition to 已申报 after the pool row is locked. */
bool fund_window_check(struct req *r, int64_t pool_id);
/* The pool page's window: its state and dates; the form when may_set. */
void fund_window_section(struct req *r, int64_t pool_id, bool may_set);
/* The project page's activities, newest first with thumbnails; the form for who may record. */
void fund_activities_section(struct req *r, const struct fund_project *p);
/* Activities of a project held in the quarter (Asia/Shanghai) that no later entry corrects:
 * their count and total sign-ins (the quarterly disclosure's project rows). */
void fund_activity_quarter(struct req *r, int64_t project_id, int year, int quarter, int64_t *count,
                           int64_t *signins);

#endif
