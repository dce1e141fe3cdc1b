#include "web/html.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void html_escape(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_add(out, s + start, i - start);
        buf_adds(out, rep);
        start = i + 1;
    }
    buf_add(out, s + start, n - start);
}

void html_raw(struct buf *out, const char *s)
{
    buf_adds(out, s);
}

/* Walks fmt; literal text and numeric conversions go out as printf would write them, every
 * string conversion is escaped. Supported: %s %.*s %c %d %i %u %x with h/l/ll/z/j length
 * modifiers, flags and widths, and %%. */
void html_v(struct buf *out, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            buf_adds(out, p);
            return;
        }
        buf_add(out, p, (size_t)(pct - p));
        const char *q = pct + 1;
        if (*q == '%') {
            buf_addc(out, '%');
            p = q + 1;
            continue;
        }
        char spec[32];
        size_t sl = 0;
        spec[sl++] = '%';
        bool star_precision = false;
        while (*q && strchr("-+ #0123456789.*", *q) && sl < 20) {
            if (*q == '*')
                star_precision = true;
            spec[sl++] = *q++;
        }
        int lmod = 0; /* 0 int, 1 long, 2 long long, 3 size_t, 4 intmax_t */
        if (*q == 'h') {
            q++;
            if (*q == 'h')
                q++;
        } else if (*q == 'l') {
            q++;
            lmod = 1;
            if (*q == 'l') {
                q++;
                lmod = 2;
            }
        } else if (*q == 'z') {
            q++;
            lmod = 3;
        } else if (*q == 'j') {
            q++;
            lmod = 4;
        }
        char conv = *q;
        if (!conv)
            return;
        p = q + 1;
        if (conv == 's') {
            int prec = star_precision ? va_arg(ap, int) : -1;
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "";
            size_t n = strlen(s);
            if (prec >= 0 && (size_t)prec < n)
                n = (size_t)prec;
            html_escape(out, s, n);
            continue;
        }
        if (conv == 'c') {
            char c = (char)va_arg(ap, int);
            html_escape(out, &c, 1);
            continue;
        }
        if (!strchr("diuxX", conv))
            continue; /* unsupported conversions are dropped rather than misread */
        char tmp[64];
        const char *lens[] = {"", "l", "ll", "z", "j"};
        char full[48];
        snprintf(full, sizeof full, "%.*s%s%c", (int)sl, spec, lens[lmod], conv);
        int signed_conv = conv == 'd' || conv == 'i';
        switch (lmod) {
        case 0:
            if (signed_conv)
                snprintf(tmp, sizeof tmp, full, va_arg(ap, int));
            else
                snprintf(tmp, sizeof tmp, full, va_arg(ap, unsigned));
            break;
        case 1:
            if (signed_conv)
                snprintf(tmp, sizeof tmp, full, va_arg(ap, long));
            else
                snprintf(tmp, sizeof tmp, full, va_arg(ap, unsigned long));
            break;
        case 2:
            if (signed_conv)
                snprintf(tmp, sizeof tmp, full, va_arg(ap, long long));
            else
                snprintf(tmp, sizeof tmp, full, va_arg(ap, unsigned long long));
            break;
        case 3:
            snprintf(tmp, sizeof tmp, full, va_arg(ap, size_t));
            break;
        default:
            snprintf(tmp, sizeof tmp, full, va_arg(ap, intmax_t));
            break;
        }
        buf_adds(out, tmp);
    }
}

void html(struct buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_v(out, fmt, ap);
    va_end(ap);
}

char *url_encode(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *o = arena_alloc(a, n * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            o[k++] = (char)c;
        } else {
            o[k++] = '%';
            o[k++] = hex[c >> 4];
            o[k++] = hex[c & 15];
        }
    }
    o[k] = '\0';
    return o;
}

void js_string(struct buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"':
            buf_adds(out, "\\\"");
            break;
        case '\\':
            buf_adds(out, "\\\\");
            break;
        case '\n':
            buf_adds(out, "\\n");
            break;
        case '<':
        case '>':
        case '&':
        case '\'':
            buf_printf(out, "\\u%04x", c);
            break;
        default:
            if (c < 0x20)
                buf_printf(out, "\\u%04x", c);
            else
                buf_addc(out, (char)c);
        }
    }
}
