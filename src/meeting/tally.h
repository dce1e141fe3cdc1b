/* Vote arithmetic of PROCEDURE.md section 5, integers only. */
#ifndef MEETING_TALLY_H
#define MEETING_TALLY_H

#include <stdbool.h>

#include "meeting/motions.h"
#include "meeting/params.h"

/* Does the vote carry? MAJORITY by BASIS: VOTES_CAST yes > no, PRESENT 2·yes > present,
 * ENTIRE_MEMBERSHIP 2·yes > members. TWO_THIRDS: yes ≥ 2·no and yes ≥ 1. APPEAL_RULE (the
 * question "shall the ruling stand?"): carries unless no > yes, so 0-0 and ties sustain it.
 * CHAIR and NONE are never put to a vote and never carry. */
bool mt_carries(enum mt_threshold t, enum mt_basis basis, long yes, long no, long present,
                long members);

#endif
