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
	r->source = store_col_dup(s, q, 11, a);
	r->checked_in_at = be->col_int(q, 12);
	r->checked_out_at = be->col_int(q, 13);
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

/* Moves up to 64 of the first waitlisted people up; *moved says how many. */
static int
promote_batch(struct store *s, struct arena *a, const struct store_session *ss,
    int64_t now, int64_t *moved)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t confirmed, waitlisted, n, ids[64];
	char *emails[64], *secrets[64];
	size_t i, nids = 0;
	enum step rc;

	*moved = 0;
	if (counts(s, ss->id, &confirmed, &waitlisted) == -1)
		return -1;
	if ((n = core_promotions(ss->capacity, confirmed, waitlisted)) == 0)
		return 0;
	if (n > (int64_t)ARRAY_LEN(ids))
		n = (int64_t)ARRAY_LEN(ids);
	if ((q = be->query(s->conn, STMT_REG_WAITLIST_FIRST)) == NULL)
		return -1;
	be->bind_int(q, 1, ss->id);
	be->bind_int(q, 2, n);
	while ((rc = be->step(q)) == STEP_ROW && nids < ARRAY_LEN(ids)) {
		ids[nids] = be->col_int(q, 0);
		emails[nids] = store_col_dup(s, q, 1, a);
		secrets[nids] = store_col_dup(s, q, 2, a);
		nids++;
	}
	be->done(q);
	if (rc != STEP_DONE && rc != STEP_ROW)
		return -1;
	for (i = 0; i < nids; i++) {
		if ((q = be->query(s->conn, STMT_REG_PROMOTE)) == NULL)
			return -1;
		be->bind_int(q, 1, ids[i]);
		be->bind_int(q, 2, now);
		if (store_run(s, q, NULL) != STORE_OK)
			return -1;
		if (emails[i] != NULL && store_outbox_add(s, emails[i],
		    arena_printf(a, "You have a place: %s", ss->title),
		    arena_printf(a, "A place opened in \"%s\" (%s) and it is "
		    "yours: you are confirmed. Your ticket: {site}/tickets/%s\n",
		    ss->title, ss->event_title, secrets[i]), now) != STORE_OK)
			return -1;
	}
	*moved = (int64_t)nids;
	return 0;
}

/*
 * Moves the first waitlisted people up to fill free places, and queues a
 * message to each one who left an address.
 */
static int
promote(struct store *s, struct arena *a, const struct store_session *ss,
    int64_t now, int64_t *promoted)
{
	int64_t moved;

	*promoted = 0;
	do {
		if (promote_batch(s, a, ss, now, &moved) == -1)
			return -1;
		*promoted += moved;
	} while (moved > 0);
	return 0;
}

/* One registration by secret (not NULL) or id, with its position. */
static int
one_reg(struct store *s, struct arena *a, const char *secret, int64_t id,
    struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, secret ? STMT_REG_BY_SECRET :
	    STMT_REG_GET)) == NULL)
		return STORE_ERROR;
	if (secret)
		be->bind_text(q, 1, secret);
	else
		be->bind_int(q, 1, id);
	if ((rc = be->step(q)) == STEP_ROW)
		read_reg(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	if (rc != STEP_ROW || position(s, out) == -1)
		return STORE_ERROR;
	return STORE_OK;
}

/* The ticket with this secret, with its waiting-list position. */
int
store_ticket_get(struct store *s, struct arena *a, const char *secret,
    struct store_registration *out)
{
	return one_reg(s, a, secret, 0, out);
}

/* One registration by id, with its position. */
int
store_registration_get(struct store *s, struct arena *a, int64_t id,
    struct store_registration *out)
{
	return one_reg(s, a, NULL, id, out);
}

