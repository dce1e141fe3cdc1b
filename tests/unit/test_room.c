/* The live room's pure parts: the command policy (meeting/policy.h), the chair's in-order
 * commands tried on a copy of the state, the clock's catch-up and the public snapshot
 * (meeting/room.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "meeting/policy.h"
#include "meeting/room_errors.h"
#include "meeting/room.h"

static const char SETUP[] = "{\"level\":\"BUILDING_GROUP\",\"members\":[\"p1\",\"p2\",\"p3\","
                            "\"p4\"],\"observers\":[\"p7\",\"g2\"],\"chair\":\"p5\"}";

static bool allowed(const struct room_who *w, const char *cmd)
{
    json_t *su = json_loads(SETUP, 0, NULL);
    json_t *c = json_loads(cmd, 0, NULL);
    assert_non_null(c);
    struct room_cmd rc = room_command_of(c);
    bool ok = room_policy(w, su, &rc);
    json_decref(c);
    json_decref(su);
    return ok;
}

/* The pages' refusals: the catalogue's Chinese is the engine's word for word, and each has
 * its own English. */
static void refusals_in_both_languages(void **state)
{
    (void)state;
    for (int e = 1; e < MT_ERR_COUNT; e++) {
        enum msg m = room_err_msg((enum mt_err)e);
        assert_string_equal(msg_text(LANG_ZH, m), mt_err_message((enum mt_err)e));
        assert_true(strlen(msg_text(LANG_EN, m)) > 0);
        for (int f = 1; f < e; f++)
            assert_int_not_equal(room_err_msg((enum mt_err)f), m);
    }
    assert_int_equal(room_err_msg(MT_OK), room_err_msg(E_BAD_INPUT));
}

static void policy_roster(void **state)
{
    (void)state;
    json_t *su = json_loads(SETUP, 0, NULL);
    assert_true(room_on_roster(su, "p1"));
    assert_true(room_on_roster(su, "g2"));
    assert_true(room_on_roster(su, "p5"));
    assert_false(room_on_roster(su, "p6"));
    assert_false(room_on_roster(su, ""));
    assert_false(room_on_roster(su, NULL));
    json_decref(su);
}

