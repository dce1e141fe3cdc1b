/* A residents' roster as a residential-committee worker keeps it in Excel, checked row by row
 * before anything is stored. Pure: no database, no I/O. */
#ifndef MULIN_ROSTER_H
#define MULIN_ROSTER_H
#include <stddef.h>

#include "org/csv.h"

enum roster_col { RC_NAME, RC_PHONE, RC_BUILDING, RC_ROOM, RC_GROUP, RC_BLOCK, RC_COUNT };

enum roster_err {
    ROSTER_OK = 0,
    ROSTER_NO_HEADER,      /* the file has no header row */
    ROSTER_MISSING_COLUMN, /* a required column is absent from the header; col says which */
    ROSTER_EMPTY_FIELD,    /* a required field is empty; col says which */
    ROSTER_TOO_LONG,       /* a field exceeds ROSTER_MAX_CHARS characters; col says which */
    ROSTER_BAD_PHONE,      /* phone is not 11 digits starting with 1 */
    ROSTER_DUPLICATE,      /* same name in the same household as an earlier row */
    ROSTER_EXTRA_FIELDS,   /* a data row has more fields than the header */
    ROSTER_CONTROL_CHAR,   /* a field holds a line break or another control character */
};

enum { ROSTER_MAX_CHARS = 40 };

struct roster_entry {
    size_t line;             /* line in the file, for error reports */
    const char *f[RC_COUNT]; /* trimmed values; phone may be "" (optional) */
};

struct roster_problem {
    size_t line;         /* line in the file (header problems: the header's line) */
    enum roster_err err; /* what is wrong */
    enum roster_col col; /* which column, where it matters */
};

struct roster {
    struct roster_entry *entries; /* good rows, in file order */
    size_t n;
    struct roster_problem *problems; /* every problem found, in file order */
    size_t nproblems;
};

/* Header names accepted per column, Chinese first: 姓名/name,
 * 手机/手机号/手机号码/电话/联系电话/phone, 楼号/building, 室号/房号/room, 楼组/group, 区块/block.
 * Matching ignores ASCII case and spaces. */
enum { ROSTER_HEADER_ALIASES = 6 };
extern const char *const roster_header_names[RC_COUNT][ROSTER_HEADER_ALIASES];

/* Checks every row of csv (row 0 is the header) and fills out, allocating in a. Returns the
 * number of problems (0 when every row is good). */
size_t roster_check(struct arena *a, const struct csv *csv, struct roster *out);

#endif
