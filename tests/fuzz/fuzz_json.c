/* libFuzzer target for src/http/jsonbody.c. Besides "no crash", it checks that whatever the
 * parser accepts survives a round trip: dumped by jansson and parsed again it is accepted and
 * equal, so handlers that echo a body back never produce JSON the API itself would refuse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/jsonbody.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the input; on success re-dumps the object and insists the dump parses to an equal one. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    json_t *j = jsonbody_parse((const char *)data, size, err, sizeof err);
    if (!j) {
        if (err[0] == '\0')
            abort(); /* every refusal must say why */
        return 0;
    }
    if (!json_is_object(j))
        abort();
    char *dump = json_dumps(j, JSON_COMPACT);
    if (!dump)
        abort();
    json_t *again = jsonbody_parse(dump, strlen(dump), err, sizeof err);
    if (!again || !json_equal(j, again))
        abort();
    json_decref(again);
    free(dump);
    json_decref(j);
    return 0;
}
