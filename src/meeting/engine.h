/* The meeting procedure engine: one function applies a command to a meeting and returns MT_OK
 * or an E_* code, plus the events the command caused. A refused command changes nothing; time
 * enters only through TICK. No I/O, no clock, no allocation: the caller owns every struct.
 *
 *   struct mt_meeting *m = malloc(sizeof *m);   // about 120 KB, see state.h
 *   mt_setup(m, &setup);                        // one meeting of one hall
 *   enum mt_err e = mt_apply(m, &cmd, &events); // per command
 */
#ifndef MEETING_ENGINE_H
#define MEETING_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "meeting/errors.h"
#include "meeting/state.h"

enum mt_cmd_kind {
    CMD_NONE, /* no command accepted yet */
    CMD_ATTEND,
    CMD_LEAVE,
    CMD_CALL_TO_ORDER,
    CMD_OPEN_ITEM,
    CMD_MOVE,
    CMD_SECOND,
    CMD_STATE_QUESTION,
    CMD_DECLARE_LAPSED,
    CMD_WITHDRAW,
    CMD_REQUEST_FLOOR,
    CMD_RECOGNIZE,
    CMD_START_SPEECH,
    CMD_END_SPEECH,
    CMD_TICK,
    CMD_POINT_OF_ORDER,
    CMD_RULE,
    CMD_APPEAL,
    CMD_REQUEST_INFO,
    CMD_PUT_QUESTION,
    CMD_CAST,
    CMD_CLOSE_VOTE,
    CMD_DIVISION,
    CMD_RESUME,
    CMD_HANDOVER_CHAIR,
    CMD_WARN,
    CMD_YIELD,
    CMD_QUERY,
    CMD_COUNT
};

/* One command. Strings belong to the caller and are copied when kept; NULL = field absent. */
struct mt_cmd {
    enum mt_cmd_kind kind;
    const char *actor;   /* who acts; an id named nowhere is simply nobody */
    int type;            /* MOVE: enum mt_kind */
    const char *text;    /* MOVE */
    int text_len;        /* bytes of text */
    const char *subject; /* MOVE(MAIN): the subject key (default: the text) */
    int subject_len;     /* */
    const char *to;      /* REFER, HANDOVER_CHAIR, YIELD */
    int to_len;          /* */
    const char *motion;  /* SECOND, WITHDRAW, DECLARE_LAPSED, RECONSIDER, TAKE_FROM_TABLE */
    const char *target;  /* AMEND */
    const char *item;    /* OPEN_ITEM */
    const char *member;  /* RECOGNIZE, WARN */
    int level;           /* OPEN_ITEM: enum mt_level, -1 = the hall's */
    int stance;          /* REQUEST_FLOOR: enum mt_stance (SN_NONE = omitted) */
    int choice;          /* CAST: enum mt_choice */
    int method;          /* PUT_QUESTION: enum mt_method, -1 = default_vote_method */
    int sustained;       /* RULE: 0/1 */
    int64_t seconds;     /* TICK: 0..MT_TICK_MAX */
    /* MOVE params: -1 = not given. LIMIT_EXTEND: speech_time_s 30..900, max_speeches 1..5,
     * time_budget_s 1..86400; RECESS: minutes 0..1440. */
    int p_speech_time_s, p_max_speeches, p_time_budget_s, p_minutes;
    /* CLOSE_VOTE of a HANDS vote (our extension, docs/procedure.md): the hands counted, when
     * the votes are entered as counts rather than member by member; -1 = not given. */
    int n_yes, n_no, n_abstain;
};

#define MT_TICK_MAX 86400LL * 366

/* The events an answer lists (2.3 item 16); the command's own log record is not among them. */
enum mt_event {
    EV_SPEECH_ENDED,
    EV_SPEECH_EXPIRED,
    EV_QUEUE_DROPPED,
    EV_FLOOR_FORFEITED,
    EV_VOTE_RESULT,
    EV_VOTE_VOID,
    EV_QUORUM_LOST,
    EV_QUORUM_RESTORED,
    EV_RECESSED,
    EV_RESUMED,
    EV_ADJOURNED,
    EV_COUNT
};

/* Enough for every event one command can cause: each queue entry dropped once, plus a few. */
#define MT_MAX_EVENTS (MT_MAX_QUEUE + 8)
struct mt_events {
    int n;
    uint8_t ev[MT_MAX_EVENTS];
    /* VOTE_RESULT's record, when there is one */
    int result_motion, yes, no, abstain, present, method, threshold, adopted;
};

/* One meeting: the state, and the state just before the last CLOSE_VOTE of a HANDS vote (what
 * DIVISION restores, 2.3 item 7). */
struct mt_meeting {
    struct mt_state s;
    struct mt_state before_close;
};

/* The setup line: ids are the caller's strings. */
struct mt_setup {
    int level;                    /* enum mt_level */
    const char *const *members;   /* n_members ids */
    int n_members;                /* */
    const char *const *observers; /* n_observers ids */
    int n_observers;              /* */
    const char *chair;            /* the chair's id (may also be a member) */
    struct mt_params params;      /* section 5 */
};

/* Starts a fresh meeting. E_BAD_INPUT (and m unchanged) for empty, duplicate or too long ids,
 * too many persons, or inconsistent parameters. */
enum mt_err mt_setup(struct mt_meeting *m, const struct mt_setup *su);

/* Applies CMD. EV (may be NULL) receives the events. QUERY changes nothing. */
enum mt_err mt_apply(struct mt_meeting *m, const struct mt_cmd *cmd, struct mt_events *ev);

/* next_speaker of section 4 for the immediately pending question: a person, or -1. */
int mt_next_speaker(const struct mt_state *s);

/* A 64-bit digest of the whole state (FNV-1a over its bytes). */
uint64_t mt_digest(const struct mt_meeting *m);

const char *mt_cmd_name(enum mt_cmd_kind k);
int mt_cmd_parse(const char *name);
const char *mt_event_name(enum mt_event e);
/* A command with every optional field absent. */
void mt_cmd_init(struct mt_cmd *c, enum mt_cmd_kind kind);

#endif
