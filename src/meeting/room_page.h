/* The live meeting room's three views, server-rendered and usable without JavaScript:
 *   GET  /meetings/{id}/chair   the chair's console (the chair, the recorder, hall staff)
 *   GET  /meetings/{id}/room    the member's phone (anyone who may watch; controls for the
 *                               people on the roster, no vote buttons for observers)
 *   GET  /meetings/{id}/screen  the projector: large type, high contrast, no controls
 *   POST /meetings/{id}/do      one command from a form's fields (cmd, and stance, type, text,
 *                               motion, member, item, method, choice, sustained, to, actor,
 *                               yes/no/abstain for hands counts; view = which page to go back
 *                               to): through meeting_command, then 303 back to the view; a
 *                               refusal shows the view again with the rule's message (409)
 * The live parts (status, question, floor, queue, vote, result) are drawn from the same public
 * snapshot the live event carries (meeting/room.h), so assets/meeting.js redraws them from the
 * event without asking the server; only the console re-reads its page. Files: room_view.c
 * (shared parts), room_chair.c, room_phone.c (phone and projector), room_do.c. */
#ifndef MEETING_ROOM_PAGE_H
#define MEETING_ROOM_PAGE_H

#include "http/req.h"

void meeting_chair_page(struct req *r);
void meeting_room_page(struct req *r);
void meeting_screen_page(struct req *r);
void meeting_do_post(struct req *r);

#endif
