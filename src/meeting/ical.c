/* The iCalendar writer (see ical.h). */
#include "meeting/ical.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { ICAL_FOLD = 75 }; /* octets per line, CRLF excluded (RFC 5545 3.1) */

/* Appends LINE (LEN bytes) folded: the first line holds at most 75 octets, each continuation
 * line a space and at most 74 more. A cut never falls inside a UTF-8 character: it moves back
 * over continuation bytes (10xxxxxx). */
static void fold(struct buf *out, const char *line, size_t len)
{
    size_t room = ICAL_FOLD, i = 0;
    while (len - i > room) {
        size_t cut = i + room;
        while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == i) /* not UTF-8: cut anywhere rather than loop */
            cut = i + room;
        buf_add(out, line + i, cut - i);
        buf_adds(out, "\r\n ");
        i = cut;
        room = ICAL_FOLD - 1;
    }
    buf_add(out, line + i, len - i);
    buf_adds(out, "\r\n");
}

void ical_line(struct buf *out, const char *name, const char *value)
{
    struct buf l;
    buf_init(&l);
    buf_adds(&l, name);
    buf_addc(&l, ':');
    buf_adds(&l, value ? value : "");
    fold(out, l.data, l.len);
    buf_free(&l);
}

void ical_escape(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\':
            buf_adds(out, "\\\\");
            break;
        case ';':
            buf_adds(out, "\\;");
            break;
        case ',':
            buf_adds(out, "\\,");
            break;
        case '\n':
            buf_adds(out, "\\n");
            break;
        case '\r':
            break;
        default:
            /* RFC 5545 3.3.11: TEXT holds no control characters but HTAB; a title pasted
             * from elsewhere may carry one, and strict parsers then drop the whole feed. */
            if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
                break;
            buf_addc(out, *s);
        }
    }
}

void ical_text(struct buf *out, const char *name, const char *value)
{
    struct buf l;
    buf_init(&l);
    buf_adds(&l, name);
    buf_addc(&l, ':');
    ical_escape(&l, value);
    fold(out, l.data, l.len);
    buf_free(&l);
}

void ical_utc(char out[17], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    /* strftime: its length is known (17 with the NUL for any year 1000..9999). */
    if (strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) == 0)
        strcpy(out, "19700101T000000Z");
}

void ical_meeting_uid(char out[ICAL_UID_MAX], int64_t id, const char *token)
{
    static const unsigned char key[] = "mulin ical uid";
    unsigned char h[8];
    crypto_generichash(h, sizeof h, (const unsigned char *)(token ? token : ""),
                       token ? strlen(token) : 0, key, sizeof key - 1);
    char hex[2 * sizeof h + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, ICAL_UID_MAX, "meeting-%" PRId64 "-%s@mulin", id, hex);
}

void ical_begin(struct buf *out, const char *calname)
{
    ical_line(out, "BEGIN", "VCALENDAR");
    ical_line(out, "VERSION", "2.0");
    ical_line(out, "PRODID", "-//mulin//睦邻议事厅//ZH");
    ical_line(out, "CALSCALE", "GREGORIAN");
    ical_line(out, "METHOD", "PUBLISH");
    ical_text(out, "X-WR-CALNAME", calname);
}

void ical_event(struct buf *out, const struct ical_event *e)
{
    char t[17], v[128];
    ical_line(out, "BEGIN", "VEVENT");
    ical_line(out, "UID", e->uid ? e->uid : "");
    ical_utc(t, e->stamp);
    ical_line(out, "DTSTAMP", t);
    ical_utc(t, e->starts_at);
    ical_line(out, "DTSTART", t);
    ical_utc(t, e->ends_at);
    ical_line(out, "DTEND", t);
    snprintf(v, sizeof v, "%" PRId64, e->sequence);
    ical_line(out, "SEQUENCE", v);
    ical_line(out, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
    if (e->summary)
        ical_text(out, "SUMMARY", e->summary);
    if (e->location)
        ical_text(out, "LOCATION", e->location);
    if (e->description)
        ical_text(out, "DESCRIPTION", e->description);
    if (e->url)
        ical_line(out, "URL", e->url);
    ical_line(out, "END", "VEVENT");
}

void ical_end(struct buf *out)
{
    ical_line(out, "END", "VCALENDAR");
}
