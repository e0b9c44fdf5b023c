/* ics.h: iCalendar files for sessions (libical). */
#ifndef CONVENE_ICS_H
#define CONVENE_ICS_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct ics_event {
	const char	*uid;		/* globally unique, stable */
	const char	*summary;
	const char	*description;
	const char	*location;
	int64_t		 starts_at, ends_at, stamp;
	int		 cancelled;
	const char	*url;		/* may be NULL */
};

/* Appends a VCALENDAR with one VEVENT; 0 or -1. */
int ics_render(struct buf *b, const struct ics_event *ev);
/* Appends a VCALENDAR named name (may be NULL) with n VEVENTs; 0 or -1. */
int ics_calendar(struct buf *b, const struct ics_event *evs, size_t n,
    const char *name);

#endif
