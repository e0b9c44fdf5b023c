/* limited.c: the 429 a client gets past a limit per address. */
#include <stdio.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "web.h"

static const char *const why[LIMIT__MAX] = {
	[LIMIT_REGISTER] = N_("Too many registrations from your network in "
	    "the last ten minutes. Please try again later, or ask the "
	    "organisers to register your group."),
	[LIMIT_QA_JOIN] = N_("Too many new participants from your network in "
	    "the last ten minutes. Please try again in a few minutes."),
	[LIMIT_QA_ASK] = N_("Too many questions from your network in the "
	    "last ten minutes. Please wait a few minutes before asking."),
	[LIMIT_QA_VOTE] = N_("Too many votes from your network in the last "
	    "ten minutes. Please wait a few minutes."),
};

/* See web.h. */
const char *
web_limit_message(enum limit_kind k)
{
	/* In the reader's language. */
	return why[k] ? gettext(why[k]) : _("Too many requests from your "
	    "network; please try again later.");
}

/* See web.h. */
int
web_limited(struct http_req *r, enum limit_kind k, int staff_exempt)
{
	unsigned retry;

	if (staff_exempt && web_user(r) != NULL)
		return 0;
	if (http_limit_take(r, k, &retry) == 0)
		return 0;
	http_set_header(r, "Retry-After", arena_printf(r->arena, "%u", retry));
	web_error(r, 429, web_limit_message(k));
	return 1;
}
