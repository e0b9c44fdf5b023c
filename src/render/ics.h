/* ics.h: iCalendar files for sessions (libical). */
#ifndef CONVENE_ICS_H
#define CONVENE_ICS_H

#include <stdint.h>

struct buf;

struct ics_event {
	const char	*uid;		/* globally unique, stable */
	const char	*summary;
	const char	*description;
	const char	*location;
	int64_t		 starts_at, ends_at, stamp;
	int		 cancelled;
};

/* Appends a VCALENDAR with one VEVENT; 0 or -1. */
int ics_render(struct buf *b, const struct ics_event *ev);

#endif
