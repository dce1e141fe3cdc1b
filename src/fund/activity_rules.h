/* Pure rules of the fund's application window and of project activities (issue 6, fundact):
 * no I/O, unit-tested in tests/unit/test_fund_activity.c.
 *
 * The window: the subdistrict opens a pool's application window from opens_at (inclusive) to
 * closes_at (exclusive), Unix seconds. A pool without a window (both unset, as every pool made
 * before the window existed) is always open, so nothing that worked before breaks; once a
 * window is set, a project may be submitted (已申报) only inside it. Drafting and the hall's
 * approval are never limited by it. */
#ifndef MULIN_FUND_ACTIVITY_RULES_H
#define MULIN_FUND_ACTIVITY_RULES_H
#include <stdbool.h>
#include <stdint.h>

enum {
    FUND_WINDOW_MAX_S = 366 * 86400, /* a window lasts at most a (leap) year */
    ACTIVITY_WHAT_MAX = 1000,        /* characters of what was done */
    ACTIVITY_SIGNINS_MAX = 100000,   /* sign-ins of one activity */
    ACTIVITY_PHOTOS_MAX = 6,         /* photos of one activity (hall/photo.h's limit) */
    ACTIVITY_LIST_MAX = 500,         /* activities listed per project */
};

enum fund_window {
    FUND_WINDOW_NONE,    /* no window set: always open */
    FUND_WINDOW_OPEN,    /* opens_at <= now < closes_at */
    FUND_WINDOW_NOT_YET, /* now < opens_at */
    FUND_WINDOW_CLOSED,  /* closes_at <= now */
};

/* The window's state at now; has_window false when none was set. */
enum fund_window fund_window_at(bool has_window, int64_t opens_at, int64_t closes_at, int64_t now);
/* May a project be submitted in this state? */
bool fund_window_allows(enum fund_window w);
/* A window the subdistrict may set: both in 2000..2100, closes after opens, at most
 * FUND_WINDOW_MAX_S long. */
bool fund_window_valid(int64_t opens_at, int64_t closes_at);

/* A date typed as YYYY-MM-DD (years 2000..2100, a real day): its first second in
 * Asia/Shanghai (UTC+8, no summer time) into *at. False for anything else. */
bool activity_date_parse(const char *s, int64_t *at);
/* The date (YYYY-MM-DD, Asia/Shanghai) of a Unix time into out (at least 11 bytes). */
void activity_date_format(int64_t at, char *out, int size);
/* A sign-in count typed as decimal digits only (no sign, no spaces), 0..ACTIVITY_SIGNINS_MAX. */
bool activity_signins_parse(const char *s, int64_t *n);

#endif
