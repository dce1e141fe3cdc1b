/* The part of a topic's page about what came of it, newest state first: the outcome it closed
 * with, the tasks carrying the resolution out with their progress and photos, the public notice
 * with its days left, the objections and rulings, and the resolutions (a superseded one marked).
 * Hall staff see the forms of the next step; residents in scope see the objection form while the
 * notice runs. The POST handlers below take those forms; a refusal shows the topic page again
 * with the message above these forms and what was typed still in them (status 4xx, nothing
 * stored: the dispatcher rolls the transaction back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hall/outcome_store.h"
#include "hall/pages.h"
#include "hall/photo.h"
#include "hall/poll_store.h"
#include "hall/sections.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* A refused form of this part is named "outcome.<form>" in r->form_failed, with its message in
 * r->form_message (refuse() below); outcome_section shows the message, and that form what was
 * typed. */

/* What was typed in field `name` of form `form` when it was just refused; "" otherwise. */
static const char *typed(struct req *r, const char *form, const char *name)
{
    const char *v = r->form_failed && strncmp(r->form_failed, "outcome.", 8) == 0 &&
                            strcmp(r->form_failed + 8, form) == 0
                        ? req_param(r, name)
                        : NULL;
    return v ? v : "";
}

static void form_open(struct req *r, const char *action, const char *cls, bool multipart)
{
    html(&r->out, "<form method=\"post\" action=\"%s\" class=\"%s\"", action, cls);
    html_raw(&r->out, multipart ? " enctype=\"multipart/form-data\">" : ">");
    csrf_field(r);
}

static void textarea(struct req *r, const char *id, const char *name, enum msg label, int max,
                     const char *value)
{
    html(&r->out,
         "<label for=\"%s\">%s</label><textarea id=\"%s\" name=\"%s\" rows=\"3\" maxlength=\"%d\" "
         "required>%s</textarea>",
         id, T(r, label), id, name, max, value);
}

static void input(struct req *r, const char *id, const char *name, const char *type, enum msg label,
                  const char *extra, const char *value)
{
    html(&r->out, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" type=\"%s\" ", id,
         T(r, label), id, name, type);
    html_raw(&r->out, extra);
    if (strcmp(type, "file") == 0)
        html_raw(&r->out, ">");
    else
        html(&r->out, " value=\"%s\">", value);
}

/* The submit button that ends a form of form_open (primary: the step the form is for), then
 * after: "\n", or "</section>\n" for a form in a section of its own. */
static void form_end(struct req *r, enum msg label, bool primary, const char *after)
{
    html_raw(&r->out,
             primary ? "<button type=\"submit\" class=\"primary\">" : "<button type=\"submit\">");
    html(&r->out, "%s</button></form>", T(r, label));
    html_raw(&r->out, after);
}

/* An option of a select, selected when it is what was typed. */
static void option(struct req *r, const char *key, const char *name, const char *chosen)
{
    html(&r->out, "<option value=\"%s\"%s>%s</option>", key,
         strcmp(chosen, key) == 0 ? " selected" : "", name);
}

static const char *path_of(struct req *r, const char *fmt, int64_t id)
{
    return arena_printf(&r->arena, fmt, (long long)id);
}

/* The names of the forms there is one of per task and per objection: the page shows each under
 * its name and the handler refuses under the same one, so the right form gets the message. */
static const char *progress_form(struct req *r, int64_t task_id)
{
    return path_of(r, "progress-%lld", task_id);
}

static const char *ruling_form(struct req *r, int64_t objection_id)
{
    return path_of(r, "ruling-%lld", objection_id);
}

/* ---- what is shown ---- */

