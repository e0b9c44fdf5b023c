/*
 * pool.c: the writers' batches on either backend (tests/http, so that
 * run-tests runs it on SQLite and on PostgreSQL): jobs queued while every
 * writer is busy go in one transaction, each in its own savepoint, and the
 * ones that fail, with or without having written, are undone alone.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "harness.h"

/* A job that holds its writer until the gate opens. */
static atomic_int held, gate;

static int
blocker(struct store_tx *tx, void *arg)
{
	int i;

	(void)tx;
	(void)arg;
	atomic_fetch_add(&held, 1);
	for (i = 0; i < 1000 && !atomic_load(&gate); i++)
		usleep(10 * 1000);
	return STORE_OK;
}

static void *
run_blocker(void *arg)
{
	(void)arg;
	store_pool_write(T->ctx.pool, blocker, NULL);
	return NULL;
}

/* What one queued job does. */
enum act { ADD, ADD_THEN_FAIL, FAIL_AT_ONCE, ADD_TAKEN };

struct job {
	enum act	 act;
	const char	*name;
	int		 rc;
	pthread_t	 th;
};

static atomic_int queued;

static int
work(struct store_tx *tx, void *arg)
{
	struct job *j = arg;
	int64_t id;
	int rc;

	switch (j->act) {
	case FAIL_AT_ONCE:
		return STORE_NOTFOUND;	/* nothing sent */
	case ADD_THEN_FAIL:
		if (store_org_add(tx, j->name, &id) != STORE_OK)
			return STORE_ERROR;
		return STORE_CLOSED;	/* what it wrote is undone */
	default:
		rc = store_org_add(tx, j->name, &id);
		return rc;		/* ADD_TAKEN: STORE_CONFLICT */
	}
}

static void *
run_job(void *arg)
{
	struct job *j = arg;

	atomic_fetch_add(&queued, 1);
	j->rc = store_pool_write(T->ctx.pool, work, j);
	return NULL;
}

/* Whether an organisation of this name is there: adding it is refused. */
struct probe {
	const char	*name;
	int		 taken;
};

static int
exists_work(struct store_tx *tx, void *arg)
{
	struct probe *p = arg;
	int64_t id;

	p->taken = store_org_add(tx, p->name, &id) == STORE_CONFLICT;
	return STORE_NOTFOUND;	/* undone either way */
}

static int
org_exists(const char *name)
{
	struct probe p = { name, -1 };

	assert_int_equal(store_pool_write(T->ctx.pool, exists_work, &p),
	    STORE_NOTFOUND);
	return p.taken;
}

/* What the pool counted while a batch ran. */
struct counts {
	uint64_t	 batches, jobs, retries, reruns;
};

/*
 * Holds every writer (one blocker each), queues the jobs behind them, then
 * lets go, so that they run as one batch; what the pool counted meanwhile
 * goes in *d.
 */
/* Every writer held, one at a time so that each takes one blocker; the
 * counts before, in *c0. */
static pthread_t *
hold(struct counts *c0)
{
	unsigned w = store_pool_writers(T->ctx.pool), k;
	pthread_t *b = xcalloc(w, sizeof(*b));
	int waited;

	assert_true(w >= 1);
	atomic_store(&held, 0);
	atomic_store(&gate, 0);
	atomic_store(&queued, 0);
	store_pool_stats(T->ctx.pool, &c0->batches, &c0->jobs, &c0->retries,
	    &c0->reruns);
	for (k = 0; k < w; k++) {
		assert_int_equal(pthread_create(&b[k], NULL, run_blocker, NULL),
		    0);
		for (waited = 0; atomic_load(&held) < (int)k + 1 &&
		    waited < 1000; waited++)
			usleep(10 * 1000);
		assert_int_equal(atomic_load(&held), (int)k + 1);
	}
	return b;
}

