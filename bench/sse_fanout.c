/* SSE fan-out client for `make bench`: holds many idle Server-Sent-Events subscribers on one
 * channel, publishes events through the API and times how long each subscriber takes to get
 * each one. One thread, epoll, non-blocking sockets.
 *
 *   sse_fanout --port P --path /api/v1/nodes/4/events --cookie TOKEN --clients N
 *              [--per-addr K] [--first-addr 127.0.0.2] --publish-path /api/v1/nodes/4/roles
 *              --bearer TOKEN --person ID [--publishes 5] [--pid SERVER_PID]
 *              [--pub-addr 127.0.0.1] [--connect-timeout S] [--deliver-timeout S]
 *              [--answer-timeout S] [--window N] [--hold S]
 *
 * Subscriber i connects from the loopback address first-addr + i / per-addr (every 127.x.y.z
 * is local on Linux), so that a per-address connection limit of the server can be met. At most
 * `window` (1000) connects are under way at once; one not answered within answer-timeout (3 s)
 * counts as no_answer. The publisher's connection is opened (and kept alive) before any
 * subscriber, so that it still gets in when the subscribers fill the server's connection
 * limit; it connects from pub-addr (127.0.0.1). Publish k grants the role
 * `director` to person ID (odd k) or takes it back (even k); either publishes event `roles` on
 * the node's channel. A subscriber has publish k when it has read its k-th "event: roles".
 *
 * Meeting mode (bench/meeting.sh): --commands FILE posts each line of FILE (a JSON command) to
 * publish-path at --rate per second (10), one at a time on the publisher's connection, instead
 * of the role grants; --event command counts that event's frames ("roles" by default); --path2
 * gives every second subscriber another URL (the phone view; path is the projector's). Each
 * command is timed from its acceptance (the POST's answer read) to every subscriber having its
 * event; frames a subscriber got before publishing began (a snapshot on connect) are not
 * counted. With --commands, --clients may be 0 (the POST's own time alone) and --rate 0 posts
 * as fast as the answers come. Prints per command:
 *   command K status S post_ms T got N missing N p50_ms T p99_ms T all_ms T
 * (post_ms: the POST's first byte to its answer; p50/p99 over the subscribers and all_ms (the
 * last subscriber), from the answer, 0 when the event came before the answer), then
 * commands_ms, server_cpu_ms and client_cpu_ms (wall time of the commands part, and the CPU
 * time the server and this client spent in it), rss_max_kb K (server VmRSS sampled at each
 * command) and open_after_commands N (subscribers
 * still connected: one the server dropped counts in neither got nor missing from then on).
 *
 * Prints "key value..." lines on standard output (read by bench/sse.sh):
 *   target N, rss_start_kb K (server VmRSS before the subscribers), open N, refused N (closed by
 * the server without an answer), status_XXX N (other answers), connect_error N, no_answer N (not
 * answered in time), dropped_after_open N, connect_ms T, rss_kb K (server VmRSS with all
 * connected), publish K status S post_ms T got N missing N p50_ms T p99_ms T max_ms T (times from
 * the POST's first byte), hwm_kb K (server VmHWM since the start: reset then, so without the
 *   login's Argon2id), rss_after_kb K, open_at_end N. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

enum state { C_IDLE, C_CONNECTING, C_WAIT_HEAD, C_OPEN, C_DEAD };

struct sub {
    int fd;
    enum state st;
    int events;   /* "event: roles" frames read */
    int base;     /* frames read before publishing began */
    double got;   /* when the current publish arrived (ms), or -1 */
    double began; /* when the connect began (ms) */
    size_t hlen;  /* bytes of head read */
    char head[512];
    char tail[80]; /* the end of the last read, for a frame split across reads */
    size_t tlen;
};

static char marker[80] = "event: roles\n";
static size_t marker_len = 13;
#define PUB_ID UINT32_MAX
#define MARKER_LEN marker_len

