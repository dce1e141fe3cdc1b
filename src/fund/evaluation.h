/* The performance evaluation of a 自治金 project (绩效评价, DOMAIN.md §4 step 8): an indicator
 * sheet, the standing directors' scores, the beneficiaries' satisfaction survey, and from them
 * the total, the grade and the formula shown on the page. Pure: no I/O, integers only; tested
 * in tests/unit/test_evaluation.c.
 *
 * Units. A weight is whole points; the first-level weights sum to 100 and each first-level
 * indicator's children sum to its weight. A director scores each second-level indicator in
 * tenths of a point, 0 ≤ score ≤ 10·weight. Averages, the survey's points and the total are in
 * hundredths of a point, rounded half-up (x.xx5 → x.xx+0.01) — and each is rounded once, from
 * exact integer fractions: the total is the exact mean of the directors' totals plus the exact
 * survey points, rounded once, so it can differ from the sum of the rounded averages shown
 * beside it by at most 0.005 per indicator (the formula text says so).
 *
 * The survey. Each beneficiary household answers once (the store's unique key sees to that):
 * 满意, 基本满意 or 不满意. The satisfaction rate is (满意 + 基本满意 × basic_pct%) ÷ answers. An
 * indicator marked from_survey is not scored by the directors (their scores for it are
 * ignored): it earns its full weight when the rate reaches its target, else weight × rate ÷
 * target: the usual "完成目标值得满分，未完成的按完成比例得分" of fiscal performance evaluation. */
#ifndef MULIN_FUND_EVALUATION_H
#define MULIN_FUND_EVALUATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define EVAL_INDICATORS_MAX 30   /* indicators on one sheet, both levels together */
#define EVAL_NAME_MAX 40         /* characters in an indicator's name (each language) */
#define EVAL_TARGET_MAX 200      /* characters in an indicator's target text */
#define EVAL_BANDS_MAX 8         /* grade bands */
#define EVAL_BAND_NAME_MAX 10    /* characters in a grade's name */
#define EVAL_DIRECTORS_MAX 50    /* score sheets that can be averaged */
#define EVAL_ANSWERS_MAX 1000000 /* survey answers of one project (households) */
#define EVAL_SCORE_MISSING (-1)  /* a score the director has not given yet */
#define EVAL_POINTS_TEXT_MAX 16  /* "100.00" and a NUL fit with room to spare */

/* One indicator. A first-level indicator has parent -1; a second-level one names the index of
 * its first-level indicator, which comes earlier on the sheet. Scores and averages are indexed
 * like the sheet's indicators. */
struct eval_indicator {
    int parent;          /* -1 for a first-level indicator, else its parent's index */
    int weight;          /* whole points, ≥ 1 */
    const char *name;    /* 中文 name, 1..EVAL_NAME_MAX characters */
    const char *name_en; /* English name, 1..EVAL_NAME_MAX characters */
    const char *target;  /* 指标值 as text, 0..EVAL_TARGET_MAX characters, or NULL */
    bool from_survey;    /* second-level only: points from the satisfaction survey */
    int target_pct;      /* from_survey only: the rate that earns full points, 1..100 (%) */
};

/* A grade band: a total of at least min (hundredths of a point) earns this grade. */
struct eval_band {
    int64_t min;         /* hundredths; the bands run from the highest min down to 0 */
    const char *name;    /* 中文 ("优") */
    const char *name_en; /* English ("Excellent") */
};

/* An indicator sheet. The arrays are the caller's; nothing here copies or frees them. */
struct eval_sheet {
    const struct eval_indicator *ind; /* the indicators, first-level before their children */
    size_t n;                         /* how many */
    const struct eval_band *bands;    /* grade bands, highest min first, the last min 0 */
    size_t nbands;                    /* how many */
    int basic_pct; /* how much a 基本满意 answer counts toward the rate, 0..100 (%) */
};

/* Why a sheet, a score or a survey is refused; stable keys for the API in eval_err_key. */
enum eval_err {
    EVAL_OK,
    EVAL_E_EMPTY,         /* no indicators */
    EVAL_E_TOO_MANY,      /* more than EVAL_INDICATORS_MAX */
    EVAL_E_NAME,          /* a name missing, not UTF-8, or longer than EVAL_NAME_MAX */
    EVAL_E_NAME_TWICE,    /* two indicators under one parent share a name */
    EVAL_E_TARGET,        /* a target text not UTF-8 or longer than EVAL_TARGET_MAX */
    EVAL_E_LEVEL,         /* a parent that is not an earlier first-level indicator */
    EVAL_E_WEIGHT,        /* a weight below 1 or above 100 */
    EVAL_E_TOP_SUM,       /* the first-level weights do not sum to 100 */
    EVAL_E_CHILD_SUM,     /* a first-level indicator's children do not sum to its weight */
    EVAL_E_NO_CHILDREN,   /* a first-level indicator without second-level ones */
    EVAL_E_SURVEY,        /* from_survey on a first-level indicator, twice, or a bad target */
    EVAL_E_BASIC_PCT,     /* basic_pct outside 0..100 */
    EVAL_E_BANDS,         /* no bands, too many, not descending, a name bad, or last min ≠ 0 */
    EVAL_E_SCORE,         /* a score below 0 or above 10 × the weight */
    EVAL_E_SCORE_MISSING, /* a director left a scored indicator blank */
    EVAL_E_NO_SCORES,     /* no director's scores to average */
    EVAL_E_DIRECTORS,     /* more score sheets than EVAL_DIRECTORS_MAX */
    EVAL_E_NO_SURVEY,     /* the sheet takes a score from the survey, and nobody answered */
    EVAL_E_SURVEY_COUNTS, /* a survey count below 0, or more answers than EVAL_ANSWERS_MAX */
    EVAL_ERR_COUNT
};

