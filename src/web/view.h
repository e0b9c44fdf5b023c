/* view.h: pieces of markup that several pages show the same way. */
#ifndef CONVENE_VIEW_H
#define CONVENE_VIEW_H

#include <stdint.h>

struct arena;
struct html;
struct store_session;

/* The session's facts as a description list: when, who, CE hours, places, registration. */
void view_session_facts(struct html *h, struct arena *a,
    const struct store_session *s, const char *zone, int64_t now);
/* "Venue, City, ST" for the session's event. */
void view_place(struct html *h, const struct store_session *s);
/* Registration state of s at now (enum reg_state). */
int view_reg_state(const struct store_session *s, int64_t now);

#endif
