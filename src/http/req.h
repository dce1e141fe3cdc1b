/* One HTTP request and the response being built for it. Handlers append to out and set
 * status and headers; the server sends after the handler returns (buffered responses), so a
 * late error still becomes a clean error page with the right status.
 *
 * Everything a handler allocates for the request comes from r->arena and is freed with it. */
#ifndef MULIN_REQ_H
#define MULIN_REQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/perm.h"
#include "http/form.h"
#include "util/arena.h"
#include "util/buf.h"
#include "web/i18n.h"

struct MHD_Connection;
struct db;
struct live_event;
struct live_sub;

struct header {
    const char *name;  /* header name */
    const char *value; /* header value */
};

struct req {
    struct arena arena;          /* request-scoped memory */
    struct MHD_Connection *conn; /* the connection, for header look-ups */
    const char *method;          /* "GET", "POST", ... */
    const char *path;            /* decoded path without the query string */
    char remote[64];             /* client address, for logs and throttling */
    struct form query;           /* query string values */
    struct form cookies;         /* Cookie header values */
    struct form form;            /* body fields (urlencoded or multipart) */
    struct buf body;             /* raw request body */
    size_t body_limit;           /* most bytes the route accepts */
    bool body_too_large;         /* the client sent more than body_limit */
    bool is_api;                 /* under /api/: errors are JSON */
    int64_t id;                  /* first {id} in the matched route, or 0 */
    int64_t id2;                 /* second {id}, or 0 */
    struct db *db;               /* this thread's connection */

    /* who is asking */
    int64_t person_id;       /* signed-in person, 0 if anonymous */
    const char *person_name; /* their name, or NULL */
    const char *csrf;        /* the token forms must carry (session's or the anonymous cookie) */
    bool bearer;             /* authenticated by Authorization: Bearer (no CSRF needed) */
    struct grant *grants;    /* their roles with the nodes they hold them on */
    size_t ngrants;
    enum lang lang; /* interface language */

    /* a refused form shown again on its page: which form (named by the part that drew it, e.g.
     * "poll", "resolution") and the message to show beside it; NULL otherwise */
    const char *form_failed;
    const char *form_message;

    /* the response */
    int status;                /* HTTP status, 200 unless set */
    const char *content_type;  /* defaults to text/html; charset=utf-8 */
    struct header headers[16]; /* extra response headers */
    int nheaders;
    struct buf out;            /* response body */
    char nonce[24];            /* CSP nonce for inline scripts in this response */
    struct live_event *events; /* queued by live_publish(), sent after the commit */
    struct live_sub *stream;   /* set by live_subscribe(): answer with an event stream */
    double started_ms;         /* monotonic start, for the log line */
    char *kept_method;         /* a stream's method and path, kept (malloc) for its log line */
    char *kept_path;           /* when the rest of the request's memory is let go */
};

/* Request header value, or NULL. */
const char *req_header(struct req *r, const char *name);
/* Adds a response header; name and value must outlive the request (literals or arena). */
void req_add_header(struct req *r, const char *name, const char *value);
/* Sets a cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the request came over HTTPS.
 * max_age < 0 makes a session cookie, 0 deletes it. */
void req_set_cookie(struct req *r, const char *name, const char *value, long max_age);
const char *req_cookie(struct req *r, const char *name);
/* A query-string value or NULL. */
const char *req_query(struct req *r, const char *name);
/* A form field value or NULL. */
const char *req_param(struct req *r, const char *name);
/* The 1-based page number from ?page=N (1 when absent or out of range 1..100000). */
long long req_page(struct req *r);
/* Responds 303 See Other to url (a local path). */
void req_redirect(struct req *r, const char *url);
/* The message text in the request's language. */
const char *T(struct req *r, enum msg m);

#endif
