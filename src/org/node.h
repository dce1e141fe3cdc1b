/* The territory tree: 区 › 街道/镇 › 居民区 › 区块 › 楼组 › 楼 › 户. Each node stores its path
 * ('/1/5/23/': the ids of its ancestors and itself), so "everything under node N" is one
 * range scan on the path index: path >= '/1/5/' AND path < '/1/50' ('0' follows '/'). */
#ifndef MULIN_NODE_H
#define MULIN_NODE_H
#include <stdint.h>

#include "util/arena.h"
#include "web/i18n.h"

struct db;

enum node_kind {
    KIND_DISTRICT,    /* 区 */
    KIND_SUBDISTRICT, /* 街道 / 镇 */
    KIND_AREA,        /* 居民区: one deliberation hall each */
    KIND_BLOCK,       /* 区块 */
    KIND_GROUP,       /* 楼组 */
    KIND_BUILDING,    /* 楼 */
    KIND_HOUSEHOLD,   /* 户 */
    KIND_COUNT
};

enum { NODE_MAX_DEPTH = 8 }; /* 区 › 街道 › 居民区 › 区块 › 楼组 › 楼 › 户, and one to spare */

struct node {
    int64_t id;          /* row id */
    int64_t parent_id;   /* 0 for a root */
    enum node_kind kind; /* level in the tree */
    const char *name;    /* as people call it: 德州五村, 3号楼组, 1201室 */
    const char *path;    /* '/1/5/23/' */
    int64_t households;  /* households at or under it */
    int64_t people;      /* people in those households */
};

/* Database name of a kind ("area") and back (-1 when unknown). */
const char *node_kind_name(enum node_kind kind);
int node_kind_parse(const char *name);
/* The message naming a kind for people (居民区 / Residential area). */
enum msg node_kind_msg(enum node_kind kind);
/* The upper bound for a path-prefix range scan: '/1/5/' → '/1/50', in arena a. */
char *node_path_end(struct arena *a, const char *path);

/* Loads node id into out (strings in a); 0 on success, -1 when there is no such node. */
int node_get(struct db *db, struct arena *a, int64_t id, struct node *out);
/* Creates a child of parent (0 for a root) and returns its id; if a child with that name
 * already exists, returns the existing id. Returns -1 on a database error. Counts are not
 * touched: callers that add households finish with node_recount(). */
int64_t node_ensure(struct db *db, int64_t parent_id, enum node_kind kind, const char *name);
/* Adds dh households and dp people to the counts of every node on path (the node and its
 * ancestors), in the caller's transaction. 0 on success. */
int node_add_counts(struct db *db, const char *path, int64_t dh, int64_t dp);

/* Recomputes the counts of the node at path and everything under it from the tree, and
 * moves its ancestors' counts by the difference; path NULL recounts the whole tree. For bulk
 * changes (imports, the demo): node_ensure() and bulk inserts leave counts alone. 0 on
 * success. */
int node_recount(struct db *db, struct arena *a, const char *path);
/* Loads every node on path, root first (the node itself last), into *out (in a). Returns the
 * number loaded. */
size_t node_ancestors(struct db *db, struct arena *a, const char *path, struct node **out);
#endif
