#include "org/node.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

static const char *const kind_names[KIND_COUNT] = {
    "district", "subdistrict", "area", "block", "group", "building", "household",
};

static const enum msg kind_msgs[KIND_COUNT] = {
    M_KIND_DISTRICT, M_KIND_SUBDISTRICT, M_KIND_AREA,      M_KIND_BLOCK,
    M_KIND_GROUP,    M_KIND_BUILDING,    M_KIND_HOUSEHOLD,
};

const char *node_kind_name(enum node_kind kind)
{
    return kind < KIND_COUNT ? kind_names[kind] : "?";
}

int node_kind_parse(const char *name)
{
    for (int k = 0; k < KIND_COUNT; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

enum msg node_kind_msg(enum node_kind kind)
{
    return kind < KIND_COUNT ? kind_msgs[kind] : M_KIND_AREA;
}

char *node_path_end(struct arena *a, const char *path)
{
    size_t n = strlen(path);
    char *end = arena_strndup(a, path, n);
    if (n)
        end[n - 1] = '0';
    return end;
}

/* The columns every node query selects, in this order; strings are copied into a. */
#define NODE_COLUMNS "id, parent_id, kind, name, path, households, people"

static void node_from_row(struct db_stmt *st, struct arena *a, struct node *out)
{
    out->id = db_column_int(st, 0);
    out->parent_id = db_column_null(st, 1) ? 0 : db_column_int(st, 1);
    int k = node_kind_parse(db_column_text(st, 2));
    out->kind = k < 0 ? KIND_AREA : (enum node_kind)k;
    out->name = arena_strdup(a, db_column_text(st, 3));
    out->path = arena_strdup(a, db_column_text(st, 4));
    out->households = db_column_int(st, 5);
    out->people = db_column_int(st, 6);
}

int node_get(struct db *db, struct arena *a, int64_t id, struct node *out)
{
    struct db_stmt *st = db_prepare(db, "SELECT " NODE_COLUMNS " FROM node WHERE id = ?");
    db_bind(st, "i", id);
    int rc = -1;
    if (db_step(st) == DB_ROW) {
        node_from_row(st, a, out);
        rc = 0;
    }
    db_done(st);
    return rc;
}

int64_t node_ensure(struct db *db, int64_t parent_id, enum node_kind kind, const char *name)
{
    int64_t id =
        parent_id
            ? db_int(db, 0, "SELECT id FROM node WHERE parent_id = ? AND name = ?", "is", parent_id,
                     name)
            : db_int(db, 0, "SELECT id FROM node WHERE parent_id IS NULL AND name = ?", "s", name);
    if (id)
        return id;
    struct arena a;
    arena_init(&a);
    const char *parent_path = "/";
    int64_t depth = 0;
    if (parent_id) {
        struct node parent;
        if (node_get(db, &a, parent_id, &parent) != 0) {
            arena_free(&a);
            return -1;
        }
        parent_path = parent.path;
        for (const char *p = parent.path + 1; *p; p++)
            depth += *p == '/';
    }
    /* The path needs the new id: insert with a unique placeholder, then set it. */
    char *tmp = arena_printf(&a, "%s?%s", parent_path, name);
    int64_t rc = -1;
    /* nullif() turns the root's parent 0 into NULL. */
    id = db_int(db, 0,
                "INSERT INTO node(parent_id, kind, name, path, depth)"
                " VALUES (nullif(?, 0), ?, ?, ?, ?) RETURNING id",
                "isssi", parent_id, node_kind_name(kind), name, tmp, depth);
    if (id > 0) {
        char *path = arena_printf(&a, "%s%lld/", parent_path, (long long)id);
        if (db_exec(db, "UPDATE node SET path = ? WHERE id = ?", "si", path, id) == DB_DONE)
            rc = id;
    }
    arena_free(&a);
    return rc;
}

int node_add_counts(struct db *db, const char *path, int64_t dh, int64_t dp)
{
    /* One short UPDATE per ancestor (at most seven): the ids are in the path itself. */
    for (const char *p = path; *p == '/' && p[1];) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end != '/')
            return -1;
        if (db_exec(db,
                    "UPDATE node SET households = households + ?, people = people + ? WHERE id = ?",
                    "iii", dh, dp, (int64_t)id) != DB_DONE)
            return -1;
        p = end;
    }
    return 0;
}

