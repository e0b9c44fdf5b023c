/* revoke.c: a coordinator withdraws an issued certificate, with a reason, for good. */
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"

struct revoke_job {
	const struct actor		*who;
	struct arena			*a;
	const char			*code, *reason;
	int64_t				 now;
	struct store_certificate	*out;
};

static int
revoke_work(struct store_tx *tx, void *arg)
{
	struct revoke_job *j = arg;
	struct store *s = store_tx_store(tx);
	int rc;

	if ((rc = store_certificate_by_code(s, j->a, j->code, j->out)) !=
	    STORE_OK)
		return rc;
	if (j->out->revoked_at)
		return STORE_EXISTS;
	if ((rc = store_certificate_revoke(tx, j->out->id, j->who->kind ==
	    ACTOR_STAFF ? j->who->user_id : 0, j->reason, j->now)) < 0)
		return rc;
	if (rc == 0)
		return STORE_EXISTS;	/* another request got there first */
	j->out->revoked_at = j->now;
	j->out->revoked_reason = arena_strdup(j->a, j->reason);
	if ((rc = app_audit(tx, j->who, "certificate.revoke",
	    arena_printf(j->a, "certificate %s", j->code),
	    app_json_text(j->a, json_pack("{s:b}", "revoked", 0)),
	    app_json_text(j->a, json_pack("{s:b, s:s, s:I}", "revoked", 1,
	    "reason", j->reason, "registration_id",
	    (json_int_t)j->out->registration_id)), j->now)) != STORE_OK)
		return rc;
	return app_change(tx, j->now, "certificate", "{\"registration_id\":"
	    "%lld,\"revoked\":true}", (long long)j->out->registration_id);
}

/* See app.h. */
int
app_certificate_revoke(struct app *app, const struct actor *who,
    struct arena *a, const char *code, const char *reason,
    struct store_certificate *out)
{
	struct revoke_job j = { who, a, code, reason, app_now(app), out };
	size_t len = reason ? strlen(reason) : 0;

	memset(out, 0, sizeof(*out));
	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (len == 0 || len > APP_REASON_MAX || !utf8_valid(reason, len) ||
	    !text_clean(reason, 1))
		return STORE_CLOSED;
	return app_run(app, revoke_work, &j);
}
