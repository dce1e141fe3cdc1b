/* The minutes model from fixed logs: attendance and absences, the chair and its handover, items
 * and how they ended, motions with mover and seconders, speeches (engine and wall time, ended
 * and expired), a point of order with its ruling, a warning, votes by hands and roll call,
 * the division of a hands vote, and the resolutions (only final adopted MAIN motions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/minutes.h"

static const char SETUP[] = "{\"level\":\"BUILDING_GROUP\",\"members\":[\"A\",\"B\",\"C\",\"D\","
                            "\"E\"],\"chair\":\"X\",\"observers\":[\"O\"]}";

/* Entry i (from 1) is entered at wall time 1000 + 10 i. */
static const char *const LOG[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"B\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"C\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"X\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"X\",\"item\":\"I1\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"A\",\"type\":\"MAIN\",\"text\":\"加装电梯\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"B\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"A\",\"stance\":\"PRO\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"C\",\"stance\":\"CON\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"X\",\"member\":\"A\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"A\"}",
    "{\"cmd\":\"TICK\",\"seconds\":60}",
    "{\"cmd\":\"END_SPEECH\",\"actor\":\"A\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"X\",\"member\":\"C\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"C\"}",
    "{\"cmd\":\"POINT_OF_ORDER\",\"actor\":\"B\"}",
    "{\"cmd\":\"RULE\",\"actor\":\"X\",\"sustained\":false}",
    "{\"cmd\":\"TICK\",\"seconds\":200}",
    "{\"cmd\":\"WARN\",\"actor\":\"X\",\"member\":\"D\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
    "{\"cmd\":\"LEAVE\",\"actor\":\"D\"}",
    "{\"cmd\":\"HANDOVER_CHAIR\",\"actor\":\"X\",\"to\":\"A\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"A\",\"item\":\"I2\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"B\",\"type\":\"MAIN\",\"text\":\"拆除花坛\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"C\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"A\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"A\",\"method\":\"ROLL_CALL\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"A\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"C\",\"type\":\"ADJOURN\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"B\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"A\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"A\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"A\"}",

};
#define N_LOG (sizeof LOG / sizeof LOG[0])

/* x08_appeal_warn and r13_quorum_lost_vote_void of tests/procedure, their accepted commands. */
static const char SETUP7[] = "{\"level\":\"BUILDING_GROUP\",\"members\":[\"A\",\"B\",\"C\","
                             "\"D\",\"E\",\"F\",\"G\"],\"chair\":\"X\",\"observers\":[\"O\"]}";
static const char *const APPEAL_LOG[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"B\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"C\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"E\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"F\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"G\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"X\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"X\",\"item\":\"I1\",\"level\":\"BUILDING_GROUP\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"A\",\"type\":\"MAIN\",\"text\":\"活动室每周开放五天\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"B\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"A\",\"stance\":\"PRO\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"X\",\"member\":\"A\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"A\"}",
    "{\"cmd\":\"TICK\",\"seconds\":30}",
    "{\"cmd\":\"POINT_OF_ORDER\",\"actor\":\"C\",\"reason\":\"人身攻击\"}",
    "{\"cmd\":\"RULE\",\"actor\":\"X\",\"sustained\":true}",
    "{\"cmd\":\"APPEAL\",\"actor\":\"D\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"E\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\",\"method\":\"HANDS\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"D\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"E\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"F\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"G\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
    "{\"cmd\":\"REQUEST_FLOOR\",\"actor\":\"A\",\"stance\":\"PRO\"}",
    "{\"cmd\":\"RECOGNIZE\",\"actor\":\"X\",\"member\":\"A\"}",
    "{\"cmd\":\"START_SPEECH\",\"actor\":\"A\"}",
    "{\"cmd\":\"WARN\",\"actor\":\"X\",\"member\":\"A\"}",
    "{\"cmd\":\"WARN\",\"actor\":\"X\",\"member\":\"A\"}",
    "{\"cmd\":\"WARN\",\"actor\":\"X\",\"member\":\"A\"}",
};
static const char *const VOID_LOG[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"B\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"C\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"E\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"X\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"X\",\"item\":\"I1\",\"level\":\"BUILDING_GROUP\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"A\",\"type\":\"MAIN\",\"text\":\"活动室每周开放五天\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"B\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
    "{\"cmd\":\"LEAVE\",\"actor\":\"E\"}",
    "{\"cmd\":\"LEAVE\",\"actor\":\"D\"}",
    "{\"cmd\":\"LEAVE\",\"actor\":\"D\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"D\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
};

