/* http.h: the request and response a handler sees, and the server around them. */
#ifndef CONVENE_HTTP_H
#define CONVENE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD__MAX
};
extern const char *const http_method_names[HTTP_METHOD__MAX];

#define HTTP_MAX_PARAMS	4
#define HTTP_MAX_HEADERS 12
#define HTTP_BODY_LIMIT	(64 * 1024)

struct http_server;
struct sse_sub;
struct sse_hub;

struct http_req {
	struct arena		*arena;
	struct http_server	*srv;
	void			*conn;		/* the MHD connection */
	enum http_method	 method;
	const char		*path;
	const char		*params[HTTP_MAX_PARAMS];	/* route placeholders */
	size_t			 nparams;
	int			 route;		/* index into the route table, or -1 */
	struct buf		 body;
	int			 body_too_large;
	size_t			 body_max;	/* the limit for this path */
	int			 bad_framing;	/* two lengths, or length and chunks */
	/* The response under construction. */
	int			 status;
	const char		*content_type;
	struct buf		 out;
	const char		*hname[HTTP_MAX_HEADERS];
	const char		*hvalue[HTTP_MAX_HEADERS];
	size_t			 nheaders;
	void			*app;		/* the application's context */
	void			*local;		/* the application's per-request state */
	struct sse_sub		*stream;	/* set by sse_start: an event stream */
	int64_t			 started_ns;
	const char		*client;	/* http_client's answer, once known */
	void			(*deferred)(struct http_req *);	/* see http_defer */
	int			 deferred_done;
	/* See http_wait. */
	void			(*wait_start)(struct http_req *);
	void			(*wait_finish)(struct http_req *);
	int			 wait_refused;	/* stopping: start never ran */
	/* Set by http_stream: the body is made in parts as it is sent. */
	int			(*part)(void *state, struct buf *out);
	void			*part_state;
	struct buf		 part_buf;
	size_t			 part_off;
	int			 part_end;
};

/* A request header or query-string value; NULL when absent. */
const char *http_header(struct http_req *r, const char *name);
const char *http_query(struct http_req *r, const char *name);
/* A cookie's value; NULL when absent. */
const char *http_cookie(struct http_req *r, const char *name);
/* The peer's address as text (no port) into out; 0 or -1. */
int http_peer(struct http_req *r, char *out, size_t outsz);
int http_conn_peer(void *conn, char *out, size_t outsz);
/* The client's address: the peer's, or behind a trusted proxy the one it
 * forwards ("" when unknown). For limits only: never stored or logged. */
const char *http_client(struct http_req *r);
/* The server's limits (NULL when none apply), and its counters. */
struct limit_conf;
struct limiter;
const struct limit_conf *http_limits(struct http_req *r);
struct limiter *http_limiter(struct http_req *r);
/*
 * Counts one of kind (enum limit_kind) for the request's client. 0 when
 * within the limit (or no limit applies); -1 with the seconds to wait in
 * *retry.
 */
int http_limit_take(struct http_req *r, int kind, unsigned *retry);
/* Number of query-string arguments. */
int http_query_count(struct http_req *r);
/* Sets a response header, replacing one of the same name (Set-Cookie is
 * added: a response may set several); name and value must outlive the
 * request. */
void http_set_header(struct http_req *r, const char *name, const char *value);
/* Sets a 303 See Other to a local path. */
void http_redirect(struct http_req *r, const char *path);

/*
 * Finishes the request on a thread of the server's slow lane rather than
 * the one serving pages: called from a handler, which then returns; fn
 * fills the response there. For CPU-heavy work (password hashing) that
 * must not hold up pages. Returns 0, or -1 when the lane is full (the
 * handler answers 503 itself).
 */
int http_defer(struct http_req *r, void (*fn)(struct http_req *));
/*
 * From a handler on a request thread (http_app.waits): the answer is not
 * ready and no thread waits for it. Once the connection is held, start(r)
 * runs there; whatever finishes the work calls http_resume(r) from any
 * thread, and finish(r) then fills the answer on a request thread. The
 * server does not stop before every waiting request is resumed; once it
 * is stopping, start is not called and finish(r) runs with wait_refused
 * set (the answer says to come back).
 */
void http_wait(struct http_req *r, void (*start)(struct http_req *),
    void (*finish)(struct http_req *));
void http_resume(struct http_req *r);

/*
 * Makes the response body a stream (chunked): fn appends the next part to
 * out and returns 1 while more follow, 0 after the last, -1 on failure;
 * after a failure the connection ends without the final chunk, so the
 * client sees the answer is incomplete rather than a short 200. The
 * request (its arena included) lives until the last part is sent; fn must
 * not use the database connection the handler had.
 */
void http_stream(struct http_req *r, int (*fn)(void *state, struct buf *out),
    void *state);

/* The application's entry points, given to http_server_start. */
struct http_app {
	void	*ctx;
	/* Handles the request: fills status, content type and out. */
	void	(*handle)(struct http_req *r);
	/* The most body bytes a path may send (NULL, or 0 for a path:
	 * HTTP_BODY_LIMIT): an upload route may take more. */
	size_t	(*body_limit)(const char *path);
	/* 1 when a request that may write is handled on the request thread
	 * and waits for its write with http_wait (NULL, or 0: it is handled
	 * on a writer thread, which waits). */
	int	(*waits)(struct http_req *r);
};

struct http_server_conf {
	const char	*listen;	/* "ADDR:PORT"; port 0 picks a free one */
	unsigned	 threads;	/* 0: one per core */
	int		 quiet;
	/* Each connection's memory for its request line, headers and
	 * buffers, in bytes; 0: HTTP_CONN_MEMORY. It bounds the request
	 * headers (less room for the answer's: server.c, HEAD_ROOM) and is
	 * most of a stream subscriber's cost. */
	size_t		 conn_memory;
	/* Threads of the slow lane (http_defer); 0: one per two cores. */
	unsigned	 slow_threads;
	/* Limits per client address; NULL or not enabled: none. */
	const struct limit_conf *limits;
	/* Threads for requests that may write (not GET, HEAD or OPTIONS),
	 * which wait while their write is committed; 0: none, they are
	 * handled on the request threads. */
	unsigned	 write_threads;
};
#define HTTP_CONN_MEMORY (6 * 1024)

/* Starts serving; NULL with a logged reason on failure. */
struct http_server *http_server_start(const struct http_server_conf *conf,
    const struct http_app *app);
/* The server's event-stream hub. */
struct sse_hub *http_server_hub(struct http_server *s);
/* The port actually bound. */
unsigned http_server_port(struct http_server *s);
/* Stops accepting, waits up to grace_ms for requests in flight, stops. */
void http_server_stop(struct http_server *s, int grace_ms);
/* Parses "ADDR:PORT" or "[ADDR6]:PORT"; 0 or -1. */
struct sockaddr_storage;
int http_parse_listen(const char *s, struct sockaddr_storage *ss, size_t *len);

/* Monotonic nanoseconds. */
int64_t http_now_ns(void);

#endif
