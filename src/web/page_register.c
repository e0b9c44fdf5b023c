/* page_register.c: the registration form for a session, and its submission. */
#include <string.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "layout.h"
#include "reg_form.h"
#include "view.h"
#include "app.h"
#include "web.h"

#define LOST_SENT N_("If that address is registered for this session, the link " \
	"to its ticket is on its way to it. It is sent at most once every ten " \
	"minutes.")

/* Lost ticket: the link again, by e-mail, to the address registered. */
static void
lost_form(struct html *h, struct http_req *r, const struct store_session *s)
{
	html_lit(h, "<section class=\"lost-ticket\" id=\"lost-ticket\"><h2>");
	html_t(h, "Lost your ticket?");
	html_lit(h, "</h2>\n<p>");
	html_t(h, "Enter the e-mail address you registered with and we send "
	    "the link to your ticket there, and only there.");
	html_lit(h, "</p>\n<form class=\"register\" method=\"post\" "
	    "novalidate");
	html_url(h, "action", arena_printf(r->arena,
	    "/sessions/%lld/ticket-request", (long long)s->id));
	html_lit(h, ">\n<div class=\"field\"><label for=\"lost-email\">");
	html_t(h, "E-mail address");
	html_lit(h, "</label><input id=\"lost-email\" name=\"email\" "
	    "type=\"email\" autocomplete=\"email\" maxlength=\"254\" "
	    "required></div>\n<button type=\"submit\" class=\"secondary\">");
	html_t(h, "Send my ticket");
	html_lit(h, "</button>\n</form>\n</section>\n");
}

static void
render(struct http_req *r, const struct store_session *s,
    const struct reg_form *f, int nerrors, const char *notice)
{
	struct html h = { &r->out };
	int64_t now = web_now(r);
	int state = view_reg_state(s, now);
	int pro = s->audience == AUDIENCE_PROFESSIONAL;

	buf_reset(&r->out);
	layout_begin(&h, r, nerrors ?
	    arena_printf(r->arena, _("Error: register for %s"), s->title) :
	    arena_printf(r->arena, _("Register for %s"), s->title));
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a");
	html_url(&h, "href", arena_printf(r->arena, "/events/%lld",
	    (long long)s->event_id));
	html_lit(&h, ">");
	html_text(&h, s->event_title);
	html_lit(&h, "</a></nav>\n<h1>");
	html_tf(&h, "Register: %s", s->title);
	html_lit(&h, "</h1>\n<p class=\"where\">");
	view_place(&h, s);
	html_lit(&h, "</p>\n");
	view_session_facts(&h, r->arena, s, s->time_zone, now);
	if (notice) {
		html_lit(&h, "<p class=\"notice\" role=\"alert\">");
		html_text(&h, gettext(notice));
		html_lit(&h, "</p>\n");
	}
	if (state != REG_OPEN) {
		if (!notice) {
			html_lit(&h, "<p class=\"notice\">");
			html_t(&h, "Registration for this session is not "
			    "open.");
			html_lit(&h, "</p>\n");
		}
		if (s->audience == AUDIENCE_PROFESSIONAL)
			lost_form(&h, r, s);
		layout_end(&h);
		return;
	}
	if (nerrors) {
		html_lit(&h, "<div class=\"form-errors\" role=\"alert\"><h2>");
		html_textf(&h, NG_("Please correct %d field", "Please correct "
		    "%d fields", nerrors), nerrors);
		html_lit(&h, "</h2><p>");
		html_t(&h, "Each is marked below with what to change.");
		html_lit(&h, "</p></div>\n");
	}
	if (core_places_left(s->capacity, s->confirmed) == 0) {
		html_lit(&h, "<p class=\"notice\">");
		html_t(&h, "This session is full. If you register you join "
		    "the waiting list, and move up automatically when "
		    "someone cancels.");
		html_lit(&h, "</p>\n");
	}
	if (pro) {
		html_lit(&h, "<p>");
		html_t(&h, "All fields are required except the licence "
		    "number. We use them for your certificate and to tell "
		    "our funders how many people of each sector were trained.");
		html_lit(&h, "</p>\n");
	} else {
		html_lit(&h, "<p>");
		html_t(&h, "Nothing is required. Leave your name and email "
		    "only if you want us to reach you about changes. Your "
		    "ticket appears on the next page.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<form class=\"register\" method=\"post\" novalidate");
	html_url(&h, "action", arena_printf(r->arena, "/sessions/%lld/register",
	    (long long)s->id));
	html_lit(&h, ">\n");
	reg_form_render(&h, r->arena, s, f);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Register");
	html_lit(&h, "</button>\n</form>\n");
	if (s->audience == AUDIENCE_PROFESSIONAL)
		lost_form(&h, r, s);
	layout_end(&h);
}

/*
 * The session as the form shows it again after a POST: with its counts
 * read now, since the brief the POST checked against may be a second old
 * (web_brief) and counts no waiting list.
 */
static const struct store_session *
counted(struct http_req *r, const struct store_session *brief,
    struct store_session *full)
{
	return store_session_get(web_store(r), r->arena, brief->id, full) ==
	    STORE_OK ? full : brief;
}

/* POST /sessions/{id}/ticket-request: email. The same answer whether or
 * not the address is registered. */
void
page_ticket_request(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	struct reg_form f;
	const char *email;
	int rc;

	if (!web_same_origin(r)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	if (web_load_session(r, &s) == -1)
		return;
	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &form) == -1) {
		web_error(r, 400, "The form could not be read");
		return;
	}
	email = http_form_get(&form, "email");
	email = email ? str_trim(arena_strdup(r->arena, email)) : "";
	memset(&f, 0, sizeof(f));
	rc = app_ticket_request(web_app(r), r->arena, s.id, email);
	if (rc == STORE_CONFLICT) {
		render(r, &s, &f, 0, _("Enter the e-mail address you "
		    "registered with, like name@example.org."));
		r->status = 422;
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; please try "
		    "again.");
		return;
	}
	render(r, &s, &f, 0, LOST_SENT);
}