static struct sub *subs;
static int nsubs;
static int epfd;
static int port;
static const char *path, *path2, *cookie;
/* Meeting mode: when subscriber i read frame number k (ms), per command k (1-based). */
static float **cmd_got;
static int ncmds;
static struct in_addr first_addr;
static int per_addr = 400;
static int in_flight, window = 1000;
static double answer_timeout = 3000; /* ms for a subscriber's connect and answer */
static int n_open, n_refused, n_connect_error, n_no_answer, n_dropped, n_status_other;
static int status_counts[600];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
    fprintf(stderr, "sse_fanout: %s: %s\n", what, strerror(errno));
    exit(1);
}

static long proc_kb(int pid, const char *field)
{
    char fn[64], line[256];
    snprintf(fn, sizeof fn, "/proc/%d/status", pid);
    FILE *f = fopen(fn, "r");
    if (!f)
        return -1;
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = atol(line + n + 1);
    fclose(f);
    return kb;
}

/* CPU time (user + system, ms) of process PID so far, from /proc/PID/stat; -1 if unknown. */
static double proc_cpu_ms(int pid)
{
    char fn[64], line[1024];
    snprintf(fn, sizeof fn, "/proc/%d/stat", pid);
    FILE *f = fopen(fn, "r");
    if (!f)
        return -1;
    double ms = -1;
    if (fgets(line, sizeof line, f)) {
        const char *p = strrchr(line, ')'); /* the name may hold spaces */
        unsigned long ut = 0, st = 0;
        if (p &&
            sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2)
            ms = (double)(ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
    }
    fclose(f);
    return ms;
}

/* This process's own CPU time (ms). */
static double self_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void sub_close(struct sub *s, enum state why_counted)
{
    (void)why_counted;
    if (s->fd >= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
        close(s->fd);
        s->fd = -1;
    }
    if (s->st == C_CONNECTING || s->st == C_WAIT_HEAD)
        in_flight--;
    if (s->st == C_OPEN)
        n_open--;
    s->st = C_DEAD;
}

static void sub_start(int i)
{
    struct sub *s = &subs[i];
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0)
        die("socket (raise ulimit -n)");
    int one = 1;
    setsockopt(s->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(ntohl(first_addr.s_addr) + (uint32_t)(i / per_addr));
    if (bind(s->fd, (struct sockaddr *)&src, sizeof src) != 0)
        die("bind to a loopback source address");
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->st = C_CONNECTING;
    s->got = -1;
    s->began = now_ms();
    in_flight++;
    if (connect(s->fd, (struct sockaddr *)&dst, sizeof dst) != 0 && errno != EINPROGRESS) {
        n_connect_error++;
        sub_close(s, C_DEAD);
        return;
    }
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.u32 = (uint32_t)i};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev) != 0)
        die("epoll_ctl");
}

/* Counts the frames in newly read bytes, including one split across reads. */
static int count_frames(struct sub *s, const char *data, size_t n)
{
    char joined[80 + 8192];
    memcpy(joined, s->tail, s->tlen);
    memcpy(joined + s->tlen, data, n);
    size_t len = s->tlen + n;
    int found = 0;
    const char *p = joined, *end = joined + len;
    while ((p = memmem(p, (size_t)(end - p), marker, MARKER_LEN)) != NULL) {
        found++;
        p += MARKER_LEN;
    }
    size_t keep = len < MARKER_LEN - 1 ? len : MARKER_LEN - 1;
    memcpy(s->tail, end - keep, keep);
    s->tlen = keep;
    return found;
}

static void on_body(struct sub *s, const char *data, size_t n, int publish)
{
    int f = count_frames(s, data, n);
    if (f && cmd_got) {
        double t = now_ms();
        for (int k = s->events - s->base + 1; k <= s->events - s->base + f; k++)
            if (k >= 1 && k <= ncmds)
                cmd_got[k - 1][s - subs] = (float)t;
    }
    if (f) {
        s->events += f;
        if (publish && s->events >= publish && s->got < 0)
            s->got = now_ms();
    }
}

