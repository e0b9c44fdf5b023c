/* page_calendar.c: tours (public and the coordinator's check) and the campaign calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "ics.h"
#include "layout.h"
#include "app.h"
#include "web.h"

/* The events of a tour, in date order (store_event_list is by start). */
/* Drafts only when drafts (the coordinator's check), never in public. */
static size_t
tour_events(struct store_event *ev, size_t n, int64_t tour,
    struct store_event **out, struct arena *a, int drafts)
{
	size_t i, k = 0;

	*out = arena_alloc(a, sizeof(**out) * (n ? n : 1));
	for (i = 0; i < n; i++)
		if (ev[i].tour_id == tour && !ev[i].cancelled &&
		    (drafts || ev[i].published))
			(*out)[k++] = ev[i];
	return k;
}

static int
load_tour(struct http_req *r, struct store_tour *t, struct store_event **stops,
    size_t *n, int drafts)
{
	struct store_event *ev;
	size_t all;
	int64_t id = web_param_id(r, 0);
	int rc;

	if (id == 0 || (rc = store_tour_get(web_store(r), r->arena, id, t)) ==
	    STORE_NOTFOUND) {
		web_error(r, 404, "Tour not found");
		return -1;
	}
	if (rc != STORE_OK || store_event_list(web_store(r), r->arena, &ev,
	    &all) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	*n = tour_events(ev, all, t->id, stops, r->arena, drafts);
	return 0;
}

/* GET /tours/{id}: the speaker's stops in order. */
void
page_tour(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_tour t;
	struct store_event *stops;
	size_t n, i;

	if (load_tour(r, &t, &stops, &n, 0) == -1)
		return;
	layout_begin(&h, r, t.title);
	html_lit(&h, "<h1>");
	html_text(&h, t.title);
	html_lit(&h, "</h1>\n");
	if (*t.speaker) {
		html_lit(&h, "<p class=\"lead\">");
		html_t(&h, "With ");
		html_text(&h, t.speaker);
		if (*t.bio) {
			html_lit(&h, ": ");
			html_text(&h, t.bio);
		}
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<ol class=\"events stops\">\n");
	for (i = 0; i < n; i++) {
		html_lit(&h, "<li class=\"event-card\"><p class=\"date\">");
		if (stops[i].starts_at)
			html_text(&h, fmt_day(r->arena, stops[i].time_zone,
			    stops[i].starts_at));
		html_lit(&h, "</p><h2><a class=\"event-link\"");
		html_url(&h, "href", arena_printf(r->arena, "/events/%lld",
		    (long long)stops[i].id));
		html_lit(&h, ">");
		html_text(&h, stops[i].city);
		html_lit(&h, ", ");
		html_text(&h, stops[i].state);
		html_lit(&h, "</a></h2><p class=\"place\">");
		html_text(&h, stops[i].venue);
		html_lit(&h, "</p></li>\n");
	}
	html_lit(&h, "</ol>\n");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No stops announced yet.");
		html_lit(&h, "</p>\n");
	}
	layout_end(&h);
}

