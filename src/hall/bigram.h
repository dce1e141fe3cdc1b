/* The tokenizer of hall search, one pure function shared by indexing and querying on both
 * engines (ARCHITECTURE.md: trigram indexes cannot find the 2-character words most Chinese
 * queries are). Each run of CJK characters gives its overlapping bigrams (停车位 → 停车 车位; a
 * lone CJK character gives itself), each run of ASCII letters and digits gives one lower-cased
 * word (full-width Ａ–Ｚ, ａ–ｚ, ０–９ count as their ASCII twins), and everything else —
 * punctuation, spaces, other scripts, invalid UTF-8 bytes — separates tokens. */
#ifndef MULIN_HALL_BIGRAM_H
#define MULIN_HALL_BIGRAM_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Longest token in bytes: a CJK bigram is at most 8; ASCII words are cut here so one huge
 * "word" cannot blow an index entry (PostgreSQL lexemes stop at 2047 bytes). */
enum { BIGRAM_TOK_MAX = 64 };

struct bigram_tok {
    char text[BIGRAM_TOK_MAX + 1]; /* the token, NUL-terminated: no space, quote or control */
    size_t len;                    /* its length in bytes */
    size_t start, end;             /* the bytes of the source it came from: [start, end) */
};

/* Calls fn for every token of s[0..n) in order; stops early when fn returns false. */
typedef bool (*bigram_fn)(const struct bigram_tok *t, void *ctx);
void bigram_scan(const char *s, size_t n, bigram_fn fn, void *ctx);

/* Appends the tokens of s[0..n), separated by single spaces, to out, at most max of them, and
 * returns how many it wrote. */
size_t bigram_join(const char *s, size_t n, struct buf *out, size_t max);

/* Whether code point c is a CJK character for the tokenizer (Han, kana, Hangul syllables). */
bool bigram_is_cjk(unsigned c);

#endif