static void sub_event(int i, uint32_t events, int publish)
{
    struct sub *s = &subs[i];
    if (s->st == C_CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
            n_connect_error++;
            sub_close(s, C_DEAD);
            return;
        }
        if (!(events & (EPOLLOUT | EPOLLIN)))
            return;
        char req[1024];
        int rn = snprintf(req, sizeof req,
                          "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n"
                          "Cookie: mulin_session=%s\r\n\r\n",
                          path2 && i % 2 ? path2 : path, port, cookie);
        if (write(s->fd, req, (size_t)rn) != rn) {
            n_refused++;
            sub_close(s, C_DEAD);
            return;
        }
        s->st = C_WAIT_HEAD;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = (uint32_t)i};
        epoll_ctl(epfd, EPOLL_CTL_MOD, s->fd, &ev);
        return;
    }
    char buf[8192];
    for (;;) {
        ssize_t n = read(s->fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) { /* closed or reset */
            if (s->st == C_WAIT_HEAD)
                n_refused++;
            else if (s->st == C_OPEN)
                n_dropped++;
            sub_close(s, C_DEAD);
            return;
        }
        if (s->st == C_WAIT_HEAD) {
            size_t take = (size_t)n;
            if (take > sizeof s->head - 1 - s->hlen)
                take = sizeof s->head - 1 - s->hlen;
            memcpy(s->head + s->hlen, buf, take);
            s->hlen += take;
            s->head[s->hlen] = '\0';
            char *eoh = strstr(s->head, "\r\n\r\n");
            if (!eoh) {
                if (s->hlen == sizeof s->head - 1) {
                    n_status_other++;
                    sub_close(s, C_DEAD);
                }
                continue;
            }
            int status = 0;
            sscanf(s->head, "HTTP/1.%*d %d", &status);
            if (status != 200) {
                if (status > 0 && status < 600)
                    status_counts[status]++;
                else
                    n_status_other++;
                sub_close(s, C_DEAD);
                return;
            }
            s->st = C_OPEN;
            in_flight--;
            n_open++;
            size_t body_off = (size_t)(eoh + 4 - s->head);
            /* The rest of this read (past the head) is body. */
            size_t head_part = body_off - (s->hlen - take);
            if ((size_t)n > head_part)
                on_body(s, buf + head_part, (size_t)n - head_part, publish);
            continue;
        }
        on_body(s, buf, (size_t)n, publish);
    }
}

static void pub_readable(void);

/* Runs the event loop until deadline (ms) or until done() says so. */
static void pump(double deadline, int publish, int (*done)(void))
{
    struct epoll_event evs[1024];
    while (now_ms() < deadline && !(done && done())) {
        int t = (int)(deadline - now_ms());
        int n = epoll_wait(epfd, evs, 1024, t < 0 ? 0 : t > 50 ? 50 : t);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (int k = 0; k < n; k++) {
            if (evs[k].data.u32 == PUB_ID)
                pub_readable();
            else
                sub_event((int)evs[k].data.u32, evs[k].events, publish);
        }
    }
}

static int next_to_start;
static double last_sweep;
static int connect_done(void)
{
    /* Subscribers the server neither answers nor refuses (its accept queue is full, or it
     * stopped accepting) give up after answer_timeout, making room for the next. */
    double t = now_ms();
    if (t - last_sweep > 100) {
        last_sweep = t;
        for (int i = 0; i < next_to_start; i++)
            if ((subs[i].st == C_CONNECTING || subs[i].st == C_WAIT_HEAD) &&
                t - subs[i].began > answer_timeout) {
                n_no_answer++;
                sub_close(&subs[i], C_DEAD);
            }
    }
    while (next_to_start < nsubs && in_flight < window)
        sub_start(next_to_start++);
    return next_to_start == nsubs && in_flight == 0;
}

