/* The project page's forms (fund_pages.h): each builds the API's JSON body from the fields and
 * runs the API's handler, which checks who may do it and everything else. Success goes back to
 * the project page (303); a refusal draws the page again with the message, what was typed and
 * the API's status. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/fund_pages.h"
#include "web/respond.h"

/* A number typed in a form field as a JSON value: an integer when it is one, else the text as
 * typed (so the API refuses it in its own words). */
static json_t *id_value(const char *s)
{
    char *end;
    long long v = s && *s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end ? json_integer(v) : json_string(s ? s : "");
}

static const char *param(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

/* Back to project id's page: 303 on success, else the page again with form refused. */
static void finish(struct req *r, int64_t id, bool ok, const char *form, const char *anchor)
{
    if (ok) {
        req_redirect(r, arena_printf(&r->arena, "/fund-projects/%lld#%s", (long long)id, anchor));
        return;
    }
    int status = r->status;
    fund_pages_refused(r, form);
    r->id = id;
    fund_project_view(r);
    if (r->status < 400)
        r->status = status;
}

void fund_steps_post(struct req *r)
{
    int64_t id = r->id;
    const char *to = param(r, "to");
    json_t *b = json_pack("{s:s,s:s}", "to", to, "reason", param(r, "reason"));
    if (strcmp(to, "approved") == 0) {
        /* The amounts per line, named line_<id> on the form. */
        json_t *lines = json_array();
        for (size_t i = 0; i < r->form.n; i++) {
            const struct form_field *f = &r->form.fields[i];
            if (strncmp(f->name, "line_", 5) == 0)
                json_array_append_new(
                    lines, json_pack("{s:o,s:s}", "id", id_value(f->name + 5), "amount", f->value));
        }
        json_object_set_new(b, "lines", lines);
    }
    bool ok = fund_pages_call(r, fund_transition_api, b, NULL);
    finish(r, id, ok, arena_printf(&r->arena, "step.%s", to), "status");
}

/* The voucher file sent with the form: a file part "file" with content. */
static const struct form_field *voucher_file(struct req *r)
{
    for (size_t i = 0; i < r->form.n; i++) {
        const struct form_field *f = &r->form.fields[i];
        if (f->filename && strcmp(f->name, "file") == 0 && f->value_len > 0)
            return f;
    }
    return NULL;
}

void fund_spend_post(struct req *r)
{
    int64_t id = r->id;
    const struct form_field *file = voucher_file(r);
    json_t *b = json_pack("{s:o,s:s,s:s,s:s}", "line_id", id_value(param(r, "line_id")), "amount",
                          param(r, "amount"), "note", param(r, "note"), "voucher",
                          file && file->filename ? file->filename : "");
    json_t *answer = NULL;
    bool ok = fund_pages_call(r, fund_expense_api, b, &answer);
    if (ok && !file) {
        /* The expense passed the API's checks but a page's expense carries its receipt. */
        json_decref(answer);
        db_rollback(r->db);
        db_begin(r->db);
        r->status = 422;
        r->form_message = T(r, M_FPG_VOUCHER_NEEDED);
        ok = false;
    } else if (ok) {
        json_t *e = json_object_get(answer, "id");
        r->id = json_is_integer(e) ? (int64_t)json_integer_value(e) : 0;
        json_decref(answer);
        ok = fund_pages_call(r, fund_voucher_add_api, NULL, NULL); /* reads the file part */
    }
    finish(r, id, ok, "spend", "ledger");
}

void fund_move_post(struct req *r)
{
    int64_t id = r->id;
    json_t *b = json_pack("{s:o,s:o,s:s,s:s}", "from_line_id", id_value(param(r, "from_line_id")),
                          "to_line_id", id_value(param(r, "to_line_id")), "amount",
                          param(r, "amount"), "reason", param(r, "reason"));
    bool ok = fund_pages_call(r, fund_reallocation_api, b, NULL);
    finish(r, id, ok, "move", "ledger");
}

/* The project of the route's entry, or 0 after a 404 page. */
static int64_t entry_project(struct req *r)
{
    int64_t p = db_int(r->db, 0, "SELECT project_id FROM fund_entry WHERE id = ?", "i", r->id);
    if (!p)
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
    return p;
}

void fund_entry_ok_post(struct req *r)
{
    int64_t project = entry_project(r);
    if (!project)
        return;
    bool ok = fund_pages_call(r, fund_approval_api, json_object(), NULL);
    finish(r, project, ok, "ok", "ledger");
}

void fund_entry_undo_post(struct req *r)
{
    int64_t project = entry_project(r), entry = r->id;
    if (!project)
        return;
    json_t *b = json_pack("{s:s}", "reason", param(r, "reason"));
    bool ok = fund_pages_call(r, fund_reversal_api, b, NULL);
    finish(r, project, ok, arena_printf(&r->arena, "undo.%lld", (long long)entry), "ledger");
}
