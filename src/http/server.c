/* server.c: libmicrohttpd glue: per-request arena, body limit, response, shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "util.h"
#include "http.h"

#include "sse.h"
#include "limit.h"

/*
 * A connection, from accept to close. While it waits for a request's
 * headers and body it is on the server's reading list, oldest first: a
 * thread ends those past the deadline (a slow sender holds a socket and a
 * slot for nothing), and when the list is long the oldest give way to new
 * connections, so normal requests always find room.
 */
/* Requests waiting for the slow lane; more get 503. */
#define SLOW_QUEUE 256
/*
 * What a request takes of its connection's memory (libmicrohttpd 0.9.75):
 * its bytes, a record of HEAD_RECORD bytes for each header and each
 * cookie, and a copy of the cookies. HEAD_ROOM is what must be left for a
 * page's answer headers. Fitted to where answers stopped fitting with
 * Chrome's headers and one large cookie or many small ones, at 6 and
 * 8 KiB (doc/deploy.md); past it refuse_headers still fits.
 */
#define HEAD_RECORD 65
#define HEAD_ROOM 700
/* Writes waiting for a writer thread; more are handled where they are. */
#define WRITE_QUEUE 4096

/*
 * A lane: threads that take requests off libmicrohttpd's threads, whose
 * connections stay suspended meanwhile. The slow lane is for work that
 * takes long on a core (http_defer); the write lane for requests that
 * wait while their write is committed. A few request threads (one per
 * core) then serve everything else without waking each other.
 */
struct lane {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct http_req		**q;
	size_t			 cap, head, len, reserved;
	pthread_t		*t;
	unsigned		 n;
	int			 stop;
	struct lane		*next;	/* where a request deferred on it goes */
};

struct conn {
	struct conn	*next, *prev;
	int		 fd;
	int		 reading;
	int64_t		 since_ns;
	uint64_t	 key;		/* its address's count, or 0 */
};

const char *const http_method_names[HTTP_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

struct http_server {
	struct MHD_Daemon	*d;
	struct http_app		 app;
	atomic_int		 active;	/* requests being handled */
	unsigned		 port;
	struct sse_hub		*hub;
	struct limiter		*limiter;	/* NULL: no limits */
	unsigned		 max_conns;
	size_t			 head_max;	/* request headers answered */
	pthread_mutex_t		 conn_lock;
	struct conn		*head, *tail;	/* the reading list */
	unsigned		 nreading;
	pthread_t		 reaper;
	int			 reaping;
	pthread_cond_t		 reap_cond;
	struct lane		 slow;		/* http_defer */
	struct lane		 writes;	/* requests that may write */
	atomic_int		 waiting;	/* http_wait, not yet resumed */
	atomic_int		 no_waits;	/* stopping: none may begin */
};

/* Lock held. */
static void
reading_del(struct http_server *s, struct conn *k)
{
	if (!k->reading)
		return;
	if (k->prev)
		k->prev->next = k->next;
	else
		s->head = k->next;
	if (k->next)
		k->next->prev = k->prev;
	else
		s->tail = k->prev;
	k->next = k->prev = NULL;
	k->reading = 0;
	s->nreading--;
}

/* Lock held. */
static void
reading_add(struct http_server *s, struct conn *k)
{
	reading_del(s, k);
	k->since_ns = http_now_ns();
	k->prev = s->tail;
	if (s->tail)
		s->tail->next = k;
	else
		s->head = k;
	s->tail = k;
	k->reading = 1;
	s->nreading++;
}

/* Ends a connection from outside its thread: its own thread sees the
 * socket close and cleans up. The lock is held, so fd is still k's. */
static void
conn_end(struct http_server *s, struct conn *k)
{
	shutdown(k->fd, SHUT_RDWR);
	reading_del(s, k);
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	struct conn *k = *socket_context;
	const union MHD_ConnectionInfo *ci;
	char peer[64];
	unsigned retry;

	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (k == NULL)
			return;
		pthread_mutex_lock(&s->conn_lock);
		reading_del(s, k);
		pthread_mutex_unlock(&s->conn_lock);
		if (k->key)
			limiter_give(s->limiter, k->key);
		free(k);
		*socket_context = NULL;
		return;
	}
	k = xcalloc(1, sizeof(*k));
	*socket_context = k;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	k->fd = ci ? ci->connect_fd : -1;
	pthread_mutex_lock(&s->conn_lock);
	if (k->fd >= 0 && http_conn_peer(c, peer, sizeof(peer)) == 0 &&
	    !limit_trusted(limiter_conf(s->limiter), peer)) {
		if (limiter_take(s->limiter, LIMIT_CONNECTIONS, peer, 0,
		    &retry) == -1) {
			shutdown(k->fd, SHUT_RDWR);
			pthread_mutex_unlock(&s->conn_lock);
			return;
		}
		k->key = limiter_key(s->limiter, LIMIT_CONNECTIONS, peer);
	}
	/* Room for the newcomer: the longest-waiting slow sender goes. */
	if (s->head != NULL && s->nreading >= s->max_conns / 4 * 3 &&
	    http_now_ns() - s->head->since_ns > 1000000000LL)
		conn_end(s, s->head);
	if (k->fd >= 0)
		reading_add(s, k);
	pthread_mutex_unlock(&s->conn_lock);
}

