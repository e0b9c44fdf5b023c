/* door.c: HTTP tests of the door and what it leads to: check-in and
 * check-out (API and page), the live count, the credit rule on the ticket
 * page, certificates (PDF, verification page and API), coordinators' time
 * corrections and closing a session, the sign-in sheet and convene certify. */
#include <sys/wait.h>
#include <pthread.h>
#include <stdio.h>

#include <cairo.h>
#include <jpeglib.h>

#include <jansson.h>

#include "harness.h"
#include "fmt.h"
#include "tz.h"

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

static struct ident Coord, Door, Moderator;

/* A registrant as the test knows them. */
struct person {
	const char	*name;
	const char	*email;
	int64_t		 id;
	char		 secret[64];
	char		 status[16];
};

/* A professional session of 4 CE hours, first in the future. */
struct sess {
	int64_t	 id, event;
	int64_t	 starts, ends;
	char	 title[96];
};

static const char *
body(const struct resp *r)
{
	return r->body.data ? r->body.data : "";
}

/* --- Staff ---------------------------------------------------------------- */

/* A user with a fast password hash, an API token and a signed-in session. */
static void
mkident(struct ident *u, const char *role, unsigned roles)
{
	char hash[crypto_pwhash_STRBYTES], hex[TOKEN_HASH_HEX], form[256];
	char v[512], loc[256];
	struct resp r;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "door-test-%s", role);
	snprintf(u->pw, sizeof(u->pw), "pw-%s-0123456789", role);
	assert_int_equal(crypto_pwhash_str(hash, u->pw, strlen(u->pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), u->name, hash, roles, now_utc(),
	    &u->id), STORE_OK);
	token_random(u->token, 40);
	u->token[40] = '\0';
	token_hash(u->token, hex);
	assert_int_equal(store_token_add(th_tx(T), u->id, hex, now_utc()),
	    STORE_OK);
	snprintf(u->bearer, sizeof(u->bearer), "Authorization: Bearer %s",
	    u->token);

	snprintf(form, sizeof(form), "name=%s&password=%s", u->name, u->pw);
	th_form(T, "/staff/login", form, &r);
	if (r.status != 303)
		fail_msg("sign-in of %s: status %ld", u->name, r.status);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "convene_session=", 16), 0);
	snprintf(u->cookie, sizeof(u->cookie), "Cookie: %.*s",
	    (int)strcspn(v, ";"), v);
	resp_free(&r);
	th_req(T, "GET", "/staff/password", NULL, NULL, u->cookie, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_find_csrf(r.body.data, u->csrf, sizeof(u->csrf)), 0);
	resp_free(&r);
}

/* POSTs a staff form (csrf added) as u; fills r. */
static void
staff_post(const struct ident *u, const char *path, const char *fields,
    struct resp *r)
{
	char form[1024];

	snprintf(form, sizeof(form), "csrf=%s%s%s", u->csrf,
	    *fields ? "&" : "", fields);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", form,
	    u->cookie, r);
}

static int
setup(void **state)
{
	(void)state;
	T = th_start();
	mkident(&Coord, "coord", ROLE_BIT(ROLE_COORDINATOR));
	mkident(&Door, "door", ROLE_BIT(ROLE_DOOR));
	mkident(&Moderator, "moderator", ROLE_BIT(ROLE_MODERATOR));
	return 0;
}

/* --- Sessions and people ------------------------------------------------- */

/* A professional session of 4 CE hours a week ahead, hosted, with an
 * instructor; registration is open. */
static void
mksession(struct sess *x, const char *title, int64_t capacity)
{
	struct store_session ss;
	int64_t venue, org, now = now_utc();
	char name[128];
	static int n;

	memset(x, 0, sizeof(*x));
	snprintf(x->title, sizeof(x->title), "%s", title);
	n++;
	snprintf(name, sizeof(name), "Door Test Task Force %d", n);
	assert_int_equal(store_org_add(th_tx(T), name, &org), STORE_OK);
	snprintf(name, sizeof(name), "Door Hall %d", n);
	assert_int_equal(store_venue_add(th_tx(T), name, "1 Main St", "Missoula",
	    "MT", "America/Denver", &venue), STORE_OK);
	snprintf(name, sizeof(name), "Door stop %d", n);
	assert_int_equal(store_event_add(th_tx(T), name, "", venue, 0, now,
	    &x->event), STORE_OK);
	assert_int_equal(store_event_host_add(th_tx(T), x->event, org), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = x->event;
	ss.title = x->title;
	ss.instructor = "Dana Instructor";
	ss.audience = AUDIENCE_PROFESSIONAL;
	ss.sectors = 1u << SECTOR_LAW_ENFORCEMENT | 1u << SECTOR_MEDICAL;
	ss.capacity = capacity;
	ss.ce_hours = 4;
	ss.starts_at = now / 60 * 60 + 7 * 86400;
	ss.ends_at = ss.starts_at + 4 * 3600;
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	assert_int_equal(store_session_add(th_tx(T), &ss, &x->id), STORE_OK);
	x->starts = ss.starts_at;
	x->ends = ss.ends_at;
	cache_invalidate();
}

/* Registers p through the public API. */
static void
enrol(const struct sess *x, struct person *p)
{
	char path[128], req[512];
	struct resp r;
	json_t *j;

	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)x->id);
	snprintf(req, sizeof(req), "{\"name\":\"%s\",\"email\":\"%s\","
	    "\"sector\":\"medical\",\"organization\":\"Lake Clinic\","
	    "\"county\":\"Lake\",\"license\":null}", p->name, p->email);
	th_json(T, "POST", path, req, &r);
	if (r.status != 201)
		fail_msg("registering %s: %ld: %s", p->name, r.status, body(&r));
	j = th_parse(&r);
	p->id = json_integer_value(json_object_get(j, "id"));
	assert_true(p->id > 0);
	snprintf(p->secret, sizeof(p->secret), "%s",
	    json_string_value(json_object_get(j, "secret")));
	snprintf(p->status, sizeof(p->status), "%s",
	    json_string_value(json_object_get(j, "status")));
	json_decref(j);
	resp_free(&r);
}

/* Moves the session into the past: started 5 hours ago, ended 1 hour ago
 * (the door stays open for another hour),
 * everything else as it was. */
static void
to_past(struct sess *x)
{
	struct arena *a = arena_new();
	struct store_session ss, after;

	assert_int_equal(store_session_get(T->s, a, x->id, &ss), STORE_OK);
	ss.starts_at = now_utc() / 60 * 60 - 5 * 3600;
	ss.ends_at = ss.starts_at + 4 * 3600;
	assert_int_equal(store_session_update(th_tx(T), &ss), STORE_OK);
	cache_invalidate();
	assert_int_equal(store_session_get(T->s, a, x->id, &after), STORE_OK);
	assert_int_equal(after.starts_at, ss.starts_at);
	assert_string_equal(after.title, x->title);
	assert_true(after.ce_hours == 4);
	assert_int_equal(after.audience, AUDIENCE_PROFESSIONAL);
	x->starts = ss.starts_at;
	x->ends = ss.ends_at;
	arena_free(a);
}

static struct store_registration
reg_of(const struct person *p, struct arena *a)
{
	struct store_registration g;

	assert_int_equal(store_registration_get(T->s, a, p->id, &g), STORE_OK);
	return g;
}

/* ISO 8601 in UTC. */
static void
iso(int64_t t, char *out, size_t outsz)
{
	assert_int_equal(tz_iso8601("UTC", t, out, outsz), 0);
}

/* "YYYY-MM-DDTHH:MM" in Denver, as the correction form takes it. */
static void
denver_local(int64_t t, char *out, size_t outsz)
{
	struct tz_local l;

	assert_int_equal(tz_from_utc("America/Denver", t, &l), 0);
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d", l.year, l.month,
	    l.day, l.hour, l.minute);
}

/* Seconds of an ISO 8601 string of a JSON field; 0 for null. */
static int64_t
json_time(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	int64_t t;

	if (json_is_null(v))
		return 0;
	if (!json_is_string(v))
		fail_msg("%s is neither a string nor null", key);
	if (tz_parse_iso8601(json_string_value(v), &t) == -1)
		fail_msg("%s is not ISO 8601: %s", key, json_string_value(v));
	return t;
}

/*
 * POST /api/v1/checkins as u; at 0 sends none. Expects status; returns the
 * parsed reply for a 200 (the caller frees it), else NULL.
 */
static json_t *
api_check(const struct ident *u, const char *ticket, const char *action,
    int64_t at, long want)
{
	char req[512], when[64];
	struct resp r;
	json_t *j = NULL;

	if (at) {
		iso(at, when, sizeof(when));
		snprintf(req, sizeof(req), "{\"ticket\":\"%s\",\"action\":\"%s\","
		    "\"at\":\"%s\"}", ticket, action, when);
	} else
		snprintf(req, sizeof(req), "{\"ticket\":\"%s\",\"action\":\"%s\"}",
		    ticket, action);
	th_req(T, "POST", "/api/v1/checkins", "application/json", req,
	    u->bearer, &r);
	if (r.status != want)
		fail_msg("check %s %s: status %ld, want %ld: %s", action, ticket,
		    r.status, want, body(&r));
	if (want == 200)
		j = th_parse(&r);
	resp_free(&r);
	return j;
}

/* Checks in or out through the API and asserts what changed and the times. */
static void
api_check_ok(const struct person *p, const char *action, int64_t at,
    int want_changed, int64_t want_in, int64_t want_out)
{
	json_t *j = api_check(&Door, p->secret, action, at, 200), *g;

	assert_string_equal(json_string_value(json_object_get(j, "action")),
	    action);
	assert_true(json_is_boolean(json_object_get(j, "changed")));
	if (json_is_true(json_object_get(j, "changed")) != want_changed)
		fail_msg("%s %s at %lld: changed %d, want %d", p->name, action,
		    (long long)at, !want_changed, want_changed);
	g = json_object_get(j, "registration");
	assert_true(json_is_object(g));
	assert_int_equal(json_integer_value(json_object_get(g, "id")), p->id);
	assert_int_equal(json_time(g, "checked_in_at"), want_in);
	assert_int_equal(json_time(g, "checked_out_at"), want_out);
	json_decref(j);
}

/* POST /staff/door/{sid}/check as u; returns the redirect's Location. */
static void
door_post(const struct ident *u, int64_t sid, const char *fields,
    char *loc, size_t locsz)
{
	char path[128];
	struct resp r;

	snprintf(path, sizeof(path), "/staff/door/%lld/check", (long long)sid);
	staff_post(u, path, fields, &r);
	if (r.status != 303)
		fail_msg("door %s: status %ld: %.300s", fields, r.status,
		    body(&r));
	assert_int_equal(th_header(&r, "Location", loc, locsz), 0);
	resp_free(&r);
}

struct count {
	int64_t present, checked_in, confirmed;
};

static struct count
door_count(int64_t sid)
{
	char path[128];
	struct resp r;
	struct count c;
	json_t *j;

	snprintf(path, sizeof(path), "/staff/door/%lld/count", (long long)sid);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(json_is_integer(json_object_get(j, "present")));
	c.present = json_integer_value(json_object_get(j, "present"));
	c.checked_in = json_integer_value(json_object_get(j, "checked_in"));
	c.confirmed = json_integer_value(json_object_get(j, "confirmed"));
	json_decref(j);
	resp_free(&r);
	return c;
}

/* The ticket code as printed (groups of four), upper-cased. */
static void
typed_code(const char *secret, char *out, size_t outsz)
{
	size_t i, j = 0;

	for (i = 0; secret[i] && j + 3 < outsz; i++) {
		if (i && i % 4 == 0)
			out[j++] = '-';
		out[j++] = (char)(secret[i] >= 'a' && secret[i] <= 'z' ?
		    secret[i] - 'a' + 'A' : secret[i]);
	}
	out[j] = '\0';
}

/* --- Certificates --------------------------------------------------------- */

/* The text of a PDF by pdftotext -layout (malloc'd); the tool must run. */
static char *
pdf_text(const struct resp *r)
{
	char file[192], cmd[320];
	struct buf out;
	FILE *f, *p;
	char chunk[4096];
	size_t n;
	int st;

	assert_true(r->body.len > 5);
	assert_int_equal(memcmp(r->body.data, "%PDF-", 5), 0);
	snprintf(file, sizeof(file), "%s/pdftext-XXXXXX", T->dir);
	{
		int fd = mkstemp(file);

		assert_true(fd >= 0);
		f = fdopen(fd, "wb");
		assert_non_null(f);
	}
	assert_int_equal(fwrite(r->body.data, 1, r->body.len, f), r->body.len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' - 2>&1", file);
	p = popen(cmd, "r");
	assert_non_null(p);
	buf_init(&out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&out, chunk, n);
	st = pclose(p);
	unlink(file);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("pdftotext failed (status %d; is poppler-utils "
		    "installed?): %s", st, out.data ? out.data : "");
	if (out.data == NULL)
		buf_append(&out, "", 1);
	return out.data;
}

/* Collapses runs of white space to one space, in place. */
static void
squeeze(char *s)
{
	char *o = s;
	int sp = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' ||
		    *s == '\f') {
			sp = 1;
			continue;
		}
		if (sp && o != s)
			*o++ = ' ';
		sp = 0;
		*o++ = *s;
	}
	*o = '\0';
}

