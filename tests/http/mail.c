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
#include <sodium.h>
#include <libical/ical.h>
#include <limits.h>

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
	/* tests/tools/smtp_sink.py keeps each message as it came, and the
	 * name the client greeted with. */
	char *argv[] = { "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
	    addr, "-c", "smtp_sink.RawMaildir", Sink.maildir, NULL };
	char tools[PATH_MAX];
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
	if (realpath("tests/tools", tools) == NULL)
		fail_msg("run from the source tree: no tests/tools here");
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
		setenv("PYTHONPATH", tools, 1);
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

/* --- Outside parsers -------------------------------------------------------- */

/*
 * Runs tests/tools/mail_strict.py (python's e-mail package in strict mode,
 * python3-icalendar for calendars) over a message; fails the test on any
 * defect. Its "name: value" lines, malloc'd.
 */
static char *
strict_parse(const char *msg)
{
	char path[] = "/tmp/convene-msg-XXXXXX", cmd[256], chunk[4096];
	struct buf b;
	FILE *f, *p;
	size_t n;
	int fd, st;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_true((f = fdopen(fd, "wb")) != NULL);
	assert_int_equal(fwrite(msg, 1, strlen(msg), f), strlen(msg));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 tests/tools/mail_strict.py "
	    "%s 2>&1", path);
	assert_non_null(p = popen(cmd, "r"));
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&b, chunk, n);
	buf_append(&b, "", 1);
	st = pclose(p);
	unlink(path);
	if (st != 0)
		fail_msg("python's strict e-mail parser refuses the message "
		    "(%s):\n%s", b.data, msg);
	return b.data;
}

/* The value of the first "name: value" line of strict_parse's output. */
static const char *
parsed(const char *out, const char *name, char *v, size_t vsz)
{
	size_t n = strlen(name);
	const char *p;

	for (p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 :
	    NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
			snprintf(v, vsz, "%.*s", (int)strcspn(p + n + 2, "\n"),
			    p + n + 2);
			return v;
		}
	fail_msg("no %s in the parsed message:\n%s", name, out);
	return NULL;
}

/* Every RFC 2047 word of msg's header is at most 75 characters. */
static void
expect_short_words(const char *msg)
{
	const char *p = msg, *end;
	const char *hend, *b;

	hend = head_end(msg, &b);
	while ((p = strstr(p, "=?")) != NULL && p < hend) {
		end = strstr(p + 2, "?=");
		assert_non_null(end);
		/* "=?UTF-8?B?" then the text, then "?=". */
		end = strstr(p + 10, "?=");
		if (end - p + 2 > 75)
			fail_msg("an encoded word of %d characters: %.*s",
			    (int)(end - p + 2), (int)(end - p + 2), p);
		p = end + 2;
	}
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

/*
 * A message queued in Spanish is written in Spanish when it is sent, with
 * its times in Spanish: they are kept raw and written out at sending.
 */
static void
test_spanish_message(void **state)
{
	int64_t now = now_utc();
	struct part p[2];
	char *msg[4], v[512], *subj, *out;
	const char *hend, *b;
	size_t n, np;

	(void)state;
	/* 11 January 2027, 8:30 to 12:30 in Denver. */
	assert_int_equal(message_queue(th_tx(T), "lucia@example.org",
	    MSG_REMINDER, "es", 0, now, "title", "Taller Helena", "event",
	    "Helena 2027", "start", "1799681400", "end", "1799695800", "tz",
	    "America/Denver", "venue", "Sala Norte", "city", "Helena",
	    "secret", "ABCDEFGHJKMNPQRS", (char *)NULL), STORE_OK);
	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now), 1);
	n = mailbox(msg, 4);
	assert_int_equal(n, 1);
	out = strict_parse(msg[0]);
	free(out);
	hend = head_end(msg[0], &b);
	assert_non_null(hend);
	assert_int_equal(header(msg[0], hend, "Subject", v, sizeof(v)), 0);
	subj = decode_word(v);
	assert_non_null(subj);
	assert_string_equal(subj, "Mañana: Taller Helena");
	free(subj);
	np = parts(msg[0], p, 2);
	assert_int_equal(np, 1);
	if (strstr(p[0].text, "“Taller Helena” (Helena 2027) es el lunes, 11 "
	    "de enero de 2027, 8:30 – 12:30 MST, en Sala Norte, Helena.") ==
	    NULL || strstr(p[0].text, "Su boleto: ") == NULL ||
	    strstr(p[0].text, "/tickets/ABCDEFGHJKMNPQRS") == NULL)
		fail_msg("not the Spanish reminder: %s", p[0].text);
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

