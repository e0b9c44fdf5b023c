/* staff.c: events, sessions and the lists they are made of, as coordinators and partners change them. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"
#include "message.h"

/*
 * Queues message m to every registrant of an event (or a session), each
 * with their event's calendar file: after a change or a cancellation their
 * calendar follows it (the sessions' SEQUENCE is already one higher).
 */
static int
tell(struct store_tx *tx, struct arena *a, int64_t event_id,
    int64_t session_id, enum message m, int64_t now, const char *title,
    const char *starts, const char *ends, const char *zone)
{
	struct store_recipient *to;
	size_t n, i;

	if (store_recipients(store_tx_store(tx), a, event_id, session_id, &to,
	    &n) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < n; i++)
		if (message_queue(tx, to[i].email, m, to[i].lang,
		    to[i].session_id, now, "title", title, "secret",
		    to[i].secret, "start", starts, "end", ends, "tz", zone,
		    "registration",
		    arena_printf(a, "%lld", (long long)to[i].registration_id),
		    (char *)NULL) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}

struct event_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, now;
	struct app_event_in	*in;
};

/* The ids of e's hosts, by their names (at most max). */
static int
host_ids(struct store *s, struct arena *a, const struct store_event *e,
    int64_t *ids, size_t max, size_t *n)
{
	struct store_item *orgs;
	size_t no, i, k;

	*n = 0;
	if (store_items(s, a, LIST_ORGS, &orgs, &no) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < e->nhosts; i++)
		for (k = 0; k < no && *n < max; k++)
			if (strcmp(orgs[k].name, e->hosts[i]) == 0)
				ids[(*n)++] = orgs[k].id;
	return STORE_OK;
}

/* A partner adds detail but cannot take the event away: every host stays
 * and the tour is the coordinator's. */
static int
partner_keeps(struct store *s, struct arena *a, const struct store_event *old,
    const struct app_event_in *in)
{
	int64_t ids[32];
	size_t n, i, k;
	int found;

	if (in->tour != old->tour_id)
		return APP_FORBIDDEN;
	if (host_ids(s, a, old, ids, ARRAY_LEN(ids), &n) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < n; i++) {
		found = 0;
		for (k = 0; k < in->nhosts; k++)
			found |= in->hosts[k] == ids[i];
		if (!found)
			return APP_FORBIDDEN;
	}
	return STORE_OK;
}

static int
event_work(struct store_tx *tx, void *arg)
{
	struct event_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_event old;
	const char *before = NULL;
	int rc, was_cancelled = 0;
	size_t i;

	memset(&old, 0, sizeof(old));
	if (j->id) {
		if ((rc = app_permit(app_may_event(s, j->who, j->id))) !=
		    STORE_OK)
			return rc;
		if ((rc = store_event_get(s, j->a, j->id, &old)) != STORE_OK)
			return rc;
		was_cancelled = old.cancelled;
		if (!HAS_ROLE(j->who, ROLE_COORDINATOR) &&
		    (rc = partner_keeps(s, j->a, &old, j->in)) != STORE_OK)
			return rc;
		before = app_event_text(s, j->a, j->id);
		rc = store_event_update(tx, j->id, j->in->title, j->in->descr,
		    j->in->venue, j->in->tour, j->in->cancelled);
	} else
		rc = store_event_add(tx, j->in->title, j->in->descr,
		    j->in->venue, j->in->tour, j->now, &j->id);
	/* A new event is a draft until it is published. */
	if (rc == STORE_OK && (!before || old.published != j->in->published))
		rc = store_event_publish(tx, j->id, j->in->published);
	if (rc == STORE_OK)
		rc = store_event_hosts_clear(tx, j->id);
	for (i = 0; i < j->in->nhosts && rc == STORE_OK; i++)
		rc = store_event_host_add(tx, j->id, j->in->hosts[i]);
	if (rc == STORE_OK && j->in->cancelled != was_cancelled && j->id)
		rc = store_session_sequence(tx, 0, j->id);
	if (rc == STORE_OK && j->in->cancelled && !was_cancelled)
		rc = tell(tx, j->a, j->id, 0, MSG_EVENT_CANCELLED, j->now,
		    j->in->title, NULL, NULL, NULL);
	if (rc == STORE_OK)
		rc = store_months(tx, j->id);
	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, before ? "event.edit" : "event.add",
		    arena_printf(j->a, "event %lld", (long long)j->id), before,
		    app_event_text(s, j->a, j->id), j->now);
	if (rc == STORE_OK)
		rc = app_change(tx, j->now, "event", "{\"id\":%lld}",
		    (long long)j->id);
	return rc;
}

