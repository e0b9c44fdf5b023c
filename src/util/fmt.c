/* fmt.c: human-readable dates and times in the event's own time zone. */
#include <stdio.h>

#include "util.h"
#include "tz.h"
#include "fmt.h"

static const char *const days[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static int
local(const char *zone, int64_t t, struct tz_local *l)
{
	if (tz_from_utc(zone, t, l) == 0)
		return 0;
	return tz_from_utc("UTC", t, l);
}

static const char *
clock12(struct arena *a, const struct tz_local *l)
{
	int h = l->hour % 12 ? l->hour % 12 : 12;

	return arena_printf(a, "%d:%02d %s", h, l->minute,
	    l->hour < 12 ? "AM" : "PM");
}

/* See fmt.h. */
const char *
fmt_day(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	return arena_printf(a, "%s, %d %s %d", days[l.wday], l.day,
	    months[l.month - 1], l.year);
}

/* See fmt.h. */
const char *
fmt_short_day(struct arena *a, const char *zone, int64_t t)
{
	struct tz_local l;

	local(zone, t, &l);
	return arena_printf(a, "%.3s %d %.3s %d", days[l.wday], l.day,
	    months[l.month - 1], l.year);
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
	return arena_printf(a, "%s at %s %s", fmt_day(a, zone, t),
	    clock12(a, &l), l.abbr);
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
