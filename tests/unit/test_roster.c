/* Roster validation: header names, every error code, phone normalisation, duplicates, lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "org/csv.h"
#include "org/roster.h"
#include "util/arena.h"
#include "util/buf.h"

#define HEADER "姓名,手机,楼号,室号,楼组,区块\n"

/* Parses text as CSV (which must succeed) and checks it as a roster into r; memory lives in a.
 * Returns roster_check's result after asserting it agrees with r->nproblems. */
static size_t check(struct arena *a, const char *text, struct roster *r)
{
    struct csv c;
    assert_int_equal(csv_parse(a, text, strlen(text), &c, NULL), CSV_OK);
    size_t n = roster_check(a, &c, r);
    assert_int_equal(n, r->nproblems);
    return n;
}

/* Asserts problem i of r. */
static void assert_problem(const struct roster *r, size_t i, size_t line, enum roster_err err,
                           enum roster_col col)
{
    assert_true(i < r->nproblems);
    assert_int_equal(r->problems[i].line, line);
    assert_int_equal(r->problems[i].err, err);
    assert_int_equal(r->problems[i].col, col);
}

/* Asserts that a roster with the single data row `row` has one problem err in column col. */
static void assert_row_problem(const char *row, enum roster_err err, enum roster_col col)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    char text[1024];
    assert_true(strlen(HEADER) + strlen(row) < sizeof text);
    strcpy(text, HEADER);
    strcat(text, row);
    assert_int_equal(check(&a, text, &r), 1);
    assert_problem(&r, 0, 2, err, col);
    assert_int_equal(r.n, 0);
    arena_free(&a);
}

static void test_good_roster(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a,
                           HEADER "张三,13812345678,3号,101,一组,东区\n"
                                  "李四,,3号,102,一组,东区\n",
                           &r),
                     0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.entries[0].line, 2);
    assert_string_equal(r.entries[0].f[RC_NAME], "张三");
    assert_string_equal(r.entries[0].f[RC_PHONE], "13812345678");
    assert_string_equal(r.entries[0].f[RC_BUILDING], "3号");
    assert_string_equal(r.entries[0].f[RC_ROOM], "101");
    assert_string_equal(r.entries[0].f[RC_GROUP], "一组");
    assert_string_equal(r.entries[0].f[RC_BLOCK], "东区");
    /* Phone is optional: an empty value is kept as "". */
    assert_int_equal(r.entries[1].line, 3);
    assert_string_equal(r.entries[1].f[RC_PHONE], "");
    assert_string_equal(r.entries[1].f[RC_ROOM], "102");
    arena_free(&a);
}

static void test_header_names_table(void **state)
{
    /* Chinese first in every column, so the UI can show the canonical name. */
    assert_string_equal(roster_header_names[RC_NAME][0], "姓名");
    assert_string_equal(roster_header_names[RC_PHONE][0], "手机");
    assert_string_equal(roster_header_names[RC_BUILDING][0], "楼号");
    assert_string_equal(roster_header_names[RC_ROOM][0], "室号");
    assert_string_equal(roster_header_names[RC_GROUP][0], "楼组");
    assert_string_equal(roster_header_names[RC_BLOCK][0], "区块");
    assert_string_equal(roster_header_names[RC_ROOM][1], "房号");
    assert_string_equal(roster_header_names[RC_PHONE][2], "手机号码");
    assert_string_equal(roster_header_names[RC_PHONE][5], "phone");
}

