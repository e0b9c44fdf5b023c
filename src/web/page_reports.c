/* page_reports.c: the funders' numbers on screen with charts, as CSV, and in the API. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "fmt.h"
#include "csv.h"
#include "svg.h"
#include "layout.h"
#include "api.h"
#include "report_pdf.h"
#include "app.h"
#include "form.h"
#include "web.h"

/* Titles and column heads are N_() strings, shown through gettext(); the
 * heads read as the keys do (store_report_keys, the CSV's and the API's). */
static const char *const by_titles[BY__MAX] = {
	N_("Training: people trained by sector"),
	N_("Training: people trained by county"),
	N_("Training: people trained by month"),
	N_("Training: people trained by event"),
	N_("Training: people trained by tour"),
	N_("Training: people trained by partner"),
};

static const char *const by_heads[BY__MAX] = {
	[BY_SECTOR] = N_("sector"),
	[BY_COUNTY] = N_("county"),
	[BY_MONTH] = N_("month"),
	[BY_EVENT] = N_("event"),
	[BY_TOUR] = N_("tour"),
	[BY_PARTNER] = N_("partner"),
};

static const char *
date_of(struct arena *a, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

/* A filter's id from the query: 0 when absent or empty, -1 when not a
 * number. */
static int64_t
filter_id(struct http_req *r, const char *name)
{
	const char *v = http_query(r, name);
	char *end;
	long long id;

	if (v == NULL || *v == '\0')
		return 0;
	id = strtoll(v, &end, 10);
	return *end != '\0' || id < 0 || strlen(v) > 18 ? -1 : (int64_t)id;
}

/* The current federal fiscal year's key ("FY2027"), in arena. */
static const char *
this_fiscal_year(struct http_req *r)
{
	struct tm tm;
	time_t tt = (time_t)web_now(r);

	gmtime_r(&tt, &tm);
	return arena_printf(r->arena, "FY%d", core_fiscal_year(tm.tm_year +
	    1900, tm.tm_mon + 1));
}

/*
 * The range of ?period= (FY2027, FY2027-Q2, 2027, 2027-Q1), or of ?from=
 * and ?to= (both days included; period=custom or none), scoped to a
 * partner's organisation. With neither, the page opens on the current
 * fiscal year (fy_default) and the API keeps its window of the last two
 * years and the next. *period is the key shown ("custom" for dates), *title
 * the period in words. 0, or answers 400.
 */
static int
range(struct http_req *r, struct store_range *rg, const char **from,
    const char **to, const char **period, const char **title, int fy_default)
{
	struct store_user *u = web_user(r);
	int64_t now = web_now(r);
	const char *pk = http_query(r, "period");
	struct core_period p;

	*from = http_query(r, "from");
	*to = http_query(r, "to");
	if (pk && *pk == '\0')
		pk = NULL;
	if (pk == NULL && *from == NULL && *to == NULL && fy_default)
		pk = this_fiscal_year(r);
	if (pk && strcmp(pk, "custom") != 0) {
		if (core_period_parse(pk, &p) == -1) {
			web_error(r, 400, "Give the period as FY2027, FY2027-Q2, "
			    "2027 or 2027-Q1");
			return -1;
		}
		rg->from = p.from;
		rg->to = p.to;
		*from = date_of(r->arena, rg->from);
		*to = date_of(r->arena, rg->to - 86400);
		*period = arena_strdup(r->arena, p.key);
		*title = p.fiscal ? arena_printf(r->arena, _("%s, federal "
		    "fiscal year (%s)"), p.label, p.range) :
		    arena_printf(r->arena, "%s (%s)", p.label, p.range);
	} else {
		rg->from = now - 2 * 366 * 86400;
		rg->to = now + 366 * 86400;
		if ((*from && tz_parse_date(*from, &rg->from) == -1) ||
		    (*to && tz_parse_date(*to, &rg->to) == -1)) {
			web_error(r, 400, "Give dates as YYYY-MM-DD");
			return -1;
		}
		rg->to += *to ? 86400 : 0;
		if (rg->to <= rg->from) {
			web_error(r, 400, "The end date is before the start");
			return -1;
		}
		*from = date_of(r->arena, rg->from);
		*to = date_of(r->arena, rg->to - (http_query(r, "to") ? 86400 :
		    0));
		*period = "custom";
		*title = arena_printf(r->arena, _("%s to %s"), *from, *to);
	}
	/* Filters: ?event=, ?tour=, and for coordinators ?partner= (an
	 * organisation); a partner always sees their own events alone. */
	rg->event = filter_id(r, "event");
	rg->tour = filter_id(r, "tour");
	rg->org = u->roles & ROLE_BIT(ROLE_COORDINATOR) ? filter_id(r,
	    "partner") : u->org_id;
	if (rg->event < 0 || rg->tour < 0 || rg->org < 0) {
		web_error(r, 400, "Give event, tour and partner as numbers");
		return -1;
	}
	if (!(u->roles & ROLE_BIT(ROLE_COORDINATOR)) && u->org_id == 0) {
		web_error(r, 403, "A partner account needs an organisation");
		return -1;
	}
	return 0;
}

/* Confidence in words: the share high or very high before and after. */
static const char *
confidence(struct arena *a, const struct store_totals *t)
{
	double before, after;

	if (t->conf_pairs == 0)
		return _("No paired confidence answers yet");
	before = 100.0 * (double)t->conf_before / (double)t->conf_pairs;
	after = 100.0 * (double)t->conf_after / (double)t->conf_pairs;
	return arena_printf(a, NG_("%.0f%% highly or very highly confident "
	    "before, %.0f%% after (%+.0f points), from %lld pre- and post-test "
	    "pairs", "%.0f%% highly or very highly confident before, %.0f%% "
	    "after (%+.0f points), from %lld pre- and post-test pairs",
	    t->conf_pairs), before, after, after - before,
	    (long long)t->conf_pairs);
}

/* The name to show for a sector key: the funder's (names, when set), or
 * convene's own. */
static const char *
label(int by, const char *key, const char *const *names)
{
	int s;

	if (by == BY_SECTOR && (s = core_sector_parse(key)) >= 0)
		return names && names[s] ? names[s] : core_sector_names[s];
	return key;
}

/* The same for a page or the PDF: convene's own sector names in the
 * reader's language (a funder's are theirs; the CSV and API keep English). */
static const char *
label_shown(int by, const char *key, const char *const *names)
{
	int s;

	if (by == BY_SECTOR && (s = core_sector_parse(key)) >= 0 &&
	    !(names && names[s]))
		return gettext(core_sector_names[s]);
	/* The store's key for attendance outside any tour, in words. */
	if (by == BY_TOUR && strcmp(key, STORE_NO_TOUR) == 0)
		return _("(not on a tour)");
	return label(by, key, names);
}

/*
 * The sector names of ?funder= into names (all NULL without one); *funder
 * is it, or NULL. 0, or -1 (answered) on a database failure.
 */
static int
funder_of(struct http_req *r, const char *names[SECTOR__MAX],
    const char **funder)
{
	int k;

	*funder = http_query(r, "funder");
	if (*funder && **funder == '\0')
		*funder = NULL;
	for (k = 0; k < SECTOR__MAX; k++)
		names[k] = NULL;
	if (*funder && store_funder_names(web_store(r), r->arena, *funder,
	    names) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return 0;
}

static int
which(struct http_req *r)
{
	const char *by = http_query(r, "by");
	int b;

	for (b = 0; by && b < BY__MAX; b++)
		if (strcmp(by, store_report_keys[b]) == 0)
			return b;
	return by ? -1 : BY_SECTOR;
}

/* The periods offered: this and last fiscal year with their quarters,
 * this and last calendar year with theirs, and custom dates. */
static void
period_select(struct http_req *r, struct html *h, const char *chosen)
{
	struct tm tm;
	time_t tt = (time_t)web_now(r);
	struct core_period p;
	int fy, y, k, q;

	gmtime_r(&tt, &tm);
	y = tm.tm_year + 1900;
	fy = core_fiscal_year(y, tm.tm_mon + 1);
	html_lit(h, "<div class=\"field\"><label for=\"period\">");
	html_t(h, "Period");
	html_lit(h, "</label><select id=\"period\" name=\"period\">\n");
	for (k = 0; k < 4; k++) {
		int year = k < 2 ? fy - k : y - (k - 2);

		html_lit(h, "<optgroup");
		html_attr(h, "label", k < 2 ? arena_printf(r->arena,
		    _("Federal fiscal year %d"), year) : arena_printf(r->arena,
		    _("Calendar year %d"), year));
		html_lit(h, ">\n");
		for (q = 0; q <= 4; q++) {
			const char *key = arena_printf(r->arena, "%s%d%s",
			    k < 2 ? "FY" : "", year, q ? arena_printf(r->arena,
			    "-Q%d", q) : "");

			if (core_period_parse(key, &p) == -1)
				continue;
			html_lit(h, "<option");
			html_attr(h, "value", p.key);
			if (strcmp(chosen, p.key) == 0)
				html_lit(h, " selected");
			html_lit(h, ">");
			html_text(h, p.label);
			html_lit(h, " (");
			html_text(h, p.range);
			html_lit(h, ")</option>\n");
		}
		html_lit(h, "</optgroup>\n");
	}
	html_lit(h, "<option value=\"custom\"");
	if (strcmp(chosen, "custom") == 0)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_t(h, "Custom dates (From and To)");
	html_lit(h, "</option>\n</select></div>\n");
}

/* s percent-encoded for a query string, in a. */
static const char *
query_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The query string of the chosen period and filters, for the CSV. */
static const char *
period_query(struct http_req *r, const char *period, const char *from,
    const char *to, const struct store_range *rg)
{
	const char *f, *q = strcmp(period, "custom") == 0 ? arena_printf(r->arena,
	    "period=custom&from=%s&to=%s", from, to) : arena_printf(r->arena,
	    "period=%s", period);

	if (rg->event)
		q = arena_printf(r->arena, "%s&event=%lld", q,
		    (long long)rg->event);
	if (rg->tour)
		q = arena_printf(r->arena, "%s&tour=%lld", q, (long long)rg->tour);
	if (rg->org && web_has_role(r, ROLE_BIT(ROLE_COORDINATOR)))
		q = arena_printf(r->arena, "%s&partner=%lld", q,
		    (long long)rg->org);
	if ((f = http_query(r, "funder")) != NULL && *f != '\0')
		q = arena_printf(r->arena, "%s&funder=%s", q, query_escape(r->arena, f));
	return q;
}

static void
option(struct html *h, struct http_req *r, int64_t id, const char *name,
    int64_t chosen)
{
	html_lit(h, "<option");
	html_attr(h, "value", arena_printf(r->arena, "%lld", (long long)id));
	if (id == chosen)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, name);
	html_lit(h, "</option>\n");
}

/* Whose names the sectors go by: convene's, or a funder's. */
static void
funder_select(struct http_req *r, struct html *h)
{
	const char *chosen = http_query(r, "funder");
	char **fs;
	size_t n, i;

	if (store_funders(web_store(r), r->arena, &fs, &n) != STORE_OK || n == 0)
		return;
	html_lit(h, "<div class=\"field\"><label for=\"f-funder\">");
	html_t(h, "Sector names");
	html_lit(h, "</label><select id=\"f-funder\" name=\"funder\"><option "
	    "value=\"\">");
	html_t(h, "convene's");
	html_lit(h, "</option>\n");
	for (i = 0; i < n; i++) {
		html_lit(h, "<option");
		html_attr(h, "value", fs[i]);
		if (chosen && strcmp(chosen, fs[i]) == 0)
			html_lit(h, " selected");
		html_lit(h, ">");
		html_text(h, fs[i]);
		html_lit(h, "</option>\n");
	}
	html_lit(h, "</select></div>\n");
}

/* Event, tour and (coordinators) partner filters; a partner's events only. */
static void
filter_selects(struct http_req *r, struct html *h,
    const struct store_range *rg)
{
	struct store_user *u = web_user(r);
	int coord = web_has_role(r, ROLE_BIT(ROLE_COORDINATOR));
	struct store_event *ev = NULL;
	struct store_item *it = NULL;
	size_t n = 0, i, k;

	html_lit(h, "<div class=\"field\"><label for=\"f-event\">");
	html_t(h, "Event");
	html_lit(h, "</label><select id=\"f-event\" name=\"event\"><option "
	    "value=\"\">");
	html_t(h, "All events");
	html_lit(h, "</option>\n");
	if (store_event_list(web_store(r), r->arena, &ev, &n) == STORE_OK)
		for (i = 0; i < n; i++) {
			for (k = 0; !coord && k < ev[i].nhosts && (u->org == NULL ||
			    strcmp(ev[i].hosts[k], u->org) != 0); k++)
				;
			if (coord || k < ev[i].nhosts)
				option(h, r, ev[i].id, ev[i].title, rg->event);
		}
	html_lit(h, "</select></div>\n<div class=\"field\"><label "
	    "for=\"f-tour\">");
	html_t(h, "Tour");
	html_lit(h, "</label><select id=\"f-tour\" name=\"tour\">"
	    "<option value=\"\">");
	html_t(h, "All tours and stops");
	html_lit(h, "</option>\n");
	if (store_items(web_store(r), r->arena, LIST_TOURS, &it, &n) ==
	    STORE_OK)
		for (i = 0; i < n; i++)
			option(h, r, it[i].id, it[i].name, rg->tour);
	html_lit(h, "</select></div>\n");
	funder_select(r, h);
	if (!coord)
		return;
	html_lit(h, "<div class=\"field\"><label for=\"f-partner\">");
	html_t(h, "Partner");
	html_lit(h, "</label><select id=\"f-partner\" name=\"partner\">"
	    "<option value=\"\">");
	html_t(h, "All partners");
	html_lit(h, "</option>\n");
	if (store_items(web_store(r), r->arena, LIST_ORGS, &it, &n) == STORE_OK)
		for (i = 0; i < n; i++)
			option(h, r, it[i].id, it[i].name, rg->org);
	html_lit(h, "</select></div>\n");
}

/* GET /staff/reports. */
void
page_staff_reports(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_range rg;
	struct store_totals t;
	struct store_count *rows;
	const char *from, *to, *period, *title, *fnames[SECTOR__MAX], *funder;
	size_t n, i;
	int b;

	if (range(r, &rg, &from, &to, &period, &title, 1) == -1 ||
	    funder_of(r, fnames, &funder) == -1)
		return;
	if (store_report_totals(web_store(r), &rg, &t) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, "Reports");
	html_lit(&h, "<h1>");
	html_t(&h, "Reports");
	html_lit(&h, "</h1>\n<p class=\"lead\" id=\"period-title\">");
	html_text(&h, title);
	html_lit(&h, "</p>\n<form class=\"filters\" method=\"get\">\n");
	period_select(r, &h, period);
	html_lit(&h, "<div class=\"field\"><label for=\"from\">");
	html_t(&h, "From");
	html_lit(&h, "</label><input id=\"from\" name=\"from\" "
	    "type=\"date\"");
	html_attr(&h, "value", from);
	html_lit(&h, "></div>\n<div class=\"field\"><label for=\"to\">");
	html_t(&h, "To");
	html_lit(&h, "</label><input id=\"to\" name=\"to\" type=\"date\"");
	html_attr(&h, "value", to);
	html_lit(&h, "></div>\n");
	filter_selects(r, &h, &rg);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Show");
	html_lit(&h, "</button>\n</form>\n<p><a class=\"button secondary\"");
	html_url(&h, "href", arena_printf(r->arena, "/staff/reports.pdf?%s",
	    period_query(r, period, from, to, &rg)));
	html_lit(&h, ">");
	html_t(&h, "Download this report as PDF");
	html_lit(&h, "</a>");
	if (web_has_role(r, ROLE_BIT(ROLE_COORDINATOR))) {
		html_lit(&h, " · <a href=\"/staff/funders\">");
		html_t(&h, "Funders' sector names");
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>\n");
	if (!web_has_role(r, ROLE_BIT(ROLE_COORDINATOR))) {
		html_lit(&h, "<p class=\"muted\">");
		html_t(&h, "Only the events your organisation co-hosts.");
		html_lit(&h, "</p>\n");
	}
	/* Counts of people and sessions keep their English as it was ("1
	 * attendances"); NG_ gives other languages their plural forms. */
	html_lit(&h, "<h2>");
	html_t(&h, "Training (professional sessions)");
	html_lit(&h, "</h2>\n<dl class=\"facts totals\" "
	    "id=\"totals-training\">\n<dt>");
	html_t(&h, "People trained");
	html_lit(&h, "</dt><dd>");
	html_textf(&h, NG_("%lld (unduplicated: each person counted once)",
	    "%lld (unduplicated: each person counted once)", t.people),
	    (long long)t.people);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Attendances");
	html_lit(&h, "</dt><dd>");
	html_textf(&h, NG_("%lld (person-sessions)", "%lld (person-sessions)",
	    t.attendances), (long long)t.attendances);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Sessions held");
	html_lit(&h, "</dt><dd>");
	html_int(&h, t.training_sessions);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Certificates");
	html_lit(&h, "</dt><dd>");
	html_tf(&h, "%lld, %s CE hours", (long long)t.certificates,
	    fmt_hours(r->arena, t.ce_hours));
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Knowledge");
	html_lit(&h, "</dt><dd>");
	if (t.pairs > 0)
		html_textf(&h, NG_("%.0f%% before, %.0f%% after (%+.0f "
		    "points), from %lld pre- and post-test pairs", "%.0f%% "
		    "before, %.0f%% after (%+.0f points), from %lld pre- and "
		    "post-test pairs", t.pairs), t.pre_avg, t.post_avg,
		    t.post_avg - t.pre_avg, (long long)t.pairs);
	else
		html_t(&h, "No paired pre- and post-tests yet");
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Confidence");
	html_lit(&h, "</dt><dd id=\"confidence\">");
	html_text(&h, confidence(r->arena, &t));
	html_lit(&h, "</dd>\n</dl>\n<p class=\"muted\">");
	html_t(&h, "A person trained is someone checked in at a professional "
	    "session; sector and county are those of their latest attendance, "
	    "and their attendances are counted there too.");
	html_lit(&h, "</p>\n<h2>");
	html_t(&h, "Community education (public sessions)");
	html_lit(&h, "</h2>\n<dl class=\"facts totals\" "
	    "id=\"totals-community\">\n<dt>");
	html_t(&h, "Attendances");
	html_lit(&h, "</dt><dd>");
	html_textf(&h, NG_("%lld (public attendees give nothing personal, so "
	    "they are not de-duplicated; not training)", "%lld (public "
	    "attendees give nothing personal, so they are not de-duplicated; "
	    "not training)", t.public_attendances),
	    (long long)t.public_attendances);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Sessions held");
	html_lit(&h, "</dt><dd>");
	html_int(&h, t.public_sessions);
	html_lit(&h, "</dd>\n<dt>");
	html_t(&h, "Public Q&A");
	html_lit(&h, "</dt><dd>");
	html_tf(&h, "%lld questions from %lld participants, %lld shown",
	    (long long)t.questions, (long long)t.askers, (long long)t.shown);
	html_lit(&h, "</dd>\n</dl>\n");
	for (b = 0; b < BY__MAX; b++) {
		const char **labels;
		double *values;

		if (store_report_trained(web_store(r), r->arena,
		    (enum report_by)b, &rg, &rows, &n) != STORE_OK) {
			web_error(r, 500, "Something went wrong on our side");
			return;
		}
		html_lit(&h, "<section class=\"report\"><h2>");
		html_text(&h, gettext(by_titles[b]));
		html_lit(&h, "</h2>\n");
		if (n == 0) {
			html_lit(&h, "<p class=\"muted\">");
			html_t(&h, "Nobody yet.");
			html_lit(&h, "</p></section>\n");
			continue;
		}
		labels = arena_alloc(r->arena, n * sizeof(*labels));
		values = arena_alloc(r->arena, n * sizeof(*values));
		for (i = 0; i < n; i++) {
			labels[i] = label_shown(b, rows[i].key, fnames);
			values[i] = (double)rows[i].n;
		}
		svg_bars(&r->out, gettext(by_titles[b]), labels, values, n,
		    NULL);
		html_lit(&h, "\n<table class=\"staff\"><thead><tr><th "
		    "scope=\"col\">");
		html_text(&h, gettext(by_heads[b]));
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "People trained");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Attendances");
		html_lit(&h, "</th></tr></thead><tbody>\n");
		for (i = 0; i < n; i++) {
			html_lit(&h, "<tr><td>");
			html_text(&h, labels[i]);
			html_lit(&h, "</td><td>");
			html_int(&h, rows[i].n);
			html_lit(&h, "</td><td>");
			html_int(&h, rows[i].attendances);
			html_lit(&h, "</td></tr>\n");
		}
		html_lit(&h, "</tbody></table>\n<p><a");
		html_url(&h, "href", arena_printf(r->arena, "/staff/reports.csv?"
		    "by=%s&%s", store_report_keys[b], period_query(r, period,
		    from, to, &rg)));
		html_lit(&h, ">");
		html_t(&h, "Download as CSV");
		html_lit(&h, "</a></p></section>\n");
	}
	if (store_report_scales(web_store(r), r->arena, &rg, &rows, &n) ==
	    STORE_OK && n > 0) {
		const char **labels = arena_alloc(r->arena, n * sizeof(*labels));
		double *values = arena_alloc(r->arena, n * sizeof(*values));

		for (i = 0; i < n; i++) {
			labels[i] = rows[i].key;
			values[i] = (double)(int)(rows[i].value * 10 + 0.5) / 10;
		}
		html_lit(&h, "<section class=\"report\"><h2>");
		html_t(&h, "Evaluations: average of 1 to 5");
		html_lit(&h, "</h2>\n");
		svg_bars(&r->out, _("Evaluation averages"), labels, values, n,
		    NULL);
		html_lit(&h, "</section>\n");
	}
	if (store_report_comments(web_store(r), r->arena, &rg, &rows, &n) ==
	    STORE_OK && n > 0) {
		html_lit(&h, "<section class=\"report\"><h2>");
		html_t(&h, "Comments");
		html_lit(&h, "</h2>\n<ul class=\"comments\">\n");
		for (i = 0; i < n; i++) {
			char *tab = strchr(rows[i].key, '\t');

			html_lit(&h, "<li><span class=\"muted\">");
			if (tab)
				*tab = '\0';
			html_text(&h, rows[i].key);
			html_lit(&h, "</span><br>");
			html_text(&h, tab ? tab + 1 : "");
			html_lit(&h, "</li>\n");
		}
		html_lit(&h, "</ul></section>\n");
	}
	layout_end(&h);
}

/* GET /staff/reports.csv?by=&from=&to=. */
void
page_staff_reports_csv(struct http_req *r)
{
	struct store_range rg;
	struct store_count *rows;
	const char *from, *to, *period, *title, *fnames[SECTOR__MAX], *funder;
	size_t n, i;
	int b = which(r), ok;

	if (b < 0) {
		web_error(r, 400, "Unknown report");
		return;
	}
	if (range(r, &rg, &from, &to, &period, &title, 1) == -1 ||
	    funder_of(r, fnames, &funder) == -1)
		return;
	if (store_report_trained(web_store(r), r->arena, (enum report_by)b,
	    &rg, &rows, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	{
		const char *head[] = { store_report_keys[b], "people",
		    "attendances" };

		ok = csv_bom(&r->out) == 0 && csv_row(&r->out, head, 3) == 0;
	}
	for (i = 0; i < n && ok; i++) {
		const char *row[] = { label(b, rows[i].key, fnames),
		    arena_printf(r->arena, "%lld", (long long)rows[i].n),
		    arena_printf(r->arena, "%lld",
		    (long long)rows[i].attendances) };

		ok = csv_row(&r->out, row, 3) == 0;
	}
	if (!ok) {
		web_error(r, 500, "The report is too large");
		return;
	}
	r->content_type = "text/csv; charset=utf-8";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"trained-by-%s-%s-%s.csv\"",
	    store_report_keys[b], from, to));
}

/* GET /api/v1/reports/trained?by=sector|county|month|...&from=&to=. */
void
api_report_trained(struct http_req *r)
{
	struct store_range rg;
	struct store_totals t;
	struct store_count *rows;
	const char *from, *to, *period, *title, *fnames[SECTOR__MAX], *funder;
	json_t *list;
	size_t n, i;
	int b = which(r);

	if (b < 0) {
		web_error(r, 400, "by must be sector, county, month, event, tour "
		    "or partner");
		return;
	}
	if (range(r, &rg, &from, &to, &period, &title, 0) == -1 ||
	    funder_of(r, fnames, &funder) == -1)
		return;
	if (store_report_trained(web_store(r), r->arena, (enum report_by)b,
	    &rg, &rows, &n) != STORE_OK || store_report_totals(web_store(r),
	    &rg, &t) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:I}", "key",
		    rows[i].key, "name", label(b, rows[i].key, fnames), "people",
		    (json_int_t)rows[i].n, "attendances",
		    (json_int_t)rows[i].attendances));
	api_reply(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:f, "
	    "s:o, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:{s:I, s:I}, "
	    "s:{s:I, s:I, s:I}}",
	    "by", store_report_keys[b], "period", period, "from", from, "to", to,
	    "people", (json_int_t)t.people, "attendances",
	    (json_int_t)t.attendances, "certificates",
	    (json_int_t)t.certificates, "ce_hours", t.ce_hours, "rows", list,
	    "questions", "asked", (json_int_t)t.questions, "shown",
	    (json_int_t)t.shown, "askers", (json_int_t)t.askers,
	    "training", "people", (json_int_t)t.people, "attendances",
	    (json_int_t)t.attendances, "sessions",
	    (json_int_t)t.training_sessions,
	    "community_education", "attendances",
	    (json_int_t)t.public_attendances, "sessions",
	    (json_int_t)t.public_sessions,
	    "confidence", "pairs", (json_int_t)t.conf_pairs, "high_before",
	    (json_int_t)t.conf_before, "high_after", (json_int_t)t.conf_after));
}

