/* page_staff.c: the staff home, and creating and editing events and sessions. */
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
#include "layout.h"
#include "ops.h"
#include "web.h"

static void
checkbox(struct html *h, const char *name, const char *label, int on)
{
	html_lit(h, "<div class=\"field\"><label class=\"check\">"
	    "<input type=\"checkbox\" value=\"1\"");
	html_attr(h, "name", name);
	if (on)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_text(h, label);
	html_lit(h, "</label></div>\n");
}

static void
errors_banner(struct html *h, int n)
{
	if (n == 0)
		return;
	html_lit(h, "<div class=\"form-errors\" role=\"alert\"><h2>");
	html_textf(h, NG_("Please correct %d field", "Please correct %d fields",
	    n), n);
	html_lit(h, "</h2><p>");
	html_t(h, "Each is marked below. Nothing was saved.");
	html_lit(h, "</p></div>\n");
}

static int
options(struct http_req *r, enum store_list which, struct field_option **o,
    size_t *n)
{
	struct store_item *items;

	if (store_items(web_store(r), r->arena, which, &items, n) != STORE_OK)
		return -1;
	*n = sf_options(r->arena, items, *n, o);
	return 0;
}

/* GET /staff: the events this user works on, with their sessions. */
void
page_staff_home(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_user *u = web_user(r);
	struct store_event *ev;
	size_t n, i, j, shown = 0;
	int64_t pending = 0;
	int coord = (u->roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;
	int partner = (u->roles & ROLE_BIT(ROLE_PARTNER)) != 0;
	int door = (u->roles & ROLE_BIT(ROLE_DOOR)) != 0;

	if (store_event_list(web_store(r), r->arena, &ev, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, "Staff");
	html_lit(&h, "<h1>");
	html_t(&h, "Events");
	html_lit(&h, "</h1>\n");
	if (coord || partner) {
		html_lit(&h, "<p><a class=\"button\" "
		    "href=\"/staff/events/new\">");
		html_t(&h, "New event");
		html_lit(&h, "</a></p>\n");
	}
	html_lit(&h, "<div class=\"table-wrap\"><table class=\"staff\">\n"
	    "<thead><tr><th scope=\"col\">");
	html_t(&h, "Date");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Event");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Sessions");
	html_lit(&h, "</th></tr></thead>\n<tbody>\n");
	for (i = n; i-- > 0;) {
		const struct store_event *e = &ev[i];
		int mine = ops_may_event(r, e->id) == 1;

		if (!mine && !coord && !door && !(u->roles &
		    ROLE_BIT(ROLE_MODERATOR)))
			continue;
		shown++;
		html_lit(&h, "<tr><td>");
		if (e->starts_at)
			html_text(&h, fmt_short_day(r->arena, e->time_zone,
			    e->starts_at));
		html_lit(&h, "</td><td>");
		if (mine) {
			html_lit(&h, "<a");
			html_url(&h, "href", arena_printf(r->arena,
			    "/staff/events/%lld", (long long)e->id));
			html_lit(&h, ">");
			html_text(&h, e->title);
			html_lit(&h, "</a>");
		} else
			html_text(&h, e->title);
		html_lit(&h, "<br><span class=\"muted\">");
		html_text(&h, e->city);
		html_lit(&h, ", ");
		html_text(&h, e->state);
		if (e->cancelled) {
			html_lit(&h, " · ");
			html_t(&h, "cancelled");
		}
		html_lit(&h, "</span>");
		if (!e->published) {
			html_lit(&h, " <span class=\"tag draft\">");
			html_t(&h, "Draft");
			html_lit(&h, "</span>");
		}
		html_lit(&h, "</td><td><ul class=\"plain\">");
		for (j = 0; j < e->nsessions; j++) {
			const struct store_session *s = &e->sessions[j];

			html_lit(&h, "<li>");
			html_text(&h, s->title);
			html_lit(&h, " — ");
			html_tf(&h, "%lld confirmed, %lld waiting",
			    (long long)s->confirmed, (long long)s->waitlisted);
			if (mine || door) {
				html_lit(&h, " · <a");
				html_url(&h, "href", arena_printf(r->arena,
				    "/staff/sessions/%lld/registrations",
				    (long long)s->id));
				html_lit(&h, ">");
				html_t(&h, "Roster");
				html_lit(&h, "</a> · <a");
				html_url(&h, "href", arena_printf(r->arena,
				    "/staff/door/%lld", (long long)s->id));
				html_lit(&h, ">");
				html_t(&h, "Door");
				html_lit(&h, "</a>");
			}
			if (s->join_code && (coord || (u->roles &
			    ROLE_BIT(ROLE_MODERATOR)))) {
				html_lit(&h, " · <a");
				html_url(&h, "href", arena_printf(r->arena,
				    "/staff/qa/%lld", (long long)s->id));
				html_lit(&h, ">");
				html_t(&h, "Moderate Q&A");
				html_lit(&h, "</a>");
			}
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul></td></tr>\n");
	}
	html_lit(&h, "</tbody></table></div>\n");
	if (shown == 0) {
		html_lit(&h, "<p>");
		html_t(&h, "No events for you yet.");
		html_lit(&h, "</p>\n");
	}
	if (coord && store_outbox_pending(web_store(r), &pending) == STORE_OK &&
	    pending > 0) {
		html_lit(&h, "<p class=\"muted\">");
		html_textf(&h, NG_("%lld messages to registrants wait in the "
		    "outbox until email delivery is set up.", "%lld messages "
		    "to registrants wait in the outbox until email delivery is "
		    "set up.", pending), (long long)pending);
		html_lit(&h, "</p>\n");
	}
	layout_end(&h);
}

static void
event_form(struct http_req *r, const struct store_event *e, struct sf *f,
    int status)
{
	struct html h = { &r->out };
	struct field_option *vo, *to, *oo;
	size_t nv, nt, no, i;
	const char *action;

	if (options(r, LIST_VENUES, &vo, &nv) == -1 ||
	    options(r, LIST_TOURS, &to, &nt) == -1 ||
	    options(r, LIST_ORGS, &oo, &no) == -1) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, e ? e->title : _("New event"));
	html_lit(&h, "<h1>");
	if (e)
		html_text(&h, e->title);
	else
		html_t(&h, "New event");
	html_lit(&h, "</h1>\n");
	if (e && e->published) {
		html_lit(&h, "<p><a");
		html_url(&h, "href", arena_printf(r->arena, "/events/%lld",
		    (long long)e->id));
		html_lit(&h, ">");
		html_t(&h, "See the public page");
		html_lit(&h, "</a></p>\n");
	}
	if (e) {
		/* Publishing is its own step, apart from the details. */
		html_lit(&h, "<form class=\"publish\" method=\"post\"");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/events/%lld/publish", (long long)e->id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		if (e->published) {
			html_lit(&h, "<p><span class=\"tag\">");
			html_t(&h, "Published");
			html_lit(&h, "</span> ");
			html_t(&h, "Everyone can see this event and register.");
			html_lit(&h, "</p>\n<input type=\"hidden\" "
			    "name=\"published\" value=\"0\"><button "
			    "type=\"submit\" class=\"secondary\">");
			html_t(&h, "Make it a draft again");
			html_lit(&h, "</button>\n");
		} else {
			html_lit(&h, "<p class=\"notice\"><span class=\"tag "
			    "draft\">");
			html_t(&h, "Draft");
			html_lit(&h, "</span> ");
			html_t(&h, "Only staff can see this event; it is on no "
			    "public page, feed or calendar until it is "
			    "published.");
			html_lit(&h, "</p>\n<input type=\"hidden\" "
			    "name=\"published\" value=\"1\"><button "
			    "type=\"submit\">");
			html_t(&h, "Publish");
			html_lit(&h, "</button>\n");
		}
		html_lit(&h, "</form>\n");
	} else {
		html_lit(&h, "<p class=\"muted\">");
		html_t(&h, "A new event is a draft: publish it when it is "
		    "ready.");
		html_lit(&h, "</p>\n");
	}
	errors_banner(&h, f->nerr);
	action = e ? arena_printf(r->arena, "/staff/events/%lld",
	    (long long)e->id) : "/staff/events";
	html_lit(&h, "<form class=\"staff\" method=\"post\" novalidate");
	html_url(&h, "action", action);
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	/* Unticked boxes send nothing: say they were on the form. */
	html_lit(&h, "<input type=\"hidden\" name=\"shown\" "
	    "value=\"hosts,cancelled\">\n");
	sf_render(&h, r->arena, f, EV_TITLE, 1, NULL, 0);
	sf_render(&h, r->arena, f, EV_DESCR, 0, NULL, 0);
	sf_render(&h, r->arena, f, EV_VENUE, 1, vo, nv);
	sf_render(&h, r->arena, f, EV_TOUR, 0, to, nt);
	sf_checkboxes(&h, "hosts", "Hosts", oo, no, f->raw[EV_HOSTS],
	    f->err[EV_HOSTS]);
	if (e)
		checkbox(&h, "cancelled", _("Cancelled (registrants are told)"),
		    f->raw[EV_CANCELLED] && *f->raw[EV_CANCELLED]);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Save event");
	html_lit(&h, "</button>\n</form>\n<p class=\"muted\">");
	html_tm(&h, "No venue yet? <a href=\"/staff/places\">Add places and "
	    "people</a>.");
	html_lit(&h, "</p>\n");
	if (e) {
		html_lit(&h, "<h2>");
		html_t(&h, "Sessions");
		html_lit(&h, "</h2>\n<ul class=\"plain\">\n");
		for (i = 0; i < e->nsessions; i++) {
			const struct store_session *s = &e->sessions[i];

			html_lit(&h, "<li><a");
			html_url(&h, "href", arena_printf(r->arena,
			    "/staff/sessions/%lld", (long long)s->id));
			html_lit(&h, ">");
			html_text(&h, s->title);
			html_lit(&h, "</a> — ");
			html_text(&h, fmt_when(r->arena, e->time_zone,
			    s->starts_at, s->ends_at));
			if (s->cancelled) {
				html_lit(&h, " · ");
				html_t(&h, "cancelled");
			}
			html_lit(&h, " · <a");
			html_url(&h, "href", arena_printf(r->arena,
			    "/staff/sessions/%lld/registrations",
			    (long long)s->id));
			html_lit(&h, ">");
			html_t(&h, "Roster");
			html_lit(&h, "</a></li>\n");
		}
		html_lit(&h, "</ul>\n<p><a class=\"button secondary\"");
		html_url(&h, "href", arena_printf(r->arena,
		    "/staff/events/%lld/sessions/new", (long long)e->id));
		html_lit(&h, ">");
		html_t(&h, "Add a session");
		html_lit(&h, "</a></p>\n<h2>");
		html_t(&h, "Duplicate for the next stop");
		html_lit(&h, "</h2>\n<form class=\"staff\" method=\"post\" "
		    "novalidate");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/events/%lld/duplicate", (long long)e->id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<p>");
		html_t(&h, "Copies the event and its sessions, at the same "
		    "local times, to another venue and date, as a draft.");
		html_lit(&h, "</p>\n<div class=\"field\"><label "
		    "for=\"dup-title\">");
		html_t(&h, "Title of the new stop");
		html_lit(&h, "</label><input id=\"dup-title\" "
		    "name=\"title\" maxlength=\"160\" required");
		html_attr(&h, "value", e->title);
		html_lit(&h, "></div>\n"
		    "<div class=\"field\"><label for=\"dup-venue\">");
		html_t(&h, "Venue");
		html_lit(&h, "</label><select id=\"dup-venue\" "
		    "name=\"venue_id\">\n");
		for (i = 0; i < nv; i++) {
			html_lit(&h, "<option");
			html_attr(&h, "value", vo[i].value);
			html_lit(&h, ">");
			html_text(&h, vo[i].label);
			html_lit(&h, "</option>\n");
		}
		html_lit(&h, "</select></div>\n<div class=\"field\"><label "
		    "for=\"dup-date\">");
		html_t(&h, "Date");
		html_lit(&h, "</label><input id=\"dup-date\" "
		    "name=\"date\" type=\"date\" required></div>\n"
		    "<button type=\"submit\" class=\"secondary\">");
		html_t(&h, "Duplicate");
		html_lit(&h, "</button>\n</form>\n");
	}
	layout_end(&h);
}

