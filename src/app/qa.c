/* qa.c: the live Q&A: participants, questions, votes and moderation, with their limits. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

/* Only ids and states: a waiting question's words never gain a copy. */
static int
question_changed(struct store_tx *tx, int64_t now, int64_t id,
    int64_t session_id)
{
	return app_change(tx, now, "question", "{\"id\":%lld,\"session_id\":"
	    "%lld}", (long long)id, (long long)session_id);
}

struct qa_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, session_id, now;
	const char		*text, *name, *hash;
	int			 status, act, counted;
	unsigned		 flags;
	struct store_question	*out;
};

static int
participant_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;

	return store_participant_add(tx, j->hash, j->now, &j->id);
}

/* See app.h. */
int
app_participant(struct app *app, const char *token_hash, int64_t *id)
{
	struct qa_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	j.hash = token_hash;
	j.now = app_now(app);
	rc = app_run(app, participant_work, &j);
	*id = j.id;
	return rc;
}

static int
ask_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_session ss;
	int64_t recent = 0, id;
	int rc;

	if ((rc = store_session_brief(s, j->a, j->session_id, &ss)) !=
	    STORE_OK)
		return rc;
	/* Questions are welcome from the opening time (an hour before, unless
	 * set) until an hour after the session. */
	if (ss.audience != AUDIENCE_PUBLIC || ss.join_code == NULL ||
	    ss.cancelled || ss.event_cancelled || core_qa_window(ss.starts_at,
	    ss.ends_at, ss.qa_opens_at, j->now) == QA_WINDOW_OVER)
		return STORE_CLOSED;
	if (core_qa_window(ss.starts_at, ss.ends_at, ss.qa_opens_at, j->now) ==
	    QA_WINDOW_NOT_YET)
		return APP_NOT_YET;
	if (store_questions_since(s, j->who->participant_id, j->now - 600,
	    &recent) != STORE_OK)
		return STORE_ERROR;
	if (recent >= QUESTIONS_PER_10_MIN)
		return STORE_LIMIT;
	if ((rc = store_question_add(tx, j->session_id,
	    j->who->participant_id, j->text, j->name, j->status, j->flags,
	    j->now, &id)) != STORE_OK)
		return rc;
	if ((rc = store_question_get(s, j->a, id, j->out)) != STORE_OK)
		return rc;
	return question_changed(tx, j->now, id, j->session_id);
}

/* See app.h. */
int
app_ask(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const char *text, const char *name, int status,
    unsigned flags, struct store_question *out)
{
	struct qa_job j;

	if (who->kind != ACTOR_PARTICIPANT && who->kind != ACTOR_SYSTEM)
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.session_id = session_id;
	j.text = text;
	j.name = name;
	j.status = status;
	j.flags = flags;
	j.out = out;
	j.now = app_now(app);
	return app_run(app, ask_work, &j);
}

static int
vote_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_question q;
	int64_t recent = 0;
	int rc;

	if ((rc = store_question_get(s, j->a, j->id, &q)) != STORE_OK)
		return rc;
	if (!core_question_visible(q.status))
		return STORE_NOTFOUND;
	if (q.status != QUESTION_APPROVED)
		return STORE_CONFLICT;
	if (store_votes_since(s, j->who->participant_id, j->now - 60,
	    &recent) != STORE_OK)
		return STORE_ERROR;
	if (recent >= VOTES_PER_MINUTE)
		return STORE_LIMIT;
	if ((rc = store_vote(tx, j->id, j->who->participant_id, j->now,
	    &j->counted)) != STORE_OK)
		return rc;
	return j->counted ? question_changed(tx, j->now, q.id, q.session_id) :
	    STORE_OK;
}

/* See app.h. */
int
app_vote(struct app *app, const struct actor *who, struct arena *a,
    int64_t question_id, int *counted)
{
	struct qa_job j;
	int rc;

	*counted = 0;
	if (who->kind != ACTOR_PARTICIPANT)
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = question_id;
	j.now = app_now(app);
	rc = app_run(app, vote_work, &j);
	*counted = rc == STORE_OK && j.counted;
	return rc;
}

static int
withdraw_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store_question q;
	int rc;

	if ((rc = store_question_get(store_tx_store(tx), j->a, j->id, &q)) !=
	    STORE_OK)
		return rc;
	if ((rc = store_question_withdraw(tx, j->id, j->who->participant_id,
	    j->now)) < 0)
		return rc;
	if (rc == 0)
		return STORE_NOTFOUND;	/* not theirs: as if there were none */
	return question_changed(tx, j->now, q.id, q.session_id);
}

/* See app.h. */
int
app_withdraw(struct app *app, const struct actor *who, struct arena *a,
    int64_t question_id)
{
	struct qa_job j;

	if (who->kind != ACTOR_PARTICIPANT || who->participant_id <= 0)
		return STORE_NOTFOUND;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = question_id;
	j.now = app_now(app);
	return app_run(app, withdraw_work, &j);
}

