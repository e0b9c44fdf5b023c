/* app.c: running an action's transaction, who may change what, the audit log and change events. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

const struct actor app_anonymous = { ACTOR_ANONYMOUS, 0, 0, 0, 0 };
const struct actor app_system = { ACTOR_SYSTEM, 0, 0, 0, 0 };

/* See app.h. */
int
app_run(struct app *app, int (*fn)(struct store_tx *, void *), void *arg)
{
	return app_run_key(app, 0, fn, arg);
}

/* See app.h. */
int
app_run_key(struct app *app, int64_t key,
    int (*fn)(struct store_tx *, void *), void *arg)
{
	if (app->pool != NULL)
		return store_pool_write_key(app->pool, key, fn, arg);
	/* As the pool's writers do: a transaction another got in the way
	 * of runs again, a few times. */
	return store_write_tries(app->store, fn, arg, STORE_WRITE_TRIES,
	    NULL);
}

/* See app.h. */
void
app_run_key_then(struct app *app, int64_t key,
    int (*send)(struct store_tx *, void *),
    int (*fn)(struct store_tx *, void *), void *arg,
    void (*then)(void *, int))
{
	if (app->pool == NULL)
		then(arg, app_run_key(app, key, fn, arg));
	else if (store_pool_write_then(app->pool, key, send, fn, arg,
	    then) != STORE_OK)
		then(arg, STORE_ERROR);
}

/* See app.h. */
int64_t
app_now(struct app *app)
{
	return app->now ? app->now() : now_utc();
}

/* See app.h. */
int
app_may_event(struct store *s, const struct actor *who, int64_t event_id)
{
	if (who->kind == ACTOR_SYSTEM)
		return 1;
	if (who->kind != ACTOR_STAFF)
		return 0;
	if (who->roles & ROLE_BIT(ROLE_COORDINATOR))
		return 1;
	if (!(who->roles & ROLE_BIT(ROLE_PARTNER)) || who->org_id == 0)
		return 0;
	return store_event_hosted_by(s, event_id, who->org_id);
}

/* See app.h. */
int
app_may_session(struct store *s, struct arena *a, const struct actor *who,
    int64_t session_id)
{
	struct store_session ss;
	int rc = store_session_get(s, a, session_id, &ss);

	if (rc == STORE_NOTFOUND)
		return -2;
	return rc == STORE_OK ? app_may_event(s, who, ss.event_id) : -1;
}

/* See app.h. */
int
app_may_registration(struct store *s, struct arena *a,
    const struct actor *who, int64_t reg_id)
{
	struct store_registration g;
	int rc = store_registration_get(s, a, reg_id, &g);

	if (rc == STORE_NOTFOUND)
		return -2;
	return rc == STORE_OK ? app_may_session(s, a, who, g.session_id) : -1;
}

/* See app_priv.h. */
int
app_permit(int may)
{
	switch (may) {
	case 1:
		return STORE_OK;
	case 0:
		return APP_FORBIDDEN;
	case -2:
		return STORE_NOTFOUND;
	default:
		return STORE_ERROR;
	}
}

/* See app.h. */
int
app_audit(struct store_tx *tx, const struct actor *who, const char *action,
    const char *object, const char *before, const char *after, int64_t now)
{
	return store_audit_add(tx, who->kind == ACTOR_STAFF ? who->user_id : 0,
	    action, object, before, after, now);
}

/* See app_priv.h. */
int
app_change(struct store_tx *tx, int64_t now, const char *topic,
    const char *fmt, ...)
{
	char payload[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(payload, sizeof(payload), fmt, ap);
	va_end(ap);
	/* Q&A changes are on screens now; pages can wait a second. */
	return store_change_add(tx, topic, payload,
	    strcmp(topic, "question") == 0, now, NULL);
}

static int
ready_work(struct store_tx *tx, void *arg)
{
	(void)arg;
	return store_setting_touch(tx, "csrf_key");
}

/* See app.h. */
int
app_ready(struct app *app)
{
	return app_run(app, ready_work, NULL);
}

struct key_job {
	struct arena	*a;
	const char	*name, *fresh;
	char		*value;
};

static int
key_work(struct store_tx *tx, void *arg)
{
	struct key_job *j = arg;
	int rc;

	/* Whoever is first keeps theirs; every node reads the same key. */
	if ((rc = store_setting_add(tx, j->name, j->fresh)) != STORE_OK)
		return rc;
	return store_setting_get(store_tx_store(tx), j->a, j->name, &j->value);
}

/* See app.h. */
int
app_key(struct app *app, struct arena *a, const char *name, const char *fresh,
    char **value)
{
	struct key_job j = { a, name, fresh, NULL };
	int rc = app_run(app, key_work, &j);

	*value = j.value;
	return rc;
}
