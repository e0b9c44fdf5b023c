/* credit.c: continuing-education credit from check-in and check-out times. */
#include <stdio.h>

#include "i18n.h"
#include "core.h"
#include "i18n.h"

const char *const core_credit_reasons[CREDIT__MAX] = {
	[CREDIT_MET] = N_("Credit earned"),
	[CREDIT_NOT_CHECKED_IN] = N_("Not checked in"),
	[CREDIT_NOT_CHECKED_OUT] = N_("Not checked out"),
	[CREDIT_OUT_BEFORE_IN] = N_("Checked out before checking in"),
	[CREDIT_TOO_SHORT] = N_("Attended less than the session requires"),
	[CREDIT_EVALUATION_MISSING] = N_("Evaluation not completed"),
	[CREDIT_NO_CE] = N_("This session carries no CE hours"),
	[CREDIT_NOT_ENDED] = N_("The session has not ended yet"),
	[CREDIT_NOT_CONFIRMED] = N_("The registration is not confirmed"),
};

const char *const core_credit_keys[CREDIT__MAX] = {
	[CREDIT_MET] = "met",
	[CREDIT_NOT_CHECKED_IN] = "not_checked_in",
	[CREDIT_NOT_CHECKED_OUT] = "not_checked_out",
	[CREDIT_OUT_BEFORE_IN] = "out_before_in",
	[CREDIT_TOO_SHORT] = "too_short",
	[CREDIT_EVALUATION_MISSING] = "evaluation_missing",
	[CREDIT_NO_CE] = "no_ce",
	[CREDIT_NOT_ENDED] = "not_ended",
	[CREDIT_NOT_CONFIRMED] = "not_confirmed",
};

const char *const core_credit_short[CREDIT__MAX] = {
	[CREDIT_MET] = N_("Earned"),
	[CREDIT_NOT_CHECKED_IN] = N_("Not in"),
	[CREDIT_NOT_CHECKED_OUT] = N_("No out"),
	[CREDIT_OUT_BEFORE_IN] = N_("Times?"),
	[CREDIT_TOO_SHORT] = N_("Short"),
	[CREDIT_EVALUATION_MISSING] = N_("No eval."),
	[CREDIT_NO_CE] = "",
	[CREDIT_NOT_ENDED] = "",
	[CREDIT_NOT_CONFIRMED] = "",
};

/* Minutes of [in, out] that fall inside [starts, ends]; never negative. */
int64_t
core_overlap_minutes(int64_t starts, int64_t ends, int64_t in, int64_t out)
{
	int64_t from = in > starts ? in : starts;
	int64_t to = out < ends ? out : ends;

	return to > from ? (to - from) / 60 : 0;
}

/* Minutes needed: the share of the session's length, rounded up. */
int64_t
core_required_minutes(int64_t starts, int64_t ends, double share)
{
	int64_t length = ends > starts ? (ends - starts) / 60 : 0;
	int64_t need;

	if (share <= 0 || share > 1)
		share = 1;
	/* Integer percent avoids 0.95 * 240 landing a hair under 228. */
	need = (length * (int64_t)(share * 100 + 0.5) + 99) / 100;
	return need;
}

/* The rule's tolerance in minutes: never negative, never a whole day. */
static int64_t
tolerance(const struct credit_rule *rule)
{
	if (rule->tolerance <= 0)
		return 0;
	return rule->tolerance > 1440 ? 1440 : rule->tolerance;
}

/* See core.h. */
double
core_credit_hours(const struct credit_rule *rule, int64_t minutes)
{
	int64_t length = rule->ends > rule->starts ?
	    (rule->ends - rule->starts) / 60 : 0;
	int64_t m = minutes + tolerance(rule);
	double h;

	if (!rule->partial)
		return rule->ce_hours;
	if (m > length)
		m = length;
	h = (double)(m / 60);
	return h < rule->ce_hours ? h : rule->ce_hours;
}

