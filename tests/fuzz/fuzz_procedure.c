/* libFuzzer target for the meeting procedure engine (src/meeting).
 *
 * Even first byte: the input is a random command sequence in a compact binary form, applied
 * through mt_apply. Checks: nothing crashes; a refused command leaves the meeting byte for
 * byte unchanged and causes no events; replaying only the accepted commands into a fresh
 * meeting accepts every one of them again and ends in the same state (equal digests).
 * Odd first byte: the rest is a script of JSON lines for `mulin procedure run`; every line
 * must get exactly one answer that is a JSON object with "ok". */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/engine.h"
#include "meeting/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CMDS 256
static const char *const names[] = {"A", "B", "C", "D", "E", "X", "O", "Z", NULL};
static const char *const members[] = {"A", "B", "C", "D", "E"};
static const char *const observers[] = {"O"};
static const char *const texts[] = {"活动室每周开放五天", "六天", "", " ", "楼道灯"};
static const char *const motions[] = {"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m0", NULL};
static const char *const items[] = {"I1", "I2", "I3", NULL};

static struct mt_meeting live, replay, prev;
static struct mt_cmd accepted[MAX_CMDS];

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

static void setup(struct mt_meeting *m, unsigned flags, unsigned quorum)
{
    struct mt_setup su = {0};
    su.level = LV_BUILDING_GROUP;
    su.members = members;
    su.n_members = 5;
    su.observers = observers;
    su.n_observers = 1;
    su.chair = flags & 1 ? "E" : "X"; /* sometimes the chair is a member */
    mt_params_default(&su.params);
    su.params.strict_queue = !(flags & 2);
    su.params.seconds_required = flags & 4 ? 0 : 1;
    su.params.chair_vote_mode = (enum mt_chair_vote)((flags >> 3) % 3);
    su.params.max_speeches = 1 + (int)((flags >> 5) % 3);
    su.params.warnings_limit = 1 + (int)((flags >> 7) & 1);
    su.params.speech_time_s = 30;
    su.params.quorum_count = (int)(quorum % 4);
    if (mt_setup(m, &su) != MT_OK)
        abort();
}

static void decode(struct reader *r, struct mt_cmd *c)
{
    mt_cmd_init(c, (enum mt_cmd_kind)(1 + byte(r) % (CMD_COUNT - 1)));
    c->actor = PICK(r, names);
    unsigned b = byte(r);
    switch (c->kind) {
    case CMD_MOVE:
        c->type = (int)(b % MK_COUNT);
        c->text = b & 0x80 ? NULL : PICK(r, texts);
        c->text_len = c->text ? (int)strlen(c->text) : 0;
        c->subject = b & 0x40 ? "K" : NULL;
        c->subject_len = c->subject ? 1 : 0;
        c->motion = c->target = PICK(r, motions);
        c->p_speech_time_s = b & 0x20 ? 30 : -1;
        c->p_max_speeches = b & 0x10 ? 1 + (int)(b % 5) : -1;
        c->p_time_budget_s = b & 0x08 ? 40 : -1;
        c->p_minutes = b & 0x04 ? (int)(b % 3) : -1;
        break;
    case CMD_SECOND:
    case CMD_WITHDRAW:
    case CMD_DECLARE_LAPSED:
        c->motion = b & 1 ? PICK(r, motions) : NULL;
        break;
    case CMD_OPEN_ITEM:
        c->item = PICK(r, items);
        c->level = (int)(b % 4) - 1;
        break;
    case CMD_REQUEST_FLOOR:
        c->stance = (int)(b % 3);
        break;
    case CMD_RECOGNIZE:
    case CMD_WARN:
        c->member = PICK(r, names);
        break;
    case CMD_TICK:
        c->seconds = b % 4 == 0 ? 600 : (int64_t)(b % 50);
        break;
    case CMD_RULE:
        c->sustained = (int)(b & 1);
        break;
    case CMD_PUT_QUESTION:
        c->method = (int)(b % 4) - 1;
        break;
    case CMD_CAST:
        c->choice = 1 + (int)(b % 3);
        break;
    case CMD_CLOSE_VOTE: /* hands counts (our extension), sometimes one missing */
        if (b & 1) {
            c->n_yes = (int)(b >> 1) % 5;
            c->n_no = b & 2 ? -1 : (int)(b >> 3) % 4;
            c->n_abstain = (int)(b >> 5) % 3;
        }
        break;
    case CMD_HANDOVER_CHAIR:
    case CMD_YIELD:
        c->to = PICK(r, names);
        c->to_len = c->to ? (int)strlen(c->to) : 0;
        if (!c->to && c->kind == CMD_HANDOVER_CHAIR)
            c->to = "A";
        break;
    default:
        break;
    }
}

static void commands(const uint8_t *data, size_t size)
{
    struct reader r = {data, size};
    unsigned flags = byte(&r), quorum = byte(&r);
    setup(&live, flags, quorum);
    /* the usual opening, so that fuzzing reaches the business quickly */
    static const char *const opening[] = {"A", "B", "C", "D"};
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        mt_cmd_init(&accepted[n], CMD_ATTEND);
        accepted[n].actor = opening[i];
        if (mt_apply(&live, &accepted[n], NULL) == MT_OK)
            n++;
    }
    struct mt_events ev;
    /* prev is the meeting after the last accepted command; memcmp is far cheaper than a
     * digest under the sanitizers */
    prev = live;
    while (r.n > 0 && n < MAX_CMDS) {
        struct mt_cmd c;
        decode(&r, &c);
        enum mt_err e = mt_apply(&live, &c, &ev);
        if (e == MT_OK && c.kind != CMD_QUERY) {
            accepted[n++] = c;
            prev = live;
        } else if (memcmp(&live, &prev, sizeof live) != 0) {
            abort(); /* a refusal (or QUERY) changed the meeting */
        } else if (e != MT_OK && (ev.n != 0 || e >= MT_ERR_COUNT)) {
            abort(); /* a refusal with events, or no code at all */
        }
    }
    setup(&replay, flags, quorum);
    for (size_t i = 0; i < n; i++)
        if (mt_apply(&replay, &accepted[i], NULL) != MT_OK)
            abort(); /* the log does not replay */
    if (mt_digest(&replay) != mt_digest(&live) || memcmp(&replay, &live, sizeof live) != 0)
        abort(); /* the replay reached another state */
}

static void lines(const uint8_t *data, size_t size)
{
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return;
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\n')
            continue;
        char *ans = mt_script_line(&sc, (const char *)data + start, i - start);
        if (!ans)
            abort();
        json_error_t err;
        json_t *j = json_loads(ans, 0, &err);
        if (!json_is_object(j) || !json_is_boolean(json_object_get(j, "ok")) || strchr(ans, '\n'))
            abort();
        json_decref(j);
        free(ans);
        start = i + 1;
    }
    mt_script_free(&sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        lines(data + 1, size - 1);
    else
        commands(data + 1, size - 1);
    return 0;
}
