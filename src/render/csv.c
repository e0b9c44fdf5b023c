/* csv.c: CSV fields always quoted, formula-like fields neutralised. */
#include <string.h>

#include "util.h"
#include "csv.h"

/* First characters a spreadsheet may take as the start of a formula. */
#define CSV_FORMULA_START "=+-@\t\r"

/* 1 when s would be run as a formula if opened as it is. */
static int
csv_formula(const char *s)
{
	return s[0] != '\0' && strchr(CSV_FORMULA_START, s[0]) != NULL;
}

/* See csv.h. */
int
csv_field(struct buf *b, const char *s)
{
	const char *q;

	if (s == NULL)
		s = "";
	if (buf_putc(b, '"') == -1)
		return -1;
	if (csv_formula(s) && buf_putc(b, '\'') == -1)
		return -1;
	/* Copy up to and including each quote, then double it. */
	while ((q = strchr(s, '"')) != NULL) {
		if (buf_append(b, s, (size_t)(q - s) + 1) == -1 ||
		    buf_putc(b, '"') == -1)
			return -1;
		s = q + 1;
	}
	if (buf_puts(b, s) == -1 || buf_putc(b, '"') == -1)
		return -1;
	return 0;
}

/* See csv.h. */
int
csv_sep(struct buf *b)
{
	return buf_putc(b, ',');
}

/* See csv.h. */
int
csv_end(struct buf *b)
{
	return buf_append(b, "\r\n", 2);
}

/* See csv.h. */
int
csv_row(struct buf *b, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 && csv_sep(b) == -1)
			return -1;
		if (csv_field(b, fields[i]) == -1)
			return -1;
	}
	return csv_end(b);
}

/* See csv.h. */
int
csv_bom(struct buf *b)
{
	return buf_append(b, "\xEF\xBB\xBF", 3);
}
