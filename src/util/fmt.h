/* fmt.h: dates, times and numbers as people read them, in an event's zone. */
#ifndef CONVENE_FMT_H
#define CONVENE_FMT_H

#include <stdint.h>

struct arena;

/* "Monday, 11 January 2027". */
const char *fmt_day(struct arena *a, const char *zone, int64_t t);
/* "9:00 AM". */
const char *fmt_clock(struct arena *a, const char *zone, int64_t t);
/* "Monday, 11 January 2027, 9:00 AM – 1:00 PM MST" (dates repeated if they differ). */
const char *fmt_when(struct arena *a, const char *zone, int64_t start,
    int64_t end);
/* "Monday, 11 January 2027 at 9:00 AM MST". */
const char *fmt_moment(struct arena *a, const char *zone, int64_t t);
/* "Mon 11 Jan" and the year, for compact lists. */
const char *fmt_short_day(struct arena *a, const char *zone, int64_t t);
/* A month's name (1-12) in the thread's language: "January", "enero". */
const char *fmt_month(int month);
/* Hours without trailing zeros: "4", "1.5". */
const char *fmt_hours(struct arena *a, double h);
/* ISO 8601 with the zone's offset, in arena. */
const char *fmt_iso(struct arena *a, const char *zone, int64_t t);

#endif
