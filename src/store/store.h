/* store.h: the one interface to the database, whichever backend is underneath. */
#ifndef CONVENE_STORE_H
#define CONVENE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core.h"

struct arena;
struct store;
struct store_pool;
struct store_tx;	/* a write transaction: see store_write() */

enum store_rc {
	STORE_OK = 0,
	STORE_ERROR = -1,	/* database failure, already logged */
	STORE_NOTFOUND = -2,
	STORE_CLOSED = -3,	/* registration window closed or not yet open */
	STORE_CONFLICT = -4,	/* unique constraint, e.g. a duplicate name */
	STORE_LIMIT = -5,	/* a rate limit was reached */
	STORE_RETRY = -8,	/* a concurrent transaction got in the way */
	STORE_EXISTS = 1,	/* an existing record was returned */
};

struct store_session {
	int64_t	 id;
	int64_t	 event_id;
	char	*title;
	char	*description;
	char	*instructor;
	int	 audience;	/* enum audience */
	unsigned sectors;	/* bit set of enum sector */
	int64_t	 capacity;	/* -1: unlimited */
	double	 ce_hours;
	int64_t	 starts_at, ends_at;
	int64_t	 reg_opens_at, reg_closes_at;	/* 0: not set */
	char	*join_code;	/* NULL unless a Q&A session */
	int	 cancelled;
	int64_t	 confirmed, waitlisted;
	/* Of the event, for pages that show one session alone. */
	char	*event_title;
	char	*venue, *city, *state, *time_zone;
	int	 event_cancelled;
	double	 credit_share;	/* of the session needed for credit; 1: all */
	int	 eval_required;	/* a completed evaluation is needed for credit */
	int	 closed;	/* enum session_close */
	int	 post_moderation;	/* Q&A: questions show before review */
	int64_t	 ics_sequence;	/* calendar SEQUENCE: changes so far */
	int	 event_published;	/* 0: its event is a draft */
	char	*delivery;	/* "in_person" or "live_online" (NULL: in person) */
	int	 credit_tolerance;	/* minutes late or early still credited */
	int	 credit_partial;	/* credit in whole contact hours attended */
	int64_t	 qa_opens_at;	/* Q&A: questions from; 0: an hour before */
};

/* How a coordinator closed a session: what no check-out means. */
enum session_close {
	CLOSE_OPEN,		/* not closed */
	CLOSE_AT_END,		/* no check-out: left at the end */
	CLOSE_NO_CREDIT,	/* no check-out: no credit */
};

struct store_event {
	int64_t	 id;
	char	*title;
	char	*description;
	char	*venue, *address, *city, *state, *time_zone;
	char	*tour;		/* NULL when not on a tour */
	int64_t	 tour_id;
	int64_t	 starts_at, ends_at;	/* from its sessions; 0 when none */
	int	 cancelled;
	int	 published;	/* 0: a draft, shown to staff only */
	char	**hosts;
	size_t	 nhosts;
	struct store_session *sessions;
	size_t	 nsessions;
};

struct store_reg_input {
	const char *name, *email, *sector, *organization, *county, *license;
	const char *source;	/* NULL: "web" */
	const char *lang;	/* the page's language; NULL: "en" */
	int	    staff;	/* added by staff: the window does not apply */
	int	    admit;	/* a walk-in at a full session: enum admit */
};

/* What a walk-in at a full session does. */
enum admit {
	ADMIT_ASK,		/* nothing: the caller is told it is full */
	ADMIT_WAITLIST,		/* onto the waiting list */
	ADMIT_OVER,		/* confirmed over capacity, on purpose */
};

struct store_registration {
	int64_t	 id;
	char	*source;	/* "web", "api", "staff" or "walk_in"; NULL: unknown */
	int64_t	 session_id;
	char	*secret;
	int	 status;	/* enum reg_status */
	int64_t	 position;	/* place on the waiting list; 0 when not waitlisted */
	char	*name, *email, *sector, *organization, *county, *license;
	int64_t	 created_at;
	int64_t	 checked_in_at, checked_out_at;	/* 0: not yet */
	int	 over_capacity;	/* admitted over capacity on purpose */
	char	*lang;		/* "en", "es": what they registered in */
};

struct store_certificate {
	int64_t	 id, registration_id, issued_at;
	char	*code;
	char	*name, *session, *event, *date, *venue, *city, *instructor;
	double	 hours;
	char	*provider;
	int64_t	 revoked_at;	/* 0: valid */
	char	*revoked_reason;	/* staff only, never public */
	char	*license;	/* the holder's licence number, or NULL */
	char	*delivery;	/* "in_person" or "live_online" */
	char	*times;		/* "9:00 AM – 1:00 PM MST" */
	char	*approvals;	/* JSON array of {board, statement, course_number} */
};

struct store_mail {
	int64_t	 id, created_at, attempts, sent_at, ics_session_id;
	char	*to, *subject, *body, *last_error;
	char	*template, *lang, *params;	/* NULL template: subject, body */
};

