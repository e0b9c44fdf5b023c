/* staff_forms.c: field tables and cross-field rules for the staff forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "tz.h"
#include "core.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "staff_forms.h"

const struct field sf_event[EV__MAX] = {
	[EV_TITLE] = { "title", N_("Title"), FIELD_TEXT, 160, NULL, NULL,
	    NULL },
	[EV_DESCR] = { "description", N_("Description"), FIELD_TEXTAREA, 4000,
	    NULL, N_("Markdown: *emphasis*, lists, links."), NULL },
	[EV_VENUE] = { "venue_id", N_("Venue"), FIELD_CHOICE, 20, NULL, NULL,
	    N_("Choose a venue.") },
	[EV_TOUR] = { "tour_id", N_("Tour"), FIELD_CHOICE, 20, NULL,
	    N_("Leave empty for a stop that is not on a tour."), NULL },
	[EV_HOSTS] = { "hosts", N_("Hosts"), FIELD_TEXT, 400, NULL, NULL,
	    NULL },
	[EV_CANCELLED] = { "cancelled", N_("Cancelled"), FIELD_TEXT, 1, NULL,
	    NULL, NULL },
	[EV_PUBLISHED] = { "published", N_("Published"), FIELD_TEXT, 1, NULL,
	    NULL, NULL },
};

const struct field sf_session[SS__MAX] = {
	[SS_TITLE] = { "title", N_("Title"), FIELD_TEXT, 160, NULL, NULL,
	    NULL },
	[SS_DESCR] = { "description", N_("Description"), FIELD_TEXTAREA, 4000,
	    NULL, NULL, NULL },
	[SS_INSTRUCTOR] = { "instructor", N_("Speaker or instructor"),
	    FIELD_TEXT, 120, NULL, NULL, NULL },
	[SS_AUDIENCE] = { "audience", N_("Audience"), FIELD_CHOICE, 16, NULL,
	    NULL, N_("Choose the audience.") },
	[SS_SECTORS] = { "sectors", N_("Sectors admitted"), FIELD_TEXT, 200,
	    NULL, NULL, NULL },
	[SS_CAPACITY] = { "capacity", N_("Capacity"), FIELD_INT, 7, NULL,
	    N_("Leave empty for no limit."), NULL },
	[SS_CE] = { "ce_hours", N_("CE hours"), FIELD_NUMBER, 8, NULL, NULL,
	    NULL },
	[SS_STARTS] = { "starts_at", N_("Starts"), FIELD_DATETIME, 16, NULL,
	    N_("Local time at the venue."),
	    N_("Enter when the session starts.") },
	[SS_ENDS] = { "ends_at", N_("Ends"), FIELD_DATETIME, 16, NULL, NULL,
	    N_("Enter when the session ends.") },
	[SS_OPENS] = { "registration_opens_at", N_("Registration opens"),
	    FIELD_DATETIME, 16, NULL, N_("Leave empty to open it now."), NULL },
	[SS_CLOSES] = { "registration_closes_at", N_("Registration closes"),
	    FIELD_DATETIME, 16, NULL, N_("Leave empty to close it when the "
	    "session starts."), NULL },
	[SS_SHARE] = { "credit_percent", N_("Share needed for credit (%)"),
	    FIELD_INT, 3, NULL, N_("100 means the whole session. With partial "
	    "credit, hours are whole contact hours instead."), NULL },
	[SS_EVAL] = { "eval_required", N_("Evaluation required for credit"),
	    FIELD_TEXT, 1, NULL, NULL, NULL },
	[SS_DELIVERY] = { "delivery", N_("Format"), FIELD_CHOICE, 16, NULL,
	    N_("Printed on the certificate."),
	    N_("Choose in person or live online.") },
	[SS_TOLERANCE] = { "credit_tolerance_minutes", N_("Tolerance (minutes "
	    "late or early)"), FIELD_INT, 4, NULL, N_("Minutes a person may "
	    "arrive late or leave early and still earn credit; 0 for none."),
	    NULL },
	[SS_PARTIAL] = { "credit_partial", N_("Partial credit in whole contact "
	    "hours (60 minutes = 1 hour)"), FIELD_TEXT, 1, NULL, NULL, NULL },
	[SS_CANCELLED] = { "cancelled", N_("Cancelled"), FIELD_TEXT, 1, NULL,
	    NULL, NULL },
	[SS_QA_OPENS] = { "qa_opens_at", N_("Questions open (public Q&A)"),
	    FIELD_DATETIME, 16, NULL, N_("Leave empty for an hour before the "
	    "session."), NULL },
};

const struct field sf_venue[VE__MAX] = {
	[VE_NAME] = { "name", N_("Venue name"), FIELD_TEXT, 160, NULL, NULL,
	    NULL },
	[VE_ADDRESS] = { "address", N_("Street address"), FIELD_TEXT, 200, NULL,
	    NULL, NULL },
	[VE_CITY] = { "city", N_("City"), FIELD_TEXT, 80, NULL, NULL, NULL },
	[VE_STATE] = { "state", N_("State"), FIELD_TEXT, 40, NULL, NULL, NULL },
	[VE_TZ] = { "time_zone", N_("Time zone"), FIELD_TZ, 64, NULL,
	    N_("For example America/Denver."), NULL },
};

const struct field sf_org[OR__MAX] = {
	[OR_NAME] = { "name", N_("Organisation name"), FIELD_TEXT, 160, NULL,
	    NULL, NULL },
};

const struct field sf_speaker[SP__MAX] = {
	[SP_NAME] = { "name", N_("Speaker name"), FIELD_TEXT, 120, NULL, NULL,
	    NULL },
	[SP_BIO] = { "bio", N_("About the speaker"), FIELD_TEXTAREA, 2000, NULL,
	    NULL, NULL },
};

const struct field sf_tour[TO__MAX] = {
	[TO_TITLE] = { "title", N_("Tour title"), FIELD_TEXT, 160, NULL, NULL,
	    NULL },
	[TO_SPEAKER] = { "speaker_id", N_("Speaker"), FIELD_CHOICE, 20, NULL,
	    NULL, NULL },
};

const struct field sf_user[US__MAX] = {
	[US_NAME] = { "name", N_("User name"), FIELD_TEXT, 64, "off",
	    N_("Letters, digits, dots, dashes; no spaces."), NULL },
	[US_PASSWORD] = { "password", N_("Password"), FIELD_PASSWORD, 1024,
	    "new-password", N_("At least 12 characters."), NULL },
	[US_ROLES] = { "roles", N_("Roles"), FIELD_TEXT, 100, NULL, NULL,
	    NULL },
	[US_ORG] = { "org_id", N_("Organisation"), FIELD_CHOICE, 20, NULL,
	    N_("Required for partners: they see only its events."), NULL },
	[US_DISABLED] = { "disabled", N_("Disabled"), FIELD_TEXT, 1, NULL, NULL,
	    NULL },
};

/* See staff_forms.h. */
void
sf_init(struct sf *f, const struct field *fields, int n)
{
	memset(f, 0, sizeof(*f));
	f->fields = fields;
	f->n = n;
}

