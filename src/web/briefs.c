/* briefs.c: the sessions' briefs that registrations and the Q&A read, kept for a second. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "util.h"
#include "http.h"
#include "store.h"
#include "web.h"

/*
 * A registration reads its session (window, audience, sectors, what its
 * messages name) before it writes; at a national event's opening minute
 * that read was the largest part of the database's work. A brief kept
 * here is dropped at once when this node writes a change to sessions,
 * events or places, when the feed brings one from another node or
 * process, and in any case after a second. Seats are never taken from it:
 * the seat is a conditional write in the registration's transaction.
 */
#define SLOTS 64
#define TTL_NS 1000000000LL

struct slot {
	int64_t			 id;	/* 0: empty */
	uint64_t		 gen;
	int64_t			 at_ns;
	struct store_session	 s;
	struct arena		*a;	/* the strings of s */
};

/* Which session a join code was, under the same rules: every phone of a
 * room that joins in the same minute reads its session by the code. */
struct code_slot {
	char			 code[JOIN_CODE_LEN + 1];
	int64_t			 id;
	uint64_t		 gen;
	int64_t			 at_ns;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static struct code_slot codes[SLOTS];
static atomic_uint_fast64_t gen = 1;

/* See web.h. */
int
web_brief_keeps(const char *topic)
{
	static const char *const quiet[] = {
		"registration", "attendance", "question", "response",
		"certificate",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(quiet); i++)
		if (strcmp(quiet[i], topic) == 0)
			return 1;
	return 0;
}

/* s with its strings copied into a. */
static void
copy(struct arena *a, const struct store_session *from,
    struct store_session *to)
{
	char **const f[] = {
		&to->title, &to->description, &to->instructor,
		&to->join_code, &to->event_title, &to->venue, &to->city,
		&to->state, &to->time_zone, &to->delivery,
	};
	size_t i;

	*to = *from;
	for (i = 0; i < ARRAY_LEN(f); i++)
		if (*f[i] != NULL)
			*f[i] = arena_strdup(a, *f[i]);
}

/* See web.h. */
void
web_briefs_forget(void)
{
	atomic_fetch_add(&gen, 1);
}

/* See web.h. */
int
web_brief(struct http_req *r, int64_t id, struct store_session *out)
{
	struct slot *k = &slots[(uint64_t)id % SLOTS];
	uint64_t g = atomic_load(&gen);
	int64_t now = http_now_ns();
	int rc;

	pthread_mutex_lock(&lock);
	if (k->id == id && k->gen == g && now - k->at_ns < TTL_NS) {
		copy(r->arena, &k->s, out);
		pthread_mutex_unlock(&lock);
		return STORE_OK;
	}
	pthread_mutex_unlock(&lock);
	/* Read before the generation moved on is kept under the old one. */
	if ((rc = store_session_brief(web_store(r), r->arena, id, out)) !=
	    STORE_OK)
		return rc;
	pthread_mutex_lock(&lock);
	arena_free(k->a);
	k->a = arena_new();
	copy(k->a, out, &k->s);
	k->id = id;
	k->gen = g;
	k->at_ns = now;
	pthread_mutex_unlock(&lock);
	return STORE_OK;
}

/* See web.h. */
int
web_brief_by_code(struct http_req *r, const char *code,
    struct store_session *out)
{
	struct code_slot *k;
	uint64_t g = atomic_load(&gen), h = 5381;
	int64_t id = 0, now = http_now_ns();
	const char *p;
	int rc;

	if (strlen(code) > JOIN_CODE_LEN)
		return STORE_NOTFOUND;
	for (p = code; *p; p++)
		h = h * 33 + (unsigned char)*p;
	k = &codes[h % SLOTS];
	pthread_mutex_lock(&lock);
	if (k->gen == g && now - k->at_ns < TTL_NS && strcmp(k->code, code) == 0)
		id = k->id;
	pthread_mutex_unlock(&lock);
	if (id > 0 && web_brief(r, id, out) == STORE_OK &&
	    out->join_code != NULL && strcmp(out->join_code, code) == 0)
		return STORE_OK;
	if ((rc = store_session_by_code(web_store(r), r->arena, code, out)) !=
	    STORE_OK)
		return rc;
	pthread_mutex_lock(&lock);
	memcpy(k->code, code, strlen(code) + 1);
	k->id = out->id;
	k->gen = g;
	k->at_ns = now;
	pthread_mutex_unlock(&lock);
	return STORE_OK;
}