/* 1 when path is a PostgreSQL connection URI (postgresql:// or postgres://). */
int store_is_pg(const char *path);
/* Waits up to timeout_ms for a change another process or node committed
 * (PostgreSQL: LISTEN/NOTIFY; SQLite: just the wait). 1 woken, 0 time out,
 * -1 the database is unreachable. s serves only this. */
int store_wait_change(struct store *s, int timeout_ms);
/* A lock shared by every node of the database, held by s until unlocked:
 * 1 taken, 0 another node holds it, -1 failure (SQLite: always 1). */
#define STORE_LOCK_PURGE 0x636f6e76656e03LL
int store_lock_try(struct store *s, int64_t key);
void store_unlock(struct store *s, int64_t key);
/* "sqlite" or "postgresql". */
const char *store_backend_name(struct store *s);
/* 1 while the database server cannot be reached (a lost connection not yet
 * restored): requests answer 503 rather than 500. */
int store_unavailable(void);

/* Opens (creating if asked) the database at path; NULL on failure, logged. */
/*
 * The ticket key: 32 random bytes as hex in a file outside the database
 * (mode 0600), so the database alone opens no ticket. Each registration
 * keeps its code sealed with it (secret_box) and a hash to find it by.
 * The file is the one store_key_file_set named ([site] ticket_key_file),
 * else $CONVENE_TICKET_KEY_FILE, else for SQLite DB.key beside the
 * database; PostgreSQL has no default (every node must share one file).
 */
#define STORE_KEY_BYTES 32
void store_key_file_set(const char *path);
/* The key file a store at db uses (the caller frees it), or NULL: one
 * named, else DB.key beside SQLite, else for PostgreSQL one in the user's
 * state folder named after the URI (every node on this machine shares it). */
char *store_key_path(const char *db);
/* 1 with the key read, 0 when there is no such file, -1 when unreadable. */
int store_key_read(const char *path, unsigned char key[STORE_KEY_BYTES]);
/* Creates path (it must not exist) holding key, mode 0600: 0 or -1. */
int store_key_write(const char *path, const unsigned char key[STORE_KEY_BYTES]);
/* A ticket code sealed with the key (hex), or NULL without a key. */
struct store;
struct arena;
char *store_ticket_seal(struct store *s, struct arena *a, const char *code);
/* The code inside a sealed box, or NULL (no key, or not its key). */
char *store_ticket_open(struct store *s, struct arena *a, const char *box);

#define STORE_CREATE	0x01
#define STORE_READONLY	0x02	/* SQLite: opened to be read only (PostgreSQL: no effect) */
struct store *store_open(const char *path, int flags);
void store_close(struct store *s);
/*
 * SQLite only (store_backup.c). Copies the database at path, live, into
 * the file to (replaced whole, mode 0600): one moment's content, checked
 * by integrity_check before it takes the name. 0, or -1 with err.
 */
int store_backup(const char *path, const char *to, char *err, size_t errsz);
/*
 * Puts the database file from (already checked by the caller) in place of
 * the one at path. Without force, STORE_BUSY_DB when another process has
 * path open, leaving it untouched. 0, or -1 with err.
 */
#define STORE_BUSY_DB (-9)
/* 1 when another process has the SQLite database at path open, 0 when
 * none (or no file), -1 when it cannot be opened. */
int store_in_use(const char *path);
int store_restore(const char *from, const char *path, int force, char *err,
    size_t errsz);
/* Applies pending numbered migrations; running it twice is harmless. */
int store_migrate(struct store *s);
/* Recomputes sessions' local months (all missing, and those of event_id). */
int store_months(struct store_tx *tx, int64_t event_id);
/* Schema version recorded in the database. */
int store_schema_version(struct store *s, int *version);
/* PRAGMA integrity_check (or the backend's equivalent); 0 when sound. */
int store_check(struct store *s);
/* The schema version this program's migrations bring s's backend to. */
int store_schema_latest(struct store *s);

/*
 * Copies every table of from into to (convene copy): both at
 * store_schema_latest(), to holding no row in any table. Every row goes in
 * one transaction of to, with the same ids; to's id numbering is then set
 * past them and each table's row count compared with from's before the
 * commit. from is read in one snapshot and not written. Prints
 * "table: rows" for each table to out (NULL: nothing). STORE_OK;
 * STORE_CONFLICT when to holds rows (*busy, when busy is not NULL, names a
 * table that does); STORE_ERROR, logged, when anything else fails: then
 * nothing was copied.
 */
int store_copy(struct store *from, struct store *to, FILE *out,
    const char **busy);

/*
 * Writes. Every function that writes takes the transaction it writes in.
 * store_write runs fn(tx, arg) in one write transaction on s: it commits
 * when fn returns >= 0 and rolls back when fn returns < 0; the result is
 * fn's, or STORE_ERROR when the commit fails. fn must not start another.
 */
