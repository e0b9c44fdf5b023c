/* store_sqlite.c: the embedded SQLite backend (WAL, one writer at a time). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"
#include "sqlite_sql.h"

#define BUSY_TIMEOUT_MS 15000

/* fold(x) for searches: text_fold, as PostgreSQL's translate(lower(x)). */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	char *out;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((out = sqlite3_malloc(sqlite3_value_bytes(argv[0]) + 1)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	text_fold((const char *)s, out);
	sqlite3_result_text(ctx, out, -1, sqlite3_free);
}

/*
 * Writers in this process queue on a mutex rather than spinning in SQLite's
 * busy handler; the busy timeout still covers other processes (the CLI).
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

struct store_q {
	sqlite3		*db;
	sqlite3_stmt	*st;	/* prepared on first use, kept for the connection */
};

struct sqlite_conn {
	sqlite3		*db;
	struct store_q	 q[STMT__MAX];
	int		 writing;
};

static int
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warn("sqlite: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void *
sq_open(const char *path, int flags)
{
	struct sqlite_conn *c;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	c = xcalloc(1, sizeof(*c));
	if (sqlite3_open_v2(path, &c->db, oflags, NULL) != SQLITE_OK) {
		log_warn("cannot open database %s: %s", path,
		    c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (sqlite3_create_function(c->db, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL) != SQLITE_OK)
		goto fail;
	/* Read only: the file is left as it is, journal mode and all. */
	if ((flags & STORE_READONLY) == 0 &&
	    exec(c->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;") == -1)
		goto fail;
	return c;
fail:
	if (c->db)
		sqlite3_close(c->db);
	free(c);
	return NULL;
}

static void
sq_close(void *conn)
{
	struct sqlite_conn *c = conn;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->q[i].st);
	sqlite3_close(c->db);
	free(c);
}

static int
sq_version(void *conn, int *v)
{
	struct sqlite_conn *c = conn;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	*v = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'schema_migrations'", -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	if (sqlite3_column_int(st, 0) == 0) {
		rc = 0;
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) "
	    "FROM schema_migrations", -1, &st, NULL) != SQLITE_OK) {
		st = NULL;
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*v = sqlite3_column_int(st, 0);
	rc = 0;
out:
	if (rc == -1)
		log_warn("sqlite: %s", sqlite3_errmsg(c->db));
	sqlite3_finalize(st);
	return rc;
}

static int
sq_migrate(void *conn)
{
	struct sqlite_conn *c = conn;
	sqlite3_stmt *st = NULL;
	int v, rc = -1;
	size_t i;

	pthread_mutex_lock(&write_lock);
	if (exec(c->db, "BEGIN IMMEDIATE") == -1)
		goto out_unlock;
	if (exec(c->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)") == -1)
		goto out;
	if (sq_version(c, &v) == -1)
		goto out;
	if ((size_t)v > sqlite_nmigrations) {
		log_warn("database schema %d is newer than this program (%zu)",
		    v, sqlite_nmigrations);
		goto out;
	}
	for (i = (size_t)v; i < sqlite_nmigrations; i++) {
		if (exec(c->db, sqlite_migrations[i]) == -1)
			goto out;
		if (sqlite3_prepare_v2(c->db, "INSERT INTO schema_migrations "
		    "(version, applied_at) VALUES (?1, ?2)", -1, &st,
		    NULL) != SQLITE_OK)
			goto out;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_int64(st, 2, now_utc());
		if (sqlite3_step(st) != SQLITE_DONE)
			goto out;
		sqlite3_finalize(st);
		st = NULL;
	}
	rc = exec(c->db, "COMMIT");
out:
	sqlite3_finalize(st);
	if (rc == -1)
		exec(c->db, "ROLLBACK");
out_unlock:
	pthread_mutex_unlock(&write_lock);
	return rc;
}

static int
sq_check(void *conn)
{
	struct sqlite_conn *c = conn;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
sq_begin_write(void *conn)
{
	struct sqlite_conn *c = conn;

	pthread_mutex_lock(&write_lock);
	if (exec(c->db, "BEGIN IMMEDIATE") == -1) {
		pthread_mutex_unlock(&write_lock);
		return -1;
	}
	c->writing = 1;
	return 0;
}

static int
sq_commit(void *conn)
{
	struct sqlite_conn *c = conn;
	int rc;

	rc = exec(c->db, "COMMIT");
	if (rc == -1)
		exec(c->db, "ROLLBACK");
	if (c->writing) {
		c->writing = 0;
		pthread_mutex_unlock(&write_lock);
	}
	return rc;
}

static void
sq_rollback(void *conn)
{
	struct sqlite_conn *c = conn;

	if (!sqlite3_get_autocommit(c->db))
		exec(c->db, "ROLLBACK");
	if (c->writing) {
		c->writing = 0;
		pthread_mutex_unlock(&write_lock);
	}
}

static struct store_q *
sq_query(void *conn, enum stmt st)
{
	struct sqlite_conn *c = conn;
	struct store_q *q = &c->q[st];

	if (q->st == NULL &&
	    sqlite3_prepare_v3(c->db, sqlite_stmts[st], -1,
	    SQLITE_PREPARE_PERSISTENT, &q->st, NULL) != SQLITE_OK) {
		log_warn("sqlite: prepare %d: %s", (int)st,
		    sqlite3_errmsg(c->db));
		q->st = NULL;
		return NULL;
	}
	q->db = c->db;
	return q;
}

static void
sq_bind_int(struct store_q *q, int idx, int64_t v)
{
	sqlite3_bind_int64(q->st, idx, (sqlite3_int64)v);
}

static void
sq_bind_double(struct store_q *q, int idx, double v)
{
	sqlite3_bind_double(q->st, idx, v);
}

static void
sq_bind_text(struct store_q *q, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(q->st, idx);
	else
		sqlite3_bind_text(q->st, idx, v, -1, SQLITE_TRANSIENT);
}

static enum step
sq_step(struct store_q *q)
{
	int rc = sqlite3_step(q->st);

	if (rc == SQLITE_ROW)
		return STEP_ROW;
	if (rc == SQLITE_DONE)
		return STEP_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return STEP_CONSTRAINT;
	log_warn("sqlite: %s", sqlite3_errmsg(q->db));
	return STEP_ERROR;
}

static int64_t
sq_col_int(struct store_q *q, int idx)
{
	return (int64_t)sqlite3_column_int64(q->st, idx);
}

static double
sq_col_double(struct store_q *q, int idx)
{
	return sqlite3_column_double(q->st, idx);
}

static const char *
sq_col_text(struct store_q *q, int idx)
{
	return (const char *)sqlite3_column_text(q->st, idx);
}

static int
sq_col_null(struct store_q *q, int idx)
{
	return sqlite3_column_type(q->st, idx) == SQLITE_NULL;
}

static void
sq_done(struct store_q *q)
{
	if (q == NULL)
		return;
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
}

static int64_t
sq_exec(struct store_q *q, int64_t *id)
{
	int64_t n;
	int rc, first = 1;

	while ((rc = sqlite3_step(q->st)) == SQLITE_ROW) {
		if (first && id != NULL)
			*id = (int64_t)sqlite3_column_int64(q->st, 0);
		first = 0;
	}
	/* Right after the step, this counts this statement's rows alone. */
	n = (int64_t)sqlite3_changes64(q->db);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) != SQLITE_CONSTRAINT)
			log_warn("sqlite: %s", sqlite3_errmsg(q->db));
		n = (rc & 0xff) == SQLITE_CONSTRAINT ? STEP_CONSTRAINT :
		    STEP_ERROR;
	}
	sq_done(q);
	return n;
}

static int
sq_savepoint(void *conn)
{
	return exec(((struct sqlite_conn *)conn)->db, "SAVEPOINT req");
}

static int
sq_release(void *conn)
{
	return exec(((struct sqlite_conn *)conn)->db, "RELEASE req");
}

static int
sq_undo(void *conn)
{
	return exec(((struct sqlite_conn *)conn)->db,
	    "ROLLBACK TO req; RELEASE req");
}

/* Nothing tells another process's commit: the caller polls. */
static int
sq_wait(void *conn, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000,
	    (long)(timeout_ms % 1000) * 1000000L };

	(void)conn;
	nanosleep(&ts, NULL);
	return 0;
}

