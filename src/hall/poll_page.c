/* Placeholder: this part of the topic page is being built. */
#include "hall/sections.h"

void polls_section(struct req *r, const struct topic *t)
{
    (void)r, (void)t;
}