static void show_outcome(struct req *r, const struct outcome_view *v)
{
    if (!v->closed)
        return;
    html(&r->out,
         "<section><h2>%s</h2><div class=\"notice notice-ok\"><p><strong>%s</strong></p>"
         "<p>%s</p><p class=\"muted\">",
         T(r, M_OUT_OUTCOME), outcome_name(v->outcome, (int)r->lang), v->note);
    html(&r->out, T(r, M_OUT_BY), v->closed_by_name, when_day(r, v->closed_at));
    html(&r->out, "</p></div></section>\n");
}

static void task_forms(struct req *r, const struct task *k)
{
    const char *form = progress_form(r, k->id);
    form_open(r, path_of(r, "/tasks/%lld/progress", k->id), "stack", true);
    textarea(r, arena_printf(&r->arena, "%s-body", form), "body", M_OUT_PROGRESS_LABEL,
             PROGRESS_BODY_MAX, typed(r, form, "body"));
    input(r, arena_printf(&r->arena, "%s-before", form), "before", "file", M_OUT_PROGRESS_BEFORE,
          "accept=\"image/jpeg,image/png\" multiple", "");
    input(r, arena_printf(&r->arena, "%s-after", form), "after", "file", M_OUT_PROGRESS_AFTER,
          "accept=\"image/jpeg,image/png\" multiple", "");
    form_end(r, M_OUT_PROGRESS_SUBMIT, false, "\n");
    if (!k->done) {
        form_open(r, path_of(r, "/tasks/%lld/done", k->id), "inline", false);
        form_end(r, M_OUT_TASK_MARK_DONE, false, "\n");
    }
}

static void show_tasks(struct req *r, const struct topic *t, const struct outcome_view *v,
                       bool staff)
{
    bool executing = t->status == TOPIC_IN_EXECUTION;
    if (!v->ntasks && !(staff && executing))
        return;
    struct buf *o = &r->out;
    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_OUT_TASKS));
    for (size_t i = 0; i < v->ntasks; i++) {
        const struct task *k = &v->tasks[i];
        html(o, "<li class=\"cell\"><strong>%s</strong> <span class=\"kind\">%s</span><br>",
             k->title, T(r, k->done ? M_OUT_TASK_DONE : M_OUT_TASK_OPEN));
        html(o, T(r, M_OUT_TASK_OWNER_DEADLINE), k->owner, k->deadline);
        for (size_t j = 0; j < k->nprogress; j++) {
            const struct progress *g = &k->progress[j];
            html(o, "<div class=\"notice\"><p>%s</p><p class=\"muted\">", g->body);
            html(o, T(r, M_OUT_BY), g->author_name, when_day(r, g->created_at));
            html(o, "</p>");
            photo_gallery(r, "progress_before", g->id);
            photo_gallery(r, "progress_after", g->id);
            html(o, "</div>");
        }
        if (staff && executing)
            task_forms(r, k);
        html(o, "</li>\n");
    }
    html(o, "</ul>\n");
    if (staff && executing) {
        html(o, "<h3>%s</h3>", T(r, M_OUT_TASK_FORM));
        form_open(r, path_of(r, "/topics/%lld/tasks", t->id), "stack", false);
        input(r, "task-title", "title", "text", M_OUT_TASK_TITLE, "required maxlength=\"100\"",
              typed(r, "task", "title"));
        input(r, "task-owner", "owner", "text", M_OUT_TASK_OWNER, "required maxlength=\"60\"",
              typed(r, "task", "owner"));
        input(r, "task-deadline", "deadline", "date", M_OUT_RES_DEADLINE, "required",
              typed(r, "task", "deadline"));
        form_end(r, M_OUT_TASK_FORM, true, "\n");
    }
    html(o, "</section>\n");
}

