/* cache.h: rendered public pages kept for a moment and dropped on any write. */
#ifndef CONVENE_CACHE_H
#define CONVENE_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The current generation; a page rendered under an older one is stale. */
uint64_t cache_generation(void);
/* Forgets every page (after a write). */
void cache_invalidate(void);
/*
 * Appends the page for key to out and sets *ctype; 0 on a hit, -1 on a
 * miss or when the page is older than the generation or its time to live.
 */
int cache_get(const char *key, struct buf *out, const char **ctype);
/* Keeps a page rendered under generation gen; ctype must be static. */
void cache_put(const char *key, const char *data, size_t len,
    const char *ctype, uint64_t gen);

#endif
