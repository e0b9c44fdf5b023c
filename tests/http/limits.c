/*
 * limits.c: HTTP tests of the limits per client address: the defaults and
 * [limits] settings, registrations, sign-in failures, the Q&A (participants,
 * questions, votes, streams), open connections and the request deadline.
 * The server runs with small limits so each is reached quickly; loopback is
 * a trusted proxy as by default, so X-Forwarded-For names the client.
 */
#include <jansson.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "mail.h"

static struct limit_conf LC;

static int
setup(void **state)
{
	(void)state;
	limit_conf_default(&LC);
	LC.per[LIMIT_REGISTER] = 4;
	LC.per[LIMIT_QA_JOIN] = 3;
	LC.per[LIMIT_QA_ASK] = 3;
	LC.per[LIMIT_QA_VOTE] = 2;
	LC.per[LIMIT_STREAMS] = 2;
	LC.signin_failures = 3;
	T = th_start_with(&LC);
	return 0;
}

static char *
xff(const char *addr)
{
	static char h[80];

	snprintf(h, sizeof(h), "X-Forwarded-For: %s", addr);
	return h;
}

/* --- Settings ------------------------------------------------------------- */

static void
test_defaults(void **state)
{
	struct limit_conf c;

	(void)state;
	limit_conf_default(&c);
	assert_true(c.enabled);
	/* An agency registering its office from one address. */
	assert_int_equal(c.per[LIMIT_REGISTER], 30);
	/* A room of 400 phones behind one university address. */
	assert_int_equal(c.per[LIMIT_QA_JOIN], 1000);
	assert_int_equal(c.per[LIMIT_QA_ASK], 400);
	assert_int_equal(c.per[LIMIT_QA_VOTE], 4000);
	assert_int_equal(c.per[LIMIT_STREAMS], 1000);
	assert_int_equal(c.per[LIMIT_CONNECTIONS], 1000);
	assert_int_equal(c.deadline, 20);
	assert_int_equal(c.signin_failures, 10);
	assert_true(limit_trusted(&c, "127.0.0.1"));
	assert_true(limit_trusted(&c, "127.3.4.5"));
	assert_true(limit_trusted(&c, "::1"));
	assert_true(limit_trusted(&c, "::ffff:127.0.0.1"));
	assert_false(limit_trusted(&c, "203.0.113.7"));
	assert_false(limit_trusted(&c, "::2"));
}

static void
test_config_file(void **state)
{
	char path[] = "/tmp/convene-limits-XXXXXX";
	struct mail_conf mc;
	char err[300];
	int fd;
	FILE *f;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs("[limits]\nregistrations = 0\nqa_questions = 12\n"
	    "request_deadline = 5\nsignin_failures = 4\n"
	    "trusted_proxies = 10.0.0.0/8, 2001:db8::1\n", f);
	fclose(f);
	assert_int_equal(mail_conf_read(path, &mc, err, sizeof(err)), 0);
	assert_true(mc.limits.enabled);
	assert_int_equal(limit_of(&mc.limits, LIMIT_REGISTER), 0);	/* off */
	assert_int_equal(limit_of(&mc.limits, LIMIT_QA_ASK), 12);
	assert_int_equal(limit_of(&mc.limits, LIMIT_QA_VOTE), 4000);
	assert_int_equal(mc.limits.deadline, 5);
	assert_int_equal(mc.limits.signin_failures, 4);
	assert_true(limit_trusted(&mc.limits, "10.1.2.3"));
	assert_true(limit_trusted(&mc.limits, "2001:db8::1"));
	assert_false(limit_trusted(&mc.limits, "127.0.0.1"));

	assert_non_null(f = fopen(path, "w"));
	fputs("[limits]\nenabled = false\n", f);
	fclose(f);
	assert_int_equal(mail_conf_read(path, &mc, err, sizeof(err)), 0);
	assert_false(mc.limits.enabled);
	assert_int_equal(limit_of(&mc.limits, LIMIT_QA_VOTE), 0);

	assert_non_null(f = fopen(path, "w"));
	fputs("[limits]\nregistrations = lots\n", f);
	fclose(f);
	assert_int_equal(mail_conf_read(path, &mc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "registrations"));
	assert_non_null(f = fopen(path, "w"));
	fputs("[limits]\ntrusted_proxies = 10.0.0.0/40\n", f);
	fclose(f);
	assert_int_equal(mail_conf_read(path, &mc, err, sizeof(err)), -1);
	assert_non_null(f = fopen(path, "w"));
	fputs("[limits]\nbogus = 1\n", f);
	fclose(f);
	assert_int_equal(mail_conf_read(path, &mc, err, sizeof(err)), -1);
	unlink(path);
}

