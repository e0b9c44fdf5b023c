/* crash.c: kill -9 during a registration burst loses no acknowledged
 * registration, a stop answers every one it commits, and the database is
 * sound after every restart: on SQLite
 * (PRAGMA integrity_check), or on PostgreSQL (CONVENE_TEST_PG) with the node,
 * not the database server, killed. */
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

#define CYCLES    3	/* crashes survived, on the one database */
#define BURST     400	/* registrations attempted per cycle */
#define INFLIGHT  64	/* requests in flight at once */
#define KILL_AT   100	/* acknowledged registrations before kill -9 */
#define SECRET_SZ 64
#define TEST_DIR  "/tmp/convene-crash-XXXXXX"

#include "server.h"
#define MAX_ACKS  ((CYCLES + 1) * BURST)

struct ack {
	char secret[SECRET_SZ];
	char hash[65];		/* what the database keeps: BLAKE2b, hex */
	int confirmed;
	long position;		/* on the waiting list when acknowledged, or 0 */
};

static struct ack acks[MAX_ACKS];
static size_t nacks;

/* Runs sqlite3 (or psql on PostgreSQL) on the database with one statement;
 * output in out, columns split by '|', trailing newline removed; returns
 * the exit status. */
static int
sql(const char *db, const char *stmt, char *out, size_t outsz)
{
	char script[256], cmd[512];
	size_t n;
	FILE *f;
	int st;

	/* The statement may be long (a list of secrets): pass it in a file. */
	snprintf(script, sizeof(script), "%s/q.sql", dir);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "%s;\n", stmt);
	fclose(f);
	if (pg() != NULL)
		snprintf(cmd, sizeof(cmd), "psql -X -q -A -t -v ON_ERROR_STOP=1 "
		    "'%s' < '%s' 2>&1", db, script);
	else
		snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' < '%s' 2>&1", db,
		    script);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static long
sql_long(const char *db, const char *stmt)
{
	char out[256], *end;
	long v;

	if (sql(db, stmt, out, sizeof(out)) != 0)
		fail_msg("%s failed on '%.200s': %s", pg() ? "psql" : "sqlite3",
		    stmt, out);
	v = strtol(out, &end, 10);
	if (end == out || *end != '\0')
		fail_msg("%s '%.200s' answered '%s'", pg() ? "psql" : "sqlite3",
		    stmt, out);
	return v;
}

/* The hash the database keeps of a ticket code (as token_hash). */
static void
hash_of(const char *code, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)code,
	    strlen(code), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

struct burst {
	int issued, acked, other, failed, inflight_at_kill;
	long codes[600];
};

/* Fires registrations and sends pid sig after KILL_AT of them are
 * acknowledged, while others are still in flight: SIGKILL, or SIGTERM,
 * after which it must exit 0 within 15 s while the answers are read. */
static void
burst(pid_t pid, int port, long session, int cycle, int sig,
    struct burst *b)
{
	CURLM *m = curl_multi_init();
	int running = 0, killed = 0, exited = 0, status;
	time_t stopped = 0;

