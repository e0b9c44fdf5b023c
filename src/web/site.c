/* site.c: the site's own name: its address for links, its host for calendar UIDs, the organiser of its calendars. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "ics.h"
#include "mail.h"
#include "web.h"

/* 1 when the Host header is a plain host[:port] (no injection into links). */
static int
host_ok(const char *host)
{
	const char *p;

	if (host == NULL || *host == '\0' || strlen(host) > 100)
		return 0;
	for (p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == ':' || *p == '[' || *p == ']'))
			return 0;
	return 1;
}

/* See web.h. */
const char *
web_base_url(struct http_req *r)
{
	struct web_ctx *ctx = r->app;
	const char *host = http_header(r, "Host");

	if (ctx->base_url)
		return ctx->base_url;
	if (!host_ok(host))
		return "http://localhost";
	return arena_printf(r->arena, "http://%s", host);
}

/* See web.h. */
const char *
web_site_host(struct http_req *r)
{
	struct web_ctx *ctx = r->app;
	const char *host = http_header(r, "Host");
	char out[256];

	/* The mail sender's rule first, so a ticket's file and its e-mails
	 * carry one UID. */
	if (mail_host_of(ctx->base_url, ctx->from, out, sizeof(out)) == 0 ||
	    !host_ok(host))
		return arena_strdup(r->arena, out);
	snprintf(out, sizeof(out), "%.*s", *host == '[' ?
	    (int)strcspn(host, "]") + 1 : (int)strcspn(host, ":"), host);
	str_lower(out);
	return arena_strdup(r->arena, out);
}

/* See web.h. */
void
web_ics_organizer(struct http_req *r, struct ics_event *ev)
{
	struct web_ctx *ctx = r->app;
	char name[320], addr[320];

	if (ctx->from != NULL && *ctx->from) {
		mail_split_from(ctx->from, name, sizeof(name), addr,
		    sizeof(addr));
		ev->organizer = arena_strdup(r->arena, addr);
		ev->organizer_name = *name ? arena_strdup(r->arena, name) :
		    NULL;
		return;
	}
	/* RFC 5546 wants an ORGANIZER even in a published file. */
	ev->organizer = arena_printf(r->arena, "noreply@%s", web_site_host(r));
	ev->organizer_name = NULL;
}
