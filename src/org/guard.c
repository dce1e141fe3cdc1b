#include "org/guard.h"

#include "web/respond.h"

bool may(struct req *r, const char *path, enum action action)
{
    /* Browsing needs only a signed-in person, also one with no household and no role yet
     * (perm_allows cannot tell such a person from nobody). */
    if (action == ACT_VIEW_TREE)
        return r->person_id != 0;
    return perm_allows(r->grants, r->ngrants, path, action);
}

bool guard_node(struct req *r, int64_t id, enum action action, struct node *out)
{
    if (node_get(r->db, &r->arena, id, out) != 0) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return false;
    }
    if (!may(r, out->path, action)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return false;
    }
    return true;
}
