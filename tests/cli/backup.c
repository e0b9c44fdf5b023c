/* backup.c: convene backup during a registration burst gives a file that
 * passes PRAGMA integrity_check (the sqlite3 tool's) and holds every
 * registration acknowledged before it began; convene restore puts it back
 * after its checks and refuses while a server has the database open; on
 * PostgreSQL both refuse, pointing at pg_dump and pg_restore. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#define BIN "build/san/convene"

#define BURST     600	/* registrations attempted */
#define INFLIGHT  32	/* requests in flight at once */
#define BACKUP_AT 150	/* acknowledged registrations before the backup */
#define SECRET_SZ 64
#define TEST_DIR  "/tmp/convene-backup-XXXXXX"

#include "server.h"

static char acks[BURST][SECRET_SZ];
static size_t nacks;

/* Runs a shell command; its exit status, and its output (both streams) in
 * out. */
static int
run(const char *cmd, char *out, size_t outsz)
{
	char full[2048];
	size_t n;
	FILE *f;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	assert_non_null(f = popen(full, "r"));
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* One number from the sqlite3 tool (an outside reader of the file). */
static long
sqlite_long(const char *db, const char *stmt)
{
	char cmd[1024], out[256], *end;
	long v;

	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' \"%s\"", db, stmt);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	v = strtol(out, &end, 10);
	if (end == out || *end != '\0')
		fail_msg("%s answered '%s'", cmd, out);
	return v;
}

/*
 * Fires BURST registrations, INFLIGHT at a time; once BACKUP_AT are
 * acknowledged, starts `convene backup` and goes on registering while it
 * runs. *before: how many were acknowledged when it started; *during: how
 * many while it ran. Returns the backup's exit status.
 */
static int
burst_with_backup(int port, long session, const char *db, const char *to,
    size_t *before, size_t *during)
{
	CURLM *m = curl_multi_init();
	int running = 0, issued = 0, status = -1, done = 0;
	pid_t child = 0;
	char log[128];

	snprintf(log, sizeof(log), "%s/backup.log", dir);
	while (issued < INFLIGHT)
		add_request(m, port, session, "backup%d", issued++);
	for (;;) {
		struct xfer *x;
		long code;

		curl_multi_perform(m, &running);
		while ((x = xfer_next(m, &code)) != NULL) {
			if (code != 201)
				fail_msg("a registration answered %ld: %s", code,
				    x->resp);
			if (secret_of(x->resp, acks[nacks]) != 0)
				fail_msg("201 without a secret: %s", x->resp);
			nacks++;
			if (child != 0 && !done)
				(*during)++;
			xfer_free(m, x);
			if (issued < BURST)
				add_request(m, port, session, "backup%d",
				    issued++);
		}
		if (child == 0 && nacks >= BACKUP_AT) {
			/* What was acknowledged up to now must be in the copy. */
			*before = nacks;
			fflush(NULL);
			assert_true((child = fork()) >= 0);
			if (child == 0) {
				int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC,
				    0600);

				dup2(fd, 1);
				dup2(fd, 2);
				execl(BIN, BIN, "backup", "--db", db, "--to", to,
				    (char *)NULL);
				_exit(127);
			}
		}
		if (child != 0 && !done && waitpid(child, &status, WNOHANG) ==
		    child)
			done = 1;
		if (running == 0 && issued >= BURST) {
			curl_multi_perform(m, &running);
			if (running == 0)
				break;
		}
		curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	curl_multi_cleanup(m);
	if (child == 0)
		fail_msg("the backup never started");
	if (!done && waitpid(child, &status, 0) != child)
		fail_msg("lost the backup process");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char out[2048], cmd[256];

		snprintf(cmd, sizeof(cmd), "cat '%s'", log);
		run(cmd, out, sizeof(out));
		fail_msg("convene backup failed (%#x): %s", status, out);
	}
	return 0;
}

