#include "fund/evaluation.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hall/poll_math.h"
#include "hall/topic_status.h"
#include "util/utf8.h"

static const struct {
    const char *key; /* stable API code */
    const char *zh;  /* message in Chinese */
    const char *en;  /* message in English */
} errs[EVAL_ERR_COUNT] = {
    [EVAL_OK] = {"ok", "没有问题", "No problem"},
    [EVAL_E_EMPTY] = {"sheet_empty", "指标表至少要有一项指标",
                      "The sheet needs at least one indicator"},
    [EVAL_E_TOO_MANY] = {"too_many_indicators", "指标最多 30 项", "At most 30 indicators"},
    [EVAL_E_NAME] = {"indicator_name", "指标名称须填写，中英文各不超过 40 个字",
                     "Each indicator needs a name of at most 40 characters in each language"},
    [EVAL_E_NAME_TWICE] = {"indicator_name_twice", "同一上级指标下的指标名称不能重复",
                           "Two indicators under one parent cannot share a name"},
    [EVAL_E_TARGET] = {"indicator_target", "指标值不能超过 200 个字",
                       "A target can be at most 200 characters"},
    [EVAL_E_LEVEL] = {"indicator_level", "二级指标须挂在它前面的一级指标下",
                      "A second-level indicator must belong to a first-level one above it"},
    [EVAL_E_WEIGHT] = {"indicator_weight", "权重须是 1 到 100 的整数分",
                       "A weight is a whole number of points from 1 to 100"},
    [EVAL_E_TOP_SUM] = {"weights_sum", "一级指标的权重合计须为 100 分",
                        "The first-level weights must add up to 100"},
    [EVAL_E_CHILD_SUM] = {"child_weights_sum", "二级指标的权重合计须等于所属一级指标的权重",
                          "The second-level weights must add up to their parent's weight"},
    [EVAL_E_NO_CHILDREN] = {"no_children", "每个一级指标下至少要有一个二级指标",
                            "Each first-level indicator needs a second-level one"},
    [EVAL_E_SURVEY] = {"survey_indicator",
                       "只能有一个二级指标按满意度调查计分，目标满意率须在 1% 到 100% 之间",
                       "Only one second-level indicator can come from the survey, with a "
                       "target rate from 1% to 100%"},
    [EVAL_E_BASIC_PCT] = {"basic_pct", "“基本满意”的折算比例须在 0% 到 100% 之间",
                          "The share a \"basically satisfied\" answer counts must be 0% to 100%"},
    [EVAL_E_BANDS] = {"grade_bands",
                      "等级须从高到低排列、最低一档从 0 分起，名称不超过 10 个字，最多 8 档",
                      "Grades must run from the highest down to one starting at 0, at most 8, "
                      "names of at most 10 characters"},
    [EVAL_E_SCORE] = {"score_range", "评分须在 0 到该指标权重之间（可到 0.1 分）",
                      "A score is from 0 to the indicator's weight, in tenths of a point"},
    [EVAL_E_SCORE_MISSING] = {"score_missing", "还有指标没有评分",
                              "Some indicators have no score yet"},
    [EVAL_E_NO_SCORES] = {"no_scores", "还没有常务理事提交评分",
                          "No standing director has submitted scores yet"},
    [EVAL_E_DIRECTORS] = {"too_many_directors", "评分表最多 50 份", "At most 50 score sheets"},
    [EVAL_E_NO_SURVEY] = {"no_survey", "满意度调查还没有答卷",
                          "The satisfaction survey has no answers yet"},
    [EVAL_E_SURVEY_COUNTS] = {"survey_counts", "满意度调查的份数有误",
                              "The survey counts cannot be right"},
};

static const char *const answers[EVAL_ANSWER_COUNT][3] = {
    [EVAL_SATISFIED] = {"satisfied", "满意", "Satisfied"},
    [EVAL_BASIC] = {"basic", "基本满意", "Basically satisfied"},
    [EVAL_DISSATISFIED] = {"dissatisfied", "不满意", "Dissatisfied"},
};

