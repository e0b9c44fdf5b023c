/* mail.c: tests of the mail module against a local SMTP sink (aiosmtpd
 * writing a maildir): composing with {site} and a calendar file, RFC 2047
 * subjects, failures with backoff, and registration confirmations. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <jansson.h>

#include "harness.h"
#include "mail.h"
#include "message.h"

/* The SMTP sink: a child process, its port and its maildir. */
static struct {
	pid_t	 pid;
	int	 port;
	char	 dir[64];
	char	 maildir[128];
	char	 log[128];
} Sink;

static struct mail_conf Conf;

/* A port nothing listens on now: bound, read, closed. */
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
	a.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

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

static char *
slurp(const char *path)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	buf_init(&b, 0);
	if (f) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&b, chunk, n);
		fclose(f);
	}
	buf_append(&b, "", 1);
	return b.data;
}

static void
sink_start(void)
{
	char addr[64];
	char *argv[] = { "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
	    addr, "-c", "aiosmtpd.handlers.Mailbox", Sink.maildir, NULL };
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	pid_t parent = getpid();
	int i, st;

	strcpy(Sink.dir, "/tmp/convene-mail-XXXXXX");
	assert_non_null(mkdtemp(Sink.dir));
	snprintf(Sink.maildir, sizeof(Sink.maildir), "%s/maildir", Sink.dir);
	snprintf(Sink.log, sizeof(Sink.log), "%s/sink.log", Sink.dir);
	Sink.port = free_port();
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", Sink.port);
	if (access("/usr/bin/python3", X_OK) != 0)
		fail_msg("/usr/bin/python3 is missing (apt-get install "
		    "python3-aiosmtpd)");
	fflush(NULL);
	Sink.pid = fork();
	assert_true(Sink.pid >= 0);
	if (Sink.pid == 0) {
		int fd;

		/* The sink goes when the test does, even when it crashes. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		if ((fd = open("/dev/null", O_RDONLY)) >= 0)
			dup2(fd, 0);
		if ((fd = open(Sink.log, O_WRONLY | O_CREAT | O_TRUNC,
		    0600)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	/* Wait until it listens (or has died). */
	for (i = 0; i < 600; i++) {
		if (waitpid(Sink.pid, &st, WNOHANG) == Sink.pid) {
			char *log = slurp(Sink.log);

			Sink.pid = 0;
			fail_msg("the SMTP sink exited (is python3-aiosmtpd "
			    "installed?): %s", log);
		}
		if (port_open(Sink.port))
			break;
		nanosleep(&pause, NULL);
	}
	if (i == 600)
		fail_msg("the SMTP sink did not start listening on %d",
		    Sink.port);
}

static void
sink_stop(void)
{
	char cmd[128];

	if (Sink.pid > 0) {
		kill(Sink.pid, SIGTERM);
		waitpid(Sink.pid, NULL, 0);
		Sink.pid = 0;
	}
	if (*Sink.dir) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", Sink.dir);
		assert_int_equal(system(cmd), 0);
	}
}

static int
group_setup(void **state)
{
	(void)state;
	assert_int_equal(sodium_init() < 0, 0);
	sink_start();
	memset(&Conf, 0, sizeof(Conf));
	snprintf(Conf.host, sizeof(Conf.host), "127.0.0.1");
	Conf.port = Sink.port;
	snprintf(Conf.security, sizeof(Conf.security), "none");
	snprintf(Conf.from, sizeof(Conf.from),
	    "Task Force <convene@example.org>");
	snprintf(Conf.base_url, sizeof(Conf.base_url),
	    "https://convene.example.org");
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	sink_stop();
	return 0;
}

/* Files of MAILDIR/new, read; returns how many (at most max). */
static size_t
mailbox(char **out, size_t max)
{
	char path[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/new", Sink.maildir);
	d = opendir(path);
	if (d == NULL)
		fail_msg("no maildir at %s: %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == max)
			fail_msg("more than %zu messages in the maildir", max);
		snprintf(path, sizeof(path), "%s/new/%s", Sink.maildir,
		    e->d_name);
		out[n++] = slurp(path);
	}
	closedir(d);
	return n;
}

static void
mailbox_free(char **m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i]);
}

