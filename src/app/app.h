/* app.h: the application layer: one function per action, whoever asks (page, API, CLI). */
#ifndef CONVENE_APP_H
#define CONVENE_APP_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "store.h"

struct arena;
struct store_tx;

/*
 * Where actions run: a server's pool (writes gathered by its writer into
 * group commits) or, for the CLI, one connection. Never an HTTP type.
 */
struct app {
	struct store_pool	*pool;	/* NULL: use store */
	struct store		*store;
	int64_t			(*now)(void);
	int			 mail;	/* e-mail is delivered (SMTP set up) */
};

/* Who asks. Staff carry their roles (bits of enum role) and organisation. */
enum actor_kind { ACTOR_ANONYMOUS, ACTOR_PARTICIPANT, ACTOR_STAFF,
    ACTOR_SYSTEM };
struct actor {
	enum actor_kind	 kind;
	int64_t		 user_id;	/* staff */
	unsigned	 roles;
	int64_t		 org_id;	/* 0: none */
	int64_t		 participant_id;	/* a Q&A participant */
};
extern const struct actor app_anonymous, app_system;

/*
 * Outcomes are the store's codes (STORE_OK, STORE_NOTFOUND, STORE_CLOSED,
 * STORE_CONFLICT, STORE_LIMIT, STORE_EXISTS, STORE_ERROR) and these.
 */
#define APP_FORBIDDEN	(-6)	/* the actor may not do this */
#define APP_SENT	2	/* the answer went by e-mail */
/* Past the store's own codes (STORE_RETRY is -8). */
#define APP_DOOR_CLOSED	(-20)	/* outside the door's hours (core_door_open) */
#define APP_BAD_TIME	(-21)	/* a door time outside them, or ahead */
#define APP_FULL	(-10)	/* a walk-in at a full session: ask first */
#define APP_ATTENDED	(-11)	/* checked in: the registration stays */
#define APP_NOT_YET	(-22)	/* a Q&A that does not take questions yet */

/* Runs fn in one write transaction (see store_write); the outcome is fn's. */
int app_run(struct app *app, int (*fn)(struct store_tx *, void *), void *arg);
/* The same by the writer of this key (store_pool_write_key): a session's
 * id, for writes that take its seats or lock its row. */
int app_run_key(struct app *app, int64_t key,
    int (*fn)(struct store_tx *, void *), void *arg);
/* app_run_key without a thread waiting: then(arg, rc) is called once fn's
 * transaction is durable or has failed, on a writer's thread (here at
 * once without a pool, or when the pool is stopping). send, when not
 * NULL, may send fn's statements ahead (store_pool_write_then). */
void app_run_key_then(struct app *app, int64_t key,
    int (*send)(struct store_tx *, void *),
    int (*fn)(struct store_tx *, void *), void *arg,
    void (*then)(void *, int));
/* The clock of the app. */
int64_t app_now(struct app *app);

/* May the actor change event_id / the event of a session or registration?
 * 1 yes, 0 no, -1 failure, -2 no such thing (reads through s). */
int app_may_event(struct store *s, const struct actor *who, int64_t event_id);
int app_may_session(struct store *s, struct arena *a, const struct actor *who,
    int64_t session_id);
int app_may_registration(struct store *s, struct arena *a,
    const struct actor *who, int64_t reg_id);

/* --- registration.c ------------------------------------------------- */

/*
 * Registers for a session: the window (unless staff), one seat taken by a
 * conditional write or the waiting list, the confirmation queued. A repeated
 * address never reveals the existing ticket: with mail its link is re-sent
 * at most once per ten minutes, without mail STORE_EXISTS with nothing
 * filled in. With mail, every public registration with an address answers
 * APP_SENT, new (out filled, its link mailed) or repeated (out empty).
 * seen: the session as the caller has just read it (its brief will do),
 * or NULL to read it in the transaction.
 */
int app_register(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const struct store_session *seen,
    const struct store_reg_input *in, struct store_registration *out);
/* The same without a thread waiting (app_run_key_then): then(arg, rc)
 * gets what app_register returns, *out filled. *in is copied; seen, the
 * strings in points to, a, who and out must last until then is called
 * (the request's arena will do: reg_wait.c keeps seen there). */
