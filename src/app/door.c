/* door.c: check-in and check-out at the door, corrections and closing a session. */
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

struct door_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, in, out, at, now;
	int			 mode, changed;
	const char		*reason;
};

static int door_check(struct store *s, struct arena *a,
    const struct actor *who, int64_t session_id, int64_t at, int64_t now);

static int
check_work(struct store_tx *tx, void *arg)
{
	struct door_job *j = arg;
	struct store_registration g;
	struct arena *a = arena_new();
	int rc;

	/* Judged inside the transaction: the state cannot move under it. */
	if ((rc = store_registration_get(store_tx_store(tx), a, j->id, &g)) !=
	    STORE_OK)
		goto out;
	if ((rc = door_check(store_tx_store(tx), a, j->who, g.session_id,
	    j->at, j->now)) != STORE_OK)
		goto out;
	rc = STORE_CONFLICT;
	if (j->in ? g.status != STATUS_CONFIRMED : g.checked_in_at == 0)
		goto out;
	rc = j->in ? store_check_in(tx, g.id, j->at, j->now, &j->changed) :
	    store_check_out(tx, g.id, j->at, j->now, &j->changed);
	if (rc == STORE_OK && j->changed)
		rc = app_audit(tx, j->who, j->in ? "registration.check_in" :
		    "registration.check_out", arena_printf(a,
		    "registration %lld", (long long)g.id), NULL,
		    app_json_text(a, json_pack("{s:I}", "at",
		    (json_int_t)j->at)), j->now);
	if (rc == STORE_OK && j->changed)
		rc = app_change(tx, j->now, "attendance", "{\"id\":%lld,"
		    "\"session_id\":%lld,\"in\":%d}", (long long)g.id,
		    (long long)g.session_id, j->in ? 1 : 0);
out:
	arena_free(a);
	return rc;
}

/* See app_priv.h. */
int
app_door_judge(const struct actor *who, const struct store_session *ss,
    int64_t at, int64_t now)
{
	/* The demo and the command line record history as the system. */
	if (who->kind == ACTOR_SYSTEM)
		return STORE_OK;
	if (!core_door_open(ss->starts_at, ss->ends_at, now))
		return APP_DOOR_CLOSED;
	if (!core_door_time_ok(ss->starts_at, ss->ends_at, at, now))
		return APP_BAD_TIME;
	return STORE_OK;
}

/* The session's door, for a check-in or check-out at time at. */
static int
door_check(struct store *s, struct arena *a, const struct actor *who,
    int64_t session_id, int64_t at, int64_t now)
{
	struct store_session ss;
	int rc;

	if ((rc = store_session_brief(s, a, session_id, &ss)) != STORE_OK)
		return rc;
	return app_door_judge(who, &ss, at, now);
}

/* See app.h. */
int
app_check(struct app *app, const struct actor *who, int64_t reg_id, int in,
    int64_t at, int *changed)
{
	struct door_job j;
	int rc;

	*changed = 0;
	if (!HAS_ROLE(who, ROLE_DOOR) && !HAS_ROLE(who, ROLE_COORDINATOR) &&
	    !HAS_ROLE(who, ROLE_PARTNER))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.id = reg_id;
	j.in = in;
	j.at = at;
	j.now = app_now(app);
	rc = app_run(app, check_work, &j);
	*changed = j.changed;
	return rc;
}

static int
times_work(struct store_tx *tx, void *arg)
{
	struct door_job *j = arg;
	struct store_registration g;
	const char *before, *after;
	int rc;

	if ((rc = store_registration_get(store_tx_store(tx), j->a, j->id,
	    &g)) != STORE_OK)
		return rc;
	before = app_json_text(j->a, json_pack("{s:I, s:I}", "checked_in_at",
	    (json_int_t)g.checked_in_at, "checked_out_at",
	    (json_int_t)g.checked_out_at));
	after = app_json_text(j->a, json_pack("{s:I, s:I, s:s}",
	    "checked_in_at", (json_int_t)j->in, "checked_out_at",
	    (json_int_t)j->out, "reason", j->reason));
	if ((rc = store_set_times(tx, j->id, j->in, j->out, j->now)) !=
	    STORE_OK)
		return rc;
	if ((rc = app_audit(tx, j->who, "registration.times",
	    arena_printf(j->a, "registration %lld", (long long)j->id), before,
	    after, j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "attendance", "{\"id\":%lld,"
	    "\"session_id\":%lld}", (long long)g.id, (long long)g.session_id);
}

/* See app.h. */
int
app_set_times(struct app *app, const struct actor *who, struct arena *a,
    int64_t reg_id, int64_t in, int64_t out, const char *reason)
{
	struct door_job j;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = reg_id;
	j.in = in;
	j.out = out;
	j.reason = reason;
	j.now = app_now(app);
	return app_run(app, times_work, &j);
}

static int
close_work(struct store_tx *tx, void *arg)
{
	struct door_job *j = arg;
	struct store *s = store_tx_store(tx);
	const char *before;
	int rc;

	if ((rc = app_permit(app_may_session(s, j->a, j->who, j->id))) !=
	    STORE_OK)
		return rc;
	before = app_session_text(s, j->a, j->id);
	if ((rc = store_session_close(tx, j->id, j->mode)) != STORE_OK)
		return rc;
	if ((rc = app_audit(tx, j->who, "session.close", arena_printf(j->a,
	    "session %lld", (long long)j->id), before, app_json_text(j->a,
	    json_pack("{s:i}", "closed", j->mode)), j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "session", "{\"id\":%lld}",
	    (long long)j->id);
}

/* See app.h. */
int
app_session_close(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, int mode)
{
	struct door_job j;

	memset(&j, 0, sizeof(j));
	j.who = who;
	j.a = a;
	j.id = session_id;
	j.mode = mode;
	j.now = app_now(app);
	return app_run(app, close_work, &j);
}