/* Empties MAILDIR/new. */
static void
mailbox_clear(void)
{
	char path[512];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/new", Sink.maildir);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/new/%s", Sink.maildir,
		    e->d_name);
		unlink(path);
	}
	closedir(d);
}

static int
setup(void **state)
{
	(void)state;
	T = th_start();
	mailbox_clear();
	return 0;
}

/* --- A small MIME reader ---------------------------------------------------- */

/* The end of a header block (the blank line); NULL when none. */
static const char *
head_end(const char *msg, const char **bodyp)
{
	const char *p;

	for (p = msg; *p; p++)
		if (p[0] == '\n' && (p[1] == '\n' || (p[1] == '\r' &&
		    p[2] == '\n'))) {
			*bodyp = p + (p[1] == '\n' ? 2 : 3);
			return p + 1;
		}
	return NULL;
}

/* An unfolded header of the block [head, end) into out; -1 when none. */
static int
header(const char *head, const char *end, const char *name, char *out,
    size_t outsz)
{
	size_t n = strlen(name), len = 0;
	const char *p = head;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;

			for (;;) {
				while (v < eol && (*v == ' ' || *v == '\t'))
					v++;
				while (v < eol && *v != '\r' && len + 1 < outsz)
					out[len++] = *v++;
				/* Continuation lines start with white space. */
				if (eol + 1 < end && (eol[1] == ' ' ||
				    eol[1] == '\t')) {
					v = eol + 1;
					eol = memchr(v, '\n', (size_t)(end - v));
					if (eol == NULL)
						eol = end;
					if (len + 1 < outsz)
						out[len++] = ' ';
					continue;
				}
				break;
			}
			out[len] = '\0';
			return 0;
		}
		p = eol + 1;
	}
	return -1;
}

