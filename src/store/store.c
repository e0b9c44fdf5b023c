/* store.c: opening a store, choosing its backend, running a transaction. */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include <sodium.h>

#include "util.h"
#include "tz.h"
#include "store.h"
#include "store_priv.h"

/* See store.h. */
int
store_is_pg(const char *path)
{
	return strncmp(path, "postgres://", 11) == 0 ||
	    strncmp(path, "postgresql://", 13) == 0;
}

/* See store.h. */
int
store_lock_try(struct store *s, int64_t key)
{
	return s->be->lock_try ? s->be->lock_try(s->conn, key) : 1;
}

/* See store.h. */
void
store_unlock(struct store *s, int64_t key)
{
	if (s->be->unlock)
		s->be->unlock(s->conn, key);
}

/* See store.h. */
int
store_wait_change(struct store *s, int timeout_ms)
{
	return s->be->wait(s->conn, timeout_ms);
}

/* See store.h. */
const char *
store_backend_name(struct store *s)
{
	return s->be->name;
}

static const struct store_backend *
backend_for(const char *path)
{
	if (store_is_pg(path))
		return &store_backend_pg;
	return &store_backend_sqlite;
}

/* Opens the database at path with the backend its name selects. */
struct store *
store_open(const char *path, int flags)
{
	const struct store_backend *be;
	struct store *s;
	void *conn;

	if ((be = backend_for(path)) == NULL)
		return NULL;
	if ((conn = be->open(path, flags)) == NULL)
		return NULL;
	s = xmalloc(sizeof(*s));
	s->be = be;
	s->conn = conn;
	s->key_path = store_key_path(path);
	s->key_state = 0;
	return s;
}

/* Closes the connection. NULL is allowed. */
void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	s->be->close(s->conn);
	sodium_memzero(s->key, sizeof(s->key));
	free(s->key_path);
	free(s);
}

/* Applies pending migrations, then fills what SQL cannot compute. */
static int
months_all(struct store_tx *tx, void *arg)
{
	(void)arg;
	return store_months(tx, 0);
}

int
store_migrate(struct store *s)
{
	if (s->be->migrate(s->conn) == -1 || store_key_setup(s) == -1)
		return -1;
	return store_write(s, months_all, NULL) == STORE_OK ? 0 : -1;
}

/*
 * Sessions' local month ("2027-01") and day for reports, in their venue's
 * time zone: those without, and those of event_id (its venue may move). A
 * day is kept as the UTC midnight of the local date, so report ranges of
 * whole days compare as numbers.
 */
int
store_months(struct store_tx *tx, int64_t event_id)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct arena *a = arena_new();
	struct store_q *q;
	struct tz_local l;
	int64_t *ids = NULL, *days = NULL;
	char **months = NULL;
	size_t n = 0, cap = 0, cap2 = 0, cap3 = 0, i;
	enum step rc;
	int ret = STORE_ERROR;

	if ((q = be->query(s->conn, STMT_MONTHS_TODO)) == NULL)
		goto out;
	be->bind_int(q, 1, event_id);
	while ((rc = be->step(q)) == STEP_ROW) {
		const char *zone = be->col_text(q, 2);

		if (tz_from_utc(zone ? zone : "UTC", be->col_int(q, 1), &l) == -1)
			tz_from_utc("UTC", be->col_int(q, 1), &l);
		ids = arena_grow(a, ids, n, &cap, sizeof(*ids));
		months = arena_grow(a, months, n, &cap2, sizeof(*months));
		days = arena_grow(a, days, n, &cap3, sizeof(*days));
		ids[n] = be->col_int(q, 0);
		/* The local date as the UTC midnight of that date. */
		if (tz_to_utc("UTC", l.year, l.month, l.day, 0, 0, &days[n]) == -1)
			days[n] = 0;
		months[n++] = arena_printf(a, "%04d-%02d", l.year, l.month);
	}
	be->done(q);
	if (rc != STEP_DONE)
		goto out;
	for (i = 0; i < n; i++) {
		if ((q = be->query(s->conn, STMT_MONTH_SET)) == NULL)
			goto out;
		be->bind_int(q, 1, ids[i]);
		be->bind_text(q, 2, months[i]);
		be->bind_int(q, 3, days[i]);
		if (store_run(tx, q, NULL) != STORE_OK)
			goto out;
	}
	ret = STORE_OK;