static const char *const decisions[EVAL_DECISION_COUNT][3] = {
    [EVAL_CONTINUE] = {"continue", "继续实施", "Continue"},
    [EVAL_CHANGE] = {"change", "调整后继续", "Continue with changes"},
    [EVAL_STOP] = {"stop", "停止", "Stop"},
};

/* Sets *p and returns false, so a check can end with `return refuse(...)`. */
static bool refuse(struct eval_problem *p, enum eval_err e, int index, int director)
{
    p->err = e;
    p->index = index;
    p->director = director;
    return false;
}

/* x/d rounded half-up, for x ≥ 0 and d > 0 (every value here is far below INT64_MAX / 2). */
static int64_t half_up(int64_t x, int64_t d)
{
    return (2 * x + d) / (2 * d);
}

static bool bands_ok(const struct eval_sheet *s, struct eval_problem *p)
{
    if (!s->bands || s->nbands == 0 || s->nbands > EVAL_BANDS_MAX)
        return refuse(p, EVAL_E_BANDS, -1, -1);
    for (size_t k = 0; k < s->nbands; k++) {
        const struct eval_band *b = &s->bands[k];
        bool ordered = k == 0 ? b->min <= 10000 : b->min < s->bands[k - 1].min;
        if (!ordered || b->min < 0 || !utf8_length_ok(b->name, 1, EVAL_BAND_NAME_MAX) ||
            !utf8_length_ok(b->name_en, 1, EVAL_BAND_NAME_MAX))
            return refuse(p, EVAL_E_BANDS, (int)k, -1);
    }
    if (s->bands[s->nbands - 1].min != 0)
        return refuse(p, EVAL_E_BANDS, (int)s->nbands - 1, -1);
    return true;
}

bool eval_sheet_check(const struct eval_sheet *s, struct eval_problem *p)
{
    p->err = EVAL_OK;
    p->index = p->director = -1;
    if (!s->ind || s->n == 0)
        return refuse(p, EVAL_E_EMPTY, -1, -1);
    if (s->n > EVAL_INDICATORS_MAX)
        return refuse(p, EVAL_E_TOO_MANY, -1, -1);
    int top = 0, child_sum[EVAL_INDICATORS_MAX] = {0}, surveys = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct eval_indicator *x = &s->ind[i];
        int at = (int)i;
        if (!utf8_length_ok(x->name, 1, EVAL_NAME_MAX) ||
            !utf8_length_ok(x->name_en, 1, EVAL_NAME_MAX))
            return refuse(p, EVAL_E_NAME, at, -1);
        if (!utf8_length_ok(x->target, 0, EVAL_TARGET_MAX))
            return refuse(p, EVAL_E_TARGET, at, -1);
        if (x->parent != -1 && (x->parent < 0 || x->parent >= at || s->ind[x->parent].parent != -1))
            return refuse(p, EVAL_E_LEVEL, at, -1);
        if (x->weight < 1 || x->weight > 100)
            return refuse(p, EVAL_E_WEIGHT, at, -1);
        for (size_t j = 0; j < i; j++)
            if (s->ind[j].parent == x->parent && (strcmp(s->ind[j].name, x->name) == 0 ||
                                                  strcmp(s->ind[j].name_en, x->name_en) == 0))
                return refuse(p, EVAL_E_NAME_TWICE, at, -1);
        if (x->from_survey &&
            (x->parent == -1 || ++surveys > 1 || x->target_pct < 1 || x->target_pct > 100))
            return refuse(p, EVAL_E_SURVEY, at, -1);
        if (x->parent == -1)
            top += x->weight;
        else
            child_sum[x->parent] += x->weight;
    }
    if (top != 100)
        return refuse(p, EVAL_E_TOP_SUM, -1, -1);
    for (size_t i = 0; i < s->n; i++) {
        if (s->ind[i].parent != -1)
            continue;
        if (child_sum[i] == 0)
            return refuse(p, EVAL_E_NO_CHILDREN, (int)i, -1);
        if (child_sum[i] != s->ind[i].weight)
            return refuse(p, EVAL_E_CHILD_SUM, (int)i, -1);
    }
    if (s->basic_pct < 0 || s->basic_pct > 100)
        return refuse(p, EVAL_E_BASIC_PCT, -1, -1);
    return bands_ok(s, p);
}