static void show_notice(struct req *r, const struct topic *t, const struct outcome_view *v,
                        bool staff)
{
    if (!v->nnotices)
        return;
    const struct notice *n = &v->notices[0];
    struct buf *o = &r->out;
    int64_t now = (int64_t)time(NULL);
    html(o, "<section id=\"notice\"><h2>%s</h2><p>", T(r, M_OUT_NOTICE));
    if (n->ended_at)
        html(o, T(r, M_OUT_NOTICE_ENDED_AT), when_day(r, n->ended_at));
    else if (now < n->ends_at)
        html(o, T(r, M_OUT_NOTICE_UNTIL), when_day(r, n->ends_at),
             (long long)notice_days_left(n->ends_at, now));
    else
        html(o, T(r, M_OUT_NOTICE_OVER), when_day(r, n->ends_at));
    html(o, "</p>\n");
    if (staff && t->status == TOPIC_IN_NOTICE && !n->ended_at && now >= n->ends_at) {
        form_open(r, path_of(r, "/topics/%lld/notice/end", t->id), "inline", false);
        form_end(r, M_OUT_NOTICE_END, true, "\n");
    }
    if (outcome_may_object(r, t)) {
        form_open(r, path_of(r, "/topics/%lld/objections", t->id), "stack", false);
        textarea(r, "objection-body", "body", M_OUT_OBJECT_LABEL, OBJECTION_BODY_MAX,
                 typed(r, "objection", "body"));
        form_end(r, M_OUT_OBJECT_SUBMIT, true, "\n");
    }
    html(o, "</section>\n");
}

static void show_objections(struct req *r, const struct topic *t, const struct outcome_view *v,
                            bool staff)
{
    if (!v->nobjections)
        return;
    struct buf *o = &r->out;
    bool visible = topic_proposer_visible(r, t);
    const struct notice *current = v->nnotices ? &v->notices[0] : NULL;
    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_OUT_OBJECTIONS));
    for (size_t i = 0; i < v->nobjections; i++) {
        const struct objection *x = &v->objections[i];
        static const enum msg names[] = {M_OUT_OBJ_OPEN, M_OUT_OBJ_UPHELD, M_OUT_OBJ_DISMISSED};
        /* An anonymous proposer objecting would give themselves away. */
        bool hide = x->person_id == t->proposer_id && !visible;
        html(o, "<li class=\"cell\"><span class=\"kind\">%s</span><p>%s</p><p class=\"muted\">",
             T(r, objection_moot(v, x) ? M_OUT_OBJ_MOOT : names[x->status]), x->body);
        html(o, T(r, M_OUT_BY), hide ? T(r, M_TOPIC_ANONYMOUS) : x->person_name,
             when_day(r, x->created_at));
        html(o, "</p>");
        if (x->status != OBJ_OPEN) {
            html(o, "<p>%s：%s <span class=\"muted\">", T(r, M_OUT_RULING), x->ruling);
            html(o, T(r, M_OUT_BY), x->ruled_by_name, when_day(r, x->ruled_at));
            html(o, "</span></p>");
        } else if (staff && t->status == TOPIC_IN_NOTICE && current &&
                   current->id == x->notice_id && !current->ended_at) {
            const char *form = ruling_form(r, x->id);
            form_open(r, path_of(r, "/objections/%lld/ruling", x->id), "stack", false);
            textarea(r, arena_printf(&r->arena, "%s-reason", form), "reason", M_OUT_RULE_REASON,
                     RULING_REASON_MAX, typed(r, form, "reason"));
            html(o,
                 "<button type=\"submit\" name=\"decision\" value=\"uphold\">%s</button>"
                 "<button type=\"submit\" name=\"decision\" value=\"dismiss\">%s</button></form>",
                 T(r, M_OUT_RULE_UPHOLD), T(r, M_OUT_RULE_DISMISS));
        }
        html(o, "</li>\n");
    }
    html(o, "</ul></section>\n");
}

