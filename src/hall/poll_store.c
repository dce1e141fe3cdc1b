#include "hall/poll_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"

/* Polls closed by one clock tick at most; the rest wait for the next tick. */
enum { POLL_CLOSE_BATCH = 200 };

bool poll_get(struct req *r, int64_t id, struct poll *out)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT p.id, p.topic_id, p.hall_node_id, h.path, p.purpose, p.kind,"
               " p.eligibility, p.question, p.opens_at, p.closes_at, p.closed_at, p.quorum_num,"
               " p.quorum_den, p.threshold, p.hide_results, p.eligible, p.outcome, p.created_by,"
               " p.created_at FROM poll p JOIN node h ON h.id = p.hall_node_id WHERE p.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        struct arena *a = &r->arena;
        int purpose = poll_purpose_parse(db_column_text(st, 4));
        int kind = poll_kind_parse(db_column_text(st, 5));
        int elig = poll_eligibility_parse(db_column_text(st, 6));
        int thr = poll_threshold_parse(db_column_text(st, 13));
        *out = (struct poll){
            .id = db_column_int(st, 0),
            .topic_id = db_column_int(st, 1),
            .hall_node_id = db_column_int(st, 2),
            .hall_path = arena_strdup(a, db_column_text(st, 3)),
            .purpose = purpose < 0 ? POLL_DECISION : (enum poll_purpose)purpose,
            .kind = kind < 0 ? POLL_YES_NO : (enum poll_kind)kind,
            .eligibility = elig < 0 ? POLL_BY_PERSON : (enum poll_eligibility)elig,
            .question = arena_strdup(a, db_column_text(st, 7)),
            .opens_at = db_column_int(st, 8),
            .closes_at = db_column_int(st, 9),
            .closed_at = db_column_null(st, 10) ? 0 : db_column_int(st, 10),
            .rule = {thr < 0 ? POLL_MAJORITY : (enum poll_threshold)thr, db_column_int(st, 11),
                     db_column_int(st, 12)},
            .hide_results = db_column_int(st, 14) != 0,
            .eligible = db_column_int(st, 15),
            .outcome = db_column_null(st, 16) ? -1 : poll_outcome_parse(db_column_text(st, 16)),
            .created_by = db_column_int(st, 17),
            .created_at = db_column_int(st, 18),
        };
    }
    db_done(st);
    if (!found)
        return false;
    st = db_prepare(r->db,
                    "SELECT position, label FROM poll_option WHERE poll_id = ? ORDER BY position");
    db_bind(st, "i", id);
    while (out->noptions < POLL_OPTIONS_MAX && db_step(st) == DB_ROW)
        out->labels[out->noptions++] = arena_strdup(&r->arena, db_column_text(st, 1));
    db_done(st);
    return true;
}

bool poll_result_read(struct req *r, const struct poll *p, int64_t now, struct poll_result *out)
{
    *out =
        (struct poll_result){.phase = poll_phase_at(p->opens_at, p->closes_at, p->closed_at, now)};
    struct db_stmt *st = db_prepare(r->db, "SELECT choice, count(*), sum(CASE WHEN channel ="
                                           " 'paper' THEN 1 ELSE 0 END) FROM poll_vote"
                                           " WHERE poll_id = ? GROUP BY choice");
    db_bind(st, "i", p->id);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t c = db_column_int(st, 0);
        if (c >= 1 && (size_t)c <= p->noptions)
            out->per_choice[c - 1] = db_column_int(st, 1);
        out->turnout += db_column_int(st, 1);
        out->paper += db_column_int(st, 2);
    }
    db_done(st);
    if (rc != DB_DONE)
        return false;
    out->counts = poll_tally(p->kind, out->per_choice, p->noptions, p->eligible, &out->lead);
    out->visible = poll_results_visible(p->hide_results, out->phase);
    out->decided = out->phase == POLL_CLOSED;
    /* Until the clock records it, a closed poll's outcome is worked out on reading. */
    out->outcome =
        p->outcome >= 0 ? (enum poll_outcome)p->outcome : poll_decide(&p->rule, &out->counts);
    return true;
}

bool poll_result_of(struct req *r, int64_t id, struct poll *p, struct poll_result *out)
{
    return poll_get(r, id, p) && poll_result_read(r, p, (int64_t)time(NULL), out);
}

