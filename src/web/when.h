/* Times as people read them, in the reader's language and the server's time zone (Asia/Shanghai
 * on a deployment): "11月25日 19:00", "2026年11月25日 19:00", "2026年11月25日" and the English
 * "25 Nov 19:00", "25 Nov 2026 19:00", "25 Nov 2026". Strings live in r->arena. */
#ifndef MULIN_WEB_WHEN_H
#define MULIN_WEB_WHEN_H
#include <stdint.h>

#include "http/req.h"

/* Day and time without the year: for feeds and lists of recent things. */
const char *when_short(struct req *r, int64_t at);
/* Day and time with the year: for records (history, polls). */
const char *when_long(struct req *r, int64_t at);
/* The day alone, with the year. */
const char *when_day(struct req *r, int64_t at);

#endif
