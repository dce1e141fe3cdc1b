/* The page frame every HTML page shares: head, top bar with the language switch, the bottom
 * tab bar on phones, and the CSRF field for forms. */
#ifndef MULIN_LAYOUT_H
#define MULIN_LAYOUT_H

#include "http/req.h"

/* Writes everything up to the start of the page's own content. */
void page_begin(struct req *r, const char *title);
/* Closes the page. */
void page_end(struct req *r);
/* Writes the hidden CSRF input every form carries, creating the anonymous token if needed. */
void csrf_field(struct req *r);
/* Returns the CSRF token, creating (and setting the cookie of) an anonymous one if needed. */
const char *csrf_token(struct req *r);

#endif
