#include "org/phone.h"

#include <string.h>

bool phone_normalize(const char *in, char out[12])
{
    if (strncmp(in, "+86", 3) == 0)
        in += 3;
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == 11)
            return false;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n == 11 && out[0] == '1';
}

void phone_mask(const char *phone, char out[16])
{
    size_t n = strlen(phone);
    if (n == 0) {
        out[0] = '\0';
        return;
    }
    if (n != 11) {
        strcpy(out, "****");
        return;
    }
    memcpy(out, phone, 3);
    memcpy(out + 3, "****", 4);
    memcpy(out + 7, phone + 7, 4);
    out[11] = '\0';
}
