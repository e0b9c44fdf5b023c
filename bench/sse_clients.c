/*
 * sse_clients.c - many server-sent-event subscribers on one epoll loop, for
 * bench/qa.sh. Not part of convene.
 *
 * Opens N non-blocking connections to 127.0.0.1:PORT, GETs the stream on
 * each (at most -w connections joining at a time, so that the listen
 * backlog is not overrun), waits until every one has its READY string (or
 * has failed), then triggers one publish itself and records, per
 * connection, the monotonic time the marker arrived.
 *
 *   -p PORT -n N -s SUBPATH -m MARKER [-w INFLIGHT] [-r READY] [-P PID]
 *   [-T JOIN_TIMEOUT_S] [-D DELIVERY_TIMEOUT_S] [-F] [-S DIR] [-o FILE]
 *   convene:  -c JOINCODE -k TOKEN    (asks a question, waits for its
 *             "removed" event on every stream, then approves it)
 *   nchan:    -u PUBPATH              (POSTs the marker to the publisher)
 *   follower: -f -S DIR               (triggers nothing: another process's
 *             question and approval, on another node)
 *
 * Two nodes (bench/qa.sh NODES=2): one process per node, as one process
 * cannot hold 20,000 descriptors here. The leader (-c -k -S DIR) and the
 * follower (-f -S DIR) meet through files in DIR: the follower writes
 * "follower.joined" once its streams have joined and "follower.pre" once
 * they all have the pending question's event ({"status":"removed"}: it does
 * not know the question's number); the leader asks only after the first and
 * approves only after the second, and writes the CLOCK_MONOTONIC times (ns)
 * of the ask and of the approval, stamped as always just before the write,
 * to "leader.ask" and "leader.trigger". Both processes are on one machine,
 * so the follower's arrival times are on the same clock, and its latencies
 * are from the leader's approval. -o FILE writes every latency sample
 * ("deliver NS" and "pending NS" lines), for merging across processes.
 *
 * READY is searched in the response body; "" (the default) means the end
 * of a 200 response's headers. PID is the server's (or a comma-separated
 * list, summed), for VmRSS, Pss, threads, open descriptors and CPU time from
 * /proc. At the end the sockets are reset (SO_LINGER 0); -F closes them
 * with a FIN instead. Sources are spread over 127.0.0.1-8 so that local
 * ports do not run short. Results go to stdout as key=value lines; progress
 * and diagnostics to stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define WIN	192		/* bytes kept between reads for matching */
#define HDRMAX	4096

enum st { ST_IDLE, ST_CONNECTING, ST_HEADERS, ST_BODY, ST_DEAD };

struct conn {
	int		 fd;
	uint8_t		 st;
	uint8_t		 ready, pre, got;
	uint16_t	 winlen;
	int		 err;		/* errno or -HTTP status */
	int64_t		 t_start, t_ready, t_pre, t_got;
	char		*hdr;		/* until the headers are complete */
	size_t		 hdrlen;
	char		 win[WIN];
};

static struct conn *cs;
static int n_conn, port, epfd;
static const char *subpath, *marker, *ready_str = "", *pid_str;
static const char *joincode, *token, *pubpath;
static const char *sync_dir, *samples_path;
static int fin_close, follower;
static char pre_str[128];
static int n_ready, n_pre, n_got, n_dead_join, n_dead_later, n_inflight;
static int n_not_started;
static int n_eof, n_reset, n_refused, n_timeout, n_other, n_badstatus;
static char bad_status_example[128];

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "sse_clients: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void
note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "sse_clients: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

/* --- the server's /proc figures ----------------------------------------- */

static char pids[16][16];
static int n_pids;