/* English names in any case and spacing, columns in any order, unknown columns ignored. */
static void test_header_aliases_and_order(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a,
                           " BLOCK ,备注,Ro om,手机号,Group,NAME,building\n"
                           "东区,腿脚不便,201,139 0000 1111,二组,王五,5号\n",
                           &r),
                     0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.entries[0].f[RC_NAME], "王五");
    assert_string_equal(r.entries[0].f[RC_PHONE], "13900001111");
    assert_string_equal(r.entries[0].f[RC_BUILDING], "5号");
    assert_string_equal(r.entries[0].f[RC_ROOM], "201");
    assert_string_equal(r.entries[0].f[RC_GROUP], "二组");
    assert_string_equal(r.entries[0].f[RC_BLOCK], "东区");

    assert_int_equal(
        check(&a, "电话,房号,姓名,楼号,楼组,区块\n13812345678,3,赵六,1,一组,西区\n", &r), 0);
    assert_string_equal(r.entries[0].f[RC_PHONE], "13812345678");
    assert_string_equal(r.entries[0].f[RC_ROOM], "3");
    assert_int_equal(check(&a, "phone,room,name,building,group,block\n,3,Zhao,1,g,b\n", &r), 0);
    assert_int_equal(r.n, 1);
    arena_free(&a);
}

static void test_phone_column_optional(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a, "姓名,楼号,室号,楼组,区块\n张三,3号,101,一组,东区\n", &r), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.entries[0].f[RC_PHONE], "");
    arena_free(&a);
}

static void test_phone_normalisation(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a,
                           HEADER "甲,138-1234-5678,1,101,g,b\n"
                                  "乙,138 1234 5678,1,102,g,b\n"
                                  "丙,\" 13812345678 \",1,103,g,b\n"
                                  "丁,+86 138-1234-5678,1,104,g,b\n"
                                  "戊,１３８－１２３４－５６７８,1,105,g,b\n", /* full-width */
                           &r),
                     0);
    assert_int_equal(r.n, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(r.entries[i].f[RC_PHONE], "13812345678");
    arena_free(&a);
}

static void test_bad_phones(void **state)
{
    static const char *const bad[] = {
        "1381234567",     /* 10 digits */
        "138123456789",   /* 12 digits */
        "23812345678",    /* not starting with 1 */
        "1381234567a",    /* a letter */
        "+86 1381234567", /* the prefix does not count towards the 11 digits */
        "86 13812345678",
        "138.1234.5678",
        "１３８１２３４５６７", /* full-width, but 10 digits */
        "-",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char row[256];
        snprintf(row, sizeof row, "张三,%s,3号,101,一组,东区\n", bad[i]);
        assert_row_problem(row, ROSTER_BAD_PHONE, RC_PHONE);
    }
}

static void test_control_characters(void **state)
{
    /* A quoted cell may hold a line break; in a name it would only break pages and lists. */
    assert_row_problem("\"张\n三\",13812345678,3号,101,一组,东区\n", ROSTER_CONTROL_CHAR, RC_NAME);
    assert_row_problem("张三,13812345678,3号,\"1\t01\",一组,东区\n", ROSTER_CONTROL_CHAR, RC_ROOM);
}

static void test_no_header(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a, "", &r), 1);
    assert_problem(&r, 0, 1, ROSTER_NO_HEADER, RC_NAME);
    assert_int_equal(r.n, 0);
    /* The header row was left out: the first row is data, and nothing in it is a column name.
     * It starts on line 3 after two blank lines. */
    assert_int_equal(
        check(&a, "\n\n张三,13812345678,3号,101,一组,东区\n李四,,3号,102,一组,东区\n", &r), 1);
    assert_problem(&r, 0, 3, ROSTER_NO_HEADER, RC_NAME);
    assert_int_equal(r.n, 0);
    arena_free(&a);
}

static void test_missing_columns(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    /* Every missing required column is reported on the header's line; rows are not checked. */
    assert_int_equal(check(&a, "\n姓名,手机,室号,楼号\n张三,,101,3号\n", &r), 2);
    assert_problem(&r, 0, 2, ROSTER_MISSING_COLUMN, RC_GROUP);
    assert_problem(&r, 1, 2, ROSTER_MISSING_COLUMN, RC_BLOCK);
    assert_int_equal(r.n, 0);
    assert_int_equal(check(&a, "手机,备注\n", &r), 5);
    assert_problem(&r, 0, 1, ROSTER_MISSING_COLUMN, RC_NAME);
    assert_problem(&r, 1, 1, ROSTER_MISSING_COLUMN, RC_BUILDING);
    assert_problem(&r, 4, 1, ROSTER_MISSING_COLUMN, RC_BLOCK);
    arena_free(&a);
}

