/* qr.h: QR codes as inline SVG (libqrencode). */
#ifndef CONVENE_QR_H
#define CONVENE_QR_H

struct buf;

/*
 * Appends an <svg> drawing text as a QR code, labelled for screen readers
 * with label (escaped). Returns 0, or -1 when text cannot be encoded.
 */
int qr_svg(struct buf *b, const char *text, const char *label);

#endif
