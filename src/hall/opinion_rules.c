#include "hall/opinion_rules.h"

#include <string.h>

#include "util/utf8.h"

static const struct {
    const char *key; /* stable database and API name */
    enum msg msg;    /* the name people read */
} stances[STANCE_COUNT] = {
    [STANCE_FOR] = {"for", M_OP_STANCE_FOR},
    [STANCE_AGAINST] = {"against", M_OP_STANCE_AGAINST},
    [STANCE_QUESTION] = {"question", M_OP_STANCE_QUESTION},
    [STANCE_SUGGESTION] = {"suggestion", M_OP_STANCE_SUGGESTION},
};

static const struct {
    const char *key;
    enum msg msg;
} flag_reasons[FLAG_COUNT] = {
    [FLAG_ATTACK] = {"attack", M_OP_FLAG_ATTACK},
    [FLAG_OFF_TOPIC] = {"off_topic", M_OP_FLAG_OFF_TOPIC},
};

static const struct {
    int status;       /* HTTP status */
    const char *code; /* API code */
    enum msg msg;     /* message for people */
} errs[OPINION_ERR_COUNT] = {
    [OPINION_OK] = {200, "ok", M_OP_SAVED},
    [OPINION_E_STANCE] = {400, "stance_required", M_OP_E_STANCE},
    [OPINION_E_EMPTY] = {400, "missing_field", M_OP_E_EMPTY},
    [OPINION_E_TOO_LONG] = {422, "too_long", M_OP_E_TOO_LONG},
    [OPINION_E_CLOSED] = {409, "closed", M_OP_E_CLOSED},
    [OPINION_E_LIMIT] = {409, "limit_reached", M_OP_E_LIMIT},
    [OPINION_E_NOT_RESIDENT] = {403, "forbidden", M_OP_E_NOT_RESIDENT},
    [OPINION_E_REPLY] = {422, "bad_reply", M_OP_E_REPLY},
    [OPINION_E_ADDRESSEE] = {422, "bad_addressee", M_OP_E_ADDRESSEE},
    [OPINION_E_FLAG_REASON] = {400, "bad_reason", M_OP_E_FLAG_REASON},
    [OPINION_E_FLAGGED] = {409, "already_flagged", M_OP_E_FLAGGED},
    [OPINION_E_OWN] = {422, "own_opinion", M_OP_E_OWN},
    [OPINION_E_HIDE_REASON] = {400, "reason_required", M_OP_E_HIDE_REASON},
    [OPINION_E_HIDDEN] = {409, "already_hidden", M_OP_E_HIDDEN},
    [OPINION_E_SETTINGS] = {422, "bad_settings", M_OP_E_SETTINGS},
    [OPINION_E_FORBIDDEN] = {403, "forbidden", M_ERR_FORBIDDEN},
    [OPINION_E_NOT_FOUND] = {404, "not_found", M_ERR_NOT_FOUND},
    [OPINION_E_DB] = {503, "unavailable", M_ERR_UNAVAILABLE},
};

const char *stance_key(enum stance s)
{
    return (unsigned)s < STANCE_COUNT ? stances[s].key : "?";
}

int stance_parse(const char *key)
{
    for (int s = 0; key && s < STANCE_COUNT; s++)
        if (strcmp(stances[s].key, key) == 0)
            return s;
    return -1;
}

enum msg stance_msg(enum stance s)
{
    return (unsigned)s < STANCE_COUNT ? stances[s].msg : M_OP_STANCE_SUGGESTION;
}

const char *flag_reason_key(enum flag_reason f)
{
    return (unsigned)f < FLAG_COUNT ? flag_reasons[f].key : "?";
}

int flag_reason_parse(const char *key)
{
    for (int f = 0; key && f < FLAG_COUNT; f++)
        if (strcmp(flag_reasons[f].key, key) == 0)
            return f;
    return -1;
}

enum msg flag_reason_msg(enum flag_reason f)
{
    return (unsigned)f < FLAG_COUNT ? flag_reasons[f].msg : M_OP_FLAG_OFF_TOPIC;
}

int opinion_err_status(enum opinion_err e)
{
    return (unsigned)e < OPINION_ERR_COUNT ? errs[e].status : 500;
}

const char *opinion_err_code(enum opinion_err e)
{
    return (unsigned)e < OPINION_ERR_COUNT ? errs[e].code : "internal";
}

enum msg opinion_err_msg(enum opinion_err e)
{
    return (unsigned)e < OPINION_ERR_COUNT ? errs[e].msg : M_ERR_INTERNAL;
}

bool opinion_topic_open(enum topic_status s)
{
    /* Once the vote is recorded the deliberation is over; objections to a resolution go
     * through the notice (公示) instead. */
    return s == TOPIC_COLLECTING || s == TOPIC_PENDING_REVIEW || s == TOPIC_ACCEPTED ||
           s == TOPIC_DELIBERATING;
}

enum opinion_err opinion_check_text(const char *key, const char *body, int max_chars,
                                    enum stance *stance)
{
    /* The stance comes first, as rule 9 says: without one the reasons are not read. */
    int s = stance_parse(key);
    if (s < 0)
        return OPINION_E_STANCE;
    if (!hall_text_present(body))
        return OPINION_E_EMPTY;
    if (max_chars < 0 || utf8_chars(body) > (size_t)max_chars)
        return OPINION_E_TOO_LONG;
    if (stance)
        *stance = (enum stance)s;
    return OPINION_OK;
}

enum opinion_err opinion_check_quota(int used, int limit, bool free_answer)
{
    if (free_answer)
        return OPINION_OK;
    return used < limit ? OPINION_OK : OPINION_E_LIMIT;
}

int opinion_left(int used, int limit)
{
    return used < limit ? limit - used : 0;
}

size_t opinion_prefix_len(const char *s, int chars)
{
    size_t i = 0;
    /* Continuation bytes (10xxxxxx) belong to the character before them. */
    for (int n = 0; s[i] && n < chars; n++)
        for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

struct hall_settings hall_settings_default(void)
{
    return (struct hall_settings){OPINION_LIMIT_DEFAULT, OPINION_CHARS_DEFAULT, true};
}

enum opinion_err hall_settings_check(const struct hall_settings *s)
{
    if (s->opinion_limit < OPINION_LIMIT_MIN || s->opinion_limit > OPINION_LIMIT_MAX ||
        s->opinion_max_chars < OPINION_CHARS_MIN || s->opinion_max_chars > OPINION_CHARS_MAX)
        return OPINION_E_SETTINGS;
    return OPINION_OK;
}
