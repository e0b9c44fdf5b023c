/* html.c: escaping writer for HTML text, attributes and URLs (after kcgi's khtml). */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "html.h"

/* Escapes the five characters that matter in text and quoted attributes. */
void
html_escape(struct buf *b, const char *s)
{
	const char *p, *run;

	for (run = p = s; *p; p++) {
		const char *rep;

		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
}

/* Writes literal markup (use the html_lit macro). */
void
html_raw_(struct html *h, const char *literal)
{
	buf_puts(h->b, literal);
}

/* Writes escaped text. */
void
html_text(struct html *h, const char *s)
{
	if (s != NULL)
		html_escape(h->b, s);
}

/*
 * Formats into small when it fits, else into an allocation the caller
 * frees (whatever is not small); NULL when the format fails.
 */
static char *
vformat(char *small, size_t smallsz, const char *fmt, va_list ap)
{
	va_list again;
	char *p = NULL;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, smallsz, fmt, ap);
	if (n < 0)
		goto out;
	if ((size_t)n < smallsz) {
		p = small;
		goto out;
	}
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, again);
out:
	va_end(again);
	return p;
}

/* Writes escaped formatted text. */
void
html_textf(struct html *h, const char *fmt, ...)
{
	char small[256], *p;
	va_list ap;

	va_start(ap, fmt);
	p = vformat(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (p == NULL)
		return;
	html_escape(h->b, p);
	if (p != small)
		free(p);
}

/* Writes an integer. */
void
html_int(struct html *h, int64_t v)
{
	buf_printf(h->b, "%lld", (long long)v);
}

/* Appends v as html_num describes; digits, "-" and "." only. */
static void
num(struct buf *b, double v)
{
	char s[DBL_MAX_10_EXP + 8];	/* every digit of the largest double */
	size_t n;

	if (!isfinite(v))
		v = 0;
	snprintf(s, sizeof(s), "%.2f", v);
	n = strlen(s);
	while (s[n - 1] == '0')
		s[--n] = '\0';
	if (s[n - 1] == '.')
		s[--n] = '\0';
	buf_puts(b, strcmp(s, "-0") == 0 ? "0" : s);
}

/* Writes a decimal number. */
void
html_num(struct html *h, double v)
{
	num(h->b, v);
}

/* Writes ` name="value"` with value formatted, then escaped. */
void
html_attrf_(struct html *h, const char *name, const char *fmt, ...)
{
	char small[256], *p;
	va_list ap;

	va_start(ap, fmt);
	p = vformat(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (p == NULL)
		return;
	html_attr_(h, name, p);
	if (p != small)
		free(p);
}

/* Writes ` name="integer"`. */
void
html_attr_int_(struct html *h, const char *name, int64_t v)
{
	buf_printf(h->b, " %s=\"%lld\"", name, (long long)v);
}

/* Writes ` name="decimal"`. */
void
html_attr_num_(struct html *h, const char *name, double v)
{
	buf_printf(h->b, " %s=\"", name);
	num(h->b, v);
	buf_putc(h->b, '"');
}

/* Writes ` name="escaped value"`. */
void
html_attr_(struct html *h, const char *name, const char *value)
{
	buf_putc(h->b, ' ');
	buf_puts(h->b, name);
	buf_puts(h->b, "=\"");
	if (value != NULL)
		html_escape(h->b, value);
	buf_putc(h->b, '"');
}

/* 1 for http(s) URLs and local paths ("/x", not "//host"). */
int
html_url_allowed(const char *url)
{
	if (url == NULL)
		return 0;
	if (url[0] == '/' && url[1] != '/' && url[1] != '\\')
		return 1;
	if (strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "http://", 7) == 0)
		return 1;
	return 0;
}

/* Writes ` name="url"`, percent-encoding what a URL may not hold raw. */
void
html_url_(struct html *h, const char *name, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_putc(h->b, ' ');
	buf_puts(h->b, name);
	buf_puts(h->b, "=\"");
	if (!html_url_allowed(url))
		url = "#";
	for (p = (const unsigned char *)url; *p; p++) {
		if (*p == '&')
			buf_puts(h->b, "&amp;");
		else if (*p <= 0x20 || *p >= 0x7f || *p == '"' ||
		    *p == '\'' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '`') {
			buf_putc(h->b, '%');
			buf_putc(h->b, hex[*p >> 4]);
			buf_putc(h->b, hex[*p & 15]);
		} else
			buf_putc(h->b, (char)*p);
	}
	buf_putc(h->b, '"');
}
