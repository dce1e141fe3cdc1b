/* The meeting procedure engine through its C API, rule by rule: vote arithmetic, quorum, the
 * speaker queue, the check order, refusals that change nothing, division and reconsideration.
 * Expectations come from PROCEDURE.md, written here independently of the engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/engine.h"
#include "meeting/queue.h"
#include "meeting/tally.h"

static const char *const seven[] = {"A", "B", "C", "D", "E", "F", "G"};
static const char *const obs[] = {"O"};

static struct mt_meeting *meeting(const struct mt_params *p)
{
    struct mt_meeting *m = malloc(sizeof *m);
    assert_non_null(m);
    struct mt_setup su = {0};
    su.level = LV_BUILDING_GROUP;
    su.members = seven;
    su.n_members = 7;
    su.observers = obs;
    su.n_observers = 1;
    su.chair = "X";
    if (p)
        su.params = *p;
    else
        mt_params_default(&su.params);
    assert_int_equal(mt_setup(m, &su), MT_OK);
    return m;
}

static struct mt_events ev;

static enum mt_err run(struct mt_meeting *m, enum mt_cmd_kind k, const char *actor)
{
    struct mt_cmd c;
    mt_cmd_init(&c, k);
    c.actor = actor;
    return mt_apply(m, &c, &ev);
}

static enum mt_err move(struct mt_meeting *m, const char *actor, enum mt_kind type,
                        const char *text)
{
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_MOVE);
    c.actor = actor;
    c.type = type;
    c.text = text;
    c.text_len = text ? (int)strlen(text) : 0;
    return mt_apply(m, &c, &ev);
}

static enum mt_err with_member(struct mt_meeting *m, enum mt_cmd_kind k, const char *member)
{
    struct mt_cmd c;
    mt_cmd_init(&c, k);
    c.actor = "X";
    c.member = member;
    return mt_apply(m, &c, &ev);
}

static enum mt_err floor_req(struct mt_meeting *m, const char *actor, int stance)
{
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_REQUEST_FLOOR);
    c.actor = actor;
    c.stance = stance;
    return mt_apply(m, &c, &ev);
}

static enum mt_err cast(struct mt_meeting *m, const char *actor, int choice)
{
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_CAST);
    c.actor = actor;
    c.choice = choice;
    return mt_apply(m, &c, &ev);
}

static enum mt_err tick(struct mt_meeting *m, int64_t n)
{
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_TICK);
    c.seconds = n;
    return mt_apply(m, &c, &ev);
}

/* The common fixture of section 8: everyone attends, called to order, I1 open. */
static struct mt_meeting *fixture(const struct mt_params *p)
{
    struct mt_meeting *m = meeting(p);
    for (int i = 0; i < 7; i++)
        assert_int_equal(run(m, CMD_ATTEND, seven[i]), MT_OK);
    assert_int_equal(run(m, CMD_CALL_TO_ORDER, "X"), MT_OK);
    assert_int_equal(run(m, CMD_OPEN_ITEM, "X"), MT_OK);
    return m;
}

/* A moves M; B seconds; X states it. */
static struct mt_meeting *stated(const struct mt_params *p)
{
    struct mt_meeting *m = fixture(p);
    assert_int_equal(move(m, "A", MK_MAIN, "活动室每周开放五天"), MT_OK);
    assert_int_equal(run(m, CMD_SECOND, "B"), MT_OK);
    assert_int_equal(run(m, CMD_STATE_QUESTION, "X"), MT_OK);
    return m;
}

static void speak(struct mt_meeting *m, const char *who, int stance)
{
    assert_int_equal(floor_req(m, who, stance), MT_OK);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, who), MT_OK);
    assert_int_equal(run(m, CMD_START_SPEECH, who), MT_OK);
    assert_int_equal(run(m, CMD_END_SPEECH, who), MT_OK);
}

static int next(const struct mt_meeting *m)
{
    return mt_next_speaker(&m->s);
}

static int who(const struct mt_meeting *m, const char *id)
{
    return mt_person_find(&m->s, id);
}

