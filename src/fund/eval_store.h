/* A project's evaluation as stored (tables fund_eval, fund_eval_score, fund_survey): the
 * indicator sheet (the default one until the hall sets another), every director's scores, the
 * survey's counts and, once published, the result. Read by the API (eval_api.c), the project
 * page and the disclosure. */
#ifndef MULIN_FUND_EVAL_STORE_H
#define MULIN_FUND_EVAL_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "fund/evaluation.h"
#include "http/req.h"

#define FUND_EVAL_DIRECTORS_MAX EVAL_DIRECTORS_MAX /* score sheets read for one project */

struct fund_eval_director {
    int64_t id;       /* the director (person) */
    const char *name; /* their name */
    int *scores;      /* tenths, indexed like the sheet, EVAL_SCORE_MISSING where blank */
    bool complete;    /* every indicator the directors score is scored */
};

struct fund_eval {
    struct eval_sheet sheet; /* stored, or the default */
    bool stored;             /* a sheet row exists */
    struct fund_eval_director directors[FUND_EVAL_DIRECTORS_MAX];
    size_t ndirectors;         /* directors who have scored anything */
    struct eval_survey survey; /* the answers so far */
    bool published;            /* the hall has published the result */
    int64_t total;             /* published: hundredths of a point */
    const char *grade;         /* published: 中文 grade */
    const char *grade_en;      /* published: English grade */
    const char *decision;      /* published: "continue" | "change" | "stop" */
    const char *formula;       /* published: the formula with the numbers, 中文 */
    const char *formula_en;    /* published: the same in English */
    int64_t published_at;      /* published: when */
};

/* Loads project_id's evaluation; false only on a stored sheet that cannot be read. */
bool fund_eval_load(struct req *r, int64_t project_id, struct fund_eval *e);
/* The complete score sheets side by side (scores[d * n + i]) in r->arena; their count in *nd. */
int *fund_eval_complete_scores(struct req *r, const struct fund_eval *e, size_t *nd);
/* The grade of a project for the disclosure ("优"), or NULL before it is published. */
const char *fund_eval_grade(struct req *r, int64_t project_id, int lang);

#endif
