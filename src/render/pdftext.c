/* pdftext.c: Pango text layout for the PDFs: faces with CJK fallback, wrapping, shrinking to fit, cutting short. */
#include <string.h>

#include "util.h"
#include "pdftext.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD for bytes that are not UTF-8 */

/*
 * Families tried in order; fontconfig falls back past them for any other
 * script. Noto CJK is named so that Han characters take one consistent face
 * instead of whichever font fontconfig meets first.
 */
static const struct {
	const char	*family;
	PangoWeight	 weight;
	PangoStyle	 style;
} faces[PDFTEXT__MAX] = {
	[PDFTEXT_SERIF] = { "DejaVu Serif, Noto Serif CJK JP, Noto Sans CJK JP",
	    PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[PDFTEXT_SERIF_BOLD] = { "DejaVu Serif, Noto Serif CJK JP, "
	    "Noto Sans CJK JP", PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
	[PDFTEXT_SERIF_ITALIC] = { "DejaVu Serif, Noto Serif CJK JP, "
	    "Noto Sans CJK JP", PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
	[PDFTEXT_SANS] = { "DejaVu Sans, Noto Sans CJK JP",
	    PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
	[PDFTEXT_SANS_BOLD] = { "DejaVu Sans, Noto Sans CJK JP",
	    PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
	[PDFTEXT_MONO_BOLD] = { "DejaVu Sans Mono, Noto Sans Mono CJK JP",
	    PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
};

/* See pdftext.h. */
void
pdftext_clean(char *out, size_t outsz, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0, n;

	while (*p) {
		if (*p < 0x80)
			n = 1;
		else if ((*p & 0xe0) == 0xc0)
			n = 2;
		else if ((*p & 0xf0) == 0xe0)
			n = 3;
		else if ((*p & 0xf8) == 0xf0)
			n = 4;
		else
			n = 0;
		if (n == 0 || !utf8_valid((const char *)p, n)) {
			if (o + 3 >= outsz)
				break;
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
			p++;
			continue;
		}
		if (o + n >= outsz)
			break;
		if ((n == 1 && (*p <= 0x20 || *p == 0x7f)) ||
		    (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) ||
		    (n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* Sets l's face f at size points (absolute: one point is one PDF unit). */
static void
set_face(PangoLayout *l, enum pdftext_face f, double size)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, faces[f].family);
	pango_font_description_set_weight(d, faces[f].weight);
	pango_font_description_set_style(d, faces[f].style);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
}

/* Sets l to at most lines lines (1: one line), ellipsized at the end. */
static void
set_lines(PangoLayout *l, int lines)
{
	pango_layout_set_height(l, -(lines < 1 ? 1 : lines));
}

/*
 * 1 when l was set without cutting anything short and every line after the
 * first starts where the text may break (Unicode line breaking: between
 * words, between ideographs), not inside a word.
 */
static int
tidy(PangoLayout *l)
{
	const PangoLogAttr *attrs;
	const char *text = pango_layout_get_text(l);
	GSList *lines;
	int n, first = 1;
	glong at;

	if (pango_layout_is_ellipsized(l))
		return 0;
	attrs = pango_layout_get_log_attrs_readonly(l, &n);
	for (lines = pango_layout_get_lines_readonly(l); lines;
	    lines = lines->next) {
		PangoLayoutLine *line = lines->data;

		if (first) {
			first = 0;
			continue;
		}
		at = g_utf8_pointer_to_offset(text, text + line->start_index);
		if (at < n && !attrs[at].is_line_break)
			return 0;
	}
	return 1;
}

/* A new layout for cr with metrics unhinted (the page is not a screen). */
static PangoLayout *
new_layout(cairo_t *cr)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(l);
	return l;
}

/* See pdftext.h. */
PangoLayout *
pdftext_layout(cairo_t *cr, const char *text, const struct pdftext_fit *f)
{
	char t[PDFTEXT_MAX];
	PangoLayout *l = new_layout(cr);
	double size;
	int lines = f->lines < 1 ? 1 : f->lines;

	pdftext_clean(t, sizeof(t), text);
	pango_layout_set_text(l, t, -1);
	pango_layout_set_width(l, (int)(f->width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, f->align == PDFTEXT_CENTRE ?
	    PANGO_ALIGN_CENTER : f->align == PDFTEXT_RIGHT ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	set_lines(l, 1);
	for (size = f->max; size >= f->one - 0.01; size -= 0.5) {
		set_face(l, f->face, size);
		if (tidy(l))
			return l;
	}
	if (lines > 1) {
		set_lines(l, lines);
		for (size = f->one; size >= f->min - 0.01; size -= 0.5) {
			set_face(l, f->face, size);
			if (tidy(l))
				return l;
		}
	}
	set_face(l, f->face, f->min);
	return l;
}

/* See pdftext.h. */
double
pdftext_size(PangoLayout *l)
{
	const PangoFontDescription *d = pango_layout_get_font_description(l);

	return d ? (double)pango_font_description_get_size(d) / PANGO_SCALE : 0;
}

/* See pdftext.h. */
double
pdftext_first_baseline(PangoLayout *l)
{
	return (double)pango_layout_get_baseline(l) / PANGO_SCALE;
}

/* See pdftext.h. */
double
pdftext_last_baseline(PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int b;

	while (pango_layout_iter_next_line(it))
		;
	b = pango_layout_iter_get_baseline(it);
	pango_layout_iter_free(it);
	return (double)b / PANGO_SCALE;
}

/* See pdftext.h. */
void
pdftext_draw(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y - pdftext_first_baseline(l));
	pango_cairo_show_layout(cr, l);
}

/* See pdftext.h. */
void
pdftext_line(cairo_t *cr, const char *text, enum pdftext_face face,
    double size, double min, double x, double y, double maxw,
    enum pdftext_align align)
{
	struct pdftext_fit f = { face, size, min, min, 1, maxw, align };
	PangoLayout *l;

	if (maxw <= 0)
		return;
	l = pdftext_layout(cr, text, &f);
	pdftext_draw(cr, l, align == PDFTEXT_CENTRE ? x - maxw / 2 :
	    align == PDFTEXT_RIGHT ? x - maxw : x, y);
	g_object_unref(l);
}
