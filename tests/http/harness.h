/* harness.h: an in-process convene server on port 0 with a temporary database,
 * and libcurl helpers to drive it. Included by each HTTP test file. */
#ifndef CONVENE_TEST_HARNESS_H
#define CONVENE_TEST_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "core.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "app.h"
#include "web.h"
#include "cache.h"

struct th {
	char			 dir[64];
	char			 db[128];
	struct http_server	*srv;
	struct web_ctx		 ctx;
	char			 base[64];
	struct store		*s;	/* for fixtures, outside the server's pool */
};

/* The server of the test file, started by th_setup or a file's own setup. */
static struct th *T;

struct resp {
	long		 status;
	struct buf	 body;
	struct buf	 headers;
};

static size_t
th_write(char *p, size_t sz, size_t n, void *arg)
{
	buf_append(arg, p, sz * n);
	return sz * n;
}

/*
 * The backend under test: SQLite in the test's folder, or, when
 * CONVENE_TEST_PG holds a server's URI (scripts/pg-test), a fresh database
 * on that PostgreSQL server.
 */
static int
th_pg(void)
{
	const char *u = getenv("CONVENE_TEST_PG");

	return u != NULL && *u != '\0';
}

static void
th_database(struct th *t)
{
	static int n;
	const char *base = getenv("CONVENE_TEST_PG");
	char sql[128], name[64];
	const char *slash;
	PGconn *c;
	PGresult *r;

	if (!th_pg()) {
		snprintf(t->db, sizeof(t->db), "%s/test.db", t->dir);
		return;
	}
	/* PostgreSQL has no default ticket key file: each test its own. */
	snprintf(sql, sizeof(sql), "%s/ticket.key", t->dir);
	setenv("CONVENE_TICKET_KEY_FILE", sql, 1);
	snprintf(name, sizeof(name), "convene_t%ld_%d", (long)getpid(), n++);
	c = PQconnectdb(base);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("cannot create %s: %s", name, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	slash = strrchr(base, '/');
	assert_non_null(slash);
	snprintf(t->db, sizeof(t->db), "%.*s/%s", (int)(slash - base), base,
	    name);
}

/* Runs one SQL text on the test's database, outside the server: the
 * SQLite or the PostgreSQL spelling, whichever the backend is. */
__attribute__((unused)) static void
th_exec(struct th *t, const char *sqlite_sql, const char *pg_sql)
{
	if (th_pg()) {
		PGconn *c = PQconnectdb(t->db);
		PGresult *r;

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		r = PQexec(c, pg_sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK &&
		    PQresultStatus(r) != PGRES_TUPLES_OK)
			fail_msg("%s: %s", pg_sql, PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db;
		char *err = NULL;

		if (sqlite_sql == NULL)
			fail_msg("no SQLite text for this step");
		assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
		if (sqlite3_exec(db, sqlite_sql, NULL, NULL, &err) != SQLITE_OK)
			fail_msg("%s: %s", sqlite_sql ? sqlite_sql : "", err);
		sqlite3_close(db);
	}
}

/*
 * Calls fn on every non-null value of every table (as text), on either
 * backend; returns the number of tables.
 */
__attribute__((unused)) static int
th_each_value(struct th *t, void (*fn)(const char *table, const char *col,
    const char *v, void *arg), void *arg)
{
	int tables = 0;

	if (th_pg()) {
		PGconn *c = PQconnectdb(t->db);
		PGresult *names, *r;
		int i, row, col;

		assert_int_equal(PQstatus(c), CONNECTION_OK);
		names = PQexec(c, "SELECT tablename FROM pg_tables WHERE "
		    "schemaname = current_schema()");
		assert_int_equal(PQresultStatus(names), PGRES_TUPLES_OK);
		for (i = 0; i < PQntuples(names); i++) {
			char sql[160];
			const char *table = PQgetvalue(names, i, 0);

			snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", table);
			r = PQexec(c, sql);
			assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
			for (row = 0; row < PQntuples(r); row++)
				for (col = 0; col < PQnfields(r); col++)
					if (!PQgetisnull(r, row, col))
						fn(table, PQfname(r, col),
						    PQgetvalue(r, row, col), arg);
			PQclear(r);
			tables++;
		}
		PQclear(names);
		PQfinish(c);
	} else {
		sqlite3 *db;
		sqlite3_stmt *names, *st;
		int col;

		assert_int_equal(sqlite3_open_v2(t->db, &db,
		    SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM "
		    "sqlite_master WHERE type = 'table'", -1, &names, NULL),
		    SQLITE_OK);
		while (sqlite3_step(names) == SQLITE_ROW) {
			char sql[160];
			const char *table =
			    (const char *)sqlite3_column_text(names, 0);

			snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", table);
			assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st,
			    NULL), SQLITE_OK);
			while (sqlite3_step(st) == SQLITE_ROW)
				for (col = 0; col < sqlite3_column_count(st);
				    col++) {
					const char *v = (const char *)
					    sqlite3_column_text(st, col);

					if (v != NULL)
						fn(table, sqlite3_column_name(st,
						    col), v, arg);
				}
			sqlite3_finalize(st);
			tables++;
		}
		sqlite3_finalize(names);
		sqlite3_close(db);
	}
	return tables;
}

