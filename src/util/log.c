#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "util/buf.h"

void log_msg(const char *fmt, ...)
{
    struct buf line;
    buf_init(&line);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_printf(&line, "%s ", stamp);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    buf_addc(&line, '\n');
    /* One write per line so lines from worker threads never interleave. */
    fwrite(line.data, 1, line.len, stderr);
    buf_free(&line);
}
