/* A fresh SQLite database for a unit test: a temporary directory with t.db, migrated, passed as
 * the cmocka state; removed afterwards. Include once per test file, after cmocka.h. */
#ifndef MULIN_TEST_DB_FIXTURE_H
#define MULIN_TEST_DB_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

static char fixture_dir[64];

static int setup(void **state)
{
    strcpy(fixture_dir, "/tmp/mulin-test-XXXXXX");
    if (!mkdtemp(fixture_dir))
        return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", fixture_dir);
    db_configure(DB_SQLITE, path);
    struct db *db = db_open();
    if (!db || db_migrate(db) < 1)
        return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", fixture_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
