/* routes.c: the route table, dispatch, security headers and error responses. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "core.h"
#include "http.h"
#include "router.h"
#include "store.h"
#include "html.h"
#include "cache.h"
#include "layout.h"
#include "app.h"
#include "web.h"

#define C ROLE_BIT(ROLE_COORDINATOR)
#define P ROLE_BIT(ROLE_PARTNER)
#define M ROLE_BIT(ROLE_MODERATOR)
#define D ROLE_BIT(ROLE_DOOR)
#define ANYONE	 0u		/* no sign-in needed */
#define STAFF	 ACCESS_STAFF	/* any signed-in staff member */
#define CACHED	 WEB_CACHED	/* same bytes for everyone: cache.c serves it */
#define UNCACHED 0
/* Readable from the pages of [site] cors_origins: public, and no cookie is
 * read or set (a cookie's routes keep their same-origin checks). */
#define CORS	 WEB_CORS
/* The busiest writes, registering: read and checked where they arrive,
 * then they wait for their commit holding no thread (reg_wait.c). */
#define WAITS	 WEB_WAITS

/*
 * Every route, one row each: method, pattern, handler, metric name, who may
 * use it and whether its page is cached. A partner's routes also check, in
 * the handler, that the event is its organisation's. The row's index is
 * r->route.
 */
