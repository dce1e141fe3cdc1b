/* The one path of a command to a stored meeting (see command.h). */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "http/live.h"
#include "meeting/command.h"
#include "meeting/log.h"

int meeting_command(struct req *r, const struct meeting_row *m, const char *command, char **answer,
                    int64_t *seq)
{
    *seq = 0;
    int rc = meeting_append(r->db, m->id, r->person_id, (int64_t)time(NULL), command, answer, seq);
    if (rc != 1)
        return rc;
    if (meeting_after_accept(r, m, *seq, command, *answer) < 0)
        return -1;
    json_t *c = json_loads(command, 0, NULL);
    const char *name = json_string_value(json_object_get(c, "cmd"));
    json_t *data = json_pack("{s:I,s:s}", "seq", (json_int_t)*seq, "cmd", name ? name : "");
    char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
    if (text)
        live_publish(r, meeting_channel(r, m->id), "command", text);
    free(text);
    json_decref(data);
    json_decref(c);
    return rc;
}
