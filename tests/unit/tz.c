/* tz.c: unit tests for time-zone conversion (src/util/tz.c) and human-readable dates (src/web/fmt.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util.h"
#include "tz.h"
#include "fmt.h"

#define DENVER "America/Denver"

/* 2027-01-11 08:30 MST = 15:30 UTC (a Monday). */
#define JAN_0830	INT64_C(1799681400)
/* 2027-01-11 12:30 MST = 19:30 UTC. */
#define JAN_1230	INT64_C(1799695800)
/* 2027-07-12 08:30 MDT = 14:30 UTC (a Monday). */
#define JUL_0830	INT64_C(1815402600)
/* 2027-03-14 09:00 UTC: 03:00 MDT, the first second of summer time. */
#define SPRING		INT64_C(1805014800)

static int
setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void
test_valid(void **state)
{
	(void)state;
	assert_int_equal(tz_valid(DENVER), 1);
	assert_int_equal(tz_valid("Europe/Dublin"), 1);
	assert_int_equal(tz_valid("UTC"), 1);
	assert_int_equal(tz_valid("Mars/Olympus"), 0);
	assert_int_equal(tz_valid(""), 0);
	assert_int_equal(tz_valid(NULL), 0);
	assert_int_equal(tz_valid("../../etc/passwd"), 0);
}

static void
test_to_utc_winter(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(tz_to_utc(DENVER, 2027, 1, 11, 8, 30, &t), 0);
	assert_int_equal(t, JAN_0830);
	assert_int_equal(tz_to_utc(DENVER, 2027, 1, 11, 12, 30, &t), 0);
	assert_int_equal(t, JAN_1230);
}

static void
test_to_utc_summer(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(tz_to_utc(DENVER, 2027, 7, 12, 8, 30, &t), 0);
	assert_int_equal(t, JUL_0830);
}

static void
test_to_utc_rejects(void **state)
{
	int64_t t = 12345;

	(void)state;
	assert_int_equal(tz_to_utc("Mars/Olympus", 2027, 1, 11, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 2, 30, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 2, 29, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 13, 1, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 0, 1, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 1, 0, 8, 30, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 1, 11, 24, 0, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 2027, 1, 11, 8, 60, &t), -1);
	assert_int_equal(tz_to_utc(DENVER, 1969, 12, 31, 8, 0, &t), -1);
	assert_int_equal(t, 12345);
	/* A leap day is fine. */
	assert_int_equal(tz_to_utc(DENVER, 2028, 2, 29, 8, 30, &t), 0);
}

static void
test_from_utc_winter(void **state)
{
	struct tz_local l;

	(void)state;
	assert_int_equal(tz_from_utc(DENVER, JAN_0830, &l), 0);
	assert_int_equal(l.year, 2027);
	assert_int_equal(l.month, 1);
	assert_int_equal(l.day, 11);
	assert_int_equal(l.hour, 8);
	assert_int_equal(l.minute, 30);
	assert_int_equal(l.second, 0);
	assert_int_equal(l.wday, 1);
	assert_int_equal(l.offset, -7 * 3600);
	assert_string_equal(l.abbr, "MST");
}

static void
test_from_utc_summer(void **state)
{
	struct tz_local l;

	(void)state;
	assert_int_equal(tz_from_utc(DENVER, JUL_0830, &l), 0);
	assert_int_equal(l.year, 2027);
	assert_int_equal(l.month, 7);
	assert_int_equal(l.day, 12);
	assert_int_equal(l.hour, 8);
	assert_int_equal(l.minute, 30);
	assert_int_equal(l.wday, 1);
	assert_int_equal(l.offset, -6 * 3600);
	assert_string_equal(l.abbr, "MDT");
}

static void
test_from_utc_dst_switch(void **state)
{
	struct tz_local l;

	(void)state;
	/* One second before the spring change: 01:59:59 MST. */
	assert_int_equal(tz_from_utc(DENVER, SPRING - 1, &l), 0);
	assert_int_equal(l.hour, 1);
	assert_int_equal(l.minute, 59);
	assert_int_equal(l.second, 59);
	assert_int_equal(l.offset, -7 * 3600);
	assert_string_equal(l.abbr, "MST");
	/* The change itself: 03:00:00 MDT. */
	assert_int_equal(tz_from_utc(DENVER, SPRING, &l), 0);
	assert_int_equal(l.hour, 3);
	assert_int_equal(l.minute, 0);
	assert_int_equal(l.offset, -6 * 3600);
	assert_string_equal(l.abbr, "MDT");
}

static void
test_from_utc_unknown_zone(void **state)
{
	struct tz_local l;

	(void)state;
	assert_int_equal(tz_from_utc("Mars/Olympus", JAN_0830, &l), -1);
}