int store_write(struct store *s, int (*fn)(struct store_tx *, void *),
    void *arg);
/* store_write again while the database refuses it for a concurrent
 * transaction (STORE_RETRY), tries times at most: fn's result, or
 * STORE_ERROR when every try was refused; *refused (when not NULL) how
 * many were. */
int store_write_tries(struct store *s, int (*fn)(struct store_tx *, void *),
    void *arg, int tries, int *refused);
/* How many tries a write refused that way gets, alone. */
#define STORE_WRITE_TRIES 5
/* The store a transaction runs on, for reads inside it. */
struct store *store_tx_store(struct store_tx *tx);
/* 1 when the job's send ran in this transaction (store_pool_write_then):
 * its fn reads what send sent ahead instead of doing it again. */
int store_tx_sent(struct store_tx *tx);
/* The same by hand, for one connection (the CLI, the demo, tests): begin
 * returns NULL on failure; commit and rollback end and free tx, and a
 * failed commit (-1) is rolled back. */
struct store_tx *store_tx_begin(struct store *s);
int store_tx_commit(struct store_tx *tx);
void store_tx_rollback(struct store_tx *tx);

/*
 * The server's connections: n for reading, shared by threads, and writers
 * that gather concurrent transactions into one commit (each in its own
 * savepoint, so one that fails is undone alone): one writer on SQLite,
 * one per core (at least two) on PostgreSQL, each with a connection of
 * its own.
 */
struct store_pool *store_pool_new(const char *path, size_t n);
void store_pool_free(struct store_pool *p);
struct store *store_pool_get(struct store_pool *p);
/* The same, or NULL at once when every connection is in use: for a
 * thread that may already hold one (a request does until it ends). */
struct store *store_pool_try_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *s);
/* store_write through a writer; returns once the batch is durable. A job
 * may run more than once (again alone when its batch cannot commit). */
int store_pool_write(struct store_pool *p,
    int (*fn)(struct store_tx *, void *), void *arg);
/* The same, by the one writer that takes every job of this key (> 0; a
 * session's id for its seats), so that several writers never wait for
 * each other's rows, nor deadlock on them. */
int store_pool_write_key(struct store_pool *p, int64_t key,
    int (*fn)(struct store_tx *, void *), void *arg);
/*
 * The same without waiting: then(arg, rc) is called on the writer's
 * thread once the job is durable or has failed. STORE_OK when queued;
 * STORE_ERROR (then is not called) when the pool is stopping. send, when
 * not NULL, may run first in the job's batch, before any job's fn, to
 * send its statements ahead so that the batch's go in one round trip: it
 * returns 0 when fn is to finish the job (fn then sees store_tx_sent),
 * else the job's answer. fn alone must still do the whole job: a batch
 * that runs again runs fn only.
 */
int store_pool_write_then(struct store_pool *p, int64_t key,
    int (*send)(struct store_tx *, void *),
    int (*fn)(struct store_tx *, void *), void *arg,
    void (*then)(void *, int));
/* Called on a writer's thread, with that writer's connection, after each
 * durable commit and before the requests of that batch are answered. */
void store_pool_on_commit(struct store_pool *p,
    void (*fn)(struct store *, void *), void *arg);
/* 1 when one writer commits every transaction of the database (SQLite),
 * 0 when several commit at once (PostgreSQL, and other nodes too). */
int store_pool_one_writer(struct store_pool *p);
/* How many writers commit at once. */
unsigned store_pool_writers(struct store_pool *p);
/* Commits, the transactions they carried, the transactions the database
 * refused for a concurrent one (run again), and the batches run first
 * without savepoints that had to run again with them (reruns may be
 * NULL), for /metrics. */
void store_pool_stats(struct store_pool *p, uint64_t *batches,
    uint64_t *jobs, uint64_t *retries, uint64_t *reruns);

/* Reads; everything returned is allocated from arena. */
int store_event_list(struct store *s, struct arena *a,
    struct store_event **out, size_t *n);
int store_event_get(struct store *s, struct arena *a, int64_t id,
    struct store_event *out);
int store_session_get(struct store *s, struct arena *a, int64_t id,
    struct store_session *out);
/* The same without counting its registrations: confirmed is only the seat
 * counter of a session with a capacity, waitlisted 0. For the paths that
 * decide and need no counts (registering), where counting would cost. */
int store_session_brief(struct store *s, struct arena *a, int64_t id,
    struct store_session *out);
int store_ticket_get(struct store *s, struct arena *a, const char *secret,
    struct store_registration *out);

/*
 * Registrations: the steps the application layer composes, each in the
 * caller's transaction. A seat is taken by a conditional write on the
 * session's counter, so no isolation level can overbook it.
 */
/* The live registration of a session with this (lower-case) address. */
int store_reg_by_email(struct store *s, struct arena *a, int64_t session_id,
    const char *email_norm, struct store_registration *out);
