/* The fund's performance evaluation: every sheet rule with its reason code, scores at their
 * limits, the survey's rule on both sides of its target, rounding half-up, the grade bands at
 * their edges, and a worked example checked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund/evaluation.h"
#include "hall/topic_status.h"

/* A copy of the default sheet the tests can break one field at a time. */
static struct eval_indicator ind[EVAL_INDICATORS_MAX + 2];
static struct eval_band bands[EVAL_BANDS_MAX + 2];
static struct eval_sheet sheet;

static void reset(void)
{
    const struct eval_sheet *d = eval_default_sheet();
    memcpy(ind, d->ind, d->n * sizeof ind[0]);
    memcpy(bands, d->bands, d->nbands * sizeof bands[0]);
    sheet = *d;
    sheet.ind = ind;
    sheet.bands = bands;
}

/* The check's verdict on the current sheet: its error, and the index it names. */
static void expect(enum eval_err e, int index)
{
    struct eval_problem p;
    bool ok = eval_sheet_check(&sheet, &p);
    if (ok != (e == EVAL_OK) || p.err != e || p.index != index)
        fail_msg("expected %s at %d, got %s at %d", eval_err_key(e), index, eval_err_key(p.err),
                 p.index);
}

static void test_default_sheet_is_sound(void **state)
{
    (void)state;
    reset();
    expect(EVAL_OK, -1);
    /* What eval_default_sheet's comment promises. */
    assert_int_equal(sheet.n, 11);
    assert_int_equal(sheet.nbands, 4);
    assert_string_equal(sheet.ind[10].name, "受益居民满意度");
    assert_true(sheet.ind[10].from_survey);
    assert_int_equal(sheet.ind[10].target_pct, 90);
}

static void test_sheet_weights(void **state)
{
    (void)state;
    reset();
    ind[0].weight = 41; /* 产出 41 with children still 40 → the top no longer sums to 100 */
    expect(EVAL_E_TOP_SUM, -1);
    reset();
    ind[0].weight = 41;
    ind[1].weight = 16; /* top 101 */
    expect(EVAL_E_TOP_SUM, -1);
    reset();
    ind[0].weight = 41;
    ind[4].weight = 29; /* top 100 again, but 产出's children sum to 40 ≠ 41 */
    expect(EVAL_E_CHILD_SUM, 0);
    reset();
    ind[5].weight = 21; /* 效益's children 31 ≠ 30 */
    expect(EVAL_E_CHILD_SUM, 4);
    reset();
    ind[3].weight = 0;
    expect(EVAL_E_WEIGHT, 3);
    reset();
    ind[3].weight = -5;
    expect(EVAL_E_WEIGHT, 3);
    reset();
    ind[0].weight = 101;
    expect(EVAL_E_WEIGHT, 0);
    /* One first-level indicator of 100 with one child of 100 is the smallest sound sheet. */
    reset();
    ind[0] = (struct eval_indicator){-1, 100, "总体", "Overall", NULL, false, 0};
    ind[1] = (struct eval_indicator){0, 100, "完成情况", "Done", "", false, 0};
    sheet.n = 2;
    expect(EVAL_OK, -1);
    sheet.n = 1; /* its child gone */
    expect(EVAL_E_NO_CHILDREN, 0);
    sheet.n = 0;
    expect(EVAL_E_EMPTY, -1);
}

static void test_sheet_levels(void **state)
{
    (void)state;
    reset();
    ind[2].parent = 1; /* under a second-level indicator: no third level */
    expect(EVAL_E_LEVEL, 2);
    reset();
    ind[2].parent = 4; /* a parent that comes later */
    expect(EVAL_E_LEVEL, 2);
    reset();
    ind[2].parent = 2; /* itself */
    expect(EVAL_E_LEVEL, 2);
    reset();
    ind[2].parent = -2;
    expect(EVAL_E_LEVEL, 2);
}

