/* Lookups and small derived values of the meeting state; nothing here changes a state except
 * mt_text_put. */
#include <stdlib.h>
#include <string.h>

#include "meeting/state.h"

int mt_person_find(const struct mt_state *s, const char *id)
{
    if (!id)
        return -1;
    for (int i = 0; i < s->n_persons; i++)
        if (strcmp(s->persons[i].id, id) == 0)
            return i;
    return -1;
}

bool mt_is_member_present(const struct mt_state *s, int p)
{
    return p >= 0 && s->persons[p].member && s->persons[p].present;
}

int mt_present(const struct mt_state *s)
{
    int n = 0;
    for (int i = 0; i < s->n_persons; i++)
        n += s->persons[i].member && s->persons[i].present;
    return n;
}

/* quorum_count if set, otherwise floor(members * num / den) + 1 (section 2.1). */
int mt_quorum(const struct mt_state *s)
{
    if (s->params.quorum_count > 0)
        return s->params.quorum_count;
    return (int)((long long)s->n_members * s->params.quorum_num / s->params.quorum_den) + 1;
}

bool mt_has_quorum(const struct mt_state *s)
{
    return mt_present(s) >= mt_quorum(s);
}

int mt_top(const struct mt_state *s)
{
    return s->depth > 0 ? s->stack[s->depth - 1] : -1;
}

int mt_stack_pos(const struct mt_state *s, int m)
{
    for (int i = 0; i < s->depth; i++)
        if (s->stack[i] == m)
            return i;
    return -1;
}

int mt_stack_main(const struct mt_state *s)
{
    for (int i = 0; i < s->depth; i++)
        if (s->motions[s->stack[i]].kind == MK_MAIN)
            return s->stack[i];
    return -1;
}

int mt_motion_find(const struct mt_state *s, const char *id)
{
    if (!id || id[0] != 'm' || id[1] < '1' || id[1] > '9')
        return -1;
    char *end;
    long n = strtol(id + 1, &end, 10);
    if (*end != '\0' || n < 1 || n > s->n_motions)
        return -1;
    return (int)n - 1;
}

/* AMEND is debatable iff its target is; RECONSIDER iff the motion it brings back is. */
bool mt_debatable(const struct mt_state *s, int m)
{
    for (int hops = 0; m >= 0 && hops < MT_MAX_MOTIONS; hops++) {
        const struct mt_kind_row *r = mt_kind_row((enum mt_kind)s->motions[m].kind);
        if (r->debate != MD_AS_TARGET)
            return r->debate == MD_YES;
        m = s->motions[m].target;
    }
    return false;
}

/* Precedence rank of a pending motion. RECONSIDER takes the rank of the motion it brings back
 * and TAKE_FROM_TABLE that of a main motion (RONR); a pending incidental motion (APPEAL, a
 * WITHDRAW request) must be decided before anything else is moved, so it ranks above all. */
int mt_rank(const struct mt_state *s, int m)
{
    const struct mt_motion *mo = &s->motions[m];
    if (mo->kind == MK_RECONSIDER)
        return mo->target >= 0 ? mt_kind_row((enum mt_kind)s->motions[mo->target].kind)->rank : 1;
    if (mo->kind == MK_TAKE_FROM_TABLE)
        return 1;
    const struct mt_kind_row *r = mt_kind_row((enum mt_kind)mo->kind);
    return r->cls == MC_INCIDENTAL ? 100 : r->rank;
}

bool mt_text_put(struct mt_state *s, struct mt_text *t, const char *str, int len)
{
    if (len < 0 || len > MT_TEXT_MAX || s->pool_used + len > MT_POOL)
        return false;
    memcpy(s->pool + s->pool_used, str, (size_t)len);
    t->off = s->pool_used;
    t->len = (uint16_t)len;
    t->set = true;
    s->pool_used = (uint16_t)(s->pool_used + len);
    return true;
}

const char *mt_text_get(const struct mt_state *s, struct mt_text t, int *len)
{
    *len = t.len;
    return s->pool + t.off;
}

bool mt_text_eq(const struct mt_state *s, struct mt_text a, struct mt_text b)
{
    return a.set == b.set && a.len == b.len && memcmp(s->pool + a.off, s->pool + b.off, a.len) == 0;
}

const char *mt_meeting_state_name(int st)
{
    static const char *const names[] = {"SCHEDULED", "IN_SESSION", "RECESSED", "NO_QUORUM",
                                        "ADJOURNED"};
    return names[(unsigned)st < 5 ? st : 0];
}

const char *mt_motion_state_name(int st)
{
    static const char *const names[] = {"PROPOSED", "SECONDED",  "STATED", "SUSPENDED", "VOTING",
                                        "ADOPTED",  "REJECTED",  "LAPSED", "WITHDRAWN", "KILLED",
                                        "REFERRED", "POSTPONED", "TABLED", "UNFINISHED"};
    return names[(unsigned)st < 14 ? st : 0];
}
