/* feed.c: committed change events become dropped cached pages and live-stream messages. */
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

/* A question that changed, as the room and the moderators may see it. */
static void
question(struct web_ctx *ctx, struct store *s, struct arena *a,
    const char *payload)
{
	struct store_question q;
	json_error_t err;
	json_t *j = json_loads(payload, 0, &err);
	json_int_t id = j ? json_integer_value(json_object_get(j, "id")) : 0;

	json_decref(j);
	if (id > 0 && store_question_get(s, a, id, &q) == STORE_OK)
		qa_publish_hub(ctx->hub, &q);
}

/* See web.h: runs on the writer's thread only, so feed_last needs no lock. */
void
web_feed(struct store *s, void *arg)
{
	struct web_ctx *ctx = arg;
	struct store_change *c;
	struct arena *a;
	size_t n, i;

	do {
		a = arena_new();
		if (store_changes_after(s, a, ctx->feed_last, FEED_BATCH, &c,
		    &n) != STORE_OK) {
			arena_free(a);
			return;
		}
		if (n > 0)
			cache_invalidate();
		for (i = 0; i < n; i++) {
			if (ctx->hub != NULL &&
			    strcmp(c[i].topic, "question") == 0)
				question(ctx, s, a, c[i].payload);
			ctx->feed_last = c[i].id;
		}
		arena_free(a);
	} while (n == FEED_BATCH);
}

/* See web.h. */
int
web_ctx_start(struct web_ctx *ctx, struct http_server *srv)
{
	struct store *s = store_pool_get(ctx->pool);
	int rc = store_changes_last(s, &ctx->feed_last);

	store_pool_put(ctx->pool, s);
	if (rc != STORE_OK)
		return -1;
	ctx->hub = http_server_hub(srv);
	store_pool_on_commit(ctx->pool, web_feed, ctx);
	return 0;
}
