/* The poll vote burst of `make bench`: every voter in a token file votes once, as fast as the
 * server takes them, over C keep-alive connections (one thread each, blocking I/O: simple, and
 * the server is what is measured). Prints one line:
 *   votes N created C refused R failed F seconds S votes_per_s V p50_ms A p99_ms B
 * where created counts 201 answers, refused 4xx (a voter who may not vote, or voted already)
 * and failed everything else (5xx, a broken connection).
 *
 * usage: vote_burst HOST PORT TOKENS CONNECTIONS BODY
 *   TOKENS: a file of "token path" lines (a voter's bearer token from `mulin session issue`
 *   and the poll's votes address); BODY: the JSON sent. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *host, *body;
static int port;
static char **tokens, **paths;
static size_t ntokens;
static double *latency_ms;
static atomic_size_t next_vote;
static atomic_size_t created, refused, failed;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &a.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads one response; returns its status, or -1 when the connection broke. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have == cap - 1)
            return -1;
        ssize_t r = recv(fd, buf + have, cap - 1 - have, 0);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        buf[have] = 0;
        end = strstr(buf, "\r\n\r\n");
    }
    int status = atoi(buf + 9);
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t want = cl ? strtoul(cl + 17, NULL, 10) : 0;
    size_t got = have - (size_t)(end + 4 - buf);
    while (got < want) {
        ssize_t r = recv(fd, buf, cap - 1, 0);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return status;
}

static void *voter(void *arg)
{
    (void)arg;
    char req[1024], buf[16384];
    int fd = dial();
    for (;;) {
        size_t i = atomic_fetch_add(&next_vote, 1);
        if (i >= ntokens)
            break;
        int n = snprintf(req, sizeof req,
                         "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                         "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                         paths[i], host, tokens[i], strlen(body), body);
        double t0 = now_ms();
        int status = -1;
        /* One retry on a fresh connection: the server may close an idle keep-alive one. */
        for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
            if (fd < 0)
                fd = dial();
            if (fd >= 0 && send_all(fd, req, (size_t)n) == 0)
                status = read_response(fd, buf, sizeof buf);
            if (status < 0 && fd >= 0) {
                close(fd);
                fd = -1;
            }
        }
        latency_ms[i] = now_ms() - t0;
        if (status == 201)
            atomic_fetch_add(&created, 1);
        else if (status >= 400 && status < 500)
            atomic_fetch_add(&refused, 1);
        else
            atomic_fetch_add(&failed, 1);
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: vote_burst HOST PORT TOKENS CONNECTIONS BODY\n");
        return 2;
    }
    host = argv[1];
    port = atoi(argv[2]);
    int conns = atoi(argv[4]);
    body = argv[5];
    FILE *f = fopen(argv[3], "r");
    if (!f || conns < 1 || conns > 1024) {
        fprintf(stderr, "vote_burst: cannot read %s, or bad connection count\n", argv[3]);
        return 2;
    }
    size_t cap = 1024;
    tokens = malloc(cap * sizeof *tokens);
    paths = malloc(cap * sizeof *paths);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *sp = strchr(line, ' ');
        if (!sp || sp[1] != '/')
            continue;
        *sp = 0;
        if (ntokens == cap) {
            cap *= 2;
            tokens = realloc(tokens, cap * sizeof *tokens);
            paths = realloc(paths, cap * sizeof *paths);
        }
        paths[ntokens] = strdup(sp + 1);
        tokens[ntokens++] = strdup(line);
    }
    fclose(f);
    latency_ms = calloc(ntokens ? ntokens : 1, sizeof *latency_ms);
    pthread_t *th = calloc((size_t)conns, sizeof *th);
    double t0 = now_ms();
    for (int i = 0; i < conns; i++)
        pthread_create(&th[i], NULL, voter, NULL);
    for (int i = 0; i < conns; i++)
        pthread_join(th[i], NULL);
    double secs = (now_ms() - t0) / 1e3;
    qsort(latency_ms, ntokens, sizeof *latency_ms, cmp_double);
    double p50 = ntokens ? latency_ms[ntokens / 2] : 0;
    double p99 = ntokens ? latency_ms[(size_t)((double)ntokens * 0.99)] : 0;
    printf("votes %zu created %zu refused %zu failed %zu seconds %.2f votes_per_s %.0f "
           "p50_ms %.2f p99_ms %.2f\n",
           ntokens, (size_t)created, (size_t)refused, (size_t)failed, secs,
           secs > 0 ? (double)ntokens / secs : 0, p50, p99);
    return failed ? 1 : 0;
}