static void show_resolutions(struct req *r, const struct outcome_view *v)
{
    struct buf *o = &r->out;
    int lang = (int)r->lang;
    static const enum msg sources[] = {M_OUT_SOURCE_POLL, M_OUT_SOURCE_MEETING, M_OUT_SOURCE_HALL};
    for (size_t i = 0; i < v->nres; i++) {
        const struct resolution *x = &v->res[i];
        html(o, "<section><h2>%s</h2>", T(r, M_OUT_RESOLUTION));
        if (x->superseded_at)
            html(o, "<p class=\"kind\">%s</p>", T(r, M_OUT_SUPERSEDED));
        html(o, "<p>%s</p><ul class=\"cells\">", x->text);
        html(o, "<li class=\"cell\">%s：%s</li>", T(r, M_OUT_F_RESPONSIBLE), x->responsible);
        html(o, "<li class=\"cell\">%s：%s</li>", T(r, M_OUT_F_DEADLINE), x->deadline);
        html(o, "<li class=\"cell\">%s：%s</li>", T(r, M_OUT_F_FUNDING),
             funding_name(x->funding, lang));
        html(o, "<li class=\"cell\">%s · ", T(r, sources[x->source]));
        if (x->votes_for == OUTCOME_VOTES_UNKNOWN || x->votes_against == OUTCOME_VOTES_UNKNOWN)
            html(o, "%s", T(r, M_OUT_VOTES_UNKNOWN));
        else if (x->votes_abstain == OUTCOME_VOTES_UNKNOWN)
            html(o, T(r, M_OUT_VOTES_NO_ABSTAIN), (long long)x->votes_for,
                 (long long)x->votes_against);
        else
            html(o, T(r, M_OUT_VOTES), (long long)x->votes_for, (long long)x->votes_against,
                 (long long)x->votes_abstain);
        html(o, " · %s</li></ul></section>\n", when_day(r, x->created_at));
    }
}

/* The staff forms that move the topic on: record, post, report done, close. */
static void staff_forms(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    int lang = (int)r->lang;
    if (topic_may_move(r, t, TOPIC_RESOLVED, NULL) == HALL_OK) {
        html(o, "<section><h2>%s</h2>", T(r, M_OUT_RES_FORM));
        form_open(r, path_of(r, "/topics/%lld/resolutions", t->id), "stack", false);
        textarea(r, "res-text", "text", M_OUT_RES_TEXT, RESOLUTION_TEXT_MAX,
                 typed(r, "resolution", "text"));
        input(r, "res-responsible", "responsible", "text", M_OUT_RES_RESPONSIBLE,
              "required maxlength=\"60\"", typed(r, "resolution", "responsible"));
        input(r, "res-deadline", "deadline", "date", M_OUT_RES_DEADLINE, "required",
              typed(r, "resolution", "deadline"));
        html(o, "<label for=\"res-funding\">%s</label><select id=\"res-funding\" name=\"funding\">",
             T(r, M_OUT_F_FUNDING));
        const char *chosen = typed(r, "resolution", "funding");
        for (int f = 0; f < FUND_COUNT; f++)
            option(r, funding_key((enum funding)f), funding_name((enum funding)f, lang), chosen);
        html(o, "</select>");
        /* A passed poll carries its counts; otherwise the counts of a show of hands. */
        struct poll p;
        struct poll_result pr;
        if (poll_latest_passed(r, t->id, &p, &pr)) {
            html(o, "<input type=\"hidden\" name=\"poll_id\" value=\"%lld\"><p>", (long long)p.id);
            html(o, T(r, M_OUT_RES_FROM_POLL), p.question, (long long)pr.counts.yes,
                 (long long)pr.counts.no, (long long)pr.counts.abstain);
            html(o, "</p>");
        } else {
            input(r, "res-for", "votes_for", "number", M_OUT_RES_VOTES_FOR, "min=\"0\"",
                  typed(r, "resolution", "votes_for"));
            input(r, "res-against", "votes_against", "number", M_OUT_RES_VOTES_AGAINST, "min=\"0\"",
                  typed(r, "resolution", "votes_against"));
            input(r, "res-abstain", "votes_abstain", "number", M_OUT_RES_VOTES_ABSTAIN, "min=\"0\"",
                  typed(r, "resolution", "votes_abstain"));
        }
        form_end(r, M_OUT_RES_FORM, true, "</section>\n");
    }
    if (topic_may_move(r, t, TOPIC_IN_NOTICE, NULL) == HALL_OK) {
        html(o, "<section><h2>%s</h2>", T(r, M_OUT_NOTICE_POST));
        form_open(r, path_of(r, "/topics/%lld/notice", t->id), "stack", false);
        const char *days = typed(r, "notice", "days");
        input(r, "notice-days", "days", "number", M_OUT_NOTICE_DAYS,
              "min=\"1\" max=\"30\" required", *days ? days : "7");
        form_end(r, M_OUT_NOTICE_POST, true, "</section>\n");
    }
    if (t->status == TOPIC_IN_EXECUTION &&
        topic_may_move(r, t, TOPIC_AWAITING_EVALUATION, NULL) == HALL_OK) {
        form_open(r, path_of(r, "/topics/%lld/evaluation", t->id), "inline", false);
        form_end(r, M_OUT_EVALUATE, false, "\n");
    }
    if (topic_may_move(r, t, TOPIC_CLOSED, "x") == HALL_OK) {
        html(o, "<section><h2>%s</h2>", T(r, M_OUT_CLOSE_FORM));
        form_open(r, path_of(r, "/topics/%lld/close", t->id), "stack", false);
        html(o,
             "<label for=\"close-outcome\">%s</label><select id=\"close-outcome\" "
             "name=\"outcome\" required><option value=\"\">%s</option>",
             T(r, M_OUT_OUTCOME), T(r, M_OUT_CHOOSE));
        const char *chosen = typed(r, "close", "outcome");
        for (int k = 0; k < OUTCOME_COUNT; k++)
            option(r, outcome_key((enum outcome_kind)k), outcome_name((enum outcome_kind)k, lang),
                   chosen);
        html(o, "</select>");
        textarea(r, "close-note", "note", M_OUT_CLOSE_NOTE, OUTCOME_NOTE_MAX,
                 typed(r, "close", "note"));
        form_end(r, M_OUT_CLOSE_FORM, true, "</section>\n");
    }
}

