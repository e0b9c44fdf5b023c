/* store_pg.c: the PostgreSQL backend (libpq), for several nodes on one database. */
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"
#include "pg_sql.h"

#define MAX_PARAMS 32
/* Migrations and the daily purge run on one node at a time. */
#define LOCK_MIGRATE 0x636f6e76656e01LL

/* When a connection was last found lost (0: none since it came back). */
static _Atomic int64_t lost_at;

struct store_q {
	struct pg_conn	*c;
	int		 st;
	char		*val[MAX_PARAMS];
	int		 nparams;
	PGresult	*res;
	int		 row, nrows;
	/* pg_pend's: sent ahead, its answer read once the round trip is
	 * made; how the statement ended (STEP_DONE when it ran). */
	int		 pending;
	enum step	 prc;
};

/* A statement whose answer nobody waits for, sent with the next one:
 * prepared statement st, or sql (a savepoint's) when st is -1. */
struct pg_defer {
	int		 st;
	const char	*sql;
	int		 nparams;
	char		*val[MAX_PARAMS];
	struct store_q	*keep;	/* pg_pend: whose the answer is, or NULL */
};

struct pg_conn {
	PGconn		*db;
	char		 prepared[STMT__MAX];
	struct store_q	 q[STMT__MAX];
	int		 failed;	/* the transaction is aborted */
	int		 retry;		/* ... by a concurrent transaction */
	int		 listening;	/* LISTEN convene_changes was sent */
	int		 migrated;	/* schema_migrations was seen */
	/*
	 * A write transaction costs round trips, and round trips are what
	 * a registration waits for: BEGIN goes with the first statement,
	 * and the writes whose answer is not needed (change events, the
	 * outbox, NOTIFY) go with the next statement or with COMMIT, in one
	 * pipeline (libpq 14).
	 */
	int		 in_tx;		/* between begin_write and its end */
	int		 begin_pending;	/* BEGIN not sent yet */
	struct pg_defer	*defer;
	int		 ndefer, capdefer;
	/*
	 * A batch's savepoints go the same way: SAVEPOINT with the job's
	 * first statement, RELEASE with the next job's. sp_at: where the
	 * unsent SAVEPOINT waits in defer (-1: sent, or none). broken: a
	 * statement sent ahead of the job's own failed, so rolling back to
	 * the savepoint cannot tell what was lost.
	 */
	int		 sp_at;
	int		 broken;
	int64_t		 nsent;		/* pg_sent */
	/* pg_pend's statements of this transaction, freed when it ends. */
	struct store_q	**pend;
	int		 npend, cappend;
};

/* libpq's last message without its final newline (the log adds one). */
static const char *
errmsg(PGconn *db)
{
	static _Thread_local char buf[512];
	size_t n;

	snprintf(buf, sizeof(buf), "%s", PQerrorMessage(db));
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

static void
lost(struct pg_conn *c)
{
	if (PQstatus(c->db) != CONNECTION_OK)
		atomic_store(&lost_at, now_utc());
}

/*
 * 1 when the server closed this idle connection (a restart: it says
 * FATAL and hangs up) while it sat in the pool. libpq learns of that only
 * when it reads, so without a look first the next request on it fails
 * with a 503 although the server is back. A poll, no round trip; only
 * between transactions, and never on the listening connection, whose
 * notifications pg_wait reads itself.
 */
static int
closed_while_idle(struct pg_conn *c)
{
	struct pollfd pfd;
	int i;

	if (c->listening || PQtransactionStatus(c->db) != PQTRANS_IDLE)
		return 0;
	pfd.fd = PQsocket(c->db);
	pfd.events = POLLIN;
	/* The FATAL is read first (libpq passes it to the notice receiver
	 * and stays CONNECTION_OK); the hang-up behind it on a later read. */
	for (i = 0; i < 4 && pfd.fd >= 0; i++) {
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) != 1)
			return 0;
		if (PQconsumeInput(c->db) == 0 ||
		    PQstatus(c->db) != CONNECTION_OK)
			return 1;
	}
	return 0;
}

/* A connection that works again: its prepared statements and settings
 * went with the old session. 0 when usable. */
static int
alive(struct pg_conn *c)
{
	PGresult *r;

	int sent;

	if (PQstatus(c->db) == CONNECTION_OK && !closed_while_idle(c))
		return 0;
	/* What the transaction sent went with the old session: none of
	 * it may be committed by statements sent after a reconnect. */
	sent = c->in_tx && !c->begin_pending;
	PQreset(c->db);
	PQexitPipelineMode(c->db);
	if (PQstatus(c->db) != CONNECTION_OK) {
		atomic_store(&lost_at, now_utc());
		return -1;
	}
	memset(c->prepared, 0, sizeof(c->prepared));
	c->listening = 0;
	/* As pg_open set it: times are read and written in UTC. */
	r = PQexec(c->db, "SET TIME ZONE 'UTC'");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_warn("postgresql: %s", PQerrorMessage(c->db));
		PQclear(r);
		atomic_store(&lost_at, now_utc());
		return -1;
	}
	PQclear(r);
	atomic_store(&lost_at, 0);
	log_info("postgresql: connection restored");
	if (sent) {
		c->failed = 1;
		return -1;
	}
	return 0;
}

