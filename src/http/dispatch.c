#include "http/dispatch.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/live.h"
#include "http/server.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/respond.h"

int route_match(const char *pattern, const char *path, long long *id1, long long *id2)
{
    long long ids[2] = {0, 0};
    int nids = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (p[0] == '*' && p[1] == '\0')
            return 1; /* a trailing '*' takes the rest of the path */
        if (strncmp(p, "{id}", 4) == 0) {
            if (*s < '1' || *s > '9')
                return 0;
            long long v = 0;
            while (*s >= '0' && *s <= '9') {
                if (v > (long long)1e15)
                    return 0;
                v = v * 10 + (*s - '0');
                s++;
            }
            if (nids < 2)
                ids[nids++] = v;
            p += 4;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*p || *s)
        return 0;
    if (id1)
        *id1 = ids[0];
    if (id2)
        *id2 = ids[1];
    return 1;
}

static const char *route_method(const char *method)
{
    return strcmp(method, "HEAD") == 0 ? "GET" : method;
}

static const struct route *find_route(const char *method, const char *path, int *path_known)
{
    *path_known = 0;
    for (const struct route *rt = routes; rt->pattern; rt++) {
        if (!route_match(rt->pattern, path, NULL, NULL))
            continue;
        *path_known = 1;
        if (strcmp(rt->method, route_method(method)) == 0)
            return rt;
    }
    return NULL;
}

size_t dispatch_body_limit(const char *method, const char *path)
{
    int known;
    const struct route *rt = find_route(method, path, &known);
    return rt && (rt->flags & R_UPLOAD) ? SERVER_UPLOAD_LIMIT : SERVER_BODY_LIMIT;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct req *r = cls;
    if (r->query.n >= FORM_MAX_FIELDS)
        return MHD_NO;
    if (!r->query.fields)
        r->query.fields = arena_alloc(&r->arena, sizeof(struct form_field) * 64);
    else if (r->query.n % 64 == 0) {
        struct form_field *more =
            arena_alloc(&r->arena, sizeof(struct form_field) * (r->query.n + 64));
        memcpy(more, r->query.fields, sizeof(struct form_field) * r->query.n);
        r->query.fields = more;
    }
    struct form_field *f = &r->query.fields[r->query.n++];
    memset(f, 0, sizeof *f);
    f->name = arena_strdup(&r->arena, key ? key : "");
    f->value = arena_strdup(&r->arena, value ? value : "");
    f->value_len = strlen(f->value);
    return MHD_YES;
}

static bool form_is_utf8(const struct form *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (!utf8_valid(f->fields[i].name, strlen(f->fields[i].name)) ||
            (!f->fields[i].filename && !utf8_valid(f->fields[i].value, f->fields[i].value_len)))
            return false;
    return true;
}

/* A path with a dot segment or a NUL never names anything we serve. */
static bool path_is_clean(const char *path)
{
    if (path[0] != '/' || !utf8_valid(path, strlen(path)))
        return false;
    return !strstr(path, "/../") && !strstr(path, "/./") && !strstr(path, "//") &&
           !(strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0);
}