	memset(b, 0, sizeof(*b));
	while (b->issued < INFLIGHT)
		add_request(m, port, session, "crash%d-%d", cycle, b->issued++);
	for (;;) {
		struct xfer *x;
		long code;
		int left;

		curl_multi_perform(m, &running);
		while ((x = xfer_next(m, &code)) != NULL) {
			if (code == 201) {
				assert_true(nacks < MAX_ACKS);
				if (secret_of(x->resp, acks[nacks].secret) != 0)
					fail_msg("201 without a secret: %s",
					    x->resp);
				hash_of(acks[nacks].secret, acks[nacks].hash);
				acks[nacks].confirmed = strstr(x->resp,
				    "\"status\":\"confirmed\"") != NULL;
				acks[nacks].position = acks[nacks].confirmed ?
				    0 : member(x->resp, x->resp +
				    strlen(x->resp), "\"position\":");
				nacks++;
				b->acked++;
			} else if (code != 0) {
				b->other++;
				if (code < 600)
					b->codes[code]++;
			} else {
				b->failed++;
			}
			xfer_free(m, x);
			if (!killed && b->issued < BURST)
				add_request(m, port, session, "crash%d-%d",
				    cycle, b->issued++);
		}
		if (!killed && b->acked >= KILL_AT) {
			/* Count what is still on the wire as the axe falls. */
			curl_multi_perform(m, &running);
			b->inflight_at_kill = running;
			assert_int_equal(kill(pid, sig), 0);
			killed = 1;
			stopped = time(NULL);
			if (sig == SIGKILL) {
				assert_int_equal(waitpid(pid, &status, 0), pid);
				assert_true(WIFSIGNALED(status));
				assert_int_equal(WTERMSIG(status), SIGKILL);
				exited = 1;
			}
		}
		if (killed && !exited && waitpid(pid, &status, WNOHANG) == pid) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				fail_msg("cycle %d: serve stopped with status "
				    "%d after SIGTERM", cycle, status);
			exited = 1;
		}
		if (killed && !exited && time(NULL) - stopped > 15) {
			kill(pid, SIGKILL);
			fail_msg("cycle %d: serve still ran 15 s after SIGTERM",
			    cycle);
		}
		if ((exited || !killed) && running == 0 &&
		    curl_multi_info_read(m, &left) == NULL) {
			curl_multi_perform(m, &running);
			if (running == 0)
				break;
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	if (!killed)
		fail_msg("cycle %d: only %d of %d registrations were "
		    "acknowledged (%d other answers, %d without answer); "
		    "never got to kill", cycle, b->acked, b->issued, b->other,
		    b->failed);
}

/* Every acknowledged secret so far is in the database; the confirmed
 * ones still confirmed. */
static void
check_acks(const char *db)
{
	static char q[128 + MAX_ACKS * (SECRET_SZ + 4)];
	size_t cap = sizeof(q), i;
	char *tail;
	long n;

	tail = q + snprintf(q, cap, "SELECT count(*) FROM registrations "
	    "WHERE secret_hash IN (");
	for (i = 0; i < nacks; i++)
		tail += sprintf(tail, "%s'%s'", i ? "," : "", acks[i].hash);
	strcpy(tail, ")");
	n = sql_long(db, q);
	if (n != (long)nacks)
		fail_msg("%zu registrations were acknowledged with 201 but "
		    "only %ld are in the database", nacks, n);
	tail = q + snprintf(q, cap, "SELECT count(*) FROM registrations "
	    "WHERE status = 'confirmed' AND secret_hash IN (");
	for (i = 0, n = 0; i < nacks; i++)
		if (acks[i].confirmed) {
			tail += sprintf(tail, "%s'%s'", n ? "," : "",
			    acks[i].hash);
			n++;
		}
	strcpy(tail, ")");
	if (sql_long(db, q) != n)
		fail_msg("some of the %ld registrations acknowledged as "
		    "confirmed are no longer confirmed", n);
}

/*
 * The database is sound. On SQLite, PRAGMA integrity_check says ok. On
 * PostgreSQL the killed node held no pages (the server writes and checks
 * its own, and was not killed), so sound means the server still answers
 * SELECT 1 there; that convene itself starts on it again (serve runs its
 * store check first) is the restart that follows each kill.
 */
static void
check_sound(const char *db, int cycle, const char *after)
{
	const char *stmt = pg() ? "SELECT 1" : "PRAGMA integrity_check";
	const char *want = pg() ? "1" : "ok";
	char out[4096];

	if (sql(db, stmt, out, sizeof(out)) != 0 || strcmp(out, want) != 0)
		fail_msg("cycle %d: %s after %s: %s", cycle, stmt, after, out);
}

/*
 * The session's waiting list, as the store numbers it (waitlisted
 * registrations of the session up to one's own id), runs 1, 2, 3... with
 * every acknowledged waitlisted registration still at the place it was
 * told: nobody leaves the list in this test and nobody may be put ahead.
 * And nobody waits while a seat is free. Returns how many wait, and how
 * many of them were acknowledged as waiting in *told_n.
 */
static long
check_waitlist(const char *db, long session, long capacity, size_t *told_n)
{
	static char out[256 * 1024];
	char stmt[512], *line, *save = NULL;
	long n = 0, confirmed;
	size_t i, told = 0;

	snprintf(stmt, sizeof(stmt), "SELECT r.secret_hash, (SELECT count(*) FROM "
	    "registrations w WHERE w.session_id = r.session_id AND w.status = "
	    "'waitlisted' AND w.id <= r.id) FROM registrations r WHERE "
	    "r.session_id = %ld AND r.status = 'waitlisted' ORDER BY r.id",
	    session);
	if (sql(db, stmt, out, sizeof(out)) != 0)
		fail_msg("cannot read the waiting list: %.300s", out);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *bar = strchr(line, '|');
		long pos;

		if (bar == NULL)
			fail_msg("waiting list row '%s'", line);
		*bar = '\0';
		pos = strtol(bar + 1, NULL, 10);
		if (pos != ++n)
			fail_msg("waiting list place %ld is numbered %ld", n, pos);
		for (i = 0; i < nacks; i++)
			if (acks[i].position > 0 &&
			    strcmp(acks[i].hash, line) == 0) {
				if (acks[i].position != pos)
					fail_msg("%s was told place %ld on the "
					    "waiting list and is at %ld", line,
					    acks[i].position, pos);
				told++;
			}
	}
	*told_n = told;
	for (i = 0; i < nacks; i++)
		if (acks[i].position > 0)
			told--;
	if (told != 0)
		fail_msg("%zu registrations acknowledged as waitlisted are no "
		    "longer on the waiting list", (size_t)0 - told);
	snprintf(stmt, sizeof(stmt), "SELECT count(*) FROM registrations "
	    "WHERE session_id = %ld AND status = 'confirmed'", session);
	confirmed = sql_long(db, stmt);
	if (n > 0 && confirmed < capacity)
		fail_msg("%ld wait while %ld of %ld seats are taken", n,
		    confirmed, capacity);
	return n;
}