/* Every secret of acks[0..n) is a registration in the file db. */
static void
expect_secrets(const char *db, size_t n)
{
	char path[128], cmd[512], out[256];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/secrets.sql", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "CREATE TEMP TABLE want (secret TEXT);\n");
	/* The database keeps only the codes' hashes (BLAKE2b, hex). */
	for (i = 0; i < n; i++) {
		unsigned char h[32];
		char hex[65];

		crypto_generichash(h, sizeof(h), (const unsigned char *)acks[i],
		    strlen(acks[i]), NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		fprintf(f, "INSERT INTO want VALUES ('%s');\n", hex);
	}
	fprintf(f, "SELECT count(*) FROM want WHERE secret NOT IN "
	    "(SELECT secret_hash FROM registrations);\n");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' < '%s'", db, path);
	if (run(cmd, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	if (strcmp(out, "0") != 0)
		fail_msg("%s of %zu acknowledged registrations are missing "
		    "from %s", out, n, db);
}

static void
test_backup_during_burst(void **state)
{
	char db[128], to[128], log[128], cmd[1024], out[2048], url[256];
	size_t before = 0, during = 0;
	long session, capacity, in_backup, in_db;
	int port;
	pid_t pid;

	(void)state;
	if (pg() != NULL)
		skip();
	snprintf(db, sizeof(db), "%s/d.db", dir);
	snprintf(to, sizeof(to), "%s/backup.db", dir);
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s", db);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(log, sizeof(log), "%s/serve.log", dir);
	pid = start(db, log, &port);
	session = pick_session(port, &capacity);
	burst_with_backup(port, session, db, to, &before, &during);
	print_message("%zu acknowledged before the backup began, %zu while it "
	    "ran, %zu in all\n", before, during, nacks);

	/* The sqlite3 tool's verdict on the copy, and what it holds. */
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' 'PRAGMA "
	    "integrity_check'", to);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_string_equal(out, "ok");
	expect_secrets(to, before);
	in_backup = sqlite_long(to, "SELECT count(*) FROM registrations "
	    "WHERE email LIKE 'backup%'");
	assert_true(in_backup >= (long)before);
	assert_true(in_backup <= (long)nacks);
	{
		struct stat st;

		assert_int_equal(stat(to, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		/* The ticket key goes beside the copy: without it no ticket
		 * of the backup opens. */
		snprintf(cmd, sizeof(cmd), "%s.key", to);
		assert_int_equal(stat(cmd, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		snprintf(cmd, sizeof(cmd), "cmp '%s.key' '%s.key'", db, to);
		assert_int_equal(run(cmd, out, sizeof(out)), 0);
	}

	/* Not while the server has the database open. */
	snprintf(cmd, sizeof(cmd), BIN " restore --db %s --from %s", db, to);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	if (strstr(out, "in use") == NULL || strstr(out, "--force") == NULL)
		fail_msg("restore while serving said: %s", out);
	assert_int_equal(sqlite_long(db, "SELECT count(*) FROM registrations "
	    "WHERE email LIKE 'backup%'"), (long)nacks);
	stop(pid, log);

	/* Stopped, it goes back, with its ticket key even when the
	 * database's is lost; the previous content is kept. */
	snprintf(url, sizeof(url), "%s.key", db);
	assert_int_equal(unlink(url), 0);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "restored"));
	in_db = sqlite_long(db, "SELECT count(*) FROM registrations WHERE "
	    "email LIKE 'backup%'");
	assert_int_equal(in_db, in_backup);
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' 'PRAGMA "
	    "integrity_check'", db);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_string_equal(out, "ok");
	snprintf(cmd, sizeof(cmd), "%s.before-restore", db);
	assert_int_equal(sqlite_long(cmd, "SELECT count(*) FROM registrations "
	    "WHERE email LIKE 'backup%'"), (long)nacks);
	/* And it serves: the first ticket answers. */
	pid = start(db, log, &port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/tickets/%s",
	    port, acks[0]);
	assert_int_equal(get(url, NULL), 200);
	stop(pid, log);
}

static void
test_restore_refuses(void **state)
{
	char db[128], bad[128], cmd[1024], out[2048];

	(void)state;
	if (pg() != NULL)
		skip();
	snprintf(db, sizeof(db), "%s/r.db", dir);
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s", db);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);

	/* Not a convene database. */
	snprintf(bad, sizeof(bad), "%s/other.db", dir);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'CREATE TABLE t (x)'", bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " restore --db %s --from %s", db, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "not a convene database"));
	/* Not a database at all. */
	snprintf(bad, sizeof(bad), "%s/junk.db", dir);
	snprintf(cmd, sizeof(cmd), "head -c 8192 /dev/urandom > '%s'", bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " restore --db %s --from %s", db, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	/* A database damaged inside: integrity_check fails. */
	snprintf(bad, sizeof(bad), "%s/damaged.db", dir);
	/* Garbage over the cells of the registrations' root page. */
	snprintf(cmd, sizeof(cmd), BIN " backup --db %s --to %s >/dev/null && "
	    "p=$(sqlite3 '%s' \"SELECT rootpage FROM sqlite_master WHERE name = "
	    "'registrations'\") && dd if=/dev/urandom of='%s' bs=1 count=200 "
	    "seek=$(( (p - 1) * 4096 + 16 )) conv=notrunc 2>/dev/null", db, bad,
	    bad, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'PRAGMA integrity_check'",
	    bad);
	run(cmd, out, sizeof(out));
	assert_string_not_equal(out, "ok");
	snprintf(cmd, sizeof(cmd), BIN " restore --db %s --from %s", db, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "integrity_check"));
	/* Newer than this program. */
	snprintf(bad, sizeof(bad), "%s/newer.db", dir);
	snprintf(cmd, sizeof(cmd), BIN " backup --db %s --to %s && sqlite3 '%s' "
	    "'INSERT INTO schema_migrations (version, applied_at) VALUES "
	    "(9999, 0)'", db, bad, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " restore --db %s --from %s", db, bad);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "newer"));
	/* Usage. */
	assert_int_equal(run(BIN " restore", out, sizeof(out)), 2);
	assert_int_equal(run(BIN " backup", out, sizeof(out)), 2);
	snprintf(cmd, sizeof(cmd), BIN " backup --db %s --to %s", db, db);
	assert_int_equal(run(cmd, out, sizeof(out)), 2);
}

/* PostgreSQL has its own tools: both commands say so. */
static void
test_postgresql_refused(void **state)
{
	char cmd[1024], out[2048];
	const char *uri = pg() ? pg() : "postgresql://convene@localhost/convene";

	(void)state;
	snprintf(cmd, sizeof(cmd), BIN " backup --db '%s' --to %s/p.dump", uri,
	    dir);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "pg_dump"));
	snprintf(cmd, sizeof(cmd), BIN " restore --db '%s' --from %s/p.dump",
	    uri, dir);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "pg_restore"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_during_burst),
		cmocka_unit_test(test_restore_refuses),
		cmocka_unit_test(test_postgresql_refused),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("backup", tests, setup, teardown);
}
