/* The meeting state: plain structs with fixed limits, no pointers, so a state can be copied
 * with memcpy, compared byte for byte and hashed (the fuzz target does all three).
 *
 * Limits (a command that would exceed one is refused with E_OUT_OF_ORDER, or E_BAD_INPUT for
 * setup and text sizes; see docs/procedure.md):
 *   MT_MAX_PERSONS  members + observers + chair of one meeting
 *   MT_MAX_MOTIONS  motions moved in one meeting (ids m1..m64)
 *   MT_MAX_STACK    pending motions at once
 *   MT_MAX_QUEUE    waiting floor requests at once
 *   MT_MAX_ITEMS    agenda items opened in one meeting
 *   MT_ID_MAX       bytes of a person or item id, NUL included
 *   MT_TEXT_MAX     bytes of one text field (motion text, subject, REFER's `to`)
 *   MT_POOL         bytes of all texts of one meeting */
#ifndef MEETING_STATE_H
#define MEETING_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "meeting/motions.h"
#include "meeting/params.h"

#define MT_MAX_PERSONS 128
#define MT_MAX_MOTIONS 64
#define MT_MAX_STACK 24
#define MT_MAX_QUEUE 128
#define MT_MAX_ITEMS 32
#define MT_ID_MAX 64
#define MT_TEXT_MAX 2048
#define MT_POOL 24576
#define MT_MASK_WORDS (MT_MAX_PERSONS / 64)

enum mt_meeting_state { MS_SCHEDULED, MS_IN_SESSION, MS_RECESSED, MS_NO_QUORUM, MS_ADJOURNED };

enum mt_motion_state {
    ST_PROPOSED,
    ST_SECONDED,
    ST_STATED,
    ST_SUSPENDED,
    ST_VOTING,
    ST_ADOPTED,
    ST_REJECTED,
    ST_LAPSED,
    ST_WITHDRAWN,
    ST_KILLED,
    ST_REFERRED,
    ST_POSTPONED,
    ST_TABLED,
    ST_UNFINISHED
};

enum mt_item_state { IT_OPEN, IT_DECIDED, IT_DEFERRED, IT_REFERRED, IT_UNFINISHED };
enum mt_stance { SN_NONE, SN_PRO, SN_CON };
enum mt_choice { VC_NONE, VC_YES, VC_NO, VC_ABSTAIN };
enum mt_floor { FL_FREE, FL_RECOGNIZED, FL_SPEAKING };

/* A text in the meeting's pool: offset and length; len 0 with off 0 = absent. */
struct mt_text {
    uint16_t off, len;
    bool set;
};

struct mt_person {
    char id[MT_ID_MAX];
    bool member, observer; /* roster status */
    bool present;          /* ATTEND/LEAVE; a chair who is not a member starts present */
    uint8_t warnings;      /* on the open item (2.3 item 14) */
};

struct mt_motion {
    uint8_t kind;         /* enum mt_kind */
    uint8_t state;        /* enum mt_motion_state */
    uint8_t method;       /* enum mt_method of the last vote */
    uint8_t prior_state;  /* before a sustained ruling made it LAPSED (APPEAL undoes) */
    int16_t mover;        /* person */
    int16_t target;       /* motion it applies to, or -1 */
    int8_t item;          /* agenda item when moved, or -1 */
    uint8_t depth;        /* amendment depth (AMEND only) */
    uint8_t n_seconds;    /* distinct seconders */
    uint8_t last_stance;  /* enum mt_stance of the last speech started */
    bool debate_closed;   /* PREVIOUS_QUESTION adopted or time budget spent */
    bool pq_gate;         /* PREVIOUS_QUESTION adopted: only the vote may follow (2.3 item 2) */
    bool reconsider_used; /* RECONSIDER on it was voted on (rule 16: once) */
    bool was_voted;       /* its votes were decided at least once */
    bool by_counts;       /* its last HANDS vote was entered as counts (CLOSE_VOTE counts) */
    struct mt_text text, subject, to, old_text; /* old_text: the target's, before AMEND */
    uint16_t total_speeches;                    /* speeches started on this question */
    int16_t speech_time_s;     /* this question's limits (LIMIT_EXTEND changes them) */
    int16_t max_speeches;      /* */
    int32_t time_budget;       /* seconds of debate left, -1 = none */
    int16_t new_speech_time_s; /* LIMIT_EXTEND's values, -1 = unchanged */
    int16_t new_max_speeches;  /* */
    int32_t new_time_budget;   /* */
    int32_t recess_minutes;    /* RECESS length; AMEND of a RECESS: new length, -1 = unchanged */
    int16_t appeal_warned;     /* APPEAL: the member the ruling warned, or -1 */
    int16_t appeal_lapsed;     /* APPEAL: the motion the ruling made LAPSED, or -1 */
    int16_t tabled_main;       /* TABLED with this main motion (stack order kept in tab_pos) */
    uint8_t tab_pos;           /* */
    uint16_t yes, no, abstain; /* tally of the open vote, or of the last one */
    uint64_t seconders[MT_MASK_WORDS];
    uint64_t present_at_close[MT_MASK_WORDS]; /* members present when the vote closed */
    uint8_t votes[MT_MAX_PERSONS];            /* enum mt_choice per person */
    uint8_t speeches[MT_MAX_PERSONS];         /* per person, on this question */
};

