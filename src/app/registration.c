/* registration.c: registering, cancelling, the waiting list, moves and walk-ins. */
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "fmt.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "app_priv.h"
#include "message.h"

const char *const app_reg_action_keys[REG_ACTION__MAX] = {
	"cancel", "promote", "move",
};

/* A repeated address gets its link again at most this often. */
#define RESEND_SECONDS 600

/* A bound on one fill: no session has more people waiting. */
#define FILL_MAX 100000

static int
reg_changed(struct store_tx *tx, int64_t now, const struct store_registration *g,
    int status)
{
	return app_change(tx, now, "registration",
	    "{\"id\":%lld,\"session_id\":%lld,\"status\":\"%s\"}",
	    (long long)g->id, (long long)g->session_id,
	    core_status_keys[status]);
}

/* See app.h. */
int
app_fill(struct store_tx *tx, struct arena *a, int64_t session_id,
    int64_t now, int64_t *promoted)
{
	struct store *s = store_tx_store(tx);
	struct store_session ss;
	struct store_registration g;
	int64_t first;
	int rc, took;

	*promoted = 0;
	if ((rc = store_session_lock(tx, session_id)) != STORE_OK ||
	    (rc = store_session_brief(s, a, session_id, &ss)) != STORE_OK)
		return rc;
	if (now >= ss.starts_at)
		return STORE_OK;
	while (*promoted < FILL_MAX) {
		if (store_waitlist_first(s, session_id, &first) != STORE_OK)
			return STORE_ERROR;
		if (first == 0)
			break;
		if ((took = store_seat_take(tx, session_id, 0)) < 0)
			return STORE_ERROR;
		if (took == 0)
			break;
		/* Only a row this call confirmed is told so. */
		if ((rc = store_reg_confirm(tx, first, now)) < 0)
			return STORE_ERROR;
		if (rc == 0) {
			if (store_seat_free(tx, session_id) != STORE_OK)
				return STORE_ERROR;
			break;
		}
		if (store_registration_get(s, a, first, &g) != STORE_OK)
			return STORE_ERROR;
		if (g.email != NULL && message_queue(tx, g.email, MSG_PROMOTED,
		    g.lang, session_id, now, "title", ss.title, "event",
		    ss.event_title, "secret", g.secret, "registration",
		    arena_printf(a, "%lld", (long long)g.id), (char *)NULL) !=
		    STORE_OK)
			return STORE_ERROR;
		if (reg_changed(tx, now, &g, STATUS_CONFIRMED) != STORE_OK)
			return STORE_ERROR;
		(*promoted)++;
	}
	return STORE_OK;
}

struct reg_job {
	struct app			*app;
	const struct actor		*who;
	struct arena			*a;
	int64_t				 session_id, now;
	const struct store_session	*seen;	/* the caller's read, or NULL */
	const struct store_reg_input	*in;
	struct store_registration	*out;
	struct store_reg_input		 in_copy;	/* with its language */
	/* app_register_then: whom to tell. */
	void				(*then)(void *, int);
	void				*then_arg;
	/* register_send's: the session it judged, the statement it sent. */
	struct store_session		 ss;
	struct store_reg_pending	*pend;
};

/* Whether the registration may be written: STORE_OK with *ss the session. */
static int
register_judge(struct reg_job *j, struct store *s, struct store_session *ss)
{
	int rc;

	/*
	 * The session as the caller read it just now, when it did: a read
	 * inside the transaction would be no fresher to a session changed
	 * meanwhile (PostgreSQL reads what was committed, and no seat hangs
	 * on it: the seat is a conditional write).
	 */
	if (j->seen != NULL && j->seen->id == j->session_id)
		*ss = *j->seen;
	else if ((rc = store_session_brief(s, j->a, j->session_id, ss)) !=
	    STORE_OK)
		return rc;
	/* A draft's sessions are not there for the public yet. */
	if (!j->in->staff && !ss->event_published)
		return STORE_NOTFOUND;
	if (j->in->staff ? ss->cancelled || ss->event_cancelled :
	    core_reg_state(j->now, ss->reg_opens_at, ss->reg_closes_at,
	    ss->starts_at, ss->cancelled || ss->event_cancelled) != REG_OPEN)
		return STORE_CLOSED;
	/* A walk-in is written while the door is open, as check-ins are. */
	if (j->in->source != NULL && strcmp(j->in->source, "walk_in") == 0 &&
	    (rc = app_door_judge(j->who, ss, j->now, j->now)) != STORE_OK)
		return rc;
	return STORE_OK;
}