/* See app.h. */
int
app_event_save(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, struct app_event_in *in, int64_t *out)
{
	struct event_job j = { who, a, id, app_now(app), in };
	size_t i;
	int rc, own = 0;

	if (!HAS_ROLE(who, ROLE_COORDINATOR) && !HAS_ROLE(who, ROLE_PARTNER))
		return APP_FORBIDDEN;
	/* A partner's organisation always co-hosts what the partner saves. */
	if (!HAS_ROLE(who, ROLE_COORDINATOR)) {
		if (who->org_id == 0)
			return APP_FORBIDDEN;
		for (i = 0; i < in->nhosts; i++)
			own |= in->hosts[i] == who->org_id;
		if (!own) {
			if (in->nhosts >= ARRAY_LEN(in->hosts))
				return STORE_CONFLICT;
			in->hosts[in->nhosts++] = who->org_id;
		}
	}
	rc = app_run(app, event_work, &j);
	*out = j.id;
	return rc;
}

struct session_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 event_id, id, now;
	struct store_session	*in;
};

static int
session_work(struct store_tx *tx, void *arg)
{
	struct session_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_session *ss = j->in, old;
	struct store_event e;
	const char *before = NULL;
	int64_t promoted;
	int rc;

	if ((rc = app_permit(app_may_event(s, j->who, j->event_id))) !=
	    STORE_OK)
		return rc;
	if ((rc = store_event_get(s, j->a, j->event_id, &e)) != STORE_OK)
		return rc;
	/* The page and the API say it on the field; this holds for all. */
	if (ss->ends_at > ss->starts_at && core_ce_exceeds(ss->ce_hours,
	    ss->starts_at, ss->ends_at))
		return STORE_CONFLICT;
	ss->event_id = j->event_id;
	if (j->id) {
		if ((rc = store_session_get(s, j->a, j->id, &old)) != STORE_OK)
			return rc;
		if (old.event_id != j->event_id)
			return STORE_NOTFOUND;
		/* A session holds more than its capacity only through marked
		 * admissions: a capacity below the others is refused. */
		if (ss->capacity >= 0) {
			int64_t held;

			if (store_confirmed_unmarked(s, j->id, &held) !=
			    STORE_OK)
				return STORE_ERROR;
			if (ss->capacity < held)
				return STORE_CONFLICT;
		}
		before = app_session_text(s, j->a, j->id);
		ss->id = j->id;
		ss->join_code = old.join_code;
		rc = store_session_update(tx, ss);
		if (rc == STORE_OK && ss->qa_opens_at != old.qa_opens_at)
			rc = store_session_qa_opens(tx, j->id, ss->qa_opens_at);
		/* More places (or none cancelled) move the waiting list up. */
		if (rc == STORE_OK && !ss->cancelled)
			rc = app_fill(tx, j->a, j->id, j->now, &promoted);
		if (rc == STORE_OK && (ss->cancelled != old.cancelled ||
		    ss->starts_at != old.starts_at ||
		    ss->ends_at != old.ends_at) &&
		    (rc = store_session_sequence(tx, j->id, 0)) == STORE_OK)
			rc = tell(tx, j->a, 0, j->id, ss->cancelled ?
			    MSG_SESSION_CANCELLED : MSG_SESSION_MOVED, j->now,
			    ss->title, app_num(j->a, ss->starts_at),
			    app_num(j->a, ss->ends_at), e.time_zone);
	} else {
		if (ss->audience == AUDIENCE_PUBLIC) {
			char code[JOIN_CODE_LEN + 1];

			token_join_code(code);
			ss->join_code = arena_strdup(j->a, code);
		}
		rc = store_session_add(tx, ss, &j->id);
		if (rc == STORE_OK && ss->qa_opens_at > 0)
			rc = store_session_qa_opens(tx, j->id, ss->qa_opens_at);
		/* A training starts with the shipped check and evaluation. */
		if (rc == STORE_OK && ss->audience == AUDIENCE_PROFESSIONAL)
			rc = store_forms_default(tx, j->id);
	}
	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, before ? "session.edit" :
		    "session.add", arena_printf(j->a, "session %lld",
		    (long long)j->id), before, app_session_text(s, j->a, j->id),
		    j->now);
	if (rc == STORE_OK)
		rc = app_change(tx, j->now, "session", "{\"id\":%lld,"
		    "\"event_id\":%lld}", (long long)j->id,
		    (long long)j->event_id);
	return rc;
}

