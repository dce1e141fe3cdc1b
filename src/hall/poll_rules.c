#include "hall/poll_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static const char *const purpose_keys[POLL_PURPOSE_COUNT] = {"decision", "evaluation"};
static const char *const kind_keys[POLL_KIND_COUNT] = {"yes_no", "options", "satisfaction"};
static const char *const elig_keys[POLL_ELIGIBILITY_COUNT] = {"person", "household"};
static const char *const phase_keys[POLL_PHASE_COUNT] = {"scheduled", "open", "closed"};
static const char *const outcome_keys[POLL_OUTCOME_COUNT] = {"passed", "failed", "no_quorum",
                                                             "invalid"};
static const char *const yes_no_labels[] = {"yes", "no", "abstain"};
static const char *const satisfaction_labels[] = {"satisfied", "fairly", "dissatisfied"};

static const char *const err_codes[POLL_ERR_COUNT] = {
    [POLL_OK] = "OK",
    [POLL_E_PURPOSE] = "E_POLL_PURPOSE",
    [POLL_E_KIND] = "E_POLL_KIND",
    [POLL_E_ELIGIBILITY] = "E_POLL_ELIGIBILITY",
    [POLL_E_QUESTION] = "E_POLL_QUESTION",
    [POLL_E_QUESTION_LONG] = "E_POLL_QUESTION_TOO_LONG",
    [POLL_E_OPTIONS] = "E_POLL_OPTIONS",
    [POLL_E_OPTION_LONG] = "E_POLL_OPTION_TOO_LONG",
    [POLL_E_TIMES] = "E_POLL_CLOSES_BEFORE_OPENS",
    [POLL_E_OPENS_PAST] = "E_POLL_OPENS_IN_PAST",
    [POLL_E_OPENS_LATE] = "E_POLL_OPENS_TOO_LATE",
    [POLL_E_DURATION] = "E_POLL_TOO_LONG",
    [POLL_E_QUORUM] = "E_POLL_QUORUM",
    [POLL_E_THRESHOLD] = "E_POLL_THRESHOLD",
    [POLL_E_TOPIC_STATUS] = "E_POLL_TOPIC_STATUS",
    [POLL_E_NOT_OPEN] = "E_POLL_NOT_OPEN",
    [POLL_E_CLOSED] = "E_POLL_CLOSED",
    [POLL_E_CHOICE] = "E_POLL_CHOICE",
    [POLL_E_NOT_ELIGIBLE] = "E_NOT_ELIGIBLE",
    [POLL_E_VOTED] = "E_ALREADY_VOTED",
    [POLL_E_HOUSEHOLD] = "E_HOUSEHOLD_VOTED",
    [POLL_E_BALLOT_NO] = "E_BALLOT_NO",
    [POLL_E_BALLOT_USED] = "E_BALLOT_USED",
};

static int parse_key(const char *const *keys, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], s) == 0)
            return i;
    return -1;
}

const char *poll_purpose_key(enum poll_purpose p)
{
    return (unsigned)p < POLL_PURPOSE_COUNT ? purpose_keys[p] : "?";
}
int poll_purpose_parse(const char *s)
{
    return parse_key(purpose_keys, POLL_PURPOSE_COUNT, s);
}
const char *poll_kind_key(enum poll_kind k)
{
    return (unsigned)k < POLL_KIND_COUNT ? kind_keys[k] : "?";
}
int poll_kind_parse(const char *s)
{
    return parse_key(kind_keys, POLL_KIND_COUNT, s);
}
const char *poll_eligibility_key(enum poll_eligibility e)
{
    return (unsigned)e < POLL_ELIGIBILITY_COUNT ? elig_keys[e] : "?";
}
int poll_eligibility_parse(const char *s)
{
    return parse_key(elig_keys, POLL_ELIGIBILITY_COUNT, s);
}
const char *poll_phase_key(enum poll_phase ph)
{
    return (unsigned)ph < POLL_PHASE_COUNT ? phase_keys[ph] : "?";
}
const char *poll_outcome_key(enum poll_outcome o)
{
    return (unsigned)o < POLL_OUTCOME_COUNT ? outcome_keys[o] : "?";
}
int poll_outcome_parse(const char *s)
{
    return parse_key(outcome_keys, POLL_OUTCOME_COUNT, s);
}
const char *poll_err_code(enum poll_err e)
{
    return (unsigned)e < POLL_ERR_COUNT ? err_codes[e] : "E_UNKNOWN";
}

int poll_err_status(enum poll_err e)
{
    switch (e) {
    case POLL_E_TOPIC_STATUS:
    case POLL_E_NOT_OPEN:
    case POLL_E_CLOSED:
    case POLL_E_VOTED:
    case POLL_E_HOUSEHOLD:
    case POLL_E_BALLOT_USED:
        return 409;
    case POLL_E_NOT_ELIGIBLE:
        return 403;
    default:
        return 422;
    }
}

bool poll_purpose_fits(enum poll_purpose p, enum topic_status s)
{
    if (p == POLL_DECISION)
        return s == TOPIC_DELIBERATING;
    if (p == POLL_EVALUATION)
        return s == TOPIC_AWAITING_EVALUATION;
    return false;
}

bool poll_kind_fits(enum poll_purpose p, enum poll_kind k)
{
    if (p == POLL_EVALUATION)
        return k == POLL_SATISFACTION;
    if (p == POLL_DECISION)
        return k == POLL_YES_NO || k == POLL_OPTIONS;
    return false;
}

