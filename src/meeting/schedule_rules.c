/* The pure checks of scheduling a meeting (see schedule_rules.h). */
#include "meeting/schedule_rules.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall/topic_status.h"
#include "util/utf8.h"

static const char *const kind_keys[SK_COUNT] = {"council", "hearing", "coordination", "review"};
static const char *const kind_names[2][SK_COUNT] = {
    {"议事会", "听证会", "协调会", "评议会"},
    {"Council meeting", "Hearing", "Coordination meeting", "Review meeting"}};
static const char *const mode_keys[SM_COUNT] = {"in_person", "online", "both"};
static const char *const mode_names[2][SM_COUNT] = {{"现场", "线上", "现场 + 线上"},
                                                    {"In person", "Online", "In person + online"}};
static const char *const org_keys[SO_COUNT] = {"property", "owners",     "committee", "police",
                                               "grid",     "department", "other"};
static const char *const org_names[2][SO_COUNT] = {
    {"物业", "业委会", "居委", "民警", "网格员", "职能部门", "其他"},
    {"Property management", "Owners' committee", "Residents' committee", "Police", "Grid worker",
     "Government department", "Other"}};

static int parse(const char *const *keys, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], s) == 0)
            return i;
    return -1;
}

static int lang_ix(int lang)
{
    return lang == 1 ? 1 : 0;
}

const char *sched_kind_key(int k)
{
    return k >= 0 && k < SK_COUNT ? kind_keys[k] : "?";
}
int sched_kind_parse(const char *s)
{
    return parse(kind_keys, SK_COUNT, s);
}
const char *sched_kind_name(int k, int lang)
{
    return k >= 0 && k < SK_COUNT ? kind_names[lang_ix(lang)][k] : "?";
}
const char *sched_mode_key(int m)
{
    return m >= 0 && m < SM_COUNT ? mode_keys[m] : "?";
}
int sched_mode_parse(const char *s)
{
    return parse(mode_keys, SM_COUNT, s);
}
const char *sched_mode_name(int m, int lang)
{
    return m >= 0 && m < SM_COUNT ? mode_names[lang_ix(lang)][m] : "?";
}
const char *sched_org_key(int o)
{
    return o >= 0 && o < SO_COUNT ? org_keys[o] : "?";
}
int sched_org_parse(const char *s)
{
    return parse(org_keys, SO_COUNT, s);
}
const char *sched_org_name(int o, int lang)
{
    return o >= 0 && o < SO_COUNT ? org_names[lang_ix(lang)][o] : "?";
}

const char *sched_level_of_node_kind(const char *node_kind)
{
    if (!node_kind)
        return NULL;
    if (strcmp(node_kind, "area") == 0)
        return "ESTATE";
    if (strcmp(node_kind, "block") == 0)
        return "BLOCK";
    if (strcmp(node_kind, "group") == 0)
        return "BUILDING_GROUP";
    return NULL;
}

static const char *const err_codes[SCHED_ERR_COUNT] = {
    [SCHED_OK] = "ok",
    [SCHED_E_TITLE] = "bad_title",
    [SCHED_E_KIND] = "bad_kind",
    [SCHED_E_TIME] = "bad_time",
    [SCHED_E_PAST] = "in_the_past",
    [SCHED_E_PLACE] = "bad_place",
    [SCHED_E_MODE] = "bad_mode",
    [SCHED_E_URL] = "bad_online_url",
    [SCHED_E_ITEMS] = "too_many_items",
    [SCHED_E_ITEM] = "bad_item",
    [SCHED_E_TOPIC] = "bad_topic",
    [SCHED_E_PERSONS] = "too_many_persons",
    [SCHED_E_PERSON] = "bad_person",
    [SCHED_E_MEMBER] = "member_outside_scope",
    [SCHED_E_NO_MEMBERS] = "no_members",
    [SCHED_E_CHAIR] = "bad_chair",
    [SCHED_E_GUESTS] = "too_many_guests",
    [SCHED_E_GUEST] = "bad_guest",
    [SCHED_E_SETUP] = "bad_setup",
    [SCHED_E_STARTED] = "meeting_started",
    [SCHED_E_CANCELLED] = "meeting_cancelled",
    [SCHED_E_REASON] = "bad_reason",
    [SCHED_E_HELD] = "meeting_held",
};

const char *sched_err_code(enum sched_err e)
{
    return e < SCHED_ERR_COUNT ? err_codes[e] : "bad_input";
}

