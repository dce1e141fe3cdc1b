/* The quarterly disclosure over HTTP: JSON, XLSX and the page. */
#ifndef MULIN_FUND_REPORT_API_H
#define MULIN_FUND_REPORT_API_H
#include "http/req.h"

void fund_report_api(struct req *r);  /* GET /api/v1/areas/{id}/fund/report?year=&quarter= */
void fund_report_xlsx(struct req *r); /* GET /api/v1/areas/{id}/fund/report.xlsx?year=&quarter=
                                         and /areas/{id}/fund.xlsx */
void fund_report_page(struct req *r); /* GET /areas/{id}/fund?year=&quarter= */

#endif
