/* The default indicator sheet: data only. It follows the usual shape of a 自治金 project's
 * performance evaluation (绩效评价指标体系, DOMAIN.md §4: quantity, quality, time, cost, benefit,
 * and satisfaction with a 90% target): four first-level indicators summing to 100, each split
 * into second-level ones, satisfaction taken from the beneficiaries' survey. A residential area
 * that wants another sheet stores its own; this one is what a new project starts from. */
#include "fund/evaluation.h"

static const struct eval_indicator indicators[] = {
    /* 0 */ {-1, 40, "产出指标", "Outputs", "按申报书完成各项活动", false, 0},
    /* 1 */
    {0, 15, "数量指标", "Quantity", "活动场次、受益户数达到申报数", false, 0},
    /* 2 */
    {0, 15, "质量指标", "Quality", "活动有签到表、照片等记录，达到申报的质量标准", false, 0},
    /* 3 */ {0, 10, "时效指标", "Timeliness", "按计划进度完成，年度内结项", false, 0},
    /* 4 */ {-1, 30, "效益指标", "Benefits", "议题反映的问题得到解决或改善", false, 0},
    /* 5 */ {4, 20, "社会效益", "Social benefit", "问题解决或明显改善，居民参与度提高", false, 0},
    /* 6 */ {4, 10, "可持续影响", "Sustainability", "自治团队形成并能持续运作", false, 0},
    /* 7 */ {-1, 10, "成本指标", "Cost", "不超预算，凭证齐全", false, 0},
    /* 8 */ {7, 10, "成本控制", "Cost control", "支出不超批准预算，执行率不低于 90%", false, 0},
    /* 9 */ {-1, 20, "满意度指标", "Satisfaction", "受益居民满意率不低于 90%", false, 0},
    /* 10 */ {9, 20, "受益居民满意度", "Beneficiary satisfaction", "满意率 ≥ 90%", true, 90},
};

static const struct eval_band bands[] = {
    {9000, "优", "Excellent"},
    {8000, "良", "Good"},
    {6000, "中", "Fair"},
    {0, "差", "Poor"},
};

static const struct eval_sheet sheet = {
    indicators, sizeof indicators / sizeof indicators[0], bands, sizeof bands / sizeof bands[0],
    100, /* 基本满意 counts as satisfied, as in "满意率 = (满意 + 基本满意) ÷ 有效问卷" */
};

const struct eval_sheet *eval_default_sheet(void)
{
    return &sheet;
}