/* Drops the deferred statements from the from'th on. */
static void
defer_cut(struct pg_conn *c, int from)
{
	int i, j;

	for (i = from; i < c->ndefer; i++) {
		for (j = 0; j < c->defer[i].nparams; j++)
			free(c->defer[i].val[j]);
		/* Never sent: nothing will answer it. */
		if (c->defer[i].keep != NULL && c->defer[i].keep->res == NULL)
			c->defer[i].keep->prc = STEP_ERROR;
	}
	c->ndefer = from;
	if (c->sp_at >= from)
		c->sp_at = -1;
}

static void
defer_clear(struct pg_conn *c)
{
	defer_cut(c, 0);
}

/* The transaction's pg_pend statements are gone with it. */
static void
pend_free(struct pg_conn *c)
{
	int i;

	for (i = 0; i < c->npend; i++) {
		PQclear(c->pend[i]->res);
		free(c->pend[i]);
	}
	c->npend = 0;
}

/* A new deferred statement, its parameters empty. */
static struct pg_defer *
defer_add(struct pg_conn *c, int st, const char *sql)
{
	struct pg_defer *d;

	if (c->ndefer == c->capdefer) {
		c->capdefer = c->capdefer ? 2 * c->capdefer : 8;
		c->defer = xrealloc(c->defer,
		    (size_t)c->capdefer * sizeof(*c->defer));
	}
	d = &c->defer[c->ndefer++];
	if (st >= 0)
		c->nsent++;
	d->st = st;
	d->sql = sql;
	d->nparams = 0;
	d->keep = NULL;
	return d;
}

/* 1 for "current transaction is aborted": what failed before it was
 * logged, or was a conflict the batch runs again for (a pipelined job's
 * address taken meanwhile); this one says nothing more. */
static int
aborted_already(const char *state)
{
	return state != NULL && strcmp(state, "25P02") == 0;
}

/* Classifies a statement's failure as run() does; STEP_ERROR or
 * STEP_CONSTRAINT. */
static enum step
failure(struct pg_conn *c, PGresult *r, int st)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED)
		return STEP_ERROR;	/* an earlier one said why */
	if (state != NULL && strncmp(state, "23", 2) == 0)
		return STEP_CONSTRAINT;
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)) {
		c->retry = 1;
		return STEP_ERROR;
	}
	if (aborted_already(state))
		return STEP_ERROR;
	if (st >= 0)
		log_warn("postgresql: statement %d: %s", st,
		    PQresultErrorMessage(r));
	else
		log_warn("postgresql: %s", PQresultErrorMessage(r));
	return STEP_ERROR;
}

/*
 * One round trip for what is pending (BEGIN, deferred writes), then q's
 * statement (its result left in q->res) and COMMIT when commit is set.
 * STEP_DONE when all of it ran; with commit, STEP_DONE only when the
 * server said COMMIT. A failure aborts the transaction (failed set).
 */
