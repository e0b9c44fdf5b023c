/* reports.c: HTTP tests of the funders' reports (API, CSV, CLI, staff page)
 * against a fixture counted by hand, a report over 100,000 registrations,
 * the campaign calendar and its iCalendar feed, and the tour pages. */
#include <sys/wait.h>

#include <jansson.h>
#include <libical/ical.h>
#include <sqlite3.h>

#include "harness.h"
#include "tz.h"

/* --- Helpers -------------------------------------------------------------- */

/* Epoch seconds of a local time in Denver (every venue here is there). */
static int64_t
denver(int y, int mo, int d, int h, int mi)
{
	int64_t t;

	assert_int_equal(tz_to_utc("America/Denver", y, mo, d, h, mi, &t), 0);
	return t;
}

/* A staff member: sign-in cookie and API token. */
struct ident {
	char	 name[64];
	char	 pw[64];
	int64_t	 id;
	char	 cookie[128];	/* "Cookie: convene_session=..." */
	char	 token[41];
	char	 bearer[128];	/* "Authorization: Bearer ..." */
};

/* A user with a fast hash, an API token and a sign-in cookie. */
static void
mkident(struct ident *u, const char *name, unsigned roles, int64_t org)
{
	char hash[crypto_pwhash_STRBYTES], hex[TOKEN_HASH_HEX], body[256];
	char v[512];
	struct resp r;
	size_t len;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	snprintf(u->pw, sizeof(u->pw), "pw-%s-0123456789", name);
	assert_int_equal(crypto_pwhash_str(hash, u->pw, strlen(u->pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), u->name, hash, roles, now_utc(),
	    &u->id), STORE_OK);
	if (org)
		assert_int_equal(store_user_update(th_tx(T), u->id, roles, org, 0),
		    STORE_OK);
	token_random(u->token, 40);
	u->token[40] = '\0';
	token_hash(u->token, hex);
	assert_int_equal(store_token_add(th_tx(T), u->id, hex, now_utc()),
	    STORE_OK);
	snprintf(u->bearer, sizeof(u->bearer), "Authorization: Bearer %s",
	    u->token);
	snprintf(body, sizeof(body), "name=%s&password=%s", u->name, u->pw);
	th_form(T, "/staff/login", body, &r);
	if (r.status != 303)
		fail_msg("sign-in of %s: status %ld", u->name, r.status);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "convene_session=", 16), 0);
	len = strcspn(v, ";");
	snprintf(u->cookie, sizeof(u->cookie), "Cookie: %.*s", (int)len, v);
	resp_free(&r);
}

static int64_t
mkvenue(const char *name, const char *city)
{
	int64_t id;

	assert_int_equal(store_venue_add(th_tx(T), name, "1 Main St", city, "MT",
	    "America/Denver", &id), STORE_OK);
	return id;
}

static int64_t
mkevent(const char *title, int64_t venue, int64_t tour)
{
	int64_t id;

	assert_int_equal(store_event_add(th_tx(T), title, "", venue, tour,
	    now_utc(), &id), STORE_OK);
	return id;
}

/* A session; capacity -1 for unlimited. */
static int64_t
mksession(int64_t event, const char *title, int audience, int64_t capacity,
    double ce, int64_t starts, int64_t ends)
{
	struct store_session ss;
	int64_t id;

	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = (char *)title;
	ss.audience = audience;
	ss.sectors = audience == AUDIENCE_PROFESSIONAL ? 0x7f : 0;
	ss.capacity = capacity;
	ss.ce_hours = ce;
	ss.starts_at = starts;
	ss.ends_at = ends;
	ss.reg_opens_at = now_utc() - 86400;
	ss.credit_share = 1;
	assert_int_equal(store_session_add(th_tx(T), &ss, &id), STORE_OK);
	return id;
}

/* Cancels a session through the same update the console uses. */
static void
cancel_session(int64_t id)
{
	struct arena *a = arena_new();
	struct store_session ss;

	assert_int_equal(store_session_get(T->s, a, id, &ss), STORE_OK);
	ss.cancelled = 1;
	assert_int_equal(store_session_update(th_tx(T), &ss), STORE_OK);
	arena_free(a);
}

/* Sessions' local months, as the console fills them after an edit. */
static void
fill_months(void)
{
		assert_int_equal(store_months(th_tx(T), 0), STORE_OK);
	th_commit();
	cache_invalidate();	/* written behind the server's back */
}

struct reg {
	int64_t	 id;
	int	 status;
	char	 secret[64];
};

/* A registration added by staff (no window); email may be NULL. */
static struct reg
mkreg(int64_t session, const char *name, const char *email,
    const char *sector, const char *county)
{
	struct arena *a = arena_new();
	struct store_reg_input in;
	struct store_registration g;
	struct reg out;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.email = email;
	in.sector = sector;
	in.county = county;
	in.organization = "Somewhere";
	in.source = "staff";
	in.staff = 1;
	assert_int_equal(app_register(th_app(T), &app_system, a, session, NULL, &in, &g),
	    STORE_OK);
	out.id = g.id;
	out.status = g.status;
	snprintf(out.secret, sizeof(out.secret), "%s", g.secret);
	arena_free(a);
	return out;
}

static void
check_in(int64_t reg, int64_t at)
{
	int changed = 0;

	assert_int_equal(store_check_in(th_tx(T), reg, at, now_utc(), &changed),
	    STORE_OK);
	assert_int_equal(changed, 1);
}

static void
certificate(int64_t reg, const char *code, double hours)
{
	struct store_certificate c;

	memset(&c, 0, sizeof(c));
	c.registration_id = reg;
	c.code = (char *)code;
	c.issued_at = now_utc();
	c.name = "Someone";
	c.session = "Training";
	c.event = "Training";
	c.date = "2030";
	c.venue = "Hall";
	c.city = "Missoula";
	c.provider = "Convene";
	c.hours = hours;
	assert_int_equal(store_certificate_add(th_tx(T), &c), STORE_OK);
}

/* Knowledge check (pre or post): every scored choice answered "0", score
 * given, the confidence question conf. */
static void
knowledge_c(int64_t session, int kind, int64_t reg, int64_t score,
    const char *conf)
{
	struct arena *a = arena_new();
	struct store_form f;
	const char **v;
	size_t i;

	assert_int_equal(store_form_get(T->s, a, session, kind, &f), STORE_OK);
	/* Five scored questions and the confidence one. */
	assert_int_equal(f.nitems, 6);
	v = arena_alloc(a, sizeof(*v) * f.nitems);
	for (i = 0; i < f.nitems; i++)
		v[i] = strcmp(f.items[i].prompt, CONFIDENCE_PROMPT) == 0 ? conf :
		    "0";
	assert_int_equal(store_response_add(th_tx(T), &f, reg, v, score, 5,
	    now_utc()), STORE_OK);
	arena_free(a);
}


/* An evaluation: four scale answers ("1".."5"), then two texts. */
static void
evaluation(int64_t session, int64_t reg, const char *const scale[4],
    const char *const text[2])
{
	struct arena *a = arena_new();
	struct store_form f;
	const char **v;
	size_t i, ns = 0, nt = 0;

	assert_int_equal(store_form_get(T->s, a, session, FORM_EVALUATION, &f),
	    STORE_OK);
	v = arena_alloc(a, sizeof(*v) * f.nitems);
	for (i = 0; i < f.nitems; i++)
		v[i] = f.items[i].kind == ITEM_SCALE ? scale[ns++] :
		    text[nt++];
	assert_int_equal(ns, 4);
	assert_int_equal(nt, 2);
	assert_int_equal(store_response_add(th_tx(T), &f, reg, v, 0, 0,
	    now_utc()), STORE_OK);
	arena_free(a);
}

static void
default_forms(int64_t session)
{
		assert_int_equal(store_forms_default(th_tx(T), session), STORE_OK);
	th_commit();
}

struct kv {
	const char	*key;
	long long	 n;
};

/* rows of the API answer against want; ordered: in that order. */
static void
expect_rows(json_t *j, const struct kv *want, size_t n, int ordered,
    const char *what)
{
	json_t *rows = json_object_get(j, "rows");
	size_t i, k;

	assert_true(json_is_array(rows));
	if (json_array_size(rows) != n)
		fail_msg("%s: %zu rows, want %zu: %s", what,
		    json_array_size(rows), n, json_dumps(j, 0));
	for (i = 0; i < n; i++) {
		json_t *row = NULL;

		if (ordered)
			row = json_array_get(rows, i);
		else
			for (k = 0; k < n; k++) {
				json_t *x = json_array_get(rows, k);

				if (strcmp(json_string_value(json_object_get(x,
				    "key")), want[i].key) == 0)
					row = x;
			}
		if (row == NULL || strcmp(json_string_value(json_object_get(row,
		    "key")), want[i].key) != 0 ||
		    json_integer_value(json_object_get(row, "people")) !=
		    want[i].n) {
			char *d = json_dumps(rows, 0);

			fail_msg("%s: row %zu: want %s = %lld, got %s", what, i,
			    want[i].key, want[i].n, d);
		}
	}
}

/* GET path with the given header; a JSON answer with status 200. */
static json_t *
api(const char *path, const char *hdr)
{
	struct resp r;
	json_t *j;

	th_req(T, "GET", path, NULL, NULL, hdr, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body.data);
	j = th_parse(&r);
	resp_free(&r);
	return j;
}

static void
expect_totals(json_t *j, long long people, long long att, long long certs,
    double hours)
{
	assert_int_equal(json_integer_value(json_object_get(j, "people")),
	    people);
	assert_int_equal(json_integer_value(json_object_get(j, "attendances")),
	    att);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "certificates")), certs);
	assert_true(json_is_real(json_object_get(j, "ce_hours")));
	assert_float_equal(json_real_value(json_object_get(j, "ce_hours")),
	    hours, 1e-9);
}

/* CSV: BOM (reported), quoted fields, CRLF rows; at most 8 rows of 2. */
struct csv {
	int	 bom;
	size_t	 n;
	char	 f[8][3][64];
};

static void
csv_parse(const char *s, size_t len, struct csv *c)
{
	const char *end = s + len;
	size_t col = 0;

	memset(c, 0, sizeof(*c));
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		c->bom = 1;
		s += 3;
	}
	while (s < end) {
		char *out;
		size_t k = 0;

		if (c->n >= 8 || col >= 3)
			fail_msg("CSV: too many rows or fields");
		out = c->f[c->n][col];
		if (*s != '"')
			fail_msg("CSV: unquoted field at '%.20s'", s);
		for (s++; s < end; s++) {
			if (*s == '"' && s + 1 < end && s[1] == '"')
				s++;
			else if (*s == '"')
				break;
			if (k + 1 < 64)
				out[k++] = *s;
		}
		if (s >= end)
			fail_msg("CSV: unterminated quote");
		s++;
		if (s < end && *s == ',') {
			col++;
			s++;
		} else if (end - s >= 2 && s[0] == '\r' && s[1] == '\n') {
			if (col != 2)
				fail_msg("CSV: a row of %zu fields", col + 1);
			col = 0;
			c->n++;
			s += 2;
		} else
			fail_msg("CSV: junk after a field: '%.20s'", s);
	}
	if (col != 0)
		fail_msg("CSV: the last row does not end with CRLF");
}

