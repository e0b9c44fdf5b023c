/* qr.c: a QR code drawn as one SVG path of unit squares. */
#include <qrencode.h>

#include "util.h"
#include "html.h"
#include "qr.h"

#define QUIET 4	/* the quiet zone the standard asks for, in modules */

/* See qr.h. */
int
qr_svg(struct buf *b, const char *text, const char *label)
{
	QRcode *q;
	int x, y, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return -1;
	size = q->width + 2 * QUIET;
	buf_printf(b, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", size, size);
	html_escape(b, label);
	buf_printf(b, "\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(b, "M%d %dh1v1h-1z", x + QUIET,
				    y + QUIET);
	buf_puts(b, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
