/* image.c: PNG (cairo) and JPEG (libjpeg) logos: checked by decoding, drawn on PDFs. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "util.h"
#include "image.h"

struct reader {
	const unsigned char	*data;
	size_t			 len, at;
};

/* cairo's PNG read callback over bytes in memory. */
static cairo_status_t
read_mem(void *closure, unsigned char *out, unsigned int n)
{
	struct reader *rd = closure;

	if (rd->len - rd->at < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, rd->data + rd->at, n);
	rd->at += n;
	return CAIRO_STATUS_SUCCESS;
}

/* A PNG as a cairo surface (the caller destroys it), or NULL. */
static cairo_surface_t *
png_surface(const unsigned char *data, size_t len)
{
	struct reader rd = { data, len, 0 };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(
	    read_mem, &rd);

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

struct jerr {
	struct jpeg_error_mgr	 mgr;
	jmp_buf			 jmp;
};

static void
jpeg_fail(j_common_ptr c)
{
	longjmp(((struct jerr *)c->err)->jmp, 1);
}

static void
jpeg_quiet(j_common_ptr c, int level)
{
	(void)c;
	(void)level;	/* warnings on a stranger's file are not ours to log */
}

/* Decodes a whole JPEG; 0 with its size, or -1. */
static int
jpeg_decode(const unsigned char *data, size_t len, int *w, int *h)
{
	struct jpeg_decompress_struct c;
	struct jerr err;
	JSAMPARRAY row = NULL;
	volatile int rc = -1;

	memset(&c, 0, sizeof(c));
	c.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail;
	err.mgr.emit_message = jpeg_quiet;
	if (setjmp(err.jmp)) {
		jpeg_destroy_decompress(&c);
		return -1;
	}
	jpeg_create_decompress(&c);
	jpeg_mem_src(&c, data, (unsigned long)len);
	if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK ||
	    c.image_width == 0 || c.image_height == 0 ||
	    c.image_width > IMAGE_SIDE_MAX || c.image_height > IMAGE_SIDE_MAX)
		goto out;
	jpeg_start_decompress(&c);
	row = (*c.mem->alloc_sarray)((j_common_ptr)&c, JPOOL_IMAGE,
	    c.output_width * c.output_components, 1);
	while (c.output_scanline < c.output_height)
		jpeg_read_scanlines(&c, row, 1);
	jpeg_finish_decompress(&c);
	*w = (int)c.image_width;
	*h = (int)c.image_height;
	rc = 0;
out:
	jpeg_destroy_decompress(&c);
	return rc;
}

/* See image.h. */
const char *
image_check(const unsigned char *data, size_t len, int *w, int *h)
{
	static const unsigned char png_magic[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	cairo_surface_t *s;

	*w = *h = 0;
	if (data == NULL || len < 8 || len > IMAGE_MAX)
		return NULL;
	if (memcmp(data, png_magic, 8) == 0) {
		if ((s = png_surface(data, len)) == NULL)
			return NULL;
		*w = cairo_image_surface_get_width(s);
		*h = cairo_image_surface_get_height(s);
		cairo_surface_destroy(s);
		if (*w <= 0 || *h <= 0 || *w > IMAGE_SIDE_MAX ||
		    *h > IMAGE_SIDE_MAX)
			return NULL;
		return "image/png";
	}
	if (data[0] == 0xff && data[1] == 0xd8 &&
	    jpeg_decode(data, len, w, h) == 0)
		return "image/jpeg";
	return NULL;
}

/* See image.h. */
int
image_draw(cairo_t *cr, const unsigned char *data, size_t len, double cx,
    double y, double bw, double bh)
{
	const char *type;
	cairo_surface_t *s;
	unsigned char *copy;
	double scale;
	int w, h;

	if ((type = image_check(data, len, &w, &h)) == NULL)
		return -1;
	if (strcmp(type, "image/png") == 0) {
		if ((s = png_surface(data, len)) == NULL)
			return -1;
	} else {
		/* The PDF carries the JPEG itself (cairo's mime data). */
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		copy = xmalloc(len);
		memcpy(copy, data, len);
		cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len,
		    free, copy);
	}
	scale = bw / w < bh / h ? bw / w : bh / h;
	cairo_save(cr);
	cairo_translate(cr, cx - w * scale / 2, y);
	cairo_scale(cr, scale, scale);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(s);
	return 0;
}
