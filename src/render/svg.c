/* svg.c: horizontal bar charts in SVG: one row a value, to scale, labels escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "html.h"
#include "svg.h"

#define ROW	28
#define LABEL_W	260
#define LABEL_CHARS 30	/* longer labels are cut with an ellipsis */
#define BAR_W	330
#define WIDTH	(LABEL_W + BAR_W + 70)

/* Writes at most LABEL_CHARS characters of s, escaped, cut with "…". */
static void
label(struct buf *b, const char *s)
{
	const char *p = s;
	size_t chars = 0;
	char *cut;

	for (; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && chars++ == LABEL_CHARS)
			break;
	if (*p == '\0') {
		html_escape(b, s);
		return;
	}
	cut = xmalloc((size_t)(p - s) + 4);
	memcpy(cut, s, (size_t)(p - s));
	strcpy(cut + (p - s), "\xe2\x80\xa6");
	html_escape(b, cut);
	free(cut);
}

/* See svg.h. */
void
svg_bars(struct buf *b, const char *title, const char *const *labels,
    const double *values, size_t n, const char *unit)
{
	double max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	buf_printf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %zu\" role=\"img\">",
	    WIDTH, n * ROW + 8);
	buf_puts(b, "<title>");
	html_escape(b, title);
	buf_puts(b, "</title>");
	for (i = 0; i < n; i++) {
		double w = max > 0 ? values[i] / max * BAR_W : 0;
		int y = (int)(i * ROW) + 4;

		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"14\" fill=\"#1d1f24\">", LABEL_W - 8, y + 18);
		label(b, labels[i]);
		buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"#0b5c6b\"/><text x=\"%.1f\" y=\"%d\" "
		    "font-size=\"14\" fill=\"#1d1f24\">%g%s</text>", LABEL_W, y,
		    w, ROW - 8, LABEL_W + w + 6, y + 18, values[i],
		    unit ? unit : "");
	}
	buf_puts(b, "</svg>");
}
