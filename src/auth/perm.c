#include "auth/perm.h"

#include <string.h>

#define A(x) (1u << (x))

/* What each role may do on its node and below. Directors, chairs and recorders act in halls
 * and meetings; the hall and meeting areas add their actions here. */
#define HALL_STAFF                                                                                 \
    (A(ACT_SCREEN_TOPIC) | A(ACT_MODERATE) | A(ACT_RUN_POLL) | A(ACT_RESOLVE) | A(ACT_VIEW_STATS))
static const unsigned role_actions[ROLE_COUNT] = {
    [ROLE_RESIDENT] = A(ACT_VIEW_PEOPLE),
    [ROLE_GROUP_LEADER] = A(ACT_VIEW_PEOPLE) | A(ACT_VIEW_PHONE) | A(ACT_INVITE) |
                          A(ACT_ENTER_TOPIC) | A(ACT_ENTER_BALLOTS),
    /* Standing directors run the hall between meetings; a chair runs the votes of a session. */
    [ROLE_DIRECTOR] = HALL_STAFF,
    [ROLE_CHAIR] = A(ACT_RUN_POLL) | A(ACT_RESOLVE),
    [ROLE_RECORDER] = 0,
    [ROLE_WORKER] = A(ACT_VIEW_PEOPLE) | A(ACT_VIEW_PHONE) | A(ACT_IMPORT_ROSTER) |
                    A(ACT_GRANT_ROLE) | A(ACT_INVITE) | A(ACT_ENTER_TOPIC) | A(ACT_ENTER_BALLOTS) |
                    HALL_STAFF | A(ACT_FUND_EXPENSE),
    [ROLE_ADMIN] = A(ACT_VIEW_PEOPLE) | A(ACT_VIEW_PHONE) | A(ACT_IMPORT_ROSTER) |
                   A(ACT_GRANT_ROLE) | A(ACT_INVITE) | A(ACT_ENTER_TOPIC) | A(ACT_ENTER_BALLOTS) |
                   HALL_STAFF | A(ACT_FUND_REVIEW) | A(ACT_FUND_EXPENSE),
};

/* Which roles each role may hand out: a worker appoints residents' roles in their area; only
 * the subdistrict appoints workers and admins. */
static const unsigned role_grantable[ROLE_COUNT] = {
    [ROLE_WORKER] = A(ROLE_GROUP_LEADER) | A(ROLE_DIRECTOR) | A(ROLE_CHAIR) | A(ROLE_RECORDER),
    [ROLE_ADMIN] = A(ROLE_GROUP_LEADER) | A(ROLE_DIRECTOR) | A(ROLE_CHAIR) | A(ROLE_RECORDER) |
                   A(ROLE_WORKER) | A(ROLE_ADMIN),
};

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_RESIDENT] = "resident", [ROLE_GROUP_LEADER] = "group_leader",
    [ROLE_DIRECTOR] = "director", [ROLE_CHAIR] = "chair",
    [ROLE_RECORDER] = "recorder", [ROLE_WORKER] = "worker",
    [ROLE_ADMIN] = "admin",
};

bool perm_path_within(const char *path, const char *ancestor_path)
{
    /* Paths end in '/', so a prefix match is a whole-segment match: '/1/2/3/' never matches
     * '/1/2/30/'. Anything else is not a path and matches nothing. */
    size_t n = strlen(ancestor_path);
    return n > 0 && ancestor_path[n - 1] == '/' && strncmp(path, ancestor_path, n) == 0;
}

bool perm_allows(const struct grant *grants, size_t n, const char *node_path, enum action action)
{
    if (action >= ACT_COUNT)
        return false;
    /* The territory tree itself is no secret: any signed-in person may browse it. */
    if (action == ACT_VIEW_TREE)
        return n > 0;
    for (size_t i = 0; i < n; i++) {
        if (grants[i].role < ROLE_COUNT && (role_actions[grants[i].role] & A(action)) &&
            perm_path_within(node_path, grants[i].path))
            return true;
    }
    return false;
}

bool perm_can_grant(const struct grant *grants, size_t n, const char *node_path, enum role role)
{
    if (role >= ROLE_COUNT || role == ROLE_RESIDENT)
        return false; /* residence comes from the roster, never from a grant */
    for (size_t i = 0; i < n; i++) {
        if (grants[i].role < ROLE_COUNT && (role_grantable[grants[i].role] & A(role)) &&
            perm_path_within(node_path, grants[i].path))
            return true;
    }
    return false;
}

const char *role_name(enum role role)
{
    return role < ROLE_COUNT ? role_names[role] : "?";
}

int role_parse(const char *name)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(role_names[r], name) == 0)
            return r;
    return -1;
}
