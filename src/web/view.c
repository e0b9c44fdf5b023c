/* view.c: session facts shown alike on the event, registration and ticket pages. */
#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "fmt.h"
#include "view.h"

/* See view.h. */
int
view_reg_state(const struct store_session *s, int64_t now)
{
	return (int)core_reg_state(now, s->reg_opens_at, s->reg_closes_at,
	    s->starts_at, s->cancelled || s->event_cancelled);
}

/* See view.h. */
void
view_place(struct html *h, const struct store_session *s)
{
	html_text(h, s->venue);
	html_lit(h, ", ");
	html_text(h, s->city);
	html_lit(h, ", ");
	html_text(h, s->state);
}

static void
sectors(struct html *h, unsigned mask)
{
	int i, first = 1;

	if (mask == 0) {
		html_t(h, "All sectors");
		return;
	}
	for (i = 0; i < SECTOR__MAX; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			html_lit(h, ", ");
		html_text(h, gettext(core_sector_names[i]));
		first = 0;
	}
}

/* See view.h. */
void
view_session_facts(struct html *h, struct arena *a,
    const struct store_session *s, const char *zone, int64_t now)
{
	int64_t left = core_places_left(s->capacity, s->confirmed);
	int state = view_reg_state(s, now);

	html_lit(h, "<dl class=\"facts\">\n<dt>");
	html_t(h, "When");
	html_lit(h, "</dt><dd>");
	html_text(h, fmt_when(a, zone, s->starts_at, s->ends_at));
	html_lit(h, "</dd>\n<dt>");
	html_t(h, "Who");
	html_lit(h, "</dt><dd>");
	if (s->audience == AUDIENCE_PROFESSIONAL)
		sectors(h, s->sectors);
	else
		html_t(h, "Open to everyone; nothing personal is asked");
	html_lit(h, "</dd>\n");
	if (s->instructor) {
		html_lit(h, "<dt>");
		html_t(h, "Speaker");
		html_lit(h, "</dt><dd>");
		html_text(h, s->instructor);
		html_lit(h, "</dd>\n");
	}
	if (s->ce_hours > 0) {
		html_lit(h, "<dt>");
		html_t(h, "CE hours");
		html_lit(h, "</dt><dd>");
		html_text(h, fmt_hours(a, s->ce_hours));
		html_lit(h, "</dd>\n");
	}
	html_lit(h, "<dt>");
	html_t(h, "Places");
	html_lit(h, "</dt><dd class=\"places\">");
	if (left < 0)
		html_t(h, "No limit");
	else if (left == 0)
		html_tf(h, "Full (%lld of %lld taken); the waiting list is "
		    "open, %lld waiting", (long long)s->confirmed,
		    (long long)s->capacity, (long long)s->waitlisted);
	else
		html_tf(h, "%lld of %lld left", (long long)left,
		    (long long)s->capacity);
	html_lit(h, "</dd>\n<dt>");
	html_t(h, "Registration");
	html_lit(h, "</dt><dd class=\"reg-state\">");
	if (state == REG_OPEN) {
		html_t(h, "Open until ");
		html_text(h, fmt_moment(a, zone, s->reg_closes_at ?
		    s->reg_closes_at : s->starts_at));
	} else if (state == REG_NOT_YET) {
		html_t(h, "Not yet open: opens ");
		html_text(h, fmt_moment(a, zone, s->reg_opens_at));
	} else if (s->cancelled || s->event_cancelled)
		html_t(h, "Closed: this session is cancelled");
	else
		html_t(h, "Closed");
	html_lit(h, "</dd>\n</dl>\n");
}