/* GET the certificate of a ticket: 200 PDF; its code from the header. */
static char *
get_certificate(const struct person *p, char *code, size_t codesz)
{
	char path[192], v[256];
	struct resp r;
	char *text;
	const char *c;

	snprintf(path, sizeof(path), "/tickets/%s/certificate.pdf", p->secret);
	th_get(T, path, &r);
	if (r.status != 200)
		fail_msg("certificate of %s: %ld: %.300s", p->name, r.status,
		    body(&r));
	assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)), 0);
	assert_non_null(strstr(v, "application/pdf"));
	assert_int_equal(th_header(&r, "Content-Disposition", v, sizeof(v)),
	    0);
	c = strstr(v, "certificate-");
	assert_non_null(c);
	c += strlen("certificate-");
	assert_true(strcspn(c, ".") == CERT_CODE_LEN + 1);
	snprintf(code, codesz, "%.*s", CERT_CODE_LEN + 1, c);
	text = pdf_text(&r);
	resp_free(&r);
	squeeze(text);
	return text;
}

static void
expect_no_certificate(const struct person *p, const char *why)
{
	char path[192];
	struct resp r;

	snprintf(path, sizeof(path), "/tickets/%s/certificate.pdf", p->secret);
	th_get(T, path, &r);
	if (r.status != 409)
		fail_msg("certificate of %s: %ld, want 409", p->name, r.status);
	if (why && strstr(body(&r), why) == NULL)
		fail_msg("409 for %s does not say \"%s\": %.400s", p->name, why,
		    body(&r));
	resp_free(&r);
}

/* --- 1. The door ---------------------------------------------------------- */

static void
test_door_flow(void **state)
{
	struct sess x, y;
	struct person ann = { "Ann Archer", "ann@example.org", 0, "", "" };
	struct person ben = { "Ben Baker", "ben@example.org", 0, "", "" };
	struct person cal = { "Cal Cooper", "cal@example.org", 0, "", "" };
	struct person dee = { "Dee Dalton", "dee@example.org", 0, "", "" };
	struct person eli = { "Eli Ellis", "eli@example.org", 0, "", "" };
	struct person eve = { "Eve Other", "eve@example.org", 0, "", "" };
	struct arena *a = arena_new();
	struct store_registration g;
	struct count c;
	char path[256], loc[256], want[256], fields[256], code[64];
	struct resp r;
	json_t *j;

	(void)state;
	mksession(&x, "Door Flow Training", 3);
	memset(&y, 0, sizeof(y));
	y.id = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	enrol(&x, &ann);
	enrol(&x, &ben);
	enrol(&x, &cal);
	enrol(&x, &dee);
	enrol(&x, &eli);
	enrol(&y, &eve);
	assert_string_equal(ann.status, "confirmed");
	assert_string_equal(cal.status, "confirmed");
	assert_string_equal(dee.status, "waitlisted");
	assert_string_equal(eli.status, "waitlisted");
	/* Eli leaves the waiting list: cancelled, and nobody moves up. */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", eli.secret);
	th_json(T, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	to_past(&x);

	/* Before anyone arrives. */
	c = door_count(x.id);
	assert_int_equal(c.present, 0);
	assert_int_equal(c.checked_in, 0);
	assert_int_equal(c.confirmed, 3);

	/* Ann: in 5 minutes early; again later changes nothing. */
	api_check_ok(&ann, "in", x.starts - 300, 1, x.starts - 300, 0);
	api_check_ok(&ann, "in", x.starts + 1800, 0, x.starts - 300, 0);
	api_check_ok(&ann, "in", 0, 0, x.starts - 300, 0);
	c = door_count(x.id);
	assert_int_equal(c.present, 1);
	assert_int_equal(c.checked_in, 1);
	api_check_ok(&ann, "out", x.ends + 300, 1, x.starts - 300,
	    x.ends + 300);
	/* Out twice: the first time stands. */
	api_check_ok(&ann, "out", x.ends + 900, 0, x.starts - 300,
	    x.ends + 300);
	g = reg_of(&ann, a);
	assert_int_equal(g.checked_in_at, x.starts - 300);
	assert_int_equal(g.checked_out_at, x.ends + 300);

	/* Ben: an hour late, out at the end. */
	api_check_ok(&ben, "in", x.starts + 3600, 1, x.starts + 3600, 0);
	api_check_ok(&ben, "out", x.ends, 1, x.starts + 3600, x.ends);
	c = door_count(x.id);
	assert_int_equal(c.present, 0);
	assert_int_equal(c.checked_in, 2);

	/* The API refuses what it cannot do. */
	j = api_check(&Door, dee.secret, "in", 0, 409);	/* waitlisted */
	j = api_check(&Door, eli.secret, "in", 0, 409);	/* cancelled */
	j = api_check(&Door, cal.secret, "out", 0, 409);	/* not in */
	j = api_check(&Door, "nosuchticketatall", "in", 0, 404);
	j = api_check(&Door, ann.secret, "sideways", 0, 422);
	j = api_check(&Door, ann.secret, "in", now_utc() + 3600, 422);
	j = api_check(&Door, ann.secret, "in", x.starts - 13 * 3600, 422);
	j = api_check(&Moderator, ann.secret, "in", 0, 403);
	(void)j;
	th_req(T, "POST", "/api/v1/checkins", "application/json",
	    "{\"ticket\":7,\"action\":\"in\"}", Door.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	g = reg_of(&dee, a);
	assert_int_equal(g.checked_in_at, 0);
	g = reg_of(&eli, a);
	assert_int_equal(g.checked_in_at, 0);
	g = reg_of(&ann, a);
	assert_int_equal(g.checked_in_at, x.starts - 300);
	assert_int_equal(g.checked_out_at, x.ends + 300);

	/* The page: find Cal by name. */
	snprintf(path, sizeof(path), "/staff/door/%lld?q=Cal+Coop",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Cal Cooper"));
	assert_null(strstr(body(&r), "Ann Archer"));
	snprintf(want, sizeof(want), "name=\"id\" value=\"%lld\"",
	    (long long)cal.id);
	assert_non_null(strstr(body(&r), want));
	assert_non_null(strstr(body(&r), "Check in</button>"));
	resp_free(&r);

	/* Check Cal in by the code as printed, typed in capitals. */
	typed_code(cal.secret, code, sizeof(code));
	assert_non_null(strchr(code, '-'));
	snprintf(fields, sizeof(fields), "action=in&code=%s", code);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	snprintf(want, sizeof(want), "/staff/door/%lld?done=%lld",
	    (long long)x.id, (long long)cal.id);
	assert_string_equal(loc, want);
	th_req(T, "GET", loc, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Checked in: Cal Cooper"));
	resp_free(&r);
	g = reg_of(&cal, a);
	assert_true(g.checked_in_at > 0);
	assert_int_equal(g.checked_out_at, 0);
	c = door_count(x.id);
	assert_int_equal(c.present, 1);
	assert_int_equal(c.checked_in, 3);
	assert_int_equal(c.confirmed, 3);
	/* The page's own count agrees. */
	snprintf(path, sizeof(path), "/staff/door/%lld", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_non_null(strstr(body(&r), "<strong id=\"checked-in\">3</strong>"));
	resp_free(&r);

	/* Out by id from the search results. */
	snprintf(fields, sizeof(fields), "action=out&id=%lld", (long long)cal.id);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	assert_string_equal(loc, want);
	th_req(T, "GET", loc, NULL, NULL, Door.cookie, &r);
	assert_non_null(strstr(body(&r), "Checked out: Cal Cooper"));
	resp_free(&r);
	c = door_count(x.id);
	assert_int_equal(c.present, 0);
	assert_int_equal(c.checked_in, 3);

	/* Waitlisted and cancelled tickets are not let in. */
	snprintf(want, sizeof(want), "/staff/door/%lld?error=waitlisted",
	    (long long)x.id);
	typed_code(dee.secret, code, sizeof(code));
	snprintf(fields, sizeof(fields), "action=in&code=%s", code);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	assert_string_equal(loc, want);
	snprintf(fields, sizeof(fields), "action=in&code=%s", eli.secret);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	assert_string_equal(loc, want);
	th_req(T, "GET", loc, NULL, NULL, Door.cookie, &r);
	assert_non_null(strstr(body(&r), "on the waiting list or cancelled"));
	resp_free(&r);

	/* Another session's ticket, and nonsense, are unknown here. */
	snprintf(want, sizeof(want), "/staff/door/%lld?error=unknown",
	    (long long)x.id);
	snprintf(fields, sizeof(fields), "action=in&code=%s", eve.secret);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	assert_string_equal(loc, want);
	snprintf(fields, sizeof(fields), "action=in&id=%lld", (long long)eve.id);
	door_post(&Door, x.id, fields, loc, sizeof(loc));
	assert_string_equal(loc, want);
	door_post(&Door, x.id, "action=in&code=NOPE-NOPE", loc, sizeof(loc));
	assert_string_equal(loc, want);
	th_req(T, "GET", loc, NULL, NULL, Door.cookie, &r);
	assert_non_null(strstr(body(&r), "No ticket with that code"));
	resp_free(&r);
	g = reg_of(&eve, a);
	assert_int_equal(g.checked_in_at, 0);
	g = reg_of(&dee, a);
	assert_int_equal(g.checked_in_at, 0);
	c = door_count(x.id);
	assert_int_equal(c.checked_in, 3);
	c = door_count(y.id);
	assert_int_equal(c.checked_in, 0);

	/* Without the form's token nothing happens. */
	snprintf(path, sizeof(path), "/staff/door/%lld/check", (long long)y.id);
	snprintf(fields, sizeof(fields), "csrf=wrong&action=in&code=%s",
	    eve.secret);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", fields,
	    Door.cookie, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	g = reg_of(&eve, a);
	assert_int_equal(g.checked_in_at, 0);
	arena_free(a);
}

/* --- 2. Credit and certificates ------------------------------------------ */

/* A past session where Ann stayed throughout and Ben came an hour late. */
static void
attended(struct sess *x, const char *title, struct person *ann,
    struct person *ben)
{
	mksession(x, title, 10);
	enrol(x, ann);
	enrol(x, ben);
	to_past(x);
	api_check_ok(ann, "in", x->starts - 300, 1, x->starts - 300, 0);
	api_check_ok(ann, "out", x->ends + 300, 1, x->starts - 300,
	    x->ends + 300);
	api_check_ok(ben, "in", x->starts + 3600, 1, x->starts + 3600, 0);
	api_check_ok(ben, "out", x->ends, 1, x->starts + 3600, x->ends);
}

static void
test_certificate(void **state)
{
	struct sess x;
	struct person ann = { "Ann Archer", "ann.cert@example.org", 0, "", "" };
	struct person ben = { "Ben Baker", "ben.cert@example.org", 0, "", "" };
	char path[256], code[32], code2[32], lower[32], bare[32], wrong[32];
	char *text;
	struct resp r;
	json_t *j;
	size_t i, k;

	(void)state;
	attended(&x, "Recognizing Exploitation in Clinics", &ann, &ben);

	/* The ticket pages tell each what they earned. */
	snprintf(path, sizeof(path), "/tickets/%s", ann.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Download your certificate"));
	assert_non_null(strstr(body(&r), "You earned 4 continuing-education"));
	snprintf(path, sizeof(path), "/tickets/%s/certificate.pdf", ann.secret);
	assert_non_null(strstr(body(&r), path));
	resp_free(&r);
	snprintf(path, sizeof(path), "/tickets/%s", ben.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(body(&r), "Download your certificate"));
	assert_non_null(strstr(body(&r), "No certificate: Attended less than "
	    "the session requires"));
	resp_free(&r);

	/* Ann's certificate: name, title, hours and the code. */
	text = get_certificate(&ann, code, sizeof(code));
	for (i = 0; i < strlen(code); i++)
		assert_true(code[i] == '-' ? i == 5 : core_code_char_ok(code[i]));
	if (strstr(text, "Ann Archer") == NULL ||
	    strstr(text, "Recognizing Exploitation in Clinics") == NULL ||
	    strstr(text, code) == NULL)
		fail_msg("the certificate lacks name, title or code %s: %s",
		    code, text);
	{
		/* "4" as the hours, a word of its own near "hour". */
		const char *h = strstr(text, "4 ");
		int found = 0;

		for (; h; h = strstr(h + 1, "4 "))
			if ((h == text || h[-1] == ' ') && (strncasecmp(h + 2,
			    "CE hour", 7) == 0 || strncasecmp(h + 2, "hour",
			    4) == 0 || strncasecmp(h + 2,
			    "continuing-education hour", 25) == 0 ||
			    strncasecmp(h + 2, "continuing education hour",
			    25) == 0))
				found = 1;
		if (!found)
			fail_msg("the certificate does not give 4 hours: %s",
			    text);
	}
	assert_null(strstr(text, ann.email));
	free(text);

	/* Twice: the same code. */
	text = get_certificate(&ann, code2, sizeof(code2));
	assert_string_equal(code, code2);
	assert_non_null(strstr(text, code));
	free(text);

	/* Ben attended less. */
	expect_no_certificate(&ben, "Attended less than the session requires");

	/* The verification page: the facts, nothing private. */
	snprintf(path, sizeof(path), "/verify/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Valid certificate"));
	assert_non_null(strstr(body(&r), "Ann Archer"));
	assert_non_null(strstr(body(&r), "Recognizing Exploitation in Clinics"));
	assert_non_null(strstr(body(&r), code));
	assert_null(strstr(body(&r), ann.email));
	assert_null(strstr(body(&r), "example.org"));
	assert_null(strstr(body(&r), ann.secret));
	assert_null(strstr(body(&r), "Ben Baker"));
	resp_free(&r);
	/* Typed in lower case, or without the dash. */
	for (i = 0, k = 0; code[i]; i++) {
		lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ?
		    code[i] - 'A' + 'a' : code[i]);
		if (code[i] != '-')
			bare[k++] = code[i];
	}
	lower[i] = '\0';
	bare[k] = '\0';
	snprintf(path, sizeof(path), "/verify/%s", lower);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Valid certificate"));
	assert_non_null(strstr(body(&r), "Ann Archer"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/verify/%s", bare);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Ann Archer"));
	resp_free(&r);
	/* The form sends to the code's page. */
	snprintf(path, sizeof(path), "/verify?code=%s", lower);
	th_get(T, path, &r);
	assert_int_equal(r.status, 303);
	{
		char loc[128], want[128];

		assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
		snprintf(want, sizeof(want), "/verify/%s", code);
		assert_string_equal(loc, want);
	}
	resp_free(&r);

	/* A wrong code (one character changed) is not found. */
	snprintf(wrong, sizeof(wrong), "%s", code);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	snprintf(path, sizeof(path), "/verify/%s", wrong);
	th_get(T, path, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(body(&r), "Certificate not found"));
	assert_null(strstr(body(&r), "Ann Archer"));
	resp_free(&r);
	th_get(T, "/verify/not-a-code", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);

	/* The API. */
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", lower);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(json_is_true(json_object_get(j, "valid")));
	assert_string_equal(json_string_value(json_object_get(j, "code")), code);
	assert_string_equal(json_string_value(json_object_get(j, "name")),
	    "Ann Archer");
	assert_string_equal(json_string_value(json_object_get(j, "session")),
	    "Recognizing Exploitation in Clinics");
	assert_string_equal(json_string_value(json_object_get(j, "instructor")),
	    "Dana Instructor");
	assert_string_equal(json_string_value(json_object_get(j, "city")),
	    "Missoula, MT");
	assert_non_null(strstr(json_string_value(json_object_get(j,
	    "provider")), "Door Test Task Force"));
	assert_true(json_number_value(json_object_get(j, "ce_hours")) == 4.0);
	{
		struct arena *a = arena_new();

		assert_string_equal(json_string_value(json_object_get(j, "date")),
		    fmt_day(a, "America/Denver", x.starts));
		arena_free(a);
	}
	assert_true(json_is_string(json_object_get(j, "event")));
	assert_true(json_is_string(json_object_get(j, "venue")));
	assert_true(json_time(j, "issued_at") > 0);
	assert_null(json_object_get(j, "email"));
	assert_null(strstr(body(&r), ann.secret));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", wrong);
	th_get(T, path, &r);
	assert_int_equal(r.status, 404);
	j = th_parse(&r);
	assert_true(json_is_string(json_object_get(j, "error")));
	json_decref(j);
	resp_free(&r);
}

/*
 * What a licensing board asks of a certificate: the licence number, the
 * provider (never the software), the format, the times and the boards'
 * statements the session chose, with its course number; the verification
 * page and API say the same and who issued it, and later edits to a
 * statement leave issued certificates as they were.
 */
static void
test_board_certificate(void **state)
{
	struct sess x;
	struct person eve = { "Eve Evans", "eve.board@example.org", 0, "", "" };
	char path[256], req[1024], code[32], *text;
	const char *v;
	int64_t aswb, post;
	struct resp r;
	json_t *j, *list;

	(void)state;
	mksession(&x, "Trafficking and the Licensed Professional", 10);
	/* Eve gives her licence number. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)x.id);
	th_json(T, "POST", path, "{\"name\":\"Eve Evans\",\"email\":"
	    "\"eve.board@example.org\",\"sector\":\"medical\","
	    "\"organization\":\"Lake Clinic\",\"county\":\"Lake\","
	    "\"license\":\"RN-98765\"}", &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	eve.id = json_integer_value(json_object_get(j, "id"));
	snprintf(eve.secret, sizeof(eve.secret), "%s",
	    json_string_value(json_object_get(j, "secret")));
	json_decref(j);
	resp_free(&r);

	/* The coordinator names the provider and writes two statements. */
	th_req(T, "PUT", "/api/v1/provider", "application/json",
	    "{\"name\":\"Missoula Human Trafficking Task Force\"}",
	    Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_req(T, "PUT", "/api/v1/provider", "application/json",
	    "{\"name\":\"\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "PUT", "/api/v1/provider", "application/json",
	    "{\"name\":\"A Door\"}", Door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	th_req(T, "POST", "/api/v1/approvals", "application/json",
	    "{\"board\":\"ASWB ACE\",\"statement\":\"[Provider], provider "
	    "#1234, is approved as an ACE provider to offer social work "
	    "continuing education by the Association of Social Work "
	    "Boards.\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	aswb = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	th_req(T, "POST", "/api/v1/approvals", "application/json",
	    "{\"board\":\"Montana POST\",\"statement\":\"Approved by the "
	    "Montana POST Council.\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	post = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	th_req(T, "POST", "/api/v1/approvals", "application/json",
	    "{\"board\":\"\",\"statement\":\"x\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);

	/* The session is live online and prints both, POST's with its number. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)x.id);
	th_req(T, "PATCH", path, "application/json",
	    "{\"delivery\":\"hologram\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "PATCH", path, "application/json",
	    "{\"delivery\":\"live_online\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "delivery")),
	    "live_online");
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/approvals",
	    (long long)x.id);
	th_req(T, "PUT", path, "application/json",
	    "{\"approvals\":[{\"id\":999999}]}", Coord.bearer, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	snprintf(req, sizeof(req), "{\"approvals\":[{\"id\":%lld,"
	    "\"course_number\":\"%061d\"}]}", (long long)post, 0);
	th_req(T, "PUT", path, "application/json", req, Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(req, sizeof(req), "{\"approvals\":[{\"id\":%lld},{\"id\":%lld,"
	    "\"course_number\":\"MT-POST-27-0042\"}]}", (long long)aswb,
	    (long long)post);
	th_req(T, "PUT", path, "application/json", req, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	list = json_object_get(j, "approvals");
	assert_int_equal(json_array_size(list), 2);
	json_decref(j);
	resp_free(&r);

	to_past(&x);
	api_check_ok(&eve, "in", x.starts, 1, x.starts, 0);
	api_check_ok(&eve, "out", x.ends, 1, x.starts, x.ends);
	text = get_certificate(&eve, code, sizeof(code));
	if (strstr(text, "Licence no. RN-98765") == NULL ||
	    strstr(text, "Live online") == NULL ||
	    strstr(text, "Provided by Missoula Human Trafficking Task Force") ==
	    NULL || strstr(text, "Missoula Human Trafficking Task Force, "
	    "provider #1234, is approved as an ACE provider") == NULL ||
	    strstr(text, "Approved by the Montana POST Council. Course number: "
	    "MT-POST-27-0042") == NULL || (strstr(text, " AM ") == NULL &&
	    strstr(text, " PM ") == NULL) ||
	    strstr(text, "Dana Instructor") == NULL ||
	    strstr(text, "4 continuing-education hours") == NULL ||
	    strstr(text, "convene") != NULL)
		fail_msg("the certificate lacks a board's fact: %s", text);
	free(text);

	/* A statement edited later leaves the issued certificate as it was. */
	snprintf(path, sizeof(path), "/api/v1/approvals/%lld", (long long)post);
	th_req(T, "PATCH", path, "application/json", "{\"board\":\"Montana "
	    "POST\",\"statement\":\"Rewritten.\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	snprintf(path, sizeof(path), "/verify/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "issued by Missoula Human Trafficking "
	    "Task Force"));
	assert_non_null(strstr(body(&r), "RN-98765"));
	assert_non_null(strstr(body(&r), "Live online"));
	assert_non_null(strstr(body(&r), "MT-POST-27-0042"));
	assert_non_null(strstr(body(&r), "Approved by the Montana POST "
	    "Council."));
	assert_null(strstr(body(&r), "Rewritten"));
	assert_null(strstr(body(&r), "by convene"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "license")),
	    "RN-98765");
	assert_string_equal(json_string_value(json_object_get(j, "delivery")),
	    "live_online");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "issued_by"), "name")), "Missoula Human Trafficking Task Force");
	/* The times as the board reads them, whatever the hour of the run. */
	v = json_string_value(json_object_get(j, "times"));
	assert_true(v != NULL && (strstr(v, " AM ") != NULL ||
	    strstr(v, " PM ") != NULL));
	list = json_object_get(j, "approvals");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 1), "course_number")), "MT-POST-27-0042");
	json_decref(j);
	resp_free(&r);
}

