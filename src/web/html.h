/* The one HTML writer. html() is printf-like, and its %s escapes for HTML text and quoted
 * attribute values (& < > " '), so data can never become markup by accident. Numbers (%d,
 * %u, %ld, %lld, %zu, %x) are written as printf would. Markup that is known to be safe
 * goes through html_raw(), whose name is meant to stand out in review. */
#ifndef MULIN_HTML_H
#define MULIN_HTML_H
#include <stdarg.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

void html(struct buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_v(struct buf *out, const char *fmt, va_list ap);
/* Appends s unescaped. Only for literal markup or output of another escaper. */
void html_raw(struct buf *out, const char *s);
/* Appends s[0..n) escaped for HTML text or a quoted attribute. */
void html_escape(struct buf *out, const char *s, size_t n);
/* Returns s %-encoded for use as one URL query value or path segment, in arena a. */
char *url_encode(struct arena *a, const char *s);
/* Appends s as the body of a JSON string safe inside a <script> element (escapes <, >, &). */
void js_string(struct buf *out, const char *s);

#endif
