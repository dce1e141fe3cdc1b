/* The pages of a hall's meetings (issue 5), without JavaScript:
 *   GET  /halls/{id}/meetings          upcoming and past meetings; for the hall's staff the
 *                                      schedule form (accepted topics by checkbox, members from
 *                                      the hall's role holders and a name search ?q=, observers
 *                                      from the staff, guests by organisation + name)
 *   POST /halls/{id}/meetings          schedules; a refusal shows the form again (4xx)
 *   GET  /meetings/{id}                type, time, place, mode, agenda, roster, guests, chair
 *                                      and recorder, the room's views, the .ics link
 *   POST /meetings/{id}/cancel         cancels with a reason (staff)
 * and the section of a topic's page listing the meetings whose agenda holds it. Reading needs
 * a household in the hall's scope or ACT_RUN_POLL on it (a meeting's page also a place on its
 * roster); changing needs ACT_RUN_POLL. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "meeting/log.h"
#include "meeting/schedule.h"
#include "meeting/schedule_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* MEMBERS_SHOWN: residents listed in the form's member list (those by office first). */
enum { MEMBERS_SHOWN = 100, GUEST_ROWS = 3 };

static bool hall_of_route(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_VIEW_TREE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    if (!sched_may_read(r, n->path)) {
        fail(r, 403, "forbidden", M_SCHED_READ_FORBIDDEN);
        return false;
    }
    return true;
}

static const char *value(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

/* Whether the posted form holds NAME=ID (a ticked checkbox). */
static bool ticked(struct req *r, const char *name, int64_t id)
{
    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)id);
    for (size_t i = 0; i < r->form.n; i++)
        if (strcmp(r->form.fields[i].name, name) == 0 && strcmp(r->form.fields[i].value, want) == 0)
            return true;
    return false;
}

static void person_box(struct req *r, const char *name, int64_t id, const char *who, bool on)
{
    html(&r->out,
         "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"%lld\"%s> %s</label>",
         name, (long long)id, on ? " checked" : "", who);
}

/* The staff who may observe, chair or record: role holders on the hall's node or above. */
static struct db_stmt *staff_rows(struct req *r, const struct node *hall)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT DISTINCT p.id, p.name FROM role ro JOIN node rn ON rn.id = ro.node_id"
               " JOIN person p ON p.id = ro.person_id"
               " WHERE ro.role IN ('worker', 'director', 'chair', 'recorder', 'admin')"
               " AND substr(?, 1, length(rn.path)) = rn.path ORDER BY p.id LIMIT 100");
    db_bind(st, "s", hall->path);
    return st;
}

/* A time as a datetime-local value in the server's time zone ("2026-11-30T19:00"). */
static const char *local_input(struct req *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    char *b = arena_alloc(&r->arena, 24);
    if (strftime(b, 24, "%Y-%m-%dT%H:%M", &tm) == 0)
        b[0] = '\0';
    return b;
}

/* The posted value of NAME after a refusal, else the stored DFLT. */
static const char *field(struct req *r, const char *name, const char *dflt)
{
    const char *v = r->form.n ? req_param(r, name) : NULL;
    return v ? v : dflt;
}

