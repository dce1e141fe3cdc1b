/* Changing which hall hears a topic, and folding duplicates together:
 *  - standing directors override the routed tier with a reason (tier_override decides);
 *  - a resident appeals to move a topic up (tier_appeal decides it is admissible); the appeal
 *    waits until a standing director of the hall it would go to grants or refuses it, with a
 *    reason — a resident alone cannot move a matter onto a wider hall's agenda;
 *  - those who screen a hall's topics merge a duplicate into another topic of the same area.
 * Tier changes are possible until the topic is resolved; every change is a topic_event
 * ('override' or 'appeal'), a feed item and a live event. */
#ifndef MULIN_HALL_TOPIC_TIER_H
#define MULIN_HALL_TOPIC_TIER_H
#include <stdbool.h>
#include <stdint.h>

#include "hall/topic_store.h"

/* Refusals beyond the hall's pure codes (enum hall_err). */
enum tier_err {
    TIER_E_OK,
    TIER_E_HALL,         /* a hall_err from tier_override / tier_appeal / the status machine */
    TIER_E_TOO_LATE,     /* resolved or final: the hall can no longer change */
    TIER_E_NO_HALL,      /* no hall of that tier above the topic's node */
    TIER_E_NOT_RESIDENT, /* the appellant does not live in the hall the appeal asks for */
    TIER_E_APPEAL_OPEN,  /* this person already has an open appeal on the topic */
    TIER_E_APPEAL_DONE,  /* the appeal was already ruled on */
    TIER_E_MERGE_TARGET, /* no such topic to merge into, itself, elsewhere, final or merged */
    TIER_E_TOO_LONG,     /* a reason over TOPIC_REASON_MAX characters */
    TIER_E_DB,           /* database trouble */
};

struct tier_problem {
    enum tier_err err;
    enum hall_err hall; /* for TIER_E_HALL */
};

/* HTTP status, API code and message of a refusal. */
int tier_problem_status(const struct tier_problem *p);
const char *tier_problem_code(const struct tier_problem *p);
const char *tier_problem_text(struct req *r, const struct tier_problem *p);

/* Whether the topic's tier may still change (before it is resolved). */
bool topic_tier_open(const struct topic *t);

/* Directors set t's tier to `to` with reason. 0, or -1 with *p. */
int topic_override(struct req *r, struct topic *t, enum tier to, const char *reason,
                   struct tier_problem *p);
/* The reader appeals to move t up to `to`. The appeal's id, or 0 with *p. */
int64_t topic_appeal(struct req *r, struct topic *t, enum tier to, const char *reason,
                     struct tier_problem *p);
/* A director of the hall appeal_id asks for grants or refuses it with reason; granting moves
 * the topic. 0, or -1 with *p; *topic_id is set whenever the appeal exists. */
int topic_appeal_rule(struct req *r, int64_t appeal_id, bool grant, const char *reason,
                      int64_t *topic_id, struct tier_problem *p);
/* Those who screen t's hall fold t into topic `into` with reason. 0, or -1 with *p. */
int topic_merge(struct req *r, struct topic *t, int64_t into, const char *reason,
                struct tier_problem *p);

/* Whether the reader is a standing director over the hall at path. */
bool topic_reader_directs(struct req *r, const char *hall_path);

#endif
