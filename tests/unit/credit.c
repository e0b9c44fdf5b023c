/* credit.c: the CE credit rule at its edges, and certificate codes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core.h"

/* A four-hour session from 08:30 to 12:30 (any epoch offset will do). */
#define START 1800000000LL
#define END (START + 4 * 3600)
#define MIN 60

static struct credit_rule
rule(double share, int eval, int closed)
{
	struct credit_rule r = { START, END, share, eval, closed, 4.0, 0, 0 };

	return r;
}

static void
test_full_attendance(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	assert_int_equal(core_credit(&r, START, END, 0, &m), CREDIT_MET);
	assert_int_equal(m, 240);
	/* Early arrival and late departure count only the session itself. */
	assert_int_equal(core_credit(&r, START - 30 * MIN, END + 15 * MIN, 0,
	    &m), CREDIT_MET);
	assert_int_equal(m, 240);
}

static void
test_late_and_early(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	assert_int_equal(core_credit(&r, START + 1 * MIN, END, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(m, 239);
	assert_int_equal(core_credit(&r, START, END - 20 * MIN, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(m, 220);
	/* With 90% required, 20 minutes late still earns credit... */
	r = rule(0.9, 0, 0);
	assert_int_equal(core_credit(&r, START + 20 * MIN, END, 0, &m),
	    CREDIT_MET);
	/* ...and 25 minutes does not (216 minutes are needed). */
	assert_int_equal(core_required_minutes(START, END, 0.9), 216);
	assert_int_equal(core_credit(&r, START + 25 * MIN, END, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(m, 215);
	/* 95% of 240 is exactly 228: no floating-point shortfall. */
	assert_int_equal(core_required_minutes(START, END, 0.95), 228);
}

static void
test_missing_times(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	assert_int_equal(core_credit(&r, 0, 0, 0, &m), CREDIT_NOT_CHECKED_IN);
	assert_int_equal(core_credit(&r, 0, END, 0, &m), CREDIT_NOT_CHECKED_IN);
	assert_int_equal(core_credit(&r, START, 0, 0, &m),
	    CREDIT_NOT_CHECKED_OUT);
	/* Closed by the coordinator so: no check-out means the end. */
	r = rule(1, 0, 1);
	assert_int_equal(core_credit(&r, START, 0, 0, &m), CREDIT_MET);
	assert_int_equal(m, 240);
	assert_int_equal(core_credit(&r, START + 60 * MIN, 0, 0, &m),
	    CREDIT_TOO_SHORT);
}

static void
test_out_before_in_and_outside(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	assert_int_equal(core_credit(&r, END, START, 0, &m),
	    CREDIT_OUT_BEFORE_IN);
	/* Entirely before or after the session: nothing credited. */
	assert_int_equal(core_overlap_minutes(START, END, START - 7200,
	    START - 3600), 0);
	assert_int_equal(core_overlap_minutes(START, END, END + 60, END + 7200),
	    0);
	assert_int_equal(core_credit(&r, END + 60, END + 7200, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(m, 0);
}

static void
test_evaluation_and_no_ce(void **state)
{
	struct credit_rule r = rule(1, 1, 0);
	int64_t m;

	(void)state;
	assert_int_equal(core_credit(&r, START, END, 0, &m),
	    CREDIT_EVALUATION_MISSING);
	assert_int_equal(core_credit(&r, START, END, 1, &m), CREDIT_MET);
	r.ce_hours = 0;
	assert_int_equal(core_credit(&r, START, END, 1, &m), CREDIT_NO_CE);
}

static void
test_codes(void **state)
{
	unsigned char rnd[CERT_CODE_LEN];
	char code[CERT_CODE_LEN + 2], norm[CERT_CODE_LEN + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rnd); i++)
		rnd[i] = (unsigned char)(i * 37 + 11);
	core_code_format(rnd, code);
	assert_int_equal(strlen(code), CERT_CODE_LEN + 1);
	assert_int_equal(code[5], '-');
	for (i = 0; code[i]; i++)
		if (i != 5) {
			assert_true(core_code_char_ok(code[i]));
			assert_null(strchr("01OILU", code[i]));
		}
	/* Lower case, spaces and missing dashes are forgiven. */
	assert_int_equal(core_code_normalise("abcde fghjk", norm), 0);
	assert_string_equal(norm, "ABCDE-FGHJK");
	assert_int_equal(core_code_normalise(code, norm), 0);
	assert_string_equal(norm, code);
	assert_int_equal(core_code_normalise("ABCDE-FGHJ", norm), -1);
	assert_int_equal(core_code_normalise("ABCDE-FGHJKM", norm), -1);
	assert_int_equal(core_code_normalise("ABCDE-FGHJ0", norm), -1);
	assert_int_equal(core_code_normalise("ABCDE-FGH<K", norm), -1);
}

/* A tolerance forgives minutes late or early, to the minute. */
static void
test_tolerance(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	r.tolerance = 15;
	assert_int_equal(core_credit(&r, START + 15 * MIN, END, 0, &m),
	    CREDIT_MET);
	assert_int_equal(m, 225);
	assert_int_equal(core_credit(&r, START + 10 * MIN, END - 5 * MIN, 0,
	    &m), CREDIT_MET);
	assert_int_equal(core_credit(&r, START + 16 * MIN, END, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(core_credit(&r, START + 8 * MIN, END - 8 * MIN, 0,
	    &m), CREDIT_TOO_SHORT);
	/* Full credit means all the session's hours. */
	assert_true(core_credit_hours(&r, 225) == 4.0);
	/* With a share, the tolerance comes off what the share needs. */
	r = rule(0.9, 0, 0);
	r.tolerance = 10;
	assert_int_equal(core_credit(&r, START + 34 * MIN, END, 0, &m),
	    CREDIT_MET);
	assert_int_equal(core_credit(&r, START + 35 * MIN, END, 0, &m),
	    CREDIT_TOO_SHORT);
	/* A negative tolerance is none. */
	r = rule(1, 0, 0);
	r.tolerance = -30;
	assert_int_equal(core_credit(&r, START + 1 * MIN, END, 0, &m),
	    CREDIT_TOO_SHORT);
}

/* Partial credit: one hour for each whole 60 minutes, up to the session's. */
static void
test_partial(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	int64_t m;

	(void)state;
	r.partial = 1;
	assert_int_equal(core_credit(&r, START, START + 59 * MIN, 0, &m),
	    CREDIT_TOO_SHORT);
	assert_int_equal(core_credit(&r, START, START + 60 * MIN, 0, &m),
	    CREDIT_MET);
	assert_true(core_credit_hours(&r, m) == 1.0);
	assert_int_equal(core_credit(&r, START + 30 * MIN, END, 0, &m),
	    CREDIT_MET);
	assert_int_equal(m, 210);
	assert_true(core_credit_hours(&r, m) == 3.0);
	assert_int_equal(core_credit(&r, START - 60 * MIN, END + 60 * MIN, 0,
	    &m), CREDIT_MET);
	assert_true(core_credit_hours(&r, m) == 4.0);
	/* Never more than the session carries, even if longer than its hours. */
	r.ce_hours = 2.5;
	assert_true(core_credit_hours(&r, 240) == 2.5);
	/* A tolerance counts toward the last whole hour, never past the end. */
	r.ce_hours = 4;
	r.tolerance = 15;
	assert_int_equal(core_credit(&r, START + 12 * MIN, END, 0, &m),
	    CREDIT_MET);
	assert_true(core_credit_hours(&r, m) == 4.0);
	assert_int_equal(core_credit(&r, START, START + 45 * MIN, 0, &m),
	    CREDIT_MET);
	assert_true(core_credit_hours(&r, m) == 1.0);
	assert_true(core_credit_hours(&r, 44) == 0.0);
	/* The evaluation still counts. */
	r.eval_required = 1;
	assert_int_equal(core_credit(&r, START, END, 0, &m),
	    CREDIT_EVALUATION_MISSING);
}

static void
test_rule_text(void **state)
{
	struct credit_rule r = rule(1, 0, 0);
	char t[200];

	(void)state;
	core_credit_rule_text(&r, t, sizeof(t));
	assert_string_equal(t, "The whole session");
	r = rule(0.9, 1, 0);
	r.tolerance = 15;
	core_credit_rule_text(&r, t, sizeof(t));
	assert_string_equal(t, "At least 90% of the session (15 minutes' "
	    "tolerance late or early); evaluation required");
	r = rule(1, 0, 0);
	r.partial = 1;
	core_credit_rule_text(&r, t, sizeof(t));
	assert_string_equal(t, "One CE hour for each whole 60 minutes "
	    "attended, up to 4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_attendance),
		cmocka_unit_test(test_late_and_early),
		cmocka_unit_test(test_missing_times),
		cmocka_unit_test(test_out_before_in_and_outside),
		cmocka_unit_test(test_evaluation_and_no_ce),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_rule_text),
	};

	return cmocka_run_group_tests_name("credit", tests, NULL, NULL);
}