static enum step
batch(struct pg_conn *c, struct store_q *q, int commit)
{
	static const char *const none[1] = { NULL };
	enum step rc = STEP_DONE, one;
	PGresult *r;
	char name[16];
	int i, n = 0, k, ok = 1, committed = 0;

	if (!PQenterPipelineMode(c->db)) {
		log_warn("postgresql: %s", errmsg(c->db));
		ok = 0;
	}
	if (ok && c->begin_pending)
		ok = PQsendQueryParams(c->db, "BEGIN", 0, NULL, none, NULL,
		    NULL, 0) && ++n;
	for (i = 0; ok && i < c->ndefer; i++) {
		if (c->defer[i].sql != NULL) {
			ok = PQsendQueryParams(c->db, c->defer[i].sql, 0, NULL,
			    none, NULL, NULL, 0) && ++n;
			continue;
		}
		snprintf(name, sizeof(name), "s%d", c->defer[i].st);
		ok = PQsendQueryPrepared(c->db, name, c->defer[i].nparams,
		    (const char *const *)c->defer[i].val, NULL, NULL, 0) &&
		    ++n;
	}
	if (ok && q != NULL) {
		snprintf(name, sizeof(name), "s%d", q->st);
		ok = PQsendQueryPrepared(c->db, name, q->nparams,
		    (const char *const *)q->val, NULL, NULL, 0) && ++n;
	}
	if (ok && commit)
		ok = PQsendQueryParams(c->db, "COMMIT", 0, NULL, none, NULL,
		    NULL, 0) && ++n;
	if (ok)
		ok = PQpipelineSync(c->db);
	if (!ok) {
		log_warn("postgresql: %s", errmsg(c->db));
		rc = STEP_ERROR;
	}
	/* Every result that was asked for is read, in order, then the
	 * sync's: the link is clean for the next statement. */
	for (k = 0; ok && k < n; k++) {
		int is_q = q != NULL && k == n - 1 - (commit ? 1 : 0);
		int is_commit = commit && k == n - 1;
		int is_begin = c->begin_pending && k == 0;
		struct pg_defer *d = is_q || is_commit || is_begin ? NULL :
		    &c->defer[k - (c->begin_pending ? 1 : 0)];
		struct store_q *to = is_q ? q : d != NULL ? d->keep : NULL;

		if ((r = PQgetResult(c->db)) == NULL) {
			rc = STEP_ERROR;
			ok = 0;
			break;
		}
		one = STEP_DONE;
		if (PQresultStatus(r) == PGRES_COMMAND_OK ||
		    PQresultStatus(r) == PGRES_TUPLES_OK) {
			if (is_commit)
				committed = strcmp(PQcmdStatus(r),
				    "COMMIT") == 0;
		} else {
			one = failure(c, r, d != NULL ? d->st : is_q ? q->st :
			    -1);
			if (rc == STEP_DONE)
				rc = one;
			/* Not the job's own statement but one sent ahead of
			 * it (an earlier job's): that job's work is lost. */
			if (!is_q && PQresultStatus(r) !=
			    PGRES_PIPELINE_ABORTED)
				c->broken = 1;
		}
		if (to != NULL) {
			to->res = r;
			to->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ?
			    PQntuples(r) : 0;
			to->row = 0;
			to->prc = one;
		} else {
			PQclear(r);
		}
		while ((r = PQgetResult(c->db)) != NULL)
			PQclear(r);	/* the NULL after each result */
	}
	if (ok) {
		while ((r = PQgetResult(c->db)) != NULL &&
		    PQresultStatus(r) != PGRES_PIPELINE_SYNC)
			PQclear(r);
		PQclear(r);
	}
	if (!PQexitPipelineMode(c->db) && ok) {
		log_warn("postgresql: %s", errmsg(c->db));
		/* The server said COMMIT: it is durable, whatever became of
		 * the link after (its requests are told it is done). */
		if (!(commit && committed && rc == STEP_DONE))
			rc = STEP_ERROR;
		else
			lost(c);
	}
	c->begin_pending = 0;
	defer_clear(c);
	if (commit && rc == STEP_DONE && !committed)
		rc = STEP_ERROR;
	if (rc != STEP_DONE) {
		/* In PostgreSQL any failure aborts the transaction. */
		if (c->in_tx)
			c->failed = 1;
		lost(c);
	}
	return rc;
}

/* Sends what the transaction has pending, before a command of its own. */
static int
settle(struct pg_conn *c)
{
	if (!c->begin_pending && c->ndefer == 0)
		return 0;
	return batch(c, NULL, 0) == STEP_DONE ? 0 : -1;
}

/* alive(), then nothing pending: a command may be sent as it is. */
static int
ready(struct pg_conn *c)
{
	if (alive(c) == -1)
		return -1;
	return settle(c);
}

/* Runs sql (no parameters); 0, or -1 logged. */
static int
exec(struct pg_conn *c, const char *sql)
{
	PGresult *r;
	int rc;

	if (ready(c) == -1)
		return -1;
	r = PQexec(c->db, sql);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc == -1) {
		log_warn("postgresql: %s", errmsg(c->db));
		lost(c);
	}
	PQclear(r);
	return rc;
}

static void
quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;	/* NOTICEs (e.g. "relation exists") are not errors */
}

static void *
pg_open(const char *uri, int flags)
{
	struct pg_conn *c = xcalloc(1, sizeof(*c));
	int i;

	/* A server that does not answer must not hold a request for long. */
	const char *const keys[] = { "dbname", "connect_timeout", NULL };
	const char *const vals[] = { uri, "5", NULL };

	(void)flags;	/* the database is made by its administrator */
	c->db = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c->db) != CONNECTION_OK) {
		log_warn("cannot connect to PostgreSQL: %s",
		    errmsg(c->db));
		atomic_store(&lost_at, now_utc());
		PQfinish(c->db);
		free(c);
		return NULL;
	}
	PQsetNoticeReceiver(c->db, quiet, NULL);
	c->sp_at = -1;
	for (i = 0; i < STMT__MAX; i++) {
		c->q[i].c = c;
		c->q[i].st = i;
	}
	if (exec(c, "SET TIME ZONE 'UTC'") == -1) {
		PQfinish(c->db);
		free(c);
		return NULL;
	}
	return c;
}

static void
clear(struct store_q *q)
{
	int i;

	PQclear(q->res);
	q->res = NULL;
	for (i = 0; i < q->nparams; i++) {
		free(q->val[i]);
		q->val[i] = NULL;
	}
	q->nparams = 0;
	q->row = q->nrows = 0;
}

