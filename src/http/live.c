#include "http/live.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xmalloc.h"

struct live_event {
    struct live_event *next; /* next queued event of the request */
    const char *channel;     /* in the request's arena */
    const char *event;
    const char *data;
};

struct live_sub {
    struct live_sub *prev, *next; /* the hub's list */
    struct MHD_Connection *conn;  /* the streaming connection */
    char *channel;                /* what it listens to */
    struct buf queue;             /* bytes not yet handed to MHD */
    bool suspended;               /* the connection is suspended waiting for data */
    bool closing;                 /* end the stream at the next read */
};

static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hub_wake = PTHREAD_COND_INITIALIZER;
static struct live_sub *hub;
static size_t hub_count;
static bool hub_stopping;
static pthread_t heartbeat_thread;
static bool heartbeat_running;

void live_publish(struct req *r, const char *channel, const char *event, const char *data)
{
    struct live_event *e = arena_alloc(&r->arena, sizeof *e);
    e->channel = arena_strdup(&r->arena, channel);
    e->event = arena_strdup(&r->arena, event);
    e->data = arena_strdup(&r->arena, data);
    /* Keep publishing order: append at the tail. */
    e->next = NULL;
    struct live_event **tail = &r->events;
    while (*tail)
        tail = &(*tail)->next;
    *tail = e;
}

/* Appends text to a subscriber and wakes it. Called with hub_lock held. */
static void sub_push(struct live_sub *s, const char *text, size_t len)
{
    if (s->closing)
        return;
    if (s->queue.len + len > LIVE_QUEUE_MAX) {
        s->closing = true; /* too slow: the client reconnects and catches up by reloading */
    } else {
        buf_add(&s->queue, text, len);
    }
    if (s->suspended) {
        s->suspended = false;
        MHD_resume_connection(s->conn);
    }
}

void live_deliver(const char *channel, const char *event, const char *data)
{
    struct buf msg;
    buf_init(&msg);
    /* SSE frames: data may not contain a newline; JSON from json_dumps(JSON_COMPACT) does not. */
    buf_printf(&msg, "event: %s\ndata: %s\n\n", event, data);
    pthread_mutex_lock(&hub_lock);
    for (struct live_sub *s = hub; s; s = s->next)
        if (strcmp(s->channel, channel) == 0)
            sub_push(s, msg.data, msg.len);
    pthread_mutex_unlock(&hub_lock);
    buf_free(&msg);
}

void live_flush(struct req *r)
{
    for (struct live_event *e = r->events; e; e = e->next) {
        if (strchr(e->data, '\n') || strchr(e->event, '\n') || strchr(e->channel, '\n'))
            continue; /* would break the frame; publishers send compact JSON */
        if (strlen(e->channel) + strlen(e->event) + strlen(e->data) + 2 > LIVE_PAYLOAD_MAX) {
            log_msg("live event on '%s' too large, dropped", e->channel);
            continue;
        }
        if (db_engine() == DB_POSTGRESQL) {
            /* Every node (this one included) hears it through its listener. */
            char *payload = arena_printf(&r->arena, "%s\n%s\n%s", e->channel, e->event, e->data);
            db_notify(r->db, payload);
        } else {
            live_deliver(e->channel, e->event, e->data);
        }
    }
    r->events = NULL;
}

/* Called by the PostgreSQL listener with "channel\nevent\ndata". */
static void on_notify(const char *payload)
{
    const char *nl1 = strchr(payload, '\n');
    const char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    if (!nl2)
        return;
    char *channel = xstrndup(payload, (size_t)(nl1 - payload));
    char *event = xstrndup(nl1 + 1, (size_t)(nl2 - nl1 - 1));
    live_deliver(channel, event, nl2 + 1);
    free(channel);
    free(event);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct live_sub *s = cls;
    pthread_mutex_lock(&hub_lock);
    ssize_t n;
    if (s->queue.len) {
        size_t take = s->queue.len < max ? s->queue.len : max;
        memcpy(out, s->queue.data, take);
        memmove(s->queue.data, s->queue.data + take, s->queue.len - take);
        s->queue.len -= take;
        s->queue.data[s->queue.len] = '\0';
        n = (ssize_t)take;
    } else if (s->closing || hub_stopping) {
        n = MHD_CONTENT_READER_END_OF_STREAM;
    } else {
        /* Nothing to send: sleep without a thread until a publish resumes us. */
        s->suspended = true;
        MHD_suspend_connection(s->conn);
        n = 0;
    }
    pthread_mutex_unlock(&hub_lock);
    return n;
}

static void stream_free(void *cls)
{
    struct live_sub *s = cls;
    pthread_mutex_lock(&hub_lock);
    if (s->prev)
        s->prev->next = s->next;
    else
        hub = s->next;
    if (s->next)
        s->next->prev = s->prev;
    hub_count--;
    pthread_mutex_unlock(&hub_lock);
    buf_free(&s->queue);
    free(s->channel);
    free(s);
}

void live_subscribe(struct req *r, const char *channel)
{
    struct live_sub *s = xcalloc(1, sizeof *s);
    s->conn = r->conn;
    s->channel = xstrdup(channel);
    buf_init(&s->queue);
    /* The first bytes tell the client the stream is open and how soon to reconnect. */
    buf_adds(&s->queue, "retry: 3000\n: open\n\n");
    r->stream = s;
}

struct MHD_Response *live_response(struct req *r)
{
    struct live_sub *s = r->stream;
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, stream_read, s, stream_free);
    if (!resp) {
        buf_free(&s->queue);
        free(s->channel);
        free(s);
        return NULL;
    }
    pthread_mutex_lock(&hub_lock);
    s->next = hub;
    if (hub)
        hub->prev = s;
    hub = s;
    hub_count++;
    pthread_mutex_unlock(&hub_lock);
    return resp;
}

static void *heartbeat(void *arg)
{
    (void)arg;
    static const char ping[] = ": ping\n\n";
    pthread_mutex_lock(&hub_lock);
    while (!hub_stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += LIVE_HEARTBEAT_S;
        pthread_cond_timedwait(&hub_wake, &hub_lock, &until);
        if (hub_stopping)
            break;
        for (struct live_sub *s = hub; s; s = s->next)
            sub_push(s, ping, sizeof ping - 1);
    }
    pthread_mutex_unlock(&hub_lock);
    return NULL;
}

int live_start(void)
{
    hub_stopping = false;
    if (pthread_create(&heartbeat_thread, NULL, heartbeat, NULL) != 0)
        return -1;
    heartbeat_running = true;
    if (db_engine() == DB_POSTGRESQL && db_listen(on_notify) != 0)
        return -1;
    return 0;
}

void live_stop(void)
{
    pthread_mutex_lock(&hub_lock);
    hub_stopping = true;
    /* Every suspended stream must be resumed before the server may stop. */
    for (struct live_sub *s = hub; s; s = s->next) {
        s->closing = true;
        if (s->suspended) {
            s->suspended = false;
            MHD_resume_connection(s->conn);
        }
    }
    pthread_cond_broadcast(&hub_wake);
    pthread_mutex_unlock(&hub_lock);
    if (heartbeat_running) {
        pthread_join(heartbeat_thread, NULL);
        heartbeat_running = false;
    }
    if (db_engine() == DB_POSTGRESQL)
        db_unlisten();
}

size_t live_count(void)
{
    pthread_mutex_lock(&hub_lock);
    size_t n = hub_count;
    pthread_mutex_unlock(&hub_lock);
    return n;
}