/* What the pool counted since hold, in *d. */
static void
since(const struct counts *c0, struct counts *d)
{
	unsigned w = store_pool_writers(T->ctx.pool);
	struct counts c1;

	store_pool_stats(T->ctx.pool, &c1.batches, &c1.jobs, &c1.retries,
	    &c1.reruns);
	d->batches = c1.batches - c0->batches - w;	/* less the blockers' */
	d->jobs = c1.jobs - c0->jobs - w;
	d->retries = c1.retries - c0->retries;
	d->reruns = c1.reruns - c0->reruns;
}

/* Lets the writers go. */
static void
let_go(pthread_t *b)
{
	unsigned w = store_pool_writers(T->ctx.pool), k;

	atomic_store(&gate, 1);
	for (k = 0; k < w; k++)
		pthread_join(b[k], NULL);
	free(b);
}

static void
run_held(struct job *jobs, size_t n, struct counts *d)
{
	struct counts c0;
	pthread_t *b = hold(&c0);
	size_t i;
	int waited;

	for (i = 0; i < n; i++)
		assert_int_equal(pthread_create(&jobs[i].th, NULL, run_job,
		    &jobs[i]), 0);
	for (waited = 0; atomic_load(&queued) < (int)n && waited < 1000;
	    waited++)
		usleep(10 * 1000);
	usleep(300 * 1000);	/* from the counter into the queue */
	atomic_store(&gate, 1);
	for (i = 0; i < n; i++)
		pthread_join(jobs[i].th, NULL);
	let_go(b);
	since(&c0, d);
}

static void
test_batch_undo(void **state)
{
	struct job jobs[] = {
		{ ADD, "Batch first", 0, 0 },
		{ ADD_THEN_FAIL, "Batch undone", 0, 0 },
		{ FAIL_AT_ONCE, NULL, 0, 0 },
		{ ADD_TAKEN, "Batch taken", 0, 0 },
		{ ADD, "Batch last", 0, 0 },
		{ ADD, "Batch after the taken", 0, 0 },
	};
	size_t n = ARRAY_LEN(jobs);
	struct counts d;
	int64_t id;

	(void)state;
	assert_int_equal(store_org_add(th_tx(T), "Batch taken", &id), STORE_OK);
	th_commit();
	run_held(jobs, n, &d);

	/* Each answered as it would have been alone. */
	assert_int_equal(jobs[0].rc, STORE_OK);
	assert_int_equal(jobs[1].rc, STORE_CLOSED);
	assert_int_equal(jobs[2].rc, STORE_NOTFOUND);
	assert_int_equal(jobs[3].rc, STORE_CONFLICT);
	assert_int_equal(jobs[4].rc, STORE_OK);
	assert_int_equal(jobs[5].rc, STORE_OK);
	/* The six committed as one: none of them was run again alone. On
	 * PostgreSQL the batch ran first without savepoints and, the second
	 * job having written then failed, once more with them; SQLite's
	 * always have them. */
	assert_int_equal(d.jobs, n);
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.reruns, th_pg() ? 1 : 0);
	/* What the kept ones wrote is there, the undone one's is not. */
	assert_true(org_exists("Batch first"));
	assert_true(org_exists("Batch last"));
	assert_true(org_exists("Batch after the taken"));
	assert_false(org_exists("Batch undone"));
	assert_int_equal(store_check(T->s), 0);
}

/*
 * A batch whose jobs all keep what they write, and one whose only failure
 * wrote nothing: each commits once, with no savepoint and nothing run
 * again, however the backend makes its batches.
 */
