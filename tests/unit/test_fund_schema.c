/* The fund's tables guard the ledger on their own, whatever the C code does: the line CHECK
 * refuses spending beyond what a line has, the pool CHECKs refuse a broken share rule and
 * over-commitment, an entry is reversed at most once, and ledger rows can be neither changed
 * nor removed (SQLite here; tests/http/fund.test.mjs shows the triggers on PostgreSQL too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

/* Ids of the rows every test builds on: an area, a person, a topic, a pool, a project and a
 * line of ¥1,000 approved and ¥0 spent. */
static int64_t line_id, entry_id, pool_id;

static void seed(struct db *db)
{
    assert_int_equal(db_exec(db,
                             "INSERT INTO node(id, kind, name, path, depth)"
                             " VALUES (1, 'area', '德州五村', '/1/', 0)",
                             ""),
                     DB_DONE);
    assert_int_equal(db_exec(db, "INSERT INTO person(id, name, created_at) VALUES (1, 'x', 0)", ""),
                     DB_DONE);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO topic(id, node_id, hall_node_id, tier, category, title,"
                " description, suggestion, channel, proposer_id, entered_by, status, created_at)"
                " VALUES (1, 1, 1, 'estate', 'facilities', 't', 'd', '', 'online', 1, 1,"
                " 'resolved', 0)",
                ""),
        DB_DONE);
    pool_id = db_int(db, 0,
                     "INSERT INTO fund_pool(area_node_id, year, working_fen, service_fen,"
                     " project_fen, share_num, share_den, committed_fen, created_by, created_at)"
                     " VALUES (1, 2026, 5000000, 2000000, 3000000, 30, 100, 100000, 1, 0)"
                     " RETURNING id",
                     "");
    assert_true(pool_id > 0);
    int64_t project = db_int(db, 0,
                             "INSERT INTO fund_project(pool_id, hall_node_id, topic_id, leader_id,"
                             " name, total_fen, approved_fen, status, created_by, created_at)"
                             " VALUES (?, 1, 1, 1, 'p', 100000, 100000, 'in_progress', 1, 0)"
                             " RETURNING id",
                             "i", pool_id);
    assert_true(project > 0);
    line_id = db_int(db, 0,
                     "INSERT INTO fund_budget_line(project_id, pos, name, asked_fen, approved_fen)"
                     " VALUES (?, 1, 'l', 100000, 100000) RETURNING id",
                     "i", project);
    entry_id =
        db_int(db, 0,
               "INSERT INTO fund_entry(pool_id, project_id, line_id, kind, amount_fen,"
               " created_by, created_at) VALUES (?, ?, ?, 'expense', 100, 1, 0) RETURNING id",
               "iii", pool_id, project, line_id);
    assert_true(line_id > 0 && entry_id > 0);
}

static void test_guards(void **state)
{
    struct db *db = *state;
    seed(db);
    /* A line spends up to what it has, and not a fen more. */
    assert_int_equal(
        db_exec(db, "UPDATE fund_budget_line SET spent_fen = 100000 WHERE id = ?", "i", line_id),
        DB_DONE);
    assert_int_equal(
        db_exec(db, "UPDATE fund_budget_line SET spent_fen = 100001 WHERE id = ?", "i", line_id),
        DB_CONSTRAINT);
    assert_int_equal(
        db_exec(db, "UPDATE fund_budget_line SET approved_fen = 100001 WHERE id = ?", "i", line_id),
        DB_CONSTRAINT); /* above what was asked */
    /* The pool: the share rule and its commitments. */
    assert_int_equal(
        db_exec(db, "UPDATE fund_pool SET project_fen = 2999999 WHERE id = ?", "i", pool_id),
        DB_CONSTRAINT);
    assert_int_equal(
        db_exec(db, "UPDATE fund_pool SET committed_fen = 3000001 WHERE id = ?", "i", pool_id),
        DB_CONSTRAINT);
    /* Entries: positive unless a reversal, a reversal names what it reverses, once. */
    assert_int_equal(db_exec(db,
                             "INSERT INTO fund_entry(pool_id, kind, amount_fen, created_by,"
                             " created_at) VALUES (?, 'expense', -5, 1, 0)",
                             "i", pool_id),
                     DB_CONSTRAINT);
    assert_int_equal(db_exec(db,
                             "INSERT INTO fund_entry(pool_id, kind, amount_fen, created_by,"
                             " created_at) VALUES (?, 'reverse', -100, 1, 0)",
                             "i", pool_id),
                     DB_CONSTRAINT);
    assert_int_equal(db_exec(db,
                             "INSERT INTO fund_entry(pool_id, line_id, kind, amount_fen,"
                             " reversal_of, created_by, created_at)"
                             " VALUES (?, ?, 'reverse', -100, ?, 1, 0)",
                             "iii", pool_id, line_id, entry_id),
                     DB_DONE);
    assert_int_equal(db_exec(db,
                             "INSERT INTO fund_entry(pool_id, line_id, kind, amount_fen,"
                             " reversal_of, created_by, created_at)"
                             " VALUES (?, ?, 'reverse', -100, ?, 1, 0)",
                             "iii", pool_id, line_id, entry_id),
                     DB_CONSTRAINT);
    assert_int_equal(db_exec(db,
                             "INSERT INTO fund_entry(pool_id, kind, amount_fen, created_by,"
                             " created_at) VALUES (?, 'expense', 10000000001, 1, 0)",
                             "i", pool_id),
                     DB_CONSTRAINT);
    /* Ledger rows never change. */
    assert_int_not_equal(
        db_exec(db, "UPDATE fund_entry SET amount_fen = 1 WHERE id = ?", "i", entry_id), DB_DONE);
    assert_int_not_equal(db_exec(db, "DELETE FROM fund_entry WHERE id = ?", "i", entry_id),
                         DB_DONE);
    assert_int_equal(db_int(db, 0, "SELECT amount_fen FROM fund_entry WHERE id = ?", "i", entry_id),
                     100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_guards, setup, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