/* Base64 text (lines and all) decoded into a NUL-terminated malloc'd string. */
static char *
unbase64(const char *b64, size_t len)
{
	unsigned char *bin = xmalloc(len + 1);
	size_t binlen = 0;
	const char *end;

	if (sodium_base642bin(bin, len, b64, len, "\r\n", &binlen, &end,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		fail_msg("not base64: %.*s", (int)len, b64);
	bin[binlen] = '\0';
	return (char *)bin;
}

struct part {
	char	 ctype[256];
	char	 cte[64];
	char	 disposition[256];
	char	*text;		/* decoded, malloc'd */
};

/* Reads one MIME entity [p, end): its headers and decoded body. */
static void
read_part(const char *p, const char *end, struct part *pt)
{
	const char *hend, *b;

	memset(pt, 0, sizeof(*pt));
	hend = head_end(p, &b);
	assert_non_null(hend);
	assert_true(b <= end);
	header(p, hend, "Content-Type", pt->ctype, sizeof(pt->ctype));
	header(p, hend, "Content-Transfer-Encoding", pt->cte, sizeof(pt->cte));
	header(p, hend, "Content-Disposition", pt->disposition,
	    sizeof(pt->disposition));
	if (strcasecmp(pt->cte, "base64") == 0) {
		/* Trailing line breaks before the next boundary are not data. */
		while (end > b && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		pt->text = unbase64(b, (size_t)(end - b));
	} else {
		pt->text = xmalloc((size_t)(end - b) + 1);
		memcpy(pt->text, b, (size_t)(end - b));
		pt->text[end - b] = '\0';
	}
}

/* The parts of a multipart message (at most max); returns how many. */
static size_t
parts(const char *msg, struct part *out, size_t max)
{
	const char *b, *hend = head_end(msg, &b), *q;
	char ct[512], delim[128];
	size_t n = 0;
	const char *bd;

	assert_non_null(hend);
	assert_int_equal(header(msg, hend, "Content-Type", ct, sizeof(ct)), 0);
	if (strncasecmp(ct, "multipart/", 10) != 0) {
		read_part(msg, msg + strlen(msg), out);
		return 1;
	}
	bd = strstr(ct, "boundary=");
	assert_non_null(bd);
	bd += strlen("boundary=");
	if (*bd == '"')
		bd++;
	snprintf(delim, sizeof(delim), "--%.*s", (int)strcspn(bd, "\";"), bd);
	q = strstr(b, delim);
	assert_non_null(q);
	for (;;) {
		const char *start = q + strlen(delim), *next;

		if (strncmp(start, "--", 2) == 0)
			break;	/* the closing delimiter */
		while (*start == '\r' || *start == '\n')
			start++;
		next = strstr(start, delim);
		if (next == NULL)
			fail_msg("a part without its closing delimiter");
		assert_true(n < max);
		read_part(start, next, &out[n++]);
		q = next;
	}
	return n;
}

static void
parts_free(struct part *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].text);
}

/* An RFC 2047 "=?UTF-8?B?...?=" word decoded (malloc'd); NULL if not one. */
static char *
decode_word(const char *s)
{
	static const char pre[] = "=?UTF-8?B?";
	const char *end;

	if (strncasecmp(s, pre, strlen(pre)) != 0)
		return NULL;
	s += strlen(pre);
	if ((end = strstr(s, "?=")) == NULL)
		return NULL;
	return unbase64(s, (size_t)(end - s));
}

/* The outbox row with id (from a listing). */
static struct store_mail
outbox_row(struct arena *a, int64_t id)
{
	struct store_mail *m;
	size_t n, i;

	assert_int_equal(store_outbox_list(T->s, a, 1000, &m, &n), STORE_OK);
	for (i = 0; i < n; i++)
		if (m[i].id == id)
			return m[i];
	fail_msg("no outbox row %lld", (long long)id);
	return m[0];
}

/* The newest outbox row. */
static struct store_mail
outbox_newest(struct arena *a, size_t *count)
{
	struct store_mail *m;
	size_t n;

	assert_int_equal(store_outbox_list(T->s, a, 1000, &m, &n), STORE_OK);
	*count = n;
	assert_true(n > 0);
	return m[0];
}

static size_t
outbox_count(void)
{
	struct arena *a = arena_new();
	struct store_mail *m;
	size_t n;

	assert_int_equal(store_outbox_list(T->s, a, 1000, &m, &n), STORE_OK);
	arena_free(a);
	return n;
}

/* Checks the calendar attachment of a message for a session title. */
static void
expect_calendar(const struct part *p, const char *title)
{
	char want[256];

	assert_non_null(strstr(p->ctype, "text/calendar"));
	assert_non_null(strstr(p->disposition, "attachment"));
	assert_non_null(strstr(p->disposition, ".ics"));
	if (strstr(p->text, "BEGIN:VCALENDAR") == NULL ||
	    strstr(p->text, "BEGIN:VEVENT") == NULL ||
	    strstr(p->text, "END:VCALENDAR") == NULL)
		fail_msg("not an iCalendar: %s", p->text);
	snprintf(want, sizeof(want), "SUMMARY:%s", title);
	if (strstr(p->text, want) == NULL)
		fail_msg("the calendar lacks %s: %s", want, p->text);
}

/* --- Tests ------------------------------------------------------------------ */

static void
test_message_with_calendar(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	int64_t now = now_utc();
	struct arena *a = arena_new();
	struct store_mail row;
	struct part p[4];
	char *msg[4], v[512];
	const char *hend, *b;
	size_t n, np, count;

	(void)state;
	/* Stored as a template and its parameters, rendered when sent. */
	assert_int_equal(message_queue(th_tx(T), "kat@example.org",
	    MSG_REGISTERED, NULL, sid, now, "title", "Training", "event",
	    "Hello.", "venue", "Hall", "city", "Missoula", "secret", "abc",
	    (char *)NULL), STORE_OK);
	row = outbox_newest(a, &count);
	assert_int_equal(count, 1);
	assert_int_equal(row.sent_at, 0);
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now), 1);

	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	hend = head_end(msg[0], &b);
	assert_non_null(hend);
	assert_int_equal(header(msg[0], hend, "Subject", v, sizeof(v)), 0);
	assert_string_equal(v, "Registered: Training");
	assert_int_equal(header(msg[0], hend, "To", v, sizeof(v)), 0);
	assert_string_equal(v, "kat@example.org");
	assert_int_equal(header(msg[0], hend, "From", v, sizeof(v)), 0);
	assert_string_equal(v, "Task Force <convene@example.org>");
	/* The envelope, as the sink recorded it. */
	assert_int_equal(header(msg[0], hend, "X-MailFrom", v, sizeof(v)), 0);
	assert_string_equal(v, "convene@example.org");
	assert_int_equal(header(msg[0], hend, "X-RcptTo", v, sizeof(v)), 0);
	assert_string_equal(v, "kat@example.org");
	assert_int_equal(header(msg[0], hend, "Date", v, sizeof(v)), 0);
	assert_int_equal(header(msg[0], hend, "Message-ID", v, sizeof(v)), 0);

	np = parts(msg[0], p, 4);
	assert_int_equal(np, 2);
	assert_non_null(strstr(p[0].ctype, "text/plain"));
	assert_non_null(strstr(p[0].ctype, "utf-8"));
	assert_string_equal(p[0].cte, "base64");
	if (strstr(p[0].text, "https://convene.example.org/tickets/abc") == NULL)
		fail_msg("the text lacks the ticket link: %s", p[0].text);
	assert_non_null(strstr(p[0].text, "Hello."));
	assert_null(strstr(p[0].text, "{site}"));
	expect_calendar(&p[1], "Training");
	parts_free(p, np);
	mailbox_free(msg, n);

	row = outbox_row(a, row.id);
	assert_int_equal(row.sent_at, now);
	assert_int_equal(row.attempts, 1);
	assert_null(row.last_error);
	{
		struct store_mail *due;

		assert_int_equal(store_outbox_due(T->s, a, now + 86400, 10, &due,
		    &n), STORE_OK);
		assert_int_equal(n, 0);
	}
	/* Nothing is sent twice. */
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now + 86400), 0);
	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	mailbox_free(msg, n);
	arena_free(a);
}

