/* form.c: urlencoded form bodies into key/value pairs. */
#include <string.h>

#include "util.h"
#include "form.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) ('+' is space, %XX a byte); NULL when a NUL appears. */
static char *
decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			*o = (char)(hi * 16 + lo);
			if (*o == '\0')
				return NULL;
			o++;
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* See form.h. */
int
http_form_parse(struct arena *a, const char *data, size_t len,
    struct http_form *f)
{
	const char *p = data, *end = data + len, *amp, *eq;

	f->n = 0;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p) {
			if (f->n == FORM_MAX_PAIRS)
				return -1;
			eq = memchr(p, '=', (size_t)(amp - p));
			if (eq == NULL)
				eq = amp;
			f->key[f->n] = decode(a, p, (size_t)(eq - p));
			f->val[f->n] = eq < amp ?
			    decode(a, eq + 1, (size_t)(amp - eq - 1)) :
			    arena_strdup(a, "");
			if (f->key[f->n] == NULL || f->val[f->n] == NULL)
				return -1;
			f->n++;
		}
		p = amp + 1;
	}
	return 0;
}

/* First value for key. */
const char *
http_form_get(const struct http_form *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			return f->val[i];
	return NULL;
}
