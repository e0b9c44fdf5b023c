/* page_door.c: the door: find or scan a ticket, check in and out, count who is in. */
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Most people a door search lists. */
#define DOOR_MATCHES 50
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "tz.h"
#include "field.h"
#include "layout.h"
#include "reg_form.h"
#include "ops.h"
#include "web.h"

/* Door staff and coordinators at any door; partners at their own events. */
static int
may_door(struct http_req *r, int64_t event_id)
{
	if (web_has_role(r, ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)))
		return 1;
	return ops_may_event(r, event_id);
}

static int
load(struct http_req *r, struct store_session *s)
{
	return web_load_session(r, s) == -1 ||
	    !web_permit(r, may_door(r, s->event_id)) ? -1 : 0;
}

static const char *
clock_or_dash(struct http_req *r, const char *zone, int64_t t)
{
	return t ? fmt_clock(r->arena, zone, t) : "—";
}

static void
person_row(struct http_req *r, struct html *h, const struct store_session *s,
    const struct store_registration *g)
{
	const char *base = arena_printf(r->arena, "/staff/door/%lld/check",
	    (long long)s->id);
	int in = g->checked_in_at && !g->checked_out_at;

	html_lit(h, "<tr><td>");
	html_text(h, g->name ? g->name : _("(no name)"));
	if (g->organization) {
		html_lit(h, "<br><span class=\"muted\">");
		html_text(h, g->organization);
		html_lit(h, "</span>");
	}
	html_lit(h, "</td><td>");
	html_text(h, gettext(core_status_names[g->status]));
	html_lit(h, "</td><td>");
	html_text(h, clock_or_dash(r, s->time_zone, g->checked_in_at));
	html_lit(h, "</td><td>");
	html_text(h, clock_or_dash(r, s->time_zone, g->checked_out_at));
	html_lit(h, "</td><td class=\"actions\">");
	if (g->status == STATUS_CONFIRMED) {
		html_lit(h, "<form method=\"post\" class=\"inline\"");
		html_url(h, "action", base);
		html_lit(h, ">");
		layout_csrf(h, r);
		html_lit(h, "<input type=\"hidden\" name=\"id\"");
		html_attr(h, "value", arena_printf(r->arena, "%lld",
		    (long long)g->id));
		html_lit(h, ">");
		if (in) {
			html_lit(h, "<input type=\"hidden\" name=\"action\" "
			    "value=\"out\"><button type=\"submit\" "
			    "class=\"small\">");
			html_t(h, "Check out");
			html_lit(h, "</button>");
		} else {
			html_lit(h, "<input type=\"hidden\" name=\"action\" "
			    "value=\"in\"><button type=\"submit\" "
			    "class=\"small\">");
			html_t(h, "Check in");
			html_lit(h, "</button>");
		}
		html_lit(h, "</form>");
	}
	html_lit(h, "</td></tr>\n");
}

