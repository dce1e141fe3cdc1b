/* Adding people: the one place a person row is created. The counts on the territory tree are
 * the caller's to bring up to date with node_recount() once its changes are done (one recount
 * after a bulk import, not one update per person). */
#ifndef MULIN_PERSON_H
#define MULIN_PERSON_H
#include <stdint.h>

struct db;

/* Adds a person to household_id (0: none), in the caller's transaction. phone, username and
 * password_hash may be NULL or "" (stored as NULL). Returns the new id, or -1 on a database
 * error or a constraint (e.g. a user name already taken). */
int64_t person_insert(struct db *db, int64_t household_id, const char *name, const char *phone,
                      const char *username, const char *password_hash, int64_t now);

#endif
