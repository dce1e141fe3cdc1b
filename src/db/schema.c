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

    /* 5: photos of topics and progress reports (src/hall/photo.c). Only what image.c made is
     * stored: a JPEG with no metadata (data), its thumbnail, their sizes, and a hash of data
     * that is the strong ETag. owner_kind names the table owner_id points into ('topic',
     * 'progress', ...), so any part of the hall can carry photos without a table of its own;
     * rows go when their owner is deleted by whoever deletes the owner. */
    "CREATE TABLE photo("
    "  id INTEGER PRIMARY KEY,"
    "  owner_kind TEXT NOT NULL,"
    "  owner_id INTEGER NOT NULL,"
    "  mime TEXT NOT NULL DEFAULT 'image/jpeg',"
    "  width INTEGER NOT NULL,"
    "  height INTEGER NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  data BLOB NOT NULL,"
    "  thumb_width INTEGER NOT NULL,"
    "  thumb_height INTEGER NOT NULL,"
    "  thumb BLOB NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  uploaded_by INTEGER REFERENCES person(id),"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX photo_owner ON photo(owner_kind, owner_id, id);",

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

    /* opinions: online deliberation on a topic (src/hall/opinion*.c). An opinion keeps its
     * author's household so a move does not rewrite history; hidden_* are set together by a
     * moderator and the body stays for the audit. opinion_quota is the row the per-person limit
     * is counted on: "UPDATE ... SET used = used + 1 WHERE used < limit" serializes parallel
     * posts on both engines (PostgreSQL re-checks the WHERE on the row it waited for), so two
     * posts can never both take the last turn. counted 0 marks a free answer to a question put
     * to the author; the partial unique index allows one per question. */
    "CREATE TABLE opinion("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  author_id INTEGER NOT NULL REFERENCES person(id),"
    "  household_id INTEGER NOT NULL REFERENCES node(id),"
    "  stance TEXT NOT NULL CHECK (stance IN ('for','against','question','suggestion')),"
    "  body TEXT NOT NULL,"
    "  reply_to INTEGER REFERENCES opinion(id),"
    "  addressed_to INTEGER REFERENCES person(id),"
    "  counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1)),"
    "  hidden_reason TEXT,"
    "  hidden_by INTEGER REFERENCES person(id),"
    "  hidden_at INTEGER,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX opinion_topic ON opinion(topic_id, id);"
    "CREATE INDEX opinion_hall ON opinion(hall_node_id, id);"
    "CREATE UNIQUE INDEX opinion_free_answer ON opinion(reply_to, author_id) WHERE counted = 0;"
    "CREATE TABLE opinion_quota("
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  used INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (topic_id, person_id));"
    "CREATE TABLE opinion_flag("
    "  opinion_id INTEGER NOT NULL REFERENCES opinion(id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  reason TEXT NOT NULL CHECK (reason IN ('attack','off_topic')),"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (opinion_id, person_id));"
    "CREATE TABLE topic_support("
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (topic_id, person_id));"
    "CREATE TABLE hall_setting("
    "  hall_node_id INTEGER NOT NULL PRIMARY KEY REFERENCES node(id),"
    "  opinion_limit INTEGER NOT NULL DEFAULT 2,"
    "  opinion_max_chars INTEGER NOT NULL DEFAULT 500,"
    "  others_may_read INTEGER NOT NULL DEFAULT 1 CHECK (others_may_read IN (0, 1)),"
    "  updated_by INTEGER REFERENCES person(id),"
    "  updated_at INTEGER NOT NULL);",

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

    /* outcome: what came of a topic (src/hall/outcome_store.c). A resolution (决议) records
     * the decision; when an upheld objection sends the topic back to deliberation it is
     * superseded (superseded_at set), never deleted, so the record of each round stays.
     * poll_id names the poll it came from without a foreign key, since the poll tables belong
     * to another migration. Vote counts are NULL when unknown. A notice (公示) runs
     * [starts_at, ends_at); ended_at is set when it ends (ended_by NULL when the clock ended
     * it). One objection per household per notice: a household speaks once in each round
     * (UNIQUE), as with votes. Tasks and progress reports carry out the resolution;
     * topic_outcome is how the topic was closed. Dates people chose (deadlines) are
     * 'YYYY-MM-DD' text, which sorts as dates do. */
    "CREATE TABLE resolution("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  text TEXT NOT NULL,"
    "  responsible TEXT NOT NULL,"
    "  deadline TEXT NOT NULL,"
    "  funding TEXT NOT NULL CHECK (funding IN ('self_gov_fund','maintenance_fund',"
    "       'department','none')),"
    "  source TEXT NOT NULL CHECK (source IN ('poll','meeting','hall')),"
    "  poll_id INTEGER,"
    "  votes_for INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),"
    "  votes_against INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),"
    "  votes_abstain INTEGER CHECK (votes_abstain IS NULL OR votes_abstain >= 0),"
    "  superseded_at INTEGER,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX resolution_topic ON resolution(topic_id, id);"
    "CREATE TABLE notice("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  resolution_id INTEGER NOT NULL REFERENCES resolution(id) ON DELETE CASCADE,"
    "  starts_at INTEGER NOT NULL,"
    "  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),"
    "  ended_at INTEGER,"
    "  ended_by INTEGER REFERENCES person(id));"
    "CREATE INDEX notice_topic ON notice(topic_id, id);"
    "CREATE INDEX notice_due ON notice(ends_at);"
    "CREATE TABLE objection("
    "  id INTEGER PRIMARY KEY,"
    "  notice_id INTEGER NOT NULL REFERENCES notice(id) ON DELETE CASCADE,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  household_id INTEGER NOT NULL REFERENCES node(id),"
    "  body TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','upheld','dismissed')),"
    "  ruling TEXT NOT NULL DEFAULT '',"
    "  ruled_by INTEGER REFERENCES person(id),"
    "  ruled_at INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (notice_id, household_id));"
    "CREATE INDEX objection_topic ON objection(topic_id, id);"
    "CREATE TABLE task("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  title TEXT NOT NULL,"
    "  owner TEXT NOT NULL,"
    "  deadline TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),"
    "  done_at INTEGER,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX task_topic ON task(topic_id, id);"
    "CREATE TABLE progress("
    "  id INTEGER PRIMARY KEY,"
    "  task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  body TEXT NOT NULL,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX progress_task ON progress(task_id, id);"
    "CREATE TABLE topic_outcome("
    "  topic_id INTEGER NOT NULL PRIMARY KEY REFERENCES topic(id) ON DELETE CASCADE,"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('solved','partly','unsolved')),"
    "  note TEXT NOT NULL,"
    "  closed_by INTEGER NOT NULL REFERENCES person(id),"
    "  closed_at INTEGER NOT NULL);",

    /* tier changes and merges: the tier the rules gave is kept beside the one in force, with
     * how it changed (directors' override, a resident's appeal granted) and the reason, so the
     * explanation can say both; a merged duplicate points at the topic it was folded into.
     * Appeals wait in topic_appeal until the hall's directors rule on them. */
    "ALTER TABLE topic ADD COLUMN tier_routed TEXT;"
    "ALTER TABLE topic ADD COLUMN tier_change TEXT NOT NULL DEFAULT 'routed'"
    "  CHECK (tier_change IN ('routed','overridden','appealed'));"
    "ALTER TABLE topic ADD COLUMN tier_reason TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE topic ADD COLUMN merged_into INTEGER REFERENCES topic(id);"
    "UPDATE topic SET tier_routed = tier;"
    "CREATE TABLE topic_appeal("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  to_tier TEXT NOT NULL CHECK (to_tier IN ('building_group','block','estate')),"
    "  reason TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','granted','refused')),"
    "  ruling TEXT NOT NULL DEFAULT '',"
    "  ruled_by INTEGER REFERENCES person(id),"
    "  ruled_at INTEGER,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX topic_appeal_topic ON topic_appeal(topic_id, id);"
    "CREATE INDEX topic_merged ON topic(merged_into);"
    /* one open appeal per person and topic: asking twice is not a second voice */
    "CREATE UNIQUE INDEX topic_appeal_open ON topic_appeal(topic_id, person_id)"
    "  WHERE status = 'open';",

    /* meetings (issue 5): the setup line and the hash-chained log of accepted commands; the
     * state is the replay of the log, so nothing else about a meeting is stored. The primary
     * key (meeting_id, seq) is the guard against two writers appending the same seq. */
    "CREATE TABLE meeting("
    "  id INTEGER PRIMARY KEY,"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  title TEXT NOT NULL,"
    "  setup TEXT NOT NULL,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX meeting_hall ON meeting(hall_node_id, id);"
    "CREATE TABLE meeting_log("
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
    "  seq INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  actor_id INTEGER NOT NULL REFERENCES person(id),"
    "  command TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  PRIMARY KEY (meeting_id, seq));",

    /* meetings scheduled in a hall (issue 5): type, time, place, mode, recorder, the door's
     * check-in token (the QR code carries it, so only someone at the door can check in), the
     * agenda (items linked to accepted topics: item_key is the engine's OPEN_ITEM id) and the
     * invited guests who are not persons here (engine id "g<id>", see meeting/meeting_row.h). */
    "ALTER TABLE meeting ADD COLUMN kind TEXT NOT NULL DEFAULT 'council'"
    "  CHECK (kind IN ('council','hearing','coordination','review'));"
    "ALTER TABLE meeting ADD COLUMN starts_at INTEGER;"
    "ALTER TABLE meeting ADD COLUMN ends_at INTEGER;"
    "ALTER TABLE meeting ADD COLUMN place TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE meeting ADD COLUMN mode TEXT NOT NULL DEFAULT 'in_person'"
    "  CHECK (mode IN ('in_person','online','both'));"
    "ALTER TABLE meeting ADD COLUMN online_url TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE meeting ADD COLUMN recorder_id INTEGER REFERENCES person(id);"
    "ALTER TABLE meeting ADD COLUMN checkin_token TEXT;"
    "ALTER TABLE meeting ADD COLUMN cancelled_at INTEGER;"
    "CREATE INDEX meeting_hall_time ON meeting(hall_node_id, starts_at);"
    "CREATE TABLE meeting_item("
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
    "  item_key TEXT NOT NULL,"
    "  pos INTEGER NOT NULL,"
    "  topic_id INTEGER REFERENCES topic(id),"
    "  title TEXT NOT NULL,"
    "  PRIMARY KEY (meeting_id, item_key));"
    "CREATE INDEX meeting_item_topic ON meeting_item(topic_id);"
    "CREATE TABLE meeting_guest("
    "  id INTEGER PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
    "  org TEXT NOT NULL CHECK (org IN ('property','owners','committee','police','grid',"
    "       'department','other')),"
    "  name TEXT NOT NULL);"
    "CREATE INDEX meeting_guest_meeting ON meeting_guest(meeting_id, id);",

    /* meeting schedule (issue 5): the iCalendar SEQUENCE of a meeting (bumped on each edit and
     * on cancelling, so calendar apps take the newer version) and why it was cancelled. */
    "ALTER TABLE meeting ADD COLUMN ical_sequence INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE meeting ADD COLUMN cancel_reason TEXT NOT NULL"
    "  DEFAULT '';",
    /* meeting room's clock (issue 5): when the hall clock must next TICK a scheduled meeting
     * (a speech's time or a recess ends; NULL: nothing due), kept by meeting_command after
     * every accepted command, so the clock finds due meetings without replaying any. */
    "ALTER TABLE meeting ADD COLUMN tick_due_at INTEGER;"
    "CREATE INDEX meeting_tick_due ON meeting(tick_due_at);",
    /* migrations: meeting minutes (issue 5) -- reserved -- */
    /* fund (issue 6): the 自治金 of an area per year, its projects and an append-only ledger in
     * integer fen (src/fund/ledger_rules.h). The line totals are a cache of the entries kept in
     * the same transaction; their CHECKs are the last guard against overspending should a
     * check in C ever be wrong. Entries are never updated or deleted: a mistake is a reversing
     * entry (reversal_of is UNIQUE, so an entry is reversed at most once), and the worker's
     * approval of an expense is a row of its own. 10000000000 fen = MONEY_MAX_FEN. */
    "CREATE TABLE fund_pool("
    "  id INTEGER PRIMARY KEY,"
    "  area_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
    "  working_fen INTEGER NOT NULL CHECK (working_fen BETWEEN 0 AND 10000000000),"
    "  service_fen INTEGER NOT NULL CHECK (service_fen BETWEEN 0 AND 10000000000),"
    "  project_fen INTEGER NOT NULL CHECK (project_fen BETWEEN 0 AND 10000000000),"
    "  share_num INTEGER NOT NULL,"
    "  share_den INTEGER NOT NULL,"
    "  committed_fen INTEGER NOT NULL DEFAULT 0,"
    "  lapsed_fen INTEGER NOT NULL DEFAULT 0,"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL,"
    "  closed_by INTEGER REFERENCES person(id),"
    "  closed_at INTEGER,"
    "  UNIQUE (area_node_id, year),"
    "  CHECK (share_den BETWEEN 1 AND 1000 AND share_num BETWEEN 0 AND share_den),"
    "  CHECK (project_fen * share_den >= (working_fen + service_fen + project_fen) * share_num),"
    "  CHECK (committed_fen BETWEEN 0 AND project_fen));"
    "CREATE TABLE fund_project("
    "  id INTEGER PRIMARY KEY,"
    "  pool_id INTEGER NOT NULL REFERENCES fund_pool(id),"
    "  hall_node_id INTEGER NOT NULL REFERENCES node(id),"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id),"
    "  resolution_id INTEGER REFERENCES resolution(id),"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  leader_id INTEGER NOT NULL REFERENCES person(id),"
    "  name TEXT NOT NULL,"
    "  background TEXT NOT NULL DEFAULT '',"
    "  goals TEXT NOT NULL DEFAULT '',"
    "  beneficiaries TEXT NOT NULL DEFAULT '',"
    "  plan TEXT NOT NULL DEFAULT '',"
    "  targets TEXT NOT NULL DEFAULT '',"
    "  own_fen INTEGER NOT NULL DEFAULT 0 CHECK (own_fen BETWEEN 0 AND 10000000000),"
    "  total_fen INTEGER NOT NULL CHECK (total_fen BETWEEN 1 AND 10000000000),"
    "  approved_fen INTEGER NOT NULL DEFAULT 0 CHECK (approved_fen BETWEEN 0 AND total_fen),"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','hall_approved',"
    "       'submitted','approved','returned','rejected','in_progress','finished','evaluated')),"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX fund_project_pool ON fund_project(pool_id, id);"
    "CREATE INDEX fund_project_topic ON fund_project(topic_id);"
    "CREATE TABLE fund_budget_line("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES fund_project(id),"
    "  pos INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  asked_fen INTEGER NOT NULL CHECK (asked_fen BETWEEN 1 AND 10000000000),"
    "  approved_fen INTEGER NOT NULL DEFAULT 0 CHECK (approved_fen BETWEEN 0 AND asked_fen),"
    "  moved_in_fen INTEGER NOT NULL DEFAULT 0 CHECK (moved_in_fen >= 0),"
    "  moved_out_fen INTEGER NOT NULL DEFAULT 0 CHECK (moved_out_fen >= 0),"
    "  spent_fen INTEGER NOT NULL DEFAULT 0 CHECK (spent_fen >= 0),"
    "  lapsed_fen INTEGER NOT NULL DEFAULT 0 CHECK (lapsed_fen >= 0),"
    "  UNIQUE (project_id, pos),"
    "  CHECK (spent_fen + lapsed_fen <= approved_fen + moved_in_fen - moved_out_fen));"
    "CREATE TABLE fund_entry("
    "  id INTEGER PRIMARY KEY,"
    "  pool_id INTEGER NOT NULL REFERENCES fund_pool(id),"
    "  project_id INTEGER REFERENCES fund_project(id),"
    "  line_id INTEGER REFERENCES fund_budget_line(id),"
    "  line_to_id INTEGER REFERENCES fund_budget_line(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('approve','expense','reverse','reallocate','lapse')),"
    "  amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0"
    "       AND amount_fen BETWEEN -10000000000 AND 10000000000),"
    "  reversal_of INTEGER UNIQUE REFERENCES fund_entry(id),"
    "  voucher TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL,"
    "  CHECK ((kind = 'reverse') = (reversal_of IS NOT NULL)),"
    "  CHECK (kind = 'reverse' OR amount_fen > 0),"
    "  CHECK ((kind = 'reallocate') = (line_to_id IS NOT NULL) OR kind = 'reverse'));"
    "CREATE INDEX fund_entry_project ON fund_entry(project_id, id);"
    "CREATE INDEX fund_entry_pool ON fund_entry(pool_id, id);"
    "CREATE TABLE fund_expense_approval("
    "  entry_id INTEGER PRIMARY KEY REFERENCES fund_entry(id),"
    "  approved_by INTEGER NOT NULL REFERENCES person(id),"
    "  approved_at INTEGER NOT NULL);"
    "CREATE TABLE fund_event("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES fund_project(id),"
    "  from_status TEXT NOT NULL,"
    "  to_status TEXT NOT NULL,"
    "  actor_id INTEGER NOT NULL REFERENCES person(id),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX fund_event_project ON fund_event(project_id, id);"
    /* vouchers of expenses: a cleaned JPEG or a PDF as sent (src/fund/voucher.h); not in the
     * photo table, whose pictures any signed-in person may fetch */
    "CREATE TABLE fund_voucher("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES fund_entry(id),"
    "  mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','application/pdf')),"
    "  bytes INTEGER NOT NULL CHECK (bytes BETWEEN 1 AND 8388608),"
    "  data BLOB NOT NULL,"
    "  uploaded_by INTEGER NOT NULL REFERENCES person(id),"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX fund_voucher_entry ON fund_voucher(entry_id, id);"
    /* Ledger rows and status history are never changed or removed, whoever asks. */
    MIGRATION_ONLY_SQLITE "CREATE TRIGGER fund_entry_no_update BEFORE UPDATE ON fund_entry"
    "  BEGIN SELECT RAISE(ABORT, 'fund_entry rows are immutable'); END;"
    "CREATE TRIGGER fund_entry_no_delete BEFORE DELETE ON fund_entry"
    "  BEGIN SELECT RAISE(ABORT, 'fund_entry rows are immutable'); END;"
    "CREATE TRIGGER fund_event_no_update BEFORE UPDATE ON fund_event"
    "  BEGIN SELECT RAISE(ABORT, 'fund_event rows are immutable'); END;"
    "CREATE TRIGGER fund_event_no_delete BEFORE DELETE ON fund_event"
    "  BEGIN SELECT RAISE(ABORT, 'fund_event rows are immutable'); END;" MIGRATION_ONLY_POSTGRESQL
    "CREATE FUNCTION fund_immutable() RETURNS trigger LANGUAGE plpgsql AS $$"
    "  BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END $$;"
    "CREATE TRIGGER fund_entry_immutable BEFORE UPDATE OR DELETE ON fund_entry"
    "  FOR EACH ROW EXECUTE PROCEDURE fund_immutable();"
    "CREATE TRIGGER fund_event_immutable BEFORE UPDATE OR DELETE ON fund_event"
    "  FOR EACH ROW EXECUTE PROCEDURE fund_immutable();",

    /* migrations: fund evaluation and disclosure (issue 6): a project's indicator sheet (the
     * JSON of src/fund/eval_sheet_json.c, frozen at the first score) and its published result,
     * the standing directors' scores (tenths of a point, one row per director per indicator)
     * and the beneficiaries' survey (one answer per household). */
    "CREATE TABLE fund_eval("
    "  project_id INTEGER PRIMARY KEY REFERENCES fund_project(id),"
    "  sheet TEXT NOT NULL,"
    "  set_by INTEGER NOT NULL REFERENCES person(id),"
    "  set_at INTEGER NOT NULL,"
    "  total INTEGER,"
    "  grade TEXT,"
    "  grade_en TEXT,"
    "  decision TEXT CHECK (decision IN ('continue','change','stop')),"
    "  directors INTEGER,"
    "  answers INTEGER,"
    "  formula TEXT,"
    "  formula_en TEXT,"
    "  published_by INTEGER REFERENCES person(id),"
    "  published_at INTEGER);"
    "CREATE TABLE fund_eval_score("
    "  project_id INTEGER NOT NULL REFERENCES fund_project(id),"
    "  director_id INTEGER NOT NULL REFERENCES person(id),"
    "  indicator INTEGER NOT NULL CHECK (indicator BETWEEN 0 AND 29),"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (project_id, director_id, indicator));"
    "CREATE TABLE fund_survey("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES fund_project(id),"
    "  household_id INTEGER NOT NULL REFERENCES node(id),"
    "  person_id INTEGER NOT NULL REFERENCES person(id),"
    "  answer TEXT NOT NULL CHECK (answer IN ('satisfied','basic','dissatisfied')),"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (project_id, household_id));",

    /* migrations: fund application window and activities (issue 6, fundact). A pool's window
     * (opens_at inclusive, closes_at exclusive, Unix seconds); both NULL means no window was
     * set, which reads as always open (src/fund/activity_rules.h), so pools made before this
     * migration keep working. Activities of a project in progress are immutable like the
     * ledger: a correction is a new row naming the row it corrects (corrects, at most once). */
    "ALTER TABLE fund_pool ADD COLUMN opens_at INTEGER;"
    "ALTER TABLE fund_pool ADD COLUMN closes_at INTEGER;"
    "CREATE TABLE fund_activity("
    "  id INTEGER PRIMARY KEY,"
    "  project_id INTEGER NOT NULL REFERENCES fund_project(id),"
    "  held_on TEXT NOT NULL,"
    "  held_at INTEGER NOT NULL,"
    "  what TEXT NOT NULL,"
    "  signins INTEGER NOT NULL CHECK (signins BETWEEN 0 AND 100000),"
    "  corrects INTEGER UNIQUE REFERENCES fund_activity(id),"
    "  created_by INTEGER NOT NULL REFERENCES person(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX fund_activity_project ON fund_activity(project_id, id);" MIGRATION_ONLY_SQLITE
    "CREATE TRIGGER fund_activity_no_update BEFORE UPDATE ON fund_activity"
    "  BEGIN SELECT RAISE(ABORT, 'fund_activity: immutable'); END;"
    "CREATE TRIGGER fund_activity_no_delete BEFORE DELETE ON fund_activity"
    "  BEGIN SELECT RAISE(ABORT, 'fund_activity: immutable'); END;" MIGRATION_ONLY_POSTGRESQL
    "CREATE TRIGGER fund_activity_immutable BEFORE UPDATE OR DELETE ON fund_activity"
    "  FOR EACH ROW EXECUTE PROCEDURE fund_immutable();",
    /* fund year end for every fund type (issue 6, fundclose): the fund type an entry's money
     * belongs to. Everything but the year-end lapse of the working and service parts is the
     * project part's (their open balance is the whole part: docs/fund.md). */
    "ALTER TABLE fund_entry ADD COLUMN fund_type TEXT NOT NULL DEFAULT 'project'"
    "  CHECK (fund_type IN ('working','service','project'));",
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