/* See app.h. */
int
app_session_save(struct app *app, const struct actor *who, struct arena *a,
    int64_t event_id, int64_t id, struct store_session *in, int64_t *out)
{
	struct session_job j = { who, a, event_id, id, app_now(app), in };
	int rc = app_run(app, session_work, &j);

	*out = j.id;
	return rc;
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

struct dup_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 event_id, venue, now, id;
	int			 y, mo, d;
	const char		*title;
};

static int
duplicate_work(struct store_tx *tx, void *arg)
{
	struct dup_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_event e;
	struct store_item *venues, *orgs;
	const char *zone = NULL;
	size_t nv, no, i, k;
	int64_t sid, start, end, shift, day0 = 0;
	struct tz_local first;
	int rc;

	if ((rc = app_permit(app_may_event(s, j->who, j->event_id))) !=
	    STORE_OK)
		return rc;
	if ((rc = store_event_get(s, j->a, j->event_id, &e)) != STORE_OK)
		return rc;
	if (store_items(s, j->a, LIST_VENUES, &venues, &nv) != STORE_OK ||
	    store_items(s, j->a, LIST_ORGS, &orgs, &no) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < nv; i++)
		if (venues[i].id == j->venue)
			zone = venues[i].d;
	if (zone == NULL)
		return STORE_CONFLICT;	/* no such venue: the request is wrong */
	/* The copy is the next stop's draft, under its own title. */
	rc = store_event_add(tx, j->title && *j->title ? j->title : e.title,
	    e.description, j->venue, e.tour_id, j->now, &j->id);
	if (rc == STORE_OK)
		rc = store_event_publish(tx, j->id, 0);
	for (i = 0; i < e.nhosts && rc == STORE_OK; i++)
		for (k = 0; k < no && rc == STORE_OK; k++)
			if (strcmp(orgs[k].name, e.hosts[i]) == 0)
				rc = store_event_host_add(tx, j->id, orgs[k].id);
	if (e.nsessions && tz_from_utc(e.time_zone, e.starts_at, &first) == 0)
		day0 = days_from_civil(first.year, first.month, first.day);
	for (i = 0; i < e.nsessions && rc == STORE_OK; i++) {
		struct store_session ss = e.sessions[i];

		ss.event_id = j->id;
		if ((start = moved(e.time_zone, zone, ss.starts_at, day0, j->y,
		    j->mo, j->d)) == 0 || (end = moved(e.time_zone, zone,
		    ss.ends_at, day0, j->y, j->mo, j->d)) == 0) {
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
			ss.join_code = arena_strdup(j->a, code);
		}
		rc = store_session_add(tx, &ss, &sid);
	}
	if (rc == STORE_OK)
		rc = app_audit(tx, j->who, "event.duplicate", arena_printf(j->a,
		    "event %lld", (long long)j->id), app_event_text(s, j->a,
		    j->event_id), app_event_text(s, j->a, j->id), j->now);
	if (rc == STORE_OK)
		rc = app_change(tx, j->now, "event", "{\"id\":%lld}",
		    (long long)j->id);
	return rc;
}

/* See app.h. */
int
app_event_duplicate(struct app *app, const struct actor *who, struct arena *a,
    int64_t event_id, int64_t venue, int y, int mo, int d, const char *title,
    int64_t *out)
{
	struct dup_job j = { who, a, event_id, venue, app_now(app), 0, y, mo,
	    d, title };
	int rc = app_run(app, duplicate_work, &j);

	*out = j.id;
	return rc;
}

struct publish_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, now;
	int			 published;
};

