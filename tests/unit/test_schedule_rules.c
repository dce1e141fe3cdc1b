/* The pure checks of scheduling a meeting (src/meeting/schedule_rules.c): names, the level of a
 * hall's kind, every limit at its boundary, times, modes and online URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meeting/schedule_rules.h"

#define NOW 1800000000

/* A string of N copies of the UTF-8 character C (in a static buffer per slot). */
static const char *rep(int slot, const char *c, int n)
{
    static char bufs[4][2048];
    char *b = bufs[slot];
    b[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(b, c);
    return b;
}

static struct sched_basics good(void)
{
    return (struct sched_basics){.title = "东区加装电梯议事会",
                                 .kind = "council",
                                 .place = "居委会二楼会议室",
                                 .mode = "in_person",
                                 .online_url = NULL,
                                 .starts_at = NOW + 3600,
                                 .ends_at = NOW + 7200};
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(sched_kind_parse("hearing"), SK_HEARING);
    assert_int_equal(sched_kind_parse("party"), -1);
    assert_int_equal(sched_kind_parse(NULL), -1);
    assert_string_equal(sched_kind_name(SK_COUNCIL, 0), "议事会");
    assert_string_equal(sched_kind_name(SK_HEARING, 0), "听证会");
    assert_string_equal(sched_kind_name(SK_COORDINATION, 0), "协调会");
    assert_string_equal(sched_kind_name(SK_REVIEW, 0), "评议会");
    assert_string_equal(sched_kind_name(SK_REVIEW, 1), "Review meeting");
    assert_string_equal(sched_kind_key(SK_COUNT), "?");
    assert_int_equal(sched_mode_parse("both"), SM_BOTH);
    assert_int_equal(sched_mode_parse("offline"), -1);
    assert_int_equal(sched_org_parse("police"), SO_POLICE);
    assert_string_equal(sched_org_name(SO_PROPERTY, 0), "物业");
    assert_string_equal(sched_org_name(SO_OWNERS, 0), "业委会");
    assert_string_equal(sched_org_key(SO_GRID), "grid");
    for (int k = 0; k < SK_COUNT; k++)
        assert_int_equal(sched_kind_parse(sched_kind_key(k)), k);
    for (int o = 0; o < SO_COUNT; o++)
        assert_int_equal(sched_org_parse(sched_org_key(o)), o);
    assert_string_equal(sched_level_of_node_kind("area"), "ESTATE");
    assert_string_equal(sched_level_of_node_kind("block"), "BLOCK");
    assert_string_equal(sched_level_of_node_kind("group"), "BUILDING_GROUP");
    assert_null(sched_level_of_node_kind("building"));
    assert_string_equal(sched_err_code(SCHED_E_PAST), "in_the_past");
    assert_int_equal(sched_err_status(SCHED_E_STARTED), 409);
    assert_string_equal(sched_err_code(SCHED_E_HELD), "meeting_held");
    assert_int_equal(sched_err_status(SCHED_E_HELD), 409);
    assert_int_equal(sched_err_status(SCHED_E_TITLE), 422);
}

static void test_basics(void **state)
{
    (void)state;
    struct sched_basics b = good();
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    /* At most 24 hours long, at most 366 days ahead (edits too: CHECK_PAST false). */
    b.ends_at = b.starts_at + SCHED_LENGTH_MAX;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.ends_at++;
    assert_int_equal(sched_check_basics(&b, NOW, false), SCHED_E_TIME);
    b.starts_at = NOW + SCHED_AHEAD_MAX;
    b.ends_at = b.starts_at + 3600;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.starts_at++;
    assert_int_equal(sched_check_basics(&b, NOW, false), SCHED_E_TIME);
    b.starts_at = INT64_MAX - 10;
    b.ends_at = INT64_MAX;
    assert_int_equal(sched_check_basics(&b, NOW, false), SCHED_E_TIME);
    b = good();
    b.title = rep(0, "会", SCHED_TITLE_MAX);
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.title = rep(0, "会", SCHED_TITLE_MAX + 1);
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_TITLE);
    b.title = "\u3000 ";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_TITLE);
    b.title = NULL;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_TITLE);
    b = good();
    b.kind = "party";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_KIND);
    b = good();
    b.ends_at = b.starts_at;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_TIME);
    b.starts_at = 0;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_TIME);
    b = good();
    b.starts_at = NOW - 1;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_PAST);
    assert_int_equal(sched_check_basics(&b, NOW, false), SCHED_OK);
    b.starts_at = NOW;
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b = good();
    b.place = rep(1, "室", SCHED_PLACE_MAX);
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.place = rep(1, "室", SCHED_PLACE_MAX + 1);
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_PLACE);
    b.place = "";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_PLACE);
    b.mode = "online";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_URL);
    b.online_url = "https://meeting.tencent.com/dm/abc";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.mode = "both";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_PLACE);
    b.place = "活动室";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.online_url = "http://meeting.tencent.com/dm/abc";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_URL);
    b.mode = "in_person";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_URL);
    b.online_url = "";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_OK);
    b.mode = "teleport";
    assert_int_equal(sched_check_basics(&b, NOW, true), SCHED_E_MODE);
}

static void test_urls(void **state)
{
    (void)state;
    assert_true(sched_url_ok("https://a.example/x?y=1"));
    assert_false(sched_url_ok("https://"));
    assert_false(sched_url_ok("https:///path"));
    assert_false(sched_url_ok("https://a b"));
    assert_false(sched_url_ok("https://a\"onclick"));
    assert_false(sched_url_ok("javascript:alert(1)"));
    assert_false(sched_url_ok("HTTP://a"));
    assert_false(sched_url_ok(NULL));
    char longurl[SCHED_URL_MAX + 2];
    memset(longurl, 'a', sizeof longurl);
    memcpy(longurl, "https://", 8);
    longurl[SCHED_URL_MAX] = '\0';
    assert_true(sched_url_ok(longurl));
    longurl[SCHED_URL_MAX] = 'a';
    longurl[SCHED_URL_MAX + 1] = '\0';
    assert_false(sched_url_ok(longurl));
}

