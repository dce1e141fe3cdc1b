/* The script runner: parses a line, applies it, prints the answer. A malformed line (bad JSON,
 * unknown command, unknown field value) answers E_BAD_INPUT and the run goes on. */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/script.h"

int mt_script_init(struct mt_script *sc)
{
    sc->m = calloc(1, sizeof *sc->m);
    sc->have = 0;
    return sc->m ? 0 : -1;
}

void mt_script_free(struct mt_script *sc)
{
    free(sc->m);
    sc->m = NULL;
}

static char *dump(json_t *j)
{
    char *s = json_dumps(j, JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

static char *answer_error(enum mt_err e)
{
    json_t *j = json_object();
    json_object_set_new(j, "ok", json_false());
    json_object_set_new(j, "error", json_string(mt_err_name(e)));
    json_object_set_new(j, "message", json_string(mt_err_message(e)));
    return dump(j);
}

/* ---- setup ---- */

/* What PARSE makes of the string V; -1 when V is absent or not a string. */
static int word_of(json_t *v, int (*parse)(const char *))
{
    return json_is_string(v) ? parse(json_string_value(v)) : -1;
}

static int set_param(struct mt_params *p, const char *name, json_t *v, int *level)
{
    if (strcmp(name, "level") == 0) {
        *level = word_of(v, mt_level_parse);
        return *level >= 0 ? 0 : -1;
    }
    if (strcmp(name, "threshold") == 0) {
        if (!json_is_object(v))
            return -1;
        const char *k;
        json_t *t;
        json_object_foreach(v, k, t)
        {
            if (!json_is_string(t) || mt_param_set_threshold(p, k, json_string_value(t)) < 0)
                return -1;
        }
        return 0;
    }
    if (strcmp(name, "quorum_count") == 0 && json_is_null(v)) {
        p->quorum_count = 0;
        return 0;
    }
    if (json_is_integer(v))
        return mt_param_set_int(p, name, json_integer_value(v));
    if (json_is_boolean(v))
        return mt_param_set_bool(p, name, json_is_true(v));
    if (json_is_string(v))
        return mt_param_set_word(p, name, json_string_value(v));
    return -1;
}

/* Strings of a JSON array into IDS (at most MAX); -1 when not an array of strings. */
static int id_list(json_t *a, const char **ids, int max)
{
    if (!json_is_array(a) || (int)json_array_size(a) > max)
        return -1;
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v))
            return -1;
        ids[i] = json_string_value(v);
    }
    return (int)json_array_size(a);
}

static enum mt_err setup(struct mt_script *sc, json_t *su)
{
    static const char *members[MT_MAX_PERSONS], *observers[MT_MAX_PERSONS];
    if (!json_is_object(su))
        return E_BAD_INPUT;
    struct mt_setup st;
    memset(&st, 0, sizeof st);
    mt_params_default(&st.params);
    json_t *lv = json_object_get(su, "level");
    st.level = word_of(lv, mt_level_parse);
    st.n_members = id_list(json_object_get(su, "members"), members, MT_MAX_PERSONS);
    json_t *ob = json_object_get(su, "observers");
    st.n_observers = ob && !json_is_null(ob) ? id_list(ob, observers, MT_MAX_PERSONS) : 0;
    json_t *ch = json_object_get(su, "chair");
    st.chair = json_is_string(ch) ? json_string_value(ch) : NULL;
    json_t *ps = json_object_get(su, "params");
    if (ps && !json_is_null(ps)) {
        if (!json_is_object(ps))
            return E_BAD_INPUT;
        const char *k;
        json_t *v;
        int level = st.level;
        json_object_foreach(ps, k, v)
        {
            if (set_param(&st.params, k, v, &level) < 0)
                return E_BAD_INPUT;
        }
        if (st.level < 0)
            st.level = level;
        else if (level != st.level)
            return E_BAD_INPUT;
    }
    if (st.level < 0 || st.n_members < 0 || st.n_observers < 0 || !st.chair)
        return E_BAD_INPUT;
    st.members = members;
    st.observers = observers;
    enum mt_err e = mt_setup(sc->m, &st);
    if (e == MT_OK)
        sc->have = 1;
    return e;
}

