/* Forms through the API's handlers; see fund_page.h. */
#include <stdlib.h>

#include "fund/fund_page.h"

bool fund_page_run(struct req *r, void (*h)(struct req *), json_t *body, json_t **answer,
                   const char **message)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    /* The form's fields may point into the raw body: keep it, and lend the handler another. */
    struct buf saved = r->body;
    r->body = (struct buf){0};
    buf_adds(&r->body, text ? text : "{}");
    free(text);
    bool was_api = r->is_api;
    r->is_api = true;
    h(r);
    r->is_api = was_api;
    buf_free(&r->body);
    r->body = saved;
    json_error_t err;
    json_t *got = json_loadb(r->out.data ? r->out.data : "", r->out.len, 0, &err);
    buf_reset(&r->out);
    r->content_type = NULL;
    bool ok = r->status < 400;
    if (ok) {
        r->status = 200;
        if (answer)
            *answer = got;
        else
            json_decref(got);
        return true;
    }
    json_t *m = json_object_get(json_object_get(got, "error"), "message");
    *message = arena_strdup(&r->arena, json_is_string(m) ? json_string_value(m) : "?");
    json_decref(got);
    return false;
}
