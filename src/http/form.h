/* form.h: parsing application/x-www-form-urlencoded bodies. */
#ifndef CONVENE_FORM_H
#define CONVENE_FORM_H

#include <stddef.h>

struct arena;

#define FORM_MAX_PAIRS 64

struct http_form {
	size_t	 n;
	char	*key[FORM_MAX_PAIRS];
	char	*val[FORM_MAX_PAIRS];
};

/*
 * Parses len bytes of urlencoded data into f (strings in arena).
 * Returns 0, or -1 for too many pairs or a NUL byte after decoding.
 */
int http_form_parse(struct arena *a, const char *data, size_t len,
    struct http_form *f);
/* First value for key, or NULL. */
const char *http_form_get(const struct http_form *f, const char *key);

#endif