/* Copying a whole database: see store_priv.h. */

struct store_load {
	sqlite3		*db;
	sqlite3_stmt	*st;
	size_t		 n;
};

static int
sq_latest(void)
{
	return (int)sqlite_nmigrations;
}

/* A deferred transaction: its snapshot is taken at the first read. */
static int
sq_begin_read(void *conn)
{
	return exec(((struct sqlite_conn *)conn)->db, "BEGIN DEFERRED");
}

static void
sq_end_read(void *conn)
{
	struct sqlite_conn *c = conn;

	if (!sqlite3_get_autocommit(c->db))
		exec(c->db, "ROLLBACK");
}

/* The one integer sql returns, ?1 bound to arg when not NULL; 0 or -1. */
static int
one_int(sqlite3 *db, const char *sql, const char *arg, int64_t *v)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*v = (int64_t)sqlite3_column_int64(st, 0);
	rc = 0;
out:
	if (rc == -1)
		log_warn("sqlite: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static int
sq_tables(void *conn, int64_t *n)
{
	return one_int(((struct sqlite_conn *)conn)->db, "SELECT count(*) "
	    "FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
	    "'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations'", NULL, n);
}

static int
sq_columns(void *conn, const char *table, int64_t *n)
{
	return one_int(((struct sqlite_conn *)conn)->db,
	    "SELECT count(*) FROM pragma_table_info(?1)", table, n);
}

static int
sq_count(void *conn, const struct store_table *t, int64_t *n)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t->name);
	return one_int(((struct sqlite_conn *)conn)->db, sql, NULL, n);
}

