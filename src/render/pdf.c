/* pdf.c: certificates and sign-in sheets drawn with cairo's PDF surface. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <qrencode.h>

#include "util.h"
#include "pdf.h"

#define TEXT_MAX	512	/* bytes of one field kept; more is never legible */
#define ELLIPSIS	"\xe2\x80\xa6"	/* … */
#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD for bytes that are not UTF-8 */
#define DOT		" \xc2\xb7 "	/* " · " between items on one line */

/* Points: US Letter is 8.5 by 11 inches of 72 points. */
#define LETTER_SHORT	612.0
#define LETTER_LONG	792.0

enum face { SERIF, SERIF_BOLD, SERIF_ITALIC, SANS, SANS_BOLD, MONO_BOLD };

/* Text colours: ink for what matters, grey for labels. */
#define INK	0.10
#define GREY	0.40

/* cairo's write callback: appends to the struct buf behind closure. */
static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/*
 * Copies s (NULL: "") into out, at most outsz - 1 bytes and only whole
 * characters: invalid UTF-8 becomes U+FFFD, control characters (C0, DEL,
 * C1, line and paragraph separators) a space, runs of spaces one space,
 * and the ends are trimmed.
 * cairo refuses a whole string for one bad byte, so all text passes here.
 */
static void
clean(char *out, size_t outsz, const char *s)
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