static long
proc_status1(const char *pid, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Proportional set size: a page shared by n processes counts 1/n in each,
 * so a sum over a master and its workers counts it once. */
static long
proc_pss1(const char *pid, const char *key)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	(void)key;
	snprintf(path, sizeof(path), "/proc/%s/smaps_rollup", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "Pss:", 4) == 0) {
			v = strtol(line + 4, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static long
proc_fds1(const char *pid)
{
	char path[64];
	struct dirent *e;
	long n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* utime + stime of one process in ms. */
static long
proc_cpu_ms1(const char *pid)
{
	char path[64], buf[2048], *p;
	unsigned long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	/* after ")": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2)
		return -1;
	return (long)((ut + st) * 1000 / (unsigned long)sysconf(_SC_CLK_TCK));
}

/* Sums over the server's processes (-P may list several, comma-separated). */
static long
proc_sum(long (*fn)(const char *, const char *), const char *key)
{
	long sum = 0, v;
	int i;

	if (n_pids == 0)
		return -1;
	for (i = 0; i < n_pids; i++) {
		if ((v = fn(pids[i], key)) < 0)
			return -1;
		sum += v;
	}
	return sum;
}

static long
fds_adapter(const char *pid, const char *key)
{
	(void)key;
	return proc_fds1(pid);
}

static long
cpu_adapter(const char *pid, const char *key)
{
	(void)key;
	return proc_cpu_ms1(pid);
}

static long
proc_status(const char *key)
{
	return proc_sum(proc_status1, key);
}

static long
proc_fds(void)
{
	return proc_sum(fds_adapter, NULL);
}

static long
proc_cpu_ms(void)
{
	return proc_sum(cpu_adapter, NULL);
}

static void
proc_snapshot(const char *tag)
{
	printf("%s_rss_kb=%ld\n%s_pss_kb=%ld\n%s_threads=%ld\n%s_fds=%ld\n"
	    "%s_cpu_ms=%ld\n", tag, proc_status("VmRSS"), tag,
	    proc_sum(proc_pss1, NULL), tag, proc_status("Threads"), tag,
	    proc_fds(), tag, proc_cpu_ms());
	fflush(stdout);
}

/* --- connections -------------------------------------------------------- */

static void
mark_dead(struct conn *c, int err)
{
	if (c->st == ST_DEAD)
		return;
	if (c->fd >= 0) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->fd = -1;
	}
	if (!c->ready) {
		n_dead_join++;
		n_inflight--;
	} else
		n_dead_later++;
	c->err = err;
	switch (err) {
	case 0: n_eof++; break;
	case ECONNRESET: case EPIPE: n_reset++; break;
	case ECONNREFUSED: n_refused++; break;
	case ETIMEDOUT: n_timeout++; break;
	default: if (err < 0) n_badstatus++; else n_other++; break;
	}
	c->st = ST_DEAD;
	free(c->hdr);
	c->hdr = NULL;
}

static void
start_conn(struct conn *c)
{
	struct sockaddr_in sa;
	struct epoll_event ev;
	int fd;

	c->t_start = now_ns();
	c->st = ST_CONNECTING;
	n_inflight++;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s (raise ulimit -n)", strerror(errno));
	c->fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/*
	 * Spread the sources over 127.0.0.1-8: past ~14,000 connections from
	 * one address, connect() slows down looking for a free local port.
	 */
	{
		struct sockaddr_in src;
		int one = 1;

		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (uint32_t)((c - cs) % 8));
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		    sizeof(one));
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1)
			die("bind 127.0.0.%d: %s", (int)((c - cs) % 8) + 1,
			    strerror(errno));
	}
	ev.events = EPOLLOUT;
	ev.data.u32 = (uint32_t)(c - cs);
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == -1)
		die("epoll_ctl: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EINPROGRESS) {
		int e = errno;

		if (e == EADDRNOTAVAIL)
			die("connect: %s (out of local ports?)", strerror(e));
		mark_dead(c, e);
	}
}

static void
on_ready(struct conn *c)
{
	c->ready = 1;
	c->t_ready = now_ns();
	n_ready++;
	n_inflight--;
}

