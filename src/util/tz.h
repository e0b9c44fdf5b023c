/* tz.h: named time zones (IANA) through libical: local time <-> UTC. */
#ifndef CONVENE_TZ_H
#define CONVENE_TZ_H

#include <stdint.h>

struct tz_local {
	int	year, month, day;	/* month 1-12 */
	int	hour, minute, second;
	int	wday;			/* 0 = Sunday */
	int	offset;			/* seconds east of UTC */
	char	abbr[8];		/* e.g. "MST"; may be empty */
};

/* 1 when name is a known IANA time zone. */
int tz_valid(const char *name);
/* Converts UTC seconds to wall-clock time in zone; 0 or -1 for an unknown zone. */
int tz_from_utc(const char *zone, int64_t t, struct tz_local *out);
/* Converts wall-clock time in zone to UTC seconds; 0 or -1. */
int tz_to_utc(const char *zone, int y, int mo, int d, int h, int mi, int64_t *out);
/* Formats t as ISO 8601 with the zone's offset ("2027-01-11T09:00:00-07:00"). */
int tz_iso8601(const char *zone, int64_t t, char *out, size_t outsz);
/* Parses a date "YYYY-MM-DD" as the UTC midnight of that date; 0 or -1. */
int tz_parse_date(const char *s, int64_t *out);
/* Parses ISO 8601 with a Z or +hh:mm offset into UTC seconds; 0 or -1. */
int tz_parse_iso8601(const char *s, int64_t *out);

#endif