static void test_empty_fields(void **state)
{
    assert_row_problem(",13812345678,3号,101,一组,东区\n", ROSTER_EMPTY_FIELD, RC_NAME);
    assert_row_problem("张三,13812345678,,101,一组,东区\n", ROSTER_EMPTY_FIELD, RC_BUILDING);
    assert_row_problem("张三,13812345678,3号,  ,一组,东区\n", ROSTER_EMPTY_FIELD, RC_ROOM);
    assert_row_problem("张三,13812345678,3号,101,\" \",东区\n", ROSTER_EMPTY_FIELD, RC_GROUP);
    assert_row_problem("张三,13812345678,3号,101,一组,\n", ROSTER_EMPTY_FIELD, RC_BLOCK);
    /* A short row: the missing trailing fields are empty. */
    assert_row_problem("张三,13812345678,3号,101\n", ROSTER_EMPTY_FIELD, RC_GROUP);
}

static void test_too_long(void **state)
{
    /* 40 characters are 120 bytes in Chinese: the limit counts characters. */
    char name40[200] = "", row[512];
    for (int i = 0; i < ROSTER_MAX_CHARS; i++)
        strcat(name40, "张");
    struct arena a;
    arena_init(&a);
    struct roster r;
    snprintf(row, sizeof row, HEADER "%s,,3号,101,一组,东区\n", name40);
    assert_int_equal(check(&a, row, &r), 0);
    assert_int_equal(r.n, 1);
    arena_free(&a);

    snprintf(row, sizeof row, "%s张,,3号,101,一组,东区\n", name40);
    assert_row_problem(row, ROSTER_TOO_LONG, RC_NAME);
    snprintf(row, sizeof row, "张三,,%sx,101,一组,东区\n", name40);
    assert_row_problem(row, ROSTER_TOO_LONG, RC_BUILDING);
    snprintf(row, sizeof row, "张三,,3号,%s1,一组,东区\n", name40);
    assert_row_problem(row, ROSTER_TOO_LONG, RC_ROOM);
    snprintf(row, sizeof row, "张三,,3号,101,%s组,东区\n", name40);
    assert_row_problem(row, ROSTER_TOO_LONG, RC_GROUP);
    snprintf(row, sizeof row, "张三,,3号,101,一组,%s区\n", name40);
    assert_row_problem(row, ROSTER_TOO_LONG, RC_BLOCK);
}

static void test_extra_fields(void **state)
{
    assert_row_problem("张,三,13812345678,3号,101,一组,东区\n", ROSTER_EXTRA_FIELDS, RC_NAME);
    /* Trailing empty cells (Excel writes them for touched cells) are not extra fields. */
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a, HEADER "张三,13812345678,3号,101,一组,东区,, ,\n", &r), 0);
    assert_int_equal(r.n, 1);
    arena_free(&a);
}

/* The first problem in column order is the one reported for a row. */
static void test_first_problem_per_row(void **state)
{
    assert_row_problem(",123,,101,一组,东区\n", ROSTER_EMPTY_FIELD, RC_NAME);
    assert_row_problem("张三,123,,101,一组,东区\n", ROSTER_BAD_PHONE, RC_PHONE);
    assert_row_problem("张三,,,,,东区\n", ROSTER_EMPTY_FIELD, RC_BUILDING);
}

