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
	int		 tentative;	/* a place on the waiting list only */
	const char	*url;		/* may be NULL */
	int64_t		 sequence;	/* one higher at each change */
	const char	*organizer;	/* an address, for ORGANIZER (mailto:) */
	const char	*organizer_name;	/* its CN; may be NULL */
	const char	*attendee;	/* an address, or NULL for none */
};

/* UIDs (with the site's host): a person's event, from their registration,
 * differs from the public feed's entry for the same session, so a calendar
 * holding both keeps both. */
#define ICS_UID_REGISTRATION	"registration-%lld@%s"
#define ICS_UID_SESSION		"session-%lld@%s"

/* The iTIP method (RFC 5546) of a calendar. */
enum ics_method {
	ICS_PUBLISH,	/* a file to add: downloads and feeds */
	ICS_REQUEST,	/* an event sent to its attendee, or its change */
	ICS_CANCEL,	/* that event, cancelled */
};

/* Appends a VCALENDAR with one VEVENT; 0 or -1. */
int ics_render(struct buf *b, const struct ics_event *ev, enum ics_method m);
struct arena;
/* A person's own event's description, in the thread's language. */
const char *ics_ticket_description(struct arena *a, const char *event);
/* Appends a VCALENDAR named name (may be NULL) with n VEVENTs; 0 or -1. */
int ics_calendar(struct buf *b, const struct ics_event *evs, size_t n,
    const char *name, enum ics_method m);

#endif
