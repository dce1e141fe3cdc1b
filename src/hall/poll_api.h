/* Helpers the polls' API (poll_api.c) shares with the topic page's poll forms (poll_page.c). */
#ifndef MULIN_HALL_POLL_API_H
#define MULIN_HALL_POLL_API_H
#include <jansson.h>
#include <stdint.h>

#include "hall/poll_store.h"
#include "http/req.h"

/* Answers refusal e as {"error":{"code","message"}} with its status. */
void poll_fail(struct req *r, enum poll_err e);
/* The poll as the API shows it to the reader; NULL on database trouble. */
json_t *poll_json(struct req *r, const struct poll *p);
/* Answers with poll_json, or 503. */
void poll_reply(struct req *r, const struct poll *p);
/* The household of person_id when it lies under p's hall (they may vote in it), else 0. */
int64_t poll_voter_household(struct req *r, const struct poll *p, int64_t person_id);
/* POLL_E_BALLOT_NO unless ballot_no holds 1..POLL_BALLOT_NO_MAX characters, not all spaces. */
enum poll_err poll_ballot_check(const char *ballot_no);

#endif