static json_t *build_with(const char *setup, const char *const *log, size_t n)
{
    struct minutes_entry e[64];
    for (size_t i = 0; i < n; i++)
        e[i] = (struct minutes_entry){(int64_t)i + 1, 1000 + 10 * ((int64_t)i + 1), 7, log[i]};
    return minutes_build(setup, e, n);
}

static json_t *build(const char *const *log, size_t n)
{
    struct minutes_entry e[64];
    for (size_t i = 0; i < n; i++)
        e[i] = (struct minutes_entry){(int64_t)i + 1, 1000 + 10 * ((int64_t)i + 1), 7, log[i]};
    return minutes_build(SETUP, e, n);
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "(null)";
}

static long long num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_integer(v));
    return (long long)json_integer_value(v);
}

static void attendance_and_chair(void **state)
{
    (void)state;
    json_t *m = build(LOG, N_LOG);
    assert_non_null(m);
    assert_string_equal(str(m, "meeting"), "ADJOURNED");
    assert_int_equal(num(m, "entries"), N_LOG);
    assert_string_equal(str(m, "chair"), "X");
    assert_int_equal(num(json_object_get(m, "called_to_order"), "seq"), 5);
    assert_int_equal(num(json_object_get(m, "adjourned"), "seq"), N_LOG);
    json_t *att = json_object_get(m, "attendance");
    assert_int_equal(json_array_size(att), 7); /* A..E, O, X */
    json_t *a = json_array_get(att, 0);
    assert_string_equal(str(a, "id"), "A");
    assert_string_equal(str(a, "role"), "member");
    json_t *iv = json_array_get(json_object_get(a, "intervals"), 0);
    assert_int_equal(num(iv, "in"), 1010);
    assert_true(json_is_null(json_object_get(iv, "out")));
    json_t *d = json_array_get(att, 3);
    iv = json_array_get(json_object_get(d, "intervals"), 0);
    assert_int_equal(num(iv, "in"), 1040);
    assert_int_equal(num(iv, "out"), 1270); /* LEAVE is entry 27 */
    json_t *x = json_array_get(att, 6);
    assert_string_equal(str(x, "role"), "chair");
    assert_true(
        json_is_null(json_object_get(json_array_get(json_object_get(x, "intervals"), 0), "in")));
    assert_string_equal(str(json_array_get(att, 5), "role"), "observer");
    json_t *absent = json_object_get(m, "absent");
    assert_int_equal(json_array_size(absent), 1);
    assert_string_equal(json_string_value(json_array_get(absent, 0)), "E");
    json_t *h = json_array_get(json_object_get(m, "handovers"), 0);
    assert_string_equal(str(h, "from"), "X");
    assert_string_equal(str(h, "to"), "A");
    assert_int_equal(num(h, "seq"), 28);
    json_t *ses = json_object_get(m, "session");
    assert_string_equal(str(json_array_get(ses, json_array_size(ses) - 1), "event"), "ADJOURNED");
    json_decref(m);
}

