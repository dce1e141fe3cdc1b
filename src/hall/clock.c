#include "hall/clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/outcome_store.h"
#include "hall/poll_store.h"
#include "http/live.h"
#include "meeting/meeting_clock.h"
#include "util/log.h"

/* The timed work, run in this order in one transaction per tick (meeting_clock_due: speeches
 * and recesses of meetings end on time with no console open). */
static const hall_clock_fn work[] = {
    poll_close_due,
    notice_end_due,
    meeting_clock_due,
};

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool running, stopping;

int hall_clock_tick(int64_t now)
{
    struct db *db = db_thread();
    if (!db)
        return -1;
    /* What feed_add and live_publish/live_flush use of a request: the connection, the arena,
     * the queued events; person_id 0 makes the feed's actor NULL (nobody did it: time did). */
    struct req r;
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    r.db = db;
    r.lang = LANG_ZH;
    int total = 0;
    if (db_begin(db) != DB_DONE) {
        arena_free(&r.arena);
        return -1;
    }
    for (size_t i = 0; i < sizeof work / sizeof work[0] && total >= 0; i++) {
        int n = work[i](&r, now);
        total = n < 0 ? -1 : total + n;
    }
    if (total < 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        total = -1;
    } else {
        live_flush(&r);
    }
    arena_free(&r.arena);
    return total;
}

static void *clock_main(void *arg)
{
    int period = *(int *)arg;
    free(arg);
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += period;
        while (!stopping && pthread_cond_timedwait(&wake, &lock, &until) != ETIMEDOUT)
            ;
        if (stopping)
            break;
        pthread_mutex_unlock(&lock);
        if (hall_clock_tick((int64_t)time(NULL)) < 0)
            log_msg("hall clock: tick failed, will retry");
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    db_thread_close();
    return NULL;
}

int hall_clock_start(void)
{
    int period = HALL_CLOCK_S;
    const char *env = getenv("MULIN_CLOCK_S");
    if (env && *env) {
        int v = atoi(env);
        if (v >= 1 && v <= HALL_CLOCK_S)
            period = v;
    }
    int *arg = malloc(sizeof *arg);
    if (!arg) {
        log_msg("hall clock: cannot start");
        return -1;
    }
    *arg = period;
    stopping = false;
    if (pthread_create(&thread, NULL, clock_main, arg) != 0) {
        log_msg("hall clock: cannot start");
        free(arg);
        return -1;
    }
    running = true;
    return 0;
}

void hall_clock_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = false;
}
