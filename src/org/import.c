#include "org/import.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "org/node.h"
#include "org/person.h"
#include "org/phone.h"

int import_roster(struct db *db, int64_t area_id, const struct roster *roster, int64_t actor,
                  struct import_counts *c)
{
    memset(c, 0, sizeof *c);
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < roster->n; i++) {
        const struct roster_entry *e = &roster->entries[i];
        int64_t block = node_ensure(db, area_id, KIND_BLOCK, e->f[RC_BLOCK]);
        int64_t group = block > 0 ? node_ensure(db, block, KIND_GROUP, e->f[RC_GROUP]) : -1;
        int64_t building =
            group > 0 ? node_ensure(db, group, KIND_BUILDING, e->f[RC_BUILDING]) : -1;
        if (building <= 0)
            return -1;
        int64_t before =
            db_int(db, 0, "SELECT count(*) FROM node WHERE parent_id = ?", "i", building);
        int64_t household = node_ensure(db, building, KIND_HOUSEHOLD, e->f[RC_ROOM]);
        if (household <= 0)
            return -1;
        if (db_int(db, 0, "SELECT count(*) FROM node WHERE parent_id = ?", "i", building) > before)
            c->households_added++;
        char phone[12] = "";
        if (e->f[RC_PHONE][0] && !phone_normalize(e->f[RC_PHONE], phone))
            phone[0] = '\0'; /* roster_check refused bad phones already */
        struct db_stmt *st = db_prepare(
            db, "SELECT id, coalesce(phone, '') FROM person WHERE household_id = ? AND name = ?");
        db_bind(st, "is", household, e->f[RC_NAME]);
        int64_t person = 0;
        char old_phone[32] = "";
        if (db_step(st) == DB_ROW) {
            person = db_column_int(st, 0);
            snprintf(old_phone, sizeof old_phone, "%s", db_column_text(st, 1));
        }
        db_done(st);
        enum db_result res = DB_DONE;
        if (!person) {
            res = person_insert(db, household, e->f[RC_NAME], phone, NULL, NULL, now) > 0
                      ? DB_DONE
                      : DB_ERROR;
            c->people_added++;
        } else if (phone[0] && strcmp(phone, old_phone) != 0) {
            res = db_exec(db, "UPDATE person SET phone = ? WHERE id = ?", "si", phone, person);
            c->people_updated++;
        } else {
            c->people_unchanged++;
        }
        if (res != DB_DONE)
            return -1;
    }
    struct arena a;
    arena_init(&a);
    struct node area;
    int counted = node_get(db, &a, area_id, &area) == 0 ? node_recount(db, &a, area.path) : -1;
    arena_free(&a);
    if (counted != 0)
        return -1;
    char detail[160], subject[32];
    snprintf(subject, sizeof subject, "node:%lld", (long long)area_id);
    snprintf(detail, sizeof detail, "added %lld updated %lld households %lld",
             (long long)c->people_added, (long long)c->people_updated,
             (long long)c->households_added);
    if (db_exec(db,
                "INSERT INTO audit(at, actor_id, action, subject, detail)"
                " VALUES (?, nullif(?, 0), 'roster.import', ?, ?)",
                "iiss", now, actor, subject, detail) != DB_DONE)
        return -1;
    return 0;
}
