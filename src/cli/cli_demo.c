/* cli_demo.c: convene demo: the Montana tour of the news story, recreated and served. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"
#include "http.h"
#include "tz.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "cli.h"

#define DEMO_DB "demo.db"
#define TZ_MT "America/Denver"

static const char help[] =
    "usage: convene demo [--db FILE] [--listen ADDR:PORT] [--load-only]\n"
    "Recreates the demo database FILE (default " DEMO_DB "; any existing\n"
    "file is replaced) with the Missoula Human Trafficking Task Force's\n"
    "statewide tour of Montana in the coming January, and serves it on\n"
    "ADDR:PORT (default " DEFAULT_LISTEN "). --load-only loads and exits.\n"
    "A PostgreSQL URI must name an empty database: the demo does not drop\n"
    "tables on a server.\n";

struct stop {
	const char	*city;
	const char	*venue;
	const char	*address;
	int		 day;		/* in January */
	int64_t		 training_cap;
	int64_t		 public_cap;	/* -1: unlimited */
	int		 soroptimist;	/* co-hosted by SI Whitefish */
	int		 opens_later;	/* registration not yet open */
	int		 fill;		/* registrations to pre-load */
};

/* The tour: Missoula on Human Trafficking Awareness Day, 11 January. */
static const struct stop stops[] = {
	{ "Helena", "Helena College, Donaldson Campus", "1115 N Roberts St",
	    8, 60, 150, 0, 0, 12 },
	{ "Missoula", "University of Montana, University Center Ballroom",
	    "32 Campus Dr", 11, 120, 400, 1, 0, 47 },
	{ "Whitefish", "Whitefish Performing Arts Center", "600 E 2nd St",
	    13, 30, -1, 1, 0, 33 },
	{ "Billings", "Montana State University Billings, Student Union",
	    "1500 University Dr", 15, 80, 250, 0, 0, 9 },
	{ "Bozeman", "Montana State University, Strand Union Building",
	    "280 Strand Union Building", 19, 80, 250, 0, 1, 0 },
};

static const char *const first[] = {
	"Avery", "Jordan", "Casey", "Riley", "Morgan", "Taylor", "Jamie",
	"Quinn", "Reese", "Dakota", "Skyler", "Rowan", "Emerson", "Hayden",
};
static const char *const last[] = {
	"Running Crane", "Larsen", "Whitford", "Old Coyote", "Becker",
	"Halvorsen", "Two Bears", "McAllister", "Nguyen", "Kowalski",
	"Stillwater", "Duran",
};
static const char *const counties[] = {
	"Missoula", "Flathead", "Lewis and Clark", "Yellowstone", "Gallatin",
	"Lake", "Ravalli", "Cascade",
};
static const char *const orgs[] = {
	"Missoula Police Department", "Providence St. Patrick Hospital",
	"Child and Family Services", "Missoula County Public Schools",
	"Flathead County Sheriff's Office", "Logan Health",
	"YWCA Missoula", "Montana Legal Services Association",
};

static const char training_descr[] =
    "Four hours for law enforcement, medical and social-service "
    "professionals: the root causes of commercial sexual exploitation, "
    "the role of demand, holding buyers and exploiters accountable rather "
    "than the people they exploit, recognising indicators, and responding "
    "in a victim-centred way.";
static const char public_descr[] =
    "An open evening conversation for community members. Ask anything, "
    "anonymously, from your phone; a moderator screens every question.";

/* The January to show: the coming one, or this one while it lasts. */
static int
demo_year(int64_t now)
{
	struct tz_local l;

	tz_from_utc(TZ_MT, now, &l);
	return l.month == 1 && l.day <= 4 ? l.year : l.year + 1;
}

static int64_t
at(int y, int mo, int d, int h, int mi)
{
	int64_t t = 0;

	tz_to_utc(TZ_MT, y, mo, d, h, mi, &t);
	return t;
}