static int cur_publish;
static int pub_status = -1; /* the publish's HTTP status; -1 while it is awaited */
static double pub_done_at;
static int delivered(void)
{
    if (pub_status < 0)
        return 0;
    for (int i = 0; i < nsubs; i++)
        if (subs[i].st == C_OPEN && subs[i].events < cur_publish)
            return 0;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The publisher: one keep-alive connection, opened first. */
static int pub_fd = -1;
static struct in_addr pub_addr;

static int pub_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = pub_addr};
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
        connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static char pub_buf[4096];
static size_t pub_len;

static void pub_drop(void)
{
    if (pub_fd >= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, pub_fd, NULL);
        close(pub_fd);
        pub_fd = -1;
    }
}

/* Sends one publish; its answer is read by the event loop, with the subscribers'. Returns 0 if
 * the connection failed. */
static int pub_send(const char *publish_path, const char *bearer, long person, int grant)
{
    char body[96], req[1024];
    int bn = snprintf(body, sizeof body, "{\"person_id\":%ld,\"role\":\"director\"}", person);
    int rn = snprintf(req, sizeof req,
                      "POST %s%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                      publish_path, grant ? "" : "/revoke", port, bearer, bn, body);
    pub_len = 0;
    pub_status = -1;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (pub_fd < 0) {
            if ((pub_fd = pub_connect()) < 0)
                return 0;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = PUB_ID};
            epoll_ctl(epfd, EPOLL_CTL_ADD, pub_fd, &ev);
        }
        if (write(pub_fd, req, (size_t)rn) == rn)
            return 1;
        pub_drop();
    }
    return 0;
}

/* Sends one command (meeting mode): BODY is POSTed as JSON to publish_path. */
static int pub_send_body(const char *publish_path, const char *bearer, const char *body)
{
    char req[8192];
    int rn = snprintf(req, sizeof req,
                      "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                      publish_path, port, bearer, strlen(body), body);
    if (rn <= 0 || (size_t)rn >= sizeof req)
        return 0;
    pub_len = 0;
    pub_status = -1;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (pub_fd < 0) {
            if ((pub_fd = pub_connect()) < 0)
                return 0;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = PUB_ID};
            epoll_ctl(epfd, EPOLL_CTL_ADD, pub_fd, &ev);
        }
        if (write(pub_fd, req, (size_t)rn) == rn)
            return 1;
        pub_drop();
    }
    return 0;
}

static int answered(void)
{
    return pub_status >= 0;
}

/* Whether every open subscriber has read command k's frame. */
static int cmd_k;
static int cmd_delivered(void)
{
    for (int i = 0; i < nsubs; i++)
        if (subs[i].st == C_OPEN && subs[i].events - subs[i].base < cmd_k)
            return 0;
    return 1;
}

/* Meeting mode: posts every line of FILE at RATE a second and times each command's delivery.
 * Returns 0, or 1 when FILE cannot be read. */