static const struct web_route routes[] = {
	{ { HTTP_GET, "/", page_home, "home" }, ANYONE, CACHED },
	{ { HTTP_GET, "/events/{}", page_event, "event" }, ANYONE, CACHED },
	{ { HTTP_GET, "/sessions/{}/register", page_register_form,
	    "register_form" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/sessions/{}/register", page_register,
	    "register" }, ANYONE, UNCACHED | WAITS },
	{ { HTTP_GET, "/tickets/{}", page_ticket,
	    "ticket" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/tickets/{}/session.ics", page_ticket_ics,
	    "ticket_ics" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/tickets/{}/cancel", page_ticket_cancel,
	    "ticket_cancel" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/static/{}", page_static, "static" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/healthz", page_healthz, "healthz" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/readyz", page_readyz, "readyz" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/robots.txt", page_robots, "robots" }, ANYONE, CACHED },
	{ { HTTP_GET, "/metrics", page_metrics, "metrics" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/api/v1/events", api_events,
	    "api_events" }, ANYONE, CACHED | CORS },
	{ { HTTP_GET, "/api/v1/events/{}", api_event,
	    "api_event" }, ANYONE, CACHED | CORS },
	{ { HTTP_GET, "/api/v1/sessions/{}", api_session,
	    "api_session" }, ANYONE, CACHED | CORS },
	{ { HTTP_POST, "/api/v1/sessions/{}/registrations", api_register,
	    "api_register" }, ANYONE, UNCACHED | CORS | WAITS },
	{ { HTTP_GET, "/api/v1/tickets/{}", api_ticket,
	    "api_ticket" }, ANYONE, UNCACHED | CORS },
	{ { HTTP_DELETE, "/api/v1/tickets/{}", api_ticket_cancel,
	    "api_ticket_cancel" }, ANYONE, UNCACHED | CORS },
	{ { HTTP_GET, "/staff/login", page_login_form,
	    "login_form" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/staff/login", page_login,
	    "login" }, ANYONE, UNCACHED },
	/* Signed-in: its CSRF token is the sign-in session's. */
	{ { HTTP_POST, "/staff/logout", page_logout,
	    "logout" }, STAFF, UNCACHED },
	{ { HTTP_GET, "/staff/password", page_password_form,
	    "password_form" }, STAFF, UNCACHED },
	{ { HTTP_POST, "/staff/password", page_password,
	    "password" }, STAFF, UNCACHED },
	{ { HTTP_GET, "/staff", page_staff_home,
	    "staff_home" }, STAFF, UNCACHED },
	{ { HTTP_GET, "/staff/events/new", page_staff_event_new_form,
	    "staff_event_new_form" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/events", page_staff_event_new,
	    "staff_event_new" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/events/{}", page_staff_event_form,
	    "staff_event_form" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/events/{}", page_staff_event_edit,
	    "staff_event_edit" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/events/{}/duplicate", page_staff_event_duplicate,
	    "staff_event_duplicate" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/events/{}/publish", page_staff_event_publish,
	    "staff_event_publish" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/certificates", page_staff_certificates,
	    "staff_certificates" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/certificates/{}/revoke",
	    page_staff_certificate_revoke, "staff_certificate_revoke" }, C,
	    UNCACHED },
	{ { HTTP_POST, "/api/v1/certificates/{}/revocation",
	    api_certificate_revoke, "api_certificate_revoke" }, C, UNCACHED },
	{ { HTTP_GET, "/api/v1/certificates/{}/credential", api_credential,
	    "api_credential" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/.well-known/jwks.json", api_jwks, "jwks" }, ANYONE,
	    UNCACHED },
	{ { HTTP_GET, "/tickets/{}/credential.jwt", page_ticket_credential,
	    "ticket_credential" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/api/v1/credentials/revocations", api_revocations,
	    "api_revocations" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/staff/events/{}/sessions/new",
	    page_staff_session_new_form, "staff_session_new_form" }, C | P,
	    UNCACHED },
	{ { HTTP_POST, "/staff/events/{}/sessions", page_staff_session_new,
	    "staff_session_new" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/sessions/{}", page_staff_session_form,
	    "staff_session_form" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}", page_staff_session_edit,
	    "staff_session_edit" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/sessions/{}/registrations", page_staff_roster,
	    "staff_roster" }, C | P | D, UNCACHED },
	{ { HTTP_GET, "/staff/sessions/{}/registrations.csv",
	    page_staff_roster_csv, "staff_roster_csv" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/walkins", page_staff_walkin,
	    "staff_walkin" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/staff/registrations/{}/{}", page_staff_registration,
	    "staff_registration" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/places", page_staff_places,
	    "staff_places" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/places/{}", page_staff_place_add,
	    "staff_place_add" }, C, UNCACHED },
	{ { HTTP_GET, "/staff/users", page_staff_users,
	    "staff_users" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/users", page_staff_user_add,
	    "staff_user_add" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/users/{}", page_staff_user_edit,
	    "staff_user_edit" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/users/{}/password", page_staff_user_password,
	    "staff_user_password" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/tokens/{}/revoke", page_staff_token_revoke,
	    "staff_token_revoke" }, C, UNCACHED },
	{ { HTTP_GET, "/staff/audit", page_staff_audit,
	    "staff_audit" }, C, UNCACHED },
	{ { HTTP_POST, "/api/v1/events", api_event_add,
	    "api_event_add" }, C | P, UNCACHED },
	{ { HTTP_PATCH, "/api/v1/events/{}", api_event_edit,
	    "api_event_edit" }, C | P, UNCACHED },
	{ { HTTP_POST, "/api/v1/events/{}/duplicate", api_event_duplicate,
	    "api_event_duplicate" }, C | P, UNCACHED },
	{ { HTTP_POST, "/api/v1/events/{}/sessions", api_session_add,
	    "api_session_add" }, C | P, UNCACHED },
	{ { HTTP_PATCH, "/api/v1/sessions/{}", api_session_edit,
	    "api_session_edit" }, C | P, UNCACHED },
	{ { HTTP_GET, "/api/v1/sessions/{}/registrations", api_roster,
	    "api_roster" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/api/v1/sessions/{}/walkins", api_walkin,
	    "api_walkin" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/api/v1/registrations/{}/{}", api_registration_action,
	    "api_registration_action" }, C | P, UNCACHED },
	{ { HTTP_GET, "/api/v1/lists/{}", api_list,
	    "api_list" }, C | P, UNCACHED },
	{ { HTTP_POST, "/api/v1/lists/{}", api_list_add,
	    "api_list_add" }, C, UNCACHED },
	{ { HTTP_GET, "/api/v1/users", api_users, "api_users" }, C, UNCACHED },
	{ { HTTP_POST, "/api/v1/users", api_user_add,
	    "api_user_add" }, C, UNCACHED },
	{ { HTTP_PATCH, "/api/v1/users/{}", api_user_edit,
	    "api_user_edit" }, C, UNCACHED },
	{ { HTTP_DELETE, "/api/v1/tokens/{}", api_token_revoke,
	    "api_token_revoke" }, C, UNCACHED },
	{ { HTTP_GET, "/api/v1/audit", api_audit, "api_audit" }, C, UNCACHED },
	{ { HTTP_GET, "/staff/door/{}", page_staff_door,
	    "staff_door" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/staff/door/{}/check", page_staff_door_check,
	    "staff_door_check" }, C | P | D, UNCACHED },
	{ { HTTP_GET, "/staff/door/{}/count", page_staff_door_count,
	    "staff_door_count" }, C | P | D, UNCACHED },
	{ { HTTP_POST, "/staff/registrations/{}/times", page_staff_times,
	    "staff_times" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/close", page_staff_close,
	    "staff_close" }, C | P, UNCACHED },
	{ { HTTP_POST, "/api/v1/checkins", api_checkin,
	    "api_checkin" }, C | D, UNCACHED },
	{ { HTTP_GET, "/tickets/{}/certificate.pdf", page_certificate_pdf,
	    "certificate_pdf" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/verify", page_verify_form,
	    "verify_form" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/verify/{}", page_verify, "verify" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/api/v1/certificates/{}", api_certificate,
	    "api_certificate" }, ANYONE, UNCACHED | CORS },
	{ { HTTP_GET, "/staff/sessions/{}/signin.pdf", page_staff_signin_pdf,
	    "staff_signin_pdf" }, C | P | D, UNCACHED },
	{ { HTTP_GET, "/qa", page_qa_join, "qa_join" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/qa/{}", page_qa, "qa" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/qa/{}/questions", page_qa_ask,
	    "qa_ask" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/qa/{}/questions/{}/vote", page_qa_vote,
	    "qa_vote" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/qa/{}/questions/{}/withdraw", page_qa_withdraw,
	    "qa_withdraw" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/qa/{}/present", page_qa_present,
	    "qa_present" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/staff/qa/{}", page_staff_qa,
	    "staff_qa" }, C | M, UNCACHED },
	{ { HTTP_POST, "/staff/qa/{}/questions/{}", page_staff_qa_action,
	    "staff_qa_action" }, C | M, UNCACHED },
	{ { HTTP_POST, "/staff/qa/{}/mode", page_staff_qa_mode,
	    "staff_qa_mode" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/qa/{}/opens", page_staff_qa_opens,
	    "staff_qa_opens" }, C, UNCACHED },
	{ { HTTP_GET, "/staff/qa/{}/stream", page_staff_qa_stream,
	    "staff_qa_stream" }, C | M, UNCACHED },
	{ { HTTP_GET, "/staff/qa/{}/questions.csv", page_staff_qa_csv,
	    "staff_qa_csv" }, C | M, UNCACHED },
	{ { HTTP_GET, "/api/v1/qa/{}", api_qa, "api_qa" }, ANYONE,
	    UNCACHED | CORS },
	{ { HTTP_POST, "/api/v1/qa/{}/questions", api_qa_ask,
	    "api_qa_ask" }, ANYONE, UNCACHED },
	{ { HTTP_DELETE, "/api/v1/questions/{}", api_qa_withdraw,
	    "api_qa_withdraw" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/api/v1/questions/{}/vote", api_qa_vote,
	    "api_qa_vote" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/api/v1/qa/{}/stream", api_qa_stream,
	    "api_qa_stream" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/api/v1/questions/{}/moderation", api_qa_moderate,
	    "api_qa_moderate" }, C | M, UNCACHED },
	{ { HTTP_GET, "/staff/reports", page_staff_reports,
	    "staff_reports" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/reports.csv", page_staff_reports_csv,
	    "staff_reports_csv" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/reports.pdf", page_staff_reports_pdf,
	    "staff_reports_pdf" }, C | P, UNCACHED },
	{ { HTTP_GET, "/staff/funders", page_staff_funders, "staff_funders" },
	    C, UNCACHED },
	{ { HTTP_POST, "/staff/funders", page_staff_funders_save,
	    "staff_funders_save" }, C, UNCACHED },
	{ { HTTP_GET, "/api/v1/reports/trained", api_report_trained,
	    "api_report_trained" }, C | P, UNCACHED },
	{ { HTTP_GET, "/tours/{}", page_tour, "tour" }, ANYONE, CACHED },
	{ { HTTP_GET, "/staff/tours/{}", page_staff_tour,
	    "staff_tour" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/tours/{}/gap", page_staff_tour_gap,
	    "staff_tour_gap" }, C, UNCACHED },
	{ { HTTP_GET, "/calendar", page_calendar,
	    "calendar" }, ANYONE, CACHED },
	{ { HTTP_GET, "/calendar.ics", page_calendar_ics,
	    "calendar_ics" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/tickets/{}/forms/{}", page_ticket_form,
	    "ticket_form" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/tickets/{}/forms/{}", page_ticket_form_send,
	    "ticket_form_send" }, ANYONE, UNCACHED },
	{ { HTTP_GET, "/staff/sessions/{}/forms/{}", page_staff_form,
	    "staff_form" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/forms/{}", page_staff_form_add,
	    "staff_form_add" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/forms/{}/delete",
	    page_staff_form_delete, "staff_form_delete" }, C | P, UNCACHED },
	{ { HTTP_POST, "/staff/places/{}/{}", page_staff_place_add,
	    "staff_place_edit" }, C, UNCACHED },
	{ { HTTP_PATCH, "/api/v1/lists/{}/{}", api_list_add,
	    "api_list_edit" }, C, UNCACHED },
	{ { HTTP_POST, "/sessions/{}/ticket-request", page_ticket_request,
	    "ticket_request" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/api/v1/sessions/{}/ticket-requests",
	    api_ticket_request, "api_ticket_request" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/certify", page_staff_certify,
	    "staff_certify" }, C, UNCACHED },
	{ { HTTP_POST, "/api/v1/sessions/{}/certificates", api_certify,
	    "api_certify" }, C, UNCACHED },
	{ { HTTP_GET, "/logo", page_logo, "logo" }, ANYONE, UNCACHED },
	{ { HTTP_POST, "/staff/certificates/logo", page_staff_logo,
	    "staff_logo" }, C, UNCACHED },
	{ { HTTP_PUT, "/api/v1/provider/logo", api_logo_put,
	    "api_logo_put" }, C, UNCACHED },
	{ { HTTP_DELETE, "/api/v1/provider/logo", api_logo_delete,
	    "api_logo_delete" }, C, UNCACHED },
	{ { HTTP_GET, "/staff/certificates/settings", page_staff_cert_settings,
	    "staff_cert_settings" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/certificates/provider", page_staff_provider,
	    "staff_provider" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/approvals", page_staff_approval_add,
	    "staff_approval_add" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/approvals/{}", page_staff_approval_edit,
	    "staff_approval_edit" }, C, UNCACHED },
	{ { HTTP_POST, "/staff/sessions/{}/approvals",
	    page_staff_session_approvals, "staff_session_approvals" }, C | P,
	    UNCACHED },
	{ { HTTP_GET, "/api/v1/approvals", api_approvals,
	    "api_approvals" }, C | P, UNCACHED },
	{ { HTTP_POST, "/api/v1/approvals", api_approval_add,
	    "api_approval_add" }, C, UNCACHED },
	{ { HTTP_PATCH, "/api/v1/approvals/{}", api_approval_edit,
	    "api_approval_edit" }, C, UNCACHED },
	{ { HTTP_PUT, "/api/v1/provider", api_provider,
	    "api_provider" }, C, UNCACHED },
	{ { HTTP_GET, "/api/v1/sessions/{}/approvals", api_session_approvals,
	    "api_session_approvals" }, C | P, UNCACHED },
	{ { HTTP_PUT, "/api/v1/sessions/{}/approvals",
	    api_session_approvals_set, "api_session_approvals_set" }, C | P,
	    UNCACHED },
};