/*
 * A new address's registration: when in->email has a live registration
 * for the session, nothing is written and *old is its id; else a seat is
 * taken and a confirmed registration inserted, as store_seat_take then
 * store_reg_insert: STORE_OK with *took 1, or with *took 0 when the
 * session is full (nothing written), or an error. On PostgreSQL one
 * statement: one round trip.
 */
int store_reg_insert_new(struct store_tx *tx, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int64_t now,
    struct store_registration *out, int *took, int64_t *old);
/*
 * The same in two halves, so that a batch's registrations go in one
 * round trip (store_pool_write_then's send): _send queues the statement
 * (STORE_OK, *p set; STORE_ERROR where the backend cannot send ahead),
 * _recv reads its answer into out, *took and *old as
 * store_reg_insert_new would. in and a must last until _recv.
 */
struct store_reg_pending;
int store_reg_insert_new_send(struct store_tx *tx, struct arena *a,
    int64_t session_id, const struct store_reg_input *in, int64_t now,
    struct store_reg_pending **p);
int store_reg_insert_new_recv(struct store_tx *tx, struct store_reg_pending *p,
    struct store_registration *out, int *took, int64_t *old);
/* Takes a seat: 1 taken, 0 full (force: over capacity), STORE_ERROR. */
int store_seat_take(struct store_tx *tx, int64_t session_id, int force);
/* Holds the session's row until the transaction ends, so its waiting list
 * changes one transaction at a time (positions stay consecutive). */
int store_session_lock(struct store_tx *tx, int64_t session_id);
/* Holds a registration's row until the transaction ends, so that what is
 * read of it next is what the transaction changes (a cancellation, a
 * promotion or a move decides on it): STORE_OK, STORE_NOTFOUND. */
int store_reg_lock(struct store_tx *tx, int64_t id);
/* Gives a seat back. */
int store_seat_free(struct store_tx *tx, int64_t session_id);
/* Inserts a registration with status and a new secret, filling *out (with
 * its position); STORE_CONFLICT when the address is registered already. */
int store_reg_insert(struct store_tx *tx, struct arena *a, int64_t session_id,
    const struct store_reg_input *in, int status, int64_t now,
    struct store_registration *out);
/* Cancels a live registration: 1 when this call cancelled it, else 0. */
int store_reg_cancel(struct store_tx *tx, int64_t id, int64_t now);
/* Confirmed people of a session not admitted over capacity on purpose:
 * what its capacity must hold. */
int store_confirmed_unmarked(struct store *s, int64_t session_id,
    int64_t *n);
/* Marks a registration admitted over capacity on purpose. */
int store_reg_over_capacity(struct store_tx *tx, int64_t id);
/* Confirms a waitlisted registration: 1 when this call confirmed it. */
int store_reg_confirm(struct store_tx *tx, int64_t id, int64_t now);
/* Marks a ticket's link sent again now, unless it was after since: 1 when
 * this call may send it, 0 when it went recently. */
/* Reminders: the day before a session, and the evaluation after it. */
enum store_remind { REMIND_DAY_BEFORE, REMIND_EVALUATION };
/* Up to 500 registrations the reminder is due for (not yet sent): the day
 * before, confirmed people with an address at sessions starting within a
 * day who registered earlier than 12 hours before; the evaluation, people
 * who came to a session needing one that ended within a week. */
int store_remind_due(struct store *s, struct arena *a, enum store_remind k,
    int64_t now, int64_t **ids, size_t *n);
/* Marks the reminder sent unless it was: 1 marked now (send it), 0 sent
 * already (by this node or another), or an error. */
int store_reg_reminded(struct store_tx *tx, enum store_remind k, int64_t id,
    int64_t now);
/* Messages not yet sent. */
int store_outbox_waiting(struct store *s, int64_t *n);
int store_reg_resend(struct store_tx *tx, int64_t id, int64_t now,
    int64_t since);
/* Moves a registration to another session with a status; 1 when moved. */
int store_reg_move(struct store_tx *tx, int64_t id, int64_t to_session,
    int status, int64_t now);
/* The first of a session's waiting list; 0 in *id when nobody waits. */
int store_waitlist_first(struct store *s, int64_t session_id, int64_t *id);

/* Set-up writes used by the CLI and the demo; each returns the new id. */
int store_org_add(struct store_tx *tx, const char *name, int64_t *id);
int store_speaker_add(struct store_tx *tx, const char *name, const char *bio,
    int64_t *id);
int store_venue_add(struct store_tx *tx, const char *name, const char *address,
    const char *city, const char *state, const char *tz, int64_t *id);
int store_tour_add(struct store_tx *tx, const char *title, int64_t speaker_id,
    int64_t *id);
int store_event_add(struct store_tx *tx, const char *title, const char *descr,
    int64_t venue_id, int64_t tour_id, int64_t now, int64_t *id);
