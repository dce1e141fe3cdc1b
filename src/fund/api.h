/* The fund's JSON API (openapi/fund.json). Pools: fund_api.c; the ledger: ledger_api.c. */
#ifndef MULIN_FUND_API_H
#define MULIN_FUND_API_H
#include <jansson.h>

#include "fund/fund_store.h"
#include "http/req.h"

void fund_pools_api(struct req *r);          /* GET  /api/v1/nodes/{id}/fund-pools */
void fund_pool_create_api(struct req *r);    /* POST /api/v1/nodes/{id}/fund-pools */
void fund_pool_api(struct req *r);           /* GET  /api/v1/fund-pools/{id} */
void fund_project_create_api(struct req *r); /* POST /api/v1/topics/{id}/fund-projects */
void fund_project_api(struct req *r);        /* GET  /api/v1/fund-projects/{id} */
void fund_transition_api(struct req *r);     /* POST /api/v1/fund-projects/{id}/transitions */
void fund_expense_api(struct req *r);        /* POST /api/v1/fund-projects/{id}/expenses */
void fund_reallocation_api(struct req *r);   /* POST /api/v1/fund-projects/{id}/reallocations */
void fund_project_ledger_api(struct req *r); /* GET /api/v1/fund-projects/{id}/ledger */
void fund_pool_ledger_api(struct req *r);    /* GET  /api/v1/fund-pools/{id}/ledger */
void fund_lapse_api(struct req *r);          /* POST /api/v1/fund-pools/{id}/lapse */
void fund_approval_api(struct req *r);       /* POST /api/v1/fund-entries/{id}/approval */
void fund_reversal_api(struct req *r);       /* POST /api/v1/fund-entries/{id}/reversal */

/* Shared by the two files: the body as a JSON object ({} when empty), or NULL after a 400. */
json_t *fund_body(struct req *r);
/* A project's document: fields, lines with their totals, its status history. */
json_t *fund_project_json(struct req *r, const struct fund_project *p);

#endif
