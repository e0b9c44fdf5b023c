/* store_priv.h: what backends implement: a function table and a statement table. */
#ifndef CONVENE_STORE_PRIV_H
#define CONVENE_STORE_PRIV_H

#include <stdint.h>

/* Every statement the program runs; each backend gives its SQL for each. */
enum stmt {
	STMT_EVENT_LIST,
	STMT_EVENT_GET,
	STMT_HOSTS_ALL,
	STMT_HOSTS_EVENT,
	STMT_SESSIONS_ALL,
	STMT_SESSIONS_EVENT,
	STMT_SESSION_GET,
	STMT_SESSION_BRIEF,
	STMT_SEAT_TAKE,
	STMT_SESSION_LOCK,
	STMT_SEAT_FREE,
	STMT_CHANGE_INSERT,
	STMT_NOTIFY,
	STMT_CHANGES_AFTER,
	STMT_CHANGES_LAST,
	STMT_CHANGES_FIRST,
	STMT_CHANGES_PURGE,
	STMT_REG_BY_EMAIL,
	STMT_REG_INSERT,
	STMT_REG_BY_SECRET,
	STMT_REG_POSITION,
	STMT_REG_CANCEL,
	STMT_REG_WAITLIST_FIRST,
	STMT_ORG_INSERT,
	STMT_SPEAKER_INSERT,
	STMT_VENUE_INSERT,
	STMT_TOUR_INSERT,
	STMT_EVENT_INSERT,
	STMT_HOST_INSERT,
	STMT_SESSION_INSERT,
	STMT_USER_INSERT,
	STMT_USER_BY_NAME,
	STMT_TOKEN_INSERT,
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_SETTING_ADD,
	STMT_SETTING_TOUCH,
	STMT_USER_GET,
	STMT_USER_GET_NAME,
	STMT_USER_LIST,
	STMT_USER_UPDATE,
	STMT_USER_PASSWORD,
	STMT_AUTH_INSERT,
	STMT_AUTH_GET,
	STMT_AUTH_DELETE,
	STMT_AUTH_DELETE_USER,
	STMT_AUTH_PURGE,
	STMT_TOKEN_USER,
	STMT_TOKEN_LIST,
	STMT_TOKEN_REVOKE,
	STMT_FAIL_COUNT,
	STMT_FAIL_INSERT,
	STMT_FAIL_CLEAR,
	STMT_FAIL_EXPIRE,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	STMT_ORG_LIST,
	STMT_VENUE_LIST,
	STMT_SPEAKER_LIST,
	STMT_TOUR_LIST,
	STMT_EVENT_UPDATE,
	STMT_HOSTS_CLEAR,
	STMT_HOSTED_BY,
	STMT_SESSION_UPDATE,
	STMT_ROSTER,
	STMT_REG_GET,
	STMT_REG_MOVE,
	STMT_REG_CONFIRM,
	STMT_REG_RESEND,
	STMT_OUTBOX_INSERT,
	STMT_RECIPIENTS_EVENT,
	STMT_RECIPIENTS_SESSION,
	STMT_OUTBOX_COUNT,
	STMT_CHECK_IN,
	STMT_CHECK_OUT,
	STMT_SET_TIMES,
	STMT_ATTENDANCE,
	STMT_SESSION_CLOSE,
	STMT_CERT_BY_REG,
	STMT_CERT_BY_CODE,
	STMT_CERT_INSERT,
	STMT_OUTBOX_DUE,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_SENT,
	STMT_OUTBOX_FAILED,
	STMT_OUTBOX_LIST,
	STMT_SESSION_BY_CODE,
	STMT_SESSION_MODERATION,
	STMT_PART_GET,
	STMT_PART_INSERT,
	STMT_Q_INSERT,
	STMT_Q_GET,
	STMT_Q_VISIBLE_VOTES,
	STMT_Q_VISIBLE_NEW,
	STMT_Q_ALL,
	STMT_Q_MINE,
	STMT_Q_RECENT,
	STMT_Q_UPDATE,
	STMT_Q_UNPIN,
	STMT_Q_WITHDRAW,
	STMT_VOTE_INSERT,
	STMT_VOTE_BUMP,
	STMT_VOTE_RECENT,
	STMT_MONTHS_TODO,
	STMT_MONTH_SET,
	STMT_REPORT_SECTOR,
	STMT_REPORT_COUNTY,
	STMT_REPORT_MONTH,
	STMT_REPORT_EVENT,
	STMT_REPORT_TOUR,
	STMT_REPORT_PARTNER,
	STMT_REPORT_TOTAL,
	STMT_REPORT_CE,
	STMT_REPORT_GAIN,
	STMT_REPORT_QUESTIONS,
	STMT_REPORT_SCALES,
	STMT_REPORT_COMMENTS,
	STMT_TOUR_GET,
	STMT_TOUR_GAP,
	STMT_FORM_GET,
	STMT_FORM_INSERT,
	STMT_FORM_ITEMS,
	STMT_ITEM_INSERT,
	STMT_ITEM_DELETE,
	STMT_RESPONSE_GET,
	STMT_RESPONSE_INSERT,
	STMT_ANSWER_INSERT,
	STMT_PURGE_PUBLIC,
	STMT_PURGE_OUTBOX,
	STMT_ORG_UPDATE,
	STMT_VENUE_UPDATE,
	STMT_SPEAKER_UPDATE,
	STMT_TOUR_UPDATE,
	STMT_VENUE_MONTHS,
	STMT_SESSION_SEQUENCE,
	STMT_EVENT_PUBLISH,
	STMT_REG_OVER_CAPACITY,
	STMT_CERT_REVOKE,
	STMT_CERTS_REVOKED,
	STMT_CONFIRMED_UNMARKED,
	STMT_SESSION_CE_SET,
	STMT_APPROVALS_LIST,
	STMT_APPROVAL_INSERT,
	STMT_APPROVAL_UPDATE,
	STMT_SESSION_APPROVALS_CLEAR,
	STMT_SESSION_APPROVAL_INSERT,
	STMT_CERT_FACTS_SET,
	STMT_CERT_ID_BY_CODE,
	STMT_REMIND_DUE,
	STMT_EVAL_REMIND_DUE,
	STMT_REG_REMINDED,
	STMT_REG_EVAL_REMINDED,
	STMT_OUTBOX_WAITING,
	STMT_VOTES_MINE,
	STMT_SESSION_QA_OPENS,
	STMT_REPORT_SPLIT,
	STMT_REPORT_CONFIDENCE,
	STMT_FUNDER_SET,
	STMT_FUNDER_DELETE,
	STMT_FUNDER_NAMES,
	STMT_FUNDER_LIST,
	STMT_TICKET_LEGACY,
	STMT_TICKET_SEAL,
	STMT_TICKET_ONE,
	STMT_OUTBOX_PLAIN,
	STMT_OUTBOX_PARAMS,
	STMT_SCRUB_ON,
	STMT_SCRUB_FLUSH,
	STMT_REG_LIVE,
	STMT_REG_INSERT_NEW,
	STMT_REG_LOCK,
	STMT__MAX
};

