/* The quarterly disclosure as an XLSX workbook, through libxlsxwriter. The numbers come from
 * disc_report_build: this file only lays them out. */
#include "fund/disclosure.h"

#include <stdio.h>
#include <xlsxwriter.h>

/* The cell styles the workbook uses. */
struct styles {
    lxw_format *head;  /* header row: bold, shaded, wrapped */
    lxw_format *money; /* ¥#,##0.00 */
    lxw_format *rate;  /* 0.0% */
    lxw_format *bold;  /* subtotal and total labels */
    lxw_format *bold_money;
    lxw_format *bold_rate;
};

/* Counts the calls that failed, so one check at the end covers every cell. */
static int failed(lxw_error e)
{
    return e != LXW_NO_ERROR;
}

/* Money: fen ÷ 100 as the nearest double (exact to the fen, see disclosure.h). */
static int money(lxw_worksheet *ws, int row, int col, int64_t fen, lxw_format *f)
{
    return failed(
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)fen / 100.0, f));
}

/* A rate already rounded to tenths of a percent, as a fraction (943 → 0.943 shown "94.3%"),
 * or the dash when there is none. */
static int rate(lxw_worksheet *ws, int row, int col, int64_t permille, const char *text,
                lxw_format *f)
{
    if (permille < 0)
        return failed(worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, text, NULL));
    return failed(
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)permille / 1000.0, f));
}

static int text(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    if (!s || !*s)
        return 0;
    return failed(worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
}

/* The header row, frozen so it stays in view while scrolling. */
static int header(lxw_worksheet *ws, const char *const *names, int n, lxw_format *f)
{
    int bad = 0;
    for (int c = 0; c < n; c++)
        bad += text(ws, 0, c, names[c], f);
    worksheet_freeze_panes(ws, 1, 0);
    return bad;
}

/* Sheet 收支明细: a row per budget line, a subtotal per project, the total last. */
static int detail(lxw_workbook *wb, const struct disc_report *r, const struct styles *st)
{
    static const char *const cols[] = {
        "项目",           "预算科目",       "批准金额（元）", "已支出（元）",   "执行率",
        "结余失效（元）", "来自议事厅议题", "评价等级",       "本季度活动次数", "本季度签到人次"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "收支明细");
    if (!ws)
        return 1;
    int bad = header(ws, cols, 10, st->head);
    worksheet_set_column(ws, 0, 1, 24, NULL);
    worksheet_set_column(ws, 2, 9, 14, NULL);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct disc_row *x = &r->rows[i];
        int row = (int)i + 1;
        bool sum = x->kind != DISC_ROW_LINE;
        lxw_format *m = sum ? st->bold_money : st->money, *rt = sum ? st->bold_rate : st->rate;
        switch (x->kind) {
        case DISC_ROW_LINE:
            bad += text(ws, row, 0, x->project_name, NULL);
            bad += text(ws, row, 1, x->line_name, NULL);
            break;
        case DISC_ROW_PROJECT:
            bad += text(ws, row, 0, x->project_name, st->bold);
            bad += text(ws, row, 1, "小计", st->bold);
            break;
        case DISC_ROW_TOTAL:
            bad += text(ws, row, 0, "合计", st->bold);
            break;
        }
        bad += money(ws, row, 2, x->approved, m);
        bad += money(ws, row, 3, x->spent, m);
        bad += rate(ws, row, 4, x->rate_permille, x->rate, rt);
        if (x->kind == DISC_ROW_PROJECT) {
            bad += money(ws, row, 5, x->lapsed, m);
            bad += text(ws, row, 6, x->from_topic ? "是" : "否", NULL);
            bad += text(ws, row, 7, x->grade, NULL);
        } else if (x->kind == DISC_ROW_TOTAL) {
            bad += money(ws, row, 5, x->lapsed, m);
            char n[48];
            snprintf(n, sizeof n, "%zu / %zu", r->from_topic, r->projects);
            bad += text(ws, row, 6, n, st->bold);
        }
        if (sum) { /* the quarter's activities, as the page and the JSON show them */
            bad += failed(worksheet_write_number(ws, (lxw_row_t)row, 8, (double)x->activities,
                                                 x->kind == DISC_ROW_TOTAL ? st->bold : NULL));
            bad += failed(worksheet_write_number(ws, (lxw_row_t)row, 9, (double)x->signins,
                                                 x->kind == DISC_ROW_TOTAL ? st->bold : NULL));
        }
    }
    return bad;
}

