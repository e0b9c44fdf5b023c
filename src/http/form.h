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

/*
 * Finds the part called name in a multipart/form-data body of len bytes
 * (ctype: the request's Content-Type, with its boundary): 0 with *data and
 * *dlen its bytes inside body (not copied, not NUL-ended), -1 when there is
 * none or the body is not such a form.
 */
int http_multipart_get(const char *ctype, const char *body, size_t len,
    const char *name, const char **data, size_t *dlen);

#endif
