/* The SQLite backend of db.h. */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/xmalloc.h"

enum { STMT_CACHE = 160 };

struct db_stmt {
    struct db *db;      /* owning connection */
    sqlite3_stmt *stmt; /* the compiled statement */
    const char *key;    /* SQL literal address; NULL for an uncached one-off */
    bool in_use;        /* handed out and not yet db_done() */
};

struct db {
    sqlite3 *conn;                    /* the connection */
    struct db_stmt cache[STMT_CACHE]; /* prepared statements by SQL address */
    int ncache;                       /* entries used in cache */
};

static char *configured_path;
static _Thread_local struct db *thread_db;
/* The key's destructor closes a worker thread's connection when the thread ends (the HTTP
 * server's pool threads end at shutdown), so no connection outlives its thread. */
static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;

static void thread_db_destroy(void *db)
{
    db_close(db);
}

static void thread_db_key_create(void)
{
    pthread_key_create(&thread_db_key, thread_db_destroy);
}

void db_configure(const char *path)
{
    free(configured_path);
    configured_path = xstrdup(path);
}

const char *db_path(void)
{
    return configured_path ? configured_path : "mulin.db";
}

struct db *db_open(void)
{
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(
        db_path(), &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_msg("cannot open database '%s': %s", db_path(),
                conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, 5000);
    /* WAL lets readers run beside the one writer; synchronous=FULL makes every acknowledged
     * commit durable across power loss (the crash test relies on it). */
    char *err = NULL;
    if (sqlite3_exec(conn,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                     "PRAGMA temp_store=MEMORY;",
                     NULL, NULL, &err) != SQLITE_OK) {
        log_msg("cannot configure database '%s': %s", db_path(), err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(conn);
        return NULL;
    }
    struct db *db = xcalloc(1, sizeof *db);
    db->conn = conn;
    return db;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].stmt);
    sqlite3_close(db->conn);
    free(db);
}

struct db *db_thread(void)
{
    if (!thread_db) {
        pthread_once(&thread_db_once, thread_db_key_create);
        thread_db = db_open();
        pthread_setspecific(thread_db_key, thread_db);
    }
    return thread_db;
}

void db_thread_close(void)
{
    if (thread_db)
        pthread_setspecific(thread_db_key, NULL);
    db_close(thread_db);
    thread_db = NULL;
}

static sqlite3_stmt *compile(struct db *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL) != SQLITE_OK) {
        log_msg("cannot prepare '%s': %s", sql, sqlite3_errmsg(db->conn));
        abort();
    }
    return stmt;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
    for (int i = 0; i < db->ncache; i++) {
        struct db_stmt *st = &db->cache[i];
        if (st->key == sql && !st->in_use) {
            st->in_use = true;
            return st;
        }
    }
    if (db->ncache < STMT_CACHE) {
        struct db_stmt *st = &db->cache[db->ncache++];
        st->db = db;
        st->stmt = compile(db, sql);
        st->key = sql;
        st->in_use = true;
        return st;
    }
    /* Cache full or the same SQL is already in use (nested): a one-off statement. */
    struct db_stmt *st = xcalloc(1, sizeof *st);
    st->db = db;
    st->stmt = compile(db, sql);
    st->in_use = true;
    return st;
}

static void bind_va(struct db_stmt *st, const char *types, va_list ap)
{
    for (int i = 0; types[i]; i++) {
        switch (types[i]) {
        case 'i':
            sqlite3_bind_int64(st->stmt, i + 1, va_arg(ap, int64_t));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s)
                sqlite3_bind_text(st->stmt, i + 1, s, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st->stmt, i + 1);
            break;
        }
        default:
            sqlite3_bind_null(st->stmt, i + 1);
            break;
        }
    }
}

void db_bind(struct db_stmt *st, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    bind_va(st, types, ap);
    va_end(ap);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->stmt, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st->stmt, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->stmt, idx);
}

static enum db_result map_rc(struct db *db, int rc, const char *what)
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

enum db_result db_step(struct db_stmt *st)
{
    int rc = sqlite3_step(st->stmt);
    return map_rc(st->db, rc, sqlite3_sql(st->stmt));
}

int64_t db_column_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->stmt, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st->stmt, col);
    return s ? (const char *)s : "";
}

bool db_column_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

void db_done(struct db_stmt *st)
{
    if (!st)
        return;
    sqlite3_reset(st->stmt);
    sqlite3_clear_bindings(st->stmt);
    st->in_use = false;
    if (!st->key) {
        sqlite3_finalize(st->stmt);
        free(st);
    }
}

enum db_result db_exec(struct db *db, const char *sql, const char *types, ...)
{
    struct db_stmt *st = db_prepare(db, sql);
    va_list ap;
    va_start(ap, types);
    bind_va(st, types, ap);
    va_end(ap);
    enum db_result r;
    while ((r = db_step(st)) == DB_ROW)
        ;
    db_done(st);
    return r;
}

int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *types, ...)
{
    struct db_stmt *st = db_prepare(db, sql);
    va_list ap;
    va_start(ap, types);
    bind_va(st, types, ap);
    va_end(ap);
    int64_t v = dflt;
    if (db_step(st) == DB_ROW && !db_column_null(st, 0))
        v = db_column_int(st, 0);
    db_done(st);
    return v;
}

enum db_result db_script(struct db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &err) != SQLITE_OK) {
        log_msg("database script failed: %s", err ? err : "?");
        sqlite3_free(err);
        return DB_ERROR;
    }
    return DB_DONE;
}

int64_t db_last_id(struct db *db)
{
    return sqlite3_last_insert_rowid(db->conn);
}

int db_changes(struct db *db)
{
    return sqlite3_changes(db->conn);
}

enum db_result db_begin(struct db *db)
{
    return db_exec(db, "BEGIN IMMEDIATE", "");
}

enum db_result db_commit(struct db *db)
{
    return db_exec(db, "COMMIT", "");
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        db_exec(db, "ROLLBACK", "");
}

int db_backup(struct db *db, const char *file)
{
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