static int
add_sessions(struct store_tx *s, int64_t event_id, int y, int mo, int d,
    int64_t tcap, int64_t pcap, int64_t opens, int64_t *training)
{
	struct store_session ss;
	char code[JOIN_CODE_LEN + 1];
	int64_t id;

	memset(&ss, 0, sizeof(ss));
	ss.event_id = event_id;
	ss.title = "Ending demand: a training for professionals";
	ss.description = (char *)training_descr;
	ss.instructor = "Peter Qualliotine";
	ss.audience = AUDIENCE_PROFESSIONAL;
	ss.sectors = 1u << SECTOR_LAW_ENFORCEMENT | 1u << SECTOR_MEDICAL |
	    1u << SECTOR_SOCIAL_SERVICES | 1u << SECTOR_EDUCATION |
	    1u << SECTOR_LEGAL;
	ss.capacity = tcap;
	ss.ce_hours = 4.0;
	ss.starts_at = at(y, mo, d, 8, 30);
	ss.ends_at = at(y, mo, d, 12, 30);
	ss.reg_opens_at = opens;
	if (store_session_add(s, &ss, training) != STORE_OK ||
	    store_forms_default(s, *training) != STORE_OK)
		return -1;

	memset(&ss, 0, sizeof(ss));
	ss.event_id = event_id;
	ss.title = "Community conversation: open questions and answers";
	ss.description = (char *)public_descr;
	ss.instructor = "Peter Qualliotine";
	ss.audience = AUDIENCE_PUBLIC;
	ss.capacity = pcap;
	ss.starts_at = at(y, mo, d, 18, 30);
	ss.ends_at = at(y, mo, d, 20, 0);
	ss.reg_opens_at = opens;
	token_join_code(code);
	ss.join_code = code;
	/* The demo's Q&As take questions from now on, so they can be tried
	 * before the evening (a real one opens an hour before). */
	return store_session_add(s, &ss, &id) == STORE_OK &&
	    (ss.ends_at < now_utc() || store_session_qa_opens(s, id,
	    now_utc()) == STORE_OK) ? 0 : -1;
}

/* Pre-loads n made-up professionals (example.org addresses) into a session. */
static int
fill(struct store *s, int64_t session_id, int n)
{
	struct app app = { NULL, s, NULL, 0 };
	struct arena *a = arena_new();
	struct store_registration reg;
	struct store_reg_input in;
	int i, rc = 0;

	if (session_id == 0)
		return 0;
	for (i = 0; i < n && rc == 0; i++) {
		const char *f = first[i % ARRAY_LEN(first)];
		const char *l = last[(i * 7 + i / 5) % ARRAY_LEN(last)];
		static const int sec[] = { SECTOR_LAW_ENFORCEMENT,
		    SECTOR_MEDICAL, SECTOR_SOCIAL_SERVICES, SECTOR_EDUCATION,
		    SECTOR_LEGAL };

		memset(&in, 0, sizeof(in));
		in.name = arena_printf(a, "%s %s", f, l);
		in.email = arena_printf(a, "demo%d.%lld@example.org", i,
		    (long long)session_id);
		in.sector = core_sector_keys[sec[i % ARRAY_LEN(sec)]];
		in.organization = orgs[i % ARRAY_LEN(orgs)];
		in.county = counties[(i * 3) % ARRAY_LEN(counties)];
		in.staff = session_id < 0;
		if (app_register(&app, &app_system, a, session_id < 0 ?
		    -session_id : session_id, NULL, &in, &reg) < 0)
			rc = -1;
	}
	arena_free(a);
	return rc;
}

/*
 * The 2019 training as it happened: people checked in and out (a few left
 * early), answered the knowledge checks and the evaluation, and earned
 * certificates; the evening Q&A had questions like those the story reports.
 */
