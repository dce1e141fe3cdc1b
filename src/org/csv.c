#include "org/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xmalloc.h"

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

/* True when s[0..n) starts with the UTF-8 encoding of U+FEFF. */
static bool has_bom(const char *s, size_t n)
{
    return n >= sizeof utf8_bom && memcmp(s, utf8_bom, sizeof utf8_bom) == 0;
}

/* Appends in[0..n) converted from GB18030 to out. Returns false on an illegal or truncated
 * sequence (or when the converter is unavailable); out may then hold a partial result. */
static bool append_from_gb18030(const char *in, size_t n, struct buf *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return false;
    char *src = (char *)in; /* iconv's prototype is not const-correct; it never writes here */
    size_t left = n;
    bool ok = true;
    while (left > 0) {
        /* GB18030 grows by at most half (2 bytes become 3), so one pass nearly always fits. */
        buf_grow(out, left + left / 2 + 4);
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        out->data[out->len] = '\0';
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false; /* EILSEQ: not GB18030; EINVAL: cut off mid-character */
            break;
        }
    }
    iconv_close(cd);
    return ok;
}

/* Appends in[0..n) to out as UTF-8. On failure out is left as it was. */
enum csv_status csv_decode(const char *in, size_t n, struct buf *out)
{
    size_t start = out->len;
    if (has_bom(in, n)) {
        /* A BOM declares UTF-8; guessing GB18030 for what follows would only yield mojibake. */
        if (!utf8_valid(in + sizeof utf8_bom, n - sizeof utf8_bom))
            return CSV_BAD_ENCODING;
        buf_add(out, in + sizeof utf8_bom, n - sizeof utf8_bom);
        return CSV_OK;
    }
    if (utf8_valid(in, n)) {
        buf_add(out, in, n);
        return CSV_OK;
    }
    /* Nearly any byte string decodes as GB18030, so the result is checked too: a NUL byte (as in
     * UTF-16 "Unicode text" exports) passes iconv but must not reach C strings. */
    if (!append_from_gb18030(in, n, out) || !utf8_valid(out->data + start, out->len - start)) {
        out->len = start;
        out->data[start] = '\0';
        return CSV_BAD_ENCODING;
    }
    /* GB18030 has its own BOM (84 31 95 33), which converts to a UTF-8 one. */
    if (has_bom(out->data + start, out->len - start)) {
        memmove(out->data + start, out->data + start + sizeof utf8_bom,
                out->len - start - sizeof utf8_bom + 1);
        out->len -= sizeof utf8_bom;
    }
    return CSV_OK;
}

/* Spaces trimmed around unquoted fields: ASCII space and tab only, never U+3000, which may be
 * deliberate in Chinese text. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Parser state shared by the helpers below. */
struct parser {
    struct arena *a;
    const char *s;
    size_t len;
    size_t i;     /* next byte to read */
    size_t line;  /* 1-based line of s[i] */
    struct buf q; /* scratch for unescaping a quoted field */
};

/* Consumes a line end at p->i (CRLF, LF, or a lone CR as old Mac Excel writes) if there is one.
 * Returns whether it did. */
static bool eat_newline(struct parser *p)
{
    if (p->i >= p->len)
        return false;
    if (p->s[p->i] == '\r') {
        p->i++;
        if (p->i < p->len && p->s[p->i] == '\n')
            p->i++;
    } else if (p->s[p->i] == '\n') {
        p->i++;
    } else {
        return false;
    }
    p->line++;
    return true;
}

/* Reads a quoted field whose opening quote is at p->i, up to the delimiter or line end after the
 * closing quote. Line ends inside are kept as "\n" whatever the file uses. */
