/* The meeting log's hash chain: a known BLAKE2b-256 value, and each field of an entry takes
 * part in its hash, so an edit, an insertion (seq) or a deletion (prev_hash) is found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "meeting/chain.h"

static const char ZEROS[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void known_value(void **state)
{
    (void)state;
    char h[CHAIN_HEX];
    chain_hash(ZEROS, 1, 2, 3, "{}", h);
    /* BLAKE2b-256 of "<64 zeros>\n1\n2\n3\n{}", computed independently with Python's hashlib. */
    assert_string_equal(h, "4186ad7f077cc201544de7d792e2dc7260fad24a0fb1ba66b2769f59f4cc0596");
}

static void every_field_counts(void **state)
{
    (void)state;
    char base[CHAIN_HEX], h[CHAIN_HEX];
    chain_hash(ZEROS, 5, 1000, 7, "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}", base);
    assert_int_equal(strlen(base), 64);
    chain_hash(ZEROS, 6, 1000, 7, "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}", h);
    assert_string_not_equal(h, base);
    chain_hash(ZEROS, 5, 1001, 7, "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}", h);
    assert_string_not_equal(h, base);
    chain_hash(ZEROS, 5, 1000, 8, "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}", h);
    assert_string_not_equal(h, base);
    chain_hash(ZEROS, 5, 1000, 7, "{\"cmd\":\"ATTEND\",\"actor\":\"B\"}", h);
    assert_string_not_equal(h, base);
    chain_hash(base, 5, 1000, 7, "{\"cmd\":\"ATTEND\",\"actor\":\"A\"}", h);
    assert_string_not_equal(h, base);
    /* Field boundaries cannot shift: seq 1, at 23 differs from seq 12, at 3. */
    char a[CHAIN_HEX], b[CHAIN_HEX];
    chain_hash(ZEROS, 1, 23, 0, "", a);
    chain_hash(ZEROS, 12, 3, 0, "", b);
    assert_string_not_equal(a, b);
}

static void entry_check(void **state)
{
    (void)state;
    char g[CHAIN_HEX], h1[CHAIN_HEX], h2[CHAIN_HEX];
    chain_genesis(100, 5, "{\"members\":[\"A\"]}", g);
    chain_hash(g, 1, 101, 5, "c1", h1);
    chain_hash(h1, 2, 102, 5, "c2", h2);
    struct chain_entry e1 = {1, 101, 5, "c1", g, h1};
    struct chain_entry e2 = {2, 102, 5, "c2", h1, h2};
    assert_true(chain_entry_ok(&e1, 1, g));
    assert_true(chain_entry_ok(&e2, 2, h1));
    /* e1 deleted: e2 now stands where 1 was expected, after the anchor. */
    assert_false(chain_entry_ok(&e2, 1, g));
    /* edited command, edited time, wrong actor */
    struct chain_entry bad = e2;
    bad.command = "c3";
    assert_false(chain_entry_ok(&bad, 2, h1));
    bad = e2;
    bad.at = 103;
    assert_false(chain_entry_ok(&bad, 2, h1));
    bad = e2;
    bad.actor = 6;
    assert_false(chain_entry_ok(&bad, 2, h1));
    /* another setup gives another anchor */
    char g2[CHAIN_HEX];
    chain_genesis(100, 5, "{\"members\":[\"B\"]}", g2);
    assert_false(chain_entry_ok(&e1, 1, g2));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_value),
        cmocka_unit_test(every_field_counts),
        cmocka_unit_test(entry_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
