/* page_cert.c: certificates (PDF, verification page and API) and the sign-in sheet. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "fmt.h"
#include "layout.h"
#include "pdf.h"
#include "api.h"
#include "ops.h"
#include "app.h"
#include "web.h"

/* GET /tickets/{secret}/certificate.pdf: issued on first download when due. */
void
page_certificate_pdf(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	struct store_certificate c;
	struct pdf_certificate p;
	int64_t minutes;
	int issued, rc;
	enum credit why;

	if (web_load_ticket(r, &g, &s) == -1)
		return;
	rc = app_certify(web_app(r), r->arena, g.id,
	    &c, &issued);
	if (rc == STORE_CLOSED) {
		why = app_credit(web_store(r), &s, &g, web_now(r), &minutes);
		web_error(r, 409, arena_printf(r->arena, "No certificate yet: %s",
		    core_credit_reasons[why]));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	if (c.revoked_at) {
		web_error(r, 410, arena_printf(r->arena, "This certificate was "
		    "revoked on %s and can no longer be downloaded",
		    fmt_day(r->arena, s.time_zone, c.revoked_at)));
		return;
	}
	memset(&p, 0, sizeof(p));
	p.name = c.name;
	p.session = c.session;
	p.event = c.event;
	p.date = c.date;
	p.venue = c.venue;
	p.city = c.city;
	p.instructor = c.instructor;
	p.hours = fmt_hours(r->arena, c.hours);
	p.provider = c.provider;
	p.code = c.code;
	p.verify_url = arena_printf(r->arena, "%s/verify/%s", web_base_url(r),
	    c.code);
	if (pdf_certificate(&r->out, &p) == -1) {
		web_error(r, 500, "The certificate could not be drawn");
		return;
	}
	r->content_type = "application/pdf";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"certificate-%s.pdf\"", c.code));
	http_set_header(r, "Cache-Control", "no-store");
}

/* The certificate part of the ticket page: a link, or why not yet. */
void
page_ticket_certificate(struct http_req *r, struct html *h,
    const struct store_registration *g, const struct store_session *s)
{
	struct store_certificate c;
	int64_t minutes;
	enum credit why;
	int have;

	if (s->ce_hours <= 0 || s->audience != AUDIENCE_PROFESSIONAL)
		return;
	why = app_credit(web_store(r), s, g, web_now(r), &minutes);
	have = store_certificate_by_registration(web_store(r), r->arena, g->id,
	    &c) == STORE_OK;
	html_lit(h, "<section class=\"certificate\"><h2>Certificate</h2>\n<p>");
	if (have && c.revoked_at) {
		html_lit(h, "Your certificate ");
		html_text(h, c.code);
		html_lit(h, " was revoked on ");
		html_text(h, fmt_day(r->arena, s->time_zone, c.revoked_at));
		html_lit(h, ". Ask the organisers if you think this is wrong.");
	} else if (why == CREDIT_MET) {
		html_lit(h, "You earned ");
		html_text(h, fmt_hours(r->arena, s->ce_hours));
		html_lit(h, " continuing-education hours.</p>\n<p><a "
		    "class=\"button\"");
		html_url(h, "href", arena_printf(r->arena,
		    "/tickets/%s/certificate.pdf", g->secret));
		html_lit(h, ">Download your certificate (PDF)</a>");
		/* The same certificate for a digital wallet. */
		html_lit(h, " <a class=\"button secondary\"");
		html_url(h, "href", arena_printf(r->arena,
		    "/tickets/%s/credential.jwt", g->secret));
		html_lit(h, " download>Wallet credential (Open Badges)</a>");
	} else if (why == CREDIT_NOT_ENDED)
		html_lit(h, "After the session, your certificate appears here "
		    "if you checked in and out at the door.");
	else {
		html_lit(h, "No certificate: ");
		html_text(h, core_credit_reasons[why]);
		html_lit(h, ". If this is wrong, ask the organisers to correct "
		    "your times.");
	}
	html_lit(h, "</p>\n</section>\n");
}

static void
verify_form(struct html *h, const char *value)
{
	html_lit(h, "<form class=\"staff\" method=\"get\" action=\"/verify\">\n"
	    "<div class=\"field\"><label for=\"code\">Verification code</label>"
	    "<input id=\"code\" name=\"code\" autocomplete=\"off\" "
	    "spellcheck=\"false\" maxlength=\"20\"");
	html_attr(h, "value", value ? value : "");
	html_lit(h, "></div>\n<button type=\"submit\">Verify</button>\n"
	    "</form>\n");
}

/* GET /verify?code=: the form, or on to the code's page. */
void
page_verify_form(struct http_req *r)
{
	struct html h = { &r->out };
	const char *code = http_query(r, "code");
	char norm[CERT_CODE_LEN + 2];

	if (code && core_code_normalise(code, norm) == 0) {
		http_redirect(r, arena_printf(r->arena, "/verify/%s", norm));
		return;
	}
	if (code)
		r->status = 404;
	layout_begin(&h, r, "Verify a certificate");
	html_lit(&h, "<h1>Verify a certificate</h1>\n<p>Enter the code printed "
	    "on the certificate, or scan its QR code.</p>\n");
	if (code)
		html_lit(&h, "<p class=\"notice\" role=\"alert\">That is not a "
		    "certificate code: codes look like ABCDE-FGHJK.</p>\n");
	verify_form(&h, code);
	layout_end(&h);
}

