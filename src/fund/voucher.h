/* Vouchers (凭证) of expenses: a photo of the receipt or a PDF, recognised by content only (the
 * file name and declared type are never trusted). Photos are cleaned like the hall's
 * (hall/image.h: decoded and encoded again, no EXIF); a PDF is kept as sent when it starts with
 * "%PDF-", ends with "%%EOF" (trailing white space allowed) and is within FUND_PDF_MAX_BYTES.
 * voucher_detect is pure and unit-tested in tests/unit/test_fund_voucher.c. */
#ifndef MULIN_FUND_VOUCHER_H
#define MULIN_FUND_VOUCHER_H
#include <stddef.h>

enum {
    FUND_PDF_MAX_BYTES = 5 << 20, /* one PDF voucher */
    FUND_VOUCHERS_MAX = 6,        /* vouchers per expense */
};

enum voucher_kind {
    VOUCHER_INVALID,   /* neither a JPEG/PNG nor a whole PDF */
    VOUCHER_IMAGE,     /* JPEG or PNG by its first bytes (cleaning may still refuse it) */
    VOUCHER_PDF,       /* a PDF within the size limit */
    VOUCHER_TOO_LARGE, /* a PDF over FUND_PDF_MAX_BYTES */
};

enum voucher_kind voucher_detect(const void *data, size_t len);

#endif
