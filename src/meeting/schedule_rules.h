/* The pure checks of scheduling a meeting in a hall (issue 5): the names of its kinds, modes and
 * guests' organisations, the limits, and the checks of what an organiser sends that need no
 * database. No I/O; tested in tests/unit/test_schedule_rules.c. The checks that need the
 * database (topics of this hall, people in its scope) are schedule_store.c's.
 *
 * Limits, counted in characters (utf8_chars) or entries; each is in openapi/schedule.json too:
 *   title 1..100, a meeting at most 24 hours long starting at most 366 days ahead, place 0..100
 * (required for in_person and both), online_url 0..500 (https, required for online and both),
 * agenda items 0..32 (the engine's MT_MAX_ITEMS), free item titles 1..100, persons (members +
 * observers + chair + recorder) 1..120, guests 0..20, and persons + guests at most 128 (the
 * engine's MT_MAX_PERSONS), a guest's name 1..40, a cancel reason 1..500. */
#ifndef MEETING_SCHEDULE_RULES_H
#define MEETING_SCHEDULE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    SCHED_TITLE_MAX = 100,
    SCHED_PLACE_MAX = 100,
    SCHED_URL_MAX = 500,
    SCHED_ITEMS_MAX = 32,
    SCHED_ITEM_TITLE_MAX = 100,
    SCHED_PERSONS_MAX = 120,
    SCHED_GUESTS_MAX = 20,
    SCHED_NAME_MAX = 40,
    SCHED_REASON_MAX = 500,
    SCHED_PAGE_SIZE = 20,          /* meetings on one page of a hall's list */
    SCHED_SEARCH_MAX = 20,         /* characters of the schedule form's name search */
    SCHED_CHECKIN_EARLY = 3600,    /* seconds before the start that the door's check-in opens */
    SCHED_CHECKIN_LATE = 3600,     /* seconds after the end that it stays open */
    SCHED_LENGTH_MAX = 86400,      /* seconds a meeting may last (its end within a day) */
    SCHED_AHEAD_MAX = 366 * 86400, /* how far ahead a meeting may be scheduled */
};

enum sched_kind { SK_COUNCIL, SK_HEARING, SK_COORDINATION, SK_REVIEW, SK_COUNT };
enum sched_mode { SM_IN_PERSON, SM_ONLINE, SM_BOTH, SM_COUNT };
enum sched_org {
    SO_PROPERTY,   /* 物业 */
    SO_OWNERS,     /* 业委会 */
    SO_COMMITTEE,  /* 居委 */
    SO_POLICE,     /* 民警 */
    SO_GRID,       /* 网格员 */
    SO_DEPARTMENT, /* 职能部门 */
    SO_OTHER,      /* 其他 */
    SO_COUNT
};

/* Stable names ("council") and back (-1 when unknown); the names people read in a language
 * (0 Chinese, 1 English, as enum lang). Static storage. */
const char *sched_kind_key(int k);
int sched_kind_parse(const char *s);
const char *sched_kind_name(int k, int lang);
const char *sched_mode_key(int m);
int sched_mode_parse(const char *s);
const char *sched_mode_name(int m, int lang);
const char *sched_org_key(int o);
int sched_org_parse(const char *s);
const char *sched_org_name(int o, int lang);

/* The engine's level of a meeting of a hall on a node of this kind ("area" → ESTATE, "block" →
 * BLOCK, "group" → BUILDING_GROUP); NULL for any other kind. */
const char *sched_level_of_node_kind(const char *node_kind);

