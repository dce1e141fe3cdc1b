/* The rules of the hall's polls (表决) with no I/O: what a new poll must look like, what phase a
 * poll is in at a given time, whether its results may be shown, whose vote a vote is (one per
 * person or one per household), which topic statuses accept which purpose of poll, and how the
 * votes per choice become the yes/no/abstain counts poll_math.h decides on. Tested in
 * tests/unit/test_poll_rules.c.
 *
 * Choices are stored as positions (1-based) in the poll's list of options. The fixed kinds store
 * stable keys as their labels ("yes", "satisfied"), which pages translate; 'options' polls store
 * the hall's own labels. */
#ifndef MULIN_HALL_POLL_RULES_H
#define MULIN_HALL_POLL_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hall/poll_math.h"
#include "hall/topic_status.h"

/* Limits of a new poll. Texts are counted in characters (utf8_chars). */
enum {
    POLL_QUESTION_MAX = 200, /* characters of the question */
    POLL_OPTIONS_MIN = 2,    /* options of an 'options' poll */
    POLL_OPTIONS_MAX = 10,
    POLL_OPTION_MAX = 40,    /* characters of one option */
    POLL_BALLOT_NO_MAX = 20, /* characters of a paper ballot's number */
    POLL_RECEIPT_LEN = 8,    /* hex digits of a receipt's code */
    POLL_PAGE_SIZE = 50,     /* polls listed for one topic */
};
#define POLL_DURATION_MAX INT64_C(5184000) /* 60 days from opening to closing */
#define POLL_AHEAD_MAX INT64_C(5184000)    /* a poll may be scheduled at most 60 days ahead */
#define POLL_PAST_SLACK INT64_C(300)       /* opens_at a little in the past (clock skew) is "now" */

enum poll_purpose {
    POLL_DECISION,   /* 表决: decides a topic under deliberation */
    POLL_EVALUATION, /* 评议: residents' satisfaction after execution */
    POLL_PURPOSE_COUNT
};

enum poll_kind {
    POLL_YES_NO,       /* 赞成 / 反对 / 弃权 */
    POLL_OPTIONS,      /* the hall's own 2..10 options */
    POLL_SATISFACTION, /* 满意 / 基本满意 / 不满意 */
    POLL_KIND_COUNT
};

enum poll_eligibility {
    POLL_BY_PERSON,    /* every resident of the hall's scope votes */
    POLL_BY_HOUSEHOLD, /* one vote per household (一户一票) */
    POLL_ELIGIBILITY_COUNT
};

enum poll_phase {
    POLL_SCHEDULED, /* not open yet */
    POLL_OPEN,
    POLL_CLOSED, /* past closes_at, or closed early */
    POLL_PHASE_COUNT
};

/* Refusals, each with a stable API code (poll_err_code) and a message in locale/messages.def. */
enum poll_err {
    POLL_OK,
    POLL_E_PURPOSE,       /* unknown purpose */
    POLL_E_KIND,          /* unknown kind, or one the purpose does not take */
    POLL_E_ELIGIBILITY,   /* unknown eligibility */
    POLL_E_QUESTION,      /* no question */
    POLL_E_QUESTION_LONG, /* question over POLL_QUESTION_MAX */
    POLL_E_OPTIONS,       /* not 2..10 options, an empty one or the same one twice */
    POLL_E_OPTION_LONG,   /* an option over POLL_OPTION_MAX */
    POLL_E_TIMES,         /* closes at or before it opens */
    POLL_E_OPENS_PAST,    /* opens in the past */
    POLL_E_OPENS_LATE,    /* opens more than POLL_AHEAD_MAX ahead */
    POLL_E_DURATION,      /* open longer than POLL_DURATION_MAX */
    POLL_E_QUORUM,        /* quorum fraction not valid */
    POLL_E_THRESHOLD,     /* unknown threshold */
    POLL_E_TOPIC_STATUS,  /* the topic's status does not take polls of this purpose */
    POLL_E_NOT_OPEN,      /* voting has not started */
    POLL_E_CLOSED,        /* voting has ended */
    POLL_E_CHOICE,        /* no such choice */
    POLL_E_NOT_ELIGIBLE,  /* the voter does not live in the hall's scope */
    POLL_E_VOTED,         /* this person has already voted */
    POLL_E_HOUSEHOLD,     /* this household has already voted */
    POLL_E_BALLOT_NO,     /* a paper ballot needs a number (up to POLL_BALLOT_NO_MAX) */
    POLL_E_BALLOT_USED,   /* that ballot number is already entered */
    POLL_ERR_COUNT
};

