/* store_admin.c: what staff edit: lists of places and people, events, sessions, the outbox. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

static const enum stmt list_stmt[] = {
	[LIST_ORGS] = STMT_ORG_LIST,
	[LIST_VENUES] = STMT_VENUE_LIST,
	[LIST_SPEAKERS] = STMT_SPEAKER_LIST,
	[LIST_TOURS] = STMT_TOUR_LIST,
};

/* Binds v, or NULL when v is 0 (an optional reference). */
static void
bind_ref(struct store *s, struct store_q *q, int idx, int64_t v)
{
	if (v)
		s->be->bind_int(q, idx, v);
	else
		s->be->bind_text(q, idx, NULL);
}

/* See store.h. */
int
store_items(struct store *s, struct arena *a, enum store_list which,
    struct store_item **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, list_stmt[which]);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_item *it;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		it = &(*out)[(*n)++];
		it->id = be->col_int(q, 0);
		it->name = store_col_dup(s, q, 1, a);
		it->a = store_col_dup(s, q, 2, a);
		it->b = store_col_dup(s, q, 3, a);
		it->c = store_col_dup(s, q, 4, a);
		it->d = store_col_dup(s, q, 5, a);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_event_update(struct store_tx *tx, int64_t id, const char *title,
    const char *descr, int64_t venue_id, int64_t tour_id, int cancelled)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_EVENT_UPDATE);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, title);
	be->bind_text(q, 3, descr ? descr : "");
	be->bind_int(q, 4, venue_id);
	bind_ref(s, q, 5, tour_id);
	be->bind_int(q, 6, cancelled ? 1 : 0);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_event_publish(struct store_tx *tx, int64_t id, int published)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_EVENT_PUBLISH);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, published ? 1 : 0);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_event_hosts_clear(struct store_tx *tx, int64_t event_id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_HOSTS_CLEAR);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, event_id);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_event_hosted_by(struct store *s, int64_t event_id, int64_t org_id)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_HOSTED_BY);
	int64_t n = 0;
	enum step rc;

	if (q == NULL)
		return -1;
	be->bind_int(q, 1, event_id);
	be->bind_int(q, 2, org_id);
	if ((rc = be->step(q)) == STEP_ROW)
		n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? n > 0 : -1;
}

/* See store.h. */
int
store_outbox_pending(struct store *s, int64_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_OUTBOX_COUNT);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW)
		*n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_recipients(struct store *s, struct arena *a, int64_t event_id,
    int64_t session_id, struct store_recipient **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, event_id ? STMT_RECIPIENTS_EVENT :
	    STMT_RECIPIENTS_SESSION);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, event_id ? event_id : session_id);
	while ((rc = be->step(q)) == STEP_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[*n].email = store_col_dup(s, q, 0, a);
		(*out)[*n].secret = store_col_ticket(s, q, 1, a);
		(*out)[*n].registration_id = be->col_int(q, 2);
		(*out)[*n].session_id = be->col_int(q, 3);
		(*out)[*n].lang = store_col_dup(s, q, 4, a);
		(*n)++;
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_tour_get(struct store *s, struct arena *a, int64_t id,
    struct store_tour *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_TOUR_GET);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	if ((rc = be->step(q)) == STEP_ROW) {
		out->id = be->col_int(q, 0);
		out->title = store_col_dup(s, q, 1, a);
		out->speaker = store_col_dup(s, q, 2, a);
		out->bio = store_col_dup(s, q, 3, a);
		out->gap_hours = be->col_int(q, 4);
	}
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_tour_gap(struct store_tx *tx, int64_t id, int64_t hours)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_TOUR_GAP);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, hours);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_purge(struct store_tx *tx, int64_t cutoff, int64_t *n)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t cleared;

	*n = 0;
	if ((q = be->query(s->conn, STMT_PURGE_PUBLIC)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, cutoff);
	if ((cleared = store_exec(tx, q, NULL)) < 0)
		return (int)cleared;
	*n = cleared;
	if ((q = be->query(s->conn, STMT_PURGE_OUTBOX)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, cutoff);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_item_update(struct store_tx *tx, enum store_list which, int64_t id,
    const char *const *v)
{
	struct store *s = tx->s;
	static const enum stmt st[] = {
		[LIST_ORGS] = STMT_ORG_UPDATE,
		[LIST_VENUES] = STMT_VENUE_UPDATE,
		[LIST_SPEAKERS] = STMT_SPEAKER_UPDATE,
		[LIST_TOURS] = STMT_TOUR_UPDATE,
	};
	static const int nvalues[] = {
		[LIST_ORGS] = 1, [LIST_VENUES] = 5, [LIST_SPEAKERS] = 2,
		[LIST_TOURS] = 1,
	};
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st[which]);
	int64_t n;
	int i, rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	for (i = 0; i < nvalues[which]; i++)
		be->bind_text(q, i + 2, v[i] ? v[i] : "");
	if (which == LIST_TOURS)
		bind_ref(s, q, 3, v[1] ? strtoll(v[1], NULL, 10) : 0);
	if ((n = store_exec(tx, q, NULL)) < 0)
		return (int)n;
	if (n == 0)
		return STORE_NOTFOUND;
	if (which != LIST_VENUES)
		return STORE_OK;
	if ((q = be->query(s->conn, STMT_VENUE_MONTHS)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK)
		return rc;
	return store_months(tx, 0);
}