static void
test_batch_plain(void **state)
{
	struct job kept[] = {
		{ ADD, "Plain one", 0, 0 },
		{ ADD, "Plain two", 0, 0 },
		{ ADD, "Plain three", 0, 0 },
		{ ADD, "Plain four", 0, 0 },
	};
	struct job quiet[] = {
		{ ADD, "Quiet one", 0, 0 },
		{ FAIL_AT_ONCE, NULL, 0, 0 },
		{ ADD, "Quiet two", 0, 0 },
	};
	struct counts d;
	size_t i;

	(void)state;
	run_held(kept, ARRAY_LEN(kept), &d);
	for (i = 0; i < ARRAY_LEN(kept); i++) {
		assert_int_equal(kept[i].rc, STORE_OK);
		assert_true(org_exists(kept[i].name));
	}
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.jobs, ARRAY_LEN(kept));
	assert_int_equal(d.reruns, 0);
	run_held(quiet, ARRAY_LEN(quiet), &d);
	assert_int_equal(quiet[0].rc, STORE_OK);
	assert_int_equal(quiet[1].rc, STORE_NOTFOUND);
	assert_int_equal(quiet[2].rc, STORE_OK);
	assert_true(org_exists("Quiet one"));
	assert_true(org_exists("Quiet two"));
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.reruns, 0);
	assert_int_equal(store_check(T->s), 0);
}

/*
 * Registrations for two full sessions, sent at once in both orders: each
 * session's seats are taken by one writer, so no two batches wait for each
 * other's session rows; whatever the batches, exactly the capacity is
 * confirmed and the waiting lists are 1, 2, 3 ... in each.
 */
struct burst {
	struct app	 app;	/* the server's: its writers */
	int64_t		 s1, s2;
	int		 k, n, errors;
	/* Every cancel'th registration is cancelled at once (0: none), by
	 * its ticket on even threads and by staff on odd ones; how many of
	 * each session's. */
	int		 cancel;
	int		 cancelled1, cancelled2;
	pthread_t	 th;
};

static void *
run_burst(void *arg)
{
	struct burst *b = arg;
	struct arena *a = arena_new();
	struct store_reg_input in;
	struct store_registration g;
	int64_t sid;
	int i, rc;

	for (i = 0; i < b->n; i++) {
		memset(&in, 0, sizeof(in));
		in.name = arena_printf(a, "Burst %d-%d", b->k, i);
		in.email = arena_printf(a, "burst-%d-%d@example.org", b->k, i);
		in.lang = "en";
		/* Half the threads start with one session, half the other. */
		sid = (i + b->k) % 2 ? b->s1 : b->s2;
		rc = app_register(&b->app, &app_system, a, sid, NULL, &in, &g);
		if (rc < 0)
			b->errors++;
		if (rc < 0 || b->cancel == 0 || i % b->cancel != b->cancel - 1)
			continue;
		rc = b->k % 2 == 0 ? app_ticket_cancel(&b->app, g.secret,
		    NULL) : app_registration(&b->app, &app_system, a, g.id,
		    REG_CANCEL, 0);
		if (rc != STORE_OK)
			b->errors++;
		else if (sid == b->s1)
			b->cancelled1++;
		else
			b->cancelled2++;
	}
	arena_free(a);
	return NULL;
}

static void
check_lists(int64_t sid, int64_t capacity, int64_t waiting)
{
	struct arena *a = arena_new();
	struct store_session ss;
	struct store_registration *g;
	size_t n, i;
	int64_t *seen = xcalloc((size_t)waiting + 1, sizeof(*seen));

	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, capacity);
	assert_int_equal(ss.waitlisted, waiting);
	assert_int_equal(store_roster(T->s, a, sid, "waitlisted", NULL, NULL,
	    &g, &n), STORE_OK);
	assert_int_equal((int64_t)n, waiting);
	for (i = 0; i < n; i++) {
		assert_true(g[i].position >= 1 && g[i].position <= waiting);
		assert_int_equal(seen[g[i].position]++, 0);
	}
	free(seen);
	arena_free(a);
}

/*
 * Registrations queued at once for one session, as the server queues
 * them (app_register_then, the session's brief read first): on PostgreSQL
 * every job's first statement goes ahead in one round trip and each job
 * then reads its answer. Each is answered as it would be alone, whether
 * the batch commits as it is or must run again with savepoints.
 */