int64_t poll_create(struct req *r, const struct topic *t, const struct poll_spec *spec,
                    bool hide_results, enum poll_err *err)
{
    int64_t now = (int64_t)time(NULL);
    *err = poll_spec_check(spec, now);
    if (*err == POLL_OK && !poll_purpose_fits(spec->purpose, t->status))
        *err = POLL_E_TOPIC_STATUS;
    if (*err != POLL_OK)
        return 0;
    /* The snapshot: node rows carry the counts of their subtree (node_recount). */
    int64_t eligible =
        spec->eligibility == POLL_BY_HOUSEHOLD
            ? db_int(r->db, -1, "SELECT households FROM node WHERE id = ?", "i", t->hall_node_id)
            : db_int(r->db, -1, "SELECT people FROM node WHERE id = ?", "i", t->hall_node_id);
    if (eligible < 0)
        return 0;
    /* A poll opening "now" opens at this request, never before it was made. */
    int64_t opens = spec->opens_at < now ? now : spec->opens_at;
    int64_t closes = spec->closes_at;
    if (closes <= opens)
        closes = opens + 1;
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO poll(topic_id, hall_node_id, purpose, kind, question,"
                        " eligibility, opens_at, closes_at, quorum_num, quorum_den, threshold,"
                        " hide_results, eligible, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        "iissssiiiisiiii", t->id, t->hall_node_id, poll_purpose_key(spec->purpose),
                        poll_kind_key(spec->kind), spec->question,
                        poll_eligibility_key(spec->eligibility), opens, closes, spec->quorum_num,
                        spec->quorum_den, poll_threshold_key((enum poll_threshold)spec->threshold),
                        (int64_t)hide_results, eligible, r->person_id, now);
    if (id <= 0)
        return 0;
    size_t n;
    const char *const *labels = poll_fixed_labels(spec->kind, &n);
    if (!labels)
        labels = spec->options, n = spec->noptions;
    for (size_t i = 0; i < n; i++)
        if (db_exec(r->db, "INSERT INTO poll_option(poll_id, position, label) VALUES (?, ?, ?)",
                    "iis", id, (int64_t)(i + 1), labels[i]) != DB_DONE)
            return 0;
    if (!feed_add(r, t->hall_node_id, t->id, FEED_POLL_OPEN, id, true, spec->question))
        return 0;
    return id;
}

/* The vote already counted for key, for the 409 that says who and when. */
static bool find_ballot(struct req *r, int64_t poll_id, const char *key, struct poll_ballot *out)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT id, person_id, receipt, choice, channel, at"
                                           " FROM poll_vote WHERE poll_id = ? AND voter_key = ?");
    db_bind(st, "is", poll_id, key);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        int64_t person = db_column_int(st, 1);
        bool mine = person == r->person_id;
        *out = (struct poll_ballot){
            .id = db_column_int(st, 0),
            .person_id = person,
            .mine = mine,
            .receipt = mine ? arena_printf(&r->arena, "#%lld-%s", (long long)db_column_int(st, 0),
                                           db_column_text(st, 2))
                            : NULL,
            .choice = mine ? (int)db_column_int(st, 3) : 0,
            .channel = arena_strdup(&r->arena, db_column_text(st, 4)),
            .at = db_column_int(st, 5),
        };
    }
    db_done(st);
    return found;
}

