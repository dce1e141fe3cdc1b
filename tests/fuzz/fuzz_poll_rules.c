/* libFuzzer target for src/hall/poll_rules.c, where people's text and numbers from forms and
 * JSON meet the poll rules. The input's lines are a question, options and a choice; its first
 * bytes set the times, quorum and vote counts. Beyond "no crash", it checks the promises the
 * store relies on: a parsed choice is a real position, a spec that passes has 2..10 options
 * within their limits and opens before it closes, and a tally never loses or invents votes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hall/poll_rules.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    uint8_t head[8];
    memcpy(head, data, 8);
    char *text = malloc(size - 8 + 1);
    if (!text)
        return 0;
    memcpy(text, data + 8, size - 8);
    text[size - 8] = '\0';
    if (!utf8_valid(text, strlen(text))) { /* forms and JSON reject invalid UTF-8 first */
        free(text);
        return 0;
    }
    const char *lines[POLL_OPTIONS_MAX + 3];
    size_t n = 0;
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l && n < POLL_OPTIONS_MAX + 3;
         l = strtok_r(NULL, "\n", &save))
        lines[n++] = l;
    const int64_t now = 1800000000;
    struct poll_spec s = {
        .purpose = (enum poll_purpose)(head[0] % 3),
        .kind = (enum poll_kind)(head[1] % 4),
        .eligibility = (enum poll_eligibility)(head[2] % 3),
        .question = n > 0 ? lines[0] : NULL,
        .options = n > 1 ? lines + 1 : NULL,
        .noptions = n > 2 ? n - 2 : 0,
        .opens_at = now + ((int64_t)(int8_t)head[3]) * 86400,
        .closes_at = now + ((int64_t)(int8_t)head[4]) * 86400,
        .quorum_num = head[5] % 5,
        .quorum_den = head[6] % 5,
        .threshold = (int)(head[7] % 5) - 1,
    };
    if (poll_spec_check(&s, now) == POLL_OK) {
        if (s.closes_at <= s.opens_at || utf8_chars(s.question) > POLL_QUESTION_MAX)
            abort();
        if (s.kind == POLL_OPTIONS) {
            if (s.noptions < POLL_OPTIONS_MIN || s.noptions > POLL_OPTIONS_MAX)
                abort();
            for (size_t i = 0; i < s.noptions; i++)
                if (utf8_chars(s.options[i]) > POLL_OPTION_MAX)
                    abort();
        }
    }
    if (n > 2) {
        int c = poll_choice_parse(lines + 1, n - 2, lines[n - 1]);
        if (c != -1 && (c < 1 || (size_t)c > n - 2))
            abort();
    }
    int64_t votes[POLL_OPTIONS_MAX];
    int64_t total = 0;
    for (size_t i = 0; i < POLL_OPTIONS_MAX; i++)
        total += votes[i] = head[i % 8] % 7;
    int lead = -1;
    struct poll_counts cnt = poll_tally(POLL_OPTIONS, votes, POLL_OPTIONS_MAX, total, &lead);
    if (cnt.yes + cnt.no + cnt.abstain != total || lead < 0 || lead > POLL_OPTIONS_MAX)
        abort();
    free(text);
    return 0;
}
