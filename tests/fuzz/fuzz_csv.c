/* libFuzzer target for an uploaded roster file: csv_decode -> csv_parse -> roster_check, with the
 * invariants later code relies on checked after each step. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/csv.h"
#include "org/roster.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

/* Aborts with a message so libFuzzer records the input as a crash. */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_csv: invariant failed: %s (line %d)\n", #cond, __LINE__);        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Number of lines in text, counting CRLF, LF and a lone CR as one line end each. */
static size_t count_lines(const char *s, size_t n)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            lines++;
    return lines;
}

/* Checks the structure csv_parse promises: rows in file order, lines within the text, field
 * counts within the limits, and (when utf8 is set) every field valid UTF-8. */
static void check_csv(const struct csv *c, size_t lines, int utf8)
{
    CHECK(c->n <= CSV_MAX_ROWS);
    CHECK(c->n == 0 || c->rows != NULL);
    size_t prev = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct csv_row *r = &c->rows[i];
        CHECK(r->line >= 1 && r->line <= lines);
        CHECK(r->line > prev); /* one record per line start at most, so strictly increasing */
        prev = r->line;
        CHECK(r->n >= 1 && r->n <= CSV_MAX_FIELDS);
        for (size_t k = 0; k < r->n; k++) {
            CHECK(r->fields[k] != NULL);
            if (utf8)
                CHECK(utf8_valid(r->fields[k], strlen(r->fields[k])));
        }
    }
}

/* Checks roster_check's output against the CSV it was given. */
static void check_roster(const struct csv *c, const struct roster *r, size_t nproblems)
{
    CHECK(nproblems == r->nproblems);
    CHECK(r->n + r->nproblems <= c->n + RC_COUNT);
    size_t prev = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct roster_entry *e = &r->entries[i];
        CHECK(e->line > prev && e->line >= 2);
        prev = e->line;
        for (int col = 0; col < RC_COUNT; col++) {
            const char *v = e->f[col];
            CHECK(v != NULL);
            CHECK(utf8_chars(v) <= ROSTER_MAX_CHARS);
            CHECK(col == RC_PHONE || *v);
        }
        const char *p = e->f[RC_PHONE];
        if (*p) {
            CHECK(strlen(p) == 11 && p[0] == '1');
            CHECK(strspn(p, "0123456789") == 11);
        }
    }
    prev = 0;
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct roster_problem *p = &r->problems[i];
        CHECK(p->line >= prev && p->line >= 1);
        prev = p->line;
        CHECK(p->err > ROSTER_OK && p->err <= ROSTER_CONTROL_CHAR);
        CHECK(p->col < RC_COUNT);
    }
}

/* One input as an uploaded file: raw parse, then the decode/parse/check pipeline. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    struct arena a;
    arena_init(&a);
    struct csv c;
    size_t err_line;

    /* The parser alone on raw bytes: memory safety and line bookkeeping without decoding. */
    enum csv_status st = csv_parse(&a, in, size, &c, &err_line);
    if (st == CSV_OK)
        check_csv(&c, count_lines(in, size), 0);
    else
        CHECK(c.n == 0 && err_line >= 1 && err_line <= count_lines(in, size));
    arena_free(&a);

    struct buf text;
    buf_init(&text);
    st = csv_decode(in, size, &text);
    if (st != CSV_OK) {
        CHECK(st == CSV_BAD_ENCODING && text.len == 0);
        buf_free(&text);
        return 0;
    }
    CHECK(utf8_valid(text.data, text.len));
    CHECK(text.data[text.len] == '\0');

    st = csv_parse(&a, text.data, text.len, &c, &err_line);
    size_t lines = count_lines(text.data, text.len);
    if (st == CSV_OK) {
        check_csv(&c, lines, 1);
        struct roster r;
        size_t np = roster_check(&a, &c, &r);
        check_roster(&c, &r, np);
    } else {
        CHECK(st == CSV_BAD_QUOTE || st == CSV_TOO_BIG);
        CHECK(err_line >= 1 && err_line <= lines);
    }
    arena_free(&a);
    buf_free(&text);
    return 0;
}