/* GET /sessions/{id}/register: the empty form (or why it is closed). */
void
page_register_form(struct http_req *r)
{
	struct store_session s;
	struct reg_form f;

	if (web_load_public_session(r, &s, 0) == -1)
		return;
	memset(&f, 0, sizeof(f));
	render(r, &s, &f, 0, NULL);
}

/* The answer to what app_register returned (reg_wait.c). */
static void
register_answer(struct http_req *r, struct reg_wait *w)
{
	struct store_session full;
	struct store_registration reg = w->reg;
	struct reg_form *f = w->page;
	int rc = w->rc;

	/*
	 * With e-mail, a new registration and a repeated address answer
	 * alike, and the link goes to the address: knowing someone's e-mail
	 * opens nothing. Without e-mail a repeat is told to use its link.
	 */
	if (rc == APP_SENT) {
		render(r, counted(r, &w->s, &full), f, 0, REG_SENT);
		return;
	}
	if (rc == STORE_EXISTS) {
		render(r, counted(r, &w->s, &full), f, 0, REG_ALREADY);
		return;
	}
	switch (rc) {
	case STORE_OK:
		http_redirect(r, arena_printf(r->arena, "/tickets/%s",
		    reg.secret));
		return;
	case STORE_CLOSED:
		render(r, counted(r, &w->s, &full), f, 0, _("Registration for "
		    "this session has closed."));
		r->status = 409;
		return;
	case STORE_NOTFOUND:
		web_error(r, 404, "Session not found");
		return;
	default:
		web_error(r, 500, "Something went wrong on our side; you are "
		    "not registered. Please try again.");
		return;
	}
}

/* POST /sessions/{id}/register: validate here, register once the
 * connection is held (WEB_WAITS), go to the ticket. */
void
page_register(struct http_req *r)
{
	struct store_session s, full;
	struct store_reg_input in;
	struct http_form form;
	struct reg_form *f = arena_alloc(r->arena, sizeof(*f));
	int i, nerr;

	if (!web_same_origin(r)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	if (web_load_public_session(r, &s, 1) == -1)
		return;
	memset(f, 0, sizeof(*f));
	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &form) == -1) {
		web_error(r, 400, "The form could not be read");
		return;
	}
	for (i = 0; i < REGF__MAX; i++)
		f->raw[i] = http_form_get(&form, reg_fields[i].name);
	if ((nerr = reg_form_check(r->arena, &s, f, &in)) > 0) {
		metrics_registration(OUTCOME_INVALID);
		render(r, counted(r, &s, &full), f, nerr, NULL);
		r->status = 422;
		return;
	}
	web_register_wait(r, &s, &in, register_answer, f);
}
