/* The hall clock's meeting job (see meeting_clock.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "meeting/command.h"
#include "meeting/meeting_clock.h"

/* Meeting ID's row as meeting_load reads it; meeting_load itself answers 404 on the request,
 * and the clock's request answers nobody. */
static bool load(struct req *r, int64_t id, struct meeting_row *m)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT m.hall_node_id, m.created_by, m.created_at, m.title, n.path, m.setup"
               " FROM meeting m JOIN node n ON n.id = m.hall_node_id WHERE m.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        m->id = id;
        m->hall_node_id = db_column_int(st, 0);
        m->created_by = db_column_int(st, 1);
        m->created_at = db_column_int(st, 2);
        snprintf(m->title, sizeof m->title, "%s", db_column_text(st, 3));
        snprintf(m->path, sizeof m->path, "%s", db_column_text(st, 4));
        m->setup = json_loads(db_column_text(st, 5), 0, NULL);
    }
    db_done(st);
    return found;
}

int meeting_clock_due(struct req *r, int64_t now)
{
    /* the ids first: meeting_clock_tick runs statements of its own */
    int64_t ids[MEETING_CLOCK_BATCH];
    int n = 0;
    struct db_stmt *st = db_prepare(r->db, "SELECT id FROM meeting WHERE tick_due_at <= ?"
                                           " ORDER BY tick_due_at, id LIMIT ?");
    db_bind(st, "ii", now, (int64_t)MEETING_CLOCK_BATCH);
    while (n < MEETING_CLOCK_BATCH && db_step(st) == DB_ROW)
        ids[n++] = db_column_int(st, 0);
    db_done(st);
    int done = 0;
    for (int i = 0; i < n; i++) {
        struct meeting_row m;
        if (!load(r, ids[i], &m))
            continue; /* gone since: nothing to tick */
        int rc = meeting_clock_tick(r, &m, now);
        json_decref(m.setup);
        if (rc < 0)
            return -1;
        done += rc;
    }
    return done;
}