static void
test_round_trip(void **state)
{
	static const int dates[][5] = {
		{ 2027, 1, 11, 8, 30 },
		{ 2027, 7, 12, 8, 30 },
		{ 2027, 12, 31, 23, 59 },
		{ 2028, 2, 29, 0, 0 },
		{ 2027, 11, 7, 3, 0 },
	};
	struct tz_local l;
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(dates); i++) {
		assert_int_equal(tz_to_utc(DENVER, dates[i][0], dates[i][1],
		    dates[i][2], dates[i][3], dates[i][4], &t), 0);
		assert_int_equal(tz_from_utc(DENVER, t, &l), 0);
		assert_int_equal(l.year, dates[i][0]);
		assert_int_equal(l.month, dates[i][1]);
		assert_int_equal(l.day, dates[i][2]);
		assert_int_equal(l.hour, dates[i][3]);
		assert_int_equal(l.minute, dates[i][4]);
		/* The offset explains the instant. */
		assert_int_equal(t + l.offset,
		    (int64_t)dates[i][3] * 3600 + dates[i][4] * 60 +
		    (t + l.offset) / 86400 * 86400);
	}
}

static void
test_iso8601(void **state)
{
	char s[32];

	(void)state;
	assert_int_equal(tz_iso8601(DENVER, JAN_0830, s, sizeof(s)), 0);
	assert_string_equal(s, "2027-01-11T08:30:00-07:00");
	assert_int_equal(tz_iso8601(DENVER, JUL_0830, s, sizeof(s)), 0);
	assert_string_equal(s, "2027-07-12T08:30:00-06:00");
	assert_int_equal(tz_iso8601("UTC", JAN_0830, s, sizeof(s)), 0);
	assert_string_equal(s, "2027-01-11T15:30:00+00:00");
	assert_int_equal(tz_iso8601("Asia/Kolkata", JAN_0830, s, sizeof(s)), 0);
	assert_string_equal(s, "2027-01-11T21:00:00+05:30");
	/* Too small a buffer is an error, not a truncated string. */
	assert_int_equal(tz_iso8601(DENVER, JAN_0830, s, 10), -1);
	assert_int_equal(tz_iso8601("Mars/Olympus", JAN_0830, s, sizeof(s)),
	    -1);
}

static void
test_parse_iso8601_ok(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(tz_parse_iso8601("2027-01-11T15:30:00Z", &t), 0);
	assert_int_equal(t, JAN_0830);
	assert_int_equal(tz_parse_iso8601("2027-01-11T15:30Z", &t), 0);
	assert_int_equal(t, JAN_0830);
	assert_int_equal(tz_parse_iso8601("2027-01-11T08:30:00-07:00", &t), 0);
	assert_int_equal(t, JAN_0830);
	assert_int_equal(tz_parse_iso8601("2027-01-11T21:00+05:30", &t), 0);
	assert_int_equal(t, JAN_0830);
	assert_int_equal(tz_parse_iso8601("2027-01-11T15:30:45+00:00", &t), 0);
	assert_int_equal(t, JAN_0830 + 45);
	assert_int_equal(tz_parse_iso8601("2028-02-29T00:00Z", &t), 0);
	assert_int_equal(tz_parse_iso8601("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
}

static void
test_parse_iso8601_round_trip(void **state)
{
	char s[32];
	int64_t t = 0;

	(void)state;
	assert_int_equal(tz_iso8601(DENVER, JUL_0830 + 17, s, sizeof(s)), 0);
	assert_int_equal(tz_parse_iso8601(s, &t), 0);
	assert_int_equal(t, JUL_0830 + 17);
}

static void
test_parse_iso8601_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"2027-01-11",			/* no time */
		"2027-01-11T15:30",		/* no zone */
		"2027-01-11T15:30:00",		/* no zone */
		"2027-01-11T15:30ZZ",
		"2027-01-11T15:30Z trailing",
		"2027-01-11T15:30+07:00x",
		"2027-01-11T15:30+0700",
		"2027-02-30T10:00Z",		/* no such day */
		"2027-02-29T10:00Z",		/* not a leap year */
		"2027-04-31T10:00Z",
		"2027-13-01T10:00Z",
		"2027-00-01T10:00Z",
		"2027-01-00T10:00Z",
		"2027-01-11T24:00Z",
		"2027-01-11T10:60Z",
		"2027-01-11T10:00:61Z",
		"2027-01-11T10:00+24:00",
		"2027-01-11T10:00+07:60",
		"1969-12-31T23:59Z",
		"2027-01-11 15:30Z",
		"2027-01-11T08:30+-7:00",
		"2027-01-11T08:30+07:-5",
		" 2027-01-11T08:30Z",
		"2027-1-11T8:30Z",
		"2027-01-11T08:30Z ",
	};
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		t = 777;
		if (tz_parse_iso8601(bad[i], &t) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, 777);
	}
}

/* ---- fmt ---- */

