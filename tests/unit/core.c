/* core.c: unit tests for the domain rules in src/core (capacity, waitlist, registration window, sectors, email). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core.h"
#include "tz.h"
#include "i18n.h"

/* ---- core_reg_decide ---- */

static void
test_decide_unlimited(void **state)
{
	(void)state;
	assert_int_equal(core_reg_decide(-1, 0), STATUS_CONFIRMED);
	assert_int_equal(core_reg_decide(-1, 1000000), STATUS_CONFIRMED);
}

static void
test_decide_capacity(void **state)
{
	(void)state;
	/* Below capacity: confirmed. */
	assert_int_equal(core_reg_decide(10, 0), STATUS_CONFIRMED);
	assert_int_equal(core_reg_decide(10, 9), STATUS_CONFIRMED);
	/* At capacity: the next one waits. */
	assert_int_equal(core_reg_decide(10, 10), STATUS_WAITLISTED);
	/* Above capacity (capacity lowered after the fact). */
	assert_int_equal(core_reg_decide(10, 11), STATUS_WAITLISTED);
}

static void
test_decide_capacity_zero(void **state)
{
	(void)state;
	/* Zero means no places, not unlimited. */
	assert_int_equal(core_reg_decide(0, 0), STATUS_WAITLISTED);
	assert_int_equal(core_reg_decide(1, 0), STATUS_CONFIRMED);
	assert_int_equal(core_reg_decide(1, 1), STATUS_WAITLISTED);
}

/* ---- core_promotions ---- */

static void
test_promotions_no_waitlist(void **state)
{
	(void)state;
	assert_int_equal(core_promotions(10, 3, 0), 0);
	assert_int_equal(core_promotions(-1, 3, 0), 0);
	assert_int_equal(core_promotions(10, 3, -1), 0);
}

static void
test_promotions_limited(void **state)
{
	(void)state;
	/* 2 free places, 5 waiting: promote 2. */
	assert_int_equal(core_promotions(10, 8, 5), 2);
	/* 7 free places, 3 waiting: promote all 3. */
	assert_int_equal(core_promotions(10, 3, 3), 3);
	/* Exactly as many free as waiting. */
	assert_int_equal(core_promotions(10, 6, 4), 4);
	/* Full: nobody moves. */
	assert_int_equal(core_promotions(10, 10, 4), 0);
}

static void
test_promotions_unlimited(void **state)
{
	(void)state;
	assert_int_equal(core_promotions(-1, 50, 7), 7);
	assert_int_equal(core_promotions(-1, 0, 1), 1);
}

static void
test_promotions_overfull(void **state)
{
	(void)state;
	/* Capacity lowered below the confirmed count. */
	assert_int_equal(core_promotions(5, 8, 3), 0);
	assert_int_equal(core_promotions(0, 2, 3), 0);
}

/* ---- core_places_left ---- */

static void
test_places_left(void **state)
{
	(void)state;
	assert_int_equal(core_places_left(-1, 0), -1);
	assert_int_equal(core_places_left(-1, 99), -1);
	assert_int_equal(core_places_left(10, 0), 10);
	assert_int_equal(core_places_left(10, 7), 3);
	assert_int_equal(core_places_left(10, 10), 0);
	assert_int_equal(core_places_left(10, 12), 0);
	assert_int_equal(core_places_left(0, 0), 0);
}

/* ---- core_reg_state ---- */

#define OPENS	1000
#define START	5000

static void
test_state_before_opens(void **state)
{
	(void)state;
	assert_int_equal(core_reg_state(OPENS - 1, OPENS, 0, START, 0),
	    REG_NOT_YET);
	assert_int_equal(core_reg_state(0, OPENS, 0, START, 0), REG_NOT_YET);
}

static void
test_state_opens_boundary(void **state)
{
	(void)state;
	/* Open from the opening second itself. */
	assert_int_equal(core_reg_state(OPENS, OPENS, 0, START, 0), REG_OPEN);
	assert_int_equal(core_reg_state(OPENS + 1, OPENS, 0, START, 0),
	    REG_OPEN);
}

static void
test_state_open_until_start(void **state)
{
	(void)state;
	assert_int_equal(core_reg_state(START - 1, OPENS, 0, START, 0),
	    REG_OPEN);
	/* closes_at 0: closes when the session starts. */
	assert_int_equal(core_reg_state(START, OPENS, 0, START, 0),
	    REG_CLOSED);
	assert_int_equal(core_reg_state(START + 3600, OPENS, 0, START, 0),
	    REG_CLOSED);
}

