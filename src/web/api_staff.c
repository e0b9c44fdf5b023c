/* api_staff.c: the staff JSON API (bearer tokens): the console's actions for programs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "fmt.h"
#include "api.h"
#include "reg_form.h"
#include "ops.h"
#include "web.h"

/*
 * Overlays f's raw values with the body's members of the same names:
 * strings as given, numbers printed, true "1", false and null nothing,
 * arrays joined by commas. Wrong shapes go into errors.
 */
static void
from_json(struct http_req *r, struct sf *f, json_t *body, json_t *errors)
{
	json_t *v, *e;
	size_t k;
	int i;

	for (i = 0; i < f->n; i++) {
		const char *name = f->fields[i].name;

		if ((v = json_object_get(body, name)) == NULL)
			continue;
		if (json_is_string(v)) {
			if (strlen(json_string_value(v)) != json_string_length(v))
				json_object_set_new(errors, name,
				    json_string("must not contain NUL"));
			else
				f->raw[i] = arena_strdup(r->arena,
				    json_string_value(v));
		} else if (json_is_integer(v))
			f->raw[i] = arena_printf(r->arena, "%lld",
			    (long long)json_integer_value(v));
		else if (json_is_real(v))
			f->raw[i] = arena_printf(r->arena, "%g", json_real_value(v));
		else if (json_is_true(v))
			f->raw[i] = "1";
		else if (json_is_false(v) || json_is_null(v))
			f->raw[i] = NULL;
		else if (json_is_array(v)) {
			char *joined = NULL;

			json_array_foreach(v, k, e) {
				const char *item = json_is_string(e) ?
				    json_string_value(e) : json_is_integer(e) ?
				    arena_printf(r->arena, "%lld",
				    (long long)json_integer_value(e)) : NULL;

				if (item == NULL || strchr(item, ',')) {
					json_object_set_new(errors, name,
					    json_string("must be a list of "
					    "keys or ids"));
					break;
				}
				joined = joined ? arena_printf(r->arena, "%s,%s",
				    joined, item) : arena_strdup(r->arena, item);
			}
			f->raw[i] = joined;
		} else
			json_object_set_new(errors, name,
			    json_string("has the wrong type"));
	}
}

/* 422 with the form's messages (and errors'), stealing errors. */
static void
unprocessable(struct http_req *r, const struct sf *f, json_t *errors)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->err[i] && !json_object_get(errors, f->fields[i].name))
			json_object_set_new(errors, f->fields[i].name,
			    json_string(f->err[i]));
	api_unprocessable(r, errors);
}

/* Answers the result of an ops call that failed; 1 when it did. */
static int
failed(struct http_req *r, int rc)
{
	switch (rc) {
	case STORE_OK:
	case STORE_EXISTS:
		return 0;
	case STORE_NOTFOUND:
		web_error(r, 404, "Not found");
		return 1;
	case STORE_CLOSED:
		web_error(r, 409, "That session or event is cancelled or over");
		return 1;
	case STORE_CONFLICT:
		web_error(r, 409, "That change conflicts with the current state");
		return 1;
	case APP_FORBIDDEN:
		web_error(r, 403, "Your role may not make that change");
		return 1;
	case APP_ATTENDED:
		web_error(r, 409, "Checked in: a registration whose holder "
		    "attended cannot be cancelled");
		return 1;
	default:
		/* The outcomes every page and API answer alike (the door's). */
		if (web_app_refused(r, rc))
			return 1;
		web_error(r, 500, "Database failure; nothing was changed");
		return 1;
	}
}

static void
reply_event(struct http_req *r, int status, int64_t id)
{
	struct store_event e;

	if (store_event_get(web_store(r), r->arena, id, &e) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, status, api_event_json(r, &e));
}

static void
reply_session(struct http_req *r, int status, int64_t id)
{
	struct store_session s;

	if (store_session_get(web_store(r), r->arena, id, &s) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, status, api_session_json(r, &s, s.time_zone));
}

