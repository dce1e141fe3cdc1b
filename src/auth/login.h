/* Signing in, shared by the login page and the API: throttled per account and per address,
 * the password checked outside any transaction (argon2id is slow on purpose). */
#ifndef MULIN_LOGIN_H
#define MULIN_LOGIN_H
#include <stdint.h>

#include "http/req.h"

enum login_result {
    LOGIN_OK,        /* signed in: session created, cookie set */
    LOGIN_WRONG,     /* unknown account or wrong password */
    LOGIN_THROTTLED, /* too many failures: *wait says how many seconds to wait */
    LOGIN_ERROR,     /* database trouble */
};

/* Checks login (phone or user name) and password; on success starts a session (see
 * session_create) and stores the API token in *token. */
enum login_result login_attempt(struct req *r, const char *login, const char *password,
                                int64_t *wait, const char **token);

#endif
