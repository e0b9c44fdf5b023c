/* cli.c: the convene command line as a person meets it: help, errors, exit statuses, signals. */
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

#define BIN "build/san/convene"

static char dir[64];

/* Runs cmd with sh, input on stdin; returns the exit status, output in out. */
static int
run(const char *cmd, const char *input, char *out, size_t outsz)
{
	char full[1024], file[128];
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

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/convene-cli-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void
test_help_and_version(void **state)
{
	const char *cmds[] = { "init", "serve", "demo", "user", "event" };
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

static void
test_missing_and_unwritable_db(void **state)
{
	char out[4096], cmd[512];

	(void)state;
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
	char out[4096], cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), BIN " init --db %s/c.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "schema version "));
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "schema version "));

	snprintf(cmd, sizeof(cmd), BIN " user add kat --role coordinator,door "
	    "--db %s/c.db", dir);
	assert_int_equal(run(cmd, "short\\n", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "at least 12"));
	assert_int_equal(run(cmd, "a long enough password\\n", out,
	    sizeof(out)), 0);
	assert_int_equal(run(cmd, "a long enough password\\n", out,
	    sizeof(out)), 1);
	assert_non_null(strstr(out, "already exists"));

	snprintf(cmd, sizeof(cmd), BIN " user token kat --db %s/c.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_true(strlen(out) >= 33);
	snprintf(cmd, sizeof(cmd), BIN " user token nobody --db %s/c.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no user named nobody"));

	snprintf(cmd, sizeof(cmd), BIN " event list --db %s/c.db", dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "no events"));
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s/d.db && "
	    BIN " event list --db %s/d.db", dir, dir);
	assert_int_equal(run(cmd, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "Missoula"));
	assert_non_null(strstr(out, "Whitefish"));
	assert_non_null(strstr(out, "9 January 2019"));
}

static size_t
sink(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

/* serve prints its address, answers, and exits 0 on SIGTERM. */
static void
test_serve_stops_cleanly(void **state)
{
	char db[128], log[128], line[512] = "", url[256];
	int status, i, port = 0;
	pid_t pid;
	FILE *f;
	CURL *c;
	long code = 0;

	(void)state;
	snprintf(db, sizeof(db), "%s/s.db", dir);
	snprintf(log, sizeof(log), "%s/serve.log", dir);
	snprintf(line, sizeof(line), BIN " init --db %s >/dev/null", db);
	assert_int_equal(system(line), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		execl(BIN, BIN, "serve", "--db", db, "--listen", "127.0.0.1:0",
		    (char *)NULL);
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
	assert_true(port > 0);
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
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_missing_and_unwritable_db),
		cmocka_unit_test(test_init_twice_users_tokens_events),
		cmocka_unit_test(test_serve_stops_cleanly),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
