/* Who may do what, where: one pure function of (a person's role grants, a territory node,
 * an action). No I/O; tested as a full matrix in tests/unit/test_perm.c.
 *
 * A grant holds on its node and everything under it: a 居委 worker of 德州五村 acts on every
 * block, group and household of 德州五村 and nowhere else. Nodes are identified by their path
 * ('/1/5/23/', the ids of the node's ancestors and itself), so "under" is a prefix test. */
#ifndef MULIN_PERM_H
#define MULIN_PERM_H
#include <stdbool.h>
#include <stddef.h>

enum role {
    ROLE_RESIDENT,     /* 居民: member of a household (implied by the household) */
    ROLE_GROUP_LEADER, /* 楼组长: building-group leader */
    ROLE_DIRECTOR,     /* 常任理事: standing director of a hall */
    ROLE_CHAIR,        /* 主持人: meeting chair */
    ROLE_RECORDER,     /* 记录员: meeting recorder */
    ROLE_WORKER,       /* 居委 worker */
    ROLE_ADMIN,        /* 街道 admin */
    ROLE_COUNT
};

enum action {
    ACT_VIEW_TREE,     /* browse nodes, their children and counts (any signed-in person) */
    ACT_VIEW_PEOPLE,   /* list households and people under a node, phones masked */
    ACT_VIEW_PHONE,    /* see phone numbers in full */
    ACT_IMPORT_ROSTER, /* import a residents' roster into an area */
    ACT_GRANT_ROLE,    /* give or take roles (which roles: perm_can_grant) */
    ACT_INVITE,        /* print invitation codes for people to claim their accounts */
    ACT_SCREEN_TOPIC,  /* screen a hall's topics and see who proposed an anonymous one */
    ACT_ENTER_TOPIC,   /* enter a topic collected offline on behalf of a resident */
    ACT_MODERATE,      /* hide an opinion in a hall's online deliberation, with a reason */
    ACT_RUN_POLL,      /* open, close and set the rules of a hall's polls */
    ACT_ENTER_BALLOTS, /* enter paper ballots with their numbers */
    ACT_RESOLVE,       /* record resolutions, rule on objections, run execution, close topics */
    ACT_VIEW_STATS,    /* read a hall's statistics, names of participants aside */
    ACT_FUND_REVIEW,   /* 自治金: set an area's pools, review projects, close the year */
    ACT_FUND_EXPENSE,  /* 自治金: approve, reverse and reallocate a project's spending */
    ACT_COUNT
};

struct grant {
    const char *path; /* path of the node the role is held on */
    enum role role;   /* the role held there */
};

/* True when a person holding grants[0..n) may do action on the node with path node_path. */
bool perm_allows(const struct grant *grants, size_t n, const char *node_path, enum action action);
/* True when the holder of grants may give (or take) role on node_path. */
bool perm_can_grant(const struct grant *grants, size_t n, const char *node_path, enum role role);
/* True when path lies at or under ancestor_path. */
bool perm_path_within(const char *path, const char *ancestor_path);

/* The stable database name of a role ("group_leader"), and back; role_parse returns -1 for an
 * unknown name. */
const char *role_name(enum role role);
int role_parse(const char *name);

#endif
