#include "fund/disclosure.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hall/poll_math.h"
#include "hall/topic_status.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const struct {
    const char *key; /* stable API code */
    const char *zh;  /* message in Chinese */
    const char *en;  /* message in English */
} errs[DISC_ERR_COUNT] = {
    [DISC_OK] = {"ok", "没有问题", "No problem"},
    [DISC_E_AREA] = {"area", "居民区名称有误", "The residential area's name is not right"},
    [DISC_E_PERIOD] = {"period", "年度或季度有误", "The year or quarter is not right"},
    [DISC_E_PROJECTS] = {"projects", "一份公开报告最多 200 个项目",
                         "A report holds at most 200 projects"},
    [DISC_E_NAME] = {"name", "项目或预算科目名称须填写，不超过 100 个字",
                     "Project and budget line names are required, at most 100 characters"},
    [DISC_E_LINES] = {"lines", "一个项目最多 50 个预算科目",
                      "A project has at most 50 budget lines"},
    [DISC_E_AMOUNT] = {"amount", "金额须在 0 到 10 亿元之间",
                       "Amounts must be from 0 to ¥1,000,000,000"},
    [DISC_E_GRADE] = {"grade", "评价等级不超过 10 个字", "A grade is at most 10 characters"},
};

/* Sets *p and returns false. */
static bool refuse(struct disc_problem *p, enum disc_err e, int project, int line)
{
    p->err = e;
    p->project = project;
    p->line = line;
    return false;
}

/* True when s is valid UTF-8 of lo..hi characters with no control character (NULL is empty):
 * names go into XML and printed tables, where a control character has no business. */