/* Values anywhere in the database that contain a ticket code. */
struct code_scan {
	const char	*code;
	int		 hits;
};

static void
code_seen(const char *table, const char *col, const char *v, void *arg)
{
	struct code_scan *sc = arg;

	if (strstr(v, sc->code) == NULL)
		return;
	printf("ticket code %s found in %s.%s: %.120s\n", sc->code, table,
	    col, v);
	sc->hits++;
}

static int
code_hits(const char *code)
{
	struct code_scan sc = { code, 0 };

	assert_true(strlen(code) >= 20);
	assert_true(th_each_value(T, code_seen, &sc) > 10);
	return sc.hits;
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
	/* Their calendar holds the session as tentative, not a place. */
	snprintf(v, sizeof(v), "/tickets/%s/session.ics", lee);
	th_get(T, v, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "STATUS:TENTATIVE"));
	resp_free(&r);
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
	/* Neither the registrations nor the waiting messages hold a code:
	 * the database alone opens no ticket. */
	th_commit();
	assert_int_equal(code_hits(kat), 0);
	assert_int_equal(code_hits(lee), 0);
	assert_int_equal(code_hits(mo + 9), 0);

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


/* Sends one message from `from` with a title; the strict parser's view. */
static char *
send_as(const char *from, const char *title, char **raw)
{
	struct mail_conf c = Conf;
	char *msg[2], *out;
	size_t n;

	mailbox_clear();
	snprintf(c.from, sizeof(c.from), "%s", from);
	assert_int_equal(message_queue(th_tx(T), "zoe@example.org",
	    MSG_EVENT_CANCELLED, NULL, 0, now_utc(), "title", title,
	    (char *)NULL), STORE_OK);
	assert_int_equal(mail_drain((th_commit(), T->s), &c, now_utc()), 1);
	n = mailbox(msg, 2);
	assert_int_equal(n, 1);
	expect_short_words(msg[0]);
	out = strict_parse(msg[0]);
	*raw = msg[0];
	return out;
}

static void
test_headers_strict(void **state)
{
	static const struct {
		const char	*from, *title, *name, *subject;
	} cases[] = {
		/* Specials in a name: one name, quoted, not two addresses. */
		{ "Missoula Task Force, Inc. (MHTTF) <convene@example.org>",
		    "Training", "Missoula Task Force, Inc. (MHTTF)",
		    "Cancelled: Training" },
		/* Not ASCII: encoded, never raw 8-bit. */
		{ "Montaña Task Force <convene@example.org>", "Grüße, Zoë",
		    "Montaña Task Force", "Cancelled: Grüße, Zoë" },
		/* Long enough for several encoded words, each under 75. */
		{ "Fuerza de Tarea contra la Trata de Personas de Montaña y "
		    "Condado de Missoula, Inc. <convene@example.org>",
		    "Capacitación sobre la trata de personas para profesionales "
		    "de la salud, el orden público y servicios sociales — 日本語 "
		    "😀", "Fuerza de Tarea contra la Trata de Personas de Montaña "
		    "y Condado de Missoula, Inc.", "Cancelled: Capacitación "
		    "sobre la trata de personas para profesionales de la salud, "
		    "el orden público y servicios sociales — 日本語 😀" },
		/* Already quoted in the file, with a quote inside. */
		{ "\"The \\\"Safe\\\" Task Force\" <convene@example.org>",
		    "A", "The \"Safe\" Task Force", "Cancelled: A" },
		/* A plain name stays plain. */
		{ "Task Force <convene@example.org>", "A", "Task Force",
		    "Cancelled: A" },
	};
	char v[512], *out, *raw;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		out = send_as(cases[i].from, cases[i].title, &raw);
		assert_string_equal(parsed(out, "from-name", v, sizeof(v)),
		    cases[i].name);
		assert_string_equal(parsed(out, "from-address", v, sizeof(v)),
		    "convene@example.org");
		assert_string_equal(parsed(out, "subject", v, sizeof(v)),
		    cases[i].subject);
		assert_string_equal(parsed(out, "to", v, sizeof(v)),
		    "zoe@example.org");
		/* The greeting names the site, not this machine. */
		assert_string_equal(parsed(out, "sink-X-Helo", v, sizeof(v)),
		    "convene.example.org");
		assert_non_null(strstr(parsed(out, "message-id", v, sizeof(v)),
		    "@convene.example.org>"));
		if (i == 4)
			assert_non_null(strstr(raw, "From: Task Force "
			    "<convene@example.org>"));
		free(out);
		free(raw);
	}
}

