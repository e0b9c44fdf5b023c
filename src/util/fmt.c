/* fmt.c: human-readable dates and times in the event's own time zone. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "tz.h"
#include "fmt.h"

/*
 * Names and the order of a date's parts come from the thread's language
 * (i18n.h): the keys carry a context ("weekday\004Monday") so that "May"
 * the month is not "may" elsewhere.
 */
static const char *const days[][2] = {
	{ CTX("weekday", "Sunday"), "Sunday" },
	{ CTX("weekday", "Monday"), "Monday" },
	{ CTX("weekday", "Tuesday"), "Tuesday" },
	{ CTX("weekday", "Wednesday"), "Wednesday" },
	{ CTX("weekday", "Thursday"), "Thursday" },
	{ CTX("weekday", "Friday"), "Friday" },
	{ CTX("weekday", "Saturday"), "Saturday" },
};
static const char *const short_days[][2] = {
	{ CTX("weekday abbreviation", "Sun"), "Sun" },
	{ CTX("weekday abbreviation", "Mon"), "Mon" },
	{ CTX("weekday abbreviation", "Tue"), "Tue" },
	{ CTX("weekday abbreviation", "Wed"), "Wed" },
	{ CTX("weekday abbreviation", "Thu"), "Thu" },
	{ CTX("weekday abbreviation", "Fri"), "Fri" },
	{ CTX("weekday abbreviation", "Sat"), "Sat" },
};
static const char *const months[][2] = {
	{ CTX("month", "January"), "January" },
	{ CTX("month", "February"), "February" },
	{ CTX("month", "March"), "March" },
	{ CTX("month", "April"), "April" },
	{ CTX("month", "May"), "May" },
	{ CTX("month", "June"), "June" },
	{ CTX("month", "July"), "July" },
	{ CTX("month", "August"), "August" },
	{ CTX("month", "September"), "September" },
	{ CTX("month", "October"), "October" },
	{ CTX("month", "November"), "November" },
	{ CTX("month", "December"), "December" },
};
static const char *const short_months[][2] = {
	{ CTX("month abbreviation", "Jan"), "Jan" },
	{ CTX("month abbreviation", "Feb"), "Feb" },
	{ CTX("month abbreviation", "Mar"), "Mar" },
	{ CTX("month abbreviation", "Apr"), "Apr" },
	{ CTX("month abbreviation", "May"), "May" },
	{ CTX("month abbreviation", "Jun"), "Jun" },
	{ CTX("month abbreviation", "Jul"), "Jul" },
	{ CTX("month abbreviation", "Aug"), "Aug" },
	{ CTX("month abbreviation", "Sep"), "Sep" },
	{ CTX("month abbreviation", "Oct"), "Oct" },
	{ CTX("month abbreviation", "Nov"), "Nov" },
	{ CTX("month abbreviation", "Dec"), "Dec" },
};
#define NAME(t, i) i18n_pgettext((t)[i][0], (t)[i][1])

static int
local(const char *zone, int64_t t, struct tz_local *l)
{
	if (tz_from_utc(zone, t, l) == 0)
		return 0;
	return tz_from_utc("UTC", t, l);
}

/* "9:00 AM", or "9:00" and "13:00" where the language counts 24 hours. */
static const char *
clock12(struct arena *a, const struct tz_local *l)
{
	int h = l->hour % 12 ? l->hour % 12 : 12;

	/* TRANSLATORS: "24" where times are written 13:00, else "12". */
	if (strcmp(C_("clock hours", "12"), "24") == 0)
		return arena_printf(a, "%d:%02d", l->hour, l->minute);
	return arena_printf(a, "%d:%02d %s", h, l->minute,
	    l->hour < 12 ? "AM" : "PM");
}

/* See fmt.h. */
const char *
fmt_day(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	/* TRANSLATORS: weekday, day, month, year. */
	return arena_printf(a, _("%1$s, %2$d %3$s %4$d"), NAME(days, l.wday),
	    l.day, NAME(months, l.month - 1), l.year);
}

/* See fmt.h. */
const char *
fmt_short_day(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	/* TRANSLATORS: weekday, day, month, year, abbreviated. */
	return arena_printf(a, _("%1$s %2$d %3$s %4$d"),
	    NAME(short_days, l.wday), l.day, NAME(short_months, l.month - 1),
	    l.year);
}

/* See fmt.h. */
const char *
fmt_clock(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	return clock12(a, &l);
}

/* See fmt.h. */
const char *
fmt_when(struct arena *a, const char *zone, int64_t start, int64_t end)
{
	struct tz_local s, e;

	local(zone, start, &s);
	local(zone, end, &e);
	if (s.year == e.year && s.month == e.month && s.day == e.day)
		return arena_printf(a, "%s, %s – %s %s",
		    fmt_day(a, zone, start), clock12(a, &s), clock12(a, &e),
		    e.abbr);
	return arena_printf(a, "%s, %s %s – %s, %s %s",
	    fmt_day(a, zone, start), clock12(a, &s), s.abbr,
	    fmt_day(a, zone, end), clock12(a, &e), e.abbr);
}

/* See fmt.h. */
const char *
fmt_moment(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	/* TRANSLATORS: the day, the time, the time zone. */
	return arena_printf(a, _("%1$s at %2$s %3$s"), fmt_day(a, zone, t),
	    clock12(a, &l), l.abbr);
}

/* See fmt.h. */
const char *
fmt_month(int month)
{
	return month >= 1 && month <= 12 ? NAME(months, month - 1) : "";
}

/* See fmt.h. */
const char *
fmt_hours(struct arena *a, double h)
{
	char *s = arena_printf(a, "%.2f", h), *p;

	/* Drop trailing zeros and a bare point: "4.00" -> "4". */
	for (p = s; *p; p++)
		;
	while (p > s && p[-1] == '0')
		*--p = '\0';
	if (p > s && p[-1] == '.')
		*--p = '\0';
	return s;
}

/* See fmt.h. */
const char *
fmt_iso(struct arena *a, const char *zone, int64_t t)
{
	char *s = arena_alloc(a, 32);

	if (tz_iso8601(zone, t, s, 32) == -1)
		tz_iso8601("UTC", t, s, 32);
	return s;
}
