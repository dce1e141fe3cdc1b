/* A meeting's schedule in the database (issue 5): scheduling one in a hall (the engine's setup
 * built from the roster the organiser picks, the schedule columns, the agenda items linked to
 * accepted topics, the invited guests, the door's check-in token, the feed), editing it while
 * its log is empty (after the first command only time, place and mode), cancelling it, and
 * reading it back for the API and the pages. Every function works in the request's
 * transaction; a refusal leaves *p filled and the handler fails (the dispatcher rolls back).
 *
 * Who: scheduling, editing and cancelling need ACT_RUN_POLL on the hall; reading needs that or
 * a household in the hall's scope (hall_household), and a meeting's page also a place on its
 * roster (sched_may_see); the door and the roster are for the hall's
 * staff and the meeting's recorder. */
#ifndef MEETING_SCHEDULE_STORE_H
#define MEETING_SCHEDULE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"
#include "meeting/meeting_row.h"
#include "meeting/schedule_rules.h"
#include "meeting/script.h"
#include "org/node.h"

struct sched_item {
    int64_t topic_id;  /* an accepted topic of the hall, or 0 */
    const char *title; /* a free item's title (topic items take the topic's title) */
};
struct sched_guest {
    const char *org, *name;
};

/* Arrays are filled up to their size; the counts may be larger (the check then refuses). */
struct sched_input {
    struct sched_basics b;
    struct sched_item items[SCHED_ITEMS_MAX];
    int n_items;
    int64_t members[SCHED_PERSONS_MAX];
    int n_members;
    bool members_given; /* false: the hall's role holders who live in its scope */
    int64_t observers[SCHED_PERSONS_MAX];
    int n_observers;
    struct sched_guest guests[SCHED_GUESTS_MAX];
    int n_guests;
    int64_t chair_id;    /* 0: the hall's chair, else the organiser */
    int64_t recorder_id; /* 0: none when recorder_given, else the hall's recorder, if any */
    bool recorder_given;
    json_t *params; /* borrowed; NULL for the engine's defaults */
};

struct sched_problem {
    enum sched_err err;
    int64_t ref; /* the topic or person the refusal is about, or 0 */
};

/* The schedule of a meeting as stored. Strings in r->arena. */
struct sched_row {
    int64_t id, hall_node_id, starts_at, ends_at, recorder_id, cancelled_at, sequence;
    int kind, mode; /* enum sched_kind, enum sched_mode */
    const char *title, *place, *online_url, *token, *cancel_reason, *hall_name, *hall_path;
    bool scheduled; /* false for a meeting made with a raw setup (no time) */
};

/* Fields an edit names (sched_update's GIVEN). */
enum {
    SF_TITLE = 1 << 0,
    SF_KIND = 1 << 1,
    SF_TIME = 1 << 2,
    SF_PLACE = 1 << 3,
    SF_MODE = 1 << 4,
    SF_ITEMS = 1 << 5,
    SF_ROSTER = 1 << 6, /* members, observers, guests, chair, recorder, params */
};

bool sched_may_run(struct req *r, const char *hall_path);
bool sched_may_read(struct req *r, const char *hall_path);
bool sched_may_door(struct req *r, const char *hall_path, int64_t recorder_id);
/* Loads meeting r->id into M and checks the organiser's permission (sched_may_run); false after
 * answering 404 or 403. M->setup is the caller's to release. */
bool sched_load_for_change(struct req *r, struct meeting_row *m);
/* May the reader see meeting M's page: sched_may_read on its hall, or they are on its roster
 * (an observer or a chair invited from outside the hall's scope). */
bool sched_may_see(struct req *r, const struct meeting_row *m);

/* Schedules a meeting of HALL. Returns its id, or 0 with *p filled (-1 on database trouble). */
int64_t sched_create(struct req *r, const struct node *hall, struct sched_input *in,
                     struct sched_problem *p);
/* Fills IN with meeting M's stored schedule and roster (for an edit to overlay). */
bool sched_input_load(struct req *r, const struct meeting_row *m, struct sched_input *in);
/* Stores IN over meeting M; GIVEN says which fields the edit changes. 1, 0 with *p, -1. */
int sched_update(struct req *r, const struct meeting_row *m, struct sched_input *in, unsigned given,
                 struct sched_problem *p);
/* Cancels meeting M with REASON. 1, 0 with *p, -1. */
int sched_cancel(struct req *r, const struct meeting_row *m, const char *reason,
                 struct sched_problem *p);

bool sched_row_load(struct req *r, int64_t id, struct sched_row *out);
/* Entries in meeting ID's log. */
int64_t sched_log_length(struct req *r, int64_t id);

/* Adds "schedule", "agenda", "roster" and "presence" to meeting M's JSON O (SC: its replayed
 * state). The check-in token only for those who run the door. In schedule_json.c. */
void sched_add_json(struct req *r, const struct meeting_row *m, const struct mt_script *sc,
                    json_t *o);

/* The person's name, or NULL. */
const char *sched_person_name(struct req *r, int64_t id);
/* Whether engine id EID is present in SC's state: 1, 0, or -1 when it is not on the roster. */
int sched_present(const struct mt_script *sc, const char *eid);

/* The site's origin as the request reached it ("https://mulin.example"; the scheme from
 * X-Forwarded-Proto, the host from Host when it is a plain host name, else "localhost"). In
 * r->arena. */
const char *sched_origin(struct req *r);

/* The message of a refusal. */
enum msg sched_err_msg(enum sched_err e);

#endif
