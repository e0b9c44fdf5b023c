/* web.h: the application behind the HTTP server: routes, pages, API, context. */
#ifndef CONVENE_WEB_H
#define CONVENE_WEB_H

#include "i18n.h"

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "router.h"
#include "jose.h"

struct store;
struct store_pool;
struct sse_hub;
struct feed;
struct html;

struct web_ctx {
	struct store_pool	*pool;
	char			 csrf_key[65];	/* hex of 32 random bytes */
	int64_t			(*now)(void);	/* clock, replaceable in tests */
	int			 behind_tls;	/* cookies get Secure */
	const char		*trusted_proxy;	/* its X-Forwarded-Proto counts */
	const char		*base_url;	/* for printed links; NULL: Host */
	struct jose_key		 cred_key;	/* signs wallet credentials */
	int			 mail;		/* email is delivered (SMTP set up) */
	const char		*from;		/* [smtp] from, or NULL */
	const char		*cors_origins;	/* [site] cors_origins, or NULL */
	/* Set by web_ctx_start: where committed changes are published. */
	struct sse_hub		*hub;
	struct feed		*feed;
};

/* Per-request state of the web layer (http_req.local). */
struct web_req {
	struct store		*store;		/* from the pool, NULL until used */
	struct store_user	*user;		/* signed in, or NULL */
	int			 user_known;	/* user was looked up */
	const char		*session_hash;	/* of the sign-in cookie */
	enum lang		 lang;		/* the page's language */
	int			 lang_chosen;	/* by ?lang= or the cookie */
	void			*wait;		/* the handler's, while http_wait */
};

/* Gives back what the request holds and counts it in the metrics: at the
 * end of web_handle, or of work it deferred (http_defer). */
void web_request_done(struct http_req *r);
/* http_app.waits: 1 when r's route waits for its write without a thread
 * (WEB_WAITS). */
int web_waits(struct http_req *r);

/* Fills ctx->csrf_key and ctx->cred_key from the store, creating each
 * on first use (web_ctx_stop frees the key). */
int web_ctx_init(struct web_ctx *ctx, struct store *s);
struct app;
/* Loads the provider's credential signing key into k, making and storing
 * one (shared by every node) when there is none. 0, or -1. */
int web_credential_key(struct app *app, struct jose_key *k);
/*
 * Once ctx->pool is open and the server runs: committed change events drop
 * cached pages and reach live streams through srv's hub: this node's right
 * after each commit, other nodes' and processes' when NOTIFY wakes a feed
 * thread (its own connection to db), or within a second. 0, or -1.
 */
int web_ctx_start(struct web_ctx *ctx, struct http_server *srv,
    const char *db);
/* The newest change this node has fed to its streams (0: no feed). */
int64_t web_feed_high(struct web_ctx *ctx);
/* A change id such that every change up to it has been fed here (or was
 * rolled back): what a page's list is as of when read after it; -1 with
 * no feed. */
int64_t web_feed_low(struct web_ctx *ctx);
/* Stops the feed thread; before the pool is freed. */
void web_ctx_stop(struct web_ctx *ctx);
/* Stops the feed alone (web_ctx_stop does it too): before the server
 * stops, since the feed publishes to the server's streams. */
void web_feed_stop(struct web_ctx *ctx);
/* The feed itself, for the writer's commit hook (feed.c). */
void web_feed(struct store *s, void *ctx);

struct app;
struct actor;
/* The application layer for this request (its pool, clock and mail). */
struct app *web_app(struct http_req *r);
/* Who is asking: the signed-in staff member, or anonymous. */
const struct actor *web_actor(struct http_req *r);
/* The certificate of a typed code; -1 when not (404 or 500 answered). */
struct store_certificate;
int web_load_certificate(struct http_req *r, const char *typed,
    struct store_certificate *c);
/* For APP_DOOR_CLOSED (409) or APP_BAD_TIME (422 in the API). */
void web_door_refused(struct http_req *r, int rc);
/* For an app outcome: 403 for APP_FORBIDDEN, 404, 500; 1 when it answered. */
int web_app_refused(struct http_req *r, int rc);

/* Entry point for http_server_start: answers one complete request. */
void web_handle(struct http_req *r);