enum step {
	STEP_ROW = 1,
	STEP_DONE = 0,
	STEP_ERROR = -1,
	STEP_CONSTRAINT = -2,
};

struct store_q;	/* a prepared statement of the backend */
struct store_load;	/* rows being loaded into one table (store_copy.c) */

/*
 * A table as a whole-database copy moves it (store_copy.c holds them all):
 * fixed internal names, never outside input. Columns are named, not
 * positional: the backends' schemas may order them differently.
 */
#define STORE_TABLE_COLS 32
struct store_table {
	const char	*name;
	const char	*cols[STORE_TABLE_COLS];	/* ended by NULL */
	int		 has_id;	/* an id column the backend numbers */
};

struct store_backend {
	const char *name;
	/* 1: the database has one writer at a time (SQLite), so the pool's
	 * one writer commits every transaction; 0: several writers commit at
	 * once, each its own batches (PostgreSQL). */
	int one_writer;
	/* 1: a statement is a call into this process (SQLite), so a second
	 * one costs nothing; 0: each costs a round trip (PostgreSQL). */
	int local;
	void *(*open)(const char *path, int flags);
	void (*close)(void *conn);
	int (*migrate)(void *conn);
	int (*version)(void *conn, int *v);
	int (*check)(void *conn);
	int (*begin_write)(void *conn);
	int (*commit)(void *conn);
	void (*rollback)(void *conn);
	/* A savepoint inside the write transaction, for one request of a group
	 * commit: undo rolls back to it and releases it. */
	int (*savepoint)(void *conn);
	int (*release)(void *conn);
	int (*undo)(void *conn);
	/* Statements the write transaction has run or queued, savepoints
	 * aside; -1 once one failed. A job whose count did not move wrote
	 * nothing. NULL: savepoints cost nothing worth saving (SQLite), and
	 * every batch uses them. */
	int64_t (*sent)(void *conn);
	/* 1 when the transaction failed only because a concurrent one got in
	 * its way (a serialization failure or deadlock): run it again. NULL:
	 * never. */
	int (*retryable)(void *conn);
	/* Waits up to timeout_ms for another connection's committed change:
	 * 1 woken, 0 timed out, -1 the server is unreachable. */
	int (*wait)(void *conn, int timeout_ms);
	/* A lock between the nodes of one database, held by this connection
	 * until unlock: 1 taken, 0 held elsewhere, -1 failure. NULL: one
	 * process owns the database (SQLite), so always 1. */
	int (*lock_try)(void *conn, int64_t key);
	void (*unlock)(void *conn, int64_t key);
	struct store_q *(*query)(void *conn, enum stmt st);
	void (*bind_int)(struct store_q *q, int idx, int64_t v);
	void (*bind_double)(struct store_q *q, int idx, double v);
	void (*bind_text)(struct store_q *q, int idx, const char *v);	/* NULL: null */
	enum step (*step)(struct store_q *q);
	int64_t (*col_int)(struct store_q *q, int idx);
	double (*col_double)(struct store_q *q, int idx);
	const char *(*col_text)(struct store_q *q, int idx);	/* NULL for null */
	int (*col_null)(struct store_q *q, int idx);
	void (*done)(struct store_q *q);	/* reset for reuse */
	/*
	 * Runs a write to its end and resets it: the rows it affected, or
	 * STEP_ERROR / STEP_CONSTRAINT. With RETURNING, *id (when not NULL)
	 * is column 0 of its first row.
	 */
	int64_t (*exec)(struct store_q *q, int64_t *id);
	/*
	 * Queues q's statement in the write transaction to go with the next
	 * round trip and resets q: the handle returned is stepped and read
	 * like q once the answer is wanted (that makes the round trip when
	 * none has), and lasts until the transaction ends. NULL when it
	 * cannot be sent ahead; the backend (SQLite: a call into this
	 * process) has no pend.
	 */
	struct store_q *(*pend)(struct store_q *q);

