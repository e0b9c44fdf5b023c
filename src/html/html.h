/* html.h: an HTML writer that escapes everything that is not a string literal. */
#ifndef CONVENE_HTML_H
#define CONVENE_HTML_H

#include <stdint.h>
#include <libintl.h>

struct buf;

struct html {
	struct buf *b;
};

/* Raw markup: only string literals compile ("" s "" rejects variables). */
#define html_lit(h, s) html_raw_((h), "" s "")
void html_raw_(struct html *h, const char *literal);

/*
 * Translated text (i18n.h): the literal's translation in this thread's
 * language, escaped; html_tf formats it first; html_attr_t writes it as an
 * attribute. html_tm is translated markup, for a sentence with a link or
 * emphasis inside: the literal and its translations (po/, in the tree)
 * are as trusted as any html_lit.
 */
#define html_t(h, s) html_text((h), gettext("" s ""))
#define html_tf(h, fmt, ...) html_textf((h), gettext("" fmt ""), __VA_ARGS__)
#define html_attr_t(h, name, s) html_attr_((h), "" name "", gettext("" s ""))
#define html_tm(h, s) html_raw_((h), gettext("" s ""))

/* Text content, escaped (& < > " '). NULL writes nothing. */
void html_text(struct html *h, const char *s);
/* Formatted text, escaped after formatting. */
void html_textf(struct html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An integer as text. */
void html_int(struct html *h, int64_t v);
/*
 * A decimal number as text: at most two decimals, no trailing zeros and no
 * exponent ("12.5", "3"); NaN and infinities become "0".
 */
void html_num(struct html *h, double v);
/*
 * An attribute: ` name="value"` with value escaped. The name must be a
 * string literal.
 */
#define html_attr(h, name, v) html_attr_((h), "" name "", (v))
void html_attr_(struct html *h, const char *name, const char *value);
/* Formatted attribute value, escaped after formatting. */
#define html_attrf(h, name, ...) html_attrf_((h), "" name "", __VA_ARGS__)
void html_attrf_(struct html *h, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Numeric attributes: ` name="42"`, and a decimal as html_num writes it. */
#define html_attr_int(h, name, v) html_attr_int_((h), "" name "", (v))
void html_attr_int_(struct html *h, const char *name, int64_t v);
#define html_attr_num(h, name, v) html_attr_num_((h), "" name "", (v))
void html_attr_num_(struct html *h, const char *name, double v);
/*
 * A URL attribute (href, src, action): allowed are http:, https: and
 * local paths starting with one "/"; anything else becomes "#".
 * Characters outside the URL set are percent-encoded.
 */
#define html_url(h, name, v) html_url_((h), "" name "", (v))
void html_url_(struct html *h, const char *name, const char *url);
/* 1 when url would be written as given by html_url (not replaced by "#"). */
int html_url_allowed(const char *url);

/* The SVG namespace attribute, for an <svg> that must also stand alone. */
#define html_svg_xmlns(h) \
	html_lit((h), " xmlns=\"http://www.w3.org/2000/svg\"")

/* Escapes s into b (exposed for JSON-free contexts and tests). */
void html_escape(struct buf *b, const char *s);

#endif
