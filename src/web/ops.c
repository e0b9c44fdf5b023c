/* ops.c: staff changes from pages and the API: a checked form and the signed-in user, handed to the app layer. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "web.h"
#include "ops.h"

/* See ops.h. */
int
ops_may_event(struct http_req *r, int64_t event_id)
{
	return app_may_event(web_store(r), web_actor(r), event_id);
}

/* See ops.h. */
int
ops_may_session(struct http_req *r, int64_t session_id)
{
	return app_may_session(web_store(r), r->arena, web_actor(r),
	    session_id);
}

/* See ops.h. */
int
ops_may_registration(struct http_req *r, int64_t reg_id)
{
	return app_may_registration(web_store(r), r->arena, web_actor(r),
	    reg_id);
}

/* Marks the hosts or tour a partner's edit would take away; 0 when none. */
static int
partner_check(struct http_req *r, int64_t id, struct sf *f,
    const struct app_event_in *in)
{
	struct store_event e;
	struct sf old;
	int64_t ids[16];
	size_t n = 0, i, k;
	struct field_option *oo;
	struct store_item *orgs;
	size_t no;
	int found;

	if (store_event_get(web_store(r), r->arena, id, &e) != STORE_OK ||
	    store_items(web_store(r), r->arena, LIST_ORGS, &orgs, &no) !=
	    STORE_OK)
		return 0;	/* the app decides */
	sf_init(&old, sf_event, EV__MAX);
	sf_event_raw(&old, r->arena, web_store(r), &e);
	no = sf_options(r->arena, orgs, no, &oo);
	if (in->tour != e.tour_id)
		sf_fail(f, EV_TOUR, "Only a coordinator can change the tour.");
	if (sf_ids(old.raw[EV_HOSTS], oo, no, ids, ARRAY_LEN(ids), &n) == 0)
		for (i = 0; i < n; i++) {
			found = ids[i] == web_actor(r)->org_id;
			for (k = 0; k < in->nhosts; k++)
				found |= in->hosts[k] == ids[i];
			if (!found)
				sf_fail(f, EV_HOSTS, "Only a coordinator can "
				    "remove a host.");
		}
	return f->nerr;
}

/* See ops.h. */
int
ops_event_save(struct http_req *r, int64_t id, struct sf *f, int64_t *out)
{
	const struct actor *who = web_actor(r);
	struct app_event_in in;

	/* A partner's form starts with the partner's organisation as host;
	 * the app adds it in any case. */
	if (who->kind == ACTOR_STAFF && !(who->roles &
	    ROLE_BIT(ROLE_COORDINATOR)) && who->org_id &&
	    (f->raw[EV_HOSTS] == NULL || *f->raw[EV_HOSTS] == '\0'))
		f->raw[EV_HOSTS] = arena_printf(r->arena, "%lld",
		    (long long)who->org_id);
	memset(&in, 0, sizeof(in));
	if (sf_event_check(f, r->arena, web_store(r), &in.venue, &in.tour,
	    in.hosts, &in.nhosts) != 0)
		return f->nerr > 0 ? STORE_CONFLICT : STORE_ERROR;
	/* What the app refuses a partner, said on the field. */
	if (id && who->kind == ACTOR_STAFF && !(who->roles &
	    ROLE_BIT(ROLE_COORDINATOR)) && partner_check(r, id, f, &in) != 0)
		return STORE_CONFLICT;
	in.title = f->val[EV_TITLE];
	in.descr = f->val[EV_DESCR];
	in.cancelled = f->val[EV_CANCELLED] != NULL;
	in.published = f->val[EV_PUBLISHED] != NULL;
	*out = id;
	return app_event_save(web_app(r), who, r->arena, id, &in, out);
}

/* See ops.h. */
int
ops_session_save(struct http_req *r, int64_t event_id, int64_t id,
    struct sf *f, int64_t *out)
{
	struct store_session ss;
	struct store_event e;
	int rc;

