#include "web/respond.h"

#include <stdlib.h>
#include <string.h>

#include "http/jsonbody.h"
#include "web/html.h"
#include "web/layout.h"

void fail_text(struct req *r, int status, const char *code, const char *message)
{
    r->status = status;
    buf_reset(&r->out);
    if (r->is_api) {
        json_t *err = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
        reply_json(r, err);
        return;
    }
    page_begin(r, T(r, M_ERROR_TITLE));
    html(&r->out, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", message);
    if (status == 401 || (status == 403 && !r->person_id && strcmp(code, "csrf") != 0)) {
        /* Not signed in: signing in may be all that is missing. */
        html(&r->out, "<p class=\"next\"><a href=\"/login\">%s</a> · <a href=\"/\">%s</a></p>\n",
             T(r, M_LOGIN), T(r, M_HOME));
    } else if (status == 403 && strcmp(code, "forbidden") == 0) {
        html(&r->out, "<p class=\"next\">%s <a href=\"/\">%s</a></p>\n",
             T(r, M_ERR_NEXT_PERMISSION), T(r, M_BACK_HOME));
    } else {
        html(&r->out, "<p class=\"next\"><a href=\"/\">%s</a></p>\n", T(r, M_BACK_HOME));
    }
    page_end(r);
}

void fail(struct req *r, int status, const char *code, enum msg m)
{
    fail_text(r, status, code, T(r, m));
}

void reply_json(struct req *r, json_t *obj)
{
    r->content_type = "application/json; charset=utf-8";
    buf_reset(&r->out);
    char *s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    if (s) {
        buf_adds(&r->out, s);
        free(s);
    }
    buf_addc(&r->out, '\n');
    json_decref(obj);
}

json_t *request_json(struct req *r)
{
    char err[200];
    json_t *obj = jsonbody_parse(r->body.data, r->body.len, err, sizeof err);
    if (!obj)
        fail_text(r, 400, "bad_json", arena_printf(&r->arena, "%s: %s", T(r, M_ERR_BAD_JSON), err));
    return obj;
}
