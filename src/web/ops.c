/* ops.c: every staff change runs here, in one write transaction with its audit entry. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "api.h"
#include "web.h"
#include "ops.h"

const char *const ops_reg_action_keys[REG_ACTION__MAX] = {
	"cancel", "promote", "move",
};

/* JSON text of j (stolen), in the arena; NULL for NULL. */
static const char *
text(struct http_req *r, json_t *j)
{
	char *s;
	const char *out;

	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	out = s ? arena_strdup(r->arena, s) : NULL;
	free(s);
	return out;
}

static const char *
event_text(struct http_req *r, int64_t id)
{
	struct store_event e;

	if (store_event_get(web_store(r), r->arena, id, &e) != STORE_OK)
		return NULL;
	return text(r, api_event_json(r, &e));
}

static const char *
session_text(struct http_req *r, int64_t id)
{
	struct store_session s;

	if (store_session_get(web_store(r), r->arena, id, &s) != STORE_OK)
		return NULL;
	return text(r, api_session_json(r, &s, s.time_zone));
}

/* A registration for the log: ids and status only, no personal data. */
static const char *
reg_text(struct http_req *r, int64_t id)
{
	struct store_registration g;

	if (store_registration_get(web_store(r), r->arena, id, &g) != STORE_OK)
		return NULL;
	return text(r, json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)g.id,
	    "session_id", (json_int_t)g.session_id,
	    "status", core_status_keys[g.status],
	    "position", (json_int_t)g.position));
}

/* Ends the transaction: commit on STORE_OK, else roll back. */
static int
finish(struct http_req *r, int rc)
{
	if (rc == STORE_OK && store_commit(web_store(r)) == -1)
		return STORE_ERROR;
	if (rc != STORE_OK)
		store_rollback(web_store(r));
	return rc;
}

/* See ops.h. */
int
ops_may_event(struct http_req *r, int64_t event_id)
{
	struct store_user *u = web_user(r);

	if (u == NULL)
		return 0;
	if (u->roles & ROLE_BIT(ROLE_COORDINATOR))
		return 1;
	if (!(u->roles & ROLE_BIT(ROLE_PARTNER)) || u->org_id == 0)
		return 0;
	return store_event_hosted_by(web_store(r), event_id, u->org_id);
}

/* See ops.h. */
int
ops_may_session(struct http_req *r, int64_t session_id)
{
	struct store_session s;
	int rc = store_session_get(web_store(r), r->arena, session_id, &s);

	if (rc == STORE_NOTFOUND)
		return -2;
	return rc == STORE_OK ? ops_may_event(r, s.event_id) : -1;
}

/* See ops.h. */
int
ops_may_registration(struct http_req *r, int64_t reg_id)
{
	struct store_registration g;
	int rc = store_registration_get(web_store(r), r->arena, reg_id, &g);

	if (rc == STORE_NOTFOUND)
		return -2;
	return rc == STORE_OK ? ops_may_session(r, g.session_id) : -1;
}

