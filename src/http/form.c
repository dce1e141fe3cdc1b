/* Form, query string, multipart and cookie parsing. Everything the client sent is untrusted:
 * each parser bounds its work by the input length, never reads past it (bodies are not
 * NUL-terminated), and copies what it returns into the arena, NUL-terminated and validated. */
#include "http/form.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* RFC 2046 limits a boundary to 70 characters; anything longer is not from a real client. */
enum { BOUNDARY_MAX = 70 };

/* Fields collected so far; grown by doubling in the arena because multipart and cookie inputs
 * do not say up front how many fields they hold. */
struct field_list {
    struct form_field *v;
    size_t n;
    size_t cap;
};

/* A byte range inside the input, not NUL-terminated. */
struct span {
    const char *s;
    size_t n;
};

/* Empties out first so callers see an empty form, not stale data, whenever parsing fails. */
static void form_clear(struct form *out)
{
    out->fields = NULL;
    out->n = 0;
}

/* Appends a zeroed field; the limit is enforced here so no parser can forget it. */
static enum form_status push_field(struct arena *a, struct field_list *l, struct form_field **f)
{
    if (l->n == FORM_MAX_FIELDS)
        return FORM_TOO_MANY;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        if (cap > FORM_MAX_FIELDS)
            cap = FORM_MAX_FIELDS;
        struct form_field *v = arena_alloc(a, cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    *f = &l->v[l->n++];
    memset(*f, 0, sizeof **f);
    return FORM_OK;
}

/* Hands the collected fields to out only on success, so a failed parse leaves out empty. */
static enum form_status finish(struct field_list *l, enum form_status st, struct form *out)
{
    if (st == FORM_OK) {
        out->fields = l->v;
        out->n = l->n;
    }
    return st;
}

/* Value of one hex digit, or -1; used for %XX escapes. */
static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes one urlencoded name or value into a NUL-terminated arena string. The decoded text
 * is what the application sees, so UTF-8 validity (and the absence of %00) is checked on it,
 * not on the raw bytes. */
static enum form_status url_decode(struct arena *a, const char *s, size_t n, const char **out)
{
    char *d = arena_alloc(a, n + 1); /* decoding never makes text longer */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '+') {
            d[k++] = ' ';
        } else if (c == '%') {
            if (n - i < 3)
                return FORM_BAD_ENCODING;
            int hi = hexval((unsigned char)s[i + 1]);
            int lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return FORM_BAD_ENCODING;
            d[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            d[k++] = (char)c;
        }
    }
    d[k] = '\0';
    if (!utf8_valid(d, k))
        return FORM_BAD_UTF8;
    *out = d;
    return FORM_OK;
}

/* Parses body as name=value pairs joined by '&'. Empty pieces are skipped because browsers and
 * hand-built query strings produce them ("?a=1&&b=2", trailing '&') and they carry nothing. */
enum form_status form_parse_urlencoded(struct arena *a, const char *body, size_t len,
                                       struct form *out)
{
    struct field_list l = {0};
    enum form_status st = FORM_OK;
    form_clear(out);
    if (!body)
        len = 0;
    size_t i = 0;
    while (i < len && st == FORM_OK) {
        const char *piece = body + i;
        const char *amp = memchr(piece, '&', len - i);
        const char *pend = amp ? amp : body + len;
        size_t plen = (size_t)(pend - piece);
        i += plen + 1;
        if (plen == 0)
            continue;
        const char *eq = memchr(piece, '=', plen);
        size_t nlen = eq ? (size_t)(eq - piece) : plen;
        struct form_field *f;
        st = push_field(a, &l, &f);
        if (st == FORM_OK)
            st = url_decode(a, piece, nlen, &f->name);
        if (st == FORM_OK && eq)
            st = url_decode(a, eq + 1, plen - nlen - 1, &f->value);
        else if (st == FORM_OK)
            f->value = "";
        if (st == FORM_OK)
            f->value_len = strlen(f->value);
    }
    return finish(&l, st, out);
}

/* Optional whitespace in header values (RFC 9110 OWS). */
static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Returns p advanced past optional whitespace, never beyond end. */
static const char *skip_ows(const char *p, const char *end)
{
    while (p < end && is_ows(*p))
        p++;
    return p;
}

/* Returns sp with leading and trailing whitespace removed. */
static struct span trim(struct span sp)
{
    while (sp.n && is_ows(sp.s[0])) {
        sp.s++;
        sp.n--;
    }
    while (sp.n && is_ows(sp.s[sp.n - 1]))
        sp.n--;
    return sp;
}

/* Case-insensitive comparison of a span with a literal, for header and parameter names. */
static bool span_is(struct span sp, const char *lit)
{
    return sp.n == strlen(lit) && strncasecmp(sp.s, lit, sp.n) == 0;
}

/* Reads the media type or disposition type that starts a header value ("multipart/form-data"
 * in "multipart/form-data; boundary=x") and leaves *pp at the first ';' or end. */
