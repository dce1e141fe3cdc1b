/* The live room's reads of a stored meeting (see room_store.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "hall/topic_store.h"
#include "meeting/policy.h"
#include "meeting/room_store.h"
#include "org/guard.h"

int room_load(struct req *r, const struct meeting_row *m, struct room_run *run,
              struct room_info *info)
{
    info->scheduled = false;
    info->recorder_id = 0;
    info->cancelled = false;
    if (room_run_init(run) < 0)
        return -1;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT setup, starts_at, recorder_id, cancelled_at FROM meeting WHERE id = ?");
    db_bind(st, "i", m->id);
    char *line = NULL;
    if (db_step(st) == DB_ROW) {
        const char *su = db_column_text(st, 0);
        line = malloc(strlen(su) + 16);
        if (line)
            sprintf(line, "{\"setup\":%s}", su);
        info->scheduled = !db_column_null(st, 1);
        info->recorder_id = db_column_null(st, 2) ? 0 : db_column_int(st, 2);
        info->cancelled = !db_column_null(st, 3);
    }
    db_done(st);
    char *ans = line ? room_run_line(run, line, 0) : NULL;
    bool ok = room_answer_err(ans) == MT_OK;
    free(ans);
    free(line);
    st = db_prepare(r->db, "SELECT command, at FROM meeting_log WHERE meeting_id = ? ORDER BY seq");
    db_bind(st, "i", m->id);
    while (ok && db_step(st) == DB_ROW) {
        ans = room_run_line(run, db_column_text(st, 0), db_column_int(st, 1));
        ok = room_answer_err(ans) == MT_OK;
        free(ans);
    }
    db_done(st);
    run->clocked = info->scheduled;
    if (!ok) {
        room_run_free(run);
        return -1;
    }
    return 0;
}

const char *room_self(struct req *r)
{
    char buf[32];
    return arena_strdup(&r->arena, meeting_person_eid(r->person_id, buf, sizeof buf));
}

bool room_may_watch(struct req *r, const struct meeting_row *m, const struct room_info *info)
{
    if (!r->person_id)
        return false;
    if (may(r, m->path, ACT_RUN_POLL) || hall_household(r, m->path) != 0 ||
        room_on_roster(m->setup, room_self(r)))
        return true;
    if (info)
        return info->recorder_id == r->person_id;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT 1 FROM meeting WHERE id = ? AND recorder_id = ?");
    db_bind(st, "ii", m->id, r->person_id);
    bool recorder = db_step(st) == DB_ROW;
    db_done(st);
    return recorder;
}

void room_item_title(struct req *r, int64_t id, json_t *snap)
{
    const char *key = json_string_value(json_object_get(snap, "item"));
    json_t *title = json_null();
    if (key) {
        struct db_stmt *st = db_prepare(
            r->db, "SELECT title FROM meeting_item WHERE meeting_id = ? AND item_key = ?");
        db_bind(st, "is", id, key);
        if (db_step(st) == DB_ROW)
            title = json_string(db_column_text(st, 0));
        db_done(st);
    }
    json_object_set_new(snap, "item_title", title ? title : json_null());
}

const char *room_name(void *ctx, const char *eid)
{
    struct room_names *n = ctx;
    int64_t pid = meeting_eid_person(eid);
    struct db_stmt *st = NULL;
    if (pid > 0) {
        st = db_prepare(n->r->db, "SELECT name FROM person WHERE id = ?");
        db_bind(st, "i", pid);
    } else if (eid && eid[0] == 'g' && eid[1] >= '1' && eid[1] <= '9') {
        char *end;
        long long gid = strtoll(eid + 1, &end, 10);
        if (*end)
            return NULL;
        st = db_prepare(n->r->db, "SELECT name FROM meeting_guest WHERE id = ? AND meeting_id = ?");
        db_bind(st, "ii", (int64_t)gid, n->meeting_id);
    } else {
        return NULL;
    }
    const char *name = NULL;
    if (db_step(st) == DB_ROW)
        name = arena_strdup(&n->r->arena, db_column_text(st, 0));
    db_done(st);
    return name;
}