void outcome_section(struct req *r, const struct topic *t)
{
    struct outcome_view v;
    if (!outcome_load(r, t->id, &v))
        return;
    bool staff = outcome_staff(r, t);
    html(&r->out, "<div id=\"outcome\">\n");
    if (r->form_failed && strncmp(r->form_failed, "outcome.", 8) == 0)
        html(&r->out, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             r->form_message);
    show_outcome(r, &v);
    if (staff)
        staff_forms(r, t);
    show_tasks(r, t, &v, staff);
    show_notice(r, t, &v, staff);
    show_objections(r, t, &v, staff);
    show_resolutions(r, &v);
    html(&r->out, "</div>\n");
}

/* ---- the forms' handlers ---- */

/* Shows topic_id's page again with f's message above the forms, typed values kept. */
static void refuse(struct req *r, int64_t topic_id, const char *form, const struct outcome_fail *f)
{
    if (f->status >= 500) {
        fail(r, f->status, f->code, M_ERR_UNAVAILABLE);
        return;
    }
    r->form_failed = arena_printf(&r->arena, "outcome.%s", form);
    r->form_message = f->message;
    r->status = f->status;
    r->id = topic_id;
    topic_page(r);
}

/* After a step on topic_id: back to its outcome when ok, else its page again with f refused
 * under form. */
static void finish(struct req *r, int64_t topic_id, const char *form, bool ok,
                   const struct outcome_fail *f)
{
    if (ok)
        req_redirect(r, arena_printf(&r->arena, "/topics/%lld#outcome", (long long)topic_id));
    else
        refuse(r, topic_id, form, f);
}

