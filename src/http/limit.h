/*
 * limit.h: bounds per client address, kept in memory and so per node: open
 * connections, a deadline for a request's headers and body, and counts per
 * fixed window (registrations, Q&A participants, questions, votes) or open
 * at once (event streams). Addresses are kept only as keyed hashes.
 */
#ifndef CONVENE_LIMIT_H
#define CONVENE_LIMIT_H

#include <stddef.h>
#include <stdint.h>

enum limit_kind {
	LIMIT_REGISTER,		/* public registrations per window */
	LIMIT_QA_JOIN,		/* new Q&A participants per window */
	LIMIT_QA_ASK,		/* questions per window */
	LIMIT_QA_VOTE,		/* votes per window */
	LIMIT_STREAMS,		/* event streams open at once */
	LIMIT_CONNECTIONS,	/* connections open at once (server.c) */
	LIMIT__MAX
};

#define LIMIT_WINDOW_S	600	/* the window of the counted kinds */
#define LIMIT_MAX_TRUSTED 16

struct limit_net {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	unsigned	 bits;
};

struct limit_conf {
	int		 enabled;	/* 0: none of these limits apply */
	unsigned	 deadline;	/* seconds to send headers and body */
	unsigned	 signin_failures; /* per account and address, 15 min */
	unsigned	 per[LIMIT__MAX];	/* 0: that one is off */
	/* Proxies whose X-Forwarded-For names the client; their own
	 * connections are not limited by address. */
	struct limit_net trusted[LIMIT_MAX_TRUSTED];
	size_t		 ntrusted;
};

/* The defaults, sized for real use (see convene(1), [limits]). */
void limit_conf_default(struct limit_conf *c);
/* Sets one [limits] setting; 0, or -1 when the name or value is wrong. */
int limit_conf_set(struct limit_conf *c, const char *name, const char *value);
/* Adds one trusted proxy (ADDR or ADDR/BITS); 0 or -1. */
int limit_conf_set_more(struct limit_conf *c, const char *net);
/* The value of a kind's limit as it applies (0 when off or disabled). */
unsigned limit_of(const struct limit_conf *c, enum limit_kind k);

/* 1 when the address (text) is within a trusted proxy network. */
int limit_trusted(const struct limit_conf *c, const char *addr);
/*
 * The client's address: the peer's, or, when the peer is a trusted proxy,
 * the right-most address of X-Forwarded-For that is not itself trusted.
 */
void limit_client(const struct limit_conf *c, const char *peer,
    const char *forwarded, char *out, size_t outsz);

/* Counters by address and kind. */
struct limiter;
struct limiter *limiter_new(const struct limit_conf *c);
void limiter_free(struct limiter *l);
const struct limit_conf *limiter_conf(const struct limiter *l);
/*
 * Counts one of kind k for addr at time now. Returns 0 when within the
 * limit, or -1 with the seconds until it may try again in *retry. A
 * trusted proxy's own address (it forwarded none) is never limited.
 */
int limiter_take(struct limiter *l, enum limit_kind k, const char *addr,
    int64_t now, unsigned *retry);
/* For the kinds counted while open (streams, connections): one fewer
 * open for the key limiter_key gives. */
uint64_t limiter_key(struct limiter *l, enum limit_kind k, const char *addr);
void limiter_give(struct limiter *l, uint64_t key);

#endif
