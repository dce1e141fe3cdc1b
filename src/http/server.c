#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "hall/clock.h"
#include "http/dispatch.h"
#include "http/live.h"
#include "http/req.h"
#include "util/log.h"
#include "util/xmalloc.h"

static atomic_int in_flight;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static struct req *req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
    struct req *r = xcalloc(1, sizeof *r);
    arena_init(&r->arena);
    buf_init(&r->body);
    buf_init(&r->out);
    r->conn = conn;
    r->method = arena_strdup(&r->arena, method);
    r->path = arena_strdup(&r->arena, url);
    r->status = 200;
    r->started_ms = now_ms();
    r->body_limit = dispatch_body_limit(method, url);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->remote,
                      sizeof r->remote);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      r->remote, sizeof r->remote);
    }
    if (!r->remote[0])
        strcpy(r->remote, "-");
    return r;
}

static void req_free(struct req *r)
{
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free(&r->arena);
    free(r->kept_method);
    free(r->kept_path);
    free(r);
}

/* A live stream lasts as long as its client, often hours: once its response is queued, keep
 * only what the log line at its end needs and let the request's memory go (its arena held the
 * session, the grants and the parsed input: ~8 KiB of the ~16 KiB each of 10,000 subscribers
 * cost). Everything that pointed into the arena is cleared with it. */
static void req_shrink(struct req *r)
{
    r->kept_method = xstrdup(r->method);
    r->kept_path = xstrdup(r->path);
    r->method = r->kept_method;
    r->path = r->kept_path;
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free(&r->arena);
    arena_init(&r->arena);
    memset(&r->query, 0, sizeof r->query);
    memset(&r->cookies, 0, sizeof r->cookies);
    memset(&r->form, 0, sizeof r->form);
    r->person_name = NULL;
    r->csrf = NULL;
    r->grants = NULL;
    r->ngrants = 0;
    r->nheaders = 0;
    r->events = NULL;
    r->content_type = NULL;
    r->form_failed = r->form_message = NULL;
}

/* Hands the buffered response to MHD. */
static enum MHD_Result send_response(struct req *r)
{
    struct MHD_Response *resp;
    if (r->stream) {
        resp = live_response(r);
        r->stream = NULL; /* the response owns it now */
        if (!resp)
            return MHD_NO;
        r->content_type = "text/event-stream; charset=utf-8";
        req_add_header(r, "Cache-Control", "no-cache");
        req_add_header(r, "X-Accel-Buffering", "no"); /* nginx: pass events through at once */
    } else {
        size_t len;
        char *body = buf_detach(&r->out, &len);
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
            free(body);
            return MHD_NO;
        }
    }
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "text/html; charset=utf-8");
    bool cache_set = false;
    for (int i = 0; i < r->nheaders; i++) {
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
        cache_set = cache_set || strcasecmp(r->headers[i].name, "Cache-Control") == 0;
    }
    /* Pages carry personal data: no shared cache may keep them unless a handler says so. */
    if (!cache_set)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* The access handler. The first call only records the request (queueing a response there
 * makes MHD close every connection: keep-alive needs the response on a later call). Body
 * bytes are gathered up to the route's limit; the last call dispatches and answers. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct req *r = *req_cls;
    if (!r) {
        r = req_new(conn, url, method);
        *req_cls = r;
        atomic_fetch_add(&in_flight, 1);
        /* A declared body over the limit is refused before any of it is read: answering on this
         * first call makes MHD send the 413 and close the connection. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > r->body_limit) {
            r->body_too_large = true;
            dispatch(r);
            return send_response(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* A body without a declared length (chunked) that grows past the limit is read and
         * dropped; the 413 goes out when it ends, since MHD 0.9 refuses a response queued
         * mid-upload (MHD_queue_response fails and the client gets no answer at all). */
        if (!r->body_too_large && r->body.len + *upload_data_size <= r->body_limit) {
            buf_add(&r->body, upload_data, *upload_data_size);
        } else if (!r->body_too_large) {
            r->body_too_large = true;
            buf_free(&r->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    dispatch(r);
    bool stream = r->stream != NULL;
    enum MHD_Result ok = send_response(r);
    if (stream && ok == MHD_YES)
        req_shrink(r);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *req_cls;
    if (!r)
        return;
    log_msg("%s %s %s %d %.1fms", r->remote, r->method, r->path, r->status,
            now_ms() - r->started_ms);
    req_free(r);
    *req_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    const char *port = colon ? colon + 1 : listen;
    char host[64] = "127.0.0.1";
    if (colon && colon != listen) {
        size_t n = (size_t)(colon - listen);
        if (n >= sizeof host)
            return -1;
        memcpy(host, listen, n);
        host[n] = '\0';
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (*port == '\0' || *end || p < 0 || p > 65535)
        return -1;
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return -1;
    sa->sin_port = htons((uint16_t)p);
    return 0;
}

/* Every live-update stream holds a socket: lift the soft descriptor limit to the hard one so
 * SERVER_MAX_CONNECTIONS streams fit (the default soft limit is often 1,024). */
static void raise_fd_limit(void)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < SERVER_MAX_CONNECTIONS + 64)
        log_msg("only %llu file descriptors: fewer than %d connections will fit",
                (unsigned long long)lim.rlim_cur, SERVER_MAX_CONNECTIONS);
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_msg("http: %s", line);
}

int server_run(const char *listen, const char *trusted_proxy)
{
    dispatch_trust_proxy(trusted_proxy);
    struct sockaddr_in sa;
    if (parse_listen(listen, &sa) != 0) {
        fprintf(stderr, "mulin: cannot use listen address '%s' (expected ADDR:PORT)\n", listen);
        return 1;
    }
    /* Signals are taken by sigwait() in this thread only. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    raise_fd_limit();
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cores > 0 ? (unsigned)cores : 2;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_CONN_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SERVER_MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        trusted_proxy ? 0u : (unsigned)SERVER_PER_IP_CONNECTIONS, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "mulin: cannot listen on '%s': %s\n", listen, strerror(errno));
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    /* A PostgreSQL conninfo may hold a password: name only the engine then. */
    log_msg("serving on http://%s:%u with %u threads, database '%s'", inet_ntoa(sa.sin_addr),
            di ? di->port : 0, threads, db_engine() == DB_POSTGRESQL ? "postgresql" : db_path());
    if (live_start() != 0) {
        log_msg("cannot start live events");
        MHD_stop_daemon(d);
        return 1;
    }
    hall_clock_start(); /* timed hall work, such as closing polls (logs when it cannot start) */
    int sig = 0;
    sigwait(&stop, &sig);
    log_msg("stopping on signal %d", sig);
    /* Stop accepting, end the event streams, let requests in flight finish (up to 10 s),
     * then stop. */
    MHD_socket ls = MHD_quiesce_daemon(d);
    hall_clock_stop();
    live_stop();
    for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++)
        usleep(10000);
    MHD_stop_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    return 0;
}
