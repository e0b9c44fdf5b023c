/* credential.c: certificates as Open Badges 3.0 credentials (VC-JWT, RS256), their key set and revocation list. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "fmt.h"
#include "jose.h"
#include "api.h"
#include "app.h"
#include "web.h"

#define CRED_KEY_SETTING "credential_key"
#define OB3_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"

/* See web.h. */
int
web_credential_key(struct app *app, struct jose_key *k)
{
	struct arena *a = arena_new();
	char *pem = NULL, *fresh = NULL;
	struct store *s = app->store;
	int rc = -1;

	/* Made once, by whichever node or command needs it first; a fresh
	 * key costs a moment, so only when there is none. */
	if (s != NULL && store_setting_get(s, a, CRED_KEY_SETTING, &pem) !=
	    STORE_OK)
		pem = NULL;
	if (pem == NULL) {
		if ((fresh = jose_key_generate()) == NULL ||
		    app_key(app, a, CRED_KEY_SETTING, fresh, &pem) != STORE_OK)
			pem = NULL;
	}
	if (pem != NULL && jose_key_load(k, pem) == 0)
		rc = 0;
	if (fresh != NULL) {
		sodium_memzero(fresh, strlen(fresh));
		free(fresh);
	}
	arena_free(a);
	return rc;
}

/* Hex of a keyed hash of what (16 bytes), stable for the key. */
static void
derive(const struct jose_key *k, const char *what, unsigned char out[16])
{
	crypto_generichash(out, 16, (const unsigned char *)what, strlen(what),
	    k->secret, sizeof(k->secret));
}

/* "urn:uuid:…" of a registration: random-looking, the same every time. */
static const char *
subject_id(struct http_req *r, const struct jose_key *k, int64_t reg)
{
	unsigned char u[16];
	char hex[33];

	derive(k, arena_printf(r->arena, "registration:%lld", (long long)reg),
	    u);
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);	/* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	sodium_bin2hex(hex, sizeof(hex), u, sizeof(u));
	return arena_printf(r->arena, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s",
	    hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* The IdentityObject of an address: sha256 of it and a salt, never the
 * address itself. */
static json_t *
identity(struct http_req *r, const struct jose_key *k, const char *code,
    const char *email)
{
	unsigned char salt[16], h[crypto_hash_sha256_BYTES];
	char salthex[33], hashhex[65], *norm, *in;

	derive(k, arena_printf(r->arena, "salt:%s", code), salt);
	sodium_bin2hex(salthex, sizeof(salthex), salt, sizeof(salt));
	norm = arena_strdup(r->arena, email);
	str_lower(norm);
	in = arena_printf(r->arena, "%s%s", norm, salthex);
	crypto_hash_sha256(h, (const unsigned char *)in, strlen(in));
	sodium_bin2hex(hashhex, sizeof(hashhex), h, sizeof(h));
	return json_pack("{s:s, s:s, s:s, s:b, s:s}", "type", "IdentityObject",
	    "identityHash", arena_printf(r->arena, "sha256$%s", hashhex),
	    "identityType", "emailAddress", "hashed", 1, "salt", salthex);
}

/* The credit rule in words, for criteria.narrative. */
static const char *
narrative(struct http_req *r, const struct store_session *s)
{
	const char *attend = s->credit_share >= 0.999 ? "Attended the whole "
	    "session" : arena_printf(r->arena, "Attended at least %d%% of the "
	    "session", (int)(s->credit_share * 100 + 0.5));

	return arena_printf(r->arena, "%s, checked in and out at the door%s. "
	    "Credit: %s continuing-education hours.", attend,
	    s->eval_required ? ", and completed the evaluation" : "",
	    fmt_hours(r->arena, s->ce_hours));
}

static const char *
revocations_url(struct http_req *r)
{
	return arena_printf(r->arena, "%s/api/v1/credentials/revocations",
	    web_base_url(r));
}