static bool text_ok(const char *s, size_t lo, size_t hi)
{
    for (const char *c = s; c && *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return false;
    return utf8_length_ok(s, lo, hi);
}

static bool fen_ok(int64_t v)
{
    return v >= 0 && v <= DISC_FEN_MAX;
}

static bool quarter_ok(const struct disc_quarter *q, struct disc_problem *p)
{
    if (!text_ok(q->area, 1, DISC_NAME_MAX))
        return refuse(p, DISC_E_AREA, -1, -1);
    if (q->year < 2000 || q->year > 9999 || q->quarter < 1 || q->quarter > 4)
        return refuse(p, DISC_E_PERIOD, -1, -1);
    if (q->n > DISC_PROJECTS_MAX || (q->n > 0 && !q->projects))
        return refuse(p, DISC_E_PROJECTS, -1, -1);
    if (!fen_ok(q->pool_lapsed) || !fen_ok(q->working_lapsed) || !fen_ok(q->service_lapsed))
        return refuse(p, DISC_E_AMOUNT, -1, -1);
    for (size_t i = 0; i < q->n; i++) {
        const struct disc_project *pr = &q->projects[i];
        int at = (int)i;
        if (!text_ok(pr->name, 1, DISC_NAME_MAX))
            return refuse(p, DISC_E_NAME, at, -1);
        if (!text_ok(pr->grade, 0, DISC_GRADE_MAX))
            return refuse(p, DISC_E_GRADE, at, -1);
        if (!fen_ok(pr->lapsed) || pr->activities < 0 || pr->activities > DISC_COUNT_MAX ||
            pr->signins < 0 || pr->signins > DISC_COUNT_MAX)
            return refuse(p, DISC_E_AMOUNT, at, -1);
        if (pr->nlines > DISC_LINES_MAX || (pr->nlines > 0 && !pr->lines))
            return refuse(p, DISC_E_LINES, at, -1);
        for (size_t j = 0; j < pr->nlines; j++) {
            const struct disc_line *l = &pr->lines[j];
            if (!text_ok(l->name, 1, DISC_NAME_MAX))
                return refuse(p, DISC_E_NAME, at, (int)j);
            if (!fen_ok(l->approved) || !fen_ok(l->spent))
                return refuse(p, DISC_E_AMOUNT, at, (int)j);
        }
    }
    return true;
}

/* Sets a row's rate from its amounts. */
static void rate(struct disc_row *row)
{
    if (!poll_rate_permille(row->spent, row->approved, &row->rate_permille))
        row->rate_permille = -1;
    poll_rate_format(row->spent, row->approved, row->rate, sizeof row->rate);
}

bool disc_report_build(const struct disc_quarter *q, struct disc_report *r, struct disc_problem *p)
{
    memset(r, 0, sizeof *r);
    p->err = DISC_OK;
    p->project = p->line = -1;
    if (!quarter_ok(q, p))
        return false;
    size_t rows = 1;
    for (size_t i = 0; i < q->n; i++)
        rows += q->projects[i].nlines + 1;
    r->rows = xcalloc(rows, sizeof r->rows[0]);
    struct disc_row *total = NULL;
    for (size_t i = 0; i < q->n; i++) {
        const struct disc_project *pr = &q->projects[i];
        struct disc_row sub = {.kind = DISC_ROW_PROJECT,
                               .project = i,
                               .project_name = pr->name,
                               .lapsed = pr->lapsed,
                               .from_topic = pr->from_topic,
                               .grade = pr->grade && *pr->grade ? pr->grade : NULL,
                               .activities = pr->activities,
                               .signins = pr->signins};
        for (size_t j = 0; j < pr->nlines; j++) {
            struct disc_row *row = &r->rows[r->nrows++];
            *row = (struct disc_row){.kind = DISC_ROW_LINE,
                                     .project = i,
                                     .project_name = pr->name,
                                     .line_name = pr->lines[j].name,
                                     .approved = pr->lines[j].approved,
                                     .spent = pr->lines[j].spent,
                                     .from_topic = pr->from_topic};
            rate(row);
            sub.approved += row->approved;
            sub.spent += row->spent;
        }
        rate(&sub);
        r->rows[r->nrows++] = sub;
        r->approved += sub.approved;
        r->spent += sub.spent;
        r->project_lapsed += pr->lapsed;
        r->from_topic += pr->from_topic;
        r->activities += pr->activities;
        r->signins += pr->signins;
    }
    total = &r->rows[r->nrows++];
    *total = (struct disc_row){.kind = DISC_ROW_TOTAL,
                               .approved = r->approved,
                               .spent = r->spent,
                               .lapsed = r->project_lapsed,
                               .activities = r->activities,
                               .signins = r->signins};
    rate(total);
    r->projects = q->n;
    r->lapsed = r->project_lapsed + q->pool_lapsed;
    if (!poll_rate_permille((int64_t)r->from_topic, (int64_t)r->projects, &r->topic_share_permille))
        r->topic_share_permille = -1;
    poll_rate_format((int64_t)r->from_topic, (int64_t)r->projects, r->topic_share,
                     sizeof r->topic_share);
    return true;
}

void disc_report_free(struct disc_report *r)
{
    free(r->rows);
    r->rows = NULL;
    r->nrows = 0;
}

size_t disc_money_format(int64_t fen, char *out, size_t n)
{
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    char digits[32], text[DISC_MONEY_TEXT_MAX + 16];
    int nd = snprintf(digits, sizeof digits, "%" PRIu64, v / 100);
    size_t k = 0;
    if (fen < 0)
        text[k++] = '-';
    memcpy(text + k, "\xc2\xa5", 2); /* ¥ U+00A5 */
    k += 2;
    /* Thousands separators: a comma before every group of three digits from the right. */
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            text[k++] = ',';
        text[k++] = digits[i];
    }
    snprintf(text + k, sizeof text - k, ".%02" PRIu64, v % 100);
    return (size_t)snprintf(out, n, "%s", text);
}

const char *disc_err_key(enum disc_err e)
{
    return (unsigned)e < DISC_ERR_COUNT ? errs[e].key : "?";
}

const char *disc_err_message(enum disc_err e, int lang)
{
    if ((unsigned)e >= DISC_ERR_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? errs[e].en : errs[e].zh;
}
