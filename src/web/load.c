/* load.c: loading what a route names, answering 404 or 500 when it cannot. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "web.h"

/* A session of route parameter 0, with or without its counts. */
static int
load_session(struct http_req *r, struct store_session *s, int brief)
{
	int64_t id = web_param_id(r, 0);
	int rc;

	if (id == 0 || (rc = brief ? web_brief(r, id, s) :
	    store_session_get(web_store(r), r->arena, id, s)) ==
	    STORE_NOTFOUND) {
		web_error(r, 404, "Session not found");
		return -1;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return 0;
}

/* See web.h. */
int
web_load_session(struct http_req *r, struct store_session *s)
{
	return load_session(r, s, 0);
}

/* See web.h. */
int
web_load_public_session(struct http_req *r, struct store_session *s,
    int brief)
{
	if (load_session(r, s, brief) == -1)
		return -1;
	if (!s->event_published) {
		web_error(r, 404, "Session not found");
		return -1;
	}
	return 0;
}

/* See web.h. */
int
web_load_ticket(struct http_req *r, struct store_registration *t,
    struct store_session *s)
{
	const char *secret = r->nparams ? r->params[0] : "";
	int rc;

	/* The code as printed ("YDQ3-PWS6-...") works as well as the link. */
	if (strlen(secret) <= 64)
		secret = token_normalise(r->arena, secret);
	if (strlen(secret) > 64 ||
	    (rc = store_ticket_get(web_store(r), r->arena, secret, t)) ==
	    STORE_NOTFOUND) {
		web_error(r, 404, "Ticket not found");
		return -1;
	}
	if (rc == STORE_OK)
		rc = store_session_get(web_store(r), r->arena, t->session_id, s);
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	web_lang_own(r, t->lang);
	return 0;
}