void app_register_then(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, const struct store_session *seen,
    const struct store_reg_input *in, struct store_registration *out,
    void (*then)(void *, int), void *arg);
/* Cancels a ticket (by secret), filling its place from the waiting list
 * (*promoted people moved up, when not NULL). STORE_EXISTS when it was
 * cancelled already; APP_ATTENDED, nothing changed, once its holder has
 * checked in (attendance and any certificate stand). */
int app_ticket_cancel(struct app *app, const char *secret, int64_t *promoted);
enum reg_action { REG_CANCEL, REG_PROMOTE, REG_MOVE, REG_ACTION__MAX };
extern const char *const app_reg_action_keys[REG_ACTION__MAX];
/* A staff member cancels, confirms over capacity, or moves a registration. */
int app_registration(struct app *app, const struct actor *who,
    struct arena *a, int64_t id, enum reg_action act, int64_t to_session);
/* A walk-in at the door: the window does not apply, capacity does. At a
 * full session in->admit decides: ADMIT_ASK answers APP_FULL and writes
 * nothing, ADMIT_WAITLIST waitlists, ADMIT_OVER (door staff and
 * coordinators only) confirms over capacity, marked and audited. */
int app_walkin(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const struct store_reg_input *in,
    struct store_registration *out);
/* Confirms waitlisted people while seats are free, never once the session
 * has started (nobody is told of a place in a session under way or over);
 * caller's transaction. */
int app_fill(struct store_tx *tx, struct arena *a, int64_t session_id,
    int64_t now, int64_t *promoted);

/* --- staff.c: events, sessions and the lists they are made of --------- */

struct app_event_in {
	const char	*title, *descr;
	int64_t		 venue, tour;	/* tour 0: none */
	int64_t		 hosts[17];
	size_t		 nhosts;
	int		 cancelled;
	int		 published;	/* 0: a draft */
};
/* Creates (id 0) or edits an event; a partner's organisation always hosts
 * what the partner saves, and a partner editing cannot remove another
 * host or change the tour (APP_FORBIDDEN). Cancelling tells registrants.
 * *out: its id. */
int app_event_save(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, struct app_event_in *in, int64_t *out);
/* Creates (id 0) or edits a session of event_id from in (counts ignored). */
int app_session_save(struct app *app, const struct actor *who,
    struct arena *a, int64_t event_id, int64_t id, struct store_session *in,
    int64_t *out);
/* Copies an event and its sessions to venue on local date y-mo-d, as a
 * draft titled title (NULL or "": the same title). */
int app_event_duplicate(struct app *app, const struct actor *who,
    struct arena *a, int64_t event_id, int64_t venue, int y, int mo, int d,
    const char *title, int64_t *out);
/* Publishes (1) an event or makes it a draft again (0), audited. */
int app_event_publish(struct app *app, const struct actor *who,
    struct arena *a, int64_t event_id, int published);
/* Adds (id 0) or edits an organisation, venue, speaker or tour; v holds
 * its values in the order of store_item_update; fields names them for the
 * audit log (n of each). */
int app_item_save(struct app *app, const struct actor *who, struct arena *a,
    enum store_list which, int64_t id, const char *const *v,
    const char *const *names, int n, int64_t *out);

/* --- account.c: staff accounts and sign-in ----------------------------- */

/* Adds a staff account (the password is hashed here, outside any lock). */
int app_user_add(struct app *app, const struct actor *who, struct arena *a,
    const char *name, const char *password, unsigned roles, int64_t org,
    int64_t *out);
int app_user_update(struct app *app, const struct actor *who,
    struct arena *a, int64_t id, unsigned roles, int64_t org, int disabled);
int app_user_password(struct app *app, const struct actor *who,
    struct arena *a, int64_t id, const char *password);
int app_token_add(struct app *app, int64_t user_id, const char *token_hash);
int app_token_revoke(struct app *app, const struct actor *who,
    struct arena *a, int64_t id);
/* Records a failed sign-in by account key and client address key (see
 * store_login_failures), forgetting those before keep_since. */
int app_login_failed(struct app *app, const char *user_key,
    const char *addr_key, int64_t keep_since);
/* Starts a sign-in session (token and csrf hashes given) until expires. */
int app_sign_in(struct app *app, int64_t user_id, const char *token_hash,
    const char *csrf, int64_t expires);