/* See store.h; the caller holds a write transaction. */
int
store_register_in(struct store *s, struct arena *a, int64_t session_id,
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
	int ret;

	if (in->email != NULL && *in->email != '\0') {
		email_norm = arena_strdup(a, in->email);
		str_lower(email_norm);
	}
	/* Read inside the transaction so counts cannot change under us. */
	if ((ret = store_session_get(s, a, session_id, &ss)) != STORE_OK)
		return ret;
	if (in->staff ? ss.cancelled || ss.event_cancelled :
	    core_reg_state(now, ss.reg_opens_at, ss.reg_closes_at,
	    ss.starts_at, ss.cancelled || ss.event_cancelled) != REG_OPEN)
		return STORE_CLOSED;
	if (email_norm != NULL) {
		if ((q = be->query(s->conn, STMT_REG_BY_EMAIL)) == NULL)
			return STORE_ERROR;
		be->bind_int(q, 1, session_id);
		be->bind_text(q, 2, email_norm);
		if ((rc = be->step(q)) == STEP_ROW)
			read_reg(s, q, a, out);
		be->done(q);
		if (rc == STEP_ROW)
			return position(s, out) == -1 ? STORE_ERROR :
			    STORE_EXISTS;
		if (rc != STEP_DONE)
			return STORE_ERROR;
	}
	if (counts(s, session_id, &confirmed, &waitlisted) == -1)
		return STORE_ERROR;
	status = core_reg_decide(ss.capacity, confirmed);
	token_random(secret, SECRET_LEN);

	if ((q = be->query(s->conn, STMT_REG_INSERT)) == NULL)
		return STORE_ERROR;
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
	be->bind_text(q, 12, in->source ? in->source : "web");
	memset(out, 0, sizeof(*out));
	if ((ret = store_run(s, q, &out->id)) != STORE_OK)
		return ret;
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
	out->source = arena_strdup(a, in->source ? in->source : "web");
	out->created_at = now;
	if (position(s, out) == -1)
		return STORE_ERROR;
	/* The confirmation, with the calendar file, waits in the outbox. */
	if (in->email != NULL && *in->email != '\0' &&
	    store_outbox_add_ics(s, in->email, arena_printf(a, "%s: %s",
	    status == STATUS_CONFIRMED ? "Registered" : "Waiting list",
	    ss.title), status == STATUS_CONFIRMED ?
	    arena_printf(a, "You are registered for \"%s\" (%s), %s, %s.\n\n"
	    "Your ticket: {site}/tickets/%s\nShow its QR code at the door. "
	    "Anyone with the link can see and cancel your registration.\n",
	    ss.title, ss.event_title, ss.venue, ss.city, secret) :
	    arena_printf(a, "\"%s\" (%s) is full; you are number %lld on the "
	    "waiting list and move up automatically when someone cancels; we "
	    "will tell you.\n\nYour ticket: {site}/tickets/%s\n", ss.title,
	    ss.event_title, (long long)out->position, secret), ss.id, now) !=
	    STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* Ends a transaction: commit on OK or EXISTS, else roll back. */
static int
finish(struct store *s, int ret)
{
	if (ret == STORE_OK || ret == STORE_EXISTS) {
		if (s->be->commit(s->conn) == -1)
			return STORE_ERROR;
		return ret;
	}
	s->be->rollback(s->conn);
	return ret;
}

/* Registers in one write transaction; see store.h. */
int
store_register(struct store *s, struct arena *a, int64_t session_id,
    const struct store_reg_input *in, int64_t now,
    struct store_registration *out)
{
	if (s->be->begin_write(s->conn) == -1)
		return STORE_ERROR;
	return finish(s, store_register_in(s, a, session_id, in, now, out));
}

/* Cancels r and fills its session from the waiting list; caller's transaction. */
static int
cancel(struct store *s, struct arena *a, const struct store_registration *r,
    int64_t now, int64_t *promoted)
{
	const struct store_backend *be = s->be;
	struct store_session ss;
	struct store_q *q;

	*promoted = 0;
	if (r->status == STATUS_CANCELLED)
		return STORE_EXISTS;	/* already cancelled: nothing to do */
	if (store_session_get(s, a, r->session_id, &ss) != STORE_OK)
		return STORE_ERROR;
	if ((q = be->query(s->conn, STMT_REG_CANCEL)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, r->id);
	be->bind_int(q, 2, now);
	if (store_run(s, q, NULL) != STORE_OK)
		return STORE_ERROR;
	return promote(s, a, &ss, now, promoted) == -1 ? STORE_ERROR : STORE_OK;
}

/* Cancels the ticket and promotes from the waiting list, atomically. */
int
store_ticket_cancel(struct store *s, const char *secret, int64_t now,
    int64_t *promoted)
{
	struct store_registration r;
	struct arena *a = arena_new();
	int ret;

	*promoted = 0;
	if (s->be->begin_write(s->conn) == -1) {
		arena_free(a);
		return STORE_ERROR;
	}
	if ((ret = store_ticket_get(s, a, secret, &r)) == STORE_OK)
		ret = cancel(s, a, &r, now, promoted);
	ret = finish(s, ret);
	arena_free(a);
	return ret;
}

/* See store.h; the caller holds a write transaction. */
int
store_registration_cancel(struct store *s, int64_t id, int64_t now,
    int64_t *promoted)
{
	struct store_registration r;
	struct arena *a = arena_new();
	int ret;

	*promoted = 0;
	if ((ret = store_registration_get(s, a, id, &r)) == STORE_OK)
		ret = cancel(s, a, &r, now, promoted);
	arena_free(a);
	return ret;
}

/* See store.h; the caller holds a write transaction. */
int
store_registration_promote(struct store *s, int64_t id, int64_t now)
{
	const struct store_backend *be = s->be;
	struct store_registration r;
	struct arena *a = arena_new();
	struct store_q *q;
	int ret;

	if ((ret = store_registration_get(s, a, id, &r)) != STORE_OK)
		goto out;
	if (r.status != STATUS_WAITLISTED) {
		ret = STORE_CONFLICT;
		goto out;
	}
	if ((q = be->query(s->conn, STMT_REG_CONFIRM)) == NULL) {
		ret = STORE_ERROR;
		goto out;
	}
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, now);
	ret = store_run(s, q, NULL);
out:
	arena_free(a);
	return ret;
}

/* See store.h; the caller holds a write transaction. */
int
store_registration_move(struct store *s, struct arena *a, int64_t id,
    int64_t to_session, int64_t now, struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_session from, to;
	struct store_q *q;
	int64_t confirmed, waitlisted, promoted;
	enum reg_status status;
	int ret;

	if ((ret = store_registration_get(s, a, id, out)) != STORE_OK)
		return ret;
	if (out->status == STATUS_CANCELLED || out->session_id == to_session)
		return STORE_CONFLICT;
	if ((ret = store_session_get(s, a, to_session, &to)) != STORE_OK)
		return ret;
	if (to.cancelled || to.event_cancelled || now >= to.ends_at)
		return STORE_CLOSED;
	if (store_session_get(s, a, out->session_id, &from) != STORE_OK ||
	    counts(s, to_session, &confirmed, &waitlisted) == -1)
		return STORE_ERROR;
	/* A move keeps what was given: only to the same audience, and a
	 * professional only where their sector is admitted. */
	if (to.audience != from.audience ||
	    (to.audience == AUDIENCE_PROFESSIONAL && to.sectors != 0 &&
	    (out->sector == NULL || core_sector_parse(out->sector) < 0 ||
	    !(to.sectors & (1u << core_sector_parse(out->sector))))))
		return STORE_CONFLICT;
	status = core_reg_decide(to.capacity, confirmed);
	if ((q = be->query(s->conn, STMT_REG_MOVE)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, to_session);
	be->bind_text(q, 3, core_status_keys[status]);
	be->bind_int(q, 4, now);
	if ((ret = store_run(s, q, NULL)) != STORE_OK)
		return ret;	/* e.g. the same email already in that session */
	if (promote(s, a, &from, now, &promoted) == -1)
		return STORE_ERROR;
	return store_registration_get(s, a, id, out);
}

/* See store.h; the caller holds a write transaction. */
int
store_session_fill(struct store *s, struct arena *a, int64_t session_id,
    int64_t now, int64_t *promoted)
{
	struct store_session ss;
	int rc;

	*promoted = 0;
	if ((rc = store_session_get(s, a, session_id, &ss)) != STORE_OK)
		return rc;
	return promote(s, a, &ss, now, promoted) == -1 ? STORE_ERROR : STORE_OK;
}

/* The roster of a session; see store.h. */
int
store_roster(struct store *s, struct arena *a, int64_t session_id,
    const char *status, const char *sector, const char *search,
    struct store_registration **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_ROSTER);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, status);
	be->bind_text(q, 3, sector);
	if (search != NULL && *search != '\0') {
		/* A LIKE pattern that takes % and _ literally. */
		size_t i, j = 0, len = strlen(search);
		char *pat = arena_alloc(a, len * 2 + 3);

		pat[j++] = '%';
		for (i = 0; i < len; i++) {
			if (search[i] == '%' || search[i] == '_' ||
			    search[i] == '\\')
				pat[j++] = '\\';
			pat[j++] = search[i];
		}
		pat[j++] = '%';
		pat[j] = '\0';
		be->bind_text(q, 4, pat);
	} else
		be->bind_text(q, 4, NULL);
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_registration *r;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		r = &(*out)[(*n)++];
		read_reg(s, q, a, r);
		r->position = be->col_int(q, 14);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}
