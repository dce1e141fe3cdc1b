/* Phone numbers: normalised to 11 digits for storage, masked (138****5678) for everyone whose
 * role does not need the full number. Pure. */
#ifndef MULIN_PHONE_H
#define MULIN_PHONE_H
#include <stdbool.h>

/* Writes the digits of a mainland mobile number (spaces, dashes and a +86 prefix removed)
 * into out[12]; false when it is not 11 digits starting with 1. */
bool phone_normalize(const char *in, char out[12]);
/* Writes the masked form of phone into out[16]: the first 3 and last 4 digits kept, "****"
 * between; shorter input is masked entirely; empty stays empty. */
void phone_mask(const char *phone, char out[16]);

#endif