static enum csv_status parse_quoted(struct parser *p, char **field, size_t *err_line)
{
    size_t open_line = p->line;
    buf_reset(&p->q);
    p->i++;
    for (;;) {
        if (p->i >= p->len) {
            /* Report where the quote opened: the end of the file says nothing useful. */
            *err_line = open_line;
            return CSV_BAD_QUOTE;
        }
        char c = p->s[p->i];
        if (c == '"') {
            if (p->i + 1 < p->len && p->s[p->i + 1] == '"') {
                buf_addc(&p->q, '"');
                p->i += 2;
                continue;
            }
            p->i++;
            break;
        }
        if (eat_newline(p)) {
            buf_addc(&p->q, '\n');
            continue;
        }
        /* Copy a run of ordinary bytes at once rather than byte by byte. */
        size_t j = p->i;
        while (j < p->len && p->s[j] != '"' && p->s[j] != '\r' && p->s[j] != '\n')
            j++;
        buf_add(&p->q, p->s + p->i, j - p->i);
        p->i = j;
    }
    while (p->i < p->len && is_space(p->s[p->i]))
        p->i++;
    if (p->i < p->len && p->s[p->i] != ',' && p->s[p->i] != '\r' && p->s[p->i] != '\n') {
        *err_line = p->line;
        return CSV_BAD_QUOTE;
    }
    *field = arena_strndup(p->a, p->q.data, p->q.len);
    return CSV_OK;
}

/* Reads one field at p->i, leaving p->i at the delimiter, line end or end of text. */
static enum csv_status parse_field(struct parser *p, char **field, bool *quoted, size_t *err_line)
{
    while (p->i < p->len && is_space(p->s[p->i]))
        p->i++;
    *quoted = p->i < p->len && p->s[p->i] == '"';
    if (*quoted)
        return parse_quoted(p, field, err_line);
    /* Unquoted: a stray quote inside is taken literally, as Excel does. */
    size_t start = p->i;
    while (p->i < p->len && p->s[p->i] != ',' && p->s[p->i] != '\r' && p->s[p->i] != '\n')
        p->i++;
    size_t end = p->i;
    while (end > start && is_space(p->s[end - 1]))
        end--;
    *field = arena_strndup(p->a, p->s + start, end - start);
    return CSV_OK;
}

/* Parses text[0..len) into out. Rows and fields live in a; on failure out is empty. */
enum csv_status csv_parse(struct arena *a, const char *text, size_t len, struct csv *out,
                          size_t *err_line)
{
    size_t dummy_line;
    if (!err_line)
        err_line = &dummy_line;
    *err_line = 0;
    out->rows = NULL;
    out->n = 0;

    struct parser p = {.a = a, .s = text, .len = len, .i = 0, .line = 1};
    buf_init(&p.q);
    /* Rows are collected in a malloc'd array (the arena cannot grow an allocation) and copied
     * into the arena once the count is known. */
    struct csv_row *rows = NULL;
    size_t nrows = 0, caprows = 0;
    char *fields[CSV_MAX_FIELDS];
    enum csv_status st = CSV_OK;

    while (p.i < p.len && st == CSV_OK) {
        size_t rec_line = p.line;
        size_t nf = 0;
        bool first_quoted = false;
        for (;;) {
            char *field;
            bool quoted;
            st = parse_field(&p, &field, &quoted, err_line);
            if (st != CSV_OK)
                break;
            if (nf == CSV_MAX_FIELDS) {
                *err_line = rec_line;
                st = CSV_TOO_BIG;
                break;
            }
            if (nf == 0)
                first_quoted = quoted;
            fields[nf++] = field;
            if (p.i < p.len && p.s[p.i] == ',') {
                p.i++;
                continue;
            }
            eat_newline(&p);
            break;
        }
        if (st != CSV_OK)
            break;
        /* A line with nothing (or only spaces) on it is blank; a lone "" is deliberate data. */
        if (nf == 1 && !first_quoted && fields[0][0] == '\0')
            continue;
        if (nrows == CSV_MAX_ROWS) {
            *err_line = rec_line;
            st = CSV_TOO_BIG;
            break;
        }
        if (nrows == caprows) {
            caprows = caprows ? caprows * 2 : 64;
            rows = xrealloc(rows, caprows * sizeof *rows);
        }
        struct csv_row *r = &rows[nrows++];
        r->line = rec_line;
        r->n = nf;
        r->fields = arena_alloc(a, nf * sizeof *r->fields);
        memcpy(r->fields, fields, nf * sizeof *r->fields);
    }

    if (st == CSV_OK && nrows) {
        out->rows = arena_alloc(a, nrows * sizeof *out->rows);
        memcpy(out->rows, rows, nrows * sizeof *out->rows);
        out->n = nrows;
    }
    free(rows);
    buf_free(&p.q);
    return st;
}
