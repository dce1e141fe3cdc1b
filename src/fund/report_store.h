/* The quarterly disclosure read from the ledger: the area's pool of the year, its projects
 * with money approved by the end of the quarter, each line's approved amount (after
 * reallocations) and spending to that moment, the lapses, the published grades, and the
 * recorded expenses with their vouchers masked (mask.h). The same sums as the ledger's line
 * totals, taken over the entries written before the quarter ended (Asia/Shanghai); the fourth
 * quarter's takes every entry of the pool, since the year-end lapse is written after the year
 * ended and would otherwise be in no report. Used by the
 * JSON report, the page and the XLSX (report_api.c, report_page.c). */
#ifndef MULIN_FUND_REPORT_STORE_H
#define MULIN_FUND_REPORT_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "fund/disclosure.h"
#include "http/req.h"

#define FUND_REPORT_EXPENSES_MAX 2000 /* expenses listed in one report */

struct fund_report_expense {
    int64_t id, project_id, amount, at;
    const char *project, *line, *voucher, *note; /* voucher and note masked */
    bool reversed, approved;
};

struct fund_report {
    int64_t area_id, pool_id;
    struct disc_quarter q;
    struct disc_report rep; /* built; free with fund_report_free */
    int64_t *project_ids;   /* indexed like q.projects */
    struct fund_report_expense *ex;
    size_t nex;
};

/* The year and quarter of the query (?year=&quarter=), the current ones when absent. False
 * when given and out of range (2000..2100, 1..4). */
bool fund_report_period(struct req *r, int *year, int *quarter);
/* The first second of the quarter after (year, quarter), Asia/Shanghai, as Unix seconds. */
int64_t fund_quarter_end(int year, int quarter);
/* Loads and builds the report. 0, or the HTTP status it failed with (already answered:
 * 404 no area or no pool, 403 the reader may not read the area's fund, 500). */
int fund_report_load(struct req *r, int64_t area_id, int year, int quarter, struct fund_report *f);
void fund_report_free(struct fund_report *f);

#endif
