/*
 * sse.c: server-sent events with libmicrohttpd. A stream's reader suspends
 * its connection when it has nothing to send; a publish appends to every
 * subscriber of the topic and resumes it. A thread sends a comment every
 * 10 seconds (HEARTBEAT_S) so that dead clients fail a write and are
 * released: a suspended connection is not watched, so that is how a
 * phone that left is noticed, within two periods.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "util.h"
#include "http.h"
#include "sse.h"
#include "limit.h"

#define BUCKETS		1024
#define SUB_BUF_MAX	(64 * 1024)	/* a client that far behind is dropped */
#define HEARTBEAT_S	10
/* Streams stop short of the connection limit so pages and moderators get in. */
#define MAX_STREAMS	15360

/*
 * The response's own buffer, allocated with every subscriber's response.
 * A chunked stream (HTTP/1.1) is read straight into the connection's
 * write buffer and never uses it; HTTP/1.0 reads through it, an event in
 * several calls.
 */
#define SSE_BLOCK 64

struct sse_sub {
	struct sse_sub		*next, *prev;
	struct sse_hub		*hub;
	int64_t			 topic;
	struct MHD_Connection	*conn;
	pthread_mutex_t		 lock;
	char			*buf;
	size_t			 len, off, cap;
	int			 suspended;
	int			 closing;
	struct limiter		*limiter;	/* the client's count of streams */
	uint64_t		 limit_key;
};

struct sse_hub {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct sse_sub		*bucket[BUCKETS];
	size_t			 count;
	int			 closing;
	pthread_t		 beat;
};

static size_t
bucket_of(int64_t topic)
{
	return (size_t)((uint64_t)topic % BUCKETS);
}

/* Appends to a subscriber and wakes its connection; the sub is locked. */
static void
push(struct sse_sub *s, const char *data, size_t n)
{
	if (s->closing)
		return;
	if (s->len - s->off + n > SUB_BUF_MAX) {
		s->closing = 1;		/* too slow: let it go */
	} else {
		if (s->off > 0 && s->off == s->len)
			s->off = s->len = 0;
		if (s->len + n > s->cap) {
			/* The first event of a burst gets what it needs; a
			 * backlog doubles. */
			size_t cap = s->cap ? s->cap : n;

			while (cap < s->len + n)
				cap *= 2;
			s->buf = xrealloc(s->buf, cap);
			s->cap = cap;
		}
		memcpy(s->buf + s->len, data, n);
		s->len += n;
	}
	if (s->suspended) {
		s->suspended = 0;
		MHD_resume_connection(s->conn);
	}
}

