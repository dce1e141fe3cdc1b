/* Invitation codes: printed slips that let a resident on the roster open their own account.
 * Codes use an alphabet without look-alike characters (no 0/O, 1/I/L) for elderly readers. */
#ifndef MULIN_INVITE_H
#define MULIN_INVITE_H
#include <stdbool.h>
#include <stdint.h>

struct db;

enum { INVITE_CODE_LEN = 9 }; /* "K7MX-3QPA" */

/* Writes a fresh random code into out[INVITE_CODE_LEN + 1]. */
void invite_code(char out[INVITE_CODE_LEN + 1]);
/* Upper-cases code and drops spaces and dashes, then re-inserts the dash; false when what is
 * left is not 8 characters of the alphabet. */
bool invite_normalize(const char *in, char out[INVITE_CODE_LEN + 1]);

#endif
