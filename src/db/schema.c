/* The schema, as one ordered list of migrations. A deployed database records how many it has
 * applied in schema_version; start-up applies the rest in one transaction. Never edit an
 * applied step: append a new one. */
#include "db/db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/xmalloc.h"

/* A migration that differs per engine: the part before the first marker runs on both, each
 * part after a marker only on that engine (used by the search index: FTS5 on SQLite, a GIN
 * tsvector index on PostgreSQL). The marker byte never occurs in SQL text. */
#define MIGRATION_ONLY_SQLITE "\x01sqlite:"
#define MIGRATION_ONLY_POSTGRESQL "\x01postgresql:"

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

    /* search (src/hall/search.c): one row per indexed text, the same on both engines. body is
     * the text as indexed (for excerpts), tokens its bigram tokens (src/hall/bigram.c) joined
     * by spaces. Each engine indexes those tokens as they are, so both answer alike:
     * - SQLite: an FTS5 table with the built-in "ascii" tokenizer over tokens. It splits only at
     *   ASCII non-alphanumerics and keeps every non-ASCII byte inside a token, so a
     *   pre-tokenized bigram stays whole. Chosen over a registered custom tokenizer: no C
     *   callback on every connection, the tokenizer stays one pure function used identically
     *   for PostgreSQL, and the FTS5 table is an external-content index kept by triggers.
     * - PostgreSQL: a GIN index on array_to_tsvector(string_to_array(tokens, ' ')), which takes
     *   the tokens as lexemes without the text-search parser touching them. */
    "CREATE TABLE search_doc("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('topic','opinion')),"
    "  ref_id INTEGER NOT NULL,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  body TEXT NOT NULL,"
    "  tokens TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (kind, ref_id));"
    "CREATE INDEX search_doc_hall ON search_doc(hall_node_id, id);"
    "CREATE INDEX search_doc_topic ON search_doc(topic_id);" MIGRATION_ONLY_SQLITE
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_doc',"
    "  content_rowid='id', tokenize='ascii');"
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN"
    "  INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END;"
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN"
    "  INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    "  END;" MIGRATION_ONLY_POSTGRESQL "CREATE INDEX search_doc_tsv ON search_doc"
    "  USING gin (array_to_tsvector(string_to_array(tokens, ' ')));",

    /* -- opinions: reserved for src/hall/opinion*.c (replace this line with the migration) -- */

    /* -- polls: reserved for src/hall/poll*.c (replace this line with the migration) -- */

    /* -- outcome: reserved for resolutions, notices, execution, evaluation -- */
};

enum { NMIGRATIONS = sizeof migrations / sizeof migrations[0] };

/* Runs one migration: its common part, then the parts for this engine (see
 * MIGRATION_ONLY_SQLITE). */
static enum db_result run_migration(struct db *db, const char *sql)
{
    const char *mine = db_engine() == DB_POSTGRESQL ? "postgresql:" : "sqlite:";
    bool run = true;
    for (const char *p = sql; *p;) {
        const char *end = strchr(p, '\x01');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (run && n) {
            char *part = xstrndup(p, n);
            enum db_result rc = db_script(db, part);
            free(part);
            if (rc != DB_DONE)
                return rc;
        }
        if (!end)
            break;
        p = end + 1;
        run = strncmp(p, mine, strlen(mine)) == 0;
        p = strchr(p, ':') + 1; /* every marker ends with ':' */
    }
    return DB_DONE;
}

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
        if (run_migration(db, migrations[v]) != DB_DONE ||
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
