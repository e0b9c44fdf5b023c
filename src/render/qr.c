/* qr.c: a QR code drawn as one SVG path of unit squares, through the escaping writer. */
#include <qrencode.h>

#include "util.h"
#include "html.h"
#include "qr.h"

#define QUIET 4	/* the quiet zone the standard asks for, in modules */
#define QR_PX 4	/* pixels a module when nothing else sizes it */

/* See qr.h. */
int
qr_svg(struct buf *b, const char *text, const char *label)
{
	struct html h = { b };
	struct buf d;
	QRcode *q;
	int x, y, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return -1;
	size = q->width + 2 * QUIET;
	/* The path is built apart so that it too reaches the page escaped. */
	buf_init(&d, 0);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(&d, "M%d %dh1v1h-1z", x + QUIET,
				    y + QUIET);
	html_lit(&h, "<svg class=\"qr\"");
	html_svg_xmlns(&h);
	html_attrf(&h, "viewBox", "0 0 %d %d", size, size);
	/* A size of its own (4 px a module), so that the file alone, or a
	 * page without the style sheet, does not draw it at 33 px. */
	html_attr_int(&h, "width", size * QR_PX);
	html_attr_int(&h, "height", size * QR_PX);
	html_lit(&h, " role=\"img\"");
	html_attr(&h, "aria-label", label);
	html_lit(&h, " shape-rendering=\"crispEdges\"><rect");
	html_attr_int(&h, "width", size);
	html_attr_int(&h, "height", size);
	html_lit(&h, " fill=\"#fff\"/><path fill=\"#000\"");
	html_attr(&h, "d", d.data);
	html_lit(&h, "/></svg>");
	buf_free(&d);
	QRcode_free(q);
	return 0;
}
