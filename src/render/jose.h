/* jose.h: RS256 compact JWS and the RSA key behind it (OpenSSL libcrypto). */
#ifndef CONVENE_JOSE_H
#define CONVENE_JOSE_H

#include <stddef.h>

struct arena;

/* A loaded signing key with its public half as a JWK. */
struct jose_key {
	void		*pkey;		/* EVP_PKEY; NULL: none loaded */
	char		 kid[48];	/* RFC 7638 thumbprint, base64url */
	char		 n[704], e[16];	/* modulus and exponent, base64url */
	unsigned char	 secret[32];	/* derived from the key, for ids */
};

/* A new 2048-bit RSA private key as PKCS#8 PEM (malloc'd), or NULL. */
char *jose_key_generate(void);
/* Loads a PEM private key into k; 0, or -1 (k untouched). */
int jose_key_load(struct jose_key *k, const char *pem);
void jose_key_free(struct jose_key *k);
/*
 * The compact JWS of payload (JSON text) under the header
 * {"alg":"RS256","typ":typ,"kid":k->kid}, in arena; NULL on failure.
 */
char *jose_sign(const struct jose_key *k, struct arena *a, const char *typ,
    const char *payload);
/* base64url without padding of n bytes, in arena. */
char *jose_b64url(struct arena *a, const unsigned char *p, size_t n);

#endif
