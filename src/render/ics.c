/* ics.c: iCalendar files and feeds, escaped and folded by libical. */
#include <stdlib.h>

#include <libical/ical.h>

#include "util.h"
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
		ICAL_STATUS_CONFIRMED),
	    (void *)0);
	if (ev->location)
		icalcomponent_add_property(vev,
		    icalproperty_new_location(ev->location));
	if (ev->description && *ev->description)
		icalcomponent_add_property(vev,
		    icalproperty_new_description(ev->description));
	if (ev->url)
		icalcomponent_add_property(vev, icalproperty_new_url(ev->url));
	return vev;
}

/* See ics.h. */
int
ics_calendar(struct buf *b, const struct ics_event *evs, size_t n,
    const char *name)
{
	icalcomponent *cal;
	char *s;
	size_t i;
	int rc;

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//convene//convene " CONVENE_VERSION "//EN"),
	    icalproperty_new_method(ICAL_METHOD_PUBLISH),
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
ics_render(struct buf *b, const struct ics_event *ev)
{
	return ics_calendar(b, ev, 1, NULL);
}