static void
pg_close(void *conn)
{
	struct pg_conn *c = conn;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		clear(&c->q[i]);
	defer_clear(c);
	free(c->defer);
	pend_free(c);
	free(c->pend);
	PQfinish(c->db);
	free(c);
}

/* The one integer a query returns; -1 on failure. */
static int
one_int(struct pg_conn *c, const char *sql, int64_t *v)
{
	PGresult *r = PQexec(c->db, sql);
	int rc = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		*v = PQgetisnull(r, 0, 0) ? 0 :
		    strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		rc = 0;
	} else {
		log_warn("postgresql: %s", errmsg(c->db));
		lost(c);
	}
	PQclear(r);
	return rc;
}

static int
pg_version(void *conn, int *v)
{
	struct pg_conn *c = conn;
	int64_t n;

	*v = 0;
	if (ready(c) == -1)
		return -1;
	/* Once seen, the table stays: /healthz asks this often. */
	if (!c->migrated) {
		if (one_int(c, "SELECT count(*) FROM pg_tables WHERE "
		    "schemaname = current_schema() AND "
		    "tablename = 'schema_migrations'", &n) == -1)
			return -1;
		if (n == 0)
			return 0;
		c->migrated = 1;
	}
	if (one_int(c, "SELECT coalesce(max(version), 0) FROM "
	    "schema_migrations", &n) == -1)
		return -1;
	*v = (int)n;
	return 0;
}

/* Applies pending migrations, one node at a time (an advisory lock). */
static int
pg_migrate(void *conn)
{
	struct pg_conn *c = conn;
	char sql[160];
	int v, rc = -1;
	size_t i;

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_lock(%lld)",
	    (long long)LOCK_MIGRATE);
	if (exec(c, sql) == -1)
		return -1;
	if (exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)") == -1 ||
	    pg_version(c, &v) == -1)
		goto out;
	if ((size_t)v > pg_nmigrations) {
		log_warn("database schema %d is newer than this program (%zu)",
		    v, pg_nmigrations);
		goto out;
	}
	for (i = (size_t)v; i < pg_nmigrations; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations "
		    "(version, applied_at) VALUES (%zu, %lld)", i + 1,
		    (long long)now_utc());
		if (exec(c, "BEGIN") == -1)
			goto out;
		if (exec(c, pg_migrations[i]) == -1 || exec(c, sql) == -1 ||
		    exec(c, "COMMIT") == -1) {
			exec(c, "ROLLBACK");
			goto out;
		}
	}
	rc = 0;
out:
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%lld)",
	    (long long)LOCK_MIGRATE);
	exec(c, sql);
	return rc;
}

static int
pg_check(void *conn)
{
	int64_t v;

	/* PostgreSQL checks its own pages; that we can query is the check. */
	return ready(conn) == 0 && one_int(conn, "SELECT 1", &v) == 0 &&
	    v == 1 ? 0 : -1;
}

/* BEGIN goes with the transaction's first statement (batch()). */
static int
pg_begin(void *conn)
{
	struct pg_conn *c = conn;

	c->failed = 0;
	c->retry = 0;
	c->in_tx = 0;
	c->broken = 0;
	defer_clear(c);
	pend_free(c);
	if (alive(c) == -1)
		return -1;
	c->in_tx = 1;
	c->begin_pending = 1;
	return 0;
}

static void pg_rollback(void *);

static int
pg_retryable(void *conn)
{
	return ((struct pg_conn *)conn)->retry;
}

static int
commit_tx(struct pg_conn *c)
{
	PGresult *r;
	int rc;

	if (c->failed) {
		pg_rollback(c);
		return -1;
	}
	if (c->begin_pending && c->ndefer == 0) {
		c->begin_pending = c->in_tx = 0;	/* nothing was sent */
		return 0;
	}
	if (c->begin_pending || c->ndefer > 0) {
		/* The writes nobody waited for, and COMMIT, at once. */
		rc = batch(c, NULL, 1) == STEP_DONE ? 0 : -1;
		if (rc == -1)
			pg_rollback(c);
		c->in_tx = 0;
		return rc;
	}
	c->in_tx = 0;
	r = PQexec(c->db, "COMMIT");
	/* A COMMIT of an aborted transaction answers ROLLBACK. */
	rc = PQresultStatus(r) == PGRES_COMMAND_OK &&
	    strcmp(PQcmdStatus(r), "COMMIT") == 0 ? 0 : -1;
	if (rc == -1 && PQresultErrorField(r, PG_DIAG_SQLSTATE) != NULL &&
	    strcmp(PQresultErrorField(r, PG_DIAG_SQLSTATE), "40001") == 0)
		c->retry = 1;
	if (rc == -1) {
		log_warn("postgresql: commit: %s", errmsg(c->db));
		lost(c);
	}
	PQclear(r);
	return rc;
}

