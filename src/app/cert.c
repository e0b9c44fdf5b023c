/* cert.c: the credit decision and issuing a certificate once, with the same code ever after. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "fmt.h"
#include "i18n.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"
#include "message.h"

/* The rule of a session, from its stored settings. */
static struct credit_rule
rule_of(const struct store_session *ss)
{
	struct credit_rule r;

	r.starts = ss->starts_at;
	r.ends = ss->ends_at;
	r.share = ss->credit_share;
	r.eval_required = ss->eval_required;
	r.closed_at_end = ss->closed == CLOSE_AT_END;
	r.ce_hours = ss->ce_hours;
	r.tolerance = ss->credit_tolerance;
	r.partial = ss->credit_partial;
	return r;
}

/* See app.h. */
double
app_credit_hours(const struct store_session *ss, int64_t minutes)
{
	struct credit_rule rule = rule_of(ss);

	return core_credit_hours(&rule, minutes);
}

/* See app.h. */
const char *
app_credit_rule_text(struct arena *a, const struct store_session *ss)
{
	struct credit_rule rule = rule_of(ss);
	char t[256];

	core_credit_rule_text(&rule, t, sizeof(t));
	return arena_strdup(a, t);
}

/* See app.h. */
const char *
app_delivery_name(const char *key)
{
	return key && strcmp(key, "live_online") == 0 ? N_("Live online") :
	    N_("In person");
}

/* The statements a session prints, with the provider named, as JSON. */
static char *
approvals_json(struct store *s, struct arena *a, int64_t session_id,
    const char *provider)
{
	struct store_approval *v;
	json_t *list = json_array();
	size_t n, i;
	char *text, *out;

	if (store_approvals(s, a, session_id, 1, &v, &n) != STORE_OK) {
		json_decref(list);
		return NULL;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
		    "board", v[i].board, "statement", app_statement(a,
		    v[i].statement, provider), "course_number",
		    v[i].course_number));
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	out = text ? arena_strdup(a, text) : NULL;
	free(text);
	return out;
}

/* See app.h. */
enum credit
app_credit(struct store *s, const struct store_session *ss,
    const struct store_registration *g, int64_t now, int64_t *minutes)
{
	struct credit_rule rule = rule_of(ss);
	int evaluated = 0;

	*minutes = 0;
	if (g->status != STATUS_CONFIRMED)
		return CREDIT_NOT_CONFIRMED;
	if (now < ss->ends_at)
		return CREDIT_NOT_ENDED;
	if (ss->eval_required && store_submitted(s, ss->id, FORM_EVALUATION,
	    g->id, &evaluated, NULL, NULL) != STORE_OK)
		evaluated = 0;
	return core_credit(&rule, g->checked_in_at, g->checked_out_at,
	    evaluated, minutes);
}

struct cert_job {
	struct arena			*a;
	int64_t				 reg_id, now;
	struct store_certificate	*out;
	int				 issued;
};

