/* The minutes as lines in the reader's language (minutes_view.h): the header fields, the
 * attendance, then per agenda item the motions, speeches, points of order, warnings, votes and
 * resolutions, each in the order they happened, and the head hash. Shared by the page and the
 * PDF, so the paper copy says exactly what the page says. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "meeting/minutes_view.h"
#include "web/i18n.h"
#include "web/when.h"

#define T(r, m) msg_text((r)->lang, (m))

struct lines {
    struct req *r;
    json_t *m;
    struct mline *l;
    int n, cap;
};

static void add(struct lines *L, enum mline_kind k, const char *label, const char *text,
                const char *href)
{
    /* no limit: the array doubles in the request's arena */
    if (L->n == L->cap) {
        int cap = L->cap ? 2 * L->cap : 256;
        struct mline *l = arena_alloc(&L->r->arena, (size_t)cap * sizeof *l);
        if (L->n)
            memcpy(l, L->l, (size_t)L->n * sizeof *l);
        L->l = l;
        L->cap = cap;
    }
    L->l[L->n++] = (struct mline){k, label, text, href};
}

static const char *name(struct lines *L, json_t *o, const char *key)
{
    return minutes_name(L->r, L->m, json_object_get(o, key));
}

static const char *word(struct lines *L, json_t *o, const char *key)
{
    return minutes_word(L->r, json_string_value(json_object_get(o, key)));
}

