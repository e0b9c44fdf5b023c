/* staff.c: HTTP tests of the staff console and staff API: who may use each
 * route, sign-in, CSRF, the sign-in rate limit, CSV export, bad input,
 * the audit log and partners' limits. */
#include <jansson.h>

#include "harness.h"
#include "router.h"
#include "tz.h"

/* --- Fixtures ------------------------------------------------------------ */

enum who { NOBODY, COORD, PARTNER_A, PARTNER_B, MODERATOR, DOOR, WHO__MAX };
static const char *const who_names[WHO__MAX] = {
	"nobody", "coordinator", "partnerA", "partnerB", "moderator", "door",
};

/* A staff member: account, sign-in cookie with its csrf, and API token. */
struct ident {
	char	 name[64];
	char	 pw[64];
	int64_t	 id;
	char	 cookie[128];	/* "Cookie: convene_session=..." */
	char	 csrf[64];
	char	 token[41];
	char	 bearer[128];	/* "Authorization: Bearer ..." */
};

/* Everything the tests work on; names carry a prefix to stay unique. */
struct fx {
	char		 pfx[16];
	int64_t		 org_a, org_b, venue, event;
	int64_t		 s;		/* professional, capacity 5 */
	int64_t		 s2;		/* public, unlimited */
	int64_t		 reg;		/* R, confirmed in s */
	char		 qcode[JOIN_CODE_LEN + 1];	/* s2's Q&A join code */
	int64_t		 question;	/* an approved question in s2 */
	char		 reg_secret[64];
	/* Throwaway tickets to cancel, one per identity. */
	char		 cancel_secret[WHO__MAX][64];
	char		 api_cancel_secret[WHO__MAX][64];
	enum who	 cur;		/* who sends the request being built */
	struct ident	 who[WHO__MAX];
	struct ident	 x;		/* a throwaway door user, for edits */
	int64_t		 x_token;	/* the id of x's API token */
	struct ident	 l;		/* a throwaway door user, for sign-in */
};

/* Epoch seconds of a local time in Denver. */
static int64_t
denver(int y, int mo, int d, int h, int mi)
{
	int64_t t;

	assert_int_equal(tz_to_utc("America/Denver", y, mo, d, h, mi, &t), 0);
	return t;
}

/* A user with a fast password hash; org 0 for none. */
static int64_t
mkuser(const char *name, const char *pw, unsigned roles, int64_t org)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;

	assert_int_equal(crypto_pwhash_str(hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), name, hash, roles, now_utc(),
	    &id), STORE_OK);
	if (org)
		assert_int_equal(store_user_update(th_tx(T), id, roles, org, 0),
		    STORE_OK);
	return id;
}

/* An API token for user id; returns the token's id. */
static int64_t
mktoken(struct ident *u)
{
	struct arena *a = arena_new();
	struct store_token *t;
	char hex[TOKEN_HASH_HEX];
	size_t n, i;
	int64_t id = 0;

	token_random(u->token, 40);
	u->token[40] = '\0';
	token_hash(u->token, hex);
	assert_int_equal(store_token_add(th_tx(T), u->id, hex, now_utc()),
	    STORE_OK);
	snprintf(u->bearer, sizeof(u->bearer), "Authorization: Bearer %s",
	    u->token);
	assert_int_equal(store_token_list(T->s, a, &t, &n), STORE_OK);
	for (i = 0; i < n; i++)
		if (t[i].user_id == u->id && t[i].id > id)
			id = t[i].id;
	assert_true(id > 0);
	arena_free(a);
	return id;
}

/* POST /staff/login; the body's values must be URL-safe. */
static void
login(const char *name, const char *pw, const char *next, struct resp *r)
{
	char body[512];

	snprintf(body, sizeof(body), "name=%s&password=%s%s%s", name, pw,
	    next ? "&next=" : "", next ? next : "");
	th_form(T, "/staff/login", body, r);
}

/* Signs u in through the form: its cookie, then its csrf from a page. */
static void
sign_in(struct ident *u)
{
	struct resp r;
	char v[512], loc[256];
	size_t len;

	login(u->name, u->pw, NULL, &r);
	if (r.status != 303)
		fail_msg("sign-in of %s: status %ld", u->name, r.status);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	assert_string_equal(loc, "/staff");
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "convene_session=", 16), 0);
	len = strcspn(v, ";");
	snprintf(u->cookie, sizeof(u->cookie), "Cookie: %.*s", (int)len, v);
	resp_free(&r);
	th_req(T, "GET", "/staff/password", NULL, NULL, u->cookie, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_find_csrf(r.body.data, u->csrf, sizeof(u->csrf)), 0);
	resp_free(&r);
}

/* A staff member with a password, a token and (if signed) a session. */
static void
mkident(struct ident *u, const char *pfx, const char *role, unsigned roles,
    int64_t org, int signed_in)
{
	snprintf(u->name, sizeof(u->name), "%s-%s", pfx, role);
	snprintf(u->pw, sizeof(u->pw), "pw-%s-%s-0123456789", pfx, role);
	u->id = mkuser(u->name, u->pw, roles, org);
	(void)mktoken(u);
	if (signed_in)
		sign_in(u);
}

static void
fx_build(struct fx *f, const char *pfx)
{
	struct store_session ss;
	struct store_reg_input in;
	struct store_registration g;
	struct arena *a = arena_new();
	char name[128], code[JOIN_CODE_LEN + 1];
	int64_t now = now_utc();
	int i;

	memset(f, 0, sizeof(*f));
	snprintf(f->pfx, sizeof(f->pfx), "%s", pfx);
	snprintf(name, sizeof(name), "%s Task Force", pfx);
	assert_int_equal(store_org_add(th_tx(T), name, &f->org_a), STORE_OK);
	snprintf(name, sizeof(name), "%s Other Partner", pfx);
	assert_int_equal(store_org_add(th_tx(T), name, &f->org_b), STORE_OK);
	snprintf(name, sizeof(name), "%s Hall", pfx);
	assert_int_equal(store_venue_add(th_tx(T), name, "1 Main St", "Missoula",
	    "MT", "America/Denver", &f->venue), STORE_OK);
	snprintf(name, sizeof(name), "%s Stop", pfx);
	assert_int_equal(store_event_add(th_tx(T), name, "", f->venue, 0, now,
	    &f->event), STORE_OK);
	assert_int_equal(store_event_host_add(th_tx(T), f->event, f->org_a),
	    STORE_OK);

	memset(&ss, 0, sizeof(ss));
	ss.event_id = f->event;
	ss.title = "Training";
	ss.audience = AUDIENCE_PROFESSIONAL;
	ss.sectors = 1u << SECTOR_LAW_ENFORCEMENT | 1u << SECTOR_MEDICAL;
	ss.capacity = 5;
	ss.ce_hours = 4;
	ss.starts_at = denver(2030, 6, 1, 9, 0);
	ss.ends_at = denver(2030, 6, 1, 13, 0);
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	assert_int_equal(store_session_add(th_tx(T), &ss, &f->s), STORE_OK);
	ss.title = "Evening Q&A";
	ss.audience = AUDIENCE_PUBLIC;
	ss.sectors = 0;
	ss.capacity = -1;
	ss.ce_hours = 0;
	ss.starts_at = denver(2030, 6, 1, 18, 0);
	ss.ends_at = denver(2030, 6, 1, 20, 0);
	token_join_code(code);
	ss.join_code = code;
	assert_int_equal(store_session_add(th_tx(T), &ss, &f->s2), STORE_OK);
	snprintf(f->qcode, sizeof(f->qcode), "%s", code);
	{
		char tok[64], hash[TOKEN_HASH_HEX];
		int64_t part;

		snprintf(tok, sizeof(tok), "%s-fixture-participant", pfx);
		token_hash(tok, hash);
		assert_int_equal(app_participant(th_app(T), hash, &part),
		    STORE_OK);
		assert_int_equal(store_question_add(th_tx(T), f->s2, part,
		    "How can schools help?", NULL, QUESTION_APPROVED, 0, now,
		    &f->question), STORE_OK);
	}

	memset(&in, 0, sizeof(in));
	in.name = "Rita Roster";
	in.email = "rita@example.org";
	in.sector = "medical";
	in.organization = "Clinic";
	in.county = "Lake";
	assert_int_equal(app_register(th_app(T), &app_system, a, f->s, NULL, &in, &g),
	    STORE_OK);
	assert_int_equal(g.status, STATUS_CONFIRMED);
	f->reg = g.id;
	snprintf(f->reg_secret, sizeof(f->reg_secret), "%s", g.secret);
	memset(&in, 0, sizeof(in));
	for (i = 0; i < WHO__MAX; i++) {
		assert_int_equal(app_register(th_app(T), &app_system, a, f->s2, NULL, &in, &g),
		    STORE_OK);
		snprintf(f->cancel_secret[i], sizeof(f->cancel_secret[i]),
		    "%s", g.secret);
		assert_int_equal(app_register(th_app(T), &app_system, a, f->s2, NULL, &in, &g),
		    STORE_OK);
		snprintf(f->api_cancel_secret[i],
		    sizeof(f->api_cancel_secret[i]), "%s", g.secret);
	}
	cache_invalidate();

	mkident(&f->who[COORD], pfx, "coord", ROLE_BIT(ROLE_COORDINATOR), 0, 1);
	mkident(&f->who[PARTNER_A], pfx, "partner-a", ROLE_BIT(ROLE_PARTNER),
	    f->org_a, 1);
	mkident(&f->who[PARTNER_B], pfx, "partner-b", ROLE_BIT(ROLE_PARTNER),
	    f->org_b, 1);
	mkident(&f->who[MODERATOR], pfx, "moderator",
	    ROLE_BIT(ROLE_MODERATOR), 0, 1);
	mkident(&f->who[DOOR], pfx, "door", ROLE_BIT(ROLE_DOOR), 0, 1);
	mkident(&f->x, pfx, "throwaway", ROLE_BIT(ROLE_DOOR), 0, 0);
	f->x_token = mktoken(&f->x);
	mkident(&f->l, pfx, "signer", ROLE_BIT(ROLE_DOOR), 0, 0);
	arena_free(a);
}

/* --- 1. Authorization matrix ---------------------------------------------- */

/*
 * One concrete request per route. Placeholders in path and body: {E}
 * event, {S} professional session, {S2} public session, {R} registration,
 * {SEC} R's ticket, {CSEC}/{ASEC} throwaway tickets to cancel, {V} venue,
 * {A} organisation A, {X} throwaway user, {TX} its token, {L}/{LPW} a
 * user to sign in as, {U} a counter for unique names. allow has one
 * character per identity (nobody, coordinator, partnerA, partnerB,
 * moderator, door): 'y' allowed, '-' denied.
 */
