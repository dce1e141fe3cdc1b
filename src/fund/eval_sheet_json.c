/* An indicator sheet to and from JSON; see eval_sheet_json.h. */
#include "fund/eval_sheet_json.h"

json_t *eval_sheet_to_json(const struct eval_sheet *s)
{
    json_t *ind = json_array(), *bands = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct eval_indicator *x = &s->ind[i];
        json_array_append_new(ind,
                              json_pack("{s:i,s:i,s:s,s:s,s:s,s:b,s:i}", "parent", x->parent,
                                        "weight", x->weight, "name", x->name, "name_en", x->name_en,
                                        "target", x->target ? x->target : "", "from_survey",
                                        x->from_survey, "target_pct", x->target_pct));
    }
    for (size_t i = 0; i < s->nbands; i++)
        json_array_append_new(bands,
                              json_pack("{s:I,s:s,s:s}", "min", (json_int_t)s->bands[i].min, "name",
                                        s->bands[i].name, "name_en", s->bands[i].name_en));
    return json_pack("{s:o,s:o,s:i}", "indicators", ind, "bands", bands, "basic_pct", s->basic_pct);
}

/* A string member copied into a; NULL when absent or not a string. */
static const char *str(struct arena *a, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

/* An integer member within [lo, hi]; false when absent, not an integer or out of range (the
 * range only keeps the numbers small enough for int; the sheet check sets the real limits). */
static bool num(const json_t *o, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

bool eval_sheet_from_json(struct arena *a, const json_t *o, struct eval_sheet *out)
{
    const json_t *ind = json_object_get(o, "indicators"), *bands = json_object_get(o, "bands");
    int64_t basic = 100;
    if (!json_is_object(o) || !json_is_array(ind) || !json_is_array(bands) ||
        json_array_size(ind) > EVAL_INDICATORS_MAX || json_array_size(bands) > EVAL_BANDS_MAX ||
        (json_object_get(o, "basic_pct") && !num(o, "basic_pct", -1000, 1000, &basic)))
        return false;
    struct eval_indicator *xs = arena_alloc(a, sizeof *xs * (json_array_size(ind) + 1));
    struct eval_band *bs = arena_alloc(a, sizeof *bs * (json_array_size(bands) + 1));
    for (size_t i = 0; i < json_array_size(ind); i++) {
        const json_t *v = json_array_get(ind, i), *fs = json_object_get(v, "from_survey");
        int64_t parent = -1, weight = 0, pct = 0;
        if (!json_is_object(v) || !num(v, "parent", -1, EVAL_INDICATORS_MAX, &parent) ||
            !num(v, "weight", -1000, 1000, &weight) ||
            (json_object_get(v, "target_pct") && !num(v, "target_pct", -1000, 1000, &pct)) ||
            (fs && !json_is_boolean(fs)))
            return false;
        xs[i] = (struct eval_indicator){
            .parent = (int)parent,
            .weight = (int)weight,
            .name = str(a, v, "name"),
            .name_en = str(a, v, "name_en"),
            .target = str(a, v, "target"),
            .from_survey = json_is_true(fs),
            .target_pct = (int)pct,
        };
        if (!xs[i].name || !xs[i].name_en)
            return false;
    }
    for (size_t i = 0; i < json_array_size(bands); i++) {
        const json_t *v = json_array_get(bands, i);
        int64_t min = 0;
        if (!json_is_object(v) || !num(v, "min", -1, 100000, &min))
            return false;
        bs[i] = (struct eval_band){min, str(a, v, "name"), str(a, v, "name_en")};
        if (!bs[i].name || !bs[i].name_en)
            return false;
    }
    *out = (struct eval_sheet){xs, json_array_size(ind), bs, json_array_size(bands), (int)basic};
    return true;
}
