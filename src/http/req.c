#include "http/req.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
    if (r->nheaders < (int)(sizeof r->headers / sizeof r->headers[0])) {
        r->headers[r->nheaders].name = name;
        r->headers[r->nheaders].value = value;
        r->nheaders++;
    }
}

void req_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    const char *proto = req_header(r, "X-Forwarded-Proto");
    bool https = proto && strcmp(proto, "https") == 0;
    char age[48] = "";
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    req_add_header(r, "Set-Cookie",
                   arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value,
                                age, https ? "; Secure" : ""));
}

const char *req_cookie(struct req *r, const char *name)
{
    return form_get(&r->cookies, name);
}

const char *req_query(struct req *r, const char *name)
{
    return form_get(&r->query, name);
}

const char *req_param(struct req *r, const char *name)
{
    return form_get(&r->form, name);
}

long long req_page(struct req *r)
{
    const char *pg = req_query(r, "page");
    long long page = pg ? atoll(pg) : 1;
    return page >= 1 && page <= 100000 ? page : 1;
}

void req_redirect(struct req *r, const char *url)
{
    r->status = 303;
    req_add_header(r, "Location", url);
    buf_reset(&r->out);
}

const char *T(struct req *r, enum msg m)
{
    return msg_text(r->lang, m);
}
