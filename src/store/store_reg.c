/* store_reg.c: registrations and the seat counter: reads and the single steps of a write. */
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
	r->secret = store_col_ticket(s, q, 2, a);
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
	r->over_capacity = (int)be->col_int(q, 14);
	r->lang = store_col_dup(s, q, 15, a);
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

/* One registration by secret (not NULL) or id, with its position. */
static int
one_reg(struct store *s, struct arena *a, const char *secret, int64_t id,
    struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	char hash[TOKEN_HASH_HEX];
	enum step rc;

	if ((q = be->query(s->conn, secret ? STMT_REG_BY_SECRET :
	    STMT_REG_GET)) == NULL)
		return STORE_ERROR;
	/* Only the code's hash is stored, as for sign-in tokens. */
	if (secret) {
		token_hash(secret, hash);
		be->bind_text(q, 1, hash);
	}
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

/* See store.h. */
int
store_reg_by_email(struct store *s, struct arena *a, int64_t session_id,
    const char *email_norm, struct store_registration *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, STMT_REG_BY_EMAIL)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, email_norm);
	if ((rc = be->step(q)) == STEP_ROW)
		read_reg(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	if (rc != STEP_ROW || position(s, out) == -1)
		return STORE_ERROR;
	return STORE_OK;
}

/* An UPDATE of one registration (id, now): rows it changed, or an error. */
static int
one(struct store_tx *tx, enum stmt st, int64_t id, int64_t now)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, st);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, now);
	n = store_exec(tx, q, NULL);
	return (int)n;
}

/* See store.h. */
int
store_seat_take(struct store_tx *tx, int64_t session_id, int force)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_SEAT_TAKE);
	int64_t n, v = 0;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, force ? 1 : 0);
	/* Its first row says 1 when the seat is ours (no row: full). */
	n = store_exec(tx, q, &v);
	return n < 0 ? STORE_ERROR : v == 1;
}

/* Holds row id with st (a SELECT ... FOR UPDATE) until tx ends. */
static int
lock_row(struct store_tx *tx, enum stmt st, int64_t id)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, st);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	rc = be->step(q);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_session_lock(struct store_tx *tx, int64_t session_id)
{
	return lock_row(tx, STMT_SESSION_LOCK, session_id);
}

/* See store.h. */
int
store_reg_lock(struct store_tx *tx, int64_t id)
{
	return lock_row(tx, STMT_REG_LOCK, id);
}

/* See store.h. */
int
store_seat_free(struct store_tx *tx, int64_t session_id)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_SEAT_FREE);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	return store_run(tx, q, NULL);
}

/* An address as registrations compare it (lower case); NULL for none. */
static char *
email_norm(struct arena *a, const char *email)
{
	char *norm;

	if (email == NULL || *email == '\0')
		return NULL;
	norm = arena_strdup(a, email);
	str_lower(norm);
	return norm;
}

/*
 * st (STMT_REG_INSERT or STMT_REG_INSERT_NEW) with a registration's
 * values bound, and secret (SECRET_LEN + 1) its new ticket code; NULL on
 * failure.
 */
static struct store_q *
reg_bind(struct store_tx *tx, enum stmt st, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int status,
    int64_t now, char *secret)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	char hash[TOKEN_HASH_HEX];
	char *box;

	token_random(secret, SECRET_LEN);
	token_hash(secret, hash);
	/* Sealed, so the server can send the link again; no key, no ticket. */
	if ((box = store_ticket_seal(s, a, secret)) == NULL) {
		log_warn("no ticket key: cannot store a registration");
		return NULL;
	}
	if ((q = store_txq(tx, st)) == NULL)
		return NULL;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, hash);
	be->bind_text(q, 13, box);
	be->bind_text(q, 3, core_status_keys[status]);
	be->bind_text(q, 4, in->name);
	be->bind_text(q, 5, in->email);
	be->bind_text(q, 6, email_norm(a, in->email));
	be->bind_text(q, 7, in->sector);
	be->bind_text(q, 8, in->organization);
	be->bind_text(q, 9, in->county);
	be->bind_text(q, 10, in->license);
	be->bind_int(q, 11, now);
	be->bind_text(q, 12, in->source ? in->source : "web");
	be->bind_text(q, 14, in->lang ? in->lang : "en");
	return q;
}

/* STMT_REG_INSERT_NEW's one row from q: rows written (0: *old set, or
 * full), or an error. */
