/* store_reg.c: registrations, the waiting list and cancellations, in transactions. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

#define SECRET_LEN 24

static void
read_reg(struct store *s, struct store_q *q, struct arena *a,
    struct store_registration *r)
{
	const struct store_backend *be = s->be;
	const char *st = be->col_text(q, 3);

	memset(r, 0, sizeof(*r));
	r->id = be->col_int(q, 0);
	r->session_id = be->col_int(q, 1);
	r->secret = store_col_dup(s, q, 2, a);
	r->status = st ? core_status_parse(st) : STATUS_CANCELLED;
	if (r->status < 0)
		r->status = STATUS_CANCELLED;
	r->name = store_col_dup(s, q, 4, a);
	r->email = store_col_dup(s, q, 5, a);
	r->sector = store_col_dup(s, q, 6, a);
	r->organization = store_col_dup(s, q, 7, a);
	r->county = store_col_dup(s, q, 8, a);
	r->license = store_col_dup(s, q, 9, a);
	r->created_at = be->col_int(q, 10);
}

/* Waiting-list place of r (1 is next), or 0 when r is not waitlisted. */
static int
position(struct store *s, struct store_registration *r)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	r->position = 0;
	if (r->status != STATUS_WAITLISTED)
		return 0;
	if ((q = be->query(s->conn, STMT_REG_POSITION)) == NULL)
		return -1;
	be->bind_int(q, 1, r->session_id);
	be->bind_int(q, 2, r->id);
	if ((rc = be->step(q)) == STEP_ROW)
		r->position = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? 0 : -1;
}

static int
counts(struct store *s, int64_t session_id, int64_t *confirmed,
    int64_t *waitlisted)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, STMT_REG_COUNTS)) == NULL)
		return -1;
	be->bind_int(q, 1, session_id);
	if ((rc = be->step(q)) == STEP_ROW) {
		*confirmed = be->col_int(q, 0);
		*waitlisted = be->col_int(q, 1);
	}
	be->done(q);
	return rc == STEP_ROW ? 0 : -1;
}

/* Moves the first waitlisted people up to fill free places. */
static int
promote(struct store *s, int64_t session_id, int64_t capacity, int64_t now,
    int64_t *promoted)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t confirmed, waitlisted, n, ids[64];
	size_t i, nids = 0;
	enum step rc;

	*promoted = 0;
	if (counts(s, session_id, &confirmed, &waitlisted) == -1)
		return -1;
	if ((n = core_promotions(capacity, confirmed, waitlisted)) == 0)
		return 0;
	if (n > (int64_t)ARRAY_LEN(ids))
		n = (int64_t)ARRAY_LEN(ids);
	if ((q = be->query(s->conn, STMT_REG_WAITLIST_FIRST)) == NULL)
		return -1;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, n);
	while ((rc = be->step(q)) == STEP_ROW && nids < ARRAY_LEN(ids))
		ids[nids++] = be->col_int(q, 0);
	be->done(q);
	if (rc != STEP_DONE && rc != STEP_ROW)
		return -1;
	for (i = 0; i < nids; i++) {
		if ((q = be->query(s->conn, STMT_REG_PROMOTE)) == NULL)
			return -1;
		be->bind_int(q, 1, ids[i]);
		be->bind_int(q, 2, now);
		rc = be->step(q);
		be->done(q);
		if (rc != STEP_DONE)
			return -1;
	}
	*promoted = (int64_t)nids;
	return 0;
}

/* The ticket with this secret, with its waiting-list position. */
int
store_ticket_get(struct store *s, struct arena *a, const char *secret,
    struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, STMT_REG_BY_SECRET)) == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, secret);
	if ((rc = be->step(q)) == STEP_ROW)
		read_reg(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	if (rc != STEP_ROW || position(s, out) == -1)
		return STORE_ERROR;
	return STORE_OK;
}

