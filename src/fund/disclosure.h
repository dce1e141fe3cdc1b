/* The quarterly disclosure of a residential area's 自治金 (DOMAIN.md §4 step 9, issue 6
 * deliverable 5): where each yuan went. From a plain description of the quarter — projects,
 * approved and spent per budget line, lapsed amounts, whether each project came from a hall
 * topic, its grade — this computes the rows the page, the printable document and the XLSX
 * show, and writes the XLSX. The report is pure (disclosure.c); only disclosure_xlsx
 * (disclosure_xlsx.c) touches a file. Tested in tests/unit/test_disclosure.c.
 *
 * Money is integer fen throughout. Rates are spent ÷ approved in tenths of a percent, rounded
 * half-up in integers (hall/poll_math.h), "—" when nothing was approved. */
#ifndef MULIN_FUND_DISCLOSURE_H
#define MULIN_FUND_DISCLOSURE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISC_PROJECTS_MAX 200 /* projects in one quarter's report */
#define DISC_LINES_MAX 50     /* budget lines of one project */
#define DISC_NAME_MAX 100     /* characters in a project's, a line's or the area's name */
#define DISC_GRADE_MAX 10     /* characters in a grade ("优") */
/* The largest amount one field may hold: 10¹¹ fen = ¥1,000,000,000. Every sum of a report stays
 * below 200 · 50 · 10¹¹ = 10¹⁵ < 2⁵³, so the XLSX's doubles hold every sum's fen exactly. */
#define DISC_FEN_MAX INT64_C(100000000000)
/* The most activities or sign-ins one project may report in a quarter (far above any real
 * one; it keeps every sum exact in the XLSX's doubles). */
#define DISC_COUNT_MAX INT64_C(1000000000)
#define DISC_RATE_TEXT_MAX 24  /* "100000000000.0%" or "—", NUL included */
#define DISC_MONEY_TEXT_MAX 32 /* "-¥1,000,000,000,000.00" and a NUL, with room */

/* One budget line of a project. */
struct disc_line {
    const char *name; /* 预算科目, e.g. "材料费" */
    int64_t approved; /* fen approved for the line (after any recorded reallocation) */
    int64_t spent;    /* fen spent on it to the end of the quarter */
};

/* One project of the quarter. */
struct disc_project {
    const char *name;              /* project name */
    bool from_topic;               /* it started from a hall topic's resolution */
    const char *grade;             /* evaluation grade ("优"), NULL or "" before evaluation */
    int64_t lapsed;                /* fen that lapsed at year end (0 before the closing entry) */
    const struct disc_line *lines; /* its budget lines */
    size_t nlines;                 /* how many, 0..DISC_LINES_MAX */
    int64_t activities;            /* activities held in the quarter, 0..DISC_COUNT_MAX */
    int64_t signins;               /* their sign-ins, 0..DISC_COUNT_MAX */
};

/* A residential area's quarter. */
struct disc_quarter {
    const char *area;                    /* residential area (居民区) name */
    int year;                            /* 2000..9999 */
    int quarter;                         /* 1..4 */
    const struct disc_project *projects; /* the projects with money in the year so far */
    size_t n;                            /* how many, 0..DISC_PROJECTS_MAX */
    int64_t pool_lapsed;    /* fen of the pool that no project took, lapsed at year end */
    int64_t working_lapsed; /* fen of the working part lapsed at year end (0 before it) */
    int64_t service_lapsed; /* fen of the service part lapsed at year end (0 before it) */
};

enum disc_row_kind {
    DISC_ROW_LINE,    /* one budget line */
    DISC_ROW_PROJECT, /* a project's subtotal, after its lines */
    DISC_ROW_TOTAL,   /* the whole quarter, last */
};