static int
certify_work(struct store_tx *tx, void *arg)
{
	struct cert_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_certificate *out = j->out;
	struct store_registration g;
	struct store_session ss;
	struct store_event e;
	unsigned char rnd[CERT_CODE_LEN];
	char code[CERT_CODE_LEN + 2];
	int64_t minutes;
	int rc, tries;

	if ((rc = store_certificate_by_registration(s, j->a, j->reg_id, out)) !=
	    STORE_NOTFOUND)
		return rc;	/* issued before, or a failure: the code stays */
	if ((rc = store_registration_get(s, j->a, j->reg_id, &g)) != STORE_OK ||
	    (rc = store_session_get(s, j->a, g.session_id, &ss)) != STORE_OK ||
	    (rc = store_event_get(s, j->a, ss.event_id, &e)) != STORE_OK)
		return rc;
	if (app_credit(s, &ss, &g, j->now, &minutes) != CREDIT_MET)
		return STORE_CLOSED;
	memset(out, 0, sizeof(*out));
	out->registration_id = j->reg_id;
	out->issued_at = j->now;
	out->name = g.name ? g.name : "";
	out->session = ss.title;
	out->event = e.title;
	out->date = (char *)fmt_day(j->a, e.time_zone, ss.starts_at);
	out->venue = e.venue;
	out->city = arena_printf(j->a, "%s, %s", e.city, e.state);
	out->instructor = ss.instructor;
	out->hours = app_credit_hours(&ss, minutes);
	out->provider = (char *)app_provider(s, j->a, &e);
	out->license = g.license && *g.license ? g.license : NULL;
	out->delivery = ss.delivery ? ss.delivery : "in_person";
	out->times = (char *)fmt_when(j->a, e.time_zone, ss.starts_at,
	    ss.ends_at);
	if ((out->approvals = approvals_json(s, j->a, ss.id,
	    out->provider)) == NULL)
		return STORE_ERROR;
	for (tries = 0; tries < 5; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		core_code_format(rnd, code);
		out->code = arena_strdup(j->a, code);
		if ((rc = store_certificate_add(tx, out)) != STORE_CONFLICT)
			break;
	}
	if (rc != STORE_OK)
		return rc;
	j->issued = 1;
	if (g.email && message_queue(tx, g.email, MSG_CERTIFICATE, g.lang, 0,
	    j->now, "title", ss.title, "hours", fmt_hours(j->a, out->hours),
	    "secret", g.secret, "code", out->code, (char *)NULL) != STORE_OK)
		return STORE_ERROR;
	return app_change(tx, j->now, "certificate", "{\"registration_id\":"
	    "%lld}", (long long)j->reg_id);
}

/* See app.h. */
int
app_certify(struct app *app, struct arena *a, int64_t reg_id,
    struct store_certificate *out, int *issued)
{
	struct cert_job j = { a, reg_id, app_now(app), out, 0 };
	int rc = app_run(app, certify_work, &j);

	*issued = rc == STORE_OK && j.issued;
	return rc;
}

struct session_cert_job {
	const struct actor		*who;
	struct arena			*a;
	int64_t				 session_id, now;
	struct app_certify_result	*out;
};

static int
certify_session_work(struct store_tx *tx, void *arg)
{
	struct session_cert_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct app_certify_result *out = j->out;
	struct store_registration *g;
	struct store_session ss;
	struct store_certificate c;
	size_t n, i;
	int64_t minutes;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_session_get(s, j->a, j->session_id, &ss)) != STORE_OK ||
	    (rc = store_roster(s, j->a, ss.id, "confirmed", NULL, NULL, &g,
	    &n)) != STORE_OK)
		return rc;
	out->people = arena_alloc(j->a, (n ? n : 1) * sizeof(*out->people));
	for (i = 0; i < n; i++) {
		struct app_certified *p = &out->people[out->n++];
		struct cert_job cj = { j->a, g[i].id, j->now, &c, 0 };

		memset(p, 0, sizeof(*p));
		p->registration_id = g[i].id;
		p->name = g[i].name ? g[i].name : "(no name)";
		p->why = app_credit(s, &ss, &g[i], j->now, &minutes);
		if (p->why != CREDIT_MET) {
			out->nshort++;
			continue;
		}
		if ((rc = certify_work(tx, &cj)) != STORE_OK)
			return rc;
		p->code = c.code;
		p->hours = c.hours;
		p->fresh = cj.issued;
		if (cj.issued)
			out->issued++;
		else
			out->before++;
	}
	if (out->issued == 0)
		return STORE_OK;
	return app_audit(tx, j->who, "session.certify", app_json_text(j->a,
	    json_pack("{s:I}", "session", (json_int_t)ss.id)), NULL,
	    app_json_text(j->a, json_pack("{s:I, s:I, s:I}", "issued",
	    (json_int_t)out->issued, "issued_before", (json_int_t)out->before,
	    "short", (json_int_t)out->nshort)), j->now);
}

/* See app.h. */
int
app_certify_session(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, struct app_certify_result *out)
{
	struct session_cert_job j = { who, a, session_id, app_now(app), out };

	memset(out, 0, sizeof(*out));
	if (!HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	return app_run(app, certify_session_work, &j);
}
