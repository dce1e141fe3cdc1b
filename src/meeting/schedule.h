/* Handlers of a meeting's schedule, calendar and sign-in (issue 5): the JSON API
 * (schedule_api.c), the pages (schedule_page.c), the iCalendar feeds (ical_page.c) and the door,
 * check-in and roster pages (door_page.c). */
#ifndef MEETING_SCHEDULE_H
#define MEETING_SCHEDULE_H

#include <jansson.h>

#include "hall/topic_store.h"
#include "http/req.h"
#include "meeting/meeting_row.h"
#include "meeting/script.h"
#include "org/node.h"

/* POST /api/v1/halls/{id}/meetings with the schedule form (no raw "setup"): called by
 * hall_meetings_create_api after its permission check. Answers 201 or the refusal. */
void sched_create_api(struct req *r, const struct node *hall, json_t *body);
void hall_meetings_api(struct req *r);
void meeting_patch_api(struct req *r);
void meeting_cancel_api(struct req *r);

void hall_meetings_page(struct req *r);
void hall_meetings_post(struct req *r);
void meeting_page(struct req *r);
void meeting_edit_post(struct req *r);
void meeting_cancel_post(struct req *r);
/* The meetings whose agenda holds topic T, as a section of the topic's page. */
void meeting_topic_section(struct req *r, const struct topic *t);

void hall_meetings_ics(struct req *r);
void meeting_ics(struct req *r);

void meeting_door_page(struct req *r);
void meeting_checkin_page(struct req *r);
void meeting_checkin_post(struct req *r);
void meeting_roster_page(struct req *r);
void meeting_roster_post(struct req *r);

#endif
