/* The search index and its queries. Every text is tokenized by bigram_join (src/hall/bigram.c)
 * here, in C, for both engines; the query is cut by the same function, and every query token
 * must match (AND). */
#include "hall/search.h"

#include "hall/opinion_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/opinion_store.h"
#include "hall/bigram.h"
#include "org/node.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const char *const kind_keys[SEARCH_KIND_COUNT] = {"topic", "opinion"};

const char *search_kind_key(enum search_kind k)
{
    return k < SEARCH_KIND_COUNT ? kind_keys[k] : "?";
}

/* search_index on a connection. */
static int index_text(struct db *db, enum search_kind kind, int64_t ref_id, int64_t topic_id,
                      int64_t hall_node_id, const char *text)
{
    if (db_exec(db, "DELETE FROM search_doc WHERE kind = ? AND ref_id = ?", "si",
                search_kind_key(kind), ref_id) != DB_DONE)
        return -1;
    struct buf tokens;
    buf_init(&tokens);
    bigram_join(text, strlen(text), &tokens, SEARCH_DOC_TOKENS);
    enum db_result rc =
        db_exec(db,
                "INSERT INTO search_doc(kind, ref_id, topic_id, hall_node_id, body, tokens, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                "siiissi", search_kind_key(kind), ref_id, topic_id, hall_node_id, text, tokens.data,
                (int64_t)time(NULL));
    buf_free(&tokens);
    return rc == DB_DONE ? 0 : -1;
}

int search_index(struct req *r, enum search_kind kind, int64_t ref_id, int64_t topic_id,
                 int64_t hall_node_id, const char *text)
{
    return index_text(r->db, kind, ref_id, topic_id, hall_node_id, text);
}

int search_backfill(struct db *db)
{
    if (db_begin(db) != DB_DONE)
        return -1;
    /* The schema lock keeps two server nodes starting together from indexing the same topic
     * twice (the second then finds nothing missing). */
    if (db_schema_lock(db) != DB_DONE) {
        db_rollback(db);
        return -1;
    }
    struct db_stmt *st = db_prepare(
        db, "SELECT t.id, t.hall_node_id, t.title, t.description, t.suggestion FROM topic t"
            " WHERE NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.kind = 'topic'"
            " AND d.ref_id = t.id) ORDER BY t.id");
    struct buf text;
    buf_init(&text);
    int done = 0;
    enum db_result rc;
    /* Read all first: the index writes go through other statements of this connection. */
    struct missing {
        int64_t id, hall;
        size_t at;
    } *list = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof *list);
        }
        list[n].id = db_column_int(st, 0);
        list[n].hall = db_column_int(st, 1);
        list[n++].at = text.len;
        /* The same text topic_create indexes: title, description, suggestion. */
        buf_printf(&text, "%s\n%s\n%s", db_column_text(st, 2), db_column_text(st, 3),
                   db_column_text(st, 4));
        buf_addc(&text, '\0');
    }
    db_done(st);
    for (size_t i = 0; rc == DB_DONE && i < n; i++) {
        if (index_text(db, SEARCH_TOPIC, list[i].id, list[i].id, list[i].hall,
                       text.data + list[i].at) != 0)
            rc = DB_ERROR;
        else
            done++;
    }
    free(list);
    buf_free(&text);
    if (rc != DB_DONE || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return -1;
    }
    return done;
}

int search_remove(struct req *r, enum search_kind kind, int64_t ref_id)
{
    return db_exec(r->db, "DELETE FROM search_doc WHERE kind = ? AND ref_id = ?", "si",
                   search_kind_key(kind), ref_id) == DB_DONE
               ? 0
               : -1;
}

enum search_err search_check(const char *q)
{
    if (!q || !q[0])
        return SEARCH_EMPTY;
    if (utf8_chars(q) > SEARCH_QUERY_MAX)
        return SEARCH_TOO_LONG;
    struct buf b;
    buf_init(&b);
    size_t n = bigram_join(q, strlen(q), &b, 1);
    buf_free(&b);
    return n ? SEARCH_OK : SEARCH_NO_TOKENS;
}

enum msg search_err_msg(enum search_err e)
{
    switch (e) {
    case SEARCH_EMPTY:
        return M_SEARCH_EMPTY;
    case SEARCH_TOO_LONG:
        return M_SEARCH_TOO_LONG;
    case SEARCH_NO_TOKENS:
        return M_SEARCH_NO_TOKENS;
    case SEARCH_OK:
    case SEARCH_DB_ERROR:
        break;
    }
    return M_ERR_UNAVAILABLE;
}

