/* The minutes of a stored meeting, as the page, the PDF and the API show them: the pure model
 * (minutes.h) over the meeting's log, plus what only the database knows — the meeting's title,
 * kind, time, place, hall and recorder, who each engine id is ("p<id>" → person.name, "g<id>" →
 * meeting_guest name and org; other ids stay as they are), the agenda items' titles and linked
 * topics, and the log's head hash, printed so a paper copy can be checked against the log.
 *
 * Who may read them: the hall's staff (ACT_RUN_POLL or ACT_RESOLVE on the hall), the meeting's
 * recorder, residents whose household lies in the hall's scope (hall_household), and persons
 * on the meeting's roster (invited from elsewhere: they may see the meeting, sched_may_see). */
#ifndef MEETING_MINUTES_VIEW_H
#define MEETING_MINUTES_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "meeting/meeting_row.h"

/* Whether the reader may read M's minutes. */
bool minutes_readable(struct req *r, const struct meeting_row *m);

/* The whole minutes JSON of M (openapi/minutes.json, MeetingMinutes), or NULL when the log does
 * not replay or on database trouble. The caller json_decref's it. */
json_t *minutes_load(struct req *r, const struct meeting_row *m);

/* The name of engine id ID in minutes M: "张三", "李四（物业）" for a guest, or ID itself. */
const char *minutes_name(struct req *r, json_t *m, json_t *id);

/* Chinese/English words for the model's enumerations (motion types, states, methods, stances,
 * ends of speeches, item states, meeting kinds), in the reader's language; the word itself
 * when unknown. */
const char *minutes_word(struct req *r, const char *word);

/* The minutes as lines to show, in order: the page writes them as HTML, the PDF lays them out.
 * Texts are in the reader's language, in r->arena; href (or NULL) links a line to a topic. */
enum mline_kind { ML_HEAD, ML_FIELD, ML_SUB, ML_TEXT };
struct mline {
    enum mline_kind kind;
    const char *label; /* ML_FIELD: the field's name */
    const char *text;
    const char *href;
};
/* Fills *out (r->arena) and returns how many lines there are. */
int minutes_lines(struct req *r, json_t *m, struct mline **out);

/* Loads the log of meeting ID and builds the pure model (minutes_build). NULL on trouble. */
json_t *minutes_model(struct req *r, int64_t id, const char *setup);

#endif
