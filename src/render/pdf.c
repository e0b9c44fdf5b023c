/* pdf.c: certificates and sign-in sheets drawn with cairo's PDF surface, text set by Pango (pdftext.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <qrencode.h>

#include "util.h"
#include "i18n.h"
#include "pdf.h"
#include "pdftext.h"
#include "image.h"

#define DOT		" \xc2\xb7 "	/* " · " between items on one line */
#define TEXT_MAX	PDFTEXT_MAX

/* Points: US Letter is 8.5 by 11 inches of 72 points. */
#define LETTER_SHORT	612.0
#define LETTER_LONG	792.0

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

/* Blocks of text laid out for drawing, centred, one under the other. */
#define BLOCKS_MAX	24

struct block {
	PangoLayout	*l;
	double		 gap;	/* from the previous block's last baseline */
	double		 grey;	/* colour: INK or GREY */
	double		 w;	/* the box's width */
};

struct blocks {
	struct block	 b[BLOCKS_MAX];
	int		 n;
};

/*
 * Adds text to bs fitted by the rule (max, one, min, lines) to width w,
 * centred, its first baseline gap below the previous block's last one.
 * Empty text adds nothing.
 */
static void
add_text(struct blocks *bs, cairo_t *cr, const char *text,
    enum pdftext_face f, double max, double one, double min, int lines,
    double w, double gap, double grey)
{
	struct pdftext_fit fit = { f, max, one, min, lines, w, PDFTEXT_CENTRE };
	struct block *b;

	if (text == NULL || *text == '\0' || bs->n == BLOCKS_MAX)
		return;
	b = &bs->b[bs->n++];
	b->l = pdftext_layout(cr, text, &fit);
	b->gap = gap;
	b->grey = grey;
	b->w = w;
}

/*
 * Draws bs centred on cx, and vertically between top and
 * bottom (from the first line's cap height to the last line's descent), and
 * frees the layouts.
 */
