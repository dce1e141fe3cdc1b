/* JSON API of a project's performance evaluation (绩效评价, openapi/fund_eval.json):
 *   GET  /api/v1/fund-projects/{id}/evaluation          the sheet, who scored, the survey's
 *        counts, the formula (with the numbers once published) — whoever may read the project
 *   POST /api/v1/fund-projects/{id}/evaluation/sheet    {sheet} or {} for the default sheet:
 *        the hall's staff, before the first score (then the sheet is frozen)
 *   POST /api/v1/fund-projects/{id}/evaluation/scores   {scores:[{indicator, tenths}]}: a
 *        standing director of the hall replaces their own scores (a draft may leave blanks)
 *   POST /api/v1/fund-projects/{id}/evaluation/survey   {answer}: a resident of the project's
 *        area, once per household
 *   POST /api/v1/fund-projects/{id}/evaluation/publish  {decision, reason?}: the hall's staff
 *        compute the grade from the complete score sheets and the survey, and the project
 *        moves 结项 → 已评价 with an event and a feed entry
 * Scores and answers are taken while the project is 结项 (finished). The subdistrict holds no
 * director's role, so it cannot score (403). Limits: EVAL_INDICATORS_MAX indicators,
 * EVAL_DIRECTORS_MAX score sheets, a reason ≤ 2,000 characters. */
#include "fund/eval_api.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/eval_sheet_json.h"
#include "fund/eval_store.h"
#include "hall/feed.h"
#include "hall/topic_status.h"
#include "hall/topic_store.h"
#include "hall/topic_tier.h"
#include "http/jsonbody.h"
#include "util/utf8.h"
#include "web/respond.h"

#define FEV_REASON_MAX 2000 /* characters of the hall's note with its decision */

static void fail_eval(struct req *r, int status, enum eval_err e)
{
    fail_text(r, status, eval_err_key(e), eval_err_message(e, (int)r->lang));
}

/* Refuses unless the project is 结项 (finished); true when it is. */
static bool finished(struct req *r, const struct fund_project *p)
{
    if (p->status == FUND_FINISHED)
        return true;
    fail(r, 409, "step_not_allowed", M_FEV_E_STATUS);
    return false;
}

json_t *fund_eval_json(struct req *r, const struct fund_project *p, const struct fund_eval *e)
{
    int lang = (int)r->lang;
    json_t *o = eval_sheet_to_json(&e->sheet), *dirs = json_array();
    for (size_t k = 0; k < e->ndirectors; k++) {
        const struct fund_eval_director *d = &e->directors[k];
        json_t *x = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)d->id, "name", d->name, "complete",
                              d->complete);
        if (d->id == r->person_id || e->published) {
            json_t *sc = json_array();
            for (size_t i = 0; i < e->sheet.n; i++)
                json_array_append_new(sc, d->scores[i] == EVAL_SCORE_MISSING
                                              ? json_null()
                                              : json_integer(d->scores[i]));
            json_object_set_new(x, "scores", sc);
        }
        json_array_append_new(dirs, x);
    }
    struct buf f = {0};
    eval_formula(&e->sheet, NULL, lang, &f);
    int64_t household = hall_household(r, p->area_path);
    bool answered = household && db_int(r->db, 0,
                                        "SELECT id FROM fund_survey WHERE project_id = ? AND"
                                        " household_id = ?",
                                        "ii", p->id, household);
    json_object_set_new(o, "project_id", json_integer(p->id));
    json_object_set_new(o, "status", json_string(fund_status_key(p->status)));
    json_object_set_new(o, "sheet_stored", json_boolean(e->stored));
    json_object_set_new(o, "directors", dirs);
    json_object_set_new(o, "survey",
                        json_pack("{s:I,s:I,s:I,s:b}", "satisfied", (json_int_t)e->survey.satisfied,
                                  "basic", (json_int_t)e->survey.basic, "dissatisfied",
                                  (json_int_t)e->survey.dissatisfied, "answered", answered));
    json_object_set_new(o, "rule", json_stringn(f.data ? f.data : "", f.len));
    buf_free(&f);
    json_t *res = json_null();
    if (e->published) {
        char pts[EVAL_POINTS_TEXT_MAX];
        eval_points_format(e->total, pts, sizeof pts);
        int d = eval_decision_parse(e->decision);
        res = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "total", (json_int_t)e->total,
                        "total_text", pts, "grade", lang == HALL_LANG_EN ? e->grade_en : e->grade,
                        "decision", e->decision ? e->decision : "", "decision_name",
                        d < 0 ? "" : eval_decision_name(d, lang), "formula",
                        (lang == HALL_LANG_EN ? e->formula_en : e->formula)
                            ? (lang == HALL_LANG_EN ? e->formula_en : e->formula)
                            : "",
                        "published_at", (json_int_t)e->published_at);
    }
    json_object_set_new(o, "result", res);
    json_object_set_new(
        o, "may",
        json_pack("{s:b,s:b,s:b,s:b}", "set_sheet",
                  fund_is_hall(r, p->hall_path) && !e->ndirectors && !e->published, "score",
                  topic_reader_directs(r, p->hall_path) && r->person_id != p->leader_id &&
                      p->status == FUND_FINISHED,
                  "answer", household != 0 && !answered && p->status == FUND_FINISHED, "publish",
                  fund_is_hall(r, p->hall_path) && p->status == FUND_FINISHED));
    return o;
}