/* Registers in one write transaction; see store.h. */
int
store_register(struct store *s, struct arena *a, int64_t session_id,
    const struct store_reg_input *in, int64_t now,
    struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_session ss;
	struct store_q *q;
	char secret[SECRET_LEN + 1], *email_norm = NULL;
	int64_t confirmed, waitlisted;
	enum reg_status status;
	enum step rc;
	int ret = STORE_ERROR;

	if (in->email != NULL && *in->email != '\0') {
		email_norm = arena_strdup(a, in->email);
		str_lower(email_norm);
	}
	if (be->begin_write(s->conn) == -1)
		return STORE_ERROR;

	/* Read inside the transaction so counts cannot change under us. */
	if ((ret = store_session_get(s, a, session_id, &ss)) != STORE_OK)
		goto out;
	ret = STORE_ERROR;
	if (core_reg_state(now, ss.reg_opens_at, ss.reg_closes_at,
	    ss.starts_at, ss.cancelled || ss.event_cancelled) != REG_OPEN) {
		ret = STORE_CLOSED;
		goto out;
	}
	if (email_norm != NULL) {
		if ((q = be->query(s->conn, STMT_REG_BY_EMAIL)) == NULL)
			goto out;
		be->bind_int(q, 1, session_id);
		be->bind_text(q, 2, email_norm);
		if ((rc = be->step(q)) == STEP_ROW)
			read_reg(s, q, a, out);
		be->done(q);
		if (rc == STEP_ROW) {
			if (position(s, out) == -1)
				goto out;
			ret = STORE_EXISTS;
			goto out;
		}
		if (rc != STEP_DONE)
			goto out;
	}
	if (counts(s, session_id, &confirmed, &waitlisted) == -1)
		goto out;
	status = core_reg_decide(ss.capacity, confirmed);
	token_random(secret, SECRET_LEN);

	if ((q = be->query(s->conn, STMT_REG_INSERT)) == NULL)
		goto out;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, secret);
	be->bind_text(q, 3, core_status_keys[status]);
	be->bind_text(q, 4, in->name);
	be->bind_text(q, 5, in->email);
	be->bind_text(q, 6, email_norm);
	be->bind_text(q, 7, in->sector);
	be->bind_text(q, 8, in->organization);
	be->bind_text(q, 9, in->county);
	be->bind_text(q, 10, in->license);
	be->bind_int(q, 11, now);
	if ((rc = be->step(q)) == STEP_ROW)
		out->id = be->col_int(q, 0);
	be->done(q);
	if (rc != STEP_ROW)
		goto out;
	out->session_id = session_id;
	out->secret = arena_strdup(a, secret);
	out->status = (int)status;
	out->name = in->name ? arena_strdup(a, in->name) : NULL;
	out->email = in->email ? arena_strdup(a, in->email) : NULL;
	out->sector = in->sector ? arena_strdup(a, in->sector) : NULL;
	out->organization = in->organization ?
	    arena_strdup(a, in->organization) : NULL;
	out->county = in->county ? arena_strdup(a, in->county) : NULL;
	out->license = in->license ? arena_strdup(a, in->license) : NULL;
	out->created_at = now;
	if (position(s, out) == -1)
		goto out;
	ret = STORE_OK;
out:
	if (ret == STORE_OK || ret == STORE_EXISTS) {
		if (be->commit(s->conn) == -1)
			ret = STORE_ERROR;
	} else
		be->rollback(s->conn);
	return ret;
}

/* Cancels the ticket and promotes from the waiting list, atomically. */
int
store_ticket_cancel(struct store *s, const char *secret, int64_t now,
    int64_t *promoted)
{
	const struct store_backend *be = s->be;
	struct store_registration r;
	struct store_session ss;
	struct store_q *q;
	struct arena *a = arena_new();
	enum step rc;
	int ret = STORE_ERROR;

	*promoted = 0;
	if (be->begin_write(s->conn) == -1) {
		arena_free(a);
		return STORE_ERROR;
	}
	if ((ret = store_ticket_get(s, a, secret, &r)) != STORE_OK)
		goto out;
	ret = STORE_ERROR;
	if (r.status == STATUS_CANCELLED) {
		ret = STORE_EXISTS;	/* already cancelled: nothing to do */
		goto out;
	}
	if (store_session_get(s, a, r.session_id, &ss) != STORE_OK)
		goto out;
	if ((q = be->query(s->conn, STMT_REG_CANCEL)) == NULL)
		goto out;
	be->bind_int(q, 1, r.id);
	be->bind_int(q, 2, now);
	rc = be->step(q);
	be->done(q);
	if (rc != STEP_DONE)
		goto out;
	if (promote(s, r.session_id, ss.capacity, now, promoted) == -1)
		goto out;
	ret = STORE_OK;
out:
	if (ret == STORE_OK || ret == STORE_EXISTS) {
		if (be->commit(s->conn) == -1)
			ret = STORE_ERROR;
	} else
		be->rollback(s->conn);
	arena_free(a);
	return ret;
}
