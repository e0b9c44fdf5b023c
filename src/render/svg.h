/* svg.h: bar charts as inline SVG, drawn by the server. */
#ifndef CONVENE_SVG_H
#define CONVENE_SVG_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Appends a horizontal bar chart of n labelled values, titled for screen
 * readers; title, labels and unit are escaped. Values are drawn to scale of
 * the largest; a negative one draws no bar.
 */
void svg_bars(struct buf *b, const char *title, const char *const *labels,
    const double *values, size_t n, const char *unit);

#endif