static void items_and_motions(void **state)
{
    (void)state;
    json_t *m = build(LOG, N_LOG);
    json_t *items = json_object_get(m, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(str(json_array_get(items, 0), "id"), "I1");
    assert_string_equal(str(json_array_get(items, 0), "state"), "DECIDED");
    assert_int_equal(num(json_array_get(items, 0), "seq"), 6);
    assert_string_equal(str(json_array_get(items, 1), "id"), "I2");
    json_t *mo = json_object_get(m, "motions");
    assert_int_equal(json_array_size(mo), 3);
    json_t *m1 = json_array_get(mo, 0);
    assert_string_equal(str(m1, "id"), "m1");
    assert_string_equal(str(m1, "type"), "MAIN");
    assert_string_equal(str(m1, "text"), "加装电梯");
    assert_string_equal(str(m1, "mover"), "A");
    assert_string_equal(str(m1, "state"), "ADOPTED");
    assert_string_equal(str(m1, "item"), "I1");
    assert_int_equal(num(m1, "at"), 1070);
    json_t *sec = json_object_get(m1, "seconders");
    assert_int_equal(json_array_size(sec), 1);
    assert_string_equal(json_string_value(json_array_get(sec, 0)), "B");
    json_t *m2 = json_array_get(mo, 1);
    assert_string_equal(str(m2, "state"), "REJECTED");
    assert_string_equal(str(m2, "item"), "I2");
    assert_string_equal(str(json_array_get(mo, 2), "type"), "ADJOURN");
    assert_string_equal(str(json_array_get(mo, 2), "state"), "ADOPTED");
    json_decref(m);
}

static void speeches_rulings_warnings(void **state)
{
    (void)state;
    json_t *m = build(LOG, N_LOG);
    json_t *sp = json_object_get(m, "speeches");
    assert_int_equal(json_array_size(sp), 2);
    json_t *a = json_array_get(sp, 0);
    assert_string_equal(str(a, "person"), "A");
    assert_string_equal(str(a, "stance"), "PRO");
    assert_string_equal(str(a, "motion"), "m1");
    assert_string_equal(str(a, "item"), "I1");
    assert_int_equal(num(a, "seconds"), 60);
    assert_int_equal(num(a, "t"), 0);
    assert_int_equal(num(a, "at"), 1130);
    assert_int_equal(num(a, "wall_seconds"), 20);
    assert_string_equal(str(a, "end"), "ended");
    json_t *c = json_array_get(sp, 1);
    assert_string_equal(str(c, "person"), "C");
    assert_string_equal(str(c, "stance"), "CON");
    assert_int_equal(num(c, "t"), 60);
    assert_int_equal(num(c, "seconds"), 180); /* the default speech time, used up */
    assert_string_equal(str(c, "end"), "expired");
    assert_int_equal(num(c, "end_seq"), 20);
    json_t *poo = json_array_get(json_object_get(m, "points_of_order"), 0);
    assert_string_equal(str(poo, "by"), "B");
    assert_int_equal(num(poo, "seq"), 18);
    json_t *ruling = json_object_get(poo, "ruling");
    assert_false(json_is_true(json_object_get(ruling, "sustained")));
    assert_int_equal(num(ruling, "seq"), 19);
    json_t *w = json_array_get(json_object_get(m, "warnings"), 0);
    assert_string_equal(str(w, "member"), "D");
    assert_int_equal(num(w, "count"), 1);
    assert_string_equal(str(w, "item"), "I1");
    assert_false(json_is_true(json_object_get(w, "forfeited")));
    json_decref(m);
}

static void votes_and_resolutions(void **state)
{
    (void)state;
    json_t *m = build(LOG, N_LOG);
    json_t *votes = json_object_get(m, "votes");
    assert_int_equal(json_array_size(votes), 3);
    json_t *v1 = json_array_get(votes, 0);
    assert_string_equal(str(v1, "motion"), "m1");
    assert_string_equal(str(v1, "method"), "HANDS");
    assert_int_equal(num(v1, "yes"), 2);
    assert_int_equal(num(v1, "no"), 1);
    assert_int_equal(num(v1, "abstain"), 0);
    assert_int_equal(num(v1, "present"), 4);
    assert_string_equal(str(v1, "threshold"), "MAJORITY");
    assert_true(json_is_true(json_object_get(v1, "adopted")));
    assert_int_equal(num(v1, "seq"), 26);
    assert_int_equal(num(v1, "final_seq"), 27); /* the LEAVE after it: no division now */
    json_t *v2 = json_array_get(votes, 1);
    assert_string_equal(str(v2, "method"), "ROLL_CALL");
    assert_false(json_is_true(json_object_get(v2, "adopted")));
    assert_int_equal(num(v2, "final_seq"), num(v2, "seq"));
    /* a roll call by name, in the roster's order; a show of hands names no one */
    json_t *roll = json_object_get(v2, "roll");
    assert_int_equal(json_array_size(roll), 2);
    assert_string_equal(str(json_array_get(roll, 0), "id"), "B");
    assert_string_equal(str(json_array_get(roll, 0), "choice"), "YES");
    assert_string_equal(str(json_array_get(roll, 1), "id"), "C");
    assert_string_equal(str(json_array_get(roll, 1), "choice"), "NO");
    assert_null(json_object_get(v1, "roll"));
    json_t *v3 = json_array_get(votes, 2);
    assert_string_equal(str(v3, "type"), "ADJOURN");
    assert_int_equal(num(v3, "final_seq"), N_LOG); /* it ended the meeting */
    json_t *res = json_object_get(m, "resolutions");
    assert_int_equal(json_array_size(res), 1);
    json_t *r = json_array_get(res, 0);
    assert_string_equal(str(r, "motion"), "m1");
    assert_string_equal(str(r, "text"), "加装电梯");
    assert_string_equal(str(r, "item"), "I1");
    assert_int_equal(num(r, "yes"), 2);
    assert_int_equal(num(r, "final_seq"), 27);
    json_decref(m);
}

/* A hands vote is no resolution while DIVISION may still follow; a division keeps the first
 * count in the minutes (divided) and the division's count decides. */
static void division(void **state)
{
    (void)state;
    const char *log[N_LOG + 8];
    size_t n = 25; /* up to the third CAST of the hands vote on m1 */
    memcpy(log, LOG, n * sizeof *log);
    log[n++] = "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}";
    json_t *m = build(log, n);
    json_t *v = json_array_get(json_object_get(m, "votes"), 0);
    assert_true(json_is_null(json_object_get(v, "final_seq")));
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_decref(m);
    log[n++] = "{\"cmd\":\"DIVISION\",\"actor\":\"C\"}";
    log[n++] = "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"NO\"}";
    log[n++] = "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"NO\"}";
    log[n++] = "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}";
    m = build(log, n);
    assert_non_null(m);
    json_t *votes = json_object_get(m, "votes");
    assert_int_equal(json_array_size(votes), 2);
    assert_true(json_is_true(json_object_get(json_array_get(votes, 0), "divided")));
    json_t *d = json_array_get(votes, 1);
    assert_string_equal(str(d, "method"), "ROLL_CALL");
    assert_int_equal(num(d, "no"), 2);
    assert_false(json_is_true(json_object_get(d, "adopted")));
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_decref(m);
}

/* A log the engine refuses (a command out of order) or cannot read gives no minutes. */
static void broken_log(void **state)
{
    (void)state;
    const char *log[] = {"{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}"};
    assert_null(build(log, 1));
    const char *junk[] = {"not json"};
    assert_null(build(junk, 1));
    struct minutes_entry e = {1, 1, 1, "{\"cmd\":\"QUERY\"}"};
    assert_null(minutes_build("[]", &e, 1));
    json_t *empty = build(LOG, 0);
    assert_non_null(empty);
    assert_int_equal(json_array_size(json_object_get(empty, "absent")), 5);
    json_decref(empty);
}

/* A sustained point of order against the speaker ends the speech ("ruled") with a warning; the
 * appeal is listed with the point and voted on; warnings at the limit end a speech
 * ("forfeited"). An appeal is no resolution. */
static void appeal_and_warnings(void **state)
{
    (void)state;
    json_t *m = build_with(SETUP7, APPEAL_LOG, sizeof APPEAL_LOG / sizeof APPEAL_LOG[0]);
    assert_non_null(m);
    json_t *sp = json_object_get(m, "speeches");
    assert_int_equal(json_array_size(sp), 2);
    assert_string_equal(str(json_array_get(sp, 0), "end"), "ruled");
    assert_int_equal(num(json_array_get(sp, 0), "seconds"), 30);
    assert_int_equal(num(json_array_get(sp, 0), "end_seq"), 18);
    assert_string_equal(str(json_array_get(sp, 1), "end"), "forfeited");
    assert_int_equal(num(json_array_get(sp, 1), "end_seq"), 35);
    json_t *poo = json_array_get(json_object_get(m, "points_of_order"), 0);
    assert_string_equal(str(poo, "by"), "C");
    json_t *ru = json_object_get(poo, "ruling");
    assert_true(json_is_true(json_object_get(ru, "sustained")));
    assert_string_equal(str(ru, "warned"), "A");
    json_t *ap = json_array_get(json_object_get(poo, "appeals"), 0);
    assert_string_equal(str(ap, "by"), "D");
    assert_string_equal(str(ap, "motion"), "m2");
    assert_int_equal(num(ap, "seq"), 19);
    json_t *v = json_array_get(json_object_get(m, "votes"), 0);
    assert_string_equal(str(v, "type"), "APPEAL");
    assert_int_equal(num(v, "yes"), 2);
    assert_int_equal(num(v, "no"), 4);
    assert_int_equal(num(v, "final_seq"), 30);
    json_t *w = json_object_get(m, "warnings");
    json_t *w0 = json_array_get(w, 0);
    assert_string_equal(str(w0, "member"), "A");
    assert_true(json_is_true(json_object_get(w0, "by_ruling")));
    json_t *last = json_array_get(w, json_array_size(w) - 1);
    assert_int_equal(num(last, "seq"), 35);
    assert_true(json_is_true(json_object_get(last, "forfeited")));
    assert_false(json_is_true(json_object_get(last, "by_ruling")));
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_decref(m);
}

/* A vote voided by the loss of quorum is listed as void; the session lists the quorum's loss
 * and return; a show of hands that is the log's last entry is not final yet. */
static void void_vote_and_quorum(void **state)
{
    (void)state;
    json_t *m = build_with(SETUP7, VOID_LOG, sizeof VOID_LOG / sizeof VOID_LOG[0]);
    assert_non_null(m);
    json_t *votes = json_object_get(m, "votes");
    assert_int_equal(json_array_size(votes), 2);
    json_t *v0 = json_array_get(votes, 0);
    assert_true(json_is_true(json_object_get(v0, "void")));
    assert_string_equal(str(v0, "motion"), "m1");
    assert_int_equal(num(v0, "seq"), 14);
    json_t *v1 = json_array_get(votes, 1);
    assert_int_equal(num(v1, "yes"), 4);
    assert_true(json_is_true(json_object_get(v1, "adopted")));
    assert_true(json_is_null(json_object_get(v1, "final_seq")));
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_t *ses = json_object_get(m, "session");
    assert_string_equal(str(json_array_get(ses, 0), "event"), "QUORUM_LOST");
    assert_int_equal(num(json_array_get(ses, 0), "seq"), 14);
    assert_string_equal(str(json_array_get(ses, 1), "event"), "QUORUM_RESTORED");
    json_t *d = json_array_get(json_object_get(m, "attendance"), 3);
    assert_int_equal(json_array_size(json_object_get(d, "intervals")), 2);
    assert_int_equal(json_array_size(json_object_get(m, "absent")), 2); /* F, G */
    json_decref(m);
}

/* A MAIN motion adopted by roll call, then reconsidered (RECONSIDER moved by one who voted
 * YES) and rejected the second time: the minutes list both votes, and no resolution, for the
 * meeting took its decision back. */
static const char *const RECONSIDER_LOG[] = {
    "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"B\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"C\"}",
    "{\"cmd\":\"ATTEND\",\"actor\":\"D\"}",
    "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"X\"}",
    "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"X\",\"item\":\"I1\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"A\",\"type\":\"MAIN\",\"text\":\"加装电梯\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"B\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\",\"method\":\"ROLL_CALL\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
    "{\"cmd\":\"MOVE\",\"actor\":\"B\",\"type\":\"RECONSIDER\",\"motion\":\"m1\"}",
    "{\"cmd\":\"SECOND\",\"actor\":\"C\"}",
    "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"X\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\",\"method\":\"ROLL_CALL\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"D\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
    "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\",\"method\":\"ROLL_CALL\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CAST\",\"actor\":\"C\",\"choice\":\"NO\"}",
    "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
};

static void reconsidered_resolution(void **state)
{
    (void)state;
    size_t n = sizeof RECONSIDER_LOG / sizeof RECONSIDER_LOG[0];
    json_t *m = build(RECONSIDER_LOG, n);
    assert_non_null(m);
    json_t *votes = json_object_get(m, "votes");
    assert_int_equal(json_array_size(votes), 3);
    assert_true(json_is_true(json_object_get(json_array_get(votes, 0), "adopted")));
    assert_false(json_is_true(json_object_get(json_array_get(votes, 2), "adopted")));
    assert_string_equal(str(json_array_get(json_object_get(m, "motions"), 0), "state"), "REJECTED");
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_decref(m);
    /* Re-adopted by a show of hands that is the log's last entry (it may still be divided):
     * not a resolution yet, and the vote undone by the reconsideration is none either. */
    static const char *const READOPTED[] = {
        "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"X\"}",
        "{\"cmd\":\"CAST\",\"actor\":\"A\",\"choice\":\"YES\"}",
        "{\"cmd\":\"CAST\",\"actor\":\"B\",\"choice\":\"YES\"}",
        "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"X\"}",
    };
    const char *log[64];
    for (size_t i = 0; i < 22; i++)
        log[i] = RECONSIDER_LOG[i];
    for (size_t i = 0; i < 4; i++)
        log[22 + i] = READOPTED[i];
    m = build(log, 26);
    assert_non_null(m);
    json_t *last = json_array_get(json_object_get(m, "votes"), 2);
    assert_true(json_is_true(json_object_get(last, "adopted")));
    assert_true(json_is_null(json_object_get(last, "final_seq")));
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 0);
    json_decref(m);
    /* Up to the reconsideration, the adopted motion is a resolution. */
    m = build(RECONSIDER_LOG, 14);
    assert_non_null(m);
    assert_int_equal(json_array_size(json_object_get(m, "resolutions")), 1);
    json_decref(m);
}

