#include "http/assets.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "web/respond.h"

struct embedded_asset {
    const char *path;          /* "/static/app.css" */
    const unsigned char *data; /* bytes */
    size_t len;                /* byte count */
};
extern const struct embedded_asset embedded_assets[]; /* build/gen/assets.c */

enum { MAX_ASSETS = 64 };
static char etags[MAX_ASSETS][24];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

/* Hashes every asset once: the hash is both the ETag and the cache-busting version. */
static void compute_etags(void)
{
    for (int i = 0; i < MAX_ASSETS && embedded_assets[i].path; i++) {
        unsigned char h[8];
        crypto_generichash(h, sizeof h, embedded_assets[i].data, embedded_assets[i].len, NULL, 0);
        sodium_bin2hex(etags[i], sizeof etags[i], h, sizeof h);
    }
}

static int find_asset(const char *path)
{
    pthread_once(&etags_once, compute_etags);
    for (int i = 0; i < MAX_ASSETS && embedded_assets[i].path; i++)
        if (strcmp(embedded_assets[i].path, path) == 0)
            return i;
    return -1;
}

const char *asset_url(struct req *r, const char *path)
{
    int i = find_asset(path);
    return i < 0 ? path : arena_printf(&r->arena, "%s?v=%s", path, etags[i]);
}

static const char *mime_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".png") == 0)
        return "image/png";
    if (strcmp(dot, ".ico") == 0)
        return "image/x-icon";
    return "application/octet-stream";
}

void asset_serve(struct req *r, const char *path, bool immutable)
{
    int i = find_asset(path);
    if (i < 0) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    const char *etag = arena_printf(&r->arena, "\"%s\"", etags[i]);
    req_add_header(r, "ETag", etag);
    req_add_header(r, "Cache-Control",
                   immutable ? "public, max-age=31536000, immutable" : "no-cache");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        r->status = 304;
        return;
    }
    r->content_type = mime_type(path);
    buf_add(&r->out, embedded_assets[i].data, embedded_assets[i].len);
}

void assets_page(struct req *r)
{
    asset_serve(r, r->path, true);
}