static void
test_utf8_subject(void **state)
{
	int64_t now = now_utc();
	struct part p[2];
	char *msg[4], v[512], *subj;
	const char *hend, *b, *c;
	size_t n, np;

	(void)state;
	assert_int_equal(message_queue(th_tx(T), "zoe@example.org",
	    MSG_EVENT_CANCELLED, NULL, 0, now, "title", "Grüße, Zoë",
	    (char *)NULL), STORE_OK);
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now), 1);
	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	/* Without SMTPUTF8, every byte on the wire is ASCII. */
	for (c = msg[0]; *c; c++)
		if ((unsigned char)*c >= 0x80)
			fail_msg("a raw 8-bit byte in the message: %s", msg[0]);
	hend = head_end(msg[0], &b);
	assert_non_null(hend);
	assert_int_equal(header(msg[0], hend, "Subject", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "=?UTF-8?B?", 10), 0);
	subj = decode_word(v);
	assert_non_null(subj);
	assert_string_equal(subj, "Cancelled: Grüße, Zoë");
	free(subj);
	np = parts(msg[0], p, 2);
	assert_int_equal(np, 1);
	assert_non_null(strstr(p[0].ctype, "text/plain"));
	assert_string_equal(p[0].text,
	    "We are sorry: \"Grüße, Zoë\" is cancelled. Your registration no "
	    "longer holds a place.\n");
	parts_free(p, np);
	mailbox_free(msg, n);
}

/* Once a coordinator names the provider, every message is signed by it. */
static void
test_provider_signature(void **state)
{
	int64_t now = now_utc();
	struct part p[2];
	char *msg[4];
	size_t n, np;

	(void)state;
	th_exec(T, "INSERT INTO settings (key, value) VALUES ('provider_name', "
	    "'Missoula Human Trafficking Task Force')", "INSERT INTO settings "
	    "(key, value) VALUES ('provider_name', 'Missoula Human Trafficking "
	    "Task Force')");
	assert_int_equal(message_queue(th_tx(T), "sig@example.org",
	    MSG_SESSION_CANCELLED, NULL, 0, now, "title", "Signed Training",
	    (char *)NULL), STORE_OK);
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now), 1);
	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	np = parts(msg[0], p, 2);
	assert_int_equal(np, 1);
	assert_string_equal(p[0].text, "We are sorry: \"Signed Training\" is "
	    "cancelled.\n\n-- \nMissoula Human Trafficking Task Force\n");
	parts_free(p, np);
	mailbox_free(msg, n);
	th_exec(T, "DELETE FROM settings WHERE key = 'provider_name'",
	    "DELETE FROM settings WHERE key = 'provider_name'");
}

