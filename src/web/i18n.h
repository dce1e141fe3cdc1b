/* The message catalogue: every string a person reads comes from locale/messages.def, in
 * Chinese and English side by side so neither can fall behind. */
#ifndef MULIN_I18N_H
#define MULIN_I18N_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

enum msg {
#define MSG(id, zh, en) id,
#include "../../locale/messages.def"
#undef MSG
    MSG_COUNT
};

/* Returns the text of message m in lang (a static string). */
const char *msg_text(enum lang lang, enum msg m);
/* Picks a language from an Accept-Language header value (NULL or unknown → Chinese). */
enum lang lang_from_accept(const char *header);
/* "zh" or "en". */
const char *lang_code(enum lang lang);

#endif