static int
moderate_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_question *q = j->out, *all;
	enum question_status to;
	const char *before;
	int64_t pinned_before = 0;
	size_t n, i;
	int pinned, rc;

	if ((rc = store_question_get(s, j->a, j->id, q)) != STORE_OK)
		return rc;
	if (j->act == MODERATE_PIN && store_questions(s, j->a, q->session_id,
	    ORDER_ALL, &all, &n) == STORE_OK)
		for (i = 0; i < n; i++)
			if (all[i].pinned)
				pinned_before = all[i].id;
	if (core_moderate(q->status, (enum moderation)j->act, &to) == -1)
		return STORE_CONFLICT;
	if (j->act == MODERATE_EDIT && (j->text == NULL ||
	    !utf8_valid(j->text, strlen(j->text)) || !text_clean(j->text, 0) ||
	    !core_question_text_ok(j->text, utf8_chars(j->text))))
		return STORE_CLOSED;	/* the caller says: bad text */
	pinned = j->act == MODERATE_PIN ? 1 : j->act == MODERATE_UNPIN ? 0 :
	    to == QUESTION_APPROVED ? q->pinned : 0;
	before = arena_printf(j->a, "%s%s", core_question_keys[q->status],
	    q->pinned ? ", pinned" : "");
	if ((rc = store_question_update(tx, j->id, (int)to,
	    j->act == MODERATE_EDIT ? j->text : q->text, pinned, j->now)) !=
	    STORE_OK)
		return rc;
	/* The audit keeps the action, never the asker. */
	if ((rc = app_audit(tx, j->who, arena_printf(j->a, "question.%s",
	    core_moderation_keys[j->act]), arena_printf(j->a, "question %lld",
	    (long long)j->id), before, arena_printf(j->a, "%s%s",
	    core_question_keys[to], pinned ? ", pinned" : ""), j->now)) !=
	    STORE_OK)
		return rc;
	if ((rc = question_changed(tx, j->now, j->id, q->session_id)) !=
	    STORE_OK)
		return rc;
	/* Pinning one unpinned another: the room must see that too. */
	if (j->act == MODERATE_PIN && pinned_before != 0 &&
	    pinned_before != j->id &&
	    (rc = question_changed(tx, j->now, pinned_before,
	    q->session_id)) != STORE_OK)
		return rc;
	return store_question_get(s, j->a, j->id, q);
}

/* See app.h. */
int
app_moderate(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, int act, const char *text, struct store_question *out)
{
	struct qa_job j;

	if (!HAS_ROLE(who, ROLE_MODERATOR) && !HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (act < 0 || act >= MODERATE__MAX)
		return STORE_CONFLICT;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = id;
	j.act = act;
	j.text = text;
	j.out = out;
	j.now = app_now(app);
	return app_run(app, moderate_work, &j);
}

static int
mode_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store_session ss;
	int rc;

	if ((rc = store_session_get(store_tx_store(tx), j->a, j->session_id,
	    &ss)) != STORE_OK)
		return rc;
	if ((rc = store_session_moderation(tx, j->session_id, j->status)) !=
	    STORE_OK)
		return rc;
	if ((rc = app_audit(tx, j->who, "session.moderation",
	    arena_printf(j->a, "session %lld", (long long)j->session_id),
	    ss.post_moderation ? "post" : "pre", j->status ? "post" : "pre",
	    j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "session", "{\"id\":%lld}",
	    (long long)j->session_id);
}

/* See app.h. */
int
app_qa_mode(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, int post)
{
	struct qa_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.session_id = session_id;
	j.status = post ? 1 : 0;
	j.now = app_now(app);
	return app_run(app, mode_work, &j);
}

static int
opens_work(struct store_tx *tx, void *arg)
{
	struct qa_job *j = arg;
	struct store_session ss;
	int rc;

	if ((rc = store_session_get(store_tx_store(tx), j->a, j->session_id,
	    &ss)) != STORE_OK)
		return rc;
	if (ss.audience != AUDIENCE_PUBLIC || ss.join_code == NULL)
		return STORE_NOTFOUND;
	/* Opening after the Q&A is over would be a Q&A that never opens. */
	if (j->id > 0 && j->id > ss.ends_at)
		return STORE_CONFLICT;
	if ((rc = store_session_qa_opens(tx, j->session_id, j->id)) !=
	    STORE_OK)
		return rc;
	if ((rc = app_audit(tx, j->who, "session.qa_opens",
	    arena_printf(j->a, "session %lld", (long long)j->session_id),
	    arena_printf(j->a, "%lld", (long long)core_qa_opens_at(
	    ss.starts_at, ss.qa_opens_at)), arena_printf(j->a, "%lld",
	    (long long)core_qa_opens_at(ss.starts_at, j->id)), j->now)) !=
	    STORE_OK)
		return rc;
	return app_change(tx, j->now, "session", "{\"id\":%lld}",
	    (long long)j->session_id);
}

/* See app.h. */
int
app_qa_opens(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, int64_t at)
{
	struct qa_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.session_id = session_id;
	j.id = at > 0 ? at : 0;
	j.now = app_now(app);
	return app_run(app, opens_work, &j);
}
