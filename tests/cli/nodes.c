/* nodes.c: two convene serve processes on one PostgreSQL database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#define BIN     "build/san/convene"
#define PGTEST  "scripts/pg-test"
#define PASSWORD "two nodes, one database"

#define SEATS      20		/* test 1: capacity */
#define SEAT_TRIES (10 * SEATS)	/* ... and registrations, all at once */
#define MAILS      30		/* test 3: messages queued */
#define BURST      400		/* test 4: registrations attempted */
#define INFLIGHT   64		/* ... at once */
#define KILL_AT    100		/* ... acknowledged before kill -9 */
#define MAX_KIDS   8

/* The base URI of the PostgreSQL server under test (CONVENE_TEST_PG). */
static const char *pg_base;
/* This binary's scratch folder: logs, configuration, the sink's maildir. */
static char dir[64];

/*
 * Everything that outlives a failed assertion is recorded here, so that the
 * per-test teardown, atexit and the watchdog can take it down: no node, sink
 * or cluster may outlive the test binary.
 */
static pid_t kids[MAX_KIDS];
static char own_cluster[64];	/* test 5's cluster folder, while it runs */

static void
kid_add(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_KIDS; i++)
		if (kids[i] == 0) {
			kids[i] = pid;
			return;
		}
	kill(pid, SIGKILL);
	fail_msg("too many child processes");
}

static void
kid_forget(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_KIDS; i++)
		if (kids[i] == pid)
			kids[i] = 0;
}

/* Async-signal-safe: the watchdog calls it too. */
static void
kids_kill(void)
{
	int i;

	for (i = 0; i < MAX_KIDS; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
			kids[i] = 0;
		}
}

/* Stops test 5's cluster; fork and exec, so the watchdog may call it. */
static void
own_cluster_stop(void)
{
	char *argv[] = { PGTEST, "stop", own_cluster, NULL };
	pid_t pid;

	if (*own_cluster == '\0')
		return;
	if ((pid = fork()) == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	*own_cluster = '\0';
}

static void
cleanup_at_exit(void)
{
	char cmd[128];

	kids_kill();
	own_cluster_stop();
	if (*dir) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "nodes: cannot remove %s\n", dir);
		*dir = '\0';
	}
}

/* No test may hang: past this, everything is killed and the run fails. */
static void
watchdog(int sig)
{
	static const char msg[] = "nodes: the watchdog fired after 300 s; "
	    "killing the nodes\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	kids_kill();
	own_cluster_stop();
	_exit(3);
}

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path)
{
	char *out = calloc(1, 8192);
	FILE *f;

	if (out == NULL)
		fail_msg("out of memory");
	if ((f = fopen(path, "r")) != NULL) {
		out[fread(out, 1, 8191, f)] = '\0';
		fclose(f);
	}
	return out;
}

/*
 * Runs cmd with sh under a time limit; its standard output, without the
 * trailing newline, in out (may be NULL). Fails the test, with what the
 * command said on standard error, unless it exits 0.
 */
static void
sh(const char *cmd, char *out, size_t outsz)
{
	char full[2048], err[128], buf[4096];
	size_t n = 0;
	FILE *f;
	int st;

	snprintf(err, sizeof(err), "%s/sh.err", dir);
	snprintf(full, sizeof(full), "timeout 90 sh -c '%s' 2>'%s'", cmd, err);
	f = popen(full, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	st = pclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char *e = slurp(err);

		snprintf(buf, sizeof(buf), "%s", e);
		free(e);
		fail_msg("'%s' failed (status %#x): %s", cmd, st, buf);
	}
	if (out != NULL)
		snprintf(out, outsz, "%s", buf);
}

/* --- HTTP --------------------------------------------------------------- */

struct resp {
	long	 status;	/* 0: no answer */
	char	*body;
	size_t	 len;
	char	 retry_after[32];
	double	 secs;		/* how long the answer took */
};

static size_t
grow(char *p, size_t sz, size_t n, void *arg)
{
	struct resp *r = arg;
	char *np = realloc(r->body, r->len + sz * n + 1);

	if (np == NULL)
		return 0;
	r->body = np;
	memcpy(r->body + r->len, p, sz * n);
	r->len += sz * n;
	r->body[r->len] = '\0';
	return sz * n;
}

static size_t
header_line(char *p, size_t sz, size_t n, void *arg)
{
	struct resp *r = arg;
	size_t len = sz * n;

	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
		snprintf(r->retry_after, sizeof(r->retry_after), "%.*s",
		    (int)(len - 12), p + 12);
	return len;
}

static void
resp_free(struct resp *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* One request to base+path; token and json may be NULL. */
static void
http(const char *base, const char *method, const char *path,
    const char *token, const char *json, long timeout_s, struct resp *r)
{
	struct curl_slist *h = NULL;
	char url[512], line[128];
	double t0 = now_s();
	CURL *c = curl_easy_init();

	assert_non_null(c);
	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_line);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (token != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, line);
	}
	if (json != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	r->secs = now_s() - t0;
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (r->body == NULL && (r->body = calloc(1, 1)) == NULL)
		fail_msg("out of memory");
}

/* The body of r as JSON; caller decrefs. */
static json_t *
parsed(const struct resp *r)
{
	json_error_t e;
	json_t *j = json_loads(r->body, 0, &e);

	if (j == NULL)
		fail_msg("not JSON (%s): %.300s", e.text, r->body);
	return j;
}

static long
int_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("no integer %s", key);
	return (long)json_integer_value(v);
}

static const char *
str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("no string %s", key);
	return json_string_value(v);
}

/*
 * Many requests at once over curl multi, at most inflight on the wire;
 * done, when given, sees each answer and stops new requests by returning
 * non-zero. Bounded: every request has a timeout, and so has the lot.
 */
