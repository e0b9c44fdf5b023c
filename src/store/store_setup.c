/* store_setup.c: writes that set the program up: places, events, people, settings. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

/* Adds an organisation. */
int
store_org_add(struct store_tx *tx, const char *name, int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_ORG_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, name);
	return store_run(tx, q, id);
}

/* Adds a speaker. */
int
store_speaker_add(struct store_tx *tx, const char *name, const char *bio,
    int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_SPEAKER_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, name);
	s->be->bind_text(q, 2, bio ? bio : "");
	return store_run(tx, q, id);
}

/* Adds a venue; tz must be a valid IANA zone (checked by the caller). */
int
store_venue_add(struct store_tx *tx, const char *name, const char *address,
    const char *city, const char *state, const char *tz, int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_VENUE_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, name);
	s->be->bind_text(q, 2, address ? address : "");
	s->be->bind_text(q, 3, city);
	s->be->bind_text(q, 4, state);
	s->be->bind_text(q, 5, tz);
	return store_run(tx, q, id);
}

/* Adds a tour of a speaker (speaker_id 0: none). */
int
store_tour_add(struct store_tx *tx, const char *title, int64_t speaker_id,
    int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_TOUR_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, title);
	if (speaker_id)
		s->be->bind_int(q, 2, speaker_id);
	else
		s->be->bind_text(q, 2, NULL);
	return store_run(tx, q, id);
}

/* Adds an event at a venue, on a tour (0: none). */
int
store_event_add(struct store_tx *tx, const char *title, const char *descr,
    int64_t venue_id, int64_t tour_id, int64_t now, int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_EVENT_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, title);
	s->be->bind_text(q, 2, descr ? descr : "");
	s->be->bind_int(q, 3, venue_id);
	if (tour_id)
		s->be->bind_int(q, 4, tour_id);
	else
		s->be->bind_text(q, 4, NULL);
	s->be->bind_int(q, 5, now);
	return store_run(tx, q, id);
}

/* Names an organisation as a host of an event. */
int
store_event_host_add(struct store_tx *tx, int64_t event_id, int64_t org_id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_HOST_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, event_id);
	s->be->bind_int(q, 2, org_id);
	return store_run(tx, q, NULL);
}

/* Binds the fields a session insert and update share, at places 2 to 12. */
static void
bind_session(struct store *s, struct store_q *q, const struct store_session *in)
{
	const struct store_backend *be = s->be;

	be->bind_text(q, 2, in->title);
	be->bind_text(q, 3, in->description ? in->description : "");
	be->bind_text(q, 4, in->instructor);
	be->bind_text(q, 5, core_audience_keys[in->audience]);
	be->bind_int(q, 6, in->sectors);
	if (in->capacity >= 0)
		be->bind_int(q, 7, in->capacity);
	else
		be->bind_text(q, 7, NULL);
	be->bind_double(q, 8, in->ce_hours);
	be->bind_int(q, 9, in->starts_at);
	be->bind_int(q, 10, in->ends_at);
	if (in->reg_opens_at)
		be->bind_int(q, 11, in->reg_opens_at);
	else
		be->bind_text(q, 11, NULL);
	if (in->reg_closes_at)
		be->bind_int(q, 12, in->reg_closes_at);
	else
		be->bind_text(q, 12, NULL);
}

/* Sets a session's delivery format and credit rule beyond the share. */
static int
session_ce(struct store_tx *tx, int64_t id, const struct store_session *in)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SESSION_CE_SET);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, in->delivery && *in->delivery ? in->delivery :
	    "in_person");
	be->bind_int(q, 3, in->credit_tolerance > 0 ? in->credit_tolerance : 0);
	be->bind_int(q, 4, in->credit_partial ? 1 : 0);
	return store_run(tx, q, NULL);
}

/* Adds a session from in (id, counts and event fields are ignored). */
int
store_session_add(struct store_tx *tx, const struct store_session *in,
    int64_t *id)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SESSION_INSERT);
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, in->event_id);
	bind_session(s, q, in);
	be->bind_text(q, 13, in->join_code);
	be->bind_double(q, 14, in->credit_share > 0 ? in->credit_share : 1.0);
	be->bind_int(q, 15, in->eval_required ? 1 : 0);
	if ((rc = store_run(tx, q, id)) != STORE_OK ||
	    (rc = session_ce(tx, *id, in)) != STORE_OK)
		return rc;
	return store_months(tx, in->event_id);
}

/* Edits a session from in (id names it; counts are ignored). */
int
store_session_update(struct store_tx *tx, const struct store_session *in)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SESSION_UPDATE);
	int rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, in->id);
	bind_session(s, q, in);
	be->bind_double(q, 13, in->credit_share > 0 ? in->credit_share : 1.0);
	be->bind_int(q, 14, in->eval_required ? 1 : 0);
	be->bind_int(q, 15, in->cancelled ? 1 : 0);
	if ((rc = store_run(tx, q, NULL)) != STORE_OK ||
	    (rc = session_ce(tx, in->id, in)) != STORE_OK)
		return rc;
	/* The local day follows the session's start. */
	return store_months(tx, in->event_id);
}

/* See store.h. */
int
store_session_sequence(struct store_tx *tx, int64_t id, int64_t event_id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_SESSION_SEQUENCE);

	if (q == NULL)
		return STORE_ERROR;
	/* 0 matches no row: ids start at 1. */
	s->be->bind_int(q, 1, id);
	s->be->bind_int(q, 2, event_id);
	return store_run(tx, q, NULL);
}

/* Adds a staff account; STORE_CONFLICT when the name is taken. */
int
store_user_add(struct store_tx *tx, const char *name, const char *hash,
    unsigned roles, int64_t now, int64_t *id)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_USER_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, name);
	s->be->bind_text(q, 2, hash);
	s->be->bind_int(q, 3, roles);
	s->be->bind_int(q, 4, now);
	return store_run(tx, q, id);
}

/* Id of the account with this name; STORE_NOTFOUND when none. */
int
store_user_id(struct store *s, const char *name, int64_t *id)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_USER_BY_NAME);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, name);
	if ((rc = be->step(q)) == STEP_ROW)
		*id = be->col_int(q, 0);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* Records the hash of a new API token for a user. */
int
store_token_add(struct store_tx *tx, int64_t user_id, const char *token_hash,
    int64_t now)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_TOKEN_INSERT);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_int(q, 1, user_id);
	s->be->bind_text(q, 2, token_hash);
	s->be->bind_int(q, 3, now);
	return store_run(tx, q, NULL);
}

/* Reads a setting into arena; STORE_NOTFOUND when unset. */
int
store_setting_get(struct store *s, struct arena *a, const char *key,
    char **value)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_SETTING_GET);
	enum step rc;

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, key);
	if ((rc = be->step(q)) == STEP_ROW)
		*value = store_col_dup(s, q, 0, a);
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_setting_touch(struct store_tx *tx, const char *key)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_SETTING_TOUCH);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, key);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_setting_add(struct store_tx *tx, const char *key, const char *value)
{
	const struct store_backend *be = tx->s->be;
	struct store_q *q = store_txq(tx, STMT_SETTING_ADD);

	if (q == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, key);
	be->bind_text(q, 2, value);
	return store_run(tx, q, NULL);
}

/* Sets a setting, replacing any value. */
int
store_setting_set(struct store_tx *tx, const char *key, const char *value)
{
	struct store *s = tx->s;
	struct store_q *q = s->be->query(s->conn, STMT_SETTING_SET);

	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, key);
	s->be->bind_text(q, 2, value);
	return store_run(tx, q, NULL);
}
