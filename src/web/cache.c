/*
 * cache.c: a small table of rendered public pages. A page lives one second
 * at most, so counts written by another process (the CLI) show within a
 * second; any write through this server drops every page at once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "cache.h"

#define CACHE_SLOTS	64
#define CACHE_KEY_MAX	128
#define CACHE_TTL_NS	1000000000LL
#define CACHE_PAGE_MAX	(256 * 1024)

struct slot {
	char		 key[CACHE_KEY_MAX];
	char		*data;
	size_t		 len;
	const char	*ctype;
	uint64_t	 gen;
	int64_t		 born_ns;
};

static struct slot slots[CACHE_SLOTS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uint_fast64_t generation = 1;

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static size_t
slot_of(const char *key)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h % CACHE_SLOTS;
}

/* See cache.h. */
uint64_t
cache_generation(void)
{
	return atomic_load(&generation);
}

/* See cache.h. */
void
cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

/* See cache.h. */
int
cache_get(const char *key, struct buf *out, const char **ctype)
{
	struct slot *s = &slots[slot_of(key)];
	int rc = -1;

	pthread_rwlock_rdlock(&lock);
	if (s->data != NULL && strcmp(s->key, key) == 0 &&
	    s->gen == cache_generation() &&
	    mono_ns() - s->born_ns < CACHE_TTL_NS &&
	    buf_append(out, s->data, s->len) == 0) {
		*ctype = s->ctype;
		rc = 0;
	}
	pthread_rwlock_unlock(&lock);
	return rc;
}

/* See cache.h. */
void
cache_put(const char *key, const char *data, size_t len, const char *ctype,
    uint64_t gen)
{
	struct slot *s = &slots[slot_of(key)];
	char *copy;

	if (strlen(key) >= CACHE_KEY_MAX || len > CACHE_PAGE_MAX ||
	    gen != cache_generation())
		return;
	copy = xmalloc(len);
	memcpy(copy, data, len);
	pthread_rwlock_wrlock(&lock);
	free(s->data);
	strcpy(s->key, key);
	s->data = copy;
	s->len = len;
	s->ctype = ctype;
	s->gen = gen;
	s->born_ns = mono_ns();
	pthread_rwlock_unlock(&lock);
}