/* The request's database connection, taken from the pool on first use. */
struct store *web_store(struct http_req *r);
/* Current time from the context's clock. */
int64_t web_now(struct http_req *r);
/* 1 when the request is for the JSON API. */
int web_is_api(struct http_req *r);
/* Why the door refuses a check-in or a walk-in outside its hours. */
#define WEB_DOOR_CLOSED N_("The door is not open: check-ins, check-outs and " \
	"walk-ins are recorded from two hours before the session starts " \
	"until two hours after it ends. Anything else is a coordinator's " \
	"correction, with a reason.")
/*
 * The request's language (lang.c): ?lang= (also set as a cookie), the
 * cookie, else Accept-Language. *chosen: 1 when the person chose it, so
 * that a ticket's own language gives way to it.
 */
enum lang web_lang_pick(struct http_req *r, int *chosen);
/* A person's own page (their ticket, their certificate) is in the
 * language they registered in (code), unless the visitor chose one. */
void web_lang_own(struct http_req *r, const char *code);
struct html;
/* The language switch: a link to each page in the other languages. */
void web_lang_switch(struct html *h, struct http_req *r);

/* An error page (or JSON error under /api/) with status and message. */
void web_error(struct http_req *r, int status, const char *msg);
/*
 * Counts one of kind k (enum limit_kind) for the request's client address;
 * past the limit, answers 429 with Retry-After and returns 1. Signed-in
 * staff are not counted when staff_exempt is set.
 */
enum limit_kind;
int web_limited(struct http_req *r, enum limit_kind k, int staff_exempt);
const char *web_limit_message(enum limit_kind k);
/* After a staff write: 500 unless rc is STORE_OK, else 303 to path. */
void web_saved(struct http_req *r, int rc, const char *path);
/* A route parameter as a positive id; 0 when it is not one. */
int64_t web_param_id(struct http_req *r, size_t i);
/* The site's own address for printed links: --base-url, else the Host
 * header (checked), else http://localhost. */
const char *web_base_url(struct http_req *r);
/* The site's host name for calendar UIDs: as the mail sender names it
 * (base URL, else the From domain), else the Host header's. */
const char *web_site_host(struct http_req *r);
struct ics_event;
/* Sets ev's ORGANIZER: the From of the site's mail, else noreply@host. */
void web_ics_organizer(struct http_req *r, struct ics_event *ev);
/* 1 when the request may change state: same-origin or no browser hints. */
int web_same_origin(struct http_req *r);
/* The anti-CSRF token for an action on a ticket. */
const char *web_csrf_token(struct http_req *r, const char *action,
    const char *subject);

struct store_session;
struct store_registration;
/* The session of route parameter 0; answers 404/500 itself and returns -1. */
int web_load_session(struct http_req *r, struct store_session *s);
/* The same for public pages: a draft event's session is not found. With
 * brief, without its counts and perhaps a second old (web_brief), for
 * registering. */
int web_load_public_session(struct http_req *r, struct store_session *s,
    int brief);
/* A session's brief (store_session_brief) as read at most a second ago,
 * and never before a change to sessions, events or places was known
 * (briefs.c). */
int web_brief(struct http_req *r, int64_t id, struct store_session *out);
/* The same for the session of a Q&A join code (upper case, as
 * normalised): STORE_OK, STORE_NOTFOUND or STORE_ERROR. */
int web_brief_by_code(struct http_req *r, const char *code,
    struct store_session *out);
/* Drops every brief kept: sessions, events or places changed. */
void web_briefs_forget(void);
/* 1 when a change of this topic leaves the briefs as they are (it is not
 * of sessions, events or places). */
int web_brief_keeps(const char *topic);
/* The ticket of route parameter 0 and its session; answers 404/500 and returns -1. */
int web_load_ticket(struct http_req *r, struct store_registration *t,
    struct store_session *s);

/* Staff access (auth.c). Roles are bits of enum role. */
#define ACCESS_STAFF 0x100u	/* any signed-in staff member */
/* The staff member behind the request: the sign-in cookie for pages, a
 * bearer token for /api/; NULL when nobody is signed in. */
struct store_user *web_user(struct http_req *r);
/* 1 when the signed-in user holds one of roles (bits of enum role). */
int web_has_role(struct http_req *r, unsigned roles);
/* The anti-CSRF token of the sign-in session, for staff forms. */
const char *web_staff_csrf(struct http_req *r);
/* 1 when a staff form's csrf value matches and the request is same-origin. */
struct http_form;
int web_staff_form_ok(struct http_req *r, const struct http_form *f);
/* Parses a staff form body and checks its token; answers 400/403, returns -1. */
int web_staff_form(struct http_req *r, struct http_form *f);
/* For a may-check result (1 yes, 0 no, -1 failure, -2 no such thing): 1, or
 * answers 403/500/404. */
