/* The iCalendar writer (src/meeting/ical.c): CRLF line ends, folding at 75 octets that never
 * splits a UTF-8 character, TEXT escaping, UTC times and a whole calendar's shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "meeting/ical.h"
#include "util/utf8.h"

/* Undoes the folding of TEXT (CRLF + space removed) into OUT. */
static void unfold(const char *text, char *out)
{
    while (*text) {
        if (text[0] == '\r' && text[1] == '\n' && text[2] == ' ') {
            text += 3;
            continue;
        }
        *out++ = *text++;
    }
    *out = '\0';
}

/* Every line of TEXT ends in CRLF, holds at most 75 octets and is valid UTF-8 on its own. */
static void assert_lines_ok(const char *text)
{
    const char *p = text;
    while (*p) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        assert_true(e - p <= 75);
        assert_true(utf8_valid(p, (size_t)(e - p)));
        assert_null(memchr(p, '\n', (size_t)(e - p)));
        p = e + 2;
    }
}

static void test_escape(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    ical_text(&b, "SUMMARY", "a\\b;c,d\ne\r\nf");
    assert_string_equal(b.data, "SUMMARY:a\\\\b\\;c\\,d\\ne\\nf\r\n");
    buf_free(&b);
    /* Control characters (but HTAB) are not allowed in TEXT: dropped. */
    buf_init(&b);
    ical_text(&b, "SUMMARY",
              "a\x01"
              "b\tc\x1f\x7f\x08"
              "d");
    assert_string_equal(b.data, "SUMMARY:ab\tcd\r\n");
    buf_free(&b);
}

static void test_fold_ascii(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    char v[200];
    memset(v, 'x', sizeof v - 1);
    v[sizeof v - 1] = '\0';
    ical_line(&b, "DESCRIPTION", v);
    assert_lines_ok(b.data);
    /* The first line is exactly 75 octets, the next ones a space and 74. */
    assert_int_equal(strstr(b.data, "\r\n") - b.data, 75);
    assert_int_equal(b.data[77], ' ');
    char un[400];
    unfold(b.data, un);
    char want[400];
    strcpy(want, "DESCRIPTION:");
    strcat(want, v);
    strcat(want, "\r\n");
    assert_string_equal(un, want);
    buf_free(&b);
    /* A line of exactly 75 octets is not folded. */
    buf_init(&b);
    v[75 - 4] = '\0';
    ical_line(&b, "URL", v);
    assert_int_equal(b.len, 77);
    assert_null(strstr(b.data, "\r\n "));
    buf_free(&b);
}

static void test_fold_utf8(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    /* 3-byte characters after an odd prefix: a naive cut at 75 would split one. */
    char v[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(v, i % 7 == 0 ? "议;" : "事");
    ical_text(&b, "X", v);
    assert_lines_ok(b.data);
    char un[1200];
    unfold(b.data, un);
    struct buf want;
    buf_init(&want);
    buf_adds(&want, "X:");
    ical_escape(&want, v);
    buf_adds(&want, "\r\n");
    assert_string_equal(un, want.data);
    buf_free(&want);
    buf_free(&b);
    /* 4-byte characters (emoji) too. */
    buf_init(&b);
    char e[600] = "";
    for (int i = 0; i < 60; i++)
        strcat(e, "😀");
    ical_text(&b, "SUMMARY", e);
    assert_lines_ok(b.data);
    buf_free(&b);
}

static void test_utc(void **state)
{
    (void)state;
    char t[17];
    ical_utc(t, 0);
    assert_string_equal(t, "19700101T000000Z");
    ical_utc(t, 1795590000); /* 2026-11-25 07:00:00 UTC */
    assert_string_equal(t, "20261125T070000Z");
}

/* The UID: stable for a meeting, different for another meeting or site, never the token. */
static void test_uid(void **state)
{
    (void)state;
    char a[ICAL_UID_MAX], b[ICAL_UID_MAX], c[ICAL_UID_MAX], d[ICAL_UID_MAX];
    ical_meeting_uid(a, 7, "tokenOfMeetingSeven_abcdefghijkl");
    ical_meeting_uid(b, 7, "tokenOfMeetingSeven_abcdefghijkl");
    ical_meeting_uid(c, 7, "anotherSitesTokenForItsMeeting7_");
    ical_meeting_uid(d, 8, "tokenOfMeetingSeven_abcdefghijkl");
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_true(strncmp(a, "meeting-7-", 10) == 0);
    assert_true(strncmp(d, "meeting-8-", 10) == 0);
    assert_int_equal(strlen(a), strlen("meeting-7-0123456789abcdef@mulin"));
    assert_null(strstr(a, "token"));
}

static void test_calendar(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    ical_begin(&b, "德州五村 议事厅");
    struct ical_event ev = {.uid = "meeting-7-0123456789abcdef@mulin",
                            .stamp = 1795590000,
                            .starts_at = 1795600000,
                            .ends_at = 1795607200,
                            .summary = "议事会：电梯, 停车; 绿化",
                            .location = "居委会",
                            .description = "1. 电梯\n2. 停车",
                            .url = "https://mulin.example/meetings/7",
                            .cancelled = true,
                            .sequence = 3};
    ical_event(&b, &ev);
    ical_end(&b);
    assert_lines_ok(b.data);
    assert_true(strncmp(b.data, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
    assert_non_null(strstr(b.data, "\r\nCALSCALE:GREGORIAN\r\n"));
    assert_non_null(strstr(b.data, "\r\nMETHOD:PUBLISH\r\n"));
    assert_non_null(strstr(b.data, "\r\nX-WR-CALNAME:德州五村 议事厅\r\n"));
    assert_non_null(strstr(b.data, "\r\nUID:meeting-7-0123456789abcdef@mulin\r\n"));
    assert_non_null(strstr(b.data, "\r\nSTATUS:CANCELLED\r\n"));
    assert_non_null(strstr(b.data, "\r\nSEQUENCE:3\r\n"));
    assert_non_null(strstr(b.data, "\r\nSUMMARY:议事会：电梯\\, 停车\\; 绿化\r\n"));
    assert_non_null(strstr(b.data, "\r\nDESCRIPTION:1. 电梯\\n2. 停车\r\n"));
    assert_non_null(strstr(b.data, "\r\nDTSTAMP:20261125T070000Z\r\n"));
    assert_true(b.len > 15 && strcmp(b.data + b.len - 15, "END:VCALENDAR\r\n") == 0);
    buf_free(&b);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),    cmocka_unit_test(test_fold_ascii),
        cmocka_unit_test(test_fold_utf8), cmocka_unit_test(test_utc),
        cmocka_unit_test(test_calendar),  cmocka_unit_test(test_uid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