static json_t *
reg_json(struct http_req *r, const struct store_registration *g)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s, "
	    "s:o, s:s, s:o, s:o, s:o, s:b}",
	    "id", (json_int_t)g->id,
	    "session_id", (json_int_t)g->session_id,
	    "name", g->name ? json_string(g->name) : json_null(),
	    "email", g->email ? json_string(g->email) : json_null(),
	    "sector", g->sector ? json_string(g->sector) : json_null(),
	    "organization", g->organization ? json_string(g->organization) :
		json_null(),
	    "county", g->county ? json_string(g->county) : json_null(),
	    "license", g->license ? json_string(g->license) : json_null(),
	    "status", core_status_keys[g->status],
	    "position", g->status == STATUS_WAITLISTED ?
		json_integer(g->position) : json_null(),
	    "created_at", fmt_iso(r->arena, "UTC", g->created_at),
	    "source", g->source ? json_string(g->source) : json_null(),
	    "checked_in_at", g->checked_in_at ? json_string(fmt_iso(r->arena,
		"UTC", g->checked_in_at)) : json_null(),
	    "checked_out_at", g->checked_out_at ? json_string(fmt_iso(r->arena,
		"UTC", g->checked_out_at)) : json_null(),
	    "over_capacity", g->over_capacity);
}

/* Event writes: POST /api/v1/events and PATCH /api/v1/events/{id}. */
static void
event_write(struct http_req *r, int64_t id)
{
	struct store_event e;
	json_t *body, *errors;
	struct sf f;
	int64_t out;
	int rc;

	sf_init(&f, sf_event, EV__MAX);
	if (id) {
		if ((rc = store_event_get(web_store(r), r->arena, id, &e)) !=
		    STORE_OK) {
			failed(r, rc);
			return;
		}
		if (!web_permit(r, ops_may_event(r, id)))
			return;
		sf_event_raw(&f, r->arena, web_store(r), &e);
	}
	if ((body = api_body(r)) == NULL)
		return;
	errors = json_object();
	from_json(r, &f, body, errors);
	json_decref(body);
	if (json_object_size(errors) > 0) {
		unprocessable(r, &f, errors);
		return;
	}
	rc = ops_event_save(r, id, &f, &out);
	if (rc == STORE_CONFLICT && f.nerr) {
		unprocessable(r, &f, errors);
		return;
	}
	json_decref(errors);
	if (!failed(r, rc))
		reply_event(r, id ? 200 : 201, out);
}

/* POST /api/v1/events. */
void
api_event_add(struct http_req *r)
{
	event_write(r, 0);
}

/* PATCH /api/v1/events/{id}. */
void
api_event_edit(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such event");
		return;
	}
	event_write(r, id);
}

/* ISO 8601 times with an offset become local times of zone for the form. */
static void
localise(struct http_req *r, struct sf *f, const char *zone)
{
	static const int times[] = { SS_STARTS, SS_ENDS, SS_OPENS, SS_CLOSES,
	    SS_QA_OPENS };
	size_t i;
	int64_t t;

	for (i = 0; i < ARRAY_LEN(times); i++) {
		const char *v = f->raw[times[i]];

		if (v == NULL || strlen(v) <= 16)
			continue;
		if (tz_parse_iso8601(v, &t) == 0)
			f->raw[times[i]] = sf_local(r->arena, zone, t);
		else if (strlen(v) == 19 && v[16] == ':' &&
		    strcmp(v + 17, "00") == 0)
			/* Local time with zero seconds: the minute is enough. */
			f->raw[times[i]] = arena_strndup(r->arena, v, 16);
	}
}

