#include "hall/excerpt.h"

#include <stdbool.h>
#include <string.h>

#include "hall/bigram.h"
#include "web/html.h"

/* The query's tokens: a query is at most 50 characters, so 64 tokens hold all of them. */
enum { QUERY_TOKENS = 64, MARKS = 128 };

struct query {
    char tok[QUERY_TOKENS][BIGRAM_TOK_MAX + 1];
    size_t n;
};

static bool add_query_token(const struct bigram_tok *t, void *ctx)
{
    struct query *q = ctx;
    if (q->n >= QUERY_TOKENS)
        return false;
    memcpy(q->tok[q->n++], t->text, t->len + 1);
    return true;
}

/* Marked byte ranges of the text, in order, overlapping ones merged (bigrams overlap). */
struct marks {
    const struct query *q;
    size_t start[MARKS], end[MARKS];
    size_t n;
};

static bool add_mark(const struct bigram_tok *t, void *ctx)
{
    struct marks *m = ctx;
    bool hit = false;
    for (size_t i = 0; i < m->q->n && !hit; i++)
        hit = strcmp(m->q->tok[i], t->text) == 0;
    if (!hit)
        return true;
    if (m->n && t->start <= m->end[m->n - 1]) {
        if (t->end > m->end[m->n - 1])
            m->end[m->n - 1] = t->end;
        return true;
    }
    if (m->n >= MARKS)
        return false;
    m->start[m->n] = t->start;
    m->end[m->n++] = t->end;
    return true;
}

/* Moves back from byte i over `chars` characters of s (valid UTF-8), not before 0. */
static size_t back_chars(const char *s, size_t i, size_t chars)
{
    while (i > 0 && chars > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
        chars--;
    }
    return i;
}

/* Moves forward from byte i over `chars` characters of s[0..n). */
static size_t forward_chars(const char *s, size_t n, size_t i, size_t chars)
{
    while (i < n && chars > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

bool excerpt_matches(const char *text, const char *query)
{
    struct query local = {.n = 0};
    bigram_scan(query, strlen(query), add_query_token, &local);
    struct marks m = {.q = &local, .n = 0};
    bigram_scan(text, strlen(text), add_mark, &m);
    return m.n > 0;
}

void excerpt_html(struct buf *out, const char *text, const char *query)
{
    struct query local = {.n = 0};
    bigram_scan(query, strlen(query), add_query_token, &local);
    size_t n = strlen(text);
    struct marks m = {.q = &local, .n = 0};
    bigram_scan(text, n, add_mark, &m);
    size_t from = m.n ? back_chars(text, m.start[0], EXCERPT_LEAD) : 0;
    size_t to = forward_chars(text, n, from, EXCERPT_CHARS);
    if (from > 0)
        html_raw(out, "…");
    size_t at = from;
    for (size_t k = 0; k < m.n && at < to; k++) {
        if (m.end[k] <= at)
            continue;
        size_t s = m.start[k] > at ? m.start[k] : at;
        if (s >= to)
            break;
        size_t e = m.end[k] < to ? m.end[k] : to;
        html_escape(out, text + at, s - at);
        html_raw(out, "<mark>");
        html_escape(out, text + s, e - s);
        html_raw(out, "</mark>");
        at = e;
    }
    html_escape(out, text + at, to - at);
    if (to < n)
        html_raw(out, "…");
}