static struct span header_type(const char **pp, const char *end)
{
    const char *p = *pp;
    const char *semi = memchr(p, ';', (size_t)(end - p));
    const char *e = semi ? semi : end;
    *pp = e;
    return trim((struct span){p, (size_t)(e - p)});
}

/* Reads the next "; name=value" parameter of a header value, value quoted or a bare token.
 * Returns 1 with name and val set, 0 at the end, -1 when malformed. Quoted values end at the
 * next '"' with no backslash escapes: the HTML standard has browsers percent-encode '"' in
 * names and filenames, and a Windows path in a filename would otherwise be mangled. */
static int next_param(const char **pp, const char *end, struct span *name, struct span *val)
{
    const char *p = skip_ows(*pp, end);
    if (p == end)
        return 0;
    if (*p != ';')
        return -1;
    p = skip_ows(p + 1, end);
    if (p == end)
        return 0; /* a trailing ';' is harmless */
    name->s = p;
    while (p < end && *p != '=' && *p != ';' && !is_ows(*p))
        p++;
    name->n = (size_t)(p - name->s);
    p = skip_ows(p, end);
    if (name->n == 0 || p == end || *p != '=')
        return -1;
    p = skip_ows(p + 1, end);
    if (p < end && *p == '"') {
        const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
        if (!q)
            return -1;
        val->s = p + 1;
        val->n = (size_t)(q - p - 1);
        p = q + 1;
    } else {
        val->s = p;
        while (p < end && *p != ';' && !is_ows(*p))
            p++;
        val->n = (size_t)(p - val->s);
    }
    *pp = p;
    return 1;
}

/* Extracts the boundary from a multipart/form-data Content-Type into bnd (BOUNDARY_MAX bytes).
 * Only printable ASCII is accepted, which covers every boundary RFC 2046 allows. */
static bool multipart_boundary(const char *content_type, char *bnd, size_t *blen)
{
    if (!content_type)
        return false;
    const char *p = content_type;
    const char *end = p + strlen(p);
    if (!span_is(header_type(&p, end), "multipart/form-data"))
        return false;
    struct span name, val;
    bool found = false;
    int r;
    while ((r = next_param(&p, end, &name, &val)) == 1) {
        if (found || !span_is(name, "boundary"))
            continue;
        if (val.n == 0 || val.n > BOUNDARY_MAX)
            return false;
        for (size_t i = 0; i < val.n; i++)
            if (val.s[i] < 0x20 || val.s[i] > 0x7e)
                return false;
        memcpy(bnd, val.s, val.n);
        *blen = val.n;
        found = true;
    }
    return r == 0 && found;
}

/* What the headers of one multipart part said. */
struct part_info {
    bool has_disposition;
    const char *name;
    const char *filename;
    const char *content_type;
};

/* Copies a header-derived string into the arena, insisting on UTF-8 like every other name. */
static enum form_status header_string(struct arena *a, struct span sp, const char **out)
{
    if (!utf8_valid(sp.s, sp.n))
        return FORM_BAD_UTF8;
    *out = arena_strndup(a, sp.s, sp.n);
    return FORM_OK;
}

/* Parses the value of a part's Content-Disposition header: it must be form-data and carry a
 * name; filename marks a file part. The first occurrence of each parameter wins. */
static enum form_status parse_disposition(struct arena *a, struct span v, struct part_info *pi)
{
    const char *p = v.s;
    const char *end = v.s + v.n;
    if (!span_is(header_type(&p, end), "form-data"))
        return FORM_BAD_ENCODING;
    struct span name, val;
    int r;
    enum form_status st = FORM_OK;
    while (st == FORM_OK && (r = next_param(&p, end, &name, &val)) == 1) {
        if (span_is(name, "name") && !pi->name)
            st = header_string(a, val, &pi->name);
        else if (span_is(name, "filename") && !pi->filename)
            st = header_string(a, val, &pi->filename);
    }
    if (st != FORM_OK)
        return st;
    if (r != 0 || !pi->name)
        return FORM_BAD_ENCODING;
    return FORM_OK;
}

/* Parses one part header line [s, eol). Unknown headers are ignored; a repeated
 * Content-Disposition is refused because two readings of one part would be ambiguous. */
static enum form_status part_header(struct arena *a, const char *s, const char *eol,
                                    struct part_info *pi)
{
    const char *colon = memchr(s, ':', (size_t)(eol - s));
    if (!colon)
        return FORM_BAD_ENCODING;
    struct span hname = trim((struct span){s, (size_t)(colon - s)});
    struct span hval = trim((struct span){colon + 1, (size_t)(eol - colon - 1)});
    if (span_is(hname, "content-disposition")) {
        if (pi->has_disposition)
            return FORM_BAD_ENCODING;
        pi->has_disposition = true;
        return parse_disposition(a, hval, pi);
    }
    if (span_is(hname, "content-type") && !pi->content_type)
        return header_string(a, hval, &pi->content_type);
    return FORM_OK;
}