/* Scans new bytes: READY, the pre-trigger event, the marker. */
static void
scan(struct conn *c, const char *data, size_t n)
{
	static char tmp[WIN + 65536];
	size_t tl, keep;

	memcpy(tmp, c->win, c->winlen);
	memcpy(tmp + c->winlen, data, n);
	tl = c->winlen + n;
	if (!c->ready && memmem(tmp, tl, ready_str, strlen(ready_str)))
		on_ready(c);
	if (c->ready && !c->pre && pre_str[0] &&
	    memmem(tmp, tl, pre_str, strlen(pre_str))) {
		c->pre = 1;
		c->t_pre = now_ns();
		n_pre++;
	}
	if (c->ready && !c->got && memmem(tmp, tl, marker, strlen(marker))) {
		c->got = 1;
		c->t_got = now_ns();
		n_got++;
	}
	keep = tl < WIN ? tl : WIN;
	memcpy(c->win, tmp + tl - keep, keep);
	c->winlen = (uint16_t)keep;
}

static void
on_headers_done(struct conn *c, const char *body, size_t n)
{
	int code = 0;

	if (sscanf(c->hdr, "HTTP/1.%*d %d", &code) != 1 || code != 200) {
		if (bad_status_example[0] == '\0') {
			char *e = memchr(c->hdr, '\r', c->hdrlen);
			size_t l = e ? (size_t)(e - c->hdr) : c->hdrlen;

			if (l >= sizeof(bad_status_example))
				l = sizeof(bad_status_example) - 1;
			memcpy(bad_status_example, c->hdr, l);
		}
		mark_dead(c, code > 0 ? -code : -1);
		return;
	}
	free(c->hdr);
	c->hdr = NULL;
	c->st = ST_BODY;
	if (ready_str[0] == '\0')
		on_ready(c);
	if (n > 0)
		scan(c, body, n);
}

static void
on_readable(struct conn *c)
{
	static char buf[65536];
	ssize_t r;

	for (;;) {
		r = read(c->fd, buf, sizeof(buf));
		if (r == 0) {
			mark_dead(c, 0);
			return;
		}
		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			mark_dead(c, errno);
			return;
		}
		if (c->st == ST_HEADERS) {
			size_t take = (size_t)r;
			char *end;

			if (c->hdr == NULL)
				c->hdr = calloc(1, HDRMAX + 1);
			if (c->hdrlen + take > HDRMAX)
				take = HDRMAX - c->hdrlen;
			memcpy(c->hdr + c->hdrlen, buf, take);
			c->hdrlen += take;
			c->hdr[c->hdrlen] = '\0';
			if ((end = strstr(c->hdr, "\r\n\r\n")) != NULL) {
				size_t hl = (size_t)(end + 4 - c->hdr);
				size_t before = c->hdrlen - take;

				/* body bytes of this read after the headers */
				on_headers_done(c, buf + (hl - before),
				    (size_t)r - (hl - before));
				if (c->st == ST_DEAD)
					return;
			} else if (c->hdrlen >= HDRMAX) {
				mark_dead(c, EMSGSIZE);
				return;
			}
		} else
			scan(c, buf, (size_t)r);
	}
}

static void
on_writable(struct conn *c)
{
	char req[512];
	struct epoll_event ev;
	int err = 0, len;
	socklen_t el = sizeof(err);
	ssize_t w;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el) == -1)
		err = errno;
	if (err) {
		mark_dead(c, err);
		return;
	}
	len = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d"
	    "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
	    "User-Agent: sse_clients\r\n\r\n", subpath, port);
	w = write(c->fd, req, (size_t)len);
	if (w != len) {
		mark_dead(c, w < 0 ? errno : EIO);
		return;
	}
	c->st = ST_HEADERS;
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.u32 = (uint32_t)(c - cs);
	if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) == -1)
		die("epoll_ctl mod: %s", strerror(errno));
}