static void
test_state_explicit_close(void **state)
{
	(void)state;
	/* closes_at before the start wins over the start. */
	assert_int_equal(core_reg_state(3999, OPENS, 4000, START, 0),
	    REG_OPEN);
	assert_int_equal(core_reg_state(4000, OPENS, 4000, START, 0),
	    REG_CLOSED);
	assert_int_equal(core_reg_state(4500, OPENS, 4000, START, 0),
	    REG_CLOSED);
}

static void
test_state_cancelled(void **state)
{
	(void)state;
	/* Cancelled is closed whatever the clock says. */
	assert_int_equal(core_reg_state(2000, OPENS, 0, START, 1), REG_CLOSED);
	assert_int_equal(core_reg_state(OPENS - 1, OPENS, 0, START, 1),
	    REG_CLOSED);
	assert_int_equal(core_reg_state(2000, 0, 0, START, 1), REG_CLOSED);
}

static void
test_state_opens_zero(void **state)
{
	(void)state;
	/* opens_at 0: open from the beginning of time. */
	assert_int_equal(core_reg_state(1, 0, 0, START, 0), REG_OPEN);
	assert_int_equal(core_reg_state(START - 1, 0, 0, START, 0), REG_OPEN);
	assert_int_equal(core_reg_state(START, 0, 0, START, 0), REG_CLOSED);
}

/* ---- sectors ---- */

static void
test_sector_parse(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < SECTOR__MAX; i++)
		assert_int_equal(core_sector_parse(core_sector_keys[i]), i);
	assert_int_equal(core_sector_parse("medical"), SECTOR_MEDICAL);
	assert_int_equal(core_sector_parse("law_enforcement"),
	    SECTOR_LAW_ENFORCEMENT);
	assert_int_equal(core_sector_parse(""), -1);
	assert_int_equal(core_sector_parse("Medical"), -1);
	assert_int_equal(core_sector_parse("medical "), -1);
	assert_int_equal(core_sector_parse("astronaut"), -1);
}

static void
test_sectors_parse_valid(void **state)
{
	unsigned mask = 0xdead;

	(void)state;
	assert_int_equal(core_sectors_parse("medical", &mask), 0);
	assert_int_equal(mask, 1u << SECTOR_MEDICAL);

	assert_int_equal(core_sectors_parse("medical,legal,other", &mask), 0);
	assert_int_equal(mask, (1u << SECTOR_MEDICAL) | (1u << SECTOR_LEGAL) |
	    (1u << SECTOR_OTHER));

	/* A repeated key is harmless. */
	assert_int_equal(core_sectors_parse("legal,legal", &mask), 0);
	assert_int_equal(mask, 1u << SECTOR_LEGAL);

	/* The empty list is the empty set (and resets the mask). */
	mask = 0xdead;
	assert_int_equal(core_sectors_parse("", &mask), 0);
	assert_int_equal(mask, 0);
}

static void
test_sectors_parse_all(void **state)
{
	unsigned mask;

	(void)state;
	assert_int_equal(core_sectors_parse("law_enforcement,medical,"
	    "social_services,education,legal,faith_community,other", &mask), 0);
	assert_int_equal(mask, (1u << SECTOR__MAX) - 1);
}

