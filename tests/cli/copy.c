/* copy.c: convene copy moves the demo into PostgreSQL: the same answers, sign-in and tokens work, a second copy is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#define BIN "build/san/convene"
#define MAX_PATHS 1024
#define SECRET_SZ 64
#define TEST_DIR "/tmp/convene-copy-XXXXXX"

#include "server.h"

/* What a failed test leaves behind is ended and freed by cleanup(). */
static pid_t servers[2];
static char *paths[MAX_PATHS];
static size_t npaths;

/* After each test: its servers ended, its paths freed, pass or fail. */
static int
cleanup(void **state)
{
	size_t i;
	int status;

	(void)state;
	for (i = 0; i < 2; i++)
		if (servers[i] > 0) {
			kill(servers[i], SIGKILL);
			waitpid(servers[i], &status, 0);
			servers[i] = 0;
		}
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	npaths = 0;
	return 0;
}

/* The PostgreSQL server to test against, or NULL: then the test skips. */
static const char *
pg_base(void)
{
	const char *u = getenv("CONVENE_TEST_PG");

	if (u == NULL || *u == '\0') {
		printf("copy: CONVENE_TEST_PG is not set; this test needs "
		    "PostgreSQL (scripts/pg-test start DIR): skipped\n");
		return NULL;
	}
	return u;
}

/* Runs cmd with sh; its output (both streams, unless cmd sends one
 * elsewhere in parentheses) in out; the exit status. */
static int
run(const char *cmd, char *out, size_t outsz)
{
	char full[2048];
	size_t n;
	FILE *f;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	f = popen(full, "r");
	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A fresh database on the server; its URI in uri. */
static void
fresh_db(const char *base, const char *name, char *uri, size_t sz)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "(scripts/pg-test createdb '%s' %s_%ld "
	    "2>/dev/null)", base, name, (long)getpid());
	if (run(cmd, uri, sz) != 0 || strncmp(uri, "postgres", 8) != 0)
		fail_msg("cannot create a database: %s", uri);
}

/* The demo in dir/name, with an API token for kat made before any copy. */
static void
demo(const char *name, char *db, size_t dbsz, char *token, size_t toksz)
{
	char cmd[512], out[512];

	snprintf(db, dbsz, "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s", db);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("demo failed: %s", out);
	snprintf(cmd, sizeof(cmd), "(" BIN " user token kat --db %s "
	    "2>/dev/null)", db);
	if (run(cmd, token, toksz) != 0 || strlen(token) < 16 ||
	    strchr(token, ' ') != NULL)
		fail_msg("user token failed: %s", token);
}

/* The one column of stmt's rows, each appended to paths after prefix. */
static void
paths_from(const char *db, const char *stmt, const char *prefix)
{
	char cmd[1024], line[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' \"%s\"", db, stmt);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		assert_true(npaths < MAX_PATHS);
		paths[npaths] = malloc(strlen(prefix) + strlen(line) + 1);
		assert_non_null(paths[npaths]);
		sprintf(paths[npaths], "%s%s", prefix, line);
		npaths++;
	}
	assert_int_equal(pclose(f), 0);
}

/* Ticket paths of db: the codes are only in their sealed boxes, which the
 * ticket key (the file CONVENE_TICKET_KEY_FILE names) opens. */
static void
ticket_paths(const char *db)
{
	const char *kf = getenv("CONVENE_TICKET_KEY_FILE");
	unsigned char key[32], box[256];
	char cmd[1024], line[600], hex[80], code[128];
	size_t len, blen;
	FILE *f;

	assert_non_null(kf);
	assert_non_null(f = fopen(kf, "r"));
	assert_non_null(fgets(hex, sizeof(hex), f));
	fclose(f);
	assert_int_equal(sodium_hex2bin(key, sizeof(key), hex, 64, NULL, &len,
	    NULL), 0);
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' \"SELECT secret_box "
	    "FROM registrations\"", db);
	assert_non_null(f = popen(cmd, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		assert_int_equal(sodium_hex2bin(box, sizeof(box), line,
		    strlen(line), NULL, &blen, NULL), 0);
		assert_true(blen > crypto_secretbox_NONCEBYTES +
		    crypto_secretbox_MACBYTES);
		blen -= crypto_secretbox_NONCEBYTES;
		assert_int_equal(crypto_secretbox_open_easy((unsigned char *)code,
		    box + crypto_secretbox_NONCEBYTES, blen, box, key), 0);
		code[blen - crypto_secretbox_MACBYTES] = '\0';
		assert_true(npaths < MAX_PATHS);
		paths[npaths] = malloc(strlen(code) + 20);
		assert_non_null(paths[npaths]);
		sprintf(paths[npaths], "/api/v1/tickets/%s", code);
		npaths++;
	}
	assert_int_equal(pclose(f), 0);
}