int store_event_host_add(struct store_tx *tx, int64_t event_id, int64_t org_id);
int store_session_add(struct store_tx *tx, const struct store_session *in,
    int64_t *id);

/* Staff accounts. roles is a bit set; hash is a libsodium argon2id string. */
int store_user_add(struct store_tx *tx, const char *name, const char *hash,
    unsigned roles, int64_t now, int64_t *id);
int store_user_id(struct store *s, const char *name, int64_t *id);
int store_token_add(struct store_tx *tx, int64_t user_id, const char *token_hash,
    int64_t now);

struct store_user {
	int64_t	 id;
	char	*name;
	char	*pass_hash;
	unsigned roles;		/* bit set of enum role */
	int64_t	 org_id;	/* 0: none */
	char	*org;		/* its name, or NULL */
	int	 disabled;
	char	*csrf;		/* of the sign-in session; "" for API tokens */
};

struct store_token {
	int64_t	 id, user_id;
	char	*user;
	int64_t	 created_at, revoked_at;	/* revoked_at 0: live */
};

struct store_audit {
	int64_t	 id, at;
	char	*user;		/* NULL: the system */
	char	*action, *object, *before, *after;
};

int store_user_get(struct store *s, struct arena *a, int64_t id,
    struct store_user *u);
int store_user_by_name(struct store *s, struct arena *a, const char *name,
    struct store_user *u);
int store_user_list(struct store *s, struct arena *a, struct store_user **u,
    size_t *n);
/* Sets roles, organisation (0: none) and disabled; signs a disabled user out. */
int store_user_update(struct store_tx *tx, int64_t id, unsigned roles,
    int64_t org_id, int disabled);
/* Replaces the password hash and ends every sign-in session of the user. */
int store_user_password(struct store_tx *tx, int64_t id, const char *hash);

/* Sign-in sessions, found by the hash of the cookie's token. */
int store_auth_add(struct store_tx *tx, int64_t user_id, const char *token_hash,
    const char *csrf, int64_t now, int64_t expires);
int store_auth_get(struct store *s, struct arena *a, const char *token_hash,
    int64_t now, struct store_user *u);
int store_auth_delete(struct store_tx *tx, const char *token_hash);
/* The user of a live API token (by hash); STORE_NOTFOUND otherwise. */
int store_token_user(struct store *s, struct arena *a, const char *token_hash,
    struct store_user *u);
int store_token_list(struct store *s, struct arena *a, struct store_token **t,
    size_t *n);
int store_token_revoke(struct store_tx *tx, int64_t id, int64_t now);
/*
 * Failed sign-ins by account key ("u:ID", or a keyed hash of an unknown
 * name) and a keyed hash of the client address: counting those since a
 * time, recording one more (and forgetting those before keep_before), and
 * forgetting an account's (a password reset unlocks it everywhere).
 */
int store_login_failures(struct store *s, const char *user_key,
    const char *addr_key, int64_t since, int64_t *n);
int store_login_failure_add(struct store_tx *tx, const char *user_key,
    const char *addr_key, int64_t now, int64_t keep_before);
int store_login_failures_clear(struct store_tx *tx, const char *user_key);

/* The audit log: who changed what, before and after (JSON text or NULL). */
int store_audit_add(struct store_tx *tx, int64_t user_id, const char *action,
    const char *object, const char *before, const char *after, int64_t now);
int store_audit_list(struct store *s, struct arena *a, int64_t limit,
    struct store_audit **out, size_t *n);

/* Lists of the things events are made of: a row is id, name and details. */
struct store_item {
	int64_t	 id;
	char	*name;
	char	*a, *b, *c, *d;	/* venue: address, city, state, zone; speaker:
				 * bio; tour: speaker name, speaker id */
};
enum store_list { LIST_ORGS, LIST_VENUES, LIST_SPEAKERS, LIST_TOURS };
int store_items(struct store *s, struct arena *a, enum store_list which,
    struct store_item **out, size_t *n);

/*
 * Edits an organisation (a = name), venue (name, address, city, state,
 * zone: a moved zone moves its sessions' local days), speaker (name, bio)
 * or tour (title, speaker id or 0). STORE_NOTFOUND for no such item,
 * STORE_CONFLICT for a taken name. Caller's transaction.
 */
int store_item_update(struct store_tx *tx, enum store_list which, int64_t id,
    const char *const *v);

/* Edits an event; STORE_NOTFOUND when there is none. */
int store_event_update(struct store_tx *tx, int64_t id, const char *title,
    const char *descr, int64_t venue_id, int64_t tour_id, int cancelled);