/* The roster's credit entry for registration id (parsed roster j). */
static json_t *
roster_credit(json_t *j, int64_t id)
{
	json_t *list = json_object_get(j, "registrations"), *e;
	size_t k;

	json_array_foreach(list, k, e)
		if (json_integer_value(json_object_get(e, "id")) == id)
			return json_object_get(e, "credit");
	fail_msg("registration %lld is not on the roster", (long long)id);
	return NULL;
}

/*
 * A tolerance forgives minutes late or early; partial credit gives whole
 * contact hours. Set through the API, the rule and each outcome show on the
 * roster (page and API) and decide the certificate's hours.
 */
static void
test_credit_rules(void **state)
{
	struct sess x, y;
	struct person kim = { "Kim Kline", "kim.rules@example.org", 0, "", "" };
	struct person lou = { "Lou Lane", "lou.rules@example.org", 0, "", "" };
	struct person mo = { "Mo Moss", "mo.rules@example.org", 0, "", "" };
	char path[128], code[32], *text;
	struct resp r;
	json_t *j, *c;

	(void)state;
	/* 15 minutes' tolerance: Kim 10 minutes late earns it, Lou 20 not. */
	mksession(&x, "Tolerance Training", 10);
	enrol(&x, &kim);
	enrol(&x, &lou);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)x.id);
	th_req(T, "PATCH", path, "application/json",
	    "{\"credit_tolerance_minutes\":241}", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "PATCH", path, "application/json",
	    "{\"credit_tolerance_minutes\":15}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "credit"), "tolerance_minutes")), 15);
	json_decref(j);
	resp_free(&r);
	to_past(&x);
	api_check_ok(&kim, "in", x.starts + 600, 1, x.starts + 600, 0);
	api_check_ok(&kim, "out", x.ends, 1, x.starts + 600, x.ends);
	api_check_ok(&lou, "in", x.starts + 1200, 1, x.starts + 1200, 0);
	api_check_ok(&lou, "out", x.ends, 1, x.starts + 1200, x.ends);
	text = get_certificate(&kim, code, sizeof(code));
	free(text);
	expect_no_certificate(&lou, "Attended less than the session requires");
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	c = roster_credit(j, lou.id);
	assert_string_equal(json_string_value(json_object_get(c, "outcome")),
	    "too_short");
	assert_int_equal(json_integer_value(json_object_get(c, "minutes")), 220);
	c = roster_credit(j, kim.id);
	assert_string_equal(json_string_value(json_object_get(c, "outcome")),
	    "met");
	assert_true(json_number_value(json_object_get(c, "hours")) == 4.0);
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "The whole session (15 minutes&#39; "
	    "tolerance late or early)"));
	assert_non_null(strstr(body(&r), "4 h credited"));
	assert_non_null(strstr(body(&r), "Attended less than the session "
	    "requires"));
	resp_free(&r);

	/* Partial credit: Mo stays 2 hours 50 minutes and earns 2 hours. */
	mksession(&y, "Partial Credit Training", 10);
	enrol(&y, &mo);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)y.id);
	th_req(T, "PATCH", path, "application/json",
	    "{\"credit_partial\":true}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	to_past(&y);
	api_check_ok(&mo, "in", y.starts, 1, y.starts, 0);
	api_check_ok(&mo, "out", y.starts + 170 * 60, 1, y.starts,
	    y.starts + 170 * 60);
	snprintf(path, sizeof(path), "/tickets/%s", mo.secret);
	th_get(T, path, &r);
	assert_non_null(strstr(body(&r), "You earned 2 continuing-education"));
	resp_free(&r);
	text = get_certificate(&mo, code, sizeof(code));
	if (strstr(text, "2 continuing-education hours") == NULL)
		fail_msg("partial credit is not 2 hours: %s", text);
	free(text);
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", code);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_true(json_number_value(json_object_get(j, "ce_hours")) == 2.0);
	json_decref(j);
	resp_free(&r);
}