/* See staff_forms.h. */
void
sf_from_form(struct sf *f, struct arena *a, const struct http_form *form)
{
	size_t k;
	int i;

	for (i = 0; i < f->n; i++) {
		char *joined = NULL;

		for (k = 0; k < form->n; k++) {
			if (strcmp(form->key[k], f->fields[i].name) != 0)
				continue;
			joined = joined == NULL ? form->val[k] :
			    arena_printf(a, "%s,%s", joined, form->val[k]);
		}
		f->raw[i] = joined;
	}
}

/* 1 when name is in the comma list. */
static int
listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, len) == 0 && (p[len] == ',' ||
		    p[len] == '\0'))
			return 1;
	return 0;
}

/* See staff_forms.h. */
void
sf_overlay_form(struct sf *f, struct arena *a, const struct http_form *form)
{
	const char *shown = http_form_get(form, "shown");
	struct sf fresh;
	size_t k;
	int i, sent;

	sf_init(&fresh, f->fields, f->n);
	sf_from_form(&fresh, a, form);
	for (i = 0; i < f->n; i++) {
		sent = listed(shown, f->fields[i].name);
		for (k = 0; k < form->n && !sent; k++)
			sent = strcmp(form->key[k], f->fields[i].name) == 0;
		if (sent)
			f->raw[i] = fresh.raw[i];
	}
}