/* Sheet 汇总: the quarter's figures, one per row. */
static int summary(lxw_workbook *wb, const struct disc_quarter *q, const struct disc_report *r,
                   const struct styles *st)
{
    static const char *const cols[] = {"指标", "数值"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "汇总");
    if (!ws)
        return 1;
    int bad = header(ws, cols, 2, st->head);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 20, NULL);
    char period[64];
    snprintf(period, sizeof period, "%d年第%d季度", q->year, q->quarter);
    int row = 1;
    bad += text(ws, row, 0, "居民区", NULL);
    bad += text(ws, row++, 1, q->area, NULL);
    bad += text(ws, row, 0, "报告期", NULL);
    bad += text(ws, row++, 1, period, NULL);
    bad += text(ws, row, 0, "项目数", NULL);
    bad += failed(worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->projects, NULL));
    bad += text(ws, row, 0, "来自议事厅议题的项目数", NULL);
    bad += failed(worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->from_topic, NULL));
    bad += text(ws, row, 0, "来自议事厅议题的项目占比", NULL);
    bad += rate(ws, row++, 1, r->topic_share_permille, r->topic_share, st->rate);
    bad += text(ws, row, 0, "批准金额合计（元）", NULL);
    bad += money(ws, row++, 1, r->approved, st->money);
    bad += text(ws, row, 0, "已支出合计（元）", NULL);
    bad += money(ws, row++, 1, r->spent, st->money);
    const struct disc_row *total = &r->rows[r->nrows - 1];
    bad += text(ws, row, 0, "执行率", NULL);
    bad += rate(ws, row++, 1, total->rate_permille, total->rate, st->rate);
    bad += text(ws, row, 0, "项目结余失效（元）", NULL);
    bad += money(ws, row++, 1, r->project_lapsed, st->money);
    bad += text(ws, row, 0, "未安排项目资金失效（元）", NULL);
    bad += money(ws, row++, 1, q->pool_lapsed, st->money);
    bad += text(ws, row, 0, "失效合计（元）", NULL);
    bad += money(ws, row++, 1, r->lapsed, st->money);
    /* Every fund type closes at year end: the working and service parts' lapses too. */
    bad += text(ws, row, 0, "工作经费年末失效（元）", NULL);
    bad += money(ws, row++, 1, q->working_lapsed, st->money);
    bad += text(ws, row, 0, "服务经费年末失效（元）", NULL);
    bad += money(ws, row++, 1, q->service_lapsed, st->money);
    bad += text(ws, row, 0, "本季度活动次数", NULL);
    bad += failed(worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->activities, NULL));
    bad += text(ws, row, 0, "本季度签到人次", NULL);
    bad += failed(worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->signins, NULL));
    return bad;
}

static lxw_format *format(lxw_workbook *wb, const char *num, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    return f;
}

int disclosure_xlsx(const struct disc_quarter *q, const struct disc_report *r, const char *path)
{
    if (!r->rows || r->nrows == 0)
        return -1;
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    static const char money_fmt[] = "\xc2\xa5#,##0.00"; /* ¥#,##0.00 */
    struct styles st = {
        .head = format(wb, NULL, true),
        .money = format(wb, money_fmt, false),
        .rate = format(wb, "0.0%", false),
        .bold = format(wb, NULL, true),
        .bold_money = format(wb, money_fmt, true),
        .bold_rate = format(wb, "0.0%", true),
    };
    format_set_bg_color(st.head, 0xDDEBF7);
    format_set_text_wrap(st.head);
    char title[256];
    snprintf(title, sizeof title, "%s %d年第%d季度 自治金公开", q->area, q->year, q->quarter);
    lxw_doc_properties props = {.title = title, .subject = "自治金季度公开"};
    int bad = failed(workbook_set_properties(wb, &props));
    bad += detail(wb, r, &st);
    bad += summary(wb, q, r, &st);
    /* workbook_close writes the file and frees the workbook whatever happened before. */
    bad += failed(workbook_close(wb));
    return bad ? -1 : 0;
}
