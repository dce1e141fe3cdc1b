/* The window and activity rules; see activity_rules.h. */
#include "fund/activity_rules.h"

#include <stdio.h>
#include <string.h>

enum { SHANGHAI_OFFSET_S = 8 * 3600, YEAR_2000 = 946684800, YEAR_2101 = 4133980800 };

enum fund_window fund_window_at(bool has_window, int64_t opens_at, int64_t closes_at, int64_t now)
{
    if (!has_window)
        return FUND_WINDOW_NONE;
    if (now < opens_at)
        return FUND_WINDOW_NOT_YET;
    return now < closes_at ? FUND_WINDOW_OPEN : FUND_WINDOW_CLOSED;
}

bool fund_window_allows(enum fund_window w)
{
    return w == FUND_WINDOW_NONE || w == FUND_WINDOW_OPEN;
}

bool fund_window_valid(int64_t opens_at, int64_t closes_at)
{
    return opens_at >= YEAR_2000 && closes_at < YEAR_2101 && closes_at > opens_at &&
           closes_at - opens_at <= FUND_WINDOW_MAX_S;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool activity_date_parse(const char *s, int64_t *at)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int64_t m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    if (d > mdays[m - 1] + (m == 2 && leap(y)))
        return false;
    *at = days_from_civil(y, m, d) * 86400 - SHANGHAI_OFFSET_S;
    return true;
}

void activity_date_format(int64_t at, char *out, int size)
{
    int64_t z = (at + SHANGHAI_OFFSET_S) / 86400;
    if ((at + SHANGHAI_OFFSET_S) % 86400 < 0)
        z--;
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    int64_t y = yoe + era * 400 + (m <= 2);
    snprintf(out, (size_t)size, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
}

bool activity_signins_parse(const char *s, int64_t *n)
{
    if (!s || !*s || strlen(s) > 6)
        return false;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v > ACTIVITY_SIGNINS_MAX)
        return false;
    *n = v;
    return true;
}
