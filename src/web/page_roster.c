/* page_roster.c: a session's registrations for staff: filter, act, export, walk-ins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "csv.h"
#include "layout.h"
#include "reg_form.h"
#include "staff_forms.h"
#include "ops.h"
#include "app.h"
#include "web.h"

/* Door staff see every roster; partners only their events'. */
static int
may_see(struct http_req *r, int64_t event_id)
{
	if (web_has_role(r, ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)))
		return 1;
	return ops_may_event(r, event_id);
}

/* Rows of a roster page. */
#define ROSTER_PAGE 250

/* Filters from the query string, checked against the known keys. */
struct filter {
	const char	*status, *sector, *q;
};

static int
filter_read(struct http_req *r, struct filter *f)
{
	f->status = http_query(r, "status");
	f->sector = http_query(r, "sector");
	f->q = http_query(r, "q");
	if (f->status && *f->status == '\0')
		f->status = NULL;
	if (f->sector && *f->sector == '\0')
		f->sector = NULL;
	if (f->q && (*f->q == '\0' || strlen(f->q) > 100 ||
	    !utf8_valid(f->q, strlen(f->q)) || !text_clean(f->q, 0)))
		f->q = NULL;
	if ((f->status && core_status_parse(f->status) < 0) ||
	    (f->sector && core_sector_parse(f->sector) < 0)) {
		web_error(r, 400, "Unknown status or sector in the filter");
		return -1;
	}
	return 0;
}

