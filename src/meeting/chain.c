/* The hash chain: libsodium's crypto_generichash is BLAKE2b. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "meeting/chain.h"

void chain_hash(const char *prev, int64_t seq, int64_t at, int64_t actor, const char *command,
                char out[CHAIN_HEX])
{
    char head[160];
    int n = snprintf(head, sizeof head, "%.64s\n%" PRId64 "\n%" PRId64 "\n%" PRId64 "\n", prev, seq,
                     at, actor);
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)head, (unsigned long long)n);
    crypto_generichash_update(&st, (const unsigned char *)command,
                              (unsigned long long)strlen(command));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, CHAIN_HEX, h, sizeof h);
}

void chain_genesis(int64_t created_at, int64_t created_by, const char *setup, char out[CHAIN_HEX])
{
    static const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";
    chain_hash(zeros, 0, created_at, created_by, setup, out);
}

int chain_entry_ok(const struct chain_entry *e, int64_t want, const char *prev)
{
    if (e->seq != want || strcmp(e->prev_hash, prev) != 0)
        return 0;
    char h[CHAIN_HEX];
    chain_hash(prev, e->seq, e->at, e->actor, e->command, h);
    return strcmp(h, e->hash) == 0;
}
