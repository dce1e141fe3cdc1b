/* The SQLite backend: the default, zero-setup store in one file. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"
#include "util/log.h"
#include "util/xmalloc.h"

struct sq_stmt {
    struct db_stmt base; /* must be first */
    sqlite3_stmt *stmt;  /* the compiled statement */
};

struct sq_db {
    struct db base; /* must be first */
    sqlite3 *conn;  /* the connection */
    bool writing;   /* holds sq_writer: between sq_begin and its commit or rollback */
};

/* One writer at a time in this process, queued on a mutex. SQLite lets one connection write at
 * a time anyway; without this, the others wait in its busy handler, which sleeps in steps of up
 * to 100 ms and wakes late: under a burst of votes p99 reached 2.5 s while each write took
 * about 2 ms. Other processes (the command line) still meet the busy timeout. */
static pthread_mutex_t sq_writer = PTHREAD_MUTEX_INITIALIZER;
static void sq_release(struct sq_db *db);
/* How long a writer waits for another: SQLite's busy timeout, and as long for the mutex, so a
 * writer that cannot get in fails the same way either way (a thread that began on one
 * connection and begins on another of the same process gets an error, not a deadlock). */
enum { SQ_BUSY_MS = 5000 };

/* SQLite's memory statistics take a global mutex on every allocation; nothing reads them. */
static pthread_once_t sq_config_once = PTHREAD_ONCE_INIT;

static void sq_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static struct db *sq_open(const char *path)
{
    pthread_once(&sq_config_once, sq_configure);
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(
        path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_msg("cannot open database '%s': %s", path,
                conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, SQ_BUSY_MS);
    /* WAL lets readers run beside the one writer; synchronous=FULL makes every acknowledged
     * commit durable across power loss. */
    char *err = NULL;
    if (sqlite3_exec(conn,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                     "PRAGMA temp_store=MEMORY;",
                     NULL, NULL, &err) != SQLITE_OK) {
        log_msg("cannot configure database '%s': %s", path, err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(conn);
        return NULL;
    }
    struct sq_db *db = xcalloc(1, sizeof *db);
    db->base.be = &db_sqlite;
    db->conn = conn;
    return &db->base;
}

static void sq_close(struct db *base)
{
    struct sq_db *db = (struct sq_db *)base;
    sq_release(db); /* closed in a transaction: SQLite rolls it back */
    sqlite3_close(db->conn);
    free(db);
}

static struct db_stmt *sq_compile(struct db *base, const char *sql)
{
    struct sq_db *db = (struct sq_db *)base;
    struct sq_stmt *st = xcalloc(1, sizeof *st);
    if (sqlite3_prepare_v2(db->conn, sql, -1, &st->stmt, NULL) != SQLITE_OK) {
        log_msg("cannot prepare '%s': %s", sql, sqlite3_errmsg(db->conn));
        abort(); /* SQL that does not compile is a bug, never input */
    }
    return &st->base;
}

static void sq_bind_int(struct db_stmt *base, int idx, int64_t v)
{
    sqlite3_bind_int64(((struct sq_stmt *)base)->stmt, idx, v);
}

static void sq_bind_text(struct db_stmt *base, int idx, const char *s)
{
    sqlite3_stmt *stmt = ((struct sq_stmt *)base)->stmt;
    if (s)
        sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, idx);
}

static void sq_bind_blob(struct db_stmt *base, int idx, const void *data, size_t len)
{
    /* sqlite3_bind_blob64 with a NULL pointer binds NULL; "" keeps an empty blob a blob. */
    sqlite3_bind_blob64(((struct sq_stmt *)base)->stmt, idx, data ? data : "", len,
                        SQLITE_TRANSIENT);
}

static enum db_result map_rc(struct sq_db *db, int rc, const char *what)
{
    switch (rc) {
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_CONSTRAINT:
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_msg("database busy in '%s'", what);
        return DB_BUSY;
    default:
        log_msg("database error in '%s': %s", what, sqlite3_errmsg(db->conn));
        return DB_ERROR;
    }
}

static enum db_result sq_step(struct db_stmt *base)
{
    struct sq_stmt *st = (struct sq_stmt *)base;
    return map_rc((struct sq_db *)base->db, sqlite3_step(st->stmt), sqlite3_sql(st->stmt));
}

static int64_t sq_column_int(struct db_stmt *base, int col)
{
    return sqlite3_column_int64(((struct sq_stmt *)base)->stmt, col);
}

static const char *sq_column_text(struct db_stmt *base, int col)
{
    const unsigned char *s = sqlite3_column_text(((struct sq_stmt *)base)->stmt, col);
    return s ? (const char *)s : "";
}

static bool sq_column_null(struct db_stmt *base, int col)
{
    return sqlite3_column_type(((struct sq_stmt *)base)->stmt, col) == SQLITE_NULL;
}

static const void *sq_column_blob(struct db_stmt *base, int col, size_t *len)
{
    sqlite3_stmt *stmt = ((struct sq_stmt *)base)->stmt;
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL) {
        *len = 0;
        return NULL;
    }
    const void *p = sqlite3_column_blob(stmt, col); /* before _bytes, as SQLite advises */
    *len = (size_t)sqlite3_column_bytes(stmt, col);
    return p ? p : ""; /* a zero-length blob comes back as NULL */
}