int app_sign_out(struct app *app, const char *token_hash);
/* Sets the caller's own password (hashed here) and ends their sessions. */
int app_password_change(struct app *app, const struct actor *who,
    const char *password);
/* Writes an audit entry in tx: who did what to which object. */
int app_audit(struct store_tx *tx, const struct actor *who,
    const char *action, const char *object, const char *before,
    const char *after, int64_t now);
/* Whether a write commits now (a harmless one): STORE_OK, or the error. */
int app_ready(struct app *app);
/* A server key (e.g. "csrf_key"): the stored one, or value kept as new. */
int app_key(struct app *app, struct arena *a, const char *name,
    const char *fresh, char **value);

/* --- door.c ---------------------------------------------------------- */

/* Checks a registration in (in 1) or out at; *changed 0 when repeated.
 * STORE_CONFLICT when not confirmed (in) or not checked in (out). */
int app_check(struct app *app, const struct actor *who, int64_t reg_id,
    int in, int64_t at, int *changed);
/* A coordinator's correction of the times, with a reason (audited). */
int app_set_times(struct app *app, const struct actor *who, struct arena *a,
    int64_t reg_id, int64_t in, int64_t out, const char *reason);
/* Closes a session (enum session_close), audited. */
int app_session_close(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, int mode);

/* --- cert.c ---------------------------------------------------------- */

/* The credit decision for a registration (reads). */
enum credit app_credit(struct store *s, const struct store_session *ss,
    const struct store_registration *g, int64_t now, int64_t *minutes);
/* Issues the certificate of a registration whose credit is due, and tells
 * the person; an issued one comes back as it was. STORE_CLOSED when credit
 * is not due; *issued 1 when new. */
int app_certify(struct app *app, struct arena *a, int64_t reg_id,
    struct store_certificate *out, int *issued);

/* --- revoke.c -------------------------------------------------------- */

/* A reason is 1 to this many bytes of text. */
#define APP_REASON_MAX 500
/* Revokes the certificate with this (normalised) code, with a reason
 * (audited, kept from the public); coordinators only. STORE_NOTFOUND, or
 * STORE_EXISTS when it was revoked already (out: as it is); STORE_CLOSED
 * for a missing or wrong reason. out: the certificate after. */
int app_certificate_revoke(struct app *app, const struct actor *who,
    struct arena *a, const char *code, const char *reason,
    struct store_certificate *out);
/* One confirmed person of a session, after issuing its certificates. */
struct app_certified {
	int64_t		 registration_id;
	const char	*name;		/* "(no name)" when none */
	enum credit	 why;		/* CREDIT_MET: code and hours are set */
	const char	*code;
	double		 hours;
	int		 fresh;		/* issued now, not before */
};
struct app_certify_result {
	size_t			 issued, before, nshort, n;
	struct app_certified	*people;	/* n of them, roster order */
};
/*
 * Issues every certificate a session's confirmed people have earned, in one
 * transaction, and tells each new holder (as convene certify does):
 * coordinators. out says how many were issued now and before, and who is
 * still short and why. Audited when any is issued.
 */
int app_certify_session(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, struct app_certify_result *out);

/* The CE hours a registration's credited minutes earn (the session's rule). */
double app_credit_hours(const struct store_session *ss, int64_t minutes);
/* The session's credit rule in words (core_credit_rule_text), in a. */
const char *app_credit_rule_text(struct arena *a,
    const struct store_session *ss);
/* "In person" or "Live online" for a session's delivery key. */
const char *app_delivery_name(const char *key);

/* --- notify.c: reminders and lost tickets ----------------------------- */

/* Queues the reminders due at the app's now (the day before, with the
 * calendar file; the evaluation a certificate waits on), each once on any
 * number of nodes; *sent how many. */
int app_reminders(struct app *app, size_t *sent);
/* A person asks for their ticket link again by address: queued to that
 * address only when it is registered for the session, at most once per ten
 * minutes per registration; STORE_OK either way (the answer must not tell),
 * STORE_CONFLICT for what is not an address, STORE_NOTFOUND no session. */
int app_ticket_request(struct app *app, struct arena *a, int64_t session_id,
    const char *email);

/* --- provider.c: who issues certificates ------------------------------ */

/* The provider's name: the coordinator's setting, else the event's lead
 * host (e may be NULL), else "". Never the software's name. */