int sched_err_status(enum sched_err e)
{
    return e == SCHED_E_STARTED || e == SCHED_E_CANCELLED || e == SCHED_E_HELD ? 409 : 422;
}

/* 1..max characters and not only spaces. */
static bool text_ok(const char *s, size_t max)
{
    return s && hall_text_present(s) && utf8_chars(s) <= max;
}

bool sched_url_ok(const char *url)
{
    static const char scheme[] = "https://";
    if (!url || strncmp(url, scheme, sizeof scheme - 1) != 0 || strlen(url) > SCHED_URL_MAX)
        return false;
    const char *host = url + sizeof scheme - 1;
    if (*host == '\0' || *host == '/' || *host == ':' || *host == '?' || *host == '#')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return false;
    return true;
}

enum sched_err sched_check_basics(const struct sched_basics *b, int64_t now, bool check_past)
{
    if (!text_ok(b->title, SCHED_TITLE_MAX))
        return SCHED_E_TITLE;
    if (sched_kind_parse(b->kind) < 0)
        return SCHED_E_KIND;
    if (b->starts_at <= 0 || b->ends_at <= b->starts_at)
        return SCHED_E_TIME;
    if (check_past && b->starts_at < now)
        return SCHED_E_PAST;
    if (b->starts_at > now + SCHED_AHEAD_MAX || b->ends_at - b->starts_at > SCHED_LENGTH_MAX)
        return SCHED_E_TIME;
    int mode = sched_mode_parse(b->mode);
    if (mode < 0)
        return SCHED_E_MODE;
    const char *place = b->place ? b->place : "";
    if (utf8_chars(place) > SCHED_PLACE_MAX || (mode != SM_ONLINE && !hall_text_present(place)))
        return SCHED_E_PLACE;
    const char *url = b->online_url ? b->online_url : "";
    if (mode != SM_IN_PERSON ? !sched_url_ok(url) : (url[0] && !sched_url_ok(url)))
        return SCHED_E_URL;
    return SCHED_OK;
}

enum sched_err sched_check_counts(int items, int persons, int guests)
{
    if (items > SCHED_ITEMS_MAX)
        return SCHED_E_ITEMS;
    if (persons > SCHED_PERSONS_MAX)
        return SCHED_E_PERSONS;
    if (guests > SCHED_GUESTS_MAX)
        return SCHED_E_GUESTS;
    return SCHED_OK;
}

enum sched_err sched_check_item_title(const char *title)
{
    return text_ok(title, SCHED_ITEM_TITLE_MAX) ? SCHED_OK : SCHED_E_ITEM;
}

enum sched_err sched_check_guest(const char *org, const char *name)
{
    if (sched_org_parse(org) < 0 || !text_ok(name, SCHED_NAME_MAX))
        return SCHED_E_GUEST;
    return SCHED_OK;
}

enum sched_err sched_check_reason(const char *reason)
{
    return text_ok(reason, SCHED_REASON_MAX) ? SCHED_OK : SCHED_E_REASON;
}

bool sched_like_pattern(const char *q, char *out, size_t cap)
{
    if (!q || !hall_text_present(q) || utf8_chars(q) > SCHED_SEARCH_MAX || cap < 2 * strlen(q) + 3)
        return false;
    size_t n = 0;
    out[n++] = '%';
    for (const char *p = q; *p; p++) {
        if (*p == '\\' || *p == '%' || *p == '_')
            out[n++] = '\\';
        out[n++] = *p;
    }
    out[n++] = '%';
    out[n] = '\0';
    return true;
}

bool sched_checkin_open(int64_t now, int64_t starts, int64_t ends)
{
    return now >= starts - SCHED_CHECKIN_EARLY && now <= ends + SCHED_CHECKIN_LATE;
}

int64_t sched_parse_local(const char *s)
{
    int y, mo, d, h, mi, used = 0;
    char sep;
    if (!s || sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &used) != 6 ||
        (sep != 'T' && sep != ' '))
        return 0;
    int sec = 0, more = 0; /* seconds, when a browser sends them: ":00" */
    if (s[used] == ':' && (sscanf(s + used, ":%2d%n", &sec, &more) != 1 || sec != 0))
        return 0;
    if (s[used + (size_t)more] != '\0')
        return 0;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_isdst = -1};
    time_t t = mktime(&tm);
    /* mktime rolls 02-30 over to 03-02: such a date was never meant. */
    if (t == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != mo - 1 || tm.tm_mday != d ||
        tm.tm_hour != h || tm.tm_min != mi)
        return 0;
    return (int64_t)t;
}
