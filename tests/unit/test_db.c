/* The database layer and the territory tree on a real SQLite file: migrations, node paths,
 * "everything under N" as a range, counts, constraints, backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db/db.h"
#include "org/node.h"
#include "org/person.h"

#include "db_fixture.h"

static void test_migrate_is_idempotent(void **state)
{
    struct db *db = *state;
    int v = db_migrate(db);
    assert_true(v >= 1);
    assert_int_equal(db_migrate(db), v);
    assert_int_equal(db_int(db, -1, "SELECT count(*) FROM schema_version", ""), v);
}

static void test_tree_paths_and_ranges(void **state)
{
    struct db *db = *state;
    struct arena a;
    arena_init(&a);
    int64_t root = node_ensure(db, 0, KIND_SUBDISTRICT, "上钢新村街道");
    int64_t area = node_ensure(db, root, KIND_AREA, "德州五村");
    int64_t other = node_ensure(db, root, KIND_AREA, "上钢二村");
    assert_true(root > 0 && area > 0 && other > 0);
    assert_int_equal(node_ensure(db, root, KIND_AREA, "德州五村"), area); /* found, not made */
    int64_t block = node_ensure(db, area, KIND_BLOCK, "东区");
    int64_t group = node_ensure(db, block, KIND_GROUP, "1号楼组");
    int64_t bld = node_ensure(db, group, KIND_BUILDING, "1号楼");
    for (int i = 0; i < 12; i++) {
        char name[16];
        snprintf(name, sizeof name, "%d室", 101 + i);
        assert_true(node_ensure(db, bld, KIND_HOUSEHOLD, name) > 0);
    }
    node_ensure(
        db,
        node_ensure(db, node_ensure(db, node_ensure(db, other, KIND_BLOCK, "x"), KIND_GROUP, "y"),
                    KIND_BUILDING, "z"),
        KIND_HOUSEHOLD, "101室");
    struct node n;
    assert_int_equal(node_get(db, &a, group, &n), 0);
    assert_int_equal(n.kind, KIND_GROUP);
    assert_string_equal(n.name, "1号楼组");
    char want[64];
    snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/", (long long)root, (long long)area,
             (long long)block, (long long)group);
    assert_string_equal(n.path, want);
    /* Counts come from node_recount: the whole tree, then a subtree after a change. */
    struct node sub, ar, hh;
    assert_int_equal(node_recount(db, &a, NULL), 0);
    node_get(db, &a, root, &sub);
    node_get(db, &a, area, &ar);
    assert_int_equal(ar.households, 12);
    assert_int_equal(sub.households, 13);
    int64_t home = node_ensure(db, bld, KIND_HOUSEHOLD, "101室"); /* exists: not counted again */
    assert_true(person_insert(db, home, "王秀英", "13800000001", NULL, NULL, 0) > 0);
    assert_true(person_insert(db, home, "李国庆", NULL, NULL, NULL, 0) > 0);
    node_ensure(db, bld, KIND_HOUSEHOLD, "201室");
    node_get(db, &a, group, &n);
    assert_int_equal(node_recount(db, &a, n.path), 0); /* only the group's subtree is recounted */
    node_get(db, &a, root, &sub);
    node_get(db, &a, area, &ar);
    node_get(db, &a, home, &hh);
    assert_int_equal(ar.households, 13);
    assert_int_equal(sub.households, 14);
    assert_int_equal(sub.people, 2);
    assert_int_equal(ar.people, 2);
    assert_int_equal(hh.people, 2);
    assert_int_equal(hh.households, 1);
    /* and they agree with counting the subtree */
    assert_int_equal(db_int(db, -1,
                            "SELECT count(*) FROM node WHERE kind = 'household' AND path >= ?"
                            " AND path < ?",
                            "ss", sub.path, node_path_end(&a, sub.path)),
                     sub.households);
    struct node *chain;
    assert_int_equal(node_ancestors(db, &a, n.path, &chain), 4);
    assert_string_equal(chain[0].name, "上钢新村街道");
    assert_string_equal(chain[3].name, "1号楼组");
    assert_int_equal(node_get(db, &a, 999999, &n), -1);
    arena_free(&a);
}

static void test_constraints_and_literals(void **state)
{
    struct db *db = *state;
    const char *evil = "'; DROP TABLE node; --";
    int64_t root = node_ensure(db, 0, KIND_DISTRICT, evil);
    assert_true(root > 0);
    assert_int_equal(db_int(db, 0, "SELECT count(*) FROM node WHERE name = ?", "s", evil), 1);
    /* a CHECK constraint refuses an unknown kind */
    assert_int_equal(db_exec(db,
                             "INSERT INTO node(parent_id, kind, name, path, depth)"
                             " VALUES (NULL, 'planet', 'x', '/x/', 0)",
                             ""),
                     DB_CONSTRAINT);
}

static void test_transactions_roll_back(void **state)
{
    struct db *db = *state;
    int64_t before = db_int(db, 0, "SELECT count(*) FROM node", "");
    assert_int_equal(db_begin(db), DB_DONE);
    node_ensure(db, 0, KIND_DISTRICT, "临时");
    assert_int_equal(db_int(db, 0, "SELECT count(*) FROM node", ""), before + 1);
    db_rollback(db);
    assert_int_equal(db_int(db, 0, "SELECT count(*) FROM node", ""), before);
}

