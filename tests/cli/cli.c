/* cli.c: the convene command line as a person meets it: help, errors, exit statuses, signals, on SQLite or (CONVENE_TEST_PG) PostgreSQL. */
#include <glob.h>
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#define BIN "build/san/convene"
#define SECRET_SZ 64
#define TEST_DIR "/tmp/convene-cli-XXXXXX"

#include "server.h"

/* Runs cmd with sh, input on stdin; returns the exit status, output in out. */
static int
run(const char *cmd, const char *input, char *out, size_t outsz)
{
	char full[2048], file[128];
	FILE *f;
	size_t n;
	int st;

	snprintf(file, sizeof(file), "%s/out", dir);
	snprintf(full, sizeof(full), "printf '%%s' '%s' | %s >%s 2>&1",
	    input ? input : "", cmd, file);
	st = system(full);
	f = fopen(file, "r");
	n = f ? fread(out, 1, outsz - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * A database the test may create and fill, called name: a file in the
 * test's folder on SQLite, a new empty database on the PostgreSQL server
 * otherwise, as an operator would make one before convene init.
 */
static void
database(const char *name, char *out, size_t outsz)
{
	char cmd[512];
	size_t n;
	FILE *f;

	if (pg() == NULL) {
		snprintf(out, outsz, "%s/%s.db", dir, name);
		return;
	}
	/* Without psql's notice that there was nothing to drop. */
	snprintf(cmd, sizeof(cmd), "PGOPTIONS='-c client_min_messages=warning' "
	    "scripts/pg-test createdb '%s' "
	    "convene_cli_%ld_%s", pg(), (long)getpid(), name);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	if (pclose(f) != 0 || strncmp(out, "postgresql://", 13) != 0)
		fail_msg("cannot create the database %s: %s", name, out);
}

static void
test_help_and_version(void **state)
{
	const char *cmds[] = { "init", "serve", "demo", "user", "event",
	    "detect" };
	char out[4096], cmd[256];
	size_t i;

	(void)state;
	assert_int_equal(run(BIN " --version", NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "convene 0."));
	assert_int_equal(run(BIN " --help", NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "usage: convene"));
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(cmd, sizeof(cmd), BIN " %s --help", cmds[i]);
		assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
		assert_non_null(strstr(out, "usage: convene"));
		assert_non_null(strstr(out, cmds[i]));
	}
}

static void
test_usage_errors(void **state)
{
	const char *bad[] = {
		BIN,
		BIN " frobnicate",
		BIN " init --nope",
		BIN " init extra",
		BIN " serve --listen nonsense",
		BIN " serve --db",
		BIN " user add",
		BIN " user add kat",
		BIN " user add kat --role janitor",
		BIN " user remove kat",
		BIN " event",
		BIN " event delete",
		BIN " demo --listen 1.2.3.4",
		BIN " detect extra",
		BIN " detect --nope",
		BIN " detect --lang fr",
	};
	char out[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = run(bad[i], NULL, out, sizeof(out));

		if (rc != 2)
			fail_msg("'%s' exited %d, not 2: %s", bad[i], rc, out);
		/* One line of error, not a page of help. */
		if (strchr(out, '\n') != strrchr(out, '\n') && bad[i][sizeof(BIN) - 1] != '\0')
			fail_msg("'%s' printed more than one line: %s", bad[i], out);
	}
}

/*
 * On PostgreSQL there are no files: the cases become a server that does
 * not answer and a database that does not exist, which init does not
 * create (that is createdb's job, as the operator's).
 */
static void
missing_and_unreachable_pg(void)
{
	const char *gone = "postgresql://postgres@127.0.0.1:1/x";
	const char *base = pg(), *slash = strrchr(base, '/');
	char out[4096], cmd[512], none[256];

	assert_non_null(slash);
	snprintf(cmd, sizeof(cmd), BIN " serve --db %s --listen 127.0.0.1:0",
	    gone);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "cannot connect to PostgreSQL"));
	assert_non_null(strstr(out, "cannot open database"));
	snprintf(cmd, sizeof(cmd), BIN " event list --db %s", gone);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "cannot connect to PostgreSQL"));
	snprintf(cmd, sizeof(cmd), BIN " init --db %s", gone);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "cannot create database"));

	snprintf(none, sizeof(none), "%.*s/convene_cli_%ld_none",
	    (int)(slash - base), base, (long)getpid());
	snprintf(cmd, sizeof(cmd), BIN " serve --db %s --listen 127.0.0.1:0",
	    none);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "does not exist"));
	snprintf(cmd, sizeof(cmd), BIN " event list --db %s", none);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "does not exist"));
	snprintf(cmd, sizeof(cmd), BIN " init --db %s", none);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "cannot create database"));
	assert_non_null(strstr(out, "does not exist"));
	print_message("note: PostgreSQL has no file that is not a database: "
	    "the junk-file case runs on SQLite only\n");
}

