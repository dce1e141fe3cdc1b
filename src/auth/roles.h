/* Giving and taking roles on a node, with the audit record; shared by the page and the API. */
#ifndef MULIN_ROLES_H
#define MULIN_ROLES_H
#include <stdint.h>

#include "auth/perm.h"
#include "http/req.h"
#include "org/node.h"

enum roles_result {
    ROLES_OK,
    ROLES_NOT_ALLOWED, /* the actor may not give this role here */
    ROLES_NO_PERSON,   /* no such person */
    ROLES_ERROR,       /* database trouble */
};

/* Gives (grant true) or takes (false) role on node n to/from person, in the request's
 * transaction. Granting twice is not an error. */
enum roles_result roles_set(struct req *r, const struct node *n, int64_t person, enum role role,
                            bool grant);

#endif