static void policy_members_act_as_themselves(void **state)
{
    (void)state;
    struct room_who member = {"p1", false, false, true, "p5", false, false, false};
    assert_true(
        allowed(&member, "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p1\",\"stance\":\"PRO\"}"));
    assert_false(
        allowed(&member, "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p2\",\"stance\":\"PRO\"}"));
    assert_false(allowed(&member, "{\"cmd\":\"REQUEST_FLOOR\",\"stance\":\"PRO\"}"));
    assert_false(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}"));
    assert_true(allowed(&member, "{\"cmd\":\"QUERY\"}"));
    /* checking oneself in counts toward quorum: only at the door, with the QR code's token */
    assert_false(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}"));
    assert_true(allowed(&member, "{\"cmd\":\"LEAVE\",\"actor\":\"p1\"}"));
    member.at_door = true;
    assert_true(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}"));
    assert_false(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}"));
    member.at_door = false;
    /* the clock is the console's: a member's TICK would be a log entry and an event each */
    assert_false(allowed(&member, "{\"cmd\":\"TICK\",\"seconds\":99}"));
    struct room_who chair = {"p5", false, false, true, "p5", false, false, false};
    assert_true(allowed(&chair, "{\"cmd\":\"TICK\",\"seconds\":99}"));
    /* the chair's commands as the chair: the policy lets them through, the engine decides */
    assert_true(allowed(&member, "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p1\",\"member\":\"p2\"}"));
    assert_false(allowed(&member, "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p5\",\"member\":\"p1\"}"));
    /* counts in the chair's name: not a member's */
    assert_false(allowed(&member, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{}}"));
}

static void policy_outsiders(void **state)
{
    (void)state;
    struct room_who out = {"p6", false, false, true, "p5", false, false, false};
    assert_false(allowed(&out, "{\"cmd\":\"QUERY\"}"));
    assert_false(allowed(&out, "{\"cmd\":\"ATTEND\",\"actor\":\"p6\"}"));
    assert_false(allowed(&out, "{\"cmd\":\"TICK\",\"seconds\":0}"));
}

static void policy_clerks(void **state)
{
    (void)state;
    struct room_who rec = {"p8", false, true, true, "p5", false, false, false};
    struct room_who staff = {"p9", true, false, true, "p5", false, false, false};
    const struct room_who *clerks[] = {&rec, &staff};
    for (int i = 0; i < 2; i++) {
        const struct room_who *w = clerks[i];
        assert_true(allowed(w, "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}"));
        assert_true(allowed(w, "{\"cmd\":\"LEAVE\",\"actor\":\"g2\"}"));
        assert_false(allowed(w, "{\"cmd\":\"ATTEND\",\"actor\":\"p6\"}"));
        assert_true(allowed(w, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{\"yes\":1}}"));
        assert_false(allowed(w, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\"}"));
        assert_false(allowed(w, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p1\",\"counts\":{}}"));
        assert_false(allowed(w, "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"YES\"}"));
        assert_false(allowed(w, "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p5\",\"member\":\"p1\"}"));
    }
    /* a roll call is open: the clerks write down a member's spoken vote, never an observer's */
    struct room_who roll = {"p8", false, true, true, "p5", false, true, false};
    assert_true(allowed(&roll, "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"YES\"}"));
    assert_false(allowed(&roll, "{\"cmd\":\"CAST\",\"actor\":\"g2\",\"choice\":\"YES\"}"));
    assert_false(allowed(&roll, "{\"cmd\":\"CAST\",\"actor\":\"p6\",\"choice\":\"YES\"}"));
    struct room_who member = {"p1", false, false, true, "p5", false, true, false};
    assert_false(allowed(&member, "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"YES\"}"));
    /* after a handover the counts go in the new chair's name */
    struct room_who moved = {"p8", false, true, true, "p1", false, false, false};
    assert_true(allowed(&moved, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p1\",\"counts\":{}}"));
    assert_false(allowed(&moved, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{}}"));
}

static void policy_raw_setup_keeps_the_staff_path(void **state)
{
    (void)state;
    struct room_who staff = {"p9", true, false, false, "X", false, false, false};
    assert_true(allowed(&staff, "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}"));
    assert_true(allowed(&staff, "{\"cmd\":\"TICK\",\"seconds\":30}"));
    struct room_who member = {"p1", false, false, false, "p5", false, false, false};
    assert_false(allowed(&member, "{\"cmd\":\"TICK\",\"seconds\":30}"));
    assert_true(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}"));
    assert_false(allowed(&member, "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}"));
}

/* A run with the setup and LINES applied, each at AT + its index. */
static void run_lines(struct room_run *run, const char *const *lines, int n, int64_t at)
{
    assert_int_equal(room_run_init(run), 0);
    char setup[512];
    snprintf(setup, sizeof setup, "{\"setup\":%s}", SETUP);
    char *a = room_run_line(run, setup, 0);
    assert_int_equal(room_answer_err(a), MT_OK);
    free(a);
    for (int i = 0; i < n; i++) {
        a = room_run_line(run, lines[i], at + i);
        if (room_answer_err(a) != MT_OK)
            fail_msg("line %d refused: %s", i, a);
        free(a);
    }
}

static const char *const OPENING[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"p3\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"p5\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"p5\",\"item\":\"i1\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"p1\",\"type\":\"MAIN\",\"text\":\"加装电梯\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"p2\"}",
};

/* Fills LINES with OPENING and the chair stating the question; returns how many. */
static int stated(const char **lines)
{
    int n = 0;
    for (size_t i = 0; i < sizeof OPENING / sizeof *OPENING; i++)
        lines[n++] = OPENING[i];
    lines[n++] = "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p5\"}";
    return n;
}

static void buttons_follow_the_state(void **state)
{
    (void)state;
    struct room_run run;
    struct room_button b[RA_COUNT];
    /* before the call to order: only CALL_TO_ORDER */
    run_lines(&run, OPENING, 3, 1000);
    assert_int_equal(room_buttons(&run, "p5", "i1", 0, b), 0);
    assert_int_equal(b[RA_CALL_TO_ORDER].err, MT_OK);
    for (int i = RA_OPEN_ITEM; i < RA_COUNT; i++)
        assert_int_not_equal(b[i].err, MT_OK);
    /* a member is not the chair: nothing of the chair's is in order for them */
    assert_int_equal(room_buttons(&run, "p1", "i1", 0, b), 0);
    assert_int_equal(b[RA_CALL_TO_ORDER].err, E_NOT_ELIGIBLE);
    room_run_free(&run);

    /* a seconded motion: STATE_QUESTION; nothing to vote on yet */
    run_lines(&run, OPENING, 7, 1000);
    assert_int_equal(room_buttons(&run, "p5", "i2", 0, b), 0);
    assert_int_equal(b[RA_STATE_QUESTION].err, MT_OK);
    assert_int_equal(b[RA_CALL_TO_ORDER].err, E_OUT_OF_ORDER);
    assert_int_equal(b[RA_PUT_HANDS].err, E_NOT_SECONDED);
    assert_int_equal(b[RA_CLOSE_VOTE].err, E_VOTING_CLOSED);
    assert_int_equal(b[RA_RECOGNIZE].err, E_NOT_SECONDED);
    assert_non_null(strstr(b[RA_STATE_QUESTION].line, "\"actor\":\"p5\""));
    room_run_free(&run);
}

static void buttons_in_debate_and_vote(void **state)
{
    (void)state;
    const char *lines[16];
    int n = stated(lines);
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p3\",\"stance\":\"CON\"}";
    struct room_run run;
    struct room_button b[RA_COUNT];
    run_lines(&run, lines, n, 1000);
    assert_int_equal(room_buttons(&run, "p5", NULL, 0, b), 0);
    assert_int_equal(b[RA_RECOGNIZE].err, MT_OK); /* p3 waits */
    assert_non_null(strstr(b[RA_RECOGNIZE].line, "\"member\":\"p3\""));
    assert_int_equal(b[RA_PUT_HANDS].err, E_DEBATE_OPEN);
    room_run_free(&run);

    lines[n - 1] = "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"HANDS\"}";
    run_lines(&run, lines, n, 1000);
    assert_int_equal(room_buttons(&run, "p5", NULL, 0, b), 0);
    assert_int_equal(b[RA_CLOSE_VOTE].err, MT_OK);
    assert_int_equal(b[RA_CLOSE_COUNTS].err, MT_OK);
    assert_int_not_equal(b[RA_PUT_HANDS].err, MT_OK);
    /* trying changed nothing: the vote is still open, nobody has voted */
    const struct mt_state *s = room_state(&run);
    assert_int_equal(s->motions[0].state, ST_VOTING);
    assert_true(room_hands_open(s));
    room_run_free(&run);

    lines[n - 1] = "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"ROLL_CALL\"}";
    run_lines(&run, lines, n, 1000);
    assert_false(room_hands_open(room_state(&run)));
    room_run_free(&run);
    run_lines(&run, OPENING, 7, 1000);
    assert_false(room_hands_open(room_state(&run)));
    room_run_free(&run);
}

/* A hands vote is counted in the room: no member CASTs (not even their own hand), so one
 * phone cannot block the counts or decide the vote alone; roll calls and ballots are cast. */
static void policy_hands_are_counted(void **state)
{
    (void)state;
    struct room_who member = {"p1", false, false, true, "p5", true, false, false};
    assert_false(allowed(&member, "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}"));
    struct room_who raw = {"p1", false, false, false, "p5", true, false, false};
    assert_false(allowed(&raw, "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}"));
    struct room_who rec = {"p8", false, true, true, "p5", true, false, false};
    assert_true(allowed(&rec, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{}}"));
    member.hands_open = false;
    assert_true(allowed(&member, "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}"));
}

static const char *name_of(void *ctx, const char *eid)
{
    (void)ctx;
    return strcmp(eid, "p1") == 0 ? "张浩然" : NULL;
}

static void snapshot_and_clock(void **state)
{
    (void)state;
    const char *lines[16];
    int n = stated(lines);
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p1\",\"stance\":\"PRO\"}";
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p3\",\"stance\":\"CON\"}";
    lines[n++] = "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p5\",\"member\":\"p1\"}";
    lines[n++] = "{\"cmd\":\"START_SPEECH\",\"actor\":\"p1\"}";
    struct room_run run;
    run_lines(&run, lines, n, 1000);
    run.clocked = true;
    assert_int_equal(run.n, n);
    assert_int_equal(run.t0, 1000);
    /* engine time 0 = 1000; at 1100 the clock is 100 s behind */
    assert_int_equal(room_elapsed(&run, 1100), 100);
    assert_int_equal(room_elapsed(&run, 900), 0);
    json_t *o = room_snapshot(&run, name_of, NULL, 12, "START_SPEECH", 1011);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "meeting")), "IN_SESSION");
    assert_int_equal(json_integer_value(json_object_get(o, "present")), 3);
    json_t *fl = json_object_get(o, "floor");
    assert_string_equal(json_string_value(json_object_get(fl, "name")), "张浩然");
    assert_string_equal(json_string_value(json_object_get(fl, "stance")), "PRO");
    /* the default speech is 180 s from engine time 0 */
    assert_int_equal(json_integer_value(json_object_get(fl, "ends_at")), 1000 + 180);
    json_t *q = json_object_get(o, "queue");
    assert_int_equal(json_array_size(q), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "name")), "p3");
    assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "stance")), "CON");
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "question"), "text")),
                        "加装电梯");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "spoke"), "p1")), 1);
    assert_true(json_is_null(json_object_get(o, "result")));
    json_decref(o);
    /* the console's buttons meet what the command will meet: the clock brought to the real
     * time first. 100 s in, p1 still speaks; 200 s in the speech is over and p3 is next */
    struct room_button b[RA_COUNT];
    uint64_t digest = mt_digest(run.sc.m);
    assert_int_equal(room_buttons(&run, "p5", NULL, 1100, b), 0);
    assert_int_equal(b[RA_RECOGNIZE].err, E_FLOOR_TAKEN);
    assert_int_equal(room_buttons(&run, "p5", NULL, 1200, b), 0);
    assert_int_equal(b[RA_RECOGNIZE].err, MT_OK);
    assert_non_null(strstr(b[RA_RECOGNIZE].line, "\"member\":\"p3\""));
    assert_int_equal(mt_digest(run.sc.m), digest); /* tried on a copy */
    run.clocked = false;                           /* a raw meeting: nobody ticks for the console */
    assert_int_equal(room_buttons(&run, "p5", NULL, 1200, b), 0);
    assert_int_equal(b[RA_RECOGNIZE].err, E_FLOOR_TAKEN);
    run.clocked = true;
    /* a tick catches up and the speech expires */
    char *a = room_run_line(&run, "{\"cmd\":\"TICK\",\"seconds\":200}", 1200);
    assert_non_null(strstr(a, "SPEECH_EXPIRED"));
    free(a);
    assert_int_equal(room_elapsed(&run, 1200), 0);
    room_run_free(&run);
}

