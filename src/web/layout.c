/* layout.c: the page frame, with the hotline and quick exit on every page. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "core.h"
#include "store.h"
#include "http.h"
#include "html.h"
#include "layout.h"
#include "hotline.h"
#include "web.h"

/* Where quick exit goes: an ordinary, unrelated page. */
#define QUICK_EXIT_URL "https://www.weather.gov/"

/* See layout.h. */
void
hotline_html(struct html *h, int prose)
{
	const struct hotline *l = hotline_get();
	char href[64];

	/* The default line's name is translated; a configured one is not. */
	if (prose)
		html_t(h, "call the ");
	html_text(h, gettext(l->name));
	if (prose)
		html_t(h, " at ");
	else
		html_t(h, ": call ");
	snprintf(href, sizeof(href), "tel:%s", l->tel);
	html_lit(h, "<a");
	html_attr(h, "href", href);
	html_lit(h, ">");
	html_text(h, l->phone);
	html_lit(h, "</a>");
	if (*l->text != '\0') {
		snprintf(href, sizeof(href), "sms:%s", l->text);
		html_t(h, " or text ");
		html_lit(h, "<a");
		html_attr(h, "href", href);
		html_lit(h, ">");
		html_text(h, l->text);
		html_lit(h, "</a>");
	}
	html_lit(h, ".");
}

/* The name the site goes by: the provider's, once a coordinator sets it. */
static const char *
site_name(struct http_req *r)
{
	char *name = NULL;

	if (r != NULL && r->local != NULL && store_setting_get(web_store(r),
	    r->arena,
	    "provider_name", &name) == STORE_OK && name != NULL && *name)
		return name;
	return NULL;
}

/* 1 when the provider has a logo (served at /logo). */
static int
has_logo(struct http_req *r)
{
	char *type = NULL;

	return r != NULL && r->local != NULL && store_setting_get(web_store(r),
	    r->arena, "logo_type", &type) == STORE_OK && type != NULL &&
	    *type != '\0';
}