/* The rows after the header equal want, in order. */
static void
expect_csv(const struct csv *c, const char *head, const struct kv *want,
    size_t n, const char *what)
{
	size_t i;
	char num[32];

	if (c->n != n + 1)
		fail_msg("%s: %zu CSV rows, want %zu", what, c->n, n + 1);
	assert_string_equal(c->f[0][0], head);
	assert_string_equal(c->f[0][1], "people");
	assert_string_equal(c->f[0][2], "attendances");
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%lld", want[i].n);
		if (strcmp(c->f[i + 1][0], want[i].key) != 0 ||
		    strcmp(c->f[i + 1][1], num) != 0)
			fail_msg("%s: row %zu: want %s,%s got %s,%s", what, i,
			    want[i].key, num, c->f[i + 1][0], c->f[i + 1][1]);
	}
}

/* Runs the sanitizer build of the CLI; its stdout into out, its status. */
static int
run_cli(const char *args, struct buf *out)
{
	char cmd[1024], chunk[4096];
	FILE *p;
	size_t n;
	int st;

	if (access("build/san/convene", X_OK) != 0)
		fail_msg("no build/san/convene (make build/san/convene)");
	snprintf(cmd, sizeof(cmd), "build/san/convene report %s --db '%s'",
	    args, T->db);
	buf_init(out, 0);
	assert_non_null(p = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(out, chunk, n);
	buf_putc(out, '\0');
	out->len--;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* --- The report fixture, counted by hand ---------------------------------- */

/*
 * Organisations: Alpha Coalition (A) co-hosts E1 and E3; Beta Network (B)
 * co-hosts E2 and E3. E2 is on the tour "Report Tour". Times are Denver's.
 *
 *   E1 "Spring Training"  S1  professional 2030-03-10 09-13, 4 CE hours
 *                         S1b professional 2030-03-10 14-16, 2 CE hours
 *                         S1p public       2030-03-10 18-20
 *   E2 "Summer Training"  S2  professional 2030-06-15 09-12, 2.5 CE hours,
 *                             capacity 3
 *   E3 "Autumn Training"  S3  professional 2030-09-20 09-15, 6 CE hours
 *   E4 "Old Training"     S4  professional 2029-12-01 09-13, 4 CE hours
 *                             (before the range 2030-01-01..2030-12-31)
 *
 * Registrations (in = checked in, cert = certificate of the hours):
 *   S1:  ana  medical/Lake              in, cert 4    (P1)
 *        ben  law_enforcement/Flathead  in            (P2)
 *        cal  medical/Lake              in            (P3)
 *        dan  education/Lake            in, then cancelled: not counted
 *   S1b: ana  medical/Lake              in            (P1: same month, same
 *                                                     event, counted once)
 *   S1p: gil  faith_community/Gallatin  in: public session, not counted
 *   S2:  Ana@Example.org medical/Lake   in, cert 2.5  (P1 again: one address)
 *        Pat  (no email) legal/Ravalli  in, cert 2.5  (P4)
 *        Quinn (no email) legal/Ravalli in            (P5: another person)
 *        eve  education/Cascade         waitlisted (4th of 3 places), given
 *                                       a check-in time: not counted
 *   S3:  ana  medical/Lake              in, cert 6    (P1 a third time)
 *        ben  social_services/Missoula  in, cert 6    (P2, sector changed)
 *        fay  education/Yellowstone     registered, never checked in
 *   S4:  hal  other/Butte               in, cert 4    (outside the range)
 */
#define ORG_A	"Alpha Coalition"
#define ORG_B	"Beta Network"
#define FROM_TO	"from=2030-01-01&to=2030-12-31"

static struct {
	int64_t		 org_a, org_b, tour;
	int64_t		 e1, e2, e3, e4;
	int64_t		 s1, s1b, s1p, s2, s3, s4;
	struct reg	 ana1, ben1, cal1, dan1, ana1b, gil;
	struct reg	 ana2, pat, quinn, eve;
	struct reg	 ana3, ben3, fay, hal;
	struct ident	 coord, partner_a, partner_b, partner_none, door;
} F;

/* Everyone counted: P1 ana, P2 ben, P3 cal, P4 Pat, P5 Quinn. */
static const long long ALL_PEOPLE = 5;
/* S1: ana, ben, cal (3) + S1b: ana (1) + S2: ana, Pat, Quinn (3) + S3: ana,
 * ben (2). */
static const long long ALL_ATTENDANCES = 3 + 1 + 3 + 2;	/* 9 */
/* ana S1 4 + ana S2 2.5 + Pat S2 2.5 + ana S3 6 + ben S3 6 (hal: 2029). */
static const long long ALL_CERTS = 5;
static const double ALL_HOURS = 4 + 2.5 + 2.5 + 6 + 6;	/* 21 */

static void
report_fixture(void)
{
	int64_t v = mkvenue("Report Hall", "Missoula"), sp;

	assert_int_equal(store_org_add(th_tx(T), ORG_A, &F.org_a), STORE_OK);
	assert_int_equal(store_org_add(th_tx(T), ORG_B, &F.org_b), STORE_OK);
	assert_int_equal(store_speaker_add(th_tx(T), "Report Speaker", "", &sp),
	    STORE_OK);
	assert_int_equal(store_tour_add(th_tx(T), "Report Tour", sp, &F.tour),
	    STORE_OK);
	F.e1 = mkevent("Spring Training", v, 0);
	F.e2 = mkevent("Summer Training", v, F.tour);
	F.e3 = mkevent("Autumn Training", v, 0);
	F.e4 = mkevent("Old Training", v, 0);
	assert_int_equal(store_event_host_add(th_tx(T), F.e1, F.org_a), STORE_OK);
	assert_int_equal(store_event_host_add(th_tx(T), F.e2, F.org_b), STORE_OK);
	assert_int_equal(store_event_host_add(th_tx(T), F.e3, F.org_a), STORE_OK);
	assert_int_equal(store_event_host_add(th_tx(T), F.e3, F.org_b), STORE_OK);
	F.s1 = mksession(F.e1, "Training", AUDIENCE_PROFESSIONAL, -1, 4,
	    denver(2030, 3, 10, 9, 0), denver(2030, 3, 10, 13, 0));
	F.s1b = mksession(F.e1, "Workshop", AUDIENCE_PROFESSIONAL, -1, 2,
	    denver(2030, 3, 10, 14, 0), denver(2030, 3, 10, 16, 0));
	F.s1p = mksession(F.e1, "Evening forum", AUDIENCE_PUBLIC, -1, 0,
	    denver(2030, 3, 10, 18, 0), denver(2030, 3, 10, 20, 0));
	F.s2 = mksession(F.e2, "Training", AUDIENCE_PROFESSIONAL, 3, 2.5,
	    denver(2030, 6, 15, 9, 0), denver(2030, 6, 15, 12, 0));
	F.s3 = mksession(F.e3, "Training", AUDIENCE_PROFESSIONAL, -1, 6,
	    denver(2030, 9, 20, 9, 0), denver(2030, 9, 20, 15, 0));
	F.s4 = mksession(F.e4, "Training", AUDIENCE_PROFESSIONAL, -1, 4,
	    denver(2029, 12, 1, 9, 0), denver(2029, 12, 1, 13, 0));
	fill_months();
	default_forms(F.s1);
	default_forms(F.s4);

	F.ana1 = mkreg(F.s1, "Ana", "ana@example.org", "medical", "Lake");
	F.ben1 = mkreg(F.s1, "Ben", "ben@example.org", "law_enforcement",
	    "Flathead");
	F.cal1 = mkreg(F.s1, "Cal", "cal@example.org", "medical", "Lake");
	F.dan1 = mkreg(F.s1, "Dan", "dan@example.org", "education", "Lake");
	F.ana1b = mkreg(F.s1b, "Ana", "ana@example.org", "medical", "Lake");
	F.gil = mkreg(F.s1p, "Gil", "gil@example.org", "faith_community",
	    "Gallatin");
	F.ana2 = mkreg(F.s2, "Ana", "Ana@Example.org", "medical", "Lake");
	F.pat = mkreg(F.s2, "Pat", NULL, "legal", "Ravalli");
	F.quinn = mkreg(F.s2, "Quinn", NULL, "legal", "Ravalli");
	F.eve = mkreg(F.s2, "Eve", "eve@example.org", "education", "Cascade");
	F.ana3 = mkreg(F.s3, "Ana", "ana@example.org", "medical", "Lake");
	F.ben3 = mkreg(F.s3, "Ben", "ben@example.org", "social_services",
	    "Missoula");
	F.fay = mkreg(F.s3, "Fay", "fay@example.org", "education",
	    "Yellowstone");
	F.hal = mkreg(F.s4, "Hal", "hal@example.org", "other", "Butte");
	assert_int_equal(F.eve.status, STATUS_WAITLISTED);
	assert_int_equal(F.quinn.status, STATUS_CONFIRMED);

	check_in(F.ana1.id, denver(2030, 3, 10, 8, 50));
	check_in(F.ben1.id, denver(2030, 3, 10, 8, 51));
	check_in(F.cal1.id, denver(2030, 3, 10, 8, 52));
	check_in(F.dan1.id, denver(2030, 3, 10, 8, 53));
	check_in(F.ana1b.id, denver(2030, 3, 10, 13, 55));
	check_in(F.gil.id, denver(2030, 3, 10, 17, 55));
	check_in(F.ana2.id, denver(2030, 6, 15, 8, 50));
	check_in(F.pat.id, denver(2030, 6, 15, 8, 51));
	check_in(F.quinn.id, denver(2030, 6, 15, 8, 52));
	check_in(F.ana3.id, denver(2030, 9, 20, 8, 50));
	check_in(F.ben3.id, denver(2030, 9, 20, 8, 51));
	check_in(F.hal.id, denver(2029, 12, 1, 8, 50));
	{
		int64_t promoted = -1;

		char sql[160];

		/* Dan checked in: his ticket can no longer be cancelled. A
		 * record cancelled after check-in from before that rule keeps
		 * the time, and counts as cancelled. */
		assert_int_equal(app_ticket_cancel(th_app(T), F.dan1.secret,
		    &promoted), APP_ATTENDED);
		assert_int_equal(promoted, 0);
		th_commit();
		snprintf(sql, sizeof(sql), "UPDATE registrations SET status = "
		    "'cancelled' WHERE id = %lld", (long long)F.dan1.id);
		th_exec(T, sql, sql);
	}
	/* Eve waits; a coordinator's correction gives her a time anyway. */
	assert_int_equal(store_set_times(th_tx(T), F.eve.id,
	    denver(2030, 6, 15, 8, 55), 0, now_utc()), STORE_OK);

	certificate(F.ana1.id, "RPTAA-00001", 4);
	certificate(F.ana2.id, "RPTAA-00002", 2.5);
	certificate(F.pat.id, "RPTAA-00003", 2.5);
	certificate(F.ana3.id, "RPTAA-00004", 6);
	certificate(F.ben3.id, "RPTAA-00005", 6);
	certificate(F.hal.id, "RPTAA-00006", 4);

	/*
	 * Knowledge checks in S1, out of 5: ana 2 then 4, ben 3 then 5, cal
	 * only a post-test (4): two pairs. Hal's pair in S4 (0 then 5) is
	 * outside the range.
	 */
	/* Confidence: ana slightly (1) then highly (3), ben highly (3) then
	 * very highly (4), cal after only (4), hal not at all (0) then very
	 * highly (4). */
	knowledge_c(F.s1, FORM_PRE, F.ana1.id, 2, "1");
	knowledge_c(F.s1, FORM_PRE, F.ben1.id, 3, "3");
	knowledge_c(F.s1, FORM_POST, F.ana1.id, 4, "3");
	knowledge_c(F.s1, FORM_POST, F.ben1.id, 5, "4");
	knowledge_c(F.s1, FORM_POST, F.cal1.id, 4, "4");
	knowledge_c(F.s4, FORM_PRE, F.hal.id, 0, "0");
	knowledge_c(F.s4, FORM_POST, F.hal.id, 5, "4");

	/* Evaluations of S1 (see test_evaluations), and one of S4 (2029). */
	{
		static const char *const sa[4] = { "5", "5", "4", "2" };
		static const char *const sb[4] = { "4", "5", "4", "3" };
		static const char *const sc[4] = { "3", "4", "4", "5" };
		static const char *const sh[4] = { "1", "1", "1", "1" };
		static const char *const ta[2] = { "Ask who holds the ID", "" };
		static const char *const tb[2] = { "", "" };
		static const char *const tc[2] = { "",
		    "More <b>case studies</b> & role play" };
		static const char *const th[2] = { "Out of range comment", "" };

		evaluation(F.s1, F.ana1.id, sa, ta);
		evaluation(F.s1, F.ben1.id, sb, tb);
		evaluation(F.s1, F.cal1.id, sc, tc);
		evaluation(F.s4, F.hal.id, sh, th);
	}

	mkident(&F.coord, "rpt-coord", ROLE_BIT(ROLE_COORDINATOR), 0);
	mkident(&F.partner_a, "rpt-partner-a", ROLE_BIT(ROLE_PARTNER), F.org_a);
	mkident(&F.partner_b, "rpt-partner-b", ROLE_BIT(ROLE_PARTNER), F.org_b);
	mkident(&F.partner_none, "rpt-partner-none", ROLE_BIT(ROLE_PARTNER), 0);
	mkident(&F.door, "rpt-door", ROLE_BIT(ROLE_DOOR), 0);
	cache_invalidate();
}

static int
setup(void **state)
{
	(void)state;
	T = th_start();
	memset(&F, 0, sizeof(F));
	report_fixture();
	return 0;
}

/* --- 1. The API, as a coordinator ----------------------------------------- */

static void
test_api_coordinator(void **state)
{
	json_t *j;

	(void)state;
	/*
	 * By sector, as of each person's latest attendance: ana medical (S3),
	 * ben social_services (S3, not law_enforcement from S1), cal medical,
	 * Pat legal, Quinn legal. Ordered by count, then key.
	 */
	{
		static const struct kv want[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "social_services", 1 },
		};

		j = api("/api/v1/reports/trained?by=sector&" FROM_TO,
		    F.coord.bearer);
		assert_string_equal(json_string_value(json_object_get(j, "by")),
		    "sector");
		assert_string_equal(json_string_value(json_object_get(j,
		    "from")), "2030-01-01");
		assert_string_equal(json_string_value(json_object_get(j, "to")),
		    "2030-12-31");
		expect_rows(j, want, 3, 1, "by sector");
		expect_totals(j, ALL_PEOPLE, ALL_ATTENDANCES, ALL_CERTS,
		    ALL_HOURS);
		json_decref(j);
	}
	/* By county: ana Lake, ben Missoula (was Flathead), cal Lake, Pat and
	 * Quinn Ravalli. */
	{
		static const struct kv want[] = {
			{ "Lake", 2 }, { "Ravalli", 2 }, { "Missoula", 1 },
		};

		j = api("/api/v1/reports/trained?by=county&" FROM_TO,
		    F.coord.bearer);
		expect_rows(j, want, 3, 1, "by county");
		json_decref(j);
	}
	/* By month (local): March ana (S1 and S1b: once), ben, cal; June
	 * ana, Pat, Quinn; September ana, ben. Ana counts once a month. */
	{
		static const struct kv want[] = {
			{ "2030-03", 3 }, { "2030-06", 3 }, { "2030-09", 2 },
		};

		j = api("/api/v1/reports/trained?by=month&" FROM_TO,
		    F.coord.bearer);
		expect_rows(j, want, 3, 1, "by month");
		expect_totals(j, ALL_PEOPLE, ALL_ATTENDANCES, ALL_CERTS,
		    ALL_HOURS);
		json_decref(j);
	}
	/* By event, in date order; ana is in E1 twice (S1, S1b), once. */
	{
		static const struct kv want[] = {
			{ "Spring Training", 3 }, { "Summer Training", 3 },
			{ "Autumn Training", 2 },
		};

		j = api("/api/v1/reports/trained?by=event&" FROM_TO,
		    F.coord.bearer);
		expect_rows(j, want, 3, 1, "by event");
		json_decref(j);
	}
	/* By tour: E2's ana, Pat, Quinn; E1 and E3's ana, ben, cal (a tie). */
	{
		static const struct kv want[] = {
			{ "Report Tour", 3 }, { "(not on a tour)", 3 },
		};

		j = api("/api/v1/reports/trained?by=tour&" FROM_TO,
		    F.coord.bearer);
		expect_rows(j, want, 2, 0, "by tour");
		json_decref(j);
	}
	/* By partner: B hosts E2 (ana, Pat, Quinn) and E3 (ana, ben): 4
	 * people; A hosts E1 (ana, ben, cal) and E3 (ana, ben): 3. */
	{
		static const struct kv want[] = { { ORG_B, 4 }, { ORG_A, 3 } };

		j = api("/api/v1/reports/trained?by=partner&" FROM_TO,
		    F.coord.bearer);
		expect_rows(j, want, 2, 1, "by partner");
		expect_totals(j, ALL_PEOPLE, ALL_ATTENDANCES, ALL_CERTS,
		    ALL_HOURS);
		json_decref(j);
	}
	/* The default is by sector. */
	j = api("/api/v1/reports/trained?" FROM_TO, F.coord.bearer);
	assert_string_equal(json_string_value(json_object_get(j, "by")),
	    "sector");
	json_decref(j);
}

/* --- 2. Partners see their own events ------------------------------------- */

static void
test_api_partners(void **state)
{
	json_t *j;

	(void)state;
	/*
	 * Partner A (E1, E3): S1 ana, ben, cal + S1b ana + S3 ana, ben = 6
	 * attendances, 3 people; certificates ana S1 4 + ana S3 6 + ben S3
	 * 6 = 3, 16 h.
	 */
	{
		static const struct kv sector[] = {
			{ "medical", 2 }, { "social_services", 1 },
		};
		static const struct kv month[] = {
			{ "2030-03", 3 }, { "2030-09", 2 },
		};
		static const struct kv event[] = {
			{ "Spring Training", 3 }, { "Autumn Training", 2 },
		};
		static const struct kv county[] = {
			{ "Lake", 2 }, { "Missoula", 1 },
		};
		/* A's own events; B appears as E3's co-host (ana, ben). */
		static const struct kv partner[] = {
			{ ORG_A, 3 }, { ORG_B, 2 },
		};

		j = api("/api/v1/reports/trained?by=sector&" FROM_TO,
		    F.partner_a.bearer);
		expect_rows(j, sector, 2, 1, "A by sector");
		expect_totals(j, 3, 3 + 1 + 2, 3, 4 + 6 + 6);
		json_decref(j);
		j = api("/api/v1/reports/trained?by=month&" FROM_TO,
		    F.partner_a.bearer);
		expect_rows(j, month, 2, 1, "A by month");
		json_decref(j);
		j = api("/api/v1/reports/trained?by=event&" FROM_TO,
		    F.partner_a.bearer);
		expect_rows(j, event, 2, 1, "A by event");
		json_decref(j);
		j = api("/api/v1/reports/trained?by=county&" FROM_TO,
		    F.partner_a.bearer);
		expect_rows(j, county, 2, 1, "A by county");
		json_decref(j);
		j = api("/api/v1/reports/trained?by=partner&" FROM_TO,
		    F.partner_a.bearer);
		expect_rows(j, partner, 2, 1, "A by partner");
		json_decref(j);
	}
	/*
	 * Partner B (E2, E3): S2 ana, Pat, Quinn + S3 ana, ben = 5
	 * attendances, 4 people; certificates ana S2 2.5 + Pat S2 2.5 + ana S3
	 * 6 + ben S3 6 = 4, 17 h.
	 */
	{
		static const struct kv sector[] = {
			{ "legal", 2 }, { "medical", 1 },
			{ "social_services", 1 },
		};
		static const struct kv event[] = {
			{ "Summer Training", 3 }, { "Autumn Training", 2 },
		};

		j = api("/api/v1/reports/trained?by=sector&" FROM_TO,
		    F.partner_b.bearer);
		expect_rows(j, sector, 3, 1, "B by sector");
		expect_totals(j, 4, 3 + 2, 4, 2.5 + 2.5 + 6 + 6);
		json_decref(j);
		j = api("/api/v1/reports/trained?by=event&" FROM_TO,
		    F.partner_b.bearer);
		expect_rows(j, event, 2, 1, "B by event");
		json_decref(j);
	}
	/* A partner account without an organisation sees nothing. */
	{
		struct resp r;

		th_req(T, "GET", "/api/v1/reports/trained?" FROM_TO, NULL, NULL,
		    F.partner_none.bearer, &r);
		assert_int_equal(r.status, 403);
		resp_free(&r);
	}
}

/* --- 3. Ranges and bad input ---------------------------------------------- */

static void
test_api_range(void **state)
{
	static const char *const bad[] = {
		"from=2030-1-01&to=2030-12-31", "from=2030-01-01&to=soon",
		"from=2030-13-01&to=2030-12-31",
		"from=2030-01-01&to=2030-12-32",
		"from=1969-12-31&to=2030-12-31",
		"from=2030-01-01x&to=2030-12-31",
	};
	struct resp r;
	json_t *j;
	size_t i;

	(void)state;
	/*
	 * The last day is included: S3 starts 09:00 in Denver on 20 September.
	 * Up to the 19th it is out, and ben's latest sector is then S1's.
	 */
	{
		static const struct kv with[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "social_services", 1 },
		};
		static const struct kv without[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "law_enforcement", 1 },
		};

		j = api("/api/v1/reports/trained?by=sector&from=2030-01-01&"
		    "to=2030-09-20", F.coord.bearer);
		expect_rows(j, with, 3, 1, "to the 20th");
		expect_totals(j, 5, 9, 5, 21);
		json_decref(j);
		j = api("/api/v1/reports/trained?by=sector&from=2030-01-01&"
		    "to=2030-09-19", F.coord.bearer);
		expect_rows(j, without, 3, 1, "to the 19th");
		/* 9 - S3's two; certificates 21 - 6 - 6. */
		expect_totals(j, 5, 7, 3, 9);
		json_decref(j);
	}
	/* From the first day: S1 (10 March) in, or out from the 11th. */
	j = api("/api/v1/reports/trained?by=month&from=2030-03-10&"
	    "to=2030-12-31", F.coord.bearer);
	expect_totals(j, 5, 9, 5, 21);
	json_decref(j);
	{
		static const struct kv want[] = {
			{ "2030-06", 3 }, { "2030-09", 2 },
		};

		j = api("/api/v1/reports/trained?by=month&from=2030-03-11&"
		    "to=2030-12-31", F.coord.bearer);
		expect_rows(j, want, 2, 1, "from the 11th");
		/* ana, Pat, Quinn, ben; S2 3 + S3 2; certificates 2.5 + 2.5 +
		 * 6 + 6. */
		expect_totals(j, 4, 5, 4, 17);
		json_decref(j);
	}
	/* Hal's 2029 session, on its own. */
	{
		static const struct kv want[] = { { "other", 1 } };

		j = api("/api/v1/reports/trained?by=sector&from=2029-12-01&"
		    "to=2029-12-01", F.coord.bearer);
		expect_rows(j, want, 1, 1, "December 2029");
		expect_totals(j, 1, 1, 1, 4);
		json_decref(j);
	}
	/* A range with nobody in it. */
	j = api("/api/v1/reports/trained?by=sector&from=2031-01-01&"
	    "to=2031-12-31", F.coord.bearer);
	expect_rows(j, NULL, 0, 1, "2031");
	expect_totals(j, 0, 0, 0, 0);
	json_decref(j);

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		char path[256];

		snprintf(path, sizeof(path), "/api/v1/reports/trained?%s",
		    bad[i]);
		th_req(T, "GET", path, NULL, NULL, F.coord.bearer, &r);
		if (r.status != 400)
			fail_msg("%s: %ld, want 400", path, r.status);
		resp_free(&r);
	}
	th_req(T, "GET", "/api/v1/reports/trained?by=gender&" FROM_TO, NULL,
	    NULL, F.coord.bearer, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	/* Who may ask. */
	th_get(T, "/api/v1/reports/trained?" FROM_TO, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	th_req(T, "GET", "/api/v1/reports/trained?" FROM_TO, NULL, NULL,
	    F.door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
}

/*
 * Days are the venue's: a training at 18:00 in Denver on 31 December 2031
 * (01:00 UTC on 1 January) is in a report to 2031-12-31, under 2031-12, and
 * not in January 2032's.
 */
/*
 * Periods: federal fiscal quarters (FY2030 is October 2029 to September
 * 2030) and calendar quarters, against the fixture counted by hand.
 */
static void
test_periods(void **state)
{
	struct resp r;
	json_t *j;
	char want[64];
	time_t now = time(NULL);
	struct tm tm;

	(void)state;
	/* FY2030 Q1, October to December 2029: hal's S4 alone. */
	j = api("/api/v1/reports/trained?by=sector&period=FY2030-Q1",
	    F.coord.bearer);
	assert_string_equal(json_string_value(json_object_get(j, "period")),
	    "FY2030-Q1");
	assert_string_equal(json_string_value(json_object_get(j, "from")),
	    "2029-10-01");
	assert_string_equal(json_string_value(json_object_get(j, "to")),
	    "2029-12-31");
	expect_totals(j, 1, 1, 1, 4);
	json_decref(j);
	/* Q2, January to March 2030: S1 (ana, ben, cal) and S1b (ana);
	 * ana's 4-hour certificate. */
	j = api("/api/v1/reports/trained?by=sector&period=FY2030-Q2",
	    F.coord.bearer);
	expect_totals(j, 3, 4, 1, 4);
	json_decref(j);
	/* The same months as the calendar's first quarter. */
	j = api("/api/v1/reports/trained?by=sector&period=2030-Q1",
	    F.coord.bearer);
	expect_totals(j, 3, 4, 1, 4);
	json_decref(j);
	/* Q3: S2 (ana, Pat, Quinn), 2.5 + 2.5 hours. Q4: S3 (ana, ben). */
	j = api("/api/v1/reports/trained?by=sector&period=FY2030-Q3",
	    F.coord.bearer);
	expect_totals(j, 3, 3, 2, 5);
	json_decref(j);
	j = api("/api/v1/reports/trained?by=sector&period=FY2030-Q4",
	    F.coord.bearer);
	expect_totals(j, 2, 2, 2, 12);
	json_decref(j);
	/* The whole fiscal year: everyone, hal included. */
	j = api("/api/v1/reports/trained?by=sector&period=FY2030",
	    F.coord.bearer);
	expect_totals(j, 6, 10, 6, 25);
	json_decref(j);
	/* The calendar year 2030: the fixture's own range. */
	j = api("/api/v1/reports/trained?by=sector&period=2030",
	    F.coord.bearer);
	expect_totals(j, 5, 9, 5, 21);
	json_decref(j);
	th_req(T, "GET", "/api/v1/reports/trained?by=sector&period=FY30",
	    NULL, NULL, F.coord.bearer, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	/* The page opens on the current fiscal year, and offers quarters. */
	gmtime_r(&now, &tm);
	th_req(T, "GET", "/staff/reports", NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof(want), "FY%d, federal fiscal year (October %d",
	    tm.tm_mon >= 9 ? tm.tm_year + 1901 : tm.tm_year + 1900,
	    tm.tm_mon >= 9 ? tm.tm_year + 1900 : tm.tm_year + 1899);
	assert_non_null(strstr(r.body.data, want));
	snprintf(want, sizeof(want), "<option value=\"FY%d-Q2\">",
	    tm.tm_mon >= 9 ? tm.tm_year + 1901 : tm.tm_year + 1900);
	assert_non_null(strstr(r.body.data, want));
	assert_non_null(strstr(r.body.data, "value=\"custom\""));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports?period=FY2030-Q2", NULL, NULL,
	    F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "FY2030 Q2, federal fiscal year "
	    "(January – March 2030)"));
	assert_non_null(strstr(r.body.data, "by=sector&amp;period=FY2030-Q2"));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports.csv?by=sector&period=FY2030-Q2", NULL,
	    NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "\"Medical\",\"2\""));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports?period=custom&from=2030-06-01&"
	    "to=2030-06-30", NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "2030-06-01 to 2030-06-30"));
	resp_free(&r);
}

