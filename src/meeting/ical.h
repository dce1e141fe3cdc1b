/* A small iCalendar writer (RFC 5545) for the hall's meeting feeds: content lines end in CRLF,
 * lines longer than 75 octets are folded (CRLF and one space) without splitting a UTF-8
 * character, and TEXT values escape backslash, comma, semicolon and newlines. Pure: it writes
 * into a buffer; tested in tests/unit/test_ical.c. The feed names no person: meetings are
 * public announcements (time, place, agenda), so the writer has no field for people. */
#ifndef MEETING_ICAL_H
#define MEETING_ICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

/* Appends "NAME:VALUE" (VALUE as is) folded at 75 octets, then CRLF. */
void ical_line(struct buf *out, const char *name, const char *value);
/* Appends a TEXT property: VALUE escaped (\\ \; \, and \n for LF; a CR and any other control
 * character but HTAB are dropped). */
void ical_text(struct buf *out, const char *name, const char *value);
/* Appends S escaped as a TEXT value (no folding, no line end). */
void ical_escape(struct buf *out, const char *s);
/* Writes T (Unix seconds) as a UTC DATE-TIME "20261125T110000Z" into OUT[17]. */
void ical_utc(char out[17], int64_t t);

/* The UID of meeting ID: "meeting-<id>-<16 hex>@mulin", the hex from a BLAKE2b hash of the
 * meeting's check-in TOKEN (random, never changing, never shown; the hash does not reveal it).
 * It stays the same whatever host name the feed is fetched by (a calendar subscribed through
 * the IP address and then the domain must not show every meeting twice), and differs between
 * two sites whose meetings share an id. OUT holds ICAL_UID_MAX bytes. */
enum { ICAL_UID_MAX = 64 };
void ical_meeting_uid(char out[ICAL_UID_MAX], int64_t id, const char *token);

/* One meeting as a VEVENT. Strings may be NULL (the property is then left out). */
struct ical_event {
    const char *uid;         /* UID: ical_meeting_uid's */
    int64_t stamp;           /* DTSTAMP */
    int64_t starts_at;       /* DTSTART */
    int64_t ends_at;         /* DTEND */
    const char *summary;     /* SUMMARY: "议事会：<title>" */
    const char *location;    /* LOCATION */
    const char *description; /* DESCRIPTION: the agenda */
    const char *url;         /* URL: the meeting's page */
    bool cancelled;          /* STATUS:CANCELLED, else CONFIRMED */
    int64_t sequence;        /* SEQUENCE: bumped on each edit */
};

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE, METHOD:PUBLISH and X-WR-CALNAME. */
void ical_begin(struct buf *out, const char *calname);
void ical_event(struct buf *out, const struct ical_event *e);
void ical_end(struct buf *out);

#endif
