/* The fund's pages for a project's life (issue 6): the pool page of a residential area, the
 * hall's proposal form from a resolved topic, and the project page with the forms each role may
 * use now. Mobile first, no JavaScript, Chinese first. Every form goes through the JSON API's
 * own handler (fund_pages_call), so a page checks and refuses exactly what the API does, with
 * the same message; no rule is written twice. A refusal shows the page again with the message
 * and what was typed, with the API's 4xx status (so the dispatcher rolls everything back). */
#ifndef MULIN_FUND_PAGES_H
#define MULIN_FUND_PAGES_H
#include <jansson.h>
#include <stdbool.h>

#include "http/req.h"

void fund_pool_page(struct req *r);     /* GET  /nodes/{id}/fund: the area's pools */
void fund_pool_post(struct req *r);     /* POST /nodes/{id}/fund: the subdistrict sets a pool */
void fund_lapse_page(struct req *r);    /* GET  /fund-pools/{id}/lapse: what would lapse, confirm */
void fund_lapse_post(struct req *r);    /* POST /fund-pools/{id}/lapse */
void fund_apply_page(struct req *r);    /* GET  /topics/{id}/fund-apply: the proposal form */
void fund_apply_post(struct req *r);    /* POST /topics/{id}/fund-apply */
void fund_project_view(struct req *r);  /* GET  /fund-projects/{id} */
void fund_steps_post(struct req *r);    /* POST /fund-projects/{id}/steps: a status step */
void fund_spend_post(struct req *r);    /* POST /fund-projects/{id}/spend: expense + voucher */
void fund_move_post(struct req *r);     /* POST /fund-projects/{id}/move: reallocation */
void fund_entry_ok_post(struct req *r); /* POST /fund-entries/{id}/ok: a worker approves */
void fund_entry_undo_post(struct req *r); /* POST /fund-entries/{id}/undo: reversal */

/* The topic page's link to the proposal form and the topic's projects (topic_page.c). */
struct topic;
void fund_topic_section(struct req *r, const struct topic *t);

/* Runs the API handler h on body (taken; NULL runs it on the request as it is) as if the
 * request were an API call. True when it answered below 400: its JSON answer goes to *answer
 * when answer is not NULL (the caller json_decref()s it), the response is emptied and the
 * status is 200 again. Otherwise the response is emptied, r->status keeps the API's status and
 * the refusal's message is in r->form_message. */
bool fund_pages_call(struct req *r, void (*h)(struct req *), json_t *body, json_t **answer);

/* Marks the form named form ("fund.<form>") as refused, for the page drawn next. */
void fund_pages_refused(struct req *r, const char *form);
/* The message of form when it was the one refused, else NULL. */
const char *fund_pages_error(struct req *r, const char *form);
/* What was typed in field name of form when form was refused, else dflt. */
const char *fund_pages_typed(struct req *r, const char *form, const char *name, const char *dflt);
/* Writes the refusal notice of form when it was refused. */
void fund_pages_notice(struct req *r, const char *form);

#endif
