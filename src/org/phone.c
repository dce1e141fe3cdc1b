#include "org/phone.h"

#include <string.h>

/* Chinese input methods type full-width digits (０-９, U+FF10..FF19, bytes EF BC 90..99),
 * full-width dashes and ideographic spaces; they are accepted as their ASCII forms. */
bool phone_normalize(const char *in, char out[12])
{
    if (strncmp(in, "+86", 3) == 0)
        in += 3;
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        char digit = *p;
        if (*p == ' ' || *p == '-')
            continue;
        if (strncmp(p, "\xE3\x80\x80", 3) == 0 || strncmp(p, "\xEF\xBC\x8D", 3) == 0) {
            p += 2; /* ideographic space, full-width hyphen-minus */
            continue;
        }
        if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC &&
            (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) {
            digit = (char)('0' + ((unsigned char)p[2] - 0x90));
            p += 2;
        }
        if (digit < '0' || digit > '9' || n == 11)
            return false;
        out[n++] = digit;
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
