/* Thresholds (section 5): abstentions and absentees never count; ties fail, except that an
 * appeal's tie sustains the chair. */
#include "meeting/tally.h"

bool mt_carries(enum mt_threshold t, enum mt_basis basis, long yes, long no, long present,
                long members)
{
    switch (t) {
    case MT_MAJORITY:
        if (basis == MB_PRESENT)
            return 2 * yes > present;
        if (basis == MB_ENTIRE_MEMBERSHIP)
            return 2 * yes > members;
        return yes > no;
    case MT_TWO_THIRDS:
        return yes >= 2 * no && yes >= 1;
    case MT_APPEAL_RULE:
        return !(no > yes);
    default:
        return false;
    }
}
