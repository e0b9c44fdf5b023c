/* multipart.c: one named part of a multipart/form-data body (a file upload), without copying it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "form.h"

#define BOUNDARY_MAX	70	/* RFC 2046 */

/* The boundary parameter of a Content-Type into out; 0 or -1. */
static int
boundary_of(const char *ctype, char out[BOUNDARY_MAX + 1])
{
	const char *p;
	size_t n;

	if (ctype == NULL || strncasecmp(ctype, "multipart/form-data", 19) != 0 ||
	    (p = strstr(ctype, "boundary=")) == NULL)
		return -1;
	p += 9;
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
		if (p[n] != '"')
			return -1;
	} else
		n = strcspn(p, "; \t");
	if (n == 0 || n > BOUNDARY_MAX)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* 1 when the part's headers (hdr, n bytes) name it name. */
static int
named(const char *hdr, size_t n, const char *name)
{
	char want[128];
	size_t w;

	if (snprintf(want, sizeof(want), "name=\"%s\"", name) >=
	    (int)sizeof(want))
		return 0;
	w = strlen(want);
	while (n >= w) {
		const char *p = memchr(hdr, 'n', n - w + 1);

		if (p == NULL)
			return 0;
		/* "filename=" holds "name=" too: only a whole parameter. */
		if (memcmp(p, want, w) == 0 && (p == hdr || p[-1] == ' ' ||
		    p[-1] == ';'))
			return 1;
		n -= (size_t)(p - hdr) + 1;
		hdr = p + 1;
	}
	return 0;
}

/* See form.h. */
int
http_multipart_get(const char *ctype, const char *body, size_t len,
    const char *name, const char **data, size_t *dlen)
{
	char b[BOUNDARY_MAX + 1], delim[BOUNDARY_MAX + 5];
	const char *p, *end = body + len, *hdr, *start, *next;
	size_t dl;

	*data = NULL;
	*dlen = 0;
	if (body == NULL || boundary_of(ctype, b) == -1)
		return -1;
	dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", b);
	/* The first delimiter may open the body without its CRLF. */
	if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
		p = body + dl - 2;
	else if ((p = memmem(body, len, delim, dl)) != NULL)
		p += dl;
	else
		return -1;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return -1;	/* the closing delimiter: not found */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		hdr = p + 2;
		if ((start = memmem(hdr, (size_t)(end - hdr), "\r\n\r\n", 4)) ==
		    NULL)
			return -1;
		if ((next = memmem(start + 4, (size_t)(end - start - 4), delim,
		    dl)) == NULL)
			return -1;
		if (named(hdr, (size_t)(start - hdr), name)) {
			*data = start + 4;
			*dlen = (size_t)(next - start - 4);
			return 0;
		}
		p = next + dl;
	}
}
