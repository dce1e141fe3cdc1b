/* `mulin procedure run`, line by line: the exact answer format of PROCEDURE.md section 7
 * (key order, spacing, raw UTF-8), malformed lines, and a run over a stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/script.h"

static struct mt_script sc;

static int start(void **state)
{
    (void)state;
    return mt_script_init(&sc);
}

static int stop(void **state)
{
    (void)state;
    mt_script_free(&sc);
    return 0;
}

static void answer(const char *line, const char *want)
{
    char *got = mt_script_line(&sc, line, strlen(line));
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

#define BAD "{\"ok\": false, \"error\": \"E_BAD_INPUT\", \"message\": \"指令格式错误\"}"
#define OK "{\"ok\": true}"

static void test_answers(void **state)
{
    (void)state;
    answer("{\"cmd\": \"QUERY\"}", BAD); /* no meeting yet */
    answer("{\"setup\": {\"level\": \"BUILDING_GROUP\", \"members\": [\"A\",\"B\",\"C\"], "
           "\"chair\": \"X\", \"observers\": [\"O\"], \"params\": {\"speech_time_s\": 60}}}",
           OK);
    answer("{\"cmd\": \"ATTEND\", \"actor\": \"A\"}", OK);
    answer("{\"cmd\": \"ATTEND\", \"actor\": \"B\"}", OK);
    answer("{\"cmd\": \"CALL_TO_ORDER\", \"actor\": \"X\"}", OK);
    answer("{\"cmd\": \"OPEN_ITEM\", \"actor\": \"X\", \"item\": \"I1\"}", OK);
    answer("{\"cmd\": \"MOVE\", \"actor\": \"A\", \"type\": \"MAIN\", \"text\": \"开放\"}",
           "{\"ok\": true, \"motion\": \"m1\"}");
    answer("{\"cmd\": \"STATE_QUESTION\", \"actor\": \"X\"}",
           "{\"ok\": false, \"error\": \"E_NOT_SECONDED\", \"message\": \"动议未获附议\"}");
    answer("{\"cmd\": \"SECOND\", \"actor\": \"B\"}", OK);
    answer("{\"cmd\": \"STATE_QUESTION\", \"actor\": \"X\"}", OK);
    answer("{\"cmd\": \"REQUEST_FLOOR\", \"actor\": \"A\", \"stance\": \"PRO\"}", OK);
    answer("{\"cmd\": \"RECOGNIZE\", \"actor\": \"X\", \"member\": \"A\"}", OK);
    answer("{\"cmd\": \"START_SPEECH\", \"actor\": \"A\"}", OK);
    answer("{\"cmd\": \"TICK\", \"seconds\": 60}",
           "{\"ok\": true, \"events\": [\"SPEECH_EXPIRED\"]}");
    answer("{\"cmd\": \"QUERY\"}",
           "{\"ok\": true, \"state\": {\"meeting\": \"IN_SESSION\", \"present\": 2, \"quorum\": 2, "
           "\"floor\": null, \"next_speaker\": null, \"stack\": [\"m1\"], \"motions\": {\"m1\": "
           "{\"type\": \"MAIN\", \"state\": \"STATED\", \"text\": \"开放\", \"mover\": \"A\", "
           "\"yes\": 0, \"no\": 0, \"abstain\": 0, \"debate_closed\": false, \"speeches\": "
           "{\"A\": 1, \"B\": 0, \"C\": 0, \"O\": 0}}}, \"warnings\": {\"A\": 0, \"B\": 0, "
           "\"C\": 0, \"O\": 0}}}");
}

static void test_malformed_lines(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "",
        "   ",
        "nul",
        "{",
        "[]",
        "\"MOVE\"",
        "42",
        "{\"cmd\": null}",
        "{\"cmd\": \"move\"}",
        "{\"cmd\": \"MOVE\", \"actor\": \"A\", \"type\": \"DIVISION\"}",
        "{\"cmd\": \"CAST\", \"actor\": \"A\", \"choice\": \"yes\"}",
        "{\"cmd\": \"TICK\", \"seconds\": 1.5}",
        "{\"cmd\": \"RULE\", \"sustained\": \"yes\"}",
        "{\"cmd\": \"RECOGNIZE\", \"actor\": \"X\"}",
        "{\"setup\": []}",
        "{\"setup\": {\"level\": \"BLOCK\", \"members\": [1], \"chair\": \"X\"}}"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        answer(lines[i], BAD);
    /* an embedded NUL byte is not JSON either */
    char *got = mt_script_line(&sc, "{\"cmd\"\0: 1}", 11);
    assert_string_equal(got, BAD);
    free(got);
}

/* A whole stream: one answer line per input line, CRLF accepted, exit status 0. */
static void test_stream(void **state)
{
    (void)state;
    const char *script = "{\"setup\": {\"level\": \"BLOCK\", \"members\": [\"A\"], \"chair\": "
                         "\"X\"}}\r\n\ngarbage\n{\"cmd\": \"QUERY\"}";
    FILE *in = fmemopen((void *)script, strlen(script), "r");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(mt_script_run(in, out), 0);
    fclose(in);
    fclose(out);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    assert_int_equal(lines, 4);
    assert_int_equal(strncmp(buf, OK "\n" BAD "\n" BAD "\n{\"ok\": true, \"state\"",
                             strlen(OK "\n" BAD "\n" BAD "\n{\"ok\": true, \"state\"")),
                     0);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_stream),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
