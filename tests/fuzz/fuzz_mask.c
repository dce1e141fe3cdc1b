/* libFuzzer target for src/fund/mask.c. The input is a text and, after each newline, a name.
 * Beyond "no crash" it checks: the masked text is valid UTF-8 with as many characters as the
 * text, each either the text's own character at that place or '*'; masking it again changes
 * no number (so no number the patterns know is left unmasked); and NULL comes only for input
 * that is not valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fund/mask.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes of the UTF-8 character starting with c. */
static size_t len_of(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MASK_TEXT_MAX)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    const char *names[8];
    size_t nnames = 0;
    for (char *nl = strchr(s, '\n'); nl && nnames < 8; nl = strchr(nl + 1, '\n')) {
        *nl = 0;
        names[nnames++] = nl + 1;
    }
    char *out = mask_text(s, names, nnames);
    size_t n = strlen(s);
    if (!out) {
        if (utf8_valid(s, n))
            abort();
        free(s);
        return 0;
    }
    size_t m = strlen(out);
    if (m > n || !utf8_valid(out, m) || utf8_chars(out) != utf8_chars(s))
        abort();
    for (size_t i = 0, k = 0; i < n; k += out[k] == '*' ? 1 : len_of((unsigned char)out[k])) {
        size_t l = len_of((unsigned char)s[i]);
        if (out[k] != '*' && memcmp(out + k, s + i, l) != 0)
            abort();
        i += l;
    }
    char *again = mask_text(out, NULL, 0);
    if (!again || strcmp(again, out) != 0)
        abort();
    free(again);
    free(out);
    free(s);
    return 0;
}