/* Section 5: integers only; ties fail; abstentions never count; an appeal's tie sustains. */
static void test_thresholds(void **state)
{
    (void)state;
    assert_true(mt_carries(MT_MAJORITY, MB_VOTES_CAST, 4, 3, 7, 7));
    assert_false(mt_carries(MT_MAJORITY, MB_VOTES_CAST, 3, 3, 7, 7));
    assert_false(mt_carries(MT_MAJORITY, MB_VOTES_CAST, 0, 0, 7, 7));
    assert_true(mt_carries(MT_TWO_THIRDS, MB_VOTES_CAST, 4, 2, 7, 7));
    assert_false(mt_carries(MT_TWO_THIRDS, MB_VOTES_CAST, 3, 2, 7, 7));
    assert_false(mt_carries(MT_TWO_THIRDS, MB_VOTES_CAST, 0, 0, 7, 7));
    assert_true(mt_carries(MT_TWO_THIRDS, MB_VOTES_CAST, 1, 0, 7, 7));
    assert_false(mt_carries(MT_MAJORITY, MB_PRESENT, 3, 0, 7, 7));
    assert_true(mt_carries(MT_MAJORITY, MB_PRESENT, 4, 3, 7, 7));
    assert_false(mt_carries(MT_MAJORITY, MB_ENTIRE_MEMBERSHIP, 4, 0, 5, 9));
    assert_true(mt_carries(MT_MAJORITY, MB_ENTIRE_MEMBERSHIP, 5, 0, 5, 9));
    assert_true(mt_carries(MT_APPEAL_RULE, MB_VOTES_CAST, 0, 0, 7, 7));
    assert_true(mt_carries(MT_APPEAL_RULE, MB_VOTES_CAST, 3, 3, 7, 7));
    assert_false(mt_carries(MT_APPEAL_RULE, MB_VOTES_CAST, 2, 4, 7, 7));
    assert_false(mt_carries(MT_CHAIR, MB_VOTES_CAST, 7, 0, 7, 7));
}

/* Section 2.1: floor(members·num/den)+1, or quorum_count; observers never count. */
static void test_quorum(void **state)
{
    (void)state;
    struct mt_meeting *m = meeting(NULL);
    assert_int_equal(mt_quorum(&m->s), 4);
    assert_int_equal(run(m, CMD_ATTEND, "O"), MT_OK);
    assert_int_equal(mt_present(&m->s), 0);
    m->s.params.quorum_num = 2;
    m->s.params.quorum_den = 3;
    assert_int_equal(mt_quorum(&m->s), 5); /* 14/3 = 4, + 1 */
    m->s.params.quorum_count = 2;
    assert_int_equal(mt_quorum(&m->s), 2);
    free(m);
}

/* Section 4, steps 2-5, each deciding. */
static void test_next_speaker_steps(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    assert_int_equal(next(m), -1);
    floor_req(m, "C", SN_PRO);
    floor_req(m, "D", SN_CON);
    floor_req(m, "A", SN_PRO);
    assert_int_equal(next(m), who(m, "A")); /* mover first */
    with_member(m, CMD_RECOGNIZE, "A");
    run(m, CMD_START_SPEECH, "A");
    run(m, CMD_END_SPEECH, "A");
    floor_req(m, "A", SN_PRO);
    assert_int_equal(next(m), who(m, "D")); /* last PRO: CON first; A has spoken */
    floor_req(m, "E", SN_CON);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "E"), E_NOT_NEXT); /* FIFO among CON */
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "D"), MT_OK);
    run(m, CMD_START_SPEECH, "D");
    run(m, CMD_END_SPEECH, "D");
    assert_int_equal(next(m), who(m, "C")); /* last CON: PRO, first-timers before A */
    with_member(m, CMD_RECOGNIZE, "C");
    run(m, CMD_START_SPEECH, "C");
    run(m, CMD_END_SPEECH, "C");
    assert_int_equal(next(m), who(m, "E")); /* last PRO: E (CON) is a first-timer */
    with_member(m, CMD_RECOGNIZE, "E");
    run(m, CMD_START_SPEECH, "E");
    run(m, CMD_END_SPEECH, "E");
    assert_int_equal(next(m), who(m, "A")); /* only A is left: second speeches now */
    free(m);
}

