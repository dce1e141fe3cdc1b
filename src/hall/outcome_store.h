/* What came of a topic, in the database: resolutions (决议), the public notice (公示) and
 * objections to it, execution tasks with progress reports, and the outcome it closed with. Each
 * change checks who may make it on the topic's hall (ACT_RESOLVE for the hall's staff and the
 * status machine's actors; residents in scope object), then the pure rules of outcome_rules.h,
 * then writes in the request's transaction, moves the topic (topic_move) and adds to the hall's
 * feed. A refusal leaves nothing written and fills a struct outcome_fail with the HTTP status,
 * the API code, the field and a message in the reader's language, for a page or the API alike.
 * Shared by outcome_page.c and outcome_api.c. */
#ifndef MULIN_HALL_OUTCOME_STORE_H
#define MULIN_HALL_OUTCOME_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hall/outcome_rules.h"
#include "hall/topic_store.h"
#include "http/req.h"

/* Most tasks one topic may have, and most progress reports one task may have: a topic is one
 * piece of neighbourhood work, and the page lists them all. */
enum { OUTCOME_TASKS_MAX = 50, OUTCOME_PROGRESS_MAX = 100 };

/* Why a change was refused: HTTP status, stable API code, field (or NULL), message. */
struct outcome_fail {
    int status;
    const char *code;
    const char *field;
    const char *message;
};

struct resolution {
    int64_t id, topic_id;
    const char *text, *responsible, *deadline; /* deadline "YYYY-MM-DD" */
    enum funding funding;
    enum resolution_source source;
    int64_t poll_id;                                 /* 0 when none */
    int64_t votes_for, votes_against, votes_abstain; /* OUTCOME_VOTES_UNKNOWN when not known */
    int64_t superseded_at;                           /* 0 while it stands */
    int64_t created_by, created_at;
};

struct notice {
    int64_t id, topic_id, resolution_id;
    int64_t starts_at, ends_at;
    int64_t ended_at, ended_by; /* 0 while it runs; ended_by 0 when the clock ended it */
};

enum objection_status { OBJ_OPEN, OBJ_UPHELD, OBJ_DISMISSED };

struct objection {
    int64_t id, notice_id, topic_id, person_id, household_id;
    const char *person_name, *body;
    enum objection_status status;
    const char *ruling, *ruled_by_name; /* "" until ruled */
    int64_t ruled_by, ruled_at, created_at;
};

struct progress {
    int64_t id, task_id;
    const char *body, *author_name;
    int64_t created_by, created_at;
};

struct task {
    int64_t id, topic_id;
    const char *title, *owner, *deadline;
    bool done;
    int64_t done_at, created_at;
    struct progress *progress; /* oldest first */
    size_t nprogress;
};

/* Everything that came of a topic, newest first (progress oldest first within a task). */
struct outcome_view {
    struct resolution *res;
    size_t nres;
    struct notice *notices;
    size_t nnotices;
    struct objection *objections;
    size_t nobjections;
    struct task *tasks;
    size_t ntasks;
    bool closed;
    enum outcome_kind outcome;
    const char *note, *closed_by_name;
    int64_t closed_by, closed_at;
};

/* An objection still open whose notice has ended: another objection to the same notice was
 * upheld, which withdrew the resolution, so no ruling is due. */
bool objection_moot(const struct outcome_view *v, const struct objection *x);
/* Loads it all for topic_id into r->arena. False on database trouble. */
bool outcome_load(struct req *r, int64_t topic_id, struct outcome_view *v);
/* The notice running or last run for topic_id (the newest); false when there is none. */
bool notice_latest(struct req *r, int64_t topic_id, struct notice *out);
/* Objection or task id with its topic loaded into *t; false when either is missing. */
bool objection_get(struct req *r, int64_t id, struct objection *out, struct topic *t);
bool task_get(struct req *r, int64_t id, struct task *out, struct topic *t);

/* Whether the reader is hall staff for t (ACT_RESOLVE on its hall). */
bool outcome_staff(struct req *r, const struct topic *t);
/* Whether the reader may object to t now (lives in scope, notice running, no objection from
 * their household yet); the form is shown only then. */
bool outcome_may_object(struct req *r, const struct topic *t);
/* The date of now in the server's time zone, as days since 1970-01-01. */
int64_t outcome_today(int64_t now);

/* Records a resolution and moves t 议事中 → 已决议. source "poll"/"meeting"/"hall" (NULL:
 * "poll" when poll_id is given, else "hall"). Returns its id, or 0 with *f filled. */
int64_t resolution_record(struct req *r, struct topic *t, const struct resolution_input *in,
                          const char *source, int64_t poll_id, struct outcome_fail *f);
/* Posts t's standing resolution for days (0: the default) and moves it 已决议 → 公示中. */
int64_t notice_post(struct req *r, struct topic *t, int64_t days, struct outcome_fail *f);
/* A step on a topic that takes nothing else (notice_end, outcome_to_evaluation): 0, or -1 with
 * *f filled. The page and the API answer these alike. */
typedef int outcome_step(struct req *r, struct topic *t, struct outcome_fail *f);

/* Ends t's notice (staff, period over, no open objection): 公示中 → 执行中. 0 or -1 with *f. */
int notice_end(struct req *r, struct topic *t, struct outcome_fail *f);
/* Ends every notice due at now with no open objection, as the clock (no person): its topic
 * moves to 执行中. Returns how many ended, or -1 on database trouble (the caller rolls back).
 * r needs db and arena; r->person_id 0. Called by the server's clock thread. */
int notice_end_due(struct req *r, int64_t now);
/* An objection from the reader's household against t's running notice. Id or 0 with *f. */
int64_t objection_raise(struct req *r, struct topic *t, const char *body, struct outcome_fail *f);
/* Rules on objection id: uphold sends t back to 议事中 (resolution superseded, notice ended);
 * dismiss leaves t in notice. A reason either way. 0 or -1 with *f. */
int objection_rule(struct req *r, int64_t id, bool uphold, const char *reason,
                   struct outcome_fail *f);
/* Adds a task to t in execution. Id or 0 with *f. */
int64_t task_add(struct req *r, struct topic *t, const struct task_input *in,
                 struct outcome_fail *f);
/* Reports progress on task id; with_photos takes the form's progress_before / progress_after
 * files (a multipart page request). Id or 0 with *f. */
int64_t progress_add(struct req *r, int64_t task_id, const char *body, bool with_photos,
                     struct outcome_fail *f);
/* Marks task id done. 0 or -1 with *f. */
int task_done(struct req *r, int64_t task_id, struct outcome_fail *f);
/* Reports the work done: 执行中 → 待评议. 0 or -1 with *f. */
int outcome_to_evaluation(struct req *r, struct topic *t, struct outcome_fail *f);
/* Closes t with an outcome key and a note: 待评议 → 已办结. 0 or -1 with *f. */
int outcome_close(struct req *r, struct topic *t, const char *outcome, const char *note,
                  struct outcome_fail *f);

#endif
