/* The evaluation page of a project (/fund-projects/{id}/evaluation, 绩效评价): once published,
 * the total, grade, the hall's decision and the formula with its numbers; before, the rule and
 * how many have scored and answered. After 结项 it holds the forms: a standing director's score
 * sheet (points as people write them, "13.5"), a household's satisfaction survey, the hall's
 * publication. Each form runs the API's own handler (fund_pages_call, shared with the project's
 * pages), so a refusal is the API's, shown above the forms with the API's status (and everything
 * rolled back before the page is drawn again). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/eval_api.h"
#include "fund/eval_store.h"
#include "fund/fund_page.h"
#include "fund/fund_pages.h"
#include "hall/topic_status.h"
#include "hall/topic_store.h"
#include "hall/topic_tier.h"
#include "http/assets.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void form_open(struct req *r, int64_t id, const char *action)
{
    html(&r->out, "<form method=\"post\" action=\"/fund-projects/%lld/%s\" class=\"stack\">\n",
         (long long)id, action);
    csrf_field(r);
}

static void evaluation(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    struct fund_eval e;
    if (!fund_eval_load(r, p->id, &e))
        return;
    int lang = (int)r->lang;
    html(o, "<section id=\"evaluation\">\n");
    if (e.published) {
        char pts[EVAL_POINTS_TEXT_MAX];
        eval_points_format(e.total, pts, sizeof pts);
        int d = eval_decision_parse(e.decision);
        html(o, "<p class=\"notice notice-ok\"><strong>%s %s · %s</strong> · %s</p>\n",
             T(r, M_FWP_TOTAL), pts, lang == HALL_LANG_EN ? e.grade_en : e.grade,
             d < 0 ? "" : eval_decision_name(d, lang));
        html(o, "<p class=\"pre\">%s</p>\n", lang == HALL_LANG_EN ? e.formula_en : e.formula);
    } else {
        struct buf f = {0};
        eval_formula(&e.sheet, NULL, lang, &f);
        html(o, "<p class=\"pre muted\">%s</p>\n", f.data ? f.data : "");
        buf_free(&f);
        html(o, "<p>%s %lld · %s %lld</p>\n", T(r, M_FWP_SCORED), (long long)e.ndirectors,
             T(r, M_FWP_ANSWERS),
             (long long)(e.survey.satisfied + e.survey.basic + e.survey.dissatisfied));
    }
    if (p->status != FUND_FINISHED) {
        html(o, "</section>\n");
        return;
    }
    if (topic_reader_directs(r, p->hall_path) && r->person_id != p->leader_id) {
        const int *mine = NULL;
        for (size_t k = 0; k < e.ndirectors; k++)
            if (e.directors[k].id == r->person_id)
                mine = e.directors[k].scores;
        html(o, "<h3>%s</h3>\n", T(r, M_FWP_SCORE_SHEET));
        form_open(r, p->id, "evaluation/scores");
        for (size_t i = 0; i < e.sheet.n; i++) {
            const struct eval_indicator *x = &e.sheet.ind[i];
            if (x->parent < 0 || x->from_survey)
                continue;
            char val[16] = "";
            if (mine && mine[i] != EVAL_SCORE_MISSING)
                snprintf(val, sizeof val, "%d.%d", mine[i] / 10, mine[i] % 10);
            html(o,
                 "<label for=\"s_%zu\">%s（0–%d）</label><span class=\"muted\">%s</span>"
                 "<input id=\"s_%zu\" name=\"s_%zu\" inputmode=\"decimal\" maxlength=\"6\" "
                 "value=\"%s\">\n",
                 i, lang == HALL_LANG_EN ? x->name_en : x->name, x->weight,
                 x->target ? x->target : "", i, i, val);
        }
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_FWP_SAVE_SCORES));
    }
    int64_t household = hall_household(r, p->area_path);
    if (household &&
        !db_int(r->db, 0, "SELECT id FROM fund_survey WHERE project_id = ? AND household_id = ?",
                "ii", p->id, household)) {
        html(o, "<h3>%s</h3>\n", T(r, M_FWP_SURVEY));
        form_open(r, p->id, "evaluation/survey");
        html(o, "<fieldset><legend>%s</legend>", T(r, M_FWP_SURVEY_Q));
        for (int a = 0; a < EVAL_ANSWER_COUNT; a++)
            html(o,
                 "<label class=\"inline\"><input type=\"radio\" name=\"answer\" value=\"%s\" "
                 "required> %s</label>",
                 eval_answer_key(a), eval_answer_name(a, lang));
        html(o, "</fieldset><button type=\"submit\">%s</button></form>\n", T(r, M_FWP_SEND));
    }
    if (fund_is_hall(r, p->hall_path)) {
        html(o, "<h3>%s</h3>\n", T(r, M_FWP_PUBLISH));
        form_open(r, p->id, "evaluation/publish");
        html(o, "<fieldset><legend>%s</legend>", T(r, M_FWP_DECISION));
        for (int d = 0; d < EVAL_DECISION_COUNT; d++)
            html(o,
                 "<label class=\"inline\"><input type=\"radio\" name=\"decision\" value=\"%s\" "
                 "required> %s</label>",
                 eval_decision_key(d), eval_decision_name(d, lang));
        html(o,
             "</fieldset><label for=\"pub_reason\">%s</label><textarea id=\"pub_reason\" "
             "name=\"reason\" rows=\"2\" maxlength=\"2000\"></textarea>"
             "<button type=\"submit\" class=\"primary\">%s</button></form>\n",
             T(r, M_FWP_REASON), T(r, M_FWP_PUBLISH));
    }
    html(o, "</section>\n");
}

void fund_eval_page(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, M_FWP_EVALUATION), p.name));
    html(o, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url(r, "/static/fund.css"));
    html(o, "<p><a href=\"/fund-projects/%lld\">‹ %s</a> · %s</p>\n", (long long)p.id, p.name,
         fund_status_name(p.status, (int)r->lang));
    if (r->form_failed)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             r->form_message);
    evaluation(r, &p);
    page_end(r);
}

/* ---- the forms' handlers ---- */