/* Strict queue: RECOGNIZE of anyone else gives the reason in the documented order. */
static void test_recognize_errors(void **state)
{
    (void)state;
    struct mt_params p;
    mt_params_default(&p);
    p.warnings_limit = 1;
    struct mt_meeting *m = stated(&p);
    speak(m, "A", SN_PRO);
    floor_req(m, "A", SN_PRO);
    floor_req(m, "C", SN_PRO);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "A"), E_FIRST_TIMERS_WAITING);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "G"), E_NOT_NEXT);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "nobody"), E_NOT_NEXT);
    assert_int_equal(with_member(m, CMD_WARN, "G"), MT_OK);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "G"), E_FLOOR_FORFEITED);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "C"), MT_OK);
    free(m);
}

/* Every refusal leaves the meeting byte for byte as it was. */
static void test_refusals_change_nothing(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    speak(m, "A", SN_PRO);
    floor_req(m, "D", SN_CON);
    uint64_t d = mt_digest(m);
    assert_int_equal(run(m, CMD_PUT_QUESTION, "X"), E_DEBATE_OPEN);
    assert_int_equal(move(m, "C", MK_MAIN, "另一个"), E_MOTION_PENDING);
    assert_int_equal(move(m, "X", MK_MAIN, "x"), E_CHAIR_NEUTRAL);
    assert_int_equal(run(m, CMD_SECOND, "B"), E_NO_PENDING_QUESTION);
    assert_int_equal(floor_req(m, "D", SN_CON), E_ALREADY_QUEUED);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "C"), E_NOT_NEXT);
    assert_int_equal(run(m, CMD_END_SPEECH, "D"), E_NOT_RECOGNIZED);
    assert_int_equal(cast(m, "A", VC_YES), E_VOTING_CLOSED);
    assert_int_equal(run(m, CMD_YIELD, "A"), E_NOT_TRANSFERABLE);
    assert_int_equal(ev.n, 0);
    assert_true(mt_digest(m) == d);
    free(m);
}

/* Section 6 step order: actor (1) before ruling (2) before quorum (3) before state (4). */
static void test_check_order(void **state)
{
    (void)state;
    struct mt_meeting *m = fixture(NULL);
    run(m, CMD_LEAVE, "E");
    run(m, CMD_LEAVE, "F");
    assert_int_equal(run(m, CMD_LEAVE, "G"), MT_OK);
    assert_int_equal(ev.n, 0);
    assert_int_equal(run(m, CMD_LEAVE, "D"), MT_OK); /* 3 present */
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.ev[0], EV_QUORUM_LOST);
    assert_int_equal(run(m, CMD_POINT_OF_ORDER, "A"), MT_OK);
    assert_int_equal(move(m, "X", MK_MAIN, "x"), E_CHAIR_NEUTRAL);  /* 1 */
    assert_int_equal(move(m, "O", MK_MAIN, "x"), E_NOT_ELIGIBLE);   /* 1 */
    assert_int_equal(move(m, "D", MK_MAIN, "x"), E_NOT_ELIGIBLE);   /* 1: absent */
    assert_int_equal(move(m, "A", MK_MAIN, "x"), E_RULING_PENDING); /* 2 */
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_RULE);
    c.actor = "X";
    c.sustained = 0;
    assert_int_equal(mt_apply(m, &c, &ev), MT_OK);
    assert_int_equal(move(m, "A", MK_MAIN, ""), E_NO_QUORUM); /* 3 before 4 */
    assert_int_equal(move(m, "A", MK_ADJOURN, NULL), MT_OK);  /* no quorum needed */
    free(m);
}

/* Rule 11: expiry at exactly speech_time_s; a point of order stops the clock. */
static void test_speech_clock(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    floor_req(m, "A", SN_PRO);
    with_member(m, CMD_RECOGNIZE, "A");
    run(m, CMD_START_SPEECH, "A");
    tick(m, 100);
    run(m, CMD_POINT_OF_ORDER, "C");
    tick(m, 1000);
    assert_int_equal(m->s.holder, who(m, "A"));
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_RULE);
    c.actor = "X";
    c.sustained = 0;
    mt_apply(m, &c, &ev);
    assert_int_equal(tick(m, 79), MT_OK);
    assert_int_equal(ev.n, 0);
    assert_int_equal(tick(m, 5), MT_OK);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.ev[0], EV_SPEECH_EXPIRED);
    assert_int_equal(m->s.holder, -1);
    assert_int_equal(run(m, CMD_END_SPEECH, "A"), E_TIME_EXPIRED);
    assert_int_equal(m->s.motions[0].speeches[who(m, "A")], 1);
    free(m);
}