/* A part of a report's JSON: obj.key as a number. */
static long long
part(json_t *j, const char *obj, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(j, obj), key));
}

/*
 * Training and community education apart, attendances beside people, and
 * the event, tour and partner filters, against the fixture counted by hand.
 */
static void
test_split_and_filters(void **state)
{
	char path[256];
	json_t *j, *row;
	struct resp r;
	size_t i;

	(void)state;
	/* 2030: trainings S1, S1b, S2, S3 held (9 attendances of 5 people);
	 * community education: gil at S1p, one attendance, one session. */
	j = api("/api/v1/reports/trained?by=sector&" FROM_TO, F.coord.bearer);
	assert_int_equal(part(j, "training", "people"), 5);
	assert_int_equal(part(j, "training", "attendances"), 9);
	assert_int_equal(part(j, "training", "sessions"), 4);
	assert_int_equal(part(j, "community_education", "attendances"), 1);
	assert_int_equal(part(j, "community_education", "sessions"), 1);
	/* Attendances under each person's latest sector: medical ana (S1,
	 * S1b, S2, S3) and cal (S1): 2 people, 5; legal Pat and Quinn: 2, 2;
	 * social services ben (S1, S3): 1, 2. */
	for (i = 0; i < json_array_size(json_object_get(j, "rows")); i++) {
		const char *k;
		long long att;

		row = json_array_get(json_object_get(j, "rows"), i);
		k = json_string_value(json_object_get(row, "key"));
		att = json_integer_value(json_object_get(row, "attendances"));
		if (strcmp(k, "medical") == 0)
			assert_int_equal(att, 5);
		else if (strcmp(k, "legal") == 0)
			assert_int_equal(att, 2);
		else if (strcmp(k, "social_services") == 0)
			assert_int_equal(att, 2);
		else
			fail_msg("unexpected row %s", k);
	}
	json_decref(j);

	/* Event E2 alone: S2's ana, Pat, Quinn; 2.5 + 2.5 hours. */
	snprintf(path, sizeof(path), "/api/v1/reports/trained?by=sector&"
	    FROM_TO "&event=%lld", (long long)F.e2);
	j = api(path, F.coord.bearer);
	expect_totals(j, 3, 3, 2, 5);
	assert_int_equal(part(j, "training", "sessions"), 1);
	assert_int_equal(part(j, "community_education", "attendances"), 0);
	json_decref(j);
	/* The tour: E2 is its only stop. */
	snprintf(path, sizeof(path), "/api/v1/reports/trained?by=sector&"
	    FROM_TO "&tour=%lld", (long long)F.tour);
	j = api(path, F.coord.bearer);
	expect_totals(j, 3, 3, 2, 5);
	json_decref(j);
	/* Partner A (E1, E3), chosen by a coordinator: ana, ben, cal; S1 3 +
	 * S1b 1 + S3 2; certificates 4 + 6 + 6; gil at S1p. */
	snprintf(path, sizeof(path), "/api/v1/reports/trained?by=sector&"
	    FROM_TO "&partner=%lld", (long long)F.org_a);
	j = api(path, F.coord.bearer);
	expect_totals(j, 3, 6, 3, 16);
	assert_int_equal(part(j, "community_education", "attendances"), 1);
	json_decref(j);
	/* A partner asking for the other partner still gets their own. */
	snprintf(path, sizeof(path), "/api/v1/reports/trained?by=sector&"
	    FROM_TO "&partner=%lld", (long long)F.org_b);
	j = api(path, F.partner_a.bearer);
	expect_totals(j, 3, 6, 3, 16);
	json_decref(j);
	/* E2 is B's: partner A filtering on it sees nobody. */
	snprintf(path, sizeof(path), "/api/v1/reports/trained?by=sector&"
	    FROM_TO "&event=%lld", (long long)F.e2);
	j = api(path, F.partner_a.bearer);
	expect_totals(j, 0, 0, 0, 0);
	json_decref(j);
	th_req(T, "GET", "/api/v1/reports/trained?by=sector&event=two", NULL,
	    NULL, F.coord.bearer, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	/* The page: both halves, each saying which; the filters, kept in the
	 * CSV links; a partner gets no partner filter. */
	snprintf(path, sizeof(path), "/staff/reports?period=2030&event=%lld",
	    (long long)F.e2);
	th_req(T, "GET", path, NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Training (professional "
	    "sessions)"));
	assert_non_null(strstr(r.body.data, "Community education (public "
	    "sessions)"));
	assert_non_null(strstr(r.body.data, "<th scope=\"col\">Attendances"
	    "</th>"));
	assert_non_null(strstr(r.body.data, "name=\"partner\""));
	snprintf(path, sizeof(path), "period=2030&amp;event=%lld",
	    (long long)F.e2);
	assert_non_null(strstr(r.body.data, path));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports?period=2030", NULL, NULL,
	    F.partner_a.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body.data, "name=\"partner\""));
	assert_null(strstr(r.body.data, ">Summer Training</option>"));
	assert_non_null(strstr(r.body.data, ">Spring Training</option>"));
	resp_free(&r);
}