/* Back to the evaluation page when ok; else the page again with the message, status kept. */
static void done(struct req *r, int64_t id, bool ok, const char *message)
{
    if (ok) {
        req_redirect(r, arena_printf(&r->arena, "/fund-projects/%lld/evaluation", (long long)id));
    } else if (r->status >= 500) {
        fail(r, r->status, "internal", M_ERR_INTERNAL);
    } else {
        int status = r->status;
        r->form_failed = "fund.evaluation";
        r->form_message = message;
        fund_eval_page(r);
        if (r->status < 400)
            r->status = status;
    }
}

static const char *param(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

/* "13.5" → 135 tenths; "" → blank; -2 when it is not a number of points with one decimal. */
static int points_tenths(const char *s)
{
    if (!*s)
        return EVAL_SCORE_MISSING;
    int v = 0, digits = 0, decimals = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 4 || decimals >= 1)
                return -2;
            v = v * 10 + (*s - '0');
            if (decimals >= 0)
                decimals++;
        } else if (*s == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
        } else {
            return -2;
        }
    }
    return decimals == 1 ? v : v * 10;
}

void fund_scores_post(struct req *r)
{
    json_t *scores = json_array();
    bool bad = false;
    for (int i = 0; i < EVAL_INDICATORS_MAX; i++) {
        const char *v = req_param(r, arena_printf(&r->arena, "s_%d", i));
        if (!v)
            continue;
        int t = points_tenths(v);
        bad = bad || t == -2;
        json_array_append_new(scores, t == EVAL_SCORE_MISSING
                                          ? json_pack("{s:i,s:n}", "indicator", i, "tenths")
                                          : json_pack("{s:i,s:i}", "indicator", i, "tenths", t));
    }
    if (bad) {
        json_decref(scores);
        r->status = 422;
        done(r, r->id, false, T(r, M_FWP_E_POINTS));
        return;
    }
    bool ok = fund_pages_call(r, fund_eval_scores_api, json_pack("{s:o}", "scores", scores), NULL);
    done(r, r->id, ok, r->form_message);
}

void fund_survey_post(struct req *r)
{
    bool ok = fund_pages_call(r, fund_eval_survey_api,
                              json_pack("{s:s}", "answer", param(r, "answer")), NULL);
    done(r, r->id, ok, r->form_message);
}

void fund_publish_post(struct req *r)
{
    bool ok = fund_pages_call(
        r, fund_eval_publish_api,
        json_pack("{s:s,s:s}", "decision", param(r, "decision"), "reason", param(r, "reason")),
        NULL);
    done(r, r->id, ok, r->form_message);
}
