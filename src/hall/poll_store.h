/* The hall's polls in the database: making one, loading it, counting it, voting online or by
 * paper ballot, and closing it (by a member of staff, or by the hall clock once closes_at has
 * passed). Shared by the JSON API (poll_api.c), the topic page (poll_page.c), the clock
 * (clock.c) and the parts that build on a poll's result (a resolution from a passed poll).
 *
 * One vote per voter holds under concurrency because the database refuses the second: the
 * vote is one INSERT ... ON CONFLICT DO NOTHING on UNIQUE(poll_id, voter_key). A vote racing
 * the close cannot slip in either: voting and closing both update the poll's row first (its
 * row lock orders them on PostgreSQL; SQLite has one writer), and a vote's update only matches
 * while the poll is open. Permissions are the caller's: this file checks the rules. */
#ifndef MULIN_HALL_POLL_STORE_H
#define MULIN_HALL_POLL_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "hall/poll_math.h"
#include "hall/poll_rules.h"
#include "hall/topic_store.h"
#include "http/req.h"

struct poll {
    int64_t id, topic_id, hall_node_id;
    const char *hall_path; /* the hall's node path, for permissions */
    enum poll_purpose purpose;
    enum poll_kind kind;
    enum poll_eligibility eligibility;
    const char *question;
    int64_t opens_at, closes_at;
    int64_t closed_at; /* 0 while not closed */
    struct poll_rule rule;
    bool hide_results;
    int64_t eligible; /* people or households in scope when it was made */
    int outcome;      /* enum poll_outcome once recorded, else -1 */
    int64_t created_by, created_at;
    size_t noptions;
    const char *labels[POLL_OPTIONS_MAX]; /* stored labels by position - 1 */
};

/* What a poll stands at. Counts are always filled (callers decide whether to show them). */
struct poll_result {
    enum poll_phase phase;
    int64_t per_choice[POLL_OPTIONS_MAX]; /* votes by position - 1 */
    int64_t turnout;                      /* votes cast, abstentions included */
    int64_t paper;                        /* of which on paper */
    struct poll_counts counts;            /* as poll_decide takes them */
    int lead;                             /* options polls: leading position, 0 for none */
    bool visible;                         /* poll_results_visible */
    bool decided;                         /* closed: outcome is the result */
    enum poll_outcome outcome;            /* recorded, or worked out now once closed */
};

/* A vote as its voter (or the household's other members) may see it. */
struct poll_ballot {
    int64_t id;
    int64_t person_id;
    bool mine;           /* cast by the reader (or entered for them) */
    const char *receipt; /* "#<id>-<code>"; NULL unless mine */
    int choice;          /* position; 0 unless mine */
    const char *channel; /* "online" or "paper" */
    int64_t at;
};

/* Loads poll id (strings in r->arena); false when there is none. */
bool poll_get(struct req *r, int64_t id, struct poll *out);
/* Counts poll p at time now; false on database trouble. */
bool poll_result_read(struct req *r, const struct poll *p, int64_t now, struct poll_result *out);
/* For other parts: loads poll id and its result now, in one call. */
bool poll_result_of(struct req *r, int64_t id, struct poll *p, struct poll_result *out);
/* The newest of topic_id's decision polls that closed and passed (of its last 16), with its
 * result: what a resolution rests on. False when there is none. */
bool poll_latest_passed(struct req *r, int64_t topic_id, struct poll *p, struct poll_result *pr);

/* Makes a poll on topic t from spec after checking it (poll_spec_check, poll_purpose_fits), with
 * its options, the eligible snapshot and a FEED_POLL_OPEN feed item. Returns its id, or 0 with
 * *err set (POLL_OK with 0 means database trouble). */
int64_t poll_create(struct req *r, const struct topic *t, const struct poll_spec *spec,
                    bool hide_results, enum poll_err *err);

/* Casts a vote in p for person_id of household_id (the reader online, or a voter a member of
 * staff enters a paper ballot for, with ballot_no). Returns the vote's id, or 0 with *err set
 * (POLL_OK: database trouble); on POLL_E_VOTED / POLL_E_HOUSEHOLD *earlier gets the vote that
 * was there first (may be NULL). */
int64_t poll_vote(struct req *r, const struct poll *p, int64_t person_id, int64_t household_id,
                  int choice, const char *ballot_no, enum poll_err *err,
                  struct poll_ballot *earlier);

/* The reader's vote, or their household's in a household poll: false when none. */
bool poll_my_ballot(struct req *r, const struct poll *p, struct poll_ballot *out);

/* Closes p now (staff "close now"), recording its outcome and a FEED_POLL_CLOSE item. 0 when
 * closed, 1 when it was closed already, -1 on database trouble. */
int poll_close(struct req *r, const struct poll *p, int64_t now);
/* Closes every poll past closes_at and not yet closed, as poll_close does; the UPDATE that
 * claims them matches only rows still open, so two server nodes never both record one. Returns
 * how many it closed, -1 on database trouble. Called by the hall clock (clock.h). */
int poll_close_due(struct req *r, int64_t now);

/* The label of position pos (1-based) in the reader's language: fixed choices translated, the
 * hall's own as written. */
const char *poll_label(struct req *r, const struct poll *p, int pos);
/* The message of a refusal. */
enum msg poll_err_msg(enum poll_err e);
/* "过半数 · 至少 N 户参加" / "Majority · at least N households take part": the rule in words. */
const char *poll_rule_text(struct req *r, const struct poll *p);

#endif
