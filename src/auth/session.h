/* Sign-in sessions, stored in the database so every server node sees every session. The
 * browser holds a random token in an HttpOnly cookie; the database holds only its hash. */
#ifndef MULIN_SESSION_H
#define MULIN_SESSION_H
#include <stdint.h>

#include "http/req.h"

enum { SESSION_DAYS = 30 };

/* Finds the session from the mulin_session cookie or an Authorization: Bearer header and fills
 * r->person_id, person_name, csrf, grants and lang. Anonymous requests get the csrf cookie's
 * token, if any. */
void session_load(struct req *r);
/* Starts a session for person: stores it, sets the cookie and fills r as session_load would.
 * Returns the token (in r's arena) for API clients. NULL on a database error. */
const char *session_create(struct req *r, int64_t person_id);
/* Stores a new session for person and returns its token (in a), its CSRF token in *csrf; NULL
 * on a database error. For session_create and for `mulin session issue`. */
const char *session_issue(struct db *db, struct arena *a, int64_t person_id, const char **csrf);
/* Ends the request's session, if any, and clears the cookie. */
void session_destroy(struct req *r);
/* Ends every other session of the signed-in person (after a password change: whoever knew
 * the old password is signed out everywhere). */
void session_end_others(struct req *r);
/* Loads r->grants for r->person_id (roles held plus residence). */
void session_load_grants(struct req *r);

#endif