	/* Copying a whole database (store_copy.c); -1 is logged. */
	int (*latest)(void);	/* the schema version migrate brings */
	/* Reads until end_read see one snapshot of the database. */
	int (*begin_read)(void *conn);
	void (*end_read)(void *conn);
	/* How many tables (schema_migrations and internal ones aside), and
	 * how many columns table has (0: no such table). */
	int (*tables)(void *conn, int64_t *n);
	int (*columns)(void *conn, const char *table, int64_t *n);
	int (*count)(void *conn, const struct store_table *t, int64_t *n);
	/* Calls row(arg, vals) for every row of t, vals the columns' values
	 * as text (NULL for null); 0, -1, or row's result when not 0. */
	int (*rows_out)(void *conn, const struct store_table *t,
	    int (*row)(void *arg, const char *const *vals), void *arg);
	/* Loads rows into t in the write transaction: load_row for each
	 * (values as rows_out gives them), then load_end, which ends and
	 * frees the load, abandoning it when abandon is not 0; 0 when every
	 * row went in. */
	struct store_load *(*load_begin)(void *conn, const struct store_table *t);
	int (*load_row)(struct store_load *l, const char *const *vals);
	int (*load_end)(struct store_load *l, int abandon);
	/* Sets t's id numbering past its largest id (after explicit ids). */
	int (*ids_past)(void *conn, const struct store_table *t);
};

struct store {
	const struct store_backend	*be;
	void				*conn;
	char				*key_path;	/* NULL: none named */
	int				 key_state;	/* 0 unread, 1 read, -1 none */
	unsigned char			 key[32];	/* STORE_KEY_BYTES */
	/* The topics of the changes that wake nobody this write transaction
	 * has written: one of each is all it needs (store_change_add). */
	const char			*signalled[4];
	int				 nsignalled;
	/* Every topic it wrote (more than fit: touched set), for whoever
	 * keeps copies of what those change (store_tx_touched). */
	const char			*topics[8];
	int				 ntopics, touched;
};

/* After migrating: creates the ticket key when the database has no sealed
 * ticket yet, checks that it opens them, and seals codes left in plain
 * text. 0, or -1 with a warning logged saying what is wrong. */
int store_key_setup(struct store *s);

/* A write transaction: only store functions given one may write. */
struct store_tx {
	struct store	*s;
	/* 1 while a job's fn runs after its send did in the same
	 * transaction (store_pool.c): fn reads what send sent ahead. */
	int		 sent;
};

extern const struct store_backend store_backend_sqlite;
extern const struct store_backend store_backend_pg;

/* Column text copied into the arena (NULL stays NULL). */
struct arena;
char *store_col_dup(struct store *s, struct store_q *q, int idx,
    struct arena *a);

/* The ticket code sealed in column idx, or "" when it does not open. */
char *store_col_ticket(struct store *s, struct store_q *q, int idx,
    struct arena *a);

/* The columns of t, each double-quoted, separated by ", " (for the
 * backends' copy text); *n their number. The caller frees it. */
char *store_table_cols(const struct store_table *t, size_t *n);

/* Runs a write in tx and resets it: STORE_OK, STORE_CONFLICT on a
 * constraint, STORE_ERROR; *id from RETURNING when not NULL. */
int store_run(struct store_tx *tx, struct store_q *q, int64_t *id);
/* The same, returning the rows affected (>= 0) or the error. */
int64_t store_exec(struct store_tx *tx, struct store_q *q, int64_t *id);
/* A statement prepared on the transaction's connection. */
struct store_q *store_txq(struct store_tx *tx, enum stmt st);
/* Begins a write transaction on s, with none of its changes' topics
 * written yet (store_change_add, store_tx_touched): 0, or -1. */
int store_begin(struct store *s);

#endif