static long
sql_long(const char *db, const char *stmt)
{
	char cmd[1024], out[64];

	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' \"%s\"", db, stmt);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("sqlite3 '%s': %s", stmt, out);
	return strtol(out, NULL, 10);
}

/*
 * One request on c (a handle that keeps its cookies): GET, or POST of form
 * when not NULL (JSON when it starts with '{'), with the bearer token when
 * not NULL. The status; the body
 * in *b, which the caller frees.
 */
static long
request(CURL *c, int port, const char *path, const char *token,
    const char *form, struct dbuf *b)
{
	struct curl_slist *h = NULL;
	char url[512], hdr[256];
	long code = 0;

	b->p = NULL;
	b->len = 0;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	if (token != NULL) {
		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, hdr);
	}
	if (form != NULL) {
		snprintf(hdr, sizeof(hdr), "Origin: http://127.0.0.1:%d", port);
		h = curl_slist_append(h, hdr);
		if (form[0] == '{')
			h = curl_slist_append(h,
			    "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	} else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	if (b->p == NULL) {
		b->p = calloc(1, 1);
		assert_non_null(b->p);
	}
	return code;
}

static long
get_on(int port, const char *path, const char *token, struct dbuf *b)
{
	CURL *c = curl_easy_init();
	long code;

	assert_non_null(c);
	code = request(c, port, path, token, NULL, b);
	curl_easy_cleanup(c);
	return code;
}

/* The same status and the same bytes from both servers. */
static void
same_answer(int p1, int p2, const char *path, const char *token)
{
	struct dbuf a, b;
	long ca = get_on(p1, path, token, &a), cb = get_on(p2, path, token, &b);

	char msg[1024] = "";

	if (ca != cb || a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
		snprintf(msg, sizeof(msg), "%s: SQLite answered %ld (%zu bytes: "
		    "%.300s), PostgreSQL %ld (%zu bytes: %.300s)", path, ca,
		    a.len, a.p, cb, b.len, b.p);
	else if (ca != 200)
		snprintf(msg, sizeof(msg), "%s: %ld on both", path, ca);
	free(a.p);
	free(b.p);
	if (msg[0] != '\0')
		fail_msg("%s", msg);
}

/* The demo, copied, answers the same on both; sign-in and its token work. */
static void
test_copy_demo(void **state)
{
	const char *base = pg_base();
	char db[128], uri[256], token[128], cmd[1024], out[4096], want[64];
	char log1[128], log2[128];
	char *staff[] = { "/api/v1/audit", "/api/v1/users",
	    "/api/v1/lists/organizations", "/api/v1/lists/venues",
	    "/api/v1/reports/trained?by=sector&from=2019-01-01&to=2030-12-31" };
	struct dbuf b;
	size_t i;
	int p1, p2;
	long code, sid, maxid;
	CURL *c;

	(void)state;
	if (base == NULL)
		skip();
	demo("demo.db", db, sizeof(db), token, sizeof(token));
	fresh_db(base, "copy_demo", uri, sizeof(uri));
	/* A key file holding another key: refused, nothing copied. */
	{
		char other[160];
		FILE *f;

		snprintf(other, sizeof(other), "%s/other.key", dir);
		assert_non_null(f = fopen(other, "w"));
		fprintf(f, "%064d\n", 7);
		fclose(f);
		snprintf(cmd, sizeof(cmd), BIN " copy --from %s --to %s --key %s",
		    db, uri, other);
		assert_int_not_equal(run(cmd, out, sizeof(out)), 0);
		assert_non_null(strstr(out, "another ticket key"));
	}
	snprintf(cmd, sizeof(cmd), BIN " copy --from %s --to %s", db, uri);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("copy failed: %s", out);
	snprintf(want, sizeof(want), "registrations: %ld\n", sql_long(db,
	    "SELECT count(*) FROM registrations"));
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "row counts match"));

	paths_from(db, "SELECT '/api/v1/events' UNION ALL SELECT "
	    "'/calendar.ics'", "");
	paths_from(db, "SELECT id FROM events", "/api/v1/events/");
	paths_from(db, "SELECT id FROM sessions", "/api/v1/sessions/");
	ticket_paths(db);
	paths_from(db, "SELECT code FROM certificates",
	    "/api/v1/certificates/");
	paths_from(db, "SELECT join_code FROM sessions WHERE join_code IS NOT "
	    "NULL", "/api/v1/qa/");
	assert_true(npaths > 100);

	snprintf(log1, sizeof(log1), "%s/sqlite.log", dir);
	snprintf(log2, sizeof(log2), "%s/pg.log", dir);
	servers[0] = start(db, log1, &p1);
	servers[1] = start(uri, log2, &p2);
	for (i = 0; i < npaths; i++)
		same_answer(p1, p2, paths[i], NULL);
	/* The token made on SQLite works on the copy, for the same answers. */
	for (i = 0; i < sizeof(staff) / sizeof(staff[0]); i++)
		same_answer(p1, p2, staff[i], token);
	assert_int_equal(get_on(p2, "/api/v1/audit", NULL, &b), 401);
	free(b.p);

	/* The demo's password signs in on the copy; a wrong one does not. */
	c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	code = request(c, p2, "/staff/login", NULL,
	    "name=kat&password=wrong-password-here", &b);
	free(b.p);
	assert_int_equal(code, 401);
	code = request(c, p2, "/staff/login", NULL,
	    "name=kat&password=montana-demo-2027", &b);
	free(b.p);
	assert_int_equal(code, 303);
	code = request(c, p2, "/staff", NULL, NULL, &b);
	free(b.p);
	assert_int_equal(code, 200);
	curl_easy_cleanup(c);

	/* A new registration on the copy takes the id after the copied ones. */
	sid = sql_long(db, "WITH now(t) AS (SELECT CAST(strftime('%s', 'now') "
	    "AS INTEGER)) SELECT coalesce(min(id), 0) FROM sessions, now "
	    "WHERE audience = 'public' AND cancelled = 0 AND starts_at > t AND "
	    "coalesce(reg_opens_at, 0) <= t AND coalesce(reg_closes_at, "
	    "starts_at) > t");
	maxid = sql_long(db, "SELECT max(id) FROM registrations");
	if (sid == 0)
		printf("copy: the demo has no public session open to register "
		    "at; the new id is not checked\n");
	else {
		char path[64], idtext[32];

		snprintf(path, sizeof(path), "/api/v1/sessions/%ld/"
		    "registrations", sid);
		c = curl_easy_init();
		assert_non_null(c);
		code = request(c, p2, path, NULL, "{}", &b);
		curl_easy_cleanup(c);
		snprintf(idtext, sizeof(idtext), "\"id\":%ld,", maxid + 1);
		snprintf(out, sizeof(out), "%s", b.p);
		free(b.p);
		if (code != 201 || strstr(out, idtext) == NULL)
			fail_msg("registering on the copy: %ld %s (wanted %s)",
			    code, out, idtext);
	}
	stop(servers[0], log1);
	servers[0] = 0;
	stop(servers[1], log2);
	servers[1] = 0;
}