static void test_counts_and_texts(void **state)
{
    (void)state;
    assert_int_equal(sched_check_counts(SCHED_ITEMS_MAX, SCHED_PERSONS_MAX, SCHED_GUESTS_MAX),
                     SCHED_OK);
    assert_int_equal(sched_check_counts(SCHED_ITEMS_MAX + 1, 1, 0), SCHED_E_ITEMS);
    assert_int_equal(sched_check_counts(0, SCHED_PERSONS_MAX + 1, 0), SCHED_E_PERSONS);
    assert_int_equal(sched_check_counts(0, 1, SCHED_GUESTS_MAX + 1), SCHED_E_GUESTS);
    assert_int_equal(sched_check_item_title("电梯选型"), SCHED_OK);
    assert_int_equal(sched_check_item_title(rep(0, "题", SCHED_ITEM_TITLE_MAX + 1)), SCHED_E_ITEM);
    assert_int_equal(sched_check_item_title(" "), SCHED_E_ITEM);
    assert_int_equal(sched_check_guest("police", rep(0, "民", SCHED_NAME_MAX)), SCHED_OK);
    assert_int_equal(sched_check_guest("police", rep(0, "民", SCHED_NAME_MAX + 1)), SCHED_E_GUEST);
    assert_int_equal(sched_check_guest("army", "张三"), SCHED_E_GUEST);
    assert_int_equal(sched_check_guest("other", ""), SCHED_E_GUEST);
    assert_int_equal(sched_check_reason("天气原因"), SCHED_OK);
    assert_int_equal(sched_check_reason(""), SCHED_E_REASON);
    assert_int_equal(sched_check_reason(rep(0, "因", SCHED_REASON_MAX + 1)), SCHED_E_REASON);
}

/* The member search's LIKE pattern: wildcards escaped, the length limited. */
static void test_like_pattern(void **state)
{
    (void)state;
    char out[2 * 4 * SCHED_SEARCH_MAX + 3];
    assert_true(sched_like_pattern("张", out, sizeof out));
    assert_string_equal(out, "%张%");
    assert_true(sched_like_pattern("%", out, sizeof out));
    assert_string_equal(out, "%\\%%");
    assert_true(sched_like_pattern("a_b\\c", out, sizeof out));
    assert_string_equal(out, "%a\\_b\\\\c%");
    assert_true(sched_like_pattern(rep(0, "张", SCHED_SEARCH_MAX), out, sizeof out));
    assert_false(sched_like_pattern(rep(0, "张", SCHED_SEARCH_MAX + 1), out, sizeof out));
    assert_false(sched_like_pattern("", out, sizeof out));
    assert_false(sched_like_pattern("  ", out, sizeof out));
    assert_false(sched_like_pattern(NULL, out, sizeof out));
    assert_false(sched_like_pattern("%%%%", out, 10)); /* needs 11 bytes */
    assert_true(sched_like_pattern("%%%%", out, 11));
}

/* The door's check-in: an hour before the start to an hour after the end, both ends included. */
static void test_checkin_window(void **state)
{
    (void)state;
    int64_t s = NOW, e = NOW + 7200;
    assert_false(sched_checkin_open(s - SCHED_CHECKIN_EARLY - 1, s, e));
    assert_true(sched_checkin_open(s - SCHED_CHECKIN_EARLY, s, e));
    assert_true(sched_checkin_open(s, s, e));
    assert_true(sched_checkin_open(e + SCHED_CHECKIN_LATE, s, e));
    assert_false(sched_checkin_open(e + SCHED_CHECKIN_LATE + 1, s, e));
    assert_false(sched_checkin_open(s - 2 * 86400, s, e));
}

/* Form times in Shanghai's zone (set in main): the picker's and the typed format, no roll-over. */
static void test_parse_local(void **state)
{
    (void)state;
    const int64_t t = 1796036400; /* 2026-11-30 19:00 +08:00 = 11:00Z */
    assert_int_equal(sched_parse_local("2026-11-30T19:00"), t);
    assert_int_equal(sched_parse_local("2026-11-30 19:00"), t);
    assert_int_equal(sched_parse_local("2026-11-30T19:00:00"), t);
    assert_int_equal(sched_parse_local("2026-11-30T19:00:30"), 0);
    assert_int_equal(sched_parse_local("2026-02-30T19:00"), 0);
    assert_int_equal(sched_parse_local("2026-11-30T25:00"), 0);
    assert_int_equal(sched_parse_local("2026-11-30T19:60"), 0);
    assert_int_equal(sched_parse_local("2026-11-30/19:00"), 0);
    assert_int_equal(sched_parse_local("2026-11-30T19:00x"), 0);
    assert_int_equal(sched_parse_local("tomorrow"), 0);
    assert_int_equal(sched_parse_local(""), 0);
    assert_int_equal(sched_parse_local(NULL), 0);
}

int main(void)
{
    /* The zone of a deployment (deploy/mulin.service), whatever this machine's. */
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),        cmocka_unit_test(test_basics),
        cmocka_unit_test(test_urls),         cmocka_unit_test(test_counts_and_texts),
        cmocka_unit_test(test_like_pattern), cmocka_unit_test(test_checkin_window),
        cmocka_unit_test(test_parse_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
