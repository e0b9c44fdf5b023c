/* page_cert.c: certificates (PDF, verification page and API) and the sign-in sheet. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "fmt.h"
#include "form.h"
#include "layout.h"
#include "pdf.h"
#include "api.h"
#include "ops.h"
#include "app.h"
#include "web.h"

/*
 * The approval statements a certificate carries (its JSON copy), each as
 * printed: the statement, then its course number; *n their count.
 */
static const char **
cert_approvals(struct arena *a, const struct store_certificate *c, size_t *n)
{
	json_t *list = c->approvals ? json_loads(c->approvals, 0, NULL) : NULL;
	const char **out = NULL;
	size_t i;

	*n = 0;
	if (list == NULL || !json_is_array(list) || json_array_size(list) == 0)
		goto out;
	out = arena_alloc(a, json_array_size(list) * sizeof(*out));
	for (i = 0; i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		const char *st = json_string_value(json_object_get(o,
		    "statement"));
		const char *no = json_string_value(json_object_get(o,
		    "course_number"));

		if (st == NULL)
			continue;
		out[(*n)++] = no && *no ? arena_printf(a, _("%s Course number: "
		    "%s"), st, no) : arena_strdup(a, st);
	}
out:
	json_decref(list);
	return out;
}

/*
 * The certificate's day and times: it keeps them as written when it was
 * issued, in English; for a reader of another language they are written
 * again from its session.
 */
