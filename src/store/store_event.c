/* store_event.c: reading events and their sessions, with live counts. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

static void
read_event(struct store *s, struct store_q *q, struct arena *a,
    struct store_event *e)
{
	const struct store_backend *be = s->be;

	memset(e, 0, sizeof(*e));
	e->id = be->col_int(q, 0);
	e->title = store_col_dup(s, q, 1, a);
	e->description = store_col_dup(s, q, 2, a);
	e->cancelled = (int)be->col_int(q, 3);
	e->venue = store_col_dup(s, q, 4, a);
	e->address = store_col_dup(s, q, 5, a);
	e->city = store_col_dup(s, q, 6, a);
	e->state = store_col_dup(s, q, 7, a);
	e->time_zone = store_col_dup(s, q, 8, a);
	e->tour = store_col_dup(s, q, 9, a);
	e->tour_id = be->col_int(q, 10);
	e->starts_at = be->col_int(q, 11);
	e->ends_at = be->col_int(q, 12);
	e->published = (int)be->col_int(q, 13);
}

static void
read_session(struct store *s, struct store_q *q, struct arena *a,
    struct store_session *ss)
{
	const struct store_backend *be = s->be;
	const char *aud;

	memset(ss, 0, sizeof(*ss));
	ss->id = be->col_int(q, 0);
	ss->event_id = be->col_int(q, 1);
	ss->title = store_col_dup(s, q, 2, a);
	ss->description = store_col_dup(s, q, 3, a);
	ss->instructor = store_col_dup(s, q, 4, a);
	aud = be->col_text(q, 5);
	ss->audience = aud ? core_audience_parse(aud) : AUDIENCE_PUBLIC;
	if (ss->audience < 0)
		ss->audience = AUDIENCE_PUBLIC;
	ss->sectors = (unsigned)be->col_int(q, 6);
	ss->capacity = be->col_null(q, 7) ? -1 : be->col_int(q, 7);
	ss->ce_hours = be->col_double(q, 8);
	ss->starts_at = be->col_int(q, 9);
	ss->ends_at = be->col_int(q, 10);
	ss->reg_opens_at = be->col_int(q, 11);
	ss->reg_closes_at = be->col_int(q, 12);
	ss->join_code = store_col_dup(s, q, 13, a);
	ss->cancelled = (int)be->col_int(q, 14);
	ss->confirmed = be->col_int(q, 15);
	ss->waitlisted = be->col_int(q, 16);
	ss->event_title = store_col_dup(s, q, 17, a);
	ss->venue = store_col_dup(s, q, 18, a);
	ss->city = store_col_dup(s, q, 19, a);
	ss->state = store_col_dup(s, q, 20, a);
	ss->time_zone = store_col_dup(s, q, 21, a);
	ss->event_cancelled = (int)be->col_int(q, 22);
	ss->credit_share = be->col_double(q, 23);
	ss->eval_required = (int)be->col_int(q, 24);
	ss->closed = (int)be->col_int(q, 25);
	ss->post_moderation = (int)be->col_int(q, 26);
	ss->ics_sequence = be->col_int(q, 27);
	ss->event_published = (int)be->col_int(q, 28);
	ss->delivery = store_col_dup(s, q, 29, a);
	ss->credit_tolerance = (int)be->col_int(q, 30);
	ss->credit_partial = (int)be->col_int(q, 31);
	ss->qa_opens_at = be->col_null(q, 32) ? 0 : be->col_int(q, 32);
}

/* Finds the event with id in a sorted-by-nothing array (small n). */
static struct store_event *
find_event(struct store_event *ev, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ev[i].id == id)
			return &ev[i];
	return NULL;
}

/*
 * Fills hosts and sessions of the n events from two queries over all rows
 * (or, for one event, the rows of that event), not one query per event.
 */
