#include "auth/role_label.h"

enum msg role_msg(enum role role)
{
    static const enum msg msgs[ROLE_COUNT] = {
        M_ROLE_RESIDENT, M_ROLE_GROUP_LEADER, M_ROLE_DIRECTOR, M_ROLE_CHAIR,
        M_ROLE_RECORDER, M_ROLE_WORKER,       M_ROLE_ADMIN,
    };
    return role < ROLE_COUNT ? msgs[role] : M_ROLE_RESIDENT;
}
