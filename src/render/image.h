/* image.h: a logo's PNG or JPEG bytes, checked by decoding them, and drawn on a cairo page. */
#ifndef CONVENE_IMAGE_H
#define CONVENE_IMAGE_H

#include <stddef.h>

#include <cairo.h>

#define IMAGE_MAX	(256 * 1024)	/* bytes of a logo */
#define IMAGE_SIDE_MAX	4096		/* pixels a side */

/*
 * Decodes data (a whole PNG or JPEG file, at most IMAGE_MAX bytes) to be
 * sure it is one: cairo's PNG reader, libjpeg for JPEG. Returns its media
 * type ("image/png" or "image/jpeg") and size, or NULL for anything else,
 * a broken or truncated file, or sides of 0 or over IMAGE_SIDE_MAX.
 */
const char *image_check(const unsigned char *data, size_t len, int *w,
    int *h);

/*
 * Draws the image (checked) scaled to fit a box of bw by bh points whose
 * top centre is at (cx, y); a JPEG is embedded as it is. 0, or -1 when it
 * cannot be read.
 */
int image_draw(cairo_t *cr, const unsigned char *data, size_t len, double cx,
    double y, double bw, double bh);

#endif
