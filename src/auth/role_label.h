/* The words people read for each role. */
#ifndef MULIN_ROLE_LABEL_H
#define MULIN_ROLE_LABEL_H

#include "auth/perm.h"
#include "web/i18n.h"

enum msg role_msg(enum role role);

#endif
