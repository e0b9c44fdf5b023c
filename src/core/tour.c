/* tour.c: a speaker's tour: no two places at once, time to travel between stops. */
#include "core.h"

/* See core.h. */
int
core_overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* See core.h. */
int
core_gap_too_short(int64_t prev_end, int64_t next_start, int64_t gap_hours)
{
	return next_start - prev_end < gap_hours * 3600;
}

/* See core.h: in January, this January; otherwise the coming one. */
int
core_campaign_year(int year, int month)
{
	return month == 1 ? year : year + 1;
}
