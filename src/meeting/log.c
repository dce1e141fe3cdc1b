/* The meeting log on the database. Appending replays the log first, so the state can never
 * drift from the log; the replay starts from the state the process remembers for the log's
 * head (log_cache.h) when the database still holds that head, else from the setup (O(entries):
 * a meeting is at most a few thousand commands; 2,000 entries replay in 4-6 ms, see
 * bench/meeting.sh). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/log.h"
#include "meeting/log_cache.h"

/* The engine's answer says ok: true. */
static int answer_ok(const char *ans)
{
    json_t *j = ans ? json_loads(ans, 0, NULL) : NULL;
    int ok = json_is_true(json_object_get(j, "ok"));
    json_decref(j);
    return ok;
}

/* The setup line of a procedure script for SETUP, or NULL when SETUP is not a JSON object. */
static char *setup_line(const char *setup)
{
    json_t *su = json_loads(setup, 0, NULL);
    if (!json_is_object(su)) {
        json_decref(su);
        return NULL;
    }
    json_t *line = json_pack("{s:o}", "setup", su);
    char *s = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    return s;
}

int64_t meeting_create(struct db *db, int64_t hall_node_id, const char *title, const char *setup,
                       int64_t created_by, int64_t at, char **answer)
{
    *answer = NULL;
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return -1;
    char *line = setup_line(setup);
    *answer = line ? mt_script_line(&sc, line, strlen(line)) : NULL;
    free(line);
    mt_script_free(&sc);
    if (!answer_ok(*answer))
        return 0;
    struct db_stmt *st = db_prepare(db, "INSERT INTO meeting(hall_node_id, title, setup,"
                                        " created_by, created_at) VALUES (?, ?, ?, ?, ?)"
                                        " RETURNING id");
    db_bind(st, "issii", hall_node_id, title, setup, created_by, at);
    int64_t id = db_step(st) == DB_ROW ? db_column_int(st, 0) : -1;
    db_done(st);
    return id;
}

void meeting_run_free(struct meeting_run *run)
{
    mt_script_free(&run->sc);
}

int meeting_replay_full(struct db *db, int64_t id, struct meeting_run *run)
{
    if (mt_script_init(&run->sc) < 0)
        return -1;
    run->n = 0;
    struct db_stmt *st =
        db_prepare(db, "SELECT setup, created_at, created_by FROM meeting WHERE id = ?");
    db_bind(st, "i", id);
    char *line = NULL;
    if (db_step(st) == DB_ROW) {
        line = setup_line(db_column_text(st, 0));
        chain_genesis(db_column_int(st, 1), db_column_int(st, 2), db_column_text(st, 0), run->head);
    }
    db_done(st);
    char *ans = line ? mt_script_line(&run->sc, line, strlen(line)) : NULL;
    int ok = answer_ok(ans);
    free(ans);
    free(line);
    if (!ok) {
        meeting_run_free(run);
        return -1;
    }
    st = db_prepare(db, "SELECT command, hash FROM meeting_log WHERE meeting_id = ? ORDER BY seq");
    db_bind(st, "i", id);
    while (ok && db_step(st) == DB_ROW) {
        const char *cmd = db_column_text(st, 0);
        ans = mt_script_line(&run->sc, cmd, strlen(cmd));
        ok = answer_ok(ans);
        free(ans);
        run->n++;
        snprintf(run->head, sizeof run->head, "%s", db_column_text(st, 1));
    }
    db_done(st);
    if (!ok) {
        meeting_run_free(run);
        return -1;
    }
    return 0;
}

/* Brings a remembered RUN up to the log: the log must still hold entry run->n with hash
 * run->head (the chain then vouches for everything before it); the entries after it are
 * applied. 0; -1 when the log went another way or an entry does not replay (RUN is then only
 * fit to be freed). */
static int replay_after(struct db *db, int64_t id, struct meeting_run *run)
{
    struct db_stmt *st = db_prepare(db, "SELECT seq, command, hash FROM meeting_log"
                                        " WHERE meeting_id = ? AND seq >= ? ORDER BY seq");
    db_bind(st, "ii", id, run->n);
    int ok = db_step(st) == DB_ROW && db_column_int(st, 0) == run->n &&
             strcmp(db_column_text(st, 2), run->head) == 0;
    while (ok && db_step(st) == DB_ROW) {
        const char *cmd = db_column_text(st, 1);
        char *ans = mt_script_line(&run->sc, cmd, strlen(cmd));
        ok = answer_ok(ans) && db_column_int(st, 0) == run->n + 1;
        free(ans);
        run->n++;
        snprintf(run->head, sizeof run->head, "%s", db_column_text(st, 2));
    }
    db_done(st);
    return ok ? 0 : -1;
}