void fund_eval_api(struct req *r)
{
    struct fund_project p;
    struct fund_eval e;
    if (!fund_project_readable(r, &p))
        return;
    if (!fund_eval_load(r, p.id, &e)) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    reply_json(r, fund_eval_json(r, &p, &e));
}

void fund_eval_sheet_api(struct req *r)
{
    struct fund_project p;
    struct fund_eval e;
    if (!fund_project_readable(r, &p))
        return;
    if (!fund_is_hall(r, p.hall_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    if (p.status == FUND_EVALUATED || p.status == FUND_REJECTED) {
        fail(r, 409, "step_not_allowed", M_FEV_E_STATUS);
        return;
    }
    if (!fund_eval_load(r, p.id, &e) || !fund_lock(r, p.pool_id, p.id)) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    if (e.ndirectors) {
        fail(r, 409, "sheet_frozen", M_FEV_E_SHEET_FROZEN);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    struct eval_sheet s = *eval_default_sheet();
    json_t *given = json_object_get(b, "sheet");
    struct eval_problem pr;
    if (given && !eval_sheet_from_json(&r->arena, given, &s)) {
        fail(r, 422, "sheet_invalid", M_FEV_E_SHEET);
    } else if (!eval_sheet_check(&s, &pr)) {
        fail_eval(r, 422, pr.err);
    } else {
        json_t *j = eval_sheet_to_json(&s);
        char *text = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        int64_t now = (int64_t)time(NULL);
        if (db_exec(r->db,
                    "INSERT INTO fund_eval(project_id, sheet, set_by, set_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (project_id) DO UPDATE SET sheet = excluded.sheet,"
                    " set_by = excluded.set_by, set_at = excluded.set_at",
                    "isii", p.id, text, r->person_id, now) != DB_DONE ||
            !fund_eval_load(r, p.id, &e)) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
        } else {
            reply_json(r, fund_eval_json(r, &p, &e));
        }
        free(text);
    }
    json_decref(b);
}

bool fund_eval_store_scores(struct req *r, const struct fund_project *p, const int *scores)
{
    if (!topic_reader_directs(r, p->hall_path)) {
        fail(r, 403, "forbidden", M_FEV_E_NOT_DIRECTOR);
        return false;
    }
    if (r->person_id == p->leader_id) { /* as an expense is not approved by its own leader */
        fail(r, 403, "own_project", M_FEV_E_OWN_PROJECT);
        return false;
    }
    struct fund_eval e;
    if (!finished(r, p))
        return false;
    if (!fund_lock(r, p->pool_id, p->id) || !fund_eval_load(r, p->id, &e)) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    for (size_t i = e.sheet.n; i < EVAL_INDICATORS_MAX; i++) {
        if (scores[i] != EVAL_SCORE_MISSING) { /* an indicator the sheet does not have */
            fail(r, 422, "scores_invalid", M_FEV_E_SCORES);
            return false;
        }
    }
    struct eval_problem pr;
    if (!eval_scores_check(&e.sheet, scores, false, &pr)) {
        fail_eval(r, 422, pr.err);
        return false;
    }
    int64_t now = (int64_t)time(NULL);
    /* The sheet is frozen with the first score: store the default when none was set. */
    if (!e.stored) {
        json_t *j = eval_sheet_to_json(&e.sheet);
        char *text = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        enum db_result x = db_exec(r->db,
                                   "INSERT INTO fund_eval(project_id, sheet, set_by, set_at)"
                                   " VALUES (?, ?, ?, ?) ON CONFLICT (project_id) DO NOTHING",
                                   "isii", p->id, text, r->person_id, now);
        free(text);
        if (x != DB_DONE) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
            return false;
        }
    }
    if (db_exec(r->db, "DELETE FROM fund_eval_score WHERE project_id = ? AND director_id = ?", "ii",
                p->id, r->person_id) != DB_DONE) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    for (size_t i = 0; i < e.sheet.n; i++) {
        const struct eval_indicator *x = &e.sheet.ind[i];
        if (x->parent < 0 || x->from_survey || scores[i] == EVAL_SCORE_MISSING)
            continue;
        if (db_exec(r->db,
                    "INSERT INTO fund_eval_score(project_id, director_id, indicator, score, at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    "iiiii", p->id, r->person_id, (int64_t)i, (int64_t)scores[i], now) != DB_DONE) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
            return false;
        }
    }
    return true;
}

void fund_eval_scores_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    json_t *b = fund_body(r);
    if (!b)
        return;
    int scores[EVAL_INDICATORS_MAX];
    for (int i = 0; i < EVAL_INDICATORS_MAX; i++)
        scores[i] = EVAL_SCORE_MISSING;
    json_t *given = json_object_get(b, "scores");
    bool ok = json_is_array(given);
    for (size_t k = 0; ok && k < json_array_size(given); k++) {
        json_t *g = json_array_get(given, k);
        bool bad = false;
        int64_t i = json_is_object(g) ? jsonbody_int(g, "indicator", -1, &bad) : -1;
        /* null or absent: left blank (a draft) */
        json_t *tv = json_is_object(g) ? json_object_get(g, "tenths") : NULL;
        bool blank = json_is_object(g) && (!tv || json_is_null(tv));
        int64_t t = json_is_object(g) && !blank ? jsonbody_int(g, "tenths", -1, &bad) : -1;
        ok = !bad && i >= 0 && i < EVAL_INDICATORS_MAX && (blank || (t >= 0 && t <= 1000));
        if (ok)
            scores[i] = blank ? EVAL_SCORE_MISSING : (int)t;
    }
    struct fund_eval e;
    if (!ok) {
        fail(r, 422, "scores_invalid", M_FEV_E_SCORES);
    } else if (fund_eval_store_scores(r, &p, scores)) {
        if (fund_eval_load(r, p.id, &e))
            reply_json(r, fund_eval_json(r, &p, &e));
        else
            fail(r, 500, "internal", M_ERR_INTERNAL);
    }
    json_decref(b);
}

bool fund_eval_store_answer(struct req *r, const struct fund_project *p, const char *answer)
{
    int64_t household = hall_household(r, p->area_path);
    if (!household) {
        fail(r, 403, "forbidden", M_FEV_E_NOT_RESIDENT);
        return false;
    }
    if (!finished(r, p))
        return false;
    if (eval_answer_parse(answer) < 0) {
        fail(r, 422, "answer_invalid", M_FEV_E_ANSWER);
        return false;
    }
    if (!db_int(r->db, 0,
                "INSERT INTO fund_survey(project_id, household_id, person_id, answer, at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, household_id) DO NOTHING"
                " RETURNING id",
                "iiisi", p->id, household, r->person_id, answer, (int64_t)time(NULL))) {
        fail(r, 409, "answered", M_FEV_E_ANSWERED);
        return false;
    }
    return true;
}

void fund_eval_survey_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    json_t *b = fund_body(r);
    if (!b)
        return;
    struct fund_eval e;
    const char *answer = jsonbody_string(b, "answer");
    if (fund_eval_store_answer(r, &p, answer ? answer : "")) {
        r->status = 201;
        if (fund_eval_load(r, p.id, &e))
            reply_json(r, fund_eval_json(r, &p, &e));
        else
            fail(r, 500, "internal", M_ERR_INTERNAL);
    }
    json_decref(b);
}