#define FRESH	0x1	/* a sign-in session of its own (the request ends it) */
#define TICKET	0x2	/* the form carries the ticket page's own token */
#define LOGOUT	0x4	/* allowed: 303 to exactly /staff/login */
#define MAY404	0x8	/* allowed may answer 404 (a lookup that finds nothing) */
/*
 * An event stream never ends by itself: the probe reads until the first
 * complete event of a text/event-stream answer and then hangs up (from
 * the write callback, so no timing is involved); allowed means 200, that
 * content type and "retry:" first. Refusals are ordinary, finished answers.
 */
#define STREAM	0x10

struct probe {
	const char	*name;
	const char	*path;
	const char	*body;	/* form fields (csrf is added) or JSON */
	const char	*allow;
	unsigned	 flags;
};

static const struct probe probes[] = {
	/* Public. */
	{ "home", "/", NULL, "yyyyyy", 0 },
	{ "event", "/events/{E}", NULL, "yyyyyy", 0 },
	{ "register_form", "/sessions/{S2}/register", NULL, "yyyyyy", 0 },
	{ "register", "/sessions/{S2}/register", "", "yyyyyy", 0 },
	{ "ticket", "/tickets/{SEC}", NULL, "yyyyyy", 0 },
	{ "ticket_ics", "/tickets/{SEC}/session.ics", NULL, "yyyyyy", 0 },
	{ "ticket_cancel", "/tickets/{CSEC}/cancel", "", "yyyyyy", TICKET },
	{ "static", "/static/convene.css", NULL, "yyyyyy", 0 },
	{ "healthz", "/healthz", NULL, "yyyyyy", 0 },
	{ "readyz", "/readyz", NULL, "yyyyyy", 0 },
	{ "robots", "/robots.txt", NULL, "yyyyyy", 0 },
	{ "metrics", "/metrics", NULL, "yyyyyy", 0 },
	{ "api_events", "/api/v1/events", NULL, "yyyyyy", 0 },
	{ "api_event", "/api/v1/events/{E}", NULL, "yyyyyy", 0 },
	{ "api_session", "/api/v1/sessions/{S}", NULL, "yyyyyy", 0 },
	{ "api_register", "/api/v1/sessions/{S2}/registrations", "{}",
	    "yyyyyy", 0 },
	{ "api_ticket", "/api/v1/tickets/{SEC}", NULL, "yyyyyy", 0 },
	{ "api_ticket_cancel", "/api/v1/tickets/{ASEC}", NULL, "yyyyyy", 0 },
	{ "login_form", "/staff/login", NULL, "yyyyyy", 0 },
	{ "login", "/staff/login", "name={L}&password={LPW}&next=/staff",
	    "yyyyyy", 0 },
	/* Any signed-in staff member. */
	{ "logout", "/staff/logout", "", "-yyyyy", FRESH | LOGOUT },
	{ "password_form", "/staff/password", NULL, "-yyyyy", 0 },
	{ "password", "/staff/password", "current=&new=&again=", "-yyyyy", 0 },
	{ "staff_home", "/staff", NULL, "-yyyyy", 0 },
	/* Events and sessions: coordinators, and partners on their events. */
	{ "staff_event_new_form", "/staff/events/new", NULL, "-yyy--", 0 },
	{ "staff_event_new", "/staff/events",
	    "title=Matrix+event+{U}&venue_id={V}&hosts={A}", "-yyy--", 0 },
	{ "staff_event_form", "/staff/events/{E}", NULL, "-yy---", 0 },
	{ "staff_event_edit", "/staff/events/{E}",
	    "title=mx+Stop&venue_id={V}&hosts={A}", "-yy---", 0 },
	{ "staff_event_duplicate", "/staff/events/{E}/duplicate",
	    "venue_id={V}&date=2030-07-01", "-yy---", 0 },
	{ "staff_event_publish", "/staff/events/{E}/publish", "published=1",
	    "-yy---", 0 },
	{ "staff_certificates", "/staff/certificates?code=ABCDE-FGHJK", NULL,
	    "-y----", MAY404 },
	{ "staff_certificate_revoke", "/staff/certificates/ABCDE-FGHJK/revoke",
	    "reason=matrix", "-y----", MAY404 },
	{ "api_certificate_revoke", "/api/v1/certificates/ABCDE-FGHJK/"
	    "revocation", "{\"reason\":\"matrix\"}", "-y----", MAY404 },
	{ "staff_session_new_form", "/staff/events/{E}/sessions/new", NULL,
	    "-yy---", 0 },
	{ "staff_session_new", "/staff/events/{E}/sessions",
	    "title=Extra+{U}&audience=public&starts_at=2030-06-02T10:00&"
	    "ends_at=2030-06-02T11:00", "-yy---", 0 },
	{ "staff_session_form", "/staff/sessions/{S}", NULL, "-yy---", 0 },
	{ "staff_session_edit", "/staff/sessions/{S2}",
	    "title=Evening+Q%26A&audience=public&starts_at=2030-06-01T18:00&"
	    "ends_at=2030-06-01T20:00&credit_percent=100", "-yy---", 0 },
	/* Rosters: coordinators, partners on their events, door staff. */
	{ "staff_roster", "/staff/sessions/{S}/registrations", NULL, "-yy--y",
	    0 },
	{ "staff_roster_csv", "/staff/sessions/{S}/registrations.csv", NULL,
	    "-yy--y", 0 },
	{ "staff_walkin", "/staff/sessions/{S2}/walkins", "", "-yy--y", 0 },
	{ "staff_registration", "/staff/registrations/{R}/promote", "",
	    "-yy---", 0 },
	/* Coordinators only. */
	{ "staff_places", "/staff/places", NULL, "-y----", 0 },
	{ "staff_place_add", "/staff/places/venues",
	    "name=Matrix+hall+{U}&city=Helena&state=MT&"
	    "time_zone=America%2FDenver", "-y----", 0 },
	{ "staff_users", "/staff/users", NULL, "-y----", 0 },
	{ "staff_user_add", "/staff/users",
	    "name=mx-added-{U}&password=a-long-enough-password&roles=door",
	    "-y----", 0 },
	{ "staff_user_edit", "/staff/users/{X}", "roles=door", "-y----", 0 },
	{ "staff_user_password", "/staff/users/{X}/password",
	    "password=another-long-password", "-y----", 0 },
	{ "staff_token_revoke", "/staff/tokens/{TX}/revoke", "", "-y----", 0 },
	{ "staff_audit", "/staff/audit", NULL, "-y----", 0 },
	/* The API. */
	{ "api_event_add", "/api/v1/events",
	    "{\"title\":\"Matrix API event {U}\",\"venue_id\":{V},"
	    "\"hosts\":[{A}]}", "-yyy--", 0 },
	{ "api_event_edit", "/api/v1/events/{E}", "{}", "-yy---", 0 },
	{ "api_event_duplicate", "/api/v1/events/{E}/duplicate",
	    "{\"venue_id\":{V},\"date\":\"2030-07-02\"}", "-yy---", 0 },
	{ "api_session_add", "/api/v1/events/{E}/sessions",
	    "{\"title\":\"API extra {U}\",\"audience\":\"public\","
	    "\"starts_at\":\"2030-06-03T10:00\",\"ends_at\":"
	    "\"2030-06-03T11:00\"}", "-yy---", 0 },
	{ "api_session_edit", "/api/v1/sessions/{S2}", "{}", "-yy---", 0 },
	{ "api_roster", "/api/v1/sessions/{S}/registrations", NULL, "-yy--y",
	    0 },
	{ "api_walkin", "/api/v1/sessions/{S2}/walkins", "{}", "-yy--y", 0 },
	{ "api_registration_action", "/api/v1/registrations/{R}/promote", "{}",
	    "-yy---", 0 },
	{ "api_list", "/api/v1/lists/venues", NULL, "-yyy--", 0 },
	{ "api_list_add", "/api/v1/lists/venues",
	    "{\"name\":\"Matrix API hall {U}\",\"city\":\"Helena\","
	    "\"state\":\"MT\",\"time_zone\":\"America/Denver\"}", "-y----", 0 },
	{ "api_users", "/api/v1/users", NULL, "-y----", 0 },
	{ "api_user_add", "/api/v1/users",
	    "{\"name\":\"mx-api-added-{U}\",\"password\":"
	    "\"a-long-enough-password\",\"roles\":[\"door\"]}", "-y----", 0 },
	{ "api_user_edit", "/api/v1/users/{X}", "{}", "-y----", 0 },
	{ "api_token_revoke", "/api/v1/tokens/{TX}", NULL, "-y----", 0 },
	{ "api_audit", "/api/v1/audit", NULL, "-y----", 0 },
	/* The door: coordinators, partners on their events, door staff. */
	{ "staff_door", "/staff/door/{S}", NULL, "-yy--y", 0 },
	{ "staff_door_check", "/staff/door/{S}/check",
	    "action=in&code=no-such-code", "-yy--y", 0 },
	{ "staff_door_count", "/staff/door/{S}/count", NULL, "-yy--y", 0 },
	{ "staff_times", "/staff/registrations/{R}/times", "reason=matrix",
	    "-y----", 0 },
	{ "staff_close", "/staff/sessions/{S2}/close", "mode=open", "-yy---",
	    0 },
	{ "staff_signin_pdf", "/staff/sessions/{S}/signin.pdf", NULL,
	    "-yy--y", 0 },
	{ "api_checkin", "/api/v1/checkins",
	    "{\"ticket\":\"{SEC}\",\"action\":\"out\"}", "-y---y", 0 },
	/* Certificates: anyone may verify; a ticket holder downloads. */
	{ "certificate_pdf", "/tickets/{SEC}/certificate.pdf", NULL, "yyyyyy",
	    0 },
	{ "verify_form", "/verify", NULL, "yyyyyy", 0 },
	{ "verify", "/verify/ABCDE-FGHJK", NULL, "yyyyyy", MAY404 },
	{ "api_certificate", "/api/v1/certificates/ABCDE-FGHJK", NULL,
	    "yyyyyy", MAY404 },
	{ "api_credential", "/api/v1/certificates/ABCDE-FGHJK/credential",
	    NULL, "yyyyyy", MAY404 },
	{ "jwks", "/.well-known/jwks.json", NULL, "yyyyyy", 0 },
	{ "ticket_credential", "/tickets/{SEC}/credential.jwt", NULL,
	    "yyyyyy", MAY404 },
	{ "api_revocations", "/api/v1/credentials/revocations", NULL,
	    "yyyyyy", 0 },
	/* The live Q&A: anyone joins, asks and votes; {QC} is s2's code. */
	{ "qa_join", "/qa?code={QC}", NULL, "yyyyyy", 0 },
	{ "qa", "/qa/{QC}", NULL, "yyyyyy", 0 },
	{ "qa_ask", "/qa/{QC}/questions", "text=Matrix+question+{U}",
	    "yyyyyy", 0 },
	{ "qa_vote", "/qa/{QC}/questions/{Q}/vote", "", "yyyyyy", 0 },
	/* Only its asker may take a question back; anyone else: 404. */
	{ "qa_withdraw", "/qa/{QC}/questions/{Q}/withdraw", "", "yyyyyy",
	    MAY404 },
	{ "qa_present", "/qa/{QC}/present", NULL, "yyyyyy", 0 },
	{ "api_qa", "/api/v1/qa/{QC}", NULL, "yyyyyy", 0 },
	{ "api_qa_ask", "/api/v1/qa/{QC}/questions",
	    "{\"text\":\"Matrix API question {U}\"}", "yyyyyy", 0 },
	{ "api_qa_vote", "/api/v1/questions/{Q}/vote", NULL, "yyyyyy", 0 },
	{ "api_qa_withdraw", "/api/v1/questions/{Q}", NULL, "yyyyyy", MAY404 },
	{ "api_qa_stream", "/api/v1/qa/{QC}/stream", NULL, "yyyyyy", STREAM },
	/* Moderation: coordinators and moderators; the mode: coordinators. */
	{ "staff_qa", "/staff/qa/{S2}", NULL, "-y--y-", 0 },
	{ "staff_qa_action", "/staff/qa/{S2}/questions/{Q}",
	    "action=edit&text=How+can+schools+help%3F", "-y--y-", 0 },
	{ "staff_qa_mode", "/staff/qa/{S2}/mode", "post=0", "-y----", 0 },
	{ "staff_qa_opens", "/staff/qa/{S2}/opens", "default=1", "-y----", 0 },
	{ "staff_qa_stream", "/staff/qa/{S2}/stream", NULL, "-y--y-", STREAM },
	{ "staff_qa_csv", "/staff/qa/{S2}/questions.csv", NULL, "-y--y-", 0 },
	{ "api_qa_moderate", "/api/v1/questions/{Q}/moderation",
	    "{\"action\":\"edit\",\"text\":\"How can schools help?\"}",
	    "-y--y-", 0 },
	/* Reports: coordinators, and partners for their own events. */
	{ "staff_reports", "/staff/reports", NULL, "-yyy--", 0 },
	{ "staff_reports_pdf", "/staff/reports.pdf", NULL, "-yyy--", 0 },
	{ "staff_funders", "/staff/funders", NULL, "-y----", 0 },
	{ "staff_funders_save", "/staff/funders", "funder=OVC", "-y----", 0 },
	{ "staff_reports_csv", "/staff/reports.csv?by=county", NULL, "-yyy--",
	    0 },
	{ "api_report_trained", "/api/v1/reports/trained?by=month", NULL,
	    "-yyy--", 0 },
	/* Tours and the calendar: public, but the tour check is coordinators'. */
	{ "tour", "/tours/1", NULL, "yyyyyy", MAY404 },
	{ "staff_tour", "/staff/tours/1", NULL, "-y----", MAY404 },
	{ "staff_tour_gap", "/staff/tours/1/gap", "hours=12", "-y----", 0 },
	{ "calendar", "/calendar", NULL, "yyyyyy", 0 },
	{ "calendar_ics", "/calendar.ics", NULL, "yyyyyy", 0 },
	/* Knowledge checks: the ticket holder answers; editors build them. */
	{ "ticket_form", "/tickets/{SEC}/forms/pre", NULL, "yyyyyy", MAY404 },
	{ "ticket_form_send", "/tickets/{SEC}/forms/pre", "", "yyyyyy",
	    MAY404 },
	{ "staff_form", "/staff/sessions/{S}/forms/pre", NULL, "-yy---", 0 },
	{ "staff_form_add", "/staff/sessions/{S}/forms/evaluation",
	    "kind=text&prompt=Matrix+question+{U}", "-yy---", 0 },
	{ "staff_form_delete", "/staff/sessions/{S}/forms/evaluation/delete",
	    "item=999999", "-yy---", MAY404 },
	/* Editing places and people: coordinators. */
	{ "staff_place_edit", "/staff/places/venues/{V}",
	    "name=Matrix+hall&city=Helena&state=MT&time_zone=America%2FDenver",
	    "-y----", 0 },
	{ "api_list_edit", "/api/v1/lists/venues/{V}",
	    "{\"name\":\"Matrix hall\",\"city\":\"Helena\",\"state\":\"MT\","
	    "\"time_zone\":\"America/Denver\"}", "-y----", 0 },
	/* The provider's logo: anyone sees it, coordinators change it. */
	{ "logo", "/logo", NULL, "yyyyyy", MAY404 },
	{ "staff_logo", "/staff/certificates/logo", "remove=1", "-y----", 0 },
	{ "api_logo_put", "/api/v1/provider/logo", "{}", "-y----", 0 },
	{ "api_logo_delete", "/api/v1/provider/logo", NULL, "-y----", 0 },
	/* A lost ticket's link again, by e-mail: anyone may ask. */
	{ "ticket_request", "/sessions/{S}/ticket-request",
	    "email=nobody%40example.org", "yyyyyy", 0 },
	{ "api_ticket_request", "/api/v1/sessions/{S}/ticket-requests",
	    "{\"email\":\"nobody@example.org\"}", "yyyyyy", 0 },
	/* Certificates: issuing, the provider and the boards' statements. */
	{ "staff_certify", "/staff/sessions/{S}/certify", "", "-y----", 0 },
	{ "api_certify", "/api/v1/sessions/{S}/certificates", "{}", "-y----",
	    0 },
	{ "staff_cert_settings", "/staff/certificates/settings", NULL, "-y----",
	    0 },
	{ "staff_provider", "/staff/certificates/provider",
	    "name=Matrix+Task+Force", "-y----", 0 },
	{ "staff_approval_add", "/staff/approvals",
	    "board=Matrix+{U}&statement=Approved.", "-y----", 0 },
	{ "staff_approval_edit", "/staff/approvals/999999",
	    "board=Matrix&statement=Approved.", "-y----", MAY404 },
	{ "staff_session_approvals", "/staff/sessions/{S}/approvals", "",
	    "-yy---", 0 },
	{ "api_approvals", "/api/v1/approvals", NULL, "-yyy--", 0 },
	{ "api_approval_add", "/api/v1/approvals",
	    "{\"board\":\"Matrix {U}\",\"statement\":\"Approved.\"}",
	    "-y----", 0 },
	{ "api_approval_edit", "/api/v1/approvals/999999",
	    "{\"board\":\"Matrix\",\"statement\":\"Approved.\"}", "-y----",
	    MAY404 },
	{ "api_provider", "/api/v1/provider", "{\"name\":\"Matrix Task "
	    "Force\"}", "-y----", 0 },
	{ "api_session_approvals", "/api/v1/sessions/{S}/approvals", NULL,
	    "-yy---", 0 },
	{ "api_session_approvals_set", "/api/v1/sessions/{S}/approvals",
	    "{\"approvals\":[]}", "-yy---", 0 },
};