/* See core.h. */
void
core_credit_rule_text(const struct credit_rule *rule, char *out,
    size_t outsz)
{
	long long m = tolerance(rule);
	int pct = (int)((rule->share <= 0 || rule->share > 1 ? 1 :
	    rule->share) * 100 + 0.5), ev = rule->eval_required;
	double h = rule->ce_hours;

	/* Whole sentences for translators: rule, tolerance, evaluation. */
	if (rule->partial && m > 0 && ev)
		snprintf(out, outsz, NG_("One CE hour for each whole 60 "
		    "minutes attended, up to %g (%lld minute's tolerance late "
		    "or early); evaluation required", "One CE hour for each "
		    "whole 60 minutes attended, up to %g (%lld minutes' "
		    "tolerance late or early); evaluation required", m), h, m);
	else if (rule->partial && m > 0)
		snprintf(out, outsz, NG_("One CE hour for each whole 60 "
		    "minutes attended, up to %g (%lld minute's tolerance late "
		    "or early)", "One CE hour for each whole 60 minutes "
		    "attended, up to %g (%lld minutes' tolerance late or "
		    "early)", m), h, m);
	else if (rule->partial && ev)
		snprintf(out, outsz, _("One CE hour for each whole 60 minutes "
		    "attended, up to %g; evaluation required"), h);
	else if (rule->partial)
		snprintf(out, outsz, _("One CE hour for each whole 60 minutes "
		    "attended, up to %g"), h);
	else if (pct >= 100 && m > 0 && ev)
		snprintf(out, outsz, NG_("The whole session (%lld minute's "
		    "tolerance late or early); evaluation required", "The "
		    "whole session (%lld minutes' tolerance late or early); "
		    "evaluation required", m), m);
	else if (pct >= 100 && m > 0)
		snprintf(out, outsz, NG_("The whole session (%lld minute's "
		    "tolerance late or early)", "The whole session (%lld "
		    "minutes' tolerance late or early)", m), m);
	else if (pct >= 100 && ev)
		snprintf(out, outsz, "%s", _("The whole session; evaluation "
		    "required"));
	else if (pct >= 100)
		snprintf(out, outsz, "%s", _("The whole session"));
	else if (m > 0 && ev)
		snprintf(out, outsz, NG_("At least %d%% of the session (%lld "
		    "minute's tolerance late or early); evaluation required",
		    "At least %d%% of the session (%lld minutes' tolerance "
		    "late or early); evaluation required", m), pct, m);
	else if (m > 0)
		snprintf(out, outsz, NG_("At least %d%% of the session (%lld "
		    "minute's tolerance late or early)", "At least %d%% of the "
		    "session (%lld minutes' tolerance late or early)", m), pct,
		    m);
	else if (ev)
		snprintf(out, outsz, _("At least %d%% of the session; "
		    "evaluation required"), pct);
	else
		snprintf(out, outsz, _("At least %d%% of the session"), pct);
}

/* See core.h. */
enum credit
core_credit(const struct credit_rule *rule, int64_t in, int64_t out,
    int evaluated, int64_t *minutes)
{
	*minutes = 0;
	if (rule->ce_hours <= 0)
		return CREDIT_NO_CE;
	if (in == 0)
		return CREDIT_NOT_CHECKED_IN;
	if (out == 0) {
		/* Only a coordinator's close turns "no check-out" into the end. */
		if (!rule->closed_at_end)
			return CREDIT_NOT_CHECKED_OUT;
		out = rule->ends;
	}
	if (out < in)
		return CREDIT_OUT_BEFORE_IN;
	*minutes = core_overlap_minutes(rule->starts, rule->ends, in, out);
	if (rule->partial) {
		/* At least one whole contact hour. */
		if (*minutes + tolerance(rule) < 60)
			return CREDIT_TOO_SHORT;
	} else if (*minutes + tolerance(rule) <
	    core_required_minutes(rule->starts, rule->ends, rule->share))
		return CREDIT_TOO_SHORT;
	if (rule->eval_required && !evaluated)
		return CREDIT_EVALUATION_MISSING;
	return CREDIT_MET;
}

/* Crockford-like alphabet without 0 O 1 I L U: nothing to misread aloud. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

/* See core.h. */
int
core_code_char_ok(char c)
{
	const char *p;

	for (p = code_alphabet; *p; p++)
		if (*p == c)
			return 1;
	return 0;
}

/* See core.h. */
void
core_code_format(const unsigned char *random, char out[CERT_CODE_LEN + 2])
{
	int i, j = 0;

	for (i = 0; i < CERT_CODE_LEN; i++) {
		if (i == CERT_CODE_LEN / 2)
			out[j++] = '-';
		out[j++] = code_alphabet[random[i] % (sizeof(code_alphabet) - 1)];
	}
	out[j] = '\0';
}

/* See core.h. */
int
core_code_normalise(const char *in, char out[CERT_CODE_LEN + 2])
{
	int n = 0, j = 0;
	char c;

	for (; *in; in++) {
		c = *in;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!core_code_char_ok(c) || n == CERT_CODE_LEN)
			return -1;
		if (n == CERT_CODE_LEN / 2)
			out[j++] = '-';
		out[j++] = c;
		n++;
	}
	out[j] = '\0';
	return n == CERT_CODE_LEN ? 0 : -1;
}
