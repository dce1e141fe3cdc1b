/* The engine's refusals for the live room's pages: the engine and the API speak the spec's
 * Chinese message (meeting/errors.h); a page speaks the reader's language, from the message
 * catalogue (locale/messages.def, M_MT_E_*), whose Chinese is the engine's word for word. */
#ifndef MEETING_ROOM_ERRORS_H
#define MEETING_ROOM_ERRORS_H

#include "meeting/errors.h"
#include "web/i18n.h"

/* The message of refusal E (E_BAD_INPUT's for MT_OK or an unknown code). */
enum msg room_err_msg(enum mt_err e);

#endif
