/* pdftext.h: text on cairo pages laid out by Pango (fontconfig finds a font for every script), fitted to its place. */
#ifndef CONVENE_PDFTEXT_H
#define CONVENE_PDFTEXT_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

/*
 * Every PDF drawn by convene sets its text through here, so that a name in
 * any script prints: Latin, Cyrillic and Greek come from DejaVu, Chinese,
 * Japanese and Korean from Noto CJK, anything else from whatever fontconfig
 * finds. Text is UTF-8; pdftext_clean() makes any bytes safe first.
 */

enum pdftext_face {
	PDFTEXT_SERIF,
	PDFTEXT_SERIF_BOLD,
	PDFTEXT_SERIF_ITALIC,
	PDFTEXT_SANS,
	PDFTEXT_SANS_BOLD,
	PDFTEXT_MONO_BOLD,
	PDFTEXT__MAX
};

enum pdftext_align { PDFTEXT_LEFT, PDFTEXT_CENTRE, PDFTEXT_RIGHT };

#define PDFTEXT_MAX	512	/* bytes of one field kept; more is never legible */

/*
 * Copies s (NULL: "") into out, at most outsz - 1 bytes and only whole
 * characters: invalid UTF-8 becomes U+FFFD, control characters (C0, DEL,
 * C1, line and paragraph separators) a space, runs of spaces one space, and
 * the ends are trimmed.
 */
void pdftext_clean(char *out, size_t outsz, const char *s);

/* How a piece of text may be fitted into its place. */
struct pdftext_fit {
	enum pdftext_face	 face;
	double			 max;	/* the size wanted, in points */
	double			 one;	/* smallest size kept on one line */
	double			 min;	/* smallest size at all */
	int			 lines;	/* most lines (1: never wrapped) */
	double			 width;	/* the place's width, in points */
	enum pdftext_align	 align;
};

/*
 * Lays out text (cleaned here, at most PDFTEXT_MAX bytes kept) by f: on one
 * line at the largest size from max down to one that fits; else on at most
 * f->lines lines at the largest size from one down to min that breaks only
 * where a line may break (between words, or between CJK characters); else at
 * min, wrapped anywhere and cut short with "…". Returns a layout for cr that
 * the caller frees with g_object_unref(); text "" gives an empty layout.
 */
PangoLayout *pdftext_layout(cairo_t *cr, const char *text,
    const struct pdftext_fit *f);

/* From the layout's top: its first line's baseline and its last line's
 * (in points). */
double pdftext_first_baseline(PangoLayout *l);
double pdftext_last_baseline(PangoLayout *l);

/* The size in points the layout was set at. */
double pdftext_size(PangoLayout *l);

/*
 * Draws l with its box's left edge at x (the box is f->width wide; the
 * layout's alignment places lines inside it) and its first baseline at y.
 */
void pdftext_draw(cairo_t *cr, PangoLayout *l, double x, double y);

/*
 * One line: text at x (its left end, centre or right end by align),
 * baseline y, no wider than maxw, at size or smaller down to min, else cut
 * short with "…".
 */
void pdftext_line(cairo_t *cr, const char *text, enum pdftext_face face,
    double size, double min, double x, double y, double maxw,
    enum pdftext_align align);

#endif
