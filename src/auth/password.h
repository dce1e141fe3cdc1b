/* Password hashing with argon2id (libsodium's crypto_pwhash, interactive limits). */
#ifndef MULIN_PASSWORD_H
#define MULIN_PASSWORD_H
#include <stdbool.h>

enum { PASSWORD_MIN_CHARS = 8, PASSWORD_MAX_BYTES = 128 };

/* Writes the encoded hash of password into out (crypto_pwhash_STRBYTES bytes). 0 on success. */
int password_hash(const char *password, char out[128]);
/* True when password matches the encoded hash. */
bool password_verify(const char *hash, const char *password);
/* Spends the same time as a real verification; used when the account does not exist, so
 * timing does not tell which accounts exist. */
void password_burn(const char *password);

#endif