/* GET /staff/events/new. */
void
page_staff_event_new_form(struct http_req *r)
{
	struct sf f;
	struct store_user *u = web_user(r);

	sf_init(&f, sf_event, EV__MAX);
	if (u->org_id)
		f.raw[EV_HOSTS] = arena_printf(r->arena, "%lld",
		    (long long)u->org_id);
	event_form(r, NULL, &f, 200);
}

/* POST /staff/events. */
void
page_staff_event_new(struct http_req *r)
{
	struct http_form form;
	struct sf f;
	int64_t id;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_event, EV__MAX);
	sf_from_form(&f, r->arena, &form);
	f.raw[EV_CANCELLED] = NULL;
	rc = ops_event_save(r, 0, &f, &id);
	if (rc == STORE_CONFLICT) {
		event_form(r, NULL, &f, 422);
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/events/%lld",
	    (long long)id));
}

/* Loads the event of route parameter 0 if the user may change it. */
static int
load_event(struct http_req *r, struct store_event *e)
{
	int64_t id = web_param_id(r, 0);
	int rc;

	if (id == 0 || (rc = store_event_get(web_store(r), r->arena, id,
	    e)) == STORE_NOTFOUND) {
		web_error(r, 404, "Event not found");
		return -1;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return web_permit(r, ops_may_event(r, id)) ? 0 : -1;
}

/* GET /staff/events/{id}. */
void
page_staff_event_form(struct http_req *r)
{
	struct store_event e;
	struct sf f;

	if (load_event(r, &e) == -1)
		return;
	sf_init(&f, sf_event, EV__MAX);
	sf_event_raw(&f, r->arena, web_store(r), &e);
	event_form(r, &e, &f, 200);
}

/* POST /staff/events/{id}. */
void
page_staff_event_edit(struct http_req *r)
{
	struct http_form form;
	struct store_event e;
	struct sf f;
	int64_t id;
	int rc;

	if (load_event(r, &e) == -1 || web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_event, EV__MAX);
	sf_event_raw(&f, r->arena, web_store(r), &e);
	sf_overlay_form(&f, r->arena, &form);
	rc = ops_event_save(r, e.id, &f, &id);
	if (rc == STORE_CONFLICT) {
		event_form(r, &e, &f, 422);
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/events/%lld",
	    (long long)id));
}

