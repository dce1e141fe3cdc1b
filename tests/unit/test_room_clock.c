/* The meeting's clock without a console, its pure parts (meeting/room_clock.h): when a stored
 * meeting next needs the server's TICK, and which commands count against the presence limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/room_clock.h"

static const char SETUP[] = "{\"setup\":{\"level\":\"BUILDING_GROUP\",\"members\":[\"p1\",\"p2\","
                            "\"p3\"],\"chair\":\"p5\",\"params\":{\"speech_time_s\":30}}}";

static const char *const OPENING[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p3\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"p5\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"p5\",\"item\":\"i1\"}",
};

/* Applies LINE logged at AT; fails the test when the engine refuses it. */
static void line(struct room_run *run, const char *l, int64_t at)
{
    char *a = room_run_line(run, l, at);
    if (room_answer_err(a) != MT_OK)
        fail_msg("refused: %s → %s", l, a);
    free(a);
}

/* A clocked run with the setup and the opening, entry 1 at T0. */
static void opened(struct room_run *run, int64_t t0)
{
    assert_int_equal(room_run_init(run), 0);
    char *a = room_run_line(run, SETUP, 0);
    assert_int_equal(room_answer_err(a), MT_OK);
    free(a);
    run->clocked = true;
    assert_int_equal(room_tick_due(run), 0); /* no entry yet: no t0 */
    for (size_t i = 0; i < sizeof OPENING / sizeof *OPENING; i++)
        line(run, OPENING[i], t0 + (int64_t)i);
}

static void speech_due(void **state)
{
    (void)state;
    struct room_run run;
    opened(&run, 1000);
    assert_int_equal(room_tick_due(&run), 0); /* nobody speaks */
    line(&run, "{\"cmd\":\"MOVE\",\"actor\":\"p1\",\"type\":\"MAIN\",\"text\":\"加装电梯\"}", 1005);
    line(&run, "{\"cmd\":\"SECOND\",\"actor\":\"p2\"}", 1006);
    line(&run, "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p5\"}", 1007);
    line(&run, "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p1\",\"stance\":\"PRO\"}", 1008);
    line(&run, "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p5\",\"member\":\"p1\"}", 1009);
    assert_int_equal(room_tick_due(&run), 0); /* recognized, not yet speaking */
    /* the catch-up TICK meeting_command logs first: engine time 10 = wall 1010 */
    line(&run, "{\"cmd\":\"TICK\",\"seconds\":10}", 1010);
    line(&run, "{\"cmd\":\"START_SPEECH\",\"actor\":\"p1\"}", 1010);
    assert_int_equal(room_tick_due(&run), 1010 + 30);
    /* a raw meeting's clock is nobody's */
    run.clocked = false;
    assert_int_equal(room_tick_due(&run), 0);
    run.clocked = true;
    /* a point of order pauses the speech: nothing due until the ruling */
    line(&run, "{\"cmd\":\"TICK\",\"seconds\":5}", 1015);
    line(&run, "{\"cmd\":\"POINT_OF_ORDER\",\"actor\":\"p2\"}", 1015);
    assert_int_equal(room_tick_due(&run), 0);
    line(&run, "{\"cmd\":\"TICK\",\"seconds\":20}", 1035);
    line(&run, "{\"cmd\":\"RULE\",\"actor\":\"p5\",\"sustained\":false}", 1035);
    /* 25 s of the speech left, from engine time 35 */
    assert_int_equal(room_tick_due(&run), 1000 + 35 + 25);
    /* the clock's TICK ends it; then nothing is due */
    char *a = room_run_line(&run, "{\"cmd\":\"TICK\",\"seconds\":25,\"by\":\"clock\"}", 1060);
    assert_non_null(strstr(a, "SPEECH_EXPIRED"));
    free(a);
    assert_int_equal(room_tick_due(&run), 0);
    room_run_free(&run);
}

static void recess_due(void **state)
{
    (void)state;
    struct room_run run;
    opened(&run, 2000);
    line(&run, "{\"cmd\":\"MOVE\",\"actor\":\"p1\",\"type\":\"RECESS\",\"params\":{\"minutes\":2}}",
         2005);
    line(&run, "{\"cmd\":\"SECOND\",\"actor\":\"p2\"}", 2006);
    line(&run, "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p5\"}", 2007);
    line(&run, "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"HANDS\"}", 2008);
    line(&run, "{\"cmd\":\"TICK\",\"seconds\":9}", 2009);
    line(&run,
         "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{\"yes\":3,\"no\":0,\"abstain\":0}}",
         2009);
    assert_int_equal(room_state(&run)->meeting, MS_RECESSED);
    assert_int_equal(room_tick_due(&run), 2000 + 9 + 120);
    /* the engine does not resume by itself: the TICK at the end only makes RESUME in order */
    line(&run, "{\"cmd\":\"TICK\",\"seconds\":120,\"by\":\"clock\"}", 2129);
    assert_int_equal(room_state(&run)->meeting, MS_RECESSED);
    assert_int_equal(room_tick_due(&run), 0);
    line(&run, "{\"cmd\":\"RESUME\",\"actor\":\"p5\"}", 2130);
    room_run_free(&run);
}

static void presence_counted(void **state)
{
    (void)state;
    assert_true(room_presence_counted("ATTEND", false));
    assert_true(room_presence_counted("LEAVE", false));
    assert_false(room_presence_counted("ATTEND", true)); /* the recorder, staff */
    assert_false(room_presence_counted("LEAVE", true));
    assert_false(room_presence_counted("REQUEST_FLOOR", false));
    assert_false(room_presence_counted("attend", false));
    assert_false(room_presence_counted(NULL, false));
    assert_int_equal(ROOM_PRESENCE_MAX, 6); /* the message M_ROOM_TOO_FAST says 6 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(speech_due),
        cmocka_unit_test(recess_due),
        cmocka_unit_test(presence_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