/* See web.h. */
size_t
web_route_count(void)
{
	return ARRAY_LEN(routes);
}

/* See web.h. */
const struct web_route *
web_route(size_t i)
{
	return i < ARRAY_LEN(routes) ? &routes[i] : NULL;
}

/* See web.h. */
const char *
web_route_name(int route)
{
	if (route < 0 || (size_t)route >= ARRAY_LEN(routes))
		return "none";
	return routes[route].http.name;
}

static void
security_headers(struct http_req *r)
{
	http_set_header(r, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
	    "frame-ancestors 'none'; base-uri 'none'");
	http_set_header(r, "X-Content-Type-Options", "nosniff");
	http_set_header(r, "Referrer-Policy", "no-referrer");
	http_set_header(r, "X-Frame-Options", "DENY");
	http_set_header(r, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

/* 1 when [site] cors_origins lets the page at origin call us ("*": any). */
static int
cors_allowed(struct http_req *r, const char *origin, int *any)
{
	struct web_ctx *ctx = r->app;
	const char *p = ctx->cors_origins;
	size_t n, len;

	*any = 0;
	if (p == NULL || origin == NULL || *origin == '\0')
		return 0;
	n = strlen(origin);
	while (*(p += strspn(p, " ,")) != '\0') {
		len = strcspn(p, " ,");
		if (len == 1 && *p == '*')
			return *any = 1;
		if (len == n && strncasecmp(p, origin, n) == 0)
			return 1;
		p += len;
	}
	return 0;
}

/*
 * The answer of a CORS route to an allowed origin says so; never with
 * credentials: these routes read no cookie, and the others say nothing.
 */
static void
cors_headers(struct http_req *r)
{
	const char *origin = http_header(r, "Origin");
	int any;

	if (r->route < 0 || !(routes[r->route].flags & WEB_CORS))
		return;
	http_set_header(r, "Vary", "Origin");
	if (!cors_allowed(r, origin, &any))
		return;
	http_set_header(r, "Access-Control-Allow-Origin", any ? "*" : origin);
	http_set_header(r, "Access-Control-Expose-Headers", "Retry-After");
}

/*
 * OPTIONS: a browser's preflight (Access-Control-Request-Method) is
 * answered 204 for a CORS route and an allowed origin, 403 otherwise;
 * without one, 204 with the methods the path has.
 */
static void
options(struct http_req *r, const struct http_route *first, size_t n,
    size_t stride)
{
	const char *want = http_header(r, "Access-Control-Request-Method");
	const char *origin = http_header(r, "Origin");
	char allow[64] = "", cors[64] = "";
	int m, want_ok = 0, any;

	security_headers(r);
	for (m = HTTP_GET; m < HTTP_OPTIONS; m++) {
		if (m == HTTP_HEAD)
			continue;
		r->method = (enum http_method)m;
		if (http_route_find(first, n, stride, r) != ROUTE_FOUND)
			continue;
		snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow),
		    "%s%s", *allow ? ", " : "", http_method_names[m]);
		if (m == HTTP_GET)
			strcat(allow, ", HEAD");
		if (!(routes[r->route].flags & WEB_CORS))
			continue;
		snprintf(cors + strlen(cors), sizeof(cors) - strlen(cors),
		    "%s%s", *cors ? ", " : "", http_method_names[m]);
		if (want != NULL && strcmp(want, http_method_names[m]) == 0)
			want_ok = 1;
	}
	r->method = HTTP_OPTIONS;
	r->route = -1;
	r->nparams = 0;
	if (*allow == '\0') {
		web_error(r, 404, "Page not found");
		return;
	}
	if (want == NULL) {
		http_set_header(r, "Allow", arena_printf(r->arena,
		    "%s, OPTIONS", allow));
		r->status = 204;
		return;
	}
	http_set_header(r, "Vary", "Origin");
	if (!want_ok || !cors_allowed(r, origin, &any)) {
		web_error(r, 403, "Other sites may not call this here");
		return;
	}
	http_set_header(r, "Access-Control-Allow-Origin", any ? "*" : origin);
	http_set_header(r, "Access-Control-Allow-Methods",
	    arena_strdup(r->arena, cors));
	http_set_header(r, "Access-Control-Allow-Headers", "Content-Type");
	http_set_header(r, "Access-Control-Max-Age", "600");
	r->status = 204;
}

