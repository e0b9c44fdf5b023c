/* store_auth.c: staff accounts, sign-in sessions, API tokens, failures, the audit log. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

static void
read_user(struct store *s, struct store_q *q, struct arena *a,
    struct store_user *u, int with_csrf)
{
	const struct store_backend *be = s->be;

	memset(u, 0, sizeof(*u));
	u->id = be->col_int(q, 0);
	u->name = store_col_dup(s, q, 1, a);
	u->pass_hash = store_col_dup(s, q, 2, a);
	u->roles = (unsigned)be->col_int(q, 3);
	u->org_id = be->col_int(q, 4);
	u->org = store_col_dup(s, q, 5, a);
	u->disabled = (int)be->col_int(q, 6);
	u->csrf = with_csrf ? store_col_dup(s, q, 7, a) : NULL;
}

/* One user row from statement st bound to one text or integer key. */
static int
one_user(struct store *s, struct arena *a, enum stmt st, const char *text,
    int64_t num, int64_t num2, struct store_user *u, int with_csrf)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	if (text)
		be->bind_text(q, 1, text);
	else
		be->bind_int(q, 1, num);
	if (num2)
		be->bind_int(q, 2, num2);
	if ((rc = be->step(q)) == STEP_ROW)
		read_user(s, q, a, u, with_csrf);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* The user with this id. */
int
store_user_get(struct store *s, struct arena *a, int64_t id,
    struct store_user *u)
{
	return one_user(s, a, STMT_USER_GET, NULL, id, 0, u, 0);
}

/* The user with this name. */
int
store_user_by_name(struct store *s, struct arena *a, const char *name,
    struct store_user *u)
{
	return one_user(s, a, STMT_USER_GET_NAME, name, 0, 0, u, 0);
}

/* Every user, by name. */
int
store_user_list(struct store *s, struct arena *a, struct store_user **out,
    size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_USER_LIST);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		read_user(s, q, a, &(*out)[(*n)++], 0);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* Sets roles, organisation and disabled; a disabled user is signed out. */
int
store_user_update(struct store_tx *tx, int64_t id, unsigned roles,
    int64_t org_id, int disabled)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_USER_UPDATE);
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, roles);
	if (org_id)
		be->bind_int(q, 3, org_id);
	else
		be->bind_text(q, 3, NULL);
	be->bind_int(q, 4, disabled ? 1 : 0);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK || !disabled)
		return rc;
	if ((q = be->query(s->conn, STMT_AUTH_DELETE_USER)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	return store_run(tx, q, NULL);
}

/* New password hash; every session of the user ends. */
int
store_user_password(struct store_tx *tx, int64_t id, const char *hash)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_USER_PASSWORD);
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, hash);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK)
		return rc;
	if ((q = be->query(s->conn, STMT_AUTH_DELETE_USER)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	return store_run(tx, q, NULL);
}

/* Records a sign-in session; expired ones are cleared on the way. */
int
store_auth_add(struct store_tx *tx, int64_t user_id, const char *token_hash,
    const char *csrf, int64_t now, int64_t expires)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int rc;

	if ((q = be->query(s->conn, STMT_AUTH_PURGE)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, now);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK)
		return rc;
	if ((q = be->query(s->conn, STMT_AUTH_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, token_hash);
	be->bind_int(q, 2, user_id);
	be->bind_text(q, 3, csrf);
	be->bind_int(q, 4, now);
	be->bind_int(q, 5, expires);
	return store_run(tx, q, NULL);
}

/* The live session's user (with its csrf token). */
int
store_auth_get(struct store *s, struct arena *a, const char *token_hash,
    int64_t now, struct store_user *u)
{
	return one_user(s, a, STMT_AUTH_GET, token_hash, 0, now, u, 1);
}

/* Ends a sign-in session. */
int
store_auth_delete(struct store_tx *tx, const char *token_hash)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_AUTH_DELETE);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, token_hash);
	return store_run(tx, q, NULL);
}

/* The user of a live API token. */
int
store_token_user(struct store *s, struct arena *a, const char *token_hash,
    struct store_user *u)
{
	return one_user(s, a, STMT_TOKEN_USER, token_hash, 0, 0, u, 1);
}

/* Every token, live or revoked, by user. */
int
store_token_list(struct store *s, struct arena *a, struct store_token **out,
    size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_TOKEN_LIST);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_token *t;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		t = &(*out)[(*n)++];
		t->id = be->col_int(q, 0);
		t->user_id = be->col_int(q, 1);
		t->user = store_col_dup(s, q, 2, a);
		t->created_at = be->col_int(q, 3);
		t->revoked_at = be->col_int(q, 4);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* Revokes a token (twice changes nothing); STORE_NOTFOUND for no such token. */
int
store_token_revoke(struct store_tx *tx, int64_t id, int64_t now)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_TOKEN_REVOKE);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, now);
	if ((n = store_exec(tx, q, NULL)) < 0)
		return (int)n;
	return n == 0 ? STORE_NOTFOUND : STORE_OK;
}

/* Failed sign-ins of an account and address since a time. */
int
store_login_failures(struct store *s, const char *user_key,
    const char *addr_key, int64_t since, int64_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_FAIL_COUNT);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, user_key);
	be->bind_text(q, 2, addr_key);
	be->bind_int(q, 3, since);
	if ((rc = be->step(q)) == STEP_ROW)
		*n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* Records a failed sign-in, forgetting those older than keep_before. */
int
store_login_failure_add(struct store_tx *tx, const char *user_key,
    const char *addr_key, int64_t now, int64_t keep_before)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_FAIL_EXPIRE);
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, keep_before);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK)
		return rc;
	if ((q = s->be->query(s->conn, STMT_FAIL_INSERT)) == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, user_key);
	s->be->bind_text(q, 2, addr_key);
	s->be->bind_int(q, 3, now);
	return store_run(tx, q, NULL);
}

/* Forgets an account's failed sign-ins, from every address. */
int
store_login_failures_clear(struct store_tx *tx, const char *user_key)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_FAIL_CLEAR);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, user_key);
	return store_run(tx, q, NULL);
}

/* Appends to the audit log. */
int
store_audit_add(struct store_tx *tx, int64_t user_id, const char *action,
    const char *object, const char *before, const char *after, int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_AUDIT_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, now);
	if (user_id)
		be->bind_int(q, 2, user_id);
	else
		be->bind_text(q, 2, NULL);
	be->bind_text(q, 3, action);
	be->bind_text(q, 4, object);
	be->bind_text(q, 5, before);
	be->bind_text(q, 6, after);
	return store_run(tx, q, NULL);
}

/* The newest limit entries, newest first. */
int
store_audit_list(struct store *s, struct arena *a, int64_t limit,
    struct store_audit **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_AUDIT_LIST);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, limit);
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_audit *e;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		e = &(*out)[(*n)++];
		e->id = be->col_int(q, 0);
		e->at = be->col_int(q, 1);
		e->user = store_col_dup(s, q, 2, a);
		e->action = store_col_dup(s, q, 3, a);
		e->object = store_col_dup(s, q, 4, a);
		e->before = store_col_dup(s, q, 5, a);
		e->after = store_col_dup(s, q, 6, a);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}
