/* report_pdf.h: the funder's report as a PDF a person can hand over. */
#ifndef CONVENE_REPORT_PDF_H
#define CONVENE_REPORT_PDF_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct report_pdf_row {
	const char	*label;
	int64_t		 people, attendances;
};

struct report_pdf_table {
	const char			*title;	/* "Training: people trained by sector" */
	const char			*head;	/* the first column's name */
	const struct report_pdf_row	*rows;
	size_t				 n;
};

/* A fact is a label and its value ("People trained", "54 (unduplicated)"),
 * under a heading when head is set (a fact with a NULL label). */
struct report_pdf_fact {
	const char	*label, *value;
};

struct report_pdf {
	const char			*org;		/* who reports */
	const char			*period;	/* "FY2027 Q2 (January – March 2027)" */
	const char			*filters;	/* "Event: …", or NULL */
	const char			*made;		/* when, in words */
	const struct report_pdf_fact	*facts;
	size_t				 nfacts;
	const struct report_pdf_table	*tables;
	size_t				 ntables;
};

/*
 * Appends the report as a PDF (US Letter, pages as needed: the facts, then
 * each table with a bar chart of its people) to out. Text is drawn as
 * given (UTF-8). Returns 0, or -1 when cairo fails.
 */
int report_pdf_render(const struct report_pdf *r, struct buf *out);

#endif