/* GET /verify/{code}: confirms with the certificate's own facts, nothing more. */
void
page_verify(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_certificate c;
	char norm[CERT_CODE_LEN + 2];
	int rc = STORE_NOTFOUND;

	if (core_code_normalise(r->params[0], norm) == 0)
		rc = store_certificate_by_code(web_store(r), r->arena, norm, &c);
	if (rc == STORE_ERROR) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	if (rc != STORE_OK) {
		r->status = 404;
		layout_begin(&h, r, "Certificate not found");
		html_lit(&h, "<h1>Certificate not found</h1>\n<p>No certificate "
		    "has this code. Check it against the printed one.</p>\n");
		verify_form(&h, r->params[0]);
		layout_end(&h);
		return;
	}
	if (c.revoked_at) {
		layout_begin(&h, r, "Revoked certificate");
		html_lit(&h, "<h1>Revoked certificate</h1>\n<p class=\""
		    "ticket-status status-cancelled\">This certificate was "
		    "revoked on ");
		html_text(&h, fmt_day(r->arena, "UTC", c.revoked_at));
		html_lit(&h, " (");
		html_text(&h, fmt_iso(r->arena, "UTC", c.revoked_at));
		html_lit(&h, "). It no longer attests attendance or hours.</p>\n"
		    "<dl class=\"facts\">\n<dt>Code</dt><dd><code>");
	} else {
		layout_begin(&h, r, "Valid certificate");
		html_lit(&h, "<h1>Valid certificate</h1>\n<p class=\""
		    "ticket-status status-confirmed\">This certificate of "
		    "attendance was issued by convene.</p>\n<dl class=\"facts\">"
		    "\n<dt>Code</dt><dd><code>");
	}
	html_text(&h, c.code);
	html_lit(&h, "</code></dd>\n<dt>Name</dt><dd>");
	html_text(&h, c.name);
	html_lit(&h, "</dd>\n<dt>Session</dt><dd>");
	html_text(&h, c.session);
	html_lit(&h, "</dd>\n<dt>Event</dt><dd>");
	html_text(&h, c.event);
	html_lit(&h, "</dd>\n<dt>Date</dt><dd>");
	html_text(&h, c.date);
	html_lit(&h, "</dd>\n<dt>Place</dt><dd>");
	html_text(&h, c.venue);
	html_lit(&h, ", ");
	html_text(&h, c.city);
	html_lit(&h, "</dd>\n");
	if (c.instructor) {
		html_lit(&h, "<dt>Instructor</dt><dd>");
		html_text(&h, c.instructor);
		html_lit(&h, "</dd>\n");
	}
	html_lit(&h, "<dt>CE hours</dt><dd>");
	html_text(&h, fmt_hours(r->arena, c.hours));
	html_lit(&h, "</dd>\n<dt>Provider</dt><dd>");
	html_text(&h, c.provider);
	html_lit(&h, "</dd>\n</dl>\n");
	layout_end(&h);
}

/* GET /api/v1/certificates/{code}. */
void
api_certificate(struct http_req *r)
{
	struct store_certificate c;
	char norm[CERT_CODE_LEN + 2];
	int rc = STORE_NOTFOUND;

	if (core_code_normalise(r->params[0], norm) == 0)
		rc = store_certificate_by_code(web_store(r), r->arena, norm, &c);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No certificate has this code");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, api_certificate_json(r, &c));
}

/* GET /staff/sessions/{id}/signin.pdf: the printable sign-in sheet. */
void
page_staff_signin_pdf(struct http_req *r)
{
	struct store_session s;
	struct store_event e;
	struct store_registration *g;
	struct pdf_sheet_row *rows;
	struct pdf_sheet sheet;
	size_t n, i, k = 0;
	int64_t minutes;

	if (web_load_session(r, &s) == -1)
		return;
	if (!web_has_role(r, ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)) &&
	    !web_permit(r, ops_may_event(r, s.event_id)))
		return;
	if (store_event_get(web_store(r), r->arena, s.event_id, &e) !=
	    STORE_OK || store_roster(web_store(r), r->arena, s.id, "confirmed",
	    NULL, NULL, &g, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	rows = arena_alloc(r->arena, sizeof(*rows) * (n ? n : 1));
	for (i = 0; i < n; i++) {
		int sec = g[i].sector ? core_sector_parse(g[i].sector) : -1;
		enum credit why = app_credit(web_store(r), &s, &g[i], web_now(r), &minutes);

		rows[k].name = g[i].name;
		rows[k].sector = sec >= 0 ? core_sector_names[sec] : NULL;
		rows[k].organization = g[i].organization;
		rows[k].checked_in = g[i].checked_in_at ?
		    fmt_clock(r->arena, s.time_zone, g[i].checked_in_at) : NULL;
		rows[k].checked_out = g[i].checked_out_at ?
		    fmt_clock(r->arena, s.time_zone, g[i].checked_out_at) : NULL;
		rows[k].hours = why == CREDIT_MET ?
		    fmt_hours(r->arena, s.ce_hours) : NULL;
		k++;
	}
	memset(&sheet, 0, sizeof(sheet));
	sheet.session = s.title;
	sheet.event = s.event_title;
	sheet.date = fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at);
	sheet.venue = arena_printf(r->arena, "%s, %s, %s", s.venue, s.city,
	    s.state);
	sheet.instructor = s.instructor;
	sheet.ce_hours = s.ce_hours > 0 ? fmt_hours(r->arena, s.ce_hours) : NULL;
	sheet.provider = e.nhosts ? e.hosts[0] : NULL;
	sheet.rows = rows;
	sheet.nrows = k;
	if (pdf_signin_sheet(&r->out, &sheet) == -1) {
		web_error(r, 500, "The sheet could not be drawn");
		return;
	}
	r->content_type = "application/pdf";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"sign-in-session-%lld.pdf\"", (long long)s.id));
}