/* A fresh database for the test: a file, or a new database on the server. */
static void
database(char *db, size_t dbsz, const char *name)
{
	char cmd[512];
	size_t n;
	FILE *f;

	if (pg() == NULL) {
		snprintf(db, dbsz, "%s/%s.db", dir, name);
		return;
	}
	/* Without psql's notice that there was nothing to drop. */
	snprintf(cmd, sizeof(cmd), "PGOPTIONS='-c client_min_messages=warning' "
	    "scripts/pg-test createdb '%s' convene_crash_%s_%ld", pg(), name,
	    (long)getpid());
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(db, 1, dbsz - 1, f);
	db[n] = '\0';
	while (n > 0 && db[n - 1] == '\n')
		db[--n] = '\0';
	if (pclose(f) != 0 || strncmp(db, "postgresql://", 13) != 0)
		fail_msg("cannot create the test database: %s", db);
}

static void
test_kill_during_registration_burst(void **state)
{
	char db[256], log[128], cmd[512], out[4096], url[256], stmt[256];
	long session = 0, capacity = 0;
	int cycle, port;
	char *body;
	long code;
	pid_t pid;

	(void)state;
	database(db, sizeof(db), "d");
	print_message("database %s\n", db);
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s >/dev/null "
	    "2>&1", db);
	assert_int_equal(system(cmd), 0);

	for (cycle = 1; cycle <= CYCLES; cycle++) {
		struct burst b;
		long rows, confirmed, waiting;
		size_t before = nacks, i, told;
		int k;

		snprintf(log, sizeof(log), "%s/serve-%d-burst.log", dir, cycle);
		pid = start(db, log, &port);
		if (cycle == 1) {
			session = pick_session(port, &capacity);
			print_message("session %ld, capacity %ld\n", session,
			    capacity);
		}
		burst(pid, port, session, cycle, SIGKILL, &b);

		/* The database as the crash left it. */
		check_sound(db, cycle, "kill -9");
		check_acks(db);
		waiting = check_waitlist(db, session, capacity, &told);
		snprintf(stmt, sizeof(stmt), "SELECT count(*) FROM registrations"
		    " WHERE session_id = %ld AND status = 'confirmed'", session);
		confirmed = sql_long(db, stmt);
		if (confirmed > capacity)
			fail_msg("cycle %d: %ld confirmed in a session of %ld",
			    cycle, confirmed, capacity);
		snprintf(stmt, sizeof(stmt), "SELECT count(*) FROM registrations"
		    " WHERE email LIKE 'crash%d-%%@example.org'", cycle);
		rows = sql_long(db, stmt);
		assert_true(rows >= b.acked);
		print_message("cycle %d: %d sent, %d acknowledged (201), %d "
		    "other answers, %d unanswered (%d in flight at kill); "
		    "%ld stored, so %ld committed unacknowledged and %ld "
		    "unacknowledged lost; %ld confirmed of %ld, %ld waiting "
		    "(%zu told so) at places 1 to %ld\n", cycle,
		    b.issued, b.acked, b.other, b.failed, b.inflight_at_kill,
		    rows, rows - b.acked, (long)b.failed - (rows - b.acked),
		    confirmed, capacity, waiting, told, waiting);
		for (k = 0; k < 600; k++)
			if (b.codes[k])
				print_message("cycle %d: %ld answers %d\n", cycle,
				    b.codes[k], k);
		if (b.other != 0)
			fail_msg("cycle %d: %d registrations were answered "
			    "with neither 201 nor silence", cycle, b.other);

		/* Restart on the same database: it checks itself at start. */
		snprintf(log, sizeof(log), "%s/serve-%d-restart.log", dir,
		    cycle);
		pid = start(db, log, &port);
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
		assert_int_equal(get(url, NULL), 200);
		/* A spread of this cycle's tickets, its last, and the first. */
		for (i = before; i <= nacks; i += (nacks - before) / 4 + 1) {
			size_t j = i < nacks ? i : nacks - 1;

			snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/"
			    "tickets/%s", port, acks[j].secret);
			code = get(url, &body);
			snprintf(out, sizeof(out), "%s", body);
			free(body);
			if (code != 200)
				fail_msg("ticket %s answered %ld: %s",
				    acks[j].secret, code, out);
		}
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/"
		    "tickets/%s", port, acks[0].secret);
		assert_int_equal(get(url, NULL), 200);
		stop(pid, log);
		check_sound(db, cycle, "SIGTERM");
		check_acks(db);
		check_waitlist(db, session, capacity, &told);
	}

	/*
	 * A stop in the middle of a burst: every registration the server
	 * committed is answered 201 before it exits, nothing else is
	 * answered, and it exits 0.
	 */
	{
		struct burst b;
		long rows;
		size_t told;

		snprintf(log, sizeof(log), "%s/serve-stop.log", dir);
		pid = start(db, log, &port);
		burst(pid, port, session, CYCLES + 1, SIGTERM, &b);
		snprintf(stmt, sizeof(stmt), "SELECT count(*) FROM registrations"
		    " WHERE email LIKE 'crash%d-%%@example.org'", CYCLES + 1);
		rows = sql_long(db, stmt);
		print_message("stop: %d sent, %d acknowledged, %d other "
		    "answers, %d unanswered (%d in flight at SIGTERM); %ld "
		    "stored\n", b.issued, b.acked, b.other, b.failed,
		    b.inflight_at_kill, rows);
		if (b.other != 0)
			fail_msg("stop: %d registrations were answered with "
			    "neither 201 nor silence", b.other);
		if (rows != b.acked)
			fail_msg("stop: %ld registrations stored, %d answered "
			    "201: a stop must answer every one it commits",
			    rows, b.acked);
		check_sound(db, CYCLES + 1, "a stop during a burst");
		check_acks(db);
		check_waitlist(db, session, capacity, &told);
	}
}

