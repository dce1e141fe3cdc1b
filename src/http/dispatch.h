/* The route table and the guard every handler gets before it runs: who is asking, may they be
 * here at all (sign-in), is the CSRF token right on a state change, is the input well-formed.
 * Node-level permission is the handler's first check (it needs the node). */
#ifndef MULIN_DISPATCH_H
#define MULIN_DISPATCH_H
#include <stddef.h>

#include "http/req.h"

enum route_flags {
    R_LOGIN = 1 << 0,   /* must be signed in: pages redirect to /login, the API answers 401 */
    R_UPLOAD = 1 << 1,  /* accepts bodies up to SERVER_UPLOAD_LIMIT */
    R_OWN_TX = 1 << 2,  /* the handler runs its own transactions (e.g. slow password hashing) */
    R_NO_CSRF = 1 << 3, /* state change allowed without a CSRF token (documented per route) */
};

typedef void (*handler_fn)(struct req *r);

struct route {
    const char *method;  /* "GET", "POST", "DELETE" */
    const char *pattern; /* "/nodes/{id}/people": {id} matches a positive integer */
    handler_fn handler;  /* the page or API handler */
    unsigned flags;      /* enum route_flags */
    const char *summary; /* one line for the OpenAPI document (API routes) */
};

/* The application's routes, defined in src/routes.c; ends with a zeroed entry. */
extern const struct route routes[];

/* Requests from addr (a reverse proxy) take the client address from the last X-Forwarded-For
 * entry, for logs and throttling. NULL trusts no one. Call once before serving. */
void dispatch_trust_proxy(const char *addr);
/* Runs the request through the guard and its route's handler, leaving the response in r. */
void dispatch(struct req *r);
/* The body limit for a request, known from the route before any body byte arrives. */
size_t dispatch_body_limit(const char *method, const char *path);
/* Matches path against pattern, storing up to two {id} values; 1 on match. */
int route_match(const char *pattern, const char *path, long long *id1, long long *id2);

#endif