static int run_commands(const char *file, double rate, const char *publish_path, const char *bearer,
                        int pid, double deliver_timeout)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 1;
    char **lines = NULL;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        lines = realloc(lines, (size_t)(ncmds + 1) * sizeof *lines);
        if (!lines || !(lines[ncmds] = strdup(line)))
            die("memory");
        ncmds++;
    }
    fclose(f);
    double *accepted = calloc((size_t)ncmds + 1, sizeof *accepted);
    cmd_got = calloc((size_t)ncmds + 1, sizeof *cmd_got);
    if (!accepted || !cmd_got)
        die("memory");
    for (int k = 0; k < ncmds; k++) {
        cmd_got[k] = malloc(((size_t)nsubs + 1) * sizeof **cmd_got);
        if (!cmd_got[k])
            die("memory");
        for (int i = 0; i < nsubs; i++)
            cmd_got[k][i] = -1;
    }
    /* Frames before this point (a snapshot sent on connect) are not commands of this run. */
    for (int i = 0; i < nsubs; i++)
        subs[i].base = subs[i].events;
    long rss_max = 0;
    int *status = calloc((size_t)ncmds + 1, sizeof *status);
    double *post_ms = calloc((size_t)ncmds + 1, sizeof *post_ms);
    if (!status || !post_ms)
        die("memory");
    double t0 = now_ms();
    double server_cpu0 = pid ? proc_cpu_ms(pid) : -1, self_cpu0 = self_cpu_ms();
    for (int k = 1; k <= ncmds; k++) {
        double due = t0 + (rate > 0 ? (k - 1) * 1e3 / rate : 0);
        if (now_ms() < due)
            pump(due, 0, NULL);
        double start = now_ms();
        if (pub_send_body(publish_path, bearer, lines[k - 1]))
            pump(start + 30e3, 0, answered);
        if (pub_status < 0) {
            pub_status = 0;
            pub_done_at = now_ms();
        }
        status[k] = pub_status;
        post_ms[k] = pub_done_at - start;
        accepted[k] = pub_done_at;
        if (pid) {
            long kb = proc_kb(pid, "VmRSS");
            rss_max = kb > rss_max ? kb : rss_max;
        }
    }
    /* The last events: until every subscriber has all of them. */
    cmd_k = ncmds;
    pump(now_ms() + deliver_timeout * 1e3, 0, cmd_delivered);
    /* CPU spent while the commands ran and were delivered: the server's, and this client's
     * (they share the machine's cores). */
    double server_cpu = pid && server_cpu0 >= 0 ? proc_cpu_ms(pid) - server_cpu0 : -1;
    printf("commands_ms %.0f\nserver_cpu_ms %.0f\nclient_cpu_ms %.0f\n", now_ms() - t0, server_cpu,
           self_cpu_ms() - self_cpu0);
    float *lat = malloc(((size_t)nsubs + 1) * sizeof *lat);
    if (!lat)
        die("memory");
    for (int k = 1; k <= ncmds; k++) {
        int got = 0, missing = 0;
        double all = 0;
        for (int i = 0; i < nsubs; i++) {
            if (subs[i].st != C_OPEN && cmd_got[k - 1][i] < 0)
                continue;
            if (cmd_got[k - 1][i] < 0) {
                missing++;
                continue;
            }
            double d = cmd_got[k - 1][i] - accepted[k];
            lat[got++] = (float)(d > 0 ? d : 0);
            all = d > all ? d : all;
        }
        double p50 = -1, p99 = -1;
        if (got) {
            double *tmp = malloc((size_t)got * sizeof *tmp);
            if (!tmp)
                die("memory");
            for (int i = 0; i < got; i++)
                tmp[i] = lat[i];
            qsort(tmp, (size_t)got, sizeof *tmp, cmp_double);
            p50 = tmp[(size_t)(got * 0.50)];
            p99 = tmp[(size_t)((got - 1) * 0.99 + 0.5)];
            free(tmp);
        }
        printf("command %d status %d post_ms %.2f got %d missing %d p50_ms %.2f p99_ms %.2f "
               "all_ms %.2f\n",
               k, status[k], post_ms[k], got, missing, p50, p99, nsubs ? all : 0);
    }
    printf("rss_max_kb %ld\nopen_after_commands %d\n", rss_max, n_open);
    fflush(stdout);
    free(lat);
    free(status);
    free(post_ms);
    for (int k = 0; k < ncmds; k++) {
        free(cmd_got[k]);
        free(lines[k]);
    }
    free(cmd_got);
    cmd_got = NULL;
    free(lines);
    free(accepted);
    return 0;
}

/* Reads the publisher's answer as it comes. */
static void pub_readable(void)
{
    if (pub_fd < 0)
        return;
    ssize_t n = recv(pub_fd, pub_buf + pub_len, sizeof pub_buf - 1 - pub_len, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        pub_drop();
        if (pub_status < 0) {
            pub_status = 0;
            pub_done_at = now_ms();
        }
        return;
    }
    pub_len += (size_t)n;
    pub_buf[pub_len] = '\0';
    char *eoh = strstr(pub_buf, "\r\n\r\n");
    if (!eoh || pub_status >= 0)
        return;
    char *cl = strcasestr(pub_buf, "\r\nContent-Length:");
    size_t want = (size_t)(eoh + 4 - pub_buf) + (cl ? (size_t)atol(cl + 17) : 0);
    if (pub_len < want && pub_len < sizeof pub_buf - 1)
        return;
    int status = 0;
    sscanf(pub_buf, "HTTP/1.%*d %d", &status);
    pub_status = status;
    pub_done_at = now_ms();
    if (status == 0 || strcasestr(pub_buf, "\r\nConnection: close"))
        pub_drop();
}