/* See web.h. */
int
report_pdf_make(struct store *s, struct arena *a, const struct store_range *rg,
    const char *org, const char *period, const char *filters,
    const char *const *names, int64_t now, struct buf *out)
{
	struct report_pdf doc;
	struct report_pdf_fact *f;
	struct report_pdf_table *tb;
	struct store_totals t;
	struct store_count *rows;
	size_t n, i, k = 0;
	int b;

	if (store_report_totals(s, rg, &t) != STORE_OK)
		return -1;
	/* The PDF is in the language of the page it is asked from (the
	 * CLI's is English); counts keep their English forms as on the page. */
	f = arena_alloc(a, 16 * sizeof(*f));
	f[k++] = (struct report_pdf_fact){ NULL,
	    _("Training (professional sessions)") };
	f[k++] = (struct report_pdf_fact){ _("People trained"),
	    arena_printf(a, NG_("%lld (unduplicated: each person counted once)",
	    "%lld (unduplicated: each person counted once)", t.people),
	    (long long)t.people) };
	f[k++] = (struct report_pdf_fact){ _("Attendances"), arena_printf(a,
	    NG_("%lld (person-sessions)", "%lld (person-sessions)",
	    t.attendances), (long long)t.attendances) };
	f[k++] = (struct report_pdf_fact){ _("Sessions held"),
	    arena_printf(a, "%lld", (long long)t.training_sessions) };
	f[k++] = (struct report_pdf_fact){ _("Certificates"), arena_printf(a,
	    _("%lld, %s CE hours"), (long long)t.certificates, fmt_hours(a,
	    t.ce_hours)) };
	f[k++] = (struct report_pdf_fact){ _("Knowledge"), t.pairs > 0 ?
	    arena_printf(a, NG_("%.0f%% before, %.0f%% after (%+.0f points), "
	    "from %lld pre- and post-test pairs", "%.0f%% before, %.0f%% after "
	    "(%+.0f points), from %lld pre- and post-test pairs", t.pairs),
	    t.pre_avg, t.post_avg, t.post_avg - t.pre_avg, (long long)t.pairs) :
	    _("No paired pre- and post-tests") };
	f[k++] = (struct report_pdf_fact){ _("Confidence"), confidence(a, &t) };
	f[k++] = (struct report_pdf_fact){ NULL,
	    _("Community education (public sessions, not training)") };
	f[k++] = (struct report_pdf_fact){ _("Attendances"), arena_printf(a,
	    NG_("%lld (public attendees are not de-duplicated)", "%lld (public "
	    "attendees are not de-duplicated)", t.public_attendances),
	    (long long)t.public_attendances) };
	f[k++] = (struct report_pdf_fact){ _("Sessions held"),
	    arena_printf(a, "%lld", (long long)t.public_sessions) };
	f[k++] = (struct report_pdf_fact){ _("Public Q&A"), arena_printf(a,
	    _("%lld questions from %lld participants, %lld shown"),
	    (long long)t.questions, (long long)t.askers, (long long)t.shown) };
	tb = arena_alloc(a, BY__MAX * sizeof(*tb));
	for (b = 0; b < BY__MAX; b++) {
		struct report_pdf_row *row;

		if (store_report_trained(s, a, (enum report_by)b, rg, &rows,
		    &n) != STORE_OK)
			return -1;
		row = arena_alloc(a, (n ? n : 1) * sizeof(*row));
		for (i = 0; i < n; i++) {
			row[i].label = label_shown(b, rows[i].key, names);
			row[i].people = rows[i].n;
			row[i].attendances = rows[i].attendances;
		}
		tb[b] = (struct report_pdf_table){ gettext(by_titles[b]),
		    gettext(by_heads[b]), row, n };
	}
	memset(&doc, 0, sizeof(doc));
	doc.org = org && *org ? org : "convene";
	doc.period = period;
	doc.filters = filters;
	doc.made = arena_printf(a, _("Made %s"), fmt_moment(a, "UTC", now));
	doc.facts = f;
	doc.nfacts = k;
	doc.tables = tb;
	doc.ntables = BY__MAX;
	return report_pdf_render(&doc, out);
}

