/* feed.c: committed change events become dropped cached pages and live-stream messages, on every node. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "store.h"
#include "sse.h"
#include "cache.h"
#include "qa.h"
#include "web.h"

#define FEED_BATCH 256
/*
 * Ids are handed out in order but may commit out of order (on PostgreSQL,
 * or from another process), so the feed reads from the lowest id it may
 * still be missing and remembers what it has fed above it. A missing id
 * that stays missing this long belonged to a transaction that rolled back.
 */
#define GAP_SECONDS 10
#define SEEN_MAX 4096
#define POLL_MS 1000

struct feed {
	pthread_mutex_t	 lock;
	int64_t		 low;		/* every id <= low is fed or gone */
	int64_t		 seen[SEEN_MAX];	/* fed ids above low, sorted */
	size_t		 nseen;
	int64_t		 gap_since;	/* when low + 1 was first missing */
	int64_t		 high;		/* the newest id fed */
	pthread_t	 thread;
	int		 running, stop;
	struct store	*s;		/* the feed thread's own connection */
};

/* A question that changed, as the room and the moderators may see it. */
static void
question(struct web_ctx *ctx, struct store *s, struct arena *a, int64_t change,
    const char *payload)
{
	struct store_question q;
	json_error_t err;
	json_t *j = json_loads(payload, 0, &err);
	json_int_t id = j ? json_integer_value(json_object_get(j, "id")) : 0;

	json_decref(j);
	if (id > 0 && store_question_get(s, a, id, &q) == STORE_OK)
		qa_publish_hub(ctx->hub, &q, change);
}

static int
seen(struct feed *f, int64_t id)
{
	size_t i;

	for (i = 0; i < f->nseen; i++)
		if (f->seen[i] == id)
			return 1;
	return 0;
}

static void
remember(struct feed *f, int64_t id)
{
	size_t i = f->nseen;

	if (f->nseen == SEEN_MAX) {
		/* Too many out of order: give up on the oldest hole. */
		f->low = f->seen[0];
		memmove(f->seen, f->seen + 1, --f->nseen * sizeof(*f->seen));
		i = f->nseen;
	}
	while (i > 0 && f->seen[i - 1] > id) {
		f->seen[i] = f->seen[i - 1];
		i--;
	}
	f->seen[i] = id;
	f->nseen++;
}

/* Moves low up past every fed id, and past a hole older than GAP_SECONDS. */
static void
advance(struct feed *f, int64_t now)
{
	for (;;) {
		if (f->nseen > 0 && f->seen[0] == f->low + 1) {
			f->low++;
			memmove(f->seen, f->seen + 1,
			    --f->nseen * sizeof(*f->seen));
			f->gap_since = 0;
			continue;
		}
		if (f->nseen == 0) {
			f->gap_since = 0;
			return;
		}
		if (f->gap_since == 0)
			f->gap_since = now;
		if (now - f->gap_since < GAP_SECONDS)
			return;
		f->low = f->seen[0] - 1;	/* the hole was rolled back */
		f->gap_since = 0;
	}
}

/* Feeds what is new in s; f->lock held. */
static void
feed_locked(struct web_ctx *ctx, struct feed *f, struct store *s)
{
	struct store_change *c;
	struct arena *a;
	size_t n, i;
	int fresh;

	do {
		a = arena_new();
		if (store_changes_after(s, a, f->low, FEED_BATCH, &c, &n) !=
		    STORE_OK) {
			arena_free(a);
			return;
		}
		fresh = 0;
		for (i = 0; i < n; i++) {
			if (seen(f, c[i].id))
				continue;
			fresh = 1;
			if (!web_brief_keeps(c[i].topic))
				web_briefs_forget();
			if (ctx->hub != NULL &&
			    strcmp(c[i].topic, "question") == 0)
				question(ctx, s, a, c[i].id, c[i].payload);
			remember(f, c[i].id);
			if (c[i].id > f->high)
				f->high = c[i].id;
		}
		if (fresh)
			cache_invalidate();
		advance(f, now_utc());
		arena_free(a);
	} while (n == FEED_BATCH && fresh);
}

