#include "org/roster.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "org/phone.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

const char *const roster_header_names[RC_COUNT][ROSTER_HEADER_ALIASES] = {
    [RC_NAME] = {"姓名", "name"},
    [RC_PHONE] = {"手机", "手机号", "手机号码", "电话", "联系电话", "phone"},
    [RC_BUILDING] = {"楼号", "building"},
    [RC_ROOM] = {"室号", "房号", "room"},
    [RC_GROUP] = {"楼组", "group"},
    [RC_BLOCK] = {"区块", "block"},
};

/* ASCII space or tab, the blanks Excel users type around values. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Lower-cases ASCII only; tolower() would follow the locale and could alter UTF-8 bytes. */
static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when header cell s names h, ignoring ASCII case and spaces anywhere (Excel users type
 * "Phone ", "姓 名"). Bytes >= 0x80 compare exactly, so Chinese names are unaffected. */
static bool header_matches(const char *s, const char *h)
{
    for (;;) {
        while (is_space(*s))
            s++;
        while (is_space(*h))
            h++;
        if (!*s || !*h)
            return !*s && !*h;
        if (ascii_lower(*s) != ascii_lower(*h))
            return false;
        s++;
        h++;
    }
}

/* Returns the column header cell s names, or RC_COUNT for an unknown column. */
static enum roster_col header_col(const char *s)
{
    for (int c = 0; c < RC_COUNT; c++)
        for (int k = 0; k < ROSTER_HEADER_ALIASES && roster_header_names[c][k]; k++)
            if (header_matches(s, roster_header_names[c][k]))
                return (enum roster_col)c;
    return RC_COUNT;
}

/* Returns s without surrounding ASCII spaces, copied into a only when it must be shortened. Quoted
 * CSV fields keep their spaces, but in a roster they are never meant. */
static const char *trim(struct arena *a, const char *s)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    if (n == 0 || !is_space(s[n - 1]))
        return s;
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

/* Open-addressing set of household+name keys, to find duplicates in one pass over 20000 rows. */
struct keyset {
    struct key {
        const char *s; /* NULL for an empty slot */
        size_t len;
    } * slots;
    size_t mask;
};

/* FNV-1a: simple and good enough for a few thousand short keys. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* Adds key[0..n) to the set (copying it into a). Returns false if it was already there. */
static bool keyset_add(struct arena *a, struct keyset *ks, const char *key, size_t n)
{
    size_t i = (size_t)hash_bytes(key, n) & ks->mask;
    while (ks->slots[i].s) {
        if (ks->slots[i].len == n && memcmp(ks->slots[i].s, key, n) == 0)
            return false;
        i = (i + 1) & ks->mask;
    }
    ks->slots[i].s = arena_strndup(a, key, n);
    ks->slots[i].len = n;
    return true;
}

/* Appends a problem; roster_check sized the array for the most there can be. */
static void add_problem(struct roster *out, size_t line, enum roster_err err, enum roster_col col)
{
    struct roster_problem *p = &out->problems[out->nproblems++];
    p->line = line;
    p->err = err;
    p->col = col;
}

/* Checks the header row and fills map[col] with the field index of each column (or -1). Returns
 * false when the data rows cannot be checked. */
static bool check_header(const struct csv_row *h, long map[RC_COUNT], struct roster *out)
{
    bool any = false;
    for (int c = 0; c < RC_COUNT; c++)
        map[c] = -1;
    for (size_t i = 0; i < h->n; i++) {
        enum roster_col c = header_col(h->fields[i]);
        /* The first of two same-named columns wins, so later ones cannot silently replace it. */
        if (c != RC_COUNT && map[c] < 0) {
            map[c] = (long)i;
            any = true;
        }
    }
    if (!any) {
        /* Nothing recognisable: most likely the header row was left out, so the first row is
         * data. One problem says that better than a missing-column problem for every column. */
        add_problem(out, h->line, ROSTER_NO_HEADER, RC_NAME);
        return false;
    }
    bool ok = true;
    for (int c = 0; c < RC_COUNT; c++)
        if (c != RC_PHONE && map[c] < 0) {
            add_problem(out, h->line, ROSTER_MISSING_COLUMN, (enum roster_col)c);
            ok = false;
        }
    return ok;
}

