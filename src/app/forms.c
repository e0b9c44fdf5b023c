/* forms.c: answers to knowledge checks and evaluations, their questions, and tours' travel gaps. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

struct form_job {
	const struct actor	*who;
	const struct store_form	*f;
	const char *const	*values;
	const char		*prompt, *choices;
	int64_t			 id, reg, score, max, now;
	int			 kind, item_kind, correct;
};

static int
response_work(struct store_tx *tx, void *arg)
{
	struct form_job *j = arg;
	int rc = store_response_add(tx, j->f, j->reg, j->values, j->score,
	    j->max, j->now);

	if (rc != STORE_OK)
		return rc;
	return app_change(tx, j->now, "response", "{\"registration_id\":%lld}",
	    (long long)j->reg);
}

/* See app.h. */
int
app_response(struct app *app, const struct store_form *f, int64_t reg,
    const char *const *values, int64_t score, int64_t max)
{
	struct form_job j;

	memset(&j, 0, sizeof(j));
	j.f = f;
	j.reg = reg;
	j.values = values;
	j.score = score;
	j.max = max;
	j.now = app_now(app);
	return app_run(app, response_work, &j);
}

static int
item_add_work(struct store_tx *tx, void *arg)
{
	struct form_job *j = arg;
	struct arena *a = arena_new();
	int rc;

	if ((rc = app_permit(app_may_session(store_tx_store(tx), a, j->who,
	    j->id))) == STORE_OK &&
	    (rc = store_form_item_add(tx, j->id, j->kind, j->item_kind,
	    j->prompt, j->choices, j->correct)) == STORE_OK)
		rc = app_audit(tx, j->who, "form.add", arena_printf(a,
		    "session %lld %s", (long long)j->id,
		    store_form_keys[j->kind]), NULL, j->prompt, j->now);
	arena_free(a);
	return rc;
}

/* See app.h. */
int
app_form_item_add(struct app *app, const struct actor *who,
    int64_t session_id, int kind, int item_kind, const char *prompt,
    const char *choices, int correct)
{
	struct form_job j;

	memset(&j, 0, sizeof(j));
	j.who = who;
	j.id = session_id;
	j.kind = kind;
	j.item_kind = item_kind;
	j.prompt = prompt;
	j.choices = choices;
	j.correct = correct;
	j.now = app_now(app);
	return app_run(app, item_add_work, &j);
}

static int
item_delete_work(struct store_tx *tx, void *arg)
{
	struct form_job *j = arg;
	struct arena *a = arena_new();
	int rc;

	if ((rc = app_permit(app_may_session(store_tx_store(tx), a, j->who,
	    j->id))) == STORE_OK &&
	    (rc = store_form_item_delete(tx, j->id, j->kind, j->reg)) ==
	    STORE_OK)
		rc = app_audit(tx, j->who, "form.remove", arena_printf(a,
		    "session %lld %s", (long long)j->id,
		    store_form_keys[j->kind]), arena_printf(a, "%lld",
		    (long long)j->reg), NULL, j->now);
	arena_free(a);
	return rc;
}

/* See app.h. */
int
app_form_item_delete(struct app *app, const struct actor *who,
    int64_t session_id, int kind, int64_t item_id)
{
	struct form_job j;

	memset(&j, 0, sizeof(j));
	j.who = who;
	j.id = session_id;
	j.kind = kind;
	j.reg = item_id;
	j.now = app_now(app);
	return app_run(app, item_delete_work, &j);
}

static int
gap_work(struct store_tx *tx, void *arg)
{
	struct form_job *j = arg;
	struct arena *a = arena_new();
	int rc;

	if ((rc = store_tour_gap(tx, j->id, j->score)) == STORE_OK)
		rc = app_audit(tx, j->who, "tour.gap", arena_printf(a,
		    "tour %lld", (long long)j->id), NULL, arena_printf(a,
		    "%lld hours", (long long)j->score), j->now);
	arena_free(a);
	return rc;
}

/* See app.h. */
int
app_tour_gap(struct app *app, const struct actor *who, int64_t tour,
    int64_t hours)
{
	struct form_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.id = tour;
	j.score = hours;
	j.now = app_now(app);
	return app_run(app, gap_work, &j);
}
