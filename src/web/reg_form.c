/* reg_form.c: the registration field table and its session-specific rules. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "reg_form.h"

const struct field reg_fields[REGF__MAX] = {
	[REGF_NAME] = { "name", N_("Name"), FIELD_TEXT, 120, "name", NULL,
	    N_("Enter your name.") },
	[REGF_EMAIL] = { "email", N_("Email"), FIELD_EMAIL, 254, "email", NULL,
	    N_("Enter your email address.") },
	[REGF_SECTOR] = { "sector", N_("Sector"), FIELD_CHOICE, 32, NULL, NULL,
	    N_("Choose your sector.") },
	[REGF_ORG] = { "organization", N_("Organization"), FIELD_TEXT, 160,
	    "organization", N_("Your agency, hospital, school or group."),
	    N_("Enter your organization.") },
	[REGF_COUNTY] = { "county", N_("County"), FIELD_TEXT, 80, NULL,
	    N_("The county where you work."), N_("Enter your county.") },
	[REGF_LICENSE] = { "license", N_("Licence number (optional)"),
	    FIELD_TEXT, 64, NULL, N_("For continuing-education credit with your board."),
	    NULL },
};

/* The sectors session s admits, as select options. */
static size_t
sector_options(const struct store_session *s, struct field_option *opts)
{
	size_t n = 0;
	int i;

	for (i = 0; i < SECTOR__MAX; i++)
		if (s->sectors == 0 || (s->sectors & (1u << i))) {
			opts[n].value = core_sector_keys[i];
			opts[n].label = core_sector_names[i];
			n++;
		}
	return n;
}

static int
professional_only(int i)
{
	return i == REGF_SECTOR || i == REGF_ORG || i == REGF_COUNTY ||
	    i == REGF_LICENSE;
}

/* See reg_form.h. */
int
reg_form_check(struct arena *a, const struct store_session *s,
    struct reg_form *f, struct store_reg_input *in)
{
	struct field_option opts[SECTOR__MAX];
	size_t nopts = sector_options(s, opts);
	int pro = s->audience == AUDIENCE_PROFESSIONAL, i, bad = 0;

	for (i = 0; i < REGF__MAX; i++) {
		f->val[i] = f->err[i] = NULL;
		if (!pro && professional_only(i))
			continue;	/* a public session keeps none of it */
		if (field_check(a, &reg_fields[i], f->raw[i],
		    pro && i != REGF_LICENSE, opts, nopts, &f->val[i],
		    &f->err[i]) == -1)
			bad++;
	}
	memset(in, 0, sizeof(*in));
	in->name = f->val[REGF_NAME];
	in->email = f->val[REGF_EMAIL];
	in->sector = f->val[REGF_SECTOR];
	in->organization = f->val[REGF_ORG];
	in->county = f->val[REGF_COUNTY];
	in->license = f->val[REGF_LICENSE];
	return bad;
}

/* See reg_form.h. */
void
reg_form_render(struct html *h, struct arena *a,
    const struct store_session *s, const struct reg_form *f)
{
	struct field_option opts[SECTOR__MAX];
	size_t nopts = sector_options(s, opts);
	int pro = s->audience == AUDIENCE_PROFESSIONAL, i;

	for (i = 0; i < REGF__MAX; i++) {
		if (!pro && professional_only(i))
			continue;
		field_render(h, a, &reg_fields[i],
		    f->err[i] ? f->raw[i] : (f->val[i] ? f->val[i] : f->raw[i]),
		    f->err[i], pro && i != REGF_LICENSE, opts, nopts);
	}
}

/* See reg_form.h. */
int
reg_form_full(const struct store_session *s)
{
	return s->capacity >= 0 && s->confirmed >= s->capacity;
}

/* See reg_form.h. */
void
reg_form_walkin_submit(struct html *h, const struct store_session *s,
    const char *label, int may_over)
{
	if (!reg_form_full(s)) {
		html_lit(h, "<button type=\"submit\">");
		html_text(h, gettext(label));
		html_lit(h, "</button>\n");
		return;
	}
	html_lit(h, "<p class=\"notice\" role=\"status\">");
	html_tf(h, "This session is full: %lld confirmed for %lld places.",
	    (long long)s->confirmed, (long long)s->capacity);
	if (may_over)
		html_t(h, " You can admit this person over capacity on "
		    "purpose; it is marked on the roster and in the audit "
		    "log.");
	html_lit(h, "</p>\n");
	if (may_over) {
		html_lit(h, "<button type=\"submit\" name=\"admit\" "
		    "value=\"over\">");
		html_t(h, "Admit over capacity");
		html_lit(h, "</button>\n");
	}
	html_lit(h, "<button type=\"submit\" name=\"admit\" "
	    "value=\"waitlist\" class=\"secondary\">");
	html_t(h, "Add to the waiting list");
	html_lit(h, "</button>\n");
}
