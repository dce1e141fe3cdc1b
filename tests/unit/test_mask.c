/* Masking personal data in public text: each pattern, its edges (one digit more or less, a
 * digit run around it), names (longest first, whole words for Latin names), and what is
 * refused. A table of input and expected output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund/mask.h"

static const char *const names[] = {"张三", "张三丰", "欧阳小明", "李",   "Li Lei",
                                    "Li",   "",       "王*",      "\xff", "a1"};
#define NNAMES (sizeof names / sizeof names[0])

static const struct {
    const char *in;  /* the text */
    const char *out; /* masked with the names above */
} cases[] = {
    /* Mobiles. */
    {"电话13800000001", "电话138****0001"},
    {"13800000001", "138****0001"},
    {"tel:13912345678.", "tel:139****5678."},
    {"138-0000-0001", "138-****-0001"},
    {"138 0000 0001", "138 **** 0001"},
    {"138-0000 0001", "138-0000 0001"},     /* mixed separators: not a number we know */
    {"12800000001", "12800000001"},         /* 12x is not a mobile prefix */
    {"1380000000", "1380000000"},           /* 10 digits */
    {"138000000012", "138000000012"},       /* 12 digits: part of a longer number */
    {"+86 13800000001", "+86 138****0001"}, /* the country code apart */
    {"a13800000001b", "a138****0001b"},
    /* Landlines. */
    {"办公室 021-64871234", "办公室 021-****1234"},
    {"0571-8765432", "0571-***5432"},
    {"021-123456", "021-123456"},       /* 6 digits: not a landline */
    {"021-123456789", "021-123456789"}, /* 9 */
    /* As people write them in real notes (each missed before): the country code joined to
     * the mobile, full-width digits from a Chinese input method, a landline's area code set off
     * by a space or brackets or written joined, a local number split 4-4. */
    {"电话+8613800000001", "电话+86138****0001"},
    {"8613800000001", "86138****0001"},
    {"008613800000001", "0086138****0001"},
    {"手机１３８０００００００１", "手机１３８****０００１"},
    {"１３８-００００-０００１", "１３８-****-０００１"},
    {"身份证３１０１０１１９９００１０１１２３４", "身份证３１０１**********１２３４"},
    {"021 64871234", "021 ****1234"},
    {"(021)64871234", "(021)****1234"},
    {"（021）64871234", "（021）****1234"},
    {"021-6487-1234", "021-****-1234"},
    {"02164871234", "021****1234"},     /* 0, a two-digit area code and 8 digits */
    {"031001800104", "031001800104"},   /* 12 digits: an invoice code (发票代码), kept */
    {"8612800000001", "8612800000001"}, /* 86 and no mobile after it */
    /* ID cards. */
    {"身份证310101199001011234号", "身份证3101**********1234号"},
    {"31010119900101123X", "3101**********123X"},
    {"31010119900101123x", "3101**********123x"},
    {"310101900101123", "3101********123"},         /* the old 15 digits */
    {"3101011990010112345", "3101011990010112345"}, /* 19 digits: an account number */
    {"发票号码 12345678901234567890", "发票号码 12345678901234567890"}, /* 20: kept */
    {"1234567890123456", "1234567890123456"},                           /* 16 */
    /* Names. */
    {"经办人张三，审核人张三丰", "经办人张*，审核人张*丰"},
    {"欧阳小明签字", "欧**明签字"},
    {"李", "*"},
    {"李四", "*四"},
    {"Li Lei paid", "L****i paid"},
    {"Lily and Li", "Lily and L*"},
    {"LiLi", "LiLi"},
    {"王*签字", "王*签字"},             /* a name holding '*' is ignored; the text is left */
    {"a113800000001", "a113800000001"}, /* and one holding a digit: it would split the run */
    /* Numbers sharing digits: each is masked (what a second pass would find, one pass hides). */
    {"138-0000-0001-1234567", "138-****-0001-***4567"},
    {"138 0000 001011990010112", "138 0000 0010********112"},
    /* Beside '*' a number counts as masked already: masking masked text changes nothing. */
    {"*13800000001", "*13800000001"},
    {"138****0001", "138****0001"},
    {"3101**********1234-4567890", "3101**********1234-4567890"},
    /* Together, and nothing to do. */
    {"张三 13800000001 310101199001011234", "张* 138****0001 3101**********1234"},
    {"金额 1234.50 元，2026-03-01", "金额 1234.50 元，2026-03-01"},
    {"", ""},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = mask_text(cases[i].in, names, NNAMES);
        assert_non_null(out);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\" → \"%s\", not \"%s\"", i, cases[i].in, out, cases[i].out);
        free(out);
    }
}

static void test_without_names(void **state)
{
    (void)state;
    char *out = mask_text("张三 13800000001", NULL, 0);
    assert_string_equal(out, "张三 138****0001");
    free(out);
}

static void test_refused(void **state)
{
    (void)state;
    assert_null(mask_text(NULL, NULL, 0));
    assert_null(mask_text("\xe5\xbc", NULL, 0)); /* cut UTF-8 */
    assert_null(mask_text("a", NULL, 1));        /* names promised, none given */
    assert_null(mask_text("a", names, MASK_NAMES_MAX + 1));
    char *big = malloc(MASK_TEXT_MAX + 2);
    memset(big, 'a', MASK_TEXT_MAX + 1);
    big[MASK_TEXT_MAX + 1] = 0;
    assert_null(mask_text(big, NULL, 0));
    big[MASK_TEXT_MAX] = 0;
    char *out = mask_text(big, names, NNAMES);
    assert_non_null(out);
    assert_int_equal(strlen(out), MASK_TEXT_MAX);
    free(out);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_without_names),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