/* ---- commands ---- */

/* An optional string field: absent or null leaves *out NULL; anything but a string is bad. */
static int opt_string(json_t *o, const char *key, const char **out, int *len)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (len)
        *len = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = json_string_value(v);
    if (len) {
        size_t n = json_string_length(v);
        if (n > MT_TEXT_MAX)
            return -1;
        *len = (int)n;
    }
    return 0;
}

/* An optional enumerated field: -1 when absent or null, -2 when not one of NAMES. */
static int opt_enum(json_t *o, const char *key, const char *const *names, int n)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return -1;
    if (!json_is_string(v))
        return -2;
    for (int i = 0; i < n; i++)
        if (strcmp(json_string_value(v), names[i]) == 0)
            return i;
    return -2;
}

/* MOVE's params: LIMIT_EXTEND speech_time_s 30..900, max_speeches 1..5, time_budget_s
 * 1..86400; RECESS minutes 0..1440; an AMEND any of these, as the new values of the
 * LIMIT_EXTEND or RECESS it amends. Other keys or values are bad. */
static int move_params(json_t *o, struct mt_cmd *c)
{
    json_t *ps = json_object_get(o, "params");
    if (!ps || json_is_null(ps))
        return 0;
    if (!json_is_object(ps))
        return -1;
    const char *k;
    json_t *v;
    json_object_foreach(ps, k, v)
    {
        if (!json_is_integer(v))
            return -1;
        long long n = json_integer_value(v);
        bool limit = c->type == MK_LIMIT_EXTEND || c->type == MK_AMEND;
        if (limit && strcmp(k, "speech_time_s") == 0 && n >= 30 && n <= 900)
            c->p_speech_time_s = (int)n;
        else if (limit && strcmp(k, "max_speeches") == 0 && n >= 1 && n <= 5)
            c->p_max_speeches = (int)n;
        else if (limit && strcmp(k, "time_budget_s") == 0 && n >= 1 && n <= 86400)
            c->p_time_budget_s = (int)n;
        else if ((c->type == MK_RECESS || c->type == MK_AMEND) && strcmp(k, "minutes") == 0 &&
                 n >= 0 && n <= 1440)
            c->p_minutes = (int)n;
        else
            return -1;
    }
    return 0;
}

/* CLOSE_VOTE's optional counts (our extension for HANDS votes, docs/procedure.md):
 * {"yes": n, "no": n, "abstain": n}, each an integer 0..MT_MAX_PERSONS; any other key or value
 * is bad. Absent or null: the votes cast member by member decide. */
static int close_counts(json_t *o, struct mt_cmd *c)
{
    json_t *n = json_object_get(o, "counts");
    if (!n || json_is_null(n))
        return 0;
    if (!json_is_object(n))
        return -1;
    const char *k;
    json_t *v;
    json_object_foreach(n, k, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > MT_MAX_PERSONS)
            return -1;
        int x = (int)json_integer_value(v);
        if (strcmp(k, "yes") == 0)
            c->n_yes = x;
        else if (strcmp(k, "no") == 0)
            c->n_no = x;
        else if (strcmp(k, "abstain") == 0)
            c->n_abstain = x;
        else
            return -1;
    }
    return c->n_yes < 0 || c->n_no < 0 || c->n_abstain < 0 ? -1 : 0;
}