size_t node_ancestors(struct db *db, struct arena *a, const char *path, struct node **out)
{
    /* The ids are in the path; one query with a fixed number of placeholders fetches them all
     * (one round trip on PostgreSQL instead of one per level). Unused slots bind 0, no id. */
    int64_t ids[NODE_MAX_DEPTH] = {0};
    size_t want = 0;
    for (const char *p = path; *p == '/' && p[1] && want < NODE_MAX_DEPTH;) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end != '/')
            break;
        ids[want++] = id;
        p = end;
    }
    *out = arena_alloc(a, (want ? want : 1) * sizeof **out);
    struct db_stmt *st = db_prepare(db, "SELECT " NODE_COLUMNS " FROM node"
                                        " WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?) ORDER BY depth");
    for (int i = 0; i < NODE_MAX_DEPTH; i++)
        db_bind_int(st, i + 1, ids[i]);
    size_t n = 0;
    while (n < want && db_step(st) == DB_ROW) {
        node_from_row(st, a, &(*out)[n++]);
    }
    db_done(st);
    return n;
}

int node_recount(struct db *db, struct arena *a, const char *path)
{
    int64_t top = 0, old_h = 0, old_p = 0;
    const char *lo = "", *hi = "\x7f";
    if (path) {
        struct db_stmt *st =
            db_prepare(db, "SELECT depth, households, people FROM node WHERE path = ?");
        db_bind(st, "s", path);
        bool found = db_step(st) == DB_ROW;
        if (found) {
            top = db_column_int(st, 0);
            old_h = db_column_int(st, 1);
            old_p = db_column_int(st, 2);
        }
        db_done(st);
        if (!found)
            return -1;
        lo = path;
        hi = node_path_end(a, path);
    }
    /* Bottom-up, one level at a time: a node's counts are its own (a household counts itself
     * and its people) plus its children's. Each step only looks at direct children through
     * the parent index. Repeated updates of one row in one transaction are what make
     * PostgreSQL slow (each leaves a row version behind), so every row is written once. */
    int64_t deepest =
        db_int(db, -1, "SELECT max(depth) FROM node WHERE path >= ? AND path < ?", "ss", lo, hi);
    for (int64_t d = deepest; d >= top; d--) {
        if (db_exec(
                db,
                "UPDATE node SET"
                " households = CASE WHEN kind = 'household' THEN 1 ELSE 0 END"
                "  + coalesce((SELECT sum(c.households) FROM node c"
                "   WHERE c.parent_id = node.id), 0),"
                " people = (SELECT count(*) FROM person p WHERE p.household_id = node.id)"
                "  + coalesce((SELECT sum(c.people) FROM node c WHERE c.parent_id = node.id), 0)"
                " WHERE depth = ? AND path >= ? AND path < ?",
                "iss", d, lo, hi) != DB_DONE)
            return -1;
    }
    if (!path || top == 0)
        return 0;
    /* The ancestors above the subtree change by what the subtree's top changed. */
    struct db_stmt *st = db_prepare(db, "SELECT households, people FROM node WHERE path = ?");
    db_bind(st, "s", path);
    int64_t new_h = old_h, new_p = old_p;
    if (db_step(st) == DB_ROW) {
        new_h = db_column_int(st, 0);
        new_p = db_column_int(st, 1);
    }
    db_done(st);
    size_t n = strlen(path);
    size_t cut = n - 1; /* the parent's path: drop the last "id/" */
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    return node_add_counts(db, arena_strndup(a, path, cut), new_h - old_h, new_p - old_p);
}