/*
 * Confidence, paired like knowledge: in 2030 ana (1 -> 3) and ben (3 -> 4)
 * are pairs (cal answered after only): high before 1 of 2, after 2 of 2.
 * FY2030 adds hal (0 -> 4) of December 2029: 1 of 3 before, 3 of 3 after.
 */
static void
test_confidence(void **state)
{
	struct resp r;
	json_t *j;

	(void)state;
	j = api("/api/v1/reports/trained?by=sector&" FROM_TO, F.coord.bearer);
	assert_int_equal(part(j, "confidence", "pairs"), 2);
	assert_int_equal(part(j, "confidence", "high_before"), 1);
	assert_int_equal(part(j, "confidence", "high_after"), 2);
	json_decref(j);
	j = api("/api/v1/reports/trained?by=sector&period=FY2030",
	    F.coord.bearer);
	assert_int_equal(part(j, "confidence", "pairs"), 3);
	assert_int_equal(part(j, "confidence", "high_before"), 1);
	assert_int_equal(part(j, "confidence", "high_after"), 3);
	json_decref(j);
	th_req(T, "GET", "/staff/reports?period=2030", NULL, NULL,
	    F.coord.cookie, &r);
	assert_non_null(strstr(r.body.data, "50% highly or very highly "
	    "confident before, 100% after (+50 points), from 2 pre- and "
	    "post-test pairs"));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports?period=FY2030", NULL, NULL,
	    F.coord.cookie, &r);
	assert_non_null(strstr(r.body.data, "33% highly or very highly "
	    "confident before, 100% after (+67 points), from 3 pre- and "
	    "post-test pairs"));
	resp_free(&r);
}

