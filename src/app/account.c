/* account.c: staff accounts, API tokens and sign-in sessions. */
#include <string.h>

#include <sodium.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

/* Slow on purpose, so it runs before the transaction, never inside it. */
static int
hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

/* At least one known role; a partner belongs to an organisation. */
static int
roles_ok(unsigned roles, int64_t org)
{
	if (roles == 0 || (roles & ~((1u << ROLE__MAX) - 1)) != 0)
		return 0;
	return !(roles & ROLE_BIT(ROLE_PARTNER)) || org != 0;
}

struct user_job {
	const struct actor	*who;
	struct arena		*a;
	const char		*name, *hash, *token_hash, *csrf;
	unsigned		 roles;
	int64_t			 id, org, now, expires;
	int			 disabled;
};

static int
user_add_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;
	int rc = store_user_add(tx, j->name, j->hash, j->roles, j->now, &j->id);

	if (rc == STORE_OK && j->org)
		rc = store_user_update(tx, j->id, j->roles, j->org, 0);
	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, "user.add", arena_printf(j->a,
		    "user %lld", (long long)j->id), NULL,
		    app_user_text(store_tx_store(tx), j->a, j->id), j->now);
	return rc;
}

/* See app.h. */
int
app_user_add(struct app *app, const struct actor *who, struct arena *a,
    const char *name, const char *password, unsigned roles, int64_t org,
    int64_t *out)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_job j;
	int rc;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (!roles_ok(roles, org))
		return STORE_CONFLICT;
	if (hash_password(password, hash) == -1)
		return STORE_ERROR;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.name = name;
	j.hash = hash;
	j.roles = roles;
	j.org = org;
	j.now = app_now(app);
	rc = app_run(app, user_add_work, &j);
	*out = j.id;
	return rc;
}

static int
user_update_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;
	const char *before = app_user_text(store_tx_store(tx), j->a, j->id);
	int rc;

	if (before == NULL)
		return STORE_NOTFOUND;
	rc = store_user_update(tx, j->id, j->roles, j->org, j->disabled);
	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, "user.edit", arena_printf(j->a,
		    "user %lld", (long long)j->id), before,
		    app_user_text(store_tx_store(tx), j->a, j->id), j->now);
	return rc;
}

/* See app.h. */
int
app_user_update(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, unsigned roles, int64_t org, int disabled)
{
	struct user_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (!roles_ok(roles, org))
		return STORE_CONFLICT;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = id;
	j.roles = roles;
	j.org = org;
	j.disabled = disabled;
	j.now = app_now(app);
	return app_run(app, user_update_work, &j);
}

static int
password_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;
	struct store_user u;
	int rc;

	if ((rc = store_user_get(store_tx_store(tx), j->a, j->id, &u)) !=
	    STORE_OK)
		return rc;
	if ((rc = store_user_password(tx, j->id, j->hash)) != STORE_OK)
		return rc;
	/* A new password unlocks the account, from everywhere. */
	if ((rc = store_login_failures_clear(tx, arena_printf(j->a, "u:%lld",
	    (long long)j->id))) != STORE_OK)
		return rc;
	return app_audit(tx, j->who, j->name, arena_printf(j->a, "user %lld",
	    (long long)j->id), NULL, NULL, j->now);
}

/* Sets a password; action names it in the audit log. */
static int
set_password(struct app *app, const struct actor *who, int64_t id,
    const char *password, const char *action)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_job j;
	int rc;

	if (hash_password(password, hash) == -1)
		return STORE_ERROR;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = arena_new();
	j.id = id;
	j.hash = hash;
	j.name = action;
	j.now = app_now(app);
	rc = app_run(app, password_work, &j);
	arena_free(j.a);
	return rc;
}

/* See app.h. */
int
app_user_password(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, const char *password)
{
	(void)a;
	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	return set_password(app, who, id, password, "user.password_reset");
}

/* See app.h. */
int
app_password_change(struct app *app, const struct actor *who,
    const char *password)
{
	if (who->kind != ACTOR_STAFF)
		return APP_FORBIDDEN;
	return set_password(app, who, who->user_id, password, "user.password");
}

static int
token_add_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;

	return store_token_add(tx, j->id, j->token_hash, j->now);
}

/* See app.h. */
int
app_token_add(struct app *app, int64_t user_id, const char *token_hash)
{
	struct user_job j;

	memset(&j, 0, sizeof(j));
	j.id = user_id;
	j.token_hash = token_hash;
	j.now = app_now(app);
	return app_run(app, token_add_work, &j);
}

static int
token_revoke_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;
	int rc = store_token_revoke(tx, j->id, j->now);

	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, "token.revoke", arena_printf(j->a,
		    "token %lld", (long long)j->id), NULL, NULL, j->now);
	return rc;
}

/* See app.h. */
int
app_token_revoke(struct app *app, const struct actor *who, struct arena *a,
    int64_t id)
{
	struct user_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = id;
	j.now = app_now(app);
	return app_run(app, token_revoke_work, &j);
}

static int
failed_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;

	return store_login_failure_add(tx, j->name, j->token_hash, j->now,
	    j->expires);
}

/* See app.h. */
int
app_login_failed(struct app *app, const char *user_key, const char *addr_key,
    int64_t keep_since)
{
	struct user_job j;

	memset(&j, 0, sizeof(j));
	j.name = user_key;
	j.token_hash = addr_key;
	j.now = app_now(app);
	j.expires = keep_since;
	return app_run(app, failed_work, &j);
}

static int
sign_in_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;

	return store_auth_add(tx, j->id, j->token_hash, j->csrf, j->now,
	    j->expires);
}

/* See app.h. */
int
app_sign_in(struct app *app, int64_t user_id, const char *token_hash,
    const char *csrf, int64_t expires)
{
	struct user_job j;

	memset(&j, 0, sizeof(j));
	j.id = user_id;
	j.token_hash = token_hash;
	j.csrf = csrf;
	j.now = app_now(app);
	j.expires = expires;
	return app_run(app, sign_in_work, &j);
}

static int
sign_out_work(struct store_tx *tx, void *arg)
{
	struct user_job *j = arg;

	return store_auth_delete(tx, j->token_hash);
}

/* See app.h. */
int
app_sign_out(struct app *app, const char *token_hash)
{
	struct user_job j;

	memset(&j, 0, sizeof(j));
	j.token_hash = token_hash;
	return app_run(app, sign_out_work, &j);
}
