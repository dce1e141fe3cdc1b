/* Vouchers over the API (openapi/fund.json):
 *   POST /api/v1/fund-entries/{id}/vouchers  multipart/form-data, file parts "file" (1..6 per
 *        expense): the project leader or a 居委 worker of the area
 *   GET  /api/v1/fund-vouchers/{id}          the file: the leader, the area's workers and the
 *        subdistrict only (receipts carry names and phone numbers; the public disclosure of
 *        masked vouchers is a later part)
 * Photos are cleaned (hall/image.h) and stored as JPEG; PDFs are kept as sent after the checks
 * of voucher_detect. Any refused file fails the request, so none of its files is kept. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/voucher.h"
#include "hall/image.h"
#include "web/respond.h"

static bool entry_project(struct req *r, int64_t entry, const char **kind, struct fund_project *p)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT kind, project_id FROM fund_entry WHERE id = ?");
    db_bind(st, "i", entry);
    int64_t project = 0;
    if (db_step(st) == DB_ROW && !db_column_null(st, 1)) {
        *kind = arena_strdup(&r->arena, db_column_text(st, 0));
        project = db_column_int(st, 1);
    }
    db_done(st);
    if (!project || !fund_project_load(r, project, p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return false;
    }
    return true;
}

static bool officer(struct req *r, const struct fund_project *p)
{
    return r->person_id == p->leader_id || fund_is_worker(r, p->area_path) ||
           fund_is_subdistrict(r, p->area_path);
}

/* Checks and stores one file; its id, or 0 after answering the refusal. */
static int64_t store(struct req *r, int64_t entry, const struct form_field *f)
{
    enum voucher_kind k = voucher_detect(f->value, f->value_len);
    if (k == VOUCHER_INVALID) {
        fail(r, 422, "voucher_invalid", M_FUND_E_VOUCHER);
        return 0;
    }
    if (k == VOUCHER_TOO_LARGE) {
        fail(r, 413, "voucher_too_large", M_FUND_E_VOUCHER_LARGE);
        return 0;
    }
    int64_t now = (int64_t)time(NULL), id;
    if (k == VOUCHER_PDF) {
        id = db_int(r->db, 0,
                    "INSERT INTO fund_voucher(entry_id, mime, bytes, data, uploaded_by, at)"
                    " VALUES (?, 'application/pdf', ?, ?, ?, ?) RETURNING id",
                    "iibii", entry, (int64_t)f->value_len, (const void *)f->value, f->value_len,
                    r->person_id, now);
    } else {
        struct image_out img;
        enum image_err e = image_clean(f->value, f->value_len, &img);
        if (e != IMAGE_OK) {
            if (e == IMAGE_TOO_LARGE)
                fail(r, 413, "voucher_too_large", M_FUND_E_VOUCHER_LARGE);
            else
                fail(r, 422, "voucher_invalid", M_FUND_E_VOUCHER);
            return 0;
        }
        id = db_int(r->db, 0,
                    "INSERT INTO fund_voucher(entry_id, mime, bytes, data, uploaded_by, at)"
                    " VALUES (?, 'image/jpeg', ?, ?, ?, ?) RETURNING id",
                    "iibii", entry, (int64_t)img.jpeg_len, (const void *)img.jpeg, img.jpeg_len,
                    r->person_id, now);
        image_free(&img);
    }
    if (!id)
        fail(r, 500, "internal", M_ERR_INTERNAL);
    return id;
}

static bool is_file(const struct form_field *f)
{
    return f->filename && strcmp(f->name, "file") == 0;
}

void fund_voucher_add_api(struct req *r)
{
    const char *kind;
    struct fund_project p;
    if (!entry_project(r, r->id, &kind, &p))
        return;
    if (r->person_id != p.leader_id && !fund_is_worker(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    if (strcmp(kind, "expense") != 0) {
        fail(r, 409, "not_expense", M_FUND_E_NOT_EXPENSE);
        return;
    }
    int sent = 0;
    for (size_t i = 0; i < r->form.n; i++)
        sent += is_file(&r->form.fields[i]);
    if (sent == 0) {
        fail(r, 422, "voucher_missing", M_FUND_E_VOUCHER_NONE);
        return;
    }
    if (db_int(r->db, 0, "SELECT count(*) FROM fund_voucher WHERE entry_id = ?", "i", r->id) +
            sent >
        FUND_VOUCHERS_MAX) {
        fail(r, 409, "too_many", M_FUND_E_VOUCHERS_MANY);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < r->form.n; i++) {
        const struct form_field *f = &r->form.fields[i];
        int64_t id;
        if (!is_file(f))
            continue;
        if (!(id = store(r, r->id, f))) {
            json_decref(items);
            return; /* answered; the files stored before roll back with the request */
        }
        json_array_append_new(
            items, json_pack("{s:I,s:s}", "id", (json_int_t)id, "url",
                             arena_printf(&r->arena, "/api/v1/fund-vouchers/%lld", (long long)id)));
    }
    r->status = 201;
    reply_json(r, json_pack("{s:I,s:o}", "entry_id", (json_int_t)r->id, "items", items));
}

void fund_voucher_api(struct req *r)
{
    int64_t entry = db_int(r->db, 0, "SELECT entry_id FROM fund_voucher WHERE id = ?", "i", r->id);
    const char *kind;
    struct fund_project p;
    if (!entry) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!entry_project(r, entry, &kind, &p))
        return;
    if (!officer(r, &p)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    struct db_stmt *st = db_prepare(r->db, "SELECT mime, data FROM fund_voucher WHERE id = ?");
    db_bind(st, "i", r->id);
    if (db_step(st) == DB_ROW) {
        size_t len;
        const void *data = db_column_blob(st, 1, &len);
        r->content_type = strcmp(db_column_text(st, 0), "application/pdf") == 0 ? "application/pdf"
                                                                                : "image/jpeg";
        req_add_header(r, "Cache-Control", "private, no-store");
        req_add_header(r, "Content-Disposition", "inline");
        if (data)
            buf_add(&r->out, data, len);
    }
    db_done(st);
}