/* Who entered a vote: a roll-call answer entered by the recorder (person 9) for a member
 * without a phone says so, a member's own answer does not; hands counts entered by the
 * recorder in the chair's name say so too; a ballot names no one at all. */
static const char SETUP_P[] = "{\"level\":\"BUILDING_GROUP\",\"members\":[\"p1\",\"p2\",\"p3\"],"
                              "\"chair\":\"p8\",\"observers\":[\"p9\"]}";
static const struct {
    int64_t actor;
    const char *cmd;
} ENTERED_LOG[] = {
    {1, "{\"cmd\":\"ATTEND\",\"actor\":\"p1\"}"},
    {2, "{\"cmd\":\"ATTEND\",\"actor\":\"p2\"}"},
    {9, "{\"cmd\":\"ATTEND\",\"actor\":\"p3\"}"},
    {8, "{\"cmd\":\"CALL_TO_ORDER\",\"actor\":\"p8\"}"},
    {8, "{\"cmd\":\"OPEN_ITEM\",\"actor\":\"p8\",\"item\":\"I1\"}"},
    {1, "{\"cmd\":\"MOVE\",\"actor\":\"p1\",\"type\":\"MAIN\",\"text\":\"修车棚\"}"},
    {2, "{\"cmd\":\"SECOND\",\"actor\":\"p2\"}"},
    {8, "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p8\"}"},
    {8, "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p8\",\"method\":\"ROLL_CALL\"}"},
    {1, "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}"},
    {2, "{\"cmd\":\"CAST\",\"actor\":\"p2\",\"choice\":\"NO\"}"},
    {9, "{\"cmd\":\"CAST\",\"actor\":\"p3\",\"choice\":\"YES\"}"},
    {8, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p8\"}"},
    {3, "{\"cmd\":\"MOVE\",\"actor\":\"p3\",\"type\":\"MAIN\",\"text\":\"种树\"}"},
    {1, "{\"cmd\":\"SECOND\",\"actor\":\"p1\"}"},
    {8, "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p8\"}"},
    {8, "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p8\"}"},
    {9, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p8\",\"counts\":{\"yes\":1,\"no\":2,\"abstain\":0}}"},
    {2, "{\"cmd\":\"MOVE\",\"actor\":\"p2\",\"type\":\"MAIN\",\"text\":\"装灯\"}"},
    {1, "{\"cmd\":\"SECOND\",\"actor\":\"p1\"}"},
    {8, "{\"cmd\":\"STATE_QUESTION\",\"actor\":\"p8\"}"},
    {8, "{\"cmd\":\"PUT_QUESTION\",\"actor\":\"p8\",\"method\":\"BALLOT\"}"},
    {1, "{\"cmd\":\"CAST\",\"actor\":\"p1\",\"choice\":\"YES\"}"},
    {9, "{\"cmd\":\"CAST\",\"actor\":\"p3\",\"choice\":\"NO\"}"},
    {8, "{\"cmd\":\"CLOSE_VOTE\",\"actor\":\"p8\"}"},
};