static void sq_reset(struct db_stmt *base)
{
    struct sq_stmt *st = (struct sq_stmt *)base;
    sqlite3_reset(st->stmt);
    sqlite3_clear_bindings(st->stmt);
}

static void sq_finalize(struct db_stmt *base)
{
    struct sq_stmt *st = (struct sq_stmt *)base;
    sqlite3_finalize(st->stmt);
    free(st);
}

static enum db_result sq_script(struct db *base, const char *sql)
{
    struct sq_db *db = (struct sq_db *)base;
    char *err = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &err) != SQLITE_OK) {
        log_msg("database script failed: %s", err ? err : "?");
        sqlite3_free(err);
        return DB_ERROR;
    }
    return DB_DONE;
}

/* IMMEDIATE takes the write lock at once, so two writers never deadlock half-way through. */
static enum db_result sq_begin(struct db *base)
{
    struct sq_db *db = (struct sq_db *)base;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SQ_BUSY_MS / 1000;
    if (pthread_mutex_timedlock(&sq_writer, &until) != 0) {
        log_msg("database busy: no write transaction within %d ms", SQ_BUSY_MS);
        return DB_BUSY;
    }
    enum db_result rc = db_exec(base, "BEGIN IMMEDIATE", "");
    if (rc == DB_DONE)
        db->writing = true;
    else
        pthread_mutex_unlock(&sq_writer);
    return rc;
}

static void sq_release(struct sq_db *db)
{
    if (db->writing) {
        db->writing = false;
        pthread_mutex_unlock(&sq_writer);
    }
}

static enum db_result sq_commit(struct db *base)
{
    enum db_result rc = db_exec(base, "COMMIT", "");
    /* A failed COMMIT leaves the transaction open: the caller's rollback releases it. */
    if (rc == DB_DONE)
        sq_release((struct sq_db *)base);
    return rc;
}

static void sq_begin_read(struct db *db)
{
    db_exec(db, "BEGIN", "");
}

static void sq_end_read(struct db *base)
{
    if (!sqlite3_get_autocommit(((struct sq_db *)base)->conn))
        db_exec(base, "COMMIT", "");
}

static void sq_rollback(struct db *base)
{
    if (!sqlite3_get_autocommit(((struct sq_db *)base)->conn))
        db_exec(base, "ROLLBACK", "");
    sq_release((struct sq_db *)base);
}

static int sq_backup(struct db *base, const char *file)
{
    struct sq_db *db = (struct sq_db *)base;
    sqlite3 *dest = NULL;
    if (sqlite3_open(file, &dest) != SQLITE_OK) {
        log_msg("cannot open backup file '%s'", file);
        sqlite3_close(dest);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        /* Copy in steps so writers are not blocked for the whole copy. */
        do {
            rc = sqlite3_backup_step(b, 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE)
        log_msg("backup to '%s' failed: %s", file, sqlite3_errmsg(dest));
    sqlite3_close(dest);
    return rc == SQLITE_DONE ? 0 : -1;
}

const struct db_backend db_sqlite = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .compile = sq_compile,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .column_int = sq_column_int,
    .column_text = sq_column_text,
    .column_null = sq_column_null,
    .column_blob = sq_column_blob,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .script = sq_script,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .end_read = sq_end_read,
    .rollback = sq_rollback,
    .commit = sq_commit,
    .backup = sq_backup,
    .notify = NULL, /* one node: live events are delivered in-process */
    .listen = NULL,
    .unlisten = NULL,
    .schema_lock = NULL, /* BEGIN IMMEDIATE already excludes other writers */
};