struct reg {
	const char			*email;
	int				 want;	/* the answer */
	int				 status, position;
	int				 walk_in;	/* staff's, asking first */
	struct store_registration	 out;
	struct store_reg_input		 in;
	atomic_int			 rc, done;
};

static void
reg_done(void *arg, int rc)
{
	struct reg *r = arg;

	atomic_store(&r->rc, rc);
	atomic_store(&r->done, 1);
}

/* Queues regs for sid behind held writers, lets go, waits for each. */
static void
run_regs(int64_t sid, struct reg *regs, size_t n, struct counts *d)
{
	struct app app;
	struct arena *a = arena_new();
	struct store_session ss;
	struct counts c0;
	pthread_t *b;
	size_t i;
	int waited, all;

	memset(&app, 0, sizeof(app));
	app.pool = T->ctx.pool;
	app.now = T->ctx.now;
	assert_int_equal(store_session_brief(T->s, a, sid, &ss), STORE_OK);
	b = hold(&c0);
	for (i = 0; i < n; i++) {
		memset(&regs[i].in, 0, sizeof(regs[i].in));
		regs[i].in.name = "Batch Registrant";
		regs[i].in.email = regs[i].email;
		regs[i].in.lang = "en";
		if (regs[i].walk_in) {
			regs[i].in.source = "walk_in";
			regs[i].in.staff = 1;
			regs[i].in.admit = ADMIT_ASK;
		}
		atomic_store(&regs[i].done, 0);
		app_register_then(&app, &app_system, a, sid, &ss, &regs[i].in,
		    &regs[i].out, reg_done, &regs[i]);
	}
	let_go(b);
	for (waited = 0; waited < 1000; waited++) {
		for (all = 1, i = 0; i < n; i++)
			all = all && atomic_load(&regs[i].done);
		if (all)
			break;
		usleep(10 * 1000);
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(atomic_load(&regs[i].done), 1);
		assert_int_equal(atomic_load(&regs[i].rc), regs[i].want);
		if (regs[i].want != STORE_OK)
			continue;
		assert_int_equal(regs[i].out.status, regs[i].status);
		assert_int_equal(regs[i].out.position, regs[i].position);
		assert_true(regs[i].out.id > 0);
		assert_non_null(regs[i].out.secret);
	}
	since(&c0, d);
	arena_free(a);
}

#define REG(e, w, st, pos) { .email = e, .want = w, .status = st, .position = pos }

static void
test_batch_sent(void **state)
{
	struct reg plain[] = {
		REG("sent-a@example.org", STORE_OK, STATUS_CONFIRMED, 0),
		REG("sent-b@example.org", STORE_OK, STATUS_CONFIRMED, 0),
		REG("sent-c@example.org", STORE_OK, STATUS_CONFIRMED, 0),
		REG("sent-d@example.org", STORE_OK, STATUS_WAITLISTED, 1),
		REG("sent-e@example.org", STORE_OK, STATUS_WAITLISTED, 2),
	};
	/* The second job's statement runs after the first's, in the same
	 * transaction: it finds the address taken. */
	struct reg again[] = {
		REG("again-a@example.org", STORE_OK, STATUS_CONFIRMED, 0),
		REG("again-a@example.org", STORE_EXISTS, 0, 0),
		REG("again-b@example.org", STORE_OK, STATUS_CONFIRMED, 0),
	};
	/* A walk-in at a full session fails having sent its statement: the
	 * batch runs again with savepoints, and the walk-in alone is undone. */
	struct reg full[] = {
		REG("full-a@example.org", STORE_OK, STATUS_CONFIRMED, 0),
		{ .email = "full-walk-in@example.org", .want = APP_FULL,
		  .walk_in = 1 },
		REG("full-b@example.org", STORE_OK, STATUS_WAITLISTED, 1),
	};
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, 3, 0);
	int64_t sid2 = th_session(T, AUDIENCE_PUBLIC, 10, 0);
	int64_t sid3 = th_session(T, AUDIENCE_PUBLIC, 1, 0);
	struct arena *a = arena_new();
	struct store_session ss;
	struct counts d;

	(void)state;
	run_regs(sid, plain, ARRAY_LEN(plain), &d);
	/* One commit, nothing run again. */
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.jobs, ARRAY_LEN(plain));
	assert_int_equal(d.reruns, 0);
	check_lists(sid, 3, 2);

	run_regs(sid2, again, ARRAY_LEN(again), &d);
	/* The repeat wrote nothing and failed nothing: no savepoints. */
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.reruns, 0);
	assert_int_equal(store_session_get(T->s, a, sid2, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 2);
	assert_int_equal(ss.waitlisted, 0);

	run_regs(sid3, full, ARRAY_LEN(full), &d);
	assert_int_equal(d.batches, 1);
	assert_int_equal(d.reruns, th_pg() ? 1 : 0);
	check_lists(sid3, 1, 1);
	assert_int_equal(store_check(T->s), 0);
	arena_free(a);
}

