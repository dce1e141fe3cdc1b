/* UTF-8 checks at the edge: text is validated once when it enters, and limits people see are
 * counted in characters, not bytes. */
#ifndef MULIN_UTF8_H
#define MULIN_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF)
 * and contains no NUL byte. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in the valid UTF-8 string s. */
size_t utf8_chars(const char *s);
/* True when s is valid UTF-8 of lo..hi code points; NULL counts as empty. */
bool utf8_length_ok(const char *s, size_t lo, size_t hi);

#endif