/* The answers sent ahead are freed once the transaction is over (a
 * statement still deferred went with COMMIT and was answered into its
 * handle). */
static int
pg_commit(void *conn)
{
	struct pg_conn *c = conn;
	int rc = commit_tx(c);

	pend_free(c);
	return rc;
}

static void
pg_rollback(void *conn)
{
	struct pg_conn *c = conn;
	PGresult *r;

	/* What was never sent is dropped; what was, rolled back. */
	c->begin_pending = 0;
	defer_clear(c);
	pend_free(c);
	c->in_tx = 0;
	c->broken = 0;
	if (PQtransactionStatus(c->db) != PQTRANS_IDLE) {
		r = PQexec(c->db, "ROLLBACK");
		PQclear(r);
	}
	c->failed = 0;
}

/* A batch's job begins: SAVEPOINT goes with its first statement. */
static int
pg_savepoint(void *conn)
{
	struct pg_conn *c = conn;

	if (!c->in_tx || c->failed)
		return -1;
	c->sp_at = c->ndefer;
	defer_add(c, -1, "SAVEPOINT req");
	return 0;
}

/* The job is kept: RELEASE goes with the next statement, or nothing at
 * all when the job sent nothing. */
static int
pg_release(void *conn)
{
	struct pg_conn *c = conn;

	if (c->failed)
		return -1;
	if (c->sp_at >= 0 && c->sp_at == c->ndefer - 1) {
		defer_cut(c, c->sp_at);
		return 0;
	}
	c->sp_at = -1;
	defer_add(c, -1, "RELEASE req");
	return 0;
}

/* The job is undone: what it did not send is dropped, what it sent is
 * rolled back to its savepoint. -1 when that would lose more. */
static int
pg_undo(void *conn)
{
	struct pg_conn *c = conn;

	if (c->broken)
		return -1;
	c->retry = 0;
	if (c->sp_at >= 0) {
		defer_cut(c, c->sp_at);
		return c->failed ? -1 : 0;
	}
	/* The savepoint went ahead of everything still deferred. */
	defer_clear(c);
	c->failed = 0;
	return exec(c, "ROLLBACK TO req; RELEASE req");
}

/* See store_priv.h. */
static int64_t
pg_sent(void *conn)
{
	struct pg_conn *c = conn;

	return c->failed || c->broken || c->retry ? -1 : c->nsent;
}

static struct store_q *
pg_query(void *conn, enum stmt st)
{
	struct pg_conn *c = conn;
	char name[16];
	PGresult *r;

	if (alive(c) == -1)
		return NULL;
	if (!c->prepared[st]) {
		snprintf(name, sizeof(name), "s%d", (int)st);
		r = PQprepare(c->db, name, pg_stmts[st], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			log_warn("postgresql: prepare %d: %s", (int)st,
			    errmsg(c->db));
			lost(c);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		c->prepared[st] = 1;
	}
	clear(&c->q[st]);
	return &c->q[st];
}

static void
set(struct store_q *q, int idx, char *v)
{
	if (idx < 1 || idx > MAX_PARAMS) {
		free(v);
		return;
	}
	free(q->val[idx - 1]);
	q->val[idx - 1] = v;
	if (idx > q->nparams)
		q->nparams = idx;
}

static void
pg_bind_int(struct store_q *q, int idx, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set(q, idx, xstrdup(buf));
}

static void
pg_bind_double(struct store_q *q, int idx, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.17g", v);
	set(q, idx, xstrdup(buf));
}

static void
pg_bind_text(struct store_q *q, int idx, const char *v)
{
	set(q, idx, v ? xstrdup(v) : NULL);
}

/* Executes the statement once; STEP_DONE when it ran. */
static enum step
run(struct store_q *q)
{
	char name[16];
	const char *state;
	ExecStatusType s;
	enum step rc;

	q->c->nsent++;
	if (q->c->begin_pending || q->c->ndefer > 0) {
		rc = batch(q->c, q, 0);
		if (rc != STEP_DONE && q->res == NULL)
			q->res = PQmakeEmptyPGresult(q->c->db,
			    PGRES_FATAL_ERROR);
		return rc;
	}
	snprintf(name, sizeof(name), "s%d", q->st);
	q->res = PQexecPrepared(q->c->db, name, q->nparams,
	    (const char *const *)q->val, NULL, NULL, 0);
	s = PQresultStatus(q->res);
	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
		q->nrows = s == PGRES_TUPLES_OK ? PQntuples(q->res) : 0;
		q->row = 0;
		return STEP_DONE;
	}
	/* Whatever failed, the transaction it ran in is now aborted. */
	if (PQtransactionStatus(q->c->db) == PQTRANS_INERROR)
		q->c->failed = 1;
	state = PQresultErrorField(q->res, PG_DIAG_SQLSTATE);
	if (state != NULL && strncmp(state, "23", 2) == 0)
		return STEP_CONSTRAINT;
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)) {
		q->c->retry = 1;
		return STEP_ERROR;
	}
	if (aborted_already(state))
		return STEP_ERROR;
	log_warn("postgresql: statement %d: %s", q->st,
	    errmsg(q->c->db));
	lost(q->c);
	return STEP_ERROR;
}