/* The task of the route with its topic, or a 404 answered. */
static bool load_task(struct req *r, struct task *k, struct topic *t)
{
    if (task_get(r, r->id, k, t))
        return true;
    fail(r, 404, "not_found", M_ERR_NOT_FOUND);
    return false;
}

/* A count typed in a form: "" is unknown; anything but digits is refused (-2). */
static int64_t form_count(struct req *r, const char *name)
{
    const char *s = req_param(r, name);
    if (!s || !*s)
        return OUTCOME_VOTES_UNKNOWN;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v < 0 || v > 100000000 ? -2 : (int64_t)v;
}

void resolution_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct resolution_input in = {
        req_param(r, "text"),           req_param(r, "responsible"), req_param(r, "deadline"),
        req_param(r, "funding"),        form_count(r, "votes_for"),  form_count(r, "votes_against"),
        form_count(r, "votes_abstain"),
    };
    struct outcome_fail f;
    const char *poll = req_param(r, "poll_id");
    int64_t poll_id = poll ? form_count(r, "poll_id") : 0;
    int64_t id = resolution_record(r, &t, &in, NULL, poll_id > 0 ? poll_id : 0, &f);
    finish(r, t.id, "resolution", id != 0, &f);
}

void notice_post_page(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    const char *s = req_param(r, "days");
    char *end = NULL;
    long long days = s && *s ? strtoll(s, &end, 10) : 0;
    if (end && *end)
        days = -1; /* not a number: refused as out of range */
    struct outcome_fail f;
    finish(r, t.id, "notice", notice_post(r, &t, days, &f) != 0, &f);
}

/* Takes step on the route's topic, refused under form. */
static void take_step(struct req *r, const char *form, outcome_step *step)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct outcome_fail f;
    finish(r, t.id, form, step(r, &t, &f) == 0, &f);
}

void notice_end_post(struct req *r)
{
    take_step(r, "notice-end", notice_end);
}

void objection_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct outcome_fail f;
    finish(r, t.id, "objection", objection_raise(r, &t, req_param(r, "body"), &f) != 0, &f);
}

void ruling_post(struct req *r)
{
    struct objection o;
    struct topic t;
    if (!objection_get(r, r->id, &o, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    const char *decision = req_param(r, "decision");
    struct outcome_fail f;
    if (!decision || (strcmp(decision, "uphold") != 0 && strcmp(decision, "dismiss") != 0)) {
        f = (struct outcome_fail){400, "missing_field", "decision", T(r, M_ERR_MISSING_FIELD)};
        refuse(r, t.id, "ruling", &f);
        return;
    }
    bool uphold = strcmp(decision, "uphold") == 0;
    finish(r, t.id, ruling_form(r, o.id),
           objection_rule(r, o.id, uphold, req_param(r, "reason"), &f) == 0, &f);
}

void task_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct task_input in = {req_param(r, "title"), req_param(r, "owner"), req_param(r, "deadline")};
    struct outcome_fail f;
    finish(r, t.id, "task", task_add(r, &t, &in, &f) != 0, &f);
}

void progress_post(struct req *r)
{
    struct task k;
    struct topic t;
    if (!load_task(r, &k, &t))
        return;
    struct outcome_fail f;
    finish(r, t.id, progress_form(r, k.id),
           progress_add(r, k.id, req_param(r, "body"), true, &f) != 0, &f);
}

void task_done_post(struct req *r)
{
    struct task k;
    struct topic t;
    if (!load_task(r, &k, &t))
        return;
    struct outcome_fail f;
    finish(r, t.id, "task-done", task_done(r, k.id, &f) == 0, &f);
}

void evaluation_post(struct req *r)
{
    take_step(r, "evaluation", outcome_to_evaluation);
}

void close_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct outcome_fail f;
    const char *outcome = req_param(r, "outcome"), *note = req_param(r, "note");
    finish(r, t.id, "close", outcome_close(r, &t, outcome, note, &f) == 0, &f);
}
