/* The cache of replayed meeting states (src/meeting/log_cache.h) on a real SQLite file: after
 * every append the cached replay gives exactly what a full replay from the setup gives (the
 * engine's QUERY answer, the log's length and head), and the cache is really used; an append
 * rolled back, an entry another server node appended, and a log that went another way at the
 * cached seq are all noticed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "meeting/chain.h"
#include "meeting/log.h"
#include "meeting/log_cache.h"

static const char SETUP[] = "{\"level\":\"ESTATE\",\"chair\":\"p1\",\"members\":[\"p2\",\"p3\","
                            "\"p4\",\"p5\",\"p6\"]}";

/* A realistic stretch of business, each line accepted in order. */
static const char *const COMMANDS[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p3\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p4\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p5\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"p1\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"p1\",\"item\":\"I1\",\"level\":\"ESTATE\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"p2\",\"type\":\"MAIN\",\"text\":\"楼道照明改造\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"p3\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p1\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p2\",\"stance\":\"PRO\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p1\",\"member\":\"p2\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"p2\"}",
    "{\"cmd\":\"END_SPEECH\",\"actor\":\"p2\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p4\",\"stance\":\"CON\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p1\",\"member\":\"p4\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"p4\"}",
    "{\"cmd\":\"END_SPEECH\",\"actor\":\"p4\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p1\",\"method\":\"HANDS\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"p3\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"p4\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"p5\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p1\"}",
};
#define NCOMMANDS (int)(sizeof COMMANDS / sizeof *COMMANDS)

static int64_t new_meeting(struct db *db)
{
    assert_int_equal(db_exec(db,
                             "INSERT INTO node(id, parent_id, kind, name, path, depth)"
                             " VALUES (1, NULL, 'area', '德州五村', '/1/', 0)",
                             ""),
                     DB_DONE);
    assert_int_equal(
        db_exec(db,
                "INSERT INTO person(id, household_id, name, created_at) VALUES (1, NULL, '张', 0)",
                ""),
        DB_DONE);
    char *answer = NULL;
    int64_t id = meeting_create(db, 1, "议事会", SETUP, 1, 1000, &answer);
    free(answer);
    assert_true(id > 0);
    return id;
}

/* The engine's QUERY answer for RUN (malloc'd). */
static char *query(struct meeting_run *run)
{
    static const char q[] = "{\"cmd\":\"QUERY\"}";
    char *a = mt_script_line(&run->sc, q, sizeof q - 1);
    assert_non_null(a);
    return a;
}

/* meeting_replay (cached) and meeting_replay_full agree on everything, and on length n. */
static void same_as_full(struct db *db, int64_t id, int64_t n)
{
    struct meeting_run cached, full;
    assert_int_equal(meeting_replay(db, id, &cached), 0);
    assert_int_equal(meeting_replay_full(db, id, &full), 0);
    assert_int_equal(cached.n, n);
    assert_int_equal(full.n, n);
    assert_string_equal(cached.head, full.head);
    char *a = query(&cached), *b = query(&full);
    assert_string_equal(a, b);
    assert_int_equal(memcmp(cached.sc.m, full.sc.m, sizeof *full.sc.m), 0);
    free(a);
    free(b);
    meeting_run_free(&cached);
    meeting_run_free(&full);
}

static int append(struct db *db, int64_t id, const char *cmd, int64_t *seq)
{
    char *answer = NULL;
    int rc = meeting_append(db, id, 1, 2000, cmd, &answer, seq);
    free(answer);
    return rc;
}

static void cached_equals_full_after_every_append(void **state)
{
    struct db *db = *state;
    meeting_cache_clear();
    int64_t id = new_meeting(db);
    long hits0, misses0;
    meeting_cache_stats(&hits0, &misses0);
    for (int i = 0; i < NCOMMANDS; i++) {
        int64_t seq = 0;
        assert_int_equal(db_begin(db), DB_DONE);
        assert_int_equal(append(db, id, COMMANDS[i], &seq), 1);
        assert_int_equal(db_commit(db), DB_DONE);
        assert_int_equal(seq, i + 1);
        same_as_full(db, id, i + 1);
    }
    long hits, misses;
    meeting_cache_stats(&hits, &misses);
    /* Only the first append (an empty log is not cached) replays in full; the replays after
     * each append and every append after the first start from the cache. */
    assert_int_equal(misses - misses0, 1);
    assert_int_equal(hits - hits0, 2 * NCOMMANDS - 1);
    /* A refused command changes neither the log nor the cached state. */
    int64_t seq = 0;
    assert_int_equal(append(db, id, "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"YES\"}", &seq),
                     0);
    same_as_full(db, id, NCOMMANDS);
}