static int
history(struct store *s, int64_t training, int64_t evening)
{
	static const char *const comments[] = {
		"Start asking who is buying, not only who is selling.",
		"More time for questions from rural counties, please.",
		"I will change how we write up these calls.",
		"Helpful to hear about the role of demand.",
	};
	static const char *const asked[] = {
		"Why focus on the buyers rather than on the women?",
		"What can a school counsellor do when a student seems to be "
		"recruited online?",
		"How do we talk to our sons about buying sex?",
		"Is this happening in Missoula, or mostly in big cities?",
	};
	struct app app = { NULL, s, NULL, 0 };
	struct arena *a = arena_new();
	struct store_registration *g;
	struct store_session ss;
	struct store_tx *tx;
	struct store_form f[FORM__MAX];
	struct store_certificate c;
	int64_t participant, qid;
	size_t n, i, k;
	int rc = -1, issued;
	size_t scored;
	char tok[32], hash[TOKEN_HASH_HEX];

	if (fill(s, -training, 60) == -1 ||
	    store_session_get(s, a, training, &ss) != STORE_OK ||
	    store_roster(s, a, training, "confirmed", NULL, NULL, &g, &n) !=
	    STORE_OK)
		goto out;
	for (k = 0; k < FORM__MAX; k++)
		if (store_form_get(s, a, training, (int)k, &f[k]) != STORE_OK)
			goto out;
	for (i = 0; i < n; i++) {
		const char *v[16];
		size_t j;
		int changed;

		if (i % 10 == 9)
			continue;	/* registered, did not come */
		if (app_check(&app, &app_system, g[i].id, 1, ss.starts_at - 600,
		    &changed) != STORE_OK ||
		    app_check(&app, &app_system, g[i].id, 0, i % 12 == 5 ?
		    ss.ends_at - 5400 : ss.ends_at + 300, &changed) != STORE_OK)
			goto out;
		/* Before: about half right, a few highly confident; after:
		 * most right, most highly or very highly confident. */
		for (j = 0, scored = 0; j < f[FORM_PRE].nitems; j++) {
			if (f[FORM_PRE].items[j].correct < 0) {
				v[j] = i % 5 == 0 ? "3" : i % 2 ? "1" : "2";
				continue;
			}
			scored++;
			v[j] = (i + j) % 2 ? "1" : arena_printf(a, "%d",
			    f[FORM_PRE].items[j].correct);
		}
		if (i % 7 != 3 && app_response(&app, &f[FORM_PRE], g[i].id,
		    v, (int64_t)((scored + (i % 2)) / 2), (int64_t)scored) !=
		    STORE_OK)
			goto out;
		for (j = 0, scored = 0; j < f[FORM_POST].nitems; j++) {
			if (f[FORM_POST].items[j].correct < 0) {
				v[j] = i % 6 == 1 ? "2" : i % 2 ? "3" : "4";
				continue;
			}
			scored++;
			v[j] = j == i % 9 ? "1" : arena_printf(a, "%d",
			    f[FORM_POST].items[j].correct);
		}
		if (app_response(&app, &f[FORM_POST], g[i].id, v,
		    (int64_t)scored - (i % 9 < scored ? 1 : 0), (int64_t)scored)
		    != STORE_OK)
			goto out;
		for (j = 0; j < f[FORM_EVALUATION].nitems; j++)
			v[j] = f[FORM_EVALUATION].items[j].kind == ITEM_SCALE ?
			    (i + j) % 4 ? "5" : "4" : i % 6 == 0 && j ==
			    f[FORM_EVALUATION].nitems - 2 ? comments[i / 6 %
			    ARRAY_LEN(comments)] : "";
		if (app_response(&app, &f[FORM_EVALUATION], g[i].id, v, 0, 0)
		    != STORE_OK ||
		    (app_certify(&app, a, g[i].id, &c, &issued) != STORE_OK &&
		    i % 12 != 5))
			goto out;
	}
	token_random(tok, sizeof(tok) - 1);
	token_hash(tok, hash);
	if (app_participant(&app, hash, &participant) != STORE_OK)
		goto out;
	/* Asked long ago: written as they were, past the Q&A's own rules. */
	if ((tx = store_tx_begin(s)) == NULL)
		goto out;
	for (i = 0; i < ARRAY_LEN(asked); i++) {
		if (store_question_add(tx, evening, participant, asked[i], NULL,
		    QUESTION_ANSWERED, 0, ss.starts_at + 36000, &qid) != STORE_OK) {
			store_tx_rollback(tx);
			goto out;
		}
	}
	if (store_tx_commit(tx) == -1)
		goto out;
	rc = 0;
out:
	arena_free(a);
	return rc;
}