/* Nothing but spaces (ASCII or the ideographic U+3000), or NULL. */
static bool blank(const char *s)
{
    return !hall_text_present(s);
}

enum poll_err poll_spec_check(const struct poll_spec *s, int64_t now)
{
    if ((unsigned)s->purpose >= POLL_PURPOSE_COUNT)
        return POLL_E_PURPOSE;
    if ((unsigned)s->kind >= POLL_KIND_COUNT || !poll_kind_fits(s->purpose, s->kind))
        return POLL_E_KIND;
    if ((unsigned)s->eligibility >= POLL_ELIGIBILITY_COUNT)
        return POLL_E_ELIGIBILITY;
    if (blank(s->question))
        return POLL_E_QUESTION;
    if (utf8_chars(s->question) > POLL_QUESTION_MAX)
        return POLL_E_QUESTION_LONG;
    if (s->kind == POLL_OPTIONS) {
        if (s->noptions < POLL_OPTIONS_MIN || s->noptions > POLL_OPTIONS_MAX || !s->options)
            return POLL_E_OPTIONS;
        for (size_t i = 0; i < s->noptions; i++) {
            if (blank(s->options[i]))
                return POLL_E_OPTIONS;
            if (utf8_chars(s->options[i]) > POLL_OPTION_MAX)
                return POLL_E_OPTION_LONG;
            /* A label that reads as a position would make "2" ambiguous as a choice. */
            char *end;
            long v = strtol(s->options[i], &end, 10);
            if (*end == '\0' && v != 0)
                return POLL_E_OPTIONS;
            for (size_t j = 0; j < i; j++)
                if (strcmp(s->options[i], s->options[j]) == 0)
                    return POLL_E_OPTIONS;
        }
    }
    if (s->closes_at <= s->opens_at)
        return POLL_E_TIMES;
    if (s->opens_at < now - POLL_PAST_SLACK)
        return POLL_E_OPENS_PAST;
    if (s->opens_at > now + POLL_AHEAD_MAX)
        return POLL_E_OPENS_LATE;
    if (s->closes_at - s->opens_at > POLL_DURATION_MAX)
        return POLL_E_DURATION;
    if (!poll_quorum_valid(s->quorum_num, s->quorum_den))
        return POLL_E_QUORUM;
    if (s->threshold < 0 || s->threshold >= POLL_THRESHOLD_COUNT)
        return POLL_E_THRESHOLD;
    return POLL_OK;
}

enum poll_phase poll_phase_at(int64_t opens_at, int64_t closes_at, int64_t closed_at, int64_t now)
{
    if (closed_at > 0 || now >= closes_at)
        return POLL_CLOSED;
    return now < opens_at ? POLL_SCHEDULED : POLL_OPEN;
}

bool poll_results_visible(bool hide_results, enum poll_phase ph)
{
    return ph == POLL_CLOSED || (!hide_results && ph == POLL_OPEN);
}

bool poll_voter_key(enum poll_eligibility e, int64_t person_id, int64_t household_id, char *out,
                    size_t n)
{
    int64_t id = e == POLL_BY_HOUSEHOLD ? household_id : person_id;
    if (id <= 0 || (unsigned)e >= POLL_ELIGIBILITY_COUNT)
        return false;
    int len = snprintf(out, n, "%c:%lld", e == POLL_BY_HOUSEHOLD ? 'h' : 'p', (long long)id);
    return len > 0 && (size_t)len < n;
}

const char *const *poll_fixed_labels(enum poll_kind k, size_t *n)
{
    if (k == POLL_YES_NO) {
        *n = 3;
        return yes_no_labels;
    }
    if (k == POLL_SATISFACTION) {
        *n = 3;
        return satisfaction_labels;
    }
    *n = 0;
    return NULL;
}

int poll_choice_parse(const char *const *labels, size_t n, const char *s)
{
    if (!s || !*s)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (labels[i] && strcmp(labels[i], s) == 0)
            return (int)i + 1;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end == '\0' && s[0] >= '0' && s[0] <= '9' && v >= 1 && (size_t)v <= n)
        return (int)v;
    return -1;
}

struct poll_counts poll_tally(enum poll_kind k, const int64_t *v, size_t n, int64_t eligible,
                              int *lead)
{
    struct poll_counts c = {0, 0, 0, eligible};
    int top = 0;
    if (k == POLL_YES_NO || k == POLL_SATISFACTION) {
        int64_t a = n > 0 ? v[0] : 0, b = n > 1 ? v[1] : 0, d = n > 2 ? v[2] : 0;
        if (k == POLL_YES_NO) {
            c.yes = a, c.no = b, c.abstain = d;
        } else {
            c.yes = a + b, c.no = d;
        }
    } else {
        int64_t best = -1, total = 0;
        bool tie = false;
        for (size_t i = 0; i < n; i++) {
            total += v[i];
            if (v[i] > best) {
                best = v[i], top = (int)i + 1, tie = false;
            } else if (v[i] == best) {
                tie = true;
            }
        }
        if (tie || best <= 0) {
            top = 0;
            c.no = total; /* no single option leads: nothing can pass */
        } else {
            c.yes = best, c.no = total - best;
        }
    }
    if (lead)
        *lead = top;
    return c;
}