/* Replaces {KEY} placeholders of tmpl from the fixture. */
static void
subst(const struct fx *f, const char *tmpl, char *out, size_t outsz)
{
	static unsigned counter;
	size_t n = 0;
	const char *p;

	for (p = tmpl; *p; p++) {
		char key[16], val[128];
		size_t len;

		/* Placeholders are capitals and digits; JSON braces are not. */
		len = *p == '{' ? strspn(p + 1,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : 0;
		if (*p != '{' || p[1 + len] != '}' || len == 0 ||
		    len >= sizeof(key)) {
			assert_true(n + 1 < outsz);
			out[n++] = *p;
			continue;
		}
		memcpy(key, p + 1, len);
		key[len] = '\0';
		if (strcmp(key, "E") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->event);
		else if (strcmp(key, "S") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->s);
		else if (strcmp(key, "S2") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->s2);
		else if (strcmp(key, "R") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->reg);
		else if (strcmp(key, "SEC") == 0)
			snprintf(val, sizeof(val), "%s", f->reg_secret);
		else if (strcmp(key, "CSEC") == 0)
			snprintf(val, sizeof(val), "%s",
			    f->cancel_secret[f->cur]);
		else if (strcmp(key, "ASEC") == 0)
			snprintf(val, sizeof(val), "%s",
			    f->api_cancel_secret[f->cur]);
		else if (strcmp(key, "V") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->venue);
		else if (strcmp(key, "A") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->org_a);
		else if (strcmp(key, "X") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->x.id);
		else if (strcmp(key, "TX") == 0)
			snprintf(val, sizeof(val), "%lld", (long long)f->x_token);
		else if (strcmp(key, "L") == 0)
			snprintf(val, sizeof(val), "%s", f->l.name);
		else if (strcmp(key, "LPW") == 0)
			snprintf(val, sizeof(val), "%s", f->l.pw);
		else if (strcmp(key, "U") == 0)
			snprintf(val, sizeof(val), "%u", ++counter);
		else if (strcmp(key, "QC") == 0)
			snprintf(val, sizeof(val), "%s", f->qcode);
		else if (strcmp(key, "Q") == 0)
			snprintf(val, sizeof(val), "%lld",
			    (long long)f->question);
		else
			fail_msg("unknown placeholder {%s} in %s", key, tmpl);
		assert_true(n + strlen(val) < outsz);
		memcpy(out + n, val, strlen(val));
		n += strlen(val);
		p += len + 1;
	}
	out[n] = '\0';
}

/* 1 when path (without its query) matches a route pattern's segments. */
static int
path_matches(const char *pattern, const char *path)
{
	size_t plen = strcspn(path, "?");

	while (*pattern && plen > 0) {
		if (strncmp(pattern, "{}", 2) == 0) {
			size_t seg = strcspn(path, "/?");

			if (seg == 0)
				return 0;
			pattern += 2;
			path += seg;
			plen -= seg;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
		plen--;
	}
	return *pattern == '\0' && plen == 0;
}

/* Keeps the body; hangs up once an event stream has sent a whole event. */
static size_t
stream_write(char *p, size_t sz, size_t n, void *arg)
{
	struct resp *r = arg;

	buf_append(&r->body, p, sz * n);
	if (r->headers.data && strcasestr(r->headers.data,
	    "\ncontent-type: text/event-stream") && r->body.data &&
	    strstr(r->body.data, "\n\n"))
		return 0;
	return sz * n;
}

/* th_req for a STREAM probe: see STREAM. */
static void
stream_req(const char *method, const char *path, const char *extra,
    struct resp *r)
{
	struct curl_slist *hdrs = NULL;
	CURLcode rc;
	CURL *c;

	if (extra)
		hdrs = curl_slist_append(hdrs, extra);
	c = th_easy(T, method, path, NULL, NULL, &hdrs, r);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	rc = curl_easy_perform(c);
	/* Only a hang-up of ours after a whole event; a timeout fails. */
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && r->body.data &&
	    strstr(r->body.data, "\n\n")))
		fail_msg("GET %s: %s", path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
}

static const struct probe *
probe_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(probes); i++)
		if (strcmp(probes[i].name, name) == 0)
			return &probes[i];
	return NULL;
}

