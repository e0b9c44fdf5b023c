/* provider.c: who issues the certificates: the provider's name and the boards' approval statements a session prints. */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"
#include "image.h"

#define PROVIDER_KEY	"provider_name"

/* 1 when s is text of 1 to max characters on one line (or lines). */
static int
text_ok(const char *s, size_t max, int lines)
{
	return s != NULL && *s != '\0' && utf8_valid(s, strlen(s)) &&
	    text_clean(s, lines) && utf8_chars(s) <= max;
}

/* See app.h. */
const char *
app_provider(struct store *s, struct arena *a, const struct store_event *e)
{
	char *name = NULL;

	if (store_setting_get(s, a, PROVIDER_KEY, &name) == STORE_OK &&
	    name != NULL && *name != '\0')
		return name;
	return e != NULL && e->nhosts ? e->hosts[0] : "";
}

struct provider_job {
	const struct actor	*who;
	struct arena		*a;
	const char		*name;
	int64_t			 now;
};

static int
provider_work(struct store_tx *tx, void *arg)
{
	struct provider_job *j = arg;
	struct store *s = store_tx_store(tx);
	char *before = NULL;
	int rc;

	if (store_setting_get(s, j->a, PROVIDER_KEY, &before) != STORE_OK)
		before = NULL;
	if ((rc = store_setting_set(tx, PROVIDER_KEY, j->name)) != STORE_OK)
		return rc;
	/* Every page's header names the provider: cached pages go. */
	if ((rc = app_change(tx, j->now, "provider", "{}")) != STORE_OK)
		return rc;
	return app_audit(tx, j->who, "provider.name", "provider",
	    app_json_text(j->a, json_pack("{s:s?}", "name", before)),
	    app_json_text(j->a, json_pack("{s:s}", "name", j->name)), j->now);
}

/* See app.h. */
int
app_provider_set(struct app *app, const struct actor *who, struct arena *a,
    const char *name)
{
	struct provider_job j = { who, a, name, app_now(app) };

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (!text_ok(name, 160, 0))
		return STORE_CONFLICT;
	return app_run(app, provider_work, &j);
}

struct approval_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, now;
	const char		*board, *statement;
};

static int
approval_work(struct store_tx *tx, void *arg)
{
	struct approval_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_approval *v;
	const char *before = NULL;
	size_t n, i;
	int rc;

	if (j->id) {
		if ((rc = store_approvals(s, j->a, 0, 0, &v, &n)) != STORE_OK)
			return rc;
		for (i = 0; i < n && v[i].id != j->id; i++)
			;
		if (i == n)
			return STORE_NOTFOUND;
		before = app_json_text(j->a, json_pack("{s:s, s:s}", "board",
		    v[i].board, "statement", v[i].statement));
	}
	if ((rc = store_approval_save(tx, j->id, j->board, j->statement,
	    &j->id)) != STORE_OK)
		return rc;
	return app_audit(tx, j->who, before ? "approval.edit" : "approval.add",
	    app_json_text(j->a, json_pack("{s:I}", "approval",
	    (json_int_t)j->id)), before, app_json_text(j->a, json_pack(
	    "{s:s, s:s}", "board", j->board, "statement", j->statement)),
	    j->now);
}

/* See app.h. */
int
app_approval_save(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, const char *board, const char *statement, int64_t *out)
{
	struct approval_job j = { who, a, id, app_now(app), board, statement };
	int rc;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (!text_ok(board, 120, 0) || !text_ok(statement, 1000, 1))
		return STORE_CONFLICT;
	rc = app_run(app, approval_work, &j);
	if (out)
		*out = j.id;
	return rc;
}

struct choice_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 session_id, now;
	const int64_t		*ids;
	const char *const	*numbers;
	size_t			 n;
};

/* The statements a session prints, as JSON text for the audit log. */
static const char *
chosen_text(struct store *s, struct arena *a, int64_t session_id)
{
	struct store_approval *v;
	json_t *list = json_array();
	size_t n, i;

	if (store_approvals(s, a, session_id, 1, &v, &n) == STORE_OK)
		for (i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I, s:s}",
			    "approval", (json_int_t)v[i].id, "course_number",
			    v[i].course_number));
	return app_json_text(a, list);
}