static void
test_forwarded(void **state)
{
	struct limit_conf c;
	char out[64];

	(void)state;
	limit_conf_default(&c);
	assert_int_equal(limit_conf_set(&c, "trusted_proxies",
	    "127.0.0.1, 10.0.0.0/8"), 0);
	/* Right to left, past the trusted proxies, to the client. */
	limit_client(&c, "127.0.0.1", "203.0.113.5, 10.1.1.1", out, sizeof(out));
	assert_string_equal(out, "203.0.113.5");
	/* What the client itself wrote on the left is not believed. */
	limit_client(&c, "127.0.0.1", "1.2.3.4, 198.51.100.2", out,
	    sizeof(out));
	assert_string_equal(out, "198.51.100.2");
	/* An untrusted peer's header is ignored. */
	limit_client(&c, "198.51.100.9", "203.0.113.5", out, sizeof(out));
	assert_string_equal(out, "198.51.100.9");
	/* Garbage stops the walk at the last good address. */
	limit_client(&c, "127.0.0.1", "junk", out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	limit_client(&c, "127.0.0.1", NULL, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
}

/* --- Registrations -------------------------------------------------------- */

static long
register_from(int64_t sid, const char *addr, int n, char *retry, size_t rsz)
{
	struct resp r;
	char path[64], body[256];
	long status;

	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	snprintf(body, sizeof(body), "{\"name\":\"Person %d\"}", n);
	th_req(T, "POST", path, "application/json", body, xff(addr), &r);
	status = r.status;
	if (retry != NULL && th_header(&r, "Retry-After", retry, rsz) == -1)
		*retry = '\0';
	if (status == 429) {
		json_t *j = th_parse(&r);

		assert_non_null(strstr(json_string_value(json_object_get(j,
		    "error")), "registrations from your network"));
		json_decref(j);
	}
	resp_free(&r);
	return status;
}

static void
test_registrations(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	char retry[16];
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(register_from(sid, "203.0.113.20", i, NULL, 0),
		    201);
	assert_int_equal(register_from(sid, "203.0.113.20", 9, retry,
	    sizeof(retry)), 429);
	assert_true(atoi(retry) > 0 && atoi(retry) <= 600);
	/* The page's form counts against the same allowance. */
	{
		struct resp r;
		char path[64];

		snprintf(path, sizeof(path), "/sessions/%lld/register",
		    (long long)sid);
		th_req(T, "POST", path, "application/x-www-form-urlencoded",
		    "name=Person+Form", xff("203.0.113.20"), &r);
		assert_int_equal(r.status, 429);
		resp_free(&r);
	}
	/* Another address behind the same proxy is another client. */
	assert_int_equal(register_from(sid, "203.0.113.21", 10, NULL, 0), 201);
	/* The proxy itself, naming no client, is not one client. */
	for (i = 0; i < 6; i++)
		assert_int_equal(register_from(sid, "127.0.0.1", 20 + i, NULL, 0),
		    201);
	/* The refused one wrote nothing: five people registered. */
	{
		struct resp r;
		json_t *j;
		char path[64];

		snprintf(path, sizeof(path), "/api/v1/sessions/%lld",
		    (long long)sid);
		th_get(T, path, &r);
		j = th_parse(&r);
		assert_int_equal(json_integer_value(json_object_get(j,
		    "confirmed")), 11);
		json_decref(j);
		resp_free(&r);
	}
}

/* --- Sign-in -------------------------------------------------------------- */

static int64_t
mkuser(const char *name, const char *pw)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;

	assert_int_equal(crypto_pwhash_str(hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), name, hash,
	    ROLE_BIT(ROLE_DOOR), now_utc(), &id), STORE_OK);
	return id;
}