/* Ends connections that took longer than the deadline to send a request. */
static void *
reaper_main(void *arg)
{
	struct http_server *s = arg;
	int64_t deadline = (int64_t)limiter_conf(s->limiter)->deadline *
	    1000000000LL;

	pthread_mutex_lock(&s->conn_lock);
	while (s->reaping) {
		struct timespec ts;
		int64_t now = http_now_ns();

		while (deadline > 0 && s->head != NULL &&
		    now - s->head->since_ns > deadline)
			conn_end(s, s->head);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&s->reap_cond, &s->conn_lock, &ts);
	}
	pthread_mutex_unlock(&s->conn_lock);
	return NULL;
}

/* The request's connection is no longer waiting for it. */
static void
conn_request_in(struct http_server *s, struct MHD_Connection *c, int reading)
{
	const union MHD_ConnectionInfo *ci;
	struct conn *k;

	if (s->limiter == NULL)
		return;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci == NULL || (k = ci->socket_context) == NULL)
		return;
	pthread_mutex_lock(&s->conn_lock);
	if (reading)
		reading_add(s, k);
	else
		reading_del(s, k);
	pthread_mutex_unlock(&s->conn_lock);
}

/* libmicrohttpd gives up: say where and why before the process ends, so
 * the log tells what happened rather than only "aborted". */
static void
mhd_panic(void *cls, const char *file, unsigned int line, const char *reason)
{
	(void)cls;
	log_warn("libmicrohttpd panic at %s:%u: %s", file ? file : "?", line,
	    reason ? reason : "no reason given");
	abort();
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	/*
	 * Not the server's errors, so not in its log, where anyone could
	 * write them: a client that left (a stream learns that its reader
	 * left only by failing to write) or sent a request the library
	 * answered 400 or 431 itself. And the bind's failure is said by
	 * http_server_start with the address it was given (the library's
	 * names port 0, as it was handed a socket address).
	 */
	static const char *const quiet[] = {
		"forcibly closed by remote peer",
		"no longer available for sending",
		"Error processing request (HTTP response code is",
		"request without `Host' header",
		"'Content-Length' header",
		"`Content-Length' header",
		"closed by remote side with incomplete",
		"disconnected when reading request",
		"Failed to bind to port",
	};
	size_t i;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	for (i = 0; i < ARRAY_LEN(quiet); i++)
		if (strstr(line, quiet[i]) != NULL)
			return;
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warn("http: %s", line);
}

static int
parse_method(const char *m)
{
	int i;

	for (i = 0; i < HTTP_METHOD__MAX; i++)
		if (strcmp(m, http_method_names[i]) == 0)
			return i;
	return -1;
}

/* See http.h. */
void
http_stream(struct http_req *r, int (*fn)(void *state, struct buf *out),
    void *state)
{
	r->part = fn;
	r->part_state = state;
	buf_init(&r->part_buf, 0);
}

/* MHD's reader for a stream of parts (http_stream). */
static ssize_t
part_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct http_req *r = cls;
	size_t take;
	int rc;

	(void)pos;
	while (r->part_off == r->part_buf.len) {
		if (r->part_end)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&r->part_buf);
		r->part_off = 0;
		rc = r->part(r->part_state, &r->part_buf);
		if (rc < 0 || r->part_buf.overflow) {
			log_warn("a streamed answer failed; its connection is "
			    "ended without the last chunk");
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		if (rc == 0)
			r->part_end = 1;
	}
	take = r->part_buf.len - r->part_off;
	if (take > max)
		take = max;
	memcpy(out, r->part_buf.data + r->part_off, take);
	r->part_off += take;
	return (ssize_t)take;
}

