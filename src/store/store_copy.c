/* store_copy.c: one whole database into an empty one (convene copy): every table, the same ids. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/*
 * Every table of the schema, in an order that loads each after the tables
 * its foreign keys point to, with every column by name: the backends'
 * migrations do not give all of them in the same order (the outbox).
 * schema_migrations is each backend's own, written by its migrate.
 * A migration that adds a table or a column adds it here too: the copy
 * refuses a schema with one it does not know.
 */
static const struct store_table tables[] = {
	{ "settings", { "key", "value" }, 0 },
	{ "organizations", { "id", "name" }, 1 },
	{ "speakers", { "id", "name", "bio" }, 1 },
	{ "venues", { "id", "name", "address", "city", "state", "time_zone" },
	    1 },
	{ "tours", { "id", "title", "speaker_id", "travel_gap_hours" }, 1 },
	{ "events", { "id", "title", "description", "venue_id", "tour_id",
	    "cancelled", "created_at", "published" }, 1 },
	{ "event_hosts", { "event_id", "org_id" }, 0 },
	{ "sessions", { "id", "event_id", "title", "description", "instructor",
	    "audience", "sectors", "capacity", "ce_hours", "credit_share",
	    "eval_required", "starts_at", "ends_at", "reg_opens_at",
	    "reg_closes_at", "join_code", "cancelled", "closed",
	    "post_moderation", "month", "local_day", "taken", "ics_sequence",
	    "delivery", "credit_tolerance", "credit_partial", "qa_opens_at" },
	    1 },
	{ "registrations", { "id", "session_id", "secret_hash", "secret_box",
	    "status", "name", "email", "email_norm", "sector", "organization", "county",
	    "license", "created_at", "updated_at", "source", "checked_in_at",
	    "checked_out_at", "resent_at", "over_capacity", "reminded_at",
	    "eval_reminded_at", "lang" }, 1 },
	{ "users", { "id", "name", "pass_hash", "roles", "org_id", "disabled",
	    "created_at" }, 1 },
	{ "api_tokens", { "id", "user_id", "token_hash", "created_at",
	    "revoked_at" }, 1 },
	{ "auth_sessions", { "id", "token_hash", "user_id", "csrf",
	    "created_at", "expires_at" }, 1 },
	{ "login_failures", { "user_key", "addr_key", "at" }, 0 },
	{ "audit_log", { "id", "at", "user_id", "action", "object", "before",
	    "after" }, 1 },
	{ "outbox", { "id", "created_at", "recipient", "template", "lang",
	    "params", "subject", "body", "sent_at", "attempts",
	    "next_attempt_at", "last_error", "ics_session_id" }, 1 },
	{ "certificates", { "id", "registration_id", "code", "issued_at",
	    "name", "session", "event", "date", "venue", "city", "instructor",
	    "hours", "provider", "revoked_at", "revoked_by", "revoked_reason",
	    "license", "delivery", "times", "approvals" },
	    1 },
	{ "participants", { "id", "token_hash", "created_at" }, 1 },
	{ "questions", { "id", "session_id", "participant_id", "text", "name",
	    "status", "flags", "pinned", "votes", "created_at",
	    "updated_at" }, 1 },
	{ "votes", { "question_id", "participant_id", "created_at" }, 0 },
	{ "funder_names", { "funder", "sector", "name" }, 0 },
	{ "forms", { "id", "session_id", "kind" }, 1 },
	{ "form_items", { "id", "form_id", "position", "kind", "prompt",
	    "choices", "correct" }, 1 },
	{ "responses", { "id", "form_id", "registration_id", "submitted_at",
	    "score", "max_score" }, 1 },
	{ "answers", { "response_id", "item_id", "value" }, 0 },
	{ "change_events", { "id", "at", "topic", "payload" }, 1 },
	{ "approvals", { "id", "board", "statement" }, 1 },
	{ "session_approvals", { "session_id", "approval_id",
	    "course_number" }, 0 },
};

#define NTABLES ARRAY_LEN(tables)

/* See store_priv.h. */
char *
store_table_cols(const struct store_table *t, size_t *n)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < STORE_TABLE_COLS && t->cols[i] != NULL; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
	*n = i;
	return b.data;
}

