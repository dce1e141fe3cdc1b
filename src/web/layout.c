#include "web/layout.h"

#include <sodium.h>

#include "http/assets.h"
#include "web/html.h"

const char *csrf_token(struct req *r)
{
    if (r->csrf && r->csrf[0])
        return r->csrf;
    unsigned char raw[24];
    char *tok = arena_alloc(&r->arena, 48);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(tok, 48, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    req_set_cookie(r, "mulin_csrf", tok, -1);
    r->csrf = tok;
    return tok;
}

void csrf_field(struct req *r)
{
    html(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf_token(r));
}

/* The path with its query string, so switching language keeps the reader where they were
 * (the roster's page 2 stays page 2). */
static const char *current_url(struct req *r)
{
    if (!r->query.n)
        return r->path;
    struct buf b;
    buf_init(&b);
    buf_adds(&b, r->path);
    for (size_t i = 0; i < r->query.n; i++)
        buf_printf(&b, "%c%s=%s", i ? '&' : '?', url_encode(&r->arena, r->query.fields[i].name),
                   url_encode(&r->arena, r->query.fields[i].value));
    const char *url = arena_strdup(&r->arena, b.data);
    buf_free(&b);
    return url;
}

void page_begin(struct req *r, const char *title)
{
    struct buf *o = &r->out;
    html(o,
         "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>%s · %s</title>\n<link rel=\"icon\" href=\"data:,\">\n"
         "<link rel=\"stylesheet\" href=\"%s\">\n"
         "<script src=\"%s\" defer nonce=\"%s\"></script>\n</head>\n<body>\n",
         r->lang == LANG_EN ? "en" : "zh-CN", title, T(r, M_APP_NAME),
         asset_url(r, "/static/app.css"), asset_url(r, "/static/app.js"), r->nonce);
    html(o, "<header class=\"topbar\"><a class=\"brand\" href=\"/\">%s</a>", T(r, M_APP_NAME));
    html(o, "<form class=\"langswitch\" method=\"post\" action=\"/lang\">");
    csrf_field(r);
    html(o,
         "<input type=\"hidden\" name=\"to\" value=\"%s\"><input type=\"hidden\" name=\"next\" "
         "value=\"%s\"><button type=\"submit\" lang=\"%s\">%s</button></form>",
         r->lang == LANG_EN ? "zh" : "en", current_url(r), r->lang == LANG_EN ? "zh-CN" : "en",
         r->lang == LANG_EN ? "中文" : "English");
    if (r->person_id) {
        html(o, "<form class=\"logout\" method=\"post\" action=\"/logout\">");
        csrf_field(r);
        html(o, "<button type=\"submit\">%s</button></form>", T(r, M_LOGOUT));
    }
    html(o, "</header>\n<main>\n<h1>%s</h1>\n", title);
}

void page_end(struct req *r)
{
    struct buf *o = &r->out;
    html(o, "</main>\n<nav class=\"tabbar\" aria-label=\"%s\">", T(r, M_NAV));
    html(o, "<a href=\"/\">%s</a><a href=\"/nodes\">%s</a>", T(r, M_HOME), T(r, M_TERRITORY));
    if (r->person_id)
        html(o, "<a href=\"/feed\">%s</a><a href=\"/profile\">%s</a>", T(r, M_FEED),
             T(r, M_PROFILE));
    else
        html(o, "<a href=\"/login\">%s</a>", T(r, M_LOGIN));
    html(o, "</nav>\n<footer><p>%s</p></footer>\n</body>\n</html>\n", T(r, M_FOOTER));
}
