/* The polls on a topic's page (polls_section) and the forms that act on them:
 *   POST /topics/{id}/polls    start a poll (ACT_RUN_POLL on the hall)
 *   POST /polls/{id}/votes     vote (a resident of the hall's scope): one big button a choice
 *   POST /polls/{id}/ballots   enter a paper ballot (ACT_ENTER_BALLOTS on the hall)
 *   POST /polls/{id}/close     close voting now (ACT_RUN_POLL)
 * A refusal shows the topic page again with the message at the top of this section and the
 * form as it was filled in (status 4xx, nothing stored: the dispatcher rolls back); success
 * goes back to the topic page with a short note. Results are bars drawn by <meter>, which
 * needs neither script nor inline style (the CSP allows neither). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/pages.h"
#include "hall/poll_api.h"
#include "hall/poll_store.h"
#include "hall/sections.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* The refusal to show in the section while the topic page is drawn again for a failed form;
 * one request at a time per thread. */
/* The message of a refused poll form, when this page is that form shown again. */
static const char *poll_error(struct req *r)
{
    return r->form_failed && strcmp(r->form_failed, "poll") == 0 ? r->form_message : NULL;
}

/* A datetime-local value ("2026-11-25T19:00", server time) as Unix seconds; dflt when empty,
 * -1 when it cannot be read. */
static int64_t parse_local(const char *s, int64_t dflt)
{
    if (!s || !*s)
        return dflt;
    struct tm tm = {0};
    int sec = 0;
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &sec);
    if (n < 5 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || sec < 0 || sec > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? -1 : (int64_t)t;
}

static const char *local_value(struct req *r, int64_t at)
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    return arena_printf(&r->arena, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static const char *phase_name(struct req *r, enum poll_phase ph)
{
    return T(r, ph == POLL_SCHEDULED ? M_POLL_PHASE_SCHEDULED
                : ph == POLL_OPEN    ? M_POLL_PHASE_OPEN
                                     : M_POLL_PHASE_CLOSED);
}

/* The counts as bars, or the note that they are hidden. */
static void results(struct req *r, const struct poll *p, const struct poll_result *res)
{
    struct buf *o = &r->out;
    if (!res->visible) {
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_POLL_HIDDEN));
        return;
    }
    html(o, "<ul class=\"cells\">\n");
    for (size_t i = 0; i < p->noptions; i++) {
        const char *label = poll_label(r, p, (int)i + 1);
        char rate[16];
        poll_rate_format(res->per_choice[i], res->turnout, rate, sizeof rate);
        html(o,
             "<li class=\"cell\"><strong>%s</strong> %lld · %s<br>"
             "<meter min=\"0\" max=\"%lld\" value=\"%lld\" aria-label=\"%s\">%s</meter></li>\n",
             label, (long long)res->per_choice[i], rate,
             (long long)(res->turnout > 0 ? res->turnout : 1), (long long)res->per_choice[i], label,
             rate);
    }
    html(o, "</ul>\n");
    if (p->kind == POLL_SATISFACTION) {
        char rate[16];
        poll_rate_format(res->counts.yes, res->turnout, rate, sizeof rate);
        html(o, "<p>");
        html(o, T(r, M_POLL_RATE), rate);
        html(o, "</p>\n");
    }
    if (p->kind == POLL_OPTIONS && res->lead) {
        html(o, "<p>");
        html(o, T(r, M_POLL_LEAD), poll_label(r, p, res->lead));
        html(o, "</p>\n");
    }
}