/* Session writes: POST /api/v1/events/{id}/sessions, PATCH /api/v1/sessions/{id}. */
static void
session_write(struct http_req *r, int64_t event_id, int64_t id)
{
	struct store_session s;
	struct store_event e;
	json_t *body, *errors;
	struct sf f;
	int64_t out;
	int rc;

	sf_init(&f, sf_session, SS__MAX);
	if (id) {
		if ((rc = store_session_get(web_store(r), r->arena, id, &s)) !=
		    STORE_OK) {
			failed(r, rc);
			return;
		}
		event_id = s.event_id;
		sf_session_raw(&f, r->arena, &s);
	} else
		f.raw[SS_SHARE] = "100";
	if ((rc = store_event_get(web_store(r), r->arena, event_id, &e)) !=
	    STORE_OK) {
		failed(r, rc);
		return;
	}
	if (!web_permit(r, ops_may_event(r, event_id)) ||
	    (body = api_body(r)) == NULL)
		return;
	errors = json_object();
	from_json(r, &f, body, errors);
	json_decref(body);
	localise(r, &f, e.time_zone);
	if (json_object_size(errors) > 0) {
		unprocessable(r, &f, errors);
		return;
	}
	rc = ops_session_save(r, event_id, id, &f, &out);
	if (rc == STORE_CONFLICT && f.nerr) {
		unprocessable(r, &f, errors);
		return;
	}
	json_decref(errors);
	if (!failed(r, rc))
		reply_session(r, id ? 200 : 201, out);
}

/* POST /api/v1/events/{id}/sessions. */
void
api_session_add(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such event");
		return;
	}
	session_write(r, id, 0);
}

/* PATCH /api/v1/sessions/{id}. */
void
api_session_edit(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such session");
		return;
	}
	session_write(r, 0, id);
}

/* POST /api/v1/events/{id}/duplicate {venue_id, date}. */
void
api_event_duplicate(struct http_req *r)
{
	int64_t id = web_param_id(r, 0), out, when;
	struct tz_local l;
	json_t *body, *v, *d, *t;
	int rc;

	if (id == 0) {
		web_error(r, 404, "No such event");
		return;
	}
	if (!web_permit(r, ops_may_event(r, id)) ||
	    (body = api_body(r)) == NULL)
		return;
	v = json_object_get(body, "venue_id");
	d = json_object_get(body, "date");
	if (!json_is_integer(v) || !json_is_string(d) ||
	    tz_parse_date(json_string_value(d), &when) == -1 ||
	    tz_from_utc("UTC", when, &l) == -1) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "date", "give venue_id "
		    "(a number) and date (YYYY-MM-DD)"));
		return;
	}
	t = json_object_get(body, "title");
	if (t != NULL && !json_is_null(t) && (!json_is_string(t) ||
	    json_string_length(t) > 160 || strlen(json_string_value(t)) !=
	    json_string_length(t) || !text_clean(json_string_value(t), 0))) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "title", "a title is "
		    "text of at most 160 characters"));
		return;
	}
	rc = ops_event_duplicate(r, id, json_integer_value(v), l.year, l.month,
	    l.day, json_is_string(t) ? arena_strdup(r->arena,
	    json_string_value(t)) : NULL, &out);
	json_decref(body);
	if (rc == STORE_CONFLICT) {
		api_unprocessable(r, json_pack("{s:s}", "date", "that venue or "
		    "date does not exist"));
		return;
	}
	if (!failed(r, rc))
		reply_event(r, 201, out);
}

/* Door staff see every roster; partners only their own events'. */
static int
may_see_session(struct http_req *r, int64_t session_id)
{
	if (web_has_role(r, ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR)))
		return 1;
	return ops_may_session(r, session_id);
}

/* Most registrations in one answer of the roster API. */
#define ROSTER_API_MAX 1000