static void snapshot_result(void **state)
{
    (void)state;
    const char *lines[16];
    int n = stated(lines);
    lines[n++] = "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"HANDS\"}";
    lines[n++] = "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{\"yes\":2,\"no\":1,"
                 "\"abstain\":0}}";
    struct room_run run;
    run_lines(&run, lines, n, 1000);
    json_t *o = room_snapshot(&run, NULL, NULL, 10, "CLOSE_VOTE", 1010);
    json_t *res = json_object_get(o, "result");
    assert_string_equal(json_string_value(json_object_get(res, "state")), "ADOPTED");
    assert_int_equal(json_integer_value(json_object_get(res, "yes")), 2);
    assert_int_equal(json_integer_value(json_object_get(res, "no")), 1);
    assert_string_equal(json_string_value(json_object_get(res, "method")), "HANDS");
    assert_true(json_is_null(json_object_get(o, "vote")));
    char *text = json_dumps(o, JSON_COMPACT);
    assert_true(strlen(text) < ROOM_SNAPSHOT_MAX);
    free(text);
    json_decref(o);
    room_run_free(&run);
}

/* Our engine extension: CLOSE_VOTE of a HANDS vote with counts. A refused line changes nothing
 * (the state's digest is the same). */
static enum mt_err line_err(struct room_run *run, const char *line)
{
    uint64_t before = mt_digest(run->sc.m);
    char *a = room_run_line(run, line, 2000);
    enum mt_err e = room_answer_err(a);
    free(a);
    if (e != MT_OK)
        assert_true(mt_digest(run->sc.m) == before);
    return e;
}