/* The vote buttons, the receipt, or why the reader cannot vote. */
static void vote_part(struct req *r, const struct poll *p, const struct poll_result *res)
{
    struct buf *o = &r->out;
    int64_t household = hall_household(r, p->hall_path);
    if (!household)
        return; /* not theirs to vote in; staff and neighbours still read the results */
    struct poll_ballot b;
    if (poll_my_ballot(r, p, &b)) {
        if (b.mine) {
            html(o, "<div class=\"notice notice-ok\"><p><strong>%s</strong></p><p>",
                 T(r, M_POLL_COUNTED));
            html(o, T(r, M_POLL_RECEIPT), b.receipt);
            html(o, " · %s · %s</p></div>\n", poll_label(r, p, b.choice), when_long(r, b.at));
        } else {
            html(o, "<div class=\"notice notice-ok\"><p>%s</p></div>\n",
                 T(r, M_POLL_HOUSEHOLD_COUNTED));
        }
        return;
    }
    if (res->phase == POLL_SCHEDULED) {
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_POLL_CAN_VOTE_LATER));
        return;
    }
    if (res->phase != POLL_OPEN)
        return;
    html(o, "<form method=\"post\" action=\"/polls/%lld/votes\">", (long long)p->id);
    csrf_field(r);
    for (size_t i = 0; i < p->noptions; i++)
        html(o,
             "<button type=\"submit\" class=\"primary\" name=\"choice\" value=\"%zu\">%s</button>",
             i + 1, poll_label(r, p, (int)i + 1));
    html(o, "</form>\n");
}

/* Staff: the paper-ballot form and the ballots entered so far (who and by whom, never how). */
static void ballots_part(struct req *r, const struct poll *p, const struct poll_result *res)
{
    struct buf *o = &r->out;
    bool enter = may(r, p->hall_path, ACT_ENTER_BALLOTS);
    if (!enter && !may(r, p->hall_path, ACT_RUN_POLL))
        return;
    if (enter && res->phase == POLL_OPEN) {
        bool again = poll_error(r) && req_param(r, "ballot_no");
        html(o,
             "<details%s><summary>%s</summary>"
             "<form method=\"post\" action=\"/polls/%lld/ballots\" class=\"stack\">",
             again ? " open" : "", T(r, M_POLL_BALLOTS), (long long)p->id);
        csrf_field(r);
        html(o,
             "<label for=\"bn-%lld\">%s</label><input id=\"bn-%lld\" name=\"ballot_no\" "
             "maxlength=\"%d\" required value=\"%s\">"
             "<label for=\"bp-%lld\">%s</label><input id=\"bp-%lld\" name=\"person_id\" "
             "inputmode=\"numeric\" required value=\"%s\">"
             "<label for=\"bc-%lld\">%s</label><select id=\"bc-%lld\" name=\"choice\">",
             (long long)p->id, T(r, M_POLL_BALLOT_NO), (long long)p->id, POLL_BALLOT_NO_MAX,
             again ? req_param(r, "ballot_no") : "", (long long)p->id, T(r, M_POLL_VOTER_ID),
             (long long)p->id, again && req_param(r, "person_id") ? req_param(r, "person_id") : "",
             (long long)p->id, T(r, M_POLL_CHOICE), (long long)p->id);
        for (size_t i = 0; i < p->noptions; i++)
            html(o, "<option value=\"%zu\">%s</option>", i + 1, poll_label(r, p, (int)i + 1));
        html(o, "</select><button type=\"submit\" class=\"primary\">%s</button></form></details>\n",
             T(r, M_POLL_BALLOT_SAVE));
    }
    if (res->paper == 0)
        return;
    html(o, "<details><summary>%s (%lld)</summary><ul class=\"cells\">\n", T(r, M_POLL_PAPER_LIST),
         (long long)res->paper);
    struct db_stmt *st = db_prepare(
        r->db, "SELECT v.ballot_no, p.name, e.name, v.at FROM poll_vote v"
               " JOIN person p ON p.id = v.person_id JOIN person e ON e.id = v.entered_by"
               " WHERE v.poll_id = ? AND v.channel = 'paper' ORDER BY v.id");
    db_bind(st, "i", p->id);
    while (db_step(st) == DB_ROW) {
        html(o, "<li class=\"cell\">%s %s · %s · <span class=\"muted\">", T(r, M_POLL_BALLOT_NO),
             db_column_text(st, 0), db_column_text(st, 1));
        html(o, T(r, M_POLL_ENTERED_BY), db_column_text(st, 2));
        html(o, " · %s</span></li>\n", when_long(r, db_column_int(st, 3)));
    }
    db_done(st);
    html(o, "</ul></details>\n");
}

