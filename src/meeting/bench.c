/* The throughput benchmark: one 21-member hall, item after item of realistic business, each
 * command applied through mt_apply exactly as the script runner does (no JSON). The sequence
 * checks its own answers, so the figure is for commands that did real work. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "meeting/bench.h"
#include "meeting/engine.h"

#define NM 21
static const char *const ids[NM] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
                                    "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"};

struct run {
    struct mt_meeting *m;
    struct mt_events ev;
    long applied, refused_wrongly;
    char motion[16];
};

static void go(struct run *r, struct mt_cmd *c, enum mt_err want)
{
    enum mt_err e = mt_apply(r->m, c, &r->ev);
    r->applied++;
    if (e != want) {
        r->refused_wrongly++;
        if (getenv("MT_BENCH_DEBUG"))
            fprintf(stderr, "bench: %s by %s: %s\n", mt_cmd_name(c->kind),
                    c->actor ? c->actor : "-", mt_err_name(e));
    }
}

static struct mt_cmd cmd(enum mt_cmd_kind k, const char *actor)
{
    struct mt_cmd c;
    mt_cmd_init(&c, k);
    c.actor = actor;
    return c;
}

/* One speech: request, recognize, start, some time, end. */
static void speech(struct run *r, const char *who, int stance)
{
    struct mt_cmd c = cmd(CMD_REQUEST_FLOOR, who);
    c.stance = stance;
    go(r, &c, MT_OK);
    c = cmd(CMD_RECOGNIZE, "X");
    c.member = who;
    go(r, &c, MT_OK);
    c = cmd(CMD_START_SPEECH, who);
    go(r, &c, MT_OK);
    c = cmd(CMD_TICK, NULL);
    c.seconds = 60;
    go(r, &c, MT_OK);
    c = cmd(CMD_END_SPEECH, who);
    go(r, &c, MT_OK);
}

static void vote(struct run *r, int yes_from, enum mt_method method)
{
    struct mt_cmd c = cmd(CMD_PUT_QUESTION, "X");
    c.method = (int)method;
    go(r, &c, MT_OK);
    for (int i = 0; i < NM; i++) {
        c = cmd(CMD_CAST, ids[i]);
        c.choice = i >= yes_from ? VC_YES : VC_NO;
        go(r, &c, MT_OK);
    }
    c = cmd(CMD_CLOSE_VOTE, "X");
    go(r, &c, MT_OK);
}

static void motion(struct run *r, enum mt_kind k, const char *mover, const char *text)
{
    struct mt_cmd c = cmd(CMD_MOVE, mover);
    c.type = k;
    c.text = text;
    c.text_len = 0;
    while (text[c.text_len])
        c.text_len++;
    go(r, &c, MT_OK);
    c = cmd(CMD_SECOND, ids[(mover[0] - 'A' + 1) % NM]);
    go(r, &c, MT_OK);
    c = cmd(CMD_STATE_QUESTION, "X");
    go(r, &c, MT_OK);
}

/* One agenda item: a main motion, an amendment debated and adopted, a refused command or
 * two, a point of order, debate on the main motion, the vote. About 150 commands. */
static void item(struct run *r, int n)
{
    char name[16];
    snprintf(name, sizeof name, "I%d", n);
    struct mt_cmd c = cmd(CMD_OPEN_ITEM, "X");
    c.item = name;
    go(r, &c, MT_OK);
    char text[64];
    snprintf(text, sizeof text, "活动室每周开放五天 (%d)", n);
    motion(r, MK_MAIN, "A", text);
    c = cmd(CMD_MOVE, "C"); /* one main motion at a time */
    c.type = MK_MAIN;
    c.text = "另一个";
    c.text_len = 9;
    go(r, &c, E_MOTION_PENDING);
    speech(r, "A", SN_PRO);
    speech(r, "D", SN_CON);
    snprintf(text, sizeof text, "活动室每周开放六天 (%d)", n);
    motion(r, MK_AMEND, "E", text);
    speech(r, "E", SN_PRO);
    speech(r, "F", SN_CON);
    vote(r, 5, VM_ROLL_CALL);
    c = cmd(CMD_POINT_OF_ORDER, "G");
    go(r, &c, MT_OK);
    c = cmd(CMD_PUT_QUESTION, "X");
    go(r, &c, E_RULING_PENDING);
    c = cmd(CMD_RULE, "X");
    c.sustained = 0;
    go(r, &c, MT_OK);
    for (int i = 7; i < 15; i++)
        speech(r, ids[i], i % 2 ? SN_PRO : SN_CON);
    c = cmd(CMD_QUERY, NULL);
    go(r, &c, MT_OK);
    vote(r, 8, VM_HANDS); /* HANDS: the state is kept for DIVISION */
}

double mt_bench(long commands, long *applied)
{
    struct run r = {0};
    r.m = malloc(sizeof *r.m);
    if (!r.m)
        return -1;
    struct mt_setup su = {0};
    su.level = LV_BUILDING_GROUP;
    su.members = ids;
    su.n_members = NM;
    su.chair = "X";
    mt_params_default(&su.params);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (r.applied < commands) {
        mt_setup(r.m, &su);
        for (int i = 0; i < NM; i++) {
            struct mt_cmd c = cmd(CMD_ATTEND, ids[i]);
            go(&r, &c, MT_OK);
        }
        struct mt_cmd c = cmd(CMD_CALL_TO_ORDER, "X");
        go(&r, &c, MT_OK);
        /* a meeting holds at most 64 motions: 10 items of 2 motions each */
        for (int n = 1; n <= 10 && r.applied < commands; n++)
            item(&r, n);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(r.m);
    *applied = r.applied;
    if (r.refused_wrongly)
        return -1;
    double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return sec > 0 ? (double)r.applied / sec : 0;
}