static int
load(struct http_req *r, struct store_session *s, struct filter *f,
    struct store_registration **regs, size_t *n)
{
	if (web_load_session(r, s) == -1 ||
	    !web_permit(r, may_see(r, s->event_id)) || filter_read(r, f) == -1)
		return -1;
	if (store_roster(web_store(r), r->arena, s->id, f->status, f->sector,
	    f->q, regs, n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return 0;
}

static void
option(struct html *h, const char *value, const char *label,
    const char *current)
{
	html_lit(h, "<option");
	html_attr(h, "value", value);
	if (current && strcmp(current, value) == 0)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</option>");
}

static void
action(struct http_req *r, struct html *h, int64_t id, const char *act,
    const char *label)
{
	html_lit(h, "<form method=\"post\" class=\"inline\"");
	html_url(h, "action", arena_printf(r->arena,
	    "/staff/registrations/%lld/%s", (long long)id, act));
	html_lit(h, ">");
	layout_csrf(h, r);
	html_lit(h, "<button type=\"submit\" class=\"small\">");
	html_text(h, label);
	html_lit(h, "</button></form>");
}

/*
 * A cancel asks first: a disclosure holds the real button, so one tap never
 * cancels (and no script is needed).
 */
static void
cancel_form(struct http_req *r, struct html *h,
    const struct store_registration *g)
{
	const char *who = g->name ? g->name : _("this person");

	html_lit(h, "<details class=\"confirm\"><summary class=\"button small "
	    "secondary\">");
	html_t(h, "Cancel…");
	html_lit(h, "</summary><p>");
	if (g->status == STATUS_CONFIRMED)
		html_tf(h, "Cancel %s's registration? They are told by e-mail, "
		    "and the first on the waiting list gets the place.", who);
	else
		html_tf(h, "Cancel %s's registration? They are told by "
		    "e-mail.", who);
	html_lit(h, "</p>");
	action(r, h, g->id, "cancel", _("Yes, cancel the registration"));
	html_lit(h, "</details>");
}

/*
 * Sessions a registration may move to, as the move itself allows: others
 * the user may change, not cancelled or over, of the same audience and, for
 * a professional, admitting their sector; labelled with date, time and
 * place, and whether there is room.
 */
static void
move_form(struct http_req *r, struct html *h,
    const struct store_registration *g, const struct store_event *ev,
    size_t nev, const struct store_session *from)
{
	int sector = g->sector ? core_sector_parse(g->sector) : -1;
	int64_t now = web_now(r);
	size_t i, j, n = 0;

	for (i = 0; i < nev; i++)
		for (j = 0; j < ev[i].nsessions; j++) {
			const struct store_session *s = &ev[i].sessions[j];

			if (s->id == from->id || s->cancelled ||
			    ev[i].cancelled || now >= s->ends_at ||
			    s->audience != from->audience ||
			    (s->audience == AUDIENCE_PROFESSIONAL &&
			    s->sectors != 0 && (sector < 0 ||
			    !(s->sectors & (1u << sector)))))
				continue;
			if (n++ == 0) {
				html_lit(h, "<form method=\"post\" "
				    "class=\"inline move\"");
				html_url(h, "action", arena_printf(r->arena,
				    "/staff/registrations/%lld/move",
				    (long long)g->id));
				html_lit(h, ">");
				layout_csrf(h, r);
				html_lit(h, "<label");
				html_attr(h, "for", arena_printf(r->arena,
				    "move-%lld", (long long)g->id));
				html_lit(h, ">");
				html_t(h, "Move to");
				html_lit(h, "</label><select "
				    "name=\"session_id\"");
				html_attr(h, "id", arena_printf(r->arena,
				    "move-%lld", (long long)g->id));
				html_lit(h, ">");
			}
			html_lit(h, "<option");
			html_attr(h, "value", arena_printf(r->arena, "%lld",
			    (long long)s->id));
			html_lit(h, ">");
			html_text(h, fmt_short_day(r->arena, ev[i].time_zone,
			    s->starts_at));
			html_lit(h, ", ");
			html_text(h, fmt_clock(r->arena, ev[i].time_zone,
			    s->starts_at));
			html_lit(h, " · ");
			html_text(h, ev[i].city);
			html_lit(h, ", ");
			html_text(h, ev[i].venue);
			html_lit(h, ": ");
			html_text(h, s->title);
			if (core_places_left(s->capacity, s->confirmed) == 0) {
				html_lit(h, " ");
				html_t(h, "(full: waiting list)");
			}
			html_lit(h, "</option>");
		}
	if (n) {
		html_lit(h, "</select><button type=\"submit\" "
		    "class=\"small\">");
		html_t(h, "Move");
		html_lit(h, "</button></form>");
	}
}

/* A coordinator's correction of one person's times, with a reason. */
static void
times_form(struct http_req *r, struct html *h,
    const struct store_registration *g, const char *zone)
{
	const char *id = arena_printf(r->arena, "%lld", (long long)g->id);

	html_lit(h, "<details><summary>");
	html_t(h, "Correct times");
	html_lit(h, "</summary><form method=\"post\" class=\"times\"");
	html_url(h, "action", arena_printf(r->arena,
	    "/staff/registrations/%s/times", id));
	html_lit(h, ">");
	layout_csrf(h, r);
	html_lit(h, "<label>");
	html_t(h, "In");
	html_lit(h, " <input type=\"datetime-local\" name=\"in\"");
	html_attr(h, "value", g->checked_in_at ? sf_local(r->arena, zone,
	    g->checked_in_at) : "");
	html_lit(h, "></label><label>");
	html_t(h, "Out");
	html_lit(h, " <input type=\"datetime-local\" name=\"out\"");
	html_attr(h, "value", g->checked_out_at ? sf_local(r->arena, zone,
	    g->checked_out_at) : "");
	html_lit(h, "></label><label>");
	html_t(h, "Reason");
	html_lit(h, " <input name=\"reason\" maxlength=\"300\" required>"
	    "</label><button type=\"submit\" class=\"small\">");
	html_t(h, "Save");
	html_lit(h, "</button></form></details>");
}

/* Closing a session decides what "no check-out" means for credit. */
static void
close_form(struct http_req *r, struct html *h, const struct store_session *s)
{
	html_lit(h, "<h2>");
	html_t(h, "Close the session");
	html_lit(h, "</h2>\n<p>");
	if (s->closed == CLOSE_AT_END)
		html_t(h, "Closed: people who did not check out are counted "
		    "as leaving at the end.");
	else if (s->closed == CLOSE_NO_CREDIT)
		html_t(h, "Closed: people who did not check out get no "
		    "credit.");
	else
		html_t(h, "Open: people who did not check out get no credit "
		    "until you close the session.");
	html_lit(h, "</p>\n<form class=\"staff\" method=\"post\"");
	html_url(h, "action", arena_printf(r->arena, "/staff/sessions/%lld/close",
	    (long long)s->id));
	html_lit(h, ">\n");
	layout_csrf(h, r);
	html_lit(h, "<fieldset class=\"checks\"><legend>");
	html_t(h, "Those who did not check out");
	html_lit(h, "</legend>\n<label class=\"check\"><input type=\"radio\" "
	    "name=\"mode\" value=\"end\"");
	if (s->closed != CLOSE_NO_CREDIT)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_t(h, "left at the end of the session");
	html_lit(h, "</label>\n<label class=\"check\"><input type=\"radio\" "
	    "name=\"mode\" value=\"no_credit\"");
	if (s->closed == CLOSE_NO_CREDIT)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_t(h, "get no credit");
	html_lit(h, "</label>\n<label class=\"check\"><input "
	    "type=\"radio\" name=\"mode\" value=\"open\"> ");
	html_t(h, "reopen the session");
	html_lit(h, "</label>\n</fieldset>\n<button type=\"submit\">");
	html_t(h, "Save");
	html_lit(h, "</button>\n</form>\n");
}

/* Where the rows shown are among all, and links to the pages beside. */
static void
pager(struct http_req *r, struct html *h, const struct store_session *s,
    const struct filter *f, size_t first, size_t n, size_t total, long page)
{
	const char *base = arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations?status=%s&sector=%s&q=",
	    (long long)s->id, f->status ? f->status : "", f->sector ?
	    f->sector : "");

	html_lit(h, "<nav class=\"pager\"");
	html_attr_t(h, "aria-label", "Pages");
	html_lit(h, "><p>");
	html_tf(h, "Rows %zu–%zu of %zu. ", first + 1, first + n, total);
	if (page > 1) {
		html_lit(h, "<a rel=\"prev\"");
		html_url(h, "href", arena_printf(r->arena, "%s%s&page=%ld", base,
		    f->q ? text_query_value(r->arena, f->q) : "", page - 1));
		html_lit(h, ">");
		html_t(h, "Previous page");
		html_lit(h, "</a> ");
	}
	if (first + n < total) {
		html_lit(h, "<a rel=\"next\"");
		html_url(h, "href", arena_printf(r->arena, "%s%s&page=%ld", base,
		    f->q ? text_query_value(r->arena, f->q) : "", page + 1));
		html_lit(h, ">");
		html_t(h, "Next page");
		html_lit(h, "</a>");
	}
	html_lit(h, "</p></nav>\n");
}

/* GET /staff/sessions/{id}/registrations. */
void
page_staff_roster(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_session s;
	struct store_registration *regs;
	struct store_event *ev = NULL, *mine;
	struct reg_form empty;
	struct filter f;
	size_t n, i, nev = 0, nmine = 0, total, first;
	long page;
	int edit, coord, k, ce;
	const char *csv;

	if (load(r, &s, &f, &regs, &n) == -1)
		return;
	/* Long rosters come in pages: a page of every row of a big
	 * conference would be too long to send, and to use. */
	total = n;
	page = http_query(r, "page") ? strtol(http_query(r, "page"), NULL,
	    10) : 1;
	if (page < 1 || (size_t)(page - 1) * ROSTER_PAGE >= total)
		page = 1;
	first = (size_t)(page - 1) * ROSTER_PAGE;
	regs += first;
	n = total - first < ROSTER_PAGE ? total - first : ROSTER_PAGE;
	edit = ops_may_event(r, s.event_id) == 1;
	coord = web_has_role(r, ROLE_BIT(ROLE_COORDINATOR));
	if (edit && store_event_list(web_store(r), r->arena, &ev, &nev) !=
	    STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	/* Only sessions the user may change are offered as move targets. */
	mine = arena_alloc(r->arena, sizeof(*mine) * (nev ? nev : 1));
	for (i = 0; i < nev; i++)
		if (ops_may_event(r, ev[i].id) == 1)
			mine[nmine++] = ev[i];
	layout_staff_begin(&h, r, arena_printf(r->arena, _("Roster: %s"),
	    s.title));
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a href=\"/staff\">");
	html_t(&h, "Events");
	html_lit(&h, "</a></nav>\n<h1>");
	html_text(&h, s.title);
	html_lit(&h, "</h1>\n<p>");
	html_text(&h, s.event_title);
	html_lit(&h, " · ");
	html_text(&h, fmt_when(r->arena, s.time_zone, s.starts_at, s.ends_at));
	html_lit(&h, "</p>\n<p class=\"counts\">");
	if (s.capacity >= 0)
		html_tf(&h, "%lld confirmed, %lld on the waiting list, "
		    "capacity %lld", (long long)s.confirmed,
		    (long long)s.waitlisted, (long long)s.capacity);
	else
		html_tf(&h, "%lld confirmed, %lld on the waiting list",
		    (long long)s.confirmed, (long long)s.waitlisted);
	html_lit(&h, "</p>\n");
	ce = s.audience == AUDIENCE_PROFESSIONAL && s.ce_hours > 0;
	if (ce) {
		html_lit(&h, "<p class=\"credit-rule\"><strong>");
		html_t(&h, "Credit rule:");
		html_lit(&h, "</strong> ");
		html_tf(&h, "%s (%s CE hours).", app_credit_rule_text(r->arena,
		    &s), fmt_hours(r->arena, s.ce_hours));
		html_lit(&h, "</p>\n");
		if (coord && s.ends_at <= web_now(r)) {
			html_lit(&h, "<form class=\"inline\" method=\"post\"");
			html_url(&h, "action", arena_printf(r->arena,
			    "/staff/sessions/%lld/certify", (long long)s.id));
			html_lit(&h, ">");
			layout_csrf(&h, r);
			html_lit(&h, "<button type=\"submit\">");
			html_t(&h, "Issue certificates");
			html_lit(&h, "</button> <span class=\"muted\">");
			html_t(&h, "to everyone who met the rule; each is told "
			    "by e-mail.");
			html_lit(&h, "</span></form>\n");
		}
	}
	html_lit(&h, "<form class=\"filters\" method=\"get\">\n"
	    "<div class=\"field\"><label for=\"filter-status\">");
	html_t(&h, "Status");
	html_lit(&h, "</label><select id=\"filter-status\" name=\"status\">");
	option(&h, "", _("Any"), f.status);
	for (k = 0; k < STATUS__MAX; k++)
		option(&h, core_status_keys[k], gettext(core_status_names[k]),
		    f.status);
	html_lit(&h, "</select></div>\n<div class=\"field\"><label "
	    "for=\"filter-sector\">");
	html_t(&h, "Sector");
	html_lit(&h, "</label><select id=\"filter-sector\" name=\"sector\">");
	option(&h, "", _("Any"), f.sector);
	for (k = 0; k < SECTOR__MAX; k++)
		option(&h, core_sector_keys[k], gettext(core_sector_names[k]),
		    f.sector);
	html_lit(&h, "</select></div>\n<div class=\"field\"><label "
	    "for=\"filter-q\">");
	html_t(&h, "Name or email");
	html_lit(&h, "</label><input id=\"filter-q\" name=\"q\" "
	    "type=\"search\" maxlength=\"100\"");
	html_attr(&h, "value", f.q ? f.q : "");
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Filter");
	html_lit(&h, "</button>\n</form>\n");
	csv = arena_printf(r->arena, "/staff/sessions/%lld/registrations.csv"
	    "?status=%s&sector=%s", (long long)s.id, f.status ? f.status : "",
	    f.sector ? f.sector : "");
	html_lit(&h, "<p><a class=\"button secondary\"");
	html_url(&h, "href", csv);
	html_lit(&h, ">");
	html_t(&h, "Download as CSV");
	html_lit(&h, "</a></p>\n");
	html_lit(&h, "<div class=\"table-wrap\"><table class=\"staff roster\">"
	    "\n<thead><tr><th scope=\"col\">");
	html_t(&h, "Name");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Email");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Sector");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Organisation");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "County");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Status");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "In");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Out");
	html_lit(&h, "</th>");
	if (ce) {
		html_lit(&h, "<th scope=\"col\">");
		html_t(&h, "Licence");
		html_lit(&h, "</th><th scope=\"col\">");
		html_t(&h, "Credit");
		html_lit(&h, "</th>");
	}
	if (edit) {
		html_lit(&h, "<th scope=\"col\">");
		html_t(&h, "Actions");
		html_lit(&h, "</th>");
	}
	html_lit(&h, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const struct store_registration *g = &regs[i];
		int sec = g->sector ? core_sector_parse(g->sector) : -1;

		html_lit(&h, "<tr><td class=\"wrap\">");
		html_text(&h, g->name ? g->name : _("(no name)"));
		html_lit(&h, "</td><td class=\"wrap\">");
		html_text(&h, g->email);
		html_lit(&h, "</td><td>");
		html_text(&h, sec >= 0 ? gettext(core_sector_names[sec]) : "");
		html_lit(&h, "</td><td class=\"wrap\">");
		html_text(&h, g->organization);
		html_lit(&h, "</td><td class=\"wrap\">");
		html_text(&h, g->county);
		html_lit(&h, "</td><td>");
		html_text(&h, gettext(core_status_names[g->status]));
		if (g->status == STATUS_WAITLISTED)
			html_textf(&h, " #%lld", (long long)g->position);
		if (g->source && strcmp(g->source, "walk_in") == 0) {
			html_lit(&h, " ");
			html_t(&h, "(walk-in)");
		}
		if (g->over_capacity) {
			html_lit(&h, " <span class=\"tag over\">");
			html_t(&h, "admitted over capacity");
			html_lit(&h, "</span>");
		}
		html_lit(&h, "</td><td>");
		html_text(&h, g->checked_in_at ? fmt_clock(r->arena,
		    s.time_zone, g->checked_in_at) : "—");
		html_lit(&h, "</td><td>");
		html_text(&h, g->checked_out_at ? fmt_clock(r->arena,
		    s.time_zone, g->checked_out_at) : "—");
		html_lit(&h, "</td>");
		if (ce) {
			int64_t minutes;
			enum credit why = app_credit(web_store(r), &s, g,
			    web_now(r), &minutes);

			html_lit(&h, "<td class=\"wrap\">");
			html_text(&h, g->license ? g->license : "");
			html_lit(&h, "</td><td class=\"credit\">");
			if (why == CREDIT_MET)
				html_tf(&h, "%s h credited", fmt_hours(
				    r->arena, app_credit_hours(&s, minutes)));
			else
				html_text(&h,
				    gettext(core_credit_reasons[why]));
			html_lit(&h, "</td>");
		}
		if (edit) {
			html_lit(&h, "<td class=\"actions\">");
			if (g->status != STATUS_CANCELLED) {
				if (g->status == STATUS_WAITLISTED)
					action(r, &h, g->id, "promote",
					    _("Confirm now"));
				move_form(r, &h, g, mine, nmine, &s);
				/* Who checked in stays on the record. */
				if (!g->checked_in_at)
					cancel_form(r, &h, g);
			}
			if (coord && g->status == STATUS_CONFIRMED)
				times_form(r, &h, g, s.time_zone);
			html_lit(&h, "</td>");
		}
		html_lit(&h, "</tr>\n");
	}
	html_lit(&h, "</tbody></table></div>\n");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No registrations match.");
		html_lit(&h, "</p>\n");
	}
	if (total > ROSTER_PAGE)
		pager(r, &h, &s, &f, first, n, total, page);
	if (edit)
		close_form(r, &h, &s);
	if (!s.cancelled && !s.event_cancelled) {
		html_lit(&h, "<h2>");
		html_t(&h, "Add a walk-in");
		html_lit(&h, "</h2>\n<form class=\"staff\" "
		    "method=\"post\" novalidate");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/sessions/%lld/walkins", (long long)s.id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		memset(&empty, 0, sizeof(empty));
		reg_form_render(&h, r->arena, &s, &empty);
		reg_form_walkin_submit(&h, &s, _("Add walk-in"), coord ||
		    web_has_role(r, ROLE_BIT(ROLE_DOOR)));
		html_lit(&h, "</form>\n");
	}
	layout_end(&h);
}

