/* lang.c: the language of a request: ?lang= (remembered in a cookie), else the cookie, else Accept-Language; and the switch every page shows. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "http.h"
#include "html.h"
#include "web.h"

#define LANG_COOKIE "lang"
#define LANG_MAX_AGE (365 * 24 * 3600)

/* See web.h. */
enum lang
web_lang_pick(struct http_req *r, int *chosen)
{
	const char *q = http_query(r, "lang"), *c = http_cookie(r, LANG_COOKIE);
	enum lang l;

	*chosen = 0;
	if (q != NULL && i18n_parse(q, &l) == 0) {
		/* A choice made on a page holds on the next ones. */
		http_set_header(r, "Set-Cookie", arena_printf(r->arena,
		    LANG_COOKIE "=%s; Path=/; SameSite=Lax; Max-Age=%d%s",
		    i18n_code(l), LANG_MAX_AGE,
		    web_cookie_secure(r) ? "; Secure" : ""));
		*chosen = 1;
		return l;
	}
	if (c != NULL && i18n_parse(c, &l) == 0) {
		*chosen = 1;
		return l;
	}
	return i18n_accept(http_header(r, "Accept-Language"));
}

/* See web.h. */
void
web_lang_own(struct http_req *r, const char *code)
{
	struct web_req *w = r->local;

	if (code != NULL && (w == NULL || !w->lang_chosen)) {
		i18n_set(i18n_from_code(code));
		if (w != NULL)
			w->lang = i18n_get();
	}
}

/* See web.h. */
void
web_lang_switch(struct html *h, struct http_req *r)
{
	enum lang now = i18n_get(), l;

	html_lit(h, "<nav class=\"lang-switch\"");
	html_attr_t(h, "aria-label", "Language");
	html_lit(h, "><ul>");
	for (l = 0; l < LANG__MAX; l++) {
		html_lit(h, "<li>");
		if (l == now) {
			html_lit(h, "<span aria-current=\"true\"");
		} else {
			/* A plain link: it works without script, and the
			 * cookie it sets keeps the choice. */
			html_lit(h, "<a");
			html_url(h, "href", arena_printf(r->arena, "%s?lang=%s",
			    r->path, i18n_code(l)));
			html_attr(h, "hreflang", i18n_code(l));
		}
		html_attr(h, "lang", i18n_code(l));
		html_lit(h, ">");
		html_text(h, i18n_name(l));
		if (l == now)
			html_lit(h, "</span>");
		else
			html_lit(h, "</a>");
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></nav>");
}
