/* Live events: a generic publish/subscribe channel that reaches Server-Sent Events clients on
 * every server node. A handler publishes with live_publish(); the event goes out only after
 * the request's transaction commits. With PostgreSQL it travels through NOTIFY to every node's
 * listener; with SQLite (one node) it is delivered in-process.
 *
 * Subscribers are suspended MHD connections: idle ones cost no thread and no polling; a
 * publish appends to their queues and resumes them. A comment line every LIVE_HEARTBEAT_S
 * seconds lets dead sockets be noticed. */
#ifndef MULIN_LIVE_H
#define MULIN_LIVE_H
#include <stddef.h>

#include "http/req.h"

enum {
    LIVE_HEARTBEAT_S = 20,     /* seconds between heartbeat comments */
    LIVE_QUEUE_MAX = 64 << 10, /* bytes queued for one slow subscriber before it is dropped */
    LIVE_PAYLOAD_MAX = 7000,   /* bytes of channel + event + data (NOTIFY allows 8000) */
};

struct live_sub;

/* Queues an event for channel ("node:4") with an event name and one line of data (JSON), to
 * be sent when the request succeeds. */
void live_publish(struct req *r, const char *channel, const char *event, const char *data);
/* Sends the request's queued events (called by the dispatcher after the commit). */
void live_flush(struct req *r);
/* Delivers an event to this node's subscribers of channel (the PostgreSQL listener and the
 * in-process path call this). */
void live_deliver(const char *channel, const char *event, const char *data);
/* Turns r into an event stream for channel: the server answers with a streaming response. */
void live_subscribe(struct req *r, const char *channel);

/* Starts the heartbeat (and, with PostgreSQL, the listener); 0 on success. */
int live_start(void);
/* Ends every stream (so the server can stop) and stops the threads. */
void live_stop(void);
/* Number of open streams on this node. */
size_t live_count(void);

/* For the server: the MHD response for a request that live_subscribe() turned into a stream. */
struct MHD_Response *live_response(struct req *r);

#endif