/* A labelled select of N choices (KEY(i) sent, NAME(i, lang) shown), CHOSEN selected. */
static void select_field(struct req *r, const char *id, const char *label, int n,
                         const char *(*key)(int), const char *(*name)(int, int), const char *chosen)
{
    struct buf *o = &r->out;
    html(o, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", id, label, id, id);
    for (int k = 0; k < n; k++)
        html(o, "<option value=\"%s\"%s>%s</option>", key(k),
             strcmp(chosen, key(k)) == 0 ? " selected" : "", name(k, (int)r->lang));
    html(o, "</select>");
}

/* What the time, place and mode fields show when the form is not a refusal coming back. */
struct basics_shown {
    const char *title, *kind, *starts, *ends, *place, *mode, *online_url;
};

/* The fields the schedule form and the edit form share: title, type, start, end, place, mode
 * and the online link, each the posted value after a refusal, else V's. */
static void basics_fields(struct req *r, const struct basics_shown *v)
{
    struct buf *o = &r->out;
    html(o,
         "<label for=\"title\">%s</label><input id=\"title\" name=\"title\" required "
         "maxlength=\"%d\" value=\"%s\">",
         T(r, M_SCHED_F_TITLE), SCHED_TITLE_MAX, field(r, "title", v->title));
    select_field(r, "kind", T(r, M_SCHED_F_KIND), SK_COUNT, sched_kind_key, sched_kind_name,
                 field(r, "kind", v->kind));
    /* The placeholder shows only where a browser has no date picker and shows a text box (old
     * phones): the format sched_parse_local also takes. */
    html(o,
         "<label for=\"starts\">%s</label><input id=\"starts\" name=\"starts\" "
         "type=\"datetime-local\" required placeholder=\"2026-11-30 19:00\" value=\"%s\">"
         "<label for=\"ends\">%s</label><input id=\"ends\" name=\"ends\" type=\"datetime-local\" "
         "required placeholder=\"2026-11-30 21:00\" value=\"%s\">",
         T(r, M_SCHED_F_STARTS), field(r, "starts", v->starts), T(r, M_SCHED_F_ENDS),
         field(r, "ends", v->ends));
    html(o,
         "<label for=\"place\">%s</label><input id=\"place\" name=\"place\" maxlength=\"%d\" "
         "value=\"%s\">",
         T(r, M_SCHED_F_PLACE), SCHED_PLACE_MAX, field(r, "place", v->place));
    select_field(r, "mode", T(r, M_SCHED_F_MODE), SM_COUNT, sched_mode_key, sched_mode_name,
                 field(r, "mode", v->mode));
    html(o,
         "<label for=\"online_url\">%s</label><input id=\"online_url\" "
         "name=\"online_url\" type=\"url\" maxlength=\"%d\" value=\"%s\">",
         T(r, M_SCHED_F_URL), SCHED_URL_MAX, field(r, "online_url", v->online_url));
}

static void schedule_form(struct req *r, const struct node *hall, const char *error)
{
    struct buf *o = &r->out;
    bool again = r->form.n > 0; /* the form shown again after a refusal */
    html(o, "<section id=\"schedule\"><h2>%s</h2>\n", T(r, M_SCHED_NEW));
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    /* The name search is its own small GET form: its results join the member list below. */
    html(o,
         "<form method=\"get\" action=\"/halls/%lld/meetings#schedule\" class=\"stack\">"
         "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" maxlength=\"%d\" value=\"%s\">"
         "<button type=\"submit\">%s</button></form>\n",
         (long long)hall->id, T(r, M_SCHED_F_SEARCH), SCHED_SEARCH_MAX,
         req_query(r, "q") ? req_query(r, "q") : "", T(r, M_SCHED_F_SEARCH_GO));
    html(o, "<form method=\"post\" action=\"/halls/%lld/meetings\" class=\"stack\">",
         (long long)hall->id);
    csrf_field(r);
    basics_fields(r, &(struct basics_shown){"", "", "", "", "", "", ""});
    html(o, "<fieldset><legend>%s</legend>", T(r, M_SCHED_F_TOPICS));
    struct db_stmt *st = db_prepare(r->db, "SELECT id, title FROM topic WHERE hall_node_id = ?"
                                           " AND status IN ('accepted', 'deliberating')"
                                           " ORDER BY id LIMIT 100");
    db_bind(st, "i", hall->id);
    int topics = 0;
    while (db_step(st) == DB_ROW) {
        topics++;
        person_box(r, "topic", db_column_int(st, 0), db_column_text(st, 1),
                   ticked(r, "topic", db_column_int(st, 0)));
    }
    db_done(st);
    if (!topics)
        html(o, "<p class=\"muted\">%s</p>", T(r, M_SCHED_F_NO_TOPICS));
    html(o,
         "</fieldset><label for=\"items\">%s</label><textarea id=\"items\" name=\"items\" "
         "rows=\"3\">%s</textarea>",
         T(r, M_SCHED_F_ITEMS), value(r, "items"));

    /* Members: the hall's role holders who live in its scope (ticked unless the form comes
     * back), the residents a search found, and any ticked before. */
    html(o, "<fieldset><legend>%s</legend>", T(r, M_SCHED_F_MEMBERS));
    const char *end = node_path_end(&r->arena, hall->path);
    const char *q = req_query(r, "q");
    st = db_prepare(r->db,
                    "SELECT p.id, p.name, EXISTS (SELECT 1 FROM role ro JOIN node rn"
                    " ON rn.id = ro.node_id WHERE ro.person_id = p.id AND ro.role IN ('director',"
                    " 'group_leader') AND rn.path >= ? AND rn.path < ?) FROM person p"
                    " JOIN node h ON h.id = p.household_id WHERE h.path >= ? AND h.path < ?"
                    " AND (EXISTS (SELECT 1 FROM role ro JOIN node rn ON rn.id = ro.node_id"
                    " WHERE ro.person_id = p.id AND ro.role IN ('director', 'group_leader')"
                    " AND rn.path >= ? AND rn.path < ?) OR (? <> '' AND p.name LIKE ? ESCAPE '\\'))"
                    " ORDER BY 3 DESC, p.id LIMIT ?");
    /* The search's own wildcards are escaped: "%" must not list every resident. */
    char like[2 * 4 * SCHED_SEARCH_MAX + 3];
    bool search = sched_like_pattern(q, like, sizeof like);
    db_bind(st, "ssssssssi", hall->path, end, hall->path, end, hall->path, end, search ? "y" : "",
            search ? like : "", (int64_t)MEMBERS_SHOWN + 1);
    int shown = 0;
    while (db_step(st) == DB_ROW) {
        if (++shown > MEMBERS_SHOWN) { /* say so rather than drop the rest unseen */
            html(o, "<p class=\"notice\">%s</p>",
                 arena_printf(&r->arena, T(r, M_SCHED_F_SEARCH_MORE), MEMBERS_SHOWN));
            break;
        }
        int64_t id = db_column_int(st, 0);
        bool by_office = db_column_int(st, 2) != 0;
        person_box(r, "member", id, db_column_text(st, 1),
                   again ? ticked(r, "member", id) : by_office);
    }
    db_done(st);
    /* Members ticked in a form that came back and not found above (a search since). */
    for (size_t i = 0; again && i < r->form.n; i++) {
        if (strcmp(r->form.fields[i].name, "member") != 0)
            continue;
        int64_t id = atoll(r->form.fields[i].value);
        const char *name = id > 0 ? sched_person_name(r, id) : NULL;
        if (name && !strstr(o->data, arena_printf(&r->arena, "name=\"member\" value=\"%lld\"",
                                                  (long long)id)))
            person_box(r, "member", id, name, true);
    }
    html(o, "</fieldset><fieldset><legend>%s</legend>", T(r, M_SCHED_F_OBSERVERS));
    st = staff_rows(r, hall);
    int64_t staff_ids[100];
    const char *staff_names[100];
    int nstaff = 0;
    while (db_step(st) == DB_ROW && nstaff < 100) {
        staff_ids[nstaff] = db_column_int(st, 0);
        staff_names[nstaff++] = arena_strdup(&r->arena, db_column_text(st, 1));
    }
    db_done(st);
    /* Staff listed as members above are not offered as observers too. */
    for (int i = 0; i < nstaff; i++)
        if (!strstr(o->data, arena_printf(&r->arena, "name=\"member\" value=\"%lld\"",
                                          (long long)staff_ids[i])))
            person_box(r, "observer", staff_ids[i], staff_names[i],
                       ticked(r, "observer", staff_ids[i]));
    html(o, "</fieldset>");
    static const char *const picks[2] = {"chair", "recorder"};
    static const char *const roles[2] = {"chair", "recorder"};
    const enum msg labels[2] = {M_SCHED_F_CHAIR, M_SCHED_F_RECORDER};
    for (int k = 0; k < 2; k++) {
        int64_t chosen = again ? atoll(value(r, picks[k]))
                               : db_int(r->db, 0,
                                        "SELECT min(ro.person_id) FROM role ro JOIN node rn"
                                        " ON rn.id = ro.node_id WHERE ro.role = ?"
                                        " AND substr(?, 1, length(rn.path)) = rn.path",
                                        "ss", roles[k], hall->path);
        html(o, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", picks[k],
             T(r, labels[k]), picks[k], picks[k]);
        html(o, "<option value=\"\">%s</option>", T(r, M_SCHED_F_NOBODY));
        for (int i = 0; i < nstaff; i++)
            html(o, "<option value=\"%lld\"%s>%s</option>", (long long)staff_ids[i],
                 staff_ids[i] == chosen ? " selected" : "", staff_names[i]);
        html(o, "</select>");
    }
    html(o, "<fieldset class=\"stack\"><legend>%s</legend>", T(r, M_SCHED_F_GUESTS));
    for (int g = 1; g <= GUEST_ROWS; g++) {
        const char *id = arena_printf(&r->arena, "guest_org_%d", g);
        select_field(r, id, arena_printf(&r->arena, "%s %d", T(r, M_SCHED_F_GUEST_ORG), g),
                     SO_COUNT, sched_org_key, sched_org_name, value(r, id));
        html(o,
             "<label for=\"guest_name_%d\">%s %d</label><input id=\"guest_name_%d\" "
             "name=\"guest_name_%d\" maxlength=\"%d\" value=\"%s\">",
             g, T(r, M_SCHED_F_GUEST_NAME), g, g, g, SCHED_NAME_MAX,
             value(r, arena_printf(&r->arena, "guest_name_%d", g)));
    }
    html(o, "</fieldset><button class=\"primary\" type=\"submit\">%s</button></form></section>\n",
         T(r, M_SCHED_F_SUBMIT));
}

static void meeting_cell(struct req *r, struct db_stmt *st)
{
    int kind = sched_kind_parse(db_column_text(st, 2));
    html(&r->out, "<li class=\"cell\"><a href=\"/meetings/%lld\"><strong>%s · %s</strong><br>",
         (long long)db_column_int(st, 0), sched_kind_name(kind, (int)r->lang),
         db_column_text(st, 1));
    html(&r->out, "<span class=\"muted\">%s · %s%s%s</span></a></li>\n",
         db_column_null(st, 3) ? "" : when_long(r, db_column_int(st, 3)), db_column_text(st, 4),
         db_column_null(st, 5) ? "" : " · ",
         db_column_null(st, 5) ? "" : T(r, M_SCHED_CANCELLED_TAG));
}

static void meetings_view(struct req *r, const struct node *hall, const char *error)
{
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_SCHED_MEETINGS_OF), hall->name));
    html(o, "<p><a href=\"/halls/%lld\">‹ ", (long long)hall->id);
    html(o, T(r, M_HALL_OF), hall->name);
    html(o, "</a> · <a href=\"/halls/%lld/meetings.ics\">%s</a></p>\n", (long long)hall->id,
         T(r, M_SCHED_ICS));
    int64_t now = (int64_t)time(NULL);
    /* Each list pages on its own: ?up=N for the upcoming, ?page=N for the past. */
    const char *up_q = req_query(r, "up");
    long long up = up_q ? atoll(up_q) : 1;
    long long pages[2] = {up >= 1 && up <= 100000 ? up : 1, req_page(r)};
    for (int past = 0; past < 2; past++) {
        /* Upcoming: not yet ended, soonest first. Past: latest first. */
        struct db_stmt *st =
            past ? db_prepare(r->db, "SELECT id, title, kind, starts_at, place, cancelled_at"
                                     " FROM meeting WHERE hall_node_id = ? AND ends_at < ?"
                                     " ORDER BY starts_at DESC, id DESC LIMIT ? OFFSET ?")
                 : db_prepare(r->db, "SELECT id, title, kind, starts_at, place, cancelled_at"
                                     " FROM meeting WHERE hall_node_id = ? AND ends_at >= ?"
                                     " ORDER BY starts_at, id LIMIT ? OFFSET ?");
        long long page = pages[past];
        db_bind(st, "iiii", hall->id, now, (int64_t)SCHED_PAGE_SIZE + 1,
                (int64_t)(page - 1) * SCHED_PAGE_SIZE);
        html(o, "<section><h2>%s</h2><ul class=\"cells\">\n",
             T(r, past ? M_SCHED_PAST : M_SCHED_UPCOMING));
        int rows = 0;
        while (db_step(st) == DB_ROW) {
            if (++rows > SCHED_PAGE_SIZE)
                break;
            meeting_cell(r, st);
        }
        db_done(st);
        if (!rows)
            html(o, "<li class=\"cell muted\">%s</li>", T(r, M_SCHED_NONE));
        html(o, "</ul>");
        if (rows > SCHED_PAGE_SIZE || page > 1) {
            html(o, "<nav class=\"pager\">");
            for (int step = -1; step <= 1; step += 2) {
                if ((step < 0 && page == 1) || (step > 0 && rows <= SCHED_PAGE_SIZE))
                    continue;
                long long other = pages[!past];
                html(o, "<a href=\"/halls/%lld/meetings?up=%lld&amp;page=%lld\">%s</a>",
                     (long long)hall->id, past ? other : page + step, past ? page + step : other,
                     step < 0 ? "‹" : "›");
            }
            html(o, "</nav>");
        }
        html(o, "</section>\n");
    }
    if (sched_may_run(r, hall->path))
        schedule_form(r, hall, error);
    page_end(r);
}