/* Sends probe p as identity w; fills r and the path used. */
static void
probe_send(struct fx *f, const struct probe *p, const struct http_route *rt,
    unsigned access, enum who w, struct resp *r, char *path, size_t pathsz)
{
	const char *method = http_method_names[rt->method];
	int api = strncmp(p->path, "/api/", 5) == 0;
	struct ident fresh, *u = w == NOBODY ? NULL : &f->who[w];
	char body[2048], fields[1024];
	const char *ctype = NULL, *sendbody = NULL;

	f->cur = w;
	subst(f, p->path, path, pathsz);
	if (u && (p->flags & FRESH)) {
		fresh = *u;
		sign_in(&fresh);
		u = &fresh;
	}
	if (rt->method == HTTP_POST || rt->method == HTTP_PATCH ||
	    rt->method == HTTP_PUT) {
		subst(f, p->body ? p->body : "", fields, sizeof(fields));
		if (api) {
			ctype = "application/json";
			snprintf(body, sizeof(body), "%s", *fields ? fields :
			    "{}");
		} else {
			ctype = "application/x-www-form-urlencoded";
			if (p->flags & TICKET) {
				char tpath[256], tok[64];
				struct resp tr;

				snprintf(tpath, sizeof(tpath), "%.*s",
				    (int)(strlen(path) - strlen("/cancel")),
				    path);
				th_get(T, tpath, &tr);
				assert_int_equal(tr.status, 200);
				assert_int_equal(th_find_csrf(tr.body.data, tok,
				    sizeof(tok)), 0);
				resp_free(&tr);
				snprintf(body, sizeof(body), "csrf=%s%s%s", tok,
				    *fields ? "&" : "", fields);
			} else if (u && access != 0)
				snprintf(body, sizeof(body), "csrf=%s%s%s",
				    u->csrf, *fields ? "&" : "", fields);
			else
				snprintf(body, sizeof(body), "%s", fields);
		}
		sendbody = body;
	}
	if (p->flags & STREAM)
		stream_req(method, path, u == NULL ? NULL : api ? u->bearer :
		    u->cookie, r);
	else
		th_req(T, method, path, ctype, sendbody, u == NULL ? NULL :
		    api ? u->bearer : u->cookie, r);
}

/* Checks one outcome; prints and returns 1 when it is not as expected. */
static int
probe_check(const struct probe *p, enum who w, const char *method,
    const char *path, const struct resp *r)
{
	int api = strncmp(p->path, "/api/", 5) == 0;
	int allowed = p->allow[w] == 'y';
	char loc[512] = "", ctype[128] = "";
	const char *why = NULL;

	th_header(r, "Location", loc, sizeof(loc));
	if (allowed) {
		if (p->flags & LOGOUT) {
			if (r->status != 303 || strcmp(loc, "/staff/login") != 0)
				why = "expected the sign-out redirect";
		} else if (r->status == 401 || r->status == 403)
			why = "refused";
		else if ((p->flags & STREAM) && (r->status != 200 ||
		    r->body.data == NULL ||
		    strncmp(r->body.data, "retry: ", 7) != 0 ||
		    th_header(r, "Content-Type", ctype, sizeof(ctype)) != 0 ||
		    strcmp(ctype, "text/event-stream") != 0))
			why = "expected an event stream";
		else if (r->status == 303 &&
		    strncmp(loc, "/staff/login", 12) == 0)
			why = "sent to sign in";
		else if ((r->status == 404 && !(p->flags & MAY404)) ||
		    r->status == 405)
			why = "not found (wrong fixture or route)";
		else if (r->status >= 500)
			why = "server error";
	} else if (w == NOBODY && api) {
		if (r->status != 401)
			why = "expected 401";
	} else if (w == NOBODY) {
		if (r->status != 303 ||
		    strncmp(loc, "/staff/login?next=", 18) != 0)
			why = "expected 303 to /staff/login";
	} else if (r->status != 403)
		why = "expected 403";
	if (getenv("MATRIX_TRACE"))
		printf("trace %-24s %-9s %-6s %ld %s\n", p->name, who_names[w],
		    method, r->status, loc);
	if (why == NULL)
		return 0;
	printf("MATRIX FAIL: route %s (%s %s) as %s: %s; got %ld%s%s: %.200s\n",
	    p->name, method, path, who_names[w], why, r->status,
	    *loc ? " -> " : "", loc, r->body.data ? r->body.data : "");
	return 1;
}

static void
test_authorization_matrix(void **state)
{
	struct fx f;
	size_t nroutes = web_route_count(), i, k;
	unsigned char used[ARRAY_LEN(probes)];
	int failures = 0, checks = 0, w;

	(void)state;
	memset(used, 0, sizeof(used));
	fx_build(&f, "mx");
	for (i = 0; i < nroutes; i++) {
		const struct web_route *wr = web_route(i);
		const struct http_route *rt;
		const struct probe *p;
		unsigned access;

		assert_non_null(wr);
		rt = &wr->http;
		access = wr->roles;
		assert_non_null(rt->name);
		/* A cached page is the same for everyone: public GETs only. */
		if ((wr->flags & WEB_CACHED) && (access != 0 || rt->method != HTTP_GET)) {
			printf("MATRIX FAIL: route %s is cached but not a "
			    "public GET\n", rt->name);
			failures++;
		}
		if ((p = probe_find(rt->name)) == NULL) {
			printf("MATRIX FAIL: route %s (%s %s) is not in the "
			    "test's table\n", rt->name,
			    http_method_names[rt->method], rt->pattern);
			failures++;
			continue;
		}
		used[p - probes] = 1;
		assert_int_equal(strlen(p->allow), WHO__MAX);
		if (access == 0 && strcmp(p->allow, "yyyyyy") != 0) {
			printf("MATRIX FAIL: route %s is public but the table "
			    "denies someone\n", p->name);
			failures++;
		}
		for (w = 0; w < WHO__MAX; w++) {
			char path[512];
			struct resp r;

			probe_send(&f, p, rt, access, (enum who)w, &r, path,
			    sizeof(path));
			if (!path_matches(rt->pattern, path)) {
				printf("MATRIX FAIL: route %s: the table's "
				    "path %s does not match %s\n", p->name,
				    path, rt->pattern);
				failures++;
			}
			failures += probe_check(p, (enum who)w,
			    http_method_names[rt->method], path, &r);
			checks++;
			resp_free(&r);
		}
	}
	for (k = 0; k < ARRAY_LEN(probes); k++)
		if (!used[k]) {
			printf("MATRIX FAIL: the table's %s names no route\n",
			    probes[k].name);
			failures++;
		}
	printf("authorization matrix: %zu routes, %d checks, %d failures\n",
	    nroutes, checks, failures);
	/* Nothing allowed above broke the identities. */
	for (w = COORD; w < WHO__MAX; w++) {
		struct resp r;

		th_req(T, "GET", "/staff", NULL, NULL, f.who[w].cookie, &r);
		if (r.status != 200) {
			printf("MATRIX FAIL: %s signed out after the matrix\n",
			    who_names[w]);
			failures++;
		}
		resp_free(&r);
	}
	assert_int_equal(failures, 0);
	assert_int_equal(checks, (int)nroutes * WHO__MAX);
	assert_null(web_route(nroutes));
}

/* --- 2. Sign-in ----------------------------------------------------------- */