static void
test_sectors_parse_unknown(void **state)
{
	unsigned mask;

	(void)state;
	assert_int_equal(core_sectors_parse("medical,astronaut", &mask), -1);
	assert_int_equal(core_sectors_parse("astronaut", &mask), -1);
	/* No white space around keys. */
	assert_int_equal(core_sectors_parse("medical, legal", &mask), -1);
	/* A key longer than any buffer must not overflow. */
	assert_int_equal(core_sectors_parse(
	    "medical,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    &mask), -1);
}

static void
test_sectors_parse_empty_element(void **state)
{
	unsigned mask;

	(void)state;
	assert_int_equal(core_sectors_parse("medical,,legal", &mask), -1);
	assert_int_equal(core_sectors_parse(",,", &mask), -1);
	assert_int_equal(core_sectors_parse(",", &mask), -1);
	assert_int_equal(core_sectors_parse(",medical", &mask), -1);
	assert_int_equal(core_sectors_parse("medical,,", &mask), -1);
}

static void
test_sectors_parse_trailing_comma(void **state)
{
	unsigned mask = 0;

	(void)state;
	/* A trailing comma names nothing, like an empty element. */
	assert_int_equal(core_sectors_parse("medical,", &mask), -1);
	assert_int_equal(core_sectors_parse(",medical", &mask), -1);
}

/* ---- audience and status keys ---- */

static void
test_audience_status_parse(void **state)
{
	(void)state;
	assert_int_equal(core_audience_parse("public"), AUDIENCE_PUBLIC);
	assert_int_equal(core_audience_parse("professional"),
	    AUDIENCE_PROFESSIONAL);
	assert_int_equal(core_audience_parse("private"), -1);
	assert_int_equal(core_status_parse("confirmed"), STATUS_CONFIRMED);
	assert_int_equal(core_status_parse("waitlisted"), STATUS_WAITLISTED);
	assert_int_equal(core_status_parse("cancelled"), STATUS_CANCELLED);
	assert_int_equal(core_status_parse("canceled"), -1);
}

/* ---- core_email_valid ---- */

static void
test_email_good(void **state)
{
	(void)state;
	assert_true(core_email_valid("name@example.org"));
	assert_true(core_email_valid("a@b.co"));
	assert_true(core_email_valid("first.last+tag@sub.example.co.uk"));
	assert_true(core_email_valid("o'brien@example.ie"));
	assert_true(core_email_valid("x_y-z@ex-ample.com"));
}

static void
test_email_bad_at(void **state)
{
	(void)state;
	assert_false(core_email_valid(""));
	assert_false(core_email_valid("name.example.org"));
	assert_false(core_email_valid("a@b@example.org"));
	assert_false(core_email_valid("@example.org"));
	assert_false(core_email_valid("name@"));
}

static void
test_email_bad_domain(void **state)
{
	(void)state;
	assert_false(core_email_valid("name@localhost"));
	assert_false(core_email_valid("name@.org"));
	assert_false(core_email_valid("a@.example.com"));
	assert_false(core_email_valid("a@b..c"));
	assert_false(core_email_valid("name@example."));
	assert_false(core_email_valid("name@example.org."));
	assert_false(core_email_valid("name@-example.org"));
}

static void
test_email_bad_chars(void **state)
{
	(void)state;
	assert_false(core_email_valid("na me@example.org"));
	assert_false(core_email_valid(" name@example.org"));
	assert_false(core_email_valid("name@example.org "));
	assert_false(core_email_valid("name@exa mple.org"));
	assert_false(core_email_valid("name\t@example.org"));
	assert_false(core_email_valid("<name@example.org>"));
	assert_false(core_email_valid("a,b@example.org"));
	assert_false(core_email_valid("a\"b@example.org"));
	assert_false(core_email_valid("a\x7f@example.org"));
}

static void
test_email_length(void **state)
{
	char s[300];

	(void)state;
	/* Local part: 64 allowed, 65 not. */
	memset(s, 'a', 64);
	strcpy(s + 64, "@example.org");
	assert_true(core_email_valid(s));
	memset(s, 'a', 65);
	strcpy(s + 65, "@example.org");
	assert_false(core_email_valid(s));

	/* Whole address: 254 allowed, 255 not. */
	memset(s, 'b', sizeof(s));
	memcpy(s, "a@", 2);
	memcpy(s + 250, ".org", 5);	/* length 254 */
	assert_int_equal(strlen(s), 254);
	assert_true(core_email_valid(s));
	memset(s, 'b', sizeof(s));
	memcpy(s, "a@", 2);
	memcpy(s + 251, ".org", 5);	/* length 255 */
	assert_int_equal(strlen(s), 255);
	assert_false(core_email_valid(s));
}

/* Federal fiscal years start in October: FY2027 Q2 is January to March
 * 2027; calendar quarters are the plain ones. */
static void
test_periods(void **state)
{
	struct core_period p;
	int64_t d;

	(void)state;
	assert_int_equal(core_period_parse("FY2027-Q2", &p), 0);
	assert_int_equal(tz_parse_date("2027-01-01", &d), 0);
	assert_int_equal(p.from, d);
	assert_int_equal(tz_parse_date("2027-04-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_string_equal(p.label, "FY2027 Q2");
	assert_string_equal(p.range, "January – March 2027");
	assert_true(p.fiscal);
	assert_int_equal(core_period_parse("FY2027-Q1", &p), 0);
	assert_int_equal(tz_parse_date("2026-10-01", &d), 0);
	assert_int_equal(p.from, d);
	assert_int_equal(tz_parse_date("2027-01-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_string_equal(p.range, "October – December 2026");
	/* In Spanish, for a report read in Spanish. */
	{
		enum lang was = i18n_set(LANG_ES);

		if (!i18n_available(LANG_ES))
			fail_msg("Spanish is not available (make deps, make)");
		assert_int_equal(core_period_parse("FY2027-Q1", &p), 0);
		assert_string_equal(p.range, "octubre – diciembre de 2026");
		assert_int_equal(core_period_parse("FY2027", &p), 0);
		assert_string_equal(p.range,
		    "octubre de 2026 – septiembre de 2027");
		i18n_set(was);
		assert_int_equal(core_period_parse("FY2027-Q1", &p), 0);
	}
	assert_int_equal(core_period_parse("FY2027-Q4", &p), 0);
	assert_int_equal(tz_parse_date("2027-07-01", &d), 0);
	assert_int_equal(p.from, d);
	assert_int_equal(tz_parse_date("2027-10-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_int_equal(core_period_parse("FY2027", &p), 0);
	assert_int_equal(tz_parse_date("2026-10-01", &d), 0);
	assert_int_equal(p.from, d);
	assert_int_equal(tz_parse_date("2027-10-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_string_equal(p.range, "October 2026 – September 2027");
	assert_string_equal(p.key, "FY2027");
	assert_int_equal(core_period_parse("2027-Q1", &p), 0);
	assert_int_equal(tz_parse_date("2027-01-01", &d), 0);
	assert_int_equal(p.from, d);
	assert_int_equal(tz_parse_date("2027-04-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_false(p.fiscal);
	assert_int_equal(core_period_parse("2028-Q4", &p), 0);
	assert_int_equal(tz_parse_date("2029-01-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_int_equal(core_period_parse("2027", &p), 0);
	assert_int_equal(tz_parse_date("2028-01-01", &d), 0);
	assert_int_equal(p.to, d);
	assert_int_equal(core_period_parse("FY2027-Q5", &p), -1);
	assert_int_equal(core_period_parse("FY27", &p), -1);
	assert_int_equal(core_period_parse("2027Q1", &p), -1);
	assert_int_equal(core_period_parse("2027-Q1x", &p), -1);
	assert_int_equal(core_period_parse("", &p), -1);
	assert_int_equal(core_period_parse(NULL, &p), -1);
	assert_int_equal(core_fiscal_year(2026, 10), 2027);
	assert_int_equal(core_fiscal_year(2026, 12), 2027);
	assert_int_equal(core_fiscal_year(2027, 9), 2027);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_decide_unlimited),
		cmocka_unit_test(test_decide_capacity),
		cmocka_unit_test(test_decide_capacity_zero),
		cmocka_unit_test(test_promotions_no_waitlist),
		cmocka_unit_test(test_promotions_limited),
		cmocka_unit_test(test_promotions_unlimited),
		cmocka_unit_test(test_promotions_overfull),
		cmocka_unit_test(test_places_left),
		cmocka_unit_test(test_state_before_opens),
		cmocka_unit_test(test_state_opens_boundary),
		cmocka_unit_test(test_state_open_until_start),
		cmocka_unit_test(test_state_explicit_close),
		cmocka_unit_test(test_state_cancelled),
		cmocka_unit_test(test_state_opens_zero),
		cmocka_unit_test(test_sector_parse),
		cmocka_unit_test(test_sectors_parse_valid),
		cmocka_unit_test(test_sectors_parse_all),
		cmocka_unit_test(test_sectors_parse_unknown),
		cmocka_unit_test(test_sectors_parse_empty_element),
		cmocka_unit_test(test_sectors_parse_trailing_comma),
		cmocka_unit_test(test_audience_status_parse),
		cmocka_unit_test(test_email_good),
		cmocka_unit_test(test_email_bad_at),
		cmocka_unit_test(test_email_bad_domain),
		cmocka_unit_test(test_email_bad_chars),
		cmocka_unit_test(test_email_length),
	};

	return cmocka_run_group_tests_name("core: domain rules", tests,
	    NULL, NULL);
}
