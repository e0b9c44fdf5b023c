/* app.c: the application layer's policies, tried on a real store without any HTTP server. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "message.h"

static char dir[64], path[128];
static struct store *S;
static struct app App;

static const struct actor coord = { ACTOR_STAFF, 1,
    ROLE_BIT(ROLE_COORDINATOR), 0, 0 };
static const struct actor door = { ACTOR_STAFF, 2, ROLE_BIT(ROLE_DOOR), 0, 0 };
static const struct actor moderator = { ACTOR_STAFF, 3,
    ROLE_BIT(ROLE_MODERATOR), 0, 0 };
static const struct actor partner = { ACTOR_STAFF, 4, ROLE_BIT(ROLE_PARTNER),
    99, 0 };

static int
setup(void **state)
{
	(void)state;
	log_quiet(1);
	assert_true(sodium_init() >= 0);
	strcpy(dir, "/tmp/convene-app-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/app.db", dir);
	assert_non_null(S = store_open(path, STORE_CREATE));
	assert_int_equal(store_migrate(S), 0);
	{
		/* The actors below are these accounts (ids 1 to 4): the
		 * audit log names them. */
		static const char *const names[] = { "coord", "door", "mod",
		    "partner" };
		struct store_tx *tx = store_tx_begin(S);
		int64_t id;
		size_t i;

		assert_non_null(tx);
		for (i = 0; i < 4; i++)
			assert_int_equal(store_user_add(tx, names[i], "x", 0,
			    now_utc(), &id), STORE_OK);
		assert_int_equal(store_tx_commit(tx), 0);
	}
	memset(&App, 0, sizeof(App));
	App.store = S;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[160];

	(void)state;
	store_close(S);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* A session (capacity -1: unlimited) of a new event, open for registration. */
