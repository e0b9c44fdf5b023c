/* store_outbox.c: the durable outbox that the mail sender drains. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/* Seconds a claimed message is its sender's before others may take it. */
#define OUTBOX_LEASE 300

/* Rows of id, to, subject, body, attempts, ics (due) or a listing. */
static int
mails(struct store *s, struct arena *a, enum stmt st, int64_t now,
    int64_t limit, struct store_mail **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	if (st == STMT_OUTBOX_DUE || st == STMT_OUTBOX_CLAIM) {
		be->bind_int(q, 1, now);
		be->bind_int(q, 2, limit);
		if (st == STMT_OUTBOX_CLAIM)
			be->bind_int(q, 3, OUTBOX_LEASE);
	} else
		be->bind_int(q, 1, limit);
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_mail *m;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		m = &(*out)[(*n)++];
		memset(m, 0, sizeof(*m));
		m->id = be->col_int(q, 0);
		if (st != STMT_OUTBOX_LIST) {
			m->to = store_col_dup(s, q, 1, a);
			m->subject = store_col_dup(s, q, 2, a);
			m->body = store_col_dup(s, q, 3, a);
			m->attempts = be->col_int(q, 4);
			m->ics_session_id = be->col_int(q, 5);
			m->template = store_col_dup(s, q, 6, a);
			m->lang = store_col_dup(s, q, 7, a);
			m->params = store_col_dup(s, q, 8, a);
		} else {
			m->created_at = be->col_int(q, 1);
			m->to = store_col_dup(s, q, 2, a);
			m->subject = store_col_dup(s, q, 3, a);
			m->template = store_col_dup(s, q, 4, a);
			m->attempts = be->col_int(q, 5);
			m->sent_at = be->col_int(q, 6);
			m->last_error = store_col_dup(s, q, 7, a);
		}
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_outbox_due(struct store *s, struct arena *a, int64_t now, int64_t limit,
    struct store_mail **out, size_t *n)
{
	return mails(s, a, STMT_OUTBOX_DUE, now, limit, out, n);
}

/* See store.h. */
int
store_outbox_claim(struct store_tx *tx, struct arena *a, int64_t now,
    int64_t limit, struct store_mail **out, size_t *n)
{
	return mails(tx->s, a, STMT_OUTBOX_CLAIM, now, limit, out, n);
}

/* See store.h. */
int
store_outbox_list(struct store *s, struct arena *a, int64_t limit,
    struct store_mail **out, size_t *n)
{
	return mails(s, a, STMT_OUTBOX_LIST, 0, limit, out, n);
}

/* See store.h. */
int
store_outbox_sent(struct store_tx *tx, int64_t id, int64_t now)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_OUTBOX_SENT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, now);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_outbox_failed(struct store_tx *tx, int64_t id, int64_t retry_at,
    const char *error)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_OUTBOX_FAILED);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, retry_at);
	s->be->bind_text(q, 3, error);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_outbox_add(struct store_tx *tx, const char *to, const char *tmpl,
    const char *lang, const char *params, int64_t ics_session, int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;

	if ((q = be->query(s->conn, STMT_OUTBOX_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, now);
	be->bind_text(q, 2, to);
	be->bind_text(q, 3, tmpl);
	be->bind_text(q, 4, lang ? lang : "en");
	be->bind_text(q, 5, params);
	if (ics_session)
		be->bind_int(q, 6, ics_session);
	else
		be->bind_text(q, 6, NULL);
	return store_run(tx, q, NULL);
}
