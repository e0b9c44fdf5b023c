/* token.c: unguessable tokens from libsodium's random source. */
#include <string.h>

#include <sodium.h>

#include "util.h"

/* Crockford-style base32 without I, L, O, U: nothing to misread. */
static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* Writes n random characters and a NUL into out (n + 1 bytes). */
void
token_random(char *out, size_t n)
{
	size_t i;

	/* One draw for all (a syscall each would cost more than the rest of
	 * a registration's own work); 32 divides 256, so every letter is as
	 * likely from a byte's five low bits. */
	randombytes_buf(out, n);
	for (i = 0; i < n; i++)
		out[i] = alphabet[(unsigned char)out[i] & 31];
	out[n] = '\0';
}

/*
 * Join codes are read off a screen and typed on a phone: upper case, and
 * none of the look-alikes 0 O 1 I L (nor U). Codes made before this
 * alphabet may hold 0 and 1; core_join_code_normalise maps O to 0 and I, L
 * to 1 when typed, so those keep working and new ones never need it.
 */
static const char join_alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

void
token_join_code(char out[JOIN_CODE_LEN + 1])
{
	size_t i;

	for (i = 0; i < JOIN_CODE_LEN; i++)
		out[i] = join_alphabet[randombytes_uniform(
		    sizeof(join_alphabet) - 1)];
	out[JOIN_CODE_LEN] = '\0';
}

/* Only a hash of a session or API token is stored: a stolen database holds none. */
void
token_hash(const char *token, char out[TOKEN_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, TOKEN_HASH_HEX, h, sizeof(h));
}

/* Drops dashes and spaces and lower-cases: "YDQ3-PWS6" -> "ydq3pws6". */
char *
token_normalise(struct arena *a, const char *in)
{
	char *out = arena_alloc(a, strlen(in) + 1), *o = out;

	for (; *in; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		*o++ = (char)(*in >= 'A' && *in <= 'Z' ? *in - 'A' + 'a' : *in);
	}
	*o = '\0';
	return out;
}

/* 1 when a and b are equal, in time independent of where they differ. */
int
token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
