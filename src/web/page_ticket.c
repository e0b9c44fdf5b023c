/* page_ticket.c: the ticket page, its calendar file and its cancel button. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "ics.h"
#include "layout.h"
#include "qr.h"
#include "view.h"
#include "app.h"
#include "web.h"

/* The ticket code grouped in fours for reading aloud or typing. */
static const char *
grouped(struct arena *a, const char *secret)
{
	size_t n = strlen(secret), i, j = 0;
	char *out = arena_alloc(a, n + n / 4 + 1);

	for (i = 0; i < n; i++) {
		if (i && i % 4 == 0)
			out[j++] = '-';
		out[j++] = secret[i];
	}
	out[j] = '\0';
	return out;
}

/* GET /tickets/{secret}. */
void
page_ticket(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_registration t;
	struct store_session s;
	const char *base;

	if (web_load_ticket(r, &t, &s) == -1)
		return;
	http_set_header(r, "Cache-Control", "no-store");
	base = arena_printf(r->arena, "/tickets/%s", t.secret);
	layout_begin(&h, r, "Your ticket");
	html_lit(&h, "<h1>");
	html_t(&h, "Your ticket");
	html_lit(&h, "</h1>\n<p class=\"ticket-status status-");
	html_text(&h, core_status_keys[t.status]);
	html_lit(&h, "\">");
	if (t.status == STATUS_CONFIRMED)
		html_t(&h, "Confirmed: you have a place.");
	else if (t.status == STATUS_WAITLISTED)
		html_tf(&h, "Waitlisted: number %lld on the waiting list. "
		    "You move up automatically when someone cancels.",
		    (long long)t.position);
	else
		html_t(&h, "Cancelled: this registration no longer holds a "
		    "place.");
	html_lit(&h, "</p>\n<div class=\"ticket\">\n<h2>");
	html_text(&h, s.title);
	html_lit(&h, "</h2>\n<p>");
	html_text(&h, s.event_title);
	html_lit(&h, "</p>\n<p class=\"when\">");
	html_text(&h, fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at));
	html_lit(&h, "</p>\n<p class=\"where\">");
	view_place(&h, &s);
	html_lit(&h, "</p>\n");
	if (t.name) {
		html_lit(&h, "<p class=\"holder\">");
		html_t(&h, "For ");
		html_text(&h, t.name);
		html_lit(&h, "</p>\n");
	}
	if (t.status != STATUS_CANCELLED) {
		html_lit(&h, "<figure class=\"qr\">");
		qr_svg(&r->out, t.secret, _("QR code of your ticket, to show "
		    "at the door"));
		html_lit(&h, "<figcaption>");
		html_t(&h, "Ticket code ");
		html_lit(&h, "<code>");
		html_text(&h, grouped(r->arena, t.secret));
		html_lit(&h, "</code></figcaption></figure>\n");
	}
	html_lit(&h, "</div>\n");
	page_ticket_forms(r, &h, &t, &s);
	page_ticket_certificate(r, &h, &t, &s);
	html_lit(&h, "<p class=\"keep\">");
	html_t(&h, "Keep this page: its address is your ticket. Anyone who "
	    "has the address can see and cancel it, so share it with no one.");
	html_lit(&h, "</p>\n");
	if (t.status != STATUS_CANCELLED) {
		html_lit(&h, "<p><a class=\"button secondary\"");
		html_url(&h, "href", arena_printf(r->arena, "%s/session.ics",
		    base));
		html_lit(&h, " download=\"session.ics\">");
		html_t(&h, "Add to calendar (.ics)");
		html_lit(&h, "</a></p>\n");
	}
	if (t.status != STATUS_CANCELLED && t.checked_in_at) {
		html_lit(&h, "<p class=\"muted\">");
		html_t(&h, "You checked in, so this registration can no "
		    "longer be cancelled.");
		html_lit(&h, "</p>\n");
	} else if (t.status != STATUS_CANCELLED) {
		html_lit(&h, "<form class=\"cancel\" method=\"post\"");
		html_url(&h, "action", arena_printf(r->arena, "%s/cancel", base));
		html_lit(&h, ">\n<input type=\"hidden\" name=\"csrf\"");
		html_attr(&h, "value", web_csrf_token(r, "cancel", t.secret));
		html_lit(&h, ">\n<button type=\"submit\" class=\"danger\">");
		html_t(&h, "Cancel my registration");
		html_lit(&h, "</button>\n</form>\n");
	}
	html_lit(&h, "<p><a");
	html_url(&h, "href", arena_printf(r->arena, "/events/%lld",
	    (long long)s.event_id));
	html_lit(&h, ">");
	html_t(&h, "Back to the event");
	html_lit(&h, "</a></p>\n");
	layout_end(&h);
}

/* GET /tickets/{secret}/session.ics. */
void
page_ticket_ics(struct http_req *r)
{
	struct store_registration t;
	struct store_session s;
	struct ics_event ev;

	if (web_load_ticket(r, &t, &s) == -1)
		return;
	memset(&ev, 0, sizeof(ev));
	/* The person's own event: the UID their e-mails' files carry. */
	ev.uid = arena_printf(r->arena, ICS_UID_REGISTRATION, (long long)t.id,
	    web_site_host(r));
	ev.summary = s.title;
	ev.description = ics_ticket_description(r->arena, s.event_title);
	ev.location = arena_printf(r->arena, "%s, %s, %s", s.venue, s.city,
	    s.state);
	ev.starts_at = s.starts_at;
	ev.ends_at = s.ends_at;
	ev.stamp = web_now(r);
	ev.cancelled = s.cancelled || s.event_cancelled;
	ev.tentative = t.status == STATUS_WAITLISTED;
	ev.sequence = s.ics_sequence;
	/* Their own cancellation is one more change (as in the mail). */
	if (!ev.cancelled && t.status == STATUS_CANCELLED) {
		ev.cancelled = 1;
		ev.sequence++;
	}
	web_ics_organizer(r, &ev);
	if (ics_render(&r->out, &ev, ICS_PUBLISH) == -1) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	r->content_type = "text/calendar; charset=utf-8";
	http_set_header(r, "Content-Disposition",
	    "attachment; filename=\"session.ics\"");
	http_set_header(r, "Cache-Control", "no-store");
}

/* POST /tickets/{secret}/cancel: cancel, then back to the ticket. */
void
page_ticket_cancel(struct http_req *r)
{
	struct http_form form;
	const char *secret = r->nparams ? r->params[0] : "", *tok;
	int rc;

	if (!web_same_origin(r) ||
	    http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &form) == -1 ||
	    (tok = http_form_get(&form, "csrf")) == NULL ||
	    !token_equal(tok, web_csrf_token(r, "cancel", secret))) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	rc = app_ticket_cancel(web_app(r), secret, NULL);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "Ticket not found");
		return;
	}
	if (rc == APP_ATTENDED) {
		web_error(r, 409, "You checked in to this session, so the "
		    "registration can no longer be cancelled: your attendance "
		    "and any certificate stand.");
		return;
	}
	if (rc != STORE_OK && rc != STORE_EXISTS) {
		web_error(r, 500, "Something went wrong on our side; the "
		    "registration is unchanged");
		return;
	}
	http_redirect(r, arena_printf(r->arena, "/tickets/%s", secret));
}
