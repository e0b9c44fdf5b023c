/* api_json.c: the v1 field names for events, sessions and tickets, and replies. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "fmt.h"
#include "view.h"
#include "app.h"
#include "web.h"
#include "api.h"

/* See api.h. */
void
api_reply(struct http_req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);

	json_decref(j);
	buf_reset(&r->out);
	if (s == NULL) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	r->status = status;
	r->content_type = "application/json";
	buf_puts(&r->out, s);
	buf_putc(&r->out, '\n');
	free(s);
}

/* See api.h. */
void
api_unprocessable(struct http_req *r, json_t *errors)
{
	api_reply(r, 422, json_pack("{s:o}", "errors", errors));
}

/* See api.h. */
json_t *
api_body(struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");
	json_error_t err;
	json_t *j;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
		web_error(r, 415, "Send the body as application/json");
		return NULL;
	}
	j = json_loadb(r->body.data ? r->body.data : "", r->body.len,
	    JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		web_error(r, 400, arena_printf(r->arena,
		    "Malformed JSON at line %d, column %d: %s", err.line,
		    err.column, err.text));
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		web_error(r, 400, "The body must be a JSON object");
		return NULL;
	}
	return j;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* See api.h. */
json_t *
api_session_json(struct http_req *r, const struct store_session *s,
    const char *zone)
{
	json_t *j, *sectors = json_array();
	int i;

	for (i = 0; i < SECTOR__MAX; i++)
		if (s->audience == AUDIENCE_PROFESSIONAL &&
		    (s->sectors == 0 || (s->sectors & (1u << i))))
			json_array_append_new(sectors,
			    json_string(core_sector_keys[i]));
	j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:o, "
	    "s:f, s:s, s:b, s:o}",
	    "id", (json_int_t)s->id,
	    "event_id", (json_int_t)s->event_id,
	    "title", s->title,
	    "audience", core_audience_keys[s->audience],
	    "starts_at", fmt_iso(r->arena, zone, s->starts_at),
	    "ends_at", fmt_iso(r->arena, zone, s->ends_at),
	    "capacity", s->capacity < 0 ? json_null() :
		json_integer(s->capacity),
	    "confirmed", (json_int_t)s->confirmed,
	    "waitlisted", (json_int_t)s->waitlisted,
	    "sectors", sectors,
	    "ce_hours", s->ce_hours,
	    "registration", core_reg_state_keys[view_reg_state(s,
		web_now(r))],
	    "cancelled", s->cancelled || s->event_cancelled,
	    "instructor", str_or_null(s->instructor));
	if (s->join_code) {
		json_object_set_new(j, "join_code", json_string(s->join_code));
		/* When the Q&A takes questions from. */
		json_object_set_new(j, "qa_opens_at", json_string(fmt_iso(
		    r->arena, zone, core_qa_opens_at(s->starts_at,
		    s->qa_opens_at))));
	}
	json_object_set_new(j, "delivery", json_string(s->delivery ?
	    s->delivery : "in_person"));
	if (s->audience == AUDIENCE_PROFESSIONAL && s->ce_hours > 0)
		json_object_set_new(j, "credit", json_pack("{s:s, s:i, s:i, "
		    "s:b, s:b}", "rule", app_credit_rule_text(r->arena, s),
		    "share_percent", (int)(s->credit_share * 100 + 0.5),
		    "tolerance_minutes", s->credit_tolerance,
		    "partial", s->credit_partial,
		    "evaluation_required", s->eval_required));
	return j;
}

/* See api.h. */
json_t *
api_event_json(struct http_req *r, const struct store_event *e)
{
	json_t *j, *hosts = json_array(), *sessions = json_array();
	size_t i;

	for (i = 0; i < e->nhosts; i++)
		json_array_append_new(hosts, json_string(e->hosts[i]));
	for (i = 0; i < e->nsessions; i++)
		json_array_append_new(sessions,
		    api_session_json(r, &e->sessions[i], e->time_zone));
	j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, "
	    "s:b, s:o}",
	    "id", (json_int_t)e->id,
	    "title", e->title,
	    "venue", e->venue,
	    "city", e->city,
	    "state", e->state,
	    "time_zone", e->time_zone,
	    "starts_at", e->starts_at ? json_string(fmt_iso(r->arena,
		e->time_zone, e->starts_at)) : json_null(),
	    "ends_at", e->ends_at ? json_string(fmt_iso(r->arena,
		e->time_zone, e->ends_at)) : json_null(),
	    "hosts", hosts,
	    "tour", str_or_null(e->tour),
	    "cancelled", e->cancelled,
	    "sessions", sessions);
	json_object_set_new(j, "url", json_string(arena_printf(r->arena,
	    "/events/%lld", (long long)e->id)));
	json_object_set_new(j, "published", json_boolean(e->published));
	return j;
}

/* See api.h. */
json_t *
api_ticket_json(struct http_req *r, const struct store_registration *t,
    const struct store_session *s)
{
	struct store_certificate c;
	json_t *cert = json_null();

	if (store_certificate_by_registration(web_store(r), r->arena, t->id,
	    &c) == STORE_OK)
		cert = json_pack("{s:s, s:s}", "code", c.code, "url",
		    arena_printf(r->arena, "/verify/%s", c.code));
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)t->id,
	    "status", core_status_keys[t->status],
	    "position", t->status == STATUS_WAITLISTED ?
		json_integer(t->position) : json_null(),
	    "ticket_url", arena_printf(r->arena, "/tickets/%s", t->secret),
	    "secret", t->secret,
	    "name", str_or_null(t->name),
	    "session", api_session_json(r, s, s->time_zone),
	    "certificate", cert);
}

/* See api.h. */
json_t *
api_certificate_json(struct http_req *r, const struct store_certificate *c)
{
	json_t *approvals = c->approvals ? json_loads(c->approvals, 0, NULL) :
	    NULL;

	if (approvals == NULL || !json_is_array(approvals)) {
		json_decref(approvals);
		approvals = json_array();
	}
	return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:f, "
	    "s:s, s:s, s:b, s:o, s:o, s:s, s:o, s:o, s:o}", "valid",
	    c->revoked_at == 0, "code", c->code,
	    "name", c->name, "session", c->session, "event", c->event, "date",
	    c->date, "venue", c->venue, "city", c->city, "instructor",
	    c->instructor ? json_string(c->instructor) : json_null(),
	    "ce_hours", c->hours, "provider", c->provider, "issued_at",
	    fmt_iso(r->arena, "UTC", c->issued_at), "revoked",
	    c->revoked_at != 0, "revoked_at", c->revoked_at ?
	    json_string(fmt_iso(r->arena, "UTC", c->revoked_at)) :
	    json_null(), "issued_by", json_pack("{s:s}", "name", c->provider),
	    "delivery", c->delivery ? c->delivery : "in_person",
	    "times", c->times ? json_string(c->times) : json_null(),
	    "license", c->license ? json_string(c->license) : json_null(),
	    "approvals", approvals);
}
