#include "org/person.h"

#include "db/db.h"

int64_t person_insert(struct db *db, int64_t household_id, const char *name, const char *phone,
                      const char *username, const char *password_hash, int64_t now)
{
    int64_t id = db_int(db, 0,
                        "INSERT INTO person(household_id, name, phone, username, password_hash,"
                        " created_at) VALUES (nullif(?, 0), ?, nullif(?, ''), nullif(?, ''),"
                        " nullif(?, ''), ?) RETURNING id",
                        "issssi", household_id, name, phone ? phone : "", username ? username : "",
                        password_hash ? password_hash : "", now);
    if (id <= 0)
        return -1;
    return id;
}