/* Fills C from the object O; -1 for a malformed command (script.h). */
int mt_script_parse_cmd(json_t *o, struct mt_cmd *c)
{
    static const char *const stances[] = {"", "PRO", "CON"};
    static const char *const choices[] = {"", "YES", "NO", "ABSTAIN"};
    json_t *name = json_object_get(o, "cmd");
    int kind = word_of(name, mt_cmd_parse);
    if (kind < 0)
        return -1;
    mt_cmd_init(c, (enum mt_cmd_kind)kind);
    json_t *actor = json_object_get(o, "actor");
    c->actor = json_is_string(actor) ? json_string_value(actor) : NULL;
    switch (c->kind) {
    case CMD_MOVE: {
        json_t *t = json_object_get(o, "type");
        c->type = word_of(t, mt_kind_parse);
        if (c->type < 0 || !mt_kind_row((enum mt_kind)c->type)->movable)
            return -1;
        if (opt_string(o, "text", &c->text, &c->text_len) < 0 ||
            opt_string(o, "subject", &c->subject, &c->subject_len) < 0 ||
            opt_string(o, "to", &c->to, &c->to_len) < 0 ||
            opt_string(o, "target", &c->target, NULL) < 0 ||
            opt_string(o, "motion", &c->motion, NULL) < 0 || move_params(o, c) < 0)
            return -1;
        return 0;
    }
    case CMD_SECOND:
    case CMD_WITHDRAW:
    case CMD_DECLARE_LAPSED:
        return opt_string(o, "motion", &c->motion, NULL);
    case CMD_OPEN_ITEM:
        c->level = opt_enum(o, "level", mt_level_names, 3);
        if (c->level == -2)
            return -1;
        return opt_string(o, "item", &c->item, NULL);
    case CMD_REQUEST_FLOOR: {
        int st = opt_enum(o, "stance", stances, 3);
        if (st == -2 || st == 0)
            return -1;
        c->stance = st < 0 ? SN_NONE : st;
        return 0;
    }
    case CMD_RECOGNIZE:
    case CMD_WARN:
        if (opt_string(o, "member", &c->member, NULL) < 0 || !c->member)
            return -1;
        return 0;
    case CMD_TICK: {
        json_t *n = json_object_get(o, "seconds");
        if (!json_is_integer(n) || json_integer_value(n) < 0 || json_integer_value(n) > MT_TICK_MAX)
            return -1;
        c->seconds = json_integer_value(n);
        return 0;
    }
    case CMD_RULE: {
        json_t *v = json_object_get(o, "sustained");
        if (!json_is_boolean(v))
            return -1;
        c->sustained = json_is_true(v);
        return 0;
    }
    case CMD_PUT_QUESTION:
        c->method = opt_enum(o, "method", mt_method_names, 3);
        return c->method == -2 ? -1 : 0;
    case CMD_CAST:
        c->choice = opt_enum(o, "choice", choices, 4);
        return c->choice <= 0 ? -1 : 0;
    case CMD_CLOSE_VOTE:
        return close_counts(o, c);
    case CMD_HANDOVER_CHAIR:
        if (opt_string(o, "to", &c->to, &c->to_len) < 0 || !c->to)
            return -1;
        return 0;
    case CMD_YIELD:
        return opt_string(o, "to", &c->to, &c->to_len);
    default:
        return 0;
    }
}

static json_t *person_or_null(const struct mt_state *s, int p)
{
    return p >= 0 ? json_string(s->persons[p].id) : json_null();
}

static json_t *text_or_null(const struct mt_state *s, struct mt_text t)
{
    if (!t.set)
        return json_null();
    int len;
    const char *p = mt_text_get(s, t, &len);
    return json_stringn(p, (size_t)len);
}

/* Motion M's id in scripts: "m1" for the first motion moved (mt_motion_find reads it back). */
#define MOTION_ID_MAX 16
static const char *motion_id(char id[MOTION_ID_MAX], int m)
{
    snprintf(id, MOTION_ID_MAX, "m%d", m + 1);
    return id;
}

