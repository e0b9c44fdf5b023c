/* app_json.c: what the audit log keeps of an event, session, registration or user. */
#include <stdlib.h>

#include <jansson.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

/* See app_priv.h. */
const char *
app_json_text(struct arena *a, json_t *j)
{
	char *s;
	const char *out;

	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return out;
}

/* See app_priv.h. */
const char *
app_num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

static json_t *
session_json(const struct store_session *s)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s?, s:s, s:I, s:o, s:f, "
	    "s:I, s:I, s:I, s:I, s:b, s:f, s:b, s:i, s:s, s:i, s:b}",
	    "id", (json_int_t)s->id,
	    "event_id", (json_int_t)s->event_id,
	    "title", s->title,
	    "description", s->description ? s->description : "",
	    "instructor", s->instructor,
	    "audience", core_audience_keys[s->audience],
	    "sectors", (json_int_t)s->sectors,
	    "capacity", s->capacity < 0 ? json_null() :
		json_integer(s->capacity),
	    "ce_hours", s->ce_hours,
	    "starts_at", (json_int_t)s->starts_at,
	    "ends_at", (json_int_t)s->ends_at,
	    "reg_opens_at", (json_int_t)s->reg_opens_at,
	    "reg_closes_at", (json_int_t)s->reg_closes_at,
	    "cancelled", s->cancelled,
	    "credit_share", s->credit_share,
	    "eval_required", s->eval_required,
	    "closed", s->closed,
	    "delivery", s->delivery ? s->delivery : "in_person",
	    "credit_tolerance", s->credit_tolerance,
	    "credit_partial", s->credit_partial);
}

/* See app_priv.h. */
const char *
app_session_text(struct store *s, struct arena *a, int64_t id)
{
	struct store_session ss;

	if (store_session_get(s, a, id, &ss) != STORE_OK)
		return NULL;
	return app_json_text(a, session_json(&ss));
}

/* See app_priv.h. */
const char *
app_event_text(struct store *s, struct arena *a, int64_t id)
{
	struct store_event e;
	json_t *j, *hosts, *sessions;
	size_t i;

	if (store_event_get(s, a, id, &e) != STORE_OK)
		return NULL;
	hosts = json_array();
	for (i = 0; i < e.nhosts; i++)
		json_array_append_new(hosts, json_string(e.hosts[i]));
	sessions = json_array();
	for (i = 0; i < e.nsessions; i++)
		json_array_append_new(sessions, session_json(&e.sessions[i]));
	j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:b, s:o, "
	    "s:o}",
	    "id", (json_int_t)e.id,
	    "title", e.title,
	    "description", e.description ? e.description : "",
	    "venue", e.venue,
	    "city", e.city,
	    "time_zone", e.time_zone,
	    "tour", e.tour,
	    "cancelled", e.cancelled,
	    "published", e.published,
	    "hosts", hosts,
	    "sessions", sessions);
	return app_json_text(a, j);
}

/* See app_priv.h. */
const char *
app_reg_text(struct store *s, struct arena *a, int64_t id)
{
	struct store_registration g;

	if (store_registration_get(s, a, id, &g) != STORE_OK)
		return NULL;
	return app_json_text(a, json_pack("{s:I, s:I, s:s, s:I, s:b}",
	    "id", (json_int_t)g.id,
	    "session_id", (json_int_t)g.session_id,
	    "status", core_status_keys[g.status],
	    "position", (json_int_t)g.position,
	    "over_capacity", g.over_capacity));
}

/* See app_priv.h. */
const char *
app_user_text(struct store *s, struct arena *a, int64_t id)
{
	struct store_user u;

	if (store_user_get(s, a, id, &u) != STORE_OK)
		return NULL;
	return app_json_text(a, json_pack("{s:I, s:s, s:I, s:I, s:b}", "id",
	    (json_int_t)u.id, "name", u.name, "roles", (json_int_t)u.roles,
	    "org_id", (json_int_t)u.org_id, "disabled", u.disabled));
}