/* True when the directors score indicator i: a second-level one not taken from the survey. */
static bool scored(const struct eval_indicator *x)
{
    return x->parent != -1 && !x->from_survey;
}

bool eval_scores_check(const struct eval_sheet *s, const int *scores, bool complete,
                       struct eval_problem *p)
{
    p->err = EVAL_OK;
    p->index = p->director = -1;
    for (size_t i = 0; i < s->n; i++) {
        if (!scored(&s->ind[i]))
            continue;
        if (scores[i] == EVAL_SCORE_MISSING) {
            if (complete)
                return refuse(p, EVAL_E_SCORE_MISSING, (int)i, -1);
            continue;
        }
        if (scores[i] < 0 || scores[i] > 10 * s->ind[i].weight)
            return refuse(p, EVAL_E_SCORE, (int)i, -1);
    }
    return true;
}

int64_t eval_director_total(const struct eval_sheet *s, const int *scores)
{
    int64_t t = 0;
    for (size_t i = 0; i < s->n; i++)
        if (scored(&s->ind[i]) && scores[i] > 0)
            t += scores[i];
    return t;
}

int eval_grade(const struct eval_sheet *s, int64_t total)
{
    for (size_t k = 0; k < s->nbands; k++)
        if (total >= s->bands[k].min)
            return (int)k;
    return -1;
}

bool eval_compute(const struct eval_sheet *s, const int *scores, size_t ndirectors,
                  const struct eval_survey *survey, struct eval_result *r, struct eval_problem *p)
{
    memset(r, 0, sizeof *r);
    r->rate_permille = -1;
    r->grade = -1;
    p->err = EVAL_OK;
    p->index = p->director = -1;
    if (ndirectors == 0)
        return refuse(p, EVAL_E_NO_SCORES, -1, -1);
    if (ndirectors > EVAL_DIRECTORS_MAX)
        return refuse(p, EVAL_E_DIRECTORS, -1, -1);
    for (size_t d = 0; d < ndirectors; d++)
        if (!eval_scores_check(s, scores + d * s->n, true, p)) {
            p->director = (int)d;
            return false;
        }
    /* The survey: rate = R / (100·N), R = 100·满意 + basic_pct·基本满意. */
    int64_t n_ans = 0, rate_num = 0;
    if (survey) {
        if (survey->satisfied < 0 || survey->basic < 0 || survey->dissatisfied < 0 ||
            survey->satisfied > EVAL_ANSWERS_MAX || survey->basic > EVAL_ANSWERS_MAX ||
            survey->dissatisfied > EVAL_ANSWERS_MAX ||
            survey->satisfied + survey->basic + survey->dissatisfied > EVAL_ANSWERS_MAX)
            return refuse(p, EVAL_E_SURVEY_COUNTS, -1, -1);
        n_ans = survey->satisfied + survey->basic + survey->dissatisfied;
        rate_num = 100 * survey->satisfied + (int64_t)s->basic_pct * survey->basic;
        if (n_ans > 0)
            poll_rate_permille(rate_num, 100 * n_ans, &r->rate_permille);
    }
    int survey_at = -1;
    for (size_t i = 0; i < s->n; i++)
        if (s->ind[i].from_survey)
            survey_at = (int)i;
    if (survey_at >= 0 && n_ans == 0)
        return refuse(p, EVAL_E_NO_SURVEY, survey_at, -1);
    /* Every value is a fraction over one denominator, den = D·SD: a director average is
     * 10·Σscores / D (tenths to hundredths), the survey's points W·100·R / (N·t), so SD = N·t
     * when the sheet has a survey indicator. den ≤ 50·10⁶·100 and every numerator ≤ 10⁴·den,
     * so nothing comes near INT64_MAX. */
    int64_t D = (int64_t)ndirectors;
    int64_t SD = survey_at >= 0 ? n_ans * s->ind[survey_at].target_pct : 1;
    int64_t den = D * SD, num[EVAL_INDICATORS_MAX] = {0}, total = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct eval_indicator *x = &s->ind[i];
        if (x->parent == -1)
            continue;
        if (x->from_survey) {
            int64_t full = (int64_t)x->weight * 100;
            num[i] = rate_num >= SD ? full * den : full * rate_num * D;
        } else {
            int64_t sum = 0;
            for (size_t d = 0; d < ndirectors; d++)
                sum += scores[d * s->n + i];
            num[i] = 10 * sum * SD;
        }
        num[x->parent] += num[i];
        total += num[i];
    }
    for (size_t i = 0; i < s->n; i++)
        r->mean[i] = half_up(num[i], den);
    r->total = half_up(total, den);
    r->grade = eval_grade(s, r->total);
    r->directors = D;
    r->answers = n_ans;
    return true;
}