/* Publishes (1) an event or makes it a draft again (0). */
int store_event_publish(struct store_tx *tx, int64_t id, int published);
/* Replaces the hosts of an event. */
int store_event_hosts_clear(struct store_tx *tx, int64_t event_id);
/* 1 when org co-hosts the event, 0 when not, -1 on error. */
int store_event_hosted_by(struct store *s, int64_t event_id, int64_t org_id);
/* Edits a session from in (id names it; counts are ignored). */
int store_session_update(struct store_tx *tx, const struct store_session *in);
/* One higher calendar SEQUENCE for session id, or every session of event
 * event_id (0: neither); STORE_OK. */
int store_session_sequence(struct store_tx *tx, int64_t id, int64_t event_id);
/* Registrants with an address of an event or session: address and secret. */
struct store_recipient {
	char	*email, *secret, *lang;
	int64_t	 registration_id, session_id;
};
int store_recipients(struct store *s, struct arena *a, int64_t event_id,
    int64_t session_id, struct store_recipient **out, size_t *n);
/*
 * Queues one message: a template, the language to write it in and its
 * parameters (JSON text), rendered when it is sent; ics_session (0: none)
 * attaches that session's calendar file.
 */
int store_outbox_add(struct store_tx *tx, const char *to, const char *tmpl,
    const char *lang, const char *params, int64_t ics_session, int64_t now);
int store_outbox_pending(struct store *s, int64_t *n);

/* The roster of a session, filtered (NULL: any), confirmed first. */
int store_roster(struct store *s, struct arena *a, int64_t session_id,
    const char *status, const char *sector, const char *search,
    struct store_registration **out, size_t *n);
int store_registration_get(struct store *s, struct arena *a, int64_t id,
    struct store_registration *out);
/* Attendance (caller's transaction). Check-in applies to confirmed people;
 * repeating one changes nothing (*changed 0). Checking in after a check-out
 * re-opens the visit and keeps the first check-in time. */
int store_check_in(struct store_tx *tx, int64_t reg_id, int64_t at, int64_t now,
    int *changed);
int store_check_out(struct store_tx *tx, int64_t reg_id, int64_t at, int64_t now,
    int *changed);
/* A coordinator's correction (0: none). */
int store_set_times(struct store_tx *tx, int64_t reg_id, int64_t in, int64_t out,
    int64_t now);
/* Confirmed people who checked in, and those in the room now. */
int store_attendance(struct store *s, int64_t session_id, int64_t *checked_in,
    int64_t *present);
int store_session_close(struct store_tx *tx, int64_t session_id, int mode);

/* Certificates: the facts as issued, found by registration or code. */
int store_certificate_by_registration(struct store *s, struct arena *a,
    int64_t reg_id, struct store_certificate *out);
int store_certificate_by_code(struct store *s, struct arena *a,
    const char *code, struct store_certificate *out);
/* Records a certificate (c->id ignored); STORE_CONFLICT on a taken code.
 * Its licence, delivery, times and approvals are recorded with it. */
int store_certificate_add(struct store_tx *tx, const struct store_certificate *c);
/* Revokes certificate id now, by user (0: the system), with a reason:
 * 1 when this call revoked it, 0 when it was revoked already. */
int store_certificate_revoke(struct store_tx *tx, int64_t id, int64_t user,
    const char *reason, int64_t now);
/* The revoked certificates' codes and times, in issue order (the
 * revocation list). */
int store_certificates_revoked(struct store *s, struct arena *a,
    char ***codes, int64_t **at, size_t *n);

/* A board's approval statement, and a session's choice of it. */
struct store_approval {
	int64_t	 id;
	char	*board;		/* "Montana POST", "ASWB ACE" */
	char	*statement;	/* "[Provider], provider #1234, is approved…" */
	char	*course_number;	/* the session's own number, or "" */
	int	 chosen;	/* the session prints it */
};
/* Every statement (session_id: with that session's choice and number),
 * or with only_chosen only those the session prints; by board. */
int store_approvals(struct store *s, struct arena *a, int64_t session_id,
    int only_chosen, struct store_approval **out, size_t *n);
/* Adds (id 0, *out gets the new id) or edits a statement. */
int store_approval_save(struct store_tx *tx, int64_t id, const char *board,
    const char *statement, int64_t *out);
/* Replaces the statements a session prints: ids[i] with numbers[i]. */
int store_session_approvals_set(struct store_tx *tx, int64_t session_id,
    const int64_t *ids, const char *const *numbers, size_t n);

/* The outbox: due messages, marking them sent or failed, listing. */
int store_outbox_due(struct store *s, struct arena *a, int64_t now,
    int64_t limit, struct store_mail **out, size_t *n);
/* Claims up to limit due messages for this sender, under a lease: on every
 * node at once each is claimed once (FOR UPDATE SKIP LOCKED), and one whose
 * sender dies is due again when the lease ends. */
int store_outbox_claim(struct store_tx *tx, struct arena *a, int64_t now,
    int64_t limit, struct store_mail **out, size_t *n);
int store_outbox_sent(struct store_tx *tx, int64_t id, int64_t now);
int store_outbox_failed(struct store_tx *tx, int64_t id, int64_t retry_at,
    const char *error);
