/* store.c: opening a store, choosing its backend, and the connection pool. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "util.h"
#include "tz.h"
#include "store.h"
#include "store_priv.h"

struct store_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	struct store	**free;
	size_t		  nfree;
	struct store	**all;
	size_t		  n;
};

static const struct store_backend *
backend_for(const char *path)
{
	if (strncmp(path, "postgres://", 11) == 0 ||
	    strncmp(path, "postgresql://", 13) == 0) {
		log_warn("the PostgreSQL backend is not built in this version");
		return NULL;
	}
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
	return s;
}

/* Closes the connection. NULL is allowed. */
void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	s->be->close(s->conn);
	free(s);
}

/* Applies pending migrations, then fills what SQL cannot compute. */
int
store_migrate(struct store *s)
{
	if (s->be->migrate(s->conn) == -1 || s->be->begin_write(s->conn) == -1)
		return -1;
	if (store_months(s, 0) != STORE_OK) {
		s->be->rollback(s->conn);
		return -1;
	}
	return s->be->commit(s->conn);
}

/*
 * Sessions' local month ("2027-01") and day for reports, in their venue's
 * time zone: those without, and those of event_id (its venue may move). A
 * day is kept as the UTC midnight of the local date, so report ranges of
 * whole days compare as numbers.
 */
int
store_months(struct store *s, int64_t event_id)
{
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
		if (store_run(s, q, NULL) != STORE_OK)
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

/* Integrity check; 0 when sound. */
int
store_check(struct store *s)
{
	return s->be->check(s->conn);
}

/* Begins a write transaction. */
int
store_begin(struct store *s)
{
	return s->be->begin_write(s->conn);
}

/* Commits the write transaction; rolls back on failure. */
int
store_commit(struct store *s)
{
	return s->be->commit(s->conn);
}

/* Abandons the write transaction. */
void
store_rollback(struct store *s)
{
	s->be->rollback(s->conn);
}

/* Copies column idx of the current row into arena; NULL for SQL null. */
char *
store_col_dup(struct store *s, struct store_q *q, int idx, struct arena *a)
{
	const char *v = s->be->col_text(q, idx);

	return v ? arena_strdup(a, v) : NULL;
}

/*
 * Steps a write (INSERT ... RETURNING id fills *id when id is not NULL)
 * and resets it; maps a constraint to STORE_CONFLICT.
 */
int
store_run(struct store *s, struct store_q *q, int64_t *id)
{
	const struct store_backend *be = s->be;
	enum step rc = be->step(q);

	if (rc == STEP_ROW && id != NULL)
		*id = be->col_int(q, 0);
	be->done(q);
	if (rc == STEP_CONSTRAINT)
		return STORE_CONFLICT;
	return rc == STEP_ROW || rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* Opens n connections to path; NULL when any fails. */
struct store_pool *
store_pool_new(const char *path, size_t n)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	size_t i;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free = xcalloc(n, sizeof(*p->free));
	for (i = 0; i < n; i++) {
		if ((p->all[i] = store_open(path, 0)) == NULL) {
			store_pool_free(p);
			return NULL;
		}
		p->n++;
		p->free[p->nfree++] = p->all[i];
	}
	return p;
}

/* Closes every connection; none may be in use. */
void
store_pool_free(struct store_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		store_close(p->all[i]);
	free(p->all);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}

/* Takes a connection, waiting for one when all are in use. */
struct store *
store_pool_get(struct store_pool *p)
{
	struct store *s;

	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	s = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return s;
}

/* Gives a connection back. */
void
store_pool_put(struct store_pool *p, struct store *s)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = s;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}