/* Demo staff, one per role; the password is printed and documented. */
static int
demo_users(struct store_tx *s, int64_t task_force, int64_t soroptimist,
    int64_t now)
{
	static const struct {
		const char	*name;
		unsigned	 roles;
		int		 partner;
	} users[] = {
		{ "kat", ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_MODERATOR), 0 },
		{ "whitefish", ROLE_BIT(ROLE_PARTNER), 1 },
		{ "door", ROLE_BIT(ROLE_DOOR), 0 },
		{ "moderator", ROLE_BIT(ROLE_MODERATOR), 0 },
	};
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	size_t i;

	/* One hash for all: each would take a tenth of a second. */
	if (crypto_pwhash_str(hash, DEMO_PASSWORD, strlen(DEMO_PASSWORD),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	for (i = 0; i < ARRAY_LEN(users); i++)
		if (store_user_add(s, users[i].name, hash, users[i].roles, now,
		    &id) != STORE_OK ||
		    store_user_update(s, id, users[i].roles, users[i].partner ?
		    soroptimist : task_force, 0) != STORE_OK)
			return -1;
	return 0;
}

/*
 * A stop earlier in this federal fiscal year (from 1 October), so that the
 * reports page, which opens on the current fiscal year, has numbers: three
 * weeks ago, or the fiscal year's first day if that is later, or yesterday
 * when today is that first day. Made last, so the other stops keep their
 * ids.
 */
static int
earlier_stop(struct store *s, int64_t now, int64_t task_force,
    int64_t soroptimist)
{
	struct tz_local l, today;
	struct store_tx *tx;
	int64_t venue, event, training, day, fy_start;

	if (tz_from_utc(TZ_MT, now, &today) == -1)
		return -1;
	fy_start = at(today.month >= 10 ? today.year : today.year - 1, 10, 1,
	    12, 0);
	day = now - 21 * 86400;
	if (day < fy_start)
		day = fy_start;
	if (tz_from_utc(TZ_MT, day, &l) == -1)
		return -1;
	if (l.year == today.year && l.month == today.month &&
	    l.day == today.day && tz_from_utc(TZ_MT, now - 86400, &l) == -1)
		return -1;
	if ((tx = store_tx_begin(s)) == NULL)
		return -1;
	if (store_venue_add(tx, "Flathead Valley Community College",
	    "777 Grandview Dr", "Kalispell", "MT", TZ_MT, &venue) != STORE_OK ||
	    store_event_add(tx, "Autumn training: Kalispell", "The task force's "
	    "autumn training for professionals of the Flathead valley, and an "
	    "open conversation in the evening.", venue, 0, now, &event) !=
	    STORE_OK ||
	    store_event_host_add(tx, event, task_force) != STORE_OK ||
	    store_event_host_add(tx, event, soroptimist) != STORE_OK ||
	    add_sessions(tx, event, l.year, l.month, l.day, 80, -1,
	    at(l.year, l.month, l.day, 9, 0) - 30 * 86400, &training) == -1) {
		store_tx_rollback(tx);
		return -1;
	}
	if (store_tx_commit(tx) == -1)
		return -1;
	return history(s, training, training + 1);
}

/* See cli.h. */
int
cli_demo_load(struct store *s)
{
	int64_t now = now_utc(), task_force, soroptimist, speaker, tour;
	int64_t venue, event, training, opens;
	int y = demo_year(now);
	char tour_title[96];
	struct store_tx *tx;
	size_t i;

	snprintf(tour_title, sizeof(tour_title), "Ending Demand: Montana "
	    "statewide tour, January %d", y);
	if ((tx = store_tx_begin(s)) == NULL)
		return -1;
	if (store_org_add(tx, "Missoula Human Trafficking Task Force",
	    &task_force) != STORE_OK ||
	    store_org_add(tx, "Soroptimist International of Whitefish",
	    &soroptimist) != STORE_OK ||
	    store_speaker_add(tx, "Peter Qualliotine", "Seattle-based human "
	    "trafficking prevention expert, known for work that holds buyers "
	    "and pimps accountable rather than the women they exploit.",
	    &speaker) != STORE_OK ||
	    store_tour_add(tx, tour_title, speaker, &tour) != STORE_OK)
		goto fail;

	if (demo_users(tx, task_force, soroptimist, now) == -1)
		goto fail;
	/* Who runs the site and issues the certificates, on every page. */
	if (store_setting_set(tx, "provider_name", "Missoula Human "
	    "Trafficking Task Force") != STORE_OK)
		goto fail;

	/* Registration opened on 1 November, or yesterday if that is later. */
	opens = at(y - 1, 11, 1, 9, 0);
	if (opens > now - 86400)
		opens = now - 86400;
	for (i = 0; i < ARRAY_LEN(stops); i++) {
		const struct stop *st = &stops[i];
		char title[128];

		snprintf(title, sizeof(title), "Ending Demand: %s", st->city);
		if (store_venue_add(tx, st->venue, st->address, st->city, "MT",
		    TZ_MT, &venue) != STORE_OK ||
		    store_event_add(tx, title, "A stop of Peter Qualliotine's "
		    "statewide tour during National Slavery and Human "
		    "Trafficking Prevention Month: a training for professionals "
		    "by day, an open public conversation in the evening.",
		    venue, tour, now, &event) != STORE_OK ||
		    store_event_host_add(tx, event, task_force) != STORE_OK ||
		    (st->soroptimist &&
		    store_event_host_add(tx, event, soroptimist) != STORE_OK) ||
		    add_sessions(tx, event, y, 1, st->day, st->training_cap,
		    st->public_cap, st->opens_later ? now + 14 * 86400 : opens,
		    &training) == -1)
			goto fail;
		if (store_tx_commit(tx) == -1 ||
		    fill(s, training, st->fill) == -1 ||
		    (tx = store_tx_begin(s)) == NULL)
			return -1;
	}

	/* The original stop: Wednesday 9 January 2019 at UM. */
	if (store_venue_add(tx, "University of Montana, University Center",
	    "32 Campus Dr", "Missoula", "MT", TZ_MT, &venue) != STORE_OK ||
	    store_event_add(tx, "Human trafficking awareness trainings",
	    "The Missoula Human Trafficking Task Force and Soroptimist "
	    "International of Whitefish brought Peter Qualliotine to the "
	    "University of Montana on his statewide tour.", venue, 0, now,
	    &event) != STORE_OK ||
	    store_event_host_add(tx, event, task_force) != STORE_OK ||
	    store_event_host_add(tx, event, soroptimist) != STORE_OK ||
	    add_sessions(tx, event, 2019, 1, 9, 100, -1,
	    at(2018, 12, 1, 9, 0), &training) == -1)
		goto fail;
	if (store_tx_commit(tx) == -1)
		return -1;
	/* add_sessions makes the evening right after the training. */
	if (history(s, training, training + 1) == -1)
		return -1;
	return earlier_stop(s, now, task_force, soroptimist);
fail:
	store_tx_rollback(tx);
	return -1;
}

/*
 * 1 (and says so) when db is a PostgreSQL database that already has a
 * schema: loading the demo on top would clash with what is there, and
 * replacing it would mean dropping someone's tables. -1 when it cannot tell.
 */
static int
used_pg(const char *db, struct store *s)
{
	int v;

	if (!store_is_pg(db))
		return 0;
	if (store_schema_version(s, &v) == -1)
		return -1;
	if (v == 0)
		return 0;
	fprintf(stderr, "convene: %s already holds a convene database (schema "
	    "version %d); the demo needs an empty one (createdb a new one)\n",
	    db, v);
	return 1;
}

int
cli_demo(int argc, char **argv)
{
	const char *db = DEMO_DB, *listen = DEFAULT_LISTEN;
	int load_only = 0;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "listen", &listen, NULL, 0 },
		{ "load-only", NULL, &load_only, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	const char *suffix[] = { "", "-wal", "-shm" };
	struct cli_serve_opts so = { DEFAULT_LISTEN, 0, NULL, NULL, NULL, 0, 0 };
	struct sockaddr_storage ss;
	struct store *s;
	size_t i, len;
	int rc, n, used = 0;

	if ((rc = cli_options("demo", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n > 0)
		return cli_usage_error("demo", "unexpected argument '%s'",
		    argv[1]);
	if (http_parse_listen(listen, &ss, &len) == -1)
		return cli_usage_error("demo", "--listen wants ADDR:PORT, "
		    "not '%s'", listen);
	/* A URI is no file: unlinking its text would touch a stray local path. */
	for (i = 0; !store_is_pg(db) && i < ARRAY_LEN(suffix); i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s%s", db, suffix[i]);
		if (unlink(path) == -1 && errno != ENOENT) {
			fprintf(stderr, "convene: cannot replace %s: %s\n", path,
			    strerror(errno));
			return 1;
		}
	}
	s = store_open(db, STORE_CREATE);
	if (s != NULL && (used = used_pg(db, s)) == 1) {
		store_close(s);
		return 1;
	}
	if (s == NULL || used == -1 || store_migrate(s) == -1 ||
	    cli_demo_load(s) == -1) {
		fprintf(stderr, "convene: cannot create the demo database %s\n",
		    db);
		store_close(s);
		return 1;
	}
	store_close(s);
	fprintf(stderr, "convene: demo database %s is ready; staff sign in at "
	    "/staff/login as kat (coordinator), whitefish (partner), door or "
	    "moderator, password '%s'\n", db, DEMO_PASSWORD);
	if (load_only)
		return 0;
	so.listen = listen;
	return cli_run_server(db, &so);
}