/* Selects one of the DejaVu faces at size points. */
static void
face(cairo_t *cr, enum face f, double size)
{
	const char *family = f == MONO_BOLD ? "DejaVu Sans Mono" :
	    (f == SANS || f == SANS_BOLD) ? "DejaVu Sans" : "DejaVu Serif";

	cairo_select_font_face(cr, family,
	    f == SERIF_ITALIC ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
	    (f == SERIF_BOLD || f == SANS_BOLD || f == MONO_BOLD) ?
	    CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* Advance width of s in the current face. */
static double
width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/* Advance width of the first n (at most TEXT_MAX) bytes of s, then suffix. */
static double
width_n(cairo_t *cr, const char *s, size_t n, const char *suffix)
{
	char tmp[TEXT_MAX + sizeof(ELLIPSIS)];

	memcpy(tmp, s, n);
	strcpy(tmp + n, suffix);
	return width(cr, tmp);
}

/* Copies s into out (TEXT_MAX + 1 bytes at least), cut to whole characters. */
static void
clip(char *out, const char *s)
{
	size_t n = strlen(s);

	if (n > TEXT_MAX)
		for (n = TEXT_MAX; n > 0 && (s[n] & 0xc0) == 0x80; n--)
			;
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * The most bytes of s (n long, whole characters) that, followed by suffix,
 * are no wider than maxw; 0 when not even one character fits.
 */
static size_t
fit_prefix(cairo_t *cr, const char *s, size_t n, double maxw,
    const char *suffix)
{
	size_t at[TEXT_MAX + 1], nc = 0, lo, hi, mid, i;

	if (n > TEXT_MAX)	/* longer never fits: cut at a character */
		for (n = TEXT_MAX; n > 0 && (s[n] & 0xc0) == 0x80; n--)
			;
	for (i = 0; i <= n; i++)
		if (i == n || (s[i] & 0xc0) != 0x80)
			at[nc++] = i;
	/* at[0] = 0 and at[nc - 1] = n: the places a prefix may end. */
	lo = 0;
	hi = nc - 1;
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (width_n(cr, s, at[mid], suffix) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	return at[lo];
}

/* Copies the first n bytes of s into out (n + 4 bytes), then suffix. */
static void
copy_line(char *out, const char *s, size_t n, const char *suffix)
{
	while (n > 0 && s[n - 1] == ' ' && *suffix)
		n--;	/* "word …" reads worse than "word…" */
	memcpy(out, s, n);
	strcpy(out + n, suffix);
}

/*
 * Shortens s in place (room for TEXT_MAX + 4 bytes), ending it with "…",
 * until it is no wider than maxw in the current face.
 */
static void
ellipsize(cairo_t *cr, char *s, double maxw)
{
	char tmp[TEXT_MAX + sizeof(ELLIPSIS)];

	if (width(cr, s) <= maxw)
		return;
	copy_line(tmp, s, fit_prefix(cr, s, strlen(s), maxw, ELLIPSIS),
	    ELLIPSIS);
	strcpy(s, tmp);
}

/*
 * Selects face f at the largest size from max down to min (half points)
 * at which text is no wider than maxw, or at min.
 */
static void
shrink(cairo_t *cr, enum face f, double max, double min, const char *text,
    double maxw)
{
	double size;

	for (size = max; size > min; size -= 0.5) {
		face(cr, f, size);
		if (width(cr, text) <= maxw)
			return;
	}
	face(cr, f, min);
}

/* Lines of text laid out for drawing, centred, one under the other. */
#define LINES_MAX	20

struct line {
	char		 text[TEXT_MAX + sizeof(ELLIPSIS)];
	enum face	 face;
	double		 size;
	double		 gap;	/* from the previous baseline to this one */
	double		 grey;	/* colour: INK or GREY */
};

struct lines {
	struct line	 l[LINES_MAX];
	int		 n;
};

/*
 * Breaks text into at most maxlines lines no wider than maxw in the current
 * face, at spaces where it can. Writes them to out and their count to
 * *count. Returns 1 when every break fell at a space and nothing was cut.
 */
static int
wrap(cairo_t *cr, const char *text, double maxw,
    char out[][TEXT_MAX + sizeof(ELLIPSIS)], int maxlines, int *count)
{
	const char *p = text;
	size_t len, k, j;
	int n = 0, tidy = 1;

	while (*p == ' ')
		p++;
	while (*p && n < maxlines) {
		len = strlen(p);
		k = fit_prefix(cr, p, len, maxw, "");
		if (k == len) {
			copy_line(out[n++], p, len, "");
			break;
		}
		if (n == maxlines - 1) {
			copy_line(out[n++], p,
			    fit_prefix(cr, p, len, maxw, ELLIPSIS), ELLIPSIS);
			tidy = 0;
			break;
		}
		for (j = k; j > 0 && p[j] != ' '; j--)
			;
		if (j > 0) {
			copy_line(out[n++], p, j, "");
			p += j;
		} else {
			if (k == 0)	/* one character always goes */
				for (k = 1; (p[k] & 0xc0) == 0x80; k++)
					;
			copy_line(out[n++], p, k, "");
			p += k;
			tidy = 0;
		}
		while (*p == ' ')
			p++;
	}
	*count = n;
	return tidy;
}

/*
 * Adds text (already clean) to ls in face f, maxw wide: on one line at the
 * largest size from max down to one that fits; else on at most maxlines
 * lines at the largest size from one down to min that needs no word cut;
 * else at min, wrapped and cut short. The first line sits gap below the
 * previous baseline, others 1.25 sizes apart.
 */
static void
add_text(struct lines *ls, cairo_t *cr, const char *text, enum face f,
    double max, double one, double min, int maxlines, double maxw,
    double gap, double grey)
{
	char out[4][TEXT_MAX + sizeof(ELLIPSIS)];
	double size;
	int i, n = 0, tidy = 0;

	if (*text == '\0')
		return;
	if (maxlines > 4)
		maxlines = 4;
	for (size = max; size >= one; size -= 0.5) {
		face(cr, f, size);
		if ((tidy = wrap(cr, text, maxw, out, 1, &n)))
			break;
	}
	if (!tidy && maxlines > 1)
		for (size = one; size >= min; size -= 0.5) {
			face(cr, f, size);
			if ((tidy = wrap(cr, text, maxw, out, maxlines, &n)))
				break;
		}
	if (!tidy) {
		size = min;
		face(cr, f, size);
		wrap(cr, text, maxw, out, maxlines, &n);
	}
	for (i = 0; i < n && ls->n < LINES_MAX; i++) {
		struct line *l = &ls->l[ls->n++];

		strcpy(l->text, out[i]);
		l->face = f;
		l->size = size;
		l->gap = i == 0 ? gap : size * 1.25;
		l->grey = grey;
	}
}

/* Draws text in face f centred on x, baseline y. */
static void
show_centred(cairo_t *cr, const char *text, enum face f, double size,
    double x, double y)
{
	face(cr, f, size);
	cairo_move_to(cr, x - width(cr, text) / 2, y);
	cairo_show_text(cr, text);
}

/*
 * Draws ls centred horizontally on cx and vertically between top and
 * bottom (from the first line's cap height to the last line's descent).
 */
static void
draw_lines(cairo_t *cr, const struct lines *ls, double cx, double top,
    double bottom)
{
	double h = 0, y;
	int i;

	if (ls->n == 0)
		return;
	h = ls->l[0].size * 0.72;
	for (i = 1; i < ls->n; i++)
		h += ls->l[i].gap;
	h += ls->l[ls->n - 1].size * 0.24;
	y = top + ls->l[0].size * 0.72;
	if (h < bottom - top)
		y += (bottom - top - h) / 2;
	for (i = 0; i < ls->n; i++) {
		if (i > 0)
			y += ls->l[i].gap;
		cairo_set_source_rgb(cr, ls->l[i].grey, ls->l[i].grey,
		    ls->l[i].grey);
		show_centred(cr, ls->l[i].text, ls->l[i].face, ls->l[i].size,
		    cx, y);
	}
}

/*
 * Draws a QR code of text (libqrencode, level M) as a size-point square,
 * top-left at x, y, with no quiet zone of its own: the caller leaves
 * white around it. Returns 0, or -1 when text cannot be encoded.
 */
static int
draw_qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q;
	double m;
	int i, j;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return -1;
	m = size / q->width;
	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (j = 0; j < q->width; j++)
		for (i = 0; i < q->width; i++)
			if (q->data[j * q->width + i] & 1)
				cairo_rectangle(cr, x + i * m, y + j * m, m, m);
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(q);
	return 0;
}

/* A new cairo context on a PDF surface of w by h points writing to out. */
static cairo_t *
open_pdf(struct buf *out, double w, double h, const char *title)
{
	cairo_surface_t *s;
	cairo_font_options_t *fo;
	cairo_t *cr;

	s = cairo_pdf_surface_create_for_stream(write_buf, out, w, h);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "convene");
	cr = cairo_create(s);
	cairo_surface_destroy(s);	/* cr holds it now */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	return cr;
}

/*
 * Finishes the document behind cr and destroys cr. Returns 0, or -1 when
 * anything failed (the buffer full, say); out is then cut back to len.
 */
static int
close_pdf(cairo_t *cr, struct buf *out, size_t len, int rc)
{
	cairo_surface_t *s = cairo_surface_reference(cairo_get_target(cr));

	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(s);
	if (rc == -1 && out->data != NULL) {
		out->len = len;
		out->data[len] = '\0';
	}
	return rc;
}

/* Certificate page: landscape Letter, the border and the bottom band. */
#define CERT_W		LETTER_LONG
#define CERT_H		LETTER_SHORT
#define CERT_BORDER	26.0	/* outer rule's inset */
#define CERT_MARGIN	84.0	/* text's inset from the paper's edge */
#define CERT_QR		76.0	/* QR code's side */

/* The certificate's two rules, thick outside and thin inside. */
static void
cert_border(cairo_t *cr)
{
	double b = CERT_BORDER;

	cairo_set_source_rgb(cr, 0.16, 0.22, 0.32);
	cairo_set_line_width(cr, 2.4);
	cairo_rectangle(cr, b, b, CERT_W - 2 * b, CERT_H - 2 * b);
	cairo_stroke(cr);
	b += 6;
	cairo_set_line_width(cr, 0.7);
	cairo_rectangle(cr, b, b, CERT_W - 2 * b, CERT_H - 2 * b);
	cairo_stroke(cr);
}

/*
 * The bottom band: the code, "Verify at" url (clean), and at the right the
 * QR code of raw, the URL as given.
 */
static int
cert_footer(cairo_t *cr, const char *code, const char *url, const char *raw)
{
	char t[TEXT_MAX + sizeof(ELLIPSIS)], v[TEXT_MAX + 16];
	double x = CERT_BORDER + 34, qx, qy, maxw;
	double base = CERT_H - CERT_BORDER - 30;

	qx = CERT_W - CERT_BORDER - 24 - CERT_QR;
	qy = CERT_H - CERT_BORDER - 24 - CERT_QR;
	maxw = qx - 24 - x;
	if (*url && draw_qr(cr, raw, qx, qy, CERT_QR) == -1)
		return -1;
	if (*code) {
		cairo_set_source_rgb(cr, GREY, GREY, GREY);
		face(cr, SANS, 8);
		cairo_move_to(cr, x, base - 34);
		cairo_show_text(cr, "Certificate code");
		cairo_set_source_rgb(cr, INK, INK, INK);
		clip(t, code);
		shrink(cr, MONO_BOLD, 15, 8, t, maxw);
		ellipsize(cr, t, maxw);
		cairo_move_to(cr, x, base - 16);
		cairo_show_text(cr, t);
	}
	if (*url) {
		snprintf(v, sizeof(v), "Verify at %s", url);
		clip(t, v);
		cairo_set_source_rgb(cr, GREY, GREY, GREY);
		shrink(cr, SANS, 9, 6, t, maxw);
		ellipsize(cr, t, maxw);
		cairo_move_to(cr, x, base);
		cairo_show_text(cr, t);
	}
	return 0;
}

/* The rows of a sign-in sheet: portrait Letter, one table per page. */
#define SHEET_W		LETTER_SHORT
#define SHEET_H		LETTER_LONG
#define SHEET_MARGIN	36.0
#define SHEET_TABLE	118.0	/* the table's top */
#define SHEET_HEAD	18.0	/* its header row's height */
#define SHEET_ROW	20.0	/* a row's height: room for a signature */
#define SHEET_PER_PAGE	30
#define SHEET_COLS	7

static const struct {
	const char	*title;
	double		 w;
	int		 centred;
} sheet_cols[SHEET_COLS] = {
	{ "Name",		124, 0 },
	{ "Sector",		80, 0 },
	{ "Organisation",	104, 0 },
	{ "In",			33, 1 },
	{ "Out",		33, 1 },
	{ "Hours",		35, 1 },
	{ "Signature",		131, 0 },	/* 540 in all */
};

/* Draws text (not clean yet) in column c's cell with baseline y. */
static void
sheet_cell(cairo_t *cr, int c, double x, double y, const char *text)
{
	char t[TEXT_MAX + sizeof(ELLIPSIS)];
	double pad = 4, w = sheet_cols[c].w - 2 * pad;

	clean(t, TEXT_MAX, text);
	if (*t == '\0')
		return;
	ellipsize(cr, t, w);
	if (sheet_cols[c].centred)
		cairo_move_to(cr, x + pad + (w - width(cr, t)) / 2, y);
	else
		cairo_move_to(cr, x + pad, y);
	cairo_show_text(cr, t);
}

/*
 * Draws text (clean) at x, baseline y, or ending there when right, no
 * wider than maxw: at size, or smaller down to min, or cut short.
 */
static void
sheet_text(cairo_t *cr, const char *text, enum face f, double size,
    double min, double x, double y, double maxw, int right)
{
	char t[TEXT_MAX + sizeof(ELLIPSIS)];

	clip(t, text);
	shrink(cr, f, size, min, t, maxw);
	ellipsize(cr, t, maxw);
	cairo_move_to(cr, right ? x - width(cr, t) : x, y);
	cairo_show_text(cr, t);
}

/* A sign-in sheet's particulars, clean. */
struct sheet_text {
	char	 session[TEXT_MAX], event[TEXT_MAX], date[TEXT_MAX],
		 venue[TEXT_MAX], instructor[TEXT_MAX], ce_hours[TEXT_MAX],
		 provider[TEXT_MAX];
};

/*
 * The header of every page of a sign-in sheet: the session and its
 * particulars, the table's column titles, and the page number below.
 */
static void
sheet_header(cairo_t *cr, const struct sheet_text *f, int page, int pages)
{
	char t[3 * TEXT_MAX + 64];
	double x = SHEET_MARGIN, w = SHEET_W - 2 * SHEET_MARGIN, cx;
	int c;

	cairo_set_source_rgb(cr, GREY, GREY, GREY);
	sheet_text(cr, "SIGN-IN SHEET", SANS_BOLD, 8, 8, x, 46, w / 3, 0);
	sheet_text(cr, f->provider, SANS, 8, 8, x + w, 46, 2 * w / 3 - 12, 1);
	cairo_set_source_rgb(cr, INK, INK, INK);
	sheet_text(cr, *f->session ? f->session : "Session", SERIF_BOLD, 16,
	    12, x, 68, w, 0);
	sheet_text(cr, f->event, SERIF, 10.5, 9, x, 84, w, 0);
	snprintf(t, sizeof(t), "%s%s%s", f->date,
	    *f->date && *f->venue ? DOT : "", f->venue);
	sheet_text(cr, t, SANS, 9, 8, x, 98, w, 0);
	snprintf(t, sizeof(t), "%s%s%s%s%s",
	    *f->instructor ? "Instructor: " : "", f->instructor,
	    *f->instructor && *f->ce_hours ? DOT : "",
	    *f->ce_hours ? "CE hours: " : "", f->ce_hours);
	sheet_text(cr, t, SANS, 9, 8, x, 110, w, 0);

	cairo_set_source_rgb(cr, 0.90, 0.90, 0.90);
	cairo_rectangle(cr, x, SHEET_TABLE, w, SHEET_HEAD);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, INK, INK, INK);
	face(cr, SANS_BOLD, 8);
	for (c = 0, cx = x; c < SHEET_COLS; cx += sheet_cols[c++].w)
		sheet_cell(cr, c, cx, SHEET_TABLE + 12.5, sheet_cols[c].title);

	cairo_set_source_rgb(cr, GREY, GREY, GREY);
	snprintf(t, sizeof(t), "%s%s%s", f->session,
	    *f->session && *f->date ? DOT : "", f->date);
	sheet_text(cr, t, SANS, 8, 8, x, SHEET_H - 24, w - 90, 0);
	snprintf(t, sizeof(t), "Page %d of %d", page, pages);
	sheet_text(cr, t, SANS, 8, 8, x + w, SHEET_H - 24, 90, 1);
}

/* The table's rules on a page of n rows: rows, then columns. */
static void
sheet_grid(cairo_t *cr, int n)
{
	double x = SHEET_MARGIN, w = SHEET_W - 2 * SHEET_MARGIN;
	double top = SHEET_TABLE, bottom = SHEET_TABLE + SHEET_HEAD +
	    n * SHEET_ROW, cx;
	int i, c;

	cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
	cairo_set_line_width(cr, 0.5);
	for (i = 1; i <= n; i++) {
		cairo_move_to(cr, x, SHEET_TABLE + SHEET_HEAD + i * SHEET_ROW);
		cairo_rel_line_to(cr, w, 0);
	}
	for (c = 1, cx = x + sheet_cols[0].w; c < SHEET_COLS;
	    cx += sheet_cols[c++].w) {
		cairo_move_to(cr, cx, top);
		cairo_line_to(cr, cx, bottom);
	}
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	cairo_set_line_width(cr, 0.9);
	cairo_rectangle(cr, x, top, w, bottom - top);
	cairo_move_to(cr, x, top + SHEET_HEAD);
	cairo_rel_line_to(cr, w, 0);
	cairo_stroke(cr);
}

/* See pdf.h. */
int
pdf_certificate(struct buf *out, const struct pdf_certificate *c)
{
	char name[TEXT_MAX], session[TEXT_MAX], event[TEXT_MAX],
	    date[TEXT_MAX], venue[TEXT_MAX], city[TEXT_MAX],
	    instructor[TEXT_MAX], hours[TEXT_MAX], provider[TEXT_MAX],
	    code[TEXT_MAX], url[TEXT_MAX], t[3 * TEXT_MAX];
	struct lines *ls;
	double w = CERT_W - 2 * CERT_MARGIN;
	size_t len = out->len;
	cairo_t *cr;
	int rc = 0;

	clean(name, sizeof(name), c->name);
	clean(session, sizeof(session), c->session);
	clean(event, sizeof(event), c->event);
	clean(date, sizeof(date), c->date);
	clean(venue, sizeof(venue), c->venue);
	clean(city, sizeof(city), c->city);
	clean(instructor, sizeof(instructor), c->instructor);
	clean(hours, sizeof(hours), c->hours);
	clean(provider, sizeof(provider), c->provider);
	clean(code, sizeof(code), c->code);
	clean(url, sizeof(url), c->verify_url);
	ls = xcalloc(1, sizeof(*ls));

	snprintf(t, sizeof(t), "Certificate of Attendance%s%s",
	    *name ? ": " : "", name);
	cr = open_pdf(out, CERT_W, CERT_H, t);
	cert_border(cr);

	cairo_set_source_rgb(cr, INK, INK, INK);
	show_centred(cr, "Certificate of Attendance", SERIF_BOLD, 32,
	    CERT_W / 2, 104);
	cairo_set_source_rgb(cr, 0.16, 0.22, 0.32);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, CERT_W / 2 - 90, 122);
	cairo_rel_line_to(cr, 180, 0);
	cairo_stroke(cr);

	add_text(ls, cr, "This certifies that", SERIF_ITALIC, 14, 14, 14, 1, w,
	    0, GREY);
	add_text(ls, cr, *name ? name : " ", SERIF_BOLD, 30, 20, 12, 2, w,
	    44, INK);
	add_text(ls, cr, "attended", SERIF_ITALIC, 14, 14, 14, 1, w, 36, GREY);
	add_text(ls, cr, session, SERIF_BOLD, 20, 17, 11, 3, w, 36, INK);
	if (*event) {
		snprintf(t, sizeof(t), "at %s", event);
		add_text(ls, cr, t, SERIF, 14, 12, 9, 2, w, 28, INK);
	}
	snprintf(t, sizeof(t), "%s", date);
	add_text(ls, cr, t, SANS, 11.5, 7, 7, 1, w, 30, INK);
	snprintf(t, sizeof(t), "%s%s%s", venue, *venue && *city ? ", " : "",
	    city);
	add_text(ls, cr, t, SANS, 11.5, 9, 7, 2, w, 17, INK);
	if (*instructor) {
		snprintf(t, sizeof(t), "Instructor: %s", instructor);
		add_text(ls, cr, t, SANS, 11.5, 9, 7, 2, w, 17, INK);
	}
	if (*hours) {
		snprintf(t, sizeof(t), "%s continuing-education hour%s",
		    hours, strcmp(hours, "1") == 0 ? "" : "s");
		add_text(ls, cr, t, SERIF_BOLD, 15, 9, 9, 1, w, 32, INK);
	}
	if (*provider) {
		snprintf(t, sizeof(t), "Provided by %s", provider);
		add_text(ls, cr, t, SERIF, 13, 10, 8, 2, w, 24, INK);
	}
	draw_lines(cr, ls, CERT_W / 2, 138, CERT_H - CERT_BORDER - 112);

	if (cert_footer(cr, code, url, c->verify_url) == -1)
		rc = -1;
	cairo_show_page(cr);
	free(ls);
	return close_pdf(cr, out, len, rc);
}