static long long num(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* A wall time of the day as "21:05:30" (the server's time zone); "—" when absent. */
static const char *clock_of(struct lines *L, json_t *at)
{
    if (!json_is_integer(at))
        return "—";
    time_t t = (time_t)json_integer_value(at);
    struct tm tm;
    localtime_r(&t, &tm);
    return arena_printf(&L->r->arena, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool same_item(json_t *o, json_t *item)
{
    json_t *i = json_object_get(o, "item");
    if (json_is_null(item))
        return !json_is_string(i);
    return json_is_string(i) && strcmp(json_string_value(i), json_string_value(item)) == 0;
}

/* Names of the ids in array A joined with "、", or NONE. */
static const char *names_of(struct lines *L, json_t *a)
{
    const char *s = "";
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        s = arena_printf(&L->r->arena, "%s%s%s", s, i ? T(L->r, M_MIN_LIST_SEP) : "",
                         minutes_name(L->r, L->m, v));
    }
    return *s ? s : T(L->r, M_MIN_NONE);
}

static void header(struct lines *L)
{
    struct req *r = L->r;
    json_t *info = json_object_get(L->m, "info");
    add(L, ML_FIELD, T(r, M_MIN_HALL), json_string_value(json_object_get(info, "hall_name")), NULL);
    add(L, ML_FIELD, T(r, M_MIN_KIND), word(L, info, "kind"), NULL);
    json_t *starts = json_object_get(info, "starts_at");
    json_t *called = json_object_get(json_object_get(L->m, "called_to_order"), "at");
    json_t *adj = json_object_get(json_object_get(L->m, "adjourned"), "at");
    const char *when =
        json_is_integer(starts) ? when_long(r, json_integer_value(starts)) : T(r, M_MIN_UNSET);
    if (json_is_integer(called))
        when = arena_printf(&r->arena, T(r, M_MIN_HELD), when,
                            when_long(r, json_integer_value(called)),
                            json_is_integer(adj) ? clock_of(L, adj) : "—");
    add(L, ML_FIELD, T(r, M_MIN_TIME), when, NULL);
    json_t *cancelled = json_object_get(info, "cancelled_at");
    if (json_is_integer(cancelled)) {
        const char *why = json_string_value(json_object_get(info, "cancel_reason"));
        add(L, ML_FIELD, T(r, M_MIN_CANCELLED_L),
            arena_printf(&r->arena, T(r, M_MIN_CANCELLED),
                         when_long(r, json_integer_value(cancelled)), why && *why ? why : "—"),
            NULL);
    }
    const char *place = json_string_value(json_object_get(info, "place"));
    add(L, ML_FIELD, T(r, M_MIN_PLACE),
        arena_printf(&r->arena, T(r, M_MIN_PAREN), place && *place ? place : T(r, M_MIN_UNSET),
                     word(L, info, "mode")),
        NULL);
    const char *chair = name(L, L->m, "chair");
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(L->m, "handovers"), i, h)
    {
        chair = arena_printf(&r->arena, T(r, M_MIN_HANDOVER), chair, name(L, h, "to"),
                             clock_of(L, json_object_get(h, "at")));
    }
    add(L, ML_FIELD, T(r, M_MIN_CHAIR), chair, NULL);
    json_t *rec = json_object_get(L->m, "recorder");
    add(L, ML_FIELD, T(r, M_MIN_RECORDER),
        rec && !json_is_null(rec) ? json_string_value(json_object_get(rec, "name"))
                                  : T(r, M_MIN_UNSET),
        NULL);
    /* attendance: members who came (with their times), observers who came, absences */
    const char *members = "", *observers = "";
    int nm = 0, no = 0;
    json_t *a;
    json_array_foreach(json_object_get(L->m, "attendance"), i, a)
    {
        json_t *ivs = json_object_get(a, "intervals");
        if (json_array_size(ivs) == 0 || strcmp(word(L, a, "role"), T(r, M_MW_L_CHAIR)) == 0)
            continue;
        const char *times = "";
        size_t j;
        json_t *iv;
        json_array_foreach(ivs, j, iv)
        {
            /* still there at the end: until the adjournment, if there was one */
            json_t *out = json_object_get(iv, "out");
            if (json_is_null(out))
                out = json_object_get(json_object_get(L->m, "adjourned"), "at");
            times = arena_printf(&r->arena, "%s%s%s–%s", times, j ? T(r, M_MIN_TIME_SEP) : "",
                                 clock_of(L, json_object_get(iv, "in")), clock_of(L, out));
        }
        const char *one = arena_printf(&r->arena, T(r, M_MIN_PAREN), name(L, a, "id"), times);
        bool member = strcmp(json_string_value(json_object_get(a, "role")), "member") == 0;
        if (member)
            members =
                arena_printf(&r->arena, "%s%s%s", members, nm++ ? T(r, M_MIN_LIST_SEP) : "", one);
        else
            observers =
                arena_printf(&r->arena, "%s%s%s", observers, no++ ? T(r, M_MIN_LIST_SEP) : "", one);
    }
    add(L, ML_FIELD, arena_printf(&r->arena, T(r, M_MIN_ATTENDED), nm),
        nm ? members : T(r, M_MIN_NONE), NULL);
    json_t *absent = json_object_get(L->m, "absent");
    add(L, ML_FIELD, arena_printf(&r->arena, T(r, M_MIN_ABSENT), (int)json_array_size(absent)),
        names_of(L, absent), NULL);
    add(L, ML_FIELD, T(r, M_MIN_OBSERVERS), no ? observers : T(r, M_MIN_NONE), NULL);
    json_t *ev;
    json_array_foreach(json_object_get(L->m, "session"), i, ev)
    {
        add(L, ML_TEXT, NULL,
            arena_printf(&r->arena, "%s %s", clock_of(L, json_object_get(ev, "at")),
                         word(L, ev, "event")),
            NULL);
    }
}

/* Everything that happened while ITEM (an id, or null: before the first item) was open. */
static void item_body(struct lines *L, json_t *item)
{
    struct req *r = L->r;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(L->m, "motions"), i, o)
    {
        if (!same_item(o, item))
            continue;
        json_t *text = json_object_get(o, "text");
        add(L, ML_TEXT, T(r, M_MIN_MOTIONS),
            arena_printf(&r->arena, T(r, M_MIN_MOTION), clock_of(L, json_object_get(o, "at")),
                         json_string_value(json_object_get(o, "id")), word(L, o, "type"),
                         json_is_string(text) ? arena_printf(&r->arena, T(r, M_MIN_MOTION_TEXT),
                                                             json_string_value(text))
                                              : "",
                         name(L, o, "mover"), names_of(L, json_object_get(o, "seconders")),
                         word(L, o, "state")),
            NULL);
    }
    json_array_foreach(json_object_get(L->m, "speeches"), i, o)
    {
        if (!same_item(o, item))
            continue;
        add(L, ML_TEXT, T(r, M_MIN_SPEECHES),
            arena_printf(&r->arena, T(r, M_MIN_SPEECH), clock_of(L, json_object_get(o, "at")),
                         name(L, o, "person"), word(L, o, "stance"),
                         json_string_value(json_object_get(o, "motion")), num(o, "seconds"),
                         num(o, "wall_seconds"), word(L, o, "end")),
            NULL);
    }
    json_array_foreach(json_object_get(L->m, "points_of_order"), i, o)
    {
        if (!same_item(o, item))
            continue;
        json_t *ru = json_object_get(o, "ruling");
        const char *ruling = json_is_null(ru) || !ru ? T(r, M_MIN_RULING_NONE)
                             : json_is_true(json_object_get(ru, "sustained"))
                                 ? T(r, M_MIN_RULING_YES)
                                 : T(r, M_MIN_RULING_NO);
        const char *s =
            arena_printf(&r->arena, T(r, M_MIN_POO), clock_of(L, json_object_get(o, "at")),
                         name(L, o, "by"), ruling);
        size_t j;
        json_t *ap;
        json_array_foreach(json_object_get(o, "appeals"), j, ap)
        {
            s = arena_printf(&r->arena, "%s%s", s,
                             arena_printf(&r->arena, T(r, M_MIN_APPEAL), name(L, ap, "by"),
                                          json_is_string(json_object_get(ap, "motion"))
                                              ? json_string_value(json_object_get(ap, "motion"))
                                              : "—"));
        }
        add(L, ML_TEXT, T(r, M_MIN_RULINGS), s, NULL);
    }
    json_array_foreach(json_object_get(L->m, "warnings"), i, o)
    {
        if (!same_item(o, item))
            continue;
        add(L, ML_TEXT, T(r, M_MIN_WARNINGS),
            arena_printf(&r->arena, T(r, M_MIN_WARNING), clock_of(L, json_object_get(o, "at")),
                         name(L, o, "member"), (int)num(o, "count"),
                         json_is_true(json_object_get(o, "forfeited")) ? T(r, M_MIN_FORFEIT) : ""),
            NULL);
    }
    json_array_foreach(json_object_get(L->m, "votes"), i, o)
    {
        if (!same_item(o, item))
            continue;
        const char *s;
        if (json_is_true(json_object_get(o, "void")))
            s = arena_printf(&r->arena, T(r, M_MIN_VOTE_VOID),
                             clock_of(L, json_object_get(o, "at")),
                             json_string_value(json_object_get(o, "motion")));
        else
            s = arena_printf(&r->arena, T(r, M_MIN_VOTE), clock_of(L, json_object_get(o, "at")),
                             json_string_value(json_object_get(o, "motion")), word(L, o, "type"),
                             word(L, o, "method"), (int)num(o, "yes"), (int)num(o, "no"),
                             (int)num(o, "abstain"), (int)num(o, "present"),
                             word(L, o, "threshold"),
                             json_is_true(json_object_get(o, "adopted")) ? T(r, M_MW_ADOPTED)
                                                                         : T(r, M_MW_REJECTED),
                             json_is_true(json_object_get(o, "divided"))     ? T(r, M_MIN_DIVIDED)
                             : json_is_null(json_object_get(o, "final_seq")) ? T(r, M_MIN_NOT_FINAL)
                                                                             : "");
        if (json_is_string(json_object_get(o, "entered_by")))
            s = arena_printf(
                &r->arena, "%s%s", s,
                arena_printf(&r->arena, T(r, M_MIN_ENTERED_BY), name(L, o, "entered_by")));
        add(L, ML_TEXT, T(r, M_MIN_VOTES), s, NULL);
        /* a roll call: each member's answer by name */
        const char *roll = "";
        size_t j;
        json_t *v;
        json_array_foreach(json_object_get(o, "roll"), j, v)
        {
            const char *c = json_string_value(json_object_get(v, "choice"));
            enum msg w = c && strcmp(c, "YES") == 0  ? M_ROOM_YES
                         : c && strcmp(c, "NO") == 0 ? M_ROOM_NO
                                                     : M_ROOM_ABSTAIN;
            roll = arena_printf(
                &r->arena, "%s%s%s %s%s", roll, j ? T(r, M_MIN_LIST_SEP) : "", name(L, v, "id"),
                T(r, w),
                json_is_string(json_object_get(v, "entered_by"))
                    ? arena_printf(&r->arena, T(r, M_MIN_ENTERED_BY), name(L, v, "entered_by"))
                    : "");
        }
        if (*roll)
            add(L, ML_TEXT, T(r, M_MIN_VOTES), arena_printf(&r->arena, T(r, M_MIN_ROLL), roll),
                NULL);
    }
    json_array_foreach(json_object_get(L->m, "resolutions"), i, o)
    {
        if (!same_item(o, item))
            continue;
        json_t *tid = json_object_get(o, "topic_id");
        add(L, ML_TEXT, T(r, M_MIN_RESOLUTIONS),
            arena_printf(
                &r->arena, T(r, M_MIN_RESOLUTION), json_string_value(json_object_get(o, "text")),
                (int)num(o, "yes"), (int)num(o, "no"), (int)num(o, "abstain"),
                json_is_integer(json_object_get(o, "resolution_id")) ? T(r, M_MIN_RES_RECORDED)
                                                                     : ""),
            json_is_integer(tid)
                ? arena_printf(&r->arena, "/topics/%lld", (long long)json_integer_value(tid))
                : NULL);
    }
}

static bool item_has_anything(struct lines *L, json_t *item)
{
    static const char *const lists[] = {"motions",  "speeches", "points_of_order",
                                        "warnings", "votes",    "resolutions"};
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        size_t i;
        json_t *o;
        json_array_foreach(json_object_get(L->m, lists[k]), i,
                           o) if (same_item(o, item)) return true;
    }
    return false;
}

