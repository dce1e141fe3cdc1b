/* The motion table of PROCEDURE.md section 3, as data: rank, class, second, debate, amend,
 * threshold and whether MOVE accepts the type. A hall whose rules differ changes thresholds
 * through the parameters (params.h), not this code. */
#ifndef MEETING_MOTIONS_H
#define MEETING_MOTIONS_H

#include <stdbool.h>

enum mt_kind {
    MK_MAIN,
    MK_AMEND,
    MK_POSTPONE_INDEF,
    MK_REFER,
    MK_POSTPONE_DEF,
    MK_LIMIT_EXTEND,
    MK_PREVIOUS_QUESTION,
    MK_LAY_ON_TABLE,
    MK_QUESTION_OF_PRIVILEGE,
    MK_ORDERS_OF_THE_DAY,
    MK_RECESS,
    MK_ADJOURN,
    MK_FIX_TIME_TO_ADJOURN,
    MK_POINT_OF_ORDER,
    MK_APPEAL,
    MK_DIVISION,
    MK_REQUEST_INFO,
    MK_SUSPEND_RULES,
    MK_OBJECT_TO_CONSIDERATION,
    MK_WITHDRAW,
    MK_TAKE_FROM_TABLE,
    MK_RECONSIDER,
    MK_RESCIND,
    MK_COUNT
};

enum mt_class { MC_MAIN, MC_SUBSIDIARY, MC_PRIVILEGED, MC_INCIDENTAL, MC_BRING_BACK };
/* Debatable: yes, no, or as the motion it applies to (AMEND, RECONSIDER). */
enum mt_debate { MD_NO, MD_YES, MD_AS_TARGET };
enum mt_threshold { MT_MAJORITY, MT_TWO_THIRDS, MT_CHAIR, MT_NONE, MT_APPEAL_RULE };

struct mt_kind_row {
    const char *name;       /* the upper-case name used by scripts */
    const char *zh;         /* Chinese name */
    enum mt_class cls;      /* class */
    int rank;               /* 1..13 for main/subsidiary/privileged, 0 for the rest */
    bool second;            /* needs a second */
    enum mt_debate debate;  /* debatable */
    bool amendable;         /* AMEND may apply to it */
    enum mt_threshold vote; /* default threshold */
    bool interrupts;        /* may interrupt a speaker */
    bool movable;           /* accepted by MOVE (2.3 item 15) */
    bool reconsiderable;    /* RECONSIDER may apply (2.2: main/amend/refer/postpone) */
};

const struct mt_kind_row *mt_kind_row(enum mt_kind k);
/* The kind named NAME, or -1. */
int mt_kind_parse(const char *name);
/* Quorum is not checked for commands on these (rule 2). */
bool mt_kind_quorum_exempt(enum mt_kind k);

#endif