/* A target with rows in it, and a source not at this schema, are refused. */
static void
test_copy_refusals(void **state)
{
	const char *base = pg_base();
	char db[128], old[160], uri[256], token[128], cmd[1024], out[4096];

	(void)state;
	if (base == NULL)
		skip();
	demo("refuse.db", db, sizeof(db), token, sizeof(token));
	fresh_db(base, "copy_twice", uri, sizeof(uri));
	snprintf(cmd, sizeof(cmd), BIN " copy --from %s --to %s", db, uri);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("first copy failed: %s", out);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	if (strstr(out, "is not empty") == NULL)
		fail_msg("second copy: %s", out);

	/* An older schema: nothing is written to the target, and the
	 * message says how to bring the file up to date. */
	snprintf(old, sizeof(old), "%s/old.db", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s && sqlite3 %s 'DELETE FROM "
	    "schema_migrations WHERE version = (SELECT max(version) FROM "
	    "schema_migrations)'", db, old, old);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	fresh_db(base, "copy_old", uri, sizeof(uri));
	snprintf(cmd, sizeof(cmd), BIN " copy --from %s --to %s", old, uri);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	if (strstr(out, "convene init --db") == NULL)
		fail_msg("old schema: %s", out);

	/* Not a database at all. */
	snprintf(cmd, sizeof(cmd), "echo hello > %s/text.db && " BIN " copy "
	    "--from %s/text.db --to %s", dir, dir, uri);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	if (strstr(out, "cannot read") == NULL)
		fail_msg("not a database: %s", out);
}

/* Wrong arguments exit 2 without touching any database; --help exits 0. */
static void
test_copy_usage(void **state)
{
	char out[2048];

	(void)state;
	assert_int_equal(run(BIN " copy --help", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "usage: convene copy"));
	assert_int_equal(run(BIN " copy", out, sizeof(out)), 2);
	assert_int_equal(run(BIN " copy --from a.db", out, sizeof(out)), 2);
	assert_int_equal(run(BIN " copy --from a.db --to b.db", out,
	    sizeof(out)), 2);
	assert_non_null(strstr(out, "postgresql://"));
	assert_int_equal(run(BIN " copy --from postgresql://x/y --to "
	    "postgresql://x/z", out, sizeof(out)), 2);
	assert_int_equal(run(BIN " copy --from a.db --to postgres://x/y extra",
	    out, sizeof(out)), 2);
	assert_int_equal(run(BIN " copy --from /nonexistent/a.db --to "
	    "postgres://127.0.0.1:1/x", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "does not exist"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_usage),
		cmocka_unit_test_teardown(test_copy_demo, cleanup),
		cmocka_unit_test(test_copy_refusals),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("copy", tests, setup, teardown);
}