/* Parses the headers of a part starting at *pp, up to and including the blank line. */
static enum form_status part_headers(struct arena *a, const char **pp, const char *end,
                                     struct part_info *pi)
{
    const char *p = *pp;
    for (;;) {
        const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!eol)
            return FORM_BAD_ENCODING;
        if (eol == p)
            break;
        enum form_status st = part_header(a, p, eol, pi);
        if (st != FORM_OK)
            return st;
        p = eol + 2;
    }
    *pp = p + 2;
    return pi->has_disposition ? FORM_OK : FORM_BAD_ENCODING;
}

/* Walks the parts of body. The delimiter is CRLF "--" boundary; the first one may also open
 * the body without the CRLF (the usual case: no preamble). Text parts must be UTF-8; file parts
 * are kept as raw bytes. Without the closing "--boundary--" the body was cut short, so it is
 * refused rather than half-accepted. */
static enum form_status multipart_parts(struct arena *a, const char *delim, size_t dlen,
                                        const char *body, size_t len, struct field_list *l)
{
    const char *end = body + len;
    const char *p;
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        p = body + dlen - 2;
    } else {
        p = memmem(body, len, delim, dlen);
        if (!p)
            return FORM_BAD_ENCODING;
        p += dlen;
    }
    for (;;) {
        /* p is just past a delimiter: "--" closes, otherwise padding and CRLF open a part. */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return FORM_OK; /* the epilogue, if any, is ignored as RFC 2046 says */
        p = skip_ows(p, end);
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return FORM_BAD_ENCODING;
        p += 2;
        struct part_info pi = {0};
        enum form_status st = part_headers(a, &p, end, &pi);
        if (st != FORM_OK)
            return st;
        const char *next = memmem(p, (size_t)(end - p), delim, dlen);
        if (!next)
            return FORM_BAD_ENCODING;
        size_t vlen = (size_t)(next - p);
        if (!pi.filename && !utf8_valid(p, vlen))
            return FORM_BAD_UTF8;
        struct form_field *f;
        st = push_field(a, l, &f);
        if (st != FORM_OK)
            return st;
        f->name = pi.name;
        f->value = arena_strndup(a, p, vlen);
        f->value_len = vlen;
        f->filename = pi.filename;
        f->content_type = pi.content_type;
        p = next + dlen;
    }
}

/* Parses a multipart/form-data body; see multipart_parts for the framing rules. */
enum form_status form_parse_multipart(struct arena *a, const char *content_type, const char *body,
                                      size_t len, struct form *out)
{
    struct field_list l = {0};
    char delim[4 + BOUNDARY_MAX];
    size_t blen = 0;
    form_clear(out);
    if (!multipart_boundary(content_type, delim + 4, &blen))
        return FORM_BAD_ENCODING;
    memcpy(delim, "\r\n--", 4);
    if (!body) {
        body = "";
        len = 0;
    }
    return finish(&l, multipart_parts(a, delim, blen + 4, body, len, &l), out);
}

/* Parses "a=1; b=2". Cookies for our host may have been set by other software on the same
 * domain, so a malformed or non-UTF-8 piece is skipped rather than failing the whole header
 * (which would lock the user out); what is returned is still always valid UTF-8. Duplicate
 * names are kept in order because browsers send both when paths differ. */
enum form_status form_parse_cookies(struct arena *a, const char *header, struct form *out)
{
    struct field_list l = {0};
    enum form_status st = FORM_OK;
    form_clear(out);
    if (!header)
        return FORM_OK;
    const char *p = header;
    while (*p && st == FORM_OK) {
        const char *semi = strchr(p, ';');
        const char *e = semi ? semi : p + strlen(p);
        struct span piece = {p, (size_t)(e - p)};
        p = semi ? semi + 1 : e;
        const char *eq = memchr(piece.s, '=', piece.n);
        if (!eq)
            continue;
        struct span name = trim((struct span){piece.s, (size_t)(eq - piece.s)});
        struct span val = trim((struct span){eq + 1, (size_t)(e - eq - 1)});
        if (name.n == 0 || memchr(name.s, ' ', name.n) || memchr(name.s, '\t', name.n) ||
            !utf8_valid(name.s, name.n) || !utf8_valid(val.s, val.n))
            continue;
        struct form_field *f;
        st = push_field(a, &l, &f);
        if (st == FORM_OK) {
            f->name = arena_strndup(a, name.s, name.n);
            f->value = arena_strndup(a, val.s, val.n);
            f->value_len = val.n;
        }
    }
    return finish(&l, st, out);
}

/* Linear search: forms are small and order matters for repeated names. */
const struct form_field *form_field(const struct form *f, const char *name)
{
    if (!f || !name)
        return NULL;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return &f->fields[i];
    return NULL;
}

/* Convenience for the common case of wanting only the text. */
const char *form_get(const struct form *f, const char *name)
{
    const struct form_field *fld = form_field(f, name);
    return fld ? fld->value : NULL;
}