struct job {
	char	 url[192];
	char	 body[384];
	long	 status;	/* 0: no answer */
	char	 resp[1024];
	size_t	 len;
	int	 sent;
	CURL	*c;
};

static size_t
job_write(char *p, size_t sz, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = sz * n, room = sizeof(j->resp) - 1 - j->len;

	if (len > room)
		len = room;
	memcpy(j->resp + j->len, p, len);
	j->len += len;
	j->resp[j->len] = '\0';
	return sz * n;
}

static void
job_add(CURLM *m, struct curl_slist *hdr, struct job *j)
{
	j->c = curl_easy_init();
	assert_non_null(j->c);
	curl_easy_setopt(j->c, CURLOPT_URL, j->url);
	curl_easy_setopt(j->c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(j->c, CURLOPT_POSTFIELDS, j->body);
	curl_easy_setopt(j->c, CURLOPT_WRITEFUNCTION, job_write);
	curl_easy_setopt(j->c, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(j->c, CURLOPT_PRIVATE, j);
	curl_easy_setopt(j->c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(j->c, CURLOPT_NOSIGNAL, 1L);
	curl_multi_add_handle(m, j->c);
	j->sent = 1;
}

static int
run_jobs(struct job *jobs, int n, int inflight, int (*done)(struct job *,
    void *), void *arg)
{
	struct curl_slist *hdr = curl_slist_append(NULL,
	    "Content-Type: application/json");
	CURLM *m = curl_multi_init();
	double deadline = now_s() + 150;
	int next = 0, running = 1, stopped = 0, active = 0;

	while (next < n && active < inflight) {
		job_add(m, hdr, &jobs[next++]);
		active++;
	}
	while (active > 0) {
		CURLMsg *msg;
		int left;

		if (now_s() > deadline)
			fail_msg("requests still unanswered after 150 s");
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct job *j;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			if (msg->data.result == CURLE_OK)
				curl_easy_getinfo(j->c, CURLINFO_RESPONSE_CODE,
				    &j->status);
			curl_multi_remove_handle(m, j->c);
			curl_easy_cleanup(j->c);
			j->c = NULL;
			active--;
			/* done sees every answer, also those after it said
			 * stop: a late 201 is an acknowledgement too. */
			if (done != NULL && done(j, arg) != 0)
				stopped = 1;
			if (!stopped && next < n) {
				job_add(m, hdr, &jobs[next++]);
				active++;
			}
		}
		if (active > 0)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	curl_slist_free_all(hdr);
	return next;
}

/* Copies the "secret" member of a 201 answer; 0 when there is one. */
static int
secret_of(const char *body, char *out, size_t outsz)
{
	json_t *j = json_loads(body, 0, NULL), *s;
	int rc = -1;

	s = j ? json_object_get(j, "secret") : NULL;
	if (json_is_string(s) && strlen(json_string_value(s)) > 0 &&
	    strlen(json_string_value(s)) < outsz &&
	    strspn(json_string_value(s), "abcdefghijklmnopqrstuvwxyz"
	    "0123456789") == strlen(json_string_value(s))) {
		strcpy(out, json_string_value(s));
		rc = 0;
	}
	json_decref(j);
	return rc;
}

/* --- Nodes -------------------------------------------------------------- */

struct node {
	pid_t	 pid;
	int	 port;
	char	 base[64];
	char	 log[256];
};

/* One test's world: its database, a coordinator's token, two nodes. */
struct site {
	char		 admin[256];	/* the cluster's base URI */
	char		 name[64];	/* the database */
	char		 db[320];	/* ... its URI */
	char		 token[64];
	char		 config[128];	/* "" or a config file */
	struct node	 n[2];
	long		 event;
};

static struct site *cur;	/* for the teardown, after a failure */

/* Starts serve on the site's database; the port it chose in n->port. */
static void
node_start(struct site *s, struct node *n, const char *label)
{
	char line[512];
	pid_t parent = getpid();
	int i, status;
	FILE *f;

	snprintf(n->log, sizeof(n->log), "%s/%s-%s.log", dir, s->name, label);
	n->port = 0;
	fflush(NULL);
	n->pid = fork();
	assert_true(n->pid >= 0);
	if (n->pid == 0) {
		int fd = open(n->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		/* A node goes when the test does, even when it crashes. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		dup2(fd, 1);
		dup2(fd, 2);
		if (*s->config)
			execl(BIN, BIN, "serve", "--db", s->db, "--listen",
			    "127.0.0.1:0", "--config", s->config, (char *)NULL);
		else
			execl(BIN, BIN, "serve", "--db", s->db, "--listen",
			    "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	kid_add(n->pid);
	/* Generous: a sanitized build starting up may be slow. */
	for (i = 0; i < 1200 && n->port == 0; i++) {
		nap_ms(50);
		if (waitpid(n->pid, &status, WNOHANG) == n->pid) {
			char *out = slurp(n->log);

			kid_forget(n->pid);
			n->pid = 0;
			snprintf(line, sizeof(line), "%s", out);
			free(out);
			fail_msg("node %s exited (status %#x) before "
			    "listening: %s", label, status, line);
		}
		if ((f = fopen(n->log, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "convene: listening on "
			    "http://127.0.0.1:%d", &n->port) == 1)
				break;
		fclose(f);
	}
	if (n->port <= 0)
		fail_msg("node %s never said where it listens (log %s)", label,
		    n->log);
	snprintf(n->base, sizeof(n->base), "http://127.0.0.1:%d", n->port);
}

/* SIGTERM, a bounded wait, then SIGKILL; with check, it must exit 0. */
static void
node_stop(struct node *n, int check)
{
	pid_t pid = n->pid, got = 0;
	int i, status = 0;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 400 && (got = waitpid(pid, &status, WNOHANG)) == 0; i++)
		nap_ms(50);
	if (got != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	kid_forget(pid);
	n->pid = 0;
	if (check && got != pid)
		fail_msg("a node did not stop within 20 s of SIGTERM (log %s)",
		    n->log);
	if (check && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		fail_msg("a node did not exit 0 on SIGTERM (status %#x, "
		    "log %s)", status, n->log);
}

/* A staff POST that must answer 201; its JSON. */
static json_t *
staff_post(struct site *s, const char *path, const char *json)
{
	struct resp r;
	json_t *j;

	http(s->n[0].base, "POST", path, s->token, json, 30, &r);
	if (r.status != 201)
		fail_msg("POST %s answered %ld: %.300s", path, r.status,
		    r.body);
	j = parsed(&r);
	resp_free(&r);
	return j;
}

/*
 * A fresh database on the cluster at admin, initialised, with a
 * coordinator and their token, two nodes serving it, and an event (at a
 * venue, hosted by an organisation) made through the staff API.
 */
static void
site_up(struct site *s, const char *admin, const char *config)
{
	static int seq;
	char cmd[1024], body[256];
	json_t *org, *venue, *event;

	memset(s, 0, sizeof(*s));
	cur = s;
	snprintf(s->admin, sizeof(s->admin), "%s", admin);
	snprintf(s->config, sizeof(s->config), "%s", config ? config : "");
	snprintf(s->name, sizeof(s->name), "convene_nodes_%ld_%d",
	    (long)getpid(), seq++);
	snprintf(cmd, sizeof(cmd), PGTEST " createdb \"%s\" %s", admin,
	    s->name);
	sh(cmd, s->db, sizeof(s->db));
	snprintf(cmd, sizeof(cmd), BIN " init --db \"%s\" >/dev/null", s->db);
	sh(cmd, NULL, 0);
	snprintf(cmd, sizeof(cmd), "printf \"%%s\\n%%s\\n\" \"" PASSWORD "\" \""
	    PASSWORD "\" | " BIN " user add kat --role coordinator --db \"%s\""
	    " >/dev/null", s->db);
	sh(cmd, NULL, 0);
	snprintf(cmd, sizeof(cmd), BIN " user token kat --db \"%s\"", s->db);
	sh(cmd, s->token, sizeof(s->token));
	if (strlen(s->token) != 40)
		fail_msg("convene user token printed '%s'", s->token);
	node_start(s, &s->n[0], "a");
	node_start(s, &s->n[1], "b");

	org = staff_post(s, "/api/v1/lists/organizations",
	    "{\"name\":\"Lake County Task Force\"}");
	venue = staff_post(s, "/api/v1/lists/venues", "{\"name\":\"Hall\","
	    "\"city\":\"Polson\",\"state\":\"MT\","
	    "\"time_zone\":\"America/Denver\"}");
	snprintf(body, sizeof(body), "{\"title\":\"Two nodes\",\"published\":true,"
	    "\"venue_id\":%ld,\"hosts\":[%ld]}", int_of(venue, "id"),
	    int_of(org, "id"));
	event = staff_post(s, "/api/v1/events", body);
	s->event = int_of(event, "id");
	json_decref(org);
	json_decref(venue);
	json_decref(event);
}

/* A session of the site's event; capacity 0 means no limit. Its JSON. */
static json_t *
session_add(struct site *s, int public, long capacity)
{
	char path[64], body[512], cap[32] = "";

	if (capacity > 0)
		snprintf(cap, sizeof(cap), "\"capacity\":%ld,", capacity);
	snprintf(path, sizeof(path), "/api/v1/events/%ld/sessions", s->event);
	snprintf(body, sizeof(body), "{\"title\":\"%s\",\"audience\":\"%s\","
	    "%s%s\"starts_at\":\"2030-06-03T09:00\","
	    "\"ends_at\":\"2030-06-03T13:00\"}",
	    public ? "Community conversation" : "Training",
	    public ? "public" : "professional",
	    /* A Q&A of 2030 that takes questions already. */
	    public ? "\"qa_opens_at\":\"2020-01-01T00:00\"," :
	    "\"sectors\":[\"medical\",\"legal\"],\"ce_hours\":4,",
	    cap);
	return staff_post(s, path, body);
}

/* A registration for a professional session, as the public form sends. */
static void
reg_job(struct job *j, const struct node *n, long session, const char *tag,
    int i)
{
	memset(j, 0, sizeof(*j));
	snprintf(j->url, sizeof(j->url), "%s/api/v1/sessions/%ld/registrations",
	    n->base, session);
	snprintf(j->body, sizeof(j->body), "{\"name\":\"Person %s %d\","
	    "\"email\":\"%s-%d@example.org\",\"sector\":\"medical\","
	    "\"organization\":\"Clinic\",\"county\":\"Lake\"}", tag, i, tag, i);
}

/* Stops the site's nodes and drops its database (the cluster stays). */
static void
site_down(struct site *s, int check)
{
	char cmd[700];

	node_stop(&s->n[0], check);
	node_stop(&s->n[1], check);
	if (*s->name) {
		snprintf(cmd, sizeof(cmd), "psql -q \"%s\" -c \"DROP DATABASE "
		    "IF EXISTS %s\" >/dev/null", s->admin, s->name);
		sh(cmd, NULL, 0);
		*s->name = '\0';
	}
	cur = NULL;
}

/* GET path on node n until its JSON has key == want, for up to secs;
 * the last value seen. */
static long
poll_count(const struct node *n, const char *path, const char *key,
    long want, double secs)
{
	double until = now_s() + secs;
	long v = -1;

	do {
		struct resp r;
		json_t *j;

		http(n->base, "GET", path, NULL, NULL, 30, &r);
		if (r.status != 200)
			fail_msg("GET %s answered %ld: %.300s", path, r.status,
			    r.body);
		j = parsed(&r);
		v = int_of(j, key);
		json_decref(j);
		resp_free(&r);
		if (v == want)
			break;
		nap_ms(100);
	} while (now_s() < until);
	return v;
}

/* --- Set-up and tear-down ------------------------------------------------ */

/* Prints the last lines of a node's log, for a failure's report. */
static void
log_tail(const char *path)
{
	char cmd[320];

	if (*path == '\0' || access(path, R_OK) != 0)
		return;
	printf("--- last lines of %s\n", path);
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "tail -n 15 '%s'", path);
	if (system(cmd) != 0)
		printf("(cannot read it)\n");
	fflush(stdout);
}

/* Every test needs PostgreSQL; without it the test says so and is skipped. */
#define NEED_PG() do { if (pg_base == NULL) skip(); } while (0)

static struct stream *cur_stream;
static pid_t sink_pid;
static void stream_stop(struct stream *);

static int
test_teardown(void **state)
{
	(void)state;
	if (cur_stream != NULL)
		stream_stop(cur_stream);
	if (cur != NULL) {
		/* The test failed with its nodes up: their logs go with the
		 * scratch folder, so show their ends now. */
		char cmd[700];

		node_stop(&cur->n[0], 0);
		node_stop(&cur->n[1], 0);
		log_tail(cur->n[0].log);
		log_tail(cur->n[1].log);
		/* Best effort: a teardown must not fail in its turn. */
		snprintf(cmd, sizeof(cmd), "timeout 30 psql -q \"%s\" -c "
		    "\"DROP DATABASE IF EXISTS %s\" >/dev/null 2>&1",
		    cur->admin, cur->name);
		if (*cur->name && system(cmd) != 0)
			printf("nodes: could not drop %s\n", cur->name);
		cur = NULL;
	}
	if (sink_pid > 0) {
		kill(sink_pid, SIGTERM);
		waitpid(sink_pid, NULL, 0);
		kid_forget(sink_pid);
		sink_pid = 0;
	}
	kids_kill();
	own_cluster_stop();
	return 0;
}

/* --- 1. Seats ------------------------------------------------------------ */

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static void
test_seats_across_nodes(void **state)
{
	static struct job jobs[SEAT_TRIES];
	static char secrets[SEAT_TRIES][64];
	long positions[SEAT_TRIES], session, waitlisted = 0, confirmed = 0;
	long codes[600] = { 0 };
	static struct site s;	/* the teardown sees it after a failure */
	char path[128];
	struct resp r;
	json_t *j, *regs, *reg;
	size_t k;
	int i;

	(void)state;
	NEED_PG();
	site_up(&s, pg_base, NULL);
	j = session_add(&s, 0, SEATS);
	session = int_of(j, "id");
	json_decref(j);

	/* Half to each node, every one of them on the wire at once. */
	for (i = 0; i < SEAT_TRIES; i++)
		reg_job(&jobs[i], &s.n[i % 2], session, "seat", i);
	assert_int_equal(run_jobs(jobs, SEAT_TRIES, SEAT_TRIES, NULL, NULL),
	    SEAT_TRIES);
	for (i = 0; i < SEAT_TRIES; i++) {
		json_t *a;

		codes[jobs[i].status < 600 ? jobs[i].status : 0]++;
		if (jobs[i].status != 201)
			continue;
		a = json_loads(jobs[i].resp, 0, NULL);
		assert_non_null(a);
		if (secret_of(jobs[i].resp, secrets[i], sizeof(secrets[i])))
			fail_msg("201 without a secret: %s", jobs[i].resp);
		if (strcmp(str_of(a, "status"), "confirmed") == 0)
			confirmed++;
		else if (strcmp(str_of(a, "status"), "waitlisted") == 0)
			positions[waitlisted++] = int_of(a, "position");
		json_decref(a);
	}
	for (i = 0; i < 600; i++)
		if (codes[i] && i != 201)
			fail_msg("%ld of %d registrations answered %d (0: no "
			    "answer), not 201", codes[i], SEAT_TRIES, i);
	print_message("%d registrations on two nodes: %ld confirmed, %ld "
	    "waitlisted\n", SEAT_TRIES, confirmed, waitlisted);
	assert_int_equal(confirmed, SEATS);
	assert_int_equal(waitlisted, SEAT_TRIES - SEATS);
	qsort(positions, (size_t)waitlisted, sizeof(positions[0]), cmp_long);
	for (i = 0; i < waitlisted; i++)
		if (positions[i] != i + 1)
			fail_msg("the waiting list's positions are not 1..%ld: "
			    "the %dth smallest is %ld", waitlisted, i + 1,
			    positions[i]);

	/* Both nodes' counts agree (each drops its cache on the other's
	 * changes, so allow the wake-up a moment). */
	snprintf(path, sizeof(path), "/api/v1/sessions/%ld", session);
	for (i = 0; i < 2; i++) {
		assert_int_equal(poll_count(&s.n[i], path, "confirmed", SEATS,
		    5), SEATS);
		assert_int_equal(poll_count(&s.n[i], path, "waitlisted",
		    SEAT_TRIES - SEATS, 5), SEAT_TRIES - SEATS);
	}

	/* The roster's waiting list, in order, is 1..9C. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%ld/registrations?"
	    "status=waitlisted", session);
	http(s.n[1].base, "GET", path, s.token, NULL, 30, &r);
	assert_int_equal(r.status, 200);
	j = parsed(&r);
	regs = json_object_get(j, "registrations");
	assert_int_equal(json_array_size(regs), SEAT_TRIES - SEATS);
	json_array_foreach(regs, k, reg)
		if (int_of(reg, "position") != (long)k + 1)
			fail_msg("roster position %zu is %ld", k + 1,
			    int_of(reg, "position"));
	json_decref(j);
	resp_free(&r);

	/* Every ticket, read on the node that did not take it, says what
	 * its registration was answered. */
	for (i = 0; i < SEAT_TRIES; i++) {
		json_t *a = json_loads(jobs[i].resp, 0, NULL), *t;

		snprintf(path, sizeof(path), "/api/v1/tickets/%s", secrets[i]);
		http(s.n[(i + 1) % 2].base, "GET", path, NULL, NULL, 30, &r);
		if (r.status != 200)
			fail_msg("ticket %s answered %ld", secrets[i],
			    r.status);
		t = parsed(&r);
		assert_string_equal(str_of(t, "status"), str_of(a, "status"));
		assert_true(json_equal(json_object_get(t, "position"),
		    json_object_get(a, "position")));
		json_decref(t);
		json_decref(a);
		resp_free(&r);
	}
	site_down(&s, 1);
}

/* --- 2. Live Q&A across nodes -------------------------------------------- */

struct stream {
	pthread_t	 th;
	pthread_mutex_t	 lock;
	char		 url[256];
	char		*data;
	size_t		 len;
	int		 stop, done;
};

static size_t
stream_write(char *p, size_t sz, size_t n, void *arg)
{
	struct stream *st = arg;
	char *np;

	pthread_mutex_lock(&st->lock);
	np = realloc(st->data, st->len + sz * n + 1);
	if (np != NULL) {
		st->data = np;
		memcpy(st->data + st->len, p, sz * n);
		st->len += sz * n;
		st->data[st->len] = '\0';
	}
	pthread_mutex_unlock(&st->lock);
	return np != NULL ? sz * n : 0;
}

static int
stream_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c,
    curl_off_t d)
{
	struct stream *st = arg;
	int stop;

	(void)a;
	(void)b;
	(void)c;
	(void)d;
	pthread_mutex_lock(&st->lock);
	stop = st->stop;
	pthread_mutex_unlock(&st->lock);
	return stop;
}

static void *
stream_run(void *arg)
{
	struct stream *st = arg;
	CURL *c = curl_easy_init();

	if (c != NULL) {
		curl_easy_setopt(c, CURLOPT_URL, st->url);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_write);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, st);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, stream_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, st);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		/* A bound, in case nothing else stops it. */
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
		curl_easy_perform(c);
		curl_easy_cleanup(c);
	}
	pthread_mutex_lock(&st->lock);
	st->done = 1;
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

static struct stream *
stream_start(const char *url)
{
	struct stream *st = calloc(1, sizeof(*st));

	assert_non_null(st);
	pthread_mutex_init(&st->lock, NULL);
	snprintf(st->url, sizeof(st->url), "%s", url);
	assert_int_equal(pthread_create(&st->th, NULL, stream_run, st), 0);
	cur_stream = st;
	return st;
}

/* 1 once the stream holds needle, polling every 5 ms for up to secs. */
static int
stream_has(struct stream *st, const char *needle, double secs)
{
	double until = now_s() + secs;
	int found, done;

	for (;;) {
		pthread_mutex_lock(&st->lock);
		found = st->data != NULL && strstr(st->data, needle) != NULL;
		done = st->done;
		pthread_mutex_unlock(&st->lock);
		if (found || done || now_s() > until)
			return found;
		nap_ms(5);
	}
}

static void
stream_stop(struct stream *st)
{
	pthread_mutex_lock(&st->lock);
	st->stop = 1;
	pthread_mutex_unlock(&st->lock);
	pthread_join(st->th, NULL);
	pthread_mutex_destroy(&st->lock);
	free(st->data);
	free(st);
	cur_stream = NULL;
}

static void
test_approval_reaches_other_node(void **state)
{
	static const char text[] = "Who funds the shelter beds in Lake "
	    "County? (node-b-7q)";
	char path[128], url[256], body[256], code[16];
	double approved, seen, sent;
	struct stream *st;
	static struct site s;	/* the teardown sees it after a failure */
	struct resp r;
	json_t *j;
	long qid;

	(void)state;
	NEED_PG();
	site_up(&s, pg_base, NULL);
	j = session_add(&s, 1, 0);
	snprintf(code, sizeof(code), "%s", str_of(j, "join_code"));
	json_decref(j);

	/* A screen following the Q&A on node B. */
	snprintf(url, sizeof(url), "%s/api/v1/qa/%s/stream", s.n[1].base, code);
	st = stream_start(url);
	if (!stream_has(st, "retry: 3000", 10))
		fail_msg("node B's stream did not open within 10 s");

	/* Asked on node A: pre-moderated, so it waits. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s/questions", code);
	snprintf(body, sizeof(body), "{\"text\":\"%s\"}", text);
	http(s.n[0].base, "POST", path, NULL, body, 30, &r);
	if (r.status != 201)
		fail_msg("asking answered %ld: %s", r.status, r.body);
	j = parsed(&r);
	assert_string_equal(str_of(j, "status"), "pending");
	qid = int_of(j, "id");
	json_decref(j);
	resp_free(&r);
	/* Node B hears of the waiting question (as removed, not its text). */
	snprintf(body, sizeof(body), "{\"id\":%ld,\"status\":\"removed\"}",
	    qid);
	if (!stream_has(st, body, 10))
		fail_msg("node B's stream never heard of the new question");
	assert_false(stream_has(st, "node-b-7q", 0));

	/* Approved on node A, seen on node B. */
	snprintf(path, sizeof(path), "/api/v1/questions/%ld/moderation", qid);
	sent = now_s();
	http(s.n[0].base, "POST", path, s.token, "{\"action\":\"approve\"}", 30,
	    &r);
	approved = now_s();
	if (r.status != 200)
		fail_msg("approving answered %ld: %s", r.status, r.body);
	resp_free(&r);
	if (!stream_has(st, "node-b-7q", 5))
		fail_msg("the approved question never reached node B's stream "
		    "(5 s)");
	seen = now_s();
	print_message("approval answered in %.3f s; on node B's stream %.3f s "
	    "after the answer\n", approved - sent, seen - approved);
	if (seen - approved > 1.0)
		fail_msg("the approval took %.3f s to reach node B's stream "
		    "(more than 1 s)", seen - approved);
	stream_stop(st);
	site_down(&s, 1);
}

/* --- 3. Mail, exactly once ----------------------------------------------- */

static int
port_open(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

static int
free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* An SMTP sink (aiosmtpd) writing every message into maildir; its port. */
static int
sink_start(const char *maildir)
{
	char addr[32], log[128];
	char *argv[] = { "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
	    addr, "-c", "aiosmtpd.handlers.Mailbox", (char *)maildir, NULL };
	pid_t parent = getpid();
	int i, port = free_port();

	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	snprintf(log, sizeof(log), "%s/sink.log", dir);
	fflush(NULL);
	sink_pid = fork();
	assert_true(sink_pid >= 0);
	if (sink_pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	kid_add(sink_pid);
	for (i = 0; i < 200 && !port_open(port); i++) {
		if (waitpid(sink_pid, NULL, WNOHANG) == sink_pid) {
			char *out = slurp(log), msg[512];

			kid_forget(sink_pid);
			sink_pid = 0;
			snprintf(msg, sizeof(msg), "%s", out);
			free(out);
			fail_msg("the SMTP sink exited (is python3-aiosmtpd "
			    "installed?): %s", msg);
		}
		nap_ms(100);
	}
	if (i == 200)
		fail_msg("the SMTP sink did not listen on %d within 20 s",
		    port);
	return port;
}

/* The envelope recipient of every message in maildir/new, one per line
 * in out; how many messages. */
static int
recipients(const char *maildir, char (*out)[96], int max)
{
	char path[512], line[1024];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/new", maildir);
	if ((d = opendir(path)) == NULL)
		return 0;	/* the sink makes it with the first message */
	while ((e = readdir(d)) != NULL) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/new/%s", maildir, e->d_name);
		if (n < max)
			out[n][0] = '\0';
		if (n < max && (f = fopen(path, "r")) != NULL) {
			/* The headers, to the blank line. */
			while (fgets(line, sizeof(line), f) &&
			    line[strspn(line, "\r\n")] != '\0') {
				if (strncasecmp(line, "X-RcptTo: ", 10) != 0)
					continue;
				line[strcspn(line, "\r\n")] = '\0';
				snprintf(out[n], 96, "%.95s", line + 10);
			}
			fclose(f);
		}
		n++;
	}
	closedir(d);
	return n;
}

static void
test_mail_exactly_once(void **state)
{
	static struct job jobs[MAILS];
	static char got[4 * MAILS][96];
	char maildir[128], config[128], want[96];
	double until;
	static struct site s;	/* the teardown sees it after a failure */
	long session;
	json_t *j;
	FILE *f;
	int i, k, n, port;

	(void)state;
	NEED_PG();
	snprintf(maildir, sizeof(maildir), "%s/maildir", dir);
	port = sink_start(maildir);
	snprintf(config, sizeof(config), "%s/mail.ini", dir);
	f = fopen(config, "w");
	assert_non_null(f);
	fprintf(f, "[smtp]\nhost = 127.0.0.1\nport = %d\nsecurity = none\n"
	    "from = Lake County Task Force <convene@example.org>\n\n[site]\n"
	    "base_url = http://convene.example.org\n", port);
	fclose(f);
	site_up(&s, pg_base, config);
	j = session_add(&s, 0, 0);
	session = int_of(j, "id");
	json_decref(j);

	/* With email delivery every registration is 202 and a message. */
	for (i = 0; i < MAILS; i++)
		reg_job(&jobs[i], &s.n[i % 2], session, "mail", i);
	assert_int_equal(run_jobs(jobs, MAILS, MAILS, NULL, NULL), MAILS);
	for (i = 0; i < MAILS; i++)
		if (jobs[i].status != 202)
			fail_msg("registration %d answered %ld: %s", i,
			    jobs[i].status, jobs[i].resp);

	/* Both senders drain the one outbox; bounded. */
	until = now_s() + 40;
	while ((n = recipients(maildir, got, 4 * MAILS)) < MAILS &&
	    now_s() < until)
		nap_ms(200);
	if (n < MAILS)
		fail_msg("only %d of %d messages reached the sink in 40 s", n,
		    MAILS);
	/* Longer than a sender's period (5 s): a second delivery would show. */
	nap_ms(6000);
	n = recipients(maildir, got, 4 * MAILS);
	print_message("%d messages queued on two nodes, %d delivered\n", MAILS,
	    n);
	for (i = 0; i < MAILS; i++) {
		int times = 0;

		snprintf(want, sizeof(want), "mail-%d@example.org", i);
		for (k = 0; k < n && k < 4 * MAILS; k++)
			times += strcmp(got[k], want) == 0;
		if (times != 1)
			fail_msg("%s got %d messages, not 1", want, times);
	}
	assert_int_equal(n, MAILS);
	site_down(&s, 1);
}

/* --- 4. kill -9 of one node during a burst ------------------------------- */

struct burst {
	struct node	*victim;
	int		 acked, other, unanswered;
	char		 secrets[BURST][64];
	int		 confirmed[BURST];
	long		 codes[600];
};

/* Counts an answer; kills the victim once KILL_AT are acknowledged. */
static int
burst_done(struct job *j, void *arg)
{
	struct burst *b = arg;
	int status;

	if (j->status == 201) {
		if (secret_of(j->resp, b->secrets[b->acked], 64) != 0)
			fail_msg("201 without a secret: %s", j->resp);
		b->confirmed[b->acked] = strstr(j->resp,
		    "\"status\":\"confirmed\"") != NULL;
		b->acked++;
	} else if (j->status != 0) {
		b->other++;
		b->codes[j->status < 600 ? j->status : 0]++;
	} else
		b->unanswered++;
	if (b->acked < KILL_AT || b->victim->pid <= 0)
		return 0;
	assert_int_equal(kill(b->victim->pid, SIGKILL), 0);
	assert_int_equal(waitpid(b->victim->pid, &status, 0), b->victim->pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	kid_forget(b->victim->pid);
	b->victim->pid = 0;
	return 1;
}

static void
test_kill_one_node_during_burst(void **state)
{
	static struct job jobs[BURST];
	static struct burst b;
	char path[128];
	static struct site s;	/* the teardown sees it after a failure */
	struct resp r;
	json_t *j, *regs, *reg;
	long session, confirmed = 0, waitlisted = 0;
	size_t k;
	int i, issued;

	(void)state;
	NEED_PG();
	site_up(&s, pg_base, NULL);
	j = session_add(&s, 0, 60);
	session = int_of(j, "id");
	json_decref(j);

	memset(&b, 0, sizeof(b));
	b.victim = &s.n[0];
	for (i = 0; i < BURST; i++)
		reg_job(&jobs[i], &s.n[0], session, "burst", i);
	issued = run_jobs(jobs, BURST, INFLIGHT, burst_done, &b);
	print_message("%d sent to node A, %d acknowledged (201), %d other "
	    "answers, %d unanswered; node A killed: %s\n", issued, b.acked,
	    b.other, b.unanswered, s.n[0].pid == 0 ? "yes" : "no");
	for (i = 0; i < 600; i++)
		if (b.codes[i])
			print_message("%ld answers %d\n", b.codes[i], i);
	if (s.n[0].pid != 0)
		fail_msg("only %d of %d registrations were acknowledged; never "
		    "got to kill", b.acked, issued);
	if (b.other != 0)
		fail_msg("%d registrations were answered with neither 201 nor "
		    "silence", b.other);

	/* Every acknowledged registration is there, on node B. */
	for (i = 0; i < b.acked; i++) {
		json_t *t;

		snprintf(path, sizeof(path), "/api/v1/tickets/%s",
		    b.secrets[i]);
		http(s.n[1].base, "GET", path, NULL, NULL, 30, &r);
		if (r.status != 200)
			fail_msg("acknowledged ticket %s answers %ld on B: "
			    "%.200s", b.secrets[i], r.status, r.body);
		t = parsed(&r);
		if (b.confirmed[i])
			assert_string_equal(str_of(t, "status"), "confirmed");
		json_decref(t);
		resp_free(&r);
	}

	/* The roster survived whole: no more confirmed than seats, and a
	 * waiting list without gaps. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%ld/registrations",
	    session);
	http(s.n[1].base, "GET", path, s.token, NULL, 30, &r);
	assert_int_equal(r.status, 200);
	j = parsed(&r);
	regs = json_object_get(j, "registrations");
	json_array_foreach(regs, k, reg) {
		const char *st = str_of(reg, "status");

		if (strcmp(st, "confirmed") == 0)
			confirmed++;
		else if (strcmp(st, "waitlisted") == 0 &&
		    int_of(reg, "position") != ++waitlisted)
			fail_msg("waiting-list position %ld is %ld", waitlisted,
			    int_of(reg, "position"));
	}
	print_message("node B's roster: %zu registrations, %ld confirmed of "
	    "60, %ld waitlisted\n", json_array_size(regs), confirmed,
	    waitlisted);
	assert_true((long)json_array_size(regs) >= b.acked);
	assert_true(confirmed <= 60);
	json_decref(j);
	resp_free(&r);

	/* Node A comes back on the same database. */
	node_start(&s, &s.n[0], "a2");
	http(s.n[0].base, "GET", "/healthz", NULL, NULL, 30, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	site_down(&s, 1);
}

/* --- 5. PostgreSQL restarts under the nodes ------------------------------ */

/* One registration on node n; its status, with r's time and Retry-After. */
static long
register_once(const struct node *n, long session, const char *tag, int i,
    long timeout_s, struct resp *r)
{
	char path[96], body[320];

	snprintf(path, sizeof(path), "/api/v1/sessions/%ld/registrations",
	    session);
	snprintf(body, sizeof(body), "{\"name\":\"Person %s %d\","
	    "\"email\":\"%s-%d@example.org\",\"sector\":\"legal\","
	    "\"organization\":\"Legal Aid\",\"county\":\"Lake\"}", tag, i, tag,
	    i);
	http(n->base, "POST", path, NULL, body, timeout_s, r);
	return r->status;
}

static void
test_database_restart(void **state)
{
	char uri[256], cmd[256], path[96];
	double t0, until, back[2], slowest = 0;
	int i, tries = 0, made = 0, refused[2] = { 0, 0 };
	static struct site s;	/* the teardown sees it after a failure */
	struct resp r;
	long session;
	json_t *j;

	(void)state;
	NEED_PG();
	/* A cluster of our own, to stop and start: the shared one's data
	 * folder is not ours to touch. pg-test hands it to its owner. */
	strcpy(own_cluster, "/tmp/convene-nodes-pg-XXXXXX");
	if (mkdtemp(own_cluster) == NULL) {
		*own_cluster = '\0';
		fail_msg("mkdtemp: %s", strerror(errno));
	}
	snprintf(cmd, sizeof(cmd), PGTEST " start %s", own_cluster);
	sh(cmd, uri, sizeof(uri));
	site_up(&s, uri, NULL);
	j = session_add(&s, 0, 0);
	session = int_of(j, "id");
	json_decref(j);
	for (i = 0; i < 2; i++) {
		assert_int_equal(register_once(&s.n[i], session, "before", i,
		    30, &r), 201);
		resp_free(&r);
		made++;
	}

	snprintf(cmd, sizeof(cmd), PGTEST " pause %s", own_cluster);
	sh(cmd, NULL, 0);

	/* The outage, for a few seconds (so that every thread of a node
	 * meets it): 503 with Retry-After, promptly, from both nodes, for
	 * every request, not only the one that found the loss. */
	t0 = now_s();
	for (i = 0; i < 6 || now_s() - t0 < 3; i++) {
		const struct node *n = &s.n[i % 2];

		register_once(n, session, "outage", i, 15, &r);
		if (r.status != 503)
			fail_msg("a registration during the outage answered "
			    "%ld after %.1f s (want 503): %.200s", r.status,
			    r.secs, r.body);
		if (r.secs > 10)
			fail_msg("the 503 took %.1f s", r.secs);
		if (*r.retry_after == '\0')
			fail_msg("the 503 has no Retry-After");
		slowest = r.secs > slowest ? r.secs : slowest;
		resp_free(&r);

		http(n->base, "GET", "/healthz", NULL, NULL, 15, &r);
		if (r.status != 503 || r.secs > 10)
			fail_msg("/healthz during the outage answered %ld "
			    "after %.1f s (want 503)", r.status, r.secs);
		slowest = r.secs > slowest ? r.secs : slowest;
		resp_free(&r);

		/* Public pages may come from the cache; never a 500, never
		 * a hang. */
		snprintf(path, sizeof(path), "/api/v1/sessions/%ld", session);
		http(n->base, "GET", path, NULL, NULL, 15, &r);
		if ((r.status != 200 && r.status != 503) || r.secs > 10)
			fail_msg("GET %s during the outage answered %ld after "
			    "%.1f s", path, r.status, r.secs);
		slowest = r.secs > slowest ? r.secs : slowest;
		resp_free(&r);
		nap_ms(100);
	}
	print_message("outage of %.1f s: %d rounds of registration, /healthz "
	    "and session on alternate nodes, all 503 (slowest %.3f s)\n",
	    now_s() - t0, i, slowest);

	snprintf(cmd, sizeof(cmd), PGTEST " resume %s", own_cluster);
	sh(cmd, NULL, 0);

	/* Back without restarting the nodes: each one registers again
	 * within 30 s (a refused attempt saved nothing, so names repeat
	 * nowhere). */
	t0 = now_s();
	until = t0 + 30;
	for (i = 0; i < 2; i++) {
		long st = 0;

		while (now_s() < until) {
			st = register_once(&s.n[i], session, "after", tries++,
			    10, &r);
			resp_free(&r);
			if (st == 201)
				break;
			refused[i]++;
			if (st != 503)
				fail_msg("after the restart node %c answered "
				    "%ld (want 503, then 201)",
				    'A' + i, st);
			nap_ms(250);
		}
		if (st != 201)
			fail_msg("node %c did not register anyone within 30 s "
			    "of PostgreSQL's return", 'A' + i);
		made++;
		back[i] = now_s() - t0;
		http(s.n[i].base, "GET", "/healthz", NULL, NULL, 10, &r);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
	print_message("service back on node A after %.2f s (%d refused), node "
	    "B after %.2f s (%d refused)\n", back[0], refused[0], back[1],
	    refused[1]);
	/* Once PostgreSQL answers, so does a node: its pooled connections
	 * that the restart closed are found before use, not by a person. */
	for (i = 0; i < 2; i++)
		if (refused[i] != 0)
			fail_msg("node %c refused %d registrations after "
			    "PostgreSQL was back", 'A' + i, refused[i]);

	/* And the nodes hear each other again: with B's page of the session
	 * cached, a registration on A shows in B's counts (B's feed listens
	 * anew and drops its cache). */
	snprintf(path, sizeof(path), "/api/v1/sessions/%ld", session);
	assert_int_equal(poll_count(&s.n[1], path, "confirmed", made, 10),
	    made);
	assert_int_equal(register_once(&s.n[0], session, "heard", 0, 30, &r),
	    201);
	resp_free(&r);
	made++;
	if (poll_count(&s.n[1], path, "confirmed", made, 10) != made)
		fail_msg("node B's count of session %ld is not %d 10 s after "
		    "node A's registration: its feed did not come back",
		    session, made);
	site_down(&s, 1);
	own_cluster_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_seats_across_nodes,
		    test_teardown),
		cmocka_unit_test_teardown(test_approval_reaches_other_node,
		    test_teardown),
		cmocka_unit_test_teardown(test_mail_exactly_once,
		    test_teardown),
		cmocka_unit_test_teardown(test_kill_one_node_during_burst,
		    test_teardown),
		cmocka_unit_test_teardown(test_database_restart,
		    test_teardown),
	};
	struct sigaction sa;
	const char *u = getenv("CONVENE_TEST_PG");

	if (u != NULL && *u != '\0')
		pg_base = u;
	else
		printf("nodes: skipped: needs CONVENE_TEST_PG (PostgreSQL)\n");
	fflush(stdout);
	strcpy(dir, "/tmp/convene-nodes-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("nodes: mkdtemp");
		return 1;
	}
	/* Every node shares one ticket key file, as deploy.md says. */
	{
		char key[128];

		snprintf(key, sizeof(key), "%s/ticket.key", dir);
		setenv("CONVENE_TICKET_KEY_FILE", key, 1);
	}
	atexit(cleanup_at_exit);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog;
	sigaction(SIGALRM, &sa, NULL);
	alarm(300);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("nodes", tests, NULL, NULL);
}
