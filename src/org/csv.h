/* CSV as Excel saves it: RFC 4180 quoting, CRLF or LF line ends, a UTF-8 BOM or none, or
 * GB18030 (what Excel on Chinese Windows writes for "CSV"). */
#ifndef MULIN_CSV_H
#define MULIN_CSV_H
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

struct csv_row {
    size_t line;   /* 1-based line number where the record starts in the file */
    size_t n;      /* number of fields */
    char **fields; /* NUL-terminated UTF-8, trimmed of surrounding spaces (not of quoted ones) */
};

struct csv {
    struct csv_row *rows; /* every record, header included, blank lines skipped */
    size_t n;             /* number of rows */
};

enum csv_status {
    CSV_OK = 0,
    CSV_BAD_ENCODING = 1, /* neither UTF-8 nor GB18030 */
    CSV_BAD_QUOTE = 2,    /* unterminated quoted field or text after a closing quote */
    CSV_TOO_BIG = 3,      /* more than CSV_MAX_ROWS rows or CSV_MAX_FIELDS fields in a row */
};

enum { CSV_MAX_ROWS = 20000, CSV_MAX_FIELDS = 64 };

/* Writes in[0..n) as UTF-8 into out: strips a UTF-8 BOM; input that is not valid UTF-8 is
 * converted from GB18030. Returns CSV_OK or CSV_BAD_ENCODING. */
enum csv_status csv_decode(const char *in, size_t n, struct buf *out);
/* Parses UTF-8 text into rows allocated in a. On failure *err_line is the 1-based line of the
 * problem. */
enum csv_status csv_parse(struct arena *a, const char *text, size_t len, struct csv *out,
                          size_t *err_line);

#endif