static int64_t
reg_new_row(struct store *s, struct store_q *q, struct store_registration *out,
    int64_t *old)
{
	const struct store_backend *be = s->be;
	enum step rc;

	/* One row: the new id, and the live one's. */
	if ((rc = be->step(q)) == STEP_ROW) {
		out->id = be->col_int(q, 0);
		*old = be->col_int(q, 1);
	}
	be->done(q);
	if (rc != STEP_ROW)
		return rc == STEP_CONSTRAINT ? STORE_RETRY : STORE_ERROR;
	return out->id != 0;
}

/* out as the registration just written (id set), with its position. */
static int
reg_fill(struct store *s, struct arena *a, int64_t session_id,
    const struct store_reg_input *in, int status, int64_t now,
    const char *secret, struct store_registration *out)
{
	out->session_id = session_id;
	out->secret = arena_strdup(a, secret);
	out->status = status;
	out->name = in->name ? arena_strdup(a, in->name) : NULL;
	out->email = in->email ? arena_strdup(a, in->email) : NULL;
	out->sector = in->sector ? arena_strdup(a, in->sector) : NULL;
	out->organization = in->organization ?
	    arena_strdup(a, in->organization) : NULL;
	out->county = in->county ? arena_strdup(a, in->county) : NULL;
	out->license = in->license ? arena_strdup(a, in->license) : NULL;
	out->source = arena_strdup(a, in->source ? in->source : "web");
	out->lang = arena_strdup(a, in->lang ? in->lang : "en");
	out->created_at = now;
	return position(s, out) == -1 ? STORE_ERROR : STORE_OK;
}

/*
 * Inserts with st (STMT_REG_INSERT, or STMT_REG_INSERT_NEW, which writes
 * nothing when *old comes back set or the session is full): rows written,
 * or an error.
 */
static int64_t
reg_insert(struct store_tx *tx, enum stmt st, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int status,
    int64_t now, struct store_registration *out, int64_t *old)
{
	struct store *s = tx->s;
	struct store_q *q;
	char secret[SECRET_LEN + 1];
	int64_t n;

	memset(out, 0, sizeof(*out));
	if ((q = reg_bind(tx, st, a, session_id, in, status, now, secret)) ==
	    NULL)
		return STORE_ERROR;
	if (st != STMT_REG_INSERT_NEW)
		n = store_exec(tx, q, &out->id);
	else
		n = reg_new_row(s, q, out, old);
	/*
	 * The one constraint a new registration can meet is the session's
	 * one live registration per address: another transaction (another
	 * writer or node) wrote this address after this one looked, and the
	 * index waited for its commit. Run again, the job finds it.
	 */
	if (n == STORE_CONFLICT)
		n = STORE_RETRY;
	if (n <= 0)
		return n;
	return reg_fill(s, a, session_id, in, status, now, secret, out) ==
	    STORE_OK ? n : STORE_ERROR;
}

/* See store.h. */
int
store_reg_insert(struct store_tx *tx, struct arena *a, int64_t session_id,
    const struct store_reg_input *in, int status, int64_t now,
    struct store_registration *out)
{
	int64_t n = reg_insert(tx, STMT_REG_INSERT, a, session_id, in, status,
	    now, out, NULL);

	return n < 0 ? (int)n : STORE_OK;
}

