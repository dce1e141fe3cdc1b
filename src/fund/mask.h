/* Masking of personal data in text the public sees: a voucher's description, an expense note,
 * an activity record (issue 6: "vouchers (with personal data masked)"). Pure; tested in
 * tests/unit/test_mask.c and fuzzed by tests/fuzz/fuzz_mask.c.
 *
 * What is masked, each character replaced one for one by '*', so the text keeps its shape:
 *   - mainland mobile numbers, 1[3-9] and 9 more digits, also written 3-4-4 with '-' or ' ':
 *     13800000001 → 138****0001, 138-0000-0001 → 138-****-0001;
 *     also behind the country code joined to it: +8613800000001 → +86138****0001;
 *   - landlines with an area code, 0 and 2–3 digits, set off by '-', ' ' or brackets, then
 *     7–8 digits or 4-4: 021-64871234 → 021-****1234, (021)64871234 → (021)****1234,
 *     021-6487-1234 → 021-****-1234; or joined as 11 digits: 02164871234 → 021****1234;
 *   - ID-card numbers, 18 characters (17 digits and a digit or X) or the old 15 digits:
 *     310101199001011234 → 3101**********1234 (the birth date is always hidden);
 *   - the names given, wherever they occur: 张三 → 张*, 欧阳小明 → 欧**明, 李 → *.
 * Full-width digits (０..９, as a Chinese input method types them) count as digits; a masked
 * one becomes a single '*'.
 * A number is masked only when it stands alone: a run of digits longer than the pattern (an
 * invoice or account number) is left as it is, since no pattern can tell it from personal
 * data without hiding every number of a voucher. '*' counts as a masked digit: a number
 * touching one is taken as part of a number already masked, which makes masking idempotent
 * (masking masked text changes nothing), at the cost of leaving "*13800000001" as it is.
 *
 * Names are matched exactly, the longest first where names overlap; a name of ASCII letters
 * only is matched as a whole word ("Li" is not masked inside "Lily"). Names that are empty,
 * longer than MASK_NAME_MAX characters, not UTF-8, or hold '*' or a digit are ignored. */
#ifndef MULIN_FUND_MASK_H
#define MULIN_FUND_MASK_H
#include <stddef.h>

#define MASK_TEXT_MAX 100000 /* bytes of text masked in one call */
#define MASK_NAMES_MAX 1000  /* names given to one call */
#define MASK_NAME_MAX 40     /* characters in one name */

/* The masked copy of text (malloc'd, the caller frees it), never longer in bytes and the same
 * length in characters; NULL when text is NULL, not valid UTF-8, longer than MASK_TEXT_MAX, or
 * more than MASK_NAMES_MAX names are given. names may be NULL when nnames is 0. */
char *mask_text(const char *text, const char *const *names, size_t nnames);

#endif
