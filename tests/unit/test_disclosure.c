/* The quarterly disclosure: report rows and totals in integer fen, execution rates rounded
 * half-up (and "—" for nothing approved), the share from hall topics, every refusal, money
 * text, and the XLSX opened again (it is a zip of XML: `unzip -p` reads its parts) to find the
 * headers, the numbers to the fen, the formats and the frozen header row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fund/disclosure.h"
#include "hall/topic_status.h"
#include "util/buf.h"

/* The example quarter, checked by hand:
 *   楼道微更新 (from a hall topic, 优, ¥123.45 lapsed)
 *     材料费  approved ¥12,345.50  spent ¥12,222.05  1222205 ÷ 1234550 = 99.0000…% → 99.0%
 *     印刷费  approved ¥20.00      spent ¥19.99      99.95% → 100.0% (half-up)
 *     劳务费  approved ¥3,000.00   spent ¥0.00       0.0%
 *     宣传费  approved ¥0.00       spent ¥0.00       —
 *     小计    approved ¥15,365.50  spent ¥12,242.04  1224204 ÷ 1536550 = 79.672…% → 79.7%
 *   睦邻花园 (not from a topic, not graded)
 *     苗木    approved ¥5,000.00   spent ¥2,500.01   50.0002% → 50.0%
 *   垃圾分类宣传 (from a topic, no lines yet): ¥0 / ¥0 → —
 *   合计      approved ¥20,365.50  spent ¥14,742.05  1474205 ÷ 2036550 = 72.387…% → 72.4%
 *   lapsed: projects ¥123.45 + pool ¥1,000.00 = ¥1,123.45; from topics 2 of 3 = 66.7%.
 *   activities in the quarter: 3 (45 sign-ins), 1 (12), 0 (0) → 4 (57). */
static const struct disc_line lines_a[] = {
    {"材料费", 1234550, 1222205},
    {"印刷费", 2000, 1999},
    {"劳务费", 300000, 0},
    {"宣传费", 0, 0},
};
static const struct disc_line lines_b[] = {{"苗木", 500000, 250001}};
static struct disc_project projects[] = {
    {"楼道微更新", true, "优", 12345, lines_a, 4, 3, 45},
    {"睦邻花园", false, NULL, 0, lines_b, 1, 1, 12},
    {"垃圾分类宣传", true, "", 0, NULL, 0, 0, 0},
};
static struct disc_quarter quarter = {"塘桥一居", 2026, 4, projects, 3, 100000, 5000000, 2000000};

static void test_report_rows(void **state)
{
    (void)state;
    struct disc_report r;
    struct disc_problem p;
    assert_true(disc_report_build(&quarter, &r, &p));
    assert_int_equal(p.err, DISC_OK);
    static const struct {
        enum disc_row_kind kind;
        const char *line;
        int64_t approved, spent, permille;
        const char *rate;
    } want[] = {
        {DISC_ROW_LINE, "材料费", 1234550, 1222205, 990, "99.0%"},
        {DISC_ROW_LINE, "印刷费", 2000, 1999, 1000, "100.0%"},
        {DISC_ROW_LINE, "劳务费", 300000, 0, 0, "0.0%"},
        {DISC_ROW_LINE, "宣传费", 0, 0, -1, "—"},
        {DISC_ROW_PROJECT, NULL, 1536550, 1224204, 797, "79.7%"},
        {DISC_ROW_LINE, "苗木", 500000, 250001, 500, "50.0%"},
        {DISC_ROW_PROJECT, NULL, 500000, 250001, 500, "50.0%"},
        {DISC_ROW_PROJECT, NULL, 0, 0, -1, "—"},
        {DISC_ROW_TOTAL, NULL, 2036550, 1474205, 724, "72.4%"},
    };
    assert_int_equal(r.nrows, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r.nrows; i++) {
        const struct disc_row *x = &r.rows[i];
        if (x->kind != want[i].kind || x->approved != want[i].approved ||
            x->spent != want[i].spent || x->rate_permille != want[i].permille ||
            strcmp(x->rate, want[i].rate) != 0 ||
            (want[i].line ? !x->line_name || strcmp(x->line_name, want[i].line) != 0
                          : x->line_name != NULL))
            fail_msg("row %zu: %lld / %lld %s", i, (long long)x->approved, (long long)x->spent,
                     x->rate);
    }
    /* The project rows carry the project's own facts. */
    assert_string_equal(r.rows[4].project_name, "楼道微更新");
    assert_int_equal(r.rows[4].lapsed, 12345);
    assert_true(r.rows[4].from_topic);
    assert_string_equal(r.rows[4].grade, "优");
    assert_null(r.rows[6].grade);
    assert_false(r.rows[6].from_topic);
    assert_null(r.rows[7].grade); /* "" reads as not graded */
    assert_null(r.rows[8].project_name);
    assert_int_equal(r.rows[8].lapsed, 12345);
    assert_int_equal(r.approved, 2036550);
    assert_int_equal(r.spent, 1474205);
    assert_int_equal(r.project_lapsed, 12345);
    assert_int_equal(r.lapsed, 112345);
    assert_int_equal(r.projects, 3);
    assert_int_equal(r.from_topic, 2);
    assert_int_equal(r.topic_share_permille, 667);
    assert_string_equal(r.topic_share, "66.7%");
    disc_report_free(&r);
    assert_null(r.rows);

    /* A quarter without projects: one total row, no rates, no share. */
    struct disc_quarter empty = {"塘桥一居", 2026, 1, NULL, 0, 0, 0, 0};
    assert_true(disc_report_build(&empty, &r, &p));
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.rows[0].rate, "—");
    assert_int_equal(r.topic_share_permille, -1);
    assert_string_equal(r.topic_share, "—");
    disc_report_free(&r);
}