static void
test_failure_and_retry(void **state)
{
	int64_t now = now_utc();
	struct mail_conf dead = Conf;
	struct arena *a = arena_new();
	struct store_mail row, *due;
	char *msg[4];
	size_t n, count;

	(void)state;
	dead.port = free_port();
	assert_false(port_open(dead.port));
	assert_int_equal(message_queue(th_tx(T), "pat@example.org",
	    MSG_CERTIFICATE, NULL, 0, now, "title", "Training", (char *)NULL),
	    STORE_OK);
	row = outbox_newest(a, &count);

	assert_int_equal(mail_drain((th_commit(), T->s), &dead, now), 0);
	row = outbox_row(a, row.id);
	assert_int_equal(row.sent_at, 0);
	assert_int_equal(row.attempts, 1);
	assert_non_null(row.last_error);
	assert_true(strlen(row.last_error) > 0);
	/* Not again right away, but later. */
	assert_int_equal(store_outbox_due(T->s, a, now, 10, &due, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mail_drain((th_commit(), T->s), &dead, now), 0);
	row = outbox_row(a, row.id);
	assert_int_equal(row.attempts, 1);
	assert_int_equal(store_outbox_due(T->s, a, now + 3600, 10, &due, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].id, row.id);
	assert_int_equal(due[0].attempts, 1);

	/* A second failure waits again. */
	assert_int_equal(mail_drain((th_commit(), T->s), &dead, now + 3600), 0);
	row = outbox_row(a, row.id);
	assert_int_equal(row.attempts, 2);
	assert_int_equal(store_outbox_due(T->s, a, now + 3600, 10, &due, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	n = mailbox(msg, 4);
	assert_int_equal(n, 0);

	/* The server is back: it goes, and the error is gone. */
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now + 7 * 3600), 1);
	row = outbox_row(a, row.id);
	assert_int_equal(row.sent_at, now + 7 * 3600);
	assert_int_equal(row.attempts, 3);
	assert_null(row.last_error);
	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	assert_non_null(strstr(msg[0], "pat@example.org"));
	mailbox_free(msg, n);
	arena_free(a);
}

/* Registers through the public API; returns the secret (malloc'd). */
static char *
reg_api(int64_t sid, const char *req, const char *want_status)
{
	char path[128], *secret;
	struct resp r;
	json_error_t e;
	json_t *j;

	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, req, &r);
	if (r.status != 201 && r.status != 200)
		fail_msg("register: %ld: %s", r.status, r.body.data);
	j = json_loads(r.body.data, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    want_status);
	secret = xstrdup(json_string_value(json_object_get(j, "secret")));
	json_decref(j);
	resp_free(&r);
	return secret;
}