static void security_headers(struct req *r)
{
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(r->nonce, sizeof r->nonce, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    req_add_header(r, "Content-Security-Policy",
                   arena_printf(&r->arena,
                                "default-src 'self'; script-src 'self' 'nonce-%s'; "
                                "style-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                                r->nonce));
    req_add_header(r, "X-Content-Type-Options", "nosniff");
    req_add_header(r, "Referrer-Policy", "same-origin");
    req_add_header(r, "X-Frame-Options", "DENY");
}

static bool csrf_ok(struct req *r)
{
    if (r->bearer)
        return true; /* a bearer token is never sent by a browser on its own */
    const char *sent = req_header(r, "X-CSRF-Token");
    if (!sent)
        sent = form_get(&r->form, "csrf");
    if (!sent || !r->csrf || !r->csrf[0])
        return false;
    size_t n = strlen(r->csrf);
    return strlen(sent) == n && sodium_memcmp(sent, r->csrf, n) == 0;
}

static bool parse_body(struct req *r)
{
    const char *ct = req_header(r, "Content-Type");
    if (!ct || r->body.len == 0)
        return true;
    enum form_status st = FORM_OK;
    if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        st = form_parse_urlencoded(&r->arena, r->body.data, r->body.len, &r->form);
    else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
        st = form_parse_multipart(&r->arena, ct, r->body.data, r->body.len, &r->form);
    else if (strncasecmp(ct, "application/json", 16) == 0)
        return true; /* parsed by the API handler with jsonbody_parse() */
    if (st == FORM_BAD_UTF8) {
        fail(r, 400, "bad_utf8", M_ERR_BAD_UTF8);
        return false;
    }
    if (st != FORM_OK) {
        fail(r, 400, "bad_form", M_ERR_BAD_FORM);
        return false;
    }
    return true;
}

static bool is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static char trusted_proxy[64];

void dispatch_trust_proxy(const char *addr)
{
    snprintf(trusted_proxy, sizeof trusted_proxy, "%s", addr ? addr : "");
}

/* Behind the trusted proxy, the client is the last address the proxy appended. */
static void client_address(struct req *r)
{
    if (!trusted_proxy[0] || strcmp(r->remote, trusted_proxy) != 0)
        return;
    const char *xff = req_header(r, "X-Forwarded-For");
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
        last++;
    size_t n = strcspn(last, " ");
    if (n > 0 && n < sizeof r->remote && strspn(last, "0123456789abcdefABCDEF.:") >= n) {
        memcpy(r->remote, last, n);
        r->remote[n] = '\0';
    }
}

/* False (with the answer written) when the route needs a signed-in person and there is none:
 * pages go to the login page and come back, the API answers 401. */
static bool login_guard(struct req *r, const struct route *rt)
{
    if (!(rt->flags & R_LOGIN) || r->person_id)
        return true;
    if (r->is_api)
        fail(r, 401, "login_required", M_ERR_LOGIN_REQUIRED);
    else
        req_redirect(r, arena_printf(&r->arena, "/login?next=%s", url_encode(&r->arena, r->path)));
    return false;
}

void dispatch(struct req *r)
{
    client_address(r);
    security_headers(r);
    r->is_api = strncmp(r->path, "/api/", 5) == 0;
    r->lang = lang_from_accept(req_header(r, "Accept-Language"));
    const char *cookie = req_header(r, "Cookie");
    if (cookie)
        form_parse_cookies(&r->arena, cookie, &r->cookies);
    /* Read now, so an error page written before session_load (a 404 for /favicon.ico, which
     * browsers fetch after every page) reuses the token instead of replacing the cookie and
     * breaking the forms of the page the person is looking at. */
    r->csrf = req_cookie(r, "mulin_csrf");
    const char *lc = req_cookie(r, "lang");
    if (lc)
        r->lang = strcmp(lc, "en") == 0 ? LANG_EN : LANG_ZH;

    if (r->body_too_large) {
        fail(r, 413, "too_large", M_ERR_TOO_LARGE);
        return;
    }
    if (!utf8_valid(r->path, strlen(r->path))) {
        fail(r, 400, "bad_utf8", M_ERR_BAD_UTF8);
        return;
    }
    if (!path_is_clean(r->path)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
    if (!form_is_utf8(&r->query)) {
        fail(r, 400, "bad_utf8", M_ERR_BAD_UTF8);
        return;
    }
    int known;
    const struct route *rt = find_route(r->method, r->path, &known);
    if (!rt) {
        if (known)
            fail(r, 405, "method_not_allowed", M_ERR_METHOD);
        else
            fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    long long id1, id2;
    route_match(rt->pattern, r->path, &id1, &id2);
    r->id = id1;
    r->id2 = id2;
    if (!parse_body(r))
        return;

    r->db = db_thread();
    if (!r->db) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    bool safe = is_safe_method(r->method);
    if (safe) {
        /* Reads share one snapshot: the session, the grants and the page. */
        db_begin_read(r->db);
        session_load(r);
        if (login_guard(r, rt))
            rt->handler(r);
        db_end_read(r->db);
        return;
    }
    session_load(r);
    if (!login_guard(r, rt))
        return;
    if (!(rt->flags & R_NO_CSRF) && !csrf_ok(r)) {
        fail(r, 403, "csrf", M_ERR_CSRF);
        return;
    }
    if (rt->flags & R_OWN_TX) {
        rt->handler(r);
        if (r->status < 400)
            live_flush(r);
        return;
    }
    if (db_begin(r->db) != DB_DONE) {
        fail(r, 503, "busy", M_ERR_UNAVAILABLE);
        return;
    }
    rt->handler(r);
    if (r->status >= 400) {
        db_rollback(r->db);
    } else if (db_commit(r->db) != DB_DONE) {
        db_rollback(r->db);
        buf_reset(&r->out);
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        live_flush(r);
    }
}