/* POST /staff/events/{id}/duplicate: venue_id and date. */
void
page_staff_event_duplicate(struct http_req *r)
{
	struct http_form form;
	struct store_event e;
	const char *venue, *date, *title;
	struct tz_local l;
	int64_t id, when;
	int rc;

	if (load_event(r, &e) == -1 || web_staff_form(r, &form) == -1)
		return;
	venue = http_form_get(&form, "venue_id");
	date = http_form_get(&form, "date");
	title = http_form_get(&form, "title");
	if (title != NULL && (strlen(title) > 160 ||
	    !utf8_valid(title, strlen(title)) || !text_clean(title, 0))) {
		web_error(r, 422, "A title is text of at most 160 characters");
		return;
	}
	if (venue == NULL || tz_parse_date(date, &when) == -1 ||
	    tz_from_utc("UTC", when, &l) == -1) {
		web_error(r, 422, "Choose a venue and a date (YYYY-MM-DD)");
		return;
	}
	rc = ops_event_duplicate(r, e.id, strtoll(venue, NULL, 10), l.year,
	    l.month, l.day, title, &id);
	if (rc == STORE_NOTFOUND || rc == STORE_CONFLICT) {
		web_error(r, 422, "That venue or date does not exist");
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/events/%lld",
	    (long long)id));
}

