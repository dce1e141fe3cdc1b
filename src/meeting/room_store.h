/* The live room's reads of a stored meeting: its log replayed into a room_run (with each
 * entry's time), what the policy needs to know of the meeting, who may watch it, and the
 * names of engine ids. */
#ifndef MEETING_ROOM_STORE_H
#define MEETING_ROOM_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "meeting/meeting_row.h"
#include "meeting/room.h"

struct room_info {
    bool scheduled;      /* starts_at IS NOT NULL: the policy applies and the server ticks */
    int64_t recorder_id; /* meeting.recorder_id, 0 when none */
    bool cancelled;      /* cancelled_at IS NOT NULL: it takes no more commands */
};

/* 0; -1 on database trouble or a log that does not replay. */
int room_load(struct req *r, const struct meeting_row *m, struct room_run *run,
              struct room_info *info);

/* May the signed-in person watch meeting M (its pages, state and events)? Hall staff, the
 * residents of the hall, the meeting's recorder and anyone on its roster. */
bool room_may_watch(struct req *r, const struct meeting_row *m, const struct room_info *info);

/* room_namer for a request: CTX is a struct room_names. */
struct room_names {
    struct req *r;
    int64_t meeting_id;
};
const char *room_name(void *ctx, const char *eid);

/* Sets "item_title" of SNAP (a room_snapshot) to the title of its open agenda item
 * (meeting_item of meeting ID by the engine's key), or null: the live views show what is being
 * discussed, not only the key. */
void room_item_title(struct req *r, int64_t id, json_t *snap);

/* The signed-in person's engine id, in the request's arena. */
const char *room_self(struct req *r);

#endif
