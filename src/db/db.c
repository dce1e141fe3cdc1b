/* The engine-independent half of db.h: configuration, per-thread connections, argument
 * binding and the small conveniences, all calling through the backend table. */
#include "db/db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "db/backend.h"
#include "util/xmalloc.h"

static char *configured_target;
static const struct db_backend *configured_backend = &db_sqlite;
static _Thread_local struct db *thread_db;
/* The key's destructor closes a worker thread's connection when the thread ends (the HTTP
 * server's pool threads end at shutdown), so no connection outlives its thread. */
static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;

void db_configure(enum db_engine engine, const char *target)
{
    free(configured_target);
    configured_target = xstrdup(target);
    configured_backend = engine == DB_POSTGRESQL ? &db_postgresql : &db_sqlite;
}

const char *db_path(void)
{
    return configured_target ? configured_target : "mulin.db";
}

enum db_engine db_engine(void)
{
    return configured_backend == &db_postgresql ? DB_POSTGRESQL : DB_SQLITE;
}

struct db *db_open(void)
{
    return configured_backend->open(db_path());
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++)
        db->be->finalize(db->cache[i]);
    db->be->close(db);
}

static void thread_db_destroy(void *db)
{
    db_close(db);
}

static void thread_db_key_create(void)
{
    pthread_key_create(&thread_db_key, thread_db_destroy);
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

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
    for (int i = 0; i < db->ncache; i++) {
        struct db_stmt *st = db->cache[i];
        if (st->key == sql && !st->in_use) {
            st->in_use = true;
            return st;
        }
    }
    struct db_stmt *st = db->be->compile(db, sql);
    st->db = db;
    st->in_use = true;
    /* A full cache, or the same SQL already in use (nested): a one-off, finalized by
     * db_done(). */
    st->key = db->ncache < DB_STMT_CACHE ? sql : NULL;
    if (st->key)
        db->cache[db->ncache++] = st;
    return st;
}

static void bind_va(struct db_stmt *st, const char *types, va_list ap)
{
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i')
            st->db->be->bind_int(st, i + 1, va_arg(ap, int64_t));
        else if (types[i] == 's')
            st->db->be->bind_text(st, i + 1, va_arg(ap, const char *));
        else if (types[i] == 'b') {
            const void *data = va_arg(ap, const void *);
            st->db->be->bind_blob(st, i + 1, data, va_arg(ap, size_t));
        } else
            st->db->be->bind_text(st, i + 1, NULL);
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
    st->db->be->bind_int(st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
    st->db->be->bind_text(st, idx, s);
}

void db_bind_blob(struct db_stmt *st, int idx, const void *data, size_t len)
{
    st->db->be->bind_blob(st, idx, data, len);
}

enum db_result db_step(struct db_stmt *st)
{
    return st->db->be->step(st);
}

int64_t db_column_int(struct db_stmt *st, int col)
{
    return st->db->be->column_int(st, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
    return st->db->be->column_text(st, col);
}

bool db_column_null(struct db_stmt *st, int col)
{
    return st->db->be->column_null(st, col);
}

const void *db_column_blob(struct db_stmt *st, int col, size_t *len)
{
    return st->db->be->column_blob(st, col, len);
}

void db_done(struct db_stmt *st)
{
    if (!st)
        return;
    st->db->be->reset(st);
    st->in_use = false;
    if (!st->key)
        st->db->be->finalize(st);
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
    return db->be->script(db, sql);
}

enum db_result db_begin(struct db *db)
{
    return db->be->begin(db);
}

enum db_result db_commit(struct db *db)
{
    return db->be->commit ? db->be->commit(db) : db_exec(db, "COMMIT", "");
}

void db_rollback(struct db *db)
{
    db->be->rollback(db);
}

int db_backup(struct db *db, const char *file)
{
    return db->be->backup ? db->be->backup(db, file) : -1;
}

enum db_result db_schema_lock(struct db *db)
{
    return db->be->schema_lock ? db->be->schema_lock(db) : DB_DONE;
}

enum db_result db_notify(struct db *db, const char *payload)
{
    return db->be->notify ? db->be->notify(db, payload) : DB_DONE;
}

int db_listen(void (*fn)(const char *payload))
{
    return configured_backend->listen ? configured_backend->listen(db_path(), fn) : 0;
}

void db_unlisten(void)
{
    if (configured_backend->unlisten)
        configured_backend->unlisten();
}

void db_begin_read(struct db *db)
{
    if (db->be->begin_read)
        db->be->begin_read(db);
}

void db_end_read(struct db *db)
{
    if (db->be->end_read)
        db->be->end_read(db);
}