const char *app_provider(struct store *s, struct arena *a,
    const struct store_event *e);
/* Sets the provider's name (coordinator; 1 to 160 characters), audited. */
int app_provider_set(struct app *app, const struct actor *who, struct arena *a,
    const char *name);
/* Adds (id 0) or edits a board's approval statement (coordinator; board 1
 * to 120 characters, statement 1 to 1000, "[Provider]" standing for the
 * provider's name), audited; *out gets its id. */
int app_approval_save(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, const char *board, const char *statement, int64_t *out);
/* Sets which statements a session prints and its course number for each
 * (up to 60 characters; "" none), audited. STORE_NOTFOUND for an unknown
 * statement, STORE_CONFLICT for one given twice or a bad number. */
int app_session_approvals(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, const int64_t *ids,
    const char *const *numbers, size_t n);
/* The provider's logo: its bytes and media type, in a; STORE_NOTFOUND when
 * there is none. */
int app_logo(struct store *s, struct arena *a, unsigned char **data,
    size_t *len, const char **type);
/* Sets the logo (coordinator): a PNG or JPEG of up to 256 KiB that decodes
 * (STORE_CONFLICT when it does not, STORE_LIMIT when too large); len 0
 * removes it. Kept in the database, audited. */
int app_logo_set(struct app *app, const struct actor *who, struct arena *a,
    const unsigned char *data, size_t len);
/* statement with each "[Provider]" replaced by provider, in a. */
char *app_statement(struct arena *a, const char *statement,
    const char *provider);

/* --- qa.c: the live Q&A ---------------------------------------------- */

/* The participant with this token hash, made on first use. */
int app_participant(struct app *app, const char *token_hash, int64_t *id);
/* Asks a question (checked text; status and flags from core_). STORE_LIMIT
 * over the participant's rate; STORE_CLOSED when the Q&A is closed. */
int app_ask(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const char *text, const char *name, int status,
    unsigned flags, struct store_question *out);
/* One vote per participant per question; *counted 0 for a repeat.
 * STORE_CONFLICT when the question takes no votes. */
int app_vote(struct app *app, const struct actor *who, struct arena *a,
    int64_t question_id, int *counted);
/* Its asker takes a question back: hidden from everyone, its words erased
 * from the database (exports and change events never held them).
 * STORE_NOTFOUND unless the question is the participant's. */
int app_withdraw(struct app *app, const struct actor *who, struct arena *a,
    int64_t question_id);
/* A moderator's action (enum moderate_action) on a question, audited and
 * published; STORE_CONFLICT when it does not apply, STORE_CLOSED for bad
 * edit text. *out: the question after. */
int app_moderate(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, int act, const char *text, struct store_question *out);
/* Coordinators: a funder's names for the sectors (names[sector]; NULL or
 * "" keeps convene's own), replacing what was set; STORE_CLOSED for a bad
 * funder or name (at most 80 and 160 characters of plain text). */
int app_funder_names(struct app *app, const struct actor *who, struct arena *a,
    const char *funder, const char *const names[SECTOR__MAX]);
/* Coordinators: when a Q&A takes questions from (at, unix time; 0 for the
 * default, an hour before the session). STORE_CONFLICT when at is after the
 * session ends, STORE_NOTFOUND when it has no Q&A. */
int app_qa_opens(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, int64_t at);
/* Pre- (post 0) or post-moderation for a session's Q&A. */
int app_qa_mode(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, int post);

/* --- forms.c: knowledge checks, evaluations, tours ------------------- */

int app_response(struct app *app, const struct store_form *f, int64_t reg,
    const char *const *values, int64_t score, int64_t max);
int app_form_item_add(struct app *app, const struct actor *who,
    int64_t session_id, int kind, int item_kind, const char *prompt,
    const char *choices, int correct);
int app_form_item_delete(struct app *app, const struct actor *who,
    int64_t session_id, int kind, int64_t item_id);
int app_tour_gap(struct app *app, const struct actor *who, int64_t tour,
    int64_t hours);

/* --- purge.c --------------------------------------------------------- */

/* Forgets public attendees' details of sessions ended before cutoff, old
 * delivered mail, and change events older than 48 hours. */
int app_purge(struct app *app, int64_t cutoff, int64_t *cleared);

#endif