/* See ops.h. */
int
ops_event_save(struct http_req *r, int64_t id, struct sf *f, int64_t *out)
{
	struct store *s = web_store(r);
	struct store_user *u = web_user(r);
	struct store_event old;
	int64_t venue, tour, hosts[17];
	size_t nhosts, i;
	const char *before = NULL;
	int rc, cancelled, was_cancelled = 0, own = 0;


	/* A partner's organisation always co-hosts what the partner makes. */
	if (!(u->roles & ROLE_BIT(ROLE_COORDINATOR)) && u->org_id) {
		const char *own_id = arena_printf(r->arena, "%lld",
		    (long long)u->org_id);
		const char *p;

		for (p = f->raw[EV_HOSTS]; p && *p; p += strcspn(p, ","),
		    p += *p == ',')
			own |= strncmp(p, own_id, strlen(own_id)) == 0 &&
			    (p[strlen(own_id)] == ',' || p[strlen(own_id)] == '\0');
		if (!own)
			f->raw[EV_HOSTS] = f->raw[EV_HOSTS] && *f->raw[EV_HOSTS] ?
			    arena_printf(r->arena, "%s,%s", f->raw[EV_HOSTS],
			    own_id) : own_id;
	}
	if (sf_event_check(f, r->arena, s, &venue, &tour, hosts, &nhosts) != 0)
		return f->nerr > 0 ? STORE_CONFLICT : STORE_ERROR;
	cancelled = f->val[EV_CANCELLED] != NULL;
	if (store_begin(s) == -1)
		return STORE_ERROR;
	if (id) {
		if ((rc = store_event_get(s, r->arena, id, &old)) != STORE_OK)
			return finish(r, rc);
		was_cancelled = old.cancelled;
		before = event_text(r, id);
		rc = store_event_update(s, id, f->val[EV_TITLE],
		    f->val[EV_DESCR], venue, tour, cancelled);
	} else
		rc = store_event_add(s, f->val[EV_TITLE], f->val[EV_DESCR],
		    venue, tour, web_now(r), &id);
	if (rc == STORE_OK)
		rc = store_event_hosts_clear(s, id);
	for (i = 0; i < nhosts && rc == STORE_OK; i++)
		rc = store_event_host_add(s, id, hosts[i]);
	if (rc == STORE_OK && cancelled && !was_cancelled)
		rc = store_tell_event(s, id, arena_printf(r->arena,
		    "Cancelled: %s", f->val[EV_TITLE]), arena_printf(r->arena,
		    "We are sorry: \"%s\" is cancelled. Your registration no "
		    "longer holds a place.\n", f->val[EV_TITLE]), web_now(r));
	if (rc == STORE_OK)
		rc = store_months(s, id);
	if (rc == STORE_OK && web_audit(r, before ? "event.edit" : "event.add",
	    arena_printf(r->arena, "event %lld", (long long)id), before,
	    event_text(r, id)) == -1)
		rc = STORE_ERROR;
	*out = id;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_session_save(struct http_req *r, int64_t event_id, int64_t id,
    struct sf *f, int64_t *out)
{
	struct store *s = web_store(r);
	struct store_session ss, old;
	struct store_event e;
	const char *before = NULL;
	int64_t promoted;
	int rc;

	if ((rc = store_event_get(s, r->arena, event_id, &e)) != STORE_OK)
		return rc;
	memset(&ss, 0, sizeof(ss));
	if (sf_session_check(f, r->arena, e.time_zone, &ss) != 0)
		return STORE_CONFLICT;
	ss.event_id = event_id;
	if (store_begin(s) == -1)
		return STORE_ERROR;
	if (id) {
		if ((rc = store_session_get(s, r->arena, id, &old)) != STORE_OK)
			return finish(r, rc);
		before = session_text(r, id);
		ss.id = id;
		ss.join_code = old.join_code;
		rc = store_session_update(s, &ss);
		/* More places (or none cancelled) move the waiting list up. */
		if (rc == STORE_OK && !ss.cancelled)
			rc = store_session_fill(s, r->arena, id, web_now(r),
			    &promoted);
		if (rc == STORE_OK && (ss.cancelled != old.cancelled ||
		    ss.starts_at != old.starts_at || ss.ends_at != old.ends_at))
			rc = store_tell_session(s, id, arena_printf(r->arena,
			    "%s: %s", ss.cancelled ? "Cancelled" : "Changed",
			    ss.title), ss.cancelled ?
			    arena_printf(r->arena, "We are sorry: \"%s\" is "
			    "cancelled.\n", ss.title) :
			    arena_printf(r->arena, "\"%s\" has moved: it now "
			    "starts %s and ends %s (%s).\n", ss.title,
			    sf_local(r->arena, e.time_zone, ss.starts_at),
			    sf_local(r->arena, e.time_zone, ss.ends_at),
			    e.time_zone), web_now(r));
	} else {
		if (ss.audience == AUDIENCE_PUBLIC) {
			char code[JOIN_CODE_LEN + 1];

			token_join_code(code);
			ss.join_code = arena_strdup(r->arena, code);
		}
		rc = store_session_add(s, &ss, &id);
		/* A training starts with the shipped check and evaluation. */
		if (rc == STORE_OK && ss.audience == AUDIENCE_PROFESSIONAL)
			rc = store_forms_default(s, id);
	}
	if (rc == STORE_OK && web_audit(r, before ? "session.edit" :
	    "session.add", arena_printf(r->arena, "session %lld",
	    (long long)id), before, session_text(r, id)) == -1)
		rc = STORE_ERROR;
	*out = id;
	return finish(r, rc);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/*
 * Where t lands when its event moves from zone "from" (first day day0) to
 * zone "to" starting on y-mo-d: the same wall-clock time, the same number
 * of days after the first day. 0 when that time does not exist.
 */
static int64_t
moved(const char *from, const char *to, int64_t t, int64_t day0, int y,
    int mo, int d)
{
	struct tz_local l;
	int ny, nm, nd;
	int64_t out;

	if (t == 0 || tz_from_utc(from, t, &l) == -1)
		return 0;
	civil_from_days(days_from_civil(y, mo, d) +
	    (days_from_civil(l.year, l.month, l.day) - day0), &ny, &nm, &nd);
	if (tz_to_utc(to, ny, nm, nd, l.hour, l.minute, &out) == -1)
		return 0;
	return out;
}

/* See ops.h. */
int
ops_event_duplicate(struct http_req *r, int64_t event_id, int64_t venue,
    int y, int mo, int d, int64_t *out)
{
	struct store *s = web_store(r);
	struct store_event e;
	struct store_item *venues, *orgs;
	const char *zone = NULL;
	size_t nv, no, i, k;
	int64_t id, sid, start, end, shift, day0 = 0;
	struct tz_local first;
	int rc;

	if ((rc = store_event_get(s, r->arena, event_id, &e)) != STORE_OK)
		return rc;
	if (store_items(s, r->arena, LIST_VENUES, &venues, &nv) != STORE_OK ||
	    store_items(s, r->arena, LIST_ORGS, &orgs, &no) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < nv; i++)
		if (venues[i].id == venue)
			zone = venues[i].d;
	if (zone == NULL)
		return STORE_CONFLICT;	/* no such venue: the request is wrong */
	if (store_begin(s) == -1)
		return STORE_ERROR;
	rc = store_event_add(s, e.title, e.description, venue, e.tour_id,
	    web_now(r), &id);
	for (i = 0; i < e.nhosts && rc == STORE_OK; i++)
		for (k = 0; k < no && rc == STORE_OK; k++)
			if (strcmp(orgs[k].name, e.hosts[i]) == 0)
				rc = store_event_host_add(s, id, orgs[k].id);
	if (e.nsessions && tz_from_utc(e.time_zone, e.starts_at, &first) == 0)
		day0 = days_from_civil(first.year, first.month, first.day);
	for (i = 0; i < e.nsessions && rc == STORE_OK; i++) {
		struct store_session ss = e.sessions[i];

		ss.event_id = id;
		if ((start = moved(e.time_zone, zone, ss.starts_at, day0, y, mo,
		    d)) == 0 || (end = moved(e.time_zone, zone, ss.ends_at, day0,
		    y, mo, d)) == 0) {
			rc = STORE_CONFLICT;
			break;
		}
		/* Registration windows keep their distance to the start. */
		shift = start - ss.starts_at;
		ss.ends_at = end;
		ss.starts_at = start;
		if (ss.reg_opens_at)
			ss.reg_opens_at = ss.reg_opens_at + shift;
		if (ss.reg_closes_at)
			ss.reg_closes_at = ss.reg_closes_at + shift;
		ss.cancelled = 0;
		if (ss.join_code) {
			char code[JOIN_CODE_LEN + 1];

			token_join_code(code);
			ss.join_code = arena_strdup(r->arena, code);
		}
		rc = store_session_add(s, &ss, &sid);
	}
	if (rc == STORE_OK && web_audit(r, "event.duplicate",
	    arena_printf(r->arena, "event %lld", (long long)id),
	    event_text(r, event_id), event_text(r, id)) == -1)
		rc = STORE_ERROR;
	*out = id;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_registration(struct http_req *r, int64_t id, enum reg_action act,
    int64_t to_session)
{
	struct store *s = web_store(r);
	struct store_registration g;
	const char *before;
	int64_t promoted;
	int rc;

	if (store_begin(s) == -1)
		return STORE_ERROR;
	before = reg_text(r, id);
	switch (act) {
	case REG_CANCEL:
		rc = store_registration_cancel(s, id, web_now(r), &promoted);
		if (rc == STORE_EXISTS)
			rc = STORE_CONFLICT;
		break;
	case REG_PROMOTE:
		rc = store_registration_promote(s, id, web_now(r));
		break;
	case REG_MOVE:
		rc = store_registration_move(s, r->arena, id, to_session,
		    web_now(r), &g);
		break;
	default:
		rc = STORE_ERROR;
		break;
	}
	if (rc == STORE_OK && web_audit(r, arena_printf(r->arena,
	    "registration.%s", ops_reg_action_keys[act]),
	    arena_printf(r->arena, "registration %lld", (long long)id), before,
	    reg_text(r, id)) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_walkin(struct http_req *r, int64_t session_id,
    const struct store_reg_input *in, struct store_registration *out)
{
	struct store *s = web_store(r);
	struct store_reg_input w = *in;
	int rc;

	w.source = "walk_in";
	w.staff = 1;
	if (store_begin(s) == -1)
		return STORE_ERROR;
	rc = store_register_in(s, r->arena, session_id, &w, web_now(r), out);
	if (rc == STORE_EXISTS) {
		store_rollback(s);
		return STORE_EXISTS;
	}
	if (rc == STORE_OK && web_audit(r, "registration.walk_in",
	    arena_printf(r->arena, "registration %lld", (long long)out->id),
	    NULL, reg_text(r, out->id)) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_check(struct http_req *r, const struct store_registration *g, int in,
    int64_t at, int *changed)
{
	struct store *s = web_store(r);
	int rc;

	*changed = 0;
	if (in && g->status != STATUS_CONFIRMED)
		return STORE_CONFLICT;
	if (!in && g->checked_in_at == 0)
		return STORE_CONFLICT;
	if (store_begin(s) == -1)
		return STORE_ERROR;
	rc = in ? store_check_in(s, g->id, at, web_now(r), changed) :
	    store_check_out(s, g->id, at, web_now(r), changed);
	return finish(r, rc);
}

/* See ops.h. */
int
ops_set_times(struct http_req *r, int64_t reg_id, int64_t in, int64_t out,
    const char *reason)
{
	struct store *s = web_store(r);
	struct store_registration g;
	const char *before, *after;
	int rc;

	if (store_begin(s) == -1)
		return STORE_ERROR;
	if ((rc = store_registration_get(s, r->arena, reg_id, &g)) != STORE_OK)
		return finish(r, rc);
	before = text(r, json_pack("{s:I, s:I}", "checked_in_at",
	    (json_int_t)g.checked_in_at, "checked_out_at",
	    (json_int_t)g.checked_out_at));
	after = text(r, json_pack("{s:I, s:I, s:s}", "checked_in_at",
	    (json_int_t)in, "checked_out_at", (json_int_t)out, "reason",
	    reason));
	rc = store_set_times(s, reg_id, in, out, web_now(r));
	if (rc == STORE_OK && web_audit(r, "registration.times",
	    arena_printf(r->arena, "registration %lld", (long long)reg_id),
	    before, after) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_session_close(struct http_req *r, int64_t session_id, int mode)
{
	struct store *s = web_store(r);
	const char *before;
	int rc;

	if (store_begin(s) == -1)
		return STORE_ERROR;
	before = session_text(r, session_id);
	rc = store_session_close(s, session_id, mode);
	if (rc == STORE_OK && web_audit(r, "session.close",
	    arena_printf(r->arena, "session %lld", (long long)session_id),
	    before, text(r, json_pack("{s:i}", "closed", mode))) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_item_save(struct http_req *r, enum store_list which, int64_t id,
    struct sf *f, int64_t *out)
{
	static const char *const names[] = {
		[LIST_ORGS] = "organization", [LIST_VENUES] = "venue",
		[LIST_SPEAKERS] = "speaker", [LIST_TOURS] = "tour",
	};
	struct store *s = web_store(r);
	json_t *after = json_object();
	int i, rc;

	if (store_begin(s) == -1) {
		json_decref(after);
		return STORE_ERROR;
	}
	*out = id;
	switch (id ? -1 : (int)which) {
	case -1:
		rc = store_item_update(s, which, id, f->val);
		break;
	case LIST_ORGS:
		rc = store_org_add(s, f->val[OR_NAME], out);
		break;
	case LIST_VENUES:
		rc = store_venue_add(s, f->val[VE_NAME], f->val[VE_ADDRESS],
		    f->val[VE_CITY], f->val[VE_STATE], f->val[VE_TZ], out);
		break;
	case LIST_SPEAKERS:
		rc = store_speaker_add(s, f->val[SP_NAME], f->val[SP_BIO], out);
		break;
	case LIST_TOURS:
		rc = store_tour_add(s, f->val[TO_TITLE], f->val[TO_SPEAKER] ?
		    strtoll(f->val[TO_SPEAKER], NULL, 10) : 0, out);
		break;
	default:
		rc = STORE_ERROR;
		break;
	}
	for (i = 0; i < f->n; i++)
		if (f->val[i])
			json_object_set_new(after, f->fields[i].name,
			    json_string(f->val[i]));
	if (rc == STORE_OK && web_audit(r, arena_printf(r->arena, "%s.%s",
	    names[which], id ? "edit" : "add"), arena_printf(r->arena,
	    "%s %lld", names[which],
	    (long long)*out), NULL, text(r, json_incref(after))) == -1)
		rc = STORE_ERROR;
	json_decref(after);
	return finish(r, rc);
}

static const char *
user_text(struct http_req *r, int64_t id)
{
	struct store_user u;

	if (store_user_get(web_store(r), r->arena, id, &u) != STORE_OK)
		return NULL;
	return text(r, json_pack("{s:I, s:s, s:I, s:I, s:b}", "id",
	    (json_int_t)u.id, "name", u.name, "roles", (json_int_t)u.roles,
	    "org_id", (json_int_t)u.org_id, "disabled", u.disabled));
}

static int
hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

/* See ops.h. */
int
ops_user_add(struct http_req *r, const char *name, const char *password,
    unsigned roles, int64_t org, int64_t *out)
{
	struct store *s = web_store(r);
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if (hash_password(password, hash) == -1 || store_begin(s) == -1)
		return STORE_ERROR;
	rc = store_user_add(s, name, hash, roles, web_now(r), out);
	if (rc == STORE_OK && org)
		rc = store_user_update(s, *out, roles, org, 0);
	if (rc == STORE_OK && web_audit(r, "user.add", arena_printf(r->arena,
	    "user %lld", (long long)*out), NULL, user_text(r, *out)) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_user_update(struct http_req *r, int64_t id, unsigned roles, int64_t org,
    int disabled)
{
	struct store *s = web_store(r);
	const char *before;
	int rc;

	if (store_begin(s) == -1)
		return STORE_ERROR;
	if ((before = user_text(r, id)) == NULL)
		return finish(r, STORE_NOTFOUND);
	rc = store_user_update(s, id, roles, org, disabled);
	if (rc == STORE_OK && web_audit(r, "user.edit", arena_printf(r->arena,
	    "user %lld", (long long)id), before, user_text(r, id)) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_user_password(struct http_req *r, int64_t id, const char *password)
{
	struct store *s = web_store(r);
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if (hash_password(password, hash) == -1 || store_begin(s) == -1)
		return STORE_ERROR;
	if (user_text(r, id) == NULL)
		return finish(r, STORE_NOTFOUND);
	rc = store_user_password(s, id, hash);
	if (rc == STORE_OK && web_audit(r, "user.password_reset",
	    arena_printf(r->arena, "user %lld", (long long)id), NULL,
	    NULL) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}

/* See ops.h. */
int
ops_token_revoke(struct http_req *r, int64_t id)
{
	struct store *s = web_store(r);
	int rc;

	if (store_begin(s) == -1)
		return STORE_ERROR;
	rc = store_token_revoke(s, id, web_now(r));
	if (rc == STORE_OK && web_audit(r, "token.revoke",
	    arena_printf(r->arena, "token %lld", (long long)id), NULL,
	    NULL) == -1)
		rc = STORE_ERROR;
	return finish(r, rc);
}