/* The coordinator's "Issue certificates" button does what certify does. */
static void
test_web_certify(void **state)
{
	struct sess x;
	struct person ann = { "Ann Archer", "ann.web@example.org", 0, "", "" };
	struct person ben = { "Ben Baker", "ben.web@example.org", 0, "", "" };
	char path[128];
	struct resp r;
	json_t *j, *e;

	(void)state;
	attended(&x, "Issued From The Web", &ann, &ben);
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_non_null(strstr(body(&r), "Issue certificates"));
	resp_free(&r);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_null(strstr(body(&r), "Issue certificates"));
	resp_free(&r);

	snprintf(path, sizeof(path), "/staff/sessions/%lld/certify",
	    (long long)x.id);
	staff_post(&Door, path, "", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	staff_post(&Coord, path, "", &r);
	assert_int_equal(r.status, 200);
	if (strstr(body(&r), "1 certificate issued now, 0 issued before; 1 "
	    "person is still short.") == NULL || strstr(body(&r), "Ben Baker")
	    == NULL || strstr(body(&r), "Attended less than the session "
	    "requires") == NULL || strstr(body(&r), "Ann Archer") == NULL)
		fail_msg("the result does not say who got one and who is "
		    "short: %s", body(&r));
	resp_free(&r);
	/* Again: nothing new, the code kept. */
	staff_post(&Coord, path, "", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "0 certificates issued now, 1 issued "
	    "before"));
	resp_free(&r);

	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/certificates",
	    (long long)x.id);
	th_req(T, "POST", path, "application/json", "{}", Door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	th_req(T, "POST", path, "application/json", "{}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "issued")), 0);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "issued_before")), 1);
	e = json_array_get(json_object_get(j, "short"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "name")),
	    "Ben Baker");
	assert_string_equal(json_string_value(json_object_get(e, "outcome")),
	    "too_short");
	e = json_array_get(json_object_get(j, "certificates"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "name")),
	    "Ann Archer");
	assert_int_equal(strlen(json_string_value(json_object_get(e, "code"))),
	    CERT_CODE_LEN + 1);
	json_decref(j);
	resp_free(&r);
}

/* --- People are told -------------------------------------------------- */

/* How many outbox messages went to address with template tmpl; *ics the
 * session of the last one's calendar file. */
static int
outbox_to(const char *address, const char *tmpl, int64_t *ics)
{
	struct arena *a = arena_new();
	struct store_mail *m;
	size_t n, i;
	int count = 0;

	th_commit();
	/* Nothing is sent here (no SMTP): every message is still due. */
	assert_int_equal(store_outbox_due(T->s, a, now_utc() + 86400, 100000,
	    &m, &n), STORE_OK);
	for (i = 0; i < n; i++)
		if (strcmp(m[i].to, address) == 0 && m[i].template &&
		    strcmp(m[i].template, tmpl) == 0) {
			if (count++ == 0 && ics)
				*ics = m[i].ics_session_id;
		}
	arena_free(a);
	return count;
}

/* Moving a person, confirming by hand and a staff cancel tell the person. */
static void
test_staff_messages(void **state)
{
	struct sess x, y;
	struct person pat = { "Pat Post", "pat.told@example.org", 0, "", "" };
	struct person quinn = { "Quinn Q", "quinn.told@example.org", 0, "", "" };
	char path[128], req[128];
	struct resp r;
	int64_t ics = 0;

	(void)state;
	mksession(&x, "Told Training", 1);
	mksession(&y, "Told Training Two", 10);
	enrol(&x, &pat);
	enrol(&x, &quinn);
	assert_string_equal(quinn.status, "waitlisted");

	snprintf(path, sizeof(path), "/api/v1/registrations/%lld/promote",
	    (long long)quinn.id);
	assert_int_equal(outbox_to(quinn.email, "confirmed", NULL), 0);
	th_req(T, "POST", path, "application/json", "{}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(outbox_to(quinn.email, "confirmed", &ics), 1);
	assert_int_equal(ics, x.id);

	snprintf(path, sizeof(path), "/api/v1/registrations/%lld/move",
	    (long long)pat.id);
	snprintf(req, sizeof(req), "{\"session_id\":%lld}", (long long)y.id);
	th_req(T, "POST", path, "application/json", req, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(outbox_to(pat.email, "moved", &ics), 1);
	assert_int_equal(ics, y.id);	/* the new session's calendar file */

	snprintf(path, sizeof(path), "/api/v1/registrations/%lld/cancel",
	    (long long)pat.id);
	th_req(T, "POST", path, "application/json", "{}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(outbox_to(pat.email, "registration_cancelled", NULL),
	    1);
}

/* Moves a session to start at starts (4 hours long). */
static void
set_start(struct sess *x, int64_t starts)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "UPDATE sessions SET starts_at = %lld, "
	    "ends_at = %lld WHERE id = %lld", (long long)starts,
	    (long long)(starts + 4 * 3600), (long long)x->id);
	th_exec(T, sql, sql);
	x->starts = starts;
	x->ends = starts + 4 * 3600;
	cache_invalidate();
}

struct remind_arg {
	struct store	*s;
	size_t		 sent;
	int		 rc;
};

static void *
remind_thread(void *arg)
{
	struct remind_arg *ra = arg;
	struct app app;

	memset(&app, 0, sizeof(app));
	app.store = ra->s;
	ra->rc = app_reminders(&app, &ra->sent);
	return NULL;
}

/*
 * The day-before reminder (ticket and calendar file) and the evaluation
 * reminder go once each, however often they run, and once when two
 * connections (two nodes) run them at the same moment.
 */
static void
test_reminders(void **state)
{
	struct sess x, far, ev;
	struct person p[12], late, ret, absent;
	char names[12][32], emails[12][48], sql[160];
	struct remind_arg ra[2];
	pthread_t th[2];
	size_t sent, i;
	int64_t now = now_utc(), ics = 0;
	int k;

	(void)state;
	/* Run what earlier tests left due, so that counts below are ours. */
	assert_int_equal(app_reminders(th_app(T), &sent), STORE_OK);

	mksession(&x, "Reminded Training", 50);
	mksession(&far, "Far Training", 50);
	for (i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "Rem %zu", i);
		snprintf(emails[i], sizeof(emails[i]), "rem%zu@example.org", i);
		p[i].name = names[i];
		p[i].email = emails[i];
		enrol(&x, &p[i]);
	}
	late = (struct person){ "Late Lee", "late.rem@example.org", 0, "", "" };
	enrol(&x, &late);
	ret = (struct person){ "Far Fay", "far.rem@example.org", 0, "", "" };
	enrol(&far, &ret);
	/* One cancelled, and one who registered within 12 hours of the start:
	 * neither is reminded. */
	snprintf(sql, sizeof(sql), "UPDATE registrations SET status = "
	    "'cancelled' WHERE id = %lld", (long long)p[11].id);
	th_exec(T, sql, sql);
	set_start(&x, now + 20 * 3600);
	snprintf(sql, sizeof(sql), "UPDATE registrations SET created_at = %lld "
	    "WHERE id = %lld", (long long)(now + 9 * 3600), (long long)late.id);
	th_exec(T, sql, sql);
	set_start(&far, now + 3 * 86400);

	/* Two nodes at once: each reminder still goes once. */
	for (k = 0; k < 2; k++) {
		ra[k].s = store_open(T->db, 0);
		assert_non_null(ra[k].s);
		ra[k].sent = 0;
		assert_int_equal(pthread_create(&th[k], NULL, remind_thread,
		    &ra[k]), 0);
	}
	for (k = 0; k < 2; k++) {
		assert_int_equal(pthread_join(th[k], NULL), 0);
		assert_int_equal(ra[k].rc, STORE_OK);
		store_close(ra[k].s);
	}
	assert_int_equal(ra[0].sent + ra[1].sent, 11);
	for (i = 0; i < 11; i++)
		assert_int_equal(outbox_to(p[i].email, "reminder", NULL), 1);
	assert_int_equal(outbox_to(p[0].email, "reminder", &ics), 1);
	assert_int_equal(ics, x.id);	/* with the calendar file */
	assert_int_equal(outbox_to(p[11].email, "reminder", NULL), 0);
	assert_int_equal(outbox_to(late.email, "reminder", NULL), 0);
	assert_int_equal(outbox_to(ret.email, "reminder", NULL), 0);
	/* Again: nothing more. */
	assert_int_equal(app_reminders(th_app(T), &sent), STORE_OK);
	assert_int_equal(sent, 0);

	/* After a session whose certificate needs the evaluation: those who
	 * came and have not filled it in are reminded, once. */
	mksession(&ev, "Evaluated Training", 50);
	ret = (struct person){ "Eval Eli", "eval.rem@example.org", 0, "", "" };
	absent = (struct person){ "Away Al", "away.rem@example.org", 0, "",
	    "" };
	enrol(&ev, &ret);
	enrol(&ev, &absent);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET eval_required = 1 "
	    "WHERE id = %lld", (long long)ev.id);
	th_exec(T, sql, sql);
	to_past(&ev);
	api_check_ok(&ret, "in", ev.starts, 1, ev.starts, 0);
	api_check_ok(&ret, "out", ev.ends, 1, ev.starts, ev.ends);
	assert_int_equal(app_reminders(th_app(T), &sent), STORE_OK);
	assert_int_equal(sent, 1);
	assert_int_equal(outbox_to(ret.email, "evaluation_reminder", NULL), 1);
	assert_int_equal(outbox_to(absent.email, "evaluation_reminder", NULL),
	    0);
	assert_int_equal(app_reminders(th_app(T), &sent), STORE_OK);
	assert_int_equal(sent, 0);
	assert_int_equal(outbox_to(ret.email, "evaluation_reminder", NULL), 1);
}

/*
 * A lost ticket: the link goes only to the address registered, the page
 * answers alike whether or not it is, at most once per ten minutes; and
 * without e-mail coordinators see how many messages wait.
 */