/* A new poll as asked for. options are used by POLL_OPTIONS only. */
struct poll_spec {
    enum poll_purpose purpose;
    enum poll_kind kind;
    enum poll_eligibility eligibility;
    const char *question;
    const char *const *options;
    size_t noptions;
    int64_t opens_at, closes_at; /* Unix seconds */
    int64_t quorum_num, quorum_den;
    int threshold; /* enum poll_threshold, or -1 when unknown */
};

/* The first problem of spec at time now, in the order of enum poll_err; POLL_OK when fine. */
enum poll_err poll_spec_check(const struct poll_spec *spec, int64_t now);
/* Whether a topic in status s takes a new poll of purpose p: decisions while 议事中, evaluations
 * while 待评议. */
bool poll_purpose_fits(enum poll_purpose p, enum topic_status s);
/* Whether purpose p takes polls of kind k: evaluations are satisfaction polls, decisions yes/no
 * or options. */
bool poll_kind_fits(enum poll_purpose p, enum poll_kind k);

/* The phase at now: closed once closed_at is set (> 0) or now ≥ closes_at, else scheduled
 * before opens_at, else open. */
enum poll_phase poll_phase_at(int64_t opens_at, int64_t closes_at, int64_t closed_at, int64_t now);
/* Whether counts may be shown: always once closed, and while open unless the hall hides them;
 * hidden means hidden from everyone, staff included, so nobody can steer the vote by them. */
bool poll_results_visible(bool hide_results, enum poll_phase ph);

/* Writes the key one vote is unique on, "p:<person>" or "h:<household>", to out[0..n); false
 * when the id it needs is not positive or out is too small. */
bool poll_voter_key(enum poll_eligibility e, int64_t person_id, int64_t household_id, char *out,
                    size_t n);

/* The fixed choices of a kind as stored labels ("yes", "no", "abstain"; "satisfied", "fairly",
 * "dissatisfied"), or NULL for POLL_OPTIONS; *n gets their number. */
const char *const *poll_fixed_labels(enum poll_kind k, size_t *n);
/* The position (1-based) of the choice named s among labels[0..n): a label equal to s, or a
 * decimal position 1..n. -1 when there is none. */
int poll_choice_parse(const char *const *labels, size_t n, const char *s);

/* Turns votes per position (per_choice[0] is position 1) into counts for poll_decide:
 * yes/no/abstain as they are for POLL_YES_NO; satisfied+fairly as yes and dissatisfied as no for
 * POLL_SATISFACTION; for POLL_OPTIONS the leading option as yes and all the others as no (so the
 * threshold asks how far the leader stands above the rest), with no yes at all when two options
 * share the lead. *lead gets the leading position, 0 for none or a tie (may be NULL). */
struct poll_counts poll_tally(enum poll_kind k, const int64_t *per_choice, size_t n,
                              int64_t eligible, int *lead);

/* Stable names, and back (-1 when unknown). */
const char *poll_purpose_key(enum poll_purpose p);
int poll_purpose_parse(const char *s);
const char *poll_kind_key(enum poll_kind k);
int poll_kind_parse(const char *s);
const char *poll_eligibility_key(enum poll_eligibility e);
int poll_eligibility_parse(const char *s);
const char *poll_phase_key(enum poll_phase ph);
const char *poll_outcome_key(enum poll_outcome o);
int poll_outcome_parse(const char *s);
/* The API code of a refusal ("E_POLL_CLOSED"); "E_UNKNOWN" when out of range. */
const char *poll_err_code(enum poll_err e);
/* The HTTP status of a refusal: 422 for bad input, 409 for a conflict with the poll's state. */
int poll_err_status(enum poll_err e);

#endif
