/* server.c: libmicrohttpd glue: per-request arena, body limit, response, shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "util.h"
#include "http.h"

#include "sse.h"

const char *const http_method_names[HTTP_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

struct http_server {
	struct MHD_Daemon	*d;
	struct http_app		 app;
	atomic_int		 active;	/* requests being handled */
	unsigned		 port;
	struct sse_hub		*hub;
};

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

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	/* A stream learns that its reader left only by failing to write. */
	if (strstr(line, "forcibly closed by remote peer") != NULL ||
	    strstr(line, "no longer available for sending") != NULL)
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

static enum MHD_Result
send_response(struct MHD_Connection *c, struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	if (r->stream)
		resp = sse_response(r->stream);
	else
		resp = MHD_create_response_from_buffer(r->out.len,
		    r->out.data ? r->out.data : (char *)"",
		    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->hname[i], r->hvalue[i]);
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Counts the headers that give a request's length. */
static enum MHD_Result
count_lengths(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	int *n = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, "Content-Length") == 0)
		n[0]++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0)
		n[1]++;
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;
	enum MHD_Result ret;
	const char *cl;
	int m, lengths[2] = { 0, 0 };

	(void)version;
	if (r == NULL) {
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
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_lengths,
		    lengths);
		r->bad_framing = lengths[0] > 1 || (lengths[0] && lengths[1]) ||
		    lengths[1] > 1;
		/* Answered now, before any body (and before "100 Continue"). */
		if (r->body_too_large || r->bad_framing) {
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
	s->app.handle(r);
	ret = send_response(c, r);
	/* A stream may live for hours: give back what the request held. */
	if (r->stream) {
		buf_free(&r->body);
		buf_free(&r->out);
		arena_free(r->arena);
		r->arena = NULL;
		r->path = NULL;
	}
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	(void)c;
	(void)toe;
	if (r == NULL)
		return;
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->active, 1);
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
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

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
	if ((s->hub = sse_hub_new()) == NULL) {
		free(s);
		return NULL;
	}
	MHD_set_panic_func(mhd_panic, NULL);
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)16384,
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
		free(s);
		return NULL;
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
	while (atomic_load(&s->active) > 0 && waited < grace_ms) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		waited += 10;
	}
	MHD_stop_daemon(s->d);
	sse_hub_free(s->hub);
	free(s);
}