void hall_meetings_page(struct req *r)
{
    struct node hall;
    if (hall_of_route(r, &hall))
        meetings_view(r, &hall, NULL);
}

void hall_meetings_post(struct req *r)
{
    struct node hall;
    if (!guard_node(r, r->id, ACT_RUN_POLL, &hall))
        return;
    if (!topic_is_hall_kind(hall.kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    struct sched_input *in = arena_alloc(&r->arena, sizeof *in);
    memset(in, 0, sizeof *in);
    in->b = (struct sched_basics){.title = req_param(r, "title"),
                                  .kind = req_param(r, "kind"),
                                  .place = req_param(r, "place"),
                                  .mode = req_param(r, "mode"),
                                  .online_url = req_param(r, "online_url"),
                                  .starts_at = sched_parse_local(req_param(r, "starts")),
                                  .ends_at = sched_parse_local(req_param(r, "ends"))};
    in->members_given = true;
    for (size_t i = 0; i < r->form.n; i++) {
        const char *name = r->form.fields[i].name;
        int64_t id = atoll(r->form.fields[i].value);
        if (strcmp(name, "topic") == 0) {
            if (in->n_items < SCHED_ITEMS_MAX)
                in->items[in->n_items].topic_id = id > 0 ? id : -1;
            in->n_items++;
        } else if (strcmp(name, "member") == 0) {
            if (in->n_members < SCHED_PERSONS_MAX)
                in->members[in->n_members] = id;
            in->n_members++;
        } else if (strcmp(name, "observer") == 0) {
            if (in->n_observers < SCHED_PERSONS_MAX)
                in->observers[in->n_observers] = id;
            in->n_observers++;
        }
    }
    /* Free items: one a line of the textarea, blank lines skipped. */
    char *items = arena_strdup(&r->arena, value(r, "items")), *save = NULL;
    for (char *line = strtok_r(items, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        if (!hall_text_present(line))
            continue;
        if (in->n_items < SCHED_ITEMS_MAX)
            in->items[in->n_items] = (struct sched_item){.topic_id = 0, .title = line};
        in->n_items++;
    }
    for (int g = 1; g <= GUEST_ROWS; g++) {
        const char *name = req_param(r, arena_printf(&r->arena, "guest_name_%d", g));
        if (!name || !hall_text_present(name))
            continue;
        in->guests[in->n_guests++] = (struct sched_guest){
            .org = req_param(r, arena_printf(&r->arena, "guest_org_%d", g)), .name = name};
    }
    in->chair_id = atoll(value(r, "chair"));
    in->recorder_id = atoll(value(r, "recorder"));
    in->recorder_given = true; /* "(none)" means none */
    if (!in->chair_id) {
        r->status = 422;
        meetings_view(r, &hall, T(r, M_SCHED_E_CHAIR));
        return;
    }
    struct sched_problem p = {SCHED_OK, 0};
    int64_t id = sched_create(r, &hall, in, &p);
    if (id < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    if (id == 0) {
        r->status = sched_err_status(p.err);
        meetings_view(r, &hall, T(r, sched_err_msg(p.err)));
        return;
    }
    req_redirect(r, arena_printf(&r->arena, "/meetings/%lld", (long long)id));
}

static void person_line(struct req *r, const char *eid, const struct mt_script *sc, enum msg what)
{
    int64_t id = meeting_eid_person(eid);
    const char *name = id ? sched_person_name(r, id) : NULL;
    int pr = sched_present(sc, eid);
    html(&r->out, "<li class=\"cell\">%s <span class=\"muted\">· %s%s%s</span></li>\n",
         name ? name : eid, T(r, what), pr < 0 ? "" : " · ",
         pr < 0 ? "" : T(r, pr ? M_SCHED_IS_PRESENT : M_SCHED_IS_ABSENT));
}

static void edit_form(struct req *r, const struct sched_row *row, const char *error);

/* The meeting's page; ERROR (a refused edit) is shown above the edit form. */
static void meeting_view(struct req *r, const char *error)
{
    struct meeting_row m;
    if (!meeting_load(r, &m))
        return;
    struct sched_row row;
    if (!sched_may_see(r, &m) || !sched_row_load(r, m.id, &row)) {
        json_decref(m.setup);
        fail(r, 403, "forbidden", M_SCHED_READ_FORBIDDEN);
        return;
    }
    struct meeting_run run;
    bool have_run = meeting_replay(r->db, m.id, &run) == 0;
    const struct mt_script *sc = have_run ? &run.sc : NULL;
    struct buf *o = &r->out;
    long long id = (long long)m.id;
    page_begin(
        r, arena_printf(&r->arena, "%s · %s", sched_kind_name(row.kind, (int)r->lang), row.title));
    html(o, "<p class=\"noprint\"><a href=\"/halls/%lld/meetings\">‹ ",
         (long long)row.hall_node_id);
    html(o, T(r, M_SCHED_MEETINGS_OF), row.hall_name);
    html(o, "</a></p>\n");
    if (row.cancelled_at)
        html(o, "<div class=\"notice notice-error\" role=\"status\"><p>%s</p></div>\n",
             arena_printf(&r->arena, T(r, M_SCHED_CANCELLED_AT), when_long(r, row.cancelled_at),
                          row.cancel_reason));
    html(o, "<dl class=\"facts\">");
    if (row.scheduled)
        html(o, "<dt>%s</dt><dd>%s – %s</dd>", T(r, M_SCHED_TIME), when_long(r, row.starts_at),
             when_long(r, row.ends_at));
    html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_SCHED_F_MODE),
         sched_mode_name(row.mode, (int)r->lang));
    if (row.place[0])
        html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_SCHED_F_PLACE), row.place);
    if (row.online_url[0])
        html(o, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener\">%s</a></dd>",
             T(r, M_SCHED_ONLINE_LINK), row.online_url, row.online_url);
    const char *chair = json_string_value(json_object_get(m.setup, "chair"));
    int64_t chair_id = meeting_eid_person(chair);
    const char *chair_name = chair_id ? sched_person_name(r, chair_id) : NULL;
    html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_SCHED_F_CHAIR),
         chair_name ? chair_name : (chair ? chair : ""));
    const char *rec = row.recorder_id ? sched_person_name(r, row.recorder_id) : NULL;
    if (rec)
        html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_SCHED_F_RECORDER), rec);
    if (sc && sc->have)
        html(o, "<dt>%s</dt><dd>%s</dd>", T(r, M_SCHED_ROSTER),
             arena_printf(&r->arena, T(r, M_SCHED_PRESENT), mt_present(&sc->m->s),
                          mt_quorum(&sc->m->s)));
    html(o, "</dl>\n");

    html(o, "<section><h2>%s</h2><ol class=\"cells\">\n", T(r, M_SCHED_AGENDA));
    /* A topic's status now: it may have moved on since it was put on the agenda (merged,
     * withdrawn, resolved at an earlier meeting), and the members should see that. */
    struct db_stmt *st =
        db_prepare(r->db, "SELECT i.topic_id, i.title, t.status FROM meeting_item i"
                          " LEFT JOIN topic t ON t.id = i.topic_id"
                          " WHERE i.meeting_id = ? ORDER BY i.pos");
    db_bind(st, "i", m.id);
    int items = 0;
    while (db_step(st) == DB_ROW) {
        items++;
        if (db_column_null(st, 0))
            html(o, "<li class=\"cell\">%s</li>\n", db_column_text(st, 1));
        else
            html(o,
                 "<li class=\"cell\"><a href=\"/topics/%lld\">%s</a> <span class=\"muted\">· "
                 "%s</span></li>\n",
                 (long long)db_column_int(st, 0), db_column_text(st, 1),
                 topic_status_name(topic_status_parse(db_column_text(st, 2)), (int)r->lang));
    }
    db_done(st);
    if (!items)
        html(o, "<li class=\"cell muted\">%s</li>\n", T(r, M_SCHED_NO_AGENDA));
    html(o, "</ol></section>\n<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_SCHED_ROSTER));
    json_t *ma = json_object_get(m.setup, "members"), *oa = json_object_get(m.setup, "observers");
    for (size_t i = 0; i < json_array_size(ma); i++)
        person_line(r, json_string_value(json_array_get(ma, i)), sc, M_SCHED_MEMBER);
    for (size_t i = 0; i < json_array_size(oa); i++) {
        const char *eid = json_string_value(json_array_get(oa, i));
        if (eid && eid[0] != 'g')
            person_line(r, eid, sc, M_SCHED_OBSERVER);
    }
    html(o, "</ul></section>\n");
    st = db_prepare(r->db, "SELECT id, org, name FROM meeting_guest WHERE meeting_id = ?"
                           " ORDER BY id");
    db_bind(st, "i", m.id);
    int guests = 0;
    while (db_step(st) == DB_ROW) {
        if (!guests++)
            html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_SCHED_GUESTS));
        html(o, "<li class=\"cell\">%s <span class=\"muted\">· %s</span></li>\n",
             db_column_text(st, 2),
             sched_org_name(sched_org_parse(db_column_text(st, 1)), (int)r->lang));
    }
    db_done(st);
    if (guests)
        html(o, "</ul></section>\n");

    /* Printed, the page is the meeting's notice for the board (time, place, agenda, roster):
     * links and forms are left off the paper. */
    html(o, "<section class=\"noprint\"><h2>%s</h2><nav class=\"actions\">",
         T(r, M_SCHED_ROOM_LINKS));
    html(o, "<a href=\"/meetings/%lld/chair\">%s</a><a href=\"/meetings/%lld/room\">%s</a>", id,
         T(r, M_SCHED_CHAIR_VIEW), id, T(r, M_SCHED_ROOM_VIEW));
    html(o, "<a href=\"/meetings/%lld/screen\">%s</a><a href=\"/meetings/%lld/minutes\">%s</a>", id,
         T(r, M_SCHED_SCREEN_VIEW), id, T(r, M_SCHED_MINUTES_VIEW));
    if (sched_may_door(r, m.path, row.recorder_id))
        html(o, "<a href=\"/meetings/%lld/door\">%s</a><a href=\"/meetings/%lld/roster\">%s</a>",
             id, T(r, M_SCHED_DOOR_VIEW), id, T(r, M_SCHED_ROSTER_VIEW));
    html(o, "<a href=\"/meetings/%lld.ics\">%s</a></nav></section>\n", id, T(r, M_SCHED_ICS));

    if (sched_may_run(r, m.path) && !row.cancelled_at && row.scheduled)
        edit_form(r, &row, error);
    /* Called to order, a meeting is held: the chair adjourns it, nobody cancels it. */
    bool held = sc && sc->have && sc->m->s.meeting != MS_SCHEDULED;
    if (sched_may_run(r, m.path) && !row.cancelled_at && !held) {
        html(o,
             "<section class=\"noprint\"><h2>%s</h2><form method=\"post\" "
             "action=\"/meetings/%lld/cancel\" "
             "class=\"stack\">",
             T(r, M_SCHED_CANCEL), id);
        csrf_field(r);
        html(o,
             "<label for=\"reason\">%s</label><textarea id=\"reason\" name=\"reason\" required "
             "rows=\"2\" maxlength=\"%d\"></textarea><button type=\"submit\">%s</button></form>"
             "</section>\n",
             T(r, M_SCHED_CANCEL_REASON), SCHED_REASON_MAX, T(r, M_SCHED_CANCEL));
    }
    page_end(r);
    if (have_run)
        meeting_run_free(&run);
    json_decref(m.setup);
}

