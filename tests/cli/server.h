/* server.h: a convene under test for the command-line suites: its folder, the
 * backend (CONVENE_TEST_PG), starting and stopping `serve`, GETs, the
 * session to register at, registrations in flight and a ticket's code out
 * of an answer. Include once,
 * after defining BIN, TEST_DIR ("/tmp/convene-NAME-XXXXXX") and SECRET_SZ. */
#ifndef CONVENE_TEST_CLI_SERVER_H
#define CONVENE_TEST_CLI_SERVER_H

static char dir[64];

struct xfer {
	CURL *c;
	struct curl_slist *hdr;
	char body[256];
	char resp[2048];
	size_t len;
};

/* The PostgreSQL server under test (scripts/pg-test), or NULL for SQLite. */
__attribute__((unused)) static const char *
pg(void)
{
	const char *u = getenv("CONVENE_TEST_PG");

	return u != NULL && *u != '\0' ? u : NULL;
}

/* PostgreSQL has no default ticket key file: the test's own, for every
 * convene it starts. */
__attribute__((unused)) static int
key_env(void)
{
	const char *u = getenv("CONVENE_TEST_PG");
	char key[128];

	if (u == NULL || *u == '\0')
		return 0;
	snprintf(key, sizeof(key), "%s/ticket.key", dir);
	return setenv("CONVENE_TICKET_KEY_FILE", key, 1);
}

__attribute__((unused)) static int
setup(void **state)
{
	(void)state;
	strcpy(dir, TEST_DIR);
	if (mkdtemp(dir) == NULL)
		return -1;
	return key_env();
}

__attribute__((unused)) static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

__attribute__((unused)) static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

__attribute__((unused)) static size_t
collect(char *p, size_t sz, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = sz * n, room = sizeof(x->resp) - 1 - x->len;

	if (len > room)
		len = room;
	memcpy(x->resp + x->len, p, len);
	x->len += len;
	x->resp[x->len] = '\0';
	return sz * n;
}

struct dbuf {
	char *p;
	size_t len;
};

__attribute__((unused)) static size_t
grow(char *p, size_t sz, size_t n, void *arg)
{
	struct dbuf *d = arg;
	char *np = realloc(d->p, d->len + sz * n + 1);

	if (np == NULL)
		return 0;
	d->p = np;
	memcpy(d->p + d->len, p, sz * n);
	d->len += sz * n;
	d->p[d->len] = '\0';
	return sz * n;
}

/* GET url; returns the status (0 when no answer) and the body, which the
 * caller frees, in *body when body is not NULL. */
__attribute__((unused)) static long
get(const char *url, char **body)
{
	struct dbuf d = { NULL, 0 };
	long code = 0;
	CURL *c;

	c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (d.p == NULL && (d.p = calloc(1, 1)) == NULL)
		fail_msg("out of memory");
	if (body != NULL)
		*body = d.p;
	else
		free(d.p);
	return code;
}

/* Starts serve on db; returns its pid, the port in *port. */
__attribute__((unused)) static pid_t
start(const char *db, const char *log, int *port)
{
	char line[512];
	int i, status;
	pid_t pid;
	FILE *f;

	*port = 0;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 2);
		execl(BIN, BIN, "serve", "--db", db, "--listen", "127.0.0.1:0",
		    (char *)NULL);
		_exit(127);
	}
	/* Generous: a sanitized build checking a database may be slow. */
	for (i = 0; i < 2400 && *port == 0; i++) {
		nap_ms(50);
		if (waitpid(pid, &status, WNOHANG) == pid) {
			char out[2048] = "";

			if ((f = fopen(log, "r")) != NULL) {
				out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
				fclose(f);
			}
			fail_msg("serve exited (status %d) before listening: "
			    "%s", status, out);
		}
		if ((f = fopen(log, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "convene: listening on "
			    "http://127.0.0.1:%d", port) == 1)
				break;
		fclose(f);
	}
	if (*port <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fail_msg("serve never said where it listens (log %s)", log);
	}
	return pid;
}

__attribute__((unused)) static void
stop(pid_t pid, const char *log)
{
	char cmd[512];
	int status;

	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* What it said last is the clue: show it before failing. */
		snprintf(cmd, sizeof(cmd), "tail -n 40 '%s' >&2", log);
		if (system(cmd) != 0)
			print_error("(no log at %s)\n", log);
		fail_msg("serve did not exit 0 on SIGTERM (status %#x)", status);
	}
}

