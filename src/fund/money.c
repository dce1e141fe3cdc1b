/* Amounts as people type them, read into fen; see money.h. The text is first turned into a
 * string of one-byte tokens (full-width forms folded to ASCII, the currency sign and 元 as
 * their own tokens, everything else foreign as TOK_OTHER), then that string is checked, so the
 * rules below never look at UTF-8. */
#include "fund/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hall/poll_math.h"

enum { TOK_CURRENCY = 1, TOK_YUAN = 2, TOK_OTHER = 3, TOK_MAX = 256 };

/* One UTF-8 sequence at s as a token; *len is how many bytes it took. */
static char token(const unsigned char *s, size_t *len)
{
    *len = 1;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')
        return ' ';
    if ((s[0] >= '0' && s[0] <= '9') || s[0] == ',' || s[0] == '.' || s[0] == '-')
        return (char)s[0];
    if (s[0] == 0xC2 && s[1] == 0xA5) { /* ¥ U+00A5 */
        *len = 2;
        return TOK_CURRENCY;
    }
    if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x8C && s[2] <= 0x99) {
        *len = 3;
        if (s[2] >= 0x90) /* ０..９ U+FF10..FF19 */
            return (char)('0' + (s[2] - 0x90));
        if (s[2] == 0x8C) /* ， */
            return ',';
        if (s[2] == 0x8D) /* － */
            return '-';
        if (s[2] == 0x8E) /* ． */
            return '.';
        return TOK_OTHER;
    }
    if (s[0] == 0xEF && s[1] == 0xBF && s[2] == 0xA5) { /* ￥ U+FFE5 */
        *len = 3;
        return TOK_CURRENCY;
    }
    if (s[0] == 0xE5 && s[1] == 0x85 && s[2] == 0x83) { /* 元 */
        *len = 3;
        return TOK_YUAN;
    }
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* ideographic space U+3000 */
        *len = 3;
        return ' ';
    }
    if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) { /* − U+2212 */
        *len = 3;
        return '-';
    }
    return TOK_OTHER; /* one byte at a time: a stray byte never hides a NUL after it */
}

/* Checks the body: digits, commas, at most one point; writes the value in fen. */
static enum money_err body(const char *b, size_t n, int64_t *fen)
{
    size_t dot = n;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        if (c == '.') {
            if (dot != n)
                return MONEY_SEPARATOR; /* a second point */
            dot = i;
        } else if (c != ',' && (c < '0' || c > '9')) {
            return c == '-' ? MONEY_NEGATIVE : MONEY_INVALID;
        }
    }
    if (dot == 0)
        return MONEY_INVALID; /* ".5": no yuan digits */
    /* Commas: only in the yuan part, in groups of three after a first group of one to three. */
    size_t group = 0, groups = 0;
    bool commas = memchr(b, ',', dot) != NULL;
    for (size_t i = dot + 1; i < n; i++)
        if (b[i] == ',')
            return MONEY_SEPARATOR;
    for (size_t i = 0; commas && i <= dot; i++) {
        if (i == dot || b[i] == ',') {
            if (group == 0 || (groups == 0 ? group > 3 : group != 3))
                return MONEY_SEPARATOR;
            groups++;
            group = 0;
        } else {
            group++;
        }
    }
    size_t decimals = dot < n ? n - dot - 1 : 0;
    if (decimals > 2)
        return MONEY_DECIMALS;
    int64_t yuan = 0;
    for (size_t i = 0; i < dot; i++) {
        if (b[i] == ',')
            continue;
        yuan = yuan * 10 + (b[i] - '0');
        if (yuan > MONEY_MAX_FEN / 100)
            return MONEY_TOO_LARGE;
    }
    int64_t cents = 0;
    for (size_t i = 0; i < 2; i++)
        cents = cents * 10 + (dot + 1 + i < n ? b[dot + 1 + i] - '0' : 0);
    int64_t v = yuan * 100 + cents;
    if (v > MONEY_MAX_FEN)
        return MONEY_TOO_LARGE;
    *fen = v;
    return MONEY_OK;
}

enum money_err money_parse(const char *s, int64_t *fen)
{
    char b[TOK_MAX] = {0};
    size_t n = 0;
    bool too_long = false, other = false;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t len;
        char t = token(p, &len);
        p += len;
        other |= t == TOK_OTHER;
        if (n < sizeof b)
            b[n++] = t;
        else
            too_long = true;
    }
    if (too_long) /* hundreds of characters: never a real amount */
        return other ? MONEY_INVALID : MONEY_TOO_LARGE;
    size_t i = 0;
    while (n > 0 && b[n - 1] == ' ')
        n--;
    while (i < n && b[i] == ' ')
        i++;
    if (i == n)
        return MONEY_EMPTY;
    if (b[i] == '-')
        return MONEY_NEGATIVE;
    if (b[i] == TOK_CURRENCY) {
        i++;
        while (i < n && b[i] == ' ')
            i++;
        if (i < n && b[i] == '-')
            return MONEY_NEGATIVE;
    }
    if (n > i && b[n - 1] == TOK_YUAN) {
        n--;
        while (n > i && b[n - 1] == ' ')
            n--;
    }
    if (i == n)
        return MONEY_INVALID; /* a sign or 元 alone */
    return body(b + i, n - i, fen);
}

enum money_err money_parse_positive(const char *s, int64_t *fen)
{
    int64_t v;
    enum money_err e = money_parse(s, &v);
    if (e != MONEY_OK)
        return e;
    if (v == 0)
        return MONEY_ZERO;
    *fen = v;
    return MONEY_OK;
}

const char *money_err_code(enum money_err e)
{
    static const char *const codes[MONEY_ERR_COUNT] = {
        [MONEY_OK] = "ok",
        [MONEY_EMPTY] = "amount_empty",
        [MONEY_NEGATIVE] = "amount_negative",
        [MONEY_DECIMALS] = "amount_decimals",
        [MONEY_SEPARATOR] = "amount_separator",
        [MONEY_INVALID] = "amount_invalid",
        [MONEY_TOO_LARGE] = "amount_too_large",
        [MONEY_ZERO] = "amount_zero",
    };
    return (unsigned)e < MONEY_ERR_COUNT ? codes[e] : "amount_invalid";
}

/* The magnitude of fen as yuan with grouping commas or not, and two decimals. */
static size_t write(int64_t fen, const char *sign, bool commas, char *out, size_t n)
{
    uint64_t m = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = m / 100;
    unsigned cents = (unsigned)(m % 100);
    char digits[32];
    int d = snprintf(digits, sizeof digits, "%llu", (unsigned long long)yuan);
    char grouped[48];
    size_t g = 0;
    for (int i = 0; i < d; i++) {
        if (commas && i > 0 && (d - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    int w = snprintf(out, n, "%s%s%s.%02u", fen < 0 ? "-" : "", sign, grouped, cents);
    return w < 0 ? 0 : (size_t)w;
}

size_t money_format(int64_t fen, char *out, size_t n)
{
    return write(fen, "¥", true, out, n);
}

size_t money_plain(int64_t fen, char *out, size_t n)
{
    return write(fen, "", false, out, n);
}

size_t money_rate_format(int64_t spent, int64_t approved, char *out, size_t n)
{
    if (approved <= 0)
        return poll_rate_format(0, 0, out, n); /* "—" */
    return poll_rate_format(spent, approved, out, n);
}
