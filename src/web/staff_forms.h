/* staff_forms.h: the staff forms' field tables and checks, shared by pages and the API. */
#ifndef CONVENE_STAFF_FORMS_H
#define CONVENE_STAFF_FORMS_H

#include <stdint.h>

#include "field.h"
#include "store.h"

struct arena;
struct html;
struct http_form;

#define SF_MAX 20	/* fields in the largest form */

/* Raw values as entered, the clean values, and a message per wrong field. */
struct sf {
	const struct field	*fields;
	int			 n;
	const char		*raw[SF_MAX];
	const char		*val[SF_MAX];
	const char		*err[SF_MAX];
	int			 nerr;
	const char		*idp;		/* element id prefix; NULL: "f" */
};

enum ev_f {
	EV_TITLE, EV_DESCR, EV_VENUE, EV_TOUR, EV_HOSTS, EV_CANCELLED,
	EV_PUBLISHED, EV__MAX
};
enum ss_f {
	SS_TITLE, SS_DESCR, SS_INSTRUCTOR, SS_AUDIENCE, SS_SECTORS,
	SS_CAPACITY, SS_CE, SS_STARTS, SS_ENDS, SS_OPENS, SS_CLOSES,
	SS_SHARE, SS_EVAL, SS_DELIVERY, SS_TOLERANCE, SS_PARTIAL,
	SS_CANCELLED, SS_QA_OPENS, SS__MAX
};
enum ve_f { VE_NAME, VE_ADDRESS, VE_CITY, VE_STATE, VE_TZ, VE__MAX };
enum or_f { OR_NAME, OR__MAX };
enum sp_f { SP_NAME, SP_BIO, SP__MAX };
enum to_f { TO_TITLE, TO_SPEAKER, TO__MAX };
enum us_f { US_NAME, US_PASSWORD, US_ROLES, US_ORG, US_DISABLED, US__MAX };
enum wi_f { WI_NAME, WI_EMAIL, WI_SECTOR, WI_ORG, WI_COUNTY, WI__MAX };

extern const struct field sf_event[EV__MAX];
extern const struct field sf_session[SS__MAX];
extern const struct field sf_venue[VE__MAX];
extern const struct field sf_org[OR__MAX];
extern const struct field sf_speaker[SP__MAX];
extern const struct field sf_tour[TO__MAX];
extern const struct field sf_user[US__MAX];

/* Prepares f for a table of n fields. */
void sf_init(struct sf *f, const struct field *fields, int n);
/* Raw values from a form body; repeated keys (checkboxes) joined by ','. */
void sf_from_form(struct sf *f, struct arena *a, const struct http_form *form);
/*
 * The same over the values f holds already (an existing thing's): only the
 * fields the form sent are replaced, so a form missing one never wipes it.
 * A form lists its checkboxes in "shown" (comma list of names): an unticked
 * one sends nothing but is still replaced.
 */
void sf_overlay_form(struct sf *f, struct arena *a,
    const struct http_form *form);
/* Marks field i wrong with msg (keeps the first message). */
void sf_fail(struct sf *f, int i, const char *msg);
/* Checks field i by its table entry; options for FIELD_CHOICE. */
void sf_check(struct sf *f, struct arena *a, int i, int required,
    const struct field_option *opts, size_t nopts);
/* Parses a comma list of ids, each among opts; -1 on an unknown one. */
int sf_ids(const char *list, const struct field_option *opts, size_t nopts,
    int64_t *ids, size_t max, size_t *n);

/* Options built from the database, for selects and checkbox groups. */
size_t sf_options(struct arena *a, const struct store_item *items, size_t n,
    struct field_option **out);

/*
 * Checks an event form against the venues, tours and organisations that
 * exist; fills the ids. Returns the number of wrong fields.
 */
/* Checks the roles and organisation of a user form (a partner needs one),
 * for pages and the API alike; fills roles and org. */
void sf_user_check(struct sf *f, struct arena *a, struct store *s,
    unsigned *roles, int64_t *org);
int sf_event_check(struct sf *f, struct arena *a, struct store *s,
    int64_t *venue, int64_t *tour, int64_t *hosts, size_t *nhosts);
/*
 * Checks a session form in time zone zone and fills out (title, times,
 * capacity...). Returns the number of wrong fields.
 */
int sf_session_check(struct sf *f, struct arena *a, const char *zone,
    struct store_session *out);

/* Draws checkboxes named name for opts, ticking those in the comma list. */
void sf_checkboxes(struct html *h, const char *name, const char *legend,
    const struct field_option *opts, size_t nopts, const char *ticked,
    const char *err);
/* Draws field i with its value and error. */
void sf_render(struct html *h, struct arena *a, const struct sf *f, int i,
    int required, const struct field_option *opts, size_t nopts);
/* Raw values of an existing event (hosts and venue as ids) or session. */
void sf_event_raw(struct sf *f, struct arena *a, struct store *s,
    const struct store_event *e);
void sf_session_raw(struct sf *f, struct arena *a,
    const struct store_session *s);
/* The local "YYYY-MM-DDTHH:MM" of t in zone (for datetime-local inputs). */
const char *sf_local(struct arena *a, const char *zone, int64_t t);

#endif
