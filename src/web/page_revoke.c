/* page_revoke.c: the coordinator's certificate look-up and revoking one, page and API. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "layout.h"
#include "api.h"
#include "app.h"
#include "web.h"

static void
fact(struct html *h, const char *term, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	html_lit(h, "<dt>");
	html_text(h, term);
	html_lit(h, "</dt><dd>");
	html_text(h, value);
	html_lit(h, "</dd>\n");
}

/* The look-up page: code (normalised or as typed), the certificate when
 * found (NULL: none), an error for the reason field. */
static void
certificate_page(struct http_req *r, int status, const char *typed,
    const struct store_certificate *c, const char *err)
{
	struct html h = { &r->out };

	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, "Certificates");
	html_lit(&h, "<h1>");
	html_t(&h, "Certificates");
	html_lit(&h, "</h1>\n<p><a href=\"/staff/certificates/settings\">");
	html_t(&h, "Provider, logo and approval statements");
	html_lit(&h, "</a></p>\n<form class=\"filters\" "
	    "method=\"get\" action=\"/staff/certificates\">\n<div class=\"field\">"
	    "<label for=\"code\">");
	html_t(&h, "Verification code");
	html_lit(&h, "</label><input id=\"code\" "
	    "name=\"code\" maxlength=\"20\" autocomplete=\"off\" "
	    "spellcheck=\"false\"");
	html_attr(&h, "value", typed ? typed : "");
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Find");
	html_lit(&h, "</button>\n</form>\n");
	if (typed && *typed && c == NULL) {
		html_lit(&h, "<p class=\"notice\" role=\"alert\">");
		html_t(&h, "No certificate has this code.");
		html_lit(&h, "</p>\n");
	}
	if (c == NULL) {
		layout_end(&h);
		return;
	}
	html_lit(&h, "<h2>");
	html_text(&h, c->code);
	html_lit(&h, "</h2>\n");
	if (c->revoked_at) {
		html_lit(&h, "<p class=\"notice\">");
		html_tf(&h, "Revoked on %s. Reason (staff only): %s",
		    fmt_iso(r->arena, "UTC", c->revoked_at),
		    c->revoked_reason ? c->revoked_reason : "");
		html_lit(&h, "</p>\n");
	} else {
		html_lit(&h, "<p><span class=\"tag\">");
		html_t(&h, "Valid");
		html_lit(&h, "</span></p>\n");
	}
	html_lit(&h, "<dl class=\"facts\">\n");
	fact(&h, _("Name"), c->name);
	fact(&h, _("Session"), c->session);
	fact(&h, _("Event"), c->event);
	fact(&h, _("Date"), c->date);
	fact(&h, _("CE hours"), fmt_hours(r->arena, c->hours));
	fact(&h, _("Issued"), fmt_iso(r->arena, "UTC", c->issued_at));
	html_lit(&h, "</dl>\n<p><a");
	html_url(&h, "href", arena_printf(r->arena, "/verify/%s", c->code));
	html_lit(&h, ">");
	html_t(&h, "Public verification page");
	html_lit(&h, "</a></p>\n");
	if (!c->revoked_at) {
		html_lit(&h, "<h2>");
		html_t(&h, "Revoke");
		html_lit(&h, "</h2>\n<p>");
		html_t(&h, "Revoking is for good: the verification page, its "
		    "API and the wallet credential say revoked, and the PDF "
		    "can no longer be downloaded.");
		html_lit(&h, "</p>\n<form class=\"staff\" method=\"post\" "
		    "novalidate");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/certificates/%s/revoke", c->code));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<div class=\"field");
		if (err)
			html_lit(&h, " has-error");
		html_lit(&h, "\"><label for=\"reason\">");
		html_t(&h, "Reason (kept in the audit log, never shown "
		    "publicly)");
		html_lit(&h, "</label>");
		if (err) {
			html_lit(&h, "<p class=\"field-error\" id=\"reason-error\">");
			html_text(&h, err);
			html_lit(&h, "</p>");
		}
		html_lit(&h, "<textarea id=\"reason\" name=\"reason\" rows=\"3\" "
		    "maxlength=\"500\" required");
		if (err)
			html_lit(&h, " aria-invalid=\"true\" "
			    "aria-describedby=\"reason-error\"");
		html_lit(&h, "></textarea></div>\n<button type=\"submit\" "
		    "class=\"danger\">");
		html_t(&h, "Revoke this certificate");
		html_lit(&h, "</button>\n</form>\n");
	}
	layout_end(&h);
}

