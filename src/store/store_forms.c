/* store_forms.c: knowledge checks and evaluations: questions, answers saved once. */
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

const char *const store_form_keys[FORM__MAX] = { "pre", "post", "evaluation" };
const char *const store_item_keys[ITEM__MAX] = { "choice", "scale", "text" };

/* The shipped knowledge check: the same questions before and after. */
static const struct {
	const char	*prompt;
	const char	*choices;
	int		 correct;
} check[] = {
	{ "Which best describes commercial sexual exploitation?",
	    "A form of gender-based violence in which people are bought and "
	    "sold for sex\nA private transaction between consenting adults\n"
	    "A problem only of large cities\nSomething that happens only "
	    "across borders", 0 },
	{ "What drives the market for commercial sex?",
	    "People in prostitution\nBuyers who pay for sex\nTourism\n"
	    "Social media apps", 1 },
	{ "Whom does a demand-focused approach hold accountable?",
	    "The people being exploited\nHotel and motel staff\nBuyers, pimps "
	    "and traffickers\nNo one: it is only about education", 2 },
	{ "Which can be an indicator that someone is being trafficked?",
	    "They have a part-time job\nThey are quiet in public\nThey travel "
	    "for work\nSomeone else controls their money, ID or phone", 3 },
	{ "What does a victim-centred response put first?",
	    "The person's safety, choices and access to support\nA statement "
	    "for prosecution as fast as possible\nArresting everyone present\n"
	    "Avoiding referrals to services", 0 },
	/* Not scored: HHS's measure, the share highly or very highly
	 * confident, before and after (reports pair them by its prompt). */
	{ CONFIDENCE_PROMPT, "Not at all confident\nSlightly confident\n"
	    "Moderately confident\nHighly confident\nVery highly confident",
	    -1 },
};

static const char *const scales[] = {
	"The training met its objectives",
	"The content is useful in my work",
	"The presenter was knowledgeable and clear",
	"I am more confident recognising and responding to trafficking",
};

static const char *const texts[] = {
	"What will you do differently after this training?",
	"What could be improved?",
};

/* The form's id; tx not NULL: made first when it does not exist. */
static int
form_id(struct store *s, struct store_tx *tx, int64_t session_id, int kind,
    int64_t *id, int64_t *responses)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	enum step rc;

	if (tx != NULL) {
		if ((q = be->query(s->conn, STMT_FORM_INSERT)) == NULL)
			return STORE_ERROR;
		be->bind_int(q, 1, session_id);
		be->bind_text(q, 2, store_form_keys[kind]);
		if (store_run(tx, q, NULL) != STORE_OK)
			return STORE_ERROR;
	}
	if ((q = be->query(s->conn, STMT_FORM_GET)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, store_form_keys[kind]);
	if ((rc = be->step(q)) == STEP_ROW) {
		*id = be->col_int(q, 0);
		if (responses)
			*responses = be->col_int(q, 1);
	}
	be->done(q);
	if (rc == STEP_DONE)
		return STORE_NOTFOUND;
	return rc == STEP_ROW ? STORE_OK : STORE_ERROR;
}