void meeting_page(struct req *r)
{
    meeting_view(r, NULL);
}

/* The staff's form to change the schedule: title and type only while the log is empty (the
 * store refuses them after the first command), time, place and mode always. */
static void edit_form(struct req *r, const struct sched_row *row, const char *error)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"edit\" class=\"noprint\"><h2>%s</h2>", T(r, M_SCHED_EDIT));
    if (error)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n", error);
    html(o, "<form method=\"post\" action=\"/meetings/%lld/edit\" class=\"stack\">",
         (long long)row->id);
    csrf_field(r);
    basics_fields(r, &(struct basics_shown){row->title, sched_kind_key(row->kind),
                                            local_input(r, row->starts_at),
                                            local_input(r, row->ends_at), row->place,
                                            sched_mode_key(row->mode), row->online_url});
    html(o, "<button type=\"submit\">%s</button></form></section>\n", T(r, M_SCHED_EDIT_SUBMIT));
}

static bool differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

void meeting_edit_post(struct req *r)
{
    struct meeting_row m;
    if (!sched_load_for_change(r, &m))
        return;
    struct sched_input *in = arena_alloc(&r->arena, sizeof *in);
    struct sched_problem p = {SCHED_OK, 0};
    int rc = -1;
    if (sched_input_load(r, &m, in)) {
        /* Only what the form changes counts as edited: after the first command an unchanged
         * title or type is no refusal. */
        unsigned given = 0;
        struct sched_basics *b = &in->b;
        const char *title = req_param(r, "title"), *kind = req_param(r, "kind");
        if (differs(title, b->title)) {
            b->title = title;
            given |= SF_TITLE;
        }
        if (differs(kind, b->kind)) {
            b->kind = kind;
            given |= SF_KIND;
        }
        int64_t starts = sched_parse_local(req_param(r, "starts"));
        int64_t ends = sched_parse_local(req_param(r, "ends"));
        if (starts != b->starts_at || ends != b->ends_at) {
            b->starts_at = starts;
            b->ends_at = ends;
            given |= SF_TIME;
        }
        if (differs(req_param(r, "place"), b->place)) {
            b->place = req_param(r, "place");
            given |= SF_PLACE;
        }
        if (differs(req_param(r, "mode"), b->mode) ||
            differs(req_param(r, "online_url"), b->online_url)) {
            b->mode = req_param(r, "mode");
            b->online_url = req_param(r, "online_url");
            given |= SF_MODE;
        }
        rc = given ? sched_update(r, &m, in, given, &p) : 1;
    }
    json_decref(m.setup);
    if (rc < 0) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
    } else if (rc == 0) {
        r->status = sched_err_status(p.err);
        meeting_view(r, T(r, sched_err_msg(p.err)));
    } else {
        req_redirect(r, arena_printf(&r->arena, "/meetings/%lld", (long long)m.id));
    }
}