/* GET /api/v1/sessions/{id}/registrations?status&sector&q&limit&page. */
void
api_roster(struct http_req *r)
{
	struct store_session s;
	struct store_registration *g;
	const char *st = http_query(r, "status"), *sec = http_query(r, "sector");
	const char *q = http_query(r, "q"), *limit = http_query(r, "limit");
	const char *pg = http_query(r, "page"), *next = NULL;
	json_t *list;
	size_t n, i, total, first;
	long per = ROSTER_API_MAX, page = 1;
	char *end;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, may_see_session(r, s.id)))
		return;
	if ((st && core_status_parse(st) < 0) ||
	    (sec && core_sector_parse(sec) < 0) ||
	    (q && (strlen(q) > 100 || !utf8_valid(q, strlen(q))))) {
		web_error(r, 400, "Unknown status or sector, or a bad search");
		return;
	}
	if (limit != NULL && ((per = strtol(limit, &end, 10)) < 1 ||
	    per > ROSTER_API_MAX || *end != '\0')) {
		web_error(r, 400, "limit is a whole number from 1 to 1000");
		return;
	}
	if (pg != NULL && ((page = strtol(pg, &end, 10)) < 1 || *end != '\0')) {
		web_error(r, 400, "page is a whole number from 1");
		return;
	}
	if (store_roster(web_store(r), r->arena, s.id, st, sec, q, &g, &n) !=
	    STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	/* In pages, so no answer grows past what can be sent at once. */
	total = n;
	first = (size_t)(page - 1) * (size_t)per;
	if (first > total)
		first = total;
	g += first;
	n = total - first < (size_t)per ? total - first : (size_t)per;
	if (first + n < total) {
		next = arena_printf(r->arena, "/api/v1/sessions/%lld/"
		    "registrations?limit=%ld&page=%ld%s%s%s%s%s%s", (long long)s.id,
		    per, page + 1, st ? "&status=" : "", st ? st : "",
		    sec ? "&sector=" : "", sec ? sec : "", q ? "&q=" : "",
		    q ? text_query_value(r->arena, q) : "");
		http_set_header(r, "Link", arena_printf(r->arena,
		    "<%s>; rel=\"next\"", next));
	}
	list = json_array();
	for (i = 0; i < n; i++) {
		json_t *j = reg_json(r, &g[i]);

		/* The credit rule's outcome for each person, as the sheet's. */
		if (s.audience == AUDIENCE_PROFESSIONAL && s.ce_hours > 0) {
			int64_t minutes;
			enum credit why = app_credit(web_store(r), &s, &g[i],
			    web_now(r), &minutes);

			json_object_set_new(j, "credit", json_pack("{s:s, s:s, "
			    "s:I, s:f}", "outcome", core_credit_keys[why],
			    "reason", core_credit_reasons[why], "minutes",
			    (json_int_t)minutes, "hours", why == CREDIT_MET ?
			    app_credit_hours(&s, minutes) : 0.0));
		}
		json_array_append_new(list, j);
	}
	api_reply(r, 200, json_pack("{s:o, s:o, s:I, s:I, s:o}", "session",
	    api_session_json(r, &s, s.time_zone), "registrations", list,
	    "total", (json_int_t)total, "page", (json_int_t)page, "next",
	    next ? json_string(next) : json_null()));
}