static void
cert_when(struct http_req *r, const struct store_certificate *c,
    const char **date, const char **times)
{
	struct store_registration g;
	struct store_session s;

	*date = c->date;
	*times = c->times;
	if (i18n_get() == LANG_EN || store_registration_get(web_store(r),
	    r->arena, c->registration_id, &g) != STORE_OK ||
	    store_session_get(web_store(r), r->arena, g.session_id, &s) !=
	    STORE_OK)
		return;
	*date = fmt_day(r->arena, s.time_zone, s.starts_at);
	*times = fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at);
}

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
		web_error(r, 409, arena_printf(r->arena, _("No certificate yet: "
		    "%s"), gettext(core_credit_reasons[why])));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	if (c.revoked_at) {
		web_error(r, 410, arena_printf(r->arena, _("This certificate "
		    "was revoked on %s and can no longer be downloaded"),
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
	p.license = c.license;
	p.delivery = c.delivery ? gettext(app_delivery_name(c.delivery)) : NULL;
	cert_when(r, &c, &p.date, &p.times);
	p.approvals = cert_approvals(r->arena, &c, &p.napprovals);
	{
		unsigned char *logo;
		const char *type;

		if (app_logo(web_store(r), r->arena, &logo, &p.logo_len,
		    &type) == STORE_OK)
			p.logo = logo;
		else
			p.logo_len = 0;
	}
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
	html_lit(h, "<section class=\"certificate\"><h2>");
	html_t(h, "Certificate");
	html_lit(h, "</h2>\n<p>");
	if (have && c.revoked_at) {
		html_tf(h, "Your certificate %s was revoked on %s. Ask the "
		    "organisers if you think this is wrong.", c.code,
		    fmt_day(r->arena, s->time_zone, c.revoked_at));
	} else if (why == CREDIT_MET) {
		double hours = app_credit_hours(s, minutes);

		html_textf(h, NG_("You earned %s continuing-education hour.",
		    "You earned %s continuing-education hours.", hours == 1 ?
		    1 : 2), fmt_hours(r->arena, hours));
		html_lit(h, "</p>\n<p><a class=\"button\"");
		html_url(h, "href", arena_printf(r->arena,
		    "/tickets/%s/certificate.pdf", g->secret));
		html_lit(h, ">");
		html_t(h, "Download your certificate (PDF)");
		html_lit(h, "</a>");
		/* The same certificate for a digital wallet. */
		html_lit(h, " <a class=\"button secondary\"");
		html_url(h, "href", arena_printf(r->arena,
		    "/tickets/%s/credential.jwt", g->secret));
		html_lit(h, " download>");
		html_t(h, "Wallet credential (Open Badges)");
		html_lit(h, "</a>");
	} else if (why == CREDIT_NOT_ENDED)
		html_t(h, "After the session, your certificate appears here "
		    "if you checked in and out at the door.");
	else {
		html_tf(h, "No certificate: %s. If this is wrong, ask the "
		    "organisers to correct your times.",
		    gettext(core_credit_reasons[why]));
	}
	html_lit(h, "</p>\n</section>\n");
}

static void
verify_form(struct html *h, const char *value)
{
	html_lit(h, "<form class=\"staff\" method=\"get\" "
	    "action=\"/verify\">\n<div class=\"field\"><label for=\"code\">");
	html_t(h, "Verification code");
	html_lit(h, "</label><input id=\"code\" name=\"code\" "
	    "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"20\"");
	html_attr(h, "value", value ? value : "");
	html_lit(h, "></div>\n<button type=\"submit\">");
	html_t(h, "Verify");
	html_lit(h, "</button>\n</form>\n");
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
	html_lit(&h, "<h1>");
	html_t(&h, "Verify a certificate");
	html_lit(&h, "</h1>\n<p>");
	html_t(&h, "Enter the code printed on the certificate, or scan its "
	    "QR code.");
	html_lit(&h, "</p>\n");
	if (code) {
		html_lit(&h, "<p class=\"notice\" role=\"alert\">");
		html_t(&h, "That is not a certificate code: codes look like "
		    "ABCDE-FGHJK.");
		html_lit(&h, "</p>\n");
	}
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
	const char **approvals;
	size_t napprovals, i;
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
		html_lit(&h, "<h1>");
		html_t(&h, "Certificate not found");
		html_lit(&h, "</h1>\n<p>");
		html_t(&h, "No certificate has this code. Check it against "
		    "the printed one.");
		html_lit(&h, "</p>\n");
		verify_form(&h, r->params[0]);
		layout_end(&h);
		return;
	}
	if (c.revoked_at) {
		layout_begin(&h, r, "Revoked certificate");
		html_lit(&h, "<h1>");
		html_t(&h, "Revoked certificate");
		html_lit(&h, "</h1>\n<p class=\"ticket-status "
		    "status-cancelled\">");
		html_t(&h, "This certificate was revoked on ");
		html_text(&h, fmt_day(r->arena, "UTC", c.revoked_at));
		html_lit(&h, " (");
		html_text(&h, fmt_iso(r->arena, "UTC", c.revoked_at));
		html_t(&h, "). It no longer attests attendance or hours.");
		html_lit(&h, "</p>\n<dl class=\"facts\">\n<dt>");
		html_t(&h, "Code");
		html_lit(&h, "</dt><dd><code>");
	} else {
		layout_begin(&h, r, "Valid certificate");
		html_lit(&h, "<h1>");
		html_t(&h, "Valid certificate");
		html_lit(&h, "</h1>\n<p class=\"ticket-status "
		    "status-confirmed\">");
		html_tf(&h, "This certificate of attendance was issued by %s "
		    "on %s.", c.provider && *c.provider ? c.provider :
		    _("the training's provider"), fmt_day(r->arena, "UTC",
		    c.issued_at));
		html_lit(&h, "</p>\n<dl class=\"facts\">\n<dt>");
		html_t(&h, "Code");
		html_lit(&h, "</dt><dd><code>");
	}
	html_text(&h, c.code);
	html_lit(&h, "</code></dd>\n<dt>");
	html_t(&h, "Name");
	html_lit(&h, "</dt><dd>");
	html_text(&h, c.name);
	html_lit(&h, "</dd>\n");
	if (c.license) {
		html_lit(&h, "<dt>");
		html_t(&h, "Licence number");
		html_lit(&h, "</dt><dd>");
		html_text(&h, c.license);
		html_lit(&h, "</dd>\n");
	}
	html_lit(&h, "<dt>");
	html_t(&h, "Session");
	html_lit(&h, "</dt><dd>");
	html_text(&h, c.session);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Event");
	html_lit(&h, "</dt><dd>");
	html_text(&h, c.event);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Date and time");
	html_lit(&h, "</dt><dd>");
	{
		const char *date, *times;

		cert_when(r, &c, &date, &times);
		html_text(&h, times ? times : date);
	}
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Format");
	html_lit(&h, "</dt><dd>");
	html_text(&h, gettext(app_delivery_name(c.delivery)));
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Place");
	html_lit(&h, "</dt><dd>");
	html_text(&h, c.venue);
	html_lit(&h, ", ");
	html_text(&h, c.city);
	html_lit(&h, "</dd>\n");
	if (c.instructor) {
		html_lit(&h, "<dt>");
		html_t(&h, "Instructor");
		html_lit(&h, "</dt><dd>");
		html_text(&h, c.instructor);
		html_lit(&h, "</dd>\n");
	}
	html_lit(&h, "<dt>");
	html_t(&h, "CE hours");
	html_lit(&h, "</dt><dd>");
	html_text(&h, fmt_hours(r->arena, c.hours));
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Provider");
	html_lit(&h, "</dt><dd>");
	html_text(&h, c.provider);
	html_lit(&h, "</dd>\n");
	approvals = cert_approvals(r->arena, &c, &napprovals);
	if (napprovals) {
		html_lit(&h, "<dt>");
		html_t(&h, "Approvals");
		html_lit(&h, "</dt><dd><ul class=\"approvals\">");
		for (i = 0; i < napprovals; i++) {
			html_lit(&h, "<li>");
			html_text(&h, approvals[i]);
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul></dd>\n");
	}
	html_lit(&h, "</dl>\n");
	layout_end(&h);
}

/* See web.h. */
int
web_load_certificate(struct http_req *r, const char *typed,
    struct store_certificate *c)
{
	char norm[CERT_CODE_LEN + 2];
	int rc = STORE_NOTFOUND;

	if (core_code_normalise(typed, norm) == 0)
		rc = store_certificate_by_code(web_store(r), r->arena, norm, c);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No certificate has this code");
		return -1;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure");
		return -1;
	}
	return 0;
}

/* GET /api/v1/certificates/{code}. */
void
api_certificate(struct http_req *r)
{
	struct store_certificate c;

	if (web_load_certificate(r, r->params[0], &c) == -1)
		return;
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
		rows[k].sector = sec >= 0 ? gettext(core_sector_names[sec]) : NULL;
		rows[k].organization = g[i].organization;
		rows[k].checked_in = g[i].checked_in_at ?
		    fmt_clock(r->arena, s.time_zone, g[i].checked_in_at) : NULL;
		rows[k].checked_out = g[i].checked_out_at ?
		    fmt_clock(r->arena, s.time_zone, g[i].checked_out_at) : NULL;
		rows[k].license = g[i].license;
		rows[k].hours = why == CREDIT_MET ? fmt_hours(r->arena,
		    app_credit_hours(&s, minutes)) :
		    *core_credit_short[why] ? gettext(core_credit_short[why]) :
		    "";
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
	sheet.provider = app_provider(web_store(r), r->arena, &e);
	sheet.credit_rule = s.ce_hours > 0 ? app_credit_rule_text(r->arena,
	    &s) : NULL;
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

/* POST /staff/sessions/{id}/certify: what convene certify does, then who
 * got one and who is still short and why. */
void
page_staff_certify(struct http_req *r)
{
	struct html h = { &r->out };
	struct app_certify_result res;
	struct store_session s;
	struct http_form form;
	size_t i;
	int rc;

	if (web_load_session(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	rc = app_certify_session(web_app(r), web_actor(r), r->arena, s.id,
	    &res);
	if (web_app_refused(r, rc))
		return;
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; no "
		    "certificate was issued");
		return;
	}
	layout_staff_begin(&h, r, arena_printf(r->arena, _("Certificates: %s"),
	    s.title));
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a");
	html_url(&h, "href", arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations", (long long)s.id));
	html_lit(&h, ">");
	html_t(&h, "Roster");
	html_lit(&h, "</a></nav>\n<h1>");
	html_t(&h, "Certificates issued");
	html_lit(&h, "</h1>\n<p class=\"notice saved\" role=\"status\">");
	/* Two counts in one sentence: the plural form follows the first,
	 * and the second picks its sentence by one or more. */
	if (res.nshort == 1)
		html_textf(&h, NG_("%zu certificate issued now, %zu issued "
		    "before; %zu person is still short.", "%zu certificates "
		    "issued now, %zu issued before; %zu person is still short.",
		    res.issued), res.issued, res.before, res.nshort);
	else
		html_textf(&h, NG_("%zu certificate issued now, %zu issued "
		    "before; %zu people are still short.", "%zu certificates "
		    "issued now, %zu issued before; %zu people are still "
		    "short.", res.issued), res.issued, res.before, res.nshort);
	html_lit(&h, "</p>\n<p>");
	html_text(&h, s.title);
	html_lit(&h, " · ");
	html_text(&h, fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at));
	html_lit(&h, "<br>");
	html_tf(&h, "Credit rule: %s", app_credit_rule_text(r->arena, &s));
	html_lit(&h, "</p>\n");
	if (res.nshort) {
		html_lit(&h, "<h2>");
		html_t(&h, "Still short");
		html_lit(&h, "</h2>\n<div class=\"table-wrap\">"
		    "<table class=\"staff roster\"><thead><tr><th "
		    "scope=\"col\">");
		html_t(&h, "Name");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Why");
		html_lit(&h, "</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < res.n; i++) {
			if (res.people[i].why == CREDIT_MET)
				continue;
			html_lit(&h, "<tr><td>");
			html_text(&h, res.people[i].name);
			html_lit(&h, "</td><td>");
			html_text(&h,
			    gettext(core_credit_reasons[res.people[i].why]));
			html_lit(&h, "</td></tr>\n");
		}
		html_lit(&h, "</tbody></table></div>\n<p class=\"muted\">");
		html_t(&h, "Correct a person's times on the roster if they are "
		    "wrong, then issue again: certificates already issued keep "
		    "their codes.");
		html_lit(&h, "</p>\n");
	}
	if (res.issued + res.before) {
		html_lit(&h, "<h2>");
		html_t(&h, "Certificates");
		html_lit(&h, "</h2>\n<div class=\"table-wrap\">"
		    "<table class=\"staff roster\"><thead><tr><th "
		    "scope=\"col\">");
		html_t(&h, "Name");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Code");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "CE hours");
		html_lit(&h, "</th><th scope=\"col\"></th></tr></thead>\n"
		    "<tbody>\n");
		for (i = 0; i < res.n; i++) {
			const struct app_certified *p = &res.people[i];

			if (p->why != CREDIT_MET)
				continue;
			html_lit(&h, "<tr><td>");
			html_text(&h, p->name);
			html_lit(&h, "</td><td><a");
			html_url(&h, "href", arena_printf(r->arena,
			    "/verify/%s", p->code));
			html_lit(&h, "><code>");
			html_text(&h, p->code);
			html_lit(&h, "</code></a></td><td>");
			html_text(&h, fmt_hours(r->arena, p->hours));
			html_lit(&h, "</td><td>");
			html_text(&h, p->fresh ? _("issued now") :
			    _("issued before"));
			html_lit(&h, "</td></tr>\n");
		}
		html_lit(&h, "</tbody></table></div>\n");
	}
	layout_end(&h);
}

/* POST /api/v1/sessions/{id}/certificates: as convene certify. */
void
api_certify(struct http_req *r)
{
	struct app_certify_result res;
	struct store_session s;
	json_t *shorts, *issued;
	size_t i;
	int rc;

	if (web_load_session(r, &s) == -1)
		return;
	rc = app_certify_session(web_app(r), web_actor(r), r->arena, s.id,
	    &res);
	if (web_app_refused(r, rc))
		return;
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure; no certificate was issued");
		return;
	}
	shorts = json_array();
	issued = json_array();
	for (i = 0; i < res.n; i++) {
		const struct app_certified *p = &res.people[i];

		if (p->why != CREDIT_MET)
			json_array_append_new(shorts, json_pack("{s:I, s:s, s:s, "
			    "s:s}", "registration_id",
			    (json_int_t)p->registration_id, "name", p->name,
			    "outcome", core_credit_keys[p->why], "reason",
			    core_credit_reasons[p->why]));
		else
			json_array_append_new(issued, json_pack("{s:I, s:s, s:s, "
			    "s:f, s:b}", "registration_id",
			    (json_int_t)p->registration_id, "name", p->name,
			    "code", p->code, "ce_hours", p->hours, "new",
			    p->fresh));
	}
	api_reply(r, 200, json_pack("{s:I, s:I, s:I, s:o, s:o}", "issued",
	    (json_int_t)res.issued, "issued_before", (json_int_t)res.before,
	    "short_count", (json_int_t)res.nshort, "certificates", issued,
	    "short", shorts));
}