static void
test_lost_ticket(void **state)
{
	struct sess x;
	struct person ro = { "Ro Reed", "ro.lost@example.org", 0, "", "" };
	char path[128], *known, *unknown, *p;
	struct resp r;
	json_t *j;

	(void)state;
	mksession(&x, "Lost Ticket Training", 10);
	enrol(&x, &ro);
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)x.id);
	th_get(T, path, &r);
	assert_non_null(strstr(body(&r), "Lost your ticket?"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/sessions/%lld/ticket-request",
	    (long long)x.id);
	th_form(T, path, "email=RO.LOST%40example.org", &r);
	assert_int_equal(r.status, 200);
	known = xstrdup(body(&r));
	resp_free(&r);
	th_form(T, path, "email=nobody.lost%40example.org", &r);
	assert_int_equal(r.status, 200);
	unknown = xstrdup(body(&r));
	resp_free(&r);
	/* The same page, and no ticket on it. */
	assert_string_equal(known, unknown);
	assert_non_null(strstr(known, "If that address is registered"));
	assert_null(strstr(known, ro.secret));
	free(known);
	free(unknown);
	assert_int_equal(outbox_to(ro.email, "ticket_lost", NULL), 1);
	assert_int_equal(outbox_to("nobody.lost@example.org", "ticket_lost",
	    NULL), 0);
	/* Within ten minutes: answered alike, nothing more sent. */
	th_form(T, path, "email=ro.lost%40example.org", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/ticket-requests",
	    (long long)x.id);
	th_json(T, "POST", path, "{\"email\":\"ro.lost@example.org\"}", &r);
	assert_int_equal(r.status, 202);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "sent");
	json_decref(j);
	resp_free(&r);
	th_json(T, "POST", path, "{\"email\":\"someone@example.org\"}", &r);
	assert_int_equal(r.status, 202);
	resp_free(&r);
	th_json(T, "POST", path, "{\"email\":\"not an address\"}", &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	assert_int_equal(outbox_to(ro.email, "ticket_lost", NULL), 1);

	/* No SMTP in this server: coordinators see the messages waiting. */
	th_req(T, "GET", "/staff", NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	p = strstr(body(&r), "E-mail is not set up: ");
	assert_non_null(p);
	assert_true(atoi(p + strlen("E-mail is not set up: ")) > 0);
	assert_non_null(strstr(p, "messages waiting"));
	resp_free(&r);
	th_req(T, "GET", "/staff", NULL, NULL, Door.cookie, &r);
	assert_null(strstr(body(&r), "E-mail is not set up"));
	resp_free(&r);
}

/*
 * Retention: boards audit six years back (nursing boards ask for that).
 * A professional session seven years old keeps its attendance, the
 * licence numbers and its certificates through every purge, however
 * short; a public session as old is cleared.
 */
static void
test_retention(void **state)
{
	struct sess x;
	struct person old = { "Olga Old", "olga.kept@example.org", 0, "", "" };
	struct store_certificate c;
	struct store_registration g;
	struct arena *a = arena_new();
	int64_t now = now_utc(), seven = now - 7 * 366 * 86400, n, pub;
	char sql[512], path[128], hash[TOKEN_HASH_HEX];
	struct resp r;
	int fresh;

	(void)state;
	mksession(&x, "Seven Years Ago Training", 10);
	enrol(&x, &old);
	set_start(&x, seven);
	snprintf(sql, sizeof(sql), "UPDATE registrations SET license = "
	    "'RN-777', checked_in_at = %lld, checked_out_at = %lld, "
	    "created_at = %lld WHERE id = %lld", (long long)seven,
	    (long long)(seven + 4 * 3600), (long long)(seven - 86400),
	    (long long)old.id);
	th_exec(T, sql, sql);
	assert_int_equal(app_certify(th_app(T), a, old.id, &c, &fresh),
	    STORE_OK);
	assert_true(fresh);
	/* A public session as old, with a name given. */
	pub = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET starts_at = %lld, "
	    "ends_at = %lld WHERE id = %lld", (long long)seven,
	    (long long)(seven + 3600), (long long)pub);
	th_exec(T, sql, sql);
	/* The store finds a ticket by its code's hash. */
	token_hash("retention-public-secret", hash);
	snprintf(sql, sizeof(sql), "INSERT INTO registrations (session_id, "
	    "secret_hash, status, name, email, email_norm, created_at, updated_at, "
	    "source) VALUES (%lld, '%s', 'confirmed', "
	    "'Pub Lic', 'pub.lic@example.org', 'pub.lic@example.org', %lld, "
	    "%lld, 'web')", (long long)pub, hash, (long long)seven,
	    (long long)seven);
	th_exec(T, sql, sql);

	/* The daily purge, and the shortest one there is. */
	assert_int_equal(app_purge(th_app(T), now - 30 * 86400, &n), STORE_OK);
	assert_true(n >= 1);
	assert_int_equal(app_purge(th_app(T), now, &n), STORE_OK);
	g = reg_of(&old, a);
	assert_string_equal(g.name, "Olga Old");
	assert_string_equal(g.email, "olga.kept@example.org");
	assert_string_equal(g.license, "RN-777");
	assert_string_equal(g.sector, "medical");
	assert_int_equal(g.checked_in_at, seven);
	assert_int_equal(g.checked_out_at, seven + 4 * 3600);
	assert_int_equal(store_certificate_by_code(T->s, a, c.code, &c),
	    STORE_OK);
	assert_string_equal(c.name, "Olga Old");
	assert_string_equal(c.license, "RN-777");
	snprintf(path, sizeof(path), "/verify/%s", c.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Olga Old"));
	resp_free(&r);
	/* The public one is cleared. */
	assert_int_equal(store_ticket_get(T->s, a, "retention-public-secret",
	    &g), STORE_OK);
	assert_null(g.name);
	assert_null(g.email);
	arena_free(a);
}

/* The console's finish: saved states, a cancel that asks first, move
 * targets that can take the person, labelled; the home page's cards; the
 * provider's name on public pages. */
static void
test_console_finish(void **state)
{
	struct sess full, open, past, edu;
	struct person pia = { "Pia Finish", "pia.finish@example.org", 0, "", "" };
	char path[160], want[256], loc[256], sql[128];
	struct arena *a = arena_new();
	int64_t pub;
	struct resp r;

	(void)state;
	mksession(&full, "Finish Full Training", 1);
	mksession(&open, "Finish Open Training", 10);
	mksession(&past, "Finish Past Training", 10);
	mksession(&edu, "Finish Teachers Training", 10);
	pub = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET sectors = %u WHERE "
	    "id = %lld", 1u << SECTOR_EDUCATION, (long long)edu.id);
	th_exec(T, sql, sql);
	enrol(&full, &pia);
	to_past(&past);
	cache_invalidate();

	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations",
	    (long long)full.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "<details class=\"confirm\">"));
	assert_non_null(strstr(body(&r), "Yes, cancel the registration"));
	/* Long values wrap instead of stretching the table. */
	assert_non_null(strstr(body(&r), "<td class=\"wrap\">Pia Finish"));
	snprintf(want, sizeof(want), "<option value=\"%lld\">%s, ",
	    (long long)open.id, fmt_short_day(a, "America/Denver",
	    open.starts));
	if (strstr(body(&r), want) == NULL)
		fail_msg("no dated move target %s", want);
	assert_non_null(strstr(body(&r), "Finish Open Training"));
	assert_null(strstr(body(&r), "Finish Past Training"));
	assert_null(strstr(body(&r), "Finish Teachers Training"));
	snprintf(want, sizeof(want), "<option value=\"%lld\">", (long long)pub);
	assert_null(strstr(body(&r), want));
	resp_free(&r);

	/* Saved, said on the page it lands on. */
	staff_post(&Coord, "/staff/certificates/provider",
	    "name=Finish+Task+Force", &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	assert_string_equal(loc, "/staff/certificates/settings?saved=1");
	resp_free(&r);
	th_req(T, "GET", loc, NULL, NULL, Coord.cookie, &r);
	assert_non_null(strstr(body(&r), "role=\"status\">Saved.</p>"));
	resp_free(&r);
	/* Failed: a clear message, nothing saved. */
	staff_post(&Coord, "/staff/certificates/provider", "name=", &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);

	/* The home page: time, places left or waiting list, a register link,
	 * and the provider's name. */
	th_get(T, "/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "class=\"brand\" href=\"/\">Finish "
	    "Task Force</a>"));
	snprintf(want, sizeof(want), "href=\"/sessions/%lld/register\">"
	    "Register", (long long)open.id);
	assert_non_null(strstr(body(&r), want));
	assert_non_null(strstr(body(&r), "10 places left"));
	snprintf(want, sizeof(want), "href=\"/sessions/%lld/register\">Join "
	    "the waiting list", (long long)full.id);
	assert_non_null(strstr(body(&r), want));
	assert_non_null(strstr(body(&r), "Waiting list"));
	assert_non_null(strstr(body(&r), fmt_clock(a, "America/Denver",
	    open.starts)));
	resp_free(&r);
	arena_free(a);
}

static char *run(const char *cmd, int *status);

/* Sends len bytes of data (NULs and all) as the body. */
static void
req_bytes(const char *method, const char *path, const char *ctype,
    const void *data, size_t len, const char *extra, struct resp *r)
{
	struct curl_slist *hdrs = NULL;
	CURL *c;

	hdrs = curl_slist_append(hdrs, extra);
	c = th_easy(T, method, path, ctype, "", &hdrs, r);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
}

/* cairo's PNG writer into a struct buf. */
static cairo_status_t
png_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* A small PNG logo (w by h) in b. */
static void
make_png(struct buf *b, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
	    h);
	cairo_t *cr = cairo_create(s);

	cairo_set_source_rgb(cr, 0.1, 0.3, 0.5);
	cairo_paint(cr);
	cairo_destroy(cr);
	buf_init(b, 0);
	assert_int_equal(cairo_surface_write_to_png_stream(s, png_to_buf, b),
	    CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* A small JPEG logo by libjpeg; *len its size (the caller frees it). */
static unsigned char *
make_jpeg(unsigned long *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned char *out = NULL, row[3 * 40];
	JSAMPROW rows[1] = { row };
	int i;

	for (i = 0; i < (int)sizeof(row); i++)
		row[i] = (unsigned char)(i * 5);
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	*len = 0;
	jpeg_mem_dest(&c, &out, len);
	c.image_width = 40;
	c.image_height = 20;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height)
		jpeg_write_scanlines(&c, rows, 1);
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return out;
}

/*
 * The logo: a PNG or JPEG of up to 256 KiB, checked by decoding it, kept
 * in the database, on public pages and certificates; anything else is
 * refused and changes nothing.
 */