/* True when every field of r is empty: Excel writes such rows (",,,,,") for cells that were
 * formatted or cleared, and they are not residents. */
static bool row_blank(const struct csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (const char *s = r->fields[i]; *s; s++)
            if (!is_space(*s))
                return false;
    return true;
}

/* Checks one data row; fills e and returns ROSTER_OK, or returns the first problem with *col.
 * Structure comes first (a comma typed inside a name shifts every column, and "extra fields"
 * says so where a per-column complaint would mislead), then columns in enum order. */
/* True when s holds a line break, tab or other control character: a quoted CSV cell may carry
 * them, but a name or room number with a line break in it only breaks pages and lists. */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return true;
    return false;
}

static enum roster_err check_row(struct arena *a, const struct csv_row *r, const long map[RC_COUNT],
                                 size_t ncols, struct roster_entry *e, enum roster_col *col)
{
    *col = RC_NAME;
    /* Trailing empty fields are harmless: Excel adds them when a cell beyond the table was
     * ever touched. */
    for (size_t i = ncols; i < r->n; i++)
        if (*trim(a, r->fields[i]))
            return ROSTER_EXTRA_FIELDS;
    e->line = r->line;
    for (int c = 0; c < RC_COUNT; c++) {
        *col = (enum roster_col)c;
        const char *v = "";
        if (map[c] >= 0 && (size_t)map[c] < r->n)
            v = trim(a, r->fields[map[c]]);
        if (c == RC_PHONE) {
            /* The same rule as everywhere else a phone is typed, so an import never stores a
             * number the profile page would refuse, or the reverse. */
            char digits[12];
            if (*v && !phone_normalize(v, digits))
                return ROSTER_BAD_PHONE;
            if (*v)
                v = arena_strdup(a, digits);
        } else if (!*v) {
            return ROSTER_EMPTY_FIELD;
        } else if (utf8_chars(v) > ROSTER_MAX_CHARS) {
            return ROSTER_TOO_LONG;
        } else if (has_control(v)) {
            return ROSTER_CONTROL_CHAR;
        }
        e->f[c] = v;
    }
    return ROSTER_OK;
}

/* Checks csv as a roster into out (see roster.h). */
size_t roster_check(struct arena *a, const struct csv *csv, struct roster *out)
{
    /* At most one problem per row plus one per column for the header: allocate that up front. */
    out->entries = arena_alloc(a, (csv->n ? csv->n : 1) * sizeof *out->entries);
    out->problems = arena_alloc(a, (csv->n + RC_COUNT) * sizeof *out->problems);
    out->n = 0;
    out->nproblems = 0;
    if (csv->n == 0) {
        add_problem(out, 1, ROSTER_NO_HEADER, RC_NAME);
        return out->nproblems;
    }
    long map[RC_COUNT];
    if (!check_header(&csv->rows[0], map, out))
        return out->nproblems;

    size_t cap = 16;
    while (cap < csv->n * 2)
        cap *= 2;
    struct keyset ks = {.slots = arena_alloc(a, cap * sizeof *ks.slots), .mask = cap - 1};
    memset(ks.slots, 0, cap * sizeof *ks.slots);
    struct buf key;
    buf_init(&key);

    for (size_t i = 1; i < csv->n; i++) {
        const struct csv_row *r = &csv->rows[i];
        if (row_blank(r))
            continue;
        struct roster_entry *e = &out->entries[out->n];
        enum roster_col col;
        enum roster_err err = check_row(a, r, map, csv->rows[0].n, e, &col);
        if (err != ROSTER_OK) {
            add_problem(out, r->line, err, col);
            continue;
        }
        /* Fields are C strings, so NUL separators make the key unambiguous. */
        static const enum roster_col household[] = {RC_BLOCK, RC_GROUP, RC_BUILDING, RC_ROOM,
                                                    RC_NAME};
        buf_reset(&key);
        for (size_t k = 0; k < sizeof household / sizeof household[0]; k++)
            buf_add(&key, e->f[household[k]], strlen(e->f[household[k]]) + 1);
        if (!keyset_add(a, &ks, key.data, key.len)) {
            add_problem(out, r->line, ROSTER_DUPLICATE, RC_NAME);
            continue;
        }
        out->n++;
    }
    buf_free(&key);
    return out->nproblems;
}
