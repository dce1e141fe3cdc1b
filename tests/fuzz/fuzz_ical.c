/* libFuzzer target for src/meeting/ical.c. Text reaching the writer is valid UTF-8 (titles,
 * places and agendas are checked when they enter), so the input is cut at its first invalid
 * byte. The contract checked: every line ends in CRLF, holds at most 75 octets and is valid
 * UTF-8 on its own (no character split by a fold); no bare CR or LF is left; unfolding gives
 * back exactly "NAME:" + the escaped value; and the escaped value has no unescaped comma,
 * semicolon or newline, and no control character but HTAB. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/ical.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The longest valid UTF-8 prefix without NUL. */
    size_t n = size;
    while (n > 0 && !utf8_valid((const char *)data, n))
        n--;
    char *text = malloc(n + 1);
    if (!text)
        return 0;
    memcpy(text, data, n);
    text[n] = '\0';

    struct buf out, want;
    buf_init(&out);
    buf_init(&want);
    ical_text(&out, "DESCRIPTION", text);
    buf_adds(&want, "DESCRIPTION:");
    ical_escape(&want, text);
    buf_adds(&want, "\r\n");

    /* Lines: CRLF-terminated, at most 75 octets, each valid UTF-8. */
    const char *p = out.data, *end = out.data + out.len;
    while (p < end) {
        const char *e = strstr(p, "\r\n");
        if (!e || e - p > 75 || !utf8_valid(p, (size_t)(e - p)) ||
            memchr(p, '\n', (size_t)(e - p)) || memchr(p, '\r', (size_t)(e - p)))
            abort();
        p = e + 2;
    }
    /* Unfolding (CRLF + space) gives back the unfolded line. */
    struct buf un;
    buf_init(&un);
    for (size_t i = 0; i < out.len; i++) {
        if (i + 2 < out.len && out.data[i] == '\r' && out.data[i + 1] == '\n' &&
            out.data[i + 2] == ' ') {
            i += 2;
            continue;
        }
        buf_addc(&un, out.data[i]);
    }
    if (un.len != want.len || memcmp(un.data, want.data, un.len) != 0)
        abort();
    /* No unescaped comma, semicolon or newline in the value. */
    for (size_t i = strlen("DESCRIPTION:"); i + 2 < want.len; i++) {
        char c = want.data[i];
        if (c == '\\') {
            char d = want.data[i + 1];
            if (d != '\\' && d != ';' && d != ',' && d != 'n')
                abort();
            i++;
        } else if (c == ',' || c == ';' || ((unsigned char)c < 0x20 && c != '\t') || c == 0x7f) {
            abort(); /* nor any control character but HTAB (RFC 5545 3.3.11) */
        }
    }
    buf_free(&un);
    buf_free(&out);
    buf_free(&want);
    free(text);
    return 0;
}