static enum step
pg_step(struct store_q *q)
{
	enum step rc;

	if (q->pending) {
		/* Its round trip, unless a statement since has made it. */
		if (q->res == NULL && q->prc == STEP_DONE) {
			(void)settle(q->c);	/* a failure is q's too */
			if (q->res == NULL)
				q->prc = STEP_ERROR;
		}
		if (q->prc != STEP_DONE)
			return q->prc;
	} else if (q->res == NULL && (rc = run(q)) != STEP_DONE)
		return rc;
	if (q->row < q->nrows) {
		q->row++;
		return STEP_ROW;
	}
	return STEP_DONE;
}

static const char *
value(struct store_q *q, int idx)
{
	if (q->res == NULL || q->row < 1 || PQgetisnull(q->res, q->row - 1,
	    idx))
		return NULL;
	return PQgetvalue(q->res, q->row - 1, idx);
}

static int64_t
pg_col_int(struct store_q *q, int idx)
{
	const char *v = value(q, idx);

	/* Booleans, should one slip through, read as SQLite's 0 and 1. */
	if (v != NULL && (v[0] == 't' || v[0] == 'f') && v[1] == '\0')
		return v[0] == 't';
	return v ? strtoll(v, NULL, 10) : 0;
}

static double
pg_col_double(struct store_q *q, int idx)
{
	const char *v = value(q, idx);

	return v ? strtod(v, NULL) : 0;
}

static const char *
pg_col_text(struct store_q *q, int idx)
{
	return value(q, idx);
}

static int
pg_col_null(struct store_q *q, int idx)
{
	return value(q, idx) == NULL;
}

static void
pg_done(struct store_q *q)
{
	/* A pending statement's answer stays until its transaction ends:
	 * done must not make it run again. */
	if (q != NULL && q->pending)
		q->row = q->nrows;
	else if (q != NULL)
		clear(q);
}

/*
 * A write inside a write transaction whose answer the caller does not
 * read (no id wanted) and that no constraint can refuse: it is sent with
 * the next statement or with COMMIT; a failure fails the commit.
 */
static int
deferrable(const struct store_q *q)
{
	if (!q->c->in_tx)
		return 0;
	switch (q->st) {
	case STMT_CHANGE_INSERT:
	case STMT_NOTIFY:
	case STMT_OUTBOX_INSERT:
		return 1;
	default:
		return 0;
	}
}

static int64_t
pg_exec(struct store_q *q, int64_t *id)
{
	enum step rc;
	int64_t n;

	if (id == NULL && deferrable(q)) {
		struct pg_defer *d = defer_add(q->c, q->st, NULL);

		d->nparams = q->nparams;
		memcpy(d->val, q->val, sizeof(d->val));
		memset(q->val, 0, sizeof(q->val));	/* d's now */
		q->nparams = 0;
		clear(q);
		return 1;
	}
	rc = run(q);

	if (rc != STEP_DONE) {
		clear(q);
		return rc;
	}
	if (id != NULL && q->nrows > 0 && !PQgetisnull(q->res, 0, 0))
		*id = strtoll(PQgetvalue(q->res, 0, 0), NULL, 10);
	n = strtoll(PQcmdTuples(q->res), NULL, 10);
	clear(q);
	return n;
}

/*
 * Sends q's statement with the write transaction's next round trip (the
 * next statement run, or COMMIT) and gives the handle its answer is read
 * from: the statements of a whole batch's jobs go in one round trip. q
 * is reset. NULL outside a write transaction.
 */
static struct store_q *
pg_pend(struct store_q *q)
{
	struct pg_conn *c = q->c;
	struct store_q *p;
	struct pg_defer *d;

	if (!c->in_tx) {
		clear(q);
		return NULL;
	}
	if (c->npend == c->cappend) {
		c->cappend = c->cappend ? 2 * c->cappend : 8;
		c->pend = xrealloc(c->pend,
		    (size_t)c->cappend * sizeof(*c->pend));
	}
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	p->st = q->st;
	p->pending = 1;
	p->prc = STEP_DONE;
	c->pend[c->npend++] = p;
	d = defer_add(c, q->st, NULL);
	d->keep = p;
	d->nparams = q->nparams;
	memcpy(d->val, q->val, sizeof(d->val));
	memset(q->val, 0, sizeof(q->val));	/* d's now */
	q->nparams = 0;
	clear(q);
	return p;
}

/*
 * Waits up to timeout_ms for a change committed by any node: NOTIFY is the
 * wake-up, the change-event table the truth. 1 when woken, 0 on timeout,
 * -1 when the connection is down (the caller waits and calls again).
 */