/* QUERY's state (section 7): exactly the listed keys, in the listed order. */
static json_t *state_json(const struct mt_state *s)
{
    json_t *st = json_object();
    json_object_set_new(st, "meeting", json_string(mt_meeting_state_name(s->meeting)));
    json_object_set_new(st, "present", json_integer(mt_present(s)));
    json_object_set_new(st, "quorum", json_integer(mt_quorum(s)));
    json_object_set_new(st, "floor", person_or_null(s, s->holder));
    json_object_set_new(st, "next_speaker", person_or_null(s, mt_next_speaker(s)));
    json_t *stack = json_array();
    char id[MOTION_ID_MAX];
    for (int i = 0; i < s->depth; i++) {
        json_array_append_new(stack, json_string(motion_id(id, s->stack[i])));
    }
    json_object_set_new(st, "stack", stack);
    json_t *motions = json_object();
    for (int i = 0; i < s->n_motions; i++) {
        const struct mt_motion *mo = &s->motions[i];
        json_t *j = json_object();
        json_object_set_new(j, "type", json_string(mt_kind_row((enum mt_kind)mo->kind)->name));
        json_object_set_new(j, "state", json_string(mt_motion_state_name(mo->state)));
        json_object_set_new(j, "text", text_or_null(s, mo->text));
        json_object_set_new(j, "mover", person_or_null(s, mo->mover));
        json_object_set_new(j, "yes", json_integer(mo->yes));
        json_object_set_new(j, "no", json_integer(mo->no));
        json_object_set_new(j, "abstain", json_integer(mo->abstain));
        json_object_set_new(j, "debate_closed", json_boolean(mo->debate_closed));
        json_t *sp = json_object();
        for (int p = 0; p < s->n_persons; p++)
            if (s->persons[p].member || s->persons[p].observer)
                json_object_set_new(sp, s->persons[p].id, json_integer(mo->speeches[p]));
        json_object_set_new(j, "speeches", sp);
        json_object_set_new(motions, motion_id(id, i), j);
    }
    json_object_set_new(st, "motions", motions);
    json_t *w = json_object();
    for (int p = 0; p < s->n_persons; p++)
        if (s->persons[p].member || s->persons[p].observer)
            json_object_set_new(w, s->persons[p].id, json_integer(s->persons[p].warnings));
    json_object_set_new(st, "warnings", w);
    return st;
}

char *mt_script_line(struct mt_script *sc, const char *line, size_t len)
{
    json_error_t jerr;
    json_t *o = json_loadb(line, len, 0, &jerr);
    if (!json_is_object(o)) {
        json_decref(o);
        return answer_error(E_BAD_INPUT);
    }
    json_t *su = json_object_get(o, "setup");
    if (su) {
        enum mt_err e = setup(sc, su);
        json_decref(o);
        if (e)
            return answer_error(e);
        json_t *j = json_object();
        json_object_set_new(j, "ok", json_true());
        return dump(j);
    }
    struct mt_cmd c;
    if (mt_script_parse_cmd(o, &c) < 0 || !sc->have) {
        json_decref(o);
        return answer_error(E_BAD_INPUT);
    }
    struct mt_events ev;
    enum mt_err e = mt_apply(sc->m, &c, &ev);
    if (e) {
        json_decref(o);
        return answer_error(e);
    }
    json_t *j = json_object();
    json_object_set_new(j, "ok", json_true());
    if (c.kind == CMD_MOVE) {
        char id[MOTION_ID_MAX];
        json_object_set_new(j, "motion", json_string(motion_id(id, sc->m->s.n_motions - 1)));
    }
    if (ev.n > 0) {
        json_t *a = json_array();
        for (int i = 0; i < ev.n; i++)
            json_array_append_new(a, json_string(mt_event_name((enum mt_event)ev.ev[i])));
        json_object_set_new(j, "events", a);
    }
    if (c.kind == CMD_QUERY)
        json_object_set_new(j, "state", state_json(&sc->m->s));
    json_decref(o);
    return dump(j);
}

int mt_script_run(FILE *in, FILE *out)
{
    struct mt_script sc;
    if (mt_script_init(&sc) < 0)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        size_t len = (size_t)n;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (len > 0 && line[len - 1] == '\r')
            len--;
        char *ans = mt_script_line(&sc, line, len);
        if (!ans || fprintf(out, "%s\n", ans) < 0)
            rc = -1;
        free(ans);
        if (rc)
            break;
    }
    if (ferror(in) || fflush(out) != 0)
        rc = -1;
    free(line);
    mt_script_free(&sc);
    return rc;
}
