/* pdf.h: certificates and sign-in sheets as PDF (cairo, text by Pango: pdftext.h). */
#ifndef CONVENE_PDF_H
#define CONVENE_PDF_H

#include <stddef.h>

struct buf;

/*
 * Text is UTF-8; invalid bytes print as U+FFFD and control characters as
 * spaces. Text too long for its place is set smaller, wrapped where the
 * layout allows, and at the smallest size cut short with "…".
 */

struct pdf_certificate {
	const char *name;        /* the attendee */
	const char *session;     /* session title (the topic) */
	const char *event;       /* event title */
	const char *date;        /* "Monday, 11 January 2027" */
	const char *venue;       /* "University of Montana, University Center Ballroom" */
	const char *city;        /* "Missoula, MT" */
	const char *instructor;  /* may be NULL */
	const char *hours;       /* "4" */
	const char *provider;    /* "Missoula Human Trafficking Task Force" */
	const char *code;        /* "ABCDE-FGHJK" */
	const char *verify_url;  /* "https://example.org/verify/ABCDE-FGHJK" (QR code of this) */
	const char *license;     /* the holder's licence number; may be NULL */
	const char *delivery;    /* "In person", "Live online"; may be NULL */
	const char *times;       /* "Monday, 11 January 2027, 9:00 AM – 1:00 PM MST"; printed instead of date */
	const char *const *approvals;	/* the boards' statements, each with its course number */
	size_t napprovals;
	const unsigned char *logo;	/* the provider's PNG or JPEG; may be NULL */
	size_t logo_len;
};

/*
 * Appends a one-page US Letter landscape certificate to out; 0 or -1. Any
 * field but name may be NULL or "" and its line is left out. On -1 (the
 * buffer's limit, or a URL too long for a QR code) out is as it was.
 */
int pdf_certificate(struct buf *out, const struct pdf_certificate *c);

struct pdf_sheet_row {
	const char *name, *sector, *organization, *license, *checked_in,
	    *checked_out;	/* times in full: "8:27 AM" */
	const char *hours;	/* the credit outcome: "4", "Short", "No out" */
	/* any may be NULL or "" */
};

struct pdf_sheet {
	const char *session, *event, *date, *venue, *instructor, *ce_hours, *provider;
	const char *credit_rule;	/* "At least 90% of the session"; may be NULL */
	const struct pdf_sheet_row *rows;
	size_t nrows;
};

/* Appends a printable sign-in sheet (US Letter portrait, as many pages as
 * the rows need, names and organisations on up to two lines, a header repeated on each page, page numbers "Page 1 of 3",
 * and a signature column left empty for signing by hand); 0 or -1. The rest
 * of the last page is ruled with empty rows for walk-ins. On -1 out is as
 * it was. */
int pdf_signin_sheet(struct buf *out, const struct pdf_sheet *s);

#endif