static int
pg_wait(void *conn, int timeout_ms)
{
	struct pg_conn *c = conn;
	struct pollfd pfd;
	PGnotify *n;
	int woken = 0;

	if (ready(c) == -1)
		return -1;
	if (!c->listening) {
		if (exec(c, "LISTEN convene_changes") == -1)
			return -1;
		c->listening = 1;
	}
	pfd.fd = PQsocket(c->db);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0 || poll(&pfd, 1, timeout_ms) < 0)
		return 0;
	if (pfd.revents && PQconsumeInput(c->db) == 0) {
		lost(c);
		return -1;
	}
	while ((n = PQnotifies(c->db)) != NULL) {
		woken = 1;
		PQfreemem(n);
	}
	return woken;
}

static int
pg_lock_try(void *conn, int64_t key)
{
	char sql[96];
	int64_t v;

	snprintf(sql, sizeof(sql), "SELECT pg_try_advisory_lock(%lld)::int",
	    (long long)key);
	if (ready(conn) == -1 || one_int(conn, sql, &v) == -1)
		return -1;
	return v == 1;
}

static void
pg_unlock(void *conn, int64_t key)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%lld)",
	    (long long)key);
	exec(conn, sql);
}

/* Copying a whole database: see store_priv.h. */

/* COPY's text is sent in pieces of about this size. */
#define LOAD_CHUNK (64 * 1024)
/* The largest row COPY's text may hold. */
#define LOAD_ROW_MAX (256u * 1024 * 1024)

struct store_load {
	struct pg_conn	*c;
	const char	*table;
	struct buf	 b;
	size_t		 n;
	int		 failed;
};

static int
pg_latest(void)
{
	return (int)pg_nmigrations;
}

static int
pg_begin_read(void *conn)
{
	return exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static void
pg_end_read(void *conn)
{
	pg_rollback(conn);
}

/* The one integer sql returns, $1 bound to arg; -1 on failure. */
static int
one_int_arg(struct pg_conn *c, const char *sql, const char *arg, int64_t *v)
{
	PGresult *r;
	int rc = -1;

	if (ready(c) == -1)
		return -1;
	r = PQexecParams(c->db, sql, arg ? 1 : 0, NULL, &arg, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		*v = PQgetisnull(r, 0, 0) ? 0 :
		    strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		rc = 0;
	} else {
		log_warn("postgresql: %s", PQerrorMessage(c->db));
		if (PQtransactionStatus(c->db) == PQTRANS_INERROR)
			c->failed = 1;
		lost(c);
	}
	PQclear(r);
	return rc;
}

static int
pg_tables(void *conn, int64_t *n)
{
	return one_int_arg(conn, "SELECT count(*) FROM pg_tables WHERE "
	    "schemaname = current_schema() AND "
	    "tablename <> 'schema_migrations'", NULL, n);
}

static int
pg_columns(void *conn, const char *table, int64_t *n)
{
	return one_int_arg(conn, "SELECT count(*) FROM "
	    "information_schema.columns WHERE table_schema = current_schema() "
	    "AND table_name = $1", table, n);
}

static int
pg_count(void *conn, const struct store_table *t, int64_t *n)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t->name);
	return one_int_arg(conn, sql, NULL, n);
}

/* Rows come one at a time (single-row mode), never all in memory. */
static int
pg_rows_out(void *conn, const struct store_table *t,
    int (*row)(void *arg, const char *const *vals), void *arg)
{
	struct pg_conn *c = conn;
	const char *vals[STORE_TABLE_COLS];
	struct buf sql;
	PGresult *r;
	char *cols;
	size_t n, i;
	int rc = -1, done = 0;

	if (ready(c) == -1)
		return -1;
	cols = store_table_cols(t, &n);
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT %s FROM \"%s\"", cols, t->name);
	free(cols);
	if (!PQsendQuery(c->db, sql.data) || !PQsetSingleRowMode(c->db)) {
		log_warn("postgresql: %s: %s", t->name, PQerrorMessage(c->db));
		buf_free(&sql);
		while ((r = PQgetResult(c->db)) != NULL)
			PQclear(r);
		return -1;
	}
	buf_free(&sql);
	/* Every result is read, even after a failure, to free the link. */
	while ((r = PQgetResult(c->db)) != NULL) {
		switch (PQresultStatus(r)) {
		case PGRES_SINGLE_TUPLE:
			if (done)
				break;
			for (i = 0; i < n; i++)
				vals[i] = PQgetisnull(r, 0, (int)i) ? NULL :
				    PQgetvalue(r, 0, (int)i);
			if ((rc = row(arg, vals)) != 0)
				done = 1;
			break;
		case PGRES_TUPLES_OK:
			if (!done)
				rc = 0;
			done = 1;
			break;
		default:
			log_warn("postgresql: %s: %s", t->name,
			    PQerrorMessage(c->db));
			lost(c);
			rc = -1;
			done = 1;
		}
		PQclear(r);
	}
	return rc;
}