static void
test_sign_in(void **state)
{
	struct fx f;
	struct ident u, d;
	struct resp r;
	char v[512], body[256];
	size_t i;
	static const char *const evil[] = {
		"https%3A%2F%2Fevil.example", "%2F%2Fevil.example",
		"%2Fstaff%2F%2Fevil.example", "%2F%5Cevil.example",
		"https%3A%2F%2Fevil.example%2Fstaff", "%2Fstaff%5C%5Cevil.example",
	};

	(void)state;
	fx_build(&f, "si");
	memset(&u, 0, sizeof(u));
	mkident(&u, "si", "plain", ROLE_BIT(ROLE_DOOR), 0, 0);

	/* Wrong password: 401, no cookie. */
	login(u.name, "not-the-password", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), -1);
	resp_free(&r);
	/* Unknown user: the same. */
	login("si-nobody-here", "whatever-password", NULL, &r);
	assert_int_equal(r.status, 401);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), -1);
	resp_free(&r);

	/* Right password: 303 to /staff and a careful cookie. */
	login(u.name, u.pw, NULL, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", v, sizeof(v)), 0);
	assert_string_equal(v, "/staff");
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "convene_session=", 16), 0);
	assert_non_null(strstr(v, "; HttpOnly"));
	assert_non_null(strstr(v, "; SameSite=Lax"));
	assert_null(strcasestr(v, "Secure"));
	assert_non_null(strstr(v, "Path=/"));
	resp_free(&r);

	/* The cookie works for pages, not for the API; the token the other way. */
	sign_in(&u);
	th_req(T, "GET", "/staff", NULL, NULL, u.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, u.name));
	resp_free(&r);
	snprintf(body, sizeof(body), "/api/v1/sessions/%lld/registrations",
	    (long long)f.s);
	th_req(T, "GET", body, NULL, NULL, u.cookie, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	th_req(T, "GET", body, NULL, NULL, u.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_req(T, "GET", "/staff", NULL, NULL, u.bearer, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	/* A disabled user cannot sign in, and is signed out everywhere. */
	memset(&d, 0, sizeof(d));
	mkident(&d, "si", "disabled", ROLE_BIT(ROLE_DOOR), 0, 1);
	assert_int_equal(store_user_update(th_tx(T), d.id, ROLE_BIT(ROLE_DOOR), 0,
	    1), STORE_OK);
	login(d.name, d.pw, NULL, &r);
	assert_int_equal(r.status, 401);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), -1);
	resp_free(&r);
	th_req(T, "GET", "/staff", NULL, NULL, d.cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	th_req(T, "GET", body, NULL, NULL, d.bearer, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);

	/* Sign-out: refused without the token; with it, the cookie is dead. */
	th_req(T, "POST", "/staff/logout", "application/x-www-form-urlencoded",
	    "csrf=wrong", u.cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	th_req(T, "GET", "/staff", NULL, NULL, u.cookie, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	snprintf(v, sizeof(v), "csrf=%s", u.csrf);
	th_req(T, "POST", "/staff/logout", "application/x-www-form-urlencoded",
	    v, u.cookie, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", v, sizeof(v)), 0);
	assert_string_equal(v, "/staff/login");
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_non_null(strstr(v, "Max-Age=0"));
	resp_free(&r);
	th_req(T, "GET", "/staff", NULL, NULL, u.cookie, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", v, sizeof(v)), 0);
	assert_string_equal(v, "/staff/login?next=/staff");
	resp_free(&r);

	/* next: only /staff paths are followed. */
	login(u.name, u.pw, "%2Fstaff%2Fpassword", &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", v, sizeof(v)), 0);
	assert_string_equal(v, "/staff/password");
	resp_free(&r);
	for (i = 0; i < ARRAY_LEN(evil); i++) {
		login(u.name, u.pw, evil[i], &r);
		assert_int_equal(r.status, 303);
		assert_int_equal(th_header(&r, "Location", v, sizeof(v)), 0);
		if (strcmp(v, "/staff") != 0)
			fail_msg("next=%s led to %s", evil[i], v);
		resp_free(&r);
	}
	/* The form carries a safe next too. */
	th_get(T, "/staff/login?next=%2F%2Fevil.example", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "name=\"next\" value=\"/staff\""));
	assert_null(strstr(r.body.data, "evil.example"));
	resp_free(&r);
}

/* --- 3. CSRF -------------------------------------------------------------- */

static int
org_exists(const char *name)
{
	struct arena *a = arena_new();
	struct store_item *it;
	size_t n, i;
	int found = 0;

	assert_int_equal(store_items(T->s, a, LIST_ORGS, &it, &n), STORE_OK);
	for (i = 0; i < n; i++)
		found |= strcmp(it[i].name, name) == 0;
	arena_free(a);
	return found;
}

/* POST with one extra header line besides the cookie. */
static void
post2(const char *path, const char *body, const char *h1, const char *h2,
    struct resp *r)
{
	struct curl_slist *hdrs = NULL;
	CURL *c;

	hdrs = curl_slist_append(hdrs, h1);
	if (h2)
		hdrs = curl_slist_append(hdrs, h2);
	c = th_easy(T, "POST", path, "application/x-www-form-urlencoded", body,
	    &hdrs, r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
}

static void
test_csrf(void **state)
{
	struct fx f;
	struct ident other;
	struct resp r;
	char body[256], path[128];
	struct arena *a = arena_new();
	struct store_registration g;

	(void)state;
	fx_build(&f, "cs");
	other = f.who[COORD];
	sign_in(&other);	/* a second session of the same user */
	assert_string_not_equal(other.csrf, f.who[COORD].csrf);

	/* Missing token. */
	post2("/staff/places/organizations", "name=cs+Org+1", f.who[COORD].cookie,
	    NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Wrong token. */
	post2("/staff/places/organizations", "csrf=0123456789abcdef&name=cs+Org+1",
	    f.who[COORD].cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Empty token. */
	post2("/staff/places/organizations", "csrf=&name=cs+Org+1",
	    f.who[COORD].cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Another session's token. */
	snprintf(body, sizeof(body), "csrf=%s&name=cs+Org+1", other.csrf);
	post2("/staff/places/organizations", body, f.who[COORD].cookie, NULL,
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* The right token from another site. */
	snprintf(body, sizeof(body), "csrf=%s&name=cs+Org+1", f.who[COORD].csrf);
	post2("/staff/places/organizations", body, f.who[COORD].cookie,
	    "Origin: https://evil.example", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	post2("/staff/places/organizations", body, f.who[COORD].cookie,
	    "Sec-Fetch-Site: cross-site", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_false(org_exists("cs Org 1"));

	/* A registration action without the token changes nothing. */
	snprintf(path, sizeof(path), "/staff/registrations/%lld/cancel",
	    (long long)f.reg);
	post2(path, "", f.who[COORD].cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s", f.who[COORD].csrf);
	post2(path, body, f.who[COORD].cookie, "Origin: https://evil.example",
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(store_registration_get(T->s, a, f.reg, &g), STORE_OK);
	assert_int_equal(g.status, STATUS_CONFIRMED);

	/* Same-origin Origin and the right token: done. */
	snprintf(body, sizeof(body), "csrf=%s&name=cs+Org+1", f.who[COORD].csrf);
	snprintf(path, sizeof(path), "Origin: %s", T->base);
	post2("/staff/places/organizations", body, f.who[COORD].cookie, path,
	    &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_true(org_exists("cs Org 1"));
	arena_free(a);
}

/* --- 5. CSV --------------------------------------------------------------- */

/* Parses RFC 4180 text into rows of fields; quoted[] tells quoted fields. */
struct csv {
	size_t	 nrows;
	size_t	 nf[64];
	char	*f[64][16];
	int	 quoted[64][16];
};

static void
csv_parse(const char *p, struct csv *c)
{
	struct buf cur;
	int q = 0;

	memset(c, 0, sizeof(*c));
	buf_init(&cur, 0);
	while (*p) {
		size_t row = c->nrows, col = c->nf[row];

		assert_true(row < 64 && col < 16);
		buf_reset(&cur);
		q = 0;
		if (*p == '"') {
			q = 1;
			p++;
			for (;;) {
				if (*p == '\0')
					fail_msg("unterminated quoted field");
				if (*p == '"' && p[1] == '"') {
					buf_putc(&cur, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					buf_putc(&cur, *p++);
			}
		} else
			while (*p && *p != ',' && *p != '\r' && *p != '\n') {
				if (*p == '"')
					fail_msg("quote inside an unquoted field");
				buf_putc(&cur, *p++);
			}
		c->f[row][col] = xstrdup(cur.data ? cur.data : "");
		c->quoted[row][col] = q;
		c->nf[row]++;
		if (*p == ',')
			p++;
		else if (p[0] == '\r' && p[1] == '\n') {
			p += 2;
			c->nrows++;
		} else if (*p == '\0')
			c->nrows++;
		else
			fail_msg("bad character after a field: %d", *p);
	}
	buf_free(&cur);
}

static void
csv_free(struct csv *c)
{
	size_t i, k;

	for (i = 0; i < c->nrows; i++)
		for (k = 0; k < c->nf[i]; k++)
			free(c->f[i][k]);
}

/* What a cell must hold for a stored value: formulas get a leading '. */
static const char *
neutral(char *out, size_t outsz, const char *v)
{
	snprintf(out, outsz, "%s%s", v[0] && strchr("=+-@\t\r", v[0]) ?
	    "'" : "", v);
	return out;
}

static void
test_csv_export(void **state)
{
	static const struct {
		const char *name, *email, *org, *county, *license;
	} people[] = {
		{ "=HYPERLINK(\"http://evil.example\",\"click\")",
		    "csv1@example.org", "Acme, Inc.", "Lake", "" },
		{ "+SUM(1,2)", "csv2@example.org", "\"Quoted\" Org", "Lake",
		    "+12345" },
		{ "-2+3", "csv3@example.org", "Line one\nLine two", "-Lake",
		    "" },
		{ "@cmd|' /C calc'!A0", "=csv4@example.org", "=1+1", "@County",
		    "=2" },
		{ "Plain, \"Person\"", "csv5@example.org", "Normal Org",
		    "Lake, West", "" },
		{ "\tTabbed", "csv6@example.org", "\rCR start", "Lake", "" },
		{ "Ann O'Neil", "csv7@example.org", "a,\"b\"\r\nc", "Lake",
		    "" },
	};
	struct fx f;
	struct resp r;
	struct csv c;
	struct arena *a = arena_new();
	char path[128], ct[128], want[256];
	size_t i, k, row;

	(void)state;
	fx_build(&f, "cv");
	for (i = 0; i < ARRAY_LEN(people); i++) {
		struct store_reg_input in;
		struct store_registration g;

		memset(&in, 0, sizeof(in));
		in.name = people[i].name;
		in.email = people[i].email;
		in.sector = "medical";
		in.organization = people[i].org;
		in.county = people[i].county;
		in.license = *people[i].license ? people[i].license : NULL;
		in.source = "staff";
		in.staff = 1;
		assert_int_equal(app_register(th_app(T), &app_system, a, f.s, NULL, &in, &g), STORE_OK);
	}
	cache_invalidate();
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations.csv",
	    (long long)f.s);
	th_req(T, "GET", path, NULL, NULL, f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", ct, sizeof(ct)), 0);
	assert_non_null(strstr(ct, "text/csv"));
	assert_int_equal(th_header(&r, "Content-Disposition", ct, sizeof(ct)),
	    0);
	assert_non_null(strstr(ct, "attachment"));
	assert_int_equal(memcmp(r.body.data, "\xEF\xBB\xBF", 3), 0);
	csv_parse(r.body.data + 3, &c);
	/* Header, Rita, and the people above. */
	assert_int_equal(c.nrows, 2 + ARRAY_LEN(people));
	assert_int_equal(c.nf[0], 10);
	assert_string_equal(c.f[0][0], "name");
	assert_string_equal(c.f[0][1], "email");
	assert_string_equal(c.f[0][3], "organization");
	assert_string_equal(c.f[0][4], "county");
	assert_string_equal(c.f[0][5], "license");
	for (row = 0; row < c.nrows; row++) {
		assert_int_equal(c.nf[row], 10);
		for (k = 0; k < c.nf[row]; k++)
			if (!c.quoted[row][k])
				fail_msg("row %zu field %zu is not quoted", row, k);
	}
	for (i = 0; i < ARRAY_LEN(people); i++) {
		neutral(want, sizeof(want), people[i].email);
		for (row = 1; row < c.nrows; row++)
			if (strcmp(c.f[row][1], want) == 0)
				break;
		if (row == c.nrows)
			fail_msg("no row for %s", people[i].email);
		neutral(want, sizeof(want), people[i].name);
		assert_string_equal(c.f[row][0], want);
		neutral(want, sizeof(want), people[i].org);
		assert_string_equal(c.f[row][3], want);
		neutral(want, sizeof(want), people[i].county);
		assert_string_equal(c.f[row][4], want);
		neutral(want, sizeof(want), people[i].license);
		assert_string_equal(c.f[row][5], want);
		/* Capacity 5, Rita first: the last three wait, in order. */
		if (i < 4) {
			assert_string_equal(c.f[row][6], "confirmed");
			assert_string_equal(c.f[row][7], "");
		} else {
			assert_string_equal(c.f[row][6], "waitlisted");
			assert_int_equal(atoi(c.f[row][7]), (int)i - 3);
		}
		assert_string_equal(c.f[row][9], "staff");
	}
	/* Raw text: a neutralised cell starts with "' inside its quotes. */
	assert_non_null(strstr(r.body.data,
	    "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""));
	assert_non_null(strstr(r.body.data, "\"'@cmd|' /C calc'!A0\""));
	assert_non_null(strstr(r.body.data, "\"Line one\nLine two\""));
	csv_free(&c);
	resp_free(&r);

	/* Door staff may export too; partner B may not. */
	th_req(T, "GET", path, NULL, NULL, f.who[DOOR].cookie, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_req(T, "GET", path, NULL, NULL, f.who[PARTNER_B].cookie, &r);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body.data, "csv1@example.org"));
	resp_free(&r);
	arena_free(a);
}

/* --- 6. Bad input through the API ------------------------------------------ */

struct counts {
	size_t sessions, venues, users, audit;
};

static void
counts(const struct fx *f, struct counts *n)
{
	struct arena *a = arena_new();
	struct store_event e;
	struct store_item *it;
	struct store_user *u;
	struct store_audit *au;

	assert_int_equal(store_event_get(T->s, a, f->event, &e), STORE_OK);
	n->sessions = e.nsessions;
	assert_int_equal(store_items(T->s, a, LIST_VENUES, &it, &n->venues),
	    STORE_OK);
	assert_int_equal(store_user_list(T->s, a, &u, &n->users), STORE_OK);
	assert_int_equal(store_audit_list(T->s, a, 100000, &au, &n->audit),
	    STORE_OK);
	arena_free(a);
}

/* Sends JSON as f's coordinator and expects 422 naming field. */
static void
expect_422(const struct ident *u, const char *method, const char *path,
    const char *body, const char *field)
{
	struct resp r;
	json_t *j, *errs;

	th_req(T, method, path, "application/json", body, u->bearer, &r);
	if (r.status != 422)
		fail_msg("%s %s %s: status %ld, want 422: %s", method, path,
		    body, r.status, r.body.data ? r.body.data : "");
	j = th_parse(&r);
	errs = json_object_get(j, "errors");
	assert_true(json_is_object(errs));
	if (!json_is_string(json_object_get(errs, field)))
		fail_msg("%s %s: errors lack %s: %s", method, path, field,
		    r.body.data);
	json_decref(j);
	resp_free(&r);
}

static void
test_api_bad_input(void **state)
{
	struct fx f;
	struct counts before, after;
	struct store_session s0, s1;
	struct arena *a = arena_new();
	const struct ident *c;
	char path[128], body[512];

	(void)state;
	fx_build(&f, "bi");
	c = &f.who[COORD];
	counts(&f, &before);
	snprintf(path, sizeof(path), "/api/v1/events/%lld/sessions",
	    (long long)f.event);
	expect_422(c, "POST", path, "{\"title\":\"Backwards\",\"audience\":"
	    "\"public\",\"starts_at\":\"2030-02-01T12:00\",\"ends_at\":"
	    "\"2030-02-01T10:00\"}", "ends_at");
	expect_422(c, "POST", path, "{\"title\":\"Backwards ISO\",\"audience\":"
	    "\"public\",\"starts_at\":\"2030-02-01T12:00:00-07:00\","
	    "\"ends_at\":\"2030-02-01T11:59:00-07:00\"}", "ends_at");
	expect_422(c, "POST", path, "{\"title\":\"Negative\",\"audience\":"
	    "\"public\",\"capacity\":-5,\"starts_at\":\"2030-02-01T10:00\","
	    "\"ends_at\":\"2030-02-01T12:00\"}", "capacity");
	expect_422(c, "POST", path, "{\"title\":\"Astronauts\",\"audience\":"
	    "\"professional\",\"sectors\":[\"medical\",\"astronaut\"],"
	    "\"starts_at\":\"2030-02-01T10:00\",\"ends_at\":"
	    "\"2030-02-01T12:00\"}", "sectors");
	expect_422(c, "POST", "/api/v1/lists/venues", "{\"name\":\"bi Mars "
	    "Base\",\"city\":\"Olympus\",\"state\":\"MT\",\"time_zone\":"
	    "\"Mars/Olympus_Mons\"}", "time_zone");
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"password\":"
	    "\"a-long-enough-password\",\"roles\":[\"door\"]}",
	    f.who[DOOR].name);
	expect_422(c, "POST", "/api/v1/users", body, "name");
	expect_422(c, "POST", "/api/v1/users", "{\"name\":\"bi-orgless\","
	    "\"password\":\"a-long-enough-password\",\"roles\":[\"partner\"]}",
	    "org_id");
	/* An edit that would make a session end first leaves it as it was. */
	assert_int_equal(store_session_get(T->s, a, f.s, &s0), STORE_OK);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s);
	expect_422(c, "PATCH", path, "{\"title\":\"Changed\",\"ends_at\":"
	    "\"2030-06-01T08:00\"}", "ends_at");
	expect_422(c, "PATCH", path, "{\"capacity\":-1}", "capacity");
	assert_int_equal(store_session_get(T->s, a, f.s, &s1), STORE_OK);
	assert_string_equal(s1.title, s0.title);
	assert_int_equal(s1.ends_at, s0.ends_at);
	assert_int_equal(s1.capacity, s0.capacity);
	counts(&f, &after);
	assert_int_equal(after.sessions, before.sessions);
	assert_int_equal(after.venues, before.venues);
	assert_int_equal(after.users, before.users);
	assert_int_equal(after.audit, before.audit);
	{
		struct store_user u;

		assert_int_equal(store_user_by_name(T->s, a, "bi-orgless", &u),
		    STORE_NOTFOUND);
	}
	arena_free(a);
}

/*
 * A registration reads its session's brief from the node's copy; an edit
 * that closes registration drops it before the coordinator is answered,
 * so the next registration is refused.
 */
static void
test_brief_follows_edit(void **state)
{
	struct fx f;
	struct resp r;
	char reg[128], path[128], body[256], opens[40], closes[40];
	int64_t now = now_utc();

	(void)state;
	fx_build(&f, "bf");
	snprintf(reg, sizeof(reg), "/api/v1/sessions/%lld/registrations",
	    (long long)f.s2);
	th_json(T, "POST", reg, "{\"name\":\"Brief One\",\"email\":"
	    "\"brief-one@example.org\"}", &r);
	assert_true(r.status == 201 || r.status == 202);
	resp_free(&r);
	assert_int_equal(tz_iso8601("America/Denver", now - 2 * 86400, opens,
	    sizeof(opens)), 0);
	assert_int_equal(tz_iso8601("America/Denver", now - 3600, closes,
	    sizeof(closes)), 0);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s2);
	snprintf(body, sizeof(body), "{\"registration_opens_at\":\"%s\","
	    "\"registration_closes_at\":\"%s\"}", opens, closes);
	th_req(T, "PATCH", path, "application/json", body,
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_json(T, "POST", reg, "{\"name\":\"Brief Two\",\"email\":"
	    "\"brief-two@example.org\"}", &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
}

/* --- 7. Audit ------------------------------------------------------------- */

static void
test_audit(void **state)
{
	struct fx f;
	struct resp r;
	json_t *j, *list, *e, *b, *af;
	char path[128], object[64];
	size_t i;
	int found = 0;

	(void)state;
	fx_build(&f, "au");
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s);
	th_req(T, "PATCH", path, "application/json",
	    "{\"title\":\"Renamed training\",\"capacity\":7}",
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Renamed training");
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 7);
	json_decref(j);
	resp_free(&r);

	th_req(T, "GET", "/api/v1/audit?limit=20", NULL, NULL,
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	list = json_object_get(j, "audit");
	assert_true(json_is_array(list));
	snprintf(object, sizeof(object), "session %lld", (long long)f.s);
	json_array_foreach(list, i, e) {
		json_error_t err;

		if (strcmp(json_string_value(json_object_get(e, "action")),
		    "session.edit") != 0 ||
		    strcmp(json_string_value(json_object_get(e, "object")),
		    object) != 0)
			continue;
		found++;
		assert_int_equal(i, 0);	/* the newest entry */
		assert_string_equal(json_string_value(json_object_get(e,
		    "user")), f.who[COORD].name);
		assert_true(json_is_string(json_object_get(e, "at")));
		b = json_loads(json_string_value(json_object_get(e, "before")),
		    0, &err);
		af = json_loads(json_string_value(json_object_get(e, "after")),
		    0, &err);
		assert_non_null(b);
		assert_non_null(af);
		assert_string_equal(json_string_value(json_object_get(b,
		    "title")), "Training");
		assert_string_equal(json_string_value(json_object_get(af,
		    "title")), "Renamed training");
		assert_int_equal(json_integer_value(json_object_get(b,
		    "capacity")), 5);
		assert_int_equal(json_integer_value(json_object_get(af,
		    "capacity")), 7);
		assert_false(json_equal(b, af));
		/* Unchanged fields stay the same. */
		assert_true(json_equal(json_object_get(b, "starts_at"),
		    json_object_get(af, "starts_at")));
		json_decref(b);
		json_decref(af);
	}
	assert_int_equal(found, 1);
	json_decref(j);
	resp_free(&r);

	/* The audit log is a coordinator's: door staff are refused. */
	th_req(T, "GET", "/api/v1/audit", NULL, NULL, f.who[DOOR].bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* The page shows it too. */
	th_req(T, "GET", "/staff/audit", NULL, NULL, f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 200);
	/* Readable: who changed what, from and to, not raw JSON. */
	assert_non_null(strstr(r.body.data, "Session edit"));
	assert_non_null(strstr(r.body.data, "<strong>title</strong>: Training "
	    "→ Renamed training"));
	assert_non_null(strstr(r.body.data, "<strong>capacity</strong>: "));
	assert_null(strstr(r.body.data, "{&quot;title&quot;"));
	assert_null(strstr(r.body.data, "{\"title\""));
	resp_free(&r);
}

/* --- 8. Partners ---------------------------------------------------------- */

static int
hosts_has(const json_t *ev, const char *org)
{
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(ev, "hosts"), i, h)
		if (json_is_string(h) && strcmp(json_string_value(h), org) == 0)
			return 1;
	return 0;
}

static void
test_partner(void **state)
{
	struct fx f;
	struct resp r;
	struct store_event e;
	struct arena *a = arena_new();
	char path[128], body[512], org_a[64], org_b[64];
	json_t *j;

	(void)state;
	fx_build(&f, "pa");
	snprintf(org_a, sizeof(org_a), "%s Task Force", f.pfx);
	snprintf(org_b, sizeof(org_b), "%s Other Partner", f.pfx);
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)f.event);

	/* Partner A edits its own event. */
	th_req(T, "PATCH", path, "application/json",
	    "{\"title\":\"pa Stop, edited by A\"}", f.who[PARTNER_A].bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "pa Stop, edited by A");
	assert_true(hosts_has(j, org_a));
	json_decref(j);
	resp_free(&r);

	/* Partner B may not, by the API or the page; nothing changes. */
	th_req(T, "PATCH", path, "application/json",
	    "{\"title\":\"hijacked\"}", f.who[PARTNER_B].bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"title\":\"hijacked\",\"hosts\":[%lld]}",
	    (long long)f.org_b);
	th_req(T, "PATCH", path, "application/json", body,
	    f.who[PARTNER_B].bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/events/%lld", (long long)f.event);
	snprintf(body, sizeof(body), "csrf=%s&title=hijacked&venue_id=%lld&"
	    "hosts=%lld", f.who[PARTNER_B].csrf, (long long)f.venue,
	    (long long)f.org_b);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[PARTNER_B].cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(store_event_get(T->s, a, f.event, &e), STORE_OK);
	assert_string_equal(e.title, "pa Stop, edited by A");
	assert_int_equal(e.nhosts, 1);
	assert_string_equal(e.hosts[0], org_a);

	/* Nor act on its registrations or sessions. */
	snprintf(path, sizeof(path), "/api/v1/registrations/%lld/cancel",
	    (long long)f.reg);
	th_req(T, "POST", path, "application/json", "{}",
	    f.who[PARTNER_B].bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s);
	th_req(T, "PATCH", path, "application/json", "{\"capacity\":500}",
	    f.who[PARTNER_B].bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	{
		struct store_session s;
		struct store_registration g;

		assert_int_equal(store_session_get(T->s, a, f.s, &s), STORE_OK);
		assert_int_equal(s.capacity, 5);
		assert_int_equal(store_registration_get(T->s, a, f.reg, &g),
		    STORE_OK);
		assert_int_equal(g.status, STATUS_CONFIRMED);
	}

	/* An event nobody co-hosts is the coordinators' alone. */
	{
		struct store_session s;
		int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);

		assert_int_equal(store_session_get(T->s, a, sid, &s), STORE_OK);
		snprintf(path, sizeof(path), "/api/v1/events/%lld",
		    (long long)s.event_id);
		th_req(T, "PATCH", path, "application/json", "{}",
		    f.who[PARTNER_A].bearer, &r);
		assert_int_equal(r.status, 403);
		resp_free(&r);
		snprintf(body, sizeof(body), "{\"hosts\":[%lld]}",
		    (long long)f.org_b);
		th_req(T, "PATCH", path, "application/json", body,
		    f.who[COORD].bearer, &r);
		assert_int_equal(r.status, 200);
		resp_free(&r);
		/* Nobody at all: 401 from the API. */
		th_json(T, "PATCH", path, "{}", &r);
		assert_int_equal(r.status, 401);
		assert_int_equal(th_header(&r, "WWW-Authenticate", body,
		    sizeof(body)), 0);
		resp_free(&r);
	}

	/* Partner A cannot drop its own organisation from its event. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)f.event);
	snprintf(body, sizeof(body), "{\"hosts\":[%lld]}", (long long)f.org_b);
	th_req(T, "PATCH", path, "application/json", body,
	    f.who[PARTNER_A].bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(hosts_has(j, org_a));
	json_decref(j);
	resp_free(&r);

	/* A partner's new event has its organisation among the hosts. */
	snprintf(body, sizeof(body), "{\"title\":\"pa B's own\",\"venue_id\":"
	    "%lld,\"hosts\":[%lld]}", (long long)f.venue, (long long)f.org_a);
	th_req(T, "POST", "/api/v1/events", "application/json", body,
	    f.who[PARTNER_B].bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	assert_true(hosts_has(j, org_b));
	assert_true(hosts_has(j, org_a));
	json_decref(j);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"title\":\"pa A's own, no hosts "
	    "named\",\"venue_id\":%lld}", (long long)f.venue);
	th_req(T, "POST", "/api/v1/events", "application/json", body,
	    f.who[PARTNER_A].bearer, &r);
	if (r.status != 201)
		fail_msg("partner creating an event without naming hosts: %ld: %s",
		    r.status, r.body.data);
	j = th_parse(&r);
	assert_true(hosts_has(j, org_a));
	assert_int_equal(json_array_size(json_object_get(j, "hosts")), 1);
	json_decref(j);
	resp_free(&r);
	arena_free(a);
}

/* --- 9. Drafts and co-hosts --------------------------------------------- */

/* The status of GET path (no credentials). */
static long
status_of(const char *path)
{
	struct resp r;
	long st;

	th_get(T, path, &r);
	st = r.status;
	resp_free(&r);
	return st;
}

/* 1 when GET path's body (no credentials) contains needle. */
static int
body_has(const char *path, const char *needle)
{
	struct resp r;
	int has;

	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	has = r.body.data && strstr(r.body.data, needle) != NULL;
	resp_free(&r);
	return has;
}

static void
test_drafts(void **state)
{
	struct fx f;
	struct resp r;
	struct arena *a = arena_new();
	struct store_event e;
	char path[160], body[512];
	int64_t ev, sid, dup;
	json_t *j;

	(void)state;
	fx_build(&f, "dr");
	/* A new event is a draft: staff see it, marked; nobody else does. */
	snprintf(body, sizeof(body), "{\"title\":\"dr Hidden stop\","
	    "\"venue_id\":%lld,\"hosts\":[%lld]}", (long long)f.venue,
	    (long long)f.org_a);
	th_req(T, "POST", "/api/v1/events", "application/json", body,
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	assert_true(json_is_false(json_object_get(j, "published")));
	ev = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/events/%lld/sessions",
	    (long long)ev);
	th_req(T, "POST", path, "application/json", "{\"title\":\"dr Draft "
	    "Q&A\",\"audience\":\"public\",\"starts_at\":"
	    "\"2030-06-05T18:00\",\"ends_at\":\"2030-06-05T20:00\"}",
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	sid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);

	snprintf(path, sizeof(path), "/events/%lld", (long long)ev);
	assert_int_equal(status_of(path), 404);
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
	assert_int_equal(status_of(path), 404);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)sid);
	assert_int_equal(status_of(path), 404);
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	assert_int_equal(status_of(path), 404);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, "{}", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_false(body_has("/", "dr Hidden stop"));
	assert_false(body_has("/api/v1/events", "dr Hidden stop"));
	assert_false(body_has("/calendar.ics?from=2030-06-01&to=2030-06-30",
	    "dr Draft Q&A"));
	assert_false(body_has("/calendar?from=2030-06-01&to=2030-06-30",
	    "dr Hidden stop"));
	th_req(T, "GET", "/staff", NULL, NULL, f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "dr Hidden stop"));
	assert_non_null(strstr(r.body.data, ">Draft</span>"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/events/%lld", (long long)ev);
	th_req(T, "GET", path, NULL, NULL, f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, ">Publish</button>"));
	resp_free(&r);

	/* Published by the API: public everywhere, and audited. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
	th_req(T, "PATCH", path, "application/json", "{\"published\":true}",
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(json_is_true(json_object_get(j, "published")));
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "dr Hidden stop");
	json_decref(j);
	resp_free(&r);
	assert_int_equal(status_of(path), 200);
	snprintf(path, sizeof(path), "/events/%lld", (long long)ev);
	assert_int_equal(status_of(path), 200);
	assert_true(body_has("/", "dr Hidden stop"));
	assert_true(body_has("/calendar.ics?from=2030-06-01&to=2030-06-30",
	    "dr Draft Q&A"));
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)sid);
	assert_int_equal(status_of(path), 200);
	/* A PATCH that does not name it leaves it published. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
	th_req(T, "PATCH", path, "application/json", "{\"title\":\"dr Shown "
	    "stop\"}", f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(store_event_get(T->s, a, ev, &e), STORE_OK);
	assert_int_equal(e.published, 1);

	/* Duplicating a stop: a draft under the new title. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld/duplicate",
	    (long long)ev);
	snprintf(body, sizeof(body), "{\"venue_id\":%lld,\"date\":"
	    "\"2030-07-10\",\"title\":\"dr Ending Demand: Great Falls\"}",
	    (long long)f.venue);
	th_req(T, "POST", path, "application/json", body, f.who[COORD].bearer,
	    &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "dr Ending Demand: Great Falls");
	assert_true(json_is_false(json_object_get(j, "published")));
	dup = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"venue_id\":%lld,\"date\":"
	    "\"2030-07-11\",\"title\":\"dr \\u0007bell\"}",
	    (long long)f.venue);
	th_req(T, "POST", path, "application/json", body, f.who[COORD].bearer,
	    &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(path, sizeof(path), "/events/%lld", (long long)dup);
	assert_int_equal(status_of(path), 404);
	/* The page's form does the same; the title is a field. */
	snprintf(path, sizeof(path), "/staff/events/%lld/duplicate",
	    (long long)ev);
	snprintf(body, sizeof(body), "csrf=%s&title=dr+Page+copy&venue_id=%lld"
	    "&date=2030-07-20", f.who[COORD].csrf, (long long)f.venue);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_false(body_has("/", "dr Page copy"));

	/* The Publish button: partner A publishes its own co-hosted draft. */
	snprintf(path, sizeof(path), "/staff/events/%lld/publish",
	    (long long)dup);
	snprintf(body, sizeof(body), "csrf=%s&published=1",
	    f.who[PARTNER_B].csrf);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[PARTNER_B].cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&published=1",
	    f.who[PARTNER_A].csrf);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[PARTNER_A].cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/events/%lld", (long long)dup);
	assert_int_equal(status_of(path), 200);
	assert_true(body_has("/", "dr Ending Demand: Great Falls"));
	/* Events made before drafts existed, or by the CLI's set-up, are
	 * public (the fixture's). */
	snprintf(path, sizeof(path), "/events/%lld", (long long)f.event);
	assert_int_equal(status_of(path), 200);
	arena_free(a);
}

static void
test_cohosts(void **state)
{
	struct fx f;
	struct resp r;
	struct arena *a = arena_new();
	struct store_event e;
	char path[160], body[512];
	int64_t ev, tour;
	json_t *j;

	(void)state;
	fx_build(&f, "ch");
	/* The task force (org B here) leads; partner A co-hosts; on a tour. */
	assert_int_equal(store_tour_add(th_tx(T), "ch Tour", 0, &tour),
	    STORE_OK);
	th_commit();
	snprintf(body, sizeof(body), "{\"title\":\"ch Task force stop\","
	    "\"description\":\"Four hours for professionals.\",\"venue_id\":"
	    "%lld,\"tour_id\":%lld,\"hosts\":[%lld,%lld],\"published\":true}",
	    (long long)f.venue, (long long)tour, (long long)f.org_b,
	    (long long)f.org_a);
	th_req(T, "POST", "/api/v1/events", "application/json", body,
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	ev = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);

	/* Removing the lead host or the tour: refused, said on the field. */
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
	snprintf(body, sizeof(body), "{\"title\":\"ch Taken\",\"hosts\":"
	    "[%lld]}", (long long)f.org_a);
	th_req(T, "PATCH", path, "application/json", body,
	    f.who[PARTNER_A].bearer, &r);
	assert_int_equal(r.status, 422);
	j = th_parse(&r);
	assert_non_null(json_object_get(json_object_get(j, "errors"),
	    "hosts"));
	json_decref(j);
	resp_free(&r);
	th_req(T, "PATCH", path, "application/json", "{\"tour_id\":null}",
	    f.who[PARTNER_A].bearer, &r);
	assert_int_equal(r.status, 422);
	j = th_parse(&r);
	assert_non_null(json_object_get(json_object_get(j, "errors"),
	    "tour_id"));
	json_decref(j);
	resp_free(&r);
	/* The page's form with the lead host unticked: the same. */
	snprintf(path, sizeof(path), "/staff/events/%lld", (long long)ev);
	snprintf(body, sizeof(body), "csrf=%s&shown=hosts,cancelled&title=ch+"
	    "Taken&venue_id=%lld&tour_id=%lld&hosts=%lld",
	    f.who[PARTNER_A].csrf, (long long)f.venue, (long long)tour,
	    (long long)f.org_a);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[PARTNER_A].cookie, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body.data, "Only a coordinator can remove a "
	    "host."));
	resp_free(&r);
	assert_int_equal(store_event_get(T->s, a, ev, &e), STORE_OK);
	assert_string_equal(e.title, "ch Task force stop");
	assert_int_equal(e.nhosts, 2);
	assert_int_equal(e.tour_id, tour);

	/* Details are the partner's to edit; an incomplete form or PATCH
	 * keeps what it did not send. */
	snprintf(body, sizeof(body), "csrf=%s&title=ch+Retitled+by+A",
	    f.who[PARTNER_A].csrf);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[PARTNER_A].cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
	th_req(T, "PATCH", path, "application/json", "{\"venue_id\":"
	    "null}", f.who[PARTNER_A].bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(store_event_get(T->s, a, ev, &e), STORE_OK);
	assert_string_equal(e.title, "ch Retitled by A");
	assert_string_equal(e.description, "Four hours for professionals.");
	assert_int_equal(e.nhosts, 2);
	assert_int_equal(e.tour_id, tour);
	assert_int_equal(e.published, 1);
	/* The same for a session's form: what it did not send stays. */
	{
		struct store_session ss;

		snprintf(path, sizeof(path), "/staff/sessions/%lld",
		    (long long)f.s);
		snprintf(body, sizeof(body), "csrf=%s&title=Training+renamed",
		    f.who[PARTNER_A].csrf);
		th_req(T, "POST", path, "application/x-www-form-urlencoded",
		    body, f.who[PARTNER_A].cookie, &r);
		assert_int_equal(r.status, 303);
		resp_free(&r);
		assert_int_equal(store_session_get(T->s, a, f.s, &ss),
		    STORE_OK);
		assert_string_equal(ss.title, "Training renamed");
		assert_int_equal(ss.capacity, 5);
		assert_true(ss.ce_hours == 4);
		assert_int_equal(ss.sectors, 1u << SECTOR_LAW_ENFORCEMENT |
		    1u << SECTOR_MEDICAL);
		assert_int_equal(ss.audience, AUDIENCE_PROFESSIONAL);
		snprintf(path, sizeof(path), "/api/v1/events/%lld",
		    (long long)ev);
	}
	/* A coordinator may change the hosts and the tour. */
	snprintf(body, sizeof(body), "{\"hosts\":[%lld],\"tour_id\":null}",
	    (long long)f.org_a);
	th_req(T, "PATCH", path, "application/json", body, f.who[COORD].bearer,
	    &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(store_event_get(T->s, a, ev, &e), STORE_OK);
	assert_int_equal(e.nhosts, 1);
	assert_int_equal(e.tour_id, 0);
	arena_free(a);
}

/* --- 10. Session facts that cannot be ------------------------------------ */

/* A published event at a new venue in city, on tour (0: none). */
static int64_t
mkstop(const char *title, const char *city, int64_t tour)
{
	int64_t venue, ev;
	char name[128];

	snprintf(name, sizeof(name), "%s Hall", title);
	assert_int_equal(store_venue_add(th_tx(T), name, "1 Main St", city,
	    "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(T), title, "", venue, tour,
	    now_utc(), &ev), STORE_OK);
	return ev;
}

/* A session of ev from start for hours; cancelled when asked. */
static int64_t
mkslot(int64_t ev, const char *title, int audience, int64_t start,
    int hours, int cancelled)
{
	struct store_session ss;
	char sql[128];
	int64_t id;

	memset(&ss, 0, sizeof(ss));
	ss.event_id = ev;
	ss.title = (char *)title;
	ss.audience = audience;
	ss.sectors = audience == AUDIENCE_PROFESSIONAL ?
	    1u << SECTOR_MEDICAL : 0;
	ss.capacity = -1;
	ss.ce_hours = audience == AUDIENCE_PROFESSIONAL ? hours : 0;
	ss.starts_at = start;
	ss.ends_at = start + hours * 3600;
	ss.credit_share = 1;
	assert_int_equal(store_session_add(th_tx(T), &ss, &id), STORE_OK);
	th_commit();
	if (cancelled) {
		snprintf(sql, sizeof(sql), "UPDATE sessions SET cancelled = 1 "
		    "WHERE id = %lld", (long long)id);
		th_exec(T, sql, sql);
	}
	cache_invalidate();
	return id;
}

/* The home page's card of the event titled title (a copy), or NULL. */
static char *
home_card(const char *title)
{
	struct resp r;
	char *card = NULL;
	const char *p, *start, *end;

	th_get(T, "/", &r);
	assert_int_equal(r.status, 200);
	if ((p = strstr(r.body.data, title)) != NULL) {
		/* From its own <li class="event-card"> to its end. */
		for (start = p; start > r.body.data && strncmp(start,
		    "<li class=\"event-card\">", 23) != 0; start--)
			;
		end = strstr(p, "</ul>\n</li>");
		if (end == NULL)
			end = p + strlen(p);
		card = strndup(start, (size_t)(end - start));
	}
	resp_free(&r);
	return card;
}

static void
test_session_facts(void **state)
{
	struct fx f;
	struct resp r;
	char path[160], body[512], *card;
	int64_t tour, a, b, c, ev;
	json_t *j;

	(void)state;
	fx_build(&f, "sf");
	/* CE hours above the session's length: refused on the field. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s);
	th_req(T, "PATCH", path, "application/json", "{\"ce_hours\":400}",
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 422);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "errors"), "ce_hours")), "At most 4 CE hours: the session lasts "
	    "no longer.");
	json_decref(j);
	resp_free(&r);
	th_req(T, "PATCH", path, "application/json", "{\"ce_hours\":4}",
	    f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* Shortening the session below its hours is refused the same way. */
	th_req(T, "PATCH", path, "application/json", "{\"ends_at\":"
	    "\"2030-06-01T11:00\"}", f.who[COORD].bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/sessions/%lld", (long long)f.s);
	snprintf(body, sizeof(body), "csrf=%s&title=Training&audience="
	    "professional&sectors=medical&capacity=5&ce_hours=4.5&starts_at="
	    "2030-06-01T09:00&ends_at=2030-06-01T13:00&credit_percent=100",
	    f.who[COORD].csrf);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", body,
	    f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body.data, "At most 4 CE hours"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)f.s);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_true(json_real_value(json_object_get(j, "ce_hours")) == 4.0);
	json_decref(j);
	resp_free(&r);

	/* A cancelled session sets neither the date nor the tags. */
	ev = mkstop("sf Cancelled first", "Butte", 0);
	mkslot(ev, "sf Old training", AUDIENCE_PROFESSIONAL,
	    denver(2031, 3, 2, 9, 0), 3, 1);
	mkslot(ev, "sf Evening", AUDIENCE_PUBLIC, denver(2031, 3, 9, 18, 0),
	    2, 0);
	card = home_card("sf Cancelled first");
	assert_non_null(card);
	if (strstr(card, "9 March 2031") == NULL || strstr(card, "2 March") ||
	    strstr(card, "CE hours"))
		fail_msg("the card shows the cancelled session: %s", card);
	free(card);

	/* Nor does one that is over, on an event still to come. */
	ev = mkstop("sf Half over", "Dillon", 0);
	mkslot(ev, "sf Yesterday's training", AUDIENCE_PROFESSIONAL,
	    now_utc() - 86400, 3, 0);
	mkslot(ev, "sf Next week", AUDIENCE_PUBLIC, now_utc() + 7 * 86400, 2,
	    0);
	card = home_card("sf Half over");
	assert_non_null(card);
	if (strstr(card, "CE hours"))
		fail_msg("the card shows the session that is over: %s", card);
	free(card);

	/* The calendar lists an event by its live sessions. */
	ev = mkstop("sf January stop", "Havre", 0);
	mkslot(ev, "sf December try", AUDIENCE_PUBLIC,
	    denver(2031, 12, 20, 18, 0), 2, 1);
	mkslot(ev, "sf January forum", AUDIENCE_PUBLIC,
	    denver(2032, 1, 10, 18, 0), 2, 0);
	assert_true(body_has("/calendar?from=2032-01-01&to=2032-01-31",
	    "sf January stop"));
	assert_false(body_has("/calendar?from=2031-12-01&to=2031-12-31",
	    "sf January stop"));

	/* A cancelled session gives no travel warning. */
	assert_int_equal(store_tour_add(th_tx(T), "sf Tour", 0, &tour),
	    STORE_OK);
	a = mkstop("sf Stop one", "Billings", tour);
	b = mkstop("sf Stop two", "Kalispell", tour);
	mkslot(a, "sf One", AUDIENCE_PUBLIC, denver(2031, 5, 10, 9, 0), 4, 0);
	mkslot(b, "sf Two, cancelled", AUDIENCE_PUBLIC,
	    denver(2031, 5, 9, 9, 0), 4, 1);
	c = mkslot(b, "sf Two", AUDIENCE_PUBLIC, denver(2031, 5, 12, 9, 0), 4,
	    0);
	(void)c;
	snprintf(path, sizeof(path), "/staff/tours/%lld", (long long)tour);
	th_req(T, "GET", path, NULL, NULL, f.who[COORD].cookie, &r);
	assert_int_equal(r.status, 200);
	if (strstr(r.body.data, "Less than") || strstr(r.body.data,
	    "Two places"))
		fail_msg("a false travel warning: %s", strstr(r.body.data,
		    "<h2>Checks"));
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_authorization_matrix),
		cmocka_unit_test(test_sign_in),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_csv_export),
		cmocka_unit_test(test_api_bad_input),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_partner),
		cmocka_unit_test(test_drafts),
		cmocka_unit_test(test_cohosts),
		cmocka_unit_test(test_session_facts),
		cmocka_unit_test(test_brief_follows_edit),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http staff", tests, th_setup,
	    th_teardown);
}
