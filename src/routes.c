/* Every route of the program in one table: method, path pattern, handler, flags. The
 * dispatcher (src/http/dispatch.c) enforces sign-in, CSRF and the write transaction from the
 * flags; each handler then checks the node-level permission first. The OpenAPI document
 * (assets/openapi.json) lists every /api/ route; tests/http/openapi.test.mjs proves it. */
#include "auth/pages.h"
#include "http/assets.h"
#include "hall/pages.h"
#include "http/dispatch.h"
#include "meeting/api.h"
/* includes: meeting room (issue 5) */
#include "meeting/room_page.h"
/* includes: meeting schedule (issue 5) */
#include "meeting/schedule.h"
/* includes: meeting minutes (issue 5) */
#include "meeting/minutes_http.h"
/* includes: fund pages of the project lifecycle (issue 6, fundpages) */
#include "fund/fund_pages.h"
/* includes: fund evaluation, disclosure and pages (issue 6) */
#include "fund/eval_api.h"
#include "fund/fund_page.h"
#include "fund/report_api.h"
/* includes: fund application window and activities (issue 6, fundact) */
#include "fund/activity.h"
/* includes: fund (issue 6) */
#include "fund/api.h"
#include "org/pages.h"
#include "web/respond.h"

static void openapi_api(struct req *r)
{
    /* A fixed address: clients revalidate with the ETag instead of caching for a year. */
    asset_serve(r, "/static/openapi.json", false);
    if (r->status == 200)
        r->content_type = "application/json; charset=utf-8";
}