static const char *const csv_head[] = {
	"name", "email", "sector", "organization", "county", "license",
	"status", "position", "registered_at", "source",
};

/* A roster CSV being sent: rows loaded, written out a few hundred at a
 * time as the client reads, so its size has no bound but the rows'. */
struct csv_out {
	struct arena			*a;
	const struct store_registration	*regs;
	size_t				 n, next;
	int				 started;
};

#define CSV_ROWS_PER_PART 500

static int
csv_part(void *state, struct buf *out)
{
	struct csv_out *c = state;
	size_t stop;

	if (!c->started) {
		c->started = 1;
		if (csv_bom(out) != 0 || csv_row(out, csv_head,
		    ARRAY_LEN(csv_head)) != 0)
			return -1;
	}
	stop = c->next + CSV_ROWS_PER_PART < c->n ? c->next +
	    CSV_ROWS_PER_PART : c->n;
	for (; c->next < stop; c->next++) {
		const struct store_registration *g = &c->regs[c->next];
		char pos[24];
		const char *row[ARRAY_LEN(csv_head)] = {
			g->name, g->email, g->sector, g->organization,
			g->county, g->license, core_status_keys[g->status],
			NULL, fmt_iso(c->a, "UTC", g->created_at), g->source,
		};

		if (g->position) {
			snprintf(pos, sizeof(pos), "%lld", (long long)g->position);
			row[7] = pos;
		}
		if (csv_row(out, row, ARRAY_LEN(csv_head)) != 0)
			return -1;
	}
	return c->next < c->n;
}

