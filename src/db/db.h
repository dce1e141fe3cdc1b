/* The one database API. SQL is written once with '?' placeholders and always bound, never
 * formatted, in the subset both engines understand (ids come back with INSERT ... RETURNING).
 * Each worker thread owns one connection (db_thread()); prepared statements are cached per
 * connection, keyed by the address of the SQL string literal.
 *
 * Two engines hide behind this API (src/db/backend.h): SQLite, the default, in one file, and
 * PostgreSQL for deployments with many server nodes. */
#ifndef MULIN_DB_H
#define MULIN_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_result {
    DB_ROW = 1,        /* db_step: a row is ready */
    DB_DONE = 2,       /* db_step: no (more) rows */
    DB_CONSTRAINT = 3, /* a UNIQUE, CHECK or FOREIGN KEY constraint refused the change */
    DB_BUSY = 4,       /* the database stayed locked past the busy timeout */
    DB_ERROR = 5,      /* anything else; logged */
};

enum db_engine { DB_SQLITE, DB_POSTGRESQL };

/* Sets the engine and the database (a file name for SQLite, a conninfo string for
 * PostgreSQL) every later db_open()/db_thread() uses. Not thread-safe: call once at start-up. */
void db_configure(enum db_engine engine, const char *target);
/* The configured file name or conninfo. */
const char *db_path(void);
enum db_engine db_engine(void);
/* Opens a connection to the configured database: WAL, foreign keys on, busy timeout. Returns
 * NULL (and logs why) on failure. */
struct db *db_open(void);
void db_close(struct db *db);
/* Returns this thread's connection, opening it on first use; NULL if it cannot be opened. */
struct db *db_thread(void);
/* Closes this thread's connection, if any. */
void db_thread_close(void);

/* Returns a statement for sql, ready to bind. sql must be a string that outlives the
 * connection (a literal): its address is the cache key. A statement that does not compile is a
 * programming error and aborts. Release it with db_done(). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Binds arguments by type letters: 'i' int64_t, 's' const char * (NULL binds NULL), 'n' NULL,
 * 'b' bytes as two arguments, const void * and size_t (a BLOB / bytea; copied). */
void db_bind(struct db_stmt *st, const char *types, ...);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s);
void db_bind_blob(struct db_stmt *st, int idx, const void *data, size_t len);
/* Steps once; see enum db_result. */
enum db_result db_step(struct db_stmt *st);
int64_t db_column_int(struct db_stmt *st, int col);
/* The text of a column, or "" for NULL; valid until the next step or db_done(). */
const char *db_column_text(struct db_stmt *st, int col);
bool db_column_null(struct db_stmt *st, int col);
/* The bytes of a BLOB column and their number in *len; NULL with *len 0 for NULL (an empty
 * blob gives a non-NULL pointer). Valid until the next step or db_done(). */
const void *db_column_blob(struct db_stmt *st, int col, size_t *len);
/* Resets st and returns it to the connection's cache. */
void db_done(struct db_stmt *st);

/* Runs one statement with arguments and no rows wanted; returns DB_DONE on success. */
enum db_result db_exec(struct db *db, const char *sql, const char *types, ...);
/* Runs sql and returns column 0 of the first row as an integer, or dflt when there is no row. */
int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *types, ...);
/* Runs several ';'-separated statements without arguments (schema scripts, written for
 * SQLite and translated for PostgreSQL by its backend); DB_DONE or DB_ERROR. */
enum db_result db_script(struct db *db, const char *sql);

/* One write transaction per changing request: begin takes the write lock at once (IMMEDIATE)
 * so two writers never deadlock half-way. */
enum db_result db_begin(struct db *db);
enum db_result db_commit(struct db *db);
/* A read-only request's statements share one snapshot and one lock acquisition (SQLite: a
 * deferred BEGIN ... COMMIT; the bench measured a home page twice as fast). PostgreSQL runs
 * each statement in its own snapshot instead, saving two round trips. */
void db_begin_read(struct db *db);
void db_end_read(struct db *db);
void db_rollback(struct db *db);

/* Sends payload to every node's listener (PostgreSQL NOTIFY on the channel "mulin"; sent at
 * commit when inside a transaction). SQLite has one node and no listener: DB_DONE, nothing
 * sent. */
enum db_result db_notify(struct db *db, const char *payload);
/* Starts a thread, with its own connection, that calls fn(payload) for every notification
 * from any node; reconnects when the connection drops. 0 on success (SQLite: nothing to do). */
int db_listen(void (*fn)(const char *payload));
/* Stops the listener thread, if any. */
void db_unlisten(void);

/* Inside a transaction, keeps other server nodes from migrating at the same time. */
enum db_result db_schema_lock(struct db *db);
/* Applies every migration not yet applied, in order, in one transaction. Returns the schema
 * version after, or -1 on failure. */
int db_migrate(struct db *db);
/* Writes a consistent copy of the open database to file (SQLite online backup). 0 on success;
 * -1 on failure and on PostgreSQL (use pg_dump). */
int db_backup(struct db *db, const char *file);

#endif
