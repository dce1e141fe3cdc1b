/* Reading a project's evaluation; see eval_store.h. */
#include "fund/eval_store.h"

#include <jansson.h>
#include <string.h>

#include "db/db.h"
#include "fund/eval_sheet_json.h"
#include "hall/topic_status.h"

static const char *text_or_null(struct req *r, struct db_stmt *st, int col)
{
    return db_column_null(st, col) ? NULL : arena_strdup(&r->arena, db_column_text(st, col));
}

static bool load_sheet(struct req *r, int64_t project_id, struct fund_eval *e)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT sheet, total, grade, grade_en, decision, formula, formula_en,"
                          " published_at FROM fund_eval WHERE project_id = ?");
    db_bind(st, "i", project_id);
    bool ok = true;
    if (db_step(st) == DB_ROW) {
        json_error_t err;
        json_t *o = json_loads(db_column_text(st, 0), 0, &err);
        ok = o && eval_sheet_from_json(&r->arena, o, &e->sheet);
        json_decref(o);
        e->stored = true;
        e->published = !db_column_null(st, 7);
        if (e->published) {
            e->total = db_column_int(st, 1);
            e->grade = text_or_null(r, st, 2);
            e->grade_en = text_or_null(r, st, 3);
            e->decision = text_or_null(r, st, 4);
            e->formula = text_or_null(r, st, 5);
            e->formula_en = text_or_null(r, st, 6);
            e->published_at = db_column_int(st, 7);
        }
    }
    db_done(st);
    return ok;
}

bool fund_eval_load(struct req *r, int64_t project_id, struct fund_eval *e)
{
    memset(e, 0, sizeof *e);
    e->sheet = *eval_default_sheet();
    if (!load_sheet(r, project_id, e))
        return false;
    size_t n = e->sheet.n;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT s.director_id, p.name, s.indicator, s.score FROM fund_eval_score s"
               " JOIN person p ON p.id = s.director_id WHERE s.project_id = ?"
               " ORDER BY s.director_id, s.indicator");
    db_bind(st, "i", project_id);
    struct fund_eval_director *d = NULL;
    while (db_step(st) == DB_ROW) {
        int64_t who = db_column_int(st, 0), i = db_column_int(st, 2);
        if (!d || d->id != who) {
            if (e->ndirectors == FUND_EVAL_DIRECTORS_MAX)
                break; /* more than can be averaged: eval_compute would refuse them anyway */
            d = &e->directors[e->ndirectors++];
            d->id = who;
            d->name = arena_strdup(&r->arena, db_column_text(st, 1));
            d->scores = arena_alloc(&r->arena, sizeof *d->scores * (n ? n : 1));
            for (size_t k = 0; k < n; k++)
                d->scores[k] = EVAL_SCORE_MISSING;
        }
        if (i >= 0 && (size_t)i < n)
            d->scores[i] = (int)db_column_int(st, 3);
    }
    db_done(st);
    for (size_t k = 0; k < e->ndirectors; k++) {
        struct eval_problem p;
        e->directors[k].complete = eval_scores_check(&e->sheet, e->directors[k].scores, true, &p);
    }
    st = db_prepare(r->db, "SELECT answer, count(*) FROM fund_survey WHERE project_id = ?"
                           " GROUP BY answer");
    db_bind(st, "i", project_id);
    while (db_step(st) == DB_ROW) {
        int a = eval_answer_parse(db_column_text(st, 0));
        int64_t c = db_column_int(st, 1);
        if (a == EVAL_SATISFIED)
            e->survey.satisfied = c;
        else if (a == EVAL_BASIC)
            e->survey.basic = c;
        else if (a == EVAL_DISSATISFIED)
            e->survey.dissatisfied = c;
    }
    db_done(st);
    return true;
}

int *fund_eval_complete_scores(struct req *r, const struct fund_eval *e, size_t *nd)
{
    size_t n = e->sheet.n;
    int *all = arena_alloc(&r->arena, sizeof *all * (n * e->ndirectors + 1));
    *nd = 0;
    for (size_t k = 0; k < e->ndirectors; k++) {
        if (!e->directors[k].complete)
            continue;
        memcpy(all + *nd * n, e->directors[k].scores, sizeof *all * n);
        (*nd)++;
    }
    return all;
}

const char *fund_eval_grade(struct req *r, int64_t project_id, int lang)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT grade, grade_en FROM fund_eval"
                                           " WHERE project_id = ? AND published_at IS NOT NULL");
    db_bind(st, "i", project_id);
    const char *g = NULL;
    if (db_step(st) == DB_ROW)
        g = text_or_null(r, st, lang == HALL_LANG_EN ? 1 : 0);
    db_done(st);
    return g;
}