static void test_sheet_limits(void **state)
{
    (void)state;
    /* 30 indicators pass, 31 do not: one first-level of 100, 29 children summing to 100. */
    reset();
    ind[0] = (struct eval_indicator){-1, 100, "总体", "Overall", NULL, false, 0};
    static char names[EVAL_INDICATORS_MAX + 1][16];
    for (int i = 1; i <= EVAL_INDICATORS_MAX; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        ind[i] = (struct eval_indicator){0, i <= 28 ? 3 : 8, names[i], names[i], NULL, false, 0};
    }
    sheet.n = EVAL_INDICATORS_MAX; /* 28·3 + 8 = 92: not yet 100 */
    ind[29].weight = 16;           /* 84 + 16 = 100 */
    expect(EVAL_OK, -1);
    sheet.n = EVAL_INDICATORS_MAX + 1;
    expect(EVAL_E_TOO_MANY, -1);

    /* Names: 40 characters (counted as characters, not bytes) pass, 41 do not. */
    reset();
    static char forty[EVAL_NAME_MAX * 3 + 4], forty_one[EVAL_NAME_MAX * 3 + 8];
    forty[0] = forty_one[0] = 0;
    for (int i = 0; i < EVAL_NAME_MAX; i++)
        strcat(forty, "指");
    strcpy(forty_one, forty);
    strcat(forty_one, "a");
    ind[1].name = forty;
    expect(EVAL_OK, -1);
    ind[1].name = forty_one;
    expect(EVAL_E_NAME, 1);
    ind[1].name = "";
    expect(EVAL_E_NAME, 1);
    ind[1].name = NULL;
    expect(EVAL_E_NAME, 1);
    ind[1].name = "\xe6\x8c"; /* cut UTF-8 */
    expect(EVAL_E_NAME, 1);
    reset();
    ind[1].name_en = "";
    expect(EVAL_E_NAME, 1);
    reset();
    ind[2].name = ind[1].name; /* two 数量指标 under 产出 */
    expect(EVAL_E_NAME_TWICE, 2);
    reset();
    ind[5].name = ind[1].name; /* the same name under another parent is fine */
    expect(EVAL_OK, -1);

    /* Targets: up to 200 characters, may be empty or absent. */
    reset();
    static char target[EVAL_TARGET_MAX * 3 + 8];
    target[0] = 0;
    for (int i = 0; i < EVAL_TARGET_MAX; i++)
        strcat(target, "目");
    ind[3].target = target;
    expect(EVAL_OK, -1);
    strcat(target, "x");
    expect(EVAL_E_TARGET, 3);
    ind[3].target = NULL;
    expect(EVAL_OK, -1);
}

static void test_sheet_survey_and_bands(void **state)
{
    (void)state;
    reset();
    ind[9].from_survey = true; /* on a first-level indicator */
    ind[9].target_pct = 90;
    expect(EVAL_E_SURVEY, 9);
    reset();
    ind[8].from_survey = true; /* a second survey indicator */
    ind[8].target_pct = 90;
    expect(EVAL_E_SURVEY, 10);
    reset();
    ind[10].target_pct = 0;
    expect(EVAL_E_SURVEY, 10);
    ind[10].target_pct = 101;
    expect(EVAL_E_SURVEY, 10);
    ind[10].target_pct = 100;
    expect(EVAL_OK, -1);
    reset();
    sheet.basic_pct = 101;
    expect(EVAL_E_BASIC_PCT, -1);
    sheet.basic_pct = -1;
    expect(EVAL_E_BASIC_PCT, -1);
    sheet.basic_pct = 0;
    expect(EVAL_OK, -1);

    reset();
    bands[3].min = 100; /* the lowest band must start at 0 */
    expect(EVAL_E_BANDS, 3);
    reset();
    bands[1].min = 9000; /* not strictly descending */
    expect(EVAL_E_BANDS, 1);
    reset();
    bands[0].min = 10001; /* above 100 points */
    expect(EVAL_E_BANDS, 0);
    reset();
    bands[2].name = "一二三四五六七八九十一";
    expect(EVAL_E_BANDS, 2);
    reset();
    sheet.nbands = 0;
    expect(EVAL_E_BANDS, -1);
    reset();
    sheet.nbands = EVAL_BANDS_MAX + 1;
    expect(EVAL_E_BANDS, -1);
    /* Two bands, configurable: 合格 ≥ 60, 不合格 below. */
    reset();
    bands[0] = (struct eval_band){6000, "合格", "Pass"};
    bands[1] = (struct eval_band){0, "不合格", "Fail"};
    sheet.nbands = 2;
    expect(EVAL_OK, -1);
    assert_int_equal(eval_grade(&sheet, 6000), 0);
    assert_int_equal(eval_grade(&sheet, 5999), 1);
}