static void one_poll(struct req *r, const struct poll *p, int64_t now)
{
    struct buf *o = &r->out;
    int lang = (int)r->lang;
    struct poll_result res;
    if (!poll_result_read(r, p, now, &res))
        return;
    html(o, "<article class=\"cell\" id=\"poll-%lld\">\n", (long long)p->id);
    html(o, "<p class=\"kind\">%s · %s · <strong>%s</strong></p>\n",
         T(r, p->purpose == POLL_EVALUATION ? M_POLL_EVALUATION : M_POLL_DECISION),
         T(r, p->eligibility == POLL_BY_HOUSEHOLD ? M_POLL_BY_HOUSEHOLD : M_POLL_BY_PERSON),
         phase_name(r, res.phase));
    html(o, "<h3>%s</h3>\n<p class=\"muted\">", p->question);
    html(o, T(r, M_POLL_TIMES), when_long(r, p->opens_at),
         when_long(r, p->closed_at && p->closed_at < p->closes_at ? p->closed_at : p->closes_at));
    html(o, "<br>%s：%s<br>", T(r, M_POLL_RULE), poll_rule_text(r, p));
    html(o,
         T(r,
           p->eligibility == POLL_BY_HOUSEHOLD ? M_POLL_TURNOUT_HOUSEHOLDS : M_POLL_TURNOUT_PEOPLE),
         (long long)res.turnout, (long long)p->eligible);
    if (res.paper)
        html(o, T(r, M_POLL_PAPER_COUNT), (long long)res.paper);
    html(o, "</p>\n");
    results(r, p, &res);
    if (res.decided) {
        html(o, "<p><strong>");
        html(o, T(r, M_POLL_OUTCOME), poll_outcome_name(res.outcome, lang));
        html(o, "</strong></p>\n");
    }
    vote_part(r, p, &res);
    ballots_part(r, p, &res);
    if (res.phase != POLL_CLOSED && may(r, p->hall_path, ACT_RUN_POLL)) {
        html(o, "<form method=\"post\" action=\"/polls/%lld/close\" class=\"inline\">",
             (long long)p->id);
        csrf_field(r);
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_POLL_CLOSE_NOW));
    }
    html(o, "</article>\n");
}

/* A <select> of name with values/labels, the current value selected. */
static void select_field(struct req *r, const char *name, enum msg label, const char *const *values,
                         const char *const *labels, size_t n, const char *current)
{
    struct buf *o = &r->out;
    html(o, "<label for=\"np-%s\">%s</label><select id=\"np-%s\" name=\"%s\">", name, T(r, label),
         name, name);
    for (size_t i = 0; i < n; i++)
        html(o, "<option value=\"%s\"%s>%s</option>", values[i],
             current && strcmp(current, values[i]) == 0 ? " selected" : "", labels[i]);
    html(o, "</select>");
}

/* The value typed into field when the form is shown again, else dflt. */
static const char *keep(struct req *r, bool again, const char *field, const char *dflt)
{
    const char *v = again ? req_param(r, field) : NULL;
    return v ? v : dflt;
}

