/* Reading people for rosters and person pages, with the privacy rule applied in one place:
 * phones are shown in full only to those allowed ACT_VIEW_PHONE on the household. */
#ifndef MULIN_PEOPLE_H
#define MULIN_PEOPLE_H
#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"

enum { ROSTER_PAGE_SIZE = 100 };

struct person_row {
    int64_t id;                 /* person id */
    const char *name;           /* name */
    const char *phone;          /* full or masked, per the reader's permission; "" if none */
    const char *address;        /* "东区 1号楼组 1号楼 101室" */
    const char *household_path; /* for permission checks */
    int64_t household_id;       /* household node */
    bool has_account;           /* has set a password */
};

/* Loads up to ROSTER_PAGE_SIZE people under path, starting at offset, into rows (in r's
 * arena). Returns how many; *more is set when another page follows. */
size_t people_under(struct req *r, const char *path, int64_t offset, struct person_row **rows,
                    bool *more);
/* Loads one person; 0 on success, -1 when there is none. */
int person_get(struct req *r, int64_t id, struct person_row *out);

#endif