	if ((rc = store_event_get(web_store(r), r->arena, event_id, &e)) !=
	    STORE_OK)
		return rc;
	memset(&ss, 0, sizeof(ss));
	if (sf_session_check(f, r->arena, e.time_zone, &ss) != 0)
		return STORE_CONFLICT;
	/* What the app refuses, said on the field. */
	if (id && ss.capacity >= 0) {
		int64_t held;

		if (store_confirmed_unmarked(web_store(r), id, &held) ==
		    STORE_OK && ss.capacity < held) {
			/* English says "people" even for one, as it did. */
			sf_fail(f, SS_CAPACITY, arena_printf(r->arena,
			    NG_("%lld people are confirmed: the capacity "
			    "cannot be lower. Cancel or move people first.",
			    "%lld people are confirmed: the capacity cannot "
			    "be lower. Cancel or move people first.", held),
			    (long long)held));
			return STORE_CONFLICT;
		}
	}
	*out = id;
	return app_session_save(web_app(r), web_actor(r), r->arena, event_id,
	    id, &ss, out);
}

/* See ops.h. */
int
ops_event_duplicate(struct http_req *r, int64_t event_id, int64_t venue,
    int y, int mo, int d, const char *title, int64_t *out)
{
	return app_event_duplicate(web_app(r), web_actor(r), r->arena,
	    event_id, venue, y, mo, d, title, out);
}

/* See ops.h. */
int
ops_event_publish(struct http_req *r, int64_t event_id, int published)
{
	return app_event_publish(web_app(r), web_actor(r), r->arena, event_id,
	    published);
}

/* See ops.h. */
int
ops_registration(struct http_req *r, int64_t id, enum reg_action act,
    int64_t to_session)
{
	return app_registration(web_app(r), web_actor(r), r->arena, id, act,
	    to_session);
}

/* See ops.h. */
int
ops_walkin(struct http_req *r, int64_t session_id,
    const struct store_reg_input *in, struct store_registration *out)
{
	return app_walkin(web_app(r), web_actor(r), r->arena, session_id, in,
	    out);
}

/* See ops.h. */
int
ops_check(struct http_req *r, const struct store_registration *g, int in,
    int64_t at, int *changed)
{
	return app_check(web_app(r), web_actor(r), g->id, in, at, changed);
}

/* See ops.h. */
int
ops_set_times(struct http_req *r, int64_t reg_id, int64_t in, int64_t out,
    const char *reason)
{
	return app_set_times(web_app(r), web_actor(r), r->arena, reg_id, in,
	    out, reason);
}

/* See ops.h. */
int
ops_session_close(struct http_req *r, int64_t session_id, int mode)
{
	return app_session_close(web_app(r), web_actor(r), r->arena,
	    session_id, mode);
}

/* See ops.h. */
int
ops_item_save(struct http_req *r, enum store_list which, int64_t id,
    struct sf *f, int64_t *out)
{
	const char **names = arena_alloc(r->arena, sizeof(*names) * SF_MAX);
	int i;

	for (i = 0; i < f->n; i++)
		names[i] = f->fields[i].name;
	return app_item_save(web_app(r), web_actor(r), r->arena, which, id,
	    f->val, names, f->n, out);
}

/* See ops.h. */
int
ops_user_add(struct http_req *r, const char *name, const char *password,
    unsigned roles, int64_t org, int64_t *out)
{
	return app_user_add(web_app(r), web_actor(r), r->arena, name, password,
	    roles, org, out);
}

/* See ops.h. */
int
ops_user_update(struct http_req *r, int64_t id, unsigned roles, int64_t org,
    int disabled)
{
	return app_user_update(web_app(r), web_actor(r), r->arena, id, roles,
	    org, disabled);
}

/* See ops.h. */
int
ops_user_password(struct http_req *r, int64_t id, const char *password)
{
	return app_user_password(web_app(r), web_actor(r), r->arena, id,
	    password);
}

/* See ops.h. */
int
ops_token_revoke(struct http_req *r, int64_t id)
{
	return app_token_revoke(web_app(r), web_actor(r), r->arena, id);
}