/* POST /api/v1/sessions/{id}/walkins. */
void
api_walkin(struct http_req *r)
{
	struct store_session s;
	struct store_registration g;
	struct store_reg_input in;
	struct reg_form f;
	json_t *body, *v, *errors;
	const char *admit = NULL;
	int i, rc, how = ADMIT_ASK;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, may_see_session(r, s.id)) ||
	    (body = api_body(r)) == NULL)
		return;
	if ((v = json_object_get(body, "admit")) != NULL && !json_is_null(v)) {
		admit = json_is_string(v) ? json_string_value(v) : "";
		if (strcmp(admit, "over_capacity") != 0 &&
		    strcmp(admit, "waitlist") != 0) {
			json_decref(body);
			api_unprocessable(r, json_pack("{s:s}", "admit",
			    "\"over_capacity\" or \"waitlist\""));
			return;
		}
		how = *admit == 'o' ? ADMIT_OVER : ADMIT_WAITLIST;
	}
	memset(&f, 0, sizeof(f));
	for (i = 0; i < REGF__MAX; i++)
		if ((v = json_object_get(body, reg_fields[i].name)) != NULL &&
		    json_is_string(v))
			f.raw[i] = arena_strdup(r->arena, json_string_value(v));
	json_decref(body);
	if (reg_form_check(r->arena, &s, &f, &in) > 0) {
		errors = json_object();
		for (i = 0; i < REGF__MAX; i++)
			if (f.err[i])
				json_object_set_new(errors, reg_fields[i].name,
				    json_string(f.err[i]));
		api_unprocessable(r, errors);
		return;
	}
	in.admit = how;
	rc = ops_walkin(r, s.id, &in, &g);
	if (rc == APP_FULL) {
		/* Nothing written: the caller chooses, on purpose. */
		if (store_session_get(web_store(r), r->arena, s.id, &s) !=
		    STORE_OK) {
			web_error(r, 500, "Database failure");
			return;
		}
		api_reply(r, 409, json_pack("{s:s, s:b, s:I, s:I}", "error",
		    "The session is full: send \"admit\": \"over_capacity\" "
		    "to admit this person over capacity on purpose, or "
		    "\"admit\": \"waitlist\" for the waiting list",
		    "full", 1, "capacity", (json_int_t)s.capacity, "confirmed",
		    (json_int_t)s.confirmed));
		return;
	}
	if (rc == APP_FORBIDDEN) {
		web_error(r, 403, "Only door staff and coordinators admit "
		    "people over capacity");
		return;
	}
	if (!failed(r, rc))
		api_reply(r, rc == STORE_OK ? 201 : 200, reg_json(r, &g));
}

/* POST /api/v1/registrations/{id}/{cancel|promote|move}. */
void
api_registration_action(struct http_req *r)
{
	struct store_registration g;
	int64_t id = web_param_id(r, 0), to = 0;
	json_t *body, *v;
	int act, rc;

	for (act = 0; act < REG_ACTION__MAX; act++)
		if (strcmp(r->params[1], app_reg_action_keys[act]) == 0)
			break;
	if (id == 0 || act == REG_ACTION__MAX) {
		web_error(r, 404, "No such action");
		return;
	}
	if (!web_permit(r, ops_may_registration(r, id)))
		return;
	if (act == REG_MOVE) {
		if ((body = api_body(r)) == NULL)
			return;
		v = json_object_get(body, "session_id");
		to = json_is_integer(v) ? json_integer_value(v) : 0;
		json_decref(body);
		if (to <= 0) {
			api_unprocessable(r, json_pack("{s:s}", "session_id",
			    "give the session to move to"));
			return;
		}
		if (!web_permit(r, ops_may_session(r, to)))
			return;
	}
	rc = ops_registration(r, id, (enum reg_action)act, to);
	if (rc == STORE_CONFLICT && act == REG_MOVE) {
		web_error(r, 409, "That move is not possible: already there, "
		    "another audience, a sector that session does not admit, or "
		    "the same email already registered there");
		return;
	}
	if (failed(r, rc))
		return;
	if (store_registration_get(web_store(r), r->arena, id, &g) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, reg_json(r, &g));
}

