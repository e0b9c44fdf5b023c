/* reg_wait.c: a registration that waits for its commit holding no thread, for the page and the API. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "app.h"
#include "web.h"
#include "reg_form.h"

/* On the writer's thread, once the registration is durable or failed. */
static void
done(void *arg, int rc)
{
	struct reg_wait *w = arg;

	w->rc = rc;
	http_resume(w->r);
}

/* Once the connection is held: the write is queued. */
static void
start(struct http_req *r)
{
	struct reg_wait *w = ((struct web_req *)r->local)->wait;

	app_register_then(web_app(r), w->who, r->arena, w->s.id, &w->s,
	    &w->in, &w->reg, done, w);
}

/* What the metrics count of an answer (a missing session: nothing). */
static void
count(const struct reg_wait *w)
{
	switch (w->rc) {
	case APP_SENT:
		metrics_registration(w->reg.id == 0 ? OUTCOME_EXISTING :
		    w->reg.status == STATUS_CONFIRMED ? OUTCOME_CONFIRMED :
		    OUTCOME_WAITLISTED);
		break;
	case STORE_OK:
		metrics_registration(w->reg.status == STATUS_CONFIRMED ?
		    OUTCOME_CONFIRMED : OUTCOME_WAITLISTED);
		break;
	case STORE_EXISTS:
		metrics_registration(OUTCOME_EXISTING);
		break;
	case STORE_CLOSED:
		metrics_registration(OUTCOME_CLOSED);
		break;
	case STORE_NOTFOUND:
		break;
	default:
		metrics_registration(OUTCOME_ERROR);
	}
}

/* Back on a request thread: counted, and the handler's answer in its
 * language. */
static void
finish(struct http_req *r)
{
	struct web_req *q = r->local;
	struct reg_wait *w = q->wait;

	i18n_set(q->lang);
	/* The server is stopping: another node, or this one back, takes it. */
	if (r->wait_refused) {
		metrics_registration(OUTCOME_ERROR);
		http_set_header(r, "Retry-After", "5");
		web_error(r, 503, "The server is restarting; you are not "
		    "registered. Please try again in a moment.");
		web_request_done(r);
		return;
	}
	count(w);
	w->answer(r, w);
	web_request_done(r);
}

/* See reg_form.h. */
void
web_register_wait(struct http_req *r, const struct store_session *s,
    const struct store_reg_input *in,
    void (*answer)(struct http_req *, struct reg_wait *), void *page)
{
	struct reg_wait *w;

	/* Per client address; staff with a token are not limited. */
	if (web_limited(r, LIMIT_REGISTER, 1))
		return;
	w = arena_alloc(r->arena, sizeof(*w));
	memset(w, 0, sizeof(*w));
	w->page = page;
	w->r = r;
	w->who = web_actor(r);
	w->s = *s;
	w->in = *in;
	w->answer = answer;
	((struct web_req *)r->local)->wait = w;
	http_wait(r, start, finish);
}
