/* Log lines to stderr: lowercase, no full stop, subject quoted (`cannot open database 'x.db'`). */
#ifndef MULIN_LOG_H
#define MULIN_LOG_H

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