/* One row of the report. Names point into the quarter (kept alive by the caller). */
struct disc_row {
    enum disc_row_kind kind;       /* what the row sums */
    size_t project;                /* the project's index (LINE, PROJECT) */
    const char *project_name;      /* NULL for TOTAL */
    const char *line_name;         /* NULL except for LINE */
    int64_t approved;              /* fen */
    int64_t spent;                 /* fen */
    int64_t lapsed;                /* fen; PROJECT: its lapse; TOTAL: the projects' lapses */
    int64_t rate_permille;         /* spent ÷ approved in tenths of a percent, -1 without */
    char rate[DISC_RATE_TEXT_MAX]; /* "94.3%" or "—" */
    bool from_topic;               /* PROJECT: from a hall topic */
    const char *grade;             /* PROJECT: its grade or NULL */
    int64_t activities;            /* PROJECT: its quarter's activities; TOTAL: their sum */
    int64_t signins;               /* PROJECT: their sign-ins; TOTAL: their sum */
};

/* The report. rows is malloc'd (disc_report_free). */
struct disc_report {
    struct disc_row *rows;                /* lines and subtotal per project, then the total */
    size_t nrows;                         /* how many */
    int64_t approved;                     /* Σ approved, fen */
    int64_t spent;                        /* Σ spent, fen */
    int64_t project_lapsed;               /* Σ the projects' lapses, fen */
    int64_t lapsed;                       /* project_lapsed + the pool's, fen */
    size_t projects;                      /* projects reported */
    size_t from_topic;                    /* of them from hall topics */
    int64_t activities, signins;          /* Σ the projects' activities and sign-ins */
    int64_t topic_share_permille;         /* from_topic ÷ projects, tenths of a %, -1 if none */
    char topic_share[DISC_RATE_TEXT_MAX]; /* "66.7%" or "—" */
};

/* Why a quarter cannot be reported. */
enum disc_err {
    DISC_OK,
    DISC_E_AREA,     /* the area's name missing, not UTF-8 text, or too long */
    DISC_E_PERIOD,   /* year or quarter out of range */
    DISC_E_PROJECTS, /* more than DISC_PROJECTS_MAX projects, or lines missing */
    DISC_E_NAME,     /* a project or line name missing, not UTF-8 text, or too long */
    DISC_E_LINES,    /* more than DISC_LINES_MAX lines */
    DISC_E_AMOUNT,   /* an amount below 0 or above DISC_FEN_MAX, or a count above DISC_COUNT_MAX */
    DISC_E_GRADE,    /* a grade not UTF-8 text or too long */
    DISC_ERR_COUNT
};

/* A refusal and where: the project and line index, -1 where not concerned. */
struct disc_problem {
    enum disc_err err; /* what */
    int project;       /* which project, or -1 */
    int line;          /* which line of it, or -1 */
};

/* Builds the report of q into *r; false with *p (and *r empty) when q cannot be right. Text
 * counts as right when it is valid UTF-8 without control characters. */
bool disc_report_build(const struct disc_quarter *q, struct disc_report *r, struct disc_problem *p);
void disc_report_free(struct disc_report *r);

/* Writes fen as yuan with thousands separators, "¥1,234.50" ("-¥0.05" below zero), to
 * out[0..n), NUL-terminated when n > 0; returns the full length as snprintf does. */
size_t disc_money_format(int64_t fen, char *out, size_t n);

/* Writes the report as an XLSX workbook at path: sheet 收支明细 (one row per line, project
 * subtotal with its quarter's activities and sign-ins, and total) and sheet 汇总 (the quarter's
 * figures), Chinese headers in a frozen first row, money as numbers in yuan with the format
 * ¥#,##0.00 and rates as numbers with 0.0%. A money cell holds fen ÷ 100 as a double: IEEE division
 * of two exact integers gives the double nearest the decimal amount, and every amount here has at
 * most 15 significant digits, so a spreadsheet shows it exactly; sums are computed in integer fen,
 * never by the spreadsheet. Returns 0, or -1 when the file cannot be written. */
int disclosure_xlsx(const struct disc_quarter *q, const struct disc_report *r, const char *path);

/* Stable API keys for the errors. */
const char *disc_err_key(enum disc_err e);
const char *disc_err_message(enum disc_err e, int lang);

#endif
