/* store_report.c: the numbers funders ask for, each one query over the store. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

const char *const store_report_keys[BY__MAX] = {
	"sector", "county", "month", "event", "tour", "partner",
};

static const enum stmt by_stmt[BY__MAX] = {
	[BY_SECTOR] = STMT_REPORT_SECTOR,
	[BY_COUNTY] = STMT_REPORT_COUNTY,
	[BY_MONTH] = STMT_REPORT_MONTH,
	[BY_EVENT] = STMT_REPORT_EVENT,
	[BY_TOUR] = STMT_REPORT_TOUR,
	[BY_PARTNER] = STMT_REPORT_PARTNER,
};

static struct store_q *
ranged(struct store *s, enum stmt st, const struct store_range *rg)
{
	struct store_q *q = s->be->query(s->conn, st);

	if (q == NULL)
		return NULL;
	s->be->bind_int(q, 1, rg->from);
	s->be->bind_int(q, 2, rg->to);
	s->be->bind_int(q, 3, rg->org);
	s->be->bind_int(q, 4, rg->event);
	s->be->bind_int(q, 5, rg->tour);
	return q;
}

/* Rows of (key, n) or (key, average, n) from a ranged statement. */
static int
rows(struct store *s, struct arena *a, enum stmt st,
    const struct store_range *rg, int with_value, struct store_count **out,
    size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q = ranged(s, st, rg);
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_count *c;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		c = &(*out)[(*n)++];
		c->key = store_col_dup(s, q, 0, a);
		if (c->key == NULL)
			c->key = arena_strdup(a, "unknown");
		if (with_value == 1) {
			c->value = be->col_double(q, 1);
			c->n = be->col_int(q, 2);
		} else if (with_value == 2) {
			c->value = 0;
			c->n = 0;
			c->key = arena_printf(a, "%s\t%s", c->key,
			    be->col_text(q, 1) ? be->col_text(q, 1) : "");
		} else {
			c->n = be->col_int(q, 1);
			c->attendances = be->col_int(q, 2);
		}
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_report_trained(struct store *s, struct arena *a, enum report_by by,
    const struct store_range *rg, struct store_count **out, size_t *n)
{
	return rows(s, a, by_stmt[by], rg, 0, out, n);
}

/* See store.h. */
int
store_report_totals(struct store *s, const struct store_range *rg,
    struct store_totals *t)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	memset(t, 0, sizeof(*t));
	if ((q = ranged(s, STMT_REPORT_TOTAL, rg)) == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->people = be->col_int(q, 0);
		t->attendances = be->col_int(q, 1);
	}
	be->done(q);
	if (rc != STEP_ROW || (q = ranged(s, STMT_REPORT_CE, rg)) == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->ce_hours = be->col_double(q, 0);
		t->certificates = be->col_int(q, 1);
	}
	be->done(q);
	if (rc != STEP_ROW || (q = ranged(s, STMT_REPORT_GAIN, rg)) == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->pairs = be->col_int(q, 0);
		t->pre_avg = be->col_double(q, 1);
		t->post_avg = be->col_double(q, 2);
	}
	be->done(q);
	if (rc != STEP_ROW || (q = ranged(s, STMT_REPORT_QUESTIONS, rg)) == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->questions = be->col_int(q, 0);
		t->shown = be->col_int(q, 1);
		t->askers = be->col_int(q, 2);
	}
	be->done(q);
	if (rc != STEP_ROW || (q = ranged(s, STMT_REPORT_SPLIT, rg)) == NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->training_sessions = be->col_int(q, 0);
		t->public_sessions = be->col_int(q, 1);
		t->public_attendances = be->col_int(q, 2);
	}
	be->done(q);
	if (rc != STEP_ROW || (q = ranged(s, STMT_REPORT_CONFIDENCE, rg)) ==
	    NULL)
		return STORE_ERROR;
	if ((rc = be->step(q)) == STEP_ROW) {
		t->conf_pairs = be->col_int(q, 0);
		t->conf_before = be->col_int(q, 1);
		t->conf_after = be->col_int(q, 2);
	}
	be->done(q);
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_report_scales(struct store *s, struct arena *a,
    const struct store_range *rg, struct store_count **out, size_t *n)
{
	return rows(s, a, STMT_REPORT_SCALES, rg, 1, out, n);
}

/* See store.h: each key is "prompt<TAB>comment". */
int
store_report_comments(struct store *s, struct arena *a,
    const struct store_range *rg, struct store_count **out, size_t *n)
{
	return rows(s, a, STMT_REPORT_COMMENTS, rg, 2, out, n);
}

/* See store.h. */
int
store_funder_set(struct store_tx *tx, const char *funder, int sector,
    const char *name)
{
	struct store *s = tx->s;
	struct store_q *q;

	if (sector < 0 || sector >= SECTOR__MAX)
		return STORE_ERROR;
	q = s->be->query(s->conn, name && *name ? STMT_FUNDER_SET :
	    STMT_FUNDER_DELETE);
	if (q == NULL)
		return STORE_ERROR;
	s->be->bind_text(q, 1, funder);
	s->be->bind_text(q, 2, core_sector_keys[sector]);
	if (name && *name)
		s->be->bind_text(q, 3, name);
	return store_run(tx, q, NULL);
}

/* See store.h. */
int
store_funder_names(struct store *s, struct arena *a, const char *funder,
    const char *names[SECTOR__MAX])
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;
	int k;

	for (k = 0; k < SECTOR__MAX; k++)
		names[k] = NULL;
	if ((q = be->query(s->conn, STMT_FUNDER_NAMES)) == NULL)
		return STORE_ERROR;
	be->bind_text(q, 1, funder);
	while ((rc = be->step(q)) == STEP_ROW) {
		const char *key = be->col_text(q, 0);

		if (key && (k = core_sector_parse(key)) >= 0)
			names[k] = store_col_dup(s, q, 1, a);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_funders(struct store *s, struct arena *a, char ***out, size_t *n)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	size_t cap = 0;
	enum step rc;

	*out = NULL;
	*n = 0;
	if ((q = be->query(s->conn, STMT_FUNDER_LIST)) == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = store_col_dup(s, q, 0, a);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}