/* POST /staff/events/{id}/publish: published 1 or 0. */
void
page_staff_event_publish(struct http_req *r)
{
	struct http_form form;
	struct store_event e;
	const char *v;

	if (load_event(r, &e) == -1 || web_staff_form(r, &form) == -1)
		return;
	v = http_form_get(&form, "published");
	if (v == NULL || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
		web_error(r, 422, "Say published 1 or 0");
		return;
	}
	web_saved(r, ops_event_publish(r, e.id, *v == '1'),
	    arena_printf(r->arena, "/staff/events/%lld", (long long)e.id));
}

static void
session_form(struct http_req *r, const struct store_event *e,
    const struct store_session *s, struct sf *f, int status)
{
	static const struct field_option audiences[] = {
		{ "professional", N_("Professional training") },
		{ "public", N_("Public session") },
	};
	static const struct field_option deliveries[] = {
		{ "in_person", N_("In person") },
		{ "live_online", N_("Live online") },
	};
	struct field_option sectors[SECTOR__MAX];
	struct html h = { &r->out };
	int i;

	for (i = 0; i < SECTOR__MAX; i++) {
		sectors[i].value = core_sector_keys[i];
		sectors[i].label = core_sector_names[i];
	}
	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, s ? s->title : _("New session"));
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a");
	html_url(&h, "href", arena_printf(r->arena, "/staff/events/%lld",
	    (long long)e->id));
	html_lit(&h, ">");
	html_text(&h, e->title);
	html_lit(&h, "</a></nav>\n<h1>");
	if (s)
		html_text(&h, s->title);
	else
		html_t(&h, "New session");
	html_lit(&h, "</h1>\n");
	if (s && s->audience == AUDIENCE_PROFESSIONAL) {
		html_lit(&h, "<p><a");
		html_url(&h, "href", arena_printf(r->arena,
		    "/staff/sessions/%lld/forms/pre", (long long)s->id));
		html_lit(&h, ">");
		html_t(&h, "Knowledge checks and evaluation");
		html_lit(&h, "</a></p>\n");
	}
	html_lit(&h, "<p class=\"muted\">");
	html_tf(&h, "Times are local to the venue (%s).", e->time_zone);
	html_lit(&h, "</p>\n");
	errors_banner(&h, f->nerr);
	html_lit(&h, "<form class=\"staff\" method=\"post\" novalidate");
	html_url(&h, "action", s ? arena_printf(r->arena, "/staff/sessions/%lld",
	    (long long)s->id) : arena_printf(r->arena,
	    "/staff/events/%lld/sessions", (long long)e->id));
	html_lit(&h, ">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<input type=\"hidden\" name=\"shown\" "
	    "value=\"sectors,eval_required,cancelled\">\n");
	for (i = 0; i < SS__MAX; i++) {
		if (i == SS_SECTORS)
			sf_checkboxes(&h, "sectors", "Sectors admitted "
			    "(professional trainings)", sectors, SECTOR__MAX,
			    f->raw[i], f->err[i]);
		else if (i == SS_EVAL || i == SS_PARTIAL)
			checkbox(&h, sf_session[i].name,
			    gettext(sf_session[i].label),
			    f->raw[i] && *f->raw[i] && strcmp(f->raw[i], "0"));
		else if (i == SS_DELIVERY)
			sf_render(&h, r->arena, f, i, 0, deliveries, 2);
		else if (i == SS_CANCELLED) {
			if (s)
				checkbox(&h, "cancelled", _("Cancelled "
				    "(registrants are told)"), f->raw[i] &&
				    *f->raw[i] && strcmp(f->raw[i], "0"));
		} else
			sf_render(&h, r->arena, f, i, i == SS_TITLE ||
			    i == SS_AUDIENCE || i == SS_STARTS || i == SS_ENDS,
			    i == SS_AUDIENCE ? audiences : NULL,
			    i == SS_AUDIENCE ? 2 : 0);
	}
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Save session");
	html_lit(&h, "</button>\n</form>\n");
	if (s)
		page_session_approvals_form(r, &h, s);
	layout_end(&h);
}