/* See staff_forms.h. */
void
sf_fail(struct sf *f, int i, const char *msg)
{
	/* Callers pass English literals (an xgettext keyword, see the
	 * Makefile) or text already translated, which gettext leaves be. */
	if (f->err[i] == NULL) {
		f->err[i] = msg != NULL && *msg != '\0' ? gettext(msg) : msg;
		f->nerr++;
	}
}

/* See staff_forms.h. */
void
sf_check(struct sf *f, struct arena *a, int i, int required,
    const struct field_option *opts, size_t nopts)
{
	const char *err = NULL;

	if (field_check(a, &f->fields[i], f->raw[i], required, opts, nopts,
	    &f->val[i], &err) == -1)
		sf_fail(f, i, err);
}

/* See staff_forms.h. */
int
sf_ids(const char *list, const struct field_option *opts, size_t nopts,
    int64_t *ids, size_t max, size_t *n)
{
	const char *p = list;

	*n = 0;
	while (p && *p) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < nopts; i++)
			if (strlen(opts[i].value) == len &&
			    strncmp(opts[i].value, p, len) == 0)
				break;
		if (i == nopts || *n == max)
			return -1;
		ids[(*n)++] = strtoll(opts[i].value, NULL, 10);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* See staff_forms.h. */
size_t
sf_options(struct arena *a, const struct store_item *items, size_t n,
    struct field_option **out)
{
	size_t i;

	*out = arena_alloc(a, sizeof(**out) * (n ? n : 1));
	for (i = 0; i < n; i++) {
		(*out)[i].value = arena_printf(a, "%lld", (long long)items[i].id);
		(*out)[i].label = items[i].b && *items[i].b &&
		    items[i].c && *items[i].c ?
		    arena_printf(a, "%s, %s", items[i].name, items[i].b) :
		    items[i].name;
	}
	return n;
}

/* Loads list which as options; -1 on a database failure. */
static int
options_of(struct store *s, struct arena *a, enum store_list which,
    struct field_option **opts, size_t *n)
{
	struct store_item *items;

	if (store_items(s, a, which, &items, n) != STORE_OK)
		return -1;
	*n = sf_options(a, items, *n, opts);
	return 0;
}

/* See staff_forms.h. */
void
sf_user_check(struct sf *f, struct arena *a, struct store *s, unsigned *roles,
    int64_t *org)
{
	struct store_item *orgs;
	struct field_option *oo;
	size_t no = 0;

	*roles = 0;
	*org = 0;
	if (f->raw[US_ROLES] == NULL ||
	    core_roles_parse(f->raw[US_ROLES], roles) == -1)
		sf_fail(f, US_ROLES, "Choose at least one role: coordinator, "
		    "partner, moderator, door.");
	if (store_items(s, a, LIST_ORGS, &orgs, &no) != STORE_OK)
		no = 0;
	no = sf_options(a, orgs, no, &oo);
	sf_check(f, a, US_ORG, 0, oo, no);
	if (f->val[US_ORG])
		*org = strtoll(f->val[US_ORG], NULL, 10);
	if ((*roles & ROLE_BIT(ROLE_PARTNER)) && *org == 0)
		sf_fail(f, US_ORG, "A partner needs an organisation.");
}

/* See staff_forms.h. */
int
sf_event_check(struct sf *f, struct arena *a, struct store *s,
    int64_t *venue, int64_t *tour, int64_t *hosts, size_t *nhosts)
{
	struct field_option *vo, *to, *oo;
	size_t nv, nt, no;

	if (options_of(s, a, LIST_VENUES, &vo, &nv) == -1 ||
	    options_of(s, a, LIST_TOURS, &to, &nt) == -1 ||
	    options_of(s, a, LIST_ORGS, &oo, &no) == -1)
		return -1;
	sf_check(f, a, EV_TITLE, 1, NULL, 0);
	sf_check(f, a, EV_DESCR, 0, NULL, 0);
	sf_check(f, a, EV_VENUE, 1, vo, nv);
	sf_check(f, a, EV_TOUR, 0, to, nt);
	*venue = f->val[EV_VENUE] ? strtoll(f->val[EV_VENUE], NULL, 10) : 0;
	*tour = f->val[EV_TOUR] ? strtoll(f->val[EV_TOUR], NULL, 10) : 0;
	if (sf_ids(f->raw[EV_HOSTS], oo, no, hosts, 16, nhosts) == -1)
		sf_fail(f, EV_HOSTS, "Choose hosts from the organisations "
		    "listed.");
	else if (*nhosts == 0)
		sf_fail(f, EV_HOSTS, "Choose at least one host.");
	f->val[EV_CANCELLED] = f->raw[EV_CANCELLED] &&
	    *f->raw[EV_CANCELLED] ? "1" : NULL;
	f->val[EV_PUBLISHED] = f->raw[EV_PUBLISHED] &&
	    *f->raw[EV_PUBLISHED] && strcmp(f->raw[EV_PUBLISHED], "0") ?
	    "1" : NULL;
	return f->nerr;
}

