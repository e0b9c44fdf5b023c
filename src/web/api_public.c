/* api_public.c: the public JSON API: events, sessions, registrations, tickets. */
#include <string.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "core.h"
#include "store.h"
#include "reg_form.h"
#include "app.h"
#include "web.h"
#include "api.h"

/* GET /api/v1/events. */
void
api_events(struct http_req *r)
{
	struct store_event *ev;
	json_t *list;
	size_t n, i;

	if (store_event_list(web_store(r), r->arena, &ev, &n) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++)
		if (ev[i].published)
			json_array_append_new(list, api_event_json(r, &ev[i]));
	api_reply(r, 200, json_pack("{s:o}", "events", list));
}

/* GET /api/v1/events/{id}. */
void
api_event(struct http_req *r)
{
	struct store_event e;
	int64_t id = web_param_id(r, 0);
	int rc;

	if (id == 0 || (rc = store_event_get(web_store(r), r->arena, id,
	    &e)) == STORE_NOTFOUND || (rc == STORE_OK && !e.published)) {
		web_error(r, 404, "No such event");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, api_event_json(r, &e));
}

/* GET /api/v1/sessions/{id}. */
void
api_session(struct http_req *r)
{
	struct store_session s;

	if (web_load_public_session(r, &s, 0) == -1)
		return;
	api_reply(r, 200, api_session_json(r, &s, s.time_zone));
}

/* The answer to what app_register returned (reg_wait.c). */
static void
register_answer(struct http_req *r, struct reg_wait *w)
{
	const struct store_registration *reg = &w->reg;
	int rc = w->rc;

	/*
	 * With e-mail, every registration that gives an address is answered
	 * alike and the ticket goes by mail, so an address never tells
	 * whether it was registered; a repeat never returns the ticket.
	 */
	if (rc == APP_SENT) {
		api_reply(r, 202, json_pack("{s:s, s:s}", "status", "sent",
		    "message", _(REG_SENT)));
		return;
	}
	switch (rc) {
	case STORE_OK:
		api_reply(r, 201,
		    json_pack("{s:I, s:s, s:o, s:s, s:s}",
		    "id", (json_int_t)reg->id,
		    "status", core_status_keys[reg->status],
		    "position", reg->status == STATUS_WAITLISTED ?
			json_integer(reg->position) : json_null(),
		    "ticket_url", arena_printf(r->arena, "/tickets/%s",
			reg->secret),
		    "secret", reg->secret));
		return;
	case STORE_EXISTS:
		api_reply(r, 200, json_pack("{s:s, s:s}", "status",
		    "already_registered", "message", _(REG_ALREADY)));
		return;
	case STORE_CLOSED:
		web_error(r, 409, "Registration for this session is not open");
		return;
	case STORE_NOTFOUND:
		web_error(r, 404, "Session not found");
		return;
	default:
		web_error(r, 500, "Database failure; nothing was registered");
		return;
	}
}

/* POST /api/v1/sessions/{id}/registrations: checked here, then it waits
 * for its commit without a thread (WEB_WAITS). */
void
api_register(struct http_req *r)
{
	struct store_session s;
	struct store_reg_input in;
	struct reg_form f;
	json_t *body, *errors, *v;
	int i, typed_ok = 1;

	if (web_load_public_session(r, &s, 1) == -1)
		return;
	if ((body = api_body(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	errors = json_object();
	for (i = 0; i < REGF__MAX; i++) {
		v = json_object_get(body, reg_fields[i].name);
		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			json_object_set_new(errors, reg_fields[i].name,
			    json_string("must be a string"));
			typed_ok = 0;
			continue;
		}
		f.raw[i] = arena_strndup(r->arena, json_string_value(v),
		    json_string_length(v));
		if (strlen(f.raw[i]) != json_string_length(v)) {
			json_object_set_new(errors, reg_fields[i].name,
			    json_string("must not contain NUL characters"));
			typed_ok = 0;
		}
	}
	json_decref(body);
	if (reg_form_check(r->arena, &s, &f, &in) > 0 || !typed_ok) {
		for (i = 0; i < REGF__MAX; i++)
			if (f.err[i] && !json_object_get(errors,
			    reg_fields[i].name))
				json_object_set_new(errors, reg_fields[i].name,
				    json_string(f.err[i]));
		metrics_registration(OUTCOME_INVALID);
		api_unprocessable(r, errors);
		return;
	}
	json_decref(errors);
	web_register_wait(r, &s, &in, register_answer, NULL);
}

/* GET /api/v1/tickets/{secret}. */
void
api_ticket(struct http_req *r)
{
	struct store_registration t;
	struct store_session s;

	if (web_load_ticket(r, &t, &s) == -1)
		return;
	http_set_header(r, "Cache-Control", "no-store");
	api_reply(r, 200, api_ticket_json(r, &t, &s));
}

/* DELETE /api/v1/tickets/{secret}: cancel; the waiting list moves up. */
void
api_ticket_cancel(struct http_req *r)
{
	struct store_registration t;
	struct store_session s;
	int rc;

	rc = strlen(r->params[0]) > 64 ? STORE_NOTFOUND :
	    app_ticket_cancel(web_app(r), token_normalise(r->arena,
	    r->params[0]), NULL);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No such ticket");
		return;
	}
	if (rc == APP_ATTENDED) {
		web_error(r, 409, "Checked in: a registration whose holder "
		    "attended cannot be cancelled");
		return;
	}
	if (rc != STORE_OK && rc != STORE_EXISTS) {
		web_error(r, 500, "Database failure; nothing was changed");
		return;
	}
	if (web_load_ticket(r, &t, &s) == -1)
		return;
	api_reply(r, 200, api_ticket_json(r, &t, &s));
}

/* POST /api/v1/sessions/{id}/ticket-requests: {email}. 202 whether or not
 * the address is registered; the link goes only to that address. */
void
api_ticket_request(struct http_req *r)
{
	struct store_session s;
	const char *email = NULL;
	json_t *body, *v;
	int rc;

	if (web_load_session(r, &s) == -1 || (body = api_body(r)) == NULL)
		return;
	v = json_object_get(body, "email");
	if (json_is_string(v) && strlen(json_string_value(v)) ==
	    json_string_length(v))
		email = str_trim(arena_strdup(r->arena, json_string_value(v)));
	json_decref(body);
	rc = email ? app_ticket_request(web_app(r), r->arena, s.id, email) :
	    STORE_CONFLICT;
	if (rc == STORE_CONFLICT) {
		api_unprocessable(r, json_pack("{s:s}", "email", "give the "
		    "e-mail address you registered with"));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 202, json_pack("{s:s}", "status", "sent"));
}
