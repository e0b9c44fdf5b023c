/* mail.h: email through SMTP (libcurl) from the durable outbox, by a sender thread. */
#ifndef CONVENE_MAIL_H
#define CONVENE_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "limit.h"

struct buf;
struct store;

struct mail_conf {
	char	 host[256];
	int	 port;		/* 0: 587 for starttls, 465 for tls, 25 for none */
	char	 security[16];	/* "starttls", "tls" or "none" */
	char	 user[256];
	char	 password[256];
	char	 from[320];	/* "Name <address>" or an address */
	char	 base_url[256];	/* replaces {site} in messages */
	char	 cors_origins[1024];	/* [site]: pages that may call the API */
	char	 ticket_key_file[1024];	/* [site]: "" for the default */
	/* [hotline]: the help line on every page ("" keeps the default). */
	char	 hotline_name[128], hotline_phone[32], hotline_text[32];
	int	 hotline_text_set;	/* text given, perhaps "" for none */
	struct limit_conf limits;	/* [limits] */
	/* [serve]: serve's options, for those the command line does not give
	 * ("" and 0: not set; listen and trusted_proxy checked by serve). */
	char	 db[1024];
	char	 listen[300];
	char	 trusted_proxy[64];
	int	 behind_tls;	/* 0: not set, 1: yes, 2: no */
	unsigned threads;	/* 1 to 1024 */
	unsigned conn_kib;	/* connection_memory: 4 to 64 */
};

/*
 * Reads an INI file ([smtp] host, port, security, user, password, from;
 * [site] base_url, cors_origins, ticket_key_file; [hotline] name, phone, text; [serve] db,
 * listen,
 * behind_tls, trusted_proxy, threads, connection_memory). Returns 0, or -1 with a message in err (line number
 * and what is wrong).
 */
int mail_conf_read(const char *path, struct mail_conf *c, char *err,
    size_t errsz);
/* 1 when c names an SMTP host to send through. */
int mail_configured(const struct mail_conf *c);

/*
 * Builds an RFC 5322 message: UTF-8 text, "{site}" in body replaced by
 * base_url, and when ics is not NULL a text/calendar attachment.
 */
int mail_compose(struct buf *out, const struct mail_conf *c, const char *to,
    const char *subject, const char *body, const char *ics);
/* One connection to the mail server, kept across messages. */
struct mail_link;
struct mail_link *mail_link_new(void);
void mail_link_free(struct mail_link *l);
/* Sends one composed message over l, reusing the connection of the
 * previous one; 0, or -1 with the reason in err. */
int mail_link_send(struct mail_link *l, const struct mail_conf *c,
    const char *to, const struct buf *msg, char *err, size_t errsz);

/* Starts the thread that drains the outbox of the database at path. */
struct mail_sender;
struct mail_sender *mail_sender_start(const char *path,
    const struct mail_conf *c);
/* Stops it after the message in hand; NULL is allowed. */
void mail_sender_stop(struct mail_sender *m);
/* Sends what is due now, once; returns how many were sent (tests, CLI). */
int mail_drain(struct store *s, const struct mail_conf *c, int64_t now);

/* Header fields (header.c). */
/* s as RFC 2047 "=?UTF-8?B?...?=" words, each at most 75 characters, on
 * folded lines, never splitting a UTF-8 character. */
void mail_encoded_words(struct buf *b, const char *s);
/* Unstructured text (a Subject): as it is when plain ASCII, else encoded. */
void mail_header_text(struct buf *b, const char *s);
/* A display name: bare when it is only words, quoted when it has
 * specials ("Task Force, Inc. (MHTTF)"), encoded when not ASCII. */
void mail_header_phrase(struct buf *b, const char *s);
/* "Name <addr>", "\"Name\" <addr>" or "addr" into name ("" for none) and
 * the bare address. */
void mail_split_from(const char *from, char *name, size_t namesz, char *addr,
    size_t addrsz);
/* The site's host name (from [site] base_url, else the From domain, else
 * "localhost"), lower case: the EHLO greeting and calendar UIDs. */
void mail_site_host(const struct mail_conf *c, char *out, size_t outsz);
/* The same from a base URL and a From (either may be NULL); -1 when
 * neither names a host and out is "localhost". */
int mail_host_of(const char *base_url, const char *from, char *out,
    size_t outsz);

#endif