/* Registrations for two full sessions from 8 threads at once, every
 * cancel'th cancelled as soon as it is made; the waiting lists checked. */
static void
two_full_sessions(int cancel)
{
	struct burst b[8];
	int64_t s1 = th_session(T, AUDIENCE_PUBLIC, 20, 0);
	int64_t s2 = th_session(T, AUDIENCE_PUBLIC, 20, 0);
	uint64_t batches, jobs, retries0, retries1;
	int64_t live1, live2;
	int i, c1 = 0, c2 = 0;

	store_pool_stats(T->ctx.pool, &batches, &jobs, &retries0, NULL);
	for (i = 0; i < 8; i++) {
		memset(&b[i], 0, sizeof(b[i]));
		b[i].app.pool = T->ctx.pool;
		b[i].app.now = T->ctx.now;
		b[i].s1 = s1;
		b[i].s2 = s2;
		b[i].k = i;
		b[i].n = 15;
		b[i].cancel = cancel;
		assert_int_equal(pthread_create(&b[i].th, NULL, run_burst,
		    &b[i]), 0);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(b[i].th, NULL);
		assert_int_equal(b[i].errors, 0);
		c1 += b[i].cancelled1;
		c2 += b[i].cancelled2;
	}
	/* Nobody waited for another writer's session row: no deadlock, so
	 * nothing was refused and run again. */
	store_pool_stats(T->ctx.pool, &batches, &jobs, &retries1, NULL);
	assert_int_equal(retries1 - retries0, 0);
	/* 120 in all, 60 for each; a cancelled seat goes to the first
	 * waiting. */
	assert_int_equal(c1 + c2, cancel ? 8 * (15 / cancel) : 0);
	live1 = 60 - c1;
	live2 = 60 - c2;
	check_lists(s1, 20, live1 - 20);
	check_lists(s2, 20, live2 - 20);
	assert_int_equal(store_check(T->s), 0);
}

static void
test_two_full_sessions(void **state)
{
	(void)state;
	two_full_sessions(0);
}

/*
 * The same with every third cancelled at once, by ticket and by staff:
 * a cancellation frees its session's seat and promotes its first waiting,
 * so it goes to that session's writer too, and no two writers wait for
 * each other's hold on the two sessions' rows.
 */
static void
test_two_full_sessions_cancels(void **state)
{
	(void)state;
	two_full_sessions(3);
}

/*
 * Two nodes' writers acting on one registration at once (PostgreSQL: on
 * SQLite the database's one writer takes them in turn). The test's own
 * connection holds a session's row so that the first action waits
 * halfway, holding what it has; the second, on the other node, starts
 * meanwhile. Each must decide on what the first left, not on what it
 * read before it.
 */