/* GET /staff/sessions/{id}/registrations.csv: streamed, any length. */
void
page_staff_roster_csv(struct http_req *r)
{
	struct store_session s;
	struct store_registration *regs;
	struct filter f;
	struct csv_out *c;
	size_t n;

	if (load(r, &s, &f, &regs, &n) == -1)
		return;
	c = arena_alloc(r->arena, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->a = r->arena;
	c->regs = regs;
	c->n = n;
	http_stream(r, csv_part, c);
	r->content_type = "text/csv; charset=utf-8";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"roster-session-%lld.csv\"",
	    (long long)s.id));
}

/* The session filled while the walk-in was typed: 409 with what was
 * entered, and the explicit choice. */
static void
walkin_full(struct http_req *r, struct store_session *s,
    const struct http_form *form, const struct reg_form *f)
{
	struct html h = { &r->out };
	const char *door = http_form_get(form, "return");
	int i;

	/* The counts as they are now, not as the form saw them. */
	if (store_session_get(web_store(r), r->arena, s->id, s) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	buf_reset(&r->out);
	r->status = 409;
	layout_staff_begin(&h, r, "The session is full");
	html_lit(&h, "<h1>");
	html_t(&h, "The session is full");
	html_lit(&h, "</h1>\n<p>");
	/* TRANSLATORS: the session's title, then the person's name. */
	html_tf(&h, "%s: nobody was added yet. Choose what to do with %s.",
	    s->title, f->raw[REGF_NAME] && *f->raw[REGF_NAME] ?
	    f->raw[REGF_NAME] : _("this person"));
	html_lit(&h, "</p>\n<form class=\"staff\" method=\"post\"");
	html_url(&h, "action", arena_printf(r->arena,
	    "/staff/sessions/%lld/walkins", (long long)s->id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	for (i = 0; i < REGF__MAX; i++)
		if (f->raw[i]) {
			html_lit(&h, "<input type=\"hidden\"");
			html_attr(&h, "name", reg_fields[i].name);
			html_attr(&h, "value", f->raw[i]);
			html_lit(&h, ">\n");
		}
	if (door) {
		html_lit(&h, "<input type=\"hidden\" name=\"return\"");
		html_attr(&h, "value", door);
		html_lit(&h, ">\n");
	}
	reg_form_walkin_submit(&h, s, _("Add walk-in"), web_has_role(r,
	    ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)));
	html_lit(&h, "</form>\n");
	layout_end(&h);
}

/* A walk-in whose details do not do: 422 with the form again, what was
 * typed kept and each wrong field marked, from the door or the roster. */
static void
walkin_again(struct http_req *r, const struct store_session *s,
    const struct http_form *form, const struct reg_form *f, int status,
    const char *why)
{
	struct html h = { &r->out };
	const char *door = http_form_get(form, "return");

	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, "Add a walk-in");
	html_lit(&h, "<h1>");
	html_t(&h, "Add a walk-in");
	html_lit(&h, "</h1>\n<p class=\"notice\" role=\"alert\">");
	html_text(&h, gettext(why));
	html_lit(&h, "</p>\n<p>");
	html_text(&h, s->title);
	html_lit(&h, "</p>\n<form class=\"staff\" method=\"post\" novalidate");
	html_url(&h, "action", arena_printf(r->arena,
	    "/staff/sessions/%lld/walkins", (long long)s->id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	if (door) {
		html_lit(&h, "<input type=\"hidden\" name=\"return\"");
		html_attr(&h, "value", door);
		html_lit(&h, ">\n");
	}
	reg_form_render(&h, r->arena, s, f);
	reg_form_walkin_submit(&h, s, door && strcmp(door, "door") == 0 ?
	    N_("Add and check in") : N_("Add walk-in"), web_has_role(r,
	    ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)));
	html_lit(&h, "</form>\n");
	layout_end(&h);
}

/* POST /staff/sessions/{id}/walkins. */
void
page_staff_walkin(struct http_req *r)
{
	struct store_session s;
	struct store_registration g;
	struct store_reg_input in;
	struct http_form form;
	struct reg_form f;
	const char *door, *admit;
	int i, rc, changed;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, may_see(r, s.event_id)) ||
	    web_staff_form(r, &form) == -1)
		return;
	admit = http_form_get(&form, "admit");
	memset(&f, 0, sizeof(f));
	for (i = 0; i < REGF__MAX; i++)
		f.raw[i] = http_form_get(&form, reg_fields[i].name);
	if (reg_form_check(r->arena, &s, &f, &in) > 0) {
		walkin_again(r, &s, &form, &f, 422, N_("The walk-in's details "
		    "are incomplete: a professional needs name, email, sector, "
		    "organisation and county"));
		return;
	}
	in.admit = admit && strcmp(admit, "over") == 0 ? ADMIT_OVER :
	    admit && strcmp(admit, "waitlist") == 0 ? ADMIT_WAITLIST :
	    ADMIT_ASK;
	rc = ops_walkin(r, s.id, &in, &g);
	if (rc == APP_DOOR_CLOSED || rc == APP_BAD_TIME) {
		/* Nothing typed is lost: the form comes back with the reason. */
		walkin_again(r, &s, &form, &f, 409, WEB_DOOR_CLOSED);
		return;
	}
	if (rc == STORE_CLOSED) {
		web_error(r, 409, "This session is cancelled");
		return;
	}
	if (rc == APP_FULL) {
		walkin_full(r, &s, &form, &f);
		return;
	}
	if (rc == APP_FORBIDDEN) {
		web_error(r, 403, "Only door staff and coordinators admit "
		    "people over capacity");
		return;
	}
	if (rc != STORE_OK && rc != STORE_EXISTS) {
		web_error(r, 500, "Something went wrong on our side; nothing "
		    "was saved");
		return;
	}
	/* From the door, a confirmed walk-in is checked in at once. */
	door = http_form_get(&form, "return");
	if (door && strcmp(door, "door") == 0) {
		if (g.status == STATUS_CONFIRMED &&
		    ops_check(r, &g, 1, web_now(r), &changed) != STORE_OK) {
			web_error(r, 500, "Added, but the check-in failed; "
			    "check them in by name");
			return;
		}
		http_redirect(r, arena_printf(r->arena, "/staff/door/%lld%s%lld",
		    (long long)s.id, g.status == STATUS_CONFIRMED ? "?done=" :
		    "?error=walkin_waitlisted&id=", (long long)g.id));
		return;
	}
	http_redirect(r, arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations", (long long)s.id));
}

/* POST /staff/registrations/{id}/{cancel|promote|move}. */
void
page_staff_registration(struct http_req *r)
{
	struct store_registration g;
	struct http_form form;
	int64_t id = web_param_id(r, 0), to = 0;
	int act, rc;

	for (act = 0; act < REG_ACTION__MAX; act++)
		if (strcmp(r->params[1], app_reg_action_keys[act]) == 0)
			break;
	if (id == 0 || act == REG_ACTION__MAX) {
		web_error(r, 404, "Page not found");
		return;
	}
	if (!web_permit(r, ops_may_registration(r, id)) ||
	    web_staff_form(r, &form) == -1)
		return;
	if (act == REG_MOVE) {
		const char *v = http_form_get(&form, "session_id");

		to = v ? strtoll(v, NULL, 10) : 0;
		if (to <= 0 || !web_permit(r, ops_may_session(r, to)))
			return;
	}
	rc = ops_registration(r, id, (enum reg_action)act, to);
	if (rc == APP_ATTENDED) {
		web_error(r, 409, "This person checked in: their registration "
		    "and attendance stay on the record and cannot be "
		    "cancelled");
		return;
	}
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "That change does not apply to this "
		    "registration now (already cancelled, not waitlisted, or "
		    "already in that session)");
		return;
	}
	if (rc == STORE_CLOSED) {
		web_error(r, 409, "That session is cancelled");
		return;
	}
	if (rc != STORE_OK || store_registration_get(web_store(r), r->arena,
	    id, &g) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; nothing "
		    "was changed");
		return;
	}
	http_redirect(r, arena_printf(r->arena,
	    "/staff/sessions/%lld/registrations", (long long)g.session_id));
}