/* The calendar part of one message: the strict parser's view, the file. */
static char *
drain_one_calendar(char **ics, const char *want_subject)
{
	struct part p[4];
	char *msg[2], *out, v[512];
	size_t n, np;

	assert_int_equal(mail_drain((th_commit(), T->s), &Conf, now_utc()), 1);
	n = mailbox(msg, 2);
	assert_int_equal(n, 1);
	out = strict_parse(msg[0]);
	assert_string_equal(parsed(out, "subject", v, sizeof(v)), want_subject);
	np = parts(msg[0], p, 4);
	assert_int_equal(np, 2);
	*ics = xstrdup(p[1].text);
	parts_free(p, np);
	mailbox_free(msg, n);
	mailbox_clear();
	return out;
}

/* libical's own iTIP check (RFC 5546's table of what each METHOD needs). */
static void
expect_itip(const char *ics)
{
	icalcomponent *c = icalparser_parse_string(ics), *ev;
	icalproperty *e;

	if (c == NULL)
		fail_msg("libical cannot read: %s", ics);
	if (icalrestriction_check(c) != 1) {
		for (ev = icalcomponent_get_first_component(c,
		    ICAL_ANY_COMPONENT); ev; ev = icalcomponent_get_next_component(c,
		    ICAL_ANY_COMPONENT))
			for (e = icalcomponent_get_first_property(ev,
			    ICAL_XLICERROR_PROPERTY); e; e =
			    icalcomponent_get_next_property(ev,
			    ICAL_XLICERROR_PROPERTY))
				print_message("%s\n", icalproperty_get_xlicerror(e));
		fail_msg("libical's iTIP check fails: %s", ics);
	}
	icalcomponent_free(c);
}

/* The value of property name in an iCalendar text (unfolded lines). */
static const char *
ics_prop(const char *ics, const char *name, char *v, size_t vsz)
{
	const char *p = ics;
	size_t n = strlen(name);

	for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && (p[n] == ':' || p[n] == ';')) {
			p = strchr(p + n, ':') + 1;
			snprintf(v, vsz, "%.*s", (int)strcspn(p, "\r\n"), p);
			return v;
		}
	return "";
}

