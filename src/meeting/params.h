/* The parameters of PROCEDURE.md section 5: defaults, ranges, and setting one by its name.
 * Pure: the script runner turns JSON values into the calls below. */
#ifndef MEETING_PARAMS_H
#define MEETING_PARAMS_H

#include <stdbool.h>

#include "meeting/motions.h"

enum mt_level { LV_ESTATE, LV_BLOCK, LV_BUILDING_GROUP };
enum mt_chair_vote { CV_NONE, CV_LAST, CV_TIE_BREAK };
enum mt_method { VM_HANDS, VM_ROLL_CALL, VM_BALLOT };
enum mt_basis { MB_VOTES_CAST, MB_PRESENT, MB_ENTIRE_MEMBERSHIP };

struct mt_params {
    int quorum_num, quorum_den; /* 1/2: more than half the members */
    int quorum_count;           /* fixed quorum when > 0 */
    int seconds_required;       /* 1; 0 disables the second rule; 0..10 */
    int speech_time_s;          /* 180; 30..900 */
    int max_speeches;           /* 2; 1..5 */
    bool first_timers_first, mover_speaks_first, alternate_pro_con, require_stance;
    bool strict_queue, chair_may_debate, observers_may_speak;
    enum mt_chair_vote chair_vote_mode;    /* NONE */
    enum mt_method default_vote_method;    /* HANDS */
    enum mt_method division_method;        /* ROLL_CALL */
    enum mt_threshold threshold[MK_COUNT]; /* per motion type, section 3 */
    enum mt_basis majority_basis;          /* VOTES_CAST */
    int max_amend_depth;                   /* 2; 1..4 */
    int warnings_limit;                    /* 3; 1..10 */
};

void mt_params_default(struct mt_params *p);

/* Setting one parameter by its section-5 name. Each returns 0, or -1 for an unknown name, a
 * value of the wrong kind or out of range (the caller answers E_BAD_INPUT). */
int mt_param_set_int(struct mt_params *p, const char *name, long long v);
int mt_param_set_bool(struct mt_params *p, const char *name, bool v);
int mt_param_set_word(struct mt_params *p, const char *name, const char *v);
/* threshold[TYPE] = MAJORITY | TWO_THIRDS (only types that are voted on). */
int mt_param_set_threshold(struct mt_params *p, const char *type, const char *v);

/* The names of enum mt_method and enum mt_level, in their order (scripts use them). */
extern const char *const mt_method_names[3];
extern const char *const mt_level_names[3];
/* Enumerations by name; -1 when unknown. */
int mt_level_parse(const char *s);
int mt_method_parse(const char *s);
const char *mt_method_name(enum mt_method m);

#endif