/* A local date-time field as UTC seconds; 0 when empty or wrong. */
static int64_t
when(struct sf *f, int i, const char *zone)
{
	int y, mo, d, h, mi;
	int64_t t;

	if (f->val[i] == NULL || field_datetime(f->val[i], &y, &mo, &d, &h,
	    &mi) == -1)
		return 0;
	if (tz_to_utc(zone, y, mo, d, h, mi, &t) == -1) {
		sf_fail(f, i, "That date does not exist.");
		return 0;
	}
	return t;
}

/* See staff_forms.h. */
int
sf_session_check(struct sf *f, struct arena *a, const char *zone,
    struct store_session *out)
{
	static const struct field_option audiences[] = {
		{ "professional", N_("Professional training") },
		{ "public", N_("Public session") },
	};
	static const struct field_option deliveries[] = {
		{ "in_person", N_("In person") },
		{ "live_online", N_("Live online") },
	};
	int i;

	for (i = 0; i < SS__MAX; i++) {
		if (i == SS_AUDIENCE)
			sf_check(f, a, i, 1, audiences, 2);
		else if (i == SS_DELIVERY)
			sf_check(f, a, i, 0, deliveries, 2);
		else if (i == SS_SECTORS || i == SS_EVAL || i == SS_CANCELLED ||
		    i == SS_PARTIAL)
			continue;
		else
			sf_check(f, a, i, i == SS_TITLE || i == SS_STARTS ||
			    i == SS_ENDS, NULL, 0);
	}
	out->title = (char *)f->val[SS_TITLE];
	out->description = (char *)f->val[SS_DESCR];
	out->instructor = (char *)f->val[SS_INSTRUCTOR];
	out->audience = f->val[SS_AUDIENCE] ?
	    core_audience_parse(f->val[SS_AUDIENCE]) : AUDIENCE_PUBLIC;
	out->sectors = 0;
	if (f->raw[SS_SECTORS] && *f->raw[SS_SECTORS] &&
	    core_sectors_parse(f->raw[SS_SECTORS], &out->sectors) == -1)
		sf_fail(f, SS_SECTORS, "Choose sectors from the list.");
	if (out->audience == AUDIENCE_PROFESSIONAL && out->sectors == 0)
		sf_fail(f, SS_SECTORS, "Choose the sectors a professional "
		    "training admits.");
	if (out->audience == AUDIENCE_PUBLIC && out->sectors != 0)
		sf_fail(f, SS_SECTORS, "A public session admits everyone: "
		    "choose no sectors.");
	out->capacity = f->val[SS_CAPACITY] ?
	    strtoll(f->val[SS_CAPACITY], NULL, 10) : -1;
	out->ce_hours = f->val[SS_CE] ? strtod(f->val[SS_CE], NULL) : 0;
	if (out->audience == AUDIENCE_PUBLIC && out->ce_hours > 0)
		sf_fail(f, SS_CE, "Public sessions carry no CE hours.");
	out->starts_at = when(f, SS_STARTS, zone);
	out->ends_at = when(f, SS_ENDS, zone);
	out->reg_opens_at = when(f, SS_OPENS, zone);
	out->reg_closes_at = when(f, SS_CLOSES, zone);
	out->qa_opens_at = when(f, SS_QA_OPENS, zone);
	if (out->qa_opens_at && out->audience != AUDIENCE_PUBLIC)
		sf_fail(f, SS_QA_OPENS, "Only a public session has a Q&A: leave "
		    "this empty.");
	else if (out->qa_opens_at && out->ends_at &&
	    out->qa_opens_at >= out->ends_at)
		sf_fail(f, SS_QA_OPENS, "Questions must open before the session "
		    "ends.");
	if (out->starts_at && out->ends_at && out->ends_at <= out->starts_at)
		sf_fail(f, SS_ENDS, "The session must end after it starts.");
	/* No board credits more hours than the session lasts. */
	else if (out->starts_at && out->ends_at &&
	    core_ce_exceeds(out->ce_hours, out->starts_at, out->ends_at))
		sf_fail(f, SS_CE, arena_printf(a, _("At most %s CE hours: the "
		    "session lasts no longer."), fmt_hours(a,
		    (double)(out->ends_at - out->starts_at) / 3600.0)));
	if (out->reg_opens_at && out->reg_closes_at &&
	    out->reg_closes_at <= out->reg_opens_at)
		sf_fail(f, SS_CLOSES, "Registration must close after it opens.");
	if (out->reg_closes_at && out->ends_at &&
	    out->reg_closes_at > out->ends_at)
		sf_fail(f, SS_CLOSES, "Registration must close by the end of "
		    "the session.");
	out->credit_share = 1.0;
	if (f->val[SS_SHARE]) {
		long pct = strtol(f->val[SS_SHARE], NULL, 10);

		if (pct < 1 || pct > 100)
			sf_fail(f, SS_SHARE, "Enter a share from 1 to 100.");
		else
			out->credit_share = (double)pct / 100.0;
	}
	out->eval_required = f->raw[SS_EVAL] && *f->raw[SS_EVAL] &&
	    strcmp(f->raw[SS_EVAL], "0") != 0;
	out->delivery = "in_person";
	if (f->val[SS_DELIVERY]) {
		if (strcmp(f->val[SS_DELIVERY], "in_person") == 0 ||
		    strcmp(f->val[SS_DELIVERY], "live_online") == 0)
			out->delivery = (char *)f->val[SS_DELIVERY];
		else
			sf_fail(f, SS_DELIVERY, "Choose in person or live "
			    "online.");
	}
	out->credit_tolerance = 0;
	if (f->val[SS_TOLERANCE]) {
		long tol = strtol(f->val[SS_TOLERANCE], NULL, 10);

		if (tol < 0 || tol > 240)
			sf_fail(f, SS_TOLERANCE, "Enter 0 to 240 minutes.");
		else
			out->credit_tolerance = (int)tol;
	}
	out->credit_partial = f->raw[SS_PARTIAL] && *f->raw[SS_PARTIAL] &&
	    strcmp(f->raw[SS_PARTIAL], "0") != 0;
	out->cancelled = f->raw[SS_CANCELLED] && *f->raw[SS_CANCELLED] &&
	    strcmp(f->raw[SS_CANCELLED], "0") != 0;
	return f->nerr;
}

