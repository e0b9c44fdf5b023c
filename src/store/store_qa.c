/* store_qa.c: participants, questions and votes of the live Q&A. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

static void
read_q(struct store *s, struct store_q *q, struct arena *a,
    struct store_question *o)
{
	const struct store_backend *be = s->be;
	const char *st = be->col_text(q, 5);
	int i;

	memset(o, 0, sizeof(*o));
	o->id = be->col_int(q, 0);
	o->session_id = be->col_int(q, 1);
	o->participant_id = be->col_int(q, 2);
	o->text = store_col_dup(s, q, 3, a);
	o->name = store_col_dup(s, q, 4, a);
	o->status = QUESTION_HIDDEN;
	for (i = 0; st && i < QUESTION__MAX; i++)
		if (strcmp(st, core_question_keys[i]) == 0)
			o->status = i;
	o->flags = (unsigned)be->col_int(q, 6);
	o->pinned = (int)be->col_int(q, 7);
	o->votes = be->col_int(q, 8);
	o->created_at = be->col_int(q, 9);
}

static int
count_since(struct store *s, enum stmt st, int64_t id, int64_t since,
    int64_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, since);
	if ((rc = be->step(q)) == STEP_ROW)
		*n = be->col_int(q, 0);
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_questions_since(struct store *s, int64_t participant, int64_t since,
    int64_t *n)
{
	return count_since(s, STMT_Q_RECENT, participant, since, n);
}

/* See store.h. */
int
store_votes_since(struct store *s, int64_t participant, int64_t since,
    int64_t *n)
{
	return count_since(s, STMT_VOTE_RECENT, participant, since, n);
}

/* See store.h. */
int
store_session_moderation(struct store_tx *tx, int64_t session_id, int post)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_SESSION_MODERATION);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, session_id);
	s->be->bind_int(q, 2, post ? 1 : 0);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_participant_find(struct store *s, const char *token_hash, int64_t *id)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	*id = 0;
	if ((q = be->query(s->conn, STMT_PART_GET)) == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, token_hash);
	if ((rc = be->step(q)) == STEP_ROW)
		*id = be->col_int(q, 0);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_participant_add(struct store_tx *tx, const char *token_hash,
    int64_t now, int64_t *id)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q;
	int rc;

	/* Made already by a parallel request with the same new cookie? */
	if ((rc = store_participant_find(tx->s, token_hash, id)) != STORE_NOTFOUND)
		return rc;
	if ((q = store_txq(tx, STMT_PART_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, token_hash);
	be->bind_int(q, 2, now);
	return store_run(tx, q, id);
}

/* See store.h. */
int
store_question_add(struct store_tx *tx, int64_t session_id, int64_t participant,
    const char *text, const char *name, int status, unsigned flags,
    int64_t now, int64_t *id)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q;

	if ((q = store_txq(tx, STMT_Q_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, participant);
	be->bind_text(q, 3, text);
	be->bind_text(q, 4, name);
	be->bind_text(q, 5, core_question_keys[status]);
	be->bind_int(q, 6, flags);
	be->bind_int(q, 7, now);
	return store_run(tx, q, id);
}

/* See store.h. */
int
store_question_get(struct store *s, struct arena *a, int64_t id,
    struct store_question *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_Q_GET);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	if ((rc = be->step(q)) == STEP_ROW)
		read_q(s, q, a, out);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

static int
list(struct store *s, struct arena *a, enum stmt st, int64_t session_id,
    int64_t participant, struct store_question **out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, st);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	if (participant)
		be->bind_int(q, 2, participant);
	while ((rc = be->step(q)) == STEP_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		read_q(s, q, a, &(*out)[(*n)++]);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_questions(struct store *s, struct arena *a, int64_t session_id,
    enum question_order order, struct store_question **out, size_t *n)
{
	return list(s, a, order == ORDER_VOTES ? STMT_Q_VISIBLE_VOTES :
	    order == ORDER_NEW ? STMT_Q_VISIBLE_NEW : STMT_Q_ALL, session_id, 0,
	    out, n);
}

/* See store.h. */
int
store_questions_mine(struct store *s, struct arena *a, int64_t session_id,
    int64_t participant, struct store_question **out, size_t *n)
{
	return list(s, a, STMT_Q_MINE, session_id, participant, out, n);
}

/* See store.h. */
int
store_question_update(struct store_tx *tx, int64_t id, int status,
    const char *text, int pinned, int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_question cur;
	struct arena *a = arena_new();
	struct store_q *q;
	int rc;

	if ((rc = store_question_get(s, a, id, &cur)) != STORE_OK)
		goto out;
	if (pinned) {
		if ((q = be->query(s->conn, STMT_Q_UNPIN)) == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		be->bind_int(q, 1, cur.session_id);
		be->bind_int(q, 2, id);
		if ((rc = store_run(tx, q, NULL)) != STORE_OK)
			goto out;
	}
	if ((q = be->query(s->conn, STMT_Q_UPDATE)) == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, core_question_keys[status]);
	be->bind_text(q, 3, text);
	be->bind_int(q, 4, pinned ? 1 : 0);
	be->bind_int(q, 5, now);
	rc = store_run(tx, q, NULL);
out:
	arena_free(a);
	return rc;
}

/* See store.h. */
int
store_question_withdraw(struct store_tx *tx, int64_t id, int64_t participant,
    int64_t now)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_Q_WITHDRAW);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_int(q, 2, participant);
	be->bind_int(q, 3, now);
	return (int)store_exec(tx, q, NULL);
}

/* See store.h. */
int
store_vote(struct store_tx *tx, int64_t question_id, int64_t participant,
    int64_t now, int *counted)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q;
	int64_t n;

	*counted = 0;
	if ((q = store_txq(tx, STMT_VOTE_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, question_id);
	be->bind_int(q, 2, participant);
	be->bind_int(q, 3, now);
	if ((n = store_exec(tx, q, NULL)) < 0)
		return (int)n;
	if (n == 0)
		return STORE_OK;	/* voted before: counted once */
	*counted = 1;
	if ((q = store_txq(tx, STMT_VOTE_BUMP)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, question_id);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_votes_mine(struct store *s, struct arena *a, int64_t session_id,
    int64_t participant, int64_t **ids, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	size_t cap = 0;
	enum step rc;

	*ids = NULL;
	*n = 0;
	if ((q = be->query(s->conn, STMT_VOTES_MINE)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_int(q, 2, participant);
	while ((rc = be->step(q)) == STEP_ROW) {
		*ids = arena_grow(a, *ids, *n, &cap, sizeof(**ids));
		(*ids)[(*n)++] = be->col_int(q, 0);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_session_qa_opens(struct store_tx *tx, int64_t session_id, int64_t at)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_SESSION_QA_OPENS);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, session_id);
	if (at > 0)
		s->be->bind_int(q, 2, at);
	else
		s->be->bind_text(q, 2, NULL);	/* the default */
	return store_run(tx, q, NULL);
}
