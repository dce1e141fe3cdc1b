/* libFuzzer target for the minutes model (src/meeting/minutes.c). The input is a random command
 * sequence in a compact form (each command from a few bytes: name, actor and its fields),
 * written as JSON lines and given to the engine; the accepted ones make a log, as the server
 * keeps it. Checks: nothing crashes; the minutes of any accepted log exist (minutes_build never
 * refuses a log the engine accepted); they count every entry; every vote's counts fit in the
 * roster; every resolution is an adopted, final MAIN motion's vote. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/minutes.h"
#include "meeting/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CMDS 200
static const char SETUP[] = "{\"level\":\"BUILDING_GROUP\",\"members\":[\"A\",\"B\",\"C\",\"D\","
                            "\"E\"],\"observers\":[\"O\"],\"chair\":\"X\","
                            "\"params\":{\"speech_time_s\":30,\"warnings_limit\":2}}";
static const char *const cmds[] = {
    "ATTEND",     "LEAVE",          "CALL_TO_ORDER",  "OPEN_ITEM",      "MOVE",
    "SECOND",     "STATE_QUESTION", "DECLARE_LAPSED", "WITHDRAW",       "REQUEST_FLOOR",
    "RECOGNIZE",  "START_SPEECH",   "END_SPEECH",     "TICK",           "POINT_OF_ORDER",
    "RULE",       "APPEAL",         "REQUEST_INFO",   "PUT_QUESTION",   "CAST",
    "CLOSE_VOTE", "DIVISION",       "RESUME",         "HANDOVER_CHAIR", "WARN",
    "YIELD",      "CAST",           "CAST",           "CLOSE_VOTE",     "ATTEND"};
static const char *const names[] = {"A", "B", "C", "D", "E", "X", "O"};
static const char *const types[] = {
    "MAIN",  "AMEND",          "ADJOURN",    "RECESS",          "PREVIOUS_QUESTION", "LAY_ON_TABLE",
    "REFER", "POSTPONE_INDEF", "RECONSIDER", "TAKE_FROM_TABLE", "LIMIT_EXTEND",      "MAIN"};
static const char *const motions[] = {"m1", "m2", "m3", "m4"};
static const char *const choices[] = {"YES", "NO", "ABSTAIN", "YES"};
static const char *const methods[] = {"HANDS", "ROLL_CALL", "BALLOT"};
static const char *const stances[] = {"PRO", "CON"};
static const char *const items[] = {"I1", "I2"};

struct reader {
    const uint8_t *p;
    size_t n;
};

static unsigned byte(struct reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

#define PICK(r, a) (a)[byte(r) % (sizeof(a) / sizeof((a)[0]))]

/* One command as JSON text from the next bytes. */
static char *command(struct reader *r)
{
    const char *name = PICK(r, cmds);
    json_t *o = json_pack("{s:s,s:s}", "cmd", name, "actor", PICK(r, names));
    if (strcmp(name, "MOVE") == 0) {
        json_object_set_new(o, "type", json_string(PICK(r, types)));
        json_object_set_new(o, "text", json_string(byte(r) & 1 ? "修路" : "装灯"));
    } else if (strcmp(name, "OPEN_ITEM") == 0) {
        json_object_set_new(o, "item", json_string(PICK(r, items)));
    } else if (strcmp(name, "SECOND") == 0 || strcmp(name, "WITHDRAW") == 0) {
        json_object_set_new(o, "motion", json_string(PICK(r, motions)));
    } else if (strcmp(name, "REQUEST_FLOOR") == 0) {
        json_object_set_new(o, "stance", json_string(PICK(r, stances)));
    } else if (strcmp(name, "RECOGNIZE") == 0 || strcmp(name, "WARN") == 0) {
        json_object_set_new(o, "member", json_string(PICK(r, names)));
    } else if (strcmp(name, "TICK") == 0) {
        json_object_set_new(o, "seconds", json_integer(byte(r)));
    } else if (strcmp(name, "RULE") == 0) {
        json_object_set_new(o, "sustained", json_boolean(byte(r) & 1));
    } else if (strcmp(name, "PUT_QUESTION") == 0) {
        json_object_set_new(o, "method", json_string(PICK(r, methods)));
    } else if (strcmp(name, "CAST") == 0) {
        json_object_set_new(o, "choice", json_string(PICK(r, choices)));
    } else if (strcmp(name, "HANDOVER_CHAIR") == 0) {
        json_object_set_new(o, "to", json_string(PICK(r, names)));
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader r = {data, size};
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return 0;
    static const char line[] = "{\"setup\":";
    char *su = malloc(sizeof line + sizeof SETUP + 2);
    sprintf(su, "%s%s}", line, SETUP);
    free(mt_script_line(&sc, su, strlen(su)));
    free(su);
    static char *log[MAX_CMDS];
    struct minutes_entry e[MAX_CMDS];
    size_t n = 0;
    while (r.n > 0 && n < MAX_CMDS) {
        char *c = command(&r);
        char *ans = c ? mt_script_line(&sc, c, strlen(c)) : NULL;
        json_t *a = ans ? json_loads(ans, 0, NULL) : NULL;
        if (json_is_true(json_object_get(a, "ok"))) {
            log[n] = c;
            e[n] = (struct minutes_entry){(int64_t)n + 1, 1000 + (int64_t)n, 1, c};
            n++;
        } else {
            free(c);
        }
        json_decref(a);
        free(ans);
    }
    mt_script_free(&sc);
    json_t *m = minutes_build(SETUP, e, n);
    if (!m)
        abort(); /* an accepted log always has minutes */
    if (json_integer_value(json_object_get(m, "entries")) != (json_int_t)n)
        abort();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(m, "votes"), i, v)
    {
        json_int_t sum = json_integer_value(json_object_get(v, "yes")) +
                         json_integer_value(json_object_get(v, "no")) +
                         json_integer_value(json_object_get(v, "abstain"));
        if (sum < 0 || sum > 7)
            abort();
    }
    json_array_foreach(json_object_get(m, "resolutions"), i, v)
    {
        if (!json_is_integer(json_object_get(v, "final_seq")) ||
            !json_is_string(json_object_get(v, "text")))
            abort();
    }
    json_decref(m);
    for (size_t k = 0; k < n; k++)
        free(log[k]);
    return 0;
}