static int64_t
session(int audience, int64_t capacity)
{
	struct store_session ss;
	struct store_tx *tx = store_tx_begin(S);
	int64_t venue, event, id, now = now_utc();

	assert_non_null(tx);
	assert_int_equal(store_venue_add(tx, "Hall", "1 Main St", "Missoula",
	    "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(tx, "Stop", "", venue, 0, now, &event),
	    STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = "Training";
	ss.audience = audience;
	ss.capacity = capacity;
	ss.starts_at = now + 7 * 86400;
	ss.ends_at = ss.starts_at + 4 * 3600;
	ss.reg_opens_at = now - 86400;
	if (audience == AUDIENCE_PUBLIC)
		ss.join_code = "ABCDEF";
	assert_int_equal(store_session_add(tx, &ss, &id), STORE_OK);
	assert_int_equal(store_tx_commit(tx), 0);
	return id;
}

static int
reg(struct arena *a, int64_t sid, const char *email,
    struct store_registration *out)
{
	struct store_reg_input in;

	memset(&in, 0, sizeof(in));
	in.name = "Pat";
	in.email = email;
	in.sector = "medical";
	in.organization = "Clinic";
	in.county = "Lake";
	return app_register(&App, &app_anonymous, a, sid, NULL, &in, out);
}

/* Messages in the outbox. */
static int64_t
outbox(void)
{
	struct arena *a = arena_new();
	struct store_mail *m;
	size_t n;

	assert_int_equal(store_outbox_list(S, a, 100000, &m, &n), STORE_OK);
	arena_free(a);
	return (int64_t)n;
}

/* The seat counter agrees with the confirmed rows, whatever happened. */
static void
assert_seats(int64_t sid, int64_t confirmed, int64_t waitlisted)
{
	struct arena *a = arena_new();
	struct store_session ss;
	struct store_registration *g;
	size_t n;

	assert_int_equal(store_session_get(S, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, confirmed);
	assert_int_equal(ss.waitlisted, waitlisted);
	/* The counter (what capacity is checked against) and the rows. */
	assert_int_equal(store_roster(S, a, sid, "confirmed", NULL, NULL, &g,
	    &n), STORE_OK);
	assert_int_equal((int64_t)n, confirmed);
	arena_free(a);
}

static void
test_capacity_and_waiting_list(void **state)
{
	struct arena *a = arena_new();
	struct store_registration g;
	int64_t sid = session(AUDIENCE_PROFESSIONAL, 2);
	char email[64];
	int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		snprintf(email, sizeof(email), "p%d@example.org", i);
		assert_int_equal(reg(a, sid, email, &g), STORE_OK);
		assert_int_equal(g.status, i < 2 ? STATUS_CONFIRMED :
		    STATUS_WAITLISTED);
		assert_int_equal(g.position, i < 2 ? 0 : i - 1);
	}
	assert_seats(sid, 2, 3);
	arena_free(a);
}

static void
test_repeat_never_reveals(void **state)
{
	struct arena *a = arena_new();
	struct store_registration g, again;
	struct store_mail *m;
	int64_t sid = session(AUDIENCE_PROFESSIONAL, -1), before;
	size_t n;

	(void)state;
	assert_int_equal(reg(a, sid, "Sam@Example.org", &g), STORE_OK);
	/* Without mail: known, and nothing of the ticket comes back. */
	assert_int_equal(reg(a, sid, "sam@example.ORG", &again), STORE_EXISTS);
	assert_null(again.secret);
	assert_int_equal(again.id, 0);
	/* With mail: the link goes to the address, not to whoever asked. */
	before = outbox();
	App.mail = 1;
	assert_int_equal(reg(a, sid, "sam@example.org", &again), APP_SENT);
	/* Again at once: the same answer, no second message. */
	assert_int_equal(reg(a, sid, "sam@example.org", &again), APP_SENT);
	assert_null(again.secret);
	/* A new address answers alike (its own link mailed). */
	assert_int_equal(reg(a, sid, "new@example.org", &g), APP_SENT);
	assert_true(g.id > 0);
	App.mail = 0;
	assert_int_equal(outbox(), before + 2);
	assert_int_equal(store_outbox_list(S, a, 2, &m, &n), STORE_OK);
	assert_string_equal(m[0].template, "registered");
	assert_string_equal(m[1].template, "ticket_again");
	assert_string_equal(m[1].to, "Sam@Example.org");
	assert_seats(sid, 2, 0);
	arena_free(a);
}

static void
test_cancel_promotes_once(void **state)
{
	struct arena *a = arena_new();
	struct store_registration g1, g2, g3, t;
	struct store_mail *m;
	int64_t sid = session(AUDIENCE_PROFESSIONAL, 1), promoted = -1;
	size_t n, i, told = 0;

	(void)state;
	assert_int_equal(reg(a, sid, "a@example.org", &g1), STORE_OK);
	assert_int_equal(reg(a, sid, "b@example.org", &g2), STORE_OK);
	assert_int_equal(reg(a, sid, "c@example.org", &g3), STORE_OK);
	assert_int_equal(app_ticket_cancel(&App, g1.secret, &promoted),
	    STORE_OK);
	assert_int_equal(promoted, 1);
	assert_int_equal(store_ticket_get(S, a, g2.secret, &t), STORE_OK);
	assert_int_equal(t.status, STATUS_CONFIRMED);
	assert_int_equal(store_ticket_get(S, a, g3.secret, &t), STORE_OK);
	assert_int_equal(t.position, 1);
	/* Cancelling again changes nothing and promotes nobody. */
	assert_int_equal(app_ticket_cancel(&App, g1.secret, &promoted),
	    STORE_EXISTS);
	assert_int_equal(store_outbox_list(S, a, 100, &m, &n), STORE_OK);
	for (i = 0; i < n; i++)
		told += strcmp(m[i].template, "promoted") == 0 &&
		    strcmp(m[i].to, "b@example.org") == 0;
	assert_int_equal(told, 1);
	assert_seats(sid, 1, 1);
	arena_free(a);
}

static void
test_staff_policy(void **state)
{
	struct arena *a = arena_new();
	struct store_registration g1, g2, t;
	struct store_question q;
	const char *v[2] = { "Red Cross", NULL };
	const char *names[2] = { "name", NULL };
	int64_t sid = session(AUDIENCE_PROFESSIONAL, 1), id;

	(void)state;
	assert_int_equal(reg(a, sid, "x@example.org", &g1), STORE_OK);
	assert_int_equal(reg(a, sid, "y@example.org", &g2), STORE_OK);
	/* Who may: nobody anonymous, door staff not on registrations,
	 * partners only on events their organisation hosts. */
	assert_int_equal(app_registration(&App, &app_anonymous, a, g2.id,
	    REG_PROMOTE, 0), APP_FORBIDDEN);
	assert_int_equal(app_registration(&App, &door, a, g2.id, REG_PROMOTE,
	    0), APP_FORBIDDEN);
	assert_int_equal(app_registration(&App, &partner, a, g2.id,
	    REG_PROMOTE, 0), APP_FORBIDDEN);
	assert_int_equal(app_item_save(&App, &partner, a, LIST_ORGS, 0, v,
	    names, 1, &id), APP_FORBIDDEN);
	assert_int_equal(app_moderate(&App, &door, a, 1, MODERATE_APPROVE,
	    NULL, &q), APP_FORBIDDEN);
	assert_int_equal(app_token_revoke(&App, &moderator, a, 1),
	    APP_FORBIDDEN);
	assert_seats(sid, 1, 1);
	/* A coordinator may confirm over capacity, on purpose. */
	assert_int_equal(app_registration(&App, &coord, a, g2.id, REG_PROMOTE,
	    0), STORE_OK);
	assert_int_equal(store_registration_get(S, a, g2.id, &t), STORE_OK);
	assert_int_equal(t.status, STATUS_CONFIRMED);
	assert_seats(sid, 2, 0);
	/* Only a waitlisted person can be confirmed. */
	assert_int_equal(app_registration(&App, &coord, a, g2.id, REG_PROMOTE,
	    0), STORE_CONFLICT);
	/* Cancelling one frees a seat, but 2 > 1 so nobody moves up. */
	assert_int_equal(app_registration(&App, &coord, a, g1.id, REG_CANCEL,
	    0), STORE_OK);
	assert_seats(sid, 1, 0);
	arena_free(a);
}

static void
test_qa_limits_and_changes(void **state)
{
	struct arena *a = arena_new();
	struct store_question q;
	struct store_change *c;
	struct actor who = { ACTOR_PARTICIPANT, 0, 0, 0, 0 };
	int64_t sid = session(AUDIENCE_PUBLIC, -1), last;
	size_t n, i;
	int counted, k;

	(void)state;
	assert_int_equal(app_participant(&App, "hash-1", &who.participant_id),
	    STORE_OK);
	/* A week ahead: not open yet (an hour before, by default), until the
	 * coordinator opens it. */
	assert_int_equal(app_ask(&App, &who, a, sid, "Too early?", NULL,
	    QUESTION_PENDING, 0, &q), APP_NOT_YET);
	{
		struct actor sys = { ACTOR_SYSTEM, 0, 0, 0, 0 };

		assert_int_equal(app_qa_opens(&App, &who, a, sid, 1), APP_FORBIDDEN);
		assert_int_equal(app_qa_opens(&App, &sys, a, sid, 1), STORE_OK);
	}
	assert_int_equal(store_changes_last(S, &last), STORE_OK);
	for (k = 0; k < QUESTIONS_PER_10_MIN; k++)
		assert_int_equal(app_ask(&App, &who, a, sid, "The owner keeps my "
		    "passport", NULL, QUESTION_PENDING, QFLAG_DISCLOSURE, &q),
		    STORE_OK);
	assert_int_equal(app_ask(&App, &who, a, sid, "One more", NULL,
	    QUESTION_PENDING, 0, &q), STORE_LIMIT);
	/* Staff cannot ask as a participant; participants cannot moderate. */
	assert_int_equal(app_ask(&App, &coord, a, sid, "x", NULL,
	    QUESTION_PENDING, 0, &q), APP_FORBIDDEN);
	assert_int_equal(app_moderate(&App, &who, a, q.id, MODERATE_APPROVE,
	    NULL, &q), APP_FORBIDDEN);
	/* Change events carry ids and states, never a question's words. */
	assert_int_equal(store_changes_after(S, a, last, 100, &c, &n),
	    STORE_OK);
	assert_int_equal(n, QUESTIONS_PER_10_MIN);
	for (i = 0; i < n; i++) {
		assert_string_equal(c[i].topic, "question");
		assert_null(strstr(c[i].payload, "passport"));
	}
	/* Votes: only on approved questions, once per participant. */
	assert_int_equal(app_vote(&App, &who, a, q.id, &counted),
	    STORE_NOTFOUND);
	assert_int_equal(app_moderate(&App, &moderator, a, q.id,
	    MODERATE_APPROVE, NULL, &q), STORE_OK);
	assert_int_equal(app_vote(&App, &who, a, q.id, &counted), STORE_OK);
	assert_int_equal(counted, 1);
	assert_int_equal(app_vote(&App, &who, a, q.id, &counted), STORE_OK);
	assert_int_equal(counted, 0);
	assert_int_equal(store_question_get(S, a, q.id, &q), STORE_OK);
	assert_int_equal(q.votes, 1);
	arena_free(a);
}

static void
test_message_render(void **state)
{
	struct arena *a = arena_new();
	char *subject, *body;

	(void)state;
	assert_int_equal(message_render(a, "promoted", "en", "{\"title\":"
	    "\"Training\",\"event\":\"Stop\",\"secret\":\"s3\"}", &subject,
	    &body), 0);
	assert_string_equal(subject, "You have a place: Training");
	assert_non_null(strstr(body, "{site}/tickets/s3"));
	assert_null(strstr(body, "{title}"));
	/* An unknown language falls back to English; unknown templates and
	 * broken parameters are refused. */
	assert_int_equal(message_render(a, "promoted", "xx", "{}", &subject,
	    &body), 0);
	assert_int_equal(message_render(a, "nosuch", "en", "{}", &subject,
	    &body), -1);
	assert_int_equal(message_render(a, "promoted", "en", "[1", &subject,
	    &body), -1);
	arena_free(a);
}

/* Group commit: many threads, one pool, capacity held exactly. */
struct burst {
	struct app	*app;
	int64_t		 sid;
	int		 n, base, ok;
};

static void *
burst_run(void *arg)
{
	struct burst *b = arg;
	struct arena *a = arena_new();
	struct store_registration g;
	struct store_reg_input in;
	int i;

	for (i = 0; i < b->n; i++) {
		memset(&in, 0, sizeof(in));
		in.name = "Burst";
		in.email = arena_printf(a, "b%d-%d@example.org", b->base, i);
		if (app_register(b->app, &app_anonymous, a, b->sid, NULL, &in, &g) ==
		    STORE_OK)
			b->ok++;
	}
	arena_free(a);
	return NULL;
}

static void
test_group_commit(void **state)
{
	struct app pa;
	struct burst b[8];
	pthread_t th[8];
	struct store_registration g;
	struct arena *a = arena_new();
	struct store_reg_input in;
	uint64_t batches, jobs, retries;
	int64_t sid = session(AUDIENCE_PROFESSIONAL, 50);
	int i, ok = 0;

	(void)state;
	memset(&pa, 0, sizeof(pa));
	assert_non_null(pa.pool = store_pool_new(path, 2));
	for (i = 0; i < 8; i++) {
		b[i].app = &pa;
		b[i].sid = sid;
		b[i].n = 25;
		b[i].base = i;
		b[i].ok = 0;
		assert_int_equal(pthread_create(&th[i], NULL, burst_run, &b[i]),
		    0);
	}
	/* A request that fails inside a batch is undone alone. */
	memset(&in, 0, sizeof(in));
	in.name = "Nobody";
	assert_int_equal(app_register(&pa, &app_anonymous, a, 999999, NULL, &in, &g),
	    STORE_NOTFOUND);
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ok += b[i].ok;
	}
	store_pool_stats(pa.pool, &batches, &jobs, &retries, NULL);
	assert_int_equal(retries, 0);	/* one writer: nobody in its way */
	store_pool_free(pa.pool);
	assert_int_equal(ok, 200);
	assert_true(jobs >= 201);
	assert_true(batches <= jobs);
	assert_seats(sid, 50, 150);
	assert_int_equal(store_check(S), 0);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity_and_waiting_list),
		cmocka_unit_test(test_repeat_never_reveals),
		cmocka_unit_test(test_cancel_promotes_once),
		cmocka_unit_test(test_staff_policy),
		cmocka_unit_test(test_qa_limits_and_changes),
		cmocka_unit_test(test_message_render),
		cmocka_unit_test(test_group_commit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