/* POST /api/v1/checkins {ticket, action: "in"|"out", at?}: repeating is harmless. */
void
api_checkin(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	json_t *body, *t, *a, *at;
	int64_t when = web_now(r);
	int in, changed, rc;

	if ((body = api_body(r)) == NULL)
		return;
	t = json_object_get(body, "ticket");
	a = json_object_get(body, "action");
	at = json_object_get(body, "at");
	if (!json_is_string(t) || !json_is_string(a) ||
	    (strcmp(json_string_value(a), "in") &&
	    strcmp(json_string_value(a), "out")) ||
	    (at && !json_is_null(at) && (!json_is_string(at) ||
	    tz_parse_iso8601(json_string_value(at), &when) == -1))) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "ticket", "give ticket "
		    "(the ticket code), action (\"in\" or \"out\") and "
		    "optionally at (ISO 8601 with an offset)"));
		return;
	}
	in = strcmp(json_string_value(a), "in") == 0;
	rc = strlen(json_string_value(t)) > 64 ? STORE_NOTFOUND :
	    store_ticket_get(web_store(r), r->arena, token_normalise(r->arena,
	    json_string_value(t)), &g);
	json_decref(body);
	if (rc == STORE_OK)
		rc = store_session_get(web_store(r), r->arena, g.session_id, &s);
	if (rc != STORE_OK) {
		failed(r, rc);
		return;
	}
	if (in && g.status != STATUS_CONFIRMED) {
		web_error(r, 409, "This ticket is not confirmed");
		return;
	}
	/* A device offline may send when it happened, within the door's
	 * hours (the app's rule), but not the future. */
	if (!in && g.checked_in_at && when < g.checked_in_at) {
		api_unprocessable(r, json_pack("{s:s}", "at", "the check-out "
		    "cannot be before the check-in"));
		return;
	}
	rc = ops_check(r, &g, in, when, &changed);
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, in ? "This ticket is not confirmed" :
		    "This person is not checked in");
		return;
	}
	if (failed(r, rc) || store_registration_get(web_store(r), r->arena,
	    g.id, &g) != STORE_OK) {
		if (rc == STORE_OK)
			web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, json_pack("{s:s, s:b, s:o}", "action",
	    in ? "in" : "out", "changed", changed, "registration",
	    reg_json(r, &g)));
}

/* The lists: which one a path names. */
static const struct {
	const char		*key;
	enum store_list		 list;
	const struct field	*fields;
	int			 n;
} lists[] = {
	{ "organizations", LIST_ORGS, sf_org, OR__MAX },
	{ "venues", LIST_VENUES, sf_venue, VE__MAX },
	{ "speakers", LIST_SPEAKERS, sf_speaker, SP__MAX },
	{ "tours", LIST_TOURS, sf_tour, TO__MAX },
};

static int
which_list(struct http_req *r)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(lists); i++)
		if (strcmp(r->params[0], lists[i].key) == 0)
			return (int)i;
	web_error(r, 404, "No such list");
	return -1;
}

static json_t *
item_json(enum store_list l, const struct store_item *it)
{
	switch (l) {
	case LIST_VENUES:
		return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
		    (json_int_t)it->id, "name", it->name, "address", it->a,
		    "city", it->b, "state", it->c, "time_zone", it->d);
	case LIST_SPEAKERS:
		return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)it->id,
		    "name", it->name, "bio", it->a);
	case LIST_TOURS:
		return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)it->id,
		    "title", it->name, "speaker_id", it->b && *it->b ?
		    json_integer(strtoll(it->b, NULL, 10)) : json_null());
	default:
		return json_pack("{s:I, s:s}", "id", (json_int_t)it->id,
		    "name", it->name);
	}
}

