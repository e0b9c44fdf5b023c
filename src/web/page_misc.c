/* page_misc.c: static files, the health check and the metrics page. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "assets.h"
#include "sse.h"
#include "app.h"
#include "web.h"

/* GET /static/{name}: files compiled into the binary. */
void
page_static(struct http_req *r)
{
	const struct asset *a;

	for (a = assets; a->name != NULL; a++)
		if (strcmp(a->name, r->params[0]) == 0)
			break;
	if (a->name == NULL) {
		web_error(r, 404, "Page not found");
		return;
	}
	r->content_type = a->type;
	http_set_header(r, "Cache-Control", "public, max-age=3600");
	buf_append(&r->out, a->data, a->len);
}

/*
 * GET /robots.txt: events and the calendar may be found; nothing personal
 * (tickets, the Q&A rooms, verifications) nor the staff pages and the API.
 */
void
page_robots(struct http_req *r)
{
	r->content_type = "text/plain; charset=utf-8";
	buf_puts(&r->out, "User-agent: *\n"
	    "Disallow: /tickets/\n"
	    "Disallow: /qa\n"
	    "Disallow: /verify\n"
	    "Disallow: /staff\n"
	    "Disallow: /api/\n"
	    "Disallow: /sessions/\n"
	    "Allow: /\n");
}

/* GET /healthz: 200 "ok" when the database answers. */
void
page_healthz(struct http_req *r)
{
	int v;

	r->content_type = "text/plain; charset=utf-8";
	if (store_schema_version(web_store(r), &v) == -1) {
		r->status = 503;
		buf_puts(&r->out, "database unavailable\n");
		return;
	}
	buf_puts(&r->out, "ok\n");
}

/*
 * GET /readyz: whether this node can take writes now. A database that
 * answers but cannot be written (read-only, full, a standby) is not ready,
 * and says why, where /healthz would still say ok.
 */
void
page_readyz(struct http_req *r)
{
	r->content_type = "text/plain; charset=utf-8";
	http_set_header(r, "Cache-Control", "no-store");
	switch (app_ready(web_app(r))) {
	case STORE_OK:
		buf_puts(&r->out, "ready\n");
		return;
	default:
		r->status = 503;
		http_set_header(r, "Retry-After", "30");
		buf_puts(&r->out, store_unavailable() ?
		    "not ready: the database cannot be reached\n" :
		    "not ready: the database cannot be written\n");
		return;
	}
}

/* GET /metrics: Prometheus text format. */
void
page_metrics(struct http_req *r)
{
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	uint64_t commits, transactions, retries, reruns;

	store_pool_stats(((struct web_ctx *)r->app)->pool, &commits,
	    &transactions, &retries, &reruns);
	metrics_render(&r->out, sse_hub_count(http_server_hub(r->srv)));
	/* Group commit at work: transactions per commit is their ratio. */
	buf_printf(&r->out, "# HELP convene_db_commits_total Durable commits "
	    "of the database writer.\n# TYPE convene_db_commits_total counter\n"
	    "convene_db_commits_total %llu\n# HELP "
	    "convene_db_transactions_total Write transactions those commits "
	    "carried.\n# TYPE convene_db_transactions_total counter\n"
	    "convene_db_transactions_total %llu\n# HELP "
	    "convene_db_retries_total Transactions the database refused for "
	    "a concurrent one (a deadlock), run again.\n# TYPE "
	    "convene_db_retries_total counter\nconvene_db_retries_total "
	    "%llu\n# HELP convene_db_batch_reruns_total Batches run first "
	    "without savepoints (PostgreSQL) that ran again with them, a "
	    "request having failed after writing.\n# TYPE "
	    "convene_db_batch_reruns_total counter\n"
	    "convene_db_batch_reruns_total %llu\n",
	    (unsigned long long)commits, (unsigned long long)transactions,
	    (unsigned long long)retries, (unsigned long long)reruns);
}