/* A refusal and where it is: the indicator's index (or the band's for EVAL_E_BANDS, the
 * director's for score errors in .director), -1 when it concerns the whole sheet. */
struct eval_problem {
    enum eval_err err; /* what is wrong */
    int index;         /* indicator or band index, -1 for the whole */
    int director;      /* score sheet index for EVAL_E_SCORE*, else -1 */
};

/* The answers of the satisfaction survey. */
struct eval_survey {
    int64_t satisfied;    /* 满意 */
    int64_t basic;        /* 基本满意 */
    int64_t dissatisfied; /* 不满意 */
};

/* One survey answer, as stored. */
enum eval_answer { EVAL_SATISFIED, EVAL_BASIC, EVAL_DISSATISFIED, EVAL_ANSWER_COUNT };

/* The hall's decision after the evaluation; the grade advises, the hall decides. */
enum eval_decision { EVAL_CONTINUE, EVAL_CHANGE, EVAL_STOP, EVAL_DECISION_COUNT };

/* What the evaluation computes. Points in hundredths. */
struct eval_result {
    int64_t mean[EVAL_INDICATORS_MAX]; /* per indicator: the directors' average (or the survey's
                                          points); a first-level one the sum of its children,
                                          each rounded half-up from its exact value */
    int64_t total;                     /* Σ exactly, rounded half-up once */
    int grade;                         /* index of the band the total falls in */
    int64_t directors;                 /* score sheets averaged */
    int64_t answers;                   /* survey answers */
    int64_t rate_permille;             /* satisfaction rate in tenths of a percent, or -1 */
};

/* Checks a sheet; true when it is sound, else false with *p saying why and where. */
bool eval_sheet_check(const struct eval_sheet *s, struct eval_problem *p);
/* Checks one director's scores (indexed like the sheet, EVAL_SCORE_MISSING for blank; scores
 * for first-level and from_survey indicators are ignored). With complete false a blank is
 * allowed (a draft); with true every scored indicator needs a score. */
bool eval_scores_check(const struct eval_sheet *s, const int *scores, bool complete,
                       struct eval_problem *p);
/* A director's total in tenths of a point over the indicators they score; blanks count 0. */
int64_t eval_director_total(const struct eval_sheet *s, const int *scores);
/* Computes the result from ndirectors complete score sheets, scores[d*s->n + i], and the
 * survey. The sheet must pass eval_sheet_check. False with *p when a score sheet is refused,
 * there are none, or the survey is needed and empty. */
bool eval_compute(const struct eval_sheet *s, const int *scores, size_t ndirectors,
                  const struct eval_survey *survey, struct eval_result *r, struct eval_problem *p);
/* The band index for a total in hundredths (the bands checked); -1 for a negative total. */
int eval_grade(const struct eval_sheet *s, int64_t total);

/* Writes hundredths of a point as "86.45" (two decimals always) to out[0..n); the length. */
size_t eval_points_format(int64_t hundredths, char *out, size_t n);
/* Appends the formula to b in lang (HALL_LANG_ZH or HALL_LANG_EN): how the total is formed,
 * the survey's rule, the rounding and the grade bands; and, when r is not NULL, the numbers
 * filled in ("总分 = 36.50 + … = 86.45，等级：良"). Plain text, one sentence a line; the page
 * escapes it. */
void eval_formula(const struct eval_sheet *s, const struct eval_result *r, int lang, struct buf *b);

/* The sheet most 自治金 evaluations use (src/fund/eval_default.c): 产出 40 (数量 15, 质量 15,
 * 时效 10), 效益 30 (社会效益 20, 可持续影响 10), 成本 10, 满意度 20 from the survey with a
 * 90% target; 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60; 基本满意 counts in full. Static storage. */
const struct eval_sheet *eval_default_sheet(void);

/* Stable API keys and messages people read (lang as above); "?" / NULL when out of range. */
const char *eval_err_key(enum eval_err e);
const char *eval_err_message(enum eval_err e, int lang);
const char *eval_answer_key(enum eval_answer a);
const char *eval_answer_name(enum eval_answer a, int lang);
int eval_answer_parse(const char *key); /* -1 for an unknown key */
const char *eval_decision_key(enum eval_decision d);
const char *eval_decision_name(enum eval_decision d, int lang);
int eval_decision_parse(const char *key); /* -1 for an unknown key */

#endif