/* The coordinator's check: one speaker, one place at a time, time to travel. */
void
page_staff_tour(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_tour t;
	struct store_event *stops;
	size_t n, i, j, a, b, problems = 0;

	if (load_tour(r, &t, &stops, &n, 1) == -1)
		return;
	layout_staff_begin(&h, r, t.title);
	html_lit(&h, "<h1>");
	html_tf(&h, "Tour: %s", t.title);
	html_lit(&h, "</h1>\n<p><a");
	html_url(&h, "href", arena_printf(r->arena, "/tours/%lld",
	    (long long)t.id));
	html_lit(&h, ">");
	html_t(&h, "Public page");
	html_lit(&h, "</a></p>\n<h2>");
	html_t(&h, "Checks");
	html_lit(&h, "</h2>\n<ul class=\"checks\">\n");
	/* Every pair of sessions on different stops: the speaker is one person. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			for (a = 0; a < stops[i].nsessions; a++)
				for (b = 0; b < stops[j].nsessions; b++) {
					const struct store_session *x =
					    &stops[i].sessions[a];
					const struct store_session *y =
					    &stops[j].sessions[b];

					if (x->cancelled || y->cancelled ||
					    !core_overlaps(x->starts_at,
					    x->ends_at, y->starts_at, y->ends_at))
						continue;
					problems++;
					html_lit(&h, "<li class=\"flag "
					    "abuse\">");
					/* TRANSLATORS: city (session) and
					 * city (session). */
					html_tf(&h, "Two places at once: %s "
					    "(%s) and %s (%s)", stops[i].city,
					    x->title, stops[j].city, y->title);
					html_lit(&h, "</li>\n");
				}
	for (i = 1; i < n; i++) {
		int64_t prev_end = 0, next_start = 0;

		/* Only sessions that take place: a cancelled one asks no travel. */
		for (a = 0; a < stops[i - 1].nsessions; a++)
			if (!stops[i - 1].sessions[a].cancelled &&
			    stops[i - 1].sessions[a].ends_at > prev_end)
				prev_end = stops[i - 1].sessions[a].ends_at;
		for (b = 0; b < stops[i].nsessions; b++)
			if (!stops[i].sessions[b].cancelled && (next_start == 0 ||
			    stops[i].sessions[b].starts_at < next_start))
				next_start = stops[i].sessions[b].starts_at;
		if (prev_end && next_start &&
		    strcmp(stops[i - 1].city, stops[i].city) != 0 &&
		    core_gap_too_short(prev_end, next_start, t.gap_hours)) {
			problems++;
			html_lit(&h, "<li class=\"flag abuse\">");
			/* English says "hours" even for one, as it did. */
			html_textf(&h, NG_("Less than %lld hours to travel "
			    "from %s to %s", "Less than %lld hours to travel "
			    "from %s to %s", t.gap_hours),
			    (long long)t.gap_hours, stops[i - 1].city,
			    stops[i].city);
			html_lit(&h, "</li>\n");
		}
	}
	if (problems == 0) {
		html_lit(&h, "<li>");
		html_t(&h, "No clashes: the speaker is never in two sessions "
		    "at once, and every move leaves the travel gap.");
		html_lit(&h, "</li>\n");
	}
	html_lit(&h, "</ul>\n<form class=\"staff\" method=\"post\"");
	html_url(&h, "action", arena_printf(r->arena, "/staff/tours/%lld/gap",
	    (long long)t.id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<div class=\"field\"><label for=\"gap\">");
	html_t(&h, "Shortest time between stops in different cities (hours)");
	html_lit(&h, "</label><input id=\"gap\" name=\"hours\" "
	    "type=\"number\" min=\"0\" max=\"240\"");
	html_attr(&h, "value", arena_printf(r->arena, "%lld",
	    (long long)t.gap_hours));
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Save");
	html_lit(&h, "</button>\n</form>\n<h2>");
	html_t(&h, "Stops");
	html_lit(&h, "</h2>\n<ol>\n");
	for (i = 0; i < n; i++) {
		html_lit(&h, "<li><a");
		html_url(&h, "href", arena_printf(r->arena, "/staff/events/%lld",
		    (long long)stops[i].id));
		html_lit(&h, ">");
		html_text(&h, stops[i].city);
		html_lit(&h, "</a> — ");
		if (stops[i].starts_at)
			html_text(&h, fmt_when(r->arena, stops[i].time_zone,
			    stops[i].starts_at, stops[i].ends_at));
		html_lit(&h, "</li>\n");
	}
	html_lit(&h, "</ol>\n");
	layout_end(&h);
}

