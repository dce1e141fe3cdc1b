/* `mulin procedure run`: JSON Lines in, one JSON line out per line in (PROCEDURE.md
 * section 7). The only part of the engine that knows JSON; it uses jansson. */
#ifndef MEETING_SCRIPT_H
#define MEETING_SCRIPT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "meeting/engine.h"

struct mt_script {
    struct mt_meeting *m; /* the meeting of the last accepted setup line */
    int have;             /* a setup line was accepted */
};

/* Returns 0, or -1 when memory is short. */
int mt_script_init(struct mt_script *sc);
void mt_script_free(struct mt_script *sc);

/* Answers one input line (without its newline): a malloc'd JSON text without a newline.
 * Never fails on any input; NULL only when memory is short. */
char *mt_script_line(struct mt_script *sc, const char *line, size_t len);

/* Parses one command object (not a setup line) into C; its strings point into O, which must
 * outlive C. -1 when the command is malformed. For readers of a stored log that want the
 * engine's events themselves (the minutes). */
int mt_script_parse_cmd(json_t *o, struct mt_cmd *c);

/* Runs a whole script: reads IN to its end, writes one answer line per line. Returns 0, or -1
 * when IN could not be read or OUT written. */
int mt_script_run(FILE *in, FILE *out);

#endif
