/* libFuzzer target for src/fund/money.c. Beyond "no crash" it checks: an accepted amount lies
 * in [0, MONEY_MAX_FEN]; every refusal is one of the known reasons; and an accepted amount
 * written by money_format and by money_plain reads back as the same fen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fund/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t fen = -1;
    enum money_err e = money_parse(s, &fen);
    if (e < MONEY_OK || e >= MONEY_ERR_COUNT || e == MONEY_ZERO)
        abort();
    if (e == MONEY_OK) {
        if (fen < 0 || fen > MONEY_MAX_FEN)
            abort();
        char b[64];
        int64_t back = -1;
        money_format(fen, b, sizeof b);
        if (money_parse(b, &back) != MONEY_OK || back != fen)
            abort();
        back = -1;
        money_plain(fen, b, sizeof b);
        if (money_parse(b, &back) != MONEY_OK || back != fen)
            abort();
    } else if (fen != -1) {
        abort();
    }
    free(s);
    return 0;
}
