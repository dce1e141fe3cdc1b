/* Money for the self-governance fund: amounts are int64 fen (分), never floating point, so a
 * pool balances to the fen on both engines. Here: reading an amount as a person types it,
 * writing one for people, and the execution rate. No I/O; tested in tests/unit/test_fund_money.c
 * and fuzzed by tests/fuzz/fuzz_money.c. */
#ifndef MULIN_FUND_MONEY_H
#define MULIN_FUND_MONEY_H
#include <stddef.h>
#include <stdint.h>

/* The largest amount the fund accepts anywhere: ¥100,000,000.00. A residential area's yearly
 * fund is around ¥100,000; the cap keeps every sum of a pool's entries far from INT64_MAX. */
#define MONEY_MAX_FEN INT64_C(10000000000)
/* The longest amount text read, in bytes; longer input is refused as too large or invalid. */
#define MONEY_TEXT_MAX 64

enum money_err {
    MONEY_OK,
    MONEY_EMPTY,     /* nothing but spaces */
    MONEY_NEGATIVE,  /* a minus sign */
    MONEY_DECIMALS,  /* more than two digits after the point: "12.345" */
    MONEY_SEPARATOR, /* a thousands separator out of place ("1,23") or a second point */
    MONEY_INVALID,   /* letters or other characters that are not part of an amount */
    MONEY_TOO_LARGE, /* above MONEY_MAX_FEN */
    MONEY_ZERO,      /* zero where an amount must be positive (money_parse_positive only) */
    MONEY_ERR_COUNT
};

/* Reads an amount of yuan as typed into *fen: digits with an optional point and one or two
 * decimals, optional thousands commas in groups of three, an optional "¥" or "￥" in front, an
 * optional "元" behind, spaces (also U+3000) around; full-width digits, comma and point are
 * read as their ASCII forms. "1,234.50", "¥1234.5", "￥1,234.5", "1234元" → 123450.
 * Zero is accepted. On a refusal *fen is left alone. s may be NULL (empty). */
enum money_err money_parse(const char *s, int64_t *fen);
/* money_parse, then MONEY_ZERO for zero: for approvals, budget lines and expenses. */
enum money_err money_parse_positive(const char *s, int64_t *fen);
/* A stable code for the API ("amount_decimals"); "amount_invalid" when out of range. */
const char *money_err_code(enum money_err e);

/* Writes fen as "¥1,234.50" ("-¥5.00" when negative) to out[0..n), NUL-terminated when n > 0.
 * Returns the full length as snprintf does. */
size_t money_format(int64_t fen, char *out, size_t n);
/* Writes fen as a plain decimal for JSON and forms ("1234.50", "-5.00"). Same contract. */
size_t money_plain(int64_t fen, char *out, size_t n);
/* The execution rate spent ÷ approved, half-up to one decimal ("50.0%"), or "—" when approved
 * is not positive; integers only (poll_rate_format). Same contract. */
size_t money_rate_format(int64_t spent, int64_t approved, char *out, size_t n);

#endif