/* POST /staff/tours/{id}/gap. */
void
page_staff_tour_gap(struct http_req *r)
{
	struct http_form form;
	const char *v;
	char *end;
	long hours;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	v = http_form_get(&form, "hours");
	hours = v ? strtol(v, &end, 10) : -1;
	if (v == NULL || *end != '\0' || hours < 0 || hours > 240) {
		web_error(r, 422, "Give the gap in whole hours, 0 to 240");
		return;
	}
	rc = app_tour_gap(web_app(r), web_actor(r), web_param_id(r, 0), hours);
	web_saved(r, rc, arena_printf(r->arena, "/staff/tours/%lld",
	    (long long)web_param_id(r, 0)));
}

/* The calendar's range: ?from=&to= (days, both included), else the coming January. */
static int
cal_range(struct http_req *r, int64_t *from, int64_t *to, int *y)
{
	const char *f = http_query(r, "from"), *t = http_query(r, "to");
	struct tz_local now, first;

	tz_from_utc("UTC", web_now(r), &now);
	*y = core_campaign_year(now.year, now.month);
	if (f == NULL && t == NULL) {
		tz_to_utc("UTC", *y, 1, 1, 0, 0, from);
		tz_to_utc("UTC", *y, 2, 1, 0, 0, to);
		return 0;
	}
	if (tz_parse_date(f, from) == -1 || tz_parse_date(t, to) == -1 ||
	    *to < *from || *to - *from > 400 * 86400) {
		web_error(r, 400, "Give from and to as dates (YYYY-MM-DD), at "
		    "most about a year apart");
		return -1;
	}
	*to += 86400;
	tz_from_utc("UTC", *from, &first);
	*y = first.year;
	return 0;
}

/* The local date of t in zone, as the UTC midnight of that date. */
static int64_t
local_day(const char *zone, int64_t t)
{
	struct tz_local l;
	int64_t d = 0;

	if (tz_from_utc(zone, t, &l) == 0)
		tz_to_utc("UTC", l.year, l.month, l.day, 0, 0, &d);
	return d;
}