static void
test_fmt_when_same_day(void **state)
{
	assert_string_equal(fmt_when(*state, DENVER, JAN_0830, JAN_1230),
	    "Monday, 11 January 2027, 8:30 AM \xe2\x80\x93 12:30 PM MST");
	assert_string_equal(fmt_when(*state, DENVER, JUL_0830,
	    JUL_0830 + 3600 * 4),
	    "Monday, 12 July 2027, 8:30 AM \xe2\x80\x93 12:30 PM MDT");
}

static void
test_fmt_when_two_days(void **state)
{
	/* 08:30 Monday to 17:00 Tuesday. */
	assert_string_equal(fmt_when(*state, DENVER, JAN_0830,
	    JAN_0830 + 86400 + 8 * 3600 + 1800),
	    "Monday, 11 January 2027, 8:30 AM MST \xe2\x80\x93 "
	    "Tuesday, 12 January 2027, 5:00 PM MST");
	/* Both instants are on 12 January in UTC but on the 11th in Denver. */
	assert_string_equal(fmt_when(*state, DENVER, JAN_1230 + 4 * 3600 + 1800,
	    JAN_1230 + 6 * 3600),
	    "Monday, 11 January 2027, 5:00 PM \xe2\x80\x93 6:30 PM MST");
}

static void
test_fmt_clock_and_day(void **state)
{
	assert_string_equal(fmt_clock(*state, DENVER, JAN_0830), "8:30 AM");
	assert_string_equal(fmt_clock(*state, DENVER, JAN_1230), "12:30 PM");
	/* Midnight is 12 AM. */
	assert_string_equal(fmt_clock(*state, DENVER, JAN_0830 - 8 * 3600 - 1800),
	    "12:00 AM");
	assert_string_equal(fmt_day(*state, DENVER, JAN_0830),
	    "Monday, 11 January 2027");
	assert_string_equal(fmt_short_day(*state, DENVER, JAN_0830),
	    "Mon 11 Jan 2027");
	assert_string_equal(fmt_moment(*state, DENVER, JUL_0830),
	    "Monday, 12 July 2027 at 8:30 AM MDT");
	assert_string_equal(fmt_iso(*state, DENVER, JAN_0830),
	    "2027-01-11T08:30:00-07:00");
}

static void
test_fmt_unknown_zone_falls_back_to_utc(void **state)
{
	assert_string_equal(fmt_clock(*state, "Mars/Olympus", JAN_0830),
	    "3:30 PM");
	assert_string_equal(fmt_iso(*state, "Mars/Olympus", JAN_0830),
	    "2027-01-11T15:30:00+00:00");
}

static void
test_fmt_hours(void **state)
{
	assert_string_equal(fmt_hours(*state, 4.0), "4");
	assert_string_equal(fmt_hours(*state, 1.5), "1.5");
	assert_string_equal(fmt_hours(*state, 0.25), "0.25");
	assert_string_equal(fmt_hours(*state, 10.0), "10");
	assert_string_equal(fmt_hours(*state, 100.0), "100");
	assert_string_equal(fmt_hours(*state, 0.0), "0");
	assert_string_equal(fmt_hours(*state, 2.75), "2.75");
	assert_string_equal(fmt_hours(*state, 7.5), "7.5");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* Times the clocks skip do not exist; dates that do not exist are refused. */
static void
test_skipped_and_bad_dates(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(tz_to_utc("America/Denver", 2027, 3, 14, 2, 30, &t), -1);
	assert_int_equal(tz_to_utc("America/Denver", 2027, 3, 14, 3, 30, &t), 0);
	assert_int_equal(tz_to_utc("America/Denver", 2027, 3, 14, 1, 30, &t), 0);
	assert_int_equal(tz_parse_date("2027-02-30", &t), -1);
	assert_int_equal(tz_parse_date("2027-13-01", &t), -1);
	assert_int_equal(tz_parse_date("2027-00-10", &t), -1);
	assert_int_equal(tz_parse_date("2027-1-10", &t), -1);
	assert_int_equal(tz_parse_date("2028-02-29", &t), 0);
	assert_int_equal(t, 1835395200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skipped_and_bad_dates),
		T(test_valid),
		T(test_to_utc_winter),
		T(test_to_utc_summer),
		T(test_to_utc_rejects),
		T(test_from_utc_winter),
		T(test_from_utc_summer),
		T(test_from_utc_dst_switch),
		T(test_from_utc_unknown_zone),
		T(test_round_trip),
		T(test_iso8601),
		T(test_parse_iso8601_ok),
		T(test_parse_iso8601_round_trip),
		T(test_parse_iso8601_rejects),
		T(test_fmt_when_same_day),
		T(test_fmt_when_two_days),
		T(test_fmt_clock_and_day),
		T(test_fmt_unknown_zone_falls_back_to_utc),
		T(test_fmt_hours),
	};

	return cmocka_run_group_tests_name("tz: time zones and date formatting",
	    tests, NULL, NULL);
}