int meeting_replay(struct db *db, int64_t id, struct meeting_run *run)
{
    int cached = meeting_cache_get(id, run);
    if (cached < 0)
        return -1;
    if (cached) {
        int64_t n = run->n;
        if (replay_after(db, id, run) == 0) {
            meeting_cache_count(1);
            if (run->n != n)
                meeting_cache_put(id, run);
            return 0;
        }
        meeting_run_free(run);
    }
    meeting_cache_count(0);
    if (meeting_replay_full(db, id, run) < 0)
        return -1;
    meeting_cache_put(id, run);
    return 0;
}

int meeting_append(struct db *db, int64_t id, int64_t actor, int64_t at, const char *command,
                   char **answer, int64_t *seq)
{
    *answer = NULL;
    *seq = 0;
    struct meeting_run run;
    if (meeting_replay(db, id, &run) < 0)
        return -1;
    /* The stored form is the parsed object, compact, so what is hashed is what is replayed. */
    json_t *o = json_loads(command, 0, NULL);
    char *canon = json_is_object(o) ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_t *c = canon ? json_loads(canon, 0, NULL) : NULL;
    json_decref(o);
    /* A "setup" member would start another meeting inside this one's log: refused as bad
     * input, like any line the engine cannot read. */
    if (!canon || json_object_get(c, "setup")) {
        json_decref(c);
        free(canon);
        meeting_run_free(&run);
        *answer = strdup("{\"ok\": false, \"error\": \"E_BAD_INPUT\"}");
        return 0;
    }
    *answer = mt_script_line(&run.sc, canon, strlen(canon));
    int rc = 0;
    json_t *a = *answer ? json_loads(*answer, 0, NULL) : NULL;
    int query = json_is_string(json_object_get(c, "cmd")) &&
                strcmp(json_string_value(json_object_get(c, "cmd")), "QUERY") == 0;
    if (json_is_true(json_object_get(a, "ok")) && query) {
        rc = 2;
    } else if (json_is_true(json_object_get(a, "ok"))) {
        *seq = run.n + 1;
        char h[CHAIN_HEX];
        chain_hash(run.head, *seq, at, actor, canon, h);
        enum db_result r = db_exec(db,
                                   "INSERT INTO meeting_log(meeting_id, seq, at, actor_id,"
                                   " command, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   "iiiisss", id, *seq, at, actor, canon, run.head, h);
        rc = r == DB_DONE ? 1 : r == DB_CONSTRAINT ? -2 : -1;
        if (rc == 1) {
            /* The state after this entry, for the next command; should the transaction roll
             * back, the log will not hold this hash and the cache is passed over. */
            run.n = *seq;
            memcpy(run.head, h, sizeof run.head);
            meeting_cache_put(id, &run);
        }
    }
    json_decref(a);
    json_decref(c);
    free(canon);
    meeting_run_free(&run);
    return rc;
}

int64_t meeting_verify(struct db *db, int64_t id)
{
    char prev[CHAIN_HEX];
    struct db_stmt *st =
        db_prepare(db, "SELECT setup, created_at, created_by FROM meeting WHERE id = ?");
    db_bind(st, "i", id);
    int found = db_step(st) == DB_ROW;
    if (found)
        chain_genesis(db_column_int(st, 1), db_column_int(st, 2), db_column_text(st, 0), prev);
    db_done(st);
    if (!found)
        return -1;
    st = db_prepare(db, "SELECT seq, at, actor_id, command, prev_hash, hash FROM meeting_log"
                        " WHERE meeting_id = ? ORDER BY seq");
    db_bind(st, "i", id);
    int64_t want = 1, bad = 0;
    while (db_step(st) == DB_ROW) {
        struct chain_entry e = {db_column_int(st, 0),  db_column_int(st, 1),
                                db_column_int(st, 2),  db_column_text(st, 3),
                                db_column_text(st, 4), db_column_text(st, 5)};
        if (!chain_entry_ok(&e, want, prev)) {
            bad = want;
            break;
        }
        snprintf(prev, sizeof prev, "%s", e.hash);
        want++;
    }
    db_done(st);
    return bad;
}
