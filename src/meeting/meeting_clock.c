/* The hall clock's meeting job (see meeting_clock.h). */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "meeting/command.h"
#include "meeting/meeting_clock.h"

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
        if (!meeting_row_read(r->db, ids[i], &m))
            continue; /* gone since: nothing to tick */
        int rc = meeting_clock_tick(r, &m, now);
        json_decref(m.setup);
        if (rc < 0)
            return -1;
        done += rc;
    }
    return done;
}