/* The same SQL in use twice at once (a nested query) gets a second, one-off statement that
 * db_done() finalizes; the cached one is reused afterwards. */
static void test_nested_statements(void **state)
{
    struct db *db = *state;
    static const char sql[] = "SELECT count(*) FROM node WHERE id >= ?";
    struct db_stmt *outer = db_prepare(db, sql);
    db_bind(outer, "i", (int64_t)0);
    assert_int_equal(db_step(outer), DB_ROW);
    struct db_stmt *inner = db_prepare(db, sql);
    assert_ptr_not_equal(inner, outer);
    db_bind(inner, "i", (int64_t)1000000);
    assert_int_equal(db_step(inner), DB_ROW);
    assert_int_equal(db_column_int(inner, 0), 0);
    db_done(inner);
    assert_true(db_column_int(outer, 0) > 0); /* the outer row is untouched */
    db_done(outer);
    assert_ptr_equal(db_prepare(db, sql), outer); /* back from the cache */
    db_done(outer);
}

/* Bytes with NULs and every value, an empty blob and NULL come back as they went in. */
static void blob_round_trip(struct db *db)
{
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)(255 - i);
    assert_int_equal(db_script(db, "CREATE TABLE IF NOT EXISTS blob_t(id INTEGER, b BLOB);"
                                   "DELETE FROM blob_t;"),
                     DB_DONE);
    assert_int_equal(db_exec(db, "INSERT INTO blob_t(id, b) VALUES (?, ?)", "ib", (int64_t)1,
                             (const void *)bytes, sizeof bytes),
                     DB_DONE);
    assert_int_equal(db_exec(db, "INSERT INTO blob_t(id, b) VALUES (?, ?)", "ib", (int64_t)2,
                             (const void *)"", (size_t)0),
                     DB_DONE);
    assert_int_equal(db_exec(db, "INSERT INTO blob_t(id, b) VALUES (?, ?)", "in", (int64_t)3),
                     DB_DONE);
    struct db_stmt *st = db_prepare(db, "SELECT id, b FROM blob_t ORDER BY id");
    size_t len = 99;
    assert_int_equal(db_step(st), DB_ROW);
    const unsigned char *got = db_column_blob(st, 1, &len);
    assert_int_equal(len, sizeof bytes);
    assert_memory_equal(got, bytes, sizeof bytes);
    assert_int_equal(db_step(st), DB_ROW);
    assert_non_null(db_column_blob(st, 1, &len));
    assert_int_equal(len, 0);
    assert_false(db_column_null(st, 1));
    assert_int_equal(db_step(st), DB_ROW);
    len = 99;
    assert_null(db_column_blob(st, 1, &len));
    assert_int_equal(len, 0);
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    assert_int_equal(db_int(db, -1, "SELECT length(b) FROM blob_t WHERE id = 1", ""), 256);
    assert_int_equal(db_exec(db, "DROP TABLE blob_t", ""), DB_DONE);
}

static void test_blobs(void **state)
{
    blob_round_trip(*state);
}

/* The same on PostgreSQL (bytea) when the test runs beside a cluster: MULIN_PG_BASE as for the
 * HTTP tests ("host=... port=... user=...", database postgres). */
static void test_blobs_postgresql(void **state)
{
    (void)state;
    const char *base = getenv("MULIN_PG_BASE");
    if (!base) {
        skip();
        return;
    }
    char orig[128];
    snprintf(orig, sizeof orig, "%s", db_path());
    char target[512];
    snprintf(target, sizeof target, "%s dbname=postgres", base);
    db_configure(DB_POSTGRESQL, target);
    struct db *pg = db_open();
    assert_non_null(pg);
    db_exec(pg, "DROP TABLE IF EXISTS blob_t", "");
    blob_round_trip(pg);
    db_close(pg);
    db_configure(DB_SQLITE, orig);
}

static void test_backup_copies(void **state)
{
    struct db *db = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/copy.db", fixture_dir);
    assert_int_equal(db_backup(db, path), 0);
    assert_int_equal(access(path, R_OK), 0);
    char orig[128];
    snprintf(orig, sizeof orig, "%s", db_path());
    db_configure(DB_SQLITE, path);
    struct db *copy = db_open();
    assert_non_null(copy);
    assert_int_equal(db_int(copy, -1, "SELECT count(*) FROM node", ""),
                     db_int(db, -2, "SELECT count(*) FROM node", ""));
    db_close(copy);
    db_configure(DB_SQLITE, orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_is_idempotent),
        cmocka_unit_test(test_tree_paths_and_ranges),
        cmocka_unit_test(test_constraints_and_literals),
        cmocka_unit_test(test_transactions_roll_back),
        cmocka_unit_test(test_nested_statements),
        cmocka_unit_test(test_backup_copies),
        cmocka_unit_test(test_blobs),
        cmocka_unit_test(test_blobs_postgresql),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