/* See store.h. */
int
store_form_get(struct store *s, struct arena *a, int64_t session_id, int kind,
    struct store_form *out)
{
	const struct store_backend *be = s->be;
	struct store_q *q;
	size_t cap = 0;
	enum step rc;
	int ret;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if ((ret = form_id(s, NULL, session_id, kind, &out->id,
	    &out->responses)) != STORE_OK)
		return ret;
	if ((q = be->query(s->conn, STMT_FORM_ITEMS)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, out->id);
	while ((rc = be->step(q)) == STEP_ROW) {
		struct store_item_q *it;
		const char *k = be->col_text(q, 1);
		int i;

		out->items = arena_grow(a, out->items, out->nitems, &cap,
		    sizeof(*out->items));
		it = &out->items[out->nitems++];
		it->id = be->col_int(q, 0);
		it->kind = ITEM_TEXT;
		for (i = 0; k && i < ITEM__MAX; i++)
			if (strcmp(k, store_item_keys[i]) == 0)
				it->kind = i;
		it->prompt = store_col_dup(s, q, 2, a);
		it->choices = store_col_dup(s, q, 3, a);
		it->correct = (int)be->col_int(q, 4);
	}
	be->done(q);
	return rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h; the caller holds a write transaction. */
int
store_form_item_add(struct store_tx *tx, int64_t session_id, int kind,
    int item_kind, const char *prompt, const char *choices, int correct)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t id, responses = 0;
	int rc;

	if ((rc = form_id(s, tx, session_id, kind, &id, &responses)) !=
	    STORE_OK)
		return rc;
	if (responses > 0)
		return STORE_CONFLICT;	/* answers would stop matching */
	if ((q = be->query(s->conn, STMT_ITEM_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, id);
	be->bind_text(q, 2, store_item_keys[item_kind]);
	be->bind_text(q, 3, prompt);
	be->bind_text(q, 4, choices ? choices : "");
	if (correct >= 0)
		be->bind_int(q, 5, correct);
	else
		be->bind_text(q, 5, NULL);
	return store_run(tx, q, NULL);
}

/* See store.h; the caller holds a write transaction. */
int
store_form_item_delete(struct store_tx *tx, int64_t session_id, int kind,
    int64_t item_id)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t id, responses = 0, n;
	int rc;

	if ((rc = form_id(s, NULL, session_id, kind, &id, &responses)) !=
	    STORE_OK)
		return rc;
	if (responses > 0)
		return STORE_CONFLICT;
	if ((q = be->query(s->conn, STMT_ITEM_DELETE)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, item_id);
	be->bind_int(q, 2, id);
	if ((n = store_exec(tx, q, NULL)) < 0)
		return (int)n;
	return n == 0 ? STORE_NOTFOUND : STORE_OK;
}

/* See store.h; the caller holds a write transaction. */
int
store_forms_default(struct store_tx *tx, int64_t session_id)
{
	size_t i;
	int k;

	for (k = FORM_PRE; k <= FORM_POST; k++)
		for (i = 0; i < ARRAY_LEN(check); i++)
			if (store_form_item_add(tx, session_id, k, ITEM_CHOICE,
			    check[i].prompt, check[i].choices,
			    check[i].correct) != STORE_OK)
				return STORE_ERROR;
	for (i = 0; i < ARRAY_LEN(scales); i++)
		if (store_form_item_add(tx, session_id, FORM_EVALUATION,
		    ITEM_SCALE, scales[i], NULL, -1) != STORE_OK)
			return STORE_ERROR;
	for (i = 0; i < ARRAY_LEN(texts); i++)
		if (store_form_item_add(tx, session_id, FORM_EVALUATION,
		    ITEM_TEXT, texts[i], NULL, -1) != STORE_OK)
			return STORE_ERROR;
	return STORE_OK;
}

/* See store.h. */
int
store_submitted(struct store *s, int64_t session_id, int kind, int64_t reg,
    int *done, int64_t *score, int64_t *max)
{
	const struct store_backend *be = s->be;
	struct store_q *q = be->query(s->conn, STMT_RESPONSE_GET);
	enum step rc;

	*done = 0;
	if (q == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, session_id);
	be->bind_text(q, 2, store_form_keys[kind]);
	be->bind_int(q, 3, reg);
	if ((rc = be->step(q)) == STEP_ROW) {
		*done = 1;
		if (score)
			*score = be->col_int(q, 0);
		if (max)
			*max = be->col_int(q, 1);
	}
	be->done(q);
	return rc == STEP_ROW || rc == STEP_DONE ? STORE_OK : STORE_ERROR;
}

/* See store.h: the unique response makes a repeat harmless (caller's transaction). */
int
store_response_add(struct store_tx *tx, const struct store_form *f, int64_t reg,
    const char *const *values, int64_t score, int64_t max, int64_t now)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t id, n;
	size_t i;
	int rc;

	if ((q = be->query(s->conn, STMT_RESPONSE_INSERT)) == NULL)
		return STORE_ERROR;
	be->bind_int(q, 1, f->id);
	be->bind_int(q, 2, reg);
	be->bind_int(q, 3, now);
	be->bind_int(q, 4, score);
	be->bind_int(q, 5, max);
	/* ON CONFLICT DO NOTHING: answered before is no row, and the
	 * transaction goes on (PostgreSQL aborts it on a raised conflict). */
	if ((n = store_exec(tx, q, &id)) < 0)
		return n == STORE_CONFLICT ? STORE_EXISTS : (int)n;
	if (n == 0)
		return STORE_EXISTS;
	for (i = 0; i < f->nitems; i++) {
		if ((q = be->query(s->conn, STMT_ANSWER_INSERT)) == NULL)
			return STORE_ERROR;
		be->bind_int(q, 1, id);
		be->bind_int(q, 2, f->items[i].id);
		be->bind_text(q, 3, values[i] ? values[i] : "");
		if ((rc = store_run(tx, q, NULL)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}