struct action {
	struct app	*app;
	int64_t		 id, to;
	enum reg_action	 what;
	const char	*secret;	/* a ticket's cancellation */
	int		 rc;
	pthread_t	 th;
};

static void *
run_act(void *arg)
{
	struct action *x = arg;
	struct arena *a = arena_new();

	x->rc = x->secret != NULL ? app_ticket_cancel(x->app, x->secret,
	    NULL) : app_registration(x->app, &app_system, a, x->id, x->what,
	    x->to);
	arena_free(a);
	return NULL;
}

/* Registers email in sid; its registration in *g. */
static void
reg_one(int64_t sid, const char *email, struct store_registration *g,
    struct arena *a)
{
	struct store_reg_input in;

	memset(&in, 0, sizeof(in));
	in.name = "Race Registrant";
	in.email = email;
	in.lang = "en";
	assert_true(app_register(th_app(T), &app_system, a, sid, NULL, &in,
	    g) >= 0);
}

/* first, held at the row of session hold_sid, then second. */
static void
race(int64_t hold_sid, struct action *first, struct action *second)
{
	struct store_tx *h;

	th_commit();
	assert_non_null(h = store_tx_begin(T->s));
	assert_int_equal(store_session_lock(h, hold_sid), STORE_OK);
	assert_int_equal(pthread_create(&first->th, NULL, run_act, first), 0);
	usleep(400 * 1000);
	assert_int_equal(pthread_create(&second->th, NULL, run_act, second),
	    0);
	usleep(400 * 1000);
	assert_int_equal(store_tx_commit(h), 0);
	pthread_join(first->th, NULL);
	pthread_join(second->th, NULL);
}

/* The session's seat counter agrees with its confirmed registrations. */
static void
seats_agree(int64_t sid, int64_t confirmed, int64_t waiting)
{
	struct arena *a = arena_new();
	struct store_session brief;

	assert_int_equal(store_session_brief(T->s, a, sid, &brief), STORE_OK);
	assert_int_equal(brief.confirmed, confirmed);	/* its taken */
	check_lists(sid, confirmed, waiting);
	arena_free(a);
}

static void
test_actions_race(void **state)
{
	struct arena *a;
	struct store_pool *other;
	struct app an, b;	/* node A (the test's server) and node B */
	struct store_registration r1, r2, w1, w2, got;
	struct action x, y;
	int64_t s1, s2;

	(void)state;
	if (!th_pg())
		skip();
	a = arena_new();
	assert_non_null(other = store_pool_new(T->db, 2));
	memset(&an, 0, sizeof(an));
	an.pool = T->ctx.pool;
	an.now = T->ctx.now;
	b = an;
	b.pool = other;

	/* A promotion (over capacity) waits for the seat; a cancellation
	 * of the same person comes meanwhile: the seat they were given is
	 * freed with them. */
	s1 = th_session(T, AUDIENCE_PUBLIC, 2, 0);
	reg_one(s1, "race-r1@example.org", &r1, a);
	reg_one(s1, "race-r2@example.org", &r2, a);
	reg_one(s1, "race-w1@example.org", &w1, a);
	reg_one(s1, "race-w2@example.org", &w2, a);
	assert_int_equal(w1.status, STATUS_WAITLISTED);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	x.app = &an;
	x.id = w1.id;
	x.what = REG_PROMOTE;
	y.app = &b;
	y.id = w1.id;
	y.what = REG_CANCEL;
	race(s1, &x, &y);
	assert_int_equal(x.rc, STORE_OK);
	assert_int_equal(y.rc, STORE_OK);
	assert_int_equal(store_registration_get(T->s, a, w1.id, &got),
	    STORE_OK);
	assert_int_equal(got.status, STATUS_CANCELLED);
	/* r1 and r2; w1's seat was one over and is gone; w2 waits. */
	seats_agree(s1, 2, 1);

	/* A move waits for a seat in the other session; the person cancels
	 * their ticket meanwhile: they stay cancelled, nowhere. */
	s1 = th_session(T, AUDIENCE_PUBLIC, 2, 0);
	s2 = th_session(T, AUDIENCE_PUBLIC, 10, 0);
	reg_one(s1, "race-m1@example.org", &r1, a);
	reg_one(s1, "race-m2@example.org", &r2, a);
	reg_one(s1, "race-m3@example.org", &w1, a);
	reg_one(s1, "race-m4@example.org", &w2, a);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	x.app = &an;
	x.id = r1.id;
	x.to = s2;
	x.what = REG_MOVE;
	y.app = &b;
	y.secret = r1.secret;
	race(s2, &x, &y);
	assert_int_equal(x.rc, STORE_OK);
	assert_int_equal(y.rc, STORE_OK);
	assert_int_equal(store_registration_get(T->s, a, r1.id, &got),
	    STORE_OK);
	assert_int_equal(got.status, STATUS_CANCELLED);
	/* r1 left s1 for s2 and was cancelled there: s1 has r2 and the
	 * first waiting, the second still waits; s2 has nobody. */
	seats_agree(s1, 2, 1);
	seats_agree(s2, 0, 0);
	assert_int_equal(store_check(T->s), 0);
	store_pool_free(other);
	arena_free(a);
}

