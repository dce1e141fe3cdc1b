/* The one growable byte buffer, used for HTML, JSON, SQL text and parsing.
 *
 * Invariants (after buf_init): data is never NULL and is always NUL-terminated at data[len];
 * len excludes that NUL. Ownership of the bytes is taken with buf_detach(), after which the
 * buffer is empty again and still usable. */
#ifndef MULIN_BUF_H
#define MULIN_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* never NULL; points at a shared empty string until the first append */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated; 0 while data is the shared empty string */
};

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

void buf_init(struct buf *b);
void buf_free(struct buf *b);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the malloc'd string (the caller frees it) and leaves b empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
