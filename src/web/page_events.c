/* page_events.c: the home page (upcoming and past stops) and one event's page. */
#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "fmt.h"
#include "layout.h"
#include "markdown.h"
#include "view.h"
#include "web.h"

/* One event in a list; past events sit under their own h2, so a level lower. */
/* A session that counts on a card: not cancelled, and for an upcoming
 * card not over either. */
static int
card_counts(const struct store_session *s, int past, int64_t now)
{
	return !s->cancelled && (past || s->ends_at >= now);
}

static void
event_card(struct html *h, struct arena *a, const struct store_event *e,
    int past, int64_t now)
{
	int64_t day = 0;
	size_t i;

	/* The date of the first session still to come, not a cancelled or
	 * finished one's. */
	for (i = 0; i < e->nsessions && day == 0; i++)
		if (card_counts(&e->sessions[i], past, now))
			day = e->sessions[i].starts_at;
	if (day == 0)
		day = e->starts_at;
	html_lit(h, "<li class=\"event-card\">\n<p class=\"date\">");
	if (day)
		html_text(h, fmt_day(a, e->time_zone, day));
	if (past)
		html_lit(h, "</p>\n<h3><a class=\"event-link\"");
	else
		html_lit(h, "</p>\n<h2><a class=\"event-link\"");
	html_url(h, "href", arena_printf(a, "/events/%lld", (long long)e->id));
	html_lit(h, ">");
	html_text(h, e->title);
	html_lit(h, "<span class=\"visually-hidden\">");
	html_t(h, " in ");
	html_text(h, e->city);
	if (past)
		html_lit(h, "</span></a></h3>\n<p class=\"place\">");
	else
		html_lit(h, "</span></a></h2>\n<p class=\"place\">");
	html_text(h, e->venue);
	html_lit(h, ", ");
	html_text(h, e->city);
	html_lit(h, ", ");
	html_text(h, e->state);
	html_lit(h, "</p>\n");
	if (e->cancelled) {
		html_lit(h, "<p class=\"tag cancelled\">");
		html_t(h, "Cancelled");
		html_lit(h, "</p>\n");
	}
	if (past) {
		html_lit(h, "<ul class=\"tags\">");
		for (i = 0; i < e->nsessions; i++) {
			const struct store_session *s = &e->sessions[i];

			if (!card_counts(s, past, now))
				continue;
			html_lit(h, "<li class=\"tag\">");
			html_text(h, gettext(core_audience_names[s->audience]));
			if (s->ce_hours > 0)
				html_tf(h, " · %s CE hours",
				    fmt_hours(a, s->ce_hours));
			html_lit(h, "</li>");
		}
		html_lit(h, "</ul>\n</li>\n");
		return;
	}
	/* Each session still to come: when, room left, and the way in. */
	html_lit(h, "<ul class=\"card-sessions\">");
	for (i = 0; i < e->nsessions; i++) {
		const struct store_session *s = &e->sessions[i];
		int state = view_reg_state(s, now);
		int64_t left = core_places_left(s->capacity, s->confirmed);

		if (e->cancelled || !card_counts(s, 0, now))
			continue;
		html_lit(h, "<li><span class=\"tag\">");
		html_text(h, gettext(core_audience_names[s->audience]));
		if (s->ce_hours > 0)
			html_tf(h, " · %s CE hours",
			    fmt_hours(a, s->ce_hours));
		html_lit(h, "</span> <span class=\"when\">");
		html_text(h, fmt_short_day(a, e->time_zone, s->starts_at));
		html_lit(h, ", ");
		html_text(h, fmt_clock(a, e->time_zone, s->starts_at));
		html_lit(h, "–");
		html_text(h, fmt_clock(a, e->time_zone, s->ends_at));
		html_lit(h, "</span> ");
		if (state == REG_OPEN) {
			if (left == 0) {
				html_lit(h, "<span class=\"places full\">");
				html_t(h, "Waiting list");
				html_lit(h, "</span> ");
			} else if (left > 0)
				html_textf(h, NG_("%lld place left ",
				    "%lld places left ", left), (long long)left);
			html_lit(h, "<a class=\"register\"");
			html_url(h, "href", arena_printf(a,
			    "/sessions/%lld/register", (long long)s->id));
			html_lit(h, ">");
			if (left == 0)
				html_t(h, "Join the waiting list");
			else
				html_t(h, "Register");
			html_lit(h, "<span class=\"visually-hidden\">: ");
			html_text(h, s->title);
			html_lit(h, "</span></a>");
		} else if (state == REG_NOT_YET) {
			html_lit(h, "<span class=\"places\">");
			html_t(h, "Registration opens soon");
			html_lit(h, "</span>");
		} else {
			html_lit(h, "<span class=\"places\">");
			html_t(h, "Registration closed");
			html_lit(h, "</span>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>\n</li>\n");
}

/* GET /: upcoming stops by date, past events apart. */
void
page_home(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_event *ev;
	size_t n, i, upcoming = 0, past = 0;
	int64_t now = web_now(r);

	if (store_event_list(web_store(r), r->arena, &ev, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_begin(&h, r, "Upcoming trainings and forums");
	html_lit(&h, "<h1>");
	html_t(&h, "Upcoming trainings and public forums");
	html_lit(&h, "</h1>\n<p class=\"lead\">");
	html_tm(&h, "Trainings for professionals that earn "
	    "continuing-education hours, and open evening sessions where "
	    "anyone can ask questions anonymously. See also the <a "
	    "href=\"/calendar\">campaign calendar</a>.");
	html_lit(&h, "</p>\n<ul class=\"events\">\n");
	for (i = 0; i < n; i++)
		if (ev[i].published && ev[i].ends_at >= now) {
			event_card(&h, r->arena, &ev[i], 0, now);
			upcoming++;
		}
	html_lit(&h, "</ul>\n");
	if (upcoming == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No upcoming events yet. Check back soon.");
		html_lit(&h, "</p>\n");
	}
	for (i = n; i-- > 0;)
		if (ev[i].published && ev[i].ends_at < now) {
			if (past++ == 0) {
				html_lit(&h, "<h2>");
				html_t(&h, "Past events");
				html_lit(&h, "</h2>\n<ul class=\"events "
				    "past\">\n");
			}
			event_card(&h, r->arena, &ev[i], 1, now);
		}
	if (past)
		html_lit(&h, "</ul>\n");
	layout_end(&h);
}

static void
hosts(struct html *h, const struct store_event *e)
{
	size_t i;

	if (e->nhosts == 0)
		return;
	html_lit(h, "<p class=\"hosts\">");
	html_t(h, "Hosted by ");
	for (i = 0; i < e->nhosts; i++) {
		if (i > 0 && i + 1 == e->nhosts)
			html_t(h, " and ");
		else if (i > 0)
			html_lit(h, ", ");
		html_text(h, e->hosts[i]);
	}
	html_lit(h, "</p>\n");
}

/* GET /events/{id}: the stop and its sessions with places and state. */
void
page_event(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_event e;
	int64_t id = web_param_id(r, 0), now = web_now(r);
	size_t i;
	int rc;

	if (id == 0 || (rc = store_event_get(web_store(r), r->arena, id,
	    &e)) == STORE_NOTFOUND || (rc == STORE_OK && !e.published)) {
		web_error(r, 404, "Event not found");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_begin(&h, r, e.title);
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a href=\"/\">");
	html_t(&h, "All events");
	html_lit(&h, "</a></nav>\n<h1>");
	html_text(&h, e.title);
	html_lit(&h, "</h1>\n");
	if (e.cancelled) {
		html_lit(&h, "<p class=\"notice\">");
		html_t(&h, "This event is cancelled.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<p class=\"where\">");
	html_text(&h, e.venue);
	if (e.address && *e.address) {
		html_lit(&h, ", ");
		html_text(&h, e.address);
	}
	html_lit(&h, ", ");
	html_text(&h, e.city);
	html_lit(&h, ", ");
	html_text(&h, e.state);
	html_lit(&h, "</p>\n");
	hosts(&h, &e);
	if (e.tour) {
		html_lit(&h, "<p class=\"tour\">");
		html_t(&h, "Tour: ");
		html_lit(&h, "<a");
		html_url(&h, "href", arena_printf(r->arena, "/tours/%lld",
		    (long long)e.tour_id));
		html_lit(&h, ">");
		html_text(&h, e.tour);
		html_lit(&h, "</a></p>\n");
	}
	if (e.description && *e.description) {
		html_lit(&h, "<div class=\"description\">");
		markdown_html(&r->out, e.description);
		html_lit(&h, "</div>\n");
	}
	html_lit(&h, "<h2>");
	html_t(&h, "Sessions");
	html_lit(&h, "</h2>\n");
	for (i = 0; i < e.nsessions; i++) {
		const struct store_session *s = &e.sessions[i];
		const char *hid = arena_printf(r->arena, "s-%lld",
		    (long long)s->id);

		html_lit(&h, "<section class=\"session\"");
		html_attr(&h, "aria-labelledby", hid);
		html_lit(&h, ">\n<p class=\"tag audience\">");
		html_text(&h, gettext(core_audience_names[s->audience]));
		html_lit(&h, "</p>\n<h3");
		html_attr(&h, "id", hid);
		html_lit(&h, ">");
		html_text(&h, s->title);
		html_lit(&h, "</h3>\n");
		if (s->description && *s->description) {
			html_lit(&h, "<div class=\"description\">");
			markdown_html(&r->out, s->description);
			html_lit(&h, "</div>\n");
		}
		view_session_facts(&h, r->arena, s, e.time_zone, now);
		if (s->join_code && !s->cancelled && !e.cancelled &&
		    now < s->ends_at) {
			html_lit(&h, "<p class=\"qa-link\">");
			html_t(&h, "Questions, anonymously from your phone: ");
			html_lit(&h, "<a");
			html_url(&h, "href", arena_printf(r->arena, "/qa/%s",
			    s->join_code));
			html_lit(&h, ">");
			html_t(&h, "join the Q&A (code ");
			html_text(&h, s->join_code);
			html_lit(&h, ")</a></p>\n");
		}
		if (view_reg_state(s, now) == REG_OPEN) {
			html_lit(&h, "<p><a class=\"register button\"");
			html_url(&h, "href", arena_printf(r->arena,
			    "/sessions/%lld/register", (long long)s->id));
			html_lit(&h, ">");
			if (core_places_left(s->capacity, s->confirmed) == 0)
				html_t(&h, "Join the waiting list");
			else
				html_t(&h, "Register");
			html_lit(&h, "<span class=\"visually-hidden\">");
			html_t(&h, " for ");
			html_text(&h, s->title);
			html_lit(&h, "</span></a></p>\n");
		}
		html_lit(&h, "</section>\n");
	}
	if (e.nsessions == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No sessions have been announced yet.");
		html_lit(&h, "</p>\n");
	}
	layout_end(&h);
}