/* register_work's first statement, sent ahead with the rest of its
 * batch's (store_pool_write_then): 0, or the answer. */
static int
register_send(struct store_tx *tx, void *arg)
{
	struct reg_job *j = arg;
	int rc;

	if ((rc = register_judge(j, store_tx_store(tx), &j->ss)) != STORE_OK)
		return rc;
	return store_reg_insert_new_send(tx, j->a, j->session_id, j->in,
	    j->now, &j->pend) == STORE_OK ? 0 : STORE_ERROR;
}

static int
register_work(struct store_tx *tx, void *arg)
{
	struct reg_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_session ss;
	struct store_registration old;
	int64_t old_id = 0;
	int rc, took, status, over = 0;
	int email = j->in->email != NULL && *j->in->email != '\0';

	/* A free seat and the registration at once, unless the address has
	 * one; the rest only when the session is full. */
	if (store_tx_sent(tx)) {
		ss = j->ss;
		rc = store_reg_insert_new_recv(tx, j->pend, j->out, &took,
		    &old_id);
	} else if ((rc = register_judge(j, s, &ss)) == STORE_OK)
		rc = store_reg_insert_new(tx, j->a, j->session_id, j->in,
		    j->now, j->out, &took, &old_id);
	if (rc != STORE_OK)
		return rc;
	if (old_id != 0) {
		if (store_registration_get(s, j->a, old_id, &old) != STORE_OK)
			return STORE_ERROR;
		/* Staff at the door may see who it is; nobody else. */
		if (j->in->staff) {
			*j->out = old;
			return STORE_EXISTS;
		}
		if (!j->app->mail)
			return STORE_EXISTS;
		/* At most once per ten minutes, however often the form is
		 * sent: no mailbox is flooded. */
		if ((rc = store_reg_resend(tx, old.id, j->now,
		    j->now - RESEND_SECONDS)) < 0)
			return STORE_ERROR;
		if (rc == 1 && message_queue(tx, old.email, MSG_TICKET_AGAIN,
		    old.lang, 0, j->now, "title", ss.title, "secret", old.secret,
		    (char *)NULL) != STORE_OK)
			return STORE_ERROR;
		return APP_SENT;
	}
	status = STATUS_CONFIRMED;
	/* Full: a walk-in is admitted over capacity only on purpose, and
	 * whoever admits them is told first. */
	if (!took && j->in->admit == ADMIT_ASK && j->in->source != NULL &&
	    strcmp(j->in->source, "walk_in") == 0)
		return APP_FULL;
	if (!took && j->in->admit == ADMIT_OVER) {
		if (store_seat_take(tx, j->session_id, 1) != 1)
			return STORE_ERROR;
		over = 1;
	}
	if (!took) {
		/* A place on the waiting list is one after the last, whoever
		 * else is joining it at this moment. */
		if (!over && store_session_lock(tx, j->session_id) != STORE_OK)
			return STORE_ERROR;
		status = over ? STATUS_CONFIRMED : STATUS_WAITLISTED;
		if ((rc = store_reg_insert(tx, j->a, j->session_id, j->in,
		    status, j->now, j->out)) != STORE_OK)
			return rc;
	}
	if (over) {
		if (store_reg_over_capacity(tx, j->out->id) != STORE_OK)
			return STORE_ERROR;
		j->out->over_capacity = 1;
	}
	if (email && (status == STATUS_CONFIRMED ?
	    message_queue(tx, j->in->email, over ? MSG_ADMITTED : MSG_REGISTERED,
	    j->in->lang, ss.id,
	    j->now, "title", ss.title, "event", ss.event_title, "venue",
	    ss.venue, "city", ss.city, "start", app_num(j->a, ss.starts_at),
	    "end", app_num(j->a, ss.ends_at), "tz", ss.time_zone,
	    "secret", j->out->secret,
	    "registration", arena_printf(j->a, "%lld", (long long)j->out->id),
	    (char *)NULL) :
	    message_queue(tx, j->in->email, MSG_WAITLISTED, j->in->lang, ss.id,
	    j->now, "title", ss.title, "event", ss.event_title, "position",
	    arena_printf(j->a, "%lld", (long long)j->out->position), "secret",
	    j->out->secret, "registration", arena_printf(j->a, "%lld",
	    (long long)j->out->id), (char *)NULL)) != STORE_OK)
		return STORE_ERROR;
	if (j->in->source != NULL && strcmp(j->in->source, "walk_in") == 0 &&
	    app_audit(tx, j->who, over ? "registration.walk_in_over_capacity" :
	    "registration.walk_in", arena_printf(j->a,
	    "registration %lld", (long long)j->out->id), NULL,
	    app_reg_text(s, j->a, j->out->id), j->now) != STORE_OK)
		return STORE_ERROR;
	if ((rc = reg_changed(tx, j->now, j->out, status)) != STORE_OK)
		return rc;
	/* With mail, a new registration with an address answers as a repeat
	 * does: the link goes to the address, so typing one tells nothing. */
	return !j->in->staff && j->app->mail && email ? APP_SENT : STORE_OK;
}