/* The name a report is made in: a partner's organisation, or the first
 * organisation (the task force, made first), in arena. */
static const char *
reporter(struct http_req *r)
{
	struct store_user *u = web_user(r);
	struct store_item *it;
	size_t n;

	if (!web_has_role(r, ROLE_BIT(ROLE_COORDINATOR)) && u->org)
		return u->org;
	if (store_items(web_store(r), r->arena, LIST_ORGS, &it, &n) ==
	    STORE_OK && n > 0) {
		size_t i, first = 0;

		for (i = 1; i < n; i++)
			if (it[i].id < it[first].id)
				first = i;
		return it[first].name;
	}
	return "convene";
}

/* GET /staff/reports.pdf?period=&from=&to=&event=&tour=&partner=. */
void
page_staff_reports_pdf(struct http_req *r)
{
	struct store_range rg;
	const char *from, *to, *period, *title, *filters = NULL;
	const char *fnames[SECTOR__MAX], *funder;

	if (range(r, &rg, &from, &to, &period, &title, 1) == -1 ||
	    funder_of(r, fnames, &funder) == -1)
		return;
	if (rg.event || rg.tour || (rg.org && web_has_role(r,
	    ROLE_BIT(ROLE_COORDINATOR))))
		/* TRANSLATORS: the filters follow, each as " event 12". */
		filters = arena_printf(r->arena, _("Filtered:%s%s%s"),
		    rg.event ? arena_printf(r->arena, _(" event %lld"),
		    (long long)rg.event) : "", rg.tour ? arena_printf(r->arena,
		    _(" tour %lld"), (long long)rg.tour) : "", rg.org &&
		    web_has_role(r, ROLE_BIT(ROLE_COORDINATOR)) ?
		    arena_printf(r->arena, _(" partner %lld"),
		    (long long)rg.org) : "");
	else if (rg.org)
		filters = _("Only the events this organisation co-hosts");
	buf_reset(&r->out);
	if (report_pdf_make(web_store(r), r->arena, &rg, reporter(r), funder ?
	    arena_printf(r->arena, _("%s; sectors as %s names them"), title,
	    funder) : title, filters, fnames, web_now(r), &r->out) == -1) {
		web_error(r, 500, "The report could not be made");
		return;
	}
	r->content_type = "application/pdf";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"report-%s-%s.pdf\"", from, to));
}

