/* notify.c: messages nobody asks for at the moment they go: the day-before and evaluation reminders, and a lost ticket's link. */
#include <string.h>

#include "util.h"
#include "fmt.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"
#include "message.h"

#define RESEND_SECONDS	600	/* as a repeated registration's re-send */

struct remind_job {
	struct arena	*a;
	int64_t		 now;
	size_t		 sent;
};

/*
 * Queues one kind of reminder for every registration due. Each is marked
 * by a conditional write before its message is queued, in the same
 * transaction: whichever node gets there first sends it, the others find
 * it marked and send nothing.
 */
static int
remind_kind(struct store_tx *tx, struct remind_job *j, enum store_remind k)
{
	struct store *s = store_tx_store(tx);
	struct store_registration g;
	struct store_session ss;
	int64_t *ids, minutes;
	size_t n, i;
	int rc;

	if ((rc = store_remind_due(s, j->a, k, j->now, &ids, &n)) != STORE_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = store_registration_get(s, j->a, ids[i], &g)) !=
		    STORE_OK || (rc = store_session_get(s, j->a, g.session_id,
		    &ss)) != STORE_OK)
			return rc;
		/* Only when the evaluation is all the certificate waits on. */
		if (k == REMIND_EVALUATION && app_credit(s, &ss, &g, j->now,
		    &minutes) != CREDIT_EVALUATION_MISSING)
			continue;
		if ((rc = store_reg_reminded(tx, k, g.id, j->now)) < 0)
			return STORE_ERROR;
		if (rc == 0 || g.email == NULL)
			continue;
		if (k == REMIND_DAY_BEFORE)
			rc = message_queue(tx, g.email, MSG_REMINDER, g.lang,
			    ss.id, j->now, "title", ss.title, "event",
			    ss.event_title, "start", app_num(j->a, ss.starts_at),
			    "end", app_num(j->a, ss.ends_at), "tz",
			    ss.time_zone, "venue", ss.venue, "city", ss.city,
			    "secret", g.secret, (char *)NULL);
		else
			rc = message_queue(tx, g.email, MSG_EVAL_REMINDER, g.lang,
			    0, j->now, "title", ss.title, "hours",
			    fmt_hours(j->a, app_credit_hours(&ss, minutes)),
			    "secret", g.secret, (char *)NULL);
		if (rc != STORE_OK)
			return STORE_ERROR;
		j->sent++;
	}
	return STORE_OK;
}

static int
remind_work(struct store_tx *tx, void *arg)
{
	struct remind_job *j = arg;
	int rc;

	j->sent = 0;
	if ((rc = remind_kind(tx, j, REMIND_DAY_BEFORE)) != STORE_OK)
		return rc;
	return remind_kind(tx, j, REMIND_EVALUATION);
}

/* See app.h. */
int
app_reminders(struct app *app, size_t *sent)
{
	struct remind_job j = { arena_new(), app_now(app), 0 };
	int rc = app_run(app, remind_work, &j);

	arena_free(j.a);
	*sent = rc == STORE_OK ? j.sent : 0;
	return rc;
}

struct lost_job {
	struct arena	*a;
	int64_t		 session_id, now;
	const char	*email;
};

static int
lost_work(struct store_tx *tx, void *arg)
{
	struct lost_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_registration g;
	struct store_session ss;
	char *norm;
	int rc;

	if ((rc = store_session_brief(s, j->a, j->session_id, &ss)) !=
	    STORE_OK)
		return rc;
	norm = arena_strdup(j->a, j->email);
	str_lower(norm);
	rc = store_reg_by_email(s, j->a, ss.id, norm, &g);
	if (rc == STORE_NOTFOUND)
		return STORE_OK;	/* answered as if it were there */
	if (rc != STORE_OK)
		return rc;
	if (g.status == STATUS_CANCELLED || g.email == NULL)
		return STORE_OK;
	/* At most once per ten minutes per registration, as a repeated
	 * registration's re-send: no mailbox is flooded. */
	if ((rc = store_reg_resend(tx, g.id, j->now, j->now -
	    RESEND_SECONDS)) < 0)
		return STORE_ERROR;
	if (rc == 0)
		return STORE_OK;
	return message_queue(tx, g.email, MSG_TICKET_LOST, g.lang, 0, j->now,
	    "title", ss.title, "event", ss.event_title, "start",
	    app_num(j->a, ss.starts_at), "end", app_num(j->a, ss.ends_at),
	    "tz", ss.time_zone, "secret", g.secret, (char *)NULL);
}

/* See app.h. */
int
app_ticket_request(struct app *app, struct arena *a, int64_t session_id,
    const char *email)
{
	struct lost_job j = { a, session_id, app_now(app), email };

	if (email == NULL || *email == '\0' || strlen(email) > 254 ||
	    strchr(email, '@') == NULL || !utf8_valid(email, strlen(email)) ||
	    !text_clean(email, 0))
		return STORE_CONFLICT;
	return app_run(app, lost_work, &j);
}