/* Fills j for a registration: 0, or what app_register answers at once.
 * in is copied into j (its language filled in); seen is not. */
static int
reg_prepare(struct reg_job *j, struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, const struct store_session *seen,
    const struct store_reg_input *in, struct store_registration *out)
{
	memset(j, 0, sizeof(*j));
	memset(out, 0, sizeof(*out));
	j->app = app;
	j->who = who;
	j->a = a;
	j->session_id = session_id;
	j->now = app_now(app);
	j->in_copy = *in;
	j->in = &j->in_copy;
	j->out = out;
	j->seen = seen;
	if (in->staff && !IS_STAFF(who))
		return APP_FORBIDDEN;
	/* Unless told, the language the person registers in is the page's
	 * (or the API request's): their messages are written in it. */
	if (j->in_copy.lang == NULL)
		j->in_copy.lang = i18n_code(i18n_get());
	return 0;
}

/*
 * A session with seats is one writer's, so that batches never wait for
 * each other's hold on its row (nor deadlock over two sessions); one
 * without a limit takes no hold, and any writer will do.
 */
static int64_t
reg_key(const struct reg_job *j)
{
	return j->seen != NULL && j->seen->capacity < 0 ? 0 : j->session_id;
}

/* See app.h. */
int
app_register(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const struct store_session *seen,
    const struct store_reg_input *in, struct store_registration *out)
{
	struct reg_job j;
	int rc;

	if ((rc = reg_prepare(&j, app, who, a, session_id, seen, in, out)) !=
	    0)
		return rc;
	return app_run_key(app, reg_key(&j), register_work, &j);
}

static void
register_then(void *arg, int rc)
{
	struct reg_job *j = arg;

	j->then(j->then_arg, rc);
}

/* See app.h. */
void
app_register_then(struct app *app, const struct actor *who,
    struct arena *a, int64_t session_id, const struct store_session *seen,
    const struct store_reg_input *in, struct store_registration *out,
    void (*then)(void *, int), void *arg)
{
	struct reg_job *j = arena_alloc(a, sizeof(*j));
	int rc;

	if ((rc = reg_prepare(j, app, who, a, session_id, seen, in,
	    out)) != 0) {
		then(arg, rc);
		return;
	}
	j->then = then;
	j->then_arg = arg;
	app_run_key_then(app, reg_key(j), register_send, register_work, j,
	    register_then);
}

/* See app.h. */
int
app_walkin(struct app *app, const struct actor *who, struct arena *a,
    int64_t session_id, const struct store_reg_input *in,
    struct store_registration *out)
{
	struct store_reg_input w = *in;

	if (!HAS_ROLE(who, ROLE_DOOR) && !HAS_ROLE(who, ROLE_COORDINATOR) &&
	    !HAS_ROLE(who, ROLE_PARTNER))
		return APP_FORBIDDEN;
	/* Over capacity is the door's and the coordinator's call. */
	if (in->admit == ADMIT_OVER && !HAS_ROLE(who, ROLE_DOOR) &&
	    !HAS_ROLE(who, ROLE_COORDINATOR))
		return APP_FORBIDDEN;
	w.source = "walk_in";
	w.staff = 1;
	return app_register(app, who, a, session_id, NULL, &w, out);
}

/* Cancels g and fills its place; caller's transaction. */
static int
cancel(struct store_tx *tx, struct arena *a, const struct store_registration *g,
    int64_t now, int64_t *promoted)
{
	int rc;

	*promoted = 0;
	if (g->status == STATUS_CANCELLED)
		return STORE_EXISTS;
	/* Who came stays on the record: a board audits it. */
	if (g->checked_in_at != 0)
		return APP_ATTENDED;
	if ((rc = store_reg_cancel(tx, g->id, now)) < 0)
		return STORE_ERROR;
	if (rc == 0)
		return STORE_EXISTS;
	if (g->status == STATUS_CONFIRMED &&
	    store_seat_free(tx, g->session_id) != STORE_OK)
		return STORE_ERROR;
	if (reg_changed(tx, now, g, STATUS_CANCELLED) != STORE_OK)
		return STORE_ERROR;
	return app_fill(tx, a, g->session_id, now, promoted);
}