out:
	arena_free(a);
	return ret;
}

/* Current schema version. */
int
store_schema_version(struct store *s, int *version)
{
	return s->be->version(s->conn, version);
}

/* See store.h. */
int
store_schema_latest(struct store *s)
{
	return s->be->latest();
}

/* Integrity check; 0 when sound. */
int
store_check(struct store *s)
{
	return s->be->check(s->conn);
}

/* See store.h. */
struct store *
store_tx_store(struct store_tx *tx)
{
	return tx->s;
}

/* See store.h. */
int
store_tx_sent(struct store_tx *tx)
{
	return tx->sent;
}

/* See store_priv.h. */
int
store_begin(struct store *s)
{
	s->nsignalled = s->ntopics = s->touched = 0;
	return s->be->begin_write(s->conn) == -1 ? -1 : 0;
}

/* See store.h. */
struct store_tx *
store_tx_begin(struct store *s)
{
	struct store_tx *tx;

	if (store_begin(s) == -1)
		return NULL;
	tx = xmalloc(sizeof(*tx));
	tx->s = s;
	tx->sent = 0;
	return tx;
}

/* See store.h. */
int
store_tx_commit(struct store_tx *tx)
{
	int rc = tx->s->be->commit(tx->s->conn);

	free(tx);
	return rc;
}

/* See store.h. */
void
store_tx_rollback(struct store_tx *tx)
{
	if (tx == NULL)
		return;
	tx->s->be->rollback(tx->s->conn);
	free(tx);
}

/* See store.h. */
int
store_write(struct store *s, int (*fn)(struct store_tx *, void *), void *arg)
{
	struct store_tx *tx = store_tx_begin(s);
	int rc;

	if (tx == NULL)
		return STORE_ERROR;
	rc = fn(tx, arg);
	if (s->be->retryable != NULL && s->be->retryable(s->conn)) {
		store_tx_rollback(tx);
		return STORE_RETRY;
	}
	if (rc < 0) {
		store_tx_rollback(tx);
		return rc;
	}
	if (store_tx_commit(tx) == -1)
		return s->be->retryable != NULL && s->be->retryable(s->conn) ?
		    STORE_RETRY : STORE_ERROR;
	return rc;
}

/* See store.h. */
int
store_write_tries(struct store *s, int (*fn)(struct store_tx *, void *),
    void *arg, int tries, int *refused)
{
	int rc = STORE_ERROR, n;

	for (n = 0; n < tries; n++)
		if ((rc = store_write(s, fn, arg)) != STORE_RETRY)
			break;
	if (refused != NULL)
		*refused = n;
	return n == tries ? STORE_ERROR : rc;
}

/* Copies column idx of the current row into arena; NULL for SQL null. */
char *
store_col_dup(struct store *s, struct store_q *q, int idx, struct arena *a)
{
	const char *v = s->be->col_text(q, idx);

	return v ? arena_strdup(a, v) : NULL;
}

/* See store_priv.h. */
struct store_q *
store_txq(struct store_tx *tx, enum stmt st)
{
	return tx->s->be->query(tx->s->conn, st);
}

/* See store_priv.h. */
int64_t
store_exec(struct store_tx *tx, struct store_q *q, int64_t *id)
{
	int64_t n = tx->s->be->exec(q, id);

	if (n == STEP_CONSTRAINT)
		return STORE_CONFLICT;
	return n < 0 ? STORE_ERROR : n;
}

/* See store_priv.h. */
int
store_run(struct store_tx *tx, struct store_q *q, int64_t *id)
{
	int64_t n = store_exec(tx, q, id);

	return n < 0 ? (int)n : STORE_OK;
}