/* GET /staff/door/{id}?q=...&done=ID. */
void
page_staff_door(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_session s;
	struct store_registration *regs, g;
	struct reg_form empty;
	const char *q = http_query(r, "q"), *done = http_query(r, "done");
	const char *err = http_query(r, "error");
	int64_t in = 0, present = 0;
	size_t n = 0, i;

	if (load(r, &s) == -1)
		return;
	if (q && (strlen(q) > 100 || !utf8_valid(q, strlen(q)) ||
	    !text_clean(q, 0)))
		q = NULL;
	if (store_attendance(web_store(r), s.id, &in, &present) != STORE_OK ||
	    (q && *q && store_roster(web_store(r), r->arena, s.id, NULL, NULL,
	    q, &regs, &n) != STORE_OK)) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, arena_printf(r->arena, _("Door: %s"),
	    s.title));
	html_lit(&h, "<h1>");
	html_t(&h, "Door: ");
	html_text(&h, s.title);
	html_lit(&h, "</h1>\n<p>");
	html_text(&h, s.event_title);
	html_lit(&h, " · ");
	html_text(&h, fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at));
	html_lit(&h, "</p>\n<p class=\"live\" role=\"status\">");
	html_t(&h, "In the room: ");
	html_lit(&h, "<strong id=\"present\"");
	html_attr(&h, "data-count-url", arena_printf(r->arena,
	    "/staff/door/%lld/count", (long long)s.id));
	html_lit(&h, ">");
	html_int(&h, present);
	html_lit(&h, "</strong>");
	html_t(&h, " · checked in: ");
	html_lit(&h, "<strong id=\"checked-in\">");
	html_int(&h, in);
	html_lit(&h, "</strong>");
	html_t(&h, " of ");
	html_int(&h, s.confirmed);
	html_t(&h, " confirmed");
	html_lit(&h, "</p>\n");
	if (done && web_param_id(r, 0) && store_registration_get(web_store(r),
	    r->arena, strtoll(done, NULL, 10), &g) == STORE_OK &&
	    g.session_id == s.id) {
		html_lit(&h, "<p class=\"notice ok\" role=\"status\">");
		html_textf(&h, g.checked_out_at ? _("Checked out: %s") :
		    _("Checked in: %s"), g.name ? g.name : _("(no name)"));
		html_lit(&h, "</p>\n");
	}
	if (err) {
		html_lit(&h, "<p class=\"notice\" role=\"alert\">");
		if (strcmp(err, "unknown") == 0)
			html_t(&h, "No ticket with that code for this "
			    "session.");
		else if (strcmp(err, "waitlisted") == 0)
			html_t(&h, "That person is on the waiting list or "
			    "cancelled, not confirmed.");
		else if (strcmp(err, "closed") == 0)
			html_t(&h, "The door is not open: check-ins are "
			    "recorded from two hours before the session "
			    "until two hours after it. Ask a coordinator to "
			    "correct the times, with a reason.");
		else if (strcmp(err, "walkin_waitlisted") == 0)
			html_t(&h, "Added to the waiting list: the session "
			    "is full.");
		else
			html_t(&h, "That did not work; try again.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<form class=\"staff scan\" method=\"post\"");
	html_url(&h, "action", arena_printf(r->arena, "/staff/door/%lld/check",
	    (long long)s.id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<input type=\"hidden\" name=\"action\" "
	    "value=\"in\">\n<div class=\"field\"><label for=\"code\">");
	html_t(&h, "Ticket code");
	html_lit(&h, "</label><p class=\"hint\" id=\"code-hint\">");
	html_t(&h, "Type it, or scan the QR code with a scanner that types.");
	html_lit(&h, "</p><input id=\"code\" name=\"code\" "
	    "autocomplete=\"off\" autocapitalize=\"off\" "
	    "spellcheck=\"false\" aria-describedby=\"code-hint\" "
	    "autofocus></div>\n<button type=\"submit\">");
	html_t(&h, "Check in");
	html_lit(&h, "</button>\n</form>\n<form class=\"filters\" "
	    "method=\"get\">\n<div class=\"field\"><label for=\"q\">");
	html_t(&h, "Find by name or email");
	html_lit(&h, "</label><input id=\"q\" name=\"q\" type=\"search\" "
	    "maxlength=\"100\"");
	html_attr(&h, "value", q ? q : "");
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Find");
	html_lit(&h, "</button>\n</form>\n");
	if (q && *q) {
		html_lit(&h, "<div class=\"table-wrap\"><table class=\"staff "
		    "stack\"><thead><tr><th scope=\"col\">");
		html_t(&h, "Name");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Status");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "In");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Out");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Action");
		html_lit(&h, "</th></tr></thead>\n<tbody>\n");
		/* A search is for a person: the first matches, and a word to
		 * say there are more, never a page too long to send. */
		for (i = 0; i < n && i < DOOR_MATCHES; i++)
			person_row(r, &h, &s, &regs[i]);
		html_lit(&h, "</tbody></table></div>\n");
		if (n > DOOR_MATCHES) {
			html_lit(&h, "<p class=\"notice\">");
			html_textf(&h, NG_("%zu more match; type more of the "
			    "name or the email.", "%zu more match; type more of "
			    "the name or the email.", n - DOOR_MATCHES),
			    n - DOOR_MATCHES);
			html_lit(&h, "</p>\n");
		}
		if (n == 0) {
			html_lit(&h, "<p>");
			html_t(&h, "Nobody registered matches. Add them as a "
			    "walk-in below.");
			html_lit(&h, "</p>\n");
		}
	}
	html_lit(&h, "<h2>");
	html_t(&h, "Walk-in");
	html_lit(&h, "</h2>\n<form class=\"staff\" method=\"post\" novalidate");
	html_url(&h, "action", arena_printf(r->arena,
	    "/staff/sessions/%lld/walkins", (long long)s.id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<input type=\"hidden\" name=\"return\" value=\"door\">\n");
	memset(&empty, 0, sizeof(empty));
	reg_form_render(&h, r->arena, &s, &empty);
	reg_form_walkin_submit(&h, &s, N_("Add and check in"), web_has_role(r,
	    ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)));
	html_lit(&h, "</form>\n<p><a");
	html_url(&h, "href", arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations", (long long)s.id));
	html_lit(&h, ">");
	html_t(&h, "Full roster");
	html_lit(&h, "</a> · <a");
	html_url(&h, "href", arena_printf(r->arena,
	    "/staff/sessions/%lld/signin.pdf", (long long)s.id));
	html_lit(&h, ">");
	html_t(&h, "Sign-in sheet (PDF)");
	html_lit(&h, "</a></p>\n");
	layout_end(&h);
}

/* POST /staff/door/{id}/check: id or code, action in|out. */
void
page_staff_door_check(struct http_req *r)
{
	struct store_session s;
	struct store_registration g;
	struct http_form form;
	const char *id = NULL, *code = NULL, *act, *back;
	int changed, rc;

	if (load(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	back = arena_printf(r->arena, "/staff/door/%lld", (long long)s.id);
	act = http_form_get(&form, "action");
	id = http_form_get(&form, "id");
	code = http_form_get(&form, "code");
	if (act == NULL || (strcmp(act, "in") && strcmp(act, "out"))) {
		web_error(r, 400, "Unknown door action");
		return;
	}
	if (id && *id)
		rc = store_registration_get(web_store(r), r->arena,
		    strtoll(id, NULL, 10), &g);
	else if (code && *code && strlen(code) < 80)
		rc = store_ticket_get(web_store(r), r->arena,
		    token_normalise(r->arena, code), &g);
	else
		rc = STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && g.session_id != s.id)) {
		http_redirect(r, arena_printf(r->arena, "%s?error=unknown",
		    back));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	rc = ops_check(r, &g, strcmp(act, "in") == 0, web_now(r), &changed);
	if (rc == APP_DOOR_CLOSED || rc == APP_BAD_TIME) {
		http_redirect(r, arena_printf(r->arena, "%s?error=closed",
		    back));
		return;
	}
	if (rc == STORE_CONFLICT) {
		http_redirect(r, arena_printf(r->arena, "%s?error=waitlisted",
		    back));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	http_redirect(r, arena_printf(r->arena, "%s?done=%lld", back,
	    (long long)g.id));
}

/* GET /staff/door/{id}/count: JSON for the live count. */
void
page_staff_door_count(struct http_req *r)
{
	struct store_session s;
	int64_t in, present;

	if (load(r, &s) == -1)
		return;
	if (store_attendance(web_store(r), s.id, &in, &present) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	r->content_type = "application/json";
	buf_printf(&r->out, "{\"present\":%lld,\"checked_in\":%lld,"
	    "\"confirmed\":%lld}\n", (long long)present, (long long)in,
	    (long long)s.confirmed);
}

/* POST /staff/registrations/{id}/times: in, out (local), reason. */
void
page_staff_times(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	struct http_form form;
	const char *in, *out, *reason;
	int64_t tin = 0, tout = 0;
	int y, mo, d, hh, mi, rc;

	if (web_staff_form(r, &form) == -1)
		return;
	if ((rc = store_registration_get(web_store(r), r->arena,
	    web_param_id(r, 0), &g)) != STORE_OK ||
	    store_session_get(web_store(r), r->arena, g.session_id, &s) !=
	    STORE_OK) {
		web_error(r, rc == STORE_NOTFOUND ? 404 : 500, rc ==
		    STORE_NOTFOUND ? _("No such registration") :
		    _("Something went wrong on our side"));
		return;
	}
	in = http_form_get(&form, "in");
	out = http_form_get(&form, "out");
	reason = http_form_get(&form, "reason");
	if (reason == NULL || *reason == '\0' || strlen(reason) > 300 ||
	    !utf8_valid(reason, strlen(reason)) || !text_clean(reason, 0)) {
		web_error(r, 422, "Give a reason for the correction");
		return;
	}
	if ((in && *in && (field_datetime(in, &y, &mo, &d, &hh, &mi) == -1 ||
	    tz_to_utc(s.time_zone, y, mo, d, hh, mi, &tin) == -1)) ||
	    (out && *out && (field_datetime(out, &y, &mo, &d, &hh, &mi) == -1 ||
	    tz_to_utc(s.time_zone, y, mo, d, hh, mi, &tout) == -1))) {
		web_error(r, 422, "Enter times like 2027-01-11T08:30");
		return;
	}
	if (tin && tout && tout < tin) {
		web_error(r, 422, "The check-out cannot be before the check-in");
		return;
	}
	web_saved(r, ops_set_times(r, g.id, tin, tout, reason),
	    arena_printf(r->arena, "/staff/sessions/%lld/registrations",
	    (long long)s.id));
}

/* POST /staff/sessions/{id}/close: mode end|no_credit|open. */
void
page_staff_close(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	const char *mode;
	int m;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, ops_may_event(r, s.event_id)) ||
	    web_staff_form(r, &form) == -1)
		return;
	mode = http_form_get(&form, "mode");
	if (mode && strcmp(mode, "end") == 0)
		m = CLOSE_AT_END;
	else if (mode && strcmp(mode, "no_credit") == 0)
		m = CLOSE_NO_CREDIT;
	else if (mode && strcmp(mode, "open") == 0)
		m = CLOSE_OPEN;
	else {
		web_error(r, 422, "Choose how to close the session");
		return;
	}
	web_saved(r, ops_session_close(r, s.id, m), arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations", (long long)s.id));
}
