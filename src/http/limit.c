/* limit.c: per-address limits in memory; see limit.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <sodium.h>

#include "util.h"
#include "limit.h"

#define SLOTS	(1u << 16)
#define PROBES	16

struct slot {
	uint64_t	key;	/* 0: free */
	int64_t		window;	/* start of the counted window */
	uint32_t	count;
};

struct limiter {
	struct limit_conf	 conf;
	pthread_mutex_t		 lock;
	unsigned char		 hkey[crypto_shorthash_KEYBYTES];
	struct slot		*slot;
};

static const unsigned defaults[LIMIT__MAX] = {
	[LIMIT_REGISTER] = 30,	/* an agency registering its office */
	/* A room of 400 phones behind one university address, some of
	 * them in private windows that forget their participant. */
	[LIMIT_QA_JOIN] = 1000,
	[LIMIT_QA_ASK] = 400,
	[LIMIT_QA_VOTE] = 4000,
	[LIMIT_STREAMS] = 1000,
	/* Those phones' streams and pages, and a projector or two. */
	[LIMIT_CONNECTIONS] = 1000,
};

static const char *const names[LIMIT__MAX] = {
	[LIMIT_REGISTER] = "registrations",
	[LIMIT_QA_JOIN] = "qa_participants",
	[LIMIT_QA_ASK] = "qa_questions",
	[LIMIT_QA_VOTE] = "qa_votes",
	[LIMIT_STREAMS] = "streams",
	[LIMIT_CONNECTIONS] = "connections",
};

static int
parse_net(const char *s, size_t n, struct limit_net *net)
{
	char text[64];
	const char *slash;
	unsigned long bits;
	char *end;
	size_t al;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(text))
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	slash = strchr(text, '/');
	al = slash ? (size_t)(slash - text) : n;
	text[al] = '\0';
	memset(net, 0, sizeof(*net));
	if (inet_pton(AF_INET, text, net->addr) == 1) {
		net->family = AF_INET;
		net->bits = 32;
	} else if (inet_pton(AF_INET6, text, net->addr) == 1) {
		net->family = AF_INET6;
		net->bits = 128;
	} else
		return -1;
	if (slash != NULL) {
		errno = 0;
		bits = strtoul(slash + 1, &end, 10);
		if (errno || *end != '\0' || end == slash + 1 ||
		    bits > net->bits)
			return -1;
		net->bits = (unsigned)bits;
	}
	return 0;
}

static int
parse_nets(struct limit_conf *c, const char *v)
{
	struct limit_conf t = *c;
	const char *p = v, *comma;

	t.ntrusted = 0;
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		if (comma > p && strspn(p, " \t") < (size_t)(comma - p)) {
			if (t.ntrusted == LIMIT_MAX_TRUSTED ||
			    parse_net(p, (size_t)(comma - p),
			    &t.trusted[t.ntrusted]) == -1)
				return -1;
			t.ntrusted++;
		}
		p = *comma ? comma + 1 : comma;
	}
	*c = t;
	return 0;
}

/* See limit.h. */
void
limit_conf_default(struct limit_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = 1;
	c->deadline = 20;
	c->signin_failures = 10;
	memcpy(c->per, defaults, sizeof(c->per));
	/* nginx or haproxy on the same machine is the usual set-up. */
	(void)parse_nets(c, "127.0.0.0/8, ::1");
}

static int
number(const char *v, unsigned max, unsigned *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *v == '\0' || *v == '-' || *end != '\0' || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* See limit.h. */
int
limit_conf_set(struct limit_conf *c, const char *name, const char *v)
{
	size_t i;

	if (strcmp(name, "enabled") == 0) {
		if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
		    strcmp(v, "1") == 0)
			c->enabled = 1;
		else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
		    strcmp(v, "0") == 0)
			c->enabled = 0;
		else
			return -1;
		return 0;
	}
	if (strcmp(name, "request_deadline") == 0)
		return number(v, 3600, &c->deadline);
	if (strcmp(name, "signin_failures") == 0)
		return number(v, 1000000, &c->signin_failures);
	if (strcmp(name, "trusted_proxies") == 0)
		return parse_nets(c, v);
	for (i = 0; i < LIMIT__MAX; i++)
		if (strcmp(name, names[i]) == 0)
			return number(v, 100000000, &c->per[i]);
	return -1;
}

/* See limit.h. */
int
limit_conf_set_more(struct limit_conf *c, const char *net)
{
	if (c->ntrusted == LIMIT_MAX_TRUSTED ||
	    parse_net(net, strlen(net), &c->trusted[c->ntrusted]) == -1)
		return -1;
	c->ntrusted++;
	return 0;
}

/* See limit.h. */
unsigned
limit_of(const struct limit_conf *c, enum limit_kind k)
{
	return c->enabled ? c->per[k] : 0;
}

