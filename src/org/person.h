/* Adding people: the one place a person row is created, so the household and people counts on
 * the territory tree stay right. */
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