static void
draw_blocks(cairo_t *cr, struct blocks *bs, double cx, double top,
    double bottom)
{
	double h, y, first;
	int i;

	if (bs->n == 0)
		return;
	first = pdftext_size(bs->b[0].l) * 0.72;
	h = first;
	for (i = 0; i < bs->n; i++) {
		struct block *b = &bs->b[i];

		if (i > 0)
			h += b->gap;
		h += pdftext_last_baseline(b->l) - pdftext_first_baseline(b->l);
	}
	h += pdftext_size(bs->b[bs->n - 1].l) * 0.24;
	y = top + first;
	if (h < bottom - top)
		y += (bottom - top - h) / 2;
	for (i = 0; i < bs->n; i++) {
		struct block *b = &bs->b[i];

		if (i > 0)
			y += b->gap;
		cairo_set_source_rgb(cr, b->grey, b->grey, b->grey);
		pdftext_draw(cr, b->l, cx - b->w / 2, y);
		y += pdftext_last_baseline(b->l) - pdftext_first_baseline(b->l);
		g_object_unref(b->l);
	}
	bs->n = 0;
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
 * The bottom band: the code, "Verify at" url, and at the right the QR code
 * of the URL as given.
 */
static int
cert_footer(cairo_t *cr, const char *code, const char *url)
{
	char v[TEXT_MAX + 16];
	double x = CERT_BORDER + 34, qx, qy, maxw;
	double base = CERT_H - CERT_BORDER - 30;

	qx = CERT_W - CERT_BORDER - 24 - CERT_QR;
	qy = CERT_H - CERT_BORDER - 24 - CERT_QR;
	maxw = qx - 24 - x;
	if (url && *url && draw_qr(cr, url, qx, qy, CERT_QR) == -1)
		return -1;
	if (code && *code) {
		cairo_set_source_rgb(cr, GREY, GREY, GREY);
		pdftext_line(cr, _("Certificate code"), PDFTEXT_SANS, 8, 8, x,
		    base - 34, maxw, PDFTEXT_LEFT);
		cairo_set_source_rgb(cr, INK, INK, INK);
		pdftext_line(cr, code, PDFTEXT_MONO_BOLD, 15, 8, x, base - 16,
		    maxw, PDFTEXT_LEFT);
	}
	if (url && *url) {
		snprintf(v, sizeof(v), _("Verify at %s"), url);
		cairo_set_source_rgb(cr, GREY, GREY, GREY);
		pdftext_line(cr, v, PDFTEXT_SANS, 9, 6, x, base, maxw,
		    PDFTEXT_LEFT);
	}
	return 0;
}

/* The rows of a sign-in sheet: portrait Letter, one table per page. */
#define SHEET_W		LETTER_SHORT
#define SHEET_H		LETTER_LONG
#define SHEET_MARGIN	36.0
#define SHEET_TABLE	128.0	/* the table's top */
#define SHEET_HEAD	18.0	/* its header row's height */
#define SHEET_ROW	22.0	/* a row's height: room for a signature */
#define SHEET_PER_PAGE	27
#define SHEET_COLS	8

/* Column titles have a context of their own: a translation may need to
 * be shorter in these narrow cells than the same words elsewhere. 540
 * points in all. */
static const struct {
	const char	*key, *title;	/* context and msgid; the English */
	double		 w;
	int		 centred;
	int		 lines;	/* a value may take two lines */
} sheet_cols[SHEET_COLS] = {
	{ CTX("sign-in sheet", "Name"), "Name", 98, 0, 2 },
	{ CTX("sign-in sheet", "Sector"), "Sector", 60, 0, 2 },
	{ CTX("sign-in sheet", "Organisation"), "Organisation", 82, 0, 2 },
	{ CTX("sign-in sheet", "Licence no."), "Licence no.", 62, 0, 2 },
	{ CTX("sign-in sheet", "In"), "In", 42, 1, 1 },
	{ CTX("sign-in sheet", "Out"), "Out", 42, 1, 1 },
	{ CTX("sign-in sheet", "CE hours"), "CE hours", 44, 1, 1 },
	{ CTX("sign-in sheet", "Signature"), "Signature", 110, 0, 1 },
};

/*
 * Draws text in column c's cell (left edge x) of the row whose top is top:
 * on one line centred in the row, or on two at a smaller size.
 */
static void
sheet_cell(cairo_t *cr, int c, double x, double top, double h,
    const char *text, enum pdftext_face f, double size)
{
	double pad = 3, w = sheet_cols[c].w - 2 * pad;
	struct pdftext_fit fit = { f, size, size - 0.5, size - 1,
	    sheet_cols[c].lines, w, sheet_cols[c].centred ? PDFTEXT_CENTRE :
	    PDFTEXT_LEFT };
	PangoLayout *l;
	double first, last, y;

	if (text == NULL || *text == '\0')
		return;
	l = pdftext_layout(cr, text, &fit);
	first = pdftext_first_baseline(l);
	last = pdftext_last_baseline(l);
	/* Centre from the first line's cap height to the last's baseline. */
	y = top + (h - (last - first + pdftext_size(l) * 0.72)) / 2 +
	    pdftext_size(l) * 0.72;
	pdftext_draw(cr, l, x + pad, y);
	g_object_unref(l);
}

/* A sign-in sheet's particulars, clean. */
struct sheet_text {
	char	 session[TEXT_MAX], event[TEXT_MAX], date[TEXT_MAX],
		 venue[TEXT_MAX], instructor[TEXT_MAX], ce_hours[TEXT_MAX],
		 provider[TEXT_MAX], credit_rule[TEXT_MAX];
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
	pdftext_line(cr, _("SIGN-IN SHEET"), PDFTEXT_SANS_BOLD, 8, 8, x, 46,
	    w / 3, PDFTEXT_LEFT);
	pdftext_line(cr, f->provider, PDFTEXT_SANS, 8, 8, x + w, 46,
	    2 * w / 3 - 12, PDFTEXT_RIGHT);
	cairo_set_source_rgb(cr, INK, INK, INK);
	pdftext_line(cr, *f->session ? f->session : _("Session"),
	    PDFTEXT_SERIF_BOLD, 16, 12, x, 68, w, PDFTEXT_LEFT);
	pdftext_line(cr, f->event, PDFTEXT_SERIF, 10.5, 9, x, 84, w,
	    PDFTEXT_LEFT);
	snprintf(t, sizeof(t), "%s%s%s", f->date,
	    *f->date && *f->venue ? DOT : "", f->venue);
	pdftext_line(cr, t, PDFTEXT_SANS, 9, 8, x, 98, w, PDFTEXT_LEFT);
	snprintf(t, sizeof(t), "%s%s%s%s%s",
	    *f->instructor ? _("Instructor: ") : "", f->instructor,
	    *f->instructor && *f->ce_hours ? DOT : "",
	    *f->ce_hours ? _("CE hours: ") : "", f->ce_hours);
	pdftext_line(cr, t, PDFTEXT_SANS, 9, 8, x, 110, w, PDFTEXT_LEFT);
	if (*f->credit_rule) {
		snprintf(t, sizeof(t), _("Credit rule: %s"), f->credit_rule);
		pdftext_line(cr, t, PDFTEXT_SANS, 9, 7, x, 122, w,
		    PDFTEXT_LEFT);
	}

	cairo_set_source_rgb(cr, 0.90, 0.90, 0.90);
	cairo_rectangle(cr, x, SHEET_TABLE, w, SHEET_HEAD);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, INK, INK, INK);
	for (c = 0, cx = x; c < SHEET_COLS; cx += sheet_cols[c++].w)
		sheet_cell(cr, c, cx, SHEET_TABLE, SHEET_HEAD,
		    i18n_pgettext(sheet_cols[c].key, sheet_cols[c].title),
		    PDFTEXT_SANS_BOLD, 8);

	cairo_set_source_rgb(cr, GREY, GREY, GREY);
	snprintf(t, sizeof(t), "%s%s%s", f->session,
	    *f->session && *f->date ? DOT : "", f->date);
	pdftext_line(cr, t, PDFTEXT_SANS, 8, 8, x, SHEET_H - 24, w - 90,
	    PDFTEXT_LEFT);
	snprintf(t, sizeof(t), _("Page %d of %d"), page, pages);
	pdftext_line(cr, t, PDFTEXT_SANS, 8, 8, x + w, SHEET_H - 24, 90,
	    PDFTEXT_RIGHT);
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

/* s, or "" for NULL. */
static const char *
str(const char *s)
{
	return s ? s : "";
}

/* See pdf.h. */
int
pdf_certificate(struct buf *out, const struct pdf_certificate *c)
{
	char name[TEXT_MAX], t[3 * TEXT_MAX];
	struct blocks *bs;
	size_t i;
	double w = CERT_W - 2 * CERT_MARGIN;
	size_t len = out->len;
	cairo_t *cr;
	int rc = 0;

	pdftext_clean(name, sizeof(name), c->name);
	bs = xcalloc(1, sizeof(*bs));

	snprintf(t, sizeof(t), "%s%s%s", _("Certificate of Attendance"),
	    *name ? ": " : "", name);
	cr = open_pdf(out, CERT_W, CERT_H, t);
	cert_border(cr);
	/* The provider's logo in the top left corner, clear of the title. */
	if (c->logo && c->logo_len)
		(void)image_draw(cr, c->logo, c->logo_len, CERT_BORDER + 62,
		    CERT_BORDER + 16, 88, 46);

	cairo_set_source_rgb(cr, INK, INK, INK);
	pdftext_line(cr, _("Certificate of Attendance"), PDFTEXT_SERIF_BOLD, 32,
	    32, CERT_W / 2, 104, w, PDFTEXT_CENTRE);
	cairo_set_source_rgb(cr, 0.16, 0.22, 0.32);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, CERT_W / 2 - 90, 122);
	cairo_rel_line_to(cr, 180, 0);
	cairo_stroke(cr);

	add_text(bs, cr, _("This certifies that"), PDFTEXT_SERIF_ITALIC, 13, 13,
	    13, 1, w, 0, GREY);
	add_text(bs, cr, *name ? name : " ", PDFTEXT_SERIF_BOLD, 28, 18, 12, 2,
	    w, 38, INK);
	if (c->license && *c->license) {
		snprintf(t, sizeof(t), _("Licence no. %s"), c->license);
		add_text(bs, cr, t, PDFTEXT_SANS, 10, 8, 8, 1, w, 17, INK);
	}
	add_text(bs, cr, _("attended"), PDFTEXT_SERIF_ITALIC, 13, 13, 13, 1, w,
	    30, GREY);
	add_text(bs, cr, c->session, PDFTEXT_SERIF_BOLD, 19, 15, 11, 3, w, 30,
	    INK);
	if (c->event && *c->event) {
		snprintf(t, sizeof(t), _("at %s"), c->event);
		add_text(bs, cr, t, PDFTEXT_SERIF, 13, 11, 9, 2, w, 24, INK);
	}
	snprintf(t, sizeof(t), "%s%s%s",
	    c->times && *c->times ? c->times : str(c->date),
	    c->delivery && *c->delivery ? DOT : "", str(c->delivery));
	add_text(bs, cr, t, PDFTEXT_SANS, 11, 8, 7, 2, w, 26, INK);
	snprintf(t, sizeof(t), "%s%s%s", str(c->venue),
	    c->venue && *c->venue && c->city && *c->city ? ", " : "",
	    str(c->city));
	add_text(bs, cr, t, PDFTEXT_SANS, 11, 8, 7, 2, w, 15, INK);
	if (c->instructor && *c->instructor) {
		snprintf(t, sizeof(t), _("Instructor: %s"), c->instructor);
		add_text(bs, cr, t, PDFTEXT_SANS, 11, 8, 7, 2, w, 15, INK);
	}
	if (c->hours && *c->hours) {
		snprintf(t, sizeof(t), NG_("%s continuing-education hour",
		    "%s continuing-education hours", strcmp(c->hours, "1") ==
		    0 ? 1 : 2), c->hours);
		add_text(bs, cr, t, PDFTEXT_SERIF_BOLD, 15, 9, 9, 1, w, 27, INK);
	}
	if (c->provider && *c->provider) {
		snprintf(t, sizeof(t), _("Provided by %s"), c->provider);
		add_text(bs, cr, t, PDFTEXT_SERIF, 12.5, 10, 8, 2, w, 20, INK);
	}
	/* The boards' statements, small: as many lines as each needs. */
	for (i = 0; i < c->napprovals && i < 6; i++)
		add_text(bs, cr, c->approvals[i], PDFTEXT_SANS,
		    c->napprovals > 2 ? 8 : 9, c->napprovals > 2 ? 8 : 9, 7,
		    c->napprovals > 2 ? 2 : 3, w + 40, i == 0 ? 22 :
		    c->napprovals > 2 ? 12 : 13, 0.25);
	draw_blocks(cr, bs, CERT_W / 2, 134, CERT_H - CERT_BORDER - 104);

	if (cert_footer(cr, c->code, c->verify_url) == -1)
		rc = -1;
	cairo_show_page(cr);
	free(bs);
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
	pdftext_clean(f->session, TEXT_MAX, s->session);
	pdftext_clean(f->event, TEXT_MAX, s->event);
	pdftext_clean(f->date, TEXT_MAX, s->date);
	pdftext_clean(f->venue, TEXT_MAX, s->venue);
	pdftext_clean(f->instructor, TEXT_MAX, s->instructor);
	pdftext_clean(f->ce_hours, TEXT_MAX, s->ce_hours);
	pdftext_clean(f->provider, TEXT_MAX, s->provider);
	pdftext_clean(f->credit_rule, TEXT_MAX, s->credit_rule);
	pages = s->nrows == 0 ? 1 :
	    (s->nrows + SHEET_PER_PAGE - 1) / SHEET_PER_PAGE;
	snprintf(t, sizeof(t), _("Sign-in sheet: %s"), f->session);
	cr = open_pdf(out, SHEET_W, SHEET_H, t);

	for (page = 0, i = 0; page < pages; page++) {
		sheet_header(cr, f, (int)page + 1, (int)pages);
		cairo_set_source_rgb(cr, INK, INK, INK);
		y = SHEET_TABLE + SHEET_HEAD;
		for (n = 0; n < SHEET_PER_PAGE && i < s->nrows; n++, i++) {
			const struct pdf_sheet_row *r = &s->rows[i];
			const char *cell[SHEET_COLS] = { r->name, r->sector,
			    r->organization, r->license, r->checked_in,
			    r->checked_out, r->hours, NULL };

			for (c = 0, cx = SHEET_MARGIN; c < SHEET_COLS;
			    cx += sheet_cols[c++].w)
				sheet_cell(cr, c, cx, y, SHEET_ROW, cell[c],
				    c == 0 ? PDFTEXT_SANS_BOLD : PDFTEXT_SANS,
				    c == 0 ? 8.5 : 8);
			y += SHEET_ROW;
		}
		/* The last page's rest is ruled empty, for walk-ins. */
		sheet_grid(cr, SHEET_PER_PAGE);
		cairo_show_page(cr);
	}
	free(f);
	return close_pdf(cr, out, len, 0);
}