/* The form that starts a poll, for those who run the hall's polls, when the topic takes one. */
static void create_form(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    int lang = (int)r->lang;
    bool decision = poll_purpose_fits(POLL_DECISION, t->status);
    if (!decision && !poll_purpose_fits(POLL_EVALUATION, t->status))
        return;
    if (!may(r, t->hall_path, ACT_RUN_POLL))
        return;
    bool again = poll_error(r) && req_param(r, "question");
    html(o,
         "<details%s><summary>%s</summary><form method=\"post\" action=\"/topics/%lld/polls\" "
         "class=\"stack\">",
         again ? " open" : "", T(r, M_POLL_NEW), (long long)t->id);
    csrf_field(r);
    html(o, "<input type=\"hidden\" name=\"purpose\" value=\"%s\">",
         decision ? "decision" : "evaluation");
    html(o,
         "<label for=\"np-question\">%s</label><textarea id=\"np-question\" name=\"question\" "
         "rows=\"2\" maxlength=\"%d\" required>%s</textarea>",
         T(r, M_POLL_QUESTION), POLL_QUESTION_MAX, keep(r, again, "question", ""));
    if (decision) {
        const char *kinds[] = {"yes_no", "options"};
        const char *kind_names[] = {T(r, M_POLL_KIND_YES_NO), T(r, M_POLL_KIND_OPTIONS)};
        select_field(r, "kind", M_POLL_KIND, kinds, kind_names, 2, req_param(r, "kind"));
        html(o,
             "<label for=\"np-options\">%s</label><textarea id=\"np-options\" name=\"options\" "
             "rows=\"3\">%s</textarea>",
             T(r, M_POLL_OPTIONS), keep(r, again, "options", ""));
    } else {
        html(o,
             "<input type=\"hidden\" name=\"kind\" value=\"satisfaction\"><p class=\"muted\">"
             "%s</p>",
             T(r, M_POLL_KIND_SATISFACTION));
    }
    const char *eligs[] = {"household", "person"};
    const char *elig_names[] = {T(r, M_POLL_BY_HOUSEHOLD), T(r, M_POLL_BY_PERSON)};
    select_field(r, "eligibility", M_POLL_ELIGIBILITY, eligs, elig_names, 2,
                 req_param(r, "eligibility"));
    int64_t now = (int64_t)time(NULL);
    html(o,
         "<label for=\"np-opens\">%s</label><input id=\"np-opens\" type=\"datetime-local\" "
         "name=\"opens_at\" value=\"%s\">"
         "<label for=\"np-closes\">%s</label><input id=\"np-closes\" type=\"datetime-local\" "
         "name=\"closes_at\" required value=\"%s\">",
         T(r, M_POLL_OPENS), keep(r, again, "opens_at", ""), T(r, M_POLL_CLOSES),
         keep(r, again, "closes_at", local_value(r, now + 7 * 86400)));
    const char *quorums[] = {"0/1", "1/3", "1/2", "2/3"};
    const char *quorum_names[] = {T(r, M_POLL_QUORUM_NONE), "1/3", "1/2", "2/3"};
    select_field(r, "quorum", M_POLL_QUORUM, quorums, quorum_names, 4, req_param(r, "quorum"));
    const char *thr[POLL_THRESHOLD_COUNT], *thr_names[POLL_THRESHOLD_COUNT];
    for (int i = 0; i < POLL_THRESHOLD_COUNT; i++) {
        thr[i] = poll_threshold_key((enum poll_threshold)i);
        thr_names[i] = poll_threshold_name((enum poll_threshold)i, lang);
    }
    select_field(r, "threshold", M_POLL_THRESHOLD, thr, thr_names, POLL_THRESHOLD_COUNT,
                 req_param(r, "threshold"));
    html(o,
         "<label class=\"check\"><input type=\"checkbox\" name=\"hide_results\" value=\"1\"%s>"
         "%s</label><button type=\"submit\" class=\"primary\">%s</button></form></details>\n",
         again && req_param(r, "hide_results") ? " checked" : "", T(r, M_POLL_HIDE),
         T(r, M_POLL_CREATE));
}

