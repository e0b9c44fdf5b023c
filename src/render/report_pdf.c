/* report_pdf.c: the funder's report as a PDF with cairo: facts, tables and bar charts, paginated. */
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>

#include "util.h"
#include "i18n.h"
#include "report_pdf.h"

#define PAGE_W	612.0	/* US Letter, points */
#define PAGE_H	792.0
#define MARGIN	54.0
#define FONT	"DejaVu Sans"
#define LINE	15.0

struct pen {
	cairo_t		*cr;
	double		 y;
	int		 page;
	const struct report_pdf *r;
};

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static void
font(cairo_t *cr, double size, int bold, double grey)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ?
	    CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_set_source_rgb(cr, grey, grey, grey);
}

/* Draws s at (x, y), cut (at a character boundary, with "…") to width. */
static void
text(cairo_t *cr, double x, double y, const char *s, double width)
{
	char cut[512];
	cairo_text_extents_t e;
	size_t n;

	snprintf(cut, sizeof(cut), "%s", s ? s : "");
	cairo_text_extents(cr, cut, &e);
	n = strlen(cut);
	while (width > 0 && e.x_advance > width && n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)cut[n] & 0xC0) == 0x80);
		memcpy(cut + n, "…", sizeof("…"));
		cairo_text_extents(cr, cut, &e);
	}
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, cut);
}

/* The footer of a page: who, the period and the page number. */
static void
footer(struct pen *p)
{
	char num[32];

	font(p->cr, 8, 0, 0.40);
	text(p->cr, MARGIN, PAGE_H - MARGIN / 2, p->r->org, 300);
	snprintf(num, sizeof(num), _("page %d"), p->page);
	text(p->cr, PAGE_W - MARGIN - 40, PAGE_H - MARGIN / 2, num, 60);
}

/* Room for h more points on this page, or a new page. */
static void
need(struct pen *p, double h)
{
	if (p->y + h <= PAGE_H - MARGIN)
		return;
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	font(p->cr, 8, 0, 0.40);
	text(p->cr, MARGIN, p->y, p->r->period, PAGE_W - 2 * MARGIN);
	p->y += 2 * LINE;
}

static void
table(struct pen *p, const struct report_pdf_table *t)
{
	double max = 1, chart_w = PAGE_W - 2 * MARGIN - 170 - 40;
	char num[32];
	size_t i;

	need(p, 3 * LINE + (t->n ? 2 * LINE : LINE));
	font(p->cr, 12, 1, 0.10);
	text(p->cr, MARGIN, p->y, t->title, PAGE_W - 2 * MARGIN);
	p->y += LINE * 1.4;
	if (t->n == 0) {
		font(p->cr, 9, 0, 0.40);
		text(p->cr, MARGIN, p->y, _("Nobody in this period."), 300);
		p->y += 2 * LINE;
		return;
	}
	for (i = 0; i < t->n; i++)
		if ((double)t->rows[i].people > max)
			max = (double)t->rows[i].people;
	/* The chart: a bar of people per row. */
	for (i = 0; i < t->n; i++) {
		need(p, LINE);
		font(p->cr, 8.5, 0, 0.10);
		text(p->cr, MARGIN, p->y, t->rows[i].label, 160);
		cairo_set_source_rgb(p->cr, 0.04, 0.36, 0.42);
		cairo_rectangle(p->cr, MARGIN + 170, p->y - 8.5, chart_w *
		    (double)t->rows[i].people / max, 10);
		cairo_fill(p->cr);
		snprintf(num, sizeof(num), "%lld", (long long)t->rows[i].people);
		font(p->cr, 8.5, 0, 0.10);
		text(p->cr, MARGIN + 174 + chart_w * (double)t->rows[i].people /
		    max, p->y, num, 40);
		p->y += LINE - 2;
	}
	p->y += LINE / 2;
	/* The table: people trained and attendances. */
	need(p, 2 * LINE);
	font(p->cr, 8.5, 1, 0.40);
	/* Room for the column titles of longer languages ("Personas
	 * capacitadas"), within the 504 points between the margins. */
	text(p->cr, MARGIN, p->y, t->head, 270);
	text(p->cr, MARGIN + 280, p->y, _("People trained"), 125);
	text(p->cr, MARGIN + 410, p->y, _("Attendances"), 94);
	p->y += 4;
	cairo_set_source_rgb(p->cr, 0.75, 0.75, 0.75);
	cairo_rectangle(p->cr, MARGIN, p->y, PAGE_W - 2 * MARGIN, 0.6);
	cairo_fill(p->cr);
	p->y += LINE - 3;
	for (i = 0; i < t->n; i++) {
		need(p, LINE);
		font(p->cr, 9, 0, 0.10);
		text(p->cr, MARGIN, p->y, t->rows[i].label, 270);
		snprintf(num, sizeof(num), "%lld", (long long)t->rows[i].people);
		text(p->cr, MARGIN + 280, p->y, num, 125);
		snprintf(num, sizeof(num), "%lld",
		    (long long)t->rows[i].attendances);
		text(p->cr, MARGIN + 410, p->y, num, 94);
		p->y += LINE;
	}
	p->y += LINE;
}

/* See report_pdf.h. */
int
report_pdf_render(const struct report_pdf *r, struct buf *out)
{
	cairo_surface_t *s;
	struct pen p;
	size_t i;
	int rc = -1;

	s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    _("Training and community education report"));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "convene");
	memset(&p, 0, sizeof(p));
	p.cr = cairo_create(s);
	p.r = r;
	p.page = 1;
	p.y = MARGIN + 6;
	font(p.cr, 9, 1, 0.40);
	text(p.cr, MARGIN, p.y, r->org, PAGE_W - 2 * MARGIN);
	p.y += LINE * 1.6;
	font(p.cr, 18, 1, 0.10);
	text(p.cr, MARGIN, p.y, _("Training and community education"),
	    PAGE_W - 2 * MARGIN);
	p.y += LINE * 1.4;
	font(p.cr, 11, 0, 0.10);
	text(p.cr, MARGIN, p.y, r->period, PAGE_W - 2 * MARGIN);
	p.y += LINE;
	font(p.cr, 8.5, 0, 0.40);
	if (r->filters) {
		text(p.cr, MARGIN, p.y, r->filters, PAGE_W - 2 * MARGIN);
		p.y += LINE;
	}
	text(p.cr, MARGIN, p.y, r->made, PAGE_W - 2 * MARGIN);
	p.y += LINE * 1.8;
	for (i = 0; i < r->nfacts; i++) {
		const struct report_pdf_fact *f = &r->facts[i];

		if (f->label == NULL) {		/* a heading */
			need(&p, 3 * LINE);
			p.y += LINE / 2;
			font(p.cr, 12, 1, 0.10);
			text(p.cr, MARGIN, p.y, f->value, PAGE_W - 2 * MARGIN);
			p.y += LINE * 1.3;
			continue;
		}
		need(&p, LINE);
		font(p.cr, 9, 1, 0.40);
		text(p.cr, MARGIN, p.y, f->label, 170);
		font(p.cr, 9, 0, 0.10);
		text(p.cr, MARGIN + 180, p.y, f->value, PAGE_W - 2 * MARGIN -
		    180);
		p.y += LINE;
	}
	p.y += LINE;
	for (i = 0; i < r->ntables; i++)
		table(&p, &r->tables[i]);
	footer(&p);
	cairo_show_page(p.cr);
	rc = cairo_status(p.cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	cairo_destroy(p.cr);
out:
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(s);
	return rc;
}
