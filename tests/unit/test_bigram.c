/* The search tokenizer: CJK bigrams, lone characters, lower-cased ASCII words, full-width
 * forms, separators and invalid UTF-8; and the excerpt that marks what matched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hall/bigram.h"
#include "hall/excerpt.h"

/* The tokens of s joined by spaces. */
static char *tokens(const char *s, size_t n)
{
    static char out[4096];
    struct buf b;
    buf_init(&b);
    bigram_join(s, n, &b, 1000);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}
#define TOK(s) tokens(s, strlen(s))

static void test_cjk_bigrams(void **state)
{
    (void)state;
    assert_string_equal(TOK("停车位"), "停车 车位");
    assert_string_equal(TOK("加装电梯"), "加装 装电 电梯");
    assert_string_equal(TOK("停车"), "停车");
    assert_string_equal(TOK("灯"), "灯"); /* a lone character is its own token */
    assert_string_equal(TOK("灯，停车"), "灯 停车");
    assert_string_equal(TOK("停车，灯"), "停车 灯");
    /* Punctuation and spaces break runs: no bigram across them. */
    assert_string_equal(TOK("停。车"), "停 车");
    assert_string_equal(TOK("小区 停车难"), "小区 停车 车难");
    assert_string_equal(TOK(""), "");
    assert_string_equal(TOK("，。！？  \n"), "");
}

static void test_ascii_words(void **state)
{
    (void)state;
    assert_string_equal(TOK("WiFi 5G"), "wifi 5g");
    assert_string_equal(TOK("Hello, WORLD!"), "hello world");
    /* Letters next to CJK end the run on both sides. */
    assert_string_equal(TOK("加装EV充电桩"), "加装 ev 充电 电桩");
    assert_string_equal(TOK("3号楼"), "3 号楼");
    /* Full-width letters and digits are their ASCII twins. */
    assert_string_equal(TOK("ＥＶ１２"), "ev12");
    /* Other scripts separate (é is neither CJK nor ASCII). */
    assert_string_equal(TOK("café"), "caf");
    /* A very long word is cut at BIGRAM_TOK_MAX bytes. */
    char longw[200];
    memset(longw, 'A', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    const char *t = TOK(longw);
    assert_int_equal(strlen(t), BIGRAM_TOK_MAX);
    assert_int_equal(t[0], 'a');
}

static void test_other_scripts(void **state)
{
    (void)state;
    assert_string_equal(TOK("すし"), "すし");
    assert_string_equal(TOK("한국어"), "한국 국어");
    assert_string_equal(TOK("𠀀𠀁"), "𠀀𠀁"); /* extension B, 4-byte characters */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* A lone continuation byte, a cut sequence, an overlong '/', a surrogate: separators. */
    assert_string_equal(tokens("ab\x80"
                               "cd",
                               5),
                        "ab cd");
    assert_string_equal(tokens("停\xe8\xbd", 5), "停");
    assert_string_equal(tokens("a\xc0\xafz", 4), "a z");
    assert_string_equal(tokens("x\xed\xa0\x80y", 5), "x y");
    assert_string_equal(tokens("\xf5\xff\xfe", 3), "");
    /* An embedded NUL is a separator too. */
    assert_string_equal(tokens("停\0车", 7), "停 车");
}

static bool count_and_stop(const struct bigram_tok *t, void *ctx)
{
    (void)t;
    return ++*(int *)ctx < 2;
}

static void test_offsets_and_stop(void **state)
{
    (void)state;
    int seen = 0;
    bigram_scan("a b c d", 7, count_and_stop, &seen);
    assert_int_equal(seen, 2);
    struct buf b;
    buf_init(&b);
    assert_int_equal(bigram_join("加装电梯", strlen("加装电梯"), &b, 2), 2);
    assert_string_equal(b.data, "加装 装电");
    buf_free(&b);
}

static char *excerpt(const char *text, const char *q)
{
    static char out[4096];
    struct buf b;
    buf_init(&b);
    excerpt_html(&b, text, q);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

static void test_excerpt(void **state)
{
    (void)state;
    assert_string_equal(excerpt("小区停车难，电梯也旧了", "停车"),
                        "小区<mark>停车</mark>难，电梯也旧了");
    /* Overlapping bigrams merge into one mark. */
    assert_string_equal(excerpt("加装电梯", "加装电梯"), "<mark>加装电梯</mark>");
    assert_string_equal(excerpt("Fix the Lift <now>", "lift"),
                        "Fix the <mark>Lift</mark> &lt;now&gt;");
    /* No match: the start of the text, escaped. */
    assert_string_equal(excerpt("a & b", "zz"), "a &amp; b");
    /* A match far in: cut before with an ellipsis, EXCERPT_LEAD characters of lead. */
    char text[400] = "";
    for (int i = 0; i < 30; i++)
        strcat(text, "灯");
    strcat(text, "停车");
    for (int i = 0; i < 80; i++)
        strcat(text, "灯");
    const char *e = excerpt(text, "停车");
    assert_true(strncmp(e, "…", strlen("…")) == 0);
    assert_non_null(strstr(e, "<mark>停车</mark>"));
    assert_true(strcmp(e + strlen(e) - strlen("…"), "…") == 0);
    assert_true(excerpt_matches("小区停车难", "停车"));
    assert_false(excerpt_matches("小区停车难", "电梯"));
    assert_false(excerpt_matches("车停", "停车"));
    /* The words matched are the query's tokens, case folded. */
    assert_string_equal(excerpt("EV 充电", "ev"), "<mark>EV</mark> 充电");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cjk_bigrams),      cmocka_unit_test(test_ascii_words),
        cmocka_unit_test(test_other_scripts),    cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_offsets_and_stop), cmocka_unit_test(test_excerpt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
