#include "fund/mask.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xmalloc.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The ASCII digit of a full-width digit (０..９, U+FF10..FF19) at s, or 0. */
static char wide_digit(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99 ? (char)('0' + u[2] - 0x90)
                                                                        : 0;
}

static bool ascii_alnum(char c)
{
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when c may stand before or after a number: not a digit, and not '*', which is taken as
 * a digit already masked. That keeps masking idempotent: the digits a mask leaves beside its
 * stars never start or end a new match when masked text is masked again. */
static bool edge(char c)
{
    return !digit(c) && c != '*';
}

/* Length of the run of digits at s (s is NUL-terminated). */
static size_t digits(const char *s)
{
    size_t n = 0;
    while (digit(s[n]))
        n++;
    return n;
}

/* A mobile number at s, where a run of digits starts: 11 digits, or 3-4-4 with one separator
 * ('-' or ' ') used twice, and no digit after. Returns its length in bytes, 0 for none. */
static size_t mobile(const char *s)
{
    if (s[0] != '1' || s[1] < '3' || s[1] > '9')
        return 0;
    size_t run = digits(s);
    if (run == 11)
        return edge(s[11]) ? 11 : 0;
    if (run != 3 || (s[3] != '-' && s[3] != ' '))
        return 0;
    char sep = s[3];
    if (digits(s + 4) != 4 || s[8] != sep || digits(s + 9) != 4 || !edge(s[13]))
        return 0;
    return 13;
}

/* A mobile number behind the country code joined to it (+8613800000001, 008613800000001) at
 * s: the bytes of the code in *code and the whole length, or 0. */
static size_t mobile_86(const char *s, size_t *code)
{
    size_t run = digits(s);
    *code = run == 13 && s[0] == '8' && s[1] == '6'   ? 2
            : run == 15 && strncmp(s, "0086", 4) == 0 ? 4
                                                      : 0;
    return *code && mobile(s + *code) == 11 ? run : 0;
}

/* The bytes of the separator after a landline's area code at s: '-', ' ', ')' or '）' (the
 * code written in brackets, as "(021)64871234"), or 0. */
static size_t area_sep(const char *s)
{
    if (*s == '-' || *s == ' ' || *s == ')')
        return 1;
    return strncmp(s, "\xEF\xBC\x89", 3) == 0 ? 3 : 0;
}

/* A landline at s: 0 and 2–3 digits, a separator (area_sep), 7–8 digits or 4-4 with '-'; or
 * 0, two digits and 8 more joined (02164871234: a 12-digit run is an invoice code). No digit
 * after. Its length, or 0; *head is how many bytes to keep in front. */
static size_t landline(const char *s, size_t *head)
{
    size_t area = digits(s);
    if (s[0] != '0')
        return 0;
    if (area == 11 && s[1] != '0' && edge(s[11])) {
        *head = 3;
        return 11;
    }
    size_t sep = area >= 3 && area <= 4 ? area_sep(s + area) : 0;
    if (!sep)
        return 0;
    const char *n = s + area + sep;
    *head = area + sep;
    size_t number = digits(n);
    if (number == 4 && n[4] == '-' && digits(n + 5) == 4 && edge(n[9]))
        return area + sep + 9;
    if (number < 7 || number > 8 || !edge(n[number]))
        return 0;
    return area + sep + number;
}

/* An ID-card number at s: 17 digits and a digit or X (18), or exactly 15 digits, no digit after.
 * Its length, or 0. */
static size_t id_card(const char *s)
{
    size_t run = digits(s);
    if ((run == 18 && edge(s[18])) || (run == 17 && (s[17] == 'X' || s[17] == 'x') && edge(s[18])))
        return 18;
    return run == 15 && edge(s[15]) ? 15 : 0;
}

/* Marks in hide[0..n) the digits of s[0..n) from keep_head to n - keep_tail. */
static void hide_digits(bool *hide, const char *s, size_t n, size_t keep_head, size_t keep_tail)
{
    for (size_t i = keep_head; i + keep_tail < n; i++)
        if (digit(s[i]))
            hide[i] = true;
}

/* Marks the digits to hide of every number the patterns find in text[0..n). Every place a run
 * of digits starts is tried, also inside a number found before (after its separator), so a
 * number that shares digits with another is hidden too: what one pass leaves, a second would
 * not find. */
static void find_numbers(const char *text, size_t n, bool *hide)
{
    for (size_t i = 0; i < n; i++) {
        if (!digit(text[i]) || (i > 0 && !edge(text[i - 1])))
            continue;
        const char *s = text + i;
        size_t len, head;
        if ((len = mobile_86(s, &head)) > 0)
            hide_digits(hide + i, s, len, head + 3, 4);
        else if ((len = id_card(s)) > 0)
            hide_digits(hide + i, s, len, 4, len == 18 ? 4 : 3);
        else if ((len = mobile(s)) > 0)
            hide_digits(hide + i, s, len, 3, 4);
        else if ((len = landline(s, &head)) > 0)
            hide_digits(hide + i, s, len, head, 4);
    }
}

/* Bytes of the UTF-8 character starting with c (the text is valid). */
static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* True when name is one this module masks (see mask.h). */
static bool name_usable(const char *name)
{
    /* A digit in a name could split a run of digits and hide a number from the patterns. */
    if (!name || !*name || strpbrk(name, "*0123456789"))
        return false;
    for (const char *p = name; *p; p++)
        if (wide_digit(p))
            return false;
    size_t n = strlen(name);
    return utf8_valid(name, n) && utf8_chars(name) <= MASK_NAME_MAX;
}

/* True when name holds only ASCII letters and spaces, and so must match a whole word. */
static bool latin(const char *name)
{
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p >= 0x80 || digit(*p))
            return false;
    return true;
}

