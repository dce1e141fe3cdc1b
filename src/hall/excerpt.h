/* The short excerpt of a search hit: a window of the hit's text around the first place the
 * query matched, HTML-escaped, with every matched token marked <mark>…</mark>. The tokens are
 * those of src/hall/bigram.h, so what is marked is exactly what the index matched. Pure. */
#ifndef MULIN_HALL_EXCERPT_H
#define MULIN_HALL_EXCERPT_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Characters in an excerpt, and how many of them come before the first match. */
enum { EXCERPT_CHARS = 60, EXCERPT_LEAD = 12 };

/* Appends the excerpt of text (valid UTF-8) for query to out as HTML. An ellipsis shows where
 * text was cut. With no match, the start of the text. */
void excerpt_html(struct buf *out, const char *text, const char *query);

/* Whether any token of query occurs in text. */
bool excerpt_matches(const char *text, const char *query);

#endif
