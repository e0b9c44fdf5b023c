/* csv.h: CSV (RFC 4180) for roster exports, safe to open in spreadsheets. */
#ifndef CONVENE_CSV_H
#define CONVENE_CSV_H

#include <stddef.h>

struct buf;

/*
 * Quoting: every field is always quoted ("a","b"), which RFC 4180 allows,
 * so no field's content ever decides how the record is split. Records end
 * with CRLF. Every function returns 0, or -1 when the buffer is full; the
 * buffer's overflow flag then stays set and the output must be discarded.
 */

/* Appends one field: quoted when it holds a comma, quote, CR or LF or
 * starts/ends with a space; quotes doubled. A field whose first character
 * is = + - @ or a tab or CR is prefixed with a single quote (') inside the
 * quotes so spreadsheets show it as text instead of running it as a formula
 * (OWASP CSV injection). NULL writes an empty field. Returns 0 or -1 (buffer
 * full). This writer quotes every field, a superset of the rule above; NULL
 * and "" both write "". */
int csv_field(struct buf *b, const char *s);
/* Appends the separator between fields: a comma. */
int csv_sep(struct buf *b);
/* Ends a record with CRLF (RFC 4180). */
int csv_end(struct buf *b);
/* Appends a whole record of n fields (csv_field, csv_sep, csv_end). */
int csv_row(struct buf *b, const char *const *fields, size_t n);
/* Appends the UTF-8 byte-order mark, so Excel reads UTF-8 names correctly. */
int csv_bom(struct buf *b);

#endif