/* The anti-CSRF token of a signed-in page (the funders page). */
static void
csrf_of(const struct ident *u, char *out, size_t outsz)
{
	struct resp r;
	const char *p, *e;

	th_req(T, "GET", "/staff/funders", NULL, NULL, u->cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(p = strstr(r.body.data, "name=\"csrf\" value=\""));
	p += strlen("name=\"csrf\" value=\"");
	assert_non_null(e = strchr(p, '"'));
	snprintf(out, outsz, "%.*s", (int)(e - p), p);
	resp_free(&r);
}

/* A row's value of a report's JSON by key. */
static const char *
row_name(json_t *j, const char *key)
{
	size_t i;

	for (i = 0; i < json_array_size(json_object_get(j, "rows")); i++) {
		json_t *row = json_array_get(json_object_get(j, "rows"), i);

		if (strcmp(json_string_value(json_object_get(row, "key")),
		    key) == 0)
			return json_string_value(json_object_get(row, "name"));
	}
	return NULL;
}

/* A funder's names for the sectors, mapped once, used by the reports. */
static void
test_funders(void **state)
{
	char csrf[80], body[512];
	struct resp r;
	json_t *j;

	(void)state;
	csrf_of(&F.coord, csrf, sizeof(csrf));
	snprintf(body, sizeof(body), "csrf=%s&funder=OVC+TIMS&"
	    "law_enforcement=Law+Enforcement+(federal,+state,+local,+tribal)&"
	    "medical=Health+Care+Provider&legal=", csrf);
	th_req(T, "POST", "/staff/funders", "application/x-www-form-urlencoded",
	    body, F.coord.cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&funder=BJA+PMT&medical=Medical",
	    csrf);
	th_req(T, "POST", "/staff/funders", "application/x-www-form-urlencoded",
	    body, F.coord.cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* Refused: no funder; a partner. */
	snprintf(body, sizeof(body), "csrf=%s&funder=&medical=X", csrf);
	th_req(T, "POST", "/staff/funders", "application/x-www-form-urlencoded",
	    body, F.coord.cookie, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "GET", "/staff/funders", NULL, NULL, F.partner_a.cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);

	/* The API: each funder's names, convene's where none is set. */
	j = api("/api/v1/reports/trained?by=sector&" FROM_TO "&funder=OVC%20TIMS",
	    F.coord.bearer);
	assert_string_equal(row_name(j, "medical"), "Health Care Provider");
	assert_string_equal(row_name(j, "legal"), "Legal");
	json_decref(j);
	j = api("/api/v1/reports/trained?by=sector&" FROM_TO "&funder=BJA%20PMT",
	    F.coord.bearer);
	assert_string_equal(row_name(j, "medical"), "Medical");
	json_decref(j);
	j = api("/api/v1/reports/trained?by=sector&period=2030-Q1&"
	    "funder=OVC%20TIMS", F.coord.bearer);
	assert_string_equal(row_name(j, "law_enforcement"), "Law Enforcement "
	    "(federal, state, local, tribal)");
	json_decref(j);
	/* The CSV and the page; the page offers both funders. */
	th_req(T, "GET", "/staff/reports.csv?by=sector&" FROM_TO
	    "&funder=OVC+TIMS", NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "\"Health Care Provider\",\"2\""));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports?" FROM_TO "&funder=OVC+TIMS", NULL,
	    NULL, F.coord.cookie, &r);
	assert_non_null(strstr(r.body.data, "<option value=\"BJA PMT\">"));
	assert_non_null(strstr(r.body.data, "<option value=\"OVC TIMS\" "
	    "selected>"));
	assert_non_null(strstr(r.body.data, "Health Care Provider"));
	assert_non_null(strstr(r.body.data, "funder=OVC%20TIMS"));
	resp_free(&r);
}

/* The text of a PDF, read back by poppler's pdftotext, spaces squeezed. */
static void
pdf_text(const struct resp *r, struct buf *out)
{
	char path[160], cmd[256], chunk[4096];
	FILE *fp;
	size_t n;
	int sp = 0;

	snprintf(path, sizeof(path), "%s/report.pdf", T->dir);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(fwrite(r->body.data, 1, r->body.len, fp), r->body.len);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", path);
	buf_init(out, 0);
	assert_non_null(fp = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		size_t k;

		for (k = 0; k < n; k++) {
			int ws = chunk[k] == ' ' || chunk[k] == '\n' ||
			    chunk[k] == '\f';

			if (ws && sp)
				continue;
			buf_putc(out, ws ? ' ' : chunk[k]);
			sp = ws;
		}
	}
	buf_putc(out, '\0');
	assert_int_equal(pclose(fp), 0);
}

/* The report as a PDF, from the page and the CLI: the period, the
 * figures counted by hand, both halves, the filters. */
static void
test_pdf(void **state)
{
	struct resp r;
	struct buf t, cli;
	char path[256];

	(void)state;
	th_req(T, "GET", "/staff/reports?period=FY2030-Q2", NULL, NULL,
	    F.coord.cookie, &r);
	assert_non_null(strstr(r.body.data, "/staff/reports.pdf?period="
	    "FY2030-Q2"));
	resp_free(&r);
	th_req(T, "GET", "/staff/reports.pdf?period=FY2030-Q2", NULL, NULL,
	    F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers.data, "application/pdf"));
	assert_memory_equal(r.body.data, "%PDF-", 5);
	pdf_text(&r, &t);
	resp_free(&r);
	/* Q2: ana, ben, cal; S1 3 + S1b 1; ana's 4 hours; gil at S1p. */
	assert_non_null(strstr(t.data, "FY2030 Q2, federal fiscal year "
	    "(January – March 2030)"));
	assert_non_null(strstr(t.data, "Training (professional sessions)"));
	assert_non_null(strstr(t.data, "People trained 3 (unduplicated"));
	assert_non_null(strstr(t.data, "Attendances 4 (person-sessions)"));
	assert_non_null(strstr(t.data, "Sessions held 2"));
	assert_non_null(strstr(t.data, "Certificates 1, 4 CE hours"));
	assert_non_null(strstr(t.data, "Community education (public sessions, "
	    "not training)"));
	assert_non_null(strstr(t.data, "Attendances 1 (public attendees"));
	assert_non_null(strstr(t.data, "Made "));
	/* Medical: ana (S1, S1b) and cal (S1): 2 people, 3 attendances. */
	assert_non_null(strstr(t.data, "Medical 2 3"));
	assert_non_null(strstr(t.data, ORG_A));
	buf_free(&t);
	/* A partner's PDF: their own events. */
	snprintf(path, sizeof(path), "/staff/reports.pdf?period=FY2030-Q3");
	th_req(T, "GET", path, NULL, NULL, F.partner_a.cookie, &r);
	assert_int_equal(r.status, 200);
	pdf_text(&r, &t);
	resp_free(&r);
	/* Q3 is S2, Beta's: nobody for Alpha. */
	assert_non_null(strstr(t.data, "People trained 0 (unduplicated"));
	assert_non_null(strstr(t.data, "Only the events this organisation "
	    "co-hosts"));
	buf_free(&t);
	/* The CLI makes the same report. */
	assert_int_equal(run_cli("--period FY2030-Q2 --format pdf", &cli), 0);
	{
		struct resp fake;

		memset(&fake, 0, sizeof(fake));
		fake.body = cli;
		pdf_text(&fake, &t);
	}
	assert_non_null(strstr(t.data, "People trained 3 (unduplicated"));
	assert_non_null(strstr(t.data, "Medical 2 3"));
	buf_free(&t);
	buf_free(&cli);
}

static void
test_api_local_days(void **state)
{
	int64_t v = mkvenue("New Year Hall", "Missoula"), e, ss;
	struct reg g;
	json_t *j;
	long long in_dec, in_jan;

	(void)state;
	e = mkevent("New Year's Eve Training", v, 0);
	ss = mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 1,
	    denver(2031, 12, 31, 18, 0), denver(2031, 12, 31, 20, 0));
	fill_months();
	g = mkreg(ss, "Zed", "zed@example.org", "medical", "Lake");
	check_in(g.id, denver(2031, 12, 31, 17, 50));
	j = api("/api/v1/reports/trained?by=month&from=2031-12-01&"
	    "to=2031-12-31", F.coord.bearer);
	in_dec = json_integer_value(json_object_get(j, "people"));
	json_decref(j);
	j = api("/api/v1/reports/trained?by=month&from=2032-01-01&"
	    "to=2032-01-31", F.coord.bearer);
	in_jan = json_integer_value(json_object_get(j, "people"));
	json_decref(j);
	if (in_dec != 1 || in_jan != 0)
		fail_msg("a session on 31 December (local) counts %lld in "
		    "December and %lld in January; want 1 and 0", in_dec,
		    in_jan);
}

/* --- 4. CSV from the console ---------------------------------------------- */