const struct route routes[] = {
    {"GET", "/", home_page, 0, NULL},
    {"GET", "/login", login_page, 0, NULL},
    {"POST", "/login", login_post, R_OWN_TX, NULL},
    {"POST", "/logout", logout_post, 0, NULL},
    {"POST", "/lang", lang_post, 0, NULL},
    {"GET", "/claim", claim_page, 0, NULL},
    {"POST", "/claim", claim_post, R_OWN_TX, NULL},
    {"GET", "/profile", profile_page, R_LOGIN, NULL},
    {"POST", "/profile/password", password_post, R_LOGIN | R_OWN_TX, NULL},
    {"GET", "/nodes", nodes_index_page, R_LOGIN, NULL},
    {"GET", "/nodes/{id}", node_page, R_LOGIN, NULL},
    {"GET", "/nodes/{id}/people", node_people_page, R_LOGIN, NULL},
    {"GET", "/nodes/{id}/import", import_page, R_LOGIN, NULL},
    {"POST", "/nodes/{id}/import", import_post, R_LOGIN | R_UPLOAD, NULL},
    {"GET", "/nodes/{id}/roles", roles_page, R_LOGIN, NULL},
    {"POST", "/nodes/{id}/roles", roles_post, R_LOGIN, NULL},
    {"POST", "/nodes/{id}/roles/revoke", roles_revoke_post, R_LOGIN, NULL},
    {"GET", "/nodes/{id}/invitations", invitations_page, R_LOGIN, NULL},
    {"POST", "/nodes/{id}/invitations", invitations_post, R_LOGIN, NULL},
    {"GET", "/people/{id}", person_page, R_LOGIN, NULL},
    {"GET", "/halls/{id}", hall_page, R_LOGIN, NULL},
    {"GET", "/halls/{id}/propose", propose_page, R_LOGIN, NULL},
    {"POST", "/halls/{id}/propose", propose_post, R_LOGIN | R_UPLOAD, NULL},
    {"GET", "/topics/{id}", topic_page, R_LOGIN, NULL},
    {"POST", "/topics/{id}/transitions", topic_transition_post, R_LOGIN, NULL},
    /* hall: topics (merge, override, appeal) */
    {"POST", "/topics/{id}/tier", topic_override_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/appeals", topic_appeal_post, R_LOGIN, NULL},
    {"POST", "/appeals/{id}/ruling", appeal_ruling_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/merge", topic_merge_post, R_LOGIN, NULL},

    /* hall: photos */
    {"GET", "/photos/{id}", photo_page, R_LOGIN, NULL},
    {"GET", "/photos/{id}/thumb", photo_thumb_page, R_LOGIN, NULL},

    /* hall: opinions and support */
    {"POST", "/topics/{id}/opinions", opinion_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/support", topic_support_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/unsupport", topic_unsupport_post, R_LOGIN, NULL},
    {"POST", "/opinions/{id}/flags", opinion_flag_post, R_LOGIN, NULL},
    {"POST", "/opinions/{id}/hide", opinion_hide_post, R_LOGIN, NULL},
    {"GET", "/halls/{id}/settings", hall_settings_page, R_LOGIN, NULL},
    {"POST", "/halls/{id}/settings", hall_settings_post, R_LOGIN, NULL},

    /* hall: polls */
    {"POST", "/topics/{id}/polls", topic_polls_post, R_LOGIN, NULL},
    {"POST", "/polls/{id}/votes", poll_votes_post, R_LOGIN, NULL},
    {"POST", "/polls/{id}/ballots", poll_ballots_post, R_LOGIN, NULL},
    {"POST", "/polls/{id}/close", poll_close_post, R_LOGIN, NULL},

    /* hall: resolutions, notice, execution, evaluation */
    {"POST", "/topics/{id}/resolutions", resolution_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/notice", notice_post_page, R_LOGIN, NULL},
    {"POST", "/topics/{id}/notice/end", notice_end_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/objections", objection_post, R_LOGIN, NULL},
    {"POST", "/objections/{id}/ruling", ruling_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/tasks", task_post, R_LOGIN, NULL},
    {"POST", "/tasks/{id}/progress", progress_post, R_LOGIN | R_UPLOAD, NULL},
    {"POST", "/tasks/{id}/done", task_done_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/evaluation", evaluation_post, R_LOGIN, NULL},
    {"POST", "/topics/{id}/close", close_post, R_LOGIN, NULL},

    /* hall: feed, search, statistics */
    {"GET", "/feed", my_feed_page, R_LOGIN, NULL},
    {"GET", "/feed/items", my_feed_items, R_LOGIN, NULL},
    {"GET", "/halls/{id}/feed/items", hall_feed_items, R_LOGIN, NULL},
    {"GET", "/halls/{id}/stats", hall_stats_page, R_LOGIN, NULL},
    {"GET", "/search", search_page, R_LOGIN, NULL},

    {"GET", "/static/*", assets_page, 0, NULL},

    /* meeting pages: the live room (issue 5) */
    {"GET", "/meetings/{id}/chair", meeting_chair_page, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/room", meeting_room_page, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/screen", meeting_screen_page, R_LOGIN, NULL},
    {"POST", "/meetings/{id}/do", meeting_do_post, R_LOGIN, NULL},
    /* meeting pages: schedule, calendar, sign-in (issue 5). The .ics feeds are public
     * announcements (no sign-in); the check-in page sends the signed-out to the login page and
     * back with its token itself (the dispatcher's redirect would drop the query). */
    {"GET", "/halls/{id}/meetings", hall_meetings_page, R_LOGIN, NULL},
    {"POST", "/halls/{id}/meetings", hall_meetings_post, R_LOGIN, NULL},
    {"GET", "/halls/{id}/meetings.ics", hall_meetings_ics, 0, NULL},
    {"GET", "/meetings/{id}", meeting_page, R_LOGIN, NULL},
    {"GET", "/meetings/{id}.ics", meeting_ics, 0, NULL},
    {"POST", "/meetings/{id}/edit", meeting_edit_post, R_LOGIN, NULL},
    {"POST", "/meetings/{id}/cancel", meeting_cancel_post, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/door", meeting_door_page, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/checkin", meeting_checkin_page, 0, NULL},
    {"POST", "/meetings/{id}/checkin", meeting_checkin_post, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/roster", meeting_roster_page, R_LOGIN, NULL},
    {"POST", "/meetings/{id}/roster", meeting_roster_post, R_LOGIN, NULL},
    /* meeting pages: minutes (issue 5) */
    {"GET", "/meetings/{id}/minutes", minutes_page, R_LOGIN, NULL},
    {"GET", "/meetings/{id}/minutes.pdf", minutes_pdf_page, R_LOGIN, NULL},
    /* fund pages of the project lifecycle (issue 6, fundpages): pools, proposal, project */
    {"GET", "/nodes/{id}/fund", fund_pool_page, R_LOGIN, NULL},
    {"POST", "/nodes/{id}/fund", fund_pool_post, R_LOGIN, NULL},
    {"GET", "/fund-pools/{id}/lapse", fund_lapse_page, R_LOGIN, NULL},
    {"POST", "/fund-pools/{id}/lapse", fund_lapse_post, R_LOGIN, NULL},
    {"GET", "/topics/{id}/fund-apply", fund_apply_page, R_LOGIN, NULL},
    {"POST", "/topics/{id}/fund-apply", fund_apply_post, R_LOGIN, NULL},
    {"GET", "/fund-projects/{id}", fund_project_view, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/steps", fund_steps_post, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/spend", fund_spend_post, R_LOGIN | R_UPLOAD, NULL},
    {"POST", "/fund-projects/{id}/move", fund_move_post, R_LOGIN, NULL},
    {"POST", "/fund-entries/{id}/ok", fund_entry_ok_post, R_LOGIN, NULL},
    {"POST", "/fund-entries/{id}/undo", fund_entry_undo_post, R_LOGIN, NULL},
    /* fund application window and activities (issue 6, fundact) */
    {"POST", "/fund-pools/{id}/window", fund_window_post, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/activities", fund_activity_post, R_LOGIN | R_UPLOAD, NULL},
    /* fund evaluation, disclosure and pages (issue 6) */
    {"GET", "/areas/{id}/fund", fund_report_page, R_LOGIN, NULL},
    {"GET", "/areas/{id}/fund.xlsx", fund_report_xlsx, R_LOGIN, NULL},
    {"GET", "/fund-projects/{id}/evaluation", fund_eval_page, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/evaluation/scores", fund_scores_post, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/evaluation/survey", fund_survey_post, R_LOGIN, NULL},
    {"POST", "/fund-projects/{id}/evaluation/publish", fund_publish_post, R_LOGIN, NULL},

    /* The API's login takes JSON only, which a cross-site form cannot send, so it needs no
     * CSRF token; every other state change with a cookie session does. */
    {"POST", "/api/v1/session", session_api, R_OWN_TX | R_NO_CSRF, "Log in"},
    {"DELETE", "/api/v1/session", session_delete_api, R_LOGIN, "Log out"},
    {"GET", "/api/v1/me", me_api, R_LOGIN, "The signed-in person"},
    {"GET", "/api/v1/nodes", nodes_api, R_LOGIN, "Roots of the territory tree"},
    {"GET", "/api/v1/nodes/{id}", node_api, R_LOGIN, "One node with counts"},
    {"GET", "/api/v1/nodes/{id}/children", node_children_api, R_LOGIN, "Children of a node"},
    {"GET", "/api/v1/nodes/{id}/people", node_people_api, R_LOGIN, "People under a node"},
    {"GET", "/api/v1/nodes/{id}/events", node_events_api, R_LOGIN, "Live changes (SSE)"},
    {"GET", "/api/v1/nodes/{id}/roles", roles_api, R_LOGIN, "Roles held on a node"},
    {"POST", "/api/v1/nodes/{id}/roles", roles_grant_api, R_LOGIN, "Give a role"},
    {"POST", "/api/v1/nodes/{id}/roles/revoke", roles_revoke_api, R_LOGIN, "Take a role"},
    {"POST", "/api/v1/topics", topics_create_api, R_LOGIN, "Raise a topic"},
    {"GET", "/api/v1/topics/{id}", topic_api, R_LOGIN, "One topic with its history"},
    {"POST", "/api/v1/topics/{id}/transitions", topic_transition_api, R_LOGIN,
     "Move a topic to another status"},
    {"GET", "/api/v1/halls/{id}/topics", hall_topics_api, R_LOGIN, "A hall's topics"},
    /* api: topics (merge, override, appeal) */
    {"POST", "/api/v1/topics/{id}/tier", topic_override_api, R_LOGIN,
     "Standing directors move a topic to another hall"},
    {"POST", "/api/v1/topics/{id}/appeals", topic_appeals_create_api, R_LOGIN,
     "Appeal for a wider hall"},
    {"GET", "/api/v1/topics/{id}/appeals", topic_appeals_api, R_LOGIN, "A topic's appeals"},
    {"POST", "/api/v1/appeals/{id}/ruling", appeal_ruling_api, R_LOGIN,
     "Grant or refuse an appeal"},
    {"POST", "/api/v1/topics/{id}/merge", topic_merge_api, R_LOGIN, "Merge a duplicate topic"},

    /* api: photos */
    {"GET", "/api/v1/topics/{id}/photos", topic_photos_api, R_LOGIN, "A topic's photos"},
    {"POST", "/api/v1/topics/{id}/photos", topic_photos_add_api, R_LOGIN | R_UPLOAD,
     "Add photos to a topic"},

    /* api: opinions and support */
    {"POST", "/api/v1/topics/{id}/opinions", opinions_create_api, R_LOGIN, "Give an opinion"},
    {"GET", "/api/v1/topics/{id}/opinions", opinions_api, R_LOGIN,
     "A topic's opinions with counts by stance"},
    {"POST", "/api/v1/opinions/{id}/flags", opinion_flag_api, R_LOGIN, "Flag an opinion"},
    {"POST", "/api/v1/opinions/{id}/hide", opinion_hide_api, R_LOGIN,
     "Hide an opinion, with a reason"},
    {"POST", "/api/v1/topics/{id}/support", topic_support_api, R_LOGIN, "Support a topic (+1)"},
    {"DELETE", "/api/v1/topics/{id}/support", topic_unsupport_api, R_LOGIN,
     "Withdraw support for a topic"},
    {"GET", "/api/v1/halls/{id}/settings", hall_settings_api, R_LOGIN, "A hall's settings"},
    {"POST", "/api/v1/halls/{id}/settings", hall_settings_put_api, R_LOGIN,
     "Change a hall's settings"},

    /* api: polls */
    {"POST", "/api/v1/topics/{id}/polls", topic_polls_create_api, R_LOGIN,
     "Start a poll on a topic"},
    {"GET", "/api/v1/topics/{id}/polls", topic_polls_api, R_LOGIN, "A topic's polls"},
    {"GET", "/api/v1/polls/{id}", poll_api, R_LOGIN, "One poll with its results and my vote"},
    {"POST", "/api/v1/polls/{id}/votes", poll_votes_api, R_LOGIN, "Vote"},
    {"POST", "/api/v1/polls/{id}/ballots", poll_ballots_api, R_LOGIN, "Enter a paper ballot"},
    {"POST", "/api/v1/polls/{id}/close", poll_close_api, R_LOGIN, "Close a poll now"},

    /* api: resolutions, notice, execution, evaluation */
    {"GET", "/api/v1/topics/{id}/outcome", outcome_api, R_LOGIN,
     "Resolutions, notice, objections, tasks and outcome of a topic"},
    {"POST", "/api/v1/topics/{id}/resolutions", resolutions_api, R_LOGIN,
     "Record a resolution (deliberating → resolved)"},
    {"POST", "/api/v1/topics/{id}/notice", notice_api, R_LOGIN,
     "Post the resolution for public notice"},
    {"POST", "/api/v1/topics/{id}/notice/end", notice_end_api, R_LOGIN,
     "End the notice and start the work"},
    {"POST", "/api/v1/topics/{id}/objections", objections_api, R_LOGIN,
     "Object to a resolution on notice"},
    {"POST", "/api/v1/objections/{id}/ruling", ruling_api, R_LOGIN, "Uphold or dismiss"},
    {"POST", "/api/v1/topics/{id}/tasks", tasks_api, R_LOGIN, "Add an execution task"},
    {"POST", "/api/v1/tasks/{id}/progress", progress_api, R_LOGIN, "Report progress on a task"},
    {"POST", "/api/v1/tasks/{id}/done", task_done_api, R_LOGIN, "Mark a task done"},
    {"POST", "/api/v1/topics/{id}/evaluation", evaluation_api, R_LOGIN,
     "Report the work done (awaiting evaluation)"},
    {"POST", "/api/v1/topics/{id}/close", close_api, R_LOGIN, "Close with an outcome"},

    /* api: feed, search, statistics */
    {"GET", "/api/v1/feed", my_feed_api, R_LOGIN, "The reader's own feed: their halls merged"},
    {"GET", "/api/v1/halls/{id}/feed", hall_feed_api, R_LOGIN, "A hall's feed, newest first"},
    {"GET", "/api/v1/halls/{id}/stats", hall_stats_api, R_LOGIN, "A hall's statistics"},
    {"GET", "/api/v1/search", search_api, R_LOGIN, "Search topics and opinions"},

    /* api: meetings (issue 5) */
    {"POST", "/api/v1/halls/{id}/meetings", hall_meetings_create_api, R_LOGIN,
     "Start a meeting of a hall"},
    {"GET", "/api/v1/meetings/{id}", meeting_api, R_LOGIN,
     "A meeting: its state replayed from the log, the log's length and head hash"},
    {"POST", "/api/v1/meetings/{id}/commands", meeting_commands_api, R_LOGIN,
     "Send a procedure command to a meeting"},
    {"GET", "/api/v1/meetings/{id}/events", meeting_events_api, R_LOGIN,
     "Live: one event per accepted command of a meeting (SSE)"},
    /* api: meeting schedule, calendar, sign-in (issue 5) */
    {"GET", "/api/v1/halls/{id}/meetings", hall_meetings_api, R_LOGIN,
     "A hall's meetings: upcoming first, then past"},
    {"PATCH", "/api/v1/meetings/{id}", meeting_patch_api, R_LOGIN,
     "Edit a meeting's schedule (time, place and mode only once it has begun)"},
    {"POST", "/api/v1/meetings/{id}/cancel", meeting_cancel_api, R_LOGIN, "Cancel a meeting"},
    /* api: meeting minutes (issue 5) */
    {"GET", "/api/v1/meetings/{id}/minutes", minutes_api, R_LOGIN,
     "A meeting's minutes: attendance, motions, speeches, rulings, votes, resolutions"},
    /* api: fund evaluation, disclosure and pages (issue 6) */
    {"GET", "/api/v1/fund-projects/{id}/evaluation", fund_eval_api, R_LOGIN,
     "A project's evaluation: sheet, scores, survey, formula and result"},
    {"POST", "/api/v1/fund-projects/{id}/evaluation/sheet", fund_eval_sheet_api, R_LOGIN,
     "Set the indicator sheet"},
    {"POST", "/api/v1/fund-projects/{id}/evaluation/scores", fund_eval_scores_api, R_LOGIN,
     "A standing director's scores"},
    {"POST", "/api/v1/fund-projects/{id}/evaluation/survey", fund_eval_survey_api, R_LOGIN,
     "A household's satisfaction answer"},
    {"POST", "/api/v1/fund-projects/{id}/evaluation/publish", fund_eval_publish_api, R_LOGIN,
     "Publish the grade and decision"},
    {"GET", "/api/v1/areas/{id}/fund/report", fund_report_api, R_LOGIN,
     "An area's quarterly fund disclosure"},
    {"GET", "/api/v1/areas/{id}/fund/report.xlsx", fund_report_xlsx, R_LOGIN,
     "The quarterly disclosure as XLSX"},
    /* api: fund application window and activities (issue 6, fundact) */
    {"GET", "/api/v1/fund-pools/{id}/window", fund_window_api, R_LOGIN,
     "A pool's application window"},
    {"POST", "/api/v1/fund-pools/{id}/window", fund_window_set_api, R_LOGIN,
     "Open the application window"},
    {"GET", "/api/v1/fund-projects/{id}/activities", fund_activities_api, R_LOGIN,
     "A project's activities"},
    {"POST", "/api/v1/fund-projects/{id}/activities", fund_activity_add_api, R_LOGIN | R_UPLOAD,
     "Record an activity"},
    /* api: fund (issue 6) */
    {"GET", "/api/v1/nodes/{id}/fund-pools", fund_pools_api, R_LOGIN, "An area's fund pools"},
    {"POST", "/api/v1/nodes/{id}/fund-pools", fund_pool_create_api, R_LOGIN,
     "Set an area's pool for a year"},
    {"GET", "/api/v1/fund-pools/{id}", fund_pool_api, R_LOGIN, "A pool and its projects"},
    {"GET", "/api/v1/fund-pools/{id}/ledger", fund_pool_ledger_api, R_LOGIN, "A pool's ledger"},
    {"POST", "/api/v1/fund-pools/{id}/lapse", fund_lapse_api, R_LOGIN, "Close the year"},
    {"POST", "/api/v1/topics/{id}/fund-projects", fund_project_create_api, R_LOGIN,
     "A project from a resolved topic"},
    {"GET", "/api/v1/fund-projects/{id}", fund_project_api, R_LOGIN, "A project"},
    {"POST", "/api/v1/fund-projects/{id}/transitions", fund_transition_api, R_LOGIN,
     "Move a project to another status"},
    {"POST", "/api/v1/fund-projects/{id}/expenses", fund_expense_api, R_LOGIN, "Record an expense"},
    {"POST", "/api/v1/fund-projects/{id}/reallocations", fund_reallocation_api, R_LOGIN,
     "Move money between lines"},
    {"GET", "/api/v1/fund-projects/{id}/ledger", fund_project_ledger_api, R_LOGIN,
     "A project's ledger"},
    {"POST", "/api/v1/fund-entries/{id}/approval", fund_approval_api, R_LOGIN,
     "Approve an expense"},
    {"POST", "/api/v1/fund-entries/{id}/reversal", fund_reversal_api, R_LOGIN, "Reverse an entry"},
    {"POST", "/api/v1/fund-entries/{id}/vouchers", fund_voucher_add_api, R_LOGIN | R_UPLOAD,
     "Attach vouchers to an expense"},
    {"GET", "/api/v1/fund-vouchers/{id}", fund_voucher_api, R_LOGIN, "A voucher's file"},

    {"GET", "/api/v1/openapi.json", openapi_api, 0, "This document"},
    {NULL, NULL, NULL, 0, NULL},
};