void meeting_cancel_post(struct req *r)
{
    struct meeting_row m;
    if (!sched_load_for_change(r, &m))
        return;
    struct sched_problem p = {SCHED_OK, 0};
    int rc = sched_cancel(r, &m, req_param(r, "reason"), &p);
    json_decref(m.setup);
    if (rc < 0)
        fail(r, 500, "internal", M_ERR_INTERNAL);
    else if (rc == 0)
        fail(r, sched_err_status(p.err), sched_err_code(p.err), sched_err_msg(p.err));
    else
        req_redirect(r, arena_printf(&r->arena, "/meetings/%lld", (long long)m.id));
}

void meeting_topic_section(struct req *r, const struct topic *t)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT m.id, m.title, m.kind, m.starts_at, m.place, m.cancelled_at"
                          " FROM meeting_item i JOIN meeting m ON m.id = i.meeting_id"
                          " WHERE i.topic_id = ? ORDER BY m.starts_at DESC, m.id DESC LIMIT 20");
    db_bind(st, "i", t->id);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (!rows++)
            html(&r->out, "<section id=\"meetings\"><h2>%s</h2><ul class=\"cells\">\n",
                 T(r, M_SCHED_ON_TOPICS));
        meeting_cell(r, st);
    }
    db_done(st);
    if (rows)
        html(&r->out, "</ul></section>\n");
}
