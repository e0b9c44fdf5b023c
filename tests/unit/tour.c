/* tour.c: unit tests for a speaker's tour (src/core/tour.c): overlapping
 * sessions, the travel gap at its boundary, and the campaign year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core.h"

#define H 3600

/* ---- core_overlaps: half-open intervals [a0, a1) and [b0, b1) ---- */

static void
test_overlaps_touching(void **state)
{
	(void)state;
	/* 9-12 then 12-15: the speaker walks out of one and into the other. */
	assert_int_equal(core_overlaps(9 * H, 12 * H, 12 * H, 15 * H), 0);
	/* The same, given in the other order. */
	assert_int_equal(core_overlaps(12 * H, 15 * H, 9 * H, 12 * H), 0);
}

static void
test_overlaps_by_one_second(void **state)
{
	(void)state;
	assert_int_equal(core_overlaps(9 * H, 12 * H + 1, 12 * H, 15 * H), 1);
	assert_int_equal(core_overlaps(12 * H, 15 * H, 9 * H, 12 * H + 1), 1);
	assert_int_equal(core_overlaps(9 * H, 12 * H, 12 * H - 1, 15 * H), 1);
}

static void
test_overlaps_shapes(void **state)
{
	(void)state;
	/* Partly. */
	assert_int_equal(core_overlaps(9 * H, 12 * H, 11 * H, 14 * H), 1);
	assert_int_equal(core_overlaps(11 * H, 14 * H, 9 * H, 12 * H), 1);
	/* One inside the other, either way round. */
	assert_int_equal(core_overlaps(9 * H, 17 * H, 10 * H, 11 * H), 1);
	assert_int_equal(core_overlaps(10 * H, 11 * H, 9 * H, 17 * H), 1);
	/* The very same interval. */
	assert_int_equal(core_overlaps(9 * H, 12 * H, 9 * H, 12 * H), 1);
	/* Same start, different ends. */
	assert_int_equal(core_overlaps(9 * H, 10 * H, 9 * H, 12 * H), 1);
	/* Same end, different starts. */
	assert_int_equal(core_overlaps(9 * H, 12 * H, 11 * H, 12 * H), 1);
	/* Apart, with a gap, either way round. */
	assert_int_equal(core_overlaps(9 * H, 10 * H, 11 * H, 12 * H), 0);
	assert_int_equal(core_overlaps(11 * H, 12 * H, 9 * H, 10 * H), 0);
}

static void
test_overlaps_real_times(void **state)
{
	/* 2030-06-05 15:00 UTC: epoch values of the size the store holds. */
	const int64_t t = 1906902000;

	(void)state;
	assert_int_equal(core_overlaps(t, t + 4 * H, t + 4 * H, t + 6 * H), 0);
	assert_int_equal(core_overlaps(t, t + 4 * H, t + 3 * H, t + 6 * H), 1);
	/* Stops days apart. */
	assert_int_equal(core_overlaps(t, t + 4 * H, t + 86400,
	    t + 86400 + 4 * H), 0);
}

/* ---- core_gap_too_short: next_start - prev_end < gap_hours ---- */

static void
test_gap_boundary(void **state)
{
	const int64_t end = 1906902000;

	(void)state;
	/* Exactly the gap: enough. */
	assert_int_equal(core_gap_too_short(end, end + 12 * H, 12), 0);
	/* One second short: too short. */
	assert_int_equal(core_gap_too_short(end, end + 12 * H - 1, 12), 1);
	/* One second more: enough. */
	assert_int_equal(core_gap_too_short(end, end + 12 * H + 1, 12), 0);
}

static void
test_gap_other_values(void **state)
{
	const int64_t end = 1906902000;

	(void)state;
	/* Gap 0: any later (or simultaneous) start is fine. */
	assert_int_equal(core_gap_too_short(end, end, 0), 0);
	assert_int_equal(core_gap_too_short(end, end + 1, 0), 0);
	/* Gap 0 but the next stop starts before the last one ends. */
	assert_int_equal(core_gap_too_short(end, end - 1, 0), 1);
	/* Gap 24 h: a stop the next morning is too soon, two days is not. */
	assert_int_equal(core_gap_too_short(end, end + 18 * H, 24), 1);
	assert_int_equal(core_gap_too_short(end, end + 24 * H, 24), 0);
	assert_int_equal(core_gap_too_short(end, end + 48 * H, 24), 0);
	/* The largest gap the form accepts (240 h = 10 days). */
	assert_int_equal(core_gap_too_short(end, end + 240 * H - 1, 240), 1);
	assert_int_equal(core_gap_too_short(end, end + 240 * H, 240), 0);
}

/* ---- core_campaign_year: January shows this year's, else the next ---- */

static void
test_campaign_january(void **state)
{
	(void)state;
	assert_int_equal(core_campaign_year(2030, 1), 2030);
	assert_int_equal(core_campaign_year(2031, 1), 2031);
}

static void
test_campaign_rest_of_year(void **state)
{
	int m;

	(void)state;
	assert_int_equal(core_campaign_year(2030, 2), 2031);
	assert_int_equal(core_campaign_year(2030, 12), 2031);
	for (m = 2; m <= 12; m++)
		assert_int_equal(core_campaign_year(2029, m), 2030);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlaps_touching),
		cmocka_unit_test(test_overlaps_by_one_second),
		cmocka_unit_test(test_overlaps_shapes),
		cmocka_unit_test(test_overlaps_real_times),
		cmocka_unit_test(test_gap_boundary),
		cmocka_unit_test(test_gap_other_values),
		cmocka_unit_test(test_campaign_january),
		cmocka_unit_test(test_campaign_rest_of_year),
	};

	return cmocka_run_group_tests_name("tour: overlaps, travel gap, "
	    "campaign year", tests, NULL, NULL);
}
