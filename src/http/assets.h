/* Static assets (CSS, JS, icons) embedded in the binary at build time (tools/embed.sh). */
#ifndef MULIN_ASSETS_H
#define MULIN_ASSETS_H

#include <stdbool.h>

#include "http/req.h"

/* Returns path with its content hash as ?v=..., so pages can let browsers cache assets for a
 * year; unknown paths come back unchanged. */
const char *asset_url(struct req *r, const char *path);
/* Serves the embedded asset at path with its ETag (304 when unchanged); immutable assets may
 * be cached for a year (their URLs carry the hash), others must be revalidated. */
void asset_serve(struct req *r, const char *path, bool immutable);
/* GET /static/NAME: serves an embedded asset with ETag and caching; 304 when unchanged. */
void assets_page(struct req *r);

#endif
