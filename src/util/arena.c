/* arena.c: per-request bump allocator; everything is freed in one call. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_BLOCK 8192

struct arena_block {
	struct arena_block	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct arena {
	struct arena_block	*head;
};

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

/* Returns a new, empty arena; free with arena_free(). */
struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));

	a->head = block_new(ARENA_BLOCK);
	return a;
}

/* Frees the arena and all memory taken from it. NULL is allowed. */
void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* Returns n bytes aligned for any type, valid until arena_free(). */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = sizeof(max_align_t), off;

	n = n ? n : 1;
	off = (b->used + align - 1) & ~(align - 1);
	if (off + n > b->size) {
		size_t size = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;

		b = block_new(size);
		if (size == n) {
			/* Large allocation: keep the current block as head. */
			b->next = a->head->next;
			a->head->next = b;
			b->used = n;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	b->used = off + n;
	return (char *)b->data + off;
}

/* Arena copy of s. */
char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Arena copy of the first n bytes of s, NUL-terminated. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Doubling growth for arrays built row by row; old space stays until free. */
void *
arena_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t sz)
{
	void *np;
	size_t nc;

	if (n < *cap)
		return p;
	nc = *cap ? *cap * 2 : 8;
	np = arena_alloc(a, nc * sz);
	if (n)
		memcpy(np, p, n * sz);
	*cap = nc;
	return np;
}

/* Arena string formatted as by printf. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char probe[1];
	int n;
	char *p;

	if (fmt == NULL)	/* never; quiets a GCC 12 UBSan false positive */
		return arena_strdup(a, "");
	va_start(ap, fmt);
	n = vsnprintf(probe, sizeof(probe), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