/*
 * See web.h: after each commit of this node, with that connection, before
 * its requests are answered (so a page read next shows the change). The
 * one writer's batch is fed here at once; where several writers commit at
 * once (PostgreSQL), their reads would queue on the feed's lock, so only
 * the cache is dropped and the feed thread, woken by NOTIFY, does the
 * streams.
 */
void
web_feed(struct store *s, void *arg)
{
	struct web_ctx *ctx = arg;
	struct feed *f = ctx->feed;

	/* Before anyone is answered: the next registration reads afresh. */
	if (store_tx_touched(s, web_brief_keeps))
		web_briefs_forget();
	if (!store_pool_one_writer(ctx->pool)) {
		cache_invalidate();
		return;
	}
	pthread_mutex_lock(&f->lock);
	feed_locked(ctx, f, s);
	pthread_mutex_unlock(&f->lock);
}

/* Other nodes' and processes' changes: woken by NOTIFY, or polled. */
static void *
run(void *arg)
{
	struct web_ctx *ctx = arg;
	struct feed *f = ctx->feed;

	for (;;) {
		pthread_mutex_lock(&f->lock);
		if (f->stop) {
			pthread_mutex_unlock(&f->lock);
			break;
		}
		feed_locked(ctx, f, f->s);
		pthread_mutex_unlock(&f->lock);
		if (store_wait_change(f->s, POLL_MS) == -1) {
			struct timespec ts = { 1, 0 };

			nanosleep(&ts, NULL);	/* down: try again soon */
		}
	}
	return NULL;
}

/* See web.h. */
int
web_ctx_start(struct web_ctx *ctx, struct http_server *srv, const char *db)
{
	struct feed *f = xcalloc(1, sizeof(*f));

	pthread_mutex_init(&f->lock, NULL);
	if ((f->s = store_open(db, 0)) == NULL ||
	    store_changes_last(f->s, &f->low) != STORE_OK)
		goto fail;
	f->high = f->low;
	ctx->feed = f;
	ctx->hub = http_server_hub(srv);
	if (pthread_create(&f->thread, NULL, run, ctx) != 0)
		goto fail;
	f->running = 1;
	store_pool_on_commit(ctx->pool, web_feed, ctx);
	return 0;
fail:
	ctx->feed = NULL;
	store_close(f->s);
	pthread_mutex_destroy(&f->lock);
	free(f);
	return -1;
}

/* See web.h. */
int64_t
web_feed_high(struct web_ctx *ctx)
{
	struct feed *f = ctx->feed;
	int64_t v;

	if (f == NULL)
		return 0;
	pthread_mutex_lock(&f->lock);
	v = f->high;
	pthread_mutex_unlock(&f->lock);
	return v;
}

/* See web.h. */
int64_t
web_feed_low(struct web_ctx *ctx)
{
	struct feed *f = ctx->feed;
	int64_t v;

	if (f == NULL)
		return -1;
	pthread_mutex_lock(&f->lock);
	v = f->low;
	pthread_mutex_unlock(&f->lock);
	return v;
}

/* See web.h. */
void
web_ctx_stop(struct web_ctx *ctx)
{
	jose_key_free(&ctx->cred_key);
	web_feed_stop(ctx);
}

/* See web.h. */
void
web_feed_stop(struct web_ctx *ctx)
{
	struct feed *f = ctx->feed;

	if (f == NULL)
		return;
	store_pool_on_commit(ctx->pool, NULL, NULL);
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_mutex_unlock(&f->lock);
	if (f->running)
		pthread_join(f->thread, NULL);
	store_close(f->s);
	pthread_mutex_destroy(&f->lock);
	free(f);
	ctx->feed = NULL;
}