static int
publish_work(struct store_tx *tx, void *arg)
{
	struct publish_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_event e;
	const char *before;
	int rc;

	if ((rc = app_permit(app_may_event(s, j->who, j->id))) != STORE_OK)
		return rc;
	if ((rc = store_event_get(s, j->a, j->id, &e)) != STORE_OK)
		return rc;
	if (e.published == j->published)
		return STORE_OK;
	before = app_event_text(s, j->a, j->id);
	if ((rc = store_event_publish(tx, j->id, j->published)) != STORE_OK ||
	    (rc = app_audit(tx, j->who, j->published ? "event.publish" :
	    "event.unpublish", arena_printf(j->a, "event %lld",
	    (long long)j->id), before, app_event_text(s, j->a, j->id),
	    j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "event", "{\"id\":%lld}",
	    (long long)j->id);
}

/* See app.h. */
int
app_event_publish(struct app *app, const struct actor *who, struct arena *a,
    int64_t event_id, int published)
{
	struct publish_job j = { who, a, event_id, app_now(app),
	    published ? 1 : 0 };

	if (!HAS_ROLE(who, ROLE_COORDINATOR) && !HAS_ROLE(who, ROLE_PARTNER))
		return APP_FORBIDDEN;
	return app_run(app, publish_work, &j);
}

struct item_job {
	const struct actor	*who;
	struct arena		*a;
	enum store_list		 which;
	int64_t			 id, now;
	const char *const	*v, *const *names;
	int			 n;
};

static int
item_work(struct store_tx *tx, void *arg)
{
	static const char *const kinds[] = {
		[LIST_ORGS] = "organization", [LIST_VENUES] = "venue",
		[LIST_SPEAKERS] = "speaker", [LIST_TOURS] = "tour",
	};
	struct item_job *j = arg;
	int64_t id = j->id;
	const int editing = id != 0;
	json_t *after;
	int i, rc;

	switch (id ? -1 : (int)j->which) {
	case -1:
		rc = store_item_update(tx, j->which, id, j->v);
		break;
	case LIST_ORGS:
		rc = store_org_add(tx, j->v[0], &id);
		break;
	case LIST_VENUES:
		rc = store_venue_add(tx, j->v[0], j->v[1], j->v[2], j->v[3],
		    j->v[4], &id);
		break;
	case LIST_SPEAKERS:
		rc = store_speaker_add(tx, j->v[0], j->v[1], &id);
		break;
	case LIST_TOURS:
		rc = store_tour_add(tx, j->v[0], j->v[1] ?
		    strtoll(j->v[1], NULL, 10) : 0, &id);
		break;
	default:
		rc = STORE_ERROR;
		break;
	}
	if (rc != STORE_OK)
		return rc;
	j->id = id;
	after = json_object();
	for (i = 0; i < j->n; i++)
		if (j->v[i])
			json_object_set_new(after, j->names[i],
			    json_string(j->v[i]));
	if ((rc = app_audit(tx, j->who, arena_printf(j->a, "%s.%s",
	    kinds[j->which], editing ? "edit" : "add"),
	    arena_printf(j->a, "%s %lld", kinds[j->which], (long long)id), NULL,
	    app_json_text(j->a, after), j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "list", "{\"list\":%d,\"id\":%lld}",
	    (int)j->which, (long long)id);
}

/* See app.h. */
int
app_item_save(struct app *app, const struct actor *who, struct arena *a,
    enum store_list which, int64_t id, const char *const *v,
    const char *const *names, int n, int64_t *out)
{
	struct item_job j = { who, a, which, id, app_now(app), v, names, n };
	int rc;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	rc = app_run(app, item_work, &j);
	*out = j.id;
	return rc;
}

struct funder_job {
	const struct actor	*who;
	struct arena		*a;
	const char		*funder;
	const char *const	*names;
	int64_t			 now;
};

static int
funder_work(struct store_tx *tx, void *arg)
{
	struct funder_job *j = arg;
	int k, rc;

	for (k = 0; k < SECTOR__MAX; k++)
		if ((rc = store_funder_set(tx, j->funder, k, j->names[k])) !=
		    STORE_OK)
			return rc;
	return app_audit(tx, j->who, "funder.names", arena_printf(j->a,
	    "funder %s", j->funder), NULL, NULL, j->now);
}

/* See app.h. */
int
app_funder_names(struct app *app, const struct actor *who, struct arena *a,
    const char *funder, const char *const names[SECTOR__MAX])
{
	struct funder_job j;
	int k;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (funder == NULL || *funder == '\0' || strlen(funder) > 80 ||
	    !utf8_valid(funder, strlen(funder)) || !text_clean(funder, 0))
		return STORE_CLOSED;
	for (k = 0; k < SECTOR__MAX; k++)
		if (names[k] && (strlen(names[k]) > 160 || !utf8_valid(names[k],
		    strlen(names[k])) || !text_clean(names[k], 0)))
			return STORE_CLOSED;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.funder = funder;
	j.names = names;
	j.now = app_now(app);
	return app_run(app, funder_work, &j);
}
