#include "web/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const catalogue[MSG_COUNT][2] = {
#define MSG(id, zh, en) [id] = {zh, en},
#include "../../locale/messages.def"
#undef MSG
};

const char *msg_text(enum lang lang, enum msg m)
{
    if (m >= MSG_COUNT)
        return "?";
    return catalogue[m][lang == LANG_EN ? 1 : 0];
}

const char *lang_code(enum lang lang)
{
    return lang == LANG_EN ? "en" : "zh";
}

/* Takes the language range with the highest q that we speak; on equal q the first listed wins.
 * Chinese is the default when nothing matches: this is a Chinese service first. */
enum lang lang_from_accept(const char *header)
{
    if (!header)
        return LANG_ZH;
    double best_q = -1;
    enum lang best = LANG_ZH;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ';')
            p++;
        size_t len = (size_t)(p - start);
        double q = 1.0;
        while (*p == ';') {
            p++;
            while (*p == ' ')
                p++;
            if (p[0] == 'q' && p[1] == '=')
                q = strtod(p + 2, NULL);
            while (*p && *p != ',' && *p != ';')
                p++;
        }
        int which = -1;
        if (len >= 2 && strncasecmp(start, "zh", 2) == 0)
            which = LANG_ZH;
        else if (len >= 2 && strncasecmp(start, "en", 2) == 0)
            which = LANG_EN;
        if (which >= 0 && q > best_q) {
            best_q = q;
            best = (enum lang)which;
        }
        if (*p)
            p++;
    }
    return best;
}