/* A chair who is also a member is neutral (chair_vote_mode NONE, the default): present and
 * counted for quorum, but no hand of theirs is among the counts. */
static void hands_counts_member_chair(void **state)
{
    (void)state;
    struct room_run run;
    assert_int_equal(room_run_init(&run), 0);
    static const char *const lines[] = {
        "{\"setup\":{\"level\":\"BUILDING_GROUP\",\"members\":[\"p1\",\"p2\",\"p5\"],"
        "\"chair\":\"p5\"}}",
        "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}",
        "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}",
        "{\"cmd\":\"ATTEND\",\"actor\":\"p5\"}",
        "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"p5\"}",
        "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"p5\",\"item\":\"i1\"}",
        "{\"cmd\":\"MOVE\",\"actor\":\"p1\",\"type\":\"MAIN\",\"text\":\"加装电梯\"}",
        "{\"cmd\":\"SECOND\",\"actor\":\"p2\"}",
        "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p5\"}",
        "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"HANDS\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char *a = room_run_line(&run, lines[i], 1000);
        if (room_answer_err(a) != MT_OK)
            fail_msg("line %zu refused: %s", i, a);
        free(a);
    }
    assert_int_equal(mt_present(room_state(&run)), 3);
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{"
                                    "\"yes\":2,\"no\":1,\"abstain\":0}}"),
                     E_BAD_INPUT);
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{"
                                    "\"yes\":1,\"no\":1,\"abstain\":0}}"),
                     MT_OK);
    room_run_free(&run);
}