static long
login_from(const char *addr, const char *name, const char *pw, char *msg,
    size_t msz)
{
	struct resp r;
	char body[256];
	long status;
	const char *p, *e;

	snprintf(body, sizeof(body), "name=%s&password=%s", name, pw);
	th_req(T, "POST", "/staff/login", "application/x-www-form-urlencoded",
	    body, xff(addr), &r);
	status = r.status;
	if (msg != NULL) {
		*msg = '\0';
		if (r.body.data && (p = strstr(r.body.data, "class=\"error"))
		    != NULL && (p = strchr(p, '>')) != NULL &&
		    (e = strchr(p, '<')) != NULL)
			snprintf(msg, msz, "%.*s", (int)(e - p - 1), p + 1);
	}
	resp_free(&r);
	return status;
}

static void
test_signin(void **state)
{
	char known[200], unknown[200];
	int64_t id = mkuser("lim-door", "pw-lim-door-0123456789");
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(login_from("203.0.113.30", "lim-door", "wrong",
		    known, sizeof(known)), 401);
		assert_int_equal(login_from("203.0.113.30", "lim-nobody",
		    "wrong", unknown, sizeof(unknown)), 401);
		/* A name that exists and one that does not answer alike. */
		assert_string_equal(known, unknown);
	}
	/* From that address, even the right password waits. */
	assert_int_equal(login_from("203.0.113.30", "lim-door",
	    "pw-lim-door-0123456789", known, sizeof(known)), 429);
	assert_int_equal(login_from("203.0.113.30", "lim-nobody", "wrong",
	    unknown, sizeof(unknown)), 429);
	assert_string_equal(known, unknown);
	/* The attacker's address cannot lock the real person out. */
	assert_int_equal(login_from("198.51.100.30", "lim-door",
	    "pw-lim-door-0123456789", NULL, 0), 303);
	/* A coordinator's reset unlocks it everywhere. */
	{
		struct actor who;

		memset(&who, 0, sizeof(who));
		who.kind = ACTOR_STAFF;
		who.roles = ROLE_BIT(ROLE_COORDINATOR);
		assert_int_equal(app_user_password(th_app(T), &who, NULL, id,
		    "a-new-password-for-door"), STORE_OK);
	}
	assert_int_equal(login_from("203.0.113.30", "lim-door",
	    "a-new-password-for-door", NULL, 0), 303);
}

/* --- Q&A ------------------------------------------------------------------ */