/* Rule 15 and 2.3 item 7: a hands vote, then division restores and reopens by roll call. */
static void test_division(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    run(m, CMD_PUT_QUESTION, "X");
    for (int i = 0; i < 7; i++)
        cast(m, seven[i], i < 4 ? VC_YES : VC_NO);
    assert_int_equal(run(m, CMD_CLOSE_VOTE, "X"), MT_OK);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.ev[0], EV_VOTE_RESULT);
    assert_int_equal(ev.yes, 4);
    assert_int_equal(ev.no, 3);
    assert_true(ev.adopted);
    assert_int_equal(m->s.motions[0].state, ST_ADOPTED);
    assert_int_equal(run(m, CMD_QUERY, NULL), MT_OK);
    assert_int_equal(run(m, CMD_DIVISION, "G"), MT_OK);
    assert_int_equal(m->s.motions[0].state, ST_VOTING);
    assert_int_equal(m->s.motions[0].method, VM_ROLL_CALL);
    assert_int_equal(m->s.motions[0].yes, 0);
    assert_int_equal(run(m, CMD_DIVISION, "G"), E_VOTING_CLOSED);
    free(m);
}

/* Rule 16: prevailing side only, and once. */
static void test_reconsider(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    run(m, CMD_PUT_QUESTION, "X");
    for (int i = 0; i < 7; i++)
        cast(m, seven[i], i < 3 ? VC_YES : VC_NO);
    run(m, CMD_CLOSE_VOTE, "X");
    assert_int_equal(m->s.motions[0].state, ST_REJECTED);
    struct mt_cmd c;
    mt_cmd_init(&c, CMD_MOVE);
    c.type = MK_RECONSIDER;
    c.motion = "m1";
    c.actor = "A";
    assert_int_equal(mt_apply(m, &c, &ev), E_NOT_PREVAILING_SIDE);
    c.actor = "E";
    assert_int_equal(mt_apply(m, &c, &ev), MT_OK);
    run(m, CMD_SECOND, "F");
    run(m, CMD_STATE_QUESTION, "X");
    run(m, CMD_PUT_QUESTION, "X");
    for (int i = 0; i < 7; i++)
        cast(m, seven[i], VC_YES);
    run(m, CMD_CLOSE_VOTE, "X");
    assert_int_equal(m->s.motions[0].state, ST_STATED);
    assert_int_equal(mt_top(&m->s), 0);
    run(m, CMD_PUT_QUESTION, "X");
    cast(m, "E", VC_NO);
    run(m, CMD_CLOSE_VOTE, "X");
    assert_int_equal(mt_apply(m, &c, &ev), E_RECONSIDER_USED);
    free(m);
}

/* 2.3 item 5: depth, amendability and the top, in that order; adoption replaces the text. */
static void test_amend(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    assert_int_equal(move(m, "C", MK_AMEND, "六天"), MT_OK);
    run(m, CMD_SECOND, "D");
    run(m, CMD_STATE_QUESTION, "X");
    assert_int_equal(m->s.motions[0].state, ST_SUSPENDED);
    assert_int_equal(move(m, "D", MK_AMEND, "七天"), MT_OK);
    run(m, CMD_SECOND, "E");
    run(m, CMD_STATE_QUESTION, "X");
    assert_int_equal(move(m, "E", MK_AMEND, "八天"), E_AMEND_DEPTH);
    run(m, CMD_PUT_QUESTION, "X");
    cast(m, "A", VC_YES);
    run(m, CMD_CLOSE_VOTE, "X");
    int len;
    const char *t = mt_text_get(&m->s, m->s.motions[1].text, &len);
    assert_int_equal(len, (int)strlen("七天"));
    assert_memory_equal(t, "七天", (size_t)len);
    assert_int_equal(m->s.motions[1].state, ST_STATED);
    free(m);
}

