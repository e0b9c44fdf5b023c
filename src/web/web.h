/* web.h: the application behind the HTTP server: routes, pages, API, context. */
#ifndef CONVENE_WEB_H
#define CONVENE_WEB_H

#include <stdint.h>

#include "http.h"

struct store;
struct store_pool;
struct html;

enum route {
	ROUTE_HOME,
	ROUTE_EVENT,
	ROUTE_REGISTER_FORM,
	ROUTE_REGISTER,
	ROUTE_TICKET,
	ROUTE_TICKET_ICS,
	ROUTE_TICKET_CANCEL,
	ROUTE_STATIC,
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_API_EVENTS,
	ROUTE_API_EVENT,
	ROUTE_API_SESSION,
	ROUTE_API_REGISTER,
	ROUTE_API_TICKET,
	ROUTE_API_TICKET_CANCEL,
	ROUTE__MAX
};

struct web_ctx {
	struct store_pool	*pool;
	char			 csrf_key[65];	/* hex of 32 random bytes */
	int64_t			(*now)(void);	/* clock, replaceable in tests */
};

/* Fills ctx->csrf_key from the store, creating one on first use. */
int web_ctx_init(struct web_ctx *ctx, struct store *s);

/* Entry point for http_server_start: answers one complete request. */
void web_handle(struct http_req *r);

/* The request's database connection, taken from the pool on first use. */
struct store *web_store(struct http_req *r);
/* Current time from the context's clock. */
int64_t web_now(struct http_req *r);
/* 1 when the request is for the JSON API. */
int web_is_api(struct http_req *r);

/* An error page (or JSON error under /api/) with status and message. */
void web_error(struct http_req *r, int status, const char *msg);
/* A route parameter as a positive id; 0 when it is not one. */
int64_t web_param_id(struct http_req *r, size_t i);
/* 1 when the request may change state: same-origin or no browser hints. */
int web_same_origin(struct http_req *r);
/* The anti-CSRF token for an action on a ticket. */
const char *web_csrf_token(struct http_req *r, const char *action,
    const char *subject);

struct store_session;
struct store_registration;
/* The session of route parameter 0; answers 404/500 itself and returns -1. */
int web_load_session(struct http_req *r, struct store_session *s);
/* The ticket of route parameter 0 and its session; answers 404/500 and returns -1. */
int web_load_ticket(struct http_req *r, struct store_registration *t,
    struct store_session *s);

/* Page and API handlers, one per route. */
void page_home(struct http_req *r);
void page_event(struct http_req *r);
void page_register_form(struct http_req *r);
void page_register(struct http_req *r);
void page_ticket(struct http_req *r);
void page_ticket_ics(struct http_req *r);
void page_ticket_cancel(struct http_req *r);
void page_static(struct http_req *r);
void page_healthz(struct http_req *r);
void page_metrics(struct http_req *r);
void api_events(struct http_req *r);
void api_event(struct http_req *r);
void api_session(struct http_req *r);
void api_register(struct http_req *r);
void api_ticket(struct http_req *r);
void api_ticket_cancel(struct http_req *r);

/* Counters for /metrics. */
enum reg_outcome {
	OUTCOME_CONFIRMED,
	OUTCOME_WAITLISTED,
	OUTCOME_EXISTING,
	OUTCOME_INVALID,
	OUTCOME_CLOSED,
	OUTCOME_ERROR,
	OUTCOME__MAX
};
void metrics_request(int route, int status);
void metrics_registration(enum reg_outcome o);
void metrics_render(struct buf *b);
/* Name of a route for metrics; "none" for -1. */
const char *web_route_name(int route);

#endif
