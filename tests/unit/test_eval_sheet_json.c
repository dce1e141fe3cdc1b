/* The indicator sheet as JSON: the default sheet survives a round trip unchanged (and still
 * passes the sheet check), and every malformed shape is refused rather than half read. The
 * period arithmetic of the disclosure (quarter ends in Asia/Shanghai) is checked here too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fund/eval_sheet_json.h"
#include "fund/report_store.h"

static void test_round_trip(void **state)
{
    (void)state;
    const struct eval_sheet *d = eval_default_sheet();
    json_t *j = eval_sheet_to_json(d);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    json_t *back = json_loads(text, 0, NULL);
    free(text);
    struct arena a;
    arena_init(&a);
    struct eval_sheet s;
    assert_true(eval_sheet_from_json(&a, back, &s));
    json_decref(back);
    assert_int_equal(s.n, d->n);
    assert_int_equal(s.nbands, d->nbands);
    assert_int_equal(s.basic_pct, d->basic_pct);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.ind[i].parent, d->ind[i].parent);
        assert_int_equal(s.ind[i].weight, d->ind[i].weight);
        assert_string_equal(s.ind[i].name, d->ind[i].name);
        assert_string_equal(s.ind[i].name_en, d->ind[i].name_en);
        assert_string_equal(s.ind[i].target, d->ind[i].target);
        assert_int_equal(s.ind[i].from_survey, d->ind[i].from_survey);
        assert_int_equal(s.ind[i].target_pct, d->ind[i].target_pct);
    }
    for (size_t i = 0; i < s.nbands; i++) {
        assert_int_equal(s.bands[i].min, d->bands[i].min);
        assert_string_equal(s.bands[i].name, d->bands[i].name);
    }
    struct eval_problem p;
    assert_true(eval_sheet_check(&s, &p));
    arena_free(&a);
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]",
        "{}",
        "{\"indicators\":3,\"bands\":[]}",
        "{\"indicators\":[],\"bands\":{}}",
        "{\"indicators\":[1],\"bands\":[]}",
        "{\"indicators\":[{\"parent\":-1,\"weight\":100,\"name\":\"a\"}],\"bands\":[]}",
        "{\"indicators\":[{\"parent\":-1,\"weight\":\"100\",\"name\":\"a\",\"name_en\":\"a\"}],"
        "\"bands\":[]}",
        "{\"indicators\":[{\"parent\":-2,\"weight\":100,\"name\":\"a\",\"name_en\":\"a\"}],"
        "\"bands\":[]}",
        "{\"indicators\":[{\"parent\":-1,\"weight\":100,\"name\":\"a\",\"name_en\":\"a\","
        "\"from_survey\":1}],\"bands\":[]}",
        "{\"indicators\":[],\"bands\":[{\"min\":0,\"name\":\"x\"}]}",
        "{\"indicators\":[],\"bands\":[{\"min\":1.5,\"name\":\"x\",\"name_en\":\"x\"}]}",
        "{\"indicators\":[],\"bands\":[],\"basic_pct\":\"100\"}",
        "{\"indicators\":[],\"bands\":[],\"basic_pct\":99999999999}",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        json_t *o = json_loads(bad[k], JSON_DECODE_ANY, NULL);
        assert_non_null(o);
        struct arena a;
        arena_init(&a);
        struct eval_sheet s;
        if (eval_sheet_from_json(&a, o, &s))
            fail_msg("read: %s", bad[k]);
        arena_free(&a);
        json_decref(o);
    }
    /* 31 indicators is more than a sheet holds. */
    json_t *many = json_pack("{s:[],s:[]}", "indicators", "bands");
    for (int i = 0; i < EVAL_INDICATORS_MAX + 1; i++)
        json_array_append_new(
            json_object_get(many, "indicators"),
            json_pack("{s:i,s:i,s:s,s:s}", "parent", -1, "weight", 1, "name", "a", "name_en", "a"));
    struct arena a;
    arena_init(&a);
    struct eval_sheet s;
    assert_false(eval_sheet_from_json(&a, many, &s));
    arena_free(&a);
    json_decref(many);
}

static void test_quarter_end(void **state)
{
    (void)state;
    /* 2026-04-01 00:00 +08:00 = 2026-03-31 16:00 UTC = 1774972800. */
    assert_int_equal(fund_quarter_end(2026, 1), INT64_C(1774972800));
    /* 2027-01-01 00:00 +08:00 = 2026-12-31 16:00 UTC = 1798732800. */
    assert_int_equal(fund_quarter_end(2026, 4), INT64_C(1798732800));
    /* 2024 is a leap year: Q1 ends 2024-04-01 00:00 +08:00 = 1711900800. */
    assert_int_equal(fund_quarter_end(2024, 1), INT64_C(1711900800));
    for (int q = 1; q < 4; q++)
        assert_true(fund_quarter_end(2026, q) < fund_quarter_end(2026, q + 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_quarter_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