int web_permit(struct http_req *r, int may);
/* 1 when cookies should carry Secure (--behind-tls, or a trusted proxy's https). */
int web_cookie_secure(struct http_req *r);
/* Starts a sign-in session for user_id and sets its cookie; 0 or -1. */
int web_sign_in(struct http_req *r, int64_t user_id);
/* Ends the current sign-in session and clears its cookie. */
void web_sign_out(struct http_req *r);

/* The session page's form for the approval statements it prints. */
void page_session_approvals_form(struct http_req *r, struct html *h,
    const struct store_session *s);

/* Page and API handlers, one per route. */
void page_staff_certificates(struct http_req *r);
/* The most body bytes a path may send (0: the default): logo uploads. */
size_t web_body_limit(const char *path);
void page_logo(struct http_req *r);
void page_staff_logo(struct http_req *r);
void api_logo_put(struct http_req *r);
void api_logo_delete(struct http_req *r);
void page_ticket_request(struct http_req *r);
void api_ticket_request(struct http_req *r);
void page_staff_certify(struct http_req *r);
void api_certify(struct http_req *r);
void page_staff_provider(struct http_req *r);
void page_staff_approval_add(struct http_req *r);
void page_staff_approval_edit(struct http_req *r);
void page_staff_session_approvals(struct http_req *r);
void api_approvals(struct http_req *r);
void api_approval_add(struct http_req *r);
void api_approval_edit(struct http_req *r);
void api_provider(struct http_req *r);
void api_session_approvals(struct http_req *r);
void api_session_approvals_set(struct http_req *r);
void page_home(struct http_req *r);
void page_event(struct http_req *r);
void page_register_form(struct http_req *r);
void page_register(struct http_req *r);
void page_ticket(struct http_req *r);
void page_ticket_ics(struct http_req *r);
void page_ticket_cancel(struct http_req *r);
void page_static(struct http_req *r);
void page_healthz(struct http_req *r);
void page_robots(struct http_req *r);
void page_readyz(struct http_req *r);
void page_login_form(struct http_req *r);
void page_login(struct http_req *r);
void page_logout(struct http_req *r);
void page_password_form(struct http_req *r);
void page_password(struct http_req *r);
void page_staff_home(struct http_req *r);
void page_staff_event_new_form(struct http_req *r);
void page_staff_event_new(struct http_req *r);
void page_staff_event_form(struct http_req *r);
void page_staff_event_edit(struct http_req *r);
void page_staff_event_duplicate(struct http_req *r);
void page_staff_event_publish(struct http_req *r);
/* page_revoke.c */
void page_staff_cert_settings(struct http_req *r);
void page_staff_certificate_revoke(struct http_req *r);
void api_certificate_revoke(struct http_req *r);
/* credential.c */
void api_credential(struct http_req *r);
void page_ticket_credential(struct http_req *r);
void api_jwks(struct http_req *r);
void api_revocations(struct http_req *r);
void page_staff_session_new_form(struct http_req *r);
void page_staff_session_new(struct http_req *r);
void page_staff_session_form(struct http_req *r);
void page_staff_session_edit(struct http_req *r);
void page_staff_roster(struct http_req *r);
void page_staff_roster_csv(struct http_req *r);
void page_staff_walkin(struct http_req *r);
void page_staff_registration(struct http_req *r);
void page_staff_places(struct http_req *r);
void page_staff_place_add(struct http_req *r);
void page_staff_users(struct http_req *r);
void page_staff_user_add(struct http_req *r);
void page_staff_user_edit(struct http_req *r);
void page_staff_user_password(struct http_req *r);
void page_staff_token_revoke(struct http_req *r);
void page_staff_audit(struct http_req *r);
void page_staff_door(struct http_req *r);
void page_staff_door_check(struct http_req *r);
void page_staff_door_count(struct http_req *r);
void page_staff_times(struct http_req *r);
void page_staff_close(struct http_req *r);
void api_checkin(struct http_req *r);
void page_certificate_pdf(struct http_req *r);
void page_verify_form(struct http_req *r);
void page_verify(struct http_req *r);
void api_certificate(struct http_req *r);
void page_staff_signin_pdf(struct http_req *r);
void page_qa_join(struct http_req *r);
/* The join form again, 404, for a page asked with a code of no Q&A. */
void page_qa_join_unknown(struct http_req *r, const char *typed);
void page_qa(struct http_req *r);
void page_qa_ask(struct http_req *r);
void page_qa_vote(struct http_req *r);
void page_qa_withdraw(struct http_req *r);
void page_qa_present(struct http_req *r);
void page_staff_qa(struct http_req *r);
void page_staff_qa_action(struct http_req *r);
void page_staff_qa_mode(struct http_req *r);
void page_staff_qa_opens(struct http_req *r);
void page_staff_reports_pdf(struct http_req *r);
void page_staff_funders(struct http_req *r);
void page_staff_funders_save(struct http_req *r);
/* The report of rg as a PDF into out (the page and convene report share
 * it): org reports, period and filters (or NULL) in words, sectors under a
 * funder's names[sector] (names or an entry NULL: convene's), made at now.
 * 0, or -1 on a database or drawing failure. */
