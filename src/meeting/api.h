/* JSON API of meetings (issue 5): create, read the replayed state, send commands. */
#ifndef MEETING_API_H
#define MEETING_API_H

#include "http/req.h"

void hall_meetings_create_api(struct req *r);
void meeting_api(struct req *r);
void meeting_commands_api(struct req *r);
/* GET /api/v1/meetings/{id}/events: SSE, event "command" {"seq","cmd"} per accepted command. */
void meeting_events_api(struct req *r);

#endif