int store_outbox_list(struct store *s, struct arena *a, int64_t limit,
    struct store_mail **out, size_t *n);
/* The live Q&A. */
struct store_question {
	int64_t	 id, session_id, participant_id;
	char	*text, *name;
	int	 status;	/* enum question_status */
	unsigned flags;		/* QFLAG_* */
	int	 pinned;
	int64_t	 votes, created_at;
};
enum question_order { ORDER_VOTES, ORDER_NEW, ORDER_ALL };

int store_session_by_code(struct store *s, struct arena *a, const char *code,
    struct store_session *out);
int store_session_moderation(struct store_tx *tx, int64_t session_id, int post);
/* When a Q&A takes questions from (0: the default, an hour before). */
int store_session_qa_opens(struct store_tx *tx, int64_t session_id,
    int64_t at);
/* The participant with this token hash; STORE_NOTFOUND before first use. */
int store_participant_find(struct store *s, const char *token_hash,
    int64_t *id);
/* The participant with this token hash, made when it does not exist. */
int store_participant_add(struct store_tx *tx, const char *token_hash,
    int64_t now, int64_t *id);
/* Questions asked and votes given by a participant since a time. */
int store_questions_since(struct store *s, int64_t participant, int64_t since,
    int64_t *n);
int store_votes_since(struct store *s, int64_t participant, int64_t since,
    int64_t *n);
/* Adds a question. */
int store_question_add(struct store_tx *tx, int64_t session_id,
    int64_t participant, const char *text, const char *name, int status,
    unsigned flags, int64_t now, int64_t *id);
int store_question_get(struct store *s, struct arena *a, int64_t id,
    struct store_question *out);
/* Questions of a session: visible ones by votes or newest, or all (moderators). */
int store_questions(struct store *s, struct arena *a, int64_t session_id,
    enum question_order order, struct store_question **out, size_t *n);
int store_questions_mine(struct store *s, struct arena *a, int64_t session_id,
    int64_t participant, struct store_question **out, size_t *n);
/* A moderator's change; pinning one unpins the others (caller's transaction). */
int store_question_update(struct store_tx *tx, int64_t id, int status,
    const char *text, int pinned, int64_t now);
/* Its asker takes a question back: hidden, its text and name erased.
 * 1 when it was theirs, 0 when not (or no such question). */
int store_question_withdraw(struct store_tx *tx, int64_t id,
    int64_t participant, int64_t now);
/* The questions of a session a participant voted for: *ids (n of them,
 * in a), for the sign that says so. */
int store_votes_mine(struct store *s, struct arena *a, int64_t session_id,
    int64_t participant, int64_t **ids, size_t *n);
/* One vote per participant per question; *counted 0 for a repeat. */
int store_vote(struct store_tx *tx, int64_t question_id, int64_t participant,
    int64_t now, int *counted);

/* A tour: its speaker and the shortest gap between stops, in hours. */
struct store_tour {
	int64_t	 id;
	char	*title, *speaker, *bio;
	int64_t	 gap_hours;
};
int store_tour_get(struct store *s, struct arena *a, int64_t id,
    struct store_tour *out);
int store_tour_gap(struct store_tx *tx, int64_t id, int64_t hours);

/* Knowledge checks and evaluations: a session's three forms. */
enum form_kind { FORM_PRE, FORM_POST, FORM_EVALUATION, FORM__MAX };
extern const char *const store_form_keys[FORM__MAX];
enum item_kind { ITEM_CHOICE, ITEM_SCALE, ITEM_TEXT, ITEM__MAX };
/* The shipped pre- and post-test's unscored confidence question (five
 * steps, answers "0" not at all to "4" very highly; 3 and 4 are high). */
#define CONFIDENCE_PROMPT "How confident are you in identifying and " \
	"responding to human trafficking?"
extern const char *const store_item_keys[ITEM__MAX];
struct store_item_q {
	int64_t	 id;
	int	 kind;		/* enum item_kind */
	char	*prompt;
	char	*choices;	/* one per line, for ITEM_CHOICE */
	int	 correct;	/* 0-based choice; -1: none */
};
struct store_form {
	int64_t		 id;
	int		 kind;
	struct store_item_q *items;
	size_t		 nitems;
	int64_t		 responses;
};
/* The form of a session (STORE_NOTFOUND when it has none). */
int store_form_get(struct store *s, struct arena *a, int64_t session_id,
    int kind, struct store_form *out);
/* Adds a question; STORE_CONFLICT once anyone has answered the form. */
int store_form_item_add(struct store_tx *tx, int64_t session_id, int kind,
    int item_kind, const char *prompt, const char *choices, int correct);
int store_form_item_delete(struct store_tx *tx, int64_t session_id, int kind,
    int64_t item_id);