int64_t poll_vote(struct req *r, const struct poll *p, int64_t person_id, int64_t household_id,
                  int choice, const char *ballot_no, enum poll_err *err,
                  struct poll_ballot *earlier)
{
    int64_t now = (int64_t)time(NULL);
    *err = POLL_OK;
    if (choice < 1 || (size_t)choice > p->noptions) {
        *err = POLL_E_CHOICE;
        return 0;
    }
    char key[48];
    if (!poll_voter_key(p->eligibility, person_id, household_id, key, sizeof key)) {
        *err = POLL_E_NOT_ELIGIBLE;
        return 0;
    }
    /* Takes the poll's row lock, and matches only while it is open: a close that got there
     * first makes this match nothing; a close that comes later waits for this vote. */
    int64_t open = db_int(r->db, 0,
                          "UPDATE poll SET closed_at = closed_at WHERE id = ? AND closed_at IS"
                          " NULL AND opens_at <= ? AND closes_at > ? RETURNING id",
                          "iii", p->id, now, now);
    if (open != p->id) {
        *err = now < p->opens_at ? POLL_E_NOT_OPEN : POLL_E_CLOSED;
        return 0;
    }
    unsigned char raw[POLL_RECEIPT_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    char code[POLL_RECEIPT_LEN + 1];
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(code + 2 * i, 3, "%02x", raw[i]);
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO poll_vote(poll_id, voter_key, person_id, household_id,"
                        " choice, channel, ballot_no, entered_by, receipt, at)"
                        " VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT DO NOTHING RETURNING id",
                        "isiiissisi", p->id, key, person_id, household_id, (int64_t)choice,
                        ballot_no ? "paper" : "online", ballot_no, r->person_id, code, now);
    if (id > 0)
        return id;
    struct poll_ballot first;
    if (find_ballot(r, p->id, key, &first)) {
        *err = p->eligibility == POLL_BY_HOUSEHOLD ? POLL_E_HOUSEHOLD : POLL_E_VOTED;
        if (earlier)
            *earlier = first;
    } else if (ballot_no &&
               db_int(r->db, 0,
                      "SELECT count(*) FROM poll_vote WHERE poll_id = ? AND ballot_no = ?", "is",
                      p->id, ballot_no) > 0) {
        *err = POLL_E_BALLOT_USED;
    }
    return 0;
}

bool poll_my_ballot(struct req *r, const struct poll *p, struct poll_ballot *out)
{
    if (!r->person_id)
        return false;
    char key[48];
    int64_t household = hall_household(r, p->hall_path);
    if (!poll_voter_key(p->eligibility, r->person_id, household, key, sizeof key))
        return false;
    return find_ballot(r, p->id, key, out);
}

/* Records the outcome of poll id, just claimed as closed, and tells the hall. */
static int record_outcome(struct req *r, int64_t id)
{
    struct poll p;
    struct poll_result res;
    if (!poll_get(r, id, &p) || !poll_result_read(r, &p, (int64_t)time(NULL), &res))
        return -1;
    enum poll_outcome o = poll_decide(&p.rule, &res.counts);
    if (db_exec(r->db, "UPDATE poll SET outcome = ? WHERE id = ?", "si", poll_outcome_key(o), id) !=
        DB_DONE)
        return -1;
    return feed_add(r, p.hall_node_id, p.topic_id, FEED_POLL_CLOSE, id, true, p.question) ? 0 : -1;
}

int poll_close(struct req *r, const struct poll *p, int64_t now)
{
    /* A poll already past its time closed then, even if the clock has not recorded it yet. */
    int64_t id = db_int(r->db, 0,
                        "UPDATE poll SET closed_at = CASE WHEN closes_at < ? THEN closes_at"
                        " ELSE ? END WHERE id = ? AND closed_at IS NULL RETURNING id",
                        "iii", now, now, p->id);
    if (id != p->id)
        return 1;
    return record_outcome(r, id);
}

int poll_close_due(struct req *r, int64_t now)
{
    int64_t ids[POLL_CLOSE_BATCH];
    int n = 0;
    struct db_stmt *st = db_prepare(
        r->db, "UPDATE poll SET closed_at = closes_at WHERE closed_at IS NULL AND closes_at <= ?"
               " AND id IN (SELECT id FROM poll WHERE closed_at IS NULL AND closes_at <= ?"
               " ORDER BY id LIMIT ?) RETURNING id");
    db_bind(st, "iii", now, now, (int64_t)POLL_CLOSE_BATCH);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW)
        if (n < POLL_CLOSE_BATCH)
            ids[n++] = db_column_int(st, 0);
    db_done(st);
    if (rc != DB_DONE)
        return -1;
    for (int i = 0; i < n; i++)
        if (record_outcome(r, ids[i]) != 0)
            return -1;
    return n;
}