static void
test_csv(void **state)
{
	struct resp r;
	struct csv c;
	char v[256];

	(void)state;
	/* Sectors by their names, in the API's order. */
	{
		static const struct kv want[] = {
			{ "Legal", 2 }, { "Medical", 2 },
			{ "Social services", 1 },
		};

		th_req(T, "GET", "/staff/reports.csv?by=sector&" FROM_TO, NULL,
		    NULL, F.coord.cookie, &r);
		assert_int_equal(r.status, 200);
		assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)),
		    0);
		assert_int_equal(strncmp(v, "text/csv", 8), 0);
		assert_int_equal(th_header(&r, "Content-Disposition", v,
		    sizeof(v)), 0);
		assert_non_null(strstr(v,
		    "trained-by-sector-2030-01-01-2030-12-31.csv"));
		csv_parse(r.body.data, r.body.len, &c);
		assert_int_equal(c.bom, 1);
		expect_csv(&c, "sector", want, 3, "CSV by sector");
		resp_free(&r);
	}
	{
		static const struct kv want[] = {
			{ "2030-03", 3 }, { "2030-06", 3 }, { "2030-09", 2 },
		};

		th_req(T, "GET", "/staff/reports.csv?by=month&" FROM_TO, NULL,
		    NULL, F.coord.cookie, &r);
		assert_int_equal(r.status, 200);
		csv_parse(r.body.data, r.body.len, &c);
		assert_int_equal(c.bom, 1);
		expect_csv(&c, "month", want, 3, "CSV by month");
		resp_free(&r);
	}
	/* Partner A's CSV has only A's events. */
	{
		static const struct kv want[] = {
			{ "Spring Training", 3 }, { "Autumn Training", 2 },
		};

		th_req(T, "GET", "/staff/reports.csv?by=event&" FROM_TO, NULL,
		    NULL, F.partner_a.cookie, &r);
		assert_int_equal(r.status, 200);
		csv_parse(r.body.data, r.body.len, &c);
		expect_csv(&c, "event", want, 2, "A's CSV by event");
		resp_free(&r);
	}
	th_req(T, "GET", "/staff/reports.csv?by=nothing&" FROM_TO, NULL, NULL,
	    F.coord.cookie, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	th_req(T, "GET", "/staff/reports.csv?by=sector&from=x&to=y", NULL,
	    NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
}

/* --- 5. convene report ---------------------------------------------------- */

static void
test_cli(void **state)
{
	struct buf out;
	struct csv c;

	(void)state;
	/* The CLI prints sector keys, as stored. */
	{
		static const struct kv want[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "social_services", 1 },
		};

		assert_int_equal(run_cli("--from 2030-01-01 --to 2030-12-31 "
		    "--by sector --format csv", &out), 0);
		csv_parse(out.data, out.len, &c);
		expect_csv(&c, "sector", want, 3, "CLI by sector");
		buf_free(&out);
	}
	{
		static const struct kv want[] = {
			{ "2030-03", 3 }, { "2030-06", 3 }, { "2030-09", 2 },
		};

		assert_int_equal(run_cli("--from 2030-01-01 --to 2030-12-31 "
		    "--by month --format csv", &out), 0);
		csv_parse(out.data, out.len, &c);
		expect_csv(&c, "month", want, 3, "CLI by month");
		buf_free(&out);
	}
	{
		static const struct kv want[] = { { ORG_B, 4 }, { ORG_A, 3 } };

		assert_int_equal(run_cli("--from 2030-01-01 --to 2030-12-31 "
		    "--by partner --format csv", &out), 0);
		csv_parse(out.data, out.len, &c);
		expect_csv(&c, "partner", want, 2, "CLI by partner");
		buf_free(&out);
	}
	/* --to is included: S3 (20 September) moves ben to social services. */
	{
		static const struct kv with[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "social_services", 1 },
		};
		static const struct kv without[] = {
			{ "legal", 2 }, { "medical", 2 },
			{ "law_enforcement", 1 },
		};

		assert_int_equal(run_cli("--from 2030-01-01 --to 2030-09-20 "
		    "--by sector --format csv", &out), 0);
		csv_parse(out.data, out.len, &c);
		expect_csv(&c, "sector", with, 3, "CLI to the 20th");
		buf_free(&out);
		assert_int_equal(run_cli("--from 2030-01-01 --to 2030-09-19 "
		    "--by sector --format csv", &out), 0);
		csv_parse(out.data, out.len, &c);
		expect_csv(&c, "sector", without, 3, "CLI to the 19th");
		buf_free(&out);
	}
	/* The table ends with the totals and the knowledge gain (see
	 * test_knowledge for 50% and 90%). */
	assert_int_equal(run_cli("--from 2030-01-01 --to 2030-12-31 "
	    "--by county", &out), 0);
	if (strstr(out.data, "5 people trained (unduplicated), 9 attendances, "
	    "5 certificates, 21.00 CE hours") == NULL ||
	    strstr(out.data, "knowledge: 2 pre/post pairs, average 50.0% "
	    "before, 90.0% after (+40.0 points)") == NULL)
		fail_msg("CLI table: %s", out.data);
	buf_free(&out);
	/* Bad arguments are refused. */
	assert_int_not_equal(run_cli("--from 2030-01-01 --to 2030-12-31 "
	    "--by gender 2>/dev/null", &out), 0);
	buf_free(&out);
	assert_int_not_equal(run_cli("--from 2030-12-31 --to 2030-01-01 "
	    "2>/dev/null", &out), 0);
	buf_free(&out);
}

/* --- 6. Knowledge gain, evaluations and comments -------------------------- */

static void
test_knowledge(void **state)
{
	struct store_range rg = { 0 };
	struct store_totals t;
	struct resp r;

	(void)state;
	rg.from = denver(2030, 1, 1, 0, 0);
	rg.to = denver(2031, 1, 1, 0, 0);
	assert_int_equal(store_report_totals(T->s, &rg, &t), STORE_OK);
	/* ana 2/5 -> 4/5, ben 3/5 -> 5/5; cal has no pre-test. */
	assert_int_equal(t.pairs, 2);
	assert_float_equal(t.pre_avg, (40.0 + 60.0) / 2, 1e-9);	/* 50 */
	assert_float_equal(t.post_avg, (80.0 + 100.0) / 2, 1e-9);	/* 90 */
	assert_int_equal(t.people, ALL_PEOPLE);
	assert_int_equal(t.attendances, ALL_ATTENDANCES);
	assert_int_equal(t.certificates, ALL_CERTS);
	assert_float_equal(t.ce_hours, ALL_HOURS, 1e-9);
	/* Hal's pair (0 -> 5 of 5) alone in 2029. */
	rg.from = denver(2029, 1, 1, 0, 0);
	rg.to = denver(2030, 1, 1, 0, 0);
	assert_int_equal(store_report_totals(T->s, &rg, &t), STORE_OK);
	assert_int_equal(t.pairs, 1);
	assert_float_equal(t.pre_avg, 0, 1e-9);
	assert_float_equal(t.post_avg, 100, 1e-9);

	th_req(T, "GET", "/staff/reports?" FROM_TO, NULL, NULL, F.coord.cookie,
	    &r);
	assert_int_equal(r.status, 200);
	if (strstr(r.body.data, "50% before, 90% after (+40 points), from 2 "
	    "pre- and post-test pairs") == NULL)
		fail_msg("no knowledge gain on the page");
	resp_free(&r);
	/* Partner B's events have no checks. */
	th_req(T, "GET", "/staff/reports?" FROM_TO, NULL, NULL,
	    F.partner_b.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "No paired pre- and post-tests "
	    "yet"));
	assert_non_null(strstr(r.body.data, "Only the events your "
	    "organisation co-hosts"));
	resp_free(&r);
}

static void
test_evaluations(void **state)
{
	struct arena *a = arena_new();
	struct store_range rg = { 0 };
	struct store_count *rows;
	struct resp r;
	size_t n;

	(void)state;
	rg.from = denver(2030, 1, 1, 0, 0);
	rg.to = denver(2031, 1, 1, 0, 0);
	assert_int_equal(store_report_scales(T->s, a, &rg, &rows, &n),
	    STORE_OK);
	/* ana, ben, cal: (5+4+3)/3, (5+5+4)/3, (4+4+4)/3, (2+3+5)/3. Hal's
	 * ones are in 2029. */
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].key, "The training met its objectives");
	assert_float_equal(rows[0].value, 12.0 / 3, 1e-9);
	assert_int_equal(rows[0].n, 3);
	assert_string_equal(rows[1].key, "The content is useful in my work");
	assert_float_equal(rows[1].value, 14.0 / 3, 1e-9);
	assert_int_equal(rows[1].n, 3);
	assert_string_equal(rows[2].key,
	    "The presenter was knowledgeable and clear");
	assert_float_equal(rows[2].value, 12.0 / 3, 1e-9);
	assert_string_equal(rows[3].key,
	    "I am more confident recognising and responding to trafficking");
	assert_float_equal(rows[3].value, 10.0 / 3, 1e-9);
	assert_int_equal(rows[3].n, 3);

	/* Two comments (empty answers are not comments), newest first. */
	assert_int_equal(store_report_comments(T->s, a, &rg, &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].key, "What could be improved?\t"
	    "More <b>case studies</b> & role play");
	assert_string_equal(rows[1].key, "What will you do differently after "
	    "this training?\tAsk who holds the ID");

	/* The page shows them, escaped, and not 2029's. */
	th_req(T, "GET", "/staff/reports?" FROM_TO, NULL, NULL, F.coord.cookie,
	    &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Ask who holds the ID"));
	assert_non_null(strstr(r.body.data,
	    "More &lt;b&gt;case studies&lt;/b&gt; &amp; role play"));
	assert_null(strstr(r.body.data, "<b>case studies"));
	assert_null(strstr(r.body.data, "Out of range comment"));
	assert_non_null(strstr(r.body.data, "Evaluations: average of 1 to 5"));
	resp_free(&r);
	/* Partner B co-hosts none of S1: no evaluations, no comments. */
	th_req(T, "GET", "/staff/reports?" FROM_TO, NULL, NULL,
	    F.partner_b.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body.data, "Ask who holds the ID"));
	assert_null(strstr(r.body.data, "Evaluations: average"));
	resp_free(&r);
	arena_free(a);
}

/* --- 7. A hundred thousand registrations ---------------------------------- */

/*
 * 25,000 people p (u<p>@Example.org), each registered in the four sessions
 * j = 0..3 of one event in 2034: j = 0, 1, 2 professional in March, April
 * and May, j = 3 public in June: 100,000 registrations. People p < 20,000
 * checked in everywhere; the rest never came. In j = 1, odd p cancelled
 * (their check-in time stays). Sector: "other" in j = 0, then
 * core_sector_keys[p % 3] in j = 1 and 2.
 */