static int
choice_work(struct store_tx *tx, void *arg)
{
	struct choice_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_approval *v;
	const char *before;
	size_t n, i, k;
	int rc;

	if ((rc = app_permit(app_may_session(s, j->a, j->who,
	    j->session_id))) != STORE_OK)
		return rc;
	if ((rc = store_approvals(s, j->a, 0, 0, &v, &n)) != STORE_OK)
		return rc;
	for (i = 0; i < j->n; i++) {
		for (k = 0; k < n && v[k].id != j->ids[i]; k++)
			;
		if (k == n)
			return STORE_NOTFOUND;
		for (k = 0; k < i; k++)
			if (j->ids[k] == j->ids[i])
				return STORE_CONFLICT;
	}
	before = chosen_text(s, j->a, j->session_id);
	if ((rc = store_session_approvals_set(tx, j->session_id, j->ids,
	    j->numbers, j->n)) != STORE_OK)
		return rc;
	return app_audit(tx, j->who, "session.approvals", app_json_text(j->a,
	    json_pack("{s:I}", "session", (json_int_t)j->session_id)), before,
	    chosen_text(s, j->a, j->session_id), j->now);
}

/* See app.h. */
int
app_session_approvals(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, const int64_t *ids,
    const char *const *numbers, size_t n)
{
	struct choice_job j = { who, a, session_id, app_now(app), ids, numbers,
	    n };
	size_t i;

	if (!IS_STAFF(who))
		return APP_FORBIDDEN;
	for (i = 0; i < n; i++)
		if (numbers[i] && *numbers[i] && !text_ok(numbers[i], 60, 0))
			return STORE_CONFLICT;
	return app_run(app, choice_work, &j);
}

/* See app.h. */
char *
app_statement(struct arena *a, const char *statement, const char *provider)
{
	static const char mark[] = "[Provider]";
	struct buf b;
	const char *p, *q;
	char *out;

	buf_init(&b, 0);
	for (p = statement; (q = strstr(p, mark)) != NULL;
	    p = q + sizeof(mark) - 1) {
		buf_append(&b, p, (size_t)(q - p));
		buf_puts(&b, provider);
	}
	buf_puts(&b, p);
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

#define LOGO_KEY	"logo"
#define LOGO_TYPE_KEY	"logo_type"

/* See app.h. */
int
app_logo(struct store *s, struct arena *a, unsigned char **data, size_t *len,
    const char **type)
{
	char *b64 = NULL, *t = NULL;
	size_t max;

	*data = NULL;
	*len = 0;
	*type = NULL;
	if (store_setting_get(s, a, LOGO_TYPE_KEY, &t) != STORE_OK || t == NULL ||
	    *t == '\0')
		return STORE_NOTFOUND;
	if (store_setting_get(s, a, LOGO_KEY, &b64) != STORE_OK || b64 == NULL)
		return STORE_ERROR;
	max = strlen(b64) / 4 * 3 + 3;
	*data = arena_alloc(a, max);
	if (sodium_base642bin(*data, max, b64, strlen(b64), NULL, len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return STORE_ERROR;
	*type = t;
	return STORE_OK;
}

struct logo_job {
	const struct actor	*who;
	struct arena		*a;
	const char		*b64, *type;
	int			 w, h;
	size_t			 len;
	int64_t			 now;
};

static int
logo_work(struct store_tx *tx, void *arg)
{
	struct logo_job *j = arg;
	int rc;

	if ((rc = store_setting_set(tx, LOGO_KEY, j->b64)) != STORE_OK ||
	    (rc = store_setting_set(tx, LOGO_TYPE_KEY, j->type)) != STORE_OK ||
	    (rc = app_change(tx, j->now, "provider", "{}")) != STORE_OK)
		return rc;
	return app_audit(tx, j->who, *j->type ? "provider.logo" :
	    "provider.logo_removed", "provider", NULL, *j->type ?
	    app_json_text(j->a, json_pack("{s:s, s:I, s:i, s:i}", "type",
	    j->type, "bytes", (json_int_t)j->len, "width", j->w, "height",
	    j->h)) : NULL, j->now);
}

/* See app.h. */
int
app_logo_set(struct app *app, const struct actor *who, struct arena *a,
    const unsigned char *data, size_t len)
{
	struct logo_job j = { who, a, "", "", 0, 0, len, app_now(app) };
	size_t n;
	char *b64;

	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	if (len > 0) {
		if (len > IMAGE_MAX)
			return STORE_LIMIT;
		/* Only what decodes as a PNG or JPEG is kept. */
		if ((j.type = image_check(data, len, &j.w, &j.h)) == NULL)
			return STORE_CONFLICT;
		n = sodium_base64_ENCODED_LEN(len,
		    sodium_base64_VARIANT_ORIGINAL);
		b64 = arena_alloc(a, n);
		sodium_bin2base64(b64, n, data, len,
		    sodium_base64_VARIANT_ORIGINAL);
		j.b64 = b64;
	}
	return app_run(app, logo_work, &j);
}
