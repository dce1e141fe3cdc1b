/* Ending a request: error pages and JSON errors, JSON bodies. */
#ifndef MULIN_RESPOND_H
#define MULIN_RESPOND_H
#include <jansson.h>

#include "http/req.h"

/* Answers with status and message m: on the API {"error":{"code":code,"message":...}}, on a
 * page the message with a way on. Whatever the handler wrote before is discarded. */
void fail(struct req *r, int status, const char *code, enum msg m);
/* Same, with a message text already made (e.g. with a line number in it). */
void fail_text(struct req *r, int status, const char *code, const char *message);
/* The request body parsed as a JSON object, or NULL after answering 400 bad_json with where
 * the parse failed. The caller json_decref()s it. */
json_t *request_json(struct req *r);
/* Answers obj as JSON with the current status (steals the reference). */
void reply_json(struct req *r, json_t *obj);

#endif