/* One refusal: build q, expect err at project/line, and nothing allocated. */
static void refused(const struct disc_quarter *q, enum disc_err e, int project, int line)
{
    struct disc_report r;
    struct disc_problem p;
    if (disc_report_build(q, &r, &p) || p.err != e || p.project != project || p.line != line)
        fail_msg("expected %s at %d/%d, got %s at %d/%d", disc_err_key(e), project, line,
                 disc_err_key(p.err), p.project, p.line);
    assert_null(r.rows);
}

static void test_refusals(void **state)
{
    (void)state;
    struct disc_quarter q = quarter;
    q.area = "";
    refused(&q, DISC_E_AREA, -1, -1);
    q.area = "塘桥\n一居"; /* a control character */
    refused(&q, DISC_E_AREA, -1, -1);
    q = quarter;
    q.quarter = 5;
    refused(&q, DISC_E_PERIOD, -1, -1);
    q.quarter = 0;
    refused(&q, DISC_E_PERIOD, -1, -1);
    q = quarter;
    q.year = 1999;
    refused(&q, DISC_E_PERIOD, -1, -1);
    q = quarter;
    q.n = DISC_PROJECTS_MAX + 1;
    refused(&q, DISC_E_PROJECTS, -1, -1);
    q = quarter;
    q.pool_lapsed = -1;
    refused(&q, DISC_E_AMOUNT, -1, -1);

    struct disc_project pr[3];
    memcpy(pr, projects, sizeof pr);
    q = quarter;
    q.projects = pr;
    pr[1].name = "\xff";
    refused(&q, DISC_E_NAME, 1, -1);
    memcpy(pr, projects, sizeof pr);
    pr[0].grade = "一二三四五六七八九十一";
    refused(&q, DISC_E_GRADE, 0, -1);
    memcpy(pr, projects, sizeof pr);
    pr[2].lapsed = DISC_FEN_MAX + 1;
    refused(&q, DISC_E_AMOUNT, 2, -1);
    memcpy(pr, projects, sizeof pr);
    pr[1].activities = -1;
    refused(&q, DISC_E_AMOUNT, 1, -1);
    memcpy(pr, projects, sizeof pr);
    pr[1].signins = DISC_COUNT_MAX + 1;
    refused(&q, DISC_E_AMOUNT, 1, -1);
    memcpy(pr, projects, sizeof pr);
    pr[0].nlines = DISC_LINES_MAX + 1;
    refused(&q, DISC_E_LINES, 0, -1);

    struct disc_line l[4];
    memcpy(l, lines_a, sizeof l);
    memcpy(pr, projects, sizeof pr);
    pr[0].lines = l;
    l[2].spent = -1;
    refused(&q, DISC_E_AMOUNT, 0, 2);
    memcpy(l, lines_a, sizeof l);
    l[3].approved = DISC_FEN_MAX + 1;
    refused(&q, DISC_E_AMOUNT, 0, 3);
    memcpy(l, lines_a, sizeof l);
    l[1].name = NULL;
    refused(&q, DISC_E_NAME, 0, 1);
    /* 100 characters pass, 101 do not. */
    char name[DISC_NAME_MAX * 3 + 8] = "";
    for (int i = 0; i < DISC_NAME_MAX; i++)
        strcat(name, "项");
    memcpy(l, lines_a, sizeof l);
    l[1].name = name;
    struct disc_report r;
    struct disc_problem p;
    assert_true(disc_report_build(&q, &r, &p));
    disc_report_free(&r);
    strcat(name, "目");
    refused(&q, DISC_E_NAME, 0, 1);
    /* The largest amounts are fine. */
    memcpy(l, lines_a, sizeof l);
    l[0].approved = l[0].spent = DISC_FEN_MAX;
    assert_true(disc_report_build(&q, &r, &p));
    assert_string_equal(r.rows[0].rate, "100.0%");
    disc_report_free(&r);

    for (int e = 0; e < DISC_ERR_COUNT; e++) {
        assert_string_not_equal(disc_err_key(e), "?");
        assert_string_not_equal(disc_err_message(e, HALL_LANG_EN), "?");
        assert_non_null(disc_err_message(e, HALL_LANG_ZH));
    }
}