/*
 * Holds the database for secs from now (the registrations table locked on
 * PostgreSQL, an exclusive transaction on SQLite), in the background.
 */
static void
hold_database(const char *db, int secs)
{
	char cmd[1024];

	if (pg() != NULL)
		snprintf(cmd, sizeof(cmd), "psql -X -q '%s' -c 'BEGIN; LOCK "
		    "TABLE registrations IN ACCESS EXCLUSIVE MODE; SELECT "
		    "pg_sleep(%d); ROLLBACK' >/dev/null 2>&1 &", db, secs);
	else
		snprintf(cmd, sizeof(cmd), "python3 -c 'import sqlite3, time; "
		    "c = sqlite3.connect(\"%s\", isolation_level=None); "
		    "c.execute(\"BEGIN EXCLUSIVE\"); time.sleep(%d); "
		    "c.execute(\"ROLLBACK\")' &", db, secs);
	assert_int_equal(system(cmd), 0);
	nap_ms(1000);	/* held by then */
}

/*
 * A stop while registrations wait for a database held past the stop's
 * grace (10 s): they are answered once it lets go, those that arrive
 * after the grace are told to come back, and serve exits 0, not aborted
 * by libmicrohttpd for a connection still held.
 */
static void
test_stop_while_registrations_wait(void **state)
{
	char db[256], log[128], cmd[512], stmt[256];
	CURLM *m = curl_multi_init();
	struct burst b;
	long session, capacity, rows;
	int port, running = 0, status = 0, exited = 0, late = 0, i;
	int first = 0;
	time_t t0;
	pid_t pid;

	(void)state;
	memset(&b, 0, sizeof(b));
	database(db, sizeof(db), "wait");
	snprintf(cmd, sizeof(cmd), BIN " demo --load-only --db %s >/dev/null "
	    "2>&1", db);
	assert_int_equal(system(cmd), 0);
	snprintf(log, sizeof(log), "%s/serve-wait.log", dir);
	pid = start(db, log, &port);
	session = pick_session(port, &capacity);
	hold_database(db, 14);
	for (i = 0; i < 5; i++)
		add_request(m, port, session, "wait-%d", b.issued++);
	curl_multi_perform(m, &running);
	nap_ms(1000);
	assert_int_equal(kill(pid, SIGTERM), 0);
	t0 = time(NULL);
	for (;;) {
		struct xfer *x;
		long code;

		curl_multi_perform(m, &running);
		while ((x = xfer_next(m, &code)) != NULL) {
			if (code == 201) {
				b.acked++;
				if (strstr(x->body, "\"wait-") != NULL)
					first++;
			} else if (code != 0 && code < 600)
				b.codes[code]++;
			else
				b.failed++;
			xfer_free(m, x);
		}
		/* One more once the grace is over, while the others wait. */
		if (!late && time(NULL) - t0 >= 11) {
			add_request(m, port, session, "late-wait-%d",
			    b.issued++);
			late = 1;
		}
		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = 1;
		if (exited && running == 0)
			break;
		if (time(NULL) - t0 > 40) {
			kill(pid, SIGKILL);
			fail_msg("serve still ran 40 s after SIGTERM");
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	snprintf(stmt, sizeof(stmt), "SELECT count(*) FROM registrations WHERE "
	    "email LIKE '%%wait-%%@example.org'");
	rows = sql_long(db, stmt);
	print_message("stop while waiting: %d sent, %d answered 201, %ld "
	    "answered 503, %d unanswered; %ld stored; exit status %d\n",
	    b.issued, b.acked, b.codes[503], b.failed, rows, status);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("serve ended with status %d after SIGTERM (log %s)",
		    status, log);
	/* The five that waited were written and told so; the late one too,
	 * inside the grace, or after it refused with a 503, or it found the
	 * server gone. Nothing stored went untold. */
	assert_int_equal(first, 5);
	assert_int_equal(rows, b.acked);
	assert_int_equal(b.acked + b.codes[503] + b.failed, b.issued);
	check_sound(db, 0, "a stop while registrations waited");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_during_registration_burst),
		cmocka_unit_test(test_stop_while_registrations_wait),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("crash", tests, setup, teardown);
}