/* The id of the session's live registration with this address, or 0. */
static int
reg_live(struct store_tx *tx, struct arena *a, int64_t session_id,
    const char *email, int64_t *old)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q;
	char *norm = email_norm(a, email);
	enum step rc;

	*old = 0;
	if (norm == NULL)
		return STORE_OK;
	if ((q = store_txq(tx, STMT_REG_LIVE)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, norm);
	if ((rc = be->step(q)) == STEP_ROW)
		*old = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW || rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_reg_insert_new(struct store_tx *tx, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int64_t now,
    struct store_registration *out, int *took, int64_t *old)
{
	int64_t n;
	int rc;

	*took = 0;
	*old = 0;
	/* In this process three statements cost no round trip (and SQLite
	 * has no UPDATE in a WITH clause). */
	if (tx->s->be->local) {
		memset(out, 0, sizeof(*out));
		if ((rc = reg_live(tx, a, session_id, in->email, old)) !=
		    STORE_OK || *old != 0)
			return rc;
		if ((n = store_seat_take(tx, session_id, 0)) <= 0)
			return n < 0 ? (int)n : STORE_OK;
		*took = 1;
		return store_reg_insert(tx, a, session_id, in,
		    STATUS_CONFIRMED, now, out);
	}
	n = reg_insert(tx, STMT_REG_INSERT_NEW, a, session_id, in,
	    STATUS_CONFIRMED, now, out, old);
	if (n < 0)
		return (int)n;
	*took = n > 0;
	return STORE_OK;
}

/* A registration sent ahead: what _recv needs to answer. */
struct store_reg_pending {
	struct store_q			*q;
	struct arena			*a;
	int64_t				 session_id, now;
	const struct store_reg_input	*in;
	char				 secret[SECRET_LEN + 1];
};

/* See store.h. */
int
store_reg_insert_new_send(struct store_tx *tx, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int64_t now,
    struct store_reg_pending **pp)
{
	const struct store_backend *be = tx->s->be;
	struct store_reg_pending *p;
	struct store_q *q;

	*pp = NULL;
	if (be->pend == NULL)
		return STORE_ERROR;
	p = arena_alloc(a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->session_id = session_id;
	p->now = now;
	p->in = in;
	if ((q = reg_bind(tx, STMT_REG_INSERT_NEW, a, session_id, in,
	    STATUS_CONFIRMED, now, p->secret)) == NULL ||
	    (p->q = be->pend(q)) == NULL)
		return STORE_ERROR;
	*pp = p;
	return STORE_OK;
}

/* See store.h. */
int
store_reg_insert_new_recv(struct store_tx *tx, struct store_reg_pending *p,
    struct store_registration *out, int *took, int64_t *old)
{
	int64_t n;

	*took = 0;
	*old = 0;
	memset(out, 0, sizeof(*out));
	if ((n = reg_new_row(tx->s, p->q, out, old)) < 0)
		return (int)n;
	if (n == 0)
		return STORE_OK;
	*took = 1;
	return reg_fill(tx->s, p->a, p->session_id, p->in, STATUS_CONFIRMED,
	    p->now, p->secret, out);
}

/* See store.h. */
int
store_reg_cancel(struct store_tx *tx, int64_t id, int64_t now)
{
	return one(tx, STMT_REG_CANCEL, id, now);
}

/* See store.h. */
int
store_reg_confirm(struct store_tx *tx, int64_t id, int64_t now)
{
	return one(tx, STMT_REG_CONFIRM, id, now);
}

/* See store.h. */
int
store_confirmed_unmarked(struct store *s, int64_t session_id, int64_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CONFIRMED_UNMARKED);
	enum step rc;

	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	if ((rc = be->step(q)) == STEP_ROW)
		*n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_reg_over_capacity(struct store_tx *tx, int64_t id)
{
	struct store_q *q = store_txq(tx, STMT_REG_OVER_CAPACITY);

	if (q == NULL)
		return STORE_ERROR;
	tx->s->be->bind_int(q, 1, id);
	return store_exec(tx, q, NULL) == 1 ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_reg_resend(struct store_tx *tx, int64_t id, int64_t now,
    int64_t since)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_REG_RESEND);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, now);
	be->bind_int(q, 3, since);
	return (int)store_exec(tx, q, NULL);
}

/* See store.h. */
int
store_reg_move(struct store_tx *tx, int64_t id, int64_t to_session,
    int status, int64_t now)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_REG_MOVE);
	int64_t n;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, to_session);
	be->bind_text(q, 3, core_status_keys[status]);
	be->bind_int(q, 4, now);
	n = store_exec(tx, q, NULL);
	return n < 0 ? (int)n : n > 0;
}

/* See store.h. */
int
store_waitlist_first(struct store *s, int64_t session_id, int64_t *id)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_REG_WAITLIST_FIRST);
	enum step rc;

	*id = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, 1);
	if ((rc = be->step(q)) == STEP_ROW)
		*id = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW || rc == STEP_DONE ? STORE_OK : STORE_ERROR;
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
		char *folded = arena_alloc(a, len + 1);

		/* The name side is folded alike in SQL (fold, translate). */
		text_fold(search, folded);
		search = folded;
		len = strlen(search);

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
		r->position = be->col_int(q, 16);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_remind_due(struct store *s, struct arena *a, enum store_remind k,
    int64_t now, int64_t **ids, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, k == REMIND_DAY_BEFORE ?
	    STMT_REMIND_DUE : STMT_EVAL_REMIND_DUE);
	size_t cap = 500;
	int rc;

	*n = 0;
	*ids = arena_alloc(a, cap * sizeof(**ids));
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, now);
	while ((rc = be->step(q)) == STEP_ROW && *n < cap)
		(*ids)[(*n)++] = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ERROR ? STORE_ERROR : STORE_OK;
}

/* See store.h. */
int
store_reg_reminded(struct store_tx *tx, enum store_remind k, int64_t id,
    int64_t now)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, k == REMIND_DAY_BEFORE ?
	    STMT_REG_REMINDED : STMT_REG_EVAL_REMINDED);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, now);
	return (int)store_exec(tx, q, NULL);
}

/* See store.h. */
int
store_outbox_waiting(struct store *s, int64_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_OUTBOX_WAITING);
	int rc;

	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW)
		*n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}