static void
test_calendar_updates(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0), id;
	struct arena *a = arena_new();
	struct store_registration g;
	struct store_session ss;
	struct resp r;
	char *secret, *out, *ics, uid[256], v[512], path[256], from[16], to[16];
	time_t now = time(NULL), later = now + 60 * 86400;
	struct tm tm;

	(void)state;
	/* The server names the site as the sender does. */
	T->ctx.base_url = "https://convene.example.org";
	T->ctx.from = Conf.from;
	secret = reg_api(sid, "{\"name\":\"Kat Werner\",\"email\":"
	    "\"kat@example.org\",\"sector\":\"medical\",\"organization\":"
	    "\"Clinic\",\"county\":\"Lake\"}", "confirmed");
	assert_int_equal(store_reg_by_email(T->s, a, sid, "kat@example.org",
	    &g), STORE_OK);
	snprintf(uid, sizeof(uid), "registration-%lld@convene.example.org",
	    (long long)g.id);

	/* 1. Registered: an invitation from the organiser, sequence 0. */
	out = drain_one_calendar(&ics, "Registered: Training");
	assert_string_equal(parsed(out, "part-method", v, sizeof(v)),
	    "REQUEST");
	assert_string_equal(parsed(out, "method", v, sizeof(v)), "REQUEST");
	assert_string_equal(parsed(out, "uid", v, sizeof(v)), uid);
	assert_string_equal(parsed(out, "sequence", v, sizeof(v)), "0");
	assert_string_equal(parsed(out, "organizer", v, sizeof(v)),
	    "mailto:convene@example.org");
	assert_string_equal(parsed(out, "attendee", v, sizeof(v)),
	    "mailto:kat@example.org");
	expect_itip(ics);
	free(out);
	free(ics);

	/* The ticket's file is the same event; the public feed's entry for
	 * the session is another. */
	snprintf(path, sizeof(path), "/tickets/%s/session.ics", secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ics_prop(r.body.data, "UID", v, sizeof(v)), uid);
	assert_string_equal(ics_prop(r.body.data, "METHOD", v, sizeof(v)),
	    "PUBLISH");
	assert_string_equal(ics_prop(r.body.data, "SEQUENCE", v, sizeof(v)),
	    "0");
	assert_non_null(strstr(ics_prop(r.body.data, "ORGANIZER", v,
	    sizeof(v)), "mailto:convene@example.org"));
	expect_itip(r.body.data);
	resp_free(&r);
	gmtime_r(&now, &tm);
	strftime(from, sizeof(from), "%Y-%m-%d", &tm);
	gmtime_r(&later, &tm);
	strftime(to, sizeof(to), "%Y-%m-%d", &tm);
	snprintf(path, sizeof(path), "/calendar.ics?from=%s&to=%s", from, to);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	snprintf(v, sizeof(v), "UID:session-%lld@convene.example.org",
	    (long long)sid);
	if (strstr(r.body.data, v) == NULL)
		fail_msg("the feed lacks %s: %s", v, r.body.data);
	assert_null(strstr(r.body.data, uid));
	expect_itip(r.body.data);
	resp_free(&r);

	/* 2. Moved: the same event, one higher, at its new time. */
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	ss.starts_at += 3600;
	ss.ends_at += 3600;
	assert_int_equal(app_session_save(th_app(T), &app_system, a,
	    ss.event_id, sid, &ss, &id), STORE_OK);
	out = drain_one_calendar(&ics, "Changed: Training");
	assert_string_equal(parsed(out, "part-method", v, sizeof(v)),
	    "REQUEST");
	assert_string_equal(parsed(out, "method", v, sizeof(v)), "REQUEST");
	assert_string_equal(parsed(out, "uid", v, sizeof(v)), uid);
	assert_string_equal(parsed(out, "sequence", v, sizeof(v)), "1");
	assert_string_equal(parsed(out, "status", v, sizeof(v)), "CONFIRMED");
	{
		char want[64];
		time_t t = (time_t)ss.starts_at;

		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
		assert_string_equal(parsed(out, "dtstart", v, sizeof(v)), want);
	}
	expect_itip(ics);
	free(out);
	free(ics);

	/* 3. Cancelled: METHOD:CANCEL, the same event, one higher again. */
	ss.cancelled = 1;
	assert_int_equal(app_session_save(th_app(T), &app_system, a,
	    ss.event_id, sid, &ss, &id), STORE_OK);
	out = drain_one_calendar(&ics, "Cancelled: Training");
	assert_string_equal(parsed(out, "part-method", v, sizeof(v)),
	    "CANCEL");
	assert_string_equal(parsed(out, "method", v, sizeof(v)), "CANCEL");
	assert_string_equal(parsed(out, "uid", v, sizeof(v)), uid);
	assert_string_equal(parsed(out, "sequence", v, sizeof(v)), "2");
	assert_string_equal(parsed(out, "status", v, sizeof(v)), "CANCELLED");
	assert_string_equal(parsed(out, "organizer", v, sizeof(v)),
	    "mailto:convene@example.org");
	expect_itip(ics);
	free(out);
	free(ics);
	/* The ticket's file says so too. */
	snprintf(path, sizeof(path), "/tickets/%s/session.ics", secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ics_prop(r.body.data, "SEQUENCE", v, sizeof(v)),
	    "2");
	assert_string_equal(ics_prop(r.body.data, "STATUS", v, sizeof(v)),
	    "CANCELLED");
	resp_free(&r);
	free(secret);
	T->ctx.base_url = NULL;
	T->ctx.from = NULL;
	arena_free(a);
}