/* A REAL as the shortest text that reads back as the same double. */
static void
real_text(double d, char *out, size_t sz)
{
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(out, sz, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return;
	}
	snprintf(out, sz, "%.17g", d);
}

static int
sq_rows_out(void *conn, const struct store_table *t,
    int (*row)(void *arg, const char *const *vals), void *arg)
{
	struct sqlite_conn *c = conn;
	sqlite3_stmt *st = NULL;
	const char *vals[STORE_TABLE_COLS];
	char reals[STORE_TABLE_COLS][32];
	struct buf sql;
	char *cols;
	size_t n, i;
	int rc = -1, step;

	cols = store_table_cols(t, &n);
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT %s FROM \"%s\"", cols, t->name);
	free(cols);
	if (sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		log_warn("sqlite: %s: %s", t->name, sqlite3_errmsg(c->db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, (int)i)) {
			case SQLITE_NULL:
				vals[i] = NULL;
				break;
			case SQLITE_FLOAT:
				real_text(sqlite3_column_double(st, (int)i),
				    reals[i], sizeof(reals[i]));
				vals[i] = reals[i];
				break;
			default:
				vals[i] = (const char *)sqlite3_column_text(st,
				    (int)i);
			}
		}
		if ((rc = row(arg, vals)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		log_warn("sqlite: %s: %s", t->name, sqlite3_errmsg(c->db));
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	buf_free(&sql);
	return rc;
}

static struct store_load *
sq_load_begin(void *conn, const struct store_table *t)
{
	struct sqlite_conn *c = conn;
	struct store_load *l = xcalloc(1, sizeof(*l));
	struct buf sql;
	char *cols;
	size_t i;

	cols = store_table_cols(t, &l->n);
	buf_init(&sql, 0);
	buf_printf(&sql, "INSERT INTO \"%s\" (%s) VALUES (", t->name, cols);
	for (i = 0; i < l->n; i++)
		buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 1);
	buf_putc(&sql, ')');
	free(cols);
	l->db = c->db;
	if (sqlite3_prepare_v2(c->db, sql.data, -1, &l->st, NULL) != SQLITE_OK) {
		log_warn("sqlite: %s: %s", t->name, sqlite3_errmsg(c->db));
		sqlite3_finalize(l->st);
		free(l);
		l = NULL;
	}
	buf_free(&sql);
	return l;
}

/* Text goes in as text; the columns' affinity makes numbers of it. */
static int
sq_load_row(struct store_load *l, const char *const *vals)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++)
		if (vals[i] == NULL)
			sqlite3_bind_null(l->st, (int)i + 1);
		else
			sqlite3_bind_text(l->st, (int)i + 1, vals[i], -1,
			    SQLITE_STATIC);
	rc = sqlite3_step(l->st);
	sqlite3_reset(l->st);
	if (rc != SQLITE_DONE) {
		log_warn("sqlite: %s", sqlite3_errmsg(l->db));
		return -1;
	}
	return 0;
}

static int
sq_load_end(struct store_load *l, int abandon)
{
	(void)abandon;	/* the rows went in one by one: the rollback undoes */
	if (l == NULL)
		return -1;
	sqlite3_finalize(l->st);
	free(l);
	return 0;
}

/* A rowid, and AUTOINCREMENT's sqlite_sequence, follow inserted ids. */
static int
sq_ids_past(void *conn, const struct store_table *t)
{
	(void)conn;
	(void)t;
	return 0;
}

const struct store_backend store_backend_sqlite = {
	.name = "sqlite",
	.one_writer = 1,
	.local = 1,
	.open = sq_open,
	.close = sq_close,
	.migrate = sq_migrate,
	.version = sq_version,
	.check = sq_check,
	.begin_write = sq_begin_write,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.query = sq_query,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.done = sq_done,
	.exec = sq_exec,
	.savepoint = sq_savepoint,
	.release = sq_release,
	.undo = sq_undo,
	.wait = sq_wait,
	.latest = sq_latest,
	.begin_read = sq_begin_read,
	.end_read = sq_end_read,
	.tables = sq_tables,
	.columns = sq_columns,
	.count = sq_count,
	.rows_out = sq_rows_out,
	.load_begin = sq_load_begin,
	.load_row = sq_load_row,
	.load_end = sq_load_end,
	.ids_past = sq_ids_past,
};
