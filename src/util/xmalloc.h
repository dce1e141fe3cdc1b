/* Allocation that never returns NULL: out of memory aborts, so callers need no checks. */
#ifndef MULIN_XMALLOC_H
#define MULIN_XMALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a malloc'd copy of s; the caller frees it. */
char *xstrdup(const char *s);
/* Returns a malloc'd, NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);

#endif
