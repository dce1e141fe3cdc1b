/* Vouchers are recognised by content: JPEG and PNG by their signatures, a PDF by its header and
 * end-of-file marker within the size limit; anything else is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fund/voucher.h"

static enum voucher_kind detect(const char *s)
{
    return voucher_detect(s, strlen(s));
}

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(detect("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), VOUCHER_PDF);
    assert_int_equal(detect("%PDF-1.7\r\n%%EOF\r\n\r\n"), VOUCHER_PDF);
    assert_int_equal(detect("%PDF-1.4\n1 0 obj\n<<>>"), VOUCHER_INVALID); /* cut short */
    assert_int_equal(detect("%PDF-"), VOUCHER_INVALID);
    assert_int_equal(detect("%%EOF"), VOUCHER_INVALID);
    assert_int_equal(detect("hello, this is a text file\n"), VOUCHER_INVALID);
    assert_int_equal(detect("<html>%PDF-1.4 %%EOF"), VOUCHER_INVALID);
    assert_int_equal(voucher_detect(NULL, 0), VOUCHER_INVALID);
    assert_int_equal(voucher_detect("", 0), VOUCHER_INVALID);
    const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    assert_int_equal(voucher_detect(jpeg, sizeof jpeg), VOUCHER_IMAGE);
    const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    assert_int_equal(voucher_detect(png, sizeof png), VOUCHER_IMAGE);
}

static void test_pdf_limit(void **state)
{
    (void)state;
    size_t n = FUND_PDF_MAX_BYTES;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n + 1);
    memcpy(big, "%PDF-1.4\n", 9);
    memcpy(big + n - 6, "%%EOF\n", 6);
    assert_int_equal(voucher_detect(big, n), VOUCHER_PDF); /* exactly the limit */
    memcpy(big + n - 5, "%%EOF\n", 6);
    assert_int_equal(voucher_detect(big, n + 1), VOUCHER_TOO_LARGE);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_detect),
                                       cmocka_unit_test(test_pdf_limit)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