/* 1 for /api/ paths. */
int
web_is_api(struct http_req *r)
{
	return strncmp(r->path, "/api/", 5) == 0;
}

/* See web.h. */
void
web_error(struct http_req *r, int status, const char *msg)
{
	struct html h = { &r->out };

	/* A database server that cannot be reached is an outage, not a bug:
	 * say so, and when to come back. */
	if (status == 500 && store_unavailable()) {
		status = 503;
		msg = N_("The database cannot be reached just now; nothing "
		    "was changed. Please try again in a minute.");
		http_set_header(r, "Retry-After", "30");
	}
	/* Callers pass English literals (an xgettext keyword, see the
	 * Makefile) or text already translated, which gettext leaves be. */
	if (msg != NULL && *msg != '\0')
		msg = gettext(msg);
	buf_reset(&r->out);
	r->status = status;
	if (web_is_api(r)) {
		json_t *j = json_pack("{s:s}", "error", msg);
		char *s = json_dumps(j, JSON_COMPACT);

		r->content_type = "application/json";
		buf_puts(&r->out, s ? s : "{}");
		buf_putc(&r->out, '\n');
		free(s);
		json_decref(j);
		return;
	}
	r->content_type = "text/html; charset=utf-8";
	layout_begin(&h, r, msg);
	html_lit(&h, "<h1>");
	html_text(&h, msg);
	html_lit(&h, "</h1>\n<p><a href=\"/\">");
	html_t(&h, "See upcoming events");
	html_lit(&h, "</a></p>\n");
	layout_end(&h);
}

