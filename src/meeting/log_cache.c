/* The process's cache of replayed meeting states (see log_cache.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/log_cache.h"

struct slot {
    int64_t id; /* 0: empty */
    int64_t n;
    char head[CHAIN_HEX];
    int have;
    struct mt_meeting *m;
    unsigned long used; /* the clock of its last use, for least recently used out */
};

static struct slot slots[MEETING_CACHE_SLOTS];
static unsigned long clock_now;
static long n_hits, n_misses;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void meeting_cache_put(int64_t id, const struct meeting_run *run)
{
    if (run->n <= 0 || !run->sc.m)
        return;
    pthread_mutex_lock(&lock);
    /* The meeting's own slot, else an empty one, else the least recently used. */
    struct slot *s = NULL, *empty = NULL, *oldest = &slots[0];
    for (int i = 0; i < MEETING_CACHE_SLOTS; i++) {
        if (slots[i].id == id) {
            s = &slots[i];
            break;
        }
        if (slots[i].id == 0 && !empty)
            empty = &slots[i];
        if (slots[i].used < oldest->used)
            oldest = &slots[i];
    }
    if (!s)
        s = empty ? empty : oldest;
    if (!s->m)
        s->m = malloc(sizeof *s->m);
    if (s->m) {
        memcpy(s->m, run->sc.m, sizeof *s->m);
        s->id = id;
        s->n = run->n;
        s->have = run->sc.have;
        memcpy(s->head, run->head, sizeof s->head);
        s->used = ++clock_now;
    } else {
        s->id = 0;
    }
    pthread_mutex_unlock(&lock);
}

int meeting_cache_get(int64_t id, struct meeting_run *run)
{
    int found = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MEETING_CACHE_SLOTS && !found; i++) {
        struct slot *s = &slots[i];
        if (s->id != id || !s->m)
            continue;
        if (mt_script_init(&run->sc) < 0) {
            found = -1;
            break;
        }
        memcpy(run->sc.m, s->m, sizeof *run->sc.m);
        run->sc.have = s->have;
        run->n = s->n;
        memcpy(run->head, s->head, sizeof run->head);
        s->used = ++clock_now;
        found = 1;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

void meeting_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MEETING_CACHE_SLOTS; i++) {
        free(slots[i].m);
        slots[i] = (struct slot){0};
    }
    pthread_mutex_unlock(&lock);
}

void meeting_cache_count(int hit)
{
    pthread_mutex_lock(&lock);
    if (hit)
        n_hits++;
    else
        n_misses++;
    pthread_mutex_unlock(&lock);
}

void meeting_cache_stats(long *hits, long *misses)
{
    pthread_mutex_lock(&lock);
    *hits = n_hits;
    *misses = n_misses;
    pthread_mutex_unlock(&lock);
}