/* GET /staff/funders: each funder's names for the sectors, and a new one. */
void
page_staff_funders(struct http_req *r)
{
	struct html h = { &r->out };
	const char *names[SECTOR__MAX];
	char **fs;
	size_t n, i;
	int k;

	if (store_funders(web_store(r), r->arena, &fs, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, "Funders' sector names");
	html_lit(&h, "<h1>");
	html_t(&h, "Funders' sector names");
	html_lit(&h, "</h1>\n<p class=\"lead\">");
	html_t(&h, "Map convene's sectors to the discipline names a funder's "
	    "reporting tool uses, once; then choose the funder under Sector "
	    "names on the reports page, its CSV and PDF. Leave a name empty to "
	    "keep convene's.");
	html_lit(&h, "</p>\n");
	for (i = 0; i <= n; i++) {
		const char *f = i < n ? fs[i] : NULL;

		if (f && store_funder_names(web_store(r), r->arena, f, names) !=
		    STORE_OK) {
			web_error(r, 500, "Something went wrong on our side");
			return;
		}
		html_lit(&h, "<form class=\"staff\" method=\"post\" "
		    "action=\"/staff/funders\">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<h2>");
		if (f)
			html_text(&h, f);
		else
			html_t(&h, "Another funder");
		html_lit(&h, "</h2>\n<div class=\"field\"><label");
		html_attr(&h, "for", arena_printf(r->arena, "fu-%zu", i));
		html_lit(&h, ">");
		html_t(&h, "Funder");
		html_lit(&h, "</label><input name=\"funder\" "
		    "maxlength=\"80\" required");
		html_attr(&h, "id", arena_printf(r->arena, "fu-%zu", i));
		html_attr(&h, "value", f ? f : "");
		html_lit(&h, "></div>\n");
		for (k = 0; k < SECTOR__MAX; k++) {
			html_lit(&h, "<div class=\"field\"><label");
			html_attr(&h, "for", arena_printf(r->arena, "fu-%zu-%d", i,
			    k));
			html_lit(&h, ">");
			html_text(&h, gettext(core_sector_names[k]));
			html_lit(&h, "</label><input maxlength=\"160\"");
			html_attr(&h, "id", arena_printf(r->arena, "fu-%zu-%d", i,
			    k));
			html_attr(&h, "name", core_sector_keys[k]);
			html_attr(&h, "value", f && names[k] ? names[k] : "");
			html_lit(&h, "></div>\n");
		}
		html_lit(&h, "<button type=\"submit\">");
		html_t(&h, "Save");
		html_lit(&h, "</button>\n</form>\n");
	}
	layout_end(&h);
}

/* POST /staff/funders: funder and a name per sector key. */
void
page_staff_funders_save(struct http_req *r)
{
	struct http_form form;
	const char *names[SECTOR__MAX];
	int k, rc;

	if (web_staff_form(r, &form) == -1)
		return;
	for (k = 0; k < SECTOR__MAX; k++)
		names[k] = http_form_get(&form, core_sector_keys[k]);
	rc = app_funder_names(web_app(r), web_actor(r), r->arena,
	    http_form_get(&form, "funder"), names);
	if (rc == STORE_CLOSED) {
		web_error(r, 422, "Give the funder's name (up to 80 characters) "
		    "and names of up to 160 characters");
		return;
	}
	if (rc == APP_FORBIDDEN) {
		web_error(r, 403, "Only coordinators map sector names");
		return;
	}
	web_saved(r, rc, "/staff/funders");
}
