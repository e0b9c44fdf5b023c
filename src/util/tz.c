/* tz.c: time-zone conversion with libical's zone database, serialised by a lock. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "util.h"
#include "tz.h"

/* libical's built-in zone cache is not safe for concurrent loading. */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* Zones already looked up: libical's own lookup scans its whole list. */
static struct {
	char		 name[65];
	icaltimezone	*zone;
} seen[16];
static size_t nseen;

static icaltimezone *
zone_get(const char *name)
{
	icaltimezone *z;
	size_t i;

	if (name == NULL || *name == '\0' || strlen(name) > 64)
		return NULL;
	if (strcmp(name, "UTC") == 0)
		return icaltimezone_get_utc_timezone();
	for (i = 0; i < nseen; i++)
		if (strcmp(seen[i].name, name) == 0)
			return seen[i].zone;
	if ((z = icaltimezone_get_builtin_timezone(name)) != NULL &&
	    nseen < ARRAY_LEN(seen)) {
		strcpy(seen[nseen].name, name);
		seen[nseen++].zone = z;
	}
	return z;
}

/* Day of week for a civil date (0 = Sunday), Sakamoto's method. */
static int
weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* 1 when name is a known IANA time zone. */
int
tz_valid(const char *name)
{
	int ok;

	pthread_mutex_lock(&tz_lock);
	ok = zone_get(name) != NULL;
	pthread_mutex_unlock(&tz_lock);
	return ok;
}

/* Converts UTC seconds t to wall-clock time in zone. */
int
tz_from_utc(const char *zone, int64_t t, struct tz_local *out)
{
	icaltimezone *z;
	struct icaltimetype tt;
	int rc = -1, dst = 0;
	const char *names;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&tz_lock);
	if ((z = zone_get(zone)) == NULL)
		goto out;
	tt = icaltime_from_timet_with_zone((time_t)t, 0, z);
	out->year = tt.year;
	out->month = tt.month;
	out->day = tt.day;
	out->hour = tt.hour;
	out->minute = tt.minute;
	out->second = tt.second;
	out->wday = weekday(tt.year, tt.month, tt.day);
	out->offset = icaltimezone_get_utc_offset(z, &tt, &dst);
	/* tznames is "MST/MDT" or a single name. */
	if ((names = icaltimezone_get_tznames(z)) != NULL) {
		const char *slash = strchr(names, '/');
		const char *p = names;
		size_t n = slash ? (size_t)(slash - names) : strlen(names);

		if (dst && slash) {
			p = slash + 1;
			n = strlen(p);
		}
		if (n < sizeof(out->abbr)) {
			memcpy(out->abbr, p, n);
			out->abbr[n] = '\0';
		}
	}
	rc = 0;
out:
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

/* Converts wall-clock time in zone to UTC seconds. */
int
tz_to_utc(const char *zone, int y, int mo, int d, int h, int mi, int64_t *out)
{
	icaltimezone *z;
	struct icaltimetype tt = icaltime_null_time(), back;
	int rc = -1;

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > icaltime_days_in_month(mo, y) || h < 0 || h > 23 ||
	    mi < 0 || mi > 59)
		return -1;
	pthread_mutex_lock(&tz_lock);
	if ((z = zone_get(zone)) == NULL)
		goto out;
	tt.year = y;
	tt.month = mo;
	tt.day = d;
	tt.hour = h;
	tt.minute = mi;
	tt.is_date = 0;
	*out = (int64_t)icaltime_as_timet_with_zone(tt, z);
	/* A time the clocks skip (spring forward) does not come back the same. */
	back = icaltime_from_timet_with_zone((time_t)*out, 0, z);
	if (back.year != y || back.month != mo || back.day != d ||
	    back.hour != h || back.minute != mi)
		goto out;
	rc = 0;
out:
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

/* ISO 8601 with the zone's offset. */
int
tz_iso8601(const char *zone, int64_t t, char *out, size_t outsz)
{
	struct tz_local l;
	int off, n;

	if (tz_from_utc(zone, t, &l) == -1)
		return -1;
	off = l.offset < 0 ? -l.offset : l.offset;
	n = snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    l.year, l.month, l.day, l.hour, l.minute, l.second,
	    l.offset < 0 ? '-' : '+', off / 3600, (off % 3600) / 60);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

/* Reads exactly n digits at *p into *v, advancing *p; 0 or -1. */
static int
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/* 0 when *p starts with c, advancing past it. */
static int
expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* Parses exactly "YYYY-MM-DDTHH:MM[:SS](Z|+hh:mm|-hh:mm)". */
int
tz_parse_iso8601(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1;
	struct tm tm;
	const char *p = s;

	if (digits(&p, 4, &y) || expect(&p, '-') || digits(&p, 2, &mo) ||
	    expect(&p, '-') || digits(&p, 2, &d) || expect(&p, 'T') ||
	    digits(&p, 2, &h) || expect(&p, ':') || digits(&p, 2, &mi))
		return -1;
	if (*p == ':' && (expect(&p, ':') || digits(&p, 2, &sec)))
		return -1;
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || expect(&p, ':') || digits(&p, 2, &om))
			return -1;
	} else
		return -1;
	if (*p != '\0')
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > icaltime_days_in_month(mo, y) || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

/* See tz.h: exactly ten characters, and a day that exists. */
int
tz_parse_date(const char *s, int64_t *out)
{
	const char *p = s;
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || digits(&p, 4, &y) ||
	    expect(&p, '-') || digits(&p, 2, &m) || expect(&p, '-') ||
	    digits(&p, 2, &d))
		return -1;
	return tz_to_utc("UTC", y, m, d, 0, 0, out);
}