/* Starts a server on a fresh, migrated database, with the limits per
 * client address of lc (NULL: none, as for most suites). */
static struct th *
th_start_with(const struct limit_conf *lc)
{
	struct th *t = xcalloc(1, sizeof(*t));
	/* Writes on a lane of their own, as convene serve does. */
	struct http_server_conf conf = { "127.0.0.1:0", 2, 1, 0, 1, lc, 2 };
	struct http_app app;

	struct rlimit rl;

	/* The concurrency test holds both ends of hundreds of connections. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	log_quiet(1);
	assert_int_equal(sodium_init() < 0, 0);
	strcpy(t->dir, "/tmp/convene-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	th_database(t);
	t->s = store_open(t->db, STORE_CREATE);
	assert_non_null(t->s);
	assert_int_equal(store_migrate(t->s), 0);
	assert_int_equal(web_ctx_init(&t->ctx, t->s), 0);
	t->ctx.pool = store_pool_new(t->db, 6);
	assert_non_null(t->ctx.pool);
	app.ctx = &t->ctx;
	app.handle = web_handle;
	app.body_limit = web_body_limit;
	app.waits = web_waits;
	t->srv = http_server_start(&conf, &app);
	assert_non_null(t->srv);
	assert_int_equal(web_ctx_start(&t->ctx, t->srv, t->db), 0);
	snprintf(t->base, sizeof(t->base), "http://127.0.0.1:%u",
	    http_server_port(t->srv));
	return t;
}

__attribute__((unused)) static struct th *
th_start(void)
{
	return th_start_with(NULL);
}

/*
 * Fixtures write straight to the store in one open transaction, begun by
 * th_tx and committed before every request (th_commit), so the server
 * sees what a test set up and never waits for its lock.
 */
static struct store_tx *th_open_tx;

static void
th_commit(void)
{
	if (th_open_tx != NULL)
		assert_int_equal(store_tx_commit(th_open_tx), 0);
	th_open_tx = NULL;
}

__attribute__((unused)) static struct store_tx *
th_tx(struct th *t)
{
	if (th_open_tx == NULL)
		assert_non_null(th_open_tx = store_tx_begin(t->s));
	return th_open_tx;
}

/* The application layer on the test's own connection (for fixtures that
 * go through its rules); commits the open fixture transaction first. */
__attribute__((unused)) static struct app *
th_app(struct th *t)
{
	static struct app app;

	th_commit();
	memset(&app, 0, sizeof(app));
	app.store = t->s;
	app.now = t->ctx.now;
	app.mail = t->ctx.mail;
	return &app;
}

static void
th_stop(struct th *t)
{
	char cmd[256];

	th_commit();
	web_feed_stop(&t->ctx);
	http_server_stop(t->srv, 5000);
	web_ctx_stop(&t->ctx);
	store_pool_free(t->ctx.pool);
	store_close(t->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
}

__attribute__((unused)) static void
resp_free(struct resp *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
}

/* A configured easy handle for method and path; hdrs may be NULL. */
static CURL *
th_easy(struct th *t, const char *method, const char *path,
    const char *ctype, const char *body, struct curl_slist **hdrs,
    struct resp *r)
{
	CURL *c = curl_easy_init();
	char url[1024];

	th_commit();
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 0);
	buf_init(&r->headers, 0);
	snprintf(url, sizeof(url), "%s%s", t->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, th_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, th_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (ctype) {
		char h[256];

		snprintf(h, sizeof(h), "Content-Type: %s", ctype);
		*hdrs = curl_slist_append(*hdrs, h);
	}
	if (*hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	return c;
}

/* Performs one request; extra is one more header line or NULL. */
static void
th_req(struct th *t, const char *method, const char *path, const char *ctype,
    const char *body, const char *extra, struct resp *r)
{
	struct curl_slist *hdrs = NULL;
	CURL *c;

	if (extra)
		hdrs = curl_slist_append(hdrs, extra);
	c = th_easy(t, method, path, ctype, body, &hdrs, r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
}

__attribute__((unused)) static void
th_get(struct th *t, const char *path, struct resp *r)
{
	th_req(t, "GET", path, NULL, NULL, NULL, r);
}

__attribute__((unused)) static void
th_form(struct th *t, const char *path, const char *body, struct resp *r)
{
	th_req(t, "POST", path, "application/x-www-form-urlencoded", body,
	    NULL, r);
}

__attribute__((unused)) static void
th_json(struct th *t, const char *method, const char *path, const char *body,
    struct resp *r)
{
	th_req(t, method, path, body ? "application/json" : NULL, body, NULL,
	    r);
}

/* Value of a response header (case-insensitive name), copied into out. */
__attribute__((unused)) static int
th_header(const struct resp *r, const char *name, char *out, size_t outsz)
{
	const char *p = r->headers.data;
	size_t n = strlen(name);

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");

		if (eol == NULL)
			break;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			size_t len;

			while (*v == ' ')
				v++;
			len = (size_t)(eol - v);
			if (len >= outsz)
				len = outsz - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 0;
		}
		p = eol + 2;
	}
	return -1;
}

/* cmocka group set-up and tear-down for files that need nothing more. */
static inline int
th_setup(void **state)
{
	(void)state;
	T = th_start();
	return 0;
}

static inline int
th_teardown(void **state)
{
	(void)state;
	th_stop(T);
	return 0;
}

/* The body as JSON; fails the test when it is not. Caller decrefs. */
static inline json_t *
th_parse(const struct resp *r)
{
	json_error_t e;
	json_t *j = json_loads(r->body.data ? r->body.data : "", 0, &e);

	if (j == NULL)
		fail_msg("not JSON (%s): %s", e.text, r->body.data);
	return j;
}

/* The value of the first hidden csrf input of a page; -1 when none. */
static inline int
th_find_csrf(const char *html, char *out, size_t outsz)
{
	static const char key[] = "name=\"csrf\" value=\"";
	const char *p = html ? strstr(html, key) : NULL;
	size_t len;

	if (p == NULL)
		return -1;
	p += strlen(key);
	len = strcspn(p, "\"");
	if (len == 0 || len >= outsz)
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

/* Fixture: a venue and an event with one session; returns the session id. */
__attribute__((unused)) static int64_t
th_session(struct th *t, int audience, int64_t capacity, int64_t opens_at)
{
	struct store_session ss;
	int64_t venue, event, id, now = now_utc();

	assert_int_equal(store_venue_add(th_tx(t), "Test Hall", "1 Main St",
	    "Missoula", "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(t), "Test stop", "", venue, 0, now,
	    &event), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = audience == AUDIENCE_PUBLIC ? "Evening Q&A" : "Training";
	ss.audience = audience;
	ss.sectors = audience == AUDIENCE_PROFESSIONAL ?
	    (1u << SECTOR_LAW_ENFORCEMENT | 1u << SECTOR_MEDICAL) : 0;
	ss.capacity = capacity;
	ss.ce_hours = audience == AUDIENCE_PROFESSIONAL ? 4 : 0;
	ss.starts_at = now + 30 * 86400;
	ss.ends_at = ss.starts_at + 4 * 3600;
	ss.reg_opens_at = opens_at ? opens_at : now - 86400;
	assert_int_equal(store_session_add(th_tx(t), &ss, &id), STORE_OK);
	th_commit();
	cache_invalidate();	/* written behind the server's back */
	return id;
}

#endif
