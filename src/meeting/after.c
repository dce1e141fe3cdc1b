/* What an accepted command means beyond the meeting (see command.h). Reserved for the minutes
 * part of issue 5: an adopted main motion on an item linked to a topic becomes that topic's
 * resolution (source 'meeting'). */
#include "meeting/command.h"

int meeting_after_accept(struct req *r, const struct meeting_row *m, int64_t seq,
                         const char *command, const char *answer)
{
    (void)r;
    (void)m;
    (void)seq;
    (void)command;
    (void)answer;
    return 0;
}
