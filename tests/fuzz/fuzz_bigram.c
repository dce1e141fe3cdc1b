/* libFuzzer target for src/hall/bigram.c and src/hall/excerpt.c. Any bytes may reach the
 * tokenizer (a search query is checked for UTF-8 first, but the tokenizer promises safety on
 * its own). Beyond "no crash" it checks the contract: every token is non-empty, at most
 * BIGRAM_TOK_MAX bytes, valid UTF-8 with no space, quote, backslash or control byte (they are
 * joined by spaces and quoted into FTS5 and tsquery queries), and its source range lies inside
 * the input in order. The excerpt of valid input must itself be valid UTF-8, and the engines'
 * query text holds quotes only around tokens: an even number of them, never doubled inside. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hall/bigram.h"
#include "hall/excerpt.h"
#include "hall/search.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
    size_t n, last_start;
};

static bool check_tok(const struct bigram_tok *t, void *ctx)
{
    struct check *c = ctx;
    if (t->len == 0 || t->len > BIGRAM_TOK_MAX || strlen(t->text) != t->len)
        abort();
    if (!utf8_valid(t->text, t->len))
        abort();
    for (size_t i = 0; i < t->len; i++) {
        unsigned char b = (unsigned char)t->text[i];
        if (b <= ' ' || b == '"' || b == '\'' || b == '\\' || b == 0x7F)
            abort();
    }
    if (t->start >= t->end || t->end > c->n || t->start < c->last_start)
        abort();
    c->last_start = t->start;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct check c = {size, 0};
    bigram_scan((const char *)data, size, check_tok, &c);

    struct buf b;
    buf_init(&b);
    bigram_join((const char *)data, size, &b, 1000);
    if (strlen(b.data) != b.len || !utf8_valid(b.data, b.len))
        abort();
    buf_free(&b);

    /* The query text for each engine: quote marks only in pairs around tokens. */
    char *q = malloc(size + 1);
    memcpy(q, data, size);
    q[size] = '\0';
    for (int pg = 0; pg < 2; pg++) {
        buf_init(&b);
        search_match_text(q, pg, &b);
        size_t quotes = 0;
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] == (pg ? '\'' : '"'))
                quotes++;
        if (quotes % 2 || strstr(b.data, pg ? "''" : "\"\"") || !utf8_valid(b.data, b.len))
            abort();
        buf_free(&b);
    }
    free(q);

    /* The excerpt takes stored (valid) text: split the input into text and query at a NUL. */
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    size_t tl = strlen(text);
    const char *query = tl < size ? text + tl + 1 : "";
    if (utf8_valid(text, tl) && utf8_valid(query, strlen(query))) {
        buf_init(&b);
        excerpt_html(&b, text, query);
        if (!utf8_valid(b.data, b.len))
            abort();
        buf_free(&b);
    }
    free(text);
    return 0;
}
