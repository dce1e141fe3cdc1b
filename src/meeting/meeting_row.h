/* A stored meeting as the HTTP handlers use it: its row, its hall's node path (for the
 * permission checks) and its setup. Shared by the API, the room pages and the minutes.
 *
 * Engine ids (the strings in a meeting's setup and commands) name people this way:
 *   "p<person id>"  a person of the platform (members, person observers, the chair)
 *   "g<guest id>"   an invited guest who is not a person here (meeting_guest: 物业, 民警 …)
 * Meetings created with a raw setup may use other ids (procedure scripts do); such ids are
 * simply nobody's on the member's phone. */
#ifndef MEETING_ROW_H
#define MEETING_ROW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/req.h"

struct meeting_row {
    int64_t id, hall_node_id, created_by, created_at;
    char title[512];
    char path[256]; /* the hall's node path */
    json_t *setup;  /* owned: json_decref when done */
};

/* Loads meeting r->id into M; false after answering 404 (JSON or page as the request asks). */
bool meeting_load(struct req *r, struct meeting_row *m);
/* The same without answering anything (the hall clock's job): false when there is no such
 * meeting. */
bool meeting_row_read(struct db *db, int64_t id, struct meeting_row *m);

/* The engine id of a person ("p12") in BUF; returns BUF. */
char *meeting_person_eid(int64_t person_id, char *buf, size_t n);
/* The person id an engine id names ("p12" → 12), or 0 when it names no person. */
int64_t meeting_eid_person(const char *eid);

/* The live channel of meeting ID ("meeting:7") in the request's arena. Every accepted command
 * publishes event "command" there with {"seq":N,"cmd":"NAME"}; viewers re-read the state. */
const char *meeting_channel(struct req *r, int64_t id);

#endif
