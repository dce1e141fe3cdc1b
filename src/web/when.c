#include "web/when.h"

#include <time.h>

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

enum when_form { W_SHORT, W_LONG, W_DAY };

static const char *when_format(struct req *r, int64_t at, enum when_form form)
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    int y = tm.tm_year + 1900, mo = tm.tm_mon, d = tm.tm_mday, h = tm.tm_hour, mi = tm.tm_min;
    if (r->lang == LANG_EN) {
        const char *m = months[mo % 12];
        if (form == W_SHORT)
            return arena_printf(&r->arena, "%d %s %02d:%02d", d, m, h, mi);
        if (form == W_LONG)
            return arena_printf(&r->arena, "%d %s %d %02d:%02d", d, m, y, h, mi);
        return arena_printf(&r->arena, "%d %s %d", d, m, y);
    }
    if (form == W_SHORT)
        return arena_printf(&r->arena, "%d月%d日 %02d:%02d", mo + 1, d, h, mi);
    if (form == W_LONG)
        return arena_printf(&r->arena, "%d年%d月%d日 %02d:%02d", y, mo + 1, d, h, mi);
    return arena_printf(&r->arena, "%d年%d月%d日", y, mo + 1, d);
}

const char *when_short(struct req *r, int64_t at)
{
    return when_format(r, at, W_SHORT);
}

const char *when_long(struct req *r, int64_t at)
{
    return when_format(r, at, W_LONG);
}

const char *when_day(struct req *r, int64_t at)
{
    return when_format(r, at, W_DAY);
}
