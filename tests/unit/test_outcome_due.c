/* notice_end_due on a real SQLite file, as the clock thread calls it (no person): a notice whose
 * period is over with no open objection ends and its topic moves to 执行中, recorded with no
 * actor; one with an open objection, one still running and one already ended stay as they are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "db/db.h"
#include "hall/outcome_store.h"

#include "db_fixture.h"

/* A topic in status with a resolution and a notice ending at ends_at; returns the notice id. */
static int64_t topic_with_notice(struct db *db, const char *status, int64_t ends_at,
                                 int64_t ended_at)
{
    int64_t t = db_int(db, 0,
                       "INSERT INTO topic(node_id, hall_node_id, tier, category, title,"
                       " description, suggestion, channel, proposer_id, entered_by, status,"
                       " created_at) VALUES (1, 1, 'estate', 'other', 'T', 'D', '', 'online', 1, 1,"
                       " ?, 0) RETURNING id",
                       "s", status);
    int64_t res = db_int(db, 0,
                         "INSERT INTO resolution(topic_id, text, responsible, deadline, funding,"
                         " source, created_by, created_at) VALUES (?, 'R', 'P', '2099-01-01',"
                         " 'none', 'hall', 1, 0) RETURNING id",
                         "i", t);
    int64_t n = db_int(db, 0,
                       "INSERT INTO notice(topic_id, resolution_id, starts_at, ends_at, ended_at)"
                       " VALUES (?, ?, ?, ?, nullif(?, 0)) RETURNING id",
                       "iiiii", t, res, ends_at - 86400, ends_at, ended_at);
    assert_true(t > 0 && res > 0 && n > 0);
    return n;
}

static const char *topic_status_of_notice(struct db *db, int64_t notice)
{
    static char out[32];
    struct db_stmt *st = db_prepare(
        db, "SELECT t.status FROM topic t JOIN notice n ON n.topic_id = t.id WHERE n.id = ?");
    db_bind(st, "i", notice);
    assert_int_equal(db_step(st), DB_ROW);
    snprintf(out, sizeof out, "%s", db_column_text(st, 0));
    db_done(st);
    return out;
}

static void test_due(void **state)
{
    struct db *db = *state;
    int64_t now = 2000000000;
    assert_int_equal(db_exec(db,
                             "INSERT INTO node(id, parent_id, kind, name, path, depth)"
                             " VALUES (1, NULL, 'area', '德州五村', '/1/', 0)",
                             ""),
                     DB_DONE);
    assert_int_equal(db_exec(db,
                             "INSERT INTO person(id, household_id, name, created_at)"
                             " VALUES (1, NULL, '张', 0)",
                             ""),
                     DB_DONE);
    int64_t due = topic_with_notice(db, "in_notice", now - 1, 0);
    int64_t exact = topic_with_notice(db, "in_notice", now, 0); /* ends_at == now is over */
    int64_t objected = topic_with_notice(db, "in_notice", now - 10, 0);
    int64_t running = topic_with_notice(db, "in_notice", now + 1, 0);
    int64_t ended = topic_with_notice(db, "deliberating", now - 100, now - 50);
    assert_int_equal(db_exec(db,
                             "INSERT INTO objection(notice_id, topic_id, person_id, household_id,"
                             " body, created_at) SELECT id, topic_id, 1, 1, '反对', 0 FROM notice"
                             " WHERE id = ?",
                             "i", objected),
                     DB_DONE);

    struct req r;
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    r.db = db;
    assert_int_equal(db_begin(db), DB_DONE);
    assert_int_equal(notice_end_due(&r, now), 2);
    assert_int_equal(db_commit(db), DB_DONE);
    arena_free(&r.arena);

    assert_string_equal(topic_status_of_notice(db, due), "in_execution");
    assert_string_equal(topic_status_of_notice(db, exact), "in_execution");
    assert_string_equal(topic_status_of_notice(db, objected), "in_notice");
    assert_string_equal(topic_status_of_notice(db, running), "in_notice");
    assert_string_equal(topic_status_of_notice(db, ended), "deliberating");
    assert_int_equal(db_int(db, -1, "SELECT ended_at FROM notice WHERE id = ?", "i", due), now);
    assert_int_equal(
        db_int(db, -1, "SELECT count(*) FROM notice WHERE id = ? AND ended_by IS NULL", "i", due),
        1);
    assert_int_equal(db_int(db, -1, "SELECT count(*) FROM notice WHERE ended_at IS NULL", ""), 2);
    /* The clock's step is in the history with no actor, and in the feed. */
    assert_int_equal(db_int(db, -1,
                            "SELECT count(*) FROM topic_event WHERE actor_id IS NULL"
                            " AND to_status = 'in_execution'",
                            ""),
                     2);
    assert_int_equal(db_int(db, -1, "SELECT count(*) FROM feed_item WHERE actor_id IS NULL", ""),
                     2);

    /* Nothing more is due: a second tick changes nothing. */
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    r.db = db;
    assert_int_equal(db_begin(db), DB_DONE);
    assert_int_equal(notice_end_due(&r, now), 0);
    assert_int_equal(db_commit(db), DB_DONE);
    arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_due, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
