/* buf.c: growable output buffer with a hard limit, for pages and bodies. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BUF_DEFAULT_LIMIT (8u * 1024 * 1024)

static int
grow(struct buf *b, size_t need)
{
	size_t cap;

	if (b->overflow)
		return -1;
	if (b->len + need + 1 > b->limit) {
		b->overflow = 1;
		return -1;
	}
	if (b->len + need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + need + 1)
		cap *= 2;
	if (cap > b->limit)
		cap = b->limit;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

/* Prepares an empty buffer holding at most limit bytes (0: 8 MiB). */
void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit ? limit : BUF_DEFAULT_LIMIT;
}

/* Frees the buffer's memory; it may be initialised again. */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Empties the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Appends n bytes; -1 (and overflow set) when over the limit. */
int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n) == -1)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* Appends a NUL-terminated string. */
int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* Appends one byte. */
int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

/* Appends formatted text. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char probe[1];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(probe, sizeof(probe), fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