/* See pdf.h. */
int
pdf_signin_sheet(struct buf *out, const struct pdf_sheet *s)
{
	struct sheet_text *f;
	char t[TEXT_MAX + 32];
	size_t len = out->len, i, pages, page, n;
	double y, cx;
	cairo_t *cr;
	int c;

	f = xmalloc(sizeof(*f));
	clean(f->session, TEXT_MAX, s->session);
	clean(f->event, TEXT_MAX, s->event);
	clean(f->date, TEXT_MAX, s->date);
	clean(f->venue, TEXT_MAX, s->venue);
	clean(f->instructor, TEXT_MAX, s->instructor);
	clean(f->ce_hours, TEXT_MAX, s->ce_hours);
	clean(f->provider, TEXT_MAX, s->provider);
	pages = s->nrows == 0 ? 1 :
	    (s->nrows + SHEET_PER_PAGE - 1) / SHEET_PER_PAGE;
	snprintf(t, sizeof(t), "Sign-in sheet: %s", f->session);
	cr = open_pdf(out, SHEET_W, SHEET_H, t);

	for (page = 0, i = 0; page < pages; page++) {
		sheet_header(cr, f, (int)page + 1, (int)pages);
		cairo_set_source_rgb(cr, INK, INK, INK);
		y = SHEET_TABLE + SHEET_HEAD;
		for (n = 0; n < SHEET_PER_PAGE && i < s->nrows; n++, i++) {
			const struct pdf_sheet_row *r = &s->rows[i];
			const char *cell[SHEET_COLS] = { r->name, r->sector,
			    r->organization, r->checked_in, r->checked_out,
			    r->hours, NULL };

			for (c = 0, cx = SHEET_MARGIN; c < SHEET_COLS;
			    cx += sheet_cols[c++].w) {
				face(cr, c == 0 ? SANS_BOLD : SANS,
				    c == 0 ? 8.5 : 8);
				sheet_cell(cr, c, cx, y + 13.5, cell[c]);
			}
			y += SHEET_ROW;
		}
		/* The last page's rest is ruled empty, for walk-ins. */
		sheet_grid(cr, SHEET_PER_PAGE);
		cairo_show_page(cr);
	}
	free(f);
	return close_pdf(cr, out, len, 0);
}