/* The default knowledge check and evaluation, for a new training. */
int store_forms_default(struct store_tx *tx, int64_t session_id);
/* Whether registration reg answered the form, and its score out of max. */
int store_submitted(struct store *s, int64_t session_id, int kind,
    int64_t reg, int *done, int64_t *score, int64_t *max);
/* Saves answers once (values[i] for items[i]); STORE_EXISTS if done before. */
int store_response_add(struct store_tx *tx, const struct store_form *f,
    int64_t reg, const char *const *values, int64_t score, int64_t max,
    int64_t now);

/* The key a report by tour gives attendance outside any tour (the API's
 * and the CSV's; pages show it translated). */
#define STORE_NO_TOUR "(not on a tour)"

/* Reports: unduplicated people trained and what they learned. */
enum report_by {
	BY_SECTOR,
	BY_COUNTY,
	BY_MONTH,
	BY_EVENT,
	BY_TOUR,
	BY_PARTNER,
	BY__MAX
};
extern const char *const store_report_keys[BY__MAX];
struct store_count {
	char	*key;
	int64_t	 n;
	int64_t	 attendances;	/* people-by reports: their check-ins */
	double	 value;		/* an average, where the report has one */
};
struct store_range {
	int64_t	 from, to;	/* sessions whose local day, as the UTC
				 * midnight of that date, is in [from, to) */
	int64_t	 org;		/* only this partner's events; 0: all */
	int64_t	 event, tour;	/* only this event, this tour; 0: all */
};
int store_report_trained(struct store *s, struct arena *a, enum report_by by,
    const struct store_range *rg, struct store_count **out, size_t *n);
struct store_totals {
	int64_t	 people, attendances, certificates, pairs;
	int64_t	 questions, shown, askers;	/* the public Q&As */
	/* Sessions held (with attendance recorded): trainings, public ones;
	 * community education: check-ins at public sessions. */
	int64_t	 training_sessions, public_sessions, public_attendances;
	/* Confidence pairs, and of them those high or very high before and
	 * after. */
	int64_t	 conf_pairs, conf_before, conf_after;
	double	 ce_hours, pre_avg, post_avg;	/* averages in percent */
};
int store_report_totals(struct store *s, const struct store_range *rg,
    struct store_totals *t);
/* A funder's names for the sectors: set (name NULL or "": the sector's own
 * name again), read (names[sector], NULL where none; in a), and the funders
 * that have any. */
int store_funder_set(struct store_tx *tx, const char *funder, int sector,
    const char *name);
int store_funder_names(struct store *s, struct arena *a, const char *funder,
    const char *names[SECTOR__MAX]);
int store_funders(struct store *s, struct arena *a, char ***out, size_t *n);
/* Evaluation scale averages (key prompt, value average, n answers), and comments. */
int store_report_scales(struct store *s, struct arena *a,
    const struct store_range *rg, struct store_count **out, size_t *n);
int store_report_comments(struct store *s, struct arena *a,
    const struct store_range *rg, struct store_count **out, size_t *n);

/*
 * Forgets the names and addresses public attendees gave for sessions that
 * ended before the cutoff, and old delivered mail. *n is the number of
 * registrations cleared. One transaction.
 */
int store_purge(struct store_tx *tx, int64_t cutoff, int64_t *n);

/*
 * Change events: written in the transaction that makes a change (topic and
 * a payload of ids and states, never text that is not public), read in id
 * order by whatever feeds live streams and page caches.
 */
struct store_change {
	int64_t	 id;
	char	*topic, *payload;
};
/* wake: every node's feed is woken at commit (PostgreSQL NOTIFY), for what
 * live streams wait for; other changes are found within a second, and
 * only say what changed: a transaction writes the first of each topic (a
 * string that lives as long as the transaction, a literal), and the rest
 * (when no id is asked for) add nothing. */
int store_change_add(struct store_tx *tx, const char *topic,
    const char *payload, int wake, int64_t now, int64_t *id);
/* After a commit on s (the pool's commit hook): 1 when its transaction
 * wrote a change of a topic for which quiet says 0. */
int store_tx_touched(struct store *s, int (*quiet)(const char *topic));
int store_changes_after(struct store *s, struct arena *a, int64_t after,
    int64_t limit, struct store_change **out, size_t *n);
/* The newest and the oldest kept change event's id (0: none). */
int store_changes_last(struct store *s, int64_t *id);
int store_changes_first(struct store *s, int64_t *id);
/* Deletes change events older than before. */
int store_changes_purge(struct store_tx *tx, int64_t before);

/* Settings: small named values (the server's secret key). */
int store_setting_get(struct store *s, struct arena *a, const char *key,
    char **value);
/* Rewrites key's value as it is: a write that changes nothing. */
int store_setting_touch(struct store_tx *tx, const char *key);
/* Sets key unless it has a value already (the first one stays). */
int store_setting_add(struct store_tx *tx, const char *key,
    const char *value);
int store_setting_set(struct store_tx *tx, const char *key, const char *value);


#endif
