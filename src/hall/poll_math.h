/* Poll arithmetic for the deliberation hall: quorum, thresholds and rates, in integers only.
 * Binary floating point would make 2/3 of 9 votes a matter of rounding luck; every comparison
 * here is a cross-multiplication, and rates are shown from numerator and denominator rounded
 * half-up to one decimal (82/87 → "94.3%"). No I/O; tested in tests/unit/test_poll_math.c.
 *
 * The thresholds follow PROCEDURE.md: MAJORITY is yes > no, TWO_THIRDS is yes ≥ 2·no and yes ≥ 1
 * (abstentions and absentees count for neither), and for 大事 a hall may ask for more than half of
 * everyone eligible, 2·yes > eligible. A tie fails; 0–0 fails every threshold. */
#ifndef MULIN_HALL_POLL_MATH_H
#define MULIN_HALL_POLL_MATH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hall/topic_status.h"

/* Limits that keep every product below INT64_MAX, far above any residential area's numbers. */
#define POLL_COUNT_MAX INT64_C(1000000000)      /* votes or eligible voters */
#define POLL_QUORUM_DEN_MAX INT64_C(1000000)    /* denominator of a quorum fraction */
#define POLL_RATE_MAX INT64_C(1000000000000000) /* numerator or denominator of a rate */

enum poll_threshold {
    POLL_MAJORITY,          /* 过半数: yes > no */
    POLL_TWO_THIRDS,        /* 三分之二: yes ≥ 2·no and yes ≥ 1 */
    POLL_ELIGIBLE_MAJORITY, /* 超过全体有表决权者半数: 2·yes > eligible */
    POLL_THRESHOLD_COUNT
};

enum poll_outcome {
    POLL_PASSED,    /* quorum reached and threshold met */
    POLL_FAILED,    /* quorum reached, threshold not met */
    POLL_NO_QUORUM, /* too few voted: the result does not count either way */
    POLL_INVALID,   /* the counts or the rule cannot be right (see poll_decide) */
    POLL_OUTCOME_COUNT
};

/* The votes cast in one poll. */
struct poll_counts {
    int64_t yes;      /* 赞成 */
    int64_t no;       /* 反对 */
    int64_t abstain;  /* 弃权: counts toward quorum (they took part), never for or against */
    int64_t eligible; /* everyone entitled to vote, whether they voted or not */
};

/* How a poll is decided. */
struct poll_rule {
    enum poll_threshold threshold; /* what passing takes */
    int64_t quorum_num;            /* quorum: at least quorum_num/quorum_den of eligible must */
    int64_t quorum_den;            /* vote (abstaining counts); 0/1 means no quorum */
};

/* True when the counts can be real: none negative or above POLL_COUNT_MAX, and no more votes
 * than eligible voters. */
bool poll_counts_valid(const struct poll_counts *c);
/* True when num/den is a usable quorum fraction: 1 ≤ den ≤ POLL_QUORUM_DEN_MAX, 0 ≤ num ≤ den. */
bool poll_quorum_valid(int64_t num, int64_t den);
/* True when at least num/den of the eligible voted: (yes+no+abstain)·den ≥ eligible·num. The
 * counts and fraction must be valid (else false). */
bool poll_quorum_met(const struct poll_counts *c, int64_t num, int64_t den);
/* The fewest votes that reach a quorum of num/den among eligible, ⌈eligible·num/den⌉, so a page
 * can say how many more are needed; -1 when the arguments are not valid. */
int64_t poll_quorum_needed(int64_t eligible, int64_t num, int64_t den);
/* True when the counts meet threshold t, quorum aside; false for invalid counts or threshold. */
bool poll_threshold_met(enum poll_threshold t, const struct poll_counts *c);
/* The outcome of a poll: POLL_INVALID for invalid counts, quorum or threshold; else
 * POLL_NO_QUORUM when the quorum is not reached (checked first: a poll too few took part in
 * decides nothing, however it went); else POLL_PASSED or POLL_FAILED. */
enum poll_outcome poll_decide(const struct poll_rule *rule, const struct poll_counts *c);

/* num/den in tenths of a percent, rounded half-up (1/16 → 63, i.e. 6.3%), into *permille.
 * False, leaving *permille alone, when den ≤ 0, num < 0 or either is above POLL_RATE_MAX.
 * num may exceed den (a rate over 100% is shown as such, not hidden). */
bool poll_rate_permille(int64_t num, int64_t den, int64_t *permille);
/* Writes num/den as a percentage with one decimal ("94.3%") to out[0..n), or "—" when there is
 * no rate (0/0, or anything poll_rate_permille refuses), NUL-terminated when n > 0. Returns the
 * full length as snprintf does; a cut never leaves half of "—". */
size_t poll_rate_format(int64_t num, int64_t den, char *out, size_t n);

/* Names people read ("通过" / "Passed"; "过半数…" / "Majority…"); "?" when out of range.
 * lang is HALL_LANG_ZH or HALL_LANG_EN. Static storage. */
const char *poll_outcome_name(enum poll_outcome o, int lang);
const char *poll_threshold_name(enum poll_threshold t, int lang);
/* Stable names ("two_thirds"), and back; -1 for an unknown name. */
const char *poll_threshold_key(enum poll_threshold t);
int poll_threshold_parse(const char *key);

#endif