static ssize_t
reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse_sub *s = cls;
	ssize_t n;

	(void)pos;
	pthread_mutex_lock(&s->lock);
	if (s->len > s->off) {
		size_t take = s->len - s->off < max ? s->len - s->off : max;

		memcpy(out, s->buf + s->off, take);
		s->off += take;
		/* An idle subscriber holds no buffer: with ten thousand
		 * phones on one stream, even 256 bytes each would show. */
		if (s->off == s->len) {
			free(s->buf);
			s->buf = NULL;
			s->cap = s->len = s->off = 0;
		}
		n = (ssize_t)take;
	} else if (s->closing)
		n = MHD_CONTENT_READER_END_OF_STREAM;
	else {
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* The response is gone (client left or stream ended): unsubscribe. */
static void
release(void *cls)
{
	struct sse_sub *s = cls;
	struct sse_hub *h = s->hub;

	pthread_mutex_lock(&h->lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		h->bucket[bucket_of(s->topic)] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	h->count--;
	pthread_mutex_unlock(&h->lock);
	if (s->limiter != NULL)
		limiter_give(s->limiter, s->limit_key);
	pthread_mutex_destroy(&s->lock);
	free(s->buf);
	free(s);
}

/* Calls fn on every subscriber (all topics when all is set), hub locked. */
static void
each(struct sse_hub *h, int all, int64_t topic,
    void (*fn)(struct sse_sub *, const void *, size_t), const void *arg,
    size_t n)
{
	struct sse_sub *s;
	size_t b, from = all ? 0 : bucket_of(topic), to = all ? BUCKETS :
	    from + 1;

	pthread_mutex_lock(&h->lock);
	for (b = from; b < to; b++)
		for (s = h->bucket[b]; s; s = s->next) {
			if (!all && s->topic != topic)
				continue;
			pthread_mutex_lock(&s->lock);
			fn(s, arg, n);
			pthread_mutex_unlock(&s->lock);
		}
	pthread_mutex_unlock(&h->lock);
}

static void
send_bytes(struct sse_sub *s, const void *data, size_t n)
{
	push(s, data, n);
}

static void
close_one(struct sse_sub *s, const void *data, size_t n)
{
	(void)data;
	(void)n;
	s->closing = 1;
	if (s->suspended) {
		s->suspended = 0;
		MHD_resume_connection(s->conn);
	}
}

static void *
heartbeat(void *arg)
{
	static const char ping[] = ": ping\n\n";
	struct sse_hub *h = arg;
	struct timespec until;

	pthread_mutex_lock(&h->lock);
	while (!h->closing) {
		/* Only the hub's closing wakes it early: every stream is
		 * pinged at most once a period, however many end meanwhile. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HEARTBEAT_S;
		while (!h->closing && pthread_cond_timedwait(&h->cond, &h->lock,
		    &until) != ETIMEDOUT)
			;
		if (h->closing)
			break;
		pthread_mutex_unlock(&h->lock);
		each(h, 1, 0, send_bytes, ping, sizeof(ping) - 1);
		pthread_mutex_lock(&h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* See sse.h. */
struct sse_hub *
sse_hub_new(void)
{
	struct sse_hub *h = xcalloc(1, sizeof(*h));

	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	if (pthread_create(&h->beat, NULL, heartbeat, h) != 0) {
		free(h);
		return NULL;
	}
	return h;
}

/* See sse.h. */
void
sse_hub_close(struct sse_hub *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	h->closing = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->beat, NULL);
	each(h, 1, 0, close_one, NULL, 0);
}

/* See sse.h. */
void
sse_hub_free(struct sse_hub *h)
{
	if (h == NULL)
		return;
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->cond);
	free(h);
}

/* See sse.h. */
size_t
sse_hub_count(struct sse_hub *h)
{
	size_t n;

	pthread_mutex_lock(&h->lock);
	n = h->count;
	pthread_mutex_unlock(&h->lock);
	return n;
}

/* See sse.h. */
int
sse_start(struct http_req *r, int64_t topic, const char *hello)
{
	struct sse_hub *h = http_server_hub(r->srv);
	struct sse_sub *s;
	size_t b = bucket_of(topic);
	unsigned retry;

	if (h == NULL)
		return -1;
	if (http_limit_take(r, LIMIT_STREAMS, &retry) == -1)
		return -2;
	s = xcalloc(1, sizeof(*s));
	if ((s->limiter = http_limiter(r)) != NULL)
		s->limit_key = limiter_key(s->limiter, LIMIT_STREAMS,
		    http_client(r));
	s->hub = h;
	s->topic = topic;
	s->conn = r->conn;
	pthread_mutex_init(&s->lock, NULL);
	if (hello)
		push(s, hello, strlen(hello));
	pthread_mutex_lock(&h->lock);
	if (h->closing || h->count >= MAX_STREAMS) {
		pthread_mutex_unlock(&h->lock);
		if (s->limiter != NULL)
			limiter_give(s->limiter, s->limit_key);
		pthread_mutex_destroy(&s->lock);
		free(s->buf);
		free(s);
		return -1;
	}
	s->next = h->bucket[b];
	if (s->next)
		s->next->prev = s;
	h->bucket[b] = s;
	h->count++;
	pthread_mutex_unlock(&h->lock);
	/* A stream is idle by design: no idle timeout; the heartbeat checks. */
	MHD_set_connection_option(r->conn, MHD_CONNECTION_OPTION_TIMEOUT,
	    (unsigned)0);
	r->stream = s;
	return 0;
}

/* See sse.h. */
void
sse_publish(struct sse_hub *h, int64_t topic, int64_t id, const char *event,
    const char *data)
{
	struct buf b;

	buf_init(&b, SUB_BUF_MAX);
	if (id > 0)
		buf_printf(&b, "id: %lld\n", (long long)id);
	buf_printf(&b, "event: %s\ndata: %s\n\n", event, data);
	if (!b.overflow)
		each(h, 0, topic, send_bytes, b.data, b.len);
	buf_free(&b);
}

/* See sse.h. */
struct MHD_Response *
sse_response(struct sse_sub *s)
{
	return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK,
	    reader, s, release);
}