/* See web.h. */
void
web_saved(struct http_req *r, int rc, const char *path)
{
	const char *hash;

	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; nothing "
		    "was saved");
		return;
	}
	/* The page says "Saved." (layout_staff_begin), but not a live
	 * moderation queue, whose state is the page itself. */
	if (strncmp(path, "/staff/qa/", 10) == 0) {
		http_redirect(r, path);
		return;
	}
	hash = strchr(path, '#');
	http_redirect(r, arena_printf(r->arena, "%.*s%ssaved=1%s",
	    (int)(hash ? hash - path : (long)strlen(path)), path,
	    strchr(path, '?') ? "&" : "?", hash ? hash : ""));
}

/* Takes a connection from the pool on first use; web_handle gives it back. */
struct store *
web_store(struct http_req *r)
{
	struct web_ctx *ctx = r->app;
	struct web_req *w = r->local;

	if (w->store == NULL)
		w->store = store_pool_get(ctx->pool);
	return w->store;
}

/* Refuses a request the route's access rule does not allow; 1 when refused. */
static int
refused(struct http_req *r)
{
	unsigned need = routes[r->route].roles;
	struct store_user *u;

	if (need == 0)
		return 0;
	if ((u = web_user(r)) == NULL) {
		if (web_is_api(r)) {
			http_set_header(r, "WWW-Authenticate", "Bearer");
			web_error(r, 401, "Sign in with an API token "
			    "(Authorization: Bearer TOKEN)");
		} else
			http_redirect(r, arena_printf(r->arena,
			    "/staff/login?next=%s", r->path));
		return 1;
	}
	if (!(need & ACCESS_STAFF) && !(u->roles & need)) {
		web_error(r, 403, "Your role does not allow this");
		return 1;
	}
	return 0;
}

