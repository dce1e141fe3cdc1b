/* A meeting's schedule, agenda, roster and presence in its JSON (GET /api/v1/meetings/{id}):
 * what sched_add_json adds to the meeting log's answer (see schedule_store.h). Names come from
 * person.name and meeting_guest.name; presence and quorum from the replayed log; the check-in
 * path only for those who run the door. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "meeting/schedule_store.h"
#include "meeting/state.h"

int sched_present(const struct mt_script *sc, const char *eid)
{
    if (!sc || !sc->have || !eid)
        return -1;
    const struct mt_state *s = &sc->m->s;
    for (int i = 0; i < s->n_persons; i++)
        if (strcmp(s->persons[i].id, eid) == 0)
            return s->persons[i].present ? 1 : 0;
    return -1;
}

static json_t *person_json(struct req *r, const struct mt_script *sc, const char *eid)
{
    int64_t id = meeting_eid_person(eid);
    const char *name = id ? sched_person_name(r, id) : NULL;
    json_t *o = json_pack("{s:s}", "eid", eid);
    json_object_set_new(o, "person_id", id ? json_integer(id) : json_null());
    json_object_set_new(o, "name", name ? json_string(name) : json_null());
    int pr = sched_present(sc, eid);
    json_object_set_new(o, "present", json_boolean(pr == 1));
    return o;
}

void sched_add_json(struct req *r, const struct meeting_row *m, const struct mt_script *sc,
                    json_t *o)
{
    struct sched_row row;
    if (!sched_row_load(r, m->id, &row))
        return;
    json_t *s = json_pack("{s:s,s:s,s:s,s:s,s:I}", "kind", sched_kind_key(row.kind), "kind_name",
                          sched_kind_name(row.kind, (int)r->lang), "mode", sched_mode_key(row.mode),
                          "place", row.place, "sequence", (json_int_t)row.sequence);
    json_object_set_new(s, "starts_at", row.scheduled ? json_integer(row.starts_at) : json_null());
    json_object_set_new(s, "ends_at", row.scheduled ? json_integer(row.ends_at) : json_null());
    json_object_set_new(s, "online_url",
                        row.online_url[0] ? json_string(row.online_url) : json_null());
    json_object_set_new(s, "cancelled_at",
                        row.cancelled_at ? json_integer(row.cancelled_at) : json_null());
    json_object_set_new(s, "cancel_reason",
                        row.cancelled_at ? json_string(row.cancel_reason) : json_null());
    if (sched_may_door(r, m->path, row.recorder_id) && row.token[0])
        json_object_set_new(s, "checkin_path",
                            json_string(arena_printf(&r->arena, "/meetings/%lld/checkin?t=%s",
                                                     (long long)m->id, row.token)));
    json_object_set_new(o, "schedule", s);

    json_t *agenda = json_array();
    struct db_stmt *st = db_prepare(r->db, "SELECT i.item_key, i.pos, i.topic_id, i.title,"
                                           " t.title, t.status FROM meeting_item i"
                                           " LEFT JOIN topic t ON t.id = i.topic_id"
                                           " WHERE i.meeting_id = ? ORDER BY i.pos");
    db_bind(st, "i", m->id);
    while (db_step(st) == DB_ROW) {
        json_t *it = json_pack("{s:s,s:I,s:s}", "key", db_column_text(st, 0), "pos",
                               (json_int_t)db_column_int(st, 1), "title", db_column_text(st, 3));
        bool topic = !db_column_null(st, 2);
        json_object_set_new(it, "topic_id",
                            topic ? json_integer(db_column_int(st, 2)) : json_null());
        json_object_set_new(it, "topic_title",
                            topic ? json_string(db_column_text(st, 4)) : json_null());
        json_object_set_new(it, "topic_status",
                            topic ? json_string(db_column_text(st, 5)) : json_null());
        json_array_append_new(agenda, it);
    }
    db_done(st);
    json_object_set_new(o, "agenda", agenda);

    json_t *roster = json_object(), *mem = json_array(), *obs = json_array(), *gs = json_array();
    json_t *ma = json_object_get(m->setup, "members"), *oa = json_object_get(m->setup, "observers");
    for (size_t i = 0; i < json_array_size(ma); i++)
        json_array_append_new(mem, person_json(r, sc, json_string_value(json_array_get(ma, i))));
    for (size_t i = 0; i < json_array_size(oa); i++) {
        const char *eid = json_string_value(json_array_get(oa, i));
        if (eid && eid[0] != 'g')
            json_array_append_new(obs, person_json(r, sc, eid));
    }
    st = db_prepare(r->db, "SELECT id, org, name FROM meeting_guest WHERE meeting_id = ?"
                           " ORDER BY id");
    db_bind(st, "i", m->id);
    while (db_step(st) == DB_ROW) {
        char eid[32];
        snprintf(eid, sizeof eid, "g%" PRId64, db_column_int(st, 0));
        int org = sched_org_parse(db_column_text(st, 1));
        json_array_append_new(
            gs, json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)db_column_int(st, 0),
                          "eid", eid, "org", db_column_text(st, 1), "org_name",
                          sched_org_name(org, (int)r->lang), "name", db_column_text(st, 2),
                          "present", sched_present(sc, eid) == 1));
    }
    db_done(st);
    json_object_set_new(roster, "members", mem);
    json_object_set_new(roster, "observers", obs);
    json_object_set_new(roster, "guests", gs);
    const char *chair = json_string_value(json_object_get(m->setup, "chair"));
    json_object_set_new(roster, "chair", chair ? person_json(r, sc, chair) : json_null());
    const char *rec_name = row.recorder_id ? sched_person_name(r, row.recorder_id) : NULL;
    json_object_set_new(roster, "recorder",
                        rec_name ? json_pack("{s:I,s:s}", "person_id", (json_int_t)row.recorder_id,
                                             "name", rec_name)
                                 : json_null());
    json_object_set_new(o, "roster", roster);
    if (sc && sc->have)
        json_object_set_new(o, "presence",
                            json_pack("{s:i,s:i}", "present", mt_present(&sc->m->s), "quorum",
                                      mt_quorum(&sc->m->s)));
}