/* The motion table as data: ranks of the ladder, and what MOVE accepts (2.3 item 15). */
static void test_motion_table(void **state)
{
    (void)state;
    static const enum mt_kind ladder[] = {MK_MAIN,
                                          MK_POSTPONE_INDEF,
                                          MK_AMEND,
                                          MK_REFER,
                                          MK_POSTPONE_DEF,
                                          MK_LIMIT_EXTEND,
                                          MK_PREVIOUS_QUESTION,
                                          MK_LAY_ON_TABLE,
                                          MK_ORDERS_OF_THE_DAY,
                                          MK_QUESTION_OF_PRIVILEGE,
                                          MK_RECESS,
                                          MK_ADJOURN,
                                          MK_FIX_TIME_TO_ADJOURN};
    for (int i = 0; i < 13; i++)
        assert_int_equal(mt_kind_row(ladder[i])->rank, i + 1);
    int movable = 0;
    for (int k = 0; k < MK_COUNT; k++)
        movable += mt_kind_row((enum mt_kind)k)->movable;
    assert_int_equal(movable, 12);
    assert_int_equal(mt_kind_row(MK_PREVIOUS_QUESTION)->vote, MT_TWO_THIRDS);
    assert_int_equal(mt_kind_row(MK_LIMIT_EXTEND)->vote, MT_TWO_THIRDS);
    assert_int_equal(mt_kind_parse("LAY_ON_TABLE"), MK_LAY_ON_TABLE);
    assert_int_equal(mt_kind_parse("lay_on_table"), -1);
}

/* Parameters: names, ranges, and every error code has its fixed message. */
static void test_params_and_codes(void **state)
{
    (void)state;
    struct mt_params p;
    mt_params_default(&p);
    assert_int_equal(p.speech_time_s, 180);
    assert_int_equal(mt_param_set_int(&p, "speech_time_s", 29), -1);
    assert_int_equal(mt_param_set_int(&p, "speech_time_s", 120), 0);
    assert_int_equal(p.speech_time_s, 120);
    assert_int_equal(mt_param_set_int(&p, "max_speeches", 6), -1);
    assert_int_equal(mt_param_set_bool(&p, "strict_queue", false), 0);
    assert_false(p.strict_queue);
    assert_int_equal(mt_param_set_word(&p, "chair_vote_mode", "LAST"), 0);
    assert_int_equal(mt_param_set_word(&p, "chair_vote_mode", "ALWAYS"), -1);
    assert_int_equal(mt_param_set_threshold(&p, "MAIN", "TWO_THIRDS"), 0);
    assert_int_equal(mt_param_set_threshold(&p, "APPEAL", "MAJORITY"), -1);
    assert_int_equal(mt_param_set_int(&p, "nonsense", 1), -1);
    for (int e = 1; e < MT_ERR_COUNT; e++) {
        assert_int_equal(strncmp(mt_err_name((enum mt_err)e), "E_", 2), 0);
        assert_true(strlen(mt_err_message((enum mt_err)e)) > 0);
    }
    assert_string_equal(mt_err_message(E_NOT_ELIGIBLE), "非本议事范围成员或无表决权");
    assert_string_equal(mt_err_message(E_BAD_INPUT), "指令格式错误");
}

/* Setup refuses what cannot be a meeting and leaves the old one. */
static void test_setup_refusals(void **state)
{
    (void)state;
    struct mt_meeting *m = fixture(NULL);
    uint64_t d = mt_digest(m);
    static const char *const dup[] = {"A", "A"};
    struct mt_setup su = {0};
    mt_params_default(&su.params);
    su.level = LV_BLOCK;
    su.members = dup;
    su.n_members = 2;
    su.chair = "X";
    assert_int_equal(mt_setup(m, &su), E_BAD_INPUT);
    su.n_members = 1;
    su.observers = dup;
    su.n_observers = 1;
    assert_int_equal(mt_setup(m, &su), E_BAD_INPUT); /* A twice */
    su.n_observers = 0;
    su.chair = "";
    assert_int_equal(mt_setup(m, &su), E_BAD_INPUT);
    assert_true(mt_digest(m) == d);
    free(m);
}

/* A sustained point of order (chair X) against the unstated top motion, appealed by C and
 * seconded by D; then everyone votes NO, so the ruling is reversed. */
