/* The schema, as one ordered list of migrations. A deployed database records how many it has
 * applied in schema_version; start-up applies the rest in one transaction. Never edit an
 * applied step: append a new one. */
#include "db/db.h"

#include "util/log.h"

static const char *const migrations[] = {
    /* 1: territory, people, roles, accounts */
    "CREATE TABLE node("
    "  id INTEGER PRIMARY KEY,"
    "  parent_id INTEGER REFERENCES node(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('district','subdistrict','area','block','group',"
    "       'building','household')),"
    "  name TEXT NOT NULL,"
    "  path TEXT NOT NULL UNIQUE," /* '/1/5/23/': ids of every ancestor and itself */
    "  depth INTEGER NOT NULL,"
    "  UNIQUE (parent_id, name));"
    "CREATE TABLE person("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER REFERENCES node(id),"
    "  name TEXT NOT NULL,"
    "  phone TEXT,"
    "  username TEXT UNIQUE,"
    "  password_hash TEXT,"
    "  lang TEXT,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX person_household ON person(household_id);"
    "CREATE INDEX person_phone ON person(phone);"
    "CREATE TABLE role("
    "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
    "  node_id INTEGER NOT NULL REFERENCES node(id),"
    "  role TEXT NOT NULL,"
    "  granted_by INTEGER REFERENCES person(id),"
    "  granted_at INTEGER NOT NULL,"
    "  PRIMARY KEY (person_id, node_id, role));"
    "CREATE INDEX role_node ON role(node_id);"
    "CREATE TABLE session("
    "  token_hash TEXT PRIMARY KEY,"
    "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE TABLE login_throttle("
    "  key TEXT PRIMARY KEY,"
    "  failures INTEGER NOT NULL,"
    "  last_at INTEGER NOT NULL);"
    "CREATE TABLE invitation("
    "  code TEXT PRIMARY KEY,"
    "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
    "  created_by INTEGER REFERENCES person(id),"
    "  created_at INTEGER NOT NULL,"
    "  used_at INTEGER);"
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  detail TEXT NOT NULL);",

    /* 2: household and people counts kept on every node, so a node page reads its children's
     * counts in one query instead of scanning each subtree (the bench measured 48 subtree
     * scans per subdistrict page). Maintained by node_add_counts(). */
    "ALTER TABLE node ADD COLUMN households INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE node ADD COLUMN people INTEGER NOT NULL DEFAULT 0;"
    "UPDATE node SET"
    "  households = (SELECT count(*) FROM node d WHERE d.kind = 'household'"
    "    AND d.path >= node.path AND d.path < substr(node.path, 1, length(node.path) - 1) || '0'),"
    "  people = (SELECT count(*) FROM person p JOIN node h ON h.id = p.household_id"
    "    WHERE h.path >= node.path AND h.path < substr(node.path, 1, length(node.path) - 1) || "
    "'0');",

    /* 3: the deliberation hall's topics (议题) and every change to them. node_id is the part of
     * the territory the topic affects, hall_node_id the group, block or area whose hall hears
     * it; the scope_ columns keep the scope the tier was routed from, so the
     * explanation can be written again. Anonymous proposers stay in proposer_id: whether their
     * name is shown is the reader's business (src/hall/topic_api.c). */
    "CREATE TABLE topic("
    "  id INTEGER PRIMARY KEY,"
    "  node_id INTEGER NOT NULL REFERENCES node(id),"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  tier TEXT NOT NULL CHECK (tier IN ('building_group','block','estate')),"
    "  category TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  suggestion TEXT NOT NULL,"
    "  cost_fen INTEGER CHECK (cost_fen IS NULL OR cost_fen >= 0),"
    "  channel TEXT NOT NULL CHECK (channel IN ('online','visit','session','box','phone',"
    "       'wechat','other')),"
    "  proposer_id INTEGER NOT NULL REFERENCES person(id),"
    "  proposer_public INTEGER NOT NULL DEFAULT 0 CHECK (proposer_public IN (0, 1)),"
    "  entered_by INTEGER NOT NULL REFERENCES person(id),"
    "  status TEXT NOT NULL,"
    "  scope_groups INTEGER NOT NULL DEFAULT 1,"
    "  scope_blocks INTEGER NOT NULL DEFAULT 1,"
    "  scope_whole_area INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX topic_hall ON topic(hall_node_id, id);"
    "CREATE INDEX topic_node ON topic(node_id);"
    "CREATE INDEX topic_proposer ON topic(proposer_id);"
    "CREATE TABLE topic_event("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  actor_id INTEGER REFERENCES person(id),"
    "  from_status TEXT,"
    "  to_status TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('create','transition','override','appeal')),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX topic_event_topic ON topic_event(topic_id, id);",

    /* 4: the hall feed (议事厅动态): one row per thing that happened in a hall, newest last, so
     * a hall's feed is one index range and a person's is the union of at most three halls
     * (their group's, block's and area's). kind names what happened (src/hall/feed.h);
     * summary is the people's own words (a title, the start of an opinion), shown as they are;
     * actor_public 0 keeps an anonymous proposer's name out of the feed. */
    "CREATE TABLE feed_item("
    "  id INTEGER PRIMARY KEY,"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  topic_id INTEGER REFERENCES topic(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  ref_id INTEGER,"
    "  actor_id INTEGER REFERENCES person(id),"
    "  actor_public INTEGER NOT NULL DEFAULT 1 CHECK (actor_public IN (0, 1)),"
    "  summary TEXT NOT NULL DEFAULT '',"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX feed_item_hall ON feed_item(hall_node_id, id);"
    "CREATE INDEX feed_item_topic ON feed_item(topic_id, id);",

    /* -- photos: reserved for src/hall/photo.c (replace this line with the migration) -- */

    /* -- search: reserved for src/hall/search.c (replace this line with the migration) -- */

    /* -- opinions: reserved for src/hall/opinion*.c (replace this line with the migration) -- */

    /* polls: the hall's polls (表决 and 评议, src/hall/poll_store.c). eligible is the number of
     * people or households in the hall's scope when the poll was made, so turnout and quorum
     * do not move as people move. One vote per voter_key ("p:<person>" or "h:<household>")
     * and one per paper ballot number are held by the UNIQUE constraints, not by a check
     * before the insert, so two requests at once cannot both count. closed_at is set once
     * (by "close now" or by the clock at closes_at), outcome with it. */
    "CREATE TABLE poll("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  purpose TEXT NOT NULL CHECK (purpose IN ('decision','evaluation')),"
    "  kind TEXT NOT NULL CHECK (kind IN ('yes_no','options','satisfaction')),"
    "  question TEXT NOT NULL,"
    "  eligibility TEXT NOT NULL CHECK (eligibility IN ('person','household')),"
    "  opens_at INTEGER NOT NULL,"
    "  closes_at INTEGER NOT NULL,"
    "  closed_at INTEGER,"
    "  quorum_num INTEGER NOT NULL DEFAULT 0,"
    "  quorum_den INTEGER NOT NULL DEFAULT 1,"
    "  threshold TEXT NOT NULL,"
    "  hide_results INTEGER NOT NULL DEFAULT 0 CHECK (hide_results IN (0, 1)),"
    "  eligible INTEGER NOT NULL,"
    "  outcome TEXT,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL,"
    "  CHECK (closes_at > opens_at));"
    "CREATE INDEX poll_topic ON poll(topic_id, id);"
    "CREATE INDEX poll_due ON poll(closed_at, closes_at);"
    "CREATE TABLE poll_option("
    "  id INTEGER PRIMARY KEY,"
    "  poll_id INTEGER NOT NULL REFERENCES poll(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  label TEXT NOT NULL,"
    "  UNIQUE (poll_id, position));"
    "CREATE TABLE poll_vote("
    "  id INTEGER PRIMARY KEY,"
    "  poll_id INTEGER NOT NULL REFERENCES poll(id) ON DELETE CASCADE,"
    "  voter_key TEXT NOT NULL,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  household_id INTEGER REFERENCES node(id),"
    "  choice INTEGER NOT NULL,"
    "  channel TEXT NOT NULL CHECK (channel IN ('online','paper')),"
    "  ballot_no TEXT,"
    "  entered_by INTEGER NOT NULL REFERENCES person(id),"
    "  receipt TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (poll_id, voter_key),"
    "  UNIQUE (poll_id, ballot_no));"
    "CREATE INDEX poll_vote_person ON poll_vote(person_id);",

    /* -- outcome: reserved for resolutions, notices, execution, evaluation -- */
};

enum { NMIGRATIONS = sizeof migrations / sizeof migrations[0] };

int db_migrate(struct db *db)
{
    if (db_begin(db) != DB_DONE)
        return -1;
    if (db_schema_lock(db) != DB_DONE ||
        db_script(db, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);") !=
            DB_DONE) {
        db_rollback(db);
        return -1;
    }
    int have = (int)db_int(db, 0, "SELECT max(version) FROM schema_version", "");
    for (int v = have; v < NMIGRATIONS; v++) {
        if (db_script(db, migrations[v]) != DB_DONE ||
            db_exec(db, "INSERT INTO schema_version(version) VALUES (?)", "i", (int64_t)(v + 1)) !=
                DB_DONE) {
            log_msg("migration %d failed", v + 1);
            db_rollback(db);
            return -1;
        }
    }
    if (db_commit(db) != DB_DONE)
        return -1;
    return NMIGRATIONS;
}
