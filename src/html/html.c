/* html.c: escaping writer for HTML text, attributes and URLs (after kcgi's khtml). */
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

/* Writes escaped formatted text. */
void
html_textf(struct html *h, const char *fmt, ...)
{
	char small[256], *p = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		p = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
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
