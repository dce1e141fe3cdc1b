/* The quarterly disclosure as JSON and as an XLSX download (openapi/fund_eval.json). Readers:
 * the area's residents, its staff and the subdistrict (fund_may_read). The XLSX is written by
 * disclosure_xlsx to a temporary file (libxlsxwriter writes files), read back into the response
 * and removed. Its name is Chinese, so Content-Disposition carries an ASCII filename and the
 * real one as filename* in UTF-8 (RFC 6266 / RFC 8187). */
#include "fund/report_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fund/activity.h"
#include "fund/fund_store.h"
#include "fund/report_store.h"
#include "web/html.h"
#include "web/respond.h"

static json_t *row_json(struct req *r, const struct fund_report *f, const struct disc_row *w)
{
    static const char *const kinds[] = {"line", "project", "total"};
    json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:s}", "kind", kinds[w->kind], "approved",
                          fund_money_json(w->approved), "spent", fund_money_json(w->spent),
                          "lapsed", fund_money_json(w->lapsed), "rate", w->rate);
    bool total = w->kind == DISC_ROW_TOTAL;
    json_object_set_new(o, "project_id",
                        total ? json_null() : json_integer(f->project_ids[w->project]));
    json_object_set_new(o, "project", w->project_name ? json_string(w->project_name) : json_null());
    json_object_set_new(o, "line", w->line_name ? json_string(w->line_name) : json_null());
    json_object_set_new(o, "from_topic",
                        json_boolean(w->kind == DISC_ROW_PROJECT && w->from_topic));
    json_object_set_new(o, "grade", w->grade && *w->grade ? json_string(w->grade) : json_null());
    if (w->kind == DISC_ROW_PROJECT) /* the quarter's activities (report_store.c) */
        json_object_set_new(o, "activities",
                            json_pack("{s:I,s:I}", "count", (json_int_t)w->activities, "signins",
                                      (json_int_t)w->signins));
    return o;
}

void fund_report_api(struct req *r)
{
    int year, quarter;
    if (!fund_report_period(r, &year, &quarter)) {
        fail(r, 422, "period_invalid", M_FEV_E_PERIOD);
        return;
    }
    struct fund_report f;
    if (fund_report_load(r, r->id, year, quarter, &f) != 0)
        return;
    json_t *rows = json_array(), *ex = json_array();
    for (size_t i = 0; i < f.rep.nrows; i++)
        json_array_append_new(rows, row_json(r, &f, &f.rep.rows[i]));
    for (size_t i = 0; i < f.nex; i++) {
        const struct fund_report_expense *e = &f.ex[i];
        json_array_append_new(
            ex, json_pack("{s:I,s:I,s:s,s:s,s:o,s:s,s:s,s:I,s:b,s:b}", "id", (json_int_t)e->id,
                          "project_id", (json_int_t)e->project_id, "project", e->project, "line",
                          e->line, "amount", fund_money_json(e->amount), "voucher", e->voucher,
                          "note", e->note, "at", (json_int_t)e->at, "reversed", e->reversed,
                          "approved", e->approved));
    }
    const struct disc_row *total = &f.rep.rows[f.rep.nrows - 1];
    /* Every fund type's year-end lapse (lapsed above is the project part's). */
    json_t *by_type =
        json_pack("{s:o,s:o,s:o}", "working", fund_money_json(f.q.working_lapsed), "service",
                  fund_money_json(f.q.service_lapsed), "project", fund_money_json(f.rep.lapsed));
    reply_json(r,
               json_pack("{s:I,s:s,s:i,s:i,s:o,s:I,s:I,s:o,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:o}",
                         "area_id", (json_int_t)f.area_id, "area_name", f.q.area, "year", year,
                         "quarter", quarter, "rows", rows, "projects", (json_int_t)f.rep.projects,
                         "from_topic", (json_int_t)f.rep.from_topic, "approved",
                         fund_money_json(f.rep.approved), "spent", fund_money_json(f.rep.spent),
                         "rate", total->rate, "lapsed", fund_money_json(f.rep.lapsed),
                         "project_lapsed", fund_money_json(f.rep.project_lapsed), "pool_lapsed",
                         fund_money_json(f.q.pool_lapsed), "topic_share", f.rep.topic_share,
                         "expenses", ex, "lapsed_by_type", by_type));
    fund_report_free(&f);
}

/* Reads the whole file at path into b; false on trouble. */
static bool slurp(const char *path, struct buf *b)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
        buf_add(b, chunk, k);
    bool ok = !ferror(fp);
    fclose(fp);
    return ok;
}

void fund_report_xlsx(struct req *r)
{
    int year, quarter;
    if (!fund_report_period(r, &year, &quarter)) {
        fail(r, 422, "period_invalid", M_FEV_E_PERIOD);
        return;
    }
    struct fund_report f;
    if (fund_report_load(r, r->id, year, quarter, &f) != 0)
        return;
    const char *dir = getenv("TMPDIR");
    char *path = arena_printf(&r->arena, "%s/mulin-fund-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    bool ok = fd >= 0;
    if (fd >= 0)
        close(fd); /* libxlsxwriter opens the path itself; the name is ours until unlinked */
    buf_reset(&r->out);
    ok = ok && disclosure_xlsx(&f.q, &f.rep, path) == 0 && slurp(path, &r->out);
    if (fd >= 0)
        unlink(path);
    fund_report_free(&f);
    if (!ok) {
        buf_reset(&r->out);
        fail(r, 500, "internal", M_FEV_E_REPORT);
        return;
    }
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const char *name =
        arena_printf(&r->arena, "%s自治金公开%d年第%d季度.xlsx", f.q.area, year, quarter);
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->arena,
                                "attachment; filename=\"fund-%lld-%dQ%d.xlsx\";"
                                " filename*=UTF-8''%s",
                                (long long)f.area_id, year, quarter, url_encode(&r->arena, name)));
}
