/* jose.c: RS256 compact JWS and the RSA key behind it (OpenSSL libcrypto). */
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include "util.h"
#include "jose.h"

/* See jose.h. */
char *
jose_b64url(struct arena *a, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_encoded_len(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);

	sodium_bin2base64(out, len, p, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* A big number parameter of pkey as base64url into out (outsz); 0 or -1. */
static int
bn_param(EVP_PKEY *pkey, const char *name, char *out, size_t outsz)
{
	BIGNUM *bn = NULL;
	unsigned char bin[512];
	int n, rc = -1;

	if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
		return -1;
	n = BN_num_bytes(bn);
	if (n > 0 && (size_t)n <= sizeof(bin) &&
	    sodium_base64_encoded_len((size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) <= outsz) {
		BN_bn2bin(bn, bin);
		sodium_bin2base64(out, outsz, bin, (size_t)n,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		rc = 0;
	}
	BN_free(bn);
	return rc;
}

/* See jose.h. */
char *
jose_key_generate(void)
{
	EVP_PKEY *pkey = EVP_RSA_gen(2048);
	BIO *bio = NULL;
	char *pem = NULL, *data;
	long len;

	if (pkey == NULL || (bio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL) != 1)
		goto out;
	len = BIO_get_mem_data(bio, &data);
	if (len > 0) {
		pem = xmalloc((size_t)len + 1);
		memcpy(pem, data, (size_t)len);
		pem[len] = '\0';
	}
out:
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return pem;
}

/* See jose.h. */
int
jose_key_load(struct jose_key *k, const char *pem)
{
	struct jose_key t;
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *pkey;
	char thumb[1024];
	unsigned char h[32];

	if (bio == NULL)
		return -1;
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (pkey == NULL)
		return -1;
	memset(&t, 0, sizeof(t));
	if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA ||
	    bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, t.n, sizeof(t.n)) == -1 ||
	    bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, t.e, sizeof(t.e)) == -1) {
		EVP_PKEY_free(pkey);
		return -1;
	}
	/* RFC 7638: the required members in lexical order, no spaces. */
	snprintf(thumb, sizeof(thumb), "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}",
	    t.e, t.n);
	crypto_hash_sha256(h, (const unsigned char *)thumb, strlen(thumb));
	sodium_bin2base64(t.kid, sizeof(t.kid), h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	/* Ids derived from the key stay the same on every node. */
	crypto_generichash(t.secret, sizeof(t.secret),
	    (const unsigned char *)pem, strlen(pem),
	    (const unsigned char *)"convene credential ids", 22);
	t.pkey = pkey;
	*k = t;
	return 0;
}

/* See jose.h. */
void
jose_key_free(struct jose_key *k)
{
	if (k->pkey != NULL)
		EVP_PKEY_free(k->pkey);
	sodium_memzero(k, sizeof(*k));
}

/* See jose.h. */
char *
jose_sign(const struct jose_key *k, struct arena *a, const char *typ,
    const char *payload)
{
	EVP_MD_CTX *md = NULL;
	unsigned char sig[1024];
	size_t siglen = sizeof(sig);
	char *header, *input, *out = NULL;

	if (k->pkey == NULL)
		return NULL;
	header = arena_printf(a, "{\"alg\":\"RS256\",\"typ\":\"%s\",\"kid\":"
	    "\"%s\"}", typ, k->kid);
	input = arena_printf(a, "%s.%s", jose_b64url(a,
	    (const unsigned char *)header, strlen(header)), jose_b64url(a,
	    (const unsigned char *)payload, strlen(payload)));
	/* RS256: RSASSA-PKCS1-v1_5 with SHA-256, OpenSSL's RSA default. */
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_DigestSign(md, sig, &siglen, (const unsigned char *)input,
	    strlen(input)) != 1)
		goto out;
	out = arena_printf(a, "%s.%s", input, jose_b64url(a, sig, siglen));
out:
	EVP_MD_CTX_free(md);
	return out;
}
