/* store_attend.c: check-in and check-out, closing a session, certificates. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/* Steps an UPDATE and tells whether it changed a row. */
static int
update(struct store_tx *tx, struct store_q *q, int *changed)
{
	int64_t n = store_exec(tx, q, NULL);

	if (changed)
		*changed = n > 0;
	return n < 0 ? (int)n : STORE_OK;
}

static int
stamp(struct store_tx *tx, enum stmt st, int64_t reg_id, int64_t at, int64_t now,
    int *changed)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, st);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, reg_id);
	be->bind_int(q, 2, at);
	be->bind_int(q, 3, now);
	return update(tx, q, changed);
}

/* See store.h. */
int
store_check_in(struct store_tx *tx, int64_t reg_id, int64_t at, int64_t now,
    int *changed)
{
	return stamp(tx, STMT_CHECK_IN, reg_id, at, now, changed);
}

/* See store.h. */
int
store_check_out(struct store_tx *tx, int64_t reg_id, int64_t at, int64_t now,
    int *changed)
{
	return stamp(tx, STMT_CHECK_OUT, reg_id, at, now, changed);
}

/* See store.h. */
int
store_set_times(struct store_tx *tx, int64_t reg_id, int64_t in, int64_t out,
    int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SET_TIMES);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, reg_id);
	if (in)
		be->bind_int(q, 2, in);
	else
		be->bind_text(q, 2, NULL);
	if (out)
		be->bind_int(q, 3, out);
	else
		be->bind_text(q, 3, NULL);
	be->bind_int(q, 4, now);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_attendance(struct store *s, int64_t session_id, int64_t *checked_in,
    int64_t *present)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_ATTENDANCE);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	if ((rc = be->step(q)) == STEP_ROW) {
		*checked_in = be->col_int(q, 0);
		*present = be->col_int(q, 1);
	}
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_session_close(struct store_tx *tx, int64_t session_id, int mode)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SESSION_CLOSE);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, mode);
	return store_run(tx, q, NULL);
}

static int
one_cert(struct store *s, struct arena *a, enum stmt st, const char *text,
    int64_t num, struct store_certificate *c)
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
	if ((rc = be->step(q)) == STEP_ROW) {
		memset(c, 0, sizeof(*c));
		c->id = be->col_int(q, 0);
		c->registration_id = be->col_int(q, 1);
		c->code = store_col_dup(s, q, 2, a);
		c->issued_at = be->col_int(q, 3);
		c->name = store_col_dup(s, q, 4, a);
		c->session = store_col_dup(s, q, 5, a);
		c->event = store_col_dup(s, q, 6, a);
		c->date = store_col_dup(s, q, 7, a);
		c->venue = store_col_dup(s, q, 8, a);
		c->city = store_col_dup(s, q, 9, a);
		c->instructor = store_col_dup(s, q, 10, a);
		c->hours = be->col_double(q, 11);
		c->provider = store_col_dup(s, q, 12, a);
		c->revoked_at = be->col_int(q, 13);
		c->revoked_reason = store_col_dup(s, q, 14, a);
	}
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_certificate_by_registration(struct store *s, struct arena *a,
    int64_t reg_id, struct store_certificate *out)
{
	return one_cert(s, a, STMT_CERT_BY_REG, NULL, reg_id, out);
}

/* See store.h. */
int
store_certificate_by_code(struct store *s, struct arena *a, const char *code,
    struct store_certificate *out)
{
	return one_cert(s, a, STMT_CERT_BY_CODE, code, 0, out);
}

/* See store.h. */
int
store_certificate_add(struct store_tx *tx, const struct store_certificate *c)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CERT_INSERT);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, c->registration_id);
	be->bind_text(q, 2, c->code);
	be->bind_int(q, 3, c->issued_at);
	be->bind_text(q, 4, c->name);
	be->bind_text(q, 5, c->session);
	be->bind_text(q, 6, c->event);
	be->bind_text(q, 7, c->date);
	be->bind_text(q, 8, c->venue);
	be->bind_text(q, 9, c->city);
	be->bind_text(q, 10, c->instructor);
	be->bind_double(q, 11, c->hours);
	be->bind_text(q, 12, c->provider);
	/* A taken code is no row (ON CONFLICT DO NOTHING): try another. */
	n = store_exec(tx, q, NULL);
	return n < 0 ? (int)n : n == 0 ? STORE_CONFLICT : STORE_OK;
}

/* See store.h. */
int
store_certificate_revoke(struct store_tx *tx, int64_t id, int64_t user,
    const char *reason, int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CERT_REVOKE);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, now);
	if (user)
		be->bind_int(q, 3, user);
	else
		be->bind_text(q, 3, NULL);
	be->bind_text(q, 4, reason);
	n = store_exec(tx, q, NULL);
	return n < 0 ? (int)n : n > 0;
}

/* See store.h. */
int
store_certificates_revoked(struct store *s, struct arena *a, char ***codes,
    int64_t **at, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CERTS_REVOKED);
	size_t cap = 0, cap2 = 0;
	enum step rc;

	*codes = NULL;
	*at = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		*codes = arena_grow(a, *codes, *n, &cap, sizeof(**codes));
		*at = arena_grow(a, *at, *n, &cap2, sizeof(**at));
		(*codes)[*n] = store_col_dup(s, q, 0, a);
		(*at)[(*n)++] = be->col_int(q, 1);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_certificate_last(struct store *s, int64_t *id)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CERT_INDEX);
	enum step rc;

	*id = 0;
	if (q == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW)
		*id = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}