struct mt_entry {
    uint32_t seq;     /* monotonic */
    int16_t person;   /* */
    int16_t question; /* motion */
    uint8_t stance;   /* enum mt_stance */
};

struct mt_item {
    char id[MT_ID_MAX];
    uint8_t level; /* enum mt_level */
    uint8_t state; /* enum mt_item_state */
    bool decided;  /* a main motion was adopted or rejected in it */
};

struct mt_state {
    struct mt_params params;
    uint8_t level;   /* the hall's enum mt_level */
    uint8_t meeting; /* enum mt_meeting_state */
    int16_t n_persons, n_members;
    int16_t chair, orig_chair;
    int16_t handback_blocked; /* who handed the chair over with a main pending, or -1 */
    int16_t handback_main;    /* that main motion */
    int64_t now;              /* injected clock, seconds (TICK) */
    int64_t recess_until;     /* RESUME is refused before this */
    struct mt_person persons[MT_MAX_PERSONS]; /* members, then observers, then the chair */
    /* the floor */
    uint8_t floor;          /* enum mt_floor */
    int16_t holder;         /* person with the floor, or -1 */
    int16_t floor_question; /* the question the floor is on */
    uint8_t floor_stance;   /* the stance of the holder's request */
    int32_t remaining;      /* seconds left of the running speech */
    int16_t last_expired;   /* whose speech just expired (END_SPEECH → E_TIME_EXPIRED) */
    /* points of order and rulings */
    bool poo_pending;
    int16_t poo_holder;       /* floor holder when the point was raised, or -1 */
    bool rule_sustained;      /* the last RULE */
    int16_t rule_warned;      /* the member it warned, or -1 */
    int16_t rule_lapsed;      /* the motion it made LAPSED, or -1 */
    uint8_t last_cmd;         /* last accepted command other than QUERY (enum mt_cmd_kind) */
    uint8_t last_vote_method; /* method of the vote the last CLOSE_VOTE closed */
    /* motions */
    int16_t n_motions, depth;
    int16_t stack[MT_MAX_STACK]; /* bottom first */
    struct mt_motion motions[MT_MAX_MOTIONS];
    /* speakers' queue, in seq order */
    uint32_t next_seq;
    int16_t n_queue;
    struct mt_entry queue[MT_MAX_QUEUE];
    /* agenda */
    int16_t n_items, open_item;
    struct mt_item items[MT_MAX_ITEMS];
    /* texts */
    uint16_t pool_used;
    char pool[MT_POOL];
};

/* Persons, by id (-1 when nobody has it). */
int mt_person_find(const struct mt_state *s, const char *id);
bool mt_is_member_present(const struct mt_state *s, int p);
/* Members present, observers excluded; the quorum number. */
int mt_present(const struct mt_state *s);
int mt_quorum(const struct mt_state *s);
bool mt_has_quorum(const struct mt_state *s);

/* The stack: top motion (or -1), position of motion m (or -1), the main motion on it (or -1). */
int mt_top(const struct mt_state *s);
int mt_stack_pos(const struct mt_state *s, int m);
int mt_stack_main(const struct mt_state *s);
/* "m12" → 11; -1 when the id is malformed or no motion has it. */
int mt_motion_find(const struct mt_state *s, const char *id);

/* Motion properties that depend on the instance. */
bool mt_debatable(const struct mt_state *s, int m);
int mt_rank(const struct mt_state *s, int m);

/* Text pool: copies LEN bytes; returns false when the pool is full. */
bool mt_text_put(struct mt_state *s, struct mt_text *t, const char *str, int len);
/* A pointer into the pool and the length (not NUL-terminated). */
const char *mt_text_get(const struct mt_state *s, struct mt_text t, int *len);
bool mt_text_eq(const struct mt_state *s, struct mt_text a, struct mt_text b);

static inline bool mt_mask_has(const uint64_t *m, int p)
{
    return (m[p >> 6] >> (p & 63)) & 1;
}
static inline void mt_mask_set(uint64_t *m, int p)
{
    m[p >> 6] |= (uint64_t)1 << (p & 63);
}

const char *mt_meeting_state_name(int st);
const char *mt_motion_state_name(int st);

#endif
