/* libFuzzer target for src/fund/eval_sheet_json.c: the indicator sheet the hall's staff send as
 * JSON. Beyond "no crash" it checks that a sheet read and found sound writes back to JSON that
 * reads again as the same JSON (the stored form is stable), and that such a sheet can be
 * scored: one complete score sheet of full marks computes, with a total of at most 100 points
 * when there is no survey. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fund/eval_sheet_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    json_t *o = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!o)
        return 0;
    struct arena a;
    arena_init(&a);
    struct eval_sheet s;
    struct eval_problem p;
    if (eval_sheet_from_json(&a, o, &s) && eval_sheet_check(&s, &p)) {
        json_t *j1 = eval_sheet_to_json(&s);
        char *t1 = json_dumps(j1, JSON_COMPACT | JSON_SORT_KEYS);
        struct eval_sheet s2;
        if (!t1 || !eval_sheet_from_json(&a, j1, &s2))
            abort();
        json_t *j2 = eval_sheet_to_json(&s2);
        char *t2 = json_dumps(j2, JSON_COMPACT | JSON_SORT_KEYS);
        if (!t2 || strcmp(t1, t2) != 0)
            abort();
        int scores[EVAL_INDICATORS_MAX];
        bool survey = false;
        for (size_t i = 0; i < s.n; i++) {
            scores[i] = 10 * s.ind[i].weight;
            survey = survey || s.ind[i].from_survey;
        }
        struct eval_survey sv = {survey ? 1 : 0, 0, 0};
        struct eval_result r;
        if (!eval_compute(&s, scores, 1, &sv, &r, &p) || r.total != 10000)
            abort(); /* full marks and a fully satisfied survey give exactly 100.00 */
        free(t1);
        free(t2);
        json_decref(j1);
        json_decref(j2);
    }
    arena_free(&a);
    json_decref(o);
    return 0;
}