static void test_money_text(void **state)
{
    (void)state;
    static const struct {
        int64_t fen;
        const char *text;
    } cases[] = {
        {0, "¥0.00"},
        {5, "¥0.05"},
        {99999, "¥999.99"},
        {100000, "¥1,000.00"},
        {123450, "¥1,234.50"},
        {12345678901, "¥123,456,789.01"},
        {DISC_FEN_MAX, "¥1,000,000,000.00"},
        {-5, "-¥0.05"},
        {-123450, "-¥1,234.50"},
        {INT64_MIN, "-¥92,233,720,368,547,758.08"},
    };
    char out[DISC_MONEY_TEXT_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = disc_money_format(cases[i].fen, out, sizeof out);
        assert_string_equal(out, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
}

/* The bytes of one part of a zip, through `unzip -p`; fails the test when unzip does. */
static void unzip_part(const char *zip, const char *part, struct buf *b)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", zip, part);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    buf_reset(b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, n);
    if (pclose(f) != 0 || b->len == 0)
        fail_msg("unzip -p %s %s failed", zip, part);
}

/* Every <v>…</v> of a sheet's XML, in order, as the doubles a spreadsheet reads. */
static size_t cell_values(const char *xml, double *out, size_t max)
{
    size_t n = 0;
    for (const char *s = strstr(xml, "<v>"); s && n < max; s = strstr(s + 3, "<v>"))
        out[n++] = strtod(s + 3, NULL);
    return n;
}

/* A temporary directory for the workbooks; removed by the test. */
static char dir[64];

static void test_xlsx(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mulin-disclosure-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/q.xlsx", dir);
    struct disc_report r;
    struct disc_problem p;
    assert_true(disc_report_build(&quarter, &r, &p));
    assert_int_equal(disclosure_xlsx(&quarter, &r, path), 0);

    struct buf b;
    buf_init(&b);
    /* The headers and the names: Chinese, in the shared strings. */
    unzip_part(path, "xl/sharedStrings.xml", &b);
    /* clang-format off */
    static const char *const strings[] = {
        "项目", "预算科目", "批准金额（元）", "已支出（元）", "执行率", "结余失效（元）",
        "来自议事厅议题", "评价等级", "本季度活动次数", "本季度签到人次", "楼道微更新", "材料费", "小计", "合计", "—",
        "2 / 3", "来自议事厅议题的项目占比", "失效合计（元）", "工作经费年末失效（元）", "服务经费年末失效（元）", "塘桥一居", "2026年第4季度"};
    /* clang-format on */
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (!strstr(b.data, strings[i]))
            fail_msg("no \"%s\" in the shared strings", strings[i]);
    /* The formats. */
    unzip_part(path, "xl/styles.xml", &b);
    assert_non_null(strstr(b.data, "formatCode=\"¥#,##0.00\""));
    assert_non_null(strstr(b.data, "formatCode=\"0.0%\""));
    unzip_part(path, "xl/workbook.xml", &b);
    assert_non_null(strstr(b.data, "name=\"收支明细\""));
    assert_non_null(strstr(b.data, "name=\"汇总\""));

    /* Sheet 1: the header row frozen, and every number to the fen, in row order: approved,
     * spent, rate per line; approved, spent, rate, lapsed per subtotal and total. */
    unzip_part(path, "xl/worksheets/sheet1.xml", &b);
    assert_non_null(strstr(b.data, "ySplit=\"1\""));
    assert_non_null(strstr(b.data, "state=\"frozen\""));
    assert_non_null(strstr(b.data, "<v>12345.5</v>"));
    assert_non_null(strstr(b.data, "<v>12222.05</v>"));
    assert_non_null(strstr(b.data, "<v>2500.01</v>"));
    double v[96];
    size_t n = cell_values(b.data, v, 96);
    /* Shared-string cells hold indexes in <v> too; keep the numbers of the money columns by
     * reading them in the order written. The string indexes are whole numbers below 64; the
     * test below compares the sequence of every value, strings included. */
    /* clang-format off */
    static const double sheet1[] = {
        /* header: 10 strings */ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        /* 材料费 */ 10, 11, 12345.5, 12222.05, 0.99,
        /* 印刷费 */ 10, 12, 20, 19.99, 1,
        /* 劳务费 */ 10, 13, 3000, 0, 0,
        /* 宣传费: rate "—" */ 10, 14, 0, 0, 15,
        /* 小计, then activities and sign-ins */ 10, 16, 15365.5, 12242.04, 0.797, 123.45, 17, 18,
        3, 45,
        /* 苗木 */ 19, 20, 5000, 2500.01, 0.5,
        /* 小计 */ 19, 16, 5000, 2500.01, 0.5, 0, 21, 1, 12,
        /* 垃圾分类宣传 小计 */ 22, 16, 0, 0, 15, 0, 17, 0, 0,
        /* 合计 */ 23, 20365.5, 14742.05, 0.724, 123.45, 24, 4, 57};
    /* clang-format on */
    assert_int_equal(n, sizeof sheet1 / sizeof sheet1[0]);
    for (size_t i = 0; i < n; i++)
        if (v[i] != sheet1[i])
            fail_msg("sheet 1 value %zu: %.17g, not %.17g", i, v[i], sheet1[i]);

    /* Sheet 2: the summary's figures. */
    unzip_part(path, "xl/worksheets/sheet2.xml", &b);
    assert_non_null(strstr(b.data, "state=\"frozen\""));
    n = cell_values(b.data, v, 96);
    static const double money[] = {3,    2,       0.667, 20365.5, 14742.05, 0.724, 123.45,
                                   1000, 1123.45, 50000, 20000,   4,        57};
    /* The numbers are the second cell of each row after the two text rows (居民区, 报告期). */
    size_t found = 0;
    for (size_t i = 0; i < n && found < 13; i++)
        if (v[i] == money[found] && i >= 7)
            found++;
    assert_int_equal(found, 13);
    buf_free(&b);
    /* A file that cannot be written is an error, not a silent success; nor is an empty report. */
    assert_int_equal(disclosure_xlsx(&quarter, &r, "/nonexistent-mulin-dir/q.xlsx"), -1);
    disc_report_free(&r);
    assert_int_equal(disclosure_xlsx(&quarter, &r, path), -1);
    unlink(path);
}

/* Every amount up to the limit is written as text that reads back as the same double, and
 * that double is the fen to the fen: a sweep of awkward amounts in one workbook. */
static void test_xlsx_money_exact(void **state)
{
    (void)state;
    enum { N = DISC_LINES_MAX };
    static struct disc_line l[N];
    static char names[N][16];
    int64_t fen[N];
    for (int i = 0; i < N; i++) {
        /* Amounts whose yuan have 11 to 3 significant digits and awkward cents. */
        static const int64_t base[] = {DISC_FEN_MAX, 99999999999, 9999999995, 123456789,
                                       1000000001,   5,           10,         99};
        fen[i] = base[i % 8] - (i / 8) * 7;
        if (fen[i] < 0)
            fen[i] = i;
        snprintf(names[i], sizeof names[i], "L%d", i);
        l[i] = (struct disc_line){names[i], fen[i], fen[i]};
    }
    struct disc_project pr = {"大额", false, NULL, 0, l, N, 0, 0};
    struct disc_quarter q = {"测试", 2026, 1, &pr, 1, 0, 0, 0};
    struct disc_report r;
    struct disc_problem p;
    assert_true(disc_report_build(&q, &r, &p));
    char path[128];
    snprintf(path, sizeof path, "%s/big.xlsx", dir);
    assert_int_equal(disclosure_xlsx(&q, &r, path), 0);
    struct buf b;
    buf_init(&b);
    unzip_part(path, "xl/worksheets/sheet1.xml", &b);
    static double v[10 + N * 5 + 16];
    size_t n = cell_values(b.data, v, sizeof v / sizeof v[0]);
    assert_true(n >= 10 + N * 5); /* after the 10 headers */
    for (int i = 0; i < N; i++) {
        double approved = v[10 + i * 5 + 2], spent = v[10 + i * 5 + 3];
        if (approved != (double)fen[i] / 100.0 || llround(approved * 100.0) != fen[i] ||
            spent != approved)
            fail_msg("line %d: %.17g for %lld fen", i, approved, (long long)fen[i]);
    }
    buf_free(&b);
    disc_report_free(&r);
    unlink(path);
    rmdir(dir);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(uint64_t bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % bound;
}

/* Random quarters: every subtotal is the sum of its lines, the total the sum of the subtotals,
 * each rate r satisfies (r − ½)·approved ≤ 1000·spent < (r + ½)·approved (half-up, in integers),
 * and "—" exactly where nothing was approved. */
static void test_property(void **state)
{
    (void)state;
    static struct disc_line l[20][DISC_LINES_MAX];
    static struct disc_project pr[20];
    for (int round = 0; round < 2000; round++) {
        size_t n = next(20);
        int64_t lapsed = 0, acts = 0, signs = 0;
        for (size_t i = 0; i < n; i++) {
            size_t nl = next(8);
            for (size_t j = 0; j < nl; j++) {
                int64_t big = next(4) == 0 ? DISC_FEN_MAX : 100000;
                int64_t a = next(3) == 0 ? 0 : (int64_t)next((uint64_t)big + 1);
                l[i][j] = (struct disc_line){"科目", a, (int64_t)next((uint64_t)a + 2)};
            }
            pr[i] = (struct disc_project){"项目",
                                          next(2) == 0,
                                          NULL,
                                          (int64_t)next(1000),
                                          l[i],
                                          nl,
                                          (int64_t)next(50),
                                          (int64_t)next(5000)};
            lapsed += pr[i].lapsed;
            acts += pr[i].activities;
            signs += pr[i].signins;
        }
        struct disc_quarter q = {"区", 2026, 1 + (int)next(4), pr, n, (int64_t)next(500), 0, 0};
        struct disc_report r;
        struct disc_problem p;
        assert_true(disc_report_build(&q, &r, &p));
        int64_t ta = 0, ts = 0, pa = 0, ps = 0;
        for (size_t k = 0; k < r.nrows; k++) {
            const struct disc_row *x = &r.rows[k];
            if (x->approved == 0) {
                assert_int_equal(x->rate_permille, -1);
                assert_string_equal(x->rate, "—");
            } else {
                __int128 a = x->approved, sp = 1000 * (__int128)x->spent;
                __int128 lo = (2 * (__int128)x->rate_permille - 1) * a, hi = lo + 2 * a;
                assert_true(lo <= 2 * sp && 2 * sp < hi);
            }
            if (x->kind == DISC_ROW_LINE) {
                pa += x->approved;
                ps += x->spent;
            } else if (x->kind == DISC_ROW_PROJECT) {
                assert_int_equal(x->approved, pa);
                assert_int_equal(x->spent, ps);
                ta += pa;
                ts += ps;
                pa = ps = 0;
            } else {
                assert_int_equal(k, r.nrows - 1);
                assert_int_equal(x->activities, acts);
                assert_int_equal(x->signins, signs);
                assert_int_equal(x->approved, ta);
                assert_int_equal(x->spent, ts);
            }
        }
        assert_int_equal(r.approved, ta);
        assert_int_equal(r.lapsed, lapsed + q.pool_lapsed);
        disc_report_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_rows),      cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_money_text),       cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_xlsx_money_exact), cmocka_unit_test(test_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
