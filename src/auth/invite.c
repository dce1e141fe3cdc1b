#include "auth/invite.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

void invite_code(char out[INVITE_CODE_LEN + 1])
{
    for (int i = 0, k = 0; i < 8; i++) {
        if (i == 4)
            out[k++] = '-';
        out[k++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[INVITE_CODE_LEN] = '\0';
}

bool invite_normalize(const char *in, char out[INVITE_CODE_LEN + 1])
{
    char raw[9];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!strchr(alphabet, c) || c == '\0' || n == 8)
            return false;
        raw[n++] = c;
    }
    if (n != 8)
        return false;
    memcpy(out, raw, 4);
    out[4] = '-';
    memcpy(out + 5, raw + 4, 4);
    out[9] = '\0';
    return true;
}