static void test_duplicates(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a,
                           HEADER "张三,,3号,101,一组,东区\n"                /* 2 */
                                  "张三,,3号,102,一组,东区\n"                /* 3: other room */
                                  "张三,,3号,101,二组,东区\n"                /* 4: other group */
                                  "张三,,3号,101,一组,西区\n"                /* 5: other block */
                                  "张三,,4号,101,一组,东区\n"                /* 6: other building */
                                  "李四,,3号,101,一组,东区\n"                /* 7: other name */
                                  " 张三 ,139-0000-1111,3号,101,一组,东区\n" /* 8: duplicate */
                                  "王五,1,3号,101,一组,东区\n"               /* 9: bad phone */
                                  "王五,,3号,101,一组,东区\n", /* 10: the bad row doesn't count */
                           &r),
                     2);
    assert_problem(&r, 0, 8, ROSTER_DUPLICATE, RC_NAME);
    assert_problem(&r, 1, 9, ROSTER_BAD_PHONE, RC_PHONE);
    assert_int_equal(r.n, 7);
    assert_int_equal(r.entries[5].line, 7);
    assert_int_equal(r.entries[6].line, 10);
    assert_string_equal(r.entries[6].f[RC_NAME], "王五");
    arena_free(&a);
}

/* Every bad row is reported with its own line, in file order, whatever the line ends, blank
 * lines and multi-line quoted cells; good rows around them are kept. */
static void test_all_problems_with_lines(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a,
                           "\r\n" HEADER                         /* header on line 2 */
                           "张三,,3号,101,一组,东区\r\n"         /* 3 good */
                           ",,3号,102,一组,东区\r\n"             /* 4 empty name */
                           "\r\n"                                /* 5 blank */
                           "李四,\"1\n2\",3号,103,一组,东区\r\n" /* 6-7 bad phone over two lines */
                           ",,,,,\r\n"                           /* 8 empty cells: skipped */
                           "王五,,3号,104,一组,\r\n"             /* 9 empty block */
                           "赵六,,3号,105,一组,东区\r\n"         /* 10 good */
                           "张三,,3号,101,一组,东区\r\n",        /* 11 duplicate */
                           &r),
                     4);
    assert_problem(&r, 0, 4, ROSTER_EMPTY_FIELD, RC_NAME);
    assert_problem(&r, 1, 6, ROSTER_BAD_PHONE, RC_PHONE);
    assert_problem(&r, 2, 9, ROSTER_EMPTY_FIELD, RC_BLOCK);
    assert_problem(&r, 3, 11, ROSTER_DUPLICATE, RC_NAME);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.entries[0].line, 3);
    assert_int_equal(r.entries[1].line, 10);
    assert_string_equal(r.entries[1].f[RC_NAME], "赵六");
    arena_free(&a);
}

/* Header only: no rows and no problems. */
static void test_header_only(void **state)
{
    struct arena a;
    arena_init(&a);
    struct roster r;
    assert_int_equal(check(&a, HEADER, &r), 0);
    assert_int_equal(r.n, 0);
    arena_free(&a);
}

/* Many rows, to exercise the duplicate set beyond a handful of entries. */
static void test_many_rows(void **state)
{
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b);
    buf_adds(&b, HEADER);
    for (int i = 0; i < 5000; i++)
        buf_printf(&b, "居民%d,,%d号,%d,一组,东区\n", i % 100, i % 7, i % 50);
    struct csv c;
    assert_int_equal(csv_parse(&a, b.data, b.len, &c, NULL), CSV_OK);
    struct roster r;
    /* (name, building, room) = (i%100, i%7, i%50) repeats every lcm(100, 7, 50) = 700 rows. */
    assert_int_equal(roster_check(&a, &c, &r), 5000 - 700);
    assert_int_equal(r.n, 700);
    assert_int_equal(r.problems[0].line, 702);
    assert_int_equal(r.problems[0].err, ROSTER_DUPLICATE);
    buf_free(&b);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_roster),
        cmocka_unit_test(test_header_names_table),
        cmocka_unit_test(test_header_aliases_and_order),
        cmocka_unit_test(test_phone_column_optional),
        cmocka_unit_test(test_phone_normalisation),
        cmocka_unit_test(test_bad_phones),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_missing_columns),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_extra_fields),
        cmocka_unit_test(test_first_problem_per_row),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_all_problems_with_lines),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_many_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