/* The context's clock. */
int64_t
web_now(struct http_req *r)
{
	struct web_ctx *ctx = r->app;

	return ctx->now ? ctx->now() : now_utc();
}

/* Parses route parameter i as an id in 1..2^53. */
int64_t
web_param_id(struct http_req *r, size_t i)
{
	const char *p;
	int64_t v = 0;

	if (i >= r->nparams)
		return 0;
	for (p = r->params[i]; *p; p++) {
		if (*p < '0' || *p > '9' || v > 900719925474099LL)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return p == r->params[i] ? 0 : v;
}

/*
 * Refuses cross-site state changes. Browsers send Sec-Fetch-Site, which a
 * page cannot forge; it decides when present. Under our no-referrer policy
 * Chromium sends "Origin: null" even for same-origin forms, so Origin is
 * only the fallback for older browsers. Requests with neither come from
 * programs, not from a victim's browser.
 */
int
web_same_origin(struct http_req *r)
{
	const char *site = http_header(r, "Sec-Fetch-Site");
	const char *origin = http_header(r, "Origin");
	const char *host = http_header(r, "Host");
	const char *o;

	if (site != NULL)
		return strcmp(site, "same-origin") == 0 ||
		    strcmp(site, "none") == 0;
	if (origin == NULL)
		return 1;
	if (strcmp(origin, "null") == 0 || host == NULL)
		return 0;
	o = strstr(origin, "://");
	return o != NULL && strcmp(o + 3, host) == 0;
}

/* Keyed hash of action and subject: the hidden token of a form. */
const char *
web_csrf_token(struct http_req *r, const char *action, const char *subject)
{
	struct web_ctx *ctx = r->app;
	unsigned char mac[16];
	char *hex = arena_alloc(r->arena, sizeof(mac) * 2 + 1);
	crypto_generichash_state st;

	crypto_generichash_init(&st, (const unsigned char *)ctx->csrf_key,
	    strlen(ctx->csrf_key), sizeof(mac));
	crypto_generichash_update(&st, (const unsigned char *)action,
	    strlen(action) + 1);
	crypto_generichash_update(&st, (const unsigned char *)subject,
	    strlen(subject));
	crypto_generichash_final(&st, mac, sizeof(mac));
	sodium_bin2hex(hex, sizeof(mac) * 2 + 1, mac, sizeof(mac));
	return hex;
}

static void web_release(struct http_req *r);

/* Loads or creates the secret behind form tokens. */
int
web_ctx_init(struct web_ctx *ctx, struct store *s)
{
	struct app app = { NULL, s, ctx->now, ctx->mail };
	struct arena *a = arena_new();
	unsigned char key[32];
	char fresh[65], *v = NULL;
	int rc;

	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(fresh, sizeof(fresh), key, sizeof(key));
	rc = app_key(&app, a, "csrf_key", fresh, &v);
	if (rc == STORE_OK && v != NULL && strlen(v) < sizeof(ctx->csrf_key))
		strcpy(ctx->csrf_key, v);
	else
		rc = STORE_ERROR;
	arena_free(a);
	if (rc == STORE_OK && ctx->cred_key.pkey == NULL &&
	    web_credential_key(&app, &ctx->cred_key) == -1)
		rc = STORE_ERROR;
	return rc == STORE_OK ? 0 : -1;
}

/*
 * Pages come in the language of Accept-Language or the lang cookie: a
 * shared cache must keep them apart (Origin too, for the CORS routes).
 */
static void
vary(struct http_req *r)
{
	int cors = r->route >= 0 && (routes[r->route].flags & WEB_CORS);

	http_set_header(r, "Vary", cors ? "Origin, Accept-Language, Cookie" :
	    "Accept-Language, Cookie");
}

static void
dispatch(struct http_req *r, enum route_match m)
{
	security_headers(r);
	if (m == ROUTE_FOUND)
		cors_headers(r);
	vary(r);
	r->content_type = "text/html; charset=utf-8";
	if (r->method == HTTP_METHOD__MAX) {
		web_error(r, 405, "Method not allowed");
		return;
	}
	if (m == ROUTE_NOT_FOUND) {
		web_error(r, 404, "Page not found");
		return;
	}
	if (m == ROUTE_BAD_METHOD) {
		web_error(r, 405, "Method not allowed");
		return;
	}
	if (r->bad_framing) {
		web_error(r, 400, "The request gives its length twice, or two "
		    "ways");
		return;
	}
	if (r->body_too_large) {
		web_error(r, 413, "The request is too large");
		return;
	}
	if (refused(r))
		return;
	if (strncmp(r->path, "/staff", 6) == 0)
		http_set_header(r, "Cache-Control", "no-store");
	routes[r->route].http.fn(r);
}

/* Handles one complete request, through the page cache where it may. */
void
web_handle(struct http_req *r)
{
	uint64_t gen = cache_generation();
	/* A write's route was found already, when web_waits was asked. */
	enum route_match m = r->route >= 0 ? ROUTE_FOUND :
	    http_route_find(&routes[0].http, ARRAY_LEN(routes),
	    sizeof(routes[0]), r);
	struct web_req *w = arena_alloc(r->arena, sizeof(*w));
	const char *key = NULL;
	int cache = 0;

	memset(w, 0, sizeof(*w));
	r->local = w;
	/* Every thread serves every language: this request's is set here. */
	w->lang = web_lang_pick(r, &w->lang_chosen);
	i18n_set(w->lang);
	if (r->method == HTTP_OPTIONS) {
		options(r, &routes[0].http, ARRAY_LEN(routes), sizeof(routes[0]));
		metrics_request(r->route, r->status);
		return;
	}
	/* A query string could change the page: only bare paths are cached. */
	if ((r->method == HTTP_GET || r->method == HTTP_HEAD) &&
	    m == ROUTE_FOUND && (routes[r->route].flags & WEB_CACHED) &&
	    !r->body_too_large && http_query_count(r) == 0) {
		const char *ctype;

		key = arena_printf(r->arena, "%s:%s", i18n_code(i18n_get()),
		    r->path);
		if (cache_get(key, &r->out, &ctype) == 0) {
			security_headers(r);
			cors_headers(r);
			vary(r);
			r->content_type = ctype;
			metrics_request(r->route, r->status);
			return;
		}
		cache = 1;
	}
	dispatch(r, m);
	if (cache && r->status == 200)
		cache_put(key, r->out.data, r->out.len, r->content_type,
		    gen);
	/* Finished on the slow lane, or once its write is durable: it gives
	 * back and counts. */
	if (r->deferred != NULL || r->wait_start != NULL) {
		web_release(r);
		return;
	}
	web_request_done(r);
}

/* See web.h. */
int
web_waits(struct http_req *r)
{
	return http_route_find(&routes[0].http, ARRAY_LEN(routes),
	    sizeof(routes[0]), r) == ROUTE_FOUND &&
	    (routes[r->route].flags & WEB_WAITS);
}

/* Gives the request's database connection back to the pool. */
static void
web_release(struct http_req *r)
{
	struct web_req *w = r->local;

	/*
	 * Give the connection back before the response is sent: the thread
	 * goes on to other requests meanwhile and must not hold two.
	 */
	if (w->store != NULL) {
		store_pool_put(((struct web_ctx *)r->app)->pool, w->store);
		w->store = NULL;
	}
}

/* See web.h. */
void
web_request_done(struct http_req *r)
{
	web_release(r);
	metrics_request(r->route, r->status);
}
