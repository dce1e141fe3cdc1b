/* Loading a stored meeting and naming its people (see meeting_row.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "meeting/meeting_row.h"
#include "web/respond.h"

bool meeting_row_read(struct db *db, int64_t id, struct meeting_row *m)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT m.id, m.hall_node_id, m.created_by, m.created_at, m.title, n.path, m.setup"
            " FROM meeting m JOIN node n ON n.id = m.hall_node_id WHERE m.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        m->id = db_column_int(st, 0);
        m->hall_node_id = db_column_int(st, 1);
        m->created_by = db_column_int(st, 2);
        m->created_at = db_column_int(st, 3);
        snprintf(m->title, sizeof m->title, "%s", db_column_text(st, 4));
        snprintf(m->path, sizeof m->path, "%s", db_column_text(st, 5));
        m->setup = json_loads(db_column_text(st, 6), 0, NULL);
    }
    db_done(st);
    return found;
}

bool meeting_load(struct req *r, struct meeting_row *m)
{
    bool found = meeting_row_read(r->db, r->id, m);
    if (!found)
        fail(r, 404, "not_found", M_MEETING_NOT_FOUND);
    return found;
}

char *meeting_person_eid(int64_t person_id, char *buf, size_t n)
{
    snprintf(buf, n, "p%" PRId64, person_id);
    return buf;
}

int64_t meeting_eid_person(const char *eid)
{
    if (!eid || eid[0] != 'p' || eid[1] < '1' || eid[1] > '9')
        return 0;
    char *end;
    long long v = strtoll(eid + 1, &end, 10);
    return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

const char *meeting_channel(struct req *r, int64_t id)
{
    return arena_printf(&r->arena, "meeting:%" PRId64, id);
}