static void rolled_back_append_is_passed_over(void **state)
{
    struct db *db = *state;
    meeting_cache_clear();
    int64_t id = new_meeting(db);
    int64_t seq = 0;
    for (int i = 0; i < 8; i++)
        assert_int_equal(append(db, id, COMMANDS[i], &seq), 1);
    /* The ninth is appended (and cached) in a transaction that rolls back. */
    assert_int_equal(db_begin(db), DB_DONE);
    assert_int_equal(append(db, id, COMMANDS[8], &seq), 1);
    assert_int_equal(seq, 9);
    db_rollback(db);
    same_as_full(db, id, 8);
    /* Another command takes seq 9; the state is its, not the rolled-back one's. */
    assert_int_equal(append(db, id, "{\"cmd\":\"WITHDRAW\",\"actor\":\"p2\"}", &seq), 1);
    assert_int_equal(seq, 9);
    same_as_full(db, id, 9);
    struct meeting_run run;
    assert_int_equal(meeting_replay(db, id, &run), 0);
    char *q = query(&run);
    assert_non_null(strstr(q, "WITHDRAWN"));
    free(q);
    meeting_run_free(&run);
}

/* Appends COMMAND as entry SEQ directly, as another server node would. */
static void other_node_appends(struct db *db, int64_t id, int64_t seq, const char *command)
{
    struct db_stmt *st =
        db_prepare(db, "SELECT hash FROM meeting_log WHERE meeting_id = ? AND seq = ?");
    db_bind(st, "ii", id, seq - 1);
    assert_int_equal(db_step(st), DB_ROW);
    char prev[CHAIN_HEX], h[CHAIN_HEX];
    strcpy(prev, db_column_text(st, 0));
    db_done(st);
    chain_hash(prev, seq, 3000, 1, command, h);
    assert_int_equal(db_exec(db,
                             "INSERT INTO meeting_log(meeting_id, seq, at, actor_id, command,"
                             " prev_hash, hash) VALUES (?, ?, 3000, 1, ?, ?, ?)",
                             "iisss", id, seq, command, prev, h),
                     DB_DONE);
}

static void other_nodes_entries_are_applied_or_replayed(void **state)
{
    struct db *db = *state;
    meeting_cache_clear();
    int64_t id = new_meeting(db);
    int64_t seq = 0;
    for (int i = 0; i < 10; i++)
        assert_int_equal(append(db, id, COMMANDS[i], &seq), 1);
    /* Entries after the cached head: applied on top of it. */
    other_node_appends(db, id, 11, COMMANDS[10]);
    other_node_appends(db, id, 12, COMMANDS[11]);
    long h0, m0, h1, m1;
    meeting_cache_stats(&h0, &m0);
    same_as_full(db, id, 12);
    meeting_cache_stats(&h1, &m1);
    assert_int_equal(h1 - h0, 1);
    assert_int_equal(m1 - m0, 0);
    /* The log went another way at the cached seq (entry 12 replaced): a full replay. */
    assert_int_equal(
        db_exec(db, "DELETE FROM meeting_log WHERE meeting_id = ? AND seq = 12", "i", id), DB_DONE);
    other_node_appends(db, id, 12, "{\"cmd\":\"ATTEND\",\"actor\":\"p6\"}");
    meeting_cache_stats(&h0, &m0);
    same_as_full(db, id, 12);
    meeting_cache_stats(&h1, &m1);
    assert_int_equal(m1 - m0, 1);
    /* Shorter than the cached head (entries deleted): a full replay too. */
    assert_int_equal(
        db_exec(db, "DELETE FROM meeting_log WHERE meeting_id = ? AND seq > 10", "i", id), DB_DONE);
    same_as_full(db, id, 10);
}

static void many_meetings_share_the_slots(void **state)
{
    struct db *db = *state;
    meeting_cache_clear();
    int64_t first = new_meeting(db);
    int64_t ids[MEETING_CACHE_SLOTS + 3];
    ids[0] = first;
    for (int k = 1; k < MEETING_CACHE_SLOTS + 3; k++) {
        char *answer = NULL;
        ids[k] = meeting_create(db, 1, "议事会", SETUP, 1, 1000 + k, &answer);
        free(answer);
        assert_true(ids[k] > 0);
    }
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < MEETING_CACHE_SLOTS + 3; k++) {
            int64_t seq = 0;
            assert_int_equal(append(db, ids[k], COMMANDS[round], &seq), 1);
            assert_int_equal(seq, round + 1);
        }
    for (int k = 0; k < MEETING_CACHE_SLOTS + 3; k++)
        same_as_full(db, ids[k], 3);
    meeting_cache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cached_equals_full_after_every_append, setup, teardown),
        cmocka_unit_test_setup_teardown(rolled_back_append_is_passed_over, setup, teardown),
        cmocka_unit_test_setup_teardown(other_nodes_entries_are_applied_or_replayed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(many_meetings_share_the_slots, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
