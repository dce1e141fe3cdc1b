/* libFuzzer target for src/hall/outcome_rules.c. The input is a date as typed and, after a
 * newline, a text. Beyond "no crash" it checks: a date the parser accepts is written back
 * exactly as it came (so only real, canonical YYYY-MM-DD dates pass and two spellings never
 * name one day), and every check answers OK or one refusal with its field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hall/outcome_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Howard Hinnant's civil_from_days, the inverse of outcome_days_from_civil. */
static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    char *text = strchr(s, '\n');
    if (text)
        *text++ = 0;
    else
        text = "";
    int64_t day;
    if (outcome_date_parse(s, &day)) {
        int64_t y;
        unsigned m, d;
        civil(day, &y, &m, &d);
        char back[32];
        snprintf(back, sizeof back, "%04lld-%02u-%02u", (long long)y, m, d);
        if (strcmp(back, s) != 0)
            abort();
    }
    struct outcome_problem p;
    struct resolution_input in = {text, text, s, text, 1, 2, OUTCOME_VOTES_UNKNOWN};
    if (!resolution_check(&in, 20000, &p) && (p.err == OUTCOME_OK || !p.field))
        abort();
    struct task_input t = {text, text, s};
    if (!task_check(&t, 20000, &p) && (p.err == OUTCOME_OK || !p.field))
        abort();
    if (!close_check(s, text, &p) && (p.err == OUTCOME_OK || !p.field))
        abort();
    if (objection_check(text, &p) != (p.err == OUTCOME_OK))
        abort();
    free(s);
    return 0;
}