/* The certificate of a typed code; 1 found, 0 not, -1 failure answered. */
static int
find(struct http_req *r, const char *typed, struct store_certificate *c)
{
	char norm[CERT_CODE_LEN + 2];
	int rc;

	if (typed == NULL || core_code_normalise(typed, norm) != 0)
		return 0;
	rc = store_certificate_by_code(web_store(r), r->arena, norm, c);
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return 1;
}

/* GET /staff/certificates?code=: find a certificate by its code. */
void
page_staff_certificates(struct http_req *r)
{
	struct store_certificate c;
	const char *code = http_query(r, "code");
	int found;

	if ((found = find(r, code, &c)) == -1)
		return;
	certificate_page(r, code && *code && !found ? 404 : 200, code,
	    found ? &c : NULL, NULL);
}

/* POST /staff/certificates/{code}/revoke: reason. */
void
page_staff_certificate_revoke(struct http_req *r)
{
	struct store_certificate c;
	struct http_form form;
	const char *reason;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	if ((rc = find(r, r->params[0], &c)) != 1) {
		if (rc == 0)
			web_error(r, 404, "No certificate has this code");
		return;
	}
	reason = http_form_get(&form, "reason");
	rc = app_certificate_revoke(web_app(r), web_actor(r), r->arena, c.code,
	    reason, &c);
	if (rc == STORE_CLOSED) {
		certificate_page(r, 422, c.code, &c, _("Give the reason, up to "
		    "500 characters."));
		return;
	}
	if (rc != STORE_OK && rc != STORE_EXISTS) {
		web_error(r, rc == APP_FORBIDDEN ? 403 : 500, rc ==
		    APP_FORBIDDEN ? N_("Only coordinators revoke "
		    "certificates") : N_("Something went wrong on our side; "
		    "nothing was changed"));
		return;
	}
	http_redirect(r, arena_printf(r->arena, "/staff/certificates?code=%s",
	    c.code));
}

/* POST /api/v1/certificates/{code}/revocation {reason}. */
void
api_certificate_revoke(struct http_req *r)
{
	struct store_certificate c;
	json_t *body, *v;
	char *reason = NULL;
	int rc;

	if ((rc = find(r, r->params[0], &c)) != 1) {
		if (rc == 0)
			web_error(r, 404, "No certificate has this code");
		return;
	}
	if ((body = api_body(r)) == NULL)
		return;
	v = json_object_get(body, "reason");
	if (json_is_string(v) && strlen(json_string_value(v)) ==
	    json_string_length(v))
		reason = arena_strdup(r->arena, json_string_value(v));
	json_decref(body);
	rc = app_certificate_revoke(web_app(r), web_actor(r), r->arena, c.code,
	    reason, &c);
	switch (rc) {
	case STORE_OK:
		api_reply(r, 200, api_certificate_json(r, &c));
		return;
	case STORE_EXISTS:
		web_error(r, 409, "This certificate was revoked already");
		return;
	case STORE_CLOSED:
		api_unprocessable(r, json_pack("{s:s}", "reason", "give the "
		    "reason as text, 1 to 500 characters"));
		return;
	case APP_FORBIDDEN:
		web_error(r, 403, "Only coordinators revoke certificates");
		return;
	default:
		web_error(r, 500, "Database failure; nothing was changed");
		return;
	}
}
