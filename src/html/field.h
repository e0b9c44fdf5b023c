/* field.h: form fields described by a table, validated and drawn from it. */
#ifndef CONVENE_FIELD_H
#define CONVENE_FIELD_H

#include <stddef.h>

struct arena;
struct html;

enum field_type {
	FIELD_TEXT,
	FIELD_EMAIL,
	FIELD_CHOICE,	/* one of the options the caller passes */
	FIELD_PASSWORD,	/* never drawn back into the page */
	FIELD_TEXTAREA,	/* several lines */
	FIELD_INT,	/* a whole number from 0 to 1000000 */
	FIELD_NUMBER,	/* a decimal number from 0 to 1000 */
	FIELD_DATETIME,	/* local "YYYY-MM-DDTHH:MM", as datetime-local sends */
	FIELD_TZ,	/* an IANA time-zone name */
};

struct field {
	const char	*name;
	const char	*label;
	enum field_type	 type;
	size_t		 maxlen;	/* in characters */
	const char	*autocomplete;
	const char	*hint;		/* shown under the label; may be NULL */
	const char	*missing;	/* message when required and empty; NULL: "<label> is required." */
};

/* Parses a FIELD_DATETIME value into its parts; 0 or -1. */
int field_datetime(const char *v, int *y, int *mo, int *d, int *h, int *mi);

struct field_option {
	const char	*value;
	const char	*label;
};

/*
 * Validates one raw value: trims it, requires valid UTF-8 without control
 * characters, at most maxlen characters, a plausible address for
 * FIELD_EMAIL and one of the options for FIELD_CHOICE. On success *val is
 * the clean value (NULL when empty) and 0 is returned; otherwise *err is a
 * message for the person and -1 is returned.
 */
int field_check(struct arena *a, const struct field *f, const char *raw,
    int required, const struct field_option *opts, size_t nopts,
    const char **val, const char **err);

/*
 * Draws the labelled control for f with value and error (either NULL);
 * a FIELD_CHOICE becomes a select of opts with an empty first choice.
 */
void field_render(struct html *h, struct arena *a, const struct field *f,
    const char *value,
    const char *err, int required, const struct field_option *opts,
    size_t nopts);

/* The same with element ids prefixed by idp, for several forms on a page. */
void field_render_id(struct html *h, struct arena *a, const struct field *f,
    const char *value, const char *err, int required,
    const struct field_option *opts, size_t nopts, const char *idp);

#endif