enum sched_err {
    SCHED_OK,
    SCHED_E_TITLE,      /* title missing or over 100 characters */
    SCHED_E_KIND,       /* unknown kind */
    SCHED_E_TIME,       /* start or end missing, the end not after the start, a meeting over
                         * 24 hours or starting more than a year ahead */
    SCHED_E_PAST,       /* the start lies in the past */
    SCHED_E_PLACE,      /* place over 100 characters, or missing for a meeting in person */
    SCHED_E_MODE,       /* unknown mode */
    SCHED_E_URL,        /* online_url missing for online/both, not https, or too long */
    SCHED_E_ITEMS,      /* more than 32 agenda items */
    SCHED_E_ITEM,       /* an item is neither a topic nor a title of 1..100 characters */
    SCHED_E_TOPIC,      /* a topic is not an accepted topic of this hall (or listed twice) */
    SCHED_E_PERSONS,    /* more than 120 persons */
    SCHED_E_PERSON,     /* a person id names nobody, or one person is listed twice */
    SCHED_E_MEMBER,     /* a member does not live in the hall's scope */
    SCHED_E_NO_MEMBERS, /* no members */
    SCHED_E_CHAIR,      /* no chair, or the chair names nobody */
    SCHED_E_GUESTS,     /* more than 20 guests */
    SCHED_E_GUEST,      /* a guest's org unknown or name not 1..40 characters */
    SCHED_E_SETUP,      /* the engine refused the setup (params) */
    SCHED_E_STARTED,    /* the meeting began: only time, place and mode may change */
    SCHED_E_CANCELLED,  /* the meeting is cancelled */
    SCHED_E_REASON,     /* a cancel reason missing or over 500 characters */
    SCHED_E_HELD,       /* cancelling, or moving the start of, a meeting called to order */
    SCHED_ERR_COUNT
};

/* The stable API code ("bad_title"); "bad_input" when out of range. */
const char *sched_err_code(enum sched_err e);
/* The HTTP status: 409 for STARTED, CANCELLED and HELD, 422 for the rest. */
int sched_err_status(enum sched_err e);

/* What is checked without the database. Strings may be NULL (missing). */
struct sched_basics {
    const char *title, *kind, *place, *mode, *online_url;
    int64_t starts_at, ends_at; /* Unix seconds; 0 = missing */
};

/* Checks B in the order of its fields. NOW is the server's time; CHECK_PAST refuses a start
 * before NOW (when scheduling, or when an edit moves the time). The bounds on the times keep
 * them where calendars and the pages' dates can show them (no year 292277026596). */
enum sched_err sched_check_basics(const struct sched_basics *b, int64_t now, bool check_past);
/* An https URL with a host and no spaces or control characters, at most 500 bytes. */
bool sched_url_ok(const char *url);
/* Counts: items, persons (members + observers + chair + recorder), guests. */
enum sched_err sched_check_counts(int items, int persons, int guests);
/* A free agenda item's title (1..100 characters, not only spaces). */
enum sched_err sched_check_item_title(const char *title);
/* A guest's organisation key and name (1..40 characters, not only spaces). */
enum sched_err sched_check_guest(const char *org, const char *name);
/* A cancel reason (1..500 characters, not only spaces). */
enum sched_err sched_check_reason(const char *reason);

/* Whether the door's check-in (the QR code's token) is open at NOW for a meeting from STARTS
 * to ENDS: from SCHED_CHECKIN_EARLY before the start to SCHED_CHECKIN_LATE after the end. The
 * token never changes, so a photo of the door's code passed round a chat group must not check
 * anyone in days ahead (their presence would count toward quorum) or long after; a meeting that
 * runs later has its end moved by the staff. The recorder's roster is not bound by it. */
bool sched_checkin_open(int64_t now, int64_t starts, int64_t ends);

/* A form's local time → Unix seconds, in the process's time zone (Asia/Shanghai on a
 * deployment), 0 when it is none: "2026-11-30T19:00" as a datetime-local field sends it, or
 * "2026-11-30 19:00" as typed where an old phone's browser shows a plain text box instead.
 * A date that does not exist (2026-02-30, 25:00) is none rather than rolled over into the next
 * month or day. */
int64_t sched_parse_local(const char *s);

/* The LIKE pattern of the schedule form's name search: "%Q%" with Q's \, % and _ escaped by a
 * backslash (the query says ESCAPE '\'), so that "%" or "_" finds names holding that character
 * and not every resident of the hall. False when Q is not 1..SCHED_SEARCH_MAX characters or OUT
 * (CAP bytes) is too small; 2 * strlen(Q) + 3 bytes always suffice. */
bool sched_like_pattern(const char *q, char *out, size_t cap);

#endif
