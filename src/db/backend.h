/* What a database engine provides to db.c. Each backend's connection and statement structs
 * begin with struct db / struct db_stmt, so db.c can call through the table without knowing
 * the engine. Only src/db/ includes this file. */
#ifndef MULIN_DB_BACKEND_H
#define MULIN_DB_BACKEND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct db_backend {
    const char *name;                       /* "sqlite" or "postgresql" */
    struct db *(*open)(const char *target); /* file name or conninfo */
    void (*close)(struct db *db);
    struct db_stmt *(*compile)(struct db *db, const char *sql);    /* a new statement; aborts on
                                                                      SQL that does not compile */
    void (*bind_int)(struct db_stmt *st, int idx, int64_t v);      /* idx is 1-based */
    void (*bind_text)(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
    void (*bind_blob)(struct db_stmt *st, int idx, const void *data, size_t len); /* copied */
    enum db_result (*step)(struct db_stmt *st);
    int64_t (*column_int)(struct db_stmt *st, int col);
    const char *(*column_text)(struct db_stmt *st, int col);
    bool (*column_null)(struct db_stmt *st, int col);
    const void *(*column_blob)(struct db_stmt *st, int col, size_t *len); /* NULL for NULL */
    void (*reset)(struct db_stmt *st);    /* ready for reuse: bindings and results cleared */
    void (*finalize)(struct db_stmt *st); /* frees the statement */
    enum db_result (*script)(struct db *db, const char *sql); /* schema text, translated */
    enum db_result (*begin)(struct db *db);
    void (*begin_read)(struct db *db); /* NULL: each statement reads on its own */
    void (*end_read)(struct db *db);
    void (*rollback)(struct db *db);
    enum db_result (*commit)(struct db *db);                            /* NULL: a plain COMMIT */
    int (*backup)(struct db *db, const char *file);                     /* NULL: not offered */
    enum db_result (*notify)(struct db *db, const char *payload);       /* NULL: one node only */
    int (*listen)(const char *target, void (*fn)(const char *payload)); /* NULL: no listener */
    void (*unlisten)(void);
    enum db_result (*schema_lock)(struct db *db); /* in a transaction: serialise migrations
                                                    across nodes; NULL when begin() already does */
};

enum { DB_STMT_CACHE = 160 };

struct db {
    const struct db_backend *be;          /* the engine behind this connection */
    struct db_stmt *cache[DB_STMT_CACHE]; /* compiled statements, keyed by SQL address */
    int ncache;                           /* entries used in cache */
};

struct db_stmt {
    struct db *db;   /* owning connection */
    const char *key; /* the SQL literal's address (cache key); NULL for a one-off */
    bool in_use;     /* handed out and not yet db_done() */
};

extern const struct db_backend db_sqlite;
extern const struct db_backend db_postgresql;

#endif