static int
attach(struct store *s, struct arena *a, struct store_event *ev, size_t n,
    int one)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	struct store_event *e;
	size_t *hcap, *scap;
	enum step rc;

	hcap = arena_alloc(a, sizeof(size_t) * (n ? n : 1));
	scap = arena_alloc(a, sizeof(size_t) * (n ? n : 1));
	memset(hcap, 0, sizeof(size_t) * (n ? n : 1));
	memset(scap, 0, sizeof(size_t) * (n ? n : 1));

	if ((q = be->query(s->conn, one ? STMT_HOSTS_EVENT : STMT_HOSTS_ALL)) == NULL)
		return -1;
	if (one)
		be->bind_int(q, 1, ev[0].id);
	while ((rc = be->step(q)) == STEP_ROW) {
		if ((e = find_event(ev, n, be->col_int(q, 0))) == NULL)
			continue;
		e->hosts = arena_grow(a, e->hosts, e->nhosts, &hcap[e - ev],
		    sizeof(*e->hosts));
		e->hosts[e->nhosts++] = store_col_dup(s, q, 1, a);
	}
	be->done(q);
	if (rc != STEP_DONE)
		return -1;

	if ((q = be->query(s->conn, one ? STMT_SESSIONS_EVENT : STMT_SESSIONS_ALL)) == NULL)
		return -1;
	if (one)
		be->bind_int(q, 1, ev[0].id);
	while ((rc = be->step(q)) == STEP_ROW) {
		if ((e = find_event(ev, n, be->col_int(q, 1))) == NULL)
			continue;
		e->sessions = arena_grow(a, e->sessions, e->nsessions,
		    &scap[e - ev], sizeof(*e->sessions));
		read_session(s, q, a, &e->sessions[e->nsessions++]);
	}
	be->done(q);
	return rc == STEP_DONE ? 0 : -1;
}

/* All events, ordered by start, each with hosts and sessions. */
int
store_event_list(struct store *s, struct arena *a, struct store_event **out,
    size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	struct store_event *ev = NULL;
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if ((q = be->query(s->conn, STMT_EVENT_LIST)) == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		ev = arena_grow(a, ev, *n, &cap, sizeof(*ev));
		read_event(s, q, a, &ev[(*n)++]);
	}
	be->done(q);
	if (rc != STEP_DONE || attach(s, a, ev, *n, 0) == -1)
		return STORE_ERROR;
	*out = ev;
	return STORE_OK;
}

/* One event with hosts and sessions; STORE_NOTFOUND when there is none. */
int
store_event_get(struct store *s, struct arena *a, int64_t id,
    struct store_event *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, STMT_EVENT_GET)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	rc = be->step(q);
	if (rc == STEP_ROW)
		read_event(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	if (rc != STEP_ROW || attach(s, a, out, 1, 1) == -1)
		return STORE_ERROR;
	return STORE_OK;
}

/* One session by id or join code (code not NULL), with counts or brief. */
static int
session_one(struct store *s, struct arena *a, int64_t id, const char *code,
    int brief, struct store_session *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if ((q = be->query(s->conn, code ? STMT_SESSION_BY_CODE : brief ?
	    STMT_SESSION_BRIEF : STMT_SESSION_GET)) == NULL)
		return STORE_ERROR;
	if (code)
		be->bind_text(q, 1, code);
	else
		be->bind_int(q, 1, id);
	rc = be->step(q);
	if (rc == STEP_ROW)
		read_session(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* One session with its counts and its event's place. */
int
store_session_get(struct store *s, struct arena *a, int64_t id,
    struct store_session *out)
{
	return session_one(s, a, id, NULL, 0, out);
}

/* See store.h. */
int
store_session_brief(struct store *s, struct arena *a, int64_t id,
    struct store_session *out)
{
	return session_one(s, a, id, NULL, 1, out);
}

/* The session with this Q&A join code. */
int
store_session_by_code(struct store *s, struct arena *a, const char *code,
    struct store_session *out)
{
	return session_one(s, a, 0, code, 0, out);
}