bool fund_eval_store_publish(struct req *r, const struct fund_project *p, const char *decision,
                             const char *reason)
{
    if (!fund_is_hall(r, p->hall_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return false;
    }
    if (!finished(r, p))
        return false;
    int d = eval_decision_parse(decision);
    if (d < 0) {
        fail(r, 422, "decision_invalid", M_FEV_E_DECISION);
        return false;
    }
    if (reason && utf8_chars(reason) > FEV_REASON_MAX) {
        fail(r, 422, "text_invalid", M_FUND_E_TEXT);
        return false;
    }
    struct fund_project now_p;
    struct fund_eval e;
    if (!fund_lock(r, p->pool_id, p->id) || !fund_project_load(r, p->id, &now_p) ||
        !fund_eval_load(r, p->id, &e)) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return false;
    }
    if (fund_step_check(now_p.status, FUND_EVALUATED, FUND_ACTOR_HALL, true) != FUND_STEP_OK) {
        fail(r, 409, "step_not_allowed", M_FEV_E_STATUS); /* published meanwhile */
        return false;
    }
    size_t nd = 0;
    int *scores = fund_eval_complete_scores(r, &e, &nd);
    struct eval_result res;
    struct eval_problem pr;
    if (!eval_compute(&e.sheet, scores, nd, &e.survey, &res, &pr)) {
        fail_eval(r, 409, pr.err);
        return false;
    }
    struct buf zh = {0}, en = {0};
    eval_formula(&e.sheet, &res, HALL_LANG_ZH, &zh);
    eval_formula(&e.sheet, &res, HALL_LANG_EN, &en);
    const struct eval_band *band = &e.sheet.bands[res.grade];
    json_t *j = eval_sheet_to_json(&e.sheet);
    char *sheet = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int64_t at = (int64_t)time(NULL);
    const char *key = eval_decision_key(d);
    bool ok =
        db_exec(r->db,
                "INSERT INTO fund_eval(project_id, sheet, set_by, set_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (project_id) DO NOTHING",
                "isii", p->id, sheet, r->person_id, at) == DB_DONE &&
        db_exec(r->db,
                "UPDATE fund_eval SET total = ?, grade = ?, grade_en = ?, decision = ?,"
                " directors = ?, answers = ?, formula = ?, formula_en = ?, published_by = ?,"
                " published_at = ? WHERE project_id = ?",
                "isssiissiii", res.total, band->name, band->name_en, key, res.directors,
                res.answers, zh.data ? zh.data : "", en.data ? en.data : "", r->person_id, at,
                p->id) == DB_DONE &&
        db_exec(r->db,
                "UPDATE fund_project SET status = 'evaluated' WHERE id = ? AND"
                " status = 'finished'",
                "i", p->id) == DB_DONE &&
        db_exec(r->db,
                "INSERT INTO fund_event(project_id, from_status, to_status, actor_id, reason, at)"
                " VALUES (?, 'finished', 'evaluated', ?, ?, ?)",
                "iisi", p->id, r->person_id, reason ? reason : "", at) == DB_DONE;
    char pts[EVAL_POINTS_TEXT_MAX];
    eval_points_format(res.total, pts, sizeof pts);
    const char *summary = arena_printf(&r->arena, "%s「%s」：%s %s，%s（%s）", T(r, M_FUND_FEED),
                                       p->name, fund_status_name(FUND_EVALUATED, HALL_LANG_ZH), pts,
                                       band->name, eval_decision_name(d, HALL_LANG_ZH));
    ok = ok && feed_add(r, p->hall_node_id, p->topic_id, FEED_PROGRESS, 0, true, summary) != 0;
    free(sheet);
    buf_free(&zh);
    buf_free(&en);
    if (!ok)
        fail(r, 500, "internal", M_ERR_INTERNAL);
    return ok;
}

void fund_eval_publish_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    json_t *b = fund_body(r);
    if (!b)
        return;
    struct fund_eval e;
    const char *decision = jsonbody_string(b, "decision");
    bool bad = false;
    const char *reason = jsonbody_text(&r->arena, b, "reason", &bad);
    if (bad) {
        fail(r, 422, "text_invalid", M_FUND_E_TEXT);
    } else if (fund_eval_store_publish(r, &p, decision ? decision : "", reason)) {
        if (fund_project_load(r, p.id, &p) && fund_eval_load(r, p.id, &e))
            reply_json(r, fund_eval_json(r, &p, &e));
        else
            fail(r, 500, "internal", M_ERR_INTERNAL);
    }
    json_decref(b);
}
