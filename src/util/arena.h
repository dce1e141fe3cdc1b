/* Request-scoped memory: everything allocated from an arena is freed by one arena_free().
 * Parsed forms, cookies, query values and per-request strings live here. */
#ifndef MULIN_ARENA_H
#define MULIN_ARENA_H
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head; /* newest block first; NULL until the first allocation */
};

void arena_init(struct arena *a);
/* Frees every allocation made from a; the arena can be used again afterwards. */
void arena_free(struct arena *a);
/* Returns n bytes aligned for any type, owned by the arena. Never returns NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