struct cancel_job {
	struct arena	*a;
	const char	*secret;
	int64_t		 now, promoted;
};

/*
 * Registration id as it is now, its row held until the transaction ends:
 * a cancellation, a promotion or a move decides on what the one before it
 * left (on a copy read without the hold, a cancel racing a promotion on
 * another writer or node freed no seat for the one it promoted, and a move
 * brought back one just cancelled).
 */
static int
reg_hold(struct store_tx *tx, struct arena *a, int64_t id,
    struct store_registration *g)
{
	int rc;

	if ((rc = store_reg_lock(tx, id)) != STORE_OK)
		return rc;
	return store_registration_get(store_tx_store(tx), a, id, g);
}

static int
ticket_cancel_work(struct store_tx *tx, void *arg)
{
	struct cancel_job *j = arg;
	struct store_registration g;
	int rc;

	if ((rc = store_ticket_get(store_tx_store(tx), j->a, j->secret, &g)) !=
	    STORE_OK || (rc = reg_hold(tx, j->a, g.id, &g)) != STORE_OK)
		return rc;
	return cancel(tx, j->a, &g, j->now, &j->promoted);
}

/*
 * The session a registration is in (by secret, or else by id), read
 * before its job is queued: a cancellation, a promotion or a move frees
 * or takes that session's seats, so it goes to the writer that takes
 * them (reg_key), and two of this node's writers never wait for each
 * other's hold on its row. 0 (any writer) when there is none, or when
 * every reading connection is in use: the caller may hold one already,
 * and waiting for another could wait for ever.
 */
static int64_t
reg_session(struct app *app, struct arena *a, int64_t id, const char *secret)
{
	struct store *s = app->pool != NULL ? store_pool_try_get(app->pool) :
	    app->store;
	struct store_registration g;
	int64_t sid = 0;

	if (s == NULL)
		return 0;
	if ((secret != NULL ? store_ticket_get(s, a, secret, &g) :
	    store_registration_get(s, a, id, &g)) == STORE_OK)
		sid = g.session_id;
	if (app->pool != NULL)
		store_pool_put(app->pool, s);
	return sid;
}

/* See app.h. */
int
app_ticket_cancel(struct app *app, const char *secret, int64_t *promoted)
{
	struct cancel_job j = { arena_new(), secret, app_now(app), 0 };
	int rc = app_run_key(app, reg_session(app, j.a, 0, secret),
	    ticket_cancel_work, &j);

	arena_free(j.a);
	if (promoted != NULL)
		*promoted = j.promoted;
	return rc;
}

/* Moves g to another session: the same audience and an admitted sector. */
static int
move(struct store_tx *tx, struct arena *a, const struct store_registration *g,
    int64_t to_session, int64_t now)
{
	struct store *s = store_tx_store(tx);
	struct store_session from, to;
	int64_t promoted;
	int rc, took, status, sector;

	if (g->status == STATUS_CANCELLED || g->session_id == to_session)
		return STORE_CONFLICT;
	if ((rc = store_session_brief(s, a, to_session, &to)) != STORE_OK)
		return rc;
	if (to.cancelled || to.event_cancelled || now >= to.ends_at)
		return STORE_CLOSED;
	if (store_session_brief(s, a, g->session_id, &from) != STORE_OK)
		return STORE_ERROR;
	/* A move keeps what was given: only to the same audience, and a
	 * professional only where their sector is admitted. */
	sector = g->sector ? core_sector_parse(g->sector) : -1;
	if (to.audience != from.audience ||
	    (to.audience == AUDIENCE_PROFESSIONAL && to.sectors != 0 &&
	    (sector < 0 || !(to.sectors & (1u << sector)))))
		return STORE_CONFLICT;
	if ((took = store_seat_take(tx, to_session, 0)) < 0)
		return STORE_ERROR;
	if (!took && store_session_lock(tx, to_session) != STORE_OK)
		return STORE_ERROR;
	status = took ? STATUS_CONFIRMED : STATUS_WAITLISTED;
	if ((rc = store_reg_move(tx, g->id, to_session, status, now)) < 0)
		return rc;	/* e.g. the same email already in that session */
	if (rc == 0)
		return STORE_CONFLICT;
	if (g->status == STATUS_CONFIRMED &&
	    store_seat_free(tx, g->session_id) != STORE_OK)
		return STORE_ERROR;
	if (app_change(tx, now, "registration", "{\"id\":%lld,\"session_id\":"
	    "%lld,\"from\":%lld,\"status\":\"%s\"}", (long long)g->id,
	    (long long)to_session, (long long)g->session_id,
	    core_status_keys[status]) != STORE_OK)
		return STORE_ERROR;
	/* The person is told where they are now, with its calendar file. */
	if (g->email != NULL && message_queue(tx, g->email, MSG_MOVED, g->lang,
	    to.id, now, "from", from.title, "title", to.title, "event",
	    to.event_title, "start", app_num(a, to.starts_at), "end",
	    app_num(a, to.ends_at), "tz", to.time_zone, "venue", to.venue,
	    "city", to.city, "status_key", core_status_keys[status],
	    "secret", g->secret, (char *)NULL) != STORE_OK)
		return STORE_ERROR;
	return app_fill(tx, a, g->session_id, now, &promoted);
}

