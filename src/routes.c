/* Every route of the program in one table: method, path pattern, handler, flags. The
 * dispatcher (src/http/dispatch.c) enforces sign-in, CSRF and the write transaction from the
 * flags; each handler then checks the node-level permission first. The OpenAPI document
 * (assets/openapi.json) lists every /api/ route; tests/http/openapi.test.mjs proves it. */
#include "auth/pages.h"
#include "http/assets.h"
#include "hall/pages.h"
#include "http/dispatch.h"
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
    {"POST", "/halls/{id}/propose", propose_post, R_LOGIN, NULL},
    {"GET", "/topics/{id}", topic_page, R_LOGIN, NULL},
    {"POST", "/topics/{id}/transitions", topic_transition_post, R_LOGIN, NULL},
    /* hall: topics (merge, override, appeal) */

    /* hall: photos */

    /* hall: opinions and support */

    /* hall: polls */

    /* hall: resolutions, notice, execution, evaluation */

    /* hall: feed, search, statistics */
    {"GET", "/feed", my_feed_page, R_LOGIN, NULL},
    {"GET", "/feed/items", my_feed_items, R_LOGIN, NULL},
    {"GET", "/halls/{id}/feed/items", hall_feed_items, R_LOGIN, NULL},
    {"GET", "/halls/{id}/stats", hall_stats_page, R_LOGIN, NULL},
    {"GET", "/search", search_page, R_LOGIN, NULL},

    {"GET", "/static/*", assets_page, 0, NULL},

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

    /* api: photos */

    /* api: opinions and support */

    /* api: polls */

    /* api: resolutions, notice, execution, evaluation */

    /* api: feed, search, statistics */
    {"GET", "/api/v1/feed", my_feed_api, R_LOGIN, "The reader's own feed: their halls merged"},
    {"GET", "/api/v1/halls/{id}/feed", hall_feed_api, R_LOGIN, "A hall's feed, newest first"},
    {"GET", "/api/v1/halls/{id}/stats", hall_stats_api, R_LOGIN, "A hall's statistics"},
    {"GET", "/api/v1/search", search_api, R_LOGIN, "Search topics and opinions"},

    {"GET", "/api/v1/openapi.json", openapi_api, 0, "This document"},
    {NULL, NULL, NULL, 0, NULL},
};
