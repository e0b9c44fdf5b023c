/* html.h: an HTML writer that escapes everything that is not a string literal. */
#ifndef CONVENE_HTML_H
#define CONVENE_HTML_H

#include <stdint.h>

struct buf;

struct html {
	struct buf *b;
};

/* Raw markup: only string literals compile ("" s "" rejects variables). */
#define html_lit(h, s) html_raw_((h), "" s "")
void html_raw_(struct html *h, const char *literal);

/* Text content, escaped (& < > " '). NULL writes nothing. */
void html_text(struct html *h, const char *s);
/* Formatted text, escaped after formatting. */
void html_textf(struct html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An integer as text. */
void html_int(struct html *h, int64_t v);
/*
 * An attribute: ` name="value"` with value escaped. The name must be a
 * string literal.
 */
#define html_attr(h, name, v) html_attr_((h), "" name "", (v))
void html_attr_(struct html *h, const char *name, const char *value);
/*
 * A URL attribute (href, src, action): allowed are http:, https: and
 * local paths starting with one "/"; anything else becomes "#".
 * Characters outside the URL set are percent-encoded.
 */
#define html_url(h, name, v) html_url_((h), "" name "", (v))
void html_url_(struct html *h, const char *name, const char *url);
/* 1 when url would be written as given by html_url (not replaced by "#"). */
int html_url_allowed(const char *url);

/* Escapes s into b (exposed for JSON-free contexts and tests). */
void html_escape(struct buf *b, const char *s);

#endif