/* Confirms a waitlisted person now, even over capacity: a coordinator's
 * call, marked when it takes a place the session does not have. */
static int
promote(struct store_tx *tx, struct arena *a,
    const struct store_registration *g, int64_t now)
{
	struct store_session ss;
	int rc, took;

	if (g->status != STATUS_WAITLISTED)
		return STORE_CONFLICT;
	if ((rc = store_reg_confirm(tx, g->id, now)) < 0)
		return STORE_ERROR;
	if (rc == 0)
		return STORE_CONFLICT;
	if ((took = store_seat_take(tx, g->session_id, 0)) < 0)
		return STORE_ERROR;
	if (!took && (store_seat_take(tx, g->session_id, 1) != 1 ||
	    store_reg_over_capacity(tx, g->id) != STORE_OK))
		return STORE_ERROR;
	if (g->email != NULL && (store_session_brief(store_tx_store(tx), a,
	    g->session_id, &ss) != STORE_OK || message_queue(tx, g->email,
	    MSG_CONFIRMED, g->lang, ss.id, now, "title", ss.title, "event",
	    ss.event_title, "start", app_num(a, ss.starts_at), "end",
	    app_num(a, ss.ends_at), "tz", ss.time_zone, "venue", ss.venue, "city", ss.city, "secret",
	    g->secret, (char *)NULL) != STORE_OK))
		return STORE_ERROR;
	return reg_changed(tx, now, g, STATUS_CONFIRMED);
}

struct action_job {
	const struct actor	*who;
	struct arena		*a;
	int64_t			 id, to_session, now;
	enum reg_action		 act;
};

static int
action_work(struct store_tx *tx, void *arg)
{
	struct action_job *j = arg;
	struct store *s = store_tx_store(tx);
	struct store_registration g;
	const char *before;
	int64_t promoted;
	int rc;

	if ((rc = app_permit(app_may_registration(s, j->a, j->who, j->id))) !=
	    STORE_OK)
		return rc;
	if ((rc = reg_hold(tx, j->a, j->id, &g)) != STORE_OK)
		return rc;
	before = app_reg_text(s, j->a, j->id);
	switch (j->act) {
	case REG_CANCEL:
		rc = cancel(tx, j->a, &g, j->now, &promoted);
		if (rc == STORE_EXISTS)
			rc = STORE_CONFLICT;
		if (rc == STORE_OK && g.email != NULL) {
			struct store_session ss;

			if (store_session_brief(s, j->a, g.session_id, &ss) !=
			    STORE_OK || message_queue(tx, g.email,
			    MSG_REG_CANCELLED, g.lang, 0, j->now, "title",
			    ss.title, "event", ss.event_title, (char *)NULL) !=
			    STORE_OK)
				return STORE_ERROR;
		}
		break;
	case REG_PROMOTE:
		rc = promote(tx, j->a, &g, j->now);
		break;
	case REG_MOVE:
		rc = move(tx, j->a, &g, j->to_session, j->now);
		break;
	default:
		rc = STORE_ERROR;
		break;
	}
	if (rc != STORE_OK)
		return rc;
	return app_audit(tx, j->who, arena_printf(j->a, "registration.%s",
	    app_reg_action_keys[j->act]), arena_printf(j->a,
	    "registration %lld", (long long)j->id), before,
	    app_reg_text(s, j->a, j->id), j->now);
}

/* See app.h. */
int
app_registration(struct app *app, const struct actor *who, struct arena *a,
    int64_t id, enum reg_action act, int64_t to_session)
{
	struct action_job j = { who, a, id, to_session, app_now(app), act };

	if ((unsigned)act >= REG_ACTION__MAX)
		return STORE_ERROR;
	return app_run_key(app, reg_session(app, a, id, NULL), action_work,
	    &j);
}