/*
 * Headers that only a document (a page, a frame) acts on. An event stream
 * is never one, and its response, with every header it has, is held as
 * long as the subscriber stays: thousands of copies of a long policy.
 */
static int
document_only(const char *name)
{
	static const char *const names[] = { "Content-Security-Policy",
	    "Permissions-Policy", "Referrer-Policy" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static enum MHD_Result
send_response(struct MHD_Connection *c, struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	/* Never a cut body with a success status: say it was too large. */
	if (!r->stream && !r->part && r->out.overflow) {
		log_warn("an answer outgrew its buffer; 500 instead");
		buf_reset(&r->out);
		r->out.overflow = 0;
		buf_puts(&r->out, "This answer is too large to send at once; "
		    "narrow it down (filters, or pages).\n");
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
	}
	if (r->stream)
		resp = sse_response(r->stream);
	else if (r->part)
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
		    32 * 1024, part_reader, r, NULL);
	else
		resp = MHD_create_response_from_buffer(r->out.len,
		    r->out.data ? r->out.data : (char *)"",
		    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (i = 0; i < r->nheaders; i++)
		if (!r->stream || !document_only(r->hname[i]))
			MHD_add_response_header(resp, r->hname[i],
			    r->hvalue[i]);
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Holds a place in the lane's queue; 0, or -1 when it is full. */
static int
lane_reserve(struct lane *l)
{
	int rc = -1;

	if (l->n == 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (l->len + l->reserved < l->cap && !l->stop) {
		l->reserved++;
		rc = 0;
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

/* Queues a request in the place reserved for it. */
static void
lane_push(struct lane *l, struct http_req *r)
{
	pthread_mutex_lock(&l->lock);
	l->reserved--;
	l->q[(l->head + l->len) % l->cap] = r;
	l->len++;
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

/* See http.h. */
int
http_defer(struct http_req *r, void (*fn)(struct http_req *))
{
	if (r->srv == NULL || lane_reserve(&r->srv->slow) == -1)
		return -1;
	r->deferred = fn;
	return 0;
}

/* See http.h. */
void
http_wait(struct http_req *r, void (*start)(struct http_req *),
    void (*finish)(struct http_req *))
{
	r->wait_start = start;
	r->wait_finish = finish;
}

/*
 * Counts a request that is to wait for its write (http_wait); -1 when the
 * server is stopping and it may not (its answer then says so). Counted
 * first and checked after, as the stop sets no_waits and then reads
 * waiting: one of the two always sees the other.
 */
static int
wait_enter(struct http_server *s, struct http_req *r)
{
	atomic_fetch_add(&s->waiting, 1);
	if (atomic_load(&s->no_waits)) {
		atomic_fetch_sub(&s->waiting, 1);
		r->wait_start = NULL;
		r->wait_refused = 1;
		return -1;
	}
	return 0;
}

/* Starts the write a request waits for, its connection held. */
static void
wait_begin(struct http_req *r)
{
	void (*start)(struct http_req *) = r->wait_start;

	r->wait_start = NULL;
	start(r);
}

/* A request that may not wait (wait_enter): its answer, at once. */
static void
wait_refuse(struct http_req *r)
{
	void (*finish)(struct http_req *) = r->wait_finish;

	r->wait_finish = NULL;
	finish(r);
}

/* See http.h. */
void
http_resume(struct http_req *r)
{
	struct http_server *s = r->srv;

	r->deferred_done = 1;
	MHD_resume_connection(r->conn);
	atomic_fetch_sub(&s->waiting, 1);
}

static void *
lane_main(void *arg)
{
	struct lane *l = arg;
	struct http_req *r;
	void (*fn)(struct http_req *);

	pthread_mutex_lock(&l->lock);
	for (;;) {
		while (l->len == 0 && !l->stop)
			pthread_cond_wait(&l->cond, &l->lock);
		if (l->len == 0)
			break;
		r = l->q[l->head];
		l->head = (l->head + 1) % l->cap;
		l->len--;
		pthread_mutex_unlock(&l->lock);
		fn = r->deferred;
		r->deferred = NULL;
		fn(r);
		/* It waits for its write (http_wait), held already; or it
		 * deferred part of its work again (http_defer): on. */
		if (r->wait_start != NULL && wait_enter(r->srv, r) == 0)
			wait_begin(r);
		else if (r->deferred != NULL)
			lane_push(l->next, r);
		else {
			r->deferred_done = 1;
			MHD_resume_connection(r->conn);
		}
		pthread_mutex_lock(&l->lock);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

/* The whole of a request, on the write lane. */
static void
handle_deferred(struct http_req *r)
{
	r->srv->app.handle(r);
}

/* What the header walk counts: the headers that give a request's length,
 * and what the request takes of the connection's memory (HEAD_RECORD). */
struct head_count {
	int	 lengths, chunks;
	size_t	 bytes;
};

static enum MHD_Result
count_headers(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct head_count *n = cls;

	(void)kind;
	if (strcasecmp(key, "Content-Length") == 0)
		n->lengths++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0)
		n->chunks++;
	n->bytes += strlen(key) + (value ? strlen(value) : 0) + 4 +
	    HEAD_RECORD;
	if (value != NULL && strcasecmp(key, "Cookie") == 0) {
		const char *p;

		n->bytes += strlen(value) + 1 + HEAD_RECORD;
		for (p = value; (p = strchr(p, ';')) != NULL; p++)
			n->bytes += HEAD_RECORD;
	}
	return MHD_YES;
}

static enum MHD_Result
refuse_headers(struct MHD_Connection *c)
{
	/* Both of the site's languages: the page's choice is not read yet. */
	static const char msg[] = "Your browser sent more cookies or headers "
	    "than this site reads. Clear this site's cookies and try again.\n"
	    "Su navegador envió más cookies o encabezados de los que este "
	    "sitio lee. Borre las cookies de este sitio y vuelva a "
	    "intentarlo.\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(sizeof(msg) - 1, (void *)msg,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
	    "text/plain; charset=utf-8");
	ret = MHD_queue_response(c, 431, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A stream's request, once its response has started (on_request). */
static struct http_req streaming;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;
	enum MHD_Result ret;
	const char *cl;
	struct head_count hc = { 0, 0, 0 };
	int m;

	(void)version;
	/* Back from a lane, or from its write (http_wait): its answer is
	 * ready, or made now. */
	if (r != NULL && r->deferred_done) {
		void (*finish)(struct http_req *) = r->wait_finish;

		r->deferred_done = 0;
		r->wait_finish = NULL;
		if (finish != NULL)
			finish(r);
		return send_response(c, r);
	}
	if (r == NULL) {
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_headers,
		    &hc);
		hc.bytes += strlen(method) + strlen(url) + strlen(version) + 4;
		if (hc.bytes > s->head_max) {
			conn_request_in(s, c, 0);
			return refuse_headers(c);
		}
		r = xcalloc(1, sizeof(*r));
		r->arena = arena_new();
		r->srv = s;
		r->conn = c;
		r->app = s->app.ctx;
		r->route = -1;
		r->started_ns = http_now_ns();
		m = parse_method(method);
		r->method = m < 0 ? HTTP_METHOD__MAX : (enum http_method)m;
		r->path = arena_strdup(r->arena, url);
		r->body_max = s->app.body_limit ? s->app.body_limit(url) : 0;
		if (r->body_max == 0)
			r->body_max = HTTP_BODY_LIMIT;
		buf_init(&r->body, r->body_max + 1);
		buf_init(&r->out, 0);
		r->status = 200;
		*con_cls = r;
		atomic_fetch_add(&s->active, 1);
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > r->body_max)
			r->body_too_large = 1;
		/* Two lengths, or a length and chunks: a request smuggled past
		 * a proxy reads one way here and another there. */
		r->bad_framing = hc.lengths > 1 || (hc.lengths && hc.chunks) ||
		    hc.chunks > 1;
		/* Answered now, before any body (and before "100 Continue"). */
		if (r->body_too_large || r->bad_framing) {
			conn_request_in(s, c, 0);
			s->app.handle(r);
			return send_response(c, r);
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!r->body_too_large &&
		    (r->body.len + *upload_size > r->body_max ||
		    buf_append(&r->body, upload, *upload_size) == -1))
			r->body_too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	conn_request_in(s, c, 0);
	/* What may write waits for its commit on a writer thread, unless it
	 * waits without one (http_wait). */
	if (r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    r->method != HTTP_OPTIONS && !(s->app.waits != NULL &&
	    s->app.waits(r)) && lane_reserve(&s->writes) == 0) {
		r->deferred = handle_deferred;
		MHD_suspend_connection(c);
		lane_push(&s->writes, r);
		return MHD_YES;
	}
	s->app.handle(r);
	if (r->wait_start != NULL) {
		if (wait_enter(s, r) == -1) {
			wait_refuse(r);
			return send_response(c, r);
		}
		MHD_suspend_connection(c);
		wait_begin(r);
		return MHD_YES;
	}
	if (r->deferred != NULL) {
		MHD_suspend_connection(c);
		lane_push(&s->slow, r);
		return MHD_YES;
	}
	ret = send_response(c, r);
	/* A stream may live for hours: give back what the request held. Its
	 * response has what it needs (sse.c); the connection keeps only a
	 * mark that its request was counted. */
	if (r->stream) {
		buf_free(&r->body);
		buf_free(&r->out);
		arena_free(r->arena);
		free(r);
		*con_cls = &streaming;
	}
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	(void)toe;
	if (r == NULL)
		return;
	/* Kept alive: the next request has the deadline from now. */
	conn_request_in(s, c, 1);
	if (r == &streaming) {
		*con_cls = NULL;
		atomic_fetch_sub(&s->active, 1);
		return;
	}
	buf_free(&r->part_buf);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->active, 1);
}

/* Starts n threads on a lane with room for cap waiting requests. */
static void
lane_start(struct lane *l, unsigned n, size_t cap, struct lane *next)
{
	l->q = xcalloc(cap, sizeof(*l->q));
	l->cap = cap;
	l->next = next;
	l->t = xcalloc(n, sizeof(*l->t));
	for (l->n = 0; l->n < n; l->n++)
		if (pthread_create(&l->t[l->n], NULL, lane_main, l) != 0)
			break;
}

/* Lets the lane finish what it holds, then ends its threads. */
static void
lane_stop(struct lane *l)
{
	unsigned i;

	pthread_mutex_lock(&l->lock);
	l->stop = 1;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
	for (i = 0; i < l->n; i++)
		pthread_join(l->t[i], NULL);
	l->n = 0;
}

static void
lane_init(struct lane *l)
{
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->cond, NULL);
}

static void
lane_free(struct lane *l)
{
	free(l->t);
	free(l->q);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->cond);
}

static void
server_free(struct http_server *s)
{
	lane_free(&s->slow);
	lane_free(&s->writes);
	limiter_free(s->limiter);
	pthread_mutex_destroy(&s->conn_lock);
	pthread_cond_destroy(&s->reap_cond);
	free(s);
}

/* As many connections as the open-file limit leaves room for, beside the
 * database, the log and a margin for files the server opens. */
static unsigned
max_connections(void)
{
	struct rlimit rl;
	unsigned n = 16384;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)n + 128)
		n = rl.rlim_cur > 256 ? (unsigned)(rl.rlim_cur - 128) : 64;
	return n;
}

/* Monotonic clock in nanoseconds. */
int64_t
http_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Parses a listen address. */
int
http_parse_listen(const char *str, struct sockaddr_storage *ss, size_t *len)
{
	char host[128];
	const char *colon, *h, *p;
	char *end;
	unsigned long port;
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	if (str == NULL || (colon = strrchr(str, ':')) == NULL)
		return -1;
	h = str;
	hl = (size_t)(colon - str);
	if (hl >= 2 && str[0] == '[' && str[hl - 1] == ']') {
		h = str + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	p = colon + 1;
	if (*p == '\0')
		return -1;
	errno = 0;
	port = strtoul(p, &end, 10);
	if (errno || *end != '\0' || port > 65535)
		return -1;
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		if (strcmp(host, "localhost") == 0)
			strcpy(host, "127.0.0.1");
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
	}
	return 0;
}

/* Starts the daemon with a thread pool; see http.h. */
struct http_server *
http_server_start(const struct http_server_conf *conf,
    const struct http_app *app)
{
	struct http_server *s;
	struct sockaddr_storage ss;
	size_t sslen;
	unsigned threads = conf->threads;
	const union MHD_DaemonInfo *info;
	/* Turbo: a new connection's request is read at once rather than
	 * after a turn of the event loop (and the socket is closed without
	 * shutdown, which conn_end does itself): a room of phones joining at
	 * once waits a turn less each. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	if (http_parse_listen(conf->listen, &ss, &sslen) == -1) {
		log_warn("bad listen address: %s", conf->listen);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 1;
	}
	s = xcalloc(1, sizeof(*s));
	s->app = *app;
	pthread_mutex_init(&s->conn_lock, NULL);
	pthread_cond_init(&s->reap_cond, NULL);
	s->max_conns = max_connections();
	s->head_max = (conf->conn_memory ? conf->conn_memory :
	    (size_t)HTTP_CONN_MEMORY) - HEAD_ROOM;
	if (conf->limits != NULL && conf->limits->enabled)
		s->limiter = limiter_new(conf->limits);
	lane_init(&s->slow);
	lane_init(&s->writes);
	if ((s->hub = sse_hub_new()) == NULL) {
		server_free(s);
		return NULL;
	}
	{
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		unsigned n = conf->slow_threads;

		if (n == 0)
			n = ncpu > 1 ? (unsigned)ncpu / 2 : 1;
		lane_start(&s->slow, n, SLOW_QUEUE, &s->slow);
		if (conf->write_threads > 0)
			lane_start(&s->writes, conf->write_threads,
			    WRITE_QUEUE, &s->slow);
	}
	MHD_set_panic_func(mhd_panic, NULL);
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, s->max_conns,
	    MHD_OPTION_NOTIFY_CONNECTION, s->limiter ? on_connection : NULL, s,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	    /* libmicrohttpd's default, 32 KiB, would be most of what a
	     * stream subscriber costs; browsers' headers fit in far less,
	     * and bodies are read in pieces. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, conf->conn_memory ?
	    conf->conn_memory : (size_t)HTTP_CONN_MEMORY,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		log_warn("cannot listen on %s: %s", conf->listen,
		    strerror(errno ? errno : EADDRINUSE));
		sse_hub_close(s->hub);
		sse_hub_free(s->hub);
		lane_stop(&s->writes);
		lane_stop(&s->slow);
		server_free(s);
		return NULL;
	}
	if (s->limiter != NULL) {
		s->reaping = 1;
		if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
			s->reaping = 0;
			log_warn("cannot start the request deadline thread");
		}
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return s;
}

/* The server's hub of event streams. */
struct sse_hub *
http_server_hub(struct http_server *s)
{
	return s->hub;
}

/* The bound port. */
unsigned
http_server_port(struct http_server *s)
{
	return s->port;
}

/* Graceful stop; see http.h. */
void
http_server_stop(struct http_server *s, int grace_ms)
{
	int waited = 0;

	if (s == NULL)
		return;
	/*
	 * No MHD_quiesce_daemon: with a pool of epoll threads it races the
	 * threads' own removal of the listening socket (at the connection
	 * limit) and libmicrohttpd 0.9.75 aborts ("Failed to remove listen
	 * FD from epoll set"). A request arriving meanwhile is answered.
	 */
	/* Streams never finish by themselves: end them, resuming the idle. */
	sse_hub_close(s->hub);
	/* Deferred requests are answered before the threads go; a write
	 * may still hand work to the slow lane. */
	lane_stop(&s->writes);
	lane_stop(&s->slow);
	while (atomic_load(&s->active) > 0 && waited < grace_ms) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		waited += 10;
	}
	/*
	 * Requests still arrive meanwhile. None may begin to wait now, and
	 * those waiting are answered first: libmicrohttpd refuses to stop
	 * with a connection held, and a writer's answer would find it gone.
	 * The store's own timeouts bound this wait.
	 */
	atomic_store(&s->no_waits, 1);
	while (atomic_load(&s->waiting) > 0) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->d);
	sse_hub_free(s->hub);
	if (s->reaping) {
		pthread_mutex_lock(&s->conn_lock);
		s->reaping = 0;
		pthread_cond_signal(&s->reap_cond);
		pthread_mutex_unlock(&s->conn_lock);
		pthread_join(s->reaper, NULL);
	}
	server_free(s);
}

/* See http.h. */
const struct limit_conf *
http_limits(struct http_req *r)
{
	return r->srv && r->srv->limiter ? limiter_conf(r->srv->limiter) : NULL;
}

/* See http.h. */
struct limiter *
http_limiter(struct http_req *r)
{
	return r->srv ? r->srv->limiter : NULL;
}

/* See http.h. */
int
http_limit_take(struct http_req *r, int kind, unsigned *retry)
{
	*retry = 0;
	if (r->srv == NULL || r->srv->limiter == NULL)
		return 0;
	return limiter_take(r->srv->limiter, (enum limit_kind)kind,
	    http_client(r), now_utc(), retry);
}
