#include "hall/bigram.h"

#include <string.h>

/* Decodes one code point at s[i..n); returns its length in bytes, or 0 when the bytes there
 * are not well-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short). */
static size_t decode(const unsigned char *s, size_t i, size_t n, unsigned *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000, c &= 0x07;
    else
        return 0;
    if (n - i < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

bool bigram_is_cjk(unsigned c)
{
    return (c >= 0x3400 && c <= 0x4DBF) ||   /* CJK extension A */
           (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK unified ideographs */
           (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
           (c >= 0x20000 && c <= 0x3134F) || /* extensions B–G */
           (c >= 0x3041 && c <= 0x309F) ||   /* hiragana */
           (c >= 0x30A0 && c <= 0x30FF) ||   /* katakana */
           (c >= 0xAC00 && c <= 0xD7AF);     /* Hangul syllables */
}

/* The lower-case ASCII letter or digit c stands for (full-width forms too), or 0. */
static char word_char(unsigned c)
{
    if (c >= 0xFF10 && c <= 0xFF19)
        c = c - 0xFF10 + '0';
    else if (c >= 0xFF21 && c <= 0xFF3A)
        c = c - 0xFF21 + 'a';
    else if (c >= 0xFF41 && c <= 0xFF5A)
        c = c - 0xFF41 + 'a';
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return (char)c;
    return 0;
}

void bigram_scan(const char *text, size_t n, bigram_fn fn, void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    struct bigram_tok t;
    /* The previous CJK character of the current run: where it starts and its length; 0 length
     * when the run is empty. A run of one gives that character when it ends. */
    size_t prev_at = 0, prev_len = 0;
    bool prev_used = false; /* whether the previous CJK character is already in a bigram */
    size_t i = 0;
    while (i < n) {
        unsigned c = 0;
        size_t len = decode(s, i, n, &c);
        if (len && bigram_is_cjk(c)) {
            if (prev_len) {
                memcpy(t.text, s + prev_at, prev_len);
                memcpy(t.text + prev_len, s + i, len);
                t.len = prev_len + len;
                t.text[t.len] = '\0';
                t.start = prev_at;
                t.end = i + len;
                prev_used = true;
                if (!fn(&t, ctx))
                    return;
            }
            prev_at = i, prev_len = len;
            i += len;
            continue;
        }
        /* The run of CJK characters ends here: a lone character is its own token. */
        if (prev_len && !prev_used) {
            memcpy(t.text, s + prev_at, prev_len);
            t.len = prev_len;
            t.text[t.len] = '\0';
            t.start = prev_at;
            t.end = prev_at + prev_len;
            if (!fn(&t, ctx))
                return;
        }
        prev_len = 0, prev_used = false;
        char w = len ? word_char(c) : 0;
        if (!w) {
            i += len ? len : 1; /* a separator, or one invalid byte skipped */
            continue;
        }
        t.len = 0;
        t.start = i;
        while (i < n && w) {
            if (t.len < BIGRAM_TOK_MAX)
                t.text[t.len++] = w;
            i += len;
            t.end = i;
            len = i < n ? decode(s, i, n, &c) : 0;
            w = len ? word_char(c) : 0;
        }
        t.text[t.len] = '\0';
        if (!fn(&t, ctx))
            return;
    }
    if (prev_len && !prev_used) {
        memcpy(t.text, s + prev_at, prev_len);
        t.len = prev_len;
        t.text[t.len] = '\0';
        t.start = prev_at;
        t.end = prev_at + prev_len;
        fn(&t, ctx);
    }
}

struct join {
    struct buf *out;
    size_t count, max;
};

static bool join_one(const struct bigram_tok *t, void *ctx)
{
    struct join *j = ctx;
    if (j->count >= j->max)
        return false;
    if (j->count++)
        buf_addc(j->out, ' ');
    buf_add(j->out, t->text, t->len);
    return true;
}

size_t bigram_join(const char *s, size_t n, struct buf *out, size_t max)
{
    struct join j = {out, 0, max};
    bigram_scan(s, n, join_one, &j);
    return j.count;
}