/* An event's cancellation reaches every session's people as CANCEL. */
static void
test_event_cancel_calendar(void **state)
{
	struct arena *a = arena_new();
	struct store_session ss;
	struct app_event_in in;
	int64_t venue, event, sid, id, now = now_utc();
	char *secret, *out, *ics, v[512];

	(void)state;
	assert_int_equal(store_venue_add(th_tx(T), "Hall", "1 Main St",
	    "Missoula", "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(T), "Stop", "", venue, 0, now,
	    &event), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = "Training";
	ss.audience = AUDIENCE_PUBLIC;
	ss.capacity = -1;
	ss.starts_at = now + 30 * 86400;
	ss.ends_at = ss.starts_at + 3600;
	ss.reg_opens_at = now - 86400;
	assert_int_equal(store_session_add(th_tx(T), &ss, &sid), STORE_OK);
	th_commit();
	secret = reg_api(sid, "{\"name\":\"Lee Park\",\"email\":"
	    "\"lee@example.org\"}", "confirmed");
	out = drain_one_calendar(&ics, "Registered: Training");
	free(out);
	free(ics);
	memset(&in, 0, sizeof(in));
	in.title = "Stop";
	in.descr = "";
	in.venue = venue;
	in.cancelled = 1;
	assert_int_equal(app_event_save(th_app(T), &app_system, a, event, &in,
	    &id), STORE_OK);
	out = drain_one_calendar(&ics, "Cancelled: Stop");
	assert_string_equal(parsed(out, "part-method", v, sizeof(v)),
	    "CANCEL");
	assert_string_equal(parsed(out, "method", v, sizeof(v)), "CANCEL");
	assert_string_equal(parsed(out, "sequence", v, sizeof(v)), "1");
	assert_string_equal(parsed(out, "status", v, sizeof(v)), "CANCELLED");
	expect_itip(ics);
	free(out);
	free(ics);
	free(secret);
	arena_free(a);
}

/* Codes written before they were sealed keep working, and sealed; a
 * database whose key is missing or another's refuses to open. */
static void
test_ticket_key(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	const char *old = "oldcode0123456789abcdefg";
	char *kat, path[160], sql[512], *key = store_key_path(T->db), bak[600];
	unsigned char other[STORE_KEY_BYTES];
	struct store *s;
	struct resp r;

	(void)state;
	assert_non_null(key);
	kat = reg_api(sid, "{\"name\":\"Kat Werner\",\"email\":"
	    "\"kat@example.org\"}", "confirmed");
	free(reg_api(sid, "{\"name\":\"Lee Park\"}", "confirmed"));
	/* As the migration leaves a row: the plain code, nothing sealed. */
	snprintf(sql, sizeof(sql), "UPDATE registrations SET secret_hash = "
	    "'%s', secret_box = NULL WHERE name = 'Lee Park'", old);
	th_exec(T, sql, sql);
	/* And a message queued then, with the code in its parameters. */
	snprintf(sql, sizeof(sql), "UPDATE outbox SET params = "
	    "'{\"secret\":\"%s\",\"title\":\"Old\"}' WHERE id = "
	    "(SELECT max(id) FROM outbox)", old);
	th_exec(T, sql, sql);
	assert_int_equal(store_migrate(T->s), 0);
	assert_int_equal(code_hits(old), 0);
	/* Sent, it carries the old code's link. */
	{
		char *msg[4], want[128];
		struct part p[4];
		size_t n, np;

		assert_int_equal(mail_drain(T->s, &Conf, now_utc()), 1);
		n = mailbox(msg, 4);
		assert_int_equal(n, 1);
		np = parts(msg[0], p, 4);
		assert_true(np >= 1);
		snprintf(want, sizeof(want), "/tickets/%s", old);
		if (strstr(p[0].text, want) == NULL)
			fail_msg("the old code's link is not in: %s", p[0].text);
		parts_free(p, np);
		mailbox_free(msg, n);
	}
	snprintf(path, sizeof(path), "/tickets/%s", old);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Lee Park"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/tickets/%s", kat);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	/* Without its key the database does not open... */
	snprintf(bak, sizeof(bak), "%s.bak", key);
	assert_int_equal(rename(key, bak), 0);
	assert_non_null(s = store_open(T->db, 0));
	assert_int_equal(store_migrate(s), -1);
	store_close(s);
	assert_int_equal(access(key, F_OK), -1);
	/* ...nor with another one. */
	randombytes_buf(other, sizeof(other));
	assert_int_equal(store_key_write(key, other), 0);
	assert_non_null(s = store_open(T->db, 0));
	assert_int_equal(store_migrate(s), -1);
	store_close(s);
	assert_int_equal(rename(bak, key), 0);
	assert_non_null(s = store_open(T->db, 0));
	assert_int_equal(store_migrate(s), 0);
	store_close(s);
	/* PostgreSQL has no default place for it: none named, no start. */
	if (th_pg()) {
		assert_int_equal(unsetenv("CONVENE_TICKET_KEY_FILE"), 0);
		assert_non_null(s = store_open(T->db, 0));
		assert_int_equal(store_migrate(s), -1);
		store_close(s);
		assert_int_equal(setenv("CONVENE_TICKET_KEY_FILE", key, 1), 0);
	}
	free(kat);
	free(key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_message_with_calendar,
		    setup, th_teardown),
		cmocka_unit_test_setup_teardown(test_utf8_subject, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_spanish_message, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_provider_signature, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_failure_and_retry, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_registration_confirmation,
		    setup, th_teardown),
		cmocka_unit_test_setup_teardown(test_headers_strict, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_calendar_updates, setup,
		    th_teardown),
		cmocka_unit_test_setup_teardown(test_event_cancel_calendar,
		    setup, th_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_key, setup,
		    th_teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http mail", tests, group_setup,
	    group_teardown);
}
