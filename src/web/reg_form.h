/* reg_form.h: the registration form's fields, shared by the page and the API. */
#ifndef CONVENE_REG_FORM_H
#define CONVENE_REG_FORM_H

#include "field.h"
#include "i18n.h"
#include "store.h"

struct arena;
struct html;
struct store_session;
struct store_reg_input;

enum regf {
	REGF_NAME,
	REGF_EMAIL,
	REGF_SECTOR,
	REGF_ORG,
	REGF_COUNTY,
	REGF_LICENSE,
	REGF__MAX
};
extern const struct field reg_fields[REGF__MAX];

struct reg_form {
	const char	*raw[REGF__MAX];	/* as entered */
	const char	*val[REGF__MAX];	/* validated; NULL when empty */
	const char	*err[REGF__MAX];	/* message, or NULL */
};

/*
 * Validates raw values for session s: a professional session requires
 * everything but the licence, from the session's own sectors; a public one
 * takes only an optional name and email and drops anything else.
 * Returns the number of wrong fields. in is filled from the valid values.
 */
int reg_form_check(struct arena *a, const struct store_session *s,
    struct reg_form *f, struct store_reg_input *in);
/*
 * A registration that waits for its commit holding no thread (the route
 * is WEB_WAITS): what the handler read and checked, and what
 * app_register answered. web_register_wait takes one of the client's
 * registrations (a 429 when it has none left) and queues it once the
 * connection is held (http_wait); answer(r, w) then fills the response on
 * a request thread, in the request's language. page is the handler's own.
 */
struct reg_wait {
	struct http_req			*r;
	const struct actor		*who;
	struct store_session		 s;
	struct store_reg_input		 in;
	struct store_registration	 reg;
	int				 rc;
	void				*page;
	void				(*answer)(struct http_req *,
					    struct reg_wait *);
};
void web_register_wait(struct http_req *r, const struct store_session *s,
    const struct store_reg_input *in,
    void (*answer)(struct http_req *, struct reg_wait *), void *page);
/* Draws the fields for session s with values and errors from f. */
void reg_form_render(struct html *h, struct arena *a,
    const struct store_session *s, const struct reg_form *f);

/*
 * The submit buttons of a walk-in form for s: label alone while places
 * are left; at a full session it says so and offers the explicit choice,
 * admit over capacity (when may_over) or the waiting list (admit=over,
 * admit=waitlist).
 */
void reg_form_walkin_submit(struct html *h, const struct store_session *s,
    const char *label, int may_over);
/* 1 when s has a capacity and every place is taken. */
int reg_form_full(const struct store_session *s);

/* What a registration with a known address is told, on the page and the
 * API alike (the ticket itself is never shown to whoever typed it). */
#define REG_SENT N_("We have sent the link to your ticket to this address. " \
	"Check your inbox (and spam folder).")
#define REG_ALREADY N_("This address is already registered for this " \
	"session. Use the ticket link you were given, or ask the organisers.")

#endif