/* See staff_forms.h. */
void
sf_checkboxes(struct html *h, const char *name, const char *legend,
    const struct field_option *opts, size_t nopts, const char *ticked,
    const char *err)
{
	size_t i, len;
	const char *p;

	html_lit(h, "<fieldset class=\"checks");
	if (err)
		html_lit(h, " has-error");
	html_lit(h, "\"><legend>");
	/* The legend is an English literal (an xgettext keyword). */
	html_text(h, legend != NULL && *legend != '\0' ? gettext(legend) :
	    legend);
	html_lit(h, "</legend>\n");
	if (err) {
		html_lit(h, "<p class=\"field-error\"><span "
		    "class=\"visually-hidden\">");
		html_t(h, "Error: ");
		html_lit(h, "</span>");
		html_text(h, err);
		html_lit(h, "</p>\n");
	}
	for (i = 0; i < nopts; i++) {
		int on = 0;

		len = strlen(opts[i].value);
		for (p = ticked; p && *p; p += strcspn(p, ","), p += *p == ',')
			if (strncmp(p, opts[i].value, len) == 0 &&
			    (p[len] == ',' || p[len] == '\0'))
				on = 1;
		html_lit(h, "<label class=\"check\"><input type=\"checkbox\"");
		html_attr(h, "name", name);
		html_attr(h, "value", opts[i].value);
		if (on)
			html_lit(h, " checked");
		html_lit(h, "> ");
		/* Labels are N_() strings or names, as field.c takes them. */
		html_text(h, opts[i].label != NULL && *opts[i].label != '\0' ?
		    gettext(opts[i].label) : opts[i].label);
		html_lit(h, "</label>\n");
	}
	html_lit(h, "</fieldset>\n");
}

