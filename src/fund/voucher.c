/* Recognising a voucher by its bytes; see voucher.h. */
#include "fund/voucher.h"

#include <string.h>

#include "hall/image.h"

enum voucher_kind voucher_detect(const void *data, size_t len)
{
    const unsigned char *d = data;
    if (!d || len == 0)
        return VOUCHER_INVALID;
    if (image_detect(d, len) != IMAGE_UNKNOWN)
        return VOUCHER_IMAGE;
    if (len < 5 || memcmp(d, "%PDF-", 5) != 0)
        return VOUCHER_INVALID;
    if (len > FUND_PDF_MAX_BYTES)
        return VOUCHER_TOO_LARGE;
    /* A truncated upload has no end-of-file marker. */
    size_t end = len;
    while (end > 5 && (d[end - 1] == '\n' || d[end - 1] == '\r' || d[end - 1] == ' ' ||
                       d[end - 1] == '\t' || d[end - 1] == '\0'))
        end--;
    if (end < 10 || memcmp(d + end - 5, "%%EOF", 5) != 0)
        return VOUCHER_INVALID;
    return VOUCHER_PDF;
}