/* The longest usable name at text + i, or NULL; its length in *len. */
static const char *name_at(const char *text, size_t i, const char *const *names, size_t nnames,
                           size_t *len)
{
    const char *best = NULL;
    *len = 0;
    for (size_t k = 0; k < nnames; k++) {
        const char *name = names[k];
        if (!name || name[0] != text[i])
            continue;
        size_t n = strlen(name);
        if (n <= *len || strncmp(text + i, name, n) != 0 || !name_usable(name))
            continue;
        if (latin(name) && ((i > 0 && ascii_alnum(text[i - 1])) || ascii_alnum(text[i + n])))
            continue;
        best = name;
        *len = n;
    }
    return best;
}

/* Writes the masked form of the name text[0..n): first and last character kept, '*' between;
 * two characters keep the first; one becomes '*'. Returns the bytes written. */
static size_t masked_name(char *out, const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i += char_len((unsigned char)s[i]))
        chars++;
    size_t k = 0, c = 0;
    for (size_t i = 0; i < n; c++) {
        size_t l = char_len((unsigned char)s[i]);
        bool keep = chars > 1 && (c == 0 || (chars > 2 && c == chars - 1));
        if (keep) {
            memcpy(out + k, s + i, l);
            k += l;
        } else {
            out[k++] = '*';
        }
        i += l;
    }
    return k;
}

/* text with each full-width digit folded to its ASCII digit (one byte for three), so the
 * patterns find numbers typed with a Chinese input method's full-width digits. */
static char *fold_digits(const char *text, size_t n, size_t *folded)
{
    char *f = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        char d = wide_digit(text + i);
        f[k] = d ? d : text[i];
        i += d ? 3 : 1;
    }
    f[k] = '\0';
    *folded = k;
    return f;
}

char *mask_text(const char *text, const char *const *names, size_t nnames)
{
    if (!text || nnames > MASK_NAMES_MAX || (nnames > 0 && !names))
        return NULL;
    size_t n = strlen(text);
    if (n > MASK_TEXT_MAX || !utf8_valid(text, n))
        return NULL;
    /* Numbers are found in the folded text f; j walks f beside i in text. */
    size_t fn;
    char *f = fold_digits(text, n, &fn);
    bool *hide = xcalloc(fn + 1, sizeof *hide);
    find_numbers(f, fn, hide);
    char *out = xmalloc(n + 1);
    size_t i = 0, j = 0, k = 0;
    while (i < n) {
        if (digit(f[j])) {
            size_t l = digit(text[i]) ? 1 : 3;
            if (hide[j]) {
                out[k++] = '*';
            } else {
                memcpy(out + k, text + i, l);
                k += l;
            }
            i += l;
            j++;
            continue;
        }
        size_t len;
        if (nnames > 0 && name_at(text, i, names, nnames, &len)) {
            k += masked_name(out + k, text + i, len);
            for (size_t e = i + len; i < e; j++) /* a name holds no digit of either width */
                i += wide_digit(text + i) ? 3 : 1;
            continue;
        }
        size_t l = char_len((unsigned char)text[i]);
        memcpy(out + k, text + i, l);
        k += l;
        i += l;
        j += l;
    }
    free(hide);
    free(f);
    out[k] = '\0';
    return out;
}
