/* store_change.c: the change-event table, written with each change and read by the live feeds. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/* See store.h. */
int
store_change_add(struct store_tx *tx, const char *topic, const char *payload,
    int wake, int64_t now, int64_t *id)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int rc, i;

	for (i = 0; i < s->ntopics && strcmp(s->topics[i], topic) != 0; i++)
		;
	if (i == s->ntopics) {
		if (s->ntopics < (int)ARRAY_LEN(s->topics))
			s->topics[s->ntopics++] = topic;
		else
			s->touched = 1;
	}

	/* Such a change only says what changed (nothing reads its payload):
	 * the transaction's first of a topic says it for all of them. */
	for (i = 0; !wake && id == NULL && i < s->nsignalled; i++)
		if (strcmp(s->signalled[i], topic) == 0)
			return STORE_OK;
	if ((q = store_txq(tx, STMT_CHANGE_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, now);
	be->bind_text(q, 2, topic);
	be->bind_text(q, 3, payload);
	/* No id wanted: PostgreSQL sends it with the next statement. */
	if ((rc = store_run(tx, q, id)) != STORE_OK)
		return rc;
	if (!wake) {
		/* The topic outlives the call: callers name it literally. */
		if (s->nsignalled < (int)ARRAY_LEN(s->signalled))
			s->signalled[s->nsignalled++] = topic;
		return STORE_OK;
	}
	if ((q = store_txq(tx, STMT_NOTIFY)) == NULL)
		return STORE_ERROR;
	return store_exec(tx, q, NULL) < 0 ? STORE_ERROR : STORE_OK;
}

/* See store.h. */
int
store_changes_after(struct store *s, struct arena *a, int64_t after,
    int64_t limit, struct store_change **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_CHANGES_AFTER);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, after);
	be->bind_int(q, 2, limit);
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_change *c;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		c = &(*out)[(*n)++];
		c->id = be->col_int(q, 0);
		c->topic = store_col_dup(s, q, 1, a);
		c->payload = store_col_dup(s, q, 2, a);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* The one id a statement answers (0: none). */
static int
one_id(struct store *s, enum stmt st, int64_t *id)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st);
	enum step rc;

	*id = 0;
	if (q == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW)
		*id = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_changes_last(struct store *s, int64_t *id)
{
	return one_id(s, STMT_CHANGES_LAST, id);
}

/* See store.h. */
int
store_changes_first(struct store *s, int64_t *id)
{
	return one_id(s, STMT_CHANGES_FIRST, id);
}

/* See store.h. */
int
store_changes_purge(struct store_tx *tx, int64_t before)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_CHANGES_PURGE);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, before);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_tx_touched(struct store *s, int (*quiet)(const char *topic))
{
	int i;

	if (s->touched)
		return 1;
	for (i = 0; i < s->ntopics; i++)
		if (!quiet(s->topics[i]))
			return 1;
	return 0;
}
