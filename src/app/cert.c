/* cert.c: the credit decision and issuing a certificate once, with the same code ever after. */
#include <string.h>

#include <sodium.h>

#include "util.h"
#include "fmt.h"
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
	return r;
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
	out->hours = ss.ce_hours;
	out->provider = e.nhosts ? e.hosts[0] : "";
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
	if (g.email && message_queue(tx, g.email, MSG_CERTIFICATE, NULL, 0,
	    j->now, "title", ss.title, "hours", fmt_hours(j->a, ss.ce_hours),
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