static void
test_missing_and_unwritable_db(void **state)
{
	char out[4096], cmd[512];

	(void)state;
	if (pg() != NULL) {
		missing_and_unreachable_pg();
		return;
	}
	snprintf(cmd, sizeof(cmd), BIN " serve --db %s/missing.db --listen "
	    "127.0.0.1:0", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "does not exist"));
	snprintf(cmd, sizeof(cmd), BIN " event list --db %s/missing.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	/* A directory that does not exist cannot hold a new database. */
	snprintf(cmd, sizeof(cmd), BIN " init --db %s/no/such/dir/x.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "cannot create"));
	/* A file that is not a database. */
	snprintf(cmd, sizeof(cmd), "echo garbage > %s/junk.db && " BIN
	    " event list --db %s/junk.db", dir, dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
}

static void
test_init_twice_users_tokens_events(void **state)
{
	char out[4096], cmd[1024], c[256], d[256];

	(void)state;
	database("c", c, sizeof(c));
	database("d", d, sizeof(d));
	snprintf(cmd, sizeof(cmd), BIN " init --db %s", c);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "schema version "));
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "schema version "));

	snprintf(cmd, sizeof(cmd), BIN " user add kat --role coordinator,door "
	    "--db %s", c);
	assert_int_equal(run(cmd, "short\\n", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "at least 12"));
	assert_int_equal(run(cmd, "a long enough password\\n", out,
	    sizeof(out)), 0);
	assert_int_equal(run(cmd, "a long enough password\\n", out,
	    sizeof(out)), 1);
	assert_non_null(strstr(out, "already exists"));

	snprintf(cmd, sizeof(cmd), BIN " user token kat --db %s", c);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_true(strlen(out) >= 33);
	snprintf(cmd, sizeof(cmd), BIN " user token nobody --db %s", c);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no user named nobody"));

	snprintf(cmd, sizeof(cmd), BIN " event list --db %s", c);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "no events"));
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s && "
	    BIN " event list --db %s", d, d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "Missoula"));
	assert_non_null(strstr(out, "Whitefish"));
	assert_non_null(strstr(out, "9 January 2019"));
	/* The demo's events are public; a coordinator makes one a draft
	 * and publishes it again. */
	assert_null(strstr(out, "[draft]"));
	snprintf(cmd, sizeof(cmd), BIN " event draft 1 --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "event 1 is a draft"));
	snprintf(cmd, sizeof(cmd), BIN " event list --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "[draft]"));
	snprintf(cmd, sizeof(cmd), BIN " event publish 1 --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "event 1 published"));
	snprintf(cmd, sizeof(cmd), BIN " event list --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_null(strstr(out, "[draft]"));
	snprintf(cmd, sizeof(cmd), BIN " event publish 999 --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no event 999"));
	snprintf(cmd, sizeof(cmd), BIN " event publish x --db %s", d);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 2);

	/* Again: a file is replaced, a server's tables are left alone. */
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s", d);
	if (pg() == NULL)
		assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	else {
		assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
		assert_non_null(strstr(out, "needs an empty one"));
	}
}

/* The commands that read and change a loaded database, on the demo. */
static void
test_report_purge_outbox_certify(void **state)
{
	char out[4096], cmd[1024], db[256];

	(void)state;
	database("r", db, sizeof(db));
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " report --from 2019-01-01 --to "
	    "2019-12-31 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "people trained (unduplicated)"));
	snprintf(cmd, sizeof(cmd), BIN " report --from 2019-01-01 --to "
	    "2019-12-31 --by county --format csv --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\"county\",\"people\""));
	assert_non_null(strstr(out, "\"Missoula\""));
	/* Federal fiscal quarters: the January 2019 stop is in FY2019 Q2
	 * (January to March), nobody in Q1 (October to December 2018). */
	{
		char dates[4096];

		snprintf(cmd, sizeof(cmd), BIN " report --from 2019-01-01 --to "
		    "2019-03-31 --db %s", db);
		assert_int_equal(run(cmd, NULL, dates, sizeof(dates)), 0);
		snprintf(cmd, sizeof(cmd), BIN " report --period FY2019-Q2 "
		    "--db %s", db);
		assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
		assert_string_equal(out, dates);
		assert_null(strstr(out, "\n0 people trained"));
	}
	/* The demo has a stop earlier in this fiscal year: its report, the
	 * one the page opens on, has people, certificates and pairs. */
	{
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		snprintf(cmd, sizeof(cmd), BIN " report --period FY%d --db %s",
		    tm.tm_mon >= 9 ? tm.tm_year + 1901 : tm.tm_year + 1900, db);
		assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
		assert_null(strstr(out, "\n0 people trained"));
		assert_null(strstr(out, " 0 certificates"));
		assert_null(strstr(out, "no paired pre- and post-tests"));
	}
	snprintf(cmd, sizeof(cmd), BIN " report --period FY2019-Q1 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\n0 people trained"));
	/* A funder's discipline names, as a coordinator set them. */
	snprintf(cmd, sizeof(cmd), BIN " report --period FY2019-Q2 --funder "
	    "BJA --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no funder 'BJA'"));
	if (pg() != NULL)
		snprintf(cmd, sizeof(cmd), "psql -q -v ON_ERROR_STOP=1 '%s' -c "
		    "\"INSERT INTO funder_names (funder, sector, name) VALUES "
		    "('BJA', 'law_enforcement', 'Law Enforcement (federal, state, "
		    "local, tribal)')\"", db);
	else
		snprintf(cmd, sizeof(cmd), "sqlite3 %s \"INSERT INTO "
		    "funder_names (funder, sector, name) VALUES ('BJA', "
		    "'law_enforcement', 'Law Enforcement (federal, state, local, "
		    "tribal)')\"", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " report --period FY2019-Q2 --funder "
	    "BJA --format csv --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\"Law Enforcement (federal, state, local, "
	    "tribal)\""));
	assert_null(strstr(out, "\"law_enforcement\""));
	snprintf(cmd, sizeof(cmd), BIN " report --period FY19 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 2);
	snprintf(cmd, sizeof(cmd), BIN " report --period 2019 --from 2019-01-01 "
	    "--to 2019-02-01 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 2);
	snprintf(cmd, sizeof(cmd), BIN " outbox --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "certificate"));
	/* Session 11 is the demo's 2019 training, certified as it loads. */
	snprintf(cmd, sizeof(cmd), BIN " certify 11 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "already issued"));
	snprintf(cmd, sizeof(cmd), BIN " certify 999 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no session 999"));
	snprintf(cmd, sizeof(cmd), BIN " purge --days 30 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "cleared the personal data of"));

	/* The provider and a board's statement, chosen by session 11. */
	snprintf(cmd, sizeof(cmd), BIN " approval provider 'Missoula Human "
	    "Trafficking Task Force' --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), BIN " approval add 'Montana POST' "
	    "'Approved by the POST Council for [Provider].' --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "statement 1 saved"));
	snprintf(cmd, sizeof(cmd), BIN " approval add '' 'x' --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 2);
	snprintf(cmd, sizeof(cmd), BIN " approval session 11 1=MT-POST-0042 "
	    "--db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "course MT-POST-0042"));
	snprintf(cmd, sizeof(cmd), BIN " approval list --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "provider: Missoula Human Trafficking "
	    "Task Force"));
	assert_non_null(strstr(out, "Montana POST"));
	snprintf(cmd, sizeof(cmd), BIN " approval session 11 99 --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	snprintf(cmd, sizeof(cmd), BIN " approval frobnicate --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 2);
	/* Reminders: once each, however often it runs. */
	snprintf(cmd, sizeof(cmd), BIN " remind --db %s", db);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "queued "));
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "queued 0 reminders"));
}

static size_t
sink(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

/* Starts serve on db (with a config file, or NULL), its log in log, and
 * waits for the port it says it listens on. */
static pid_t
serve(const char *db, const char *log, const char *conf, int *port)
{
	char line[512];
	pid_t pid = fork();
	FILE *f;
	int i;

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		if (conf != NULL)
			execl(BIN, BIN, "serve", "--db", db, "--listen",
			    "127.0.0.1:0", "--config", conf, (char *)NULL);
		else
			execl(BIN, BIN, "serve", "--db", db, "--listen",
			    "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	*port = 0;
	for (i = 0; i < 200 && *port == 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		if ((f = fopen(log, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "convene: listening on "
			    "http://127.0.0.1:%d", port) == 1)
				break;
		fclose(f);
	}
	assert_true(*port > 0);
	return pid;
}

/* Every serve option can come from the file's [serve] section. */
static void
test_serve_from_config(void **state)
{
	char db[256], log[128], conf[128], line[1024], out[2048], url[256];
	int status, port = 0, i;
	pid_t pid;
	FILE *f;
	CURL *c;
	long code = 0;
	static const struct {
		const char	*text, *says;
		int		 rc;
	} bad[] = {
		{ "[serve]\nthreads = 0\n", "line 2", 1 },
		{ "[serve]\nconnection_memory = 65\n", "line 2", 1 },
		{ "[serve]\nbehind_tls = perhaps\n", "line 2", 1 },
		{ "[serve]\nport = 8080\n", "unknown setting [serve] port", 1 },
		{ "[serve]\nlisten = nowhere\n", "[serve] listen", 2 },
		{ "[serve]\ntrusted_proxy = proxy.example.org\n",
		    "[serve] trusted_proxy", 2 },
		{ "[site]\ncors_origins = https://a.example.org/path\n",
		    "cors_origins", 1 },
		{ "[site]\ncors_origins = partner.example.org\n",
		    "cors_origins", 1 },
	};

	(void)state;
	database("cf", db, sizeof(db));
	snprintf(line, sizeof(line), BIN " init --db %s >/dev/null", db);
	assert_int_equal(system(line), 0);
	snprintf(conf, sizeof(conf), "%s/serve.ini", dir);
	assert_non_null(f = fopen(conf, "w"));
	fprintf(f, "[serve]\ndb = %s\nlisten = 127.0.0.1:0\nbehind_tls = yes\n"
	    "trusted_proxy = 127.0.0.1\nthreads = 4\nconnection_memory = 16\n"
	    "[site]\nbase_url = https://convene.example.org\n"
	    "cors_origins = https://partner.example.org, http://localhost:3000\n",
	    db);
	fclose(f);
	snprintf(log, sizeof(log), "%s/serve-conf.log", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		/* No --db, no --listen: the file says both. */
		execl(BIN, BIN, "serve", "--config", conf, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200 && port == 0; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		if ((f = fopen(log, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "convene: listening on "
			    "http://127.0.0.1:%d", &port) == 1)
				break;
		fclose(f);
	}
	if (port <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		snprintf(line, sizeof(line), "cat %s", log);
		run(line, NULL, out, sizeof(out));
		fail_msg("serve --config did not listen: %s", out);
	}
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	assert_int_equal(code, 200);
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* A wrong value names itself; nothing is served. */
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		assert_non_null(f = fopen(conf, "w"));
		fprintf(f, "%s", bad[i].text);
		fclose(f);
		snprintf(line, sizeof(line), BIN " serve --db %s --config %s", db,
		    conf);
		assert_int_equal(run(line, NULL, out, sizeof(out)), bad[i].rc);
		if (strstr(out, bad[i].says) == NULL)
			fail_msg("for %s serve said: %s", bad[i].text, out);
	}
}

/* serve prints its address, answers, and exits 0 on SIGTERM. */
/* Sends req on a connection of its own; its answer must begin with want. */
static void
raw_request(int port, const char *req, const char *want)
{
	struct sockaddr_in sa;
	char got[256];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	n = read(fd, got, sizeof(got) - 1);
	close(fd);
	assert_true(n > 0);
	got[n] = '\0';
	if (strncmp(got, want, strlen(want)) != 0)
		fail_msg("%s answered %.40s", req, got);
}

static void
test_serve_stops_cleanly(void **state)
{
	char db[256], log[128], line[512] = "", url[256];
	int status, port = 0;
	pid_t pid;
	CURL *c;
	long code = 0;

	(void)state;
	database("s", db, sizeof(db));
	snprintf(log, sizeof(log), "%s/serve.log", dir);
	snprintf(line, sizeof(line), BIN " init --db %s >/dev/null", db);
	assert_int_equal(system(line), 0);
	pid = serve(db, log, NULL, &port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	assert_int_equal(code, 200);
	/* Requests the library refuses itself are the client's mistakes,
	 * answered 400 or 413, and not errors in the server's log. */
	raw_request(port, "POST /api/v1/events HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: -1\r\n\r\n", "HTTP/1.1 400");
	raw_request(port, "POST /api/v1/events HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: abc\r\n\r\n", "HTTP/1.1 400");
	raw_request(port, "POST /api/v1/events HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: 99999999999999999999999\r\n\r\n", "HTTP/1.1 413");
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	{
		FILE *f = fopen(log, "r");

		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "convene error") != NULL)
				fail_msg("logged: %s", line);
		fclose(f);
	}
}

/*
 * A port another program holds: serve says so with the address it was
 * given, exits 1 at once, and leaves nothing behind (under ASan a leak
 * would change the exit status).
 */
static void
test_serve_port_in_use(void **state)
{
	char db[256], cmd[512], out[4096], want[64];
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, one = 1;

	(void)state;
	database("busy", db, sizeof(db));
	snprintf(cmd, sizeof(cmd), BIN " init --db %s >/dev/null", db);
	assert_int_equal(system(cmd), 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(cmd, sizeof(cmd), "timeout 20 " BIN " serve --db %s "
	    "--listen 127.0.0.1:%u", db, (unsigned)ntohs(sa.sin_port));
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	snprintf(want, sizeof(want), "cannot listen on 127.0.0.1:%u",
	    (unsigned)ntohs(sa.sin_port));
	assert_non_null(strstr(out, want));
	assert_null(strstr(out, "port 0"));
	assert_null(strstr(out, "LeakSanitizer"));
	close(fd);
}

/*
 * A mail server that accepts and then never answers must not keep serve
 * from stopping: SIGTERM while the sender waits on it exits within 10 s.
 */
static void
test_stop_with_hanging_smtp(void **state)
{
	char db[256], log[128], conf[128], line[512] = "", url[256];
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct timespec t0, t1;
	int status, i, port = 0, hole, smtp_port, rc = 0;
	pid_t pid;
	FILE *f;
	CURL *c;
	long code = 0;

	(void)state;
	/* The black hole: connections queue in its backlog, unanswered. */
	hole = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(hole, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(hole, 16), 0);
	assert_int_equal(getsockname(hole, (struct sockaddr *)&sa, &len), 0);
	smtp_port = ntohs(sa.sin_port);
	snprintf(conf, sizeof(conf), "%s/hang.ini", dir);
	assert_non_null(f = fopen(conf, "w"));
	fprintf(f, "[smtp]\nhost = 127.0.0.1\nport = %d\nsecurity = none\n"
	    "from = convene@example.org\n", smtp_port);
	fclose(f);
	database("h", db, sizeof(db));
	snprintf(log, sizeof(log), "%s/hang.log", dir);
	snprintf(line, sizeof(line), BIN " demo --load-only --db %s >/dev/null",
	    db);
	assert_int_equal(system(line), 0);
	pid = serve(db, log, conf, &port);
	/* The demo's outbox already holds messages: give the sender a
	 * moment to be stuck on the first. */
	sleep(2);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	assert_int_equal(code, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	for (i = 0; i < 150; i++) {	/* up to 15 s, then it failed */
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		if ((rc = waitpid(pid, &status, WNOHANG)) == pid)
			break;
		nanosleep(&ts, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(hole);
		fail_msg("serve was still running 15 s after SIGTERM");
	}
	close(hole);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(t1.tv_sec - t0.tv_sec <= 10);
}

/* convene detect: a verdict, a reason and the question, a line each. */
static void
test_detect(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(run(BIN " detect",
	    "My boss keeps my passport\n"
	    "How do traffickers control their victims?\n"
	    "This speaker is a fucking idiot\n", out, sizeof(out)), 0);
	assert_string_equal(out,
	    "held disclosure\tpapers or pay held: \"keeps my passport\"\t"
	    "My boss keeps my passport\n"
	    "shown\t-\tHow do traffickers control their victims?\n"
	    "held abuse\tprofanity: \"fucking\"\t"
	    "This speaker is a fucking idiot\n");
	assert_int_equal(run(BIN " detect --lang en --words",
	    "I can\xe2\x80\x99t leave\n", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\ti can not leave\n"));
	/* Spanish, by default judged with every language's rules. */
	assert_int_equal(run(BIN " detect",
	    "el patr\xc3\xb3n tiene mi pasaporte\n"
	    "cuantas victimas hay en montana?\n", out, sizeof(out)), 0);
	assert_string_equal(out,
	    "held disclosure\tpapers or pay held: \"tiene mi pasaporte\"\t"
	    "el patr\xc3\xb3n tiene mi pasaporte\n"
	    "shown\t-\tcuantas victimas hay en montana?\n");
	assert_int_equal(run(BIN " detect --words", "no puedo salir\n", out,
	    sizeof(out)), 0);
	assert_non_null(strstr(out,
	    "\ten: no puedo salir es: no yo puedo salir\n"));
	/* One language's rules alone. */
	assert_int_equal(run(BIN " detect --lang en", "no puedo salir\n", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "shown\t-\tno puedo salir\n");
	assert_int_equal(run(BIN " detect --lang es --words", "no puedo salir\n",
	    out, sizeof(out)), 0);
	assert_non_null(strstr(out, "held disclosure\tnot free to leave: "));
	assert_non_null(strstr(out, "\tno yo puedo salir\n"));
	/* No input, no output. */
	assert_int_equal(run(BIN " detect", NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

/* With no key file named, the ticket key has a default: beside an SQLite
 * file, or for PostgreSQL in the user's state folder, named after the URI,
 * so every node on one machine finds it; another user's has none of it. */
static void
test_default_ticket_key(void **state)
{
	char db[512], cmd[2048], out[4096], path[600];
	struct stat st;
	glob_t g;

	(void)state;
	database("default_key", db, sizeof(db));
	snprintf(cmd, sizeof(cmd), "env -u CONVENE_TICKET_KEY_FILE -u "
	    "STATE_DIRECTORY -u XDG_STATE_HOME HOME=%s/home-a " BIN
	    " demo --load-only --db %s", dir, db);
	snprintf(path, sizeof(path), "%s/home-a", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/home-b", dir);
	mkdir(path, 0700);
	if (run(cmd, NULL, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	if (pg() != NULL)
		snprintf(path, sizeof(path),
		    "%s/home-a/.local/state/convene/ticket-*.key", dir);
	else
		snprintf(path, sizeof(path), "%s.key", db);
	assert_int_equal(glob(path, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	assert_int_equal(stat(g.gl_pathv[0], &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	globfree(&g);
	/* The same user finds it again; on PostgreSQL another user has none
	 * and is told so rather than given a new key for old tickets. */
	snprintf(cmd, sizeof(cmd), "env -u CONVENE_TICKET_KEY_FILE -u "
	    "STATE_DIRECTORY -u XDG_STATE_HOME HOME=%s/home-a " BIN
	    " init --db %s", dir, db);
	if (run(cmd, NULL, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	if (pg() != NULL) {
		snprintf(cmd, sizeof(cmd), "env -u CONVENE_TICKET_KEY_FILE -u "
		    "STATE_DIRECTORY -u XDG_STATE_HOME HOME=%s/home-b " BIN
		    " init --db %s", dir, db);
		assert_int_not_equal(run(cmd, NULL, out, sizeof(out)), 0);
		assert_non_null(strstr(out, "missing"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_missing_and_unwritable_db),
		cmocka_unit_test(test_init_twice_users_tokens_events),
		cmocka_unit_test(test_report_purge_outbox_certify),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_serve_stops_cleanly),
		cmocka_unit_test(test_serve_port_in_use),
		cmocka_unit_test(test_serve_from_config),
		cmocka_unit_test(test_stop_with_hanging_smtp),
		cmocka_unit_test(test_default_ticket_key),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	printf("cli: databases on %s\n", pg() ? pg() : "SQLite (files)");
	fflush(stdout);
	return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