int minutes_lines(struct req *r, json_t *m, struct mline **out)
{
    struct lines L = {r, m, NULL, 0, 0};
    header(&L);
    json_t *none = json_null();
    if (item_has_anything(&L, none)) {
        add(&L, ML_HEAD, NULL, T(r, M_MIN_BEFORE_ITEMS), NULL);
        item_body(&L, none);
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        json_t *id = json_object_get(it, "id");
        json_t *title = json_object_get(it, "title");
        add(&L, ML_HEAD, NULL,
            arena_printf(&r->arena, T(r, M_MIN_ITEM), json_string_value(id),
                         json_is_string(title) ? json_string_value(title) : ""),
            NULL);
        json_t *tid = json_object_get(it, "topic_id");
        if (json_is_integer(tid))
            add(&L, ML_SUB, NULL,
                arena_printf(&r->arena, T(r, M_MIN_ITEM_TOPIC),
                             json_string_value(json_object_get(it, "topic_title"))),
                arena_printf(&r->arena, "/topics/%lld", (long long)json_integer_value(tid)));
        add(&L, ML_SUB, NULL,
            arena_printf(&r->arena, T(r, M_MIN_ITEM_STATE), clock_of(&L, json_object_get(it, "at")),
                         word(&L, it, "state")),
            NULL);
        item_body(&L, id);
    }
    add(&L, ML_HEAD, NULL, T(r, M_MIN_CHECK), NULL);
    add(&L, ML_TEXT, NULL,
        arena_printf(&r->arena, T(r, M_MIN_HEAD), num(m, "entries"),
                     json_string_value(json_object_get(m, "head_hash"))),
        NULL);
    *out = L.l;
    return L.n;
}