static void
test_registration_confirmation(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 1, 0);
	int64_t pub = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	int64_t now = now_utc();
	struct arena *a = arena_new();
	struct store_mail row;
	struct part p[4];
	char *kat, *kat2, *lee, *msg[4], v[512], want[512], mo[256];
	const char *cal;
	struct resp r;
	const char *hend, *b;
	size_t n, np, count, i, seen_kat = 0, seen_lee = 0, seen_mo = 0;

	(void)state;
	assert_int_equal(outbox_count(), 0);
	kat = reg_api(sid, "{\"name\":\"Kat Werner\",\"email\":"
	    "\"Kat@Example.org\",\"sector\":\"medical\",\"organization\":"
	    "\"Clinic\",\"county\":\"Lake\"}", "confirmed");
	row = outbox_newest(a, &count);
	assert_int_equal(count, 1);
	assert_string_equal(row.to, "Kat@Example.org");
	/* Kept as a template; its words are written when it is sent. */
	assert_string_equal(row.template, "registered");
	assert_int_equal(row.sent_at, 0);

	/* The same person again (without mail delivery): refused, without
	 * the existing ticket, and no second message. */
	{
		char path[128];

		snprintf(path, sizeof(path), "/api/v1/sessions/%lld/"
		    "registrations", (long long)sid);
		th_json(T, "POST", path, "{\"name\":\"Kat Werner\",\"email\":"
		    "\"kat@example.org\",\"sector\":\"medical\","
		    "\"organization\":\"Clinic\",\"county\":\"Lake\"}", &r);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body.data, "already_registered"));
		assert_null(strstr(r.body.data, kat));
		resp_free(&r);
		kat2 = xstrdup(kat);
	}
	assert_int_equal(outbox_count(), 1);
	/* Someone on the waiting list hears so. */
	lee = reg_api(sid, "{\"name\":\"Lee Park\",\"email\":"
	    "\"lee@example.org\",\"sector\":\"law_enforcement\","
	    "\"organization\":\"PD\",\"county\":\"Lake\"}", "waitlisted");
	assert_int_equal(outbox_count(), 2);
	/* No address, no message. */
	free(reg_api(pub, "{}", "confirmed"));
	assert_int_equal(outbox_count(), 2);
	/* The form queues one too. */
	snprintf(v, sizeof(v), "/sessions/%lld/register", (long long)pub);
	th_form(T, v, "name=Mo+Form&email=mo%40example.org", &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", mo, sizeof(mo)), 0);
	assert_int_equal(strncmp(mo, "/tickets/", 9), 0);
	resp_free(&r);
	th_get(T, mo, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(outbox_count(), 3);

	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now), 3);
	n = mailbox(msg, 4);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		hend = head_end(msg[i], &b);
		assert_non_null(hend);
		assert_int_equal(header(msg[i], hend, "To", v, sizeof(v)), 0);
		np = parts(msg[i], p, 4);
		assert_int_equal(np, 2);
		cal = "Training";
		if (strcmp(v, "Kat@Example.org") == 0) {
			seen_kat++;
			snprintf(want, sizeof(want),
			    "https://convene.example.org/tickets/%s", kat);
			assert_int_equal(header(msg[i], hend, "Subject", v,
			    sizeof(v)), 0);
			assert_non_null(strstr(v, "Training"));
			assert_non_null(strstr(v, "Registered"));
		} else if (strcmp(v, "mo@example.org") == 0) {
			seen_mo++;
			snprintf(want, sizeof(want),
			    "https://convene.example.org%s", mo);
			assert_int_equal(header(msg[i], hend, "Subject", v,
			    sizeof(v)), 0);
			assert_non_null(strstr(v, "Evening Q&A"));
			cal = "Evening Q&A";
		} else {
			assert_string_equal(v, "lee@example.org");
			seen_lee++;
			snprintf(want, sizeof(want),
			    "https://convene.example.org/tickets/%s", lee);
			assert_int_equal(header(msg[i], hend, "Subject", v,
			    sizeof(v)), 0);
			assert_non_null(strstr(v, "Waiting list"));
			assert_non_null(strstr(p[0].text, "number 1"));
		}
		if (strstr(p[0].text, want) == NULL)
			fail_msg("the confirmation lacks %s: %s", want,
			    p[0].text);
		assert_null(strstr(p[0].text, "{site}"));
		expect_calendar(&p[1], cal);
		parts_free(p, np);
	}
	assert_int_equal(seen_kat, 1);
	assert_int_equal(seen_lee, 1);
	assert_int_equal(seen_mo, 1);
	mailbox_free(msg, n);
	row = outbox_newest(a, &count);
	assert_int_equal(row.sent_at, now);
	free(kat);
	free(kat2);
	free(lee);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_message_with_calendar,
		    setup, th_teardown),
		cmocka_unit_test_setup_teardown(test_utf8_subject, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_provider_signature, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_failure_and_retry, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_registration_confirmation,
		    setup, th_teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http mail", tests, group_setup,
	    group_teardown);
}