/*
 * One address registering on two nodes at once (PostgreSQL): the test's
 * connection writes it and holds its transaction open, as the other node
 * would; the server's registration waits on the address's index and, when
 * the other commits, runs again and finds it: the answer a repeat gets,
 * not a failure.
 */
struct regrun {
	struct app	*app;
	int64_t		 sid;
	int		 rc;
	pthread_t	 th;
};

static void *
run_reg(void *arg)
{
	struct regrun *x = arg;
	struct arena *a = arena_new();
	struct store_reg_input in;
	struct store_registration g;

	memset(&in, 0, sizeof(in));
	in.name = "Twice Over";
	in.email = "Twice@example.org";
	in.lang = "en";
	x->rc = app_register(x->app, &app_system, a, x->sid, NULL, &in, &g);
	arena_free(a);
	return NULL;
}

static void
test_same_address_two_nodes(void **state)
{
	struct arena *a;
	struct store_tx *h;
	struct store_reg_input in;
	struct store_registration g;
	struct app an;
	struct regrun x;
	int64_t sid, old, n;
	int took;

	(void)state;
	if (!th_pg())
		skip();
	a = arena_new();
	sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	th_commit();
	memset(&in, 0, sizeof(in));
	in.name = "Twice Over";
	in.email = "twice@example.org";
	in.lang = "en";
	assert_non_null(h = store_tx_begin(T->s));
	assert_int_equal(store_reg_insert_new(h, a, sid, &in, now_utc(), &g,
	    &took, &old), STORE_OK);
	assert_true(g.id > 0);
	memset(&an, 0, sizeof(an));
	an.pool = T->ctx.pool;
	an.now = T->ctx.now;
	memset(&x, 0, sizeof(x));
	x.app = &an;
	x.sid = sid;
	assert_int_equal(pthread_create(&x.th, NULL, run_reg, &x), 0);
	usleep(500 * 1000);
	assert_int_equal(store_tx_commit(h), 0);
	pthread_join(x.th, NULL);
	assert_int_equal(x.rc, STORE_EXISTS);
	/* One live registration for the address. */
	assert_int_equal(store_confirmed_unmarked(T->s, sid, &n), STORE_OK);
	assert_int_equal(n, 1);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_undo),
		cmocka_unit_test(test_batch_plain),
		cmocka_unit_test(test_batch_sent),
		cmocka_unit_test(test_two_full_sessions),
		cmocka_unit_test(test_two_full_sessions_cancels),
		cmocka_unit_test(test_actions_race),
		cmocka_unit_test(test_same_address_two_nodes),
	};

	return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