/* GET /calendar: every partner's events in a range, awareness days marked. */
void
page_calendar(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_event *ev;
	size_t n, i, shown = 0;
	int64_t from, to, day11, d;
	int y, marked = 0;

	if (cal_range(r, &from, &to, &y) == -1)
		return;
	if (store_event_list(web_store(r), r->arena, &ev, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	/* The range may start in December: its 11 January is next year's. */
	tz_to_utc("UTC", y, 1, 11, 0, 0, &day11);
	if (day11 < from)
		tz_to_utc("UTC", y + 1, 1, 11, 0, 0, &day11);
	layout_begin(&h, r, "Campaign calendar");
	html_lit(&h, "<h1>");
	html_t(&h, "Campaign calendar");
	html_lit(&h, "</h1>\n");
	if (from <= day11 && day11 < to) {
		html_lit(&h, "<p class=\"lead\">");
		html_t(&h, "January is National Slavery and Human "
		    "Trafficking Prevention Month; 11 January is Human "
		    "Trafficking Awareness Day.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<p><a class=\"button secondary\"");
	html_url(&h, "href", arena_printf(r->arena, "/calendar.ics%s%s",
	    http_query(r, "from") ? "?from=" : "", http_query(r, "from") ?
	    arena_printf(r->arena, "%s&to=%s", http_query(r, "from"),
	    http_query(r, "to")) : ""));
	html_lit(&h, ">");
	html_t(&h, "Subscribe (iCalendar)");
	html_lit(&h, "</a></p>\n<ul class=\"events\">\n");
	for (i = 0; i < n; i++) {
		int64_t first = 0;
		size_t si;

		/* Listed on the day of its first live session in the range: a
		 * cancelled one neither places nor hides it. */
		for (si = 0; si < ev[i].nsessions && first == 0; si++) {
			const struct store_session *s = &ev[i].sessions[si];

			d = local_day(ev[i].time_zone, s->starts_at);
			if (!s->cancelled && d >= from && d < to)
				first = s->starts_at;
		}
		if (first == 0 || ev[i].cancelled || !ev[i].published)
			continue;
		d = local_day(ev[i].time_zone, first);
		if (!marked && d >= day11 && from <= day11 && day11 < to) {
			html_lit(&h, "<li class=\"awareness\"><strong>");
			html_t(&h, "11 January: Human Trafficking Awareness "
			    "Day");
			html_lit(&h, "</strong></li>\n");
			marked = 1;
		}
		shown++;
		html_lit(&h, "<li class=\"event-card\"><p class=\"date\">");
		html_text(&h, fmt_day(r->arena, ev[i].time_zone, first));
		html_lit(&h, "</p><h2><a class=\"event-link\"");
		html_url(&h, "href", arena_printf(r->arena, "/events/%lld",
		    (long long)ev[i].id));
		html_lit(&h, ">");
		html_text(&h, ev[i].title);
		html_lit(&h, "</a></h2><p class=\"place\">");
		html_text(&h, ev[i].venue);
		html_lit(&h, ", ");
		html_text(&h, ev[i].city);
		html_lit(&h, ", ");
		html_text(&h, ev[i].state);
		html_lit(&h, "</p>");
		if (ev[i].nhosts) {
			size_t k;

			html_lit(&h, "<p class=\"hosts\">");
			for (k = 0; k < ev[i].nhosts; k++) {
				if (k)
					html_lit(&h, " · ");
				html_text(&h, ev[i].hosts[k]);
			}
			html_lit(&h, "</p>");
		}
		html_lit(&h, "</li>\n");
	}
	if (!marked && from <= day11 && day11 < to) {
		html_lit(&h, "<li class=\"awareness\"><strong>");
		html_t(&h, "11 January: Human Trafficking Awareness Day");
		html_lit(&h, "</strong></li>\n");
	}
	html_lit(&h, "</ul>\n");
	if (shown == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No events in these dates.");
		html_lit(&h, "</p>\n");
	}
	layout_end(&h);
}

/* GET /calendar.ics: the same sessions as an iCalendar feed. */
void
page_calendar_ics(struct http_req *r)
{
	struct store_event *ev;
	struct ics_event *out;
	size_t n, i, j, k = 0, total = 0;
	int64_t from, to, d;
	const char *host;
	int y;

	if (cal_range(r, &from, &to, &y) == -1)
		return;
	if (store_event_list(web_store(r), r->arena, &ev, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	for (i = 0; i < n; i++)
		total += ev[i].nsessions;
	out = arena_alloc(r->arena, sizeof(*out) * (total ? total : 1));
	host = web_site_host(r);
	for (i = 0; i < n; i++)
		for (j = 0; j < ev[i].nsessions && ev[i].published; j++) {
			const struct store_session *s = &ev[i].sessions[j];

			d = local_day(ev[i].time_zone, s->starts_at);
			if (d < from || d >= to)
				continue;
			memset(&out[k], 0, sizeof(out[k]));
			out[k].uid = arena_printf(r->arena, ICS_UID_SESSION,
			    (long long)s->id, host);
			out[k].sequence = s->ics_sequence;
			web_ics_organizer(r, &out[k]);
			out[k].summary = arena_printf(r->arena, "%s: %s",
			    ev[i].title, s->title);
			out[k].description = s->description;
			out[k].location = arena_printf(r->arena, "%s, %s, %s",
			    ev[i].venue, ev[i].city, ev[i].state);
			out[k].starts_at = s->starts_at;
			out[k].ends_at = s->ends_at;
			out[k].stamp = web_now(r);
			out[k].cancelled = s->cancelled || ev[i].cancelled;
			k++;
		}
	if (ics_calendar(&r->out, out, k, _("Human trafficking awareness: "
	    "trainings and forums"), ICS_PUBLISH) == -1) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	r->content_type = "text/calendar; charset=utf-8";
	http_set_header(r, "Content-Disposition",
	    "inline; filename=\"convene.ics\"");
}