size_t eval_points_format(int64_t hundredths, char *out, size_t n)
{
    const char *sign = hundredths < 0 ? "-" : "";
    uint64_t v = hundredths < 0 ? (uint64_t)0 - (uint64_t)hundredths : (uint64_t)hundredths;
    int len = snprintf(out, n, "%s%" PRIu64 ".%02" PRIu64, sign, v / 100, v % 100);
    return len < 0 ? 0 : (size_t)len;
}

/* Points without ".00" when whole ("90", "87.5" stays "87.50"), for the grade bands. */
static void points_short(struct buf *b, int64_t hundredths)
{
    char t[EVAL_POINTS_TEXT_MAX + 8];
    if (hundredths % 100 == 0)
        snprintf(t, sizeof t, "%" PRId64, hundredths / 100);
    else
        eval_points_format(hundredths, t, sizeof t);
    buf_adds(b, t);
}

static void points(struct buf *b, int64_t hundredths)
{
    char t[EVAL_POINTS_TEXT_MAX + 8];
    eval_points_format(hundredths, t, sizeof t);
    buf_adds(b, t);
}

void eval_formula(const struct eval_sheet *s, const struct eval_result *r, int lang, struct buf *b)
{
    bool en = lang == HALL_LANG_EN;
    const struct eval_indicator *sv = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->ind[i].from_survey)
            sv = &s->ind[i];
    buf_adds(b, en ? "Total = Σ the second-level indicators' scores; each is the mean of the "
                     "standing directors' scores, out of the indicator's weight.\n"
                   : "总分 = Σ 各二级指标得分；二级指标得分 = 各常务理事评分的平均分"
                     "（满分为该指标的权重）。\n");
    if (sv) {
        if (en)
            buf_printf(b,
                       "\"%s\" comes from the satisfaction survey: rate = (satisfied + basically "
                       "satisfied × %d%%) ÷ answers; a rate of at least %d%% earns the full %d "
                       "points, otherwise %d × rate ÷ %d%%.\n",
                       sv->name_en, s->basic_pct, sv->target_pct, sv->weight, sv->weight,
                       sv->target_pct);
        else
            buf_printf(b,
                       "“%s”按满意度调查计分：满意率 = (满意 + 基本满意 × %d%%) ÷ 答卷数；"
                       "满意率达到 %d%% 得满分 %d 分，否则得 %d × 满意率 ÷ %d%%。\n",
                       sv->name, s->basic_pct, sv->target_pct, sv->weight, sv->weight,
                       sv->target_pct);
    }
    buf_adds(b, en ? "Scores are shown to two decimals, rounded half-up; the total adds the "
                     "exact values and is rounded once, so it may differ from the sum of the "
                     "shown scores by a few hundredths.\n"
                   : "各项得分保留两位小数（四舍五入）；总分由未舍入的精确值相加后四舍五入一次，"
                     "与所示各项得分之和可能相差几个 0.01 分。\n");
    buf_adds(b, en ? "Grades: " : "等级：");
    for (size_t k = 0; k < s->nbands; k++) {
        const struct eval_band *g = &s->bands[k];
        if (k > 0)
            buf_adds(b, en ? ", " : "，");
        buf_adds(b, en ? g->name_en : g->name);
        if (k + 1 < s->nbands || s->nbands == 1) {
            buf_adds(b, " ≥ ");
            points_short(b, g->min);
        } else {
            buf_adds(b, " < ");
            points_short(b, s->bands[k - 1].min);
        }
    }
    buf_adds(b, en ? ".\n" : "。\n");
    if (!r || r->grade < 0)
        return;
    /* The numbers: the first-level scores as shown, then the total. */
    buf_adds(b, en ? "Total = " : "总分 = ");
    int64_t shown = 0;
    bool first = true;
    for (size_t i = 0; i < s->n; i++) {
        if (s->ind[i].parent != -1)
            continue;
        if (!first)
            buf_adds(b, " + ");
        first = false;
        points(b, r->mean[i]);
        shown += r->mean[i];
    }
    buf_adds(b, shown == r->total ? " = " : " ≈ ");
    points(b, r->total);
    const struct eval_band *g = &s->bands[r->grade];
    buf_printf(b,
               en ? ", grade: %s (%" PRId64 " directors' score sheets"
                  : "，等级：%s（%" PRId64 " 位常务理事评分",
               en ? g->name_en : g->name, r->directors);
    if (r->answers > 0) {
        char rate[32];
        poll_rate_format(r->rate_permille, 1000, rate, sizeof rate);
        buf_printf(b,
                   en ? "; %" PRId64 " survey answers, satisfaction %s"
                      : "；满意度调查 %" PRId64 " 份，满意率 %s",
                   r->answers, rate);
    }
    buf_adds(b, en ? ").\n" : "）。\n");
}