static int64_t
mkqa(char code[JOIN_CODE_LEN + 1])
{
	struct store_session ss;
	int64_t venue, event, id, now = now_utc();

	assert_int_equal(store_venue_add(th_tx(T), "Limit Hall", "1 Main St",
	    "Missoula", "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(T), "Limit stop", "", venue, 0,
	    now, &event), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = "Evening Q&A";
	ss.audience = AUDIENCE_PUBLIC;
	ss.capacity = -1;
	ss.starts_at = now + 600;
	ss.ends_at = ss.starts_at + 7200;
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	token_join_code(code);
	ss.join_code = code;
	assert_int_equal(store_session_add(th_tx(T), &ss, &id), STORE_OK);
	/* Shown at once, so votes can be cast on them. */
	assert_int_equal(store_session_moderation(th_tx(T), id, 1), STORE_OK);
	th_commit();
	cache_invalidate();
	return id;
}

static long
ask_from(const char *code, const char *addr, const char *cookie, int n,
    int64_t *qid)
{
	struct curl_slist *hdrs = NULL;
	struct resp r;
	char path[64], body[128], ck[128];
	CURL *c;
	long status;

	snprintf(path, sizeof(path), "/api/v1/qa/%s/questions", code);
	snprintf(body, sizeof(body), "{\"text\":\"What can a neighbour do, "
	    "number %d?\"}", n);
	hdrs = curl_slist_append(hdrs, xff(addr));
	if (cookie != NULL) {
		snprintf(ck, sizeof(ck), "Cookie: participant=%s", cookie);
		hdrs = curl_slist_append(hdrs, ck);
	}
	c = th_easy(T, "POST", path, "application/json", body, &hdrs, &r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	if (status == 201 && qid != NULL) {
		json_t *j = th_parse(&r);

		*qid = json_integer_value(json_object_get(j, "id"));
		json_decref(j);
	}
	resp_free(&r);
	return status;
}

static void
test_qa_participants_and_questions(void **state)
{
	char code[JOIN_CODE_LEN + 1];
	int i;

	(void)state;
	mkqa(code);
	/* A script that drops its cookie is a new participant each time. */
	for (i = 0; i < 3; i++)
		assert_int_equal(ask_from(code, "203.0.113.40", NULL, i, NULL),
		    201);
	assert_int_equal(ask_from(code, "203.0.113.40", NULL, 3, NULL), 429);
	/* Questions: three per address, whoever asks them. */
	assert_int_equal(ask_from(code, "203.0.113.41",
	    "limits-participant-aaaaaaaaaaaaa", 0, NULL), 201);
	assert_int_equal(ask_from(code, "203.0.113.41",
	    "limits-participant-aaaaaaaaaaaaa", 1, NULL), 201);
	assert_int_equal(ask_from(code, "203.0.113.41",
	    "limits-participant-bbbbbbbbbbbbb", 2, NULL), 201);
	assert_int_equal(ask_from(code, "203.0.113.41",
	    "limits-participant-bbbbbbbbbbbbb", 3, NULL), 429);
	/* Other addresses are not affected. */
	assert_int_equal(ask_from(code, "203.0.113.42", NULL, 0, NULL), 201);
}

static void
test_qa_votes(void **state)
{
	char code[JOIN_CODE_LEN + 1], path[64], ck[96];
	int64_t qid[3];
	struct resp r;
	int i;

	(void)state;
	mkqa(code);
	for (i = 0; i < 3; i++)
		assert_int_equal(ask_from(code, "203.0.113.50", NULL, i,
		    &qid[i]), 201);
	snprintf(ck, sizeof(ck), "Cookie: participant=%s",
	    "limits-voter-ccccccccccccccccccc");
	for (i = 0; i < 3; i++) {
		struct curl_slist *hdrs = NULL;
		CURL *c;

		snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
		    (long long)qid[i]);
		hdrs = curl_slist_append(hdrs, xff("203.0.113.51"));
		hdrs = curl_slist_append(hdrs, ck);
		c = th_easy(T, "POST", path, NULL, NULL, &hdrs, &r);
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_cleanup(c);
		curl_slist_free_all(hdrs);
		if (i < 2)
			assert_int_equal(r.status / 100, 2);
		else
			assert_int_equal(r.status, 429);
		resp_free(&r);
	}
}

/* Opens a stream without reading it; returns the socket. */
static int
open_stream(const char *code, const char *addr, char *status, size_t ssz)
{
	struct sockaddr_in sa;
	char req[256];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)http_server_port(T->srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(req, sizeof(req), "GET /api/v1/qa/%s/stream HTTP/1.1\r\n"
	    "Host: x\r\nX-Forwarded-For: %s\r\n\r\n", code, addr);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	n = read(fd, status, ssz - 1);
	status[n > 0 ? n : 0] = '\0';
	return fd;
}

static void
test_qa_streams(void **state)
{
	char code[JOIN_CODE_LEN + 1], st[512];
	int a, b, c, d;

	(void)state;
	mkqa(code);
	a = open_stream(code, "203.0.113.60", st, sizeof(st));
	assert_non_null(strstr(st, "200 OK"));
	b = open_stream(code, "203.0.113.60", st, sizeof(st));
	assert_non_null(strstr(st, "200 OK"));
	c = open_stream(code, "203.0.113.60", st, sizeof(st));
	assert_non_null(strstr(st, " 429 "));
	close(c);
	d = open_stream(code, "203.0.113.61", st, sizeof(st));
	assert_non_null(strstr(st, "200 OK"));
	/*
	 * A closed stream gives its place back. The reader goes away with an
	 * abort, as a phone that loses its network does in effect: a FIN
	 * after every byte was read is only found by the second heartbeat's
	 * write, the first one's answer being the reset.
	 */
	{
		struct linger lg = { 1, 0 };

		assert_int_equal(setsockopt(a, SOL_SOCKET, SO_LINGER, &lg,
		    sizeof(lg)), 0);
	}
	close(a);
	usleep(300 * 1000);
	{
		int i, ok = 0;

		/* The heartbeat finds the closed one within its period. */
		for (i = 0; i < 150 && !ok; i++) {
			c = open_stream(code, "203.0.113.60", st, sizeof(st));
			ok = strstr(st, "200 OK") != NULL;
			close(c);
			if (!ok)
				usleep(100 * 1000);
		}
		assert_true(ok);
	}
	close(b);
	close(d);
}

/* --- Connections and the request deadline ---------------------------------- */

/* A connection from a loopback source address of our choice. */
static int
connect_from(struct th *t, const char *src)
{
	struct sockaddr_in sa, me;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&me, 0, sizeof(me));
	me.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, src, &me.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof(me)), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)http_server_port(t->srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* 1 when the server closed fd within ms. */
static int
closed_within(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char b[256];

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return read(fd, b, sizeof(b)) <= 0;
}

/* A normal request over a fresh connection from src: its status. */
static long
plain_get(struct th *t, const char *src)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n";
	char b[512];
	int fd = connect_from(t, src);
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n = 0;
	long status = 0;

	assert_int_equal(write(fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	if (poll(&p, 1, 5000) == 1 && (n = read(fd, b, sizeof(b) - 1)) > 0) {
		b[n] = '\0';
		if (strncmp(b, "HTTP/1.1 ", 9) == 0)
			status = atol(b + 9);
	}
	close(fd);
	return status;
}

static void
test_slow_senders(void **state)
{
	struct limit_conf c;
	struct th *t;
	int fd[30], gone[30], i, closed = 0;

	(void)state;
	limit_conf_default(&c);
	c.deadline = 2;
	c.per[LIMIT_CONNECTIONS] = 20;
	assert_int_equal(limit_conf_set(&c, "trusted_proxies", ""), 0);
	t = th_start_with(&c);
	/* Slowloris from one address: a header line now and then. */
	for (i = 0; i < 30; i++) {
		fd[i] = connect_from(t, "127.0.0.2");
		assert_true(write(fd[i], "GET / HTTP/1.1\r\nX-a: b\r\n", 24) == 24);
	}
	/* Past 20 from one address, connections are closed at once (which
	 * ones depends on the order the server's threads took them in). */
	usleep(500 * 1000);
	for (i = 0; i < 30; i++)
		closed += (gone[i] = closed_within(fd[i], 50));
	assert_int_equal(closed, 10);
	/* Everyone else is still served meanwhile. */
	assert_int_equal(plain_get(t, "127.0.0.3"), 200);
	/* Past the deadline the slow ones are closed, however they trickle. */
	for (i = 0; i < 30; i++)
		if (!gone[i])
			assert_true(write(fd[i], "X-b: c\r\n", 8) == 8);
	for (i = 0; i < 30; i++)
		if (!gone[i])
			assert_true(closed_within(fd[i], 4000));
	for (i = 0; i < 30; i++)
		close(fd[i]);
	/* And the address may connect again, once the server has seen its
	 * connections close. */
	{
		long st = 0;

		for (i = 0; i < 50 && st != 200; i++)
			if ((st = plain_get(t, "127.0.0.2")) != 200)
				usleep(100 * 1000);
		assert_int_equal(st, 200);
	}
	th_stop(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_forwarded),
		cmocka_unit_test(test_registrations),
		cmocka_unit_test(test_signin),
		cmocka_unit_test(test_qa_participants_and_questions),
		cmocka_unit_test(test_qa_votes),
		cmocka_unit_test(test_qa_streams),
		cmocka_unit_test(test_slow_senders),
	};

	return cmocka_run_group_tests_name("http limits", tests, setup,
	    th_teardown);
}
