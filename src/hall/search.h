/* Search across the hall's topics and opinions in Chinese. Texts are cut into overlapping CJK
 * bigrams and lower-cased ASCII words (src/hall/bigram.h; ARCHITECTURE.md: trigram indexes
 * cannot find the 2-character words most Chinese queries are), so 停车, 电梯 and 加装 find
 * their matches on both engines alike: FTS5 on SQLite, a tsvector GIN index on PostgreSQL,
 * both over the same tokens (migration in src/db/schema.c). */
#ifndef MULIN_HALL_SEARCH_H
#define MULIN_HALL_SEARCH_H
#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"
#include "util/buf.h"

/* What a search hit is. */
enum search_kind {
    SEARCH_TOPIC,   /* a topic: its title, description and suggestion */
    SEARCH_OPINION, /* an opinion given online */
    SEARCH_KIND_COUNT
};

/* Limits: a query is 1..SEARCH_QUERY_MAX characters; SEARCH_PAGE_SIZE hits per page; at most
 * SEARCH_DOC_TOKENS tokens of one text are indexed (a topic's texts give about 3,000). */
enum { SEARCH_QUERY_MAX = 50, SEARCH_PAGE_SIZE = 20, SEARCH_DOC_TOKENS = 8000 };

const char *search_kind_key(enum search_kind k);

/* Indexes text as (kind, ref_id) of topic_id in hall_node_id, replacing what was indexed under
 * (kind, ref_id) before, in the request's transaction. 0, or -1 on database trouble. */
int search_index(struct req *r, enum search_kind kind, int64_t ref_id, int64_t topic_id,
                 int64_t hall_node_id, const char *text);
/* Indexes every topic the index lacks (topics raised before the index existed), in its own
 * transaction; run at start-up after the migrations. Returns how many, or -1. */
struct db;
int search_backfill(struct db *db);
/* Takes (kind, ref_id) out of the index (a hidden opinion is no longer found). 0 or -1. */
int search_remove(struct req *r, enum search_kind kind, int64_t ref_id);

/* One hit, strings in r->arena. */
struct search_hit {
    enum search_kind kind;
    int64_t ref_id, topic_id, hall_node_id;
    const char *topic_title, *hall_name;
    const char *body; /* the indexed text, for the excerpt */
    int64_t at;
};

/* Why a query cannot run. */
enum search_err {
    SEARCH_OK,
    SEARCH_EMPTY,     /* no query */
    SEARCH_TOO_LONG,  /* over SEARCH_QUERY_MAX characters */
    SEARCH_NO_TOKENS, /* nothing searchable in it (only punctuation, say) */
    SEARCH_DB_ERROR,
};

/* Checks q (valid UTF-8): SEARCH_OK or why not. */
enum search_err search_check(const char *q);
/* The message for a refusal, and its API code. */
enum msg search_err_msg(enum search_err e);
const char *search_err_code(enum search_err e);

/* The engine's query text for the tokens of q, appended to out: FTS5 `"停车" "电梯"` (pg false)
 * or tsquery `'停车' & '电梯'` (pg true). Pure. */
void search_match_text(const char *q, bool pg, struct buf *out);
/* Runs q over the halls at or under hall_path (NULL: every hall), newest first, page (1-based)
 * of SEARCH_PAGE_SIZE: fills hits (room for SEARCH_PAGE_SIZE), *count and *more. */
enum search_err search_run(struct req *r, const char *q, const char *hall_path, long long page,
                           struct search_hit *hits, int *count, bool *more);

#endif
