/* ics.c: iCalendar files and feeds, escaped and folded by libical. */
#include <stdio.h>
#include <stdlib.h>

#include <libical/ical.h>

#include "util.h"
#include "i18n.h"
#include "ics.h"

static icalcomponent *
vevent(const struct ics_event *ev)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	icalcomponent *vev;

	vev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
	    icalproperty_new_uid(ev->uid),
	    icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
		(time_t)ev->stamp, 0, utc)),
	    icalproperty_new_dtstart(icaltime_from_timet_with_zone(
		(time_t)ev->starts_at, 0, utc)),
	    icalproperty_new_dtend(icaltime_from_timet_with_zone(
		(time_t)ev->ends_at, 0, utc)),
	    icalproperty_new_summary(ev->summary),
	    icalproperty_new_status(ev->cancelled ? ICAL_STATUS_CANCELLED :
		ev->tentative ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED),
	    (void *)0);
	if (ev->location)
		icalcomponent_add_property(vev,
		    icalproperty_new_location(ev->location));
	if (ev->description && *ev->description)
		icalcomponent_add_property(vev,
		    icalproperty_new_description(ev->description));
	if (ev->url)
		icalcomponent_add_property(vev, icalproperty_new_url(ev->url));
	/* A calendar matches an update to what it holds by UID and takes it
	 * only when SEQUENCE is higher (RFC 5546 2.1.4). */
	icalcomponent_add_property(vev,
	    icalproperty_new_sequence((int)ev->sequence));
	if (ev->organizer) {
		char to[400];
		icalproperty *p;

		snprintf(to, sizeof(to), "mailto:%s", ev->organizer);
		p = icalproperty_new_organizer(to);

		if (ev->organizer_name && *ev->organizer_name)
			icalproperty_add_parameter(p,
			    icalparameter_new_cn(ev->organizer_name));
		icalcomponent_add_property(vev, p);
	}
	if (ev->attendee) {
		char to[400];
		icalproperty *p;

		snprintf(to, sizeof(to), "mailto:%s", ev->attendee);
		p = icalproperty_new_attendee(to);

		icalproperty_add_parameter(p, icalparameter_new_rsvp(
		    ICAL_RSVP_FALSE));
		icalproperty_add_parameter(p, icalparameter_new_partstat(
		    ev->tentative ? ICAL_PARTSTAT_TENTATIVE :
		    ICAL_PARTSTAT_ACCEPTED));
		icalcomponent_add_property(vev, p);
	}
	return vev;
}

/* See ics.h. */
int
ics_calendar(struct buf *b, const struct ics_event *evs, size_t n,
    const char *name, enum ics_method m)
{
	icalcomponent *cal;
	char *s;
	size_t i;
	int rc;

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//convene//convene " CONVENE_VERSION "//EN"),
	    icalproperty_new_method(m == ICS_REQUEST ? ICAL_METHOD_REQUEST :
		m == ICS_CANCEL ? ICAL_METHOD_CANCEL : ICAL_METHOD_PUBLISH),
	    (void *)0);
	if (name) {
		icalproperty *p = icalproperty_new_x(name);

		icalproperty_set_x_name(p, "X-WR-CALNAME");
		icalcomponent_add_property(cal, p);
	}
	for (i = 0; i < n; i++)
		icalcomponent_add_component(cal, vevent(&evs[i]));
	s = icalcomponent_as_ical_string_r(cal);
	rc = s ? buf_puts(b, s) : -1;
	free(s);
	icalcomponent_free(cal);
	return rc;
}

/* See ics.h. */
int
ics_render(struct buf *b, const struct ics_event *ev, enum ics_method m)
{
	return ics_calendar(b, ev, 1, NULL, m);
}

/* See ics.h. */
const char *
ics_ticket_description(struct arena *a, const char *event)
{
	return arena_printf(a, _("%s. Show your ticket's QR code at the door; "
	    "if you cannot come, cancel from your ticket so that someone on "
	    "the waiting list gets your place."), event ? event : "");
}
