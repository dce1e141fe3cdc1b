/* The live room's command policy (see policy.h). */
#include <string.h>

#include "meeting/policy.h"

static bool is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

struct room_cmd room_command_of(const json_t *c)
{
    struct room_cmd rc = {json_string_value(json_object_get(c, "cmd")),
                          json_string_value(json_object_get(c, "actor")), false};
    const json_t *n = json_object_get(c, "counts");
    rc.counts = n && !json_is_null(n);
    return rc;
}

static bool in_list(const json_t *a, const char *eid)
{
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        if (is(json_string_value(v), eid))
            return true;
    }
    return false;
}

bool room_on_roster(const json_t *setup, const char *eid)
{
    if (!eid || !*eid)
        return false;
    return in_list(json_object_get(setup, "members"), eid) ||
           in_list(json_object_get(setup, "observers"), eid) ||
           is(json_string_value(json_object_get(setup, "chair")), eid);
}

bool room_policy(const struct room_who *w, const json_t *setup, const struct room_cmd *c)
{
    if (!w->scheduled && w->staff)
        return true; /* 1 */
    bool clerk = w->staff || w->recorder;
    if (!clerk && !room_on_roster(setup, w->self))
        return false; /* 2 */
    if (is(c->name, "QUERY"))
        return true; /* 3 */
    if (is(c->name, "TICK"))
        return w->scheduled && (clerk || is(w->self, w->chair)); /* 4 */
    if (w->hands_open && is(c->name, "CAST"))
        return false; /* 5 */
    if (c->actor && w->self && strcmp(c->actor, w->self) == 0)
        return !(w->scheduled && !clerk && is(c->name, "ATTEND") && !w->at_door); /* 6 */
    if (clerk && (is(c->name, "ATTEND") || is(c->name, "LEAVE")))
        return room_on_roster(setup, c->actor); /* 7 */
    if (clerk && w->roll_call && is(c->name, "CAST"))
        return in_list(json_object_get(setup, "members"), c->actor); /* 7 */
    if (clerk && is(c->name, "CLOSE_VOTE") && c->counts)
        return is(w->chair ? w->chair : json_string_value(json_object_get(setup, "chair")),
                  c->actor); /* 7 */
    return false;            /* 8 */
}