/* See staff_forms.h. */
void
sf_render(struct html *h, struct arena *a, const struct sf *f, int i,
    int required, const struct field_option *opts, size_t nopts)
{
	field_render_id(h, a, &f->fields[i], f->err[i] ? f->raw[i] :
	    (f->val[i] ? f->val[i] : f->raw[i]), f->err[i], required, opts,
	    nopts, f->idp ? f->idp : "f");
}

/* The venue id of an event, found by its venue's name and city. */
static const char *
venue_of(struct arena *a, struct store *s, const struct store_event *e)
{
	struct store_item *v;
	size_t n, i;

	if (store_items(s, a, LIST_VENUES, &v, &n) != STORE_OK)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, e->venue) == 0 &&
		    strcmp(v[i].b, e->city) == 0)
			return arena_printf(a, "%lld", (long long)v[i].id);
	return NULL;
}

/* Fills f's raw values from an existing event. */
/* See staff_forms.h. */
void
sf_event_raw(struct sf *f, struct arena *a, struct store *s,
    const struct store_event *e)
{
	struct store_item *orgs;
	size_t no, i, k;
	char *hosts = NULL;

	f->raw[EV_TITLE] = e->title;
	f->raw[EV_DESCR] = e->description;
	f->raw[EV_TOUR] = e->tour_id ? arena_printf(a, "%lld",
	    (long long)e->tour_id) : NULL;
	f->raw[EV_CANCELLED] = e->cancelled ? "1" : NULL;
	f->raw[EV_PUBLISHED] = e->published ? "1" : NULL;
	if (store_items(s, a, LIST_ORGS, &orgs, &no) ==
	    STORE_OK)
		for (i = 0; i < e->nhosts; i++)
			for (k = 0; k < no; k++)
				if (strcmp(orgs[k].name, e->hosts[i]) == 0)
					hosts = hosts ? arena_printf(a,
					    "%s,%lld", hosts, (long long)orgs[k].id) :
					    arena_printf(a, "%lld",
					    (long long)orgs[k].id);
	f->raw[EV_HOSTS] = hosts;
	f->raw[EV_VENUE] = venue_of(a, s, e);
}

/* See staff_forms.h. */
void
sf_session_raw(struct sf *f, struct arena *a, const struct store_session *s)
{
	char *sectors = NULL;
	int i;

	for (i = 0; i < SECTOR__MAX; i++)
		if (s->sectors & (1u << i))
			sectors = sectors ? arena_printf(a, "%s,%s",
			    sectors, core_sector_keys[i]) :
			    (char *)core_sector_keys[i];
	f->raw[SS_TITLE] = s->title;
	f->raw[SS_DESCR] = s->description;
	f->raw[SS_INSTRUCTOR] = s->instructor;
	f->raw[SS_AUDIENCE] = core_audience_keys[s->audience];
	f->raw[SS_SECTORS] = sectors;
	f->raw[SS_CAPACITY] = s->capacity < 0 ? NULL :
	    arena_printf(a, "%lld", (long long)s->capacity);
	f->raw[SS_CE] = arena_printf(a, "%g", s->ce_hours);
	f->raw[SS_STARTS] = sf_local(a, s->time_zone, s->starts_at);
	f->raw[SS_ENDS] = sf_local(a, s->time_zone, s->ends_at);
	f->raw[SS_OPENS] = sf_local(a, s->time_zone, s->reg_opens_at);
	f->raw[SS_CLOSES] = sf_local(a, s->time_zone, s->reg_closes_at);
	f->raw[SS_SHARE] = arena_printf(a, "%d",
	    (int)(s->credit_share * 100 + 0.5));
	f->raw[SS_EVAL] = s->eval_required ? "1" : NULL;
	f->raw[SS_DELIVERY] = s->delivery ? s->delivery : "in_person";
	f->raw[SS_TOLERANCE] = arena_printf(a, "%d", s->credit_tolerance);
	f->raw[SS_PARTIAL] = s->credit_partial ? "1" : NULL;
	f->raw[SS_CANCELLED] = s->cancelled ? "1" : NULL;
	f->raw[SS_QA_OPENS] = s->qa_opens_at ? sf_local(a, s->time_zone,
	    s->qa_opens_at) : NULL;
}

/* See staff_forms.h. */
const char *
sf_local(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	if (t == 0 || tz_from_utc(zone, t, &l) == -1)
		return NULL;
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.year, l.month,
	    l.day, l.hour, l.minute);
}
