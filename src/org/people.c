#include "org/people.h"

#include "db/db.h"
#include "org/guard.h"
#include "org/node.h"
#include "org/phone.h"

/* The address is the names of the household's ancestors below the residential area:
 * household → building → group → block. */
#define PEOPLE_COLUMNS                                                                             \
    "SELECT p.id, p.name, coalesce(p.phone, ''), h.id, h.path, h.name, b.name, g.name, k.name,"    \
    " p.password_hash IS NOT NULL FROM person p LEFT JOIN node h ON h.id = p.household_id"         \
    " LEFT JOIN node b ON b.id = h.parent_id LEFT JOIN node g ON g.id = b.parent_id"               \
    " LEFT JOIN node k ON k.id = g.parent_id"

static void fill_row(struct req *r, struct db_stmt *st, struct person_row *row)
{
    row->id = db_column_int(st, 0);
    row->name = arena_strdup(&r->arena, db_column_text(st, 1));
    row->household_id = db_column_null(st, 3) ? 0 : db_column_int(st, 3); /* 0: no household */
    row->household_path = arena_strdup(&r->arena, db_column_text(st, 4));
    const char *phone = db_column_text(st, 2);
    if (may(r, row->household_path, ACT_VIEW_PHONE)) {
        row->phone = arena_strdup(&r->arena, phone);
    } else {
        char masked[16];
        phone_mask(phone, masked);
        row->phone = arena_strdup(&r->arena, masked);
    }
    row->address =
        arena_printf(&r->arena, "%s %s %s %s", db_column_text(st, 8), db_column_text(st, 7),
                     db_column_text(st, 6), db_column_text(st, 5));
    row->has_account = db_column_int(st, 9) != 0;
}

size_t people_under(struct req *r, const char *path, int64_t offset, struct person_row **rows,
                    bool *more)
{
    static const char sql[] = PEOPLE_COLUMNS " WHERE h.path >= ? AND h.path < ?"
                                             " ORDER BY h.path, p.id LIMIT ? OFFSET ?";
    struct db_stmt *st = db_prepare(r->db, sql);
    db_bind(st, "ssii", path, node_path_end(&r->arena, path), (int64_t)ROSTER_PAGE_SIZE + 1,
            offset);
    *rows = arena_alloc(&r->arena, (ROSTER_PAGE_SIZE + 1) * sizeof **rows);
    size_t n = 0;
    *more = false;
    while (db_step(st) == DB_ROW) {
        if (n == ROSTER_PAGE_SIZE) {
            *more = true;
            break;
        }
        fill_row(r, st, &(*rows)[n++]);
    }
    db_done(st);
    return n;
}

int person_get(struct req *r, int64_t id, struct person_row *out)
{
    static const char sql[] = PEOPLE_COLUMNS " WHERE p.id = ?";
    struct db_stmt *st = db_prepare(r->db, sql);
    db_bind(st, "i", id);
    int rc = -1;
    if (db_step(st) == DB_ROW) {
        fill_row(r, st, out);
        rc = 0;
    }
    db_done(st);
    return rc;
}