static void who_entered_votes(void **state)
{
    (void)state;
    size_t n = sizeof ENTERED_LOG / sizeof ENTERED_LOG[0];
    struct minutes_entry e[64];
    for (size_t i = 0; i < n; i++)
        e[i] = (struct minutes_entry){(int64_t)i + 1, 2000 + (int64_t)i, ENTERED_LOG[i].actor,
                                      ENTERED_LOG[i].cmd};
    json_t *m = minutes_build(SETUP_P, e, n);
    assert_non_null(m);
    json_t *votes = json_object_get(m, "votes");
    assert_int_equal(json_array_size(votes), 3);
    json_t *roll = json_object_get(json_array_get(votes, 0), "roll");
    assert_int_equal(json_array_size(roll), 3);
    assert_null(json_object_get(json_array_get(roll, 0), "entered_by"));
    assert_null(json_object_get(json_array_get(roll, 1), "entered_by"));
    assert_string_equal(str(json_array_get(roll, 2), "id"), "p3");
    assert_string_equal(str(json_array_get(roll, 2), "entered_by"), "p9");
    assert_null(json_object_get(json_array_get(votes, 0), "entered_by"));
    json_t *hands = json_array_get(votes, 1);
    assert_string_equal(str(hands, "method"), "HANDS");
    assert_int_equal(num(hands, "no"), 2);
    assert_string_equal(str(hands, "entered_by"), "p9");
    assert_null(json_object_get(hands, "roll"));
    json_t *ballot = json_array_get(votes, 2);
    assert_string_equal(str(ballot, "method"), "BALLOT");
    assert_null(json_object_get(ballot, "roll"));
    assert_null(json_object_get(ballot, "entered_by"));
    /* the ballot's choices appear nowhere: "YES" only in the roll call's three rows */
    char *all = json_dumps(m, JSON_COMPACT);
    assert_non_null(all);
    int yes = 0;
    for (const char *q = all; (q = strstr(q, "\"choice\":")) != NULL; q++)
        yes++;
    assert_int_equal(yes, 3);
    free(all);
    json_decref(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attendance_and_chair),
        cmocka_unit_test(items_and_motions),
        cmocka_unit_test(speeches_rulings_warnings),
        cmocka_unit_test(votes_and_resolutions),
        cmocka_unit_test(division),
        cmocka_unit_test(broken_log),
        cmocka_unit_test(appeal_and_warnings),
        cmocka_unit_test(void_vote_and_quorum),
        cmocka_unit_test(reconsidered_resolution),
        cmocka_unit_test(who_entered_votes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