static void
test_logo(void **state)
{
	struct sess x;
	struct person lo = { "Lo Logo", "lo.logo@example.org", 0, "", "" };
	struct buf png, big, form;
	unsigned char *jpeg;
	unsigned long jlen;
	char path[160], hdr[256], loc[256], code[32], *text, *out;
	struct resp r;
	int status;
	FILE *f;

	(void)state;
	make_png(&png, 120, 60);
	th_req(T, "PUT", "/api/v1/provider/logo", "image/png", png.data,
	    Door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* th_req sends a string: a PNG has NULs, so send it by length. */
	req_bytes("PUT", "/api/v1/provider/logo", "image/png", png.data,
	    png.len, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_get(T, "/logo", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", hdr, sizeof(hdr)), 0);
	assert_string_equal(hdr, "image/png");
	assert_int_equal(r.body.len, png.len);
	assert_memory_equal(r.body.data, png.data, png.len);
	resp_free(&r);
	th_get(T, "/", &r);
	assert_non_null(strstr(body(&r), "<img class=\"site-logo\" "
	    "src=\"/logo\""));
	resp_free(&r);

	/* A broken PNG, a PDF called a PNG, and too much: refused. */
	th_req(T, "PUT", "/api/v1/provider/logo", "image/png",
	    "\x89PNG\r\n\x1a\nnot really", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "PUT", "/api/v1/provider/logo", "image/png",
	    "%PDF-1.5 a document", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	buf_init(&big, 0);
	while (big.len < 300 * 1024)
		buf_append(&big, "x", 1);
	{
		/* Expect: the 413 comes before the body, which curl then does
		 * not send (rather than failing to send into a closed
		 * connection). */
		struct curl_slist *hdrs = NULL;
		CURL *c;

		hdrs = curl_slist_append(hdrs, Coord.bearer);
		hdrs = curl_slist_append(hdrs, "Expect: 100-continue");
		c = th_easy(T, "PUT", "/api/v1/provider/logo", "image/png",
		    big.data, &hdrs, &r);
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_cleanup(c);
		curl_slist_free_all(hdrs);
	}
	assert_int_equal(r.status, 413);
	resp_free(&r);
	buf_free(&big);
	th_get(T, "/logo", &r);
	assert_int_equal(r.body.len, png.len);	/* unchanged */
	resp_free(&r);

	/* The page's upload form: a JPEG, as multipart/form-data. */
	jpeg = make_jpeg(&jlen);
	buf_init(&form, 0);
	buf_printf(&form, "--b0und\r\nContent-Disposition: form-data; "
	    "name=\"csrf\"\r\n\r\n%s\r\n--b0und\r\nContent-Disposition: "
	    "form-data; name=\"logo\"; filename=\"logo.jpg\"\r\nContent-Type: "
	    "image/jpeg\r\n\r\n", Coord.csrf);
	buf_append(&form, jpeg, jlen);
	buf_puts(&form, "\r\n--b0und--\r\n");
	free(jpeg);
	req_bytes("POST", "/staff/certificates/logo", "multipart/form-data; "
	    "boundary=b0und", form.data, form.len, Coord.cookie, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	buf_free(&form);
	th_get(T, "/logo", &r);
	assert_int_equal(th_header(&r, "Content-Type", hdr, sizeof(hdr)), 0);
	assert_string_equal(hdr, "image/jpeg");
	resp_free(&r);

	/* On the certificate: an embedded JPEG image. */
	mksession(&x, "Logo Training", 10);
	enrol(&x, &lo);
	to_past(&x);
	api_check_ok(&lo, "in", x.starts, 1, x.starts, 0);
	api_check_ok(&lo, "out", x.ends, 1, x.starts, x.ends);
	snprintf(path, sizeof(path), "/tickets/%s/certificate.pdf", lo.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof(path), "%s/logo-cert.pdf", T->dir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(r.body.data, 1, r.body.len, f), r.body.len);
	fclose(f);
	resp_free(&r);
	snprintf(hdr, sizeof(hdr), "pdfimages -list '%s'", path);
	out = run(hdr, &status);
	assert_int_equal(status, 0);
	if (strstr(out, "jpeg") == NULL)
		fail_msg("no logo on the certificate: %s", out);
	free(out);
	text = get_certificate(&lo, code, sizeof(code));
	free(text);

	/* Removed: gone from the pages too. */
	staff_post(&Coord, "/staff/certificates/logo", "remove=1", &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	resp_free(&r);
	th_get(T, "/logo", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_get(T, "/", &r);
	assert_null(strstr(body(&r), "site-logo"));
	resp_free(&r);
	buf_free(&png);
}

/* --- 3. Closing and corrections ------------------------------------------- */

static void
close_as(const struct ident *u, int64_t sid, const char *mode, long want)
{
	char path[128], fields[64];
	struct resp r;

	snprintf(path, sizeof(path), "/staff/sessions/%lld/close",
	    (long long)sid);
	snprintf(fields, sizeof(fields), "mode=%s", mode);
	staff_post(u, path, fields, &r);
	if (r.status != want)
		fail_msg("close %s as %s: %ld, want %ld: %.300s", mode, u->name,
		    r.status, want, body(&r));
	resp_free(&r);
}

static void
test_close_and_correct(void **state)
{
	struct sess x;
	struct person fay = { "Fay Fisher", "fay@example.org", 0, "", "" };
	struct person hal = { "Hal Hughes", "hal@example.org", 0, "", "" };
	struct person gus = { "Gus Grant", "gus@example.org", 0, "", "" };
	struct arena *a = arena_new();
	struct store_registration g;
	struct store_audit *au;
	size_t n, i;
	char path[256], fields[512], in[32], out[32], code[32];
	char *text;
	struct resp r;
	json_t *j, *e;
	int found = 0;

	(void)state;
	mksession(&x, "Closing Time Training", 10);
	enrol(&x, &fay);
	enrol(&x, &hal);
	enrol(&x, &gus);
	to_past(&x);
	/* Fay and Hal come on time and never check out; Gus comes late. */
	api_check_ok(&fay, "in", x.starts, 1, x.starts, 0);
	api_check_ok(&hal, "in", x.starts, 1, x.starts, 0);
	api_check_ok(&gus, "in", x.starts + 3600, 1, x.starts + 3600, 0);
	api_check_ok(&gus, "out", x.ends, 1, x.starts + 3600, x.ends);

	/* Open: no check-out, no certificate. */
	expect_no_certificate(&fay, "Not checked out");
	snprintf(path, sizeof(path), "/tickets/%s", fay.secret);
	th_get(T, path, &r);
	assert_non_null(strstr(body(&r), "No certificate: Not checked out"));
	resp_free(&r);

	/* Door staff may not close a session. */
	close_as(&Door, x.id, "end", 403);
	close_as(&Coord, x.id, "sideways", 422);
	expect_no_certificate(&fay, "Not checked out");

	/* Closed with no credit for a missing check-out: still none. */
	close_as(&Coord, x.id, "no_credit", 303);
	expect_no_certificate(&fay, "Not checked out");
	expect_no_certificate(&hal, "Not checked out");

	/* Closed at the end: no check-out means they stayed. */
	close_as(&Coord, x.id, "end", 303);
	snprintf(path, sizeof(path), "/tickets/%s", fay.secret);
	th_get(T, path, &r);
	assert_non_null(strstr(body(&r), "Download your certificate"));
	resp_free(&r);
	text = get_certificate(&fay, code, sizeof(code));
	assert_non_null(strstr(text, "Fay Fisher"));
	free(text);
	/* Gus still came late. */
	expect_no_certificate(&gus, "Attended less");

	/* Back to no credit: Hal, who did not download in time, has none;
	 * Fay's certificate stays valid. */
	close_as(&Coord, x.id, "no_credit", 303);
	expect_no_certificate(&hal, "Not checked out");
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* Reopened: the same. */
	close_as(&Coord, x.id, "open", 303);
	expect_no_certificate(&hal, "Not checked out");

	/* A coordinator's correction for Gus: on time after all. */
	denver_local(x.starts, in, sizeof(in));
	denver_local(x.ends, out, sizeof(out));
	snprintf(path, sizeof(path), "/staff/registrations/%lld/times",
	    (long long)gus.id);
	/* No reason: refused, nothing changed. */
	snprintf(fields, sizeof(fields), "in=%s&out=%s&reason=", in, out);
	staff_post(&Coord, path, fields, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(fields, sizeof(fields), "in=%s&out=%s", in, out);
	staff_post(&Coord, path, fields, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	/* Out before in: refused. */
	snprintf(fields, sizeof(fields), "in=%s&out=%s&reason=Backwards", out,
	    in);
	staff_post(&Coord, path, fields, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	/* Not a time: refused. */
	snprintf(fields, sizeof(fields), "in=yesterday&out=%s&reason=Bad", out);
	staff_post(&Coord, path, fields, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	/* Door staff may not correct. */
	snprintf(fields, sizeof(fields), "in=%s&out=%s&reason=Door+says+so", in,
	    out);
	staff_post(&Door, path, fields, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	g = reg_of(&gus, a);
	assert_int_equal(g.checked_in_at, x.starts + 3600);
	assert_int_equal(g.checked_out_at, x.ends);
	expect_no_certificate(&gus, "Attended less");

	snprintf(fields, sizeof(fields), "in=%s&out=%s&reason=Signed+the+paper+"
	    "sheet+at+9%%3A00%%3B+scanner+was+down", in, out);
	staff_post(&Coord, path, fields, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	g = reg_of(&gus, a);
	assert_int_equal(g.checked_in_at, x.starts);
	assert_int_equal(g.checked_out_at, x.ends);
	text = get_certificate(&gus, code, sizeof(code));
	assert_non_null(strstr(text, "Gus Grant"));
	free(text);

	/* The audit log has who, what and why. */
	th_req(T, "GET", "/api/v1/audit?limit=50", NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	json_array_foreach(json_object_get(j, "audit"), i, e) {
		char object[64];
		json_t *af;
		json_error_t err;

		snprintf(object, sizeof(object), "registration %lld",
		    (long long)gus.id);
		if (strcmp(json_string_value(json_object_get(e, "action")),
		    "registration.times") != 0 ||
		    strcmp(json_string_value(json_object_get(e, "object")),
		    object) != 0)
			continue;
		found++;
		assert_string_equal(json_string_value(json_object_get(e,
		    "user")), Coord.name);
		af = json_loads(json_string_value(json_object_get(e, "after")),
		    0, &err);
		assert_non_null(af);
		assert_string_equal(json_string_value(json_object_get(af,
		    "reason")), "Signed the paper sheet at 9:00; scanner was down");
		assert_int_equal(json_integer_value(json_object_get(af,
		    "checked_in_at")), x.starts);
		json_decref(af);
		af = json_loads(json_string_value(json_object_get(e, "before")),
		    0, &err);
		assert_non_null(af);
		assert_int_equal(json_integer_value(json_object_get(af,
		    "checked_in_at")), x.starts + 3600);
		json_decref(af);
	}
	/* One correction only: the refused ones left no trace. */
	assert_int_equal(found, 1);
	json_decref(j);
	resp_free(&r);
	/* And the closings are audited too. */
	assert_int_equal(store_audit_list(T->s, a, 100, &au, &n), STORE_OK);
	for (i = 0, found = 0; i < n; i++)
		if (strcmp(au[i].action, "session.close") == 0)
			found++;
	assert_true(found >= 4);
	arena_free(a);
}

/* --- 4. The sign-in sheet -------------------------------------------------- */

static void
test_signin_sheet(void **state)
{
	struct sess x;
	struct person ann = { "Ann Archer", "ann.sheet@example.org", 0, "", "" };
	struct person ben = { "Ben Baker", "ben.sheet@example.org", 0, "", "" };
	char path[128], v[256];
	char *text;
	struct resp r;

	(void)state;
	attended(&x, "Sign In Sheet Training", &ann, &ben);
	snprintf(path, sizeof(path), "UPDATE registrations SET license = "
	    "'RN-55501' WHERE id = %lld", (long long)ann.id);
	th_exec(T, path, path);
	snprintf(path, sizeof(path), "/staff/sessions/%lld/signin.pdf",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)), 0);
	assert_non_null(strstr(v, "application/pdf"));
	text = pdf_text(&r);
	resp_free(&r);
	squeeze(text);
	if (strstr(text, "Ann Archer") == NULL ||
	    strstr(text, "Ben Baker") == NULL ||
	    strstr(text, "Sign In Sheet Training") == NULL)
		fail_msg("the sheet lacks a name or the title: %s", text);
	/* Full times, sector, organisation, licence, the credit and its rule. */
	{
		struct arena *a = arena_new();
		const char *want[] = {
			fmt_clock(a, "America/Denver", x.starts - 300),
			fmt_clock(a, "America/Denver", x.ends + 300),
			fmt_clock(a, "America/Denver", x.starts + 3600),
			fmt_clock(a, "America/Denver", x.ends),
			arena_printf(a, "%s 4 ", fmt_clock(a,
			    "America/Denver", x.ends + 300)),
			"Lake Clinic", "Medical", "RN-55501", "Short",
			"Credit rule: The whole session", "Licence no.",
		};
		size_t i;

		for (i = 0; i < ARRAY_LEN(want); i++)
			if (strstr(text, want[i]) == NULL)
				fail_msg("the sheet lacks \"%s\": %s", want[i],
				    text);
		arena_free(a);
	}
	free(text);

	th_req(T, "GET", path, NULL, NULL, Moderator.cookie, &r);
	assert_int_equal(r.status, 403);
	assert_null(strstr(body(&r), "%PDF"));
	resp_free(&r);
	th_get(T, path, &r);	/* nobody */
	assert_int_equal(r.status, 303);
	resp_free(&r);
}

/* --- 5. convene certify ---------------------------------------------------- */

/* Runs a command; its output (malloc'd) and exit status. */
static char *
run(const char *cmd, int *status)
{
	struct buf out;
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");

	assert_non_null(p);
	buf_init(&out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&out, chunk, n);
	*status = pclose(p);
	if (out.data == NULL)
		buf_append(&out, "", 1);
	return out.data;
}

/* The output line naming who; NULL when none (points into out). */
static const char *
line_of(const char *out, const char *who, char *line, size_t linesz)
{
	const char *p = strstr(out, who), *b;
	size_t len;

	if (p == NULL)
		return NULL;
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	len = strcspn(b, "\n");
	snprintf(line, linesz, "%.*s", (int)len, b);
	return line;
}

static void
test_cli_certify(void **state)
{
	struct sess x;
	struct person ann = { "Ann Archer", "ann.cli@example.org", 0, "", "" };
	struct person ben = { "Ben Baker", "ben.cli@example.org", 0, "", "" };
	struct person ivy = { "Ivy Irwin", "ivy.cli@example.org", 0, "", "" };
	const char *bin = getenv("CONVENE_BIN") ? getenv("CONVENE_BIN") :
	    "build/san/convene";
	struct arena *a = arena_new();
	struct store_certificate c;
	char cmd[512], code[32], line[256], newcode[32];
	char *text, *out;
	const char *p;
	int st;

	(void)state;
	if (access(bin, X_OK) != 0)
		fail_msg("%s is not built (make build/san/convene)", bin);
	mksession(&x, "Certify Command Training", 10);
	enrol(&x, &ann);
	enrol(&x, &ben);
	enrol(&x, &ivy);
	to_past(&x);
	api_check_ok(&ann, "in", x.starts - 300, 1, x.starts - 300, 0);
	api_check_ok(&ann, "out", x.ends + 300, 1, x.starts - 300,
	    x.ends + 300);
	api_check_ok(&ben, "in", x.starts + 3600, 1, x.starts + 3600, 0);
	api_check_ok(&ben, "out", x.ends, 1, x.starts + 3600, x.ends);
	api_check_ok(&ivy, "in", x.starts, 1, x.starts, 0);
	api_check_ok(&ivy, "out", x.ends, 1, x.starts, x.ends);
	/* Ann downloads hers; Ivy, just as eligible, does not. */
	text = get_certificate(&ann, code, sizeof(code));
	free(text);
	assert_int_equal(store_certificate_by_registration(T->s, a, ivy.id,
	    &c), STORE_NOTFOUND);

	/* The server keeps running; WAL lets the command write beside it. */
	snprintf(cmd, sizeof(cmd), "'%s' certify %lld --db '%s' 2>&1", bin,
	    (long long)x.id, T->db);
	out = run(cmd, &st);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("%s: status %d: %s", cmd, st, out);
	if (line_of(out, "Ann Archer", line, sizeof(line)) == NULL ||
	    strstr(line, code) == NULL || strstr(line, "already issued") == NULL)
		fail_msg("Ann's code %s is not listed as already issued: %s",
		    code, out);
	if (line_of(out, "Ivy Irwin", line, sizeof(line)) == NULL ||
	    strstr(line, "already") != NULL || strstr(line, " issued") == NULL)
		fail_msg("Ivy is not listed as newly issued: %s", out);
	if (line_of(out, "Ben Baker", line, sizeof(line)) == NULL ||
	    strstr(line, "no certificate") == NULL ||
	    strstr(line, "Attended less") == NULL)
		fail_msg("Ben is not listed without a certificate: %s", out);
	if (strstr(out, "1 issued, 1 issued before") == NULL)
		fail_msg("the summary is not \"1 issued, 1 issued before\": %s",
		    out);
	/* Ivy's new code is on her line, recorded, and what she downloads. */
	assert_int_equal(store_certificate_by_registration(T->s, a, ivy.id,
	    &c), STORE_OK);
	assert_non_null(line_of(out, "Ivy Irwin", line, sizeof(line)));
	assert_non_null(strstr(line, c.code));
	assert_string_not_equal(c.code, code);
	free(out);
	text = get_certificate(&ivy, newcode, sizeof(newcode));
	assert_string_equal(newcode, c.code);
	assert_non_null(strstr(text, "Ivy Irwin"));
	free(text);
	assert_int_equal(store_certificate_by_registration(T->s, a, ben.id,
	    &c), STORE_NOTFOUND);

	/* Again: nothing new. */
	out = run(cmd, &st);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	p = strstr(out, "0 issued, 2 issued before");
	if (p == NULL)
		fail_msg("a second run: %s", out);
	free(out);

	/* A session that does not exist: an error, not a crash. */
	snprintf(cmd, sizeof(cmd), "'%s' certify 999999 --db '%s' 2>&1", bin,
	    T->db);
	out = run(cmd, &st);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) != 0);
	assert_non_null(strstr(out, "no session"));
	free(out);
	arena_free(a);
}

/* The door is open from two hours before to two hours after a session: a
 * door token can neither back-date nor mint attendance of another day. */
static void
test_door_window(void **state)
{
	struct sess x, old;
	struct person ann = { "Ann Window", "ann.w@example.org", 0, "", "" };
	struct person bob = { "Bob Window", "bob.w@example.org", 0, "", "" };
	struct arena *a = arena_new();
	struct store_registration g;
	struct resp r;
	char path[128];
	json_t *j, *e;
	size_t i;
	int found = 0;

	(void)state;
	/* A week ahead: the door is not open yet. */
	mksession(&x, "Window training", -1);
	enrol(&x, &ann);
	enrol(&x, &bob);
	j = api_check(&Door, ann.secret, "in", 0, 409);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/walkins",
	    (long long)x.id);
	th_req(T, "POST", path, "application/json", "{\"name\":\"Walk In\","
	    "\"email\":\"walk.in@example.org\",\"sector\":\"medical\","
	    "\"organization\":\"Clinic\",\"county\":\"Lake\"}", Door.bearer,
	    &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(body(&r), "door is not open"));
	resp_free(&r);

	/* Years ago (the 2019 training): closed to door staff too. */
	mksession(&old, "Old training", -1);
	enrol(&old, &bob);
	{
		struct store_session ss;

		assert_int_equal(store_session_get(T->s, a, old.id, &ss),
		    STORE_OK);
		ss.starts_at = now_utc() - 7 * 365 * 86400;
		ss.ends_at = ss.starts_at + 4 * 3600;
		assert_int_equal(store_session_update(th_tx(T), &ss), STORE_OK);
		old.starts = ss.starts_at;
		old.ends = ss.ends_at;
	}
	j = api_check(&Door, bob.secret, "in", old.starts, 409);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/walkins",
	    (long long)old.id);
	th_req(T, "POST", path, "application/json", "{\"name\":\"Mint Er\","
	    "\"email\":\"mint@example.org\",\"sector\":\"medical\","
	    "\"organization\":\"Clinic\",\"county\":\"Lake\"}", Door.bearer,
	    &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* Not for a coordinator at the door either: theirs is a correction. */
	j = api_check(&Coord, bob.secret, "in", old.starts, 409);

	/* Under way: open, with times inside the window and not ahead. */
	to_past(&x);
	j = api_check(&Door, ann.secret, "in", x.starts - 3 * 3600, 422);
	j = api_check(&Door, ann.secret, "in", now_utc() + 600, 422);
	(void)j;
	api_check_ok(&ann, "in", x.starts - 60, 1, x.starts - 60, 0);
	g = reg_of(&ann, a);
	assert_int_equal(g.checked_in_at, x.starts - 60);

	/* Each check-in is audited with who and when. */
	th_req(T, "GET", "/api/v1/audit?limit=50", NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	json_array_foreach(json_object_get(j, "audit"), i, e) {
		char object[64];

		snprintf(object, sizeof(object), "registration %lld",
		    (long long)ann.id);
		if (strcmp(json_string_value(json_object_get(e, "action")),
		    "registration.check_in") == 0 &&
		    strcmp(json_string_value(json_object_get(e, "object")),
		    object) == 0) {
			assert_string_equal(json_string_value(json_object_get(e,
			    "user")), Door.name);
			found++;
		}
	}
	assert_int_equal(found, 1);
	json_decref(j);
	resp_free(&r);
	/* The refused ones wrote nothing. */
	g = reg_of(&bob, a);
	assert_int_equal(g.checked_in_at, 0);
	arena_free(a);
}

/* --- 6. Walk-ins at a full session --------------------------------------- */

/* POST a walk-in through the API as u; returns the reply (caller frees). */
static json_t *
post_walkin(const struct ident *u, int64_t sid, const char *who,
    const char *admit, long want)
{
	char path[128], req[512];
	struct resp r;
	json_t *j;

	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/walkins",
	    (long long)sid);
	snprintf(req, sizeof(req), "{\"name\":\"%s\",\"email\":"
	    "\"%s@example.org\",\"sector\":\"medical\",\"organization\":"
	    "\"Clinic\",\"county\":\"Lake\"%s%s%s}", who, who,
	    admit ? ",\"admit\":\"" : "", admit ? admit : "",
	    admit ? "\"" : "");
	th_req(T, "POST", path, "application/json", req, u->bearer, &r);
	if (r.status != want)
		fail_msg("walk-in %s (%s): %ld, want %ld: %s", who,
		    admit ? admit : "no admit", r.status, want, body(&r));
	j = th_parse(&r);
	resp_free(&r);
	return j;
}

static void
test_walkin_full(void **state)
{
	struct sess x;
	struct person ann = { "Ann Full", "ann.full@example.org", 0, "", "" };
	struct arena *a = arena_new();
	struct store_session ss;
	struct resp r;
	char path[160], fields[512], loc[256];
	json_t *j;

	(void)state;
	mksession(&x, "Full Walk-in Training", 1);
	enrol(&x, &ann);
	assert_string_equal(ann.status, "confirmed");
	to_past(&x);	/* walk-ins come while the door is open */

	/* Full: told so, nothing written, the choice offered. */
	j = post_walkin(&Door, x.id, "walt", NULL, 409);
	assert_true(json_is_true(json_object_get(j, "full")));
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 1);
	assert_non_null(strstr(json_string_value(json_object_get(j, "error")),
	    "over_capacity"));
	json_decref(j);
	assert_int_equal(store_session_get(T->s, a, x.id, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 1);
	assert_int_equal(ss.waitlisted, 0);
	/* On purpose: confirmed, marked, audited. */
	j = post_walkin(&Door, x.id, "walt", "over_capacity", 201);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "confirmed");
	assert_true(json_is_true(json_object_get(j, "over_capacity")));
	json_decref(j);
	/* And told so, rather than as an ordinary registration. */
	assert_int_equal(outbox_to("walt@example.org", "admitted", NULL), 1);
	assert_int_equal(outbox_to("walt@example.org", "registered", NULL), 0);
	j = post_walkin(&Door, x.id, "wanda", "waitlist", 201);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "waitlisted");
	assert_true(json_is_false(json_object_get(j, "over_capacity")));
	json_decref(j);
	j = post_walkin(&Door, x.id, "wes", "maybe", 422);
	json_decref(j);
	assert_int_equal(store_session_get(T->s, a, x.id, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 2);
	assert_int_equal(ss.waitlisted, 1);
	th_req(T, "GET", "/api/v1/audit?limit=20", NULL, NULL, Coord.bearer,
	    &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "registration.walk_in_over_capacity"));
	resp_free(&r);
	/* A moderator is no door: refused. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/walkins",
	    (long long)x.id);
	th_req(T, "POST", path, "application/json", "{\"name\":\"M\","
	    "\"admit\":\"over_capacity\"}", Moderator.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);

	/* The door page says it is full and offers both. */
	snprintf(path, sizeof(path), "/staff/door/%lld", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "This session is full"));
	assert_non_null(strstr(body(&r), "value=\"over\">Admit over "
	    "capacity</button>"));
	resp_free(&r);
	/* A form sent without the choice comes back with it, nothing added. */
	snprintf(path, sizeof(path), "/staff/sessions/%lld/walkins",
	    (long long)x.id);
	snprintf(fields, sizeof(fields), "return=door&name=Pat+Page&email="
	    "pat.page%%40example.org&sector=medical&organization=Clinic&"
	    "county=Lake");
	staff_post(&Door, path, fields, &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(body(&r), "The session is full"));
	assert_non_null(strstr(body(&r), "value=\"Pat Page\""));
	resp_free(&r);
	assert_int_equal(store_session_get(T->s, a, x.id, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 2);
	/* Admitted over capacity from the door: confirmed and checked in. */
	snprintf(fields, sizeof(fields), "return=door&admit=over&name=Pat+Page&"
	    "email=pat.page%%40example.org&sector=medical&organization="
	    "Clinic&county=Lake");
	staff_post(&Door, path, fields, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	assert_non_null(strstr(loc, "?done="));
	resp_free(&r);
	assert_int_equal(store_session_get(T->s, a, x.id, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 3);
	/* The roster marks them. */
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "admitted over capacity"));
	resp_free(&r);

	/* A coordinator confirming someone waiting over capacity: marked. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations?"
	    "status=waitlisted", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.bearer, &r);
	j = th_parse(&r);
	resp_free(&r);
	{
		json_t *g = json_array_get(json_object_get(j,
		    "registrations"), 0);
		int64_t id = json_integer_value(json_object_get(g, "id"));
		struct store_registration reg;

		snprintf(path, sizeof(path), "/api/v1/registrations/%lld/"
		    "promote", (long long)id);
		th_req(T, "POST", path, "application/json", "{}",
		    Coord.bearer, &r);
		assert_int_equal(r.status, 200);
		resp_free(&r);
		assert_int_equal(store_registration_get(T->s, a, id, &reg),
		    STORE_OK);
		assert_int_equal(reg.status, STATUS_CONFIRMED);
		assert_int_equal(reg.over_capacity, 1);
	}
	json_decref(j);
	/* Everyone over capacity is marked: confirmed minus marked is the
	 * capacity. */
	{
		struct store_registration *g;
		size_t n, i, marked = 0;

		assert_int_equal(store_roster(T->s, a, x.id, "confirmed", NULL,
		    NULL, &g, &n), STORE_OK);
		for (i = 0; i < n; i++)
			marked += g[i].over_capacity != 0;
		assert_int_equal(n, 4);
		assert_int_equal(n - marked, 1);
	}
	/* Nor does lowering the capacity below the unmarked confirmed. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)x.id);
	th_req(T, "PATCH", path, "application/json", "{\"capacity\":0}",
	    Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(body(&r), "capacity cannot be lower"));
	resp_free(&r);
	th_req(T, "PATCH", path, "application/json", "{\"capacity\":1}",
	    Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	arena_free(a);
}

/* --- 7. Cancelling after attending ---------------------------------------- */

static void
test_cancel_after_checkin(void **state)
{
	struct sess x;
	struct person ann = { "Ann Attended", "ann.att@example.org", 0, "", "" };
	struct person cy = { "Cy Cancels", "cy.att@example.org", 0, "", "" };
	struct person bo = { "Bo Waits", "bo.att@example.org", 0, "", "" };
	struct arena *a = arena_new();
	struct resp r;
	char path[192], tok[64], form[256];

	(void)state;
	mksession(&x, "Attended Training", 2);
	enrol(&x, &ann);
	enrol(&x, &cy);
	enrol(&x, &bo);
	assert_string_equal(bo.status, "waitlisted");
	/* The ticket page's own token, taken while it still offers to cancel. */
	snprintf(path, sizeof(path), "/tickets/%s", ann.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Cancel my registration"));
	assert_int_equal(th_find_csrf(body(&r), tok, sizeof(tok)), 0);
	resp_free(&r);
	to_past(&x);
	api_check_ok(&ann, "in", x.starts, 1, x.starts, 0);

	/* Checked in: neither the page, the API nor staff cancel it. */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", ann.secret);
	th_req(T, "DELETE", path, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(body(&r), "cannot be cancelled"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/tickets/%s/cancel", ann.secret);
	snprintf(form, sizeof(form), "csrf=%s", tok);
	th_form(T, path, form, &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(body(&r), "can no longer be cancelled"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/registrations/%lld/cancel",
	    (long long)ann.id);
	th_req(T, "POST", path, "application/json", "{}", Coord.bearer, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	assert_int_equal(reg_of(&ann, a).status, STATUS_CONFIRMED);
	snprintf(path, sizeof(path), "/tickets/%s", ann.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(body(&r), "Cancel my registration"));
	assert_non_null(strstr(body(&r), "can no longer be cancelled"));
	resp_free(&r);

	/* Cy, who never came, cancels; Bo is not promoted into a session
	 * that has started (nor told so). */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", cy.secret);
	th_req(T, "DELETE", path, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(reg_of(&cy, a).status, STATUS_CANCELLED);
	assert_int_equal(reg_of(&bo, a).status, STATUS_WAITLISTED);
	{
		struct store_mail *m;
		size_t n, i;

		assert_int_equal(store_outbox_list(T->s, a, 100, &m, &n),
		    STORE_OK);
		for (i = 0; i < n; i++)
			if (m[i].template && strcmp(m[i].template,
			    "promoted") == 0 && strcmp(m[i].to, bo.email) == 0)
				fail_msg("Bo was told of a place in a session "
				    "under way");
	}
	arena_free(a);
}

/* --- 8. Revocation ---------------------------------------------------------- */

/* Certifies p, registered for x (now past): the code. */
static void
certified(struct sess *x, struct person *p, char *code, size_t codesz)
{
	char *text;

	api_check_ok(p, "in", x->starts, 1, x->starts, 0);
	api_check_ok(p, "out", x->ends, 1, x->starts, x->ends);
	text = get_certificate(p, code, codesz);
	free(text);
}

static json_t *
verify_json(const char *code)
{
	char path[128];
	struct resp r;
	json_t *j;

	snprintf(path, sizeof(path), "/api/v1/certificates/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	resp_free(&r);
	return j;
}

static void
test_revoke(void **state)
{
	struct sess x;
	struct person ann = { "Ann Revoked", "ann.rev@example.org", 0, "", "" };
	struct person ben = { "Ben Revoked", "ben.rev@example.org", 0, "", "" };
	struct person ivy = { "Ivy Revoked", "ivy.rev@example.org", 0, "", "" };
	const char *bin = getenv("CONVENE_BIN") ? getenv("CONVENE_BIN") :
	    "build/san/convene";
	char code[32], code2[32], code3[32], path[192], cmd[512];
	struct resp r;
	char *out;
	json_t *j;
	int st;

	(void)state;
	mksession(&x, "Revocation Training", 10);
	enrol(&x, &ann);
	enrol(&x, &ben);
	enrol(&x, &ivy);
	to_past(&x);
	certified(&x, &ann, code, sizeof(code));
	certified(&x, &ben, code2, sizeof(code2));
	certified(&x, &ivy, code3, sizeof(code3));
	j = verify_json(code);
	assert_true(json_is_true(json_object_get(j, "valid")));
	assert_true(json_is_false(json_object_get(j, "revoked")));
	assert_true(json_is_null(json_object_get(j, "revoked_at")));
	json_decref(j);

	/* Coordinators only, with a reason. */
	snprintf(path, sizeof(path), "/api/v1/certificates/%s/revocation", code);
	th_req(T, "POST", path, "application/json", "{\"reason\":\"x\"}",
	    Door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	th_req(T, "POST", path, "application/json", "{}", Coord.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	th_req(T, "POST", path, "application/json", "{\"reason\":\"Signed in "
	    "for a colleague who was not there\"}", Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_true(json_is_true(json_object_get(j, "revoked")));
	assert_true(json_is_string(json_object_get(j, "revoked_at")));
	json_decref(j);
	resp_free(&r);
	th_req(T, "POST", path, "application/json", "{\"reason\":\"again\"}",
	    Coord.bearer, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);

	/* The verify API and page say revoked and when, never why. */
	j = verify_json(code);
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_true(json_is_true(json_object_get(j, "revoked")));
	assert_true(json_time(j, "revoked_at") > 0);
	json_decref(j);
	snprintf(path, sizeof(path), "/verify/%s", code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Revoked certificate"));
	assert_null(strstr(body(&r), "Valid certificate"));
	assert_null(strstr(body(&r), "colleague"));
	resp_free(&r);
	/* The PDF is withdrawn; the ticket says so. */
	snprintf(path, sizeof(path), "/tickets/%s/certificate.pdf", ann.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 410);
	resp_free(&r);
	snprintf(path, sizeof(path), "/tickets/%s", ann.secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "was revoked on"));
	assert_null(strstr(body(&r), "Download your certificate"));
	resp_free(&r);
	th_req(T, "GET", "/api/v1/audit?limit=10", NULL, NULL, Coord.bearer,
	    &r);
	assert_non_null(strstr(body(&r), "certificate.revoke"));
	resp_free(&r);

	/* From the console: the look-up, a reason required, then revoked. */
	snprintf(path, sizeof(path), "/staff/certificates?code=%s", code2);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Revoke this certificate"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/certificates/%s/revoke", code2);
	staff_post(&Coord, path, "reason=", &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	staff_post(&Coord, path, "reason=Issued+twice+by+mistake", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	staff_post(&Door, path, "reason=x", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	j = verify_json(code2);
	assert_true(json_is_true(json_object_get(j, "revoked")));
	json_decref(j);
	snprintf(path, sizeof(path), "/staff/certificates?code=%s", code2);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_non_null(strstr(body(&r), "Issued twice by mistake"));
	resp_free(&r);

	/* From the command line. */
	snprintf(cmd, sizeof(cmd), "'%s' revoke %s --reason 'Board request' "
	    "--db '%s' 2>&1", bin, code3, T->db);
	out = run(cmd, &st);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || strstr(out, "revoked")
	    == NULL)
		fail_msg("%s: %d: %s", cmd, st, out);
	free(out);
	out = run(cmd, &st);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	assert_non_null(strstr(out, "revoked already"));
	free(out);
	snprintf(cmd, sizeof(cmd), "'%s' revoke %s --db '%s' 2>&1", bin, code3,
	    T->db);
	out = run(cmd, &st);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	free(out);
	j = verify_json(code3);
	assert_true(json_is_true(json_object_get(j, "revoked")));
	json_decref(j);
}

/* --- 9. Open Badges 3.0 credentials --------------------------------------- */

/* Runs tests/http/credential.py (python3-jwt, not convene's code) on the
 * credential of code; fails the test unless it exits 0. */
static void
check_credential(const struct person *p, const char *code, const char *title,
    const char *flag)
{
	char cmd[1024];
	char *out;
	int st;

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 tests/http/credential.py "
	    "'%s' '%s' '%s' 4 '%s' %s 2>&1", T->base, code, p->email, title,
	    flag ? flag : "");
	out = run(cmd, &st);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("%s: status %d: %s", cmd, st, out);
	free(out);
}

static void
test_credential(void **state)
{
	struct sess x;
	struct person ann = { "Ann Wallet", "Ann.Wallet@example.org", 0, "",
	    "" };
	char code[32], path[192], v[128];
	struct resp r;
	json_t *j;

	(void)state;
	mksession(&x, "Wallet Training", 10);
	enrol(&x, &ann);
	to_past(&x);
	certified(&x, &ann, code, sizeof(code));
	/* The ticket page offers it beside the PDF; the link is the ticket's. */
	snprintf(path, sizeof(path), "/tickets/%s", ann.secret);
	th_get(T, path, &r);
	snprintf(path, sizeof(path), "/tickets/%s/credential.jwt", ann.secret);
	assert_non_null(strstr(body(&r), path));
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	{
		char *jwt = strdup(body(&r));

		resp_free(&r);
		snprintf(path, sizeof(path), "/api/v1/certificates/%s/"
		    "credential", code);
		th_get(T, path, &r);
		/* The same credential either way. */
		assert_string_equal(body(&r), jwt);
		free(jwt);
	}
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)), 0);
	assert_string_equal(v, "application/vc+jwt");
	resp_free(&r);
	/* The key set holds the public half only. */
	th_get(T, "/.well-known/jwks.json", &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "keys")), 1);
	assert_null(json_object_get(json_array_get(json_object_get(j, "keys"),
	    0), "d"));
	json_decref(j);
	resp_free(&r);
	check_credential(&ann, code, x.title, NULL);
	/* The same key after a restart: it is in the database. */
	{
		struct jose_key k;
		struct app *app = th_app(T);

		memset(&k, 0, sizeof(k));
		assert_int_equal(web_credential_key(app, &k), 0);
		assert_string_equal(k.kid, T->ctx.cred_key.kid);
		jose_key_free(&k);
	}
	snprintf(path, sizeof(path), "/api/v1/certificates/%s/credential",
	    "AAAAA-BBBBB");
	th_get(T, path, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);

	/* Revoked: 410, and the status list says so. */
	snprintf(path, sizeof(path), "/api/v1/certificates/%s/revocation", code);
	th_req(T, "POST", path, "application/json", "{\"reason\":\"test\"}",
	    Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	check_credential(&ann, code, x.title, "--revoked");
}

/* Rosters of a national event: every answer whole or visibly failed,
 * never a 200 cut short. */
static void
test_big_roster(void **state)
{
	enum { N = 40000 };
	struct sess x;
	struct resp r;
	char path[160], sql[1024], sqlpg[1024], link[512];
	const char *p;
	json_t *j;
	size_t lines = 0;

	(void)state;
	mksession(&x, "National training", -1);
	th_commit();
	snprintf(sql, sizeof(sql), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < %d) INSERT INTO registrations "
	    "(session_id, secret_hash, status, name, email, email_norm, sector, "
	    "organization, county, created_at, updated_at) SELECT %lld, "
	    "'bulk' || i, 'confirmed', 'Bulk Person ' || i, 'bulk' || i || "
	    "'@example.org', 'bulk' || i || '@example.org', 'medical', "
	    "'Clinic, \"North\"', 'Lake', 1700000000, 1700000000 FROM n;",
	    N, (long long)x.id);
	snprintf(sqlpg, sizeof(sqlpg), "INSERT INTO registrations "
	    "(session_id, secret_hash, status, name, email, email_norm, sector, "
	    "organization, county, created_at, updated_at) SELECT %lld, "
	    "'bulk' || i, 'confirmed', 'Bulk Person ' || i, 'bulk' || i || "
	    "'@example.org', 'bulk' || i || '@example.org', 'medical', "
	    "'Clinic, \"North\"', 'Lake', 1700000000, 1700000000 FROM "
	    "generate_series(1, %d) AS i;", (long long)x.id, N);
	th_exec(T, sql, sqlpg);
	cache_invalidate();

	/* The CSV is streamed whole: a header and every row. */
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations.csv",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.body.len > 8u * 1024 * 1024 / 4);
	for (p = r.body.data; p && (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, N + 1);
	assert_non_null(strstr(r.body.data, "Bulk Person 40000"));
	resp_free(&r);

	/* The API in pages, with a link to the next. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "registrations")),
	    1000);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), N);
	assert_true(json_is_string(json_object_get(j, "next")));
	assert_int_equal(th_header(&r, "Link", link, sizeof(link)), 0);
	assert_non_null(strstr(link, "page=2"));
	assert_non_null(strstr(link, "rel=\"next\""));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations?"
	    "limit=1000&page=40", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "registrations")),
	    1000);
	assert_true(json_is_null(json_object_get(j, "next")));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations?"
	    "limit=5000", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.bearer, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	/* The page in pages too, whole each time. */
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations",
	    (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Rows 1–250 of 40000"));
	assert_non_null(strstr(r.body.data, "rel=\"next\""));
	assert_non_null(strstr(r.body.data, "</html>"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/sessions/%lld/registrations?"
	    "page=160", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Coord.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Rows 39751–40000 of 40000"));
	assert_null(strstr(r.body.data, "rel=\"next\""));
	resp_free(&r);

	/* The door's search lists the first matches and says so. */
	snprintf(path, sizeof(path), "/staff/door/%lld?q=Bulk", (long long)x.id);
	th_req(T, "GET", path, NULL, NULL, Door.cookie, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "39950 more match"));
	assert_non_null(strstr(r.body.data, "</html>"));
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_door_flow),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_close_and_correct),
		cmocka_unit_test(test_signin_sheet),
		cmocka_unit_test(test_cli_certify),
		cmocka_unit_test(test_door_window),
		cmocka_unit_test(test_big_roster),
		cmocka_unit_test(test_walkin_full),
		cmocka_unit_test(test_cancel_after_checkin),
		cmocka_unit_test(test_revoke),
		cmocka_unit_test(test_credential),
		cmocka_unit_test(test_board_certificate),
		cmocka_unit_test(test_credit_rules),
		cmocka_unit_test(test_web_certify),
		cmocka_unit_test(test_staff_messages),
		cmocka_unit_test(test_reminders),
		cmocka_unit_test(test_lost_ticket),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_console_finish),
		cmocka_unit_test(test_logo),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http door", tests, setup, th_teardown);
}
