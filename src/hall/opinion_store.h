/* Opinions, flags, support (+1, 附议) and a hall's settings in the database, shared by the
 * topic page's opinion section (opinion_page.c) and the JSON API (opinion_api.c). Every change
 * runs in the request's transaction; a refusal leaves nothing stored because the caller then
 * answers >= 400 and the dispatcher rolls back. Rules themselves live in opinion_rules.c. */
#ifndef MULIN_HALL_OPINION_STORE_H
#define MULIN_HALL_OPINION_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "hall/opinion_rules.h"
#include "hall/topic_store.h"
#include "http/req.h"

/* One opinion as the pages and the API show it (strings in r->arena). */
struct opinion {
    int64_t id;
    int64_t topic_id;
    int64_t author_id;
    const char *author_name;
    enum stance stance;
    const char *body; /* kept when hidden: only moderators are shown it */
    int64_t reply_to; /* 0 when not a reply */
    int64_t reply_author_id;
    const char *reply_author_name;
    int64_t addressed_to; /* 0 when not a question to someone */
    const char *addressed_name;
    bool counted;              /* false for a free answer to a question put to the author */
    const char *hidden_reason; /* NULL unless hidden */
    int64_t hidden_at;
    int64_t created_at;
    int64_t flags; /* how many people flagged it */
};

/* What a speaker sends. Strings may be NULL (missing); ids 0 when not given. */
struct opinion_input {
    const char *stance, *body;
    int64_t reply_to;     /* the opinion answered */
    int64_t addressed_to; /* for a question: who is asked; 0 asks the proposer */
};

/* The hall's settings, or the defaults when it has chosen none. */
struct hall_settings hall_settings_get(struct req *r, int64_t hall_node_id);
/* Stores s for hall (checked first) and writes an audit row. OPINION_OK, OPINION_E_SETTINGS or
 * OPINION_E_DB. */
enum opinion_err hall_settings_put(struct req *r, int64_t hall_node_id, const char *hall_path,
                                   const struct hall_settings *s);

/* Whether the reader moderates t's hall (ACT_MODERATE on its path). */
bool opinion_moderator(struct req *r, const struct topic *t);
/* Whether the reader may read t's opinions: everyone signed in unless the hall closed them to
 * outsiders; then only its residents and staff (ACT_MODERATE or ACT_SCREEN_TOPIC). */
bool opinions_readable(struct req *r, const struct topic *t, const struct hall_settings *s);

/* The name to show for person id on t: "提议人" instead of an anonymous proposer's name when
 * the reader may not see it (visible: topic_proposer_visible). */
/* The same for hall_node_id's opinions seen elsewhere (the feed, search). */
bool opinions_readable_in(struct req *r, int64_t hall_node_id);
const char *opinion_person_label(struct req *r, const struct topic *t, bool visible, int64_t id,
                                 const char *name);

/* Posts the reader's opinion on t. Returns its id, or 0 with *err set. */
int64_t opinion_create(struct req *r, const struct topic *t, const struct opinion_input *in,
                       enum opinion_err *err);
/* The reader flags opinion id of t for reason (a key of enum flag_reason). */
enum opinion_err opinion_flag(struct req *r, const struct topic *t, const struct opinion *op,
                              const char *reason);
/* A moderator hides opinion op of t with reason: stored, audited, taken out of search. */
enum opinion_err opinion_hide(struct req *r, const struct topic *t, const struct opinion *op,
                              const char *reason);
/* The reader supports t (on) or withdraws their support (off). Supporting twice counts once. */
enum opinion_err topic_support_set(struct req *r, const struct topic *t, bool on);

/* Loads opinion id; false when there is none. */
bool opinion_get(struct req *r, int64_t id, struct opinion *out);
/* Loads up to n opinions of topic_id in the order given, skipping `skip`; returns how many. */
int opinion_list(struct req *r, int64_t topic_id, int64_t skip, struct opinion *out, int n);
/* How many opinions topic_id has in all (hidden ones included). */
int64_t opinion_total(struct req *r, int64_t topic_id);
/* Counts of the visible (not hidden) opinions of topic_id by stance. */
void opinion_stance_counts(struct req *r, int64_t topic_id, int64_t counts[STANCE_COUNT]);
/* The same for up to OPINION_BATCH topics at once (a page of the hall's list), in one
 * statement: counts[i] for ids[i]. */
enum { OPINION_BATCH = 20 };
_Static_assert((int)OPINION_BATCH >= (int)TOPIC_PAGE_SIZE, "a page of topics fits one batch");
void opinion_stance_counts_batch(struct req *r, const int64_t *ids, int n,
                                 int64_t (*counts)[STANCE_COUNT]);
/* How many of their limited opinions person has used on topic_id. */
int opinion_used(struct req *r, int64_t topic_id, int64_t person_id);
/* How many people support topic_id, and whether person is one of them. */
int64_t topic_support_count(struct req *r, int64_t topic_id);
bool topic_supported(struct req *r, int64_t topic_id, int64_t person_id);
/* Support counts of up to OPINION_BATCH topics in one statement: out[i] for ids[i]. */
void topic_support_counts_batch(struct req *r, const int64_t *ids, int n, int64_t *out);

#endif