/* s is at this program's schema, with the tables and columns above. */
static int
known_schema(struct store *s)
{
	const struct store_backend *be = s->be;
	int64_t n;
	size_t i, ncols;
	int v;

	if (be->version(s->conn, &v) == -1)
		return -1;
	if (v != be->latest()) {
		log_warn("%s: schema version %d, not this program's %d",
		    be->name, v, be->latest());
		return -1;
	}
	if (be->tables(s->conn, &n) == -1)
		return -1;
	if (n != (int64_t)NTABLES) {
		log_warn("%s: %" PRId64 " tables where convene has %zu",
		    be->name, n, NTABLES);
		return -1;
	}
	for (i = 0; i < NTABLES; i++) {
		free(store_table_cols(&tables[i], &ncols));
		if (be->columns(s->conn, tables[i].name, &n) == -1)
			return -1;
		if (n != (int64_t)ncols) {
			log_warn("%s: table %s has %" PRId64 " columns; the copy "
			    "knows %zu", be->name, tables[i].name, n, ncols);
			return -1;
		}
	}
	return 0;
}

struct copy_load {
	struct store		*to;
	struct store_load	*l;
	int64_t			 rows;
};

static int
copy_row(void *arg, const char *const *vals)
{
	struct copy_load *cl = arg;

	cl->rows++;
	return cl->to->be->load_row(cl->l, vals) == 0 ? 0 : -1;
}

/* Moves the rows of t: n of them, as from counted them. */
static int
copy_table(struct store *from, struct store *to, const struct store_table *t,
    int64_t n)
{
	struct copy_load cl = { to, NULL, 0 };
	int rc;

	if ((cl.l = to->be->load_begin(to->conn, t)) == NULL)
		return -1;
	rc = from->be->rows_out(from->conn, t, copy_row, &cl);
	if (to->be->load_end(cl.l, rc != 0) == -1 || rc != 0)
		return -1;
	if (cl.rows != n) {
		log_warn("copy: %s: read %" PRId64 " rows of %" PRId64,
		    t->name, cl.rows, n);
		return -1;
	}
	if (t->has_id && to->be->ids_past(to->conn, t) == -1)
		return -1;
	return 0;
}

/* See store.h. */
int
store_copy(struct store *from, struct store *to, FILE *out,
    const char **busy)
{
	int64_t rows[NTABLES], n;
	struct store_tx *tx = NULL;
	int reading = 0, committed, ret = STORE_ERROR;
	size_t i;

	if (busy != NULL)
		*busy = NULL;
	if (known_schema(from) == -1 || known_schema(to) == -1)
		goto out;
	if ((tx = store_tx_begin(to)) == NULL)
		goto out;
	for (i = 0; i < NTABLES; i++) {
		if (to->be->count(to->conn, &tables[i], &n) == -1)
			goto out;
		if (n > 0) {
			if (busy != NULL)
				*busy = tables[i].name;
			ret = STORE_CONFLICT;
			goto out;
		}
	}
	if (from->be->begin_read(from->conn) == -1)
		goto out;
	reading = 1;
	for (i = 0; i < NTABLES; i++)
		if (from->be->count(from->conn, &tables[i], &rows[i]) == -1)
			goto out;
	for (i = 0; i < NTABLES; i++)
		if (copy_table(from, to, &tables[i], rows[i]) == -1)
			goto out;
	/* What the commit would keep is what was read. */
	for (i = 0; i < NTABLES; i++) {
		if (to->be->count(to->conn, &tables[i], &n) == -1)
			goto out;
		if (n != rows[i]) {
			log_warn("copy: %s holds %" PRId64 " rows, not %" PRId64,
			    tables[i].name, n, rows[i]);
			goto out;
		}
	}
	committed = store_tx_commit(tx);
	tx = NULL;
	if (committed == -1)
		goto out;
	for (i = 0; out != NULL && i < NTABLES; i++)
		fprintf(out, "%s: %" PRId64 "\n", tables[i].name, rows[i]);
	ret = STORE_OK;
out:
	if (reading)
		from->be->end_read(from->conn);
	store_tx_rollback(tx);
	return ret;
}