/* GET /api/v1/{organizations|venues|speakers|tours}. */
void
api_list(struct http_req *r)
{
	struct store_item *items;
	json_t *out;
	size_t n, i;
	int w;

	if ((w = which_list(r)) < 0)
		return;
	if (store_items(web_store(r), r->arena, lists[w].list, &items, &n) !=
	    STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	out = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(out, item_json(lists[w].list, &items[i]));
	api_reply(r, 200, json_pack("{s:o}", lists[w].key, out));
}

/* POST /api/v1/lists/{list} (add) and PATCH /api/v1/lists/{list}/{id}
 * (edit: every field is given again). */
void
api_list_add(struct http_req *r)
{
	struct field_option *opts = NULL;
	struct store_item *items;
	json_t *body, *errors;
	struct sf f;
	size_t n = 0, i;
	int64_t id;
	int w, k, rc;

	if ((w = which_list(r)) < 0 || (body = api_body(r)) == NULL)
		return;
	sf_init(&f, lists[w].fields, lists[w].n);
	errors = json_object();
	from_json(r, &f, body, errors);
	json_decref(body);
	if (lists[w].list == LIST_TOURS) {
		if (store_items(web_store(r), r->arena, LIST_SPEAKERS, &items,
		    &n) != STORE_OK) {
			json_decref(errors);
			web_error(r, 500, "Database failure");
			return;
		}
		n = sf_options(r->arena, items, n, &opts);
	}
	for (k = 0; k < f.n; k++)
		sf_check(&f, r->arena, k, k == 0 || (lists[w].list ==
		    LIST_VENUES && k != VE_ADDRESS), opts, n);
	if (f.nerr || json_object_size(errors)) {
		unprocessable(r, &f, errors);
		return;
	}
	rc = ops_item_save(r, lists[w].list, r->nparams > 1 ?
	    web_param_id(r, 1) : 0, &f, &id);
	if (rc == STORE_CONFLICT) {
		sf_fail(&f, 0, "That name is already taken.");
		unprocessable(r, &f, errors);
		return;
	}
	json_decref(errors);
	if (failed(r, rc))
		return;
	if (store_items(web_store(r), r->arena, lists[w].list, &items, &n) !=
	    STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	for (i = 0; i < n; i++)
		if (items[i].id == id)
			api_reply(r, r->nparams > 1 ? 200 : 201,
			    item_json(lists[w].list, &items[i]));
}

static json_t *
user_json(const struct store_user *u)
{
	json_t *roles = json_array();
	int i;

	for (i = 0; i < ROLE__MAX; i++)
		if (u->roles & ROLE_BIT(i))
			json_array_append_new(roles, json_string(core_role_keys[i]));
	return json_pack("{s:I, s:s, s:o, s:o, s:b}", "id", (json_int_t)u->id,
	    "name", u->name, "roles", roles, "org_id", u->org_id ?
	    json_integer(u->org_id) : json_null(), "disabled", u->disabled);
}

/* GET /api/v1/users. */
void
api_users(struct http_req *r)
{
	struct store_user *u;
	json_t *out;
	size_t n, i;

	if (store_user_list(web_store(r), r->arena, &u, &n) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	out = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(out, user_json(&u[i]));
	api_reply(r, 200, json_pack("{s:o}", "users", out));
}

/* POST /api/v1/users {name, password, roles, org_id}. */
void
api_user_add(struct http_req *r)
{
	struct store_user u;
	json_t *body, *errors;
	struct sf f;
	unsigned roles;
	int64_t org, id;
	const char *p;
	int rc;

	if ((body = api_body(r)) == NULL)
		return;
	sf_init(&f, sf_user, US__MAX);
	errors = json_object();
	from_json(r, &f, body, errors);
	json_decref(body);
	sf_check(&f, r->arena, US_NAME, 1, NULL, 0);
	sf_check(&f, r->arena, US_PASSWORD, 1, NULL, 0);
	for (p = f.val[US_NAME]; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_')) {
			sf_fail(&f, US_NAME, "Use letters, digits, dots, "
			    "dashes and underscores only.");
			break;
		}
	if (f.val[US_PASSWORD] && utf8_chars(f.val[US_PASSWORD]) < 12)
		sf_fail(&f, US_PASSWORD, "Use at least 12 characters.");
	sf_user_check(&f, r->arena, web_store(r), &roles, &org);
	if (f.nerr || json_object_size(errors)) {
		unprocessable(r, &f, errors);
		return;
	}
	rc = ops_user_add(r, f.val[US_NAME], f.val[US_PASSWORD], roles, org,
	    &id);
	if (rc == STORE_CONFLICT) {
		sf_fail(&f, US_NAME, "That user name is taken.");
		unprocessable(r, &f, errors);
		return;
	}
	json_decref(errors);
	if (failed(r, rc))
		return;
	if (store_user_get(web_store(r), r->arena, id, &u) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 201, user_json(&u));
}

/* PATCH /api/v1/users/{id} {roles, org_id, disabled, password}. */
void
api_user_edit(struct http_req *r)
{
	struct store_user u;
	json_t *body, *errors;
	struct sf f;
	unsigned roles;
	int64_t org, id = web_param_id(r, 0);
	char *cur = NULL;
	int i, rc;

	if (id == 0 || (rc = store_user_get(web_store(r), r->arena, id, &u)) ==
	    STORE_NOTFOUND) {
		web_error(r, 404, "No such user");
		return;
	}
	if (rc != STORE_OK || (body = api_body(r)) == NULL) {
		if (rc != STORE_OK)
			web_error(r, 500, "Database failure");
		return;
	}
	sf_init(&f, sf_user, US__MAX);
	for (i = 0; i < ROLE__MAX; i++)
		if (u.roles & ROLE_BIT(i))
			cur = cur ? arena_printf(r->arena, "%s,%s", cur,
			    core_role_keys[i]) : (char *)core_role_keys[i];
	f.raw[US_ROLES] = cur;
	f.raw[US_ORG] = u.org_id ? arena_printf(r->arena, "%lld",
	    (long long)u.org_id) : NULL;
	f.raw[US_DISABLED] = u.disabled ? "1" : NULL;
	errors = json_object();
	from_json(r, &f, body, errors);
	json_decref(body);
	sf_user_check(&f, r->arena, web_store(r), &roles, &org);
	if (f.raw[US_PASSWORD] && utf8_chars(f.raw[US_PASSWORD]) < 12)
		sf_fail(&f, US_PASSWORD, "Use at least 12 characters.");
	if (id == web_user(r)->id && (!(roles & ROLE_BIT(ROLE_COORDINATOR)) ||
	    f.raw[US_DISABLED]))
		sf_fail(&f, US_ROLES, "You cannot take away your own "
		    "coordinator role or disable yourself.");
	if (f.nerr || json_object_size(errors)) {
		unprocessable(r, &f, errors);
		return;
	}
	json_decref(errors);
	rc = ops_user_update(r, id, roles, org, f.raw[US_DISABLED] != NULL);
	if (rc == STORE_OK && f.raw[US_PASSWORD])
		rc = ops_user_password(r, id, f.raw[US_PASSWORD]);
	if (failed(r, rc))
		return;
	if (store_user_get(web_store(r), r->arena, id, &u) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, user_json(&u));
}

/* DELETE /api/v1/tokens/{id}. */
void
api_token_revoke(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such token");
		return;
	}
	if (!failed(r, ops_token_revoke(r, id)))
		api_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
		    "revoked", 1));
}

/* GET /api/v1/audit?limit=N. */
void
api_audit(struct http_req *r)
{
	struct store_audit *e;
	const char *l = http_query(r, "limit");
	int64_t limit = l ? strtoll(l, NULL, 10) : 100;
	json_t *out;
	size_t n, i;

	if (limit < 1 || limit > 1000)
		limit = 100;
	if (store_audit_list(web_store(r), r->arena, limit, &e, &n) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	out = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:I, s:s, s:o, s:s, "
		    "s:s, s:o, s:o}", "id", (json_int_t)e[i].id,
		    "at", fmt_iso(r->arena, "UTC", e[i].at),
		    "user", e[i].user ? json_string(e[i].user) : json_null(),
		    "action", e[i].action, "object", e[i].object,
		    "before", e[i].before ? json_string(e[i].before) : json_null(),
		    "after", e[i].after ? json_string(e[i].after) : json_null()));
	api_reply(r, 200, json_pack("{s:o}", "audit", out));
}
