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
		c->license = store_col_dup(s, q, 15, a);
		c->delivery = store_col_dup(s, q, 16, a);
		c->times = store_col_dup(s, q, 17, a);
		c->approvals = store_col_dup(s, q, 18, a);
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

/* Records the facts a certificate carries beyond its first columns. */
static int
cert_facts(struct store_tx *tx, const struct store_certificate *c)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CERT_ID_BY_CODE);
	int64_t id = 0;
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, c->code);
	if ((rc = be->step(q)) == STEP_ROW)
		id = be->col_int(q, 0);
	be->done(q);
	if (rc != STEP_ROW)
		return STORE_ERROR;
	if ((q = be->query(s->conn, STMT_CERT_FACTS_SET)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, c->license);
	be->bind_text(q, 3, c->delivery);
	be->bind_text(q, 4, c->times);
	be->bind_text(q, 5, c->approvals);
	return store_run(tx, q, NULL);
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
	if (n <= 0)
		return n < 0 ? (int)n : STORE_CONFLICT;
	return cert_facts(tx, c);
}

/* See store.h. */
int
store_approvals(struct store *s, struct arena *a, int64_t session_id,
    int only_chosen, struct store_approval **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_APPROVALS_LIST);
	struct store_approval *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, only_chosen ? 1 : 0);
	while ((rc = be->step(q)) == STEP_ROW) {
		if (*n == cap) {
			struct store_approval *w;

			cap = cap ? 2 * cap : 8;
			w = arena_alloc(a, cap * sizeof(*w));
			if (*n)
				memcpy(w, v, *n * sizeof(*w));
			v = w;
		}
		v[*n].id = be->col_int(q, 0);
		v[*n].board = store_col_dup(s, q, 1, a);
		v[*n].statement = store_col_dup(s, q, 2, a);
		v[*n].course_number = store_col_dup(s, q, 3, a);
		if (v[*n].course_number == NULL)
			v[*n].course_number = "";
		v[*n].chosen = (int)be->col_int(q, 4);
		(*n)++;
	}
	be->done(q);
	*out = v;
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_approval_save(struct store_tx *tx, int64_t id, const char *board,
    const char *statement, int64_t *out)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, id ? STMT_APPROVAL_UPDATE :
	    STMT_APPROVAL_INSERT);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	if (id) {
		be->bind_int(q, 1, id);
		be->bind_text(q, 2, board);
		be->bind_text(q, 3, statement);
		n = store_exec(tx, q, NULL);
		if (out)
			*out = id;
		return n < 0 ? (int)n : n == 0 ? STORE_NOTFOUND : STORE_OK;
	}
	be->bind_text(q, 1, board);
	be->bind_text(q, 2, statement);
	return store_run(tx, q, out);
}

/* See store.h. */
int
store_session_approvals_set(struct store_tx *tx, int64_t session_id,
    const int64_t *ids, const char *const *numbers, size_t n)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SESSION_APPROVALS_CLEAR);
	size_t i;
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((q = be->query(s->conn, STMT_SESSION_APPROVAL_INSERT)) ==
		    NULL)
			return STORE_ERROR;
		be->bind_int(q, 1, session_id);
		be->bind_int(q, 2, ids[i]);
		be->bind_text(q, 3, numbers[i] ? numbers[i] : "");
		if ((rc = store_run(tx, q, NULL)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
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