/* The document's head and the safety banner; exit: with the quick exit. */
static void
frame(struct html *h, struct http_req *r, const char *title, int exit)
{
	char desc[512];

	title = gettext(title);	/* a literal title is marked by its call */
	/* What a search result shows under the title (a long title is left
	 * out rather than cut inside a character). */
	snprintf(desc, sizeof(desc), "%s%s%s", strlen(title) < 300 ? title : "",
	    strlen(title) < 300 ? ": " : "", _("Trainings for professionals "
	    "and public forums against human trafficking, with registration, "
	    "tickets and live questions."));
	const char *name = site_name(r);

	html_lit(h, "<!DOCTYPE html>\n<html");
	html_attr(h, "lang", i18n_code(i18n_get()));
	html_lit(h, ">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"description\"");
	html_attr(h, "content", desc);
	html_lit(h, ">\n<title>");
	html_text(h, title);
	html_lit(h, " — ");
	html_text(h, name ? name : "convene");
	html_lit(h, "</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/convene.css\">\n"
	    "<link rel=\"icon\" href=\"/static/favicon.svg\" "
	    "type=\"image/svg+xml\">\n"
	    "<script src=\"/static/convene.js\" defer></script>\n"
	    "</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">");
	html_t(h, "Skip to content");
	html_lit(h, "</a>\n<div class=\"safety\" role=\"complementary\"");
	html_attr_t(h, "aria-label", "Help and safety");
	html_lit(h, ">\n<p class=\"hotline\">");
	hotline_html(h, 0);
	html_lit(h, " ");
	html_t(h, "Confidential, 24 hours.");
	html_lit(h, "</p>\n");
	/* GOV.UK's "Exit this page": the button, or Shift three times. */
	if (exit) {
		html_lit(h, "<a class=\"quick-exit\" id=\"quick-exit\"");
		html_url(h, "href", QUICK_EXIT_URL);
		html_lit(h, " rel=\"noreferrer\">");
		html_t(h, "Quick exit");
		html_lit(h, "</a>\n");
	}
	html_lit(h, "</div>\n");
	if (exit) {
		html_lit(h, "<p class=\"quick-exit-help\">");
		html_t(h, "Quick exit, or pressing Shift three times, leaves "
		    "this site at once. It does not clear your browser's "
		    "history.");
		html_lit(h, "</p>\n");
	}
	html_lit(h, "<header class=\"site\"><a class=\"brand\" href=\"/\">");
	if (has_logo(r))
		html_lit(h, "<img class=\"site-logo\" src=\"/logo\" alt=\"\">");
	html_text(h, name ? name : "convene");
	html_lit(h, "</a><span class=\"tagline\">");
	html_t(h, "Trainings and public forums against human trafficking");
	html_lit(h, "</span>");
	web_lang_switch(h, r);
	html_lit(h, "</header>\n<main id=\"main\">\n");
}

/* See layout.h. */
void
layout_begin(struct html *h, struct http_req *r, const char *title)
{
	frame(h, r, title, 1);
}

/* See layout.h. */
void
layout_begin_screen(struct html *h, struct http_req *r, const char *title,
    int refresh)
{
	char secs[16];

	(void)r;
	title = gettext(title);
	html_lit(h, "<!DOCTYPE html>\n<html");
	html_attr(h, "lang", i18n_code(i18n_get()));
	html_lit(h, " class=\"projector\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	html_text(h, title);
	html_lit(h, " — convene</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/convene.css\">\n"
	    "<link rel=\"icon\" href=\"/static/favicon.svg\" "
	    "type=\"image/svg+xml\">\n"
	    "<script src=\"/static/convene.js\" defer></script>\n");
	/* A projector without script still moves on: the page reloads. */
	if (refresh > 0) {
		snprintf(secs, sizeof(secs), "%d", refresh);
		html_lit(h, "<noscript><meta http-equiv=\"refresh\"");
		html_attr(h, "content", secs);
		html_lit(h, "></noscript>\n");
	}
	html_lit(h, "</head>\n<body class=\"projector\">\n<main id=\"main\">\n");
}

/* See layout.h. */
void
layout_end_screen(struct html *h, struct http_req *r)
{
	html_lit(h, "</main>\n<footer class=\"screen-help\"><p>");
	hotline_html(h, 0);
	html_lit(h, " ");
	html_t(h, "Confidential, 24 hours.");
	html_lit(h, "</p>");
	/* Small, for whoever sets the screen up; the room reads the rest. */
	web_lang_switch(h, r);
	html_lit(h, "</footer>\n</body>\n</html>\n");
}

/* See layout.h. */
void
layout_csrf(struct html *h, struct http_req *r)
{
	html_lit(h, "<input type=\"hidden\" name=\"csrf\"");
	html_attr(h, "value", web_staff_csrf(r));
	html_lit(h, ">\n");
}

/* See layout.h. */
void
layout_staff_begin(struct html *h, struct http_req *r, const char *title)
{
	struct store_user *u = web_user(r);

	frame(h, r, title, 0);	/* staff: no quick exit to lose work to */
	if (u == NULL)
		return;
	html_lit(h, "<nav class=\"staff-nav\"");
	html_attr_t(h, "aria-label", "Staff");
	html_lit(h, "><ul>\n<li><a href=\"/staff\">");
	html_t(h, "Events");
	html_lit(h, "</a></li>\n");
	if (u->roles & (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_PARTNER))) {
		html_lit(h, "<li><a href=\"/staff/reports\">");
		html_t(h, "Reports");
		html_lit(h, "</a></li>\n");
	}
	if (u->roles & ROLE_BIT(ROLE_COORDINATOR)) {
		html_lit(h, "<li><a href=\"/staff/places\">");
		html_t(h, "Places and people");
		html_lit(h, "</a></li>\n<li><a href=\"/staff/certificates\">");
		html_t(h, "Certificates");
		html_lit(h, "</a></li>\n<li><a href=\"/staff/users\">");
		html_t(h, "Staff");
		html_lit(h, "</a></li>\n<li><a href=\"/staff/audit\">");
		html_t(h, "Audit log");
		html_lit(h, "</a></li>\n");
	}
	html_lit(h, "<li><a href=\"/staff/password\">");
	html_t(h, "Password");
	html_lit(h, "</a></li>\n"
	    "<li><form method=\"post\" action=\"/staff/logout\">");
	layout_csrf(h, r);
	html_lit(h, "<button type=\"submit\" class=\"link\">");
	html_tf(h, "Sign out %s", u->name);
	html_lit(h, "</button></form></li>\n</ul></nav>\n");
	if (r->method == HTTP_GET && http_query(r, "saved") != NULL) {
		html_lit(h, "<p class=\"notice saved\" role=\"status\">");
		html_t(h, "Saved.");
		html_lit(h, "</p>\n");
	}
	/* Without SMTP, messages wait: coordinators must know people are
	 * not being told. */
	if ((u->roles & ROLE_BIT(ROLE_COORDINATOR)) &&
	    !((struct web_ctx *)r->app)->mail) {
		int64_t n = 0;

		if (store_outbox_waiting(web_store(r), &n) == STORE_OK) {
			html_lit(h, "<p class=\"notice mail-off\" role=\"status\">");
			html_textf(h, NG_("E-mail is not set up: %lld message "
			    "waiting.", "E-mail is not set up: %lld messages "
			    "waiting.", n), (long long)n);
			html_lit(h, " ");
			html_tm(h, "People are not being told of changes, "
			    "reminders or their tickets until SMTP is set up "
			    "(serve --config); <code>convene outbox</code> lists "
			    "them.");
			html_lit(h, "</p>\n");
		}
	}
}

/* See layout.h. */
void
layout_end(struct html *h)
{
	html_lit(h, "</main>\n<footer class=\"site\">\n<p>");
	html_t(h, "If you or someone you know needs help, ");
	hotline_html(h, 1);
	html_lit(h, " ");
	html_t(h, "In an emergency, call 911.");
	html_lit(h, "</p>\n<p class=\"exit-note\">");
	html_t(h, "Quick exit (or pressing Shift three times) leaves this "
	    "site at once. It does not erase your browser history: use a "
	    "private window, or clear your history afterwards.");
	html_lit(h, "</p>\n</footer>\n</body>\n</html>\n");
}