static void reverse_lapse(struct mt_meeting *m)
{
    struct mt_cmd c;
    assert_int_equal(run(m, CMD_POINT_OF_ORDER, "E"), MT_OK);
    mt_cmd_init(&c, CMD_RULE);
    c.actor = "X";
    c.sustained = 1;
    assert_int_equal(mt_apply(m, &c, &ev), MT_OK);
    assert_int_equal(run(m, CMD_APPEAL, "C"), MT_OK);
    assert_int_equal(run(m, CMD_SECOND, "D"), MT_OK);
    assert_int_equal(run(m, CMD_STATE_QUESTION, "X"), MT_OK);
    assert_int_equal(run(m, CMD_PUT_QUESTION, "X"), MT_OK);
    for (int i = 0; i < 7; i++)
        assert_int_equal(cast(m, seven[i], VC_NO), MT_OK);
    assert_int_equal(run(m, CMD_CLOSE_VOTE, "X"), MT_OK);
}

/* 2.3 item 6 (review): a reversed ruling puts the lapsed motion back in the state it had; an
 * unseconded one stays PROPOSED and still needs its second; a seconded one is STATED
 * (scenario 27). */
static void test_appeal_restores(void **state)
{
    (void)state;
    struct mt_meeting *m = fixture(NULL);
    assert_int_equal(move(m, "A", MK_MAIN, "活动室每周开放五天"), MT_OK);
    reverse_lapse(m);
    assert_int_equal(m->s.motions[0].state, ST_PROPOSED);
    assert_int_equal(run(m, CMD_PUT_QUESTION, "X"), E_NOT_SECONDED);
    assert_int_equal(run(m, CMD_SECOND, "B"), MT_OK);
    assert_int_equal(run(m, CMD_STATE_QUESTION, "X"), MT_OK);
    assert_int_equal(move(m, "C", MK_AMEND, "活动室每周开放六天"), MT_OK);
    assert_int_equal(run(m, CMD_SECOND, "D"), MT_OK);
    reverse_lapse(m);
    assert_int_equal(m->s.motions[2].state, ST_STATED);
    assert_int_equal(m->s.motions[0].state, ST_SUSPENDED);
    free(m);
}

/* 2.3 items 14 and 16 (review): reaching the warnings limit ends the speech, drops the
 * member's waiting requests, then forfeits the floor, and the events say so in that order. */
static void test_forfeit_events(void **state)
{
    (void)state;
    struct mt_meeting *m = stated(NULL);
    assert_int_equal(floor_req(m, "A", SN_PRO), MT_OK);
    assert_int_equal(move(m, "C", MK_AMEND, "活动室每周开放六天"), MT_OK);
    assert_int_equal(run(m, CMD_SECOND, "D"), MT_OK);
    assert_int_equal(run(m, CMD_STATE_QUESTION, "X"), MT_OK);
    assert_int_equal(floor_req(m, "A", SN_PRO), MT_OK);
    assert_int_equal(with_member(m, CMD_RECOGNIZE, "A"), MT_OK);
    assert_int_equal(run(m, CMD_START_SPEECH, "A"), MT_OK);
    assert_int_equal(with_member(m, CMD_WARN, "A"), MT_OK);
    assert_int_equal(with_member(m, CMD_WARN, "A"), MT_OK);
    assert_int_equal(with_member(m, CMD_WARN, "A"), MT_OK);
    assert_int_equal(ev.n, 3);
    assert_int_equal(ev.ev[0], EV_SPEECH_ENDED);
    assert_int_equal(ev.ev[1], EV_QUEUE_DROPPED);
    assert_int_equal(ev.ev[2], EV_FLOOR_FORFEITED);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_quorum),
        cmocka_unit_test(test_next_speaker_steps),
        cmocka_unit_test(test_recognize_errors),
        cmocka_unit_test(test_refusals_change_nothing),
        cmocka_unit_test(test_check_order),
        cmocka_unit_test(test_speech_clock),
        cmocka_unit_test(test_division),
        cmocka_unit_test(test_reconsider),
        cmocka_unit_test(test_amend),
        cmocka_unit_test(test_motion_table),
        cmocka_unit_test(test_params_and_codes),
        cmocka_unit_test(test_setup_refusals),
        cmocka_unit_test(test_appeal_restores),
        cmocka_unit_test(test_forfeit_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