static struct store_load *
pg_load_begin(void *conn, const struct store_table *t)
{
	struct pg_conn *c = conn;
	struct store_load *l;
	struct buf sql;
	PGresult *r;
	char *cols;
	size_t n;

	if (ready(c) == -1)
		return NULL;
	cols = store_table_cols(t, &n);
	buf_init(&sql, 0);
	buf_printf(&sql, "COPY \"%s\" (%s) FROM STDIN", t->name, cols);
	free(cols);
	r = PQexec(c->db, sql.data);
	buf_free(&sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		log_warn("postgresql: %s: %s", t->name, PQerrorMessage(c->db));
		c->failed = 1;
		lost(c);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	l = xcalloc(1, sizeof(*l));
	l->c = c;
	l->table = t->name;
	l->n = n;
	buf_init(&l->b, LOAD_ROW_MAX);
	return l;
}

static int
flush(struct store_load *l)
{
	if (l->b.len > 0 && PQputCopyData(l->c->db, l->b.data,
	    (int)l->b.len) != 1) {
		log_warn("postgresql: %s: %s", l->table,
		    PQerrorMessage(l->c->db));
		l->failed = 1;
		return -1;
	}
	buf_reset(&l->b);
	return 0;
}

/* One line of COPY's text format: tabs between, \N for null. */
static int
pg_load_row(struct store_load *l, const char *const *vals)
{
	const char *p;
	size_t i;

	if (l->failed)
		return -1;
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_putc(&l->b, '\t');
		if (vals[i] == NULL) {
			buf_puts(&l->b, "\\N");
			continue;
		}
		for (p = vals[i]; *p != '\0'; p++) {
			size_t plain = strcspn(p, "\\\n\r\t");

			buf_append(&l->b, p, plain);
			p += plain;
			if (*p == '\0')
				break;
			buf_putc(&l->b, '\\');
			buf_putc(&l->b, *p == '\\' ? '\\' : *p == '\n' ? 'n' :
			    *p == '\r' ? 'r' : 't');
		}
	}
	buf_putc(&l->b, '\n');
	if (l->b.overflow) {
		log_warn("postgresql: %s: a row longer than %u bytes",
		    l->table, LOAD_ROW_MAX);
		l->failed = 1;
		return -1;
	}
	return l->b.len >= LOAD_CHUNK ? flush(l) : 0;
}

/* The server checks the rows as they come; its verdict comes at the end. */
static int
pg_load_end(struct store_load *l, int abandon)
{
	PGresult *r;
	int rc = 0;

	if (l == NULL)
		return -1;
	if (abandon || l->failed || flush(l) == -1) {
		PQputCopyEnd(l->c->db, "convene copy abandoned the table");
		rc = -1;
	} else if (PQputCopyEnd(l->c->db, NULL) != 1) {
		log_warn("postgresql: %s: %s", l->table,
		    PQerrorMessage(l->c->db));
		rc = -1;
	}
	while ((r = PQgetResult(l->c->db)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			if (!abandon && !l->failed)
				log_warn("postgresql: %s: %s", l->table,
				    PQerrorMessage(l->c->db));
			rc = -1;
		}
		PQclear(r);
	}
	if (rc == -1) {
		l->c->failed = 1;
		lost(l->c);
	}
	buf_free(&l->b);
	free(l);
	return rc;
}

/* An identity column's next value: one past the largest id. */
static int
pg_ids_past(void *conn, const struct store_table *t)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence("
	    "'\"%s\"', 'id'), coalesce(max(id), 0) + 1, false) FROM \"%s\"",
	    t->name, t->name);
	if (exec(conn, sql) == -1) {
		((struct pg_conn *)conn)->failed = 1;
		return -1;
	}
	return 0;
}

/* See store.h. */
int
store_unavailable(void)
{
	int64_t at = atomic_load(&lost_at);

	return at != 0 && now_utc() - at < 60;
}

const struct store_backend store_backend_pg = {
	.name = "postgresql",
	.one_writer = 0,
	.local = 0,
	.open = pg_open,
	.close = pg_close,
	.migrate = pg_migrate,
	.version = pg_version,
	.check = pg_check,
	.begin_write = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.savepoint = pg_savepoint,
	.release = pg_release,
	.undo = pg_undo,
	.sent = pg_sent,
	.retryable = pg_retryable,
	.wait = pg_wait,
	.lock_try = pg_lock_try,
	.unlock = pg_unlock,
	.query = pg_query,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.done = pg_done,
	.exec = pg_exec,
	.pend = pg_pend,
	.latest = pg_latest,
	.begin_read = pg_begin_read,
	.end_read = pg_end_read,
	.tables = pg_tables,
	.columns = pg_columns,
	.count = pg_count,
	.rows_out = pg_rows_out,
	.load_begin = pg_load_begin,
	.load_row = pg_load_row,
	.load_end = pg_load_end,
	.ids_past = pg_ids_past,
};
