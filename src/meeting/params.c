/* Parameter defaults and ranges (PROCEDURE.md section 5). Every limit is explicit here. */
#include <stddef.h>
#include <string.h>

#include "meeting/params.h"

void mt_params_default(struct mt_params *p)
{
    memset(p, 0, sizeof *p);
    p->quorum_num = 1;
    p->quorum_den = 2;
    p->quorum_count = 0;
    p->seconds_required = 1;
    p->speech_time_s = 180;
    p->max_speeches = 2;
    p->first_timers_first = true;
    p->mover_speaks_first = true;
    p->alternate_pro_con = true;
    p->require_stance = true;
    p->strict_queue = true;
    p->chair_may_debate = false;
    p->observers_may_speak = true;
    p->chair_vote_mode = CV_NONE;
    p->default_vote_method = VM_HANDS;
    p->division_method = VM_ROLL_CALL;
    for (int k = 0; k < MK_COUNT; k++)
        p->threshold[k] = mt_kind_row((enum mt_kind)k)->vote;
    p->majority_basis = MB_VOTES_CAST;
    p->max_amend_depth = 2;
    p->warnings_limit = 3;
}

/* Integer parameters: name, offset, inclusive range. */
static const struct {
    const char *name;
    size_t off;
    long long lo, hi;
} ints[] = {
    {"quorum_num", offsetof(struct mt_params, quorum_num), 1, 1000},
    {"quorum_den", offsetof(struct mt_params, quorum_den), 1, 1000},
    {"quorum_count", offsetof(struct mt_params, quorum_count), 1, 1000},
    {"seconds_required", offsetof(struct mt_params, seconds_required), 0, 10},
    {"speech_time_s", offsetof(struct mt_params, speech_time_s), 30, 900},
    {"max_speeches", offsetof(struct mt_params, max_speeches), 1, 5},
    {"max_amend_depth", offsetof(struct mt_params, max_amend_depth), 1, 4},
    {"warnings_limit", offsetof(struct mt_params, warnings_limit), 1, 10},
};

static const struct {
    const char *name;
    size_t off;
} bools[] = {
    {"first_timers_first", offsetof(struct mt_params, first_timers_first)},
    {"mover_speaks_first", offsetof(struct mt_params, mover_speaks_first)},
    {"alternate_pro_con", offsetof(struct mt_params, alternate_pro_con)},
    {"require_stance", offsetof(struct mt_params, require_stance)},
    {"strict_queue", offsetof(struct mt_params, strict_queue)},
    {"chair_may_debate", offsetof(struct mt_params, chair_may_debate)},
    {"observers_may_speak", offsetof(struct mt_params, observers_may_speak)},
};

int mt_param_set_int(struct mt_params *p, const char *name, long long v)
{
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (strcmp(ints[i].name, name) == 0) {
            if (v < ints[i].lo || v > ints[i].hi)
                return -1;
            *(int *)((char *)p + ints[i].off) = (int)v;
            return 0;
        }
    return -1;
}

int mt_param_set_bool(struct mt_params *p, const char *name, bool v)
{
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++)
        if (strcmp(bools[i].name, name) == 0) {
            *(bool *)((char *)p + bools[i].off) = v;
            return 0;
        }
    return -1;
}

/* The position of WORD in a list of three names, in the order of their enum, or -1. Every
 * word-valued parameter has three values. */
static int word_index(const char *const names[3], const char *word)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(names[i], word) == 0)
            return i;
    return -1;
}

const char *const mt_method_names[3] = {"HANDS", "ROLL_CALL", "BALLOT"};
const char *const mt_level_names[3] = {"ESTATE", "BLOCK", "BUILDING_GROUP"};

int mt_method_parse(const char *s)
{
    return word_index(mt_method_names, s);
}

const char *mt_method_name(enum mt_method m)
{
    return mt_method_names[(unsigned)m < 3 ? m : 0];
}

int mt_level_parse(const char *s)
{
    return word_index(mt_level_names, s);
}

int mt_param_set_word(struct mt_params *p, const char *name, const char *v)
{
    if (strcmp(name, "chair_vote_mode") == 0) {
        static const char *const modes[] = {"NONE", "LAST", "TIE_BREAK"};
        int i = word_index(modes, v);
        if (i < 0)
            return -1;
        p->chair_vote_mode = (enum mt_chair_vote)i;
        return 0;
    }
    if (strcmp(name, "default_vote_method") == 0 || strcmp(name, "division_method") == 0) {
        int m = mt_method_parse(v);
        if (m < 0)
            return -1;
        if (name[1] == 'e')
            p->default_vote_method = (enum mt_method)m;
        else
            p->division_method = (enum mt_method)m;
        return 0;
    }
    if (strcmp(name, "majority_basis") == 0) {
        static const char *const bases[] = {"VOTES_CAST", "PRESENT", "ENTIRE_MEMBERSHIP"};
        int i = word_index(bases, v);
        if (i < 0)
            return -1;
        p->majority_basis = (enum mt_basis)i;
        return 0;
    }
    /* Only the values the engine implements are accepted. */
    if (strcmp(name, "reconsider_window") == 0)
        return strcmp(v, "SAME_MEETING") == 0 ? 0 : -1;
    if (strcmp(name, "clock") == 0)
        return strcmp(v, "injected") == 0 ? 0 : -1;
    return -1;
}

int mt_param_set_threshold(struct mt_params *p, const char *type, const char *v)
{
    int k = mt_kind_parse(type);
    if (k < 0)
        return -1;
    enum mt_threshold def = mt_kind_row((enum mt_kind)k)->vote;
    if (def != MT_MAJORITY && def != MT_TWO_THIRDS)
        return -1; /* APPEAL keeps its own rule; demands are not voted on */
    if (strcmp(v, "MAJORITY") == 0)
        p->threshold[k] = MT_MAJORITY;
    else if (strcmp(v, "TWO_THIRDS") == 0)
        p->threshold[k] = MT_TWO_THIRDS;
    else
        return -1;
    return 0;
}