static void
test_large(void **state)
{
	int64_t v = mkvenue("Big Hall", "Billings"), e, ss[4];
	sqlite3 *db;
	sqlite3_stmt *st;
	json_t *j;
	int p, k;

	(void)state;
	e = mkevent("Big Training", v, 0);
	for (k = 0; k < 4; k++)
		ss[k] = mksession(e, k < 3 ? "Training" : "Forum",
		    k < 3 ? AUDIENCE_PROFESSIONAL : AUDIENCE_PUBLIC, -1, 1,
		    denver(2034, 3 + k, 10, 9, 0),
		    denver(2034, 3 + k, 10, 12, 0));
	fill_months();
	if (th_pg()) {
		/* The same rows, made by the server in one statement. */
		char sql[2048];

		snprintf(sql, sizeof(sql), "INSERT INTO registrations "
		    "(session_id, secret_hash, status, name, email, email_norm, "
		    "sector, county, created_at, updated_at, source, "
		    "checked_in_at) SELECT s.sid, 'big-' || p || '-' || s.k, "
		    "CASE WHEN s.k = 1 AND p %% 2 = 1 THEN 'cancelled' ELSE "
		    "'confirmed' END, 'Person ' || p, 'u' || p || "
		    "'@Example.org', lower('u' || p || '@Example.org'), "
		    "CASE WHEN s.k = 0 THEN 'other' ELSE (ARRAY['%s', '%s', "
		    "'%s'])[p %% 3 + 1] END, CASE WHEN p %% 2 = 1 THEN "
		    "'Yellowstone' ELSE 'Missoula' END, %lld, %lld, 'staff', "
		    "CASE WHEN p < 20000 THEN s.t END FROM generate_series(0, "
		    "24999) p, (VALUES (0, %lld, %lld), (1, %lld, %lld), "
		    "(2, %lld, %lld), (3, %lld, %lld)) AS s(k, sid, t)",
		    core_sector_keys[0], core_sector_keys[1],
		    core_sector_keys[2], (long long)now_utc(),
		    (long long)now_utc(), (long long)ss[0],
		    (long long)denver(2034, 3, 10, 8, 45), (long long)ss[1],
		    (long long)denver(2034, 4, 10, 8, 45), (long long)ss[2],
		    (long long)denver(2034, 5, 10, 8, 45), (long long)ss[3],
		    (long long)denver(2034, 6, 10, 8, 45));
		th_exec(T, NULL, sql);
	} else {
		assert_int_equal(sqlite3_open(T->db, &db), SQLITE_OK);
		sqlite3_busy_timeout(db, 10000);
		assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO registrations "
		    "(session_id, secret_hash, status, name, email, email_norm, sector, "
		    "county, created_at, updated_at, source, checked_in_at) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, lower(?5), ?6, ?7, ?8, ?8, 'staff', ?9)", -1,
		    &st, NULL), SQLITE_OK);
		for (p = 0; p < 25000; p++)
			for (k = 0; k < 4; k++) {
				char secret[32], email[64], name[32];

				snprintf(secret, sizeof(secret), "big-%d-%d", p, k);
				snprintf(email, sizeof(email), "u%d@Example.org", p);
				snprintf(name, sizeof(name), "Person %d", p);
				sqlite3_bind_int64(st, 1, ss[k]);
				sqlite3_bind_text(st, 2, secret, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 3, k == 1 && p % 2 ? "cancelled" :
				    "confirmed", -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 5, email, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 6, k == 0 ? "other" :
				    core_sector_keys[p % 3], -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 7, p % 2 ? "Yellowstone" :
				    "Missoula", -1, SQLITE_STATIC);
				sqlite3_bind_int64(st, 8, now_utc());
				if (p < 20000)
					sqlite3_bind_int64(st, 9,
					    denver(2034, 3 + k, 10, 8, 45));
				else
					sqlite3_bind_null(st, 9);
				if (sqlite3_step(st) != SQLITE_DONE)
					fail_msg("insert: %s", sqlite3_errmsg(db));
				sqlite3_reset(st);
			}
		sqlite3_finalize(st);
		assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_close(db);
	}

	/*
	 * People: p < 20,000, each checked in at j = 0: 20,000. Attendances:
	 * j = 0 20,000 + j = 1 the even p, 10,000 + j = 2 20,000 = 50,000.
	 * Latest sector (j = 2): p % 3 for p < 20,000: 0 -> 0, 3, .., 19998:
	 * 6,667; 1 -> 1, .., 19999: 6,667; 2 -> 2, .., 19997: 6,666.
	 */
	{
		static const struct kv want[] = {
			{ "law_enforcement", 6667 }, { "medical", 6667 },
			{ "social_services", 6666 },
		};

		j = api("/api/v1/reports/trained?by=sector&from=2034-01-01&"
		    "to=2034-12-31", F.coord.bearer);
		expect_rows(j, want, 3, 1, "100,000 by sector");
		expect_totals(j, 20000, 50000, 0, 0);
		json_decref(j);
	}
	{
		static const struct kv want[] = {
			{ "2034-03", 20000 }, { "2034-04", 10000 },
			{ "2034-05", 20000 },
		};

		j = api("/api/v1/reports/trained?by=month&from=2034-01-01&"
		    "to=2034-12-31", F.coord.bearer);
		expect_rows(j, want, 3, 1, "100,000 by month");
		json_decref(j);
	}
	{
		/* Missoula: even p < 20,000 = 10,000; Yellowstone the odd. */
		static const struct kv want[] = {
			{ "Missoula", 10000 }, { "Yellowstone", 10000 },
		};

		j = api("/api/v1/reports/trained?by=county&from=2034-01-01&"
		    "to=2034-12-31", F.coord.bearer);
		expect_rows(j, want, 2, 1, "100,000 by county");
		json_decref(j);
	}
}

/* --- 8. The campaign calendar --------------------------------------------- */

/*
 * January 2033 (Denver): "Awareness Day Forum" on the 11th with a training at
 * 09:00 and a public forum at 18:00 (01:00 UTC on the 12th); "Winter
 * Workshop" on the 25th with a session and a cancelled one on the 26th.
 * Outside January: "December Kickoff" 2032-12-20, "February Follow-up"
 * 2033-02-03.
 */
static struct {
	int64_t	 forum_am, forum_pm, ws, ws_cancelled, dec, feb;
} C;

static void
calendar_fixture(void)
{
	int64_t v = mkvenue("Calendar Hall", "Helena"), e;

	if (C.forum_am)
		return;
	e = mkevent("Awareness Day Forum", v, 0);
	C.forum_am = mksession(e, "Morning training", AUDIENCE_PROFESSIONAL,
	    -1, 3, denver(2033, 1, 11, 9, 0), denver(2033, 1, 11, 12, 0));
	C.forum_pm = mksession(e, "Community forum", AUDIENCE_PUBLIC, -1, 0,
	    denver(2033, 1, 11, 18, 0), denver(2033, 1, 11, 20, 0));
	e = mkevent("Winter Workshop", v, 0);
	C.ws = mksession(e, "Workshop", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2033, 1, 25, 9, 0), denver(2033, 1, 25, 12, 0));
	C.ws_cancelled = mksession(e, "Follow-up", AUDIENCE_PROFESSIONAL, -1,
	    3, denver(2033, 1, 26, 9, 0), denver(2033, 1, 26, 12, 0));
	cancel_session(C.ws_cancelled);
	e = mkevent("December Kickoff", v, 0);
	C.dec = mksession(e, "Kickoff", AUDIENCE_PUBLIC, -1, 0,
	    denver(2032, 12, 20, 18, 0), denver(2032, 12, 20, 20, 0));
	e = mkevent("February Follow-up", v, 0);
	C.feb = mksession(e, "Follow-up", AUDIENCE_PUBLIC, -1, 0,
	    denver(2033, 2, 3, 18, 0), denver(2033, 2, 3, 20, 0));
	fill_months();
}

static int64_t
utc_of(struct icaltimetype t)
{
	return (int64_t)icaltime_as_timet_with_zone(t,
	    icaltimezone_get_utc_timezone());
}

static void
test_calendar_ics(void **state)
{
	struct resp r;
	icalcomponent *cal, *ev;
	char v[256];
	int n = 0, seen_am = 0, seen_cancelled = 0, seen_pm = 0;

	(void)state;
	calendar_fixture();
	th_get(T, "/calendar.ics?from=2033-01-01&to=2033-01-31", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "text/calendar", 13), 0);
	cal = icalparser_parse_string(r.body.data);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		const char *sum = icalcomponent_get_summary(ev);
		const char *uid = icalcomponent_get_uid(ev);
		char want[64];

		n++;
		assert_non_null(sum);
		if (strcmp(sum, "Awareness Day Forum: Morning training") == 0) {
			seen_am++;
			assert_int_equal(utc_of(icalcomponent_get_dtstart(ev)),
			    denver(2033, 1, 11, 9, 0));
			assert_int_equal(utc_of(icalcomponent_get_dtend(ev)),
			    denver(2033, 1, 11, 12, 0));
			/* With no base URL or From, the Host's name. */
			snprintf(want, sizeof(want), "session-%lld@127.0.0.1",
			    (long long)C.forum_am);
			assert_string_equal(uid, want);
			assert_int_equal(icalcomponent_get_status(ev),
			    ICAL_STATUS_CONFIRMED);
			assert_non_null(strstr(icalcomponent_get_location(ev),
			    "Calendar Hall, Helena, MT"));
		}
		if (strcmp(sum, "Awareness Day Forum: Community forum") == 0) {
			seen_pm++;
			assert_int_equal(utc_of(icalcomponent_get_dtstart(ev)),
			    denver(2033, 1, 11, 18, 0));
		}
		if (strcmp(sum, "Winter Workshop: Follow-up") == 0) {
			seen_cancelled++;
			assert_int_equal(icalcomponent_get_status(ev),
			    ICAL_STATUS_CANCELLED);
		}
		if (strstr(sum, "December") || strstr(sum, "February"))
			fail_msg("out of range: %s", sum);
	}
	/* Two of the forum, the workshop and its cancelled follow-up. */
	assert_int_equal(n, 4);
	assert_int_equal(seen_am, 1);
	assert_int_equal(seen_pm, 1);
	assert_int_equal(seen_cancelled, 1);
	icalcomponent_free(cal);
	resp_free(&r);

	/* One day: the 25th, the workshop alone. */
	th_get(T, "/calendar.ics?from=2033-01-25&to=2033-01-25", &r);
	assert_int_equal(r.status, 200);
	cal = icalcomponent_new_from_string(r.body.data);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal,
	    ICAL_VEVENT_COMPONENT), 1);
	icalcomponent_free(cal);
	resp_free(&r);

	/* December to February: all six. */
	th_get(T, "/calendar.ics?from=2032-12-01&to=2033-02-28", &r);
	assert_int_equal(r.status, 200);
	cal = icalcomponent_new_from_string(r.body.data);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal,
	    ICAL_VEVENT_COMPONENT), 6);
	icalcomponent_free(cal);
	resp_free(&r);
}