/* The OpenBadgeCredential of c with the VC-JWT claims, as JSON text. */
static char *
payload(struct http_req *r, const struct jose_key *k,
    const struct store_certificate *c, const struct store_registration *g,
    const struct store_session *s)
{
	const char *base = web_base_url(r);
	const char *id = arena_printf(r->arena, "%s/verify/%s", base, c->code);
	const char *sub = subject_id(r, k, g->id);
	json_t *subject, *cred;
	char *text, *out;

	subject = json_pack("{s:s, s:[s], s:{s:s, s:[s], s:s, s:s, s:{s:s}, "
	    "s:f}}", "id", sub, "type", "AchievementSubject", "achievement",
	    "id", arena_printf(r->arena, "%s/sessions/%lld/register", base,
	    (long long)s->id), "type", "Achievement", "name", c->session,
	    "description", s->description && *s->description ?
	    s->description : arena_printf(r->arena, "%s: %s, %s, %s, %s",
	    c->event, c->session, c->date, c->venue, c->city), "criteria",
	    "narrative", narrative(r, s), "creditsAvailable", c->hours);
	if (g->email != NULL && *g->email != '\0')
		json_object_set_new(subject, "identifier", json_pack("[o]",
		    identity(r, k, c->code, g->email)));
	cred = json_pack("{s:[s, s], s:s, s:[s, s], s:{s:s, s:[s], s:s}, s:s, "
	    "s:s, s:o, s:{s:s, s:s}, s:s, s:s, s:I, s:s}",
	    "@context", VC2_CONTEXT, OB3_CONTEXT,
	    "id", id,
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "issuer", "id", base, "type", "Profile", "name", c->provider,
	    "validFrom", fmt_iso(r->arena, "UTC", c->issued_at),
	    "name", arena_printf(r->arena, "Certificate of attendance: %s",
	    c->session),
	    "credentialSubject", subject,
	    "credentialStatus", "id", revocations_url(r), "type",
	    "1EdTechRevocationList",
	    /* VC-JWT: the registered claims mirror the credential. */
	    "iss", base, "jti", id, "nbf", (json_int_t)c->issued_at,
	    "sub", sub);
	if (cred == NULL)
		return NULL;
	text = json_dumps(cred, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(cred);
	out = text ? arena_strdup(r->arena, text) : NULL;
	free(text);
	return out;
}

/* Answers the credential of certificate c: 410 when revoked. */
static void
credential_reply(struct http_req *r, const struct store_certificate *c)
{
	struct web_ctx *ctx = r->app;
	struct store_registration g;
	struct store_session s;
	char *body, *jwt;

	if (c->revoked_at) {
		web_error(r, 410, arena_printf(r->arena, "This certificate was "
		    "revoked at %s", fmt_iso(r->arena, "UTC", c->revoked_at)));
		return;
	}
	if (store_registration_get(web_store(r), r->arena, c->registration_id,
	    &g) != STORE_OK || store_session_get(web_store(r), r->arena,
	    g.session_id, &s) != STORE_OK ||
	    (body = payload(r, &ctx->cred_key, c, &g, &s)) == NULL ||
	    (jwt = jose_sign(&ctx->cred_key, r->arena, "JWT", body)) == NULL) {
		web_error(r, 500, "The credential could not be made");
		return;
	}
	buf_reset(&r->out);
	buf_puts(&r->out, jwt);
	r->status = 200;
	r->content_type = "application/vc+jwt";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"certificate-%s.jwt\"", c->code));
	http_set_header(r, "Cache-Control", "no-store");
}

/* GET /api/v1/certificates/{code}/credential: the compact JWT. */
void
api_credential(struct http_req *r)
{
	struct store_certificate c;

	if (web_load_certificate(r, r->params[0], &c) == -1)
		return;
	credential_reply(r, &c);
}

/* GET /tickets/{secret}/credential.jwt: the holder's credential, the
 * certificate issued first when it is due (as the PDF link does). */
void
page_ticket_credential(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	struct store_certificate c;
	int64_t minutes;
	int issued, rc;

	if (web_load_ticket(r, &g, &s) == -1)
		return;
	rc = app_certify(web_app(r), r->arena, g.id, &c, &issued);
	if (rc == STORE_CLOSED) {
		web_error(r, 409, arena_printf(r->arena, "No certificate yet: "
		    "%s", core_credit_reasons[app_credit(web_store(r), &s, &g,
		    web_now(r), &minutes)]));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	credential_reply(r, &c);
}

/* GET /.well-known/jwks.json: the public half of the provider's key. */
void
api_jwks(struct http_req *r)
{
	const struct jose_key *k = &((struct web_ctx *)r->app)->cred_key;

	if (k->pkey == NULL) {
		web_error(r, 503, "No signing key yet");
		return;
	}
	api_reply(r, 200, json_pack("{s:[{s:s, s:s, s:s, s:s, s:s, s:s}]}",
	    "keys", "kty", "RSA", "use", "sig", "alg", "RS256", "kid", k->kid,
	    "n", k->n, "e", k->e));
	r->content_type = "application/jwk-set+json";
}

/* GET /api/v1/credentials/revocations: the 1EdTech revocation list. */
void
api_revocations(struct http_req *r)
{
	const char *base = web_base_url(r);
	char **codes;
	int64_t *at;
	json_t *list;
	size_t n, i;

	if (store_certificates_revoked(web_store(r), r->arena, &codes, &at,
	    &n) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:b, s:s}", "id",
		    arena_printf(r->arena, "%s/verify/%s", base, codes[i]),
		    "revoked", 1, "revocationDate", fmt_iso(r->arena, "UTC",
		    at[i])));
	api_reply(r, 200, json_pack("{s:s, s:s, s:o}", "id",
	    revocations_url(r), "issuer", base, "revokedCredentials", list));
	http_set_header(r, "Cache-Control", "no-cache");
}
