/* The first lines of every handler that acts on a territory node: load the node, check the
 * person may do the action there, or answer 404/403 and stop. */
#ifndef MULIN_GUARD_H
#define MULIN_GUARD_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/perm.h"
#include "http/req.h"
#include "org/node.h"

/* Loads node id into out and checks action on it. False (with the error answered) when the
 * node does not exist or the person may not act there. */
bool guard_node(struct req *r, int64_t id, enum action action, struct node *out);
/* True when the signed-in person may do action on path (no answer written). */
bool may(struct req *r, const char *path, enum action action);

#endif