static void test_grade_edges(void **state)
{
    (void)state;
    const struct eval_sheet *d = eval_default_sheet();
    static const struct {
        int64_t total; /* hundredths */
        int grade;     /* 0 优, 1 良, 2 中, 3 差 */
    } cases[] = {{10000, 0}, {9000, 0}, {8999, 1}, {8000, 1}, {7999, 2},
                 {6000, 2},  {5999, 3}, {0, 3},    {-1, -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (eval_grade(d, cases[i].total) != cases[i].grade)
            fail_msg("total %lld", (long long)cases[i].total);
}

/* Scores for the default sheet in tenths; the unscored entries (first-level, survey) blank. */
#define B EVAL_SCORE_MISSING
static void fill(int *row, int q, int ql, int t, int soc, int sus, int cost)
{
    int v[11] = {B, q, ql, t, B, soc, sus, B, cost, B, B};
    memcpy(row, v, sizeof v);
}

static void test_scores_check(void **state)
{
    (void)state;
    const struct eval_sheet *d = eval_default_sheet();
    int row[11];
    struct eval_problem p;
    fill(row, 150, 150, 100, 200, 100, 100); /* every indicator at its full weight */
    assert_true(eval_scores_check(d, row, true, &p));
    assert_int_equal(eval_director_total(d, row), 800); /* 80 points: the survey adds 20 */
    row[1] = 151;                                       /* 15.1 of 15 */
    assert_false(eval_scores_check(d, row, true, &p));
    assert_int_equal(p.err, EVAL_E_SCORE);
    assert_int_equal(p.index, 1);
    row[1] = -2;
    assert_false(eval_scores_check(d, row, false, &p));
    assert_int_equal(p.err, EVAL_E_SCORE);
    row[1] = 0;
    assert_true(eval_scores_check(d, row, true, &p));
    row[8] = B; /* a blank: fine in a draft, refused when complete */
    assert_true(eval_scores_check(d, row, false, &p));
    assert_false(eval_scores_check(d, row, true, &p));
    assert_int_equal(p.err, EVAL_E_SCORE_MISSING);
    assert_int_equal(p.index, 8);
    assert_int_equal(eval_director_total(d, row), 550);
    /* Whatever stands in the survey and first-level slots is ignored, not refused. */
    fill(row, 150, 150, 100, 200, 100, 100);
    row[0] = 9999;
    row[10] = -7;
    assert_true(eval_scores_check(d, row, true, &p));
    assert_int_equal(eval_director_total(d, row), 800);
}

/* The worked example, checked by hand.
 *
 * The default sheet; three standing directors score in tenths:
 *                 数量15 质量15 时效10 社会20 可持续10 成本10 | total
 *   director A     15.0   14.0   10.0   18.0    8.0     9.5  | 74.5
 *   director B     14.0   13.0    9.0   17.0    7.5     9.0  | 69.5
 *   director C     14.5   13.5   10.0   16.0    7.0    10.0  | 71.0
 *   average        14.50  13.50   9.67  17.00   7.50    9.50
 *   (时效: 29.0 ÷ 3 = 9.666… → 9.67)
 * The mean of the directors' totals is 215.0 ÷ 3 = 71.666…
 *
 * The survey: 36 满意, 10 基本满意, 9 不满意 = 55 answers; 基本满意 counts in full, so the rate
 * is 46 ÷ 55 = 83.636…% (shown 83.6%), below the 90% target: 满意度 earns
 * 20 × 83.636…% ÷ 90% = 20 × 46 ÷ 49.5 = 18.5858… → 18.59.
 *
 * First-level: 产出 (43.5 + 40.5 + 29.0) ÷ 3 = 37.666… → 37.67; 效益 (51.0 + 22.5) ÷ 3 = 24.50;
 * 成本 9.50; 满意度 18.59. Their shown sum is 90.26, but the total is exact then rounded once:
 * 71.666… + 18.5858… = 90.2525… → 90.25, grade 优 (≥ 90). */
static void test_worked_example(void **state)
{
    (void)state;
    const struct eval_sheet *d = eval_default_sheet();
    int scores[3 * 11];
    fill(scores, 150, 140, 100, 180, 80, 95);
    fill(scores + 11, 140, 130, 90, 170, 75, 90);
    fill(scores + 22, 145, 135, 100, 160, 70, 100);
    assert_int_equal(eval_director_total(d, scores), 745);
    assert_int_equal(eval_director_total(d, scores + 11), 695);
    assert_int_equal(eval_director_total(d, scores + 22), 710);
    struct eval_survey sv = {36, 10, 9};
    struct eval_result r;
    struct eval_problem p;
    assert_true(eval_compute(d, scores, 3, &sv, &r, &p));
    static const int64_t mean[11] = {3767, 1450, 1350, 967, 2450, 1700, 750, 950, 950, 1859, 1859};
    for (int i = 0; i < 11; i++)
        if (r.mean[i] != mean[i])
            fail_msg("indicator %d: %lld, not %lld", i, (long long)r.mean[i], (long long)mean[i]);
    assert_int_equal(r.total, 9025);
    assert_int_equal(r.grade, 0);
    assert_int_equal(r.directors, 3);
    assert_int_equal(r.answers, 55);
    assert_int_equal(r.rate_permille, 836);

    struct buf b;
    buf_init(&b);
    eval_formula(d, &r, HALL_LANG_ZH, &b);
    assert_non_null(strstr(b.data, "总分 = Σ 各二级指标得分"));
    assert_non_null(strstr(b.data, "满意率达到 90% 得满分 20 分，否则得 20 × 满意率 ÷ 90%"));
    assert_non_null(strstr(b.data, "等级：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60。"));
    /* The shown parts sum to 90.26, not 90.25: the formula says ≈, not =. */
    assert_non_null(strstr(b.data, "总分 = 37.67 + 24.50 + 9.50 + 18.59 ≈ 90.25，等级：优"));
    assert_non_null(strstr(b.data, "3 位常务理事评分；满意度调查 55 份，满意率 83.6%"));
    buf_reset(&b);
    eval_formula(d, &r, HALL_LANG_EN, &b);
    assert_non_null(strstr(b.data, "Total = Σ the second-level indicators' scores"));
    assert_non_null(strstr(b.data, "Grades: Excellent ≥ 90, Good ≥ 80, Fair ≥ 60, Poor < 60."));
    assert_non_null(strstr(b.data, "Total = 37.67 + 24.50 + 9.50 + 18.59 ≈ 90.25, grade: "
                                   "Excellent (3 directors' score sheets; 55 survey answers, "
                                   "satisfaction 83.6%)."));
    /* Without a result only the rule is written. */
    buf_reset(&b);
    eval_formula(d, NULL, HALL_LANG_ZH, &b);
    assert_null(strstr(b.data, "≈"));
    buf_free(&b);
}

static void test_survey_rule(void **state)
{
    (void)state;
    reset();
    int scores[11];
    fill(scores, 150, 150, 100, 200, 100, 100); /* 80 points from the director */
    struct eval_result r;
    struct eval_problem p;
    /* Exactly at the target: 9 of 10 satisfied is 90% → the full 20. */
    struct eval_survey at = {9, 0, 1};
    assert_true(eval_compute(&sheet, scores, 1, &at, &r, &p));
    assert_int_equal(r.mean[10], 2000);
    assert_int_equal(r.total, 10000);
    /* Above the target still earns only the weight. */
    struct eval_survey all = {10, 0, 0};
    assert_true(eval_compute(&sheet, scores, 1, &all, &r, &p));
    assert_int_equal(r.mean[10], 2000);
    assert_int_equal(r.rate_permille, 1000);
    /* Just under: 89 of 100 → 20 × 89 ÷ 90 = 19.777… → 19.78. */
    struct eval_survey under = {89, 0, 11};
    assert_true(eval_compute(&sheet, scores, 1, &under, &r, &p));
    assert_int_equal(r.mean[10], 1978);
    assert_int_equal(r.total, 9978);
    /* 基本满意 at 60%: 5 满意 + 5 基本满意 of 10 → (500 + 300) ÷ 1000 = 80% → 20 × 80 ÷ 90 =
     * 17.777… → 17.78. */
    sheet.basic_pct = 60;
    struct eval_survey half = {5, 5, 0};
    assert_true(eval_compute(&sheet, scores, 1, &half, &r, &p));
    assert_int_equal(r.rate_permille, 800);
    assert_int_equal(r.mean[10], 1778);
    /* Everyone dissatisfied: 0 points. */
    struct eval_survey none = {0, 0, 7};
    assert_true(eval_compute(&sheet, scores, 1, &none, &r, &p));
    assert_int_equal(r.mean[10], 0);
    assert_int_equal(r.total, 8000);
    /* No answers: no result. */
    struct eval_survey empty = {0, 0, 0};
    assert_false(eval_compute(&sheet, scores, 1, &empty, &r, &p));
    assert_int_equal(p.err, EVAL_E_NO_SURVEY);
    assert_int_equal(p.index, 10);
    assert_false(eval_compute(&sheet, scores, 1, NULL, &r, &p));
    assert_int_equal(p.err, EVAL_E_NO_SURVEY);
    struct eval_survey bad = {-1, 0, 3};
    assert_false(eval_compute(&sheet, scores, 1, &bad, &r, &p));
    assert_int_equal(p.err, EVAL_E_SURVEY_COUNTS);
    struct eval_survey huge = {EVAL_ANSWERS_MAX, 1, 0};
    assert_false(eval_compute(&sheet, scores, 1, &huge, &r, &p));
    assert_int_equal(p.err, EVAL_E_SURVEY_COUNTS);
    /* The largest survey still computes exactly: 10⁶ answers, one short of all satisfied. */
    struct eval_survey big = {EVAL_ANSWERS_MAX - 1, 0, 1};
    assert_true(eval_compute(&sheet, scores, 1, &big, &r, &p));
    assert_int_equal(r.mean[10], 2000);

    /* When the sheet does not take satisfaction from the survey, the directors score it. */
    reset();
    ind[10].from_survey = false;
    int row[11];
    fill(row, 150, 150, 100, 200, 100, 100);
    row[10] = 150;
    assert_true(eval_compute(&sheet, row, 1, NULL, &r, &p));
    assert_int_equal(r.total, 9500);
    assert_int_equal(r.rate_permille, -1);
    row[10] = B;
    assert_false(eval_compute(&sheet, row, 1, NULL, &r, &p));
    assert_int_equal(p.err, EVAL_E_SCORE_MISSING);
    assert_int_equal(p.index, 10);
    assert_int_equal(p.director, 0);
}

static void test_rounding_half_up(void **state)
{
    (void)state;
    reset();
    ind[10].from_survey = false; /* directors only, so the means are easy to see */
    struct eval_result r;
    struct eval_problem p;
    /* Four directors; on 数量 one gives 0.1 and three give 0: 0.1 ÷ 4 = 0.025 → 0.03 (half
     * up), and 0.3 ÷ 4 = 0.075 → 0.08. */
    int s[4 * 11];
    for (int d = 0; d < 4; d++) {
        fill(s + d * 11, 0, 0, 0, 0, 0, 0);
        s[d * 11 + 10] = 0;
    }
    s[1] = 1;
    s[11 + 2] = 3;
    assert_true(eval_compute(&sheet, s, 4, NULL, &r, &p));
    assert_int_equal(r.mean[1], 3);
    assert_int_equal(r.mean[2], 8);
    /* Total: 0.4 ÷ 4 = 0.10 exactly. */
    assert_int_equal(r.total, 10);
    assert_int_equal(r.grade, 3);
    /* Three directors, 0.1 from one: 0.0333… → 0.03 (down). */
    assert_true(eval_compute(&sheet, s, 3, NULL, &r, &p));
    assert_int_equal(r.mean[1], 3);
    /* 0.2 ÷ 3 = 0.0666… → 0.07 */
    s[11 + 1] = 1;
    assert_true(eval_compute(&sheet, s, 3, NULL, &r, &p));
    assert_int_equal(r.mean[1], 7);

    /* The grade reads the rounded total. 20 directors, 19 giving 90.0 and one 89.9: 1799.9 ÷ 20
     * = 89.995 → 90.00 → 优. With 8 directors, 7 at 90.0 and one at 89.9: 719.9 ÷ 8 = 89.9875
     * → 89.99 → 良. */
    int e[20 * 11];
    for (int d = 0; d < 20; d++) {
        fill(e + d * 11, 150, 150, 100, 200, 100, 100);
        e[d * 11 + 10] = 100; /* 80 + 10 = 90.0 */
    }
    e[7 * 11 + 10] = 99; /* 89.9 */
    assert_true(eval_compute(&sheet, e, 8, NULL, &r, &p));
    assert_int_equal(r.total, 8999);
    assert_int_equal(r.grade, 1);
    assert_true(eval_compute(&sheet, e, 20, NULL, &r, &p));
    assert_int_equal(r.total, 9000);
    assert_int_equal(r.grade, 0);
}

static void test_compute_refusals(void **state)
{
    (void)state;
    const struct eval_sheet *d = eval_default_sheet();
    int s[2 * 11];
    fill(s, 150, 150, 100, 200, 100, 100);
    fill(s + 11, 150, 150, 100, 200, 100, 101); /* 10.1 of 10 */
    struct eval_survey sv = {1, 0, 0};
    struct eval_result r;
    struct eval_problem p;
    assert_false(eval_compute(d, s, 0, &sv, &r, &p));
    assert_int_equal(p.err, EVAL_E_NO_SCORES);
    assert_false(eval_compute(d, s, 2, &sv, &r, &p));
    assert_int_equal(p.err, EVAL_E_SCORE);
    assert_int_equal(p.index, 8);
    assert_int_equal(p.director, 1);
    assert_false(eval_compute(d, s, EVAL_DIRECTORS_MAX + 1, &sv, &r, &p));
    assert_int_equal(p.err, EVAL_E_DIRECTORS);
    assert_true(eval_compute(d, s, 1, &sv, &r, &p));
    assert_int_equal(r.total, 10000);
}

static void test_names_and_keys(void **state)
{
    (void)state;
    for (int e = 0; e < EVAL_ERR_COUNT; e++) {
        assert_string_not_equal(eval_err_key(e), "?");
        assert_non_null(eval_err_message(e, HALL_LANG_ZH));
        assert_string_not_equal(eval_err_message(e, HALL_LANG_EN), "?");
        for (int f = 0; f < e; f++)
            assert_string_not_equal(eval_err_key(e), eval_err_key(f));
    }
    assert_string_equal(eval_err_key(EVAL_ERR_COUNT), "?");
    assert_string_equal(eval_err_key(EVAL_E_TOP_SUM), "weights_sum");
    for (int a = 0; a < EVAL_ANSWER_COUNT; a++)
        assert_int_equal(eval_answer_parse(eval_answer_key(a)), a);
    assert_string_equal(eval_answer_name(EVAL_BASIC, HALL_LANG_ZH), "基本满意");
    assert_int_equal(eval_answer_parse("满意"), -1);
    assert_int_equal(eval_answer_parse(NULL), -1);
    for (int d = 0; d < EVAL_DECISION_COUNT; d++)
        assert_int_equal(eval_decision_parse(eval_decision_key(d)), d);
    assert_string_equal(eval_decision_name(EVAL_STOP, HALL_LANG_ZH), "停止");
    assert_int_equal(eval_decision_parse("go"), -1);
    char t[EVAL_POINTS_TEXT_MAX];
    eval_points_format(9025, t, sizeof t);
    assert_string_equal(t, "90.25");
    eval_points_format(5, t, sizeof t);
    assert_string_equal(t, "0.05");
    eval_points_format(10000, t, sizeof t);
    assert_string_equal(t, "100.00");
    eval_points_format(-150, t, sizeof t);
    assert_string_equal(t, "-1.50");
}

/* A small deterministic generator, so a failure can be replayed. */
static uint64_t rng = 88172645463325252u;
static uint64_t next(uint64_t bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % bound;
}

/* Random score sheets and surveys on the default sheet, checked against rules stated another
 * way: without the survey the total is the mean of the directors' totals rounded half-up; the
 * total is within rounding of the sum of the shown averages; each first-level average within
 * rounding of its children's; 0 ≤ total ≤ 100; the grade is the band of the total; and raising
 * one score or turning one 不满意 into 满意 never lowers the total. */
static void test_property(void **state)
{
    (void)state;
    reset();
    static int s[EVAL_DIRECTORS_MAX * 11];
    for (int round = 0; round < 20000; round++) {
        bool survey = next(2) == 0;
        ind[10].from_survey = survey;
        sheet.basic_pct = (int)next(101);
        ind[10].target_pct = 1 + (int)next(100);
        size_t dirs = 1 + next(round % 10 == 0 ? EVAL_DIRECTORS_MAX : 7);
        int64_t sum_totals = 0;
        for (size_t d = 0; d < dirs; d++) {
            for (size_t i = 0; i < 11; i++)
                s[d * 11 + i] =
                    ind[i].parent == -1 ? B : (int)next(10 * (uint64_t)ind[i].weight + 1);
            sum_totals += eval_director_total(&sheet, s + d * 11);
        }
        struct eval_survey sv = {(int64_t)next(50), (int64_t)next(50), (int64_t)next(50) + 1};
        struct eval_result r, r2;
        struct eval_problem p;
        assert_true(eval_compute(&sheet, s, dirs, &sv, &r, &p));
        assert_true(r.total >= 0 && r.total <= 10000);
        assert_int_equal(r.grade, eval_grade(&sheet, r.total));
        int64_t D = (int64_t)dirs;
        if (!survey)
            assert_int_equal(r.total, (2 * 10 * sum_totals + D) / (2 * D));
        int64_t shown = 0, k = 0;
        for (size_t i = 0; i < 11; i++) {
            if (ind[i].parent == -1) {
                int64_t kids = 0, nk = 0;
                for (size_t j = i + 1; j < 11 && ind[j].parent == (int)i; j++, nk++)
                    kids += r.mean[j];
                assert_true(llabs(2 * (r.mean[i] - kids)) <= nk + 1);
                continue;
            }
            assert_true(r.mean[i] >= 0 && r.mean[i] <= 100 * ind[i].weight);
            shown += r.mean[i];
            k++;
        }
        if (llabs(2 * (r.total - shown)) > k + 1)
            fail_msg("round %d: total %lld, shown %lld", round, (long long)r.total,
                     (long long)shown);
        /* Monotonic: one score up by a tenth (where there is room), or one answer better. */
        size_t d = next(dirs), i = 1 + next(10);
        if (ind[i].parent != -1 && !ind[i].from_survey && s[d * 11 + i] < 10 * ind[i].weight) {
            s[d * 11 + i]++;
            assert_true(eval_compute(&sheet, s, dirs, &sv, &r2, &p));
            assert_true(r2.total >= r.total);
        }
        sv.dissatisfied--;
        sv.satisfied++;
        assert_true(eval_compute(&sheet, s, dirs, &sv, &r2, &p));
        if (survey)
            assert_true(r2.mean[10] >= r.mean[10]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_sheet_is_sound),
        cmocka_unit_test(test_sheet_weights),
        cmocka_unit_test(test_sheet_levels),
        cmocka_unit_test(test_sheet_limits),
        cmocka_unit_test(test_sheet_survey_and_bands),
        cmocka_unit_test(test_grade_edges),
        cmocka_unit_test(test_scores_check),
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_survey_rule),
        cmocka_unit_test(test_rounding_half_up),
        cmocka_unit_test(test_compute_refusals),
        cmocka_unit_test(test_names_and_keys),
        cmocka_unit_test(test_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