/* The trigger's own socket and its reply. */
static int ctl_fd = -1;
static char ctl_buf[8192];
static size_t ctl_len;
static int64_t t_ctl_reply;

static void
on_ctl_readable(void)
{
	ssize_t r;

	for (;;) {
		r = read(ctl_fd, ctl_buf + ctl_len, sizeof(ctl_buf) - 1 -
		    ctl_len);
		if (r > 0) {
			if (t_ctl_reply == 0)
				t_ctl_reply = now_ns();
			ctl_len += (size_t)r;
			ctl_buf[ctl_len] = '\0';
			if (ctl_len == sizeof(ctl_buf) - 1)
				r = 0;
			else
				continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			epoll_ctl(epfd, EPOLL_CTL_DEL, ctl_fd, NULL);
			close(ctl_fd);
			ctl_fd = -1;
			return;
		}
		if (errno == EAGAIN)
			return;
	}
}

/*
 * Runs the event loop until done() or the deadline (now_ns() clock); with
 * joining > 0 it also starts connections, that many joining at a time.
 */
static void
loop(int (*done)(void), int64_t deadline, int joining)
{
	static struct epoll_event evs[1024];
	int next = 0, i, n, ms;

	while (!done()) {
		int64_t left = deadline - now_ns();

		if (left <= 0)
			return;
		/* start as many connections as the window allows */
		while (joining && next < n_conn && n_inflight < joining)
			start_conn(&cs[next++]);
		ms = (int)(left / 1000000) + 1;
		if (ms > 200)
			ms = 200;
		n = epoll_wait(epfd, evs, 1024, ms);
		if (n < 0 && errno != EINTR)
			die("epoll_wait: %s", strerror(errno));
		for (i = 0; i < n; i++) {
			struct conn *c;

			if (evs[i].data.u32 == UINT32_MAX) {
				on_ctl_readable();
				continue;
			}
			c = &cs[evs[i].data.u32];
			if (c->st == ST_CONNECTING) {
				on_writable(c);
			} else if (c->st == ST_HEADERS || c->st == ST_BODY) {
				on_readable(c);
			}
		}
	}
}

static int
joins_done(void)
{
	return n_ready + n_dead_join == n_conn;
}

static int
pre_done(void)
{
	return n_pre >= n_ready - n_dead_later;
}

static int
got_done(void)
{
	return n_got >= n_ready - n_dead_later;
}

/* --- control requests on their own socket --------------------------------- */