/* Reads an integer member out of s..end; -1 when absent. */
__attribute__((unused)) static long
member(const char *s, const char *end, const char *key)
{
	const char *p = strstr(s, key);

	if (p == NULL || p >= end)
		return -1;
	p += strlen(key);
	if (strncmp(p, "null", 4) == 0)
		return -2;
	return strtol(p, NULL, 10);
}

/* The open professional session with the most room, from /api/v1/events. */
__attribute__((unused)) static long
pick_session(int port, long *capacity)
{
	const char *p, *obj, *next;
	char url[128], *body;
	long best = -1, best_room = -1;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/events", port);
	assert_int_equal(get(url, &body), 200);
	for (p = body; (p = strstr(p, "\"audience\":\"professional\"")) != NULL;
	    p++) {
		long id, cap, conf;

		/* Back to the start of this session object. */
		for (obj = p; obj > body && strncmp(obj, "{\"id\":", 6)
		    != 0; obj--)
			;
		next = strstr(p, "{\"id\":");
		if (next == NULL)
			next = body + strlen(body);
		id = member(obj, next, "{\"id\":");
		cap = member(p, next, "\"capacity\":");
		conf = member(p, next, "\"confirmed\":");
		if (id <= 0 || cap < 0 || conf < 0)
			continue;
		if (strstr(p, "\"registration\":\"open\"") == NULL ||
		    strstr(p, "\"registration\":\"open\"") >= next)
			continue;
		if (cap - conf > best_room) {
			best_room = cap - conf;
			best = id;
			*capacity = cap;
		}
	}
	free(body);
	if (best < 0)
		fail_msg("no open professional session with a capacity");
	return best;
}

/* Copies the "secret" of a 201 body; 0 on success. */
__attribute__((unused)) static int
secret_of(const char *resp, char *out)
{
	const char *p = strstr(resp, "\"secret\":\""), *q;
	size_t i;

	if (p == NULL)
		return -1;
	p += strlen("\"secret\":\"");
	if ((q = strchr(p, '"')) == NULL || q == p ||
	    (size_t)(q - p) >= SECRET_SZ)
		return -1;
	for (i = 0; p + i < q; i++) {
		char ch = p[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return -1;
		out[i] = ch;
	}
	out[i] = '\0';
	return 0;
}

/*
 * Queues one registration at session on m: the person is named by fmt
 * (printf) and has that name @example.org as address; the answer lands
 * in the xfer, found again through CURLOPT_PRIVATE.
 */
__attribute__((unused, format(printf, 4, 5))) static struct xfer *
add_request(CURLM *m, int port, long session, const char *fmt, ...)
{
	struct xfer *x = calloc(1, sizeof(*x));
	char url[128], who[64];
	va_list ap;

	assert_non_null(x);
	va_start(ap, fmt);
	vsnprintf(who, sizeof(who), fmt, ap);
	va_end(ap);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/sessions/%ld/"
	    "registrations", port, session);
	snprintf(x->body, sizeof(x->body), "{\"name\":\"%s\",\"email\":"
	    "\"%s@example.org\",\"sector\":\"medical\",\"organization\":"
	    "\"Clinic\",\"county\":\"Lake\"}", who, who);
	x->hdr = curl_slist_append(NULL, "Content-Type: application/json");
	x->c = curl_easy_init();
	curl_easy_setopt(x->c, CURLOPT_URL, url);
	curl_easy_setopt(x->c, CURLOPT_HTTPHEADER, x->hdr);
	curl_easy_setopt(x->c, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(x->c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(x->c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->c, CURLOPT_PRIVATE, x);
	/* A guard against hanging forever, not a timing requirement. */
	curl_easy_setopt(x->c, CURLOPT_TIMEOUT, 300L);
	curl_multi_add_handle(m, x->c);
	return x;
}

/* The next transfer of m that finished (NULL: none yet), its HTTP
 * status in *code (0: no answer). */
__attribute__((unused)) static struct xfer *
xfer_next(CURLM *m, long *code)
{
	struct xfer *x;
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		*code = 0;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&x);
		if (msg->data.result == CURLE_OK)
			curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, code);
		return x;
	}
	return NULL;
}

/* Takes a finished transfer off m and frees it. */
__attribute__((unused)) static void
xfer_free(CURLM *m, struct xfer *x)
{
	curl_multi_remove_handle(m, x->c);
	curl_easy_cleanup(x->c);
	curl_slist_free_all(x->hdr);
	free(x);
}

#endif
