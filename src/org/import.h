/* Storing a checked roster: blocks, building groups, buildings and households are created as
 * needed under the residential area, people are added or their phone updated. Re-importing
 * the same file changes nothing. Runs inside the caller's transaction. */
#ifndef MULIN_IMPORT_H
#define MULIN_IMPORT_H
#include <stdint.h>

#include "org/roster.h"

struct db;

struct import_counts {
    int64_t people_added;     /* new people */
    int64_t households_added; /* new households */
    int64_t people_updated;   /* phone changed */
    int64_t people_unchanged; /* already there, same data */
};

/* Stores every entry of roster under area_id; 0 on success, -1 on a database error. */
int import_roster(struct db *db, int64_t area_id, const struct roster *roster, int64_t actor,
                  struct import_counts *counts);

#endif