const char *poll_label(struct req *r, const struct poll *p, int pos)
{
    if (pos < 1 || (size_t)pos > p->noptions)
        return "?";
    const char *l = p->labels[pos - 1];
    if (p->kind == POLL_OPTIONS)
        return l;
    static const struct {
        const char *key;
        enum msg m;
    } fixed[] = {
        {"yes", M_POLL_YES},         {"no", M_POLL_NO},
        {"abstain", M_POLL_ABSTAIN}, {"satisfied", M_POLL_SATISFIED},
        {"fairly", M_POLL_FAIRLY},   {"dissatisfied", M_POLL_DISSATISFIED},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(fixed[i].key, l) == 0)
            return T(r, fixed[i].m);
    return l;
}

enum msg poll_err_msg(enum poll_err e)
{
    static const enum msg m[POLL_ERR_COUNT] = {
        [POLL_OK] = M_POLL_E_INPUT,
        [POLL_E_PURPOSE] = M_POLL_E_INPUT,
        [POLL_E_KIND] = M_POLL_E_KIND,
        [POLL_E_ELIGIBILITY] = M_POLL_E_INPUT,
        [POLL_E_QUESTION] = M_POLL_E_QUESTION,
        [POLL_E_QUESTION_LONG] = M_POLL_E_QUESTION_LONG,
        [POLL_E_OPTIONS] = M_POLL_E_OPTIONS,
        [POLL_E_OPTION_LONG] = M_POLL_E_OPTION_LONG,
        [POLL_E_TIMES] = M_POLL_E_TIMES,
        [POLL_E_OPENS_PAST] = M_POLL_E_OPENS_PAST,
        [POLL_E_OPENS_LATE] = M_POLL_E_OPENS_LATE,
        [POLL_E_DURATION] = M_POLL_E_DURATION,
        [POLL_E_QUORUM] = M_POLL_E_QUORUM,
        [POLL_E_THRESHOLD] = M_POLL_E_THRESHOLD,
        [POLL_E_TOPIC_STATUS] = M_POLL_E_TOPIC_STATUS,
        [POLL_E_NOT_OPEN] = M_POLL_E_NOT_OPEN,
        [POLL_E_CLOSED] = M_POLL_E_CLOSED,
        [POLL_E_CHOICE] = M_POLL_E_CHOICE,
        [POLL_E_NOT_ELIGIBLE] = M_POLL_E_NOT_ELIGIBLE,
        [POLL_E_VOTED] = M_POLL_E_VOTED,
        [POLL_E_HOUSEHOLD] = M_POLL_E_HOUSEHOLD,
        [POLL_E_BALLOT_NO] = M_POLL_E_BALLOT_NO,
        [POLL_E_BALLOT_USED] = M_POLL_E_BALLOT_USED,
    };
    return (unsigned)e < POLL_ERR_COUNT ? m[e] : M_POLL_E_INPUT;
}

const char *poll_rule_text(struct req *r, const struct poll *p)
{
    const char *rule = poll_threshold_name(p->rule.threshold, (int)r->lang);
    if (p->rule.quorum_num <= 0)
        return arena_printf(&r->arena, "%s · %s", rule, T(r, M_POLL_NO_QUORUM_RULE));
    int64_t need = poll_quorum_needed(p->eligible, p->rule.quorum_num, p->rule.quorum_den);
    const char *q = arena_printf(
        &r->arena,
        T(r, p->eligibility == POLL_BY_HOUSEHOLD ? M_POLL_QUORUM_HOUSEHOLDS : M_POLL_QUORUM_PEOPLE),
        (long long)need);
    return arena_printf(&r->arena, "%s · %s", rule, q);
}

bool poll_latest_passed(struct req *r, int64_t topic_id, struct poll *p, struct poll_result *pr)
{
    int64_t ids[16];
    size_t n = 0;
    struct db_stmt *st = db_prepare(r->db, "SELECT id FROM poll WHERE topic_id = ?"
                                           " AND purpose = 'decision' ORDER BY id DESC LIMIT 16");
    db_bind(st, "i", topic_id);
    while (n < 16 && db_step(st) == DB_ROW)
        ids[n++] = db_column_int(st, 0);
    db_done(st);
    for (size_t i = 0; i < n; i++)
        if (poll_result_of(r, ids[i], p, pr) && pr->decided && pr->outcome == POLL_PASSED)
            return true;
    return false;
}