int main(int argc, char **argv)
{
    const char *publish_path = NULL, *bearer = NULL, *commands = NULL;
    double rate = 10;
    long person = 0;
    int publishes = 5, pid = 0;
    double connect_timeout = 60, deliver_timeout = 10, hold = 0;
    inet_aton("127.0.0.2", &first_addr);
    inet_aton("127.0.0.1", &pub_addr);
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--port"))
            port = atoi(v);
        else if (!strcmp(k, "--path"))
            path = v;
        else if (!strcmp(k, "--path2"))
            path2 = v;
        else if (!strcmp(k, "--commands"))
            commands = v;
        else if (!strcmp(k, "--rate"))
            rate = atof(v);
        else if (!strcmp(k, "--event")) {
            int n = snprintf(marker, sizeof marker, "event: %s\n", v);
            if (n <= 0 || (size_t)n >= sizeof marker) {
                fprintf(stderr, "sse_fanout: event name too long\n");
                return 2;
            }
            marker_len = (size_t)n;
        } else if (!strcmp(k, "--cookie"))
            cookie = v;
        else if (!strcmp(k, "--clients"))
            nsubs = atoi(v);
        else if (!strcmp(k, "--per-addr"))
            per_addr = atoi(v);
        else if (!strcmp(k, "--first-addr"))
            inet_aton(v, &first_addr);
        else if (!strcmp(k, "--pub-addr"))
            inet_aton(v, &pub_addr);
        else if (!strcmp(k, "--publish-path"))
            publish_path = v;
        else if (!strcmp(k, "--bearer"))
            bearer = v;
        else if (!strcmp(k, "--person"))
            person = atol(v);
        else if (!strcmp(k, "--publishes"))
            publishes = atoi(v);
        else if (!strcmp(k, "--pid"))
            pid = atoi(v);
        else if (!strcmp(k, "--connect-timeout"))
            connect_timeout = atof(v);
        else if (!strcmp(k, "--answer-timeout"))
            answer_timeout = atof(v) * 1e3;
        else if (!strcmp(k, "--window"))
            window = atoi(v);
        else if (!strcmp(k, "--hold"))
            hold = atof(v);
        else if (!strcmp(k, "--deliver-timeout"))
            deliver_timeout = atof(v);
        else {
            fprintf(stderr, "sse_fanout: unknown option %s\n", k);
            return 2;
        }
    }
    if (!port || !path || !cookie || nsubs < (commands ? 0 : 1) || per_addr <= 0 || !publish_path ||
        !bearer || (!commands && person <= 0)) {
        fprintf(stderr, "sse_fanout: missing options (see the comment at the top)\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)nsubs + 64) {
        fprintf(stderr, "sse_fanout: %d subscribers need ulimit -n %d (it is %lu)\n", nsubs,
                nsubs + 64, (unsigned long)rl.rlim_cur);
        return 1;
    }
    subs = calloc((size_t)nsubs + 1, sizeof *subs);
    if (!subs)
        die("calloc");
    for (int i = 0; i < nsubs; i++)
        subs[i].fd = -1;
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0)
        die("epoll_create1");

    signal(SIGPIPE, SIG_IGN);
    pub_fd = pub_connect();
    if (pub_fd < 0)
        die("connect the publisher");
    struct epoll_event pev = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = PUB_ID};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, pub_fd, &pev) != 0)
        die("epoll_ctl");

    /* The server's peak memory from now on (Linux: 5 resets VmHWM), without the login's. */
    if (pid) {
        char fn[64];
        snprintf(fn, sizeof fn, "/proc/%d/clear_refs", pid);
        FILE *f = fopen(fn, "w");
        if (f) {
            fputs("5", f);
            fclose(f);
        }
    }
    printf("target %d\n", nsubs);
    if (pid)
        printf("rss_start_kb %ld\n", proc_kb(pid, "VmRSS"));
    double t0 = now_ms();
    pump(t0 + connect_timeout * 1e3, 0, connect_done);
    double t1 = now_ms();
    for (int i = 0; i < nsubs; i++)
        if (subs[i].st == C_CONNECTING || subs[i].st == C_WAIT_HEAD) {
            n_no_answer++;
            sub_close(&subs[i], C_DEAD);
        }
    /* A second to see whether the server drops any accepted stream. */
    pump(now_ms() + 1000, 0, NULL);
    printf("open %d\nrefused %d\nconnect_error %d\nno_answer %d\ndropped_after_open %d\n", n_open,
           n_refused, n_connect_error, n_no_answer, n_dropped);
    for (int s = 0; s < 600; s++)
        if (status_counts[s])
            printf("status_%d %d\n", s, status_counts[s]);
    if (n_status_other)
        printf("status_other %d\n", n_status_other);
    printf("connect_ms %.0f\n", t1 - t0);
    if (pid)
        printf("rss_kb %ld\n", proc_kb(pid, "VmRSS"));
    fflush(stdout);

    /* For a look at the server with everyone connected (pmap, perf): --hold seconds. */
    if (hold > 0)
        pump(now_ms() + hold * 1e3, 0, NULL);

    if (commands) {
        if (run_commands(commands, rate, publish_path, bearer, pid, deliver_timeout) != 0)
            die("read the commands file");
        publishes = 0;
    }
    double *lat = malloc(((size_t)nsubs + 1) * sizeof *lat);
    if (!lat)
        die("malloc");
    for (int k = 1; k <= publishes; k++) {
        cur_publish = k;
        for (int i = 0; i < nsubs; i++)
            subs[i].got = -1;
        double start = now_ms();
        if (pub_send(publish_path, bearer, person, k % 2))
            pump(start + deliver_timeout * 1e3, k, delivered);
        if (pub_status < 0) {
            pub_status = 0; /* no answer in time */
            pub_done_at = now_ms();
        }
        int status = pub_status;
        double post_ms = pub_done_at - start;
        int got = 0, missing = 0;
        for (int i = 0; i < nsubs; i++) {
            if (subs[i].st != C_OPEN)
                continue;
            if (subs[i].events >= k && subs[i].got >= 0)
                lat[got++] = subs[i].got - start;
            else
                missing++;
        }
        qsort(lat, (size_t)got, sizeof *lat, cmp_double);
        double p50 = got ? lat[(size_t)(got * 0.50)] : -1;
        double p99 = got ? lat[(size_t)((got - 1) * 0.99 + 0.5)] : -1;
        double max = got ? lat[got - 1] : -1;
        printf("publish %d status %d post_ms %.2f got %d missing %d p50_ms %.2f p99_ms %.2f "
               "max_ms %.2f\n",
               k, status, post_ms, got, missing, p50, p99, max);
        fflush(stdout);
        /* Resynchronise: a subscriber that missed frames is behind for good; count it once. */
        for (int i = 0; i < nsubs; i++)
            if (subs[i].st == C_OPEN && subs[i].events < k)
                subs[i].events = k;
        pump(now_ms() + 300, 0, NULL);
    }
    if (pid)
        printf("hwm_kb %ld\nrss_after_kb %ld\n", proc_kb(pid, "VmHWM"), proc_kb(pid, "VmRSS"));
    printf("open_at_end %d\n", n_open);
    for (int i = 0; i < nsubs; i++)
        if (subs[i].fd >= 0)
            close(subs[i].fd);
    if (pub_fd >= 0)
        close(pub_fd);
    free(lat);
    free(subs);
    return 0;
}