static int
in_net(const struct limit_net *n, int family, const unsigned char *a)
{
	unsigned full = n->bits / 8, rest = n->bits % 8;

	if (n->family != family)
		return 0;
	if (memcmp(n->addr, a, full) != 0)
		return 0;
	return rest == 0 ||
	    ((n->addr[full] ^ a[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* See limit.h. */
int
limit_trusted(const struct limit_conf *c, const char *addr)
{
	unsigned char a[16];
	int family;
	size_t i;

	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1) {
		family = AF_INET6;
		/* An IPv4 client seen through an IPv6 socket. */
		if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
			memmove(a, a + 12, 4);
			family = AF_INET;
		}
	} else
		return 0;
	for (i = 0; i < c->ntrusted; i++)
		if (in_net(&c->trusted[i], family, a))
			return 1;
	return 0;
}

/* See limit.h. */
void
limit_client(const struct limit_conf *c, const char *peer,
    const char *forwarded, char *out, size_t outsz)
{
	char one[64];
	unsigned char a[16];
	const char *end, *start;
	size_t n;

	snprintf(out, outsz, "%s", peer);
	if (forwarded == NULL || !limit_trusted(c, peer))
		return;
	/* Right to left: each trusted proxy appended who it heard from. */
	end = forwarded + strlen(forwarded);
	for (;;) {
		start = end;
		while (start > forwarded && start[-1] != ',')
			start--;
		n = (size_t)(end - start);
		while (n > 0 && (*start == ' ' || *start == '\t'))
			start++, n--;
		while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
			n--;
		if (n == 0 || n >= sizeof(one))
			return;
		memcpy(one, start, n);
		one[n] = '\0';
		if (inet_pton(AF_INET, one, a) != 1 &&
		    inet_pton(AF_INET6, one, a) != 1)
			return;		/* not an address: keep the last good */
		snprintf(out, outsz, "%s", one);
		if (!limit_trusted(c, one))
			return;
		while (start > forwarded && start[-1] != ',')
			start--;
		if (start == forwarded)
			return;
		end = start - 1;	/* the comma before this one */
	}
}

/* See limit.h. */
struct limiter *
limiter_new(const struct limit_conf *c)
{
	struct limiter *l = xcalloc(1, sizeof(*l));

	l->conf = *c;
	pthread_mutex_init(&l->lock, NULL);
	crypto_shorthash_keygen(l->hkey);
	l->slot = xcalloc(SLOTS, sizeof(*l->slot));
	return l;
}

/* See limit.h. */
void
limiter_free(struct limiter *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l->slot);
	free(l);
}

/* See limit.h. */
const struct limit_conf *
limiter_conf(const struct limiter *l)
{
	return &l->conf;
}

/* See limit.h: the address is kept only as this keyed hash. */
uint64_t
limiter_key(struct limiter *l, enum limit_kind k, const char *addr)
{
	unsigned char in[80], out[crypto_shorthash_BYTES];
	size_t n = strlen(addr);
	uint64_t key;

	if (n > sizeof(in) - 1)
		n = sizeof(in) - 1;
	in[0] = (unsigned char)k;
	memcpy(in + 1, addr, n);
	crypto_shorthash(out, in, n + 1, l->hkey);
	memcpy(&key, out, sizeof(key));
	return key ? key : 1;
}

/* The slot holding key, or one to put it in; lock held. */
static struct slot *
find(struct limiter *l, uint64_t key, int64_t stale_before)
{
	struct slot *s, *free_slot = NULL, *oldest = NULL;
	unsigned i;

	for (i = 0; i < PROBES; i++) {
		s = &l->slot[(key + i) & (SLOTS - 1)];
		if (s->key == key)
			return s;
		if (free_slot == NULL && (s->key == 0 || (s->count == 0) ||
		    (s->window < stale_before && s->window != 0)))
			free_slot = s;
		if (s->window != 0 && (oldest == NULL ||
		    s->window < oldest->window))
			oldest = s;
	}
	/* Full here: the oldest counted window gives way (open counts,
	 * whose window is 0, never do). */
	s = free_slot ? free_slot : oldest;
	if (s == NULL)
		return NULL;
	s->key = key;
	s->window = 0;
	s->count = 0;
	return s;
}

/* See limit.h. */
int
limiter_take(struct limiter *l, enum limit_kind k, const char *addr,
    int64_t now, unsigned *retry)
{
	unsigned max = limit_of(&l->conf, k);
	uint64_t key;
	struct slot *s;
	int rc = 0;

	*retry = 0;
	/* A trusted proxy that names no client is many people, not one:
	 * a town behind one proxy is never one client. */
	if (max == 0 || addr == NULL || *addr == '\0' ||
	    limit_trusted(&l->conf, addr))
		return 0;
	key = limiter_key(l, k, addr);
	pthread_mutex_lock(&l->lock);
	s = find(l, key, now - LIMIT_WINDOW_S);
	if (s == NULL)
		goto out;	/* nowhere to count: let it through */
	if (k == LIMIT_STREAMS || k == LIMIT_CONNECTIONS) {
		if (s->count >= max) {
			*retry = 10;
			rc = -1;
		} else
			s->count++;
		goto out;
	}
	if (s->window == 0 || now - s->window >= LIMIT_WINDOW_S) {
		s->window = now;
		s->count = 0;
	}
	if (s->count >= max) {
		*retry = (unsigned)(s->window + LIMIT_WINDOW_S - now);
		if (*retry == 0)
			*retry = 1;
		rc = -1;
	} else
		s->count++;
out:
	pthread_mutex_unlock(&l->lock);
	return rc;
}

/* See limit.h. */
void
limiter_give(struct limiter *l, uint64_t key)
{
	struct slot *s;
	unsigned i;

	pthread_mutex_lock(&l->lock);
	for (i = 0; i < PROBES; i++) {
		s = &l->slot[(key + i) & (SLOTS - 1)];
		if (s->key == key && s->window == 0) {
			if (s->count > 0 && --s->count == 0)
				s->key = 0;
			break;
		}
	}
	pthread_mutex_unlock(&l->lock);
}
