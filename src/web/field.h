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
};

struct field {
	const char	*name;
	const char	*label;
	enum field_type	 type;
	size_t		 maxlen;	/* in characters */
	const char	*autocomplete;
	const char	*hint;		/* shown under the label; may be NULL */
};

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

#endif
