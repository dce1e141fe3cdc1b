/* The meeting's clock without a console, pure (see room_clock.h). */
#include <string.h>

#include "meeting/apply.h"
#include "meeting/room_clock.h"

int64_t room_tick_due(const struct room_run *run)
{
    const struct mt_state *s = room_state(run);
    if (!s || !run->clocked || run->n == 0 || s->meeting == MS_ADJOURNED)
        return 0;
    if (s->floor == FL_SPEAKING && !mt_floor_paused(s)) {
        int64_t left = s->remaining;
        int32_t budget = s->motions[s->floor_question].time_budget;
        if (budget >= 0 && budget < left)
            left = budget;
        return run->t0 + s->now + (left > 0 ? left : 0);
    }
    if (s->meeting == MS_RECESSED && s->now < s->recess_until)
        return run->t0 + s->recess_until;
    return 0;
}

bool room_presence_counted(const char *name, bool clerk)
{
    return !clerk && name && (strcmp(name, "ATTEND") == 0 || strcmp(name, "LEAVE") == 0);
}