/* GET /staff/events/{id}/sessions/new. */
void
page_staff_session_new_form(struct http_req *r)
{
	struct store_event e;
	struct sf f;

	if (load_event(r, &e) == -1)
		return;
	sf_init(&f, sf_session, SS__MAX);
	f.raw[SS_SHARE] = "100";
	f.raw[SS_CE] = "0";
	f.raw[SS_DELIVERY] = "in_person";
	f.raw[SS_TOLERANCE] = "0";
	session_form(r, &e, NULL, &f, 200);
}

/* POST /staff/events/{id}/sessions. */
void
page_staff_session_new(struct http_req *r)
{
	struct http_form form;
	struct store_event e;
	struct sf f;
	int64_t id;
	int rc;

	if (load_event(r, &e) == -1 || web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_session, SS__MAX);
	sf_from_form(&f, r->arena, &form);
	f.raw[SS_CANCELLED] = NULL;
	rc = ops_session_save(r, e.id, 0, &f, &id);
	if (rc == STORE_CONFLICT) {
		session_form(r, &e, NULL, &f, 422);
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/events/%lld",
	    (long long)e.id));
}

/* Loads the session of route parameter 0 and its event, if allowed. */
static int
load_session(struct http_req *r, struct store_session *s,
    struct store_event *e)
{
	int rc;

	if (web_load_session(r, s) == -1)
		return -1;
	if ((rc = store_event_get(web_store(r), r->arena, s->event_id, e)) !=
	    STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return web_permit(r, ops_may_event(r, e->id)) ? 0 : -1;
}

/* GET /staff/sessions/{id}. */
void
page_staff_session_form(struct http_req *r)
{
	struct store_session s;
	struct store_event e;
	struct sf f;

	if (load_session(r, &s, &e) == -1)
		return;
	sf_init(&f, sf_session, SS__MAX);
	sf_session_raw(&f, r->arena, &s);
	session_form(r, &e, &s, &f, 200);
}

/* POST /staff/sessions/{id}. */
void
page_staff_session_edit(struct http_req *r)
{
	struct http_form form;
	struct store_session s;
	struct store_event e;
	struct sf f;
	int64_t id;
	int rc;

	if (load_session(r, &s, &e) == -1 || web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_session, SS__MAX);
	sf_session_raw(&f, r->arena, &s);
	sf_overlay_form(&f, r->arena, &form);
	rc = ops_session_save(r, e.id, s.id, &f, &id);
	if (rc == STORE_CONFLICT) {
		session_form(r, &e, &s, &f, 422);
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/events/%lld",
	    (long long)e.id));
}
