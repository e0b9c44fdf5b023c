/* store_cert.c: issuing a certificate when the credit rule is met, keeping its code. */
#include <string.h>

#include <sodium.h>

#include "util.h"
#include "fmt.h"
#include "core.h"
#include "store.h"
#include "store_priv.h"

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

/* See store.h. */
enum credit
store_credit(struct store *s, const struct store_session *ss,
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

/* See store.h. */
int
store_certificate_issue(struct store *s, struct arena *a, int64_t reg_id,
    int64_t now, struct store_certificate *out, int *issued)
{
	struct store_registration g;
	struct store_session ss;
	struct store_event e;
	unsigned char rnd[CERT_CODE_LEN];
	char code[CERT_CODE_LEN + 2];
	int64_t minutes;
	int rc, tries;

	*issued = 0;
	if (s->be->begin_write(s->conn) == -1)
		return STORE_ERROR;
	if ((rc = store_certificate_by_registration(s, a, reg_id, out)) !=
	    STORE_NOTFOUND)
		goto out;	/* issued before, or a failure: the code stays */
	if ((rc = store_registration_get(s, a, reg_id, &g)) != STORE_OK ||
	    (rc = store_session_get(s, a, g.session_id, &ss)) != STORE_OK ||
	    (rc = store_event_get(s, a, ss.event_id, &e)) != STORE_OK)
		goto out;
	if (store_credit(s, &ss, &g, now, &minutes) != CREDIT_MET) {
		rc = STORE_CLOSED;
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->registration_id = reg_id;
	out->issued_at = now;
	out->name = g.name ? g.name : "";
	out->session = ss.title;
	out->event = e.title;
	out->date = (char *)fmt_day(a, e.time_zone, ss.starts_at);
	out->venue = e.venue;
	out->city = arena_printf(a, "%s, %s", e.city, e.state);
	out->instructor = ss.instructor;
	out->hours = ss.ce_hours;
	out->provider = e.nhosts ? e.hosts[0] : "";
	for (tries = 0; tries < 5; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		core_code_format(rnd, code);
		out->code = arena_strdup(a, code);
		if ((rc = store_certificate_add(s, out)) != STORE_CONFLICT)
			break;
	}
	if (rc == STORE_OK) {
		*issued = 1;
		if (g.email && (rc = store_outbox_add(s, g.email,
		    arena_printf(a, "Your certificate: %s", ss.title),
		    arena_printf(a, "Your certificate of attendance for \"%s\" "
		    "(%s CE hours) is ready. Download it from your ticket: "
		    "{site}/tickets/%s\nVerification code: %s\n", ss.title,
		    fmt_hours(a, ss.ce_hours), g.secret, out->code), now)) !=
		    STORE_OK)
			goto out;
	}
out:
	if (rc == STORE_OK) {
		if (s->be->commit(s->conn) == -1)
			rc = STORE_ERROR;
	} else
		s->be->rollback(s->conn);
	return rc;
}
