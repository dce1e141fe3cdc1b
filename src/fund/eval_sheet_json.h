/* An indicator sheet as JSON, the form the API takes and the store keeps (fund_eval.sheet):
 *   {"indicators":[{"parent":-1,"weight":40,"name":"产出指标","name_en":"Outputs",
 *                   "target":"…","from_survey":false,"target_pct":0}, …],
 *    "bands":[{"min":9000,"name":"优","name_en":"Excellent"}, …], "basic_pct":100}
 * Band minimums in hundredths of a point. Only the shape is read here; eval_sheet_check
 * decides whether the sheet is sound. No I/O; tested in tests/unit/test_eval_sheet_json.c. */
#ifndef MULIN_FUND_EVAL_SHEET_JSON_H
#define MULIN_FUND_EVAL_SHEET_JSON_H
#include <jansson.h>
#include <stdbool.h>

#include "fund/evaluation.h"
#include "util/arena.h"

/* The sheet as a new JSON object. */
json_t *eval_sheet_to_json(const struct eval_sheet *s);
/* Reads o into *out, its arrays and strings copied into a (they outlive o). False when o is not
 * shaped as above (a member missing or of the wrong type, more than EVAL_INDICATORS_MAX
 * indicators or EVAL_BANDS_MAX bands). */
bool eval_sheet_from_json(struct arena *a, const json_t *o, struct eval_sheet *out);

#endif