static void
test_calendar_page(void **state)
{
	static const char *const bad[] = {
		"from=2033-01-01", "to=2033-01-31",
		"from=2033-01-01&to=2033-1-31", "from=2033-13-01&to=2033-12-31",
		"from=2033-02-30&to=2033-03-31",
		"from=2033-01-31&to=2033-01-01",
		"from=2033-01-01&to=2034-03-01",
		"from=soon&to=later", "from=2033-01-01&to=2033-01-31x",
	};
	struct resp r;
	size_t i;

	(void)state;
	calendar_fixture();
	th_get(T, "/calendar?from=2033-01-01&to=2033-01-31", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Human Trafficking Awareness Day"));
	assert_non_null(strstr(r.body.data, "Awareness Day Forum"));
	assert_non_null(strstr(r.body.data, "Winter Workshop"));
	assert_null(strstr(r.body.data, "February Follow-up"));
	assert_null(strstr(r.body.data, "December Kickoff"));
	/* The feed link carries the same range. */
	assert_non_null(strstr(r.body.data,
	    "/calendar.ics?from=2033-01-01&amp;to=2033-01-31"));
	resp_free(&r);
	/* February: no awareness day. */
	th_get(T, "/calendar?from=2033-02-01&to=2033-02-28", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body.data, "Human Trafficking Awareness Day"));
	assert_non_null(strstr(r.body.data, "February Follow-up"));
	resp_free(&r);
	/* The 12th onwards: the 11th is not in range. */
	th_get(T, "/calendar?from=2033-01-12&to=2033-01-31", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body.data, "Human Trafficking Awareness Day"));
	resp_free(&r);
	/* Only the 11th. */
	th_get(T, "/calendar?from=2033-01-11&to=2033-01-11", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Human Trafficking Awareness Day"));
	resp_free(&r);

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		char path[128];

		snprintf(path, sizeof(path), "/calendar?%s", bad[i]);
		th_get(T, path, &r);
		if (r.status != 400)
			fail_msg("%s: %ld, want 400", path, r.status);
		resp_free(&r);
		snprintf(path, sizeof(path), "/calendar.ics?%s", bad[i]);
		th_get(T, path, &r);
		if (r.status != 400)
			fail_msg("%s: %ld, want 400", path, r.status);
		resp_free(&r);
	}
	/* No range: the coming January, whatever today is. */
	th_get(T, "/calendar", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Human Trafficking Awareness Day"));
	resp_free(&r);
}

/* A range across New Year includes 11 January of the new year. */
static void
test_calendar_new_year(void **state)
{
	struct resp r;
	int events, marked;

	(void)state;
	calendar_fixture();
	th_get(T, "/calendar?from=2032-12-15&to=2033-01-31", &r);
	assert_int_equal(r.status, 200);
	events = strstr(r.body.data, "December Kickoff") != NULL &&
	    strstr(r.body.data, "Awareness Day Forum") != NULL;
	marked = strstr(r.body.data, "Human Trafficking Awareness Day") != NULL;
	resp_free(&r);
	assert_true(events);
	if (!marked)
		fail_msg("11 January 2033 is in 2032-12-15..2033-01-31 but "
		    "the page does not mark it");
}

/* --- 9. Tours ------------------------------------------------------------- */

/*
 * "Clash Tour" (travel gap 12 h, the default), created out of order:
 *   Billings  2032-05-10 20:00-22:00   6 h after Helena ends: too short
 *   Missoula  2032-05-10 09:00-12:00
 *   Helena    2032-05-10 11:00-14:00   overlaps Missoula (11-12)
 * "Clean Tour":
 *   Bozeman      2032-06-01 09:00-12:00, and a cancelled session 13:00-15:00
 *   Bozeman      2032-06-01 14:00-16:00 (another stop in the same city: no
 *                travel; it overlaps only the cancelled session)
 *   Great Falls  2032-06-02 09:00-12:00 (17 h after Bozeman)
 *   Butte        2032-06-01 10:00-11:00, the event cancelled (it would
 *                overlap Bozeman)
 * "Moved Tour":
 *   Kalispell    2032-07-01 09:00-12:00, and a cancelled session on
 *                2032-07-02 08:00-10:00
 *   Whitefish    2032-07-02 10:00-12:00 (22 h after Kalispell's last
 *                session that takes place)
 */
static struct {
	int64_t	 clash, clean, moved;
	int64_t	 billings, missoula, helena;
} U;

static void
tour_fixture(void)
{
	int64_t sp, e, vb, vm, vh;

	if (U.clash)
		return;
	assert_int_equal(store_speaker_add(th_tx(T), "Dr. Jo Speaker",
	    "Researcher", &sp), STORE_OK);
	assert_int_equal(store_tour_add(th_tx(T), "Clash Tour", sp, &U.clash),
	    STORE_OK);
	assert_int_equal(store_tour_add(th_tx(T), "Clean Tour", sp, &U.clean),
	    STORE_OK);
	vb = mkvenue("Billings Library", "Billings");
	vm = mkvenue("Missoula Library", "Missoula");
	vh = mkvenue("Helena Library", "Helena");
	U.billings = mkevent("Billings stop", vb, U.clash);
	mksession(U.billings, "Evening training", AUDIENCE_PROFESSIONAL, -1, 2,
	    denver(2032, 5, 10, 20, 0), denver(2032, 5, 10, 22, 0));
	U.missoula = mkevent("Missoula stop", vm, U.clash);
	mksession(U.missoula, "Morning training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 5, 10, 9, 0), denver(2032, 5, 10, 12, 0));
	U.helena = mkevent("Helena stop", vh, U.clash);
	mksession(U.helena, "Midday training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 5, 10, 11, 0), denver(2032, 5, 10, 14, 0));

	e = mkevent("Bozeman stop", mkvenue("Bozeman Library", "Bozeman"),
	    U.clean);
	mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 6, 1, 9, 0), denver(2032, 6, 1, 12, 0));
	cancel_session(mksession(e, "Cancelled workshop",
	    AUDIENCE_PROFESSIONAL, -1, 2, denver(2032, 6, 1, 13, 0),
	    denver(2032, 6, 1, 15, 0)));
	e = mkevent("Bozeman school stop", mkvenue("Bozeman School",
	    "Bozeman"), U.clean);
	mksession(e, "Afternoon training", AUDIENCE_PROFESSIONAL, -1, 2,
	    denver(2032, 6, 1, 14, 0), denver(2032, 6, 1, 16, 0));
	e = mkevent("Great Falls stop", mkvenue("Great Falls Library",
	    "Great Falls"), U.clean);
	mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 6, 2, 9, 0), denver(2032, 6, 2, 12, 0));
	vb = mkvenue("Butte Library", "Butte");
	e = mkevent("Butte stop", vb, U.clean);
	mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 6, 1, 10, 0), denver(2032, 6, 1, 11, 0));
	assert_int_equal(store_event_update(th_tx(T), e, "Butte stop", "", vb,
	    U.clean, 1), STORE_OK);

	assert_int_equal(store_tour_add(th_tx(T), "Moved Tour", sp, &U.moved),
	    STORE_OK);
	e = mkevent("Kalispell stop", mkvenue("Kalispell Library",
	    "Kalispell"), U.moved);
	mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 7, 1, 9, 0), denver(2032, 7, 1, 12, 0));
	cancel_session(mksession(e, "Cancelled follow-up",
	    AUDIENCE_PROFESSIONAL, -1, 2, denver(2032, 7, 2, 8, 0),
	    denver(2032, 7, 2, 10, 0)));
	e = mkevent("Whitefish stop", mkvenue("Whitefish Library",
	    "Whitefish"), U.moved);
	mksession(e, "Training", AUDIENCE_PROFESSIONAL, -1, 3,
	    denver(2032, 7, 2, 10, 0), denver(2032, 7, 2, 12, 0));
	fill_months();
}

/* Offset of needle in hay after from, or -1. */
static long
at(const char *hay, const char *needle, long from)
{
	const char *p = strstr(hay + from, needle);

	return p ? (long)(p - hay) : -1;
}

static void
test_tour_page(void **state)
{
	struct resp r;
	char path[64];
	long ol, m, h, b;

	(void)state;
	tour_fixture();
	snprintf(path, sizeof(path), "/tours/%lld", (long long)U.clash);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Clash Tour"));
	assert_non_null(strstr(r.body.data, "Dr. Jo Speaker"));
	ol = at(r.body.data, "<ol", 0);
	assert_true(ol >= 0);
	m = at(r.body.data, "Missoula, MT", ol);
	h = at(r.body.data, "Helena, MT", ol);
	b = at(r.body.data, "Billings, MT", ol);
	if (!(m > ol && h > m && b > h))
		fail_msg("stops out of order: Missoula %ld, Helena %ld, "
		    "Billings %ld", m, h, b);
	snprintf(path, sizeof(path), "/events/%lld", (long long)U.missoula);
	assert_non_null(strstr(r.body.data, path));
	resp_free(&r);
	/* The cancelled stop is not listed. */
	snprintf(path, sizeof(path), "/tours/%lld", (long long)U.clean);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Bozeman"));
	assert_null(strstr(r.body.data, "Butte"));
	resp_free(&r);
	th_get(T, "/tours/999999", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void
test_staff_tour(void **state)
{
	struct resp r;
	char path[64];

	(void)state;
	tour_fixture();
	snprintf(path, sizeof(path), "/staff/tours/%lld", (long long)U.clash);
	th_req(T, "GET", path, NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	if (strstr(r.body.data, "Two places at once: Missoula (Morning "
	    "training) and Helena (Midday training)") == NULL)
		fail_msg("no overlap flagged: %s", r.body.data);
	if (strstr(r.body.data, "Less than 12 hours to travel from Helena to "
	    "Billings") == NULL)
		fail_msg("no travel gap flagged: %s", r.body.data);
	/* Billings overlaps nobody. */
	assert_null(strstr(r.body.data, "(Evening training)"));
	assert_null(strstr(r.body.data, "No clashes"));
	resp_free(&r);

	snprintf(path, sizeof(path), "/staff/tours/%lld", (long long)U.clean);
	th_req(T, "GET", path, NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	if (strstr(r.body.data, "No clashes") == NULL)
		fail_msg("clean tour flagged: %s", r.body.data);
	assert_null(strstr(r.body.data, "Two places at once"));
	assert_null(strstr(r.body.data, "Less than"));
	resp_free(&r);

	/* Coordinators only. */
	th_req(T, "GET", path, NULL, NULL, F.partner_a.cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
}

/* A cancelled session does not make the speaker travel: Kalispell ends at
 * noon on 1 July, Whitefish starts 22 hours later. */
static void
test_staff_tour_cancelled_session(void **state)
{
	struct resp r;
	char path[64];
	int clean;

	(void)state;
	tour_fixture();
	snprintf(path, sizeof(path), "/staff/tours/%lld", (long long)U.moved);
	th_req(T, "GET", path, NULL, NULL, F.coord.cookie, &r);
	assert_int_equal(r.status, 200);
	clean = strstr(r.body.data, "No clashes") != NULL &&
	    strstr(r.body.data, "Less than") == NULL;
	resp_free(&r);
	if (!clean)
		fail_msg("Kalispell to Whitefish flagged as too short a move; "
		    "only a cancelled session is within 12 hours");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_coordinator),
		cmocka_unit_test(test_api_partners),
		cmocka_unit_test(test_api_range),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_split_and_filters),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_confidence),
		cmocka_unit_test(test_funders),
		cmocka_unit_test(test_api_local_days),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_knowledge),
		cmocka_unit_test(test_evaluations),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_calendar_ics),
		cmocka_unit_test(test_calendar_page),
		cmocka_unit_test(test_calendar_new_year),
		cmocka_unit_test(test_tour_page),
		cmocka_unit_test(test_staff_tour),
		cmocka_unit_test(test_staff_tour_cancelled_session),
	};

	(void)th_json;		/* harness helpers this file has no use for */
	(void)th_session;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http reports", tests, setup,
	    th_teardown);
}