static int
ctl_connect(void)
{
	struct sockaddr_in sa;
	struct timeval tv = { 15, 0 };	/* connect, write and read */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		die("control connect to the server: %s (is it at its "
		    "connection limit?)", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int
build_post(char *out, size_t outsz, const char *path, const char *auth,
    const char *ctype, const char *body)
{
	char ah[256] = "";

	if (auth)
		snprintf(ah, sizeof(ah), "Authorization: Bearer %s\r\n", auth);
	return snprintf(out, outsz, "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	    "%sContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close"
	    "\r\n\r\n%s", path, port, ah, ctype, strlen(body), body);
}

/* Blocking request and whole reply (Connection: close). */
static void
ctl_blocking(const char *req, char *reply, size_t rsz)
{
	int fd = ctl_connect();
	size_t len = 0, rl = strlen(req);
	ssize_t r;

	if (write(fd, req, rl) != (ssize_t)rl)
		die("control write: %s", strerror(errno));
	while ((r = read(fd, reply + len, rsz - 1 - len)) > 0)
		if ((len += (size_t)r) == rsz - 1)
			break;
	if (r < 0)
		die("control request: no reply within 15 s (%s)", strerror(errno));
	reply[len] = '\0';
	close(fd);
}

static int
http_code(const char *reply)
{
	int code = 0;

	sscanf(reply, "HTTP/1.%*d %d", &code);
	return code;
}

static const char *
http_body(const char *reply)
{
	const char *p = strstr(reply, "\r\n\r\n");

	return p ? p + 4 : "";
}

/* --- two processes, two nodes: files in the sync directory -------------------- */

static void
sync_path(char *out, size_t sz, const char *name)
{
	snprintf(out, sz, "%s/%s", sync_dir, name);
}

/* Writes "NS\n" (0: empty) to DIR/name, whole or not at all (a rename). */
static void
sync_put(const char *name, int64_t ns)
{
	char path[4096], tmp[4200];
	FILE *f;

	sync_path(path, sizeof(path), name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		die("%s: %s", tmp, strerror(errno));
	fprintf(f, "%lld\n", (long long)ns);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		die("%s: %s", path, strerror(errno));
}

/* 1 and *ns if DIR/name exists. */
static int
sync_get(const char *name, int64_t *ns)
{
	char path[4096];
	long long v = 0;
	FILE *f;

	sync_path(path, sizeof(path), name);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%lld", &v) != 1)
		v = 0;
	fclose(f);
	if (ns)
		*ns = v;
	return 1;
}

static int
never_done(void)
{
	return 0;
}

/* Serves the streams until DIR/name exists (1) or the deadline (0). */
static int
loop_until_file(const char *name, int64_t *ns, int64_t deadline)
{
	while (!sync_get(name, ns)) {
		if (now_ns() >= deadline)
			return 0;
		loop(never_done, now_ns() + 20000000, 0);
	}
	return 1;
}

/*
 * Serves the streams until done() or the deadline; once DIR/name appears,
 * the deadline is no later than its time + secs (*ns gets that time).
 */
static void
loop_after_file(int (*done)(void), const char *name, int64_t *ns, int secs,
    int64_t deadline)
{
	while (!done() && now_ns() < deadline) {
		if (*ns == 0 && sync_get(name, ns) && *ns != 0 &&
		    *ns + (int64_t)secs * 1000000000 < deadline)
			deadline = *ns + (int64_t)secs * 1000000000;
		loop(done, now_ns() + 100000000 < deadline ?
		    now_ns() + 100000000 : deadline, 0);
	}
	if (*ns == 0)
		sync_get(name, ns);
}

/* --- report -------------------------------------------------------------------- */

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentiles of (t_field - t0) in ms for those with flag. */
static void
stats(const char *tag, int64_t *vals, int n)
{
	int i50, i99;

	if (n == 0) {
		printf("%s_n=0\n", tag);
		return;
	}
	qsort(vals, (size_t)n, sizeof(*vals), cmp64);
	i50 = (n * 50 + 99) / 100 - 1;
	i99 = (n * 99 + 99) / 100 - 1;
	printf("%s_n=%d\n%s_min_ms=%.2f\n%s_p50_ms=%.2f\n%s_p99_ms=%.2f\n"
	    "%s_max_ms=%.2f\n", tag, n, tag, vals[0] / 1e6, tag,
	    vals[i50 < 0 ? 0 : i50] / 1e6, tag, vals[i99 < 0 ? 0 : i99] / 1e6,
	    tag, vals[n - 1] / 1e6);
}

/* Appends "tag NS" lines to the -o file, for merging across processes. */
static void
samples(const char *tag, const int64_t *vals, int n)
{
	static FILE *f;
	int i;

	if (samples_path == NULL)
		return;
	if (f == NULL && (f = fopen(samples_path, "w")) == NULL)
		die("%s: %s", samples_path, strerror(errno));
	for (i = 0; i < n; i++)
		fprintf(f, "%s %lld\n", tag, (long long)vals[i]);
	if (fflush(f) != 0)
		die("%s: %s", samples_path, strerror(errno));
}

static void
usage(void)
{
	die("usage: sse_clients -p PORT -n N -s SUBPATH -m MARKER [-w INFLIGHT] "
	    "[-r READY] [-P PID[,PID...]] [-T JOIN_S] [-D DELIVERY_S] [-F] "
	    "[-S DIR] [-o FILE] (-c JOINCODE -k TOKEN | -u PUBPATH | -f -S DIR)");
}

int
main(int argc, char **argv)
{
	struct rlimit rl;
	int64_t t0, t_join0, t_join1, *vals;
	int opt, inflight = 256, join_s = 180, deliver_s = 60, i, k;
	long cpu0, cpu1;
	char req[2048], reply[8192];

	while ((opt = getopt(argc, argv, "p:n:s:m:w:r:P:T:D:c:k:u:FS:o:f")) != -1)
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'n': n_conn = atoi(optarg); break;
		case 's': subpath = optarg; break;
		case 'm': marker = optarg; break;
		case 'w': inflight = atoi(optarg); break;
		case 'r': ready_str = optarg; break;
		case 'P': pid_str = optarg; break;
		case 'T': join_s = atoi(optarg); break;
		case 'D': deliver_s = atoi(optarg); break;
		case 'c': joincode = optarg; break;
		case 'k': token = optarg; break;
		case 'u': pubpath = optarg; break;
		case 'F': fin_close = 1; break;
		case 'S': sync_dir = optarg; break;
		case 'o': samples_path = optarg; break;
		case 'f': follower = 1; break;
		default: usage();
		}
	if (pid_str) {
		char *list = strdup(pid_str), *tok, *save = NULL;

		for (tok = strtok_r(list, ",", &save); tok && n_pids < 16;
		    tok = strtok_r(NULL, ",", &save))
			snprintf(pids[n_pids++], sizeof(pids[0]), "%s", tok);
		free(list);
	}
	if (port <= 0 || n_conn <= 0 || !subpath || !marker || inflight <= 0 ||
	    !((joincode && token) || pubpath || (follower && sync_dir)) ||
	    (follower && (joincode || token || pubpath)) ||
	    (sync_dir && !follower && !joincode))
		usage();

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	getrlimit(RLIMIT_NOFILE, &rl);
	if ((rlim_t)n_conn + 16 > rl.rlim_cur)
		die("need %d descriptors, limit is %lu", n_conn + 16,
		    (unsigned long)rl.rlim_cur);
	if ((cs = calloc((size_t)n_conn, sizeof(*cs))) == NULL ||
	    (vals = calloc((size_t)n_conn, sizeof(*vals))) == NULL)
		die("out of memory");
	for (i = 0; i < n_conn; i++)
		cs[i].fd = -1;
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));

	/* 1. join */
	proc_snapshot("before");
	cpu0 = proc_cpu_ms();
	t_join0 = now_ns();
	loop(joins_done, t_join0 + (int64_t)join_s * 1000000000, inflight);
	t_join1 = now_ns();
	cpu1 = proc_cpu_ms();
	/* the last join's time, not the loop's exit */
	for (i = 0; i < n_conn; i++)
		if (cs[i].ready && cs[i].t_ready > t_join1)
			t_join1 = cs[i].t_ready;
	for (i = 0; i < n_conn; i++)
		if (cs[i].st == ST_IDLE) {
			n_not_started++;
			n_dead_join++;
			cs[i].st = ST_DEAD;
		} else if (cs[i].st != ST_DEAD && !cs[i].ready) {
			mark_dead(&cs[i], ETIMEDOUT);
		}
	printf("n=%d\nconnected=%d\njoin_failed=%d\nnot_started=%d\n"
	    "join_s=%.3f\njoin_rate=%.0f\nserver_cpu_join_ms=%ld\n", n_conn,
	    n_ready, n_dead_join, n_not_started, (t_join1 - t_join0) / 1e9,
	    n_ready / ((t_join1 - t_join0) / 1e9), cpu1 - cpu0);
	for (i = k = 0; i < n_conn; i++)
		if (cs[i].ready)
			vals[k++] = cs[i].t_ready - cs[i].t_start;
	stats("joinlat", vals, k);
	fflush(stdout);
	note("%d of %d joined in %.2f s (%d failed)", n_ready, n_conn,
	    (t_join1 - t_join0) / 1e9, n_dead_join);
	/* let the server settle (suspends, frees) before reading its RSS */
	loop(got_done /* never true: no marker yet */, now_ns() + 500000000, 0);
	proc_snapshot("joined");
	if (sync_dir && follower) {
		sync_put("follower.joined", now_ns());
	} else if (sync_dir) {
		/* the other node's streams join at the same time */
		if (!loop_until_file("follower.joined", NULL, t_join0 +
		    ((int64_t)join_s + 30) * 1000000000))
			die("the follower's streams did not join within %d s",
			    join_s + 30);
		note("the follower's streams have joined");
	}

	/* 2. the pre-trigger: convene's pending question ("removed" event) */
	if (follower) {
		int64_t t_ask = 0;

		/* the leader's question; its number is not known here */
		snprintf(pre_str, sizeof(pre_str), "\"status\":\"removed\"}");
		loop_after_file(pre_done, "leader.ask", &t_ask, deliver_s,
		    now_ns() + ((int64_t)join_s + deliver_s + 60) * 1000000000);
		sync_put("follower.pre", now_ns());
		if (t_ask == 0 && !loop_until_file("leader.ask", &t_ask,
		    now_ns() + 20000000000LL))
			die("no question from the leader (%s/leader.ask)",
			    sync_dir);
		for (i = k = 0; i < n_conn; i++)
			if (cs[i].pre)
				vals[k++] = cs[i].t_pre - t_ask;
		stats("pending", vals, k);
		samples("pending", vals, k);
		note("pending-question event: %d of %d streams", n_pre,
		    n_ready - n_dead_later);
	} else if (joincode) {
		char path[256], body[512];
		const char *p;
		int64_t qid;

		snprintf(path, sizeof(path), "/api/v1/qa/%s/questions",
		    joincode);
		snprintf(body, sizeof(body), "{\"text\":\"qa.sh latency probe "
		    "%s\"}", marker);
		build_post(req, sizeof(req), path, NULL, "application/json",
		    body);
		t0 = now_ns();
		ctl_blocking(req, reply, sizeof(reply));
		if (http_code(reply) != 201 ||
		    (p = strstr(http_body(reply), "\"id\":")) == NULL)
			die("POST %s: %.300s", path, reply);
		qid = strtoll(p + 5, NULL, 10);
		printf("question_id=%lld\n", (long long)qid);
		if (sync_dir)
			sync_put("leader.ask", t0);
		snprintf(pre_str, sizeof(pre_str),
		    "{\"id\":%lld,\"status\":\"removed\"}", (long long)qid);
		loop(pre_done, now_ns() + (int64_t)deliver_s * 1000000000, 0);
		for (i = k = 0; i < n_conn; i++)
			if (cs[i].pre)
				vals[k++] = cs[i].t_pre - t0;
		stats("pending", vals, k);
		samples("pending", vals, k);
		note("pending-question event: %d of %d streams", n_pre,
		    n_ready - n_dead_later);
		/* the other node's streams too, so that nothing of the pending
		 * question is still on its way when the approval is timed */
		if (sync_dir && !loop_until_file("follower.pre", NULL,
		    now_ns() + (int64_t)deliver_s * 1000000000))
			note("the follower did not report the pending question "
			    "within %d s; approving anyway", deliver_s);
		/* approval */
		snprintf(path, sizeof(path), "/api/v1/questions/%lld/moderation",
		    (long long)qid);
		build_post(req, sizeof(req), path, token, "application/json",
		    "{\"action\":\"approve\"}");
	} else {
		char body[256];

		snprintf(body, sizeof(body), "qa.sh latency probe %s", marker);
		build_post(req, sizeof(req), pubpath, NULL, "text/plain", body);
	}

	/* 3. the trigger: stamped just before the write */
	if (follower) {
		/* the leader's approval, on the other node */
		t0 = 0;
		cpu0 = proc_cpu_ms();
		loop_after_file(got_done, "leader.trigger", &t0, deliver_s,
		    now_ns() + ((int64_t)deliver_s + 60) * 1000000000);
		if (t0 == 0 && !loop_until_file("leader.trigger", &t0,
		    now_ns() + 10000000000LL))
			die("no approval from the leader (%s/leader.trigger)",
			    sync_dir);
	} else {
		struct epoll_event ev;
		size_t rl2 = strlen(req);

		ctl_fd = ctl_connect();
		cpu0 = proc_cpu_ms();
		t0 = now_ns();
		if (write(ctl_fd, req, rl2) != (ssize_t)rl2)
			die("trigger write: %s", strerror(errno));
		fcntl(ctl_fd, F_SETFL, fcntl(ctl_fd, F_GETFL) | O_NONBLOCK);
		ev.events = EPOLLIN;
		ev.data.u32 = UINT32_MAX;
		epoll_ctl(epfd, EPOLL_CTL_ADD, ctl_fd, &ev);
		if (sync_dir)
			sync_put("leader.trigger", t0);
		loop(got_done, t0 + (int64_t)deliver_s * 1000000000, 0);
	}
	cpu1 = proc_cpu_ms();
	/* the trigger's reply, if it has not come yet */
	while (ctl_fd >= 0 && now_ns() - t0 < 10000000000LL) {
		struct epoll_event ev;

		if (epoll_wait(epfd, &ev, 1, 100) > 0 &&
		    ev.data.u32 == UINT32_MAX)
			on_ctl_readable();
	}
	if (!follower) {
		printf("trigger_status=%d\ntrigger_reply_ms=%.2f\n",
		    http_code(ctl_buf), t_ctl_reply ? (t_ctl_reply - t0) / 1e6 :
		    -1.0);
		if (http_code(ctl_buf) / 100 != 2)
			note("trigger reply: %.300s", ctl_buf);
	}
	for (i = k = 0; i < n_conn; i++)
		if (cs[i].got)
			vals[k++] = cs[i].t_got - t0;
	printf("received=%d\nserver_cpu_deliver_ms=%ld\n", n_got, cpu1 - cpu0);
	stats("deliver", vals, k);
	samples("deliver", vals, k);
	proc_snapshot("after");
	printf("dropped_after_join=%d\neof=%d\nreset=%d\nrefused=%d\n"
	    "timeout=%d\nbad_status=%d\nother_err=%d\n", n_dead_later, n_eof,
	    n_reset, n_refused, n_timeout, n_badstatus, n_other);
	if (bad_status_example[0])
		printf("bad_status_example=%s\n", bad_status_example);
	for (i = 0; i < n_conn; i++)
		if (cs[i].st == ST_DEAD && cs[i].err > 0 && cs[i].err != ECONNRESET
		    && cs[i].err != ECONNREFUSED && cs[i].err != ETIMEDOUT) {
			printf("other_err_example=%s\n", strerror(cs[i].err));
			break;
		}
	note("marker on %d of %d live streams", n_got, n_ready - n_dead_later);
	fflush(stdout);
	/* close quickly: RST instead of 10,000 FIN handshakes (-F: FIN) */
	for (i = 0; i < n_conn; i++)
		if (cs[i].fd >= 0 && fin_close)
			close(cs[i].fd);
		else if (cs[i].fd >= 0) {
			struct linger lg = { 1, 0 };

			setsockopt(cs[i].fd, SOL_SOCKET, SO_LINGER, &lg,
			    sizeof(lg));
			close(cs[i].fd);
		}
	return 0;
}
