#include "hall/poll_math.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NO_RATE "\xe2\x80\x94" /* U+2014 EM DASH: "no rate", not "0%" */

static const struct {
    const char *key; /* stable database and API name */
    const char *zh;  /* name shown in Chinese */
    const char *en;  /* name shown in English */
} thresholds[POLL_THRESHOLD_COUNT] = {
    [POLL_MAJORITY] = {"majority", "过半数（赞成多于反对）", "Majority (more yes than no)"},
    [POLL_TWO_THIRDS] = {"two_thirds", "三分之二（赞成至少是反对的两倍）",
                         "Two-thirds (yes at least twice no)"},
    [POLL_ELIGIBLE_MAJORITY] = {"eligible_majority", "超过全体有表决权人数的一半",
                                "More than half of everyone eligible"},
};

static const char *const outcome_names[POLL_OUTCOME_COUNT][2] = {
    [POLL_PASSED] = {"通过", "Passed"},
    [POLL_FAILED] = {"未通过", "Failed"},
    [POLL_NO_QUORUM] = {"投票人数不足，结果不作数", "Too few voted; no result"},
    [POLL_INVALID] = {"票数有误", "Counts do not add up"},
};

/* True when 0 ≤ v ≤ POLL_COUNT_MAX. */
static bool count_ok(int64_t v)
{
    return v >= 0 && v <= POLL_COUNT_MAX;
}

bool poll_counts_valid(const struct poll_counts *c)
{
    return count_ok(c->yes) && count_ok(c->no) && count_ok(c->abstain) && count_ok(c->eligible) &&
           c->yes + c->no + c->abstain <= c->eligible;
}

bool poll_quorum_valid(int64_t num, int64_t den)
{
    return den >= 1 && den <= POLL_QUORUM_DEN_MAX && num >= 0 && num <= den;
}

bool poll_quorum_met(const struct poll_counts *c, int64_t num, int64_t den)
{
    if (!poll_counts_valid(c) || !poll_quorum_valid(num, den))
        return false;
    /* Both sides ≤ 3·10⁹ · 10⁶: well inside int64_t. */
    return (c->yes + c->no + c->abstain) * den >= c->eligible * num;
}

int64_t poll_quorum_needed(int64_t eligible, int64_t num, int64_t den)
{
    if (!count_ok(eligible) || !poll_quorum_valid(num, den))
        return -1;
    return (eligible * num + den - 1) / den;
}

bool poll_threshold_met(enum poll_threshold t, const struct poll_counts *c)
{
    if (!poll_counts_valid(c))
        return false;
    switch (t) {
    case POLL_MAJORITY:
        return c->yes > c->no;
    case POLL_TWO_THIRDS:
        /* yes/(yes+no) ≥ 2/3 ⇔ 3·yes ≥ 2·yes + 2·no ⇔ yes ≥ 2·no; and 0–0 is not a decision. */
        return c->yes >= 2 * c->no && c->yes >= 1;
    case POLL_ELIGIBLE_MAJORITY:
        return 2 * c->yes > c->eligible;
    default:
        return false;
    }
}

enum poll_outcome poll_decide(const struct poll_rule *rule, const struct poll_counts *c)
{
    if (!poll_counts_valid(c) || !poll_quorum_valid(rule->quorum_num, rule->quorum_den) ||
        (unsigned)rule->threshold >= POLL_THRESHOLD_COUNT)
        return POLL_INVALID;
    if (!poll_quorum_met(c, rule->quorum_num, rule->quorum_den))
        return POLL_NO_QUORUM;
    return poll_threshold_met(rule->threshold, c) ? POLL_PASSED : POLL_FAILED;
}

bool poll_rate_permille(int64_t num, int64_t den, int64_t *permille)
{
    if (den <= 0 || num < 0 || num > POLL_RATE_MAX || den > POLL_RATE_MAX)
        return false;
    /* Whole part and remainder apart, so nothing larger than 2·10¹⁸ is ever formed. The
     * remainder's share is rounded half-up: ⌊(2·1000·rem + den) / (2·den)⌋. */
    int64_t whole = num / den, rem = num % den;
    *permille = whole * 1000 + (2 * 1000 * rem + den) / (2 * den);
    return true;
}

size_t poll_rate_format(int64_t num, int64_t den, char *out, size_t n)
{
    int64_t p;
    char text[32]; /* "1000000000000000000.0%" at most */
    if (poll_rate_permille(num, den, &p))
        snprintf(text, sizeof text, "%" PRId64 ".%" PRId64 "%%", p / 10, p % 10);
    else
        snprintf(text, sizeof text, "%s", NO_RATE);
    size_t len = strlen(text);
    if (n == 0)
        return len;
    /* The digits are ASCII; only the dash could be cut in half, and then nothing is shown. */
    size_t keep = len < n ? len : n - 1;
    if (keep < len && strcmp(text, NO_RATE) == 0)
        keep = 0;
    memcpy(out, text, keep);
    out[keep] = '\0';
    return len;
}

const char *poll_outcome_name(enum poll_outcome o, int lang)
{
    if ((unsigned)o >= POLL_OUTCOME_COUNT)
        return "?";
    return outcome_names[o][lang == HALL_LANG_EN ? 1 : 0];
}

const char *poll_threshold_name(enum poll_threshold t, int lang)
{
    if ((unsigned)t >= POLL_THRESHOLD_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? thresholds[t].en : thresholds[t].zh;
}

const char *poll_threshold_key(enum poll_threshold t)
{
    return (unsigned)t < POLL_THRESHOLD_COUNT ? thresholds[t].key : "?";
}

int poll_threshold_parse(const char *key)
{
    for (int t = 0; t < POLL_THRESHOLD_COUNT; t++)
        if (strcmp(thresholds[t].key, key) == 0)
            return t;
    return -1;
}