static void hands_counts(void **state)
{
    (void)state;
    const char *lines[16];
    int n = stated(lines);
    struct room_run run;
    run_lines(&run, lines, n, 1000);
    static const char counts[] =
        "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{\"yes\":2,\"no\":1,\"abstain\":0}}";
    assert_int_equal(line_err(&run, counts), E_VOTING_CLOSED);
    assert_int_equal(line_err(&run, "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":"
                                    "\"ROLL_CALL\"}"),
                     MT_OK);
    assert_int_equal(line_err(&run, counts), E_OUT_OF_ORDER); /* not a hands vote */
    room_run_free(&run);

    lines[n++] = "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p5\",\"method\":\"HANDS\"}";
    run_lines(&run, lines, n, 1000);
    /* three members present: four hands are too many; a missing count or another key is bad */
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{"
                                    "\"yes\":3,\"no\":1,\"abstain\":0}}"),
                     E_BAD_INPUT);
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{"
                                    "\"yes\":1,\"no\":1}}"),
                     E_BAD_INPUT);
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p5\",\"counts\":{"
                                    "\"yes\":1,\"no\":1,\"abstain\":0,\"blank\":1}}"),
                     E_BAD_INPUT);
    /* only the chair closes */
    assert_int_equal(line_err(&run, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p1\",\"counts\":{"
                                    "\"yes\":1,\"no\":1,\"abstain\":0}}"),
                     E_NOT_ELIGIBLE);
    /* once a hand was entered member by member, counts are out of order */
    struct room_run cast;
    lines[n] = "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}";
    run_lines(&cast, lines, n + 1, 1000);
    assert_int_equal(line_err(&cast, counts), E_OUT_OF_ORDER);
    room_run_free(&cast);
    /* the counts decide: 2 for, 1 against, adopted; anyone present may move to reconsider */
    assert_int_equal(line_err(&run, counts), MT_OK);
    const struct mt_state *s = room_state(&run);
    assert_int_equal(s->motions[0].state, ST_ADOPTED);
    assert_int_equal(s->motions[0].yes, 2);
    assert_int_equal(s->motions[0].no, 1);
    assert_true(s->motions[0].by_counts);
    assert_int_equal(
        line_err(&run,
                 "{\"cmd\":\"MOVE\",\"actor\":\"p3\",\"type\":\"RECONSIDER\",\"motion\":\"m1\"}"),
        MT_OK);
    room_run_free(&run);
}

static void next_why(void **state)
{
    (void)state;
    const char *lines[20];
    int n = stated(lines);
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p3\",\"stance\":\"PRO\"}";
    struct room_run run;
    run_lines(&run, lines, n, 1000);
    assert_int_equal(room_next_why(room_state(&run)), WHY_FIFO);
    room_run_free(&run);
    /* p3 spoke for; p2 (for) asked before p4 (against): p2 is passed over for the other side */
    lines[n++] = "{\"cmd\":\"RECOGNIZE\",\"actor\":\"p5\",\"member\":\"p3\"}";
    lines[n++] = "{\"cmd\":\"START_SPEECH\",\"actor\":\"p3\"}";
    lines[n++] = "{\"cmd\":\"END_SPEECH\",\"actor\":\"p3\"}";
    lines[n++] = "{\"cmd\":\"ATTEND\",\"actor\":\"p4\"}";
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p2\",\"stance\":\"PRO\"}";
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p4\",\"stance\":\"CON\"}";
    run_lines(&run, lines, n, 1000);
    assert_int_equal(room_next_why(room_state(&run)), WHY_ALTERNATE);
    room_run_free(&run);
    /* the mover asks after someone else: the mover speaks first */
    n -= 6;
    lines[n++] = "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"p1\",\"stance\":\"PRO\"}";
    run_lines(&run, lines, n, 1000);
    assert_int_equal(room_next_why(room_state(&run)), WHY_MOVER); /* mover_speaks_first */
    room_run_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals_in_both_languages),
        cmocka_unit_test(policy_roster),
        cmocka_unit_test(policy_members_act_as_themselves),
        cmocka_unit_test(policy_outsiders),
        cmocka_unit_test(policy_clerks),
        cmocka_unit_test(policy_raw_setup_keeps_the_staff_path),
        cmocka_unit_test(policy_hands_are_counted),
        cmocka_unit_test(buttons_follow_the_state),
        cmocka_unit_test(buttons_in_debate_and_vote),
        cmocka_unit_test(snapshot_and_clock),
        cmocka_unit_test(snapshot_result),
        cmocka_unit_test(next_why),
        cmocka_unit_test(hands_counts),
        cmocka_unit_test(hands_counts_member_chair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