const char *search_err_code(enum search_err e)
{
    switch (e) {
    case SEARCH_EMPTY:
        return "missing_query";
    case SEARCH_TOO_LONG:
        return "too_long";
    case SEARCH_NO_TOKENS:
        return "no_search_terms";
    case SEARCH_OK:
    case SEARCH_DB_ERROR:
        break;
    }
    return "unavailable";
}

/* The engine's query text for the tokens of q: FTS5 `"停车" "电梯"` (implicit AND of quoted
 * tokens, which the ascii tokenizer keeps whole) or tsquery `'停车' & '电梯'` (quoted lexemes
 * taken as they are). Tokens never hold quotes, backslashes or spaces (bigram.h). */
struct engine_query {
    struct buf *out;
    bool pg;
    int n;
};

static bool add_query_token(const struct bigram_tok *t, void *ctx)
{
    struct engine_query *q = ctx;
    if (q->n++)
        buf_adds(q->out, q->pg ? " & " : " ");
    buf_printf(q->out, q->pg ? "'%s'" : "\"%s\"", t->text);
    return true;
}

void search_match_text(const char *q, bool pg, struct buf *out)
{
    struct engine_query eq = {out, pg, 0};
    bigram_scan(q, strlen(q), add_query_token, &eq);
}

enum search_err search_run(struct req *r, const char *q, const char *hall_path, long long page,
                           struct search_hit *hits, int *count, bool *more)
{
    *count = 0;
    *more = false;
    enum search_err e = search_check(q);
    if (e != SEARCH_OK)
        return e;
    bool pg = db_engine() == DB_POSTGRESQL;
    struct buf text;
    buf_init(&text);
    search_match_text(q, pg, &text);
    const char *match = arena_strdup(&r->arena, text.data);
    buf_free(&text);
    /* The hall filter is a path range over the hit's hall: a hall finds what was said in the
     * halls beneath it too. Without a hall, every hall ('/' to '0' covers every path). */
    const char *lo = hall_path ? hall_path : "/";
    const char *hi = hall_path ? node_path_end(&r->arena, hall_path) : "0";
    static const char sql_sqlite[] =
        "SELECT d.kind, d.ref_id, d.topic_id, d.hall_node_id, t.title, h.name, d.body, d.at"
        " FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid"
        " JOIN topic t ON t.id = d.topic_id JOIN node h ON h.id = d.hall_node_id"
        " WHERE search_fts MATCH ? AND h.path >= ? AND h.path < ?"
        " ORDER BY d.id DESC LIMIT ? OFFSET ?";
    static const char sql_pg[] =
        "SELECT d.kind, d.ref_id, d.topic_id, d.hall_node_id, t.title, h.name, d.body, d.at"
        " FROM search_doc d JOIN topic t ON t.id = d.topic_id JOIN node h ON h.id = d.hall_node_id"
        " WHERE array_to_tsvector(string_to_array(d.tokens, ' ')) @@ CAST(? AS tsquery)"
        " AND h.path >= ? AND h.path < ?"
        " ORDER BY d.id DESC LIMIT ? OFFSET ?";
    struct db_stmt *st = db_prepare(r->db, pg ? sql_pg : sql_sqlite);
    db_bind(st, "sssii", match, lo, hi, (int64_t)SEARCH_PAGE_SIZE + 1,
            (int64_t)(page - 1) * SEARCH_PAGE_SIZE);
    enum db_result rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*count == SEARCH_PAGE_SIZE) {
            *more = true;
            break;
        }
        struct search_hit *h = &hits[(*count)++];
        h->kind = strcmp(db_column_text(st, 0), "opinion") == 0 ? SEARCH_OPINION : SEARCH_TOPIC;
        h->ref_id = db_column_int(st, 1);
        h->topic_id = db_column_int(st, 2);
        h->hall_node_id = db_column_int(st, 3);
        h->topic_title = arena_strdup(&r->arena, db_column_text(st, 4));
        h->hall_name = arena_strdup(&r->arena, db_column_text(st, 5));
        h->body = arena_strdup(&r->arena, db_column_text(st, 6));
        h->at = db_column_int(st, 7);
    }
    db_done(st);
    /* Opinions of a hall that keeps its deliberation to itself are found only by those who may
     * read them there (a page may then hold fewer than SEARCH_PAGE_SIZE hits). */
    int kept = 0;
    for (int i = 0; i < *count; i++)
        if (hits[i].kind != SEARCH_OPINION || opinions_readable_in(r, hits[i].hall_node_id))
            hits[kept++] = hits[i];
    *count = kept;
    return rc == DB_ROW || rc == DB_DONE ? SEARCH_OK : SEARCH_DB_ERROR;
}
