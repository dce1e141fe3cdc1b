/* The minutes of a meeting over HTTP:
 *   GET /meetings/{id}/minutes            the page (会议纪要)
 *   GET /meetings/{id}/minutes.pdf        the printable document (A4, page numbers, signature
 *                                         lines, the log's head hash)
 *   GET /api/v1/meetings/{id}/minutes     the JSON (openapi/minutes.json)
 * Readers: see minutes_readable (minutes_view.h). */
#ifndef MEETING_MINUTES_HTTP_H
#define MEETING_MINUTES_HTTP_H

#include "http/req.h"

void minutes_page(struct req *r);
void minutes_pdf_page(struct req *r);
void minutes_api(struct req *r);

/* The PDF of the minutes lines into r->out; 0, or -1 when cairo fails. */
struct mline;
int minutes_pdf(struct req *r, const char *title, const struct mline *l, int n);

#endif