struct store_range;
int report_pdf_make(struct store *s, struct arena *a,
    const struct store_range *rg, const char *org, const char *period,
    const char *filters, const char *const *names, int64_t now,
    struct buf *out);
void page_staff_qa_stream(struct http_req *r);
void page_staff_qa_csv(struct http_req *r);
void page_staff_reports(struct http_req *r);
void page_tour(struct http_req *r);
void page_ticket_form(struct http_req *r);
void page_ticket_form_send(struct http_req *r);
void page_staff_form(struct http_req *r);
void page_staff_form_add(struct http_req *r);
void page_staff_form_delete(struct http_req *r);
/* The knowledge check and evaluation part of a ticket page. */
void page_ticket_forms(struct http_req *r, struct html *h,
    const struct store_registration *g, const struct store_session *s);
void page_staff_tour(struct http_req *r);
void page_staff_tour_gap(struct http_req *r);
void page_calendar(struct http_req *r);
void page_calendar_ics(struct http_req *r);
void page_staff_reports_csv(struct http_req *r);
void api_report_trained(struct http_req *r);
void api_qa(struct http_req *r);
void api_qa_ask(struct http_req *r);
void api_qa_vote(struct http_req *r);
void api_qa_withdraw(struct http_req *r);
void api_qa_stream(struct http_req *r);
void api_qa_moderate(struct http_req *r);
struct html;
/* The certificate section of a ticket page. */
void page_ticket_certificate(struct http_req *r, struct html *h,
    const struct store_registration *g, const struct store_session *s);
void api_event_add(struct http_req *r);
void api_event_edit(struct http_req *r);
void api_event_duplicate(struct http_req *r);
void api_session_add(struct http_req *r);
void api_session_edit(struct http_req *r);
void api_roster(struct http_req *r);
void api_walkin(struct http_req *r);
void api_registration_action(struct http_req *r);
void api_list(struct http_req *r);
void api_list_add(struct http_req *r);
void api_users(struct http_req *r);
void api_user_add(struct http_req *r);
void api_user_edit(struct http_req *r);
void api_token_revoke(struct http_req *r);
void api_audit(struct http_req *r);
void page_metrics(struct http_req *r);
void api_events(struct http_req *r);
void api_event(struct http_req *r);
void api_session(struct http_req *r);
void api_register(struct http_req *r);
void api_ticket(struct http_req *r);
void api_ticket_cancel(struct http_req *r);

/*
 * A route, all its facts in one row of the table in routes.c. roles is 0
 * for everyone, else ACCESS_STAFF or the role bits that may use it.
 */
struct web_route {
	struct http_route	 http;		/* method, pattern, handler, name */
	unsigned		 roles;
	unsigned		 flags;		/* WEB_CACHED, WEB_CORS */
};
#define WEB_CACHED	0x1	/* same bytes for everyone: cache.c serves it */
#define WEB_CORS	0x2	/* the pages of [site] cors_origins may call it */
#define WEB_WAITS	0x4	/* handled on a request thread; http_wait */

/* The route table, for metrics and for tests that try every route. */
size_t web_route_count(void);
/* Row i of the table; NULL past its end. */
const struct web_route *web_route(size_t i);

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
void metrics_render(struct buf *b, size_t streams);
/* Name of a route for metrics; "none" for -1. */
const char *web_route_name(int route);

#endif