const char *eval_err_key(enum eval_err e)
{
    return (unsigned)e < EVAL_ERR_COUNT ? errs[e].key : "?";
}

const char *eval_err_message(enum eval_err e, int lang)
{
    if ((unsigned)e >= EVAL_ERR_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? errs[e].en : errs[e].zh;
}

const char *eval_answer_key(enum eval_answer a)
{
    return (unsigned)a < EVAL_ANSWER_COUNT ? answers[a][0] : "?";
}

const char *eval_answer_name(enum eval_answer a, int lang)
{
    return (unsigned)a < EVAL_ANSWER_COUNT ? answers[a][lang == HALL_LANG_EN ? 2 : 1] : "?";
}

int eval_answer_parse(const char *key)
{
    for (int a = 0; key && a < EVAL_ANSWER_COUNT; a++)
        if (strcmp(key, answers[a][0]) == 0)
            return a;
    return -1;
}

const char *eval_decision_key(enum eval_decision d)
{
    return (unsigned)d < EVAL_DECISION_COUNT ? decisions[d][0] : "?";
}

const char *eval_decision_name(enum eval_decision d, int lang)
{
    return (unsigned)d < EVAL_DECISION_COUNT ? decisions[d][lang == HALL_LANG_EN ? 2 : 1] : "?";
}

int eval_decision_parse(const char *key)
{
    for (int d = 0; key && d < EVAL_DECISION_COUNT; d++)
        if (strcmp(key, decisions[d][0]) == 0)
            return d;
    return -1;
}