void polls_section(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    int64_t ids[POLL_PAGE_SIZE];
    int n = 0;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id FROM poll WHERE topic_id = ? ORDER BY id LIMIT ?");
    db_bind(st, "ii", t->id, (int64_t)POLL_PAGE_SIZE);
    while (n < POLL_PAGE_SIZE && db_step(st) == DB_ROW)
        ids[n++] = db_column_int(st, 0);
    db_done(st);
    bool staff =
        may(r, t->hall_path, ACT_RUN_POLL) && (poll_purpose_fits(POLL_DECISION, t->status) ||
                                               poll_purpose_fits(POLL_EVALUATION, t->status));
    const char *note = req_query(r, "poll");
    if (!n && !staff && !poll_error(r))
        return;
    html(o, "<section id=\"polls\"><h2>%s</h2>\n", T(r, M_POLLS));
    if (poll_error(r))
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             poll_error(r));
    else if (note) {
        enum msg m = strcmp(note, "voted") == 0    ? M_POLL_VOTED
                     : strcmp(note, "ballot") == 0 ? M_POLL_BALLOT_SAVED
                     : strcmp(note, "closed") == 0 ? M_POLL_CLOSED_NOW
                                                   : M_POLL_SAVED;
        html(o, "<div class=\"notice notice-ok\" role=\"status\"><p>%s</p></div>\n", T(r, m));
    }
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < n; i++) {
        struct poll p;
        if (poll_get(r, ids[i], &p))
            one_poll(r, &p, now);
    }
    create_form(r, t);
    html(o, "</section>\n");
}

/* Draws the topic page again with message at the top of this section, with status. */
static void show_again(struct req *r, int64_t topic_id, int status, const char *message)
{
    buf_reset(&r->out);
    r->status = status;
    r->id = topic_id;
    r->form_failed = "poll";
    r->form_message = message;
    topic_page(r);
}

static void back_to_topic(struct req *r, int64_t topic_id, const char *note)
{
    req_redirect(r,
                 arena_printf(&r->arena, "/topics/%lld?poll=%s#polls", (long long)topic_id, note));
}

void topic_polls_post(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    if (!may(r, t.hall_path, ACT_RUN_POLL)) {
        show_again(r, t.id, 403, T(r, M_ERR_FORBIDDEN));
        return;
    }
    int64_t now = (int64_t)time(NULL);
    const char *purpose = req_param(r, "purpose");
    const char *kind = req_param(r, "kind");
    const char *elig = req_param(r, "eligibility");
    const char *threshold = req_param(r, "threshold");
    int pu = purpose ? poll_purpose_parse(purpose) : (int)POLL_DECISION;
    int pk = kind ? poll_kind_parse(kind) : -1;
    int pe = elig ? poll_eligibility_parse(elig) : (int)POLL_BY_HOUSEHOLD;
    struct poll_spec s = {
        .purpose = pu < 0 ? POLL_PURPOSE_COUNT : (enum poll_purpose)pu,
        .kind = pk < 0 ? POLL_KIND_COUNT : (enum poll_kind)pk,
        .eligibility = pe < 0 ? POLL_ELIGIBILITY_COUNT : (enum poll_eligibility)pe,
        .question = req_param(r, "question"),
        .opens_at = parse_local(req_param(r, "opens_at"), now),
        .closes_at = parse_local(req_param(r, "closes_at"), -1),
        .quorum_den = 1,
        .threshold = threshold ? poll_threshold_parse(threshold) : (int)POLL_MAJORITY,
    };
    const char *quorum = req_param(r, "quorum");
    long long qn = 0, qd = 1;
    if (quorum && *quorum && sscanf(quorum, "%lld/%lld", &qn, &qd) != 2)
        qn = -1; /* not a fraction: refused below as a bad quorum */
    s.quorum_num = qn, s.quorum_den = qd;
    /* Options: one a line, blank lines skipped; an eleventh is kept so the check can say
     * "at most 10". */
    const char *labels[POLL_OPTIONS_MAX + 1];
    char *text = arena_strdup(&r->arena, req_param(r, "options") ? req_param(r, "options") : "");
    char *save = NULL;
    for (char *line = strtok_r(text, "\r\n", &save); line && s.noptions <= POLL_OPTIONS_MAX;
         line = strtok_r(NULL, "\r\n", &save))
        if (hall_text_present(line))
            labels[s.noptions++] = line;
    s.options = labels;
    enum poll_err e = POLL_OK;
    if (s.opens_at < 0 || s.closes_at < 0)
        e = POLL_E_TIMES;
    int64_t id =
        e == POLL_OK ? poll_create(r, &t, &s, req_param(r, "hide_results") != NULL, &e) : 0;
    if (!id) {
        if (e == POLL_OK) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
        show_again(r, t.id, poll_err_status(e), T(r, poll_err_msg(e)));
        return;
    }
    back_to_topic(r, t.id, "saved");
}

