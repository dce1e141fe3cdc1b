/* The live meeting room's pages (meeting/room_page.c). */
#ifndef MEETING_ROOM_PAGE_H
#define MEETING_ROOM_PAGE_H

#include "http/req.h"

void meeting_chair_page(struct req *r);
void meeting_room_page(struct req *r);
void meeting_screen_page(struct req *r);
void meeting_do_post(struct req *r);

#endif
