/* The HTTP server: libmicrohttpd with a thread pool, explicit limits, one log line per request,
 * and a graceful stop. */
#ifndef MULIN_SERVER_H
#define MULIN_SERVER_H

enum {
    SERVER_BODY_LIMIT = 1 << 20,     /* request body, except upload routes */
    SERVER_UPLOAD_LIMIT = 8 << 20,   /* upload routes (roster files, photos) */
    SERVER_CONN_MEMORY = 8 * 1024,   /* per-connection buffer: bounds the request header size (as
                                        nginx does); small, as every live stream keeps one */
    SERVER_CONN_TIMEOUT = 30,        /* seconds of silence before a connection is closed */
    SERVER_MAX_CONNECTIONS = 12000,  /* open connections in all, live-update streams included */
    SERVER_PER_IP_CONNECTIONS = 400, /* open connections from one address */
};

/* Serves on listen ("ADDR:PORT" or ":PORT") until SIGTERM or SIGINT, then lets requests in
 * flight finish and returns 0; returns 1 if the server cannot start. trusted_proxy (NULL for
 * none) is the address of a reverse proxy (nginx) whose X-Forwarded-For names the client;
 * with one, the per-address connection limit is the proxy's job and is lifted here. */
int server_run(const char *listen, const char *trusted_proxy);

#endif
