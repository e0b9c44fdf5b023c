/* svg.c: horizontal bar charts in SVG, one row a value, through the escaping writer. */
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
label(struct html *h, const char *s)
{
	const char *p = s;
	size_t chars = 0;
	char *cut;

	for (; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && chars++ == LABEL_CHARS)
			break;
	if (*p == '\0') {
		html_text(h, s);
		return;
	}
	cut = xmalloc((size_t)(p - s) + 4);
	memcpy(cut, s, (size_t)(p - s));
	strcpy(cut + (p - s), "\xe2\x80\xa6");
	html_text(h, cut);
	free(cut);
}

/* See svg.h. */
void
svg_bars(struct buf *b, const char *title, const char *const *labels,
    const double *values, size_t n, const char *unit)
{
	struct html h = { b };
	double max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	html_lit(&h, "<svg class=\"chart\"");
	html_svg_xmlns(&h);
	html_attrf(&h, "viewBox", "0 0 %d %zu", WIDTH, n * ROW + 8);
	html_lit(&h, " role=\"img\"><title>");
	html_text(&h, title);
	html_lit(&h, "</title>");
	for (i = 0; i < n; i++) {
		/* A negative or NaN value draws no bar rather than a bad one. */
		double w = max > 0 && values[i] > 0 ? values[i] / max * BAR_W :
		    0;
		int y = (int)(i * ROW) + 4;

		html_lit(&h, "<text");
		html_attr_int(&h, "x", LABEL_W - 8);
		html_attr_int(&h, "y", y + 18);
		html_lit(&h, " text-anchor=\"end\" font-size=\"14\" "
		    "fill=\"#1d1f24\">");
		label(&h, labels[i]);
		html_lit(&h, "</text><rect");
		html_attr_int(&h, "x", LABEL_W);
		html_attr_int(&h, "y", y);
		html_attr_num(&h, "width", w);
		html_attr_int(&h, "height", ROW - 8);
		html_lit(&h, " fill=\"#0b5c6b\"/><text");
		html_attr_num(&h, "x", LABEL_W + w + 6);
		html_attr_int(&h, "y", y + 18);
		html_lit(&h, " font-size=\"14\" fill=\"#1d1f24\">");
		html_num(&h, values[i]);
		html_text(&h, unit);
		html_lit(&h, "</text>");
	}
	html_lit(&h, "</svg>");
}