/* Loads the route's poll and its topic, or answers 404. */
static bool page_poll(struct req *r, struct poll *p)
{
    if (poll_get(r, r->id, p))
        return true;
    fail(r, 404, "not_found", M_POLL_E_NOT_FOUND);
    return false;
}

static int choice_param(struct req *r, const struct poll *p)
{
    return poll_choice_parse(p->labels, p->noptions, req_param(r, "choice"));
}

void poll_votes_post(struct req *r)
{
    struct poll p;
    if (!page_poll(r, &p))
        return;
    int64_t household = hall_household(r, p.hall_path);
    enum poll_err e = POLL_E_NOT_ELIGIBLE;
    int64_t id =
        household ? poll_vote(r, &p, r->person_id, household, choice_param(r, &p), NULL, &e, NULL)
                  : 0;
    if (!id) {
        if (e == POLL_OK) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
        show_again(r, p.topic_id, poll_err_status(e), T(r, poll_err_msg(e)));
        return;
    }
    back_to_topic(r, p.topic_id, "voted");
}

void poll_ballots_post(struct req *r)
{
    struct poll p;
    if (!page_poll(r, &p))
        return;
    if (!may(r, p.hall_path, ACT_ENTER_BALLOTS)) {
        show_again(r, p.topic_id, 403, T(r, M_ERR_FORBIDDEN));
        return;
    }
    const char *ballot_no = req_param(r, "ballot_no");
    const char *person_s = req_param(r, "person_id");
    long long person = person_s ? strtoll(person_s, NULL, 10) : 0;
    enum poll_err e = poll_ballot_check(ballot_no);
    int64_t household = e == POLL_OK && person > 0 ? poll_voter_household(r, &p, person) : 0;
    if (e == POLL_OK && !household)
        e = POLL_E_NOT_ELIGIBLE;
    int64_t id = e == POLL_OK
                     ? poll_vote(r, &p, person, household, choice_param(r, &p), ballot_no, &e, NULL)
                     : 0;
    if (!id) {
        if (e == POLL_OK) {
            fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
            return;
        }
        /* For staff a second vote of the household is a conflict like any other. */
        show_again(r, p.topic_id, e == POLL_E_NOT_ELIGIBLE ? 422 : poll_err_status(e),
                   T(r, poll_err_msg(e)));
        return;
    }
    back_to_topic(r, p.topic_id, "ballot");
}

void poll_close_post(struct req *r)
{
    struct poll p;
    if (!page_poll(r, &p))
        return;
    if (!may(r, p.hall_path, ACT_RUN_POLL)) {
        show_again(r, p.topic_id, 403, T(r, M_ERR_FORBIDDEN));
        return;
    }
    int rc = poll_close(r, &p, (int64_t)time(NULL));
    if (rc < 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    if (rc == 1) {
        show_again(r, p.topic_id, 409, T(r, M_POLL_E_CLOSED));
        return;
    }
    back_to_topic(r, p.topic_id, "closed");
}
