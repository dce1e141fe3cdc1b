/* Forms through the API's handlers, and the refused form shown again; see fund_pages.h. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/fund_pages.h"
#include "web/html.h"

bool fund_pages_call(struct req *r, void (*h)(struct req *), json_t *body, json_t **answer)
{
    /* The form's fields may point into the raw body: keep it and lend the handler another. */
    struct buf saved = r->body;
    bool lent = body != NULL;
    if (lent) {
        char *text = json_dumps(body, JSON_COMPACT);
        json_decref(body);
        buf_init(&r->body);
        buf_adds(&r->body, text ? text : "{}");
        free(text);
    }
    bool was_api = r->is_api;
    r->is_api = true;
    r->status = 200;
    h(r);
    r->is_api = was_api;
    if (lent) {
        buf_free(&r->body);
        r->body = saved;
    }
    json_error_t err;
    json_t *got = json_loadb(r->out.data ? r->out.data : "", r->out.len, 0, &err);
    buf_reset(&r->out);
    r->content_type = NULL;
    if (r->status < 400) {
        r->status = 200;
        if (answer)
            *answer = got;
        else
            json_decref(got);
        return true;
    }
    /* Undo now what the form wrote (also an earlier call of the same form), so the page drawn
     * again shows the ledger as it was; the dispatcher then rolls back an empty transaction. */
    db_rollback(r->db);
    db_begin(r->db);
    json_t *m = json_object_get(json_object_get(got, "error"), "message");
    r->form_message = arena_strdup(&r->arena, json_is_string(m) ? json_string_value(m) : "?");
    json_decref(got);
    return false;
}

void fund_pages_refused(struct req *r, const char *form)
{
    r->form_failed = arena_printf(&r->arena, "fund.%s", form);
}

const char *fund_pages_error(struct req *r, const char *form)
{
    return r->form_failed && strncmp(r->form_failed, "fund.", 5) == 0 &&
                   strcmp(r->form_failed + 5, form) == 0
               ? r->form_message
               : NULL;
}

const char *fund_pages_typed(struct req *r, const char *form, const char *name, const char *dflt)
{
    const char *v = fund_pages_error(r, form) ? req_param(r, name) : NULL;
    return v ? v : dflt;
}

void fund_pages_notice(struct req *r, const char *form)
{
    const char *m = fund_pages_error(r, form);
    if (m)
        html(&r->out, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", m);
}
