/* qa.c: HTTP tests of the live Q&A: asking by form and API (only a hash of the
 * participant kept), disclosures, votes, rate limits, moderation by API and
 * page, the public and moderators' event streams, the CSV and the presenter. */
#include <pthread.h>
#include <time.h>

#include <jansson.h>

#include "harness.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* --- Requests with several header lines ----------------------------------- */

/* hdrs: NULL-terminated header lines (NULL entries before the end skip). */
static void
req(const char *method, const char *path, const char *ctype, const char *body,
    const char *h1, const char *h2, struct resp *r)
{
	struct curl_slist *hdrs = NULL;
	CURL *c;

	if (h1)
		hdrs = curl_slist_append(hdrs, h1);
	if (h2)
		hdrs = curl_slist_append(hdrs, h2);
	c = th_easy(T, method, path, ctype, body, &hdrs, r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
}

static int
has(const struct resp *r, const char *needle)
{
	return r->body.data != NULL && strstr(r->body.data, needle) != NULL;
}

/* --- Fixtures ------------------------------------------------------------- */

struct qs {
	int64_t	 id;
	char	 code[JOIN_CODE_LEN + 1];
	char	 lower[JOIN_CODE_LEN + 1];
};

/* A public session with a join code; post: post-moderation. */
static void
mksession(struct qs *q, int post)
{
	struct store_session ss;
	int64_t venue, event, now = now_utc();
	size_t i;

	memset(q, 0, sizeof(*q));
	assert_int_equal(store_venue_add(th_tx(T), "QA Hall", "1 Main St",
	    "Missoula", "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(T), "QA stop", "", venue, 0, now,
	    &event), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = event;
	ss.title = "Community conversation";
	ss.audience = AUDIENCE_PUBLIC;
	ss.capacity = -1;
	/* In half an hour: questions are open (from an hour before). */
	ss.starts_at = now + 1800;
	ss.ends_at = ss.starts_at + 7200;
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	token_join_code(q->code);
	ss.join_code = q->code;
	assert_int_equal(store_session_add(th_tx(T), &ss, &q->id), STORE_OK);
	if (post)
		assert_int_equal(store_session_moderation(th_tx(T), q->id, 1),
		    STORE_OK);
	for (i = 0; i <= JOIN_CODE_LEN; i++)
		q->lower[i] = (char)(q->code[i] >= 'A' && q->code[i] <= 'Z' ?
		    q->code[i] - 'A' + 'a' : q->code[i]);
	cache_invalidate();
}

/* A question written straight to the store by a fixture participant. */
static int64_t
mkquestion(const struct qs *q, const char *text, int status)
{
	static unsigned n;
	char tok[64], hash[TOKEN_HASH_HEX];
	int64_t part, id;

	snprintf(tok, sizeof(tok), "fixture-participant-%u", ++n);
	token_hash(tok, hash);
	assert_int_equal(app_participant(th_app(T), hash, &part),
	    STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), q->id, part, text, NULL,
	    status, core_question_flags(text), now_utc(), &id), STORE_OK);
	return id;
}

static int
qstatus(int64_t id, int *pinned)
{
	struct arena *a = arena_new();
	struct store_question q;
	int st;

	assert_int_equal(store_question_get(T->s, a, id, &q), STORE_OK);
	st = q.status;
	if (pinned)
		*pinned = q.pinned;
	arena_free(a);
	return st;
}

/* A staff member: sign-in cookie with its csrf, and an API token. */
struct ident {
	char	 name[64];
	char	 pw[64];
	int64_t	 id;
	char	 cookie[128];
	char	 csrf[64];
	char	 token[41];
	char	 bearer[128];
};

static void
mkident(struct ident *u, const char *name, unsigned roles)
{
	char hash[crypto_pwhash_STRBYTES], body[256], v[512];
	struct resp r;
	size_t len;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	snprintf(u->pw, sizeof(u->pw), "pw-%s-0123456789", name);
	assert_int_equal(crypto_pwhash_str(hash, u->pw, strlen(u->pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), u->name, hash, roles, now_utc(),
	    &u->id), STORE_OK);
	token_random(u->token, 40);
	token_hash(u->token, hash);
	assert_int_equal(store_token_add(th_tx(T), u->id, hash, now_utc()),
	    STORE_OK);
	snprintf(u->bearer, sizeof(u->bearer), "Authorization: Bearer %s",
	    u->token);
	snprintf(body, sizeof(body), "name=%s&password=%s", u->name, u->pw);
	th_form(T, "/staff/login", body, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	len = strcspn(v, ";");
	snprintf(u->cookie, sizeof(u->cookie), "Cookie: %.*s", (int)len, v);
	resp_free(&r);
	th_req(T, "GET", "/staff/password", NULL, NULL, u->cookie, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_find_csrf(r.body.data, u->csrf, sizeof(u->csrf)), 0);
	resp_free(&r);
}

static struct ident coord, mod, door;

static void
staff(void)
{
	static int made;

	if (made)
		return;
	made = 1;
	mkident(&coord, "qa-coord", ROLE_BIT(ROLE_COORDINATOR));
	mkident(&mod, "qa-moderator", ROLE_BIT(ROLE_MODERATOR));
	mkident(&door, "qa-door", ROLE_BIT(ROLE_DOOR));
}

/* --- Participants --------------------------------------------------------- */

/* "Cookie: participant=..." from a response's Set-Cookie; token too. */
static void
participant_cookie(const struct resp *r, char *cookie, size_t cookiesz,
    char *token, size_t tokensz)
{
	char v[512];
	size_t len;

	if (th_header(r, "Set-Cookie", v, sizeof(v)) != 0)
		fail_msg("no Set-Cookie in %s", r->headers.data);
	assert_int_equal(strncmp(v, "participant=", 12), 0);
	/* Not readable by scripts; not sent cross-site; for the whole site. */
	assert_non_null(strstr(v, "; HttpOnly"));
	assert_non_null(strstr(v, "; SameSite=Lax"));
	assert_non_null(strstr(v, "Path=/"));
	len = strcspn(v + 12, ";");
	assert_int_equal(len, 32);
	snprintf(cookie, cookiesz, "Cookie: participant=%.*s", (int)len, v + 12);
	if (token)
		snprintf(token, tokensz, "%.*s", (int)len, v + 12);
}

/* POST /api/v1/qa/{code}/questions; cookie may be NULL. */
static void
ask_api(const struct qs *q, const char *text, const char *cookie,
    struct resp *r)
{
	char path[128];
	json_t *j = json_pack("{s:s}", "text", text);
	char *body = json_dumps(j, JSON_COMPACT);

	snprintf(path, sizeof(path), "/api/v1/qa/%s/questions", q->code);
	req("POST", path, "application/json", body, cookie, NULL, r);
	free(body);
	json_decref(j);
}

/* Asks through the API and returns the new id; checks the status. */
static int64_t
ask_ok(const struct qs *q, const char *text, const char *cookie,
    const char *status)
{
	struct resp r;
	json_t *j;
	int64_t id;

	ask_api(q, text, cookie, &r);
	if (r.status != 201)
		fail_msg("asking \"%s\": %ld %s", text, r.status, r.body.data);
	j = th_parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    status);
	json_decref(j);
	resp_free(&r);
	return id;
}

/* application/x-www-form-urlencoded of one value (enough for tests). */
static void
urlenc(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;

		assert_true(n + 4 < outsz);
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')
			out[n++] = (char)c;
		else if (c == ' ')
			out[n++] = '+';
		else
			n += (size_t)snprintf(out + n, outsz - n, "%%%02X", c);
	}
	out[n] = '\0';
}

static void
ask_form(const struct qs *q, const char *text, const char *cookie,
    struct resp *r)
{
	char path[128], body[2048], enc[1800];

	urlenc(text, enc, sizeof(enc));
	snprintf(path, sizeof(path), "/qa/%s/questions", q->code);
	snprintf(body, sizeof(body), "text=%s&name=", enc);
	req("POST", path, "application/x-www-form-urlencoded", body, cookie,
	    NULL, r);
}

/* POST /api/v1/questions/{id}/moderation as who (a header line). */
static void
moderate_api(int64_t id, const char *action, const char *text,
    const char *who, struct resp *r)
{
	char path[128];
	json_t *j = text ? json_pack("{s:s, s:s}", "action", action, "text",
	    text) : json_pack("{s:s}", "action", action);
	char *body = json_dumps(j, JSON_COMPACT);

	snprintf(path, sizeof(path), "/api/v1/questions/%lld/moderation",
	    (long long)id);
	req("POST", path, "application/json", body, who, NULL, r);
	free(body);
	json_decref(j);
}

static void
moderate_ok(int64_t id, const char *action)
{
	struct resp r;

	moderate_api(id, action, NULL, mod.bearer, &r);
	if (r.status != 200)
		fail_msg("%s question %lld: %ld %s", action, (long long)id,
		    r.status, r.body.data);
	resp_free(&r);
}

/* --- The database holds no token and no address ---------------------------- */

/* What a scan looks for, and where it found it. */
struct scan {
	const char	*needle;	/* NULL: address-like text */
	const char	*const *tables;	/* NULL: every table */
	size_t		 ntables;
	int		 hits;
};

/* 1 when s holds something like a dotted IPv4 address or "::1". */
static int
ip_like(const char *s)
{
	const char *p;

	if (strstr(s, "::1") || strstr(s, "::ffff:"))
		return 1;
	for (p = s; *p; p++) {
		int parts = 0, digits = 0;
		const char *q;

		for (q = p; *q; q++) {
			if (*q >= '0' && *q <= '9') {
				if (++digits > 3)
					break;
			} else if (*q == '.' && digits > 0) {
				parts++;
				digits = 0;
			} else
				break;
		}
		if (parts >= 3 && digits > 0)
			return 1;
	}
	return 0;
}

static void
scan_value(const char *table, const char *col, const char *v, void *arg)
{
	struct scan *sc = arg;
	size_t i;
	int in = sc->tables == NULL;

	for (i = 0; i < sc->ntables; i++)
		in |= strcmp(sc->tables[i], table) == 0;
	if (!in || !(sc->needle ? strstr(v, sc->needle) != NULL : ip_like(v)))
		return;
	printf("found %s%s%s in %s.%s: %.120s\n", sc->needle ? "\"" : "",
	    sc->needle ? sc->needle : "address-like text",
	    sc->needle ? "\"" : "", table, col, v);
	sc->hits++;
}

/* Every table of the database (either backend): values containing needle. */
static int
scan_db(const char *needle)
{
	struct scan sc = { needle, NULL, 0, 0 };

	assert_true(th_each_value(T, scan_value, &sc) > 10);
	return sc.hits;
}

/* Address-like values in these tables. */
static int
scan_ips(const char *const *tables, size_t n)
{
	struct scan sc = { NULL, tables, n, 0 };

	th_each_value(T, scan_value, &sc);
	return sc.hits;
}

static void
test_ask_keeps_only_a_hash(void **state)
{
	static const char *const qa_tables[] = {
		"participants", "questions", "votes",
	};
	struct qs q;
	struct resp r;
	char cookie[128], cookie2[128], tok[64], tok2[64], loc[256], want[256];
	char hash[TOKEN_HASH_HEX], v[512];
	struct arena *a = arena_new();
	struct store_question a1, a2, a3;
	json_t *j;
	int64_t id1, id2, id3;

	(void)state;
	staff();
	mksession(&q, 0);
	/* The API, with no cookie yet: one is made; addresses are offered. */
	ask_api(&q, "How do traffickers find victims online?",
	    "X-Forwarded-For: 203.0.113.77", &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), tok, sizeof(tok));
	j = th_parse(&r);
	id1 = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "pending");
	assert_true(json_is_false(json_object_get(j, "disclosure")));
	assert_true(json_is_null(json_object_get(j, "hotline")));
	json_decref(j);
	resp_free(&r);

	/* The form, with that cookie: the same participant, no new cookie. */
	ask_form(&q, "What can a bus driver watch for?", cookie, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), -1);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	snprintf(want, sizeof(want), "/qa/%s?asked=", q.code);
	assert_int_equal(strncmp(loc, want, strlen(want)), 0);
	id2 = strtoll(loc + strlen(want), NULL, 10);
	assert_true(id2 > id1);
	resp_free(&r);

	/* The form with no cookie: a new participant and an HttpOnly cookie. */
	ask_form(&q, "Who runs the hotline?", "X-Real-IP: 198.51.100.23", &r);
	assert_int_equal(r.status, 303);
	participant_cookie(&r, cookie2, sizeof(cookie2), tok2, sizeof(tok2));
	assert_string_not_equal(tok, tok2);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	id3 = strtoll(loc + strlen(want), NULL, 10);
	resp_free(&r);

	assert_int_equal(store_question_get(T->s, a, id1, &a1), STORE_OK);
	assert_int_equal(store_question_get(T->s, a, id2, &a2), STORE_OK);
	assert_int_equal(store_question_get(T->s, a, id3, &a3), STORE_OK);
	assert_int_equal(a1.participant_id, a2.participant_id);
	assert_int_not_equal(a1.participant_id, a3.participant_id);
	assert_int_equal(a1.status, QUESTION_PENDING);

	/* The participants table keeps the hash of the cookie, not the cookie. */
	token_hash(tok, hash);
	assert_int_equal(scan_db(hash), 1);
	token_hash(tok2, hash);
	assert_int_equal(scan_db(hash), 1);
	assert_int_equal(scan_db(tok), 0);
	assert_int_equal(scan_db(tok2), 0);
	/* No address anywhere, neither the peer's nor the offered ones. */
	assert_int_equal(scan_db("127.0.0.1"), 0);
	assert_int_equal(scan_db("203.0.113"), 0);
	assert_int_equal(scan_db("198.51.100"), 0);
	/* A vote too, then nothing address-like in the Q&A tables. */
	moderate_ok(id1, "approve");
	snprintf(want, sizeof(want), "/api/v1/questions/%lld/vote",
	    (long long)id1);
	req("POST", want, NULL, NULL, cookie2, "X-Forwarded-For: 203.0.113.78",
	    &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(scan_db("203.0.113"), 0);
	assert_int_equal(scan_ips(qa_tables, ARRAY_LEN(qa_tables)), 0);
	/* The scan can find things: the hash is there, and the text. */
	assert_int_equal(scan_db("What can a bus driver watch for?"), 1);
	assert_true(ip_like("from 10.0.0.12 today"));
	assert_false(ip_like("version 1.2 of 3"));
	arena_free(a);
}

static void
test_pending_stays_private(void **state)
{
	static const char secret[] = "Private pending question zq7";
	struct qs q;
	struct resp r;
	char cookie[128], other[128], path[160];
	int64_t id;

	(void)state;
	staff();
	mksession(&q, 0);
	ask_api(&q, secret, NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	resp_free(&r);
	id = ask_ok(&q, "Another participant asks", NULL, "pending");
	ask_api(&q, "A third asks", NULL, &r);
	participant_cookie(&r, other, sizeof(other), NULL, 0);
	resp_free(&r);

	/* The asker sees it as waiting. */
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	req("GET", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, secret));
	assert_true(has(&r, "Waiting for the moderator"));
	resp_free(&r);
	/* No one else: not another participant, not a stranger, not the API. */
	req("GET", path, NULL, NULL, other, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_false(has(&r, secret));
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_false(has(&r, secret));
	assert_true(has(&r, "No questions on the screen yet"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_false(has(&r, secret));
	assert_false(has(&r, "Another participant asks"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/present", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_false(has(&r, secret));
	resp_free(&r);
	/* Approved, it is on every page; the API shows no flags. */
	moderate_ok(id, "approve");
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_true(has(&r, "Another participant asks"));
	assert_false(has(&r, secret));
	assert_false(has(&r, "flags"));
	assert_false(has(&r, "participant_id"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/present", q.code);
	th_get(T, path, &r);
	assert_true(has(&r, "Another participant asks"));
	resp_free(&r);
}

static void
test_disclosure(void **state)
{
	static const char disclosure[] = "He takes my money and I can\xe2\x80\x99t "
	    "leave";
	struct qs q;
	struct resp r;
	char cookie[128], loc[256], path[256];
	json_t *j, *h;
	int64_t id, ord;

	(void)state;
	staff();
	mksession(&q, 1);	/* post-moderation */
	ask_api(&q, disclosure, NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	j = th_parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "pending");
	assert_true(json_is_true(json_object_get(j, "disclosure")));
	h = json_object_get(j, "hotline");
	assert_true(json_is_object(h));
	assert_string_equal(json_string_value(json_object_get(h, "call")),
	    "1-888-373-7888");
	assert_string_equal(json_string_value(json_object_get(h, "text")),
	    "233733");
	json_decref(j);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_PENDING);

	/* An ordinary question in post-moderation shows at once. */
	ord = ask_ok(&q, "How can schools help?", NULL, "approved");

	/* Through the form: redirected to a page with the private note. */
	ask_form(&q, "please help me, I'm trapped", cookie, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	resp_free(&r);
	req("GET", loc, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "class=\"private-note\""));
	assert_true(has(&r, "Only you see this"));
	assert_true(has(&r, "tel:+18883737888"));
	resp_free(&r);
	/* The asker's own phone, later: the question is listed as theirs,
	 * but its words are never shown back (whoever picks the phone up
	 * must not read them). */
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	req("GET", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "Your questions"));
	assert_true(has(&r, "with the moderator"));
	assert_false(has(&r, "trapped"));
	resp_free(&r);
	/* The same address in another browser: no note, no text. */
	th_get(T, loc, &r);
	assert_int_equal(r.status, 200);
	assert_false(has(&r, "Only you see this"));
	assert_false(has(&r, "I'm trapped"));
	assert_false(has(&r, "I&#39;m trapped"));
	resp_free(&r);
	/* An ordinary question asked through the form shows no note. */
	ask_form(&q, "What should teachers look for?", cookie, &r);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	resp_free(&r);
	req("GET", loc, NULL, NULL, cookie, NULL, &r);
	assert_false(has(&r, "Only you see this"));
	resp_free(&r);

	/* The room sees the ordinary question, not the disclosure. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_true(has(&r, "How can schools help?"));
	assert_false(has(&r, "takes my money"));
	assert_false(has(&r, "trapped"));
	resp_free(&r);
	/* The moderator sees it, marked. */
	snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)q.id);
	req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "takes my money"));
	assert_true(has(&r, "May be a personal disclosure"));
	resp_free(&r);
	(void)ord;
}

/*
 * A Spanish disclosure is held like an English one, on a page in any
 * language: the question's words decide. Asked with and without accents,
 * as phones type them, through the API and the form.
 */
static void
test_disclosure_es(void **state)
{
	static const char disclosure[] = "el patr\xc3\xb3n tiene mi pasaporte y "
	    "no me deja salir";
	struct qs q;
	struct resp r;
	struct arena *a;
	struct store_question sq;
	char cookie[128], loc[256], path[256];
	json_t *j;
	int64_t id, ord, ab;

	(void)state;
	staff();
	mksession(&q, 1);	/* post-moderation */
	ask_api(&q, disclosure, NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	j = th_parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "pending");
	assert_true(json_is_true(json_object_get(j, "disclosure")));
	assert_true(json_is_object(json_object_get(j, "hotline")));
	json_decref(j);
	resp_free(&r);
	a = arena_new();
	assert_int_equal(store_question_get(T->s, a, id, &sq), STORE_OK);
	assert_int_equal(sq.status, QUESTION_PENDING);
	assert_int_equal(sq.flags, QFLAG_DISCLOSURE);
	arena_free(a);

	/* Ordinary Spanish questions show at once, hard ones too. */
	ord = ask_ok(&q, "\xc2\xbfla l\xc3\xadnea de ayuda contesta en "
	    "espa\xc3\xb1ol?", NULL, "approved");
	(void)ask_ok(&q, "es legal que un patron guarde el pasaporte de un "
	    "trabajador?", NULL, "approved");
	/* Abuse in Spanish waits too. */
	ab = ask_ok(&q, "este orador es un pendejo", NULL, "pending");
	a = arena_new();
	assert_int_equal(store_question_get(T->s, a, ab, &sq), STORE_OK);
	assert_int_equal(sq.flags, QFLAG_ABUSE);
	arena_free(a);

	/* Through the form, typed without accents: the private note. */
	ask_form(&q, "ayudenme porfa, me tienen encerrada", cookie, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	resp_free(&r);
	req("GET", loc, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "class=\"private-note\""));
	resp_free(&r);

	/* The room sees the ordinary question, not the held ones. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_true(has(&r, "contesta en"));
	assert_false(has(&r, "mi pasaporte"));
	assert_false(has(&r, "encerrada"));
	assert_false(has(&r, "pendejo"));
	resp_free(&r);
	/* The moderator sees them, marked. */
	snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)q.id);
	req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "mi pasaporte"));
	assert_true(has(&r, "May be a personal disclosure"));
	resp_free(&r);
	(void)ord;
}

static void
test_votes(void **state)
{
	struct qs q, q2;
	struct resp r;
	char cookie[128], other[128], path[160];
	json_t *j;
	int64_t id, pending, answered, elsewhere;

	(void)state;
	staff();
	mksession(&q, 1);
	mksession(&q2, 1);
	ask_api(&q, "Is the hotline free to call?", NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	j = th_parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	pending = mkquestion(&q, "A question still waiting", QUESTION_PENDING);
	answered = mkquestion(&q, "An answered question", QUESTION_APPROVED);
	moderate_ok(answered, "answer");
	elsewhere = mkquestion(&q2, "A question of another session",
	    QUESTION_APPROVED);

	/* From another site (the browser says so): refused, not counted. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)id);
	req("POST", path, NULL, NULL, cookie, "Sec-Fetch-Site: cross-site", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	req("POST", path, NULL, NULL, cookie, "Origin: https://evil.example",
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);

	/* Twice by the API: counted once. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)id);
	req("POST", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "votes")), 1);
	assert_true(json_is_true(json_object_get(j, "counted")));
	json_decref(j);
	resp_free(&r);
	req("POST", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
	assert_int_equal(json_integer_value(json_object_get(j, "votes")), 1);
	assert_true(json_is_false(json_object_get(j, "counted")));
	json_decref(j);
	resp_free(&r);
	/* And by the form, the same participant: still once. */
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)id);
	req("POST", path, "application/x-www-form-urlencoded", "", cookie,
	    NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(j, "questions"), 0), "votes")), 1);
	json_decref(j);
	resp_free(&r);
	/* The voter sees that they voted: on the page (the sign, no button
	 * left, "1 vote"), back at the question's own anchor, and in the API;
	 * someone else does not. */
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	req("GET", path, NULL, NULL, cookie, NULL, &r);
	assert_true(has(&r, "<p class=\"voted-sign\"><span aria-hidden=\"true\">"
	    "✓</span> You voted for this question"));
	assert_true(has(&r, "class=\"q-votes\">1</span> <span "
	    "class=\"q-votes-word\">vote</span>"));
	assert_false(has(&r, "1</span> votes"));
	{
		char want[64];

		snprintf(want, sizeof(want), "/questions/%lld/vote\"",
		    (long long)id);
		assert_false(has(&r, want));
	}
	resp_free(&r);
	th_get(T, path, &r);
	/* The list carries the words for the script; the sign is not there. */
	assert_false(has(&r, "class=\"voted-sign\""));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	req("GET", path, NULL, NULL, cookie, NULL, &r);
	j = th_parse(&r);
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(j, "questions"), 0), "voted")));
	json_decref(j);
	resp_free(&r);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_true(json_is_false(json_object_get(json_array_get(
	    json_object_get(j, "questions"), 0), "voted")));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)id);
	req("POST", path, "application/x-www-form-urlencoded", "", cookie,
	    NULL, &r);
	assert_int_equal(r.status, 303);
	{
		char loc[160], want[160];

		assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
		snprintf(want, sizeof(want), "/qa/%s#q-%lld", q.code,
		    (long long)id);
		assert_string_equal(loc, want);
	}
	resp_free(&r);
	/* Another participant, by the form: two. */
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)id);
	req("POST", path, "application/x-www-form-urlencoded", "", NULL, NULL,
	    &r);
	assert_int_equal(r.status, 303);
	participant_cookie(&r, other, sizeof(other), NULL, 0);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)id);
	req("POST", path, NULL, NULL, other, NULL, &r);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "votes")), 2);
	assert_true(json_is_false(json_object_get(j, "counted")));
	json_decref(j);
	resp_free(&r);

	/* A pending question cannot be voted on, nor learnt about. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)pending);
	req("POST", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_false(has(&r, "waiting"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)pending);
	req("POST", path, "application/x-www-form-urlencoded", "", cookie,
	    NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	/* Nor one that does not exist, nor another session's by this code. */
	req("POST", "/api/v1/questions/987654/vote", NULL, NULL, cookie, NULL,
	    &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)elsewhere);
	req("POST", path, "application/x-www-form-urlencoded", "", cookie,
	    NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	/* Answered: the API says voting is over. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)answered);
	req("POST", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* The pending question's count never moved. */
	{
		struct arena *a = arena_new();
		struct store_question sq;

		assert_int_equal(store_question_get(T->s, a, pending, &sq),
		    STORE_OK);
		assert_int_equal(sq.votes, 0);
		arena_free(a);
	}
}

static void
test_rate_limits(void **state)
{
	struct qs q;
	struct resp r;
	char cookie[128], other[128], path[160], ra[32], text[64];
	int64_t ids[VOTES_PER_MINUTE + 1];
	int i;

	(void)state;
	mksession(&q, 0);
	/* Five questions in ten minutes; the sixth waits. */
	ask_api(&q, "Question 1 of the limit", NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	resp_free(&r);
	for (i = 2; i <= QUESTIONS_PER_10_MIN; i++) {
		snprintf(text, sizeof(text), "Question %d of the limit", i);
		(void)ask_ok(&q, text, cookie, "pending");
	}
	ask_api(&q, "One too many", cookie, &r);
	assert_int_equal(r.status, 429);
	assert_int_equal(th_header(&r, "Retry-After", ra, sizeof(ra)), 0);
	assert_string_equal(ra, "600");
	resp_free(&r);
	ask_form(&q, "One too many by the form", cookie, &r);
	assert_int_equal(r.status, 429);
	assert_int_equal(th_header(&r, "Retry-After", ra, sizeof(ra)), 0);
	assert_string_equal(ra, "600");
	/* The form is shown again with the text kept and the reason. */
	assert_true(has(&r, "One too many by the form"));
	assert_true(has(&r, "five questions in ten minutes"));
	resp_free(&r);
	assert_int_equal(scan_db("One too many"), 0);
	/* Someone else may still ask. */
	ask_api(&q, "A different participant", NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, other, sizeof(other), NULL, 0);
	resp_free(&r);

	/* Thirty votes a minute; the thirty-first waits. */
	for (i = 0; i <= VOTES_PER_MINUTE; i++) {
		snprintf(text, sizeof(text), "Votable question %d", i);
		ids[i] = mkquestion(&q, text, QUESTION_APPROVED);
	}
	for (i = 0; i < VOTES_PER_MINUTE; i++) {
		snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
		    (long long)ids[i]);
		req("POST", path, NULL, NULL, other, NULL, &r);
		if (r.status != 200)
			fail_msg("vote %d: %ld %s", i + 1, r.status,
			    r.body.data);
		resp_free(&r);
	}
	snprintf(path, sizeof(path), "/api/v1/questions/%lld/vote",
	    (long long)ids[VOTES_PER_MINUTE]);
	req("POST", path, NULL, NULL, other, NULL, &r);
	assert_int_equal(r.status, 429);
	assert_int_equal(th_header(&r, "Retry-After", ra, sizeof(ra)), 0);
	assert_string_equal(ra, "60");
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/questions/%lld/vote", q.code,
	    (long long)ids[VOTES_PER_MINUTE]);
	req("POST", path, "application/x-www-form-urlencoded", "", other, NULL,
	    &r);
	assert_int_equal(r.status, 429);
	assert_int_equal(th_header(&r, "Retry-After", ra, sizeof(ra)), 0);
	assert_string_equal(ra, "60");
	resp_free(&r);
	/* The refused vote was not counted; another participant's is. */
	req("POST", path, "application/x-www-form-urlencoded", "", cookie,
	    NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	{
		struct arena *a = arena_new();
		struct store_question sq;

		assert_int_equal(store_question_get(T->s, a,
		    ids[VOTES_PER_MINUTE], &sq), STORE_OK);
		assert_int_equal(sq.votes, 1);
		arena_free(a);
	}
}

static void
test_moderation_api(void **state)
{
	struct qs q;
	struct resp r;
	char long_text[300];
	json_t *j, *f;
	int64_t id, id2;

	(void)state;
	staff();
	mksession(&q, 0);
	id = ask_ok(&q, "Help me, he took my passport", NULL, "pending");
	id2 = ask_ok(&q, "An ordinary question for the API", NULL, "pending");

	/* Nobody: 401; door staff: 403; nothing changed. */
	moderate_api(id, "approve", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	moderate_api(id, "approve", NULL, door.bearer, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* A sign-in cookie is not an API credential. */
	moderate_api(id, "approve", NULL, mod.cookie, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_PENDING);

	/* The moderator: the answer has the flags. */
	moderate_api(id, "approve", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "approved");
	f = json_object_get(j, "flags");
	assert_true(json_is_true(json_object_get(f, "disclosure")));
	assert_true(json_is_false(json_object_get(f, "abuse")));
	json_decref(j);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_APPROVED);
	/* Again: does not apply. */
	moderate_api(id, "approve", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* Unknown action, unknown question. */
	moderate_api(id, "delete", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	moderate_api(987654, "hide", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	/* Edit: the text, 1 to 280 characters. */
	moderate_api(id2, "edit", "An ordinary question, fixed", mod.bearer,
	    &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "text")),
	    "An ordinary question, fixed");
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "pending");
	json_decref(j);
	resp_free(&r);
	moderate_api(id2, "edit", "", mod.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	moderate_api(id2, "edit", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	memset(long_text, 'x', 281);
	long_text[281] = '\0';
	moderate_api(id2, "edit", long_text, mod.bearer, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	long_text[280] = '\0';
	moderate_api(id2, "edit", long_text, mod.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* A coordinator may too; answer needs an approved question. */
	moderate_api(id2, "answer", NULL, coord.bearer, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	moderate_api(id, "answer", NULL, coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_ANSWERED);
	moderate_api(id, "hide", NULL, coord.bearer, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_HIDDEN);
}

static void
test_moderation_page(void **state)
{
	struct qs q, q2;
	struct resp r;
	char path[160], body[256], loc[256];
	int64_t id, other;

	(void)state;
	staff();
	mksession(&q, 0);
	mksession(&q2, 0);
	id = ask_ok(&q, "A question for the moderation page", NULL, "pending");
	other = mkquestion(&q2, "A question of another session",
	    QUESTION_PENDING);

	snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)q.id);
	req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "A question for the moderation page"));
	assert_true(has(&r, q.code));
	/* Live: the count of waiting ones, and the stream the page follows
	 * (convene.js merges the page again when it speaks). */
	assert_true(has(&r, "1 question waiting"));
	assert_true(has(&r, "Waiting for you (1)"));
	assert_true(has(&r, "<title>(1) Moderate: "));
	assert_true(has(&r, "On the screen (0)"));
	assert_true(has(&r, "id=\"mod-queue\""));
	snprintf(loc, sizeof(loc), "data-stream=\"/staff/qa/%lld/stream?after=",
	    (long long)q.id);
	assert_true(has(&r, loc));
	snprintf(loc, sizeof(loc), "data-id=\"%lld\"", (long long)id);
	assert_true(has(&r, loc));
	assert_non_null(strstr(r.headers.data, "no-store"));
	/* Only coordinators switch the mode. */
	assert_false(has(&r, "/mode\""));
	resp_free(&r);
	req("GET", path, NULL, NULL, door.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	assert_false(has(&r, "A question for the moderation page"));
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);

	/* Approve with the form's token. */
	snprintf(path, sizeof(path), "/staff/qa/%lld/questions/%lld",
	    (long long)q.id, (long long)id);
	snprintf(body, sizeof(body), "csrf=%s&action=approve", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	snprintf(body, sizeof(body), "/staff/qa/%lld", (long long)q.id);
	assert_string_equal(loc, body);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_APPROVED);
	/* Without the token, or with another's, or cross-site: refused. */
	req("POST", path, "application/x-www-form-urlencoded", "action=hide",
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&action=hide", coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&action=hide", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, "Sec-Fetch-Site: cross-site", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Door staff with a valid token of their own: their role is refused. */
	snprintf(body, sizeof(body), "csrf=%s&action=hide", door.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    door.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_APPROVED);
	/* Unknown action; a transition that does not apply; bad edit. */
	snprintf(body, sizeof(body), "csrf=%s&action=explode", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&action=approve", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&action=edit&text=", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	/* Hide with the token. */
	snprintf(body, sizeof(body), "csrf=%s&action=hide", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_HIDDEN);
	/* Another session's question through this session: not found. */
	snprintf(path, sizeof(path), "/staff/qa/%lld/questions/%lld",
	    (long long)q.id, (long long)other);
	snprintf(body, sizeof(body), "csrf=%s&action=approve", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(qstatus(other, NULL), QUESTION_PENDING);

	/* The mode: coordinators only; then new questions show at once. */
	snprintf(path, sizeof(path), "/staff/qa/%lld/mode", (long long)q.id);
	snprintf(body, sizeof(body), "csrf=%s&post=1", mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	(void)ask_ok(&q, "Still pre-moderated", NULL, "pending");
	snprintf(body, sizeof(body), "csrf=%s&post=1", coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    coord.cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	(void)ask_ok(&q, "Now post-moderated", NULL, "approved");
	(void)ask_ok(&q, "Now post-moderated, but help me", NULL, "pending");
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_true(has(&r, "\"moderation\":\"post\""));
	resp_free(&r);
	/* A professional session has no Q&A to moderate. */
	{
		int64_t pro = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);

		snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)pro);
		req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
		assert_int_equal(r.status, 404);
		resp_free(&r);
	}
}

static void
test_pin_one_at_a_time(void **state)
{
	struct qs q;
	struct resp r;
	int64_t a, b, p;
	int pinned;

	(void)state;
	staff();
	mksession(&q, 0);
	a = mkquestion(&q, "Question A", QUESTION_APPROVED);
	b = mkquestion(&q, "Question B", QUESTION_APPROVED);
	p = mkquestion(&q, "Question pending", QUESTION_PENDING);
	moderate_ok(a, "pin");
	(void)qstatus(a, &pinned);
	assert_int_equal(pinned, 1);
	moderate_ok(b, "pin");
	(void)qstatus(a, &pinned);
	assert_int_equal(pinned, 0);
	(void)qstatus(b, &pinned);
	assert_int_equal(pinned, 1);
	/* A pending question cannot be pinned. */
	moderate_api(p, "pin", NULL, mod.bearer, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* Answering ends the pin; unpin clears it. */
	moderate_ok(b, "answer");
	(void)qstatus(b, &pinned);
	assert_int_equal(pinned, 0);
	moderate_ok(a, "pin");
	moderate_ok(a, "unpin");
	(void)qstatus(a, &pinned);
	assert_int_equal(pinned, 0);
	assert_int_equal(qstatus(a, NULL), QUESTION_APPROVED);
}

/* --- Event streams ---------------------------------------------------------- */

struct stream {
	pthread_t	 th;
	pthread_mutex_t	 lock;
	char		 url[256];
	char		 header[160];	/* a cookie, or "" */
	struct buf	 data;
	struct buf	 headers;
	int		 stop;
	int		 done;
	long		 status;
	CURLcode	 rc;
};

static size_t
stream_write(char *p, size_t sz, size_t n, void *arg)
{
	struct stream *s = arg;

	pthread_mutex_lock(&s->lock);
	buf_append(&s->data, p, sz * n);
	pthread_mutex_unlock(&s->lock);
	return sz * n;
}

static size_t
stream_header(char *p, size_t sz, size_t n, void *arg)
{
	struct stream *s = arg;

	pthread_mutex_lock(&s->lock);
	buf_append(&s->headers, p, sz * n);
	pthread_mutex_unlock(&s->lock);
	return sz * n;
}

static int
stream_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c,
    curl_off_t d)
{
	struct stream *s = arg;
	int stop;

	(void)a;
	(void)b;
	(void)c;
	(void)d;
	pthread_mutex_lock(&s->lock);
	stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void *
stream_run(void *arg)
{
	struct stream *s = arg;
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	CURLcode rc;
	long status = 0;

	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, stream_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, stream_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (*s->header) {
		h = curl_slist_append(h, s->header);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	pthread_mutex_lock(&s->lock);
	s->rc = rc;
	s->status = status;
	s->done = 1;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static struct stream *
stream_open(const char *path, const char *header)
{
	struct stream *s = xcalloc(1, sizeof(*s));

	th_commit();	/* the stream's thread must see the fixtures */
	pthread_mutex_init(&s->lock, NULL);
	buf_init(&s->data, 0);
	buf_init(&s->headers, 0);
	snprintf(s->url, sizeof(s->url), "%s%s", T->base, path);
	snprintf(s->header, sizeof(s->header), "%s", header ? header : "");
	assert_int_equal(pthread_create(&s->th, NULL, stream_run, s), 0);
	return s;
}

/* 1 once the stream holds needle; waits generously (the test is not timed). */
static int
stream_wait(struct stream *s, const char *needle)
{
	int i, found = 0, done = 0;

	for (i = 0; i < 300 && !found && !done; i++) {	/* up to 30 s */
		pthread_mutex_lock(&s->lock);
		found = s->data.data && strstr(s->data.data, needle) != NULL;
		done = s->done;
		pthread_mutex_unlock(&s->lock);
		if (!found && !done)
			sleep_ms(100);
	}
	if (!found) {
		pthread_mutex_lock(&s->lock);
		found = s->data.data && strstr(s->data.data, needle) != NULL;
		pthread_mutex_unlock(&s->lock);
	}
	return found;
}

/* Stops the stream; its data stays in s->data for the checks. */
static void
stream_close(struct stream *s)
{
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->th, NULL);
}

static void
stream_free(struct stream *s)
{
	buf_free(&s->data);
	buf_free(&s->headers);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Every "data:" line of a stream that names question id; their count. */
static int
stream_events_of(const struct stream *s, int64_t id, char lines[][256],
    int max)
{
	char key[64];
	const char *p = s->data.data;
	int n = 0;

	snprintf(key, sizeof(key), "\"id\":%lld,", (long long)id);
	while (p && (p = strstr(p, "data: ")) != NULL) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (memmem(p, len, key, strlen(key)) && n < max) {
			snprintf(lines[n], 256, "%.*s", (int)(len - 6), p + 6);
			n++;
		}
		p += len;
	}
	return n;
}

static void
test_stream_public_and_moderators(void **state)
{
	static const char secret[] = "He takes my money and I can\xe2\x80\x99t "
	    "leave, help me (zq9)";
	struct qs q;
	struct stream *pub, *modst;
	struct resp r;
	char path[160], ctype[128], lines[16][256], want[128];
	int64_t hidden, ok;
	int n, i;

	(void)state;
	staff();
	mksession(&q, 0);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream", q.code);
	pub = stream_open(path, NULL);
	snprintf(path, sizeof(path), "/staff/qa/%lld/stream", (long long)q.id);
	modst = stream_open(path, mod.cookie);
	assert_true(stream_wait(pub, "retry: 3000"));
	assert_true(stream_wait(modst, "retry: 3000"));
	/* A stream is no document: it keeps nosniff and leaves out what only
	 * a page acts on, which every subscriber's response would hold. */
	pthread_mutex_lock(&pub->lock);
	assert_non_null(strcasestr(pub->headers.data,
	    "X-Content-Type-Options: nosniff"));
	assert_null(strcasestr(pub->headers.data, "Content-Security-Policy"));
	assert_null(strcasestr(pub->headers.data, "Permissions-Policy"));
	pthread_mutex_unlock(&pub->lock);

	/* While both listen: a disclosure waits; it is hidden. */
	hidden = ask_ok(&q, secret, NULL, "pending");
	ok = ask_ok(&q, "What can churches do? (zq9)", NULL, "pending");
	/* The moderators' stream has the waiting question, flagged. */
	assert_true(stream_wait(modst, "zq9)\",\"name\""));
	assert_true(stream_wait(modst, "\"flags\":{\"disclosure\":true"));
	moderate_ok(hidden, "hide");
	moderate_ok(ok, "approve");
	/* Events arrive in order: once the approval is in, so is the rest. */
	assert_true(stream_wait(pub, "What can churches do? (zq9)"));
	assert_true(stream_wait(modst, "\"status\":\"hidden\""));
	stream_close(pub);
	stream_close(modst);

	assert_int_equal(pub->status, 200);
	assert_non_null(strcasestr(pub->headers.data,
	    "content-type: text/event-stream"));
	assert_non_null(strcasestr(pub->headers.data,
	    "cache-control: no-store"));
	/* Said once, on the staff's stream too (/staff says it as well). */
	{
		const char *hp = modst->headers.data;
		int seen = 0;

		while ((hp = strcasestr(hp, "\ncache-control:")) != NULL) {
			seen++;
			hp++;
		}
		if (seen != 1)
			fail_msg("Cache-Control %d times: %s", seen,
			    modst->headers.data);
	}
	assert_int_equal(strncmp(pub->data.data, "retry: 3000\n\n", 13), 0);
	assert_non_null(strstr(pub->data.data, "event: question\ndata: {"));
	/* The room never had the disclosure: only its number, as removed. */
	assert_null(strstr(pub->data.data, "takes my money"));
	assert_null(strstr(pub->data.data, "help me"));
	assert_null(strstr(pub->data.data, "flags"));
	assert_null(strstr(pub->data.data, "disclosure"));
	n = stream_events_of(pub, hidden, lines, 16);
	assert_true(n >= 2);	/* asked, hidden */
	snprintf(want, sizeof(want), "{\"id\":%lld,\"status\":\"removed\"}",
	    (long long)hidden);
	for (i = 0; i < n; i++)
		if (strcmp(lines[i], want) != 0)
			fail_msg("public event for the hidden question: %s",
			    lines[i]);
	/* The approved question arrived as a whole, with no flags. */
	n = stream_events_of(pub, ok, lines, 16);
	assert_true(n >= 2);	/* asked (removed), approved */
	assert_non_null(strstr(lines[n - 1], "\"status\":\"approved\""));
	assert_null(strstr(lines[n - 1], "flags"));

	/* The moderators' stream had the text and the flags. */
	assert_int_equal(modst->status, 200);
	assert_non_null(strstr(modst->data.data, "takes my money"));
	n = stream_events_of(modst, hidden, lines, 16);
	assert_true(n >= 2);
	assert_non_null(strstr(lines[0], "\"status\":\"pending\""));
	assert_non_null(strstr(lines[0], "\"disclosure\":true"));
	stream_free(pub);
	stream_free(modst);

	/* Door staff and strangers get no moderators' stream (and no hang). */
	req("GET", path, NULL, NULL, door.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	assert_int_equal(th_header(&r, "Content-Type", ctype, sizeof(ctype)),
	    0);
	assert_null(strstr(ctype, "event-stream"));
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	th_get(T, "/api/v1/qa/ZZZZZZ/stream", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

/*
 * The asker takes a question back, from the page or the API: it leaves
 * the screen and its words leave the database; nobody else can do it.
 */
static void
test_withdraw(void **state)
{
	struct qs q;
	struct resp r;
	char cookie[128], cookie2[128], path[160], loc[256];
	int64_t id, id2;

	(void)state;
	staff();
	mksession(&q, 1);
	ask_api(&q, "My neighbour is watched all day (zw1)", NULL, &r);
	assert_int_equal(r.status, 201);
	participant_cookie(&r, cookie, sizeof(cookie), NULL, 0);
	{
		/* The cookie lasts the Q&A's day, not weeks: a phone picked up
		 * later does not list what was asked. */
		char sc[256];
		const char *ma;

		assert_int_equal(th_header(&r, "Set-Cookie", sc, sizeof(sc)),
		    0);
		assert_non_null(ma = strstr(sc, "Max-Age="));
		assert_true(atol(ma + 8) >= 3600);
		assert_true(atol(ma + 8) <= 86400);
	}
	resp_free(&r);
	id = ask_ok(&q, "Where do I report this? (zw1)", cookie, "approved");
	ask_api(&q, "Someone else's question (zw2)", NULL, &r);
	participant_cookie(&r, cookie2, sizeof(cookie2), NULL, 0);
	resp_free(&r);
	id2 = ask_ok(&q, "Another one of theirs (zw2)", cookie2, "approved");
	assert_int_equal(scan_db("Where do I report this? (zw1)"), 1);

	/* Not theirs: as if there were no such question. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld", (long long)id2);
	req("DELETE", path, NULL, NULL, cookie, NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	req("DELETE", path, NULL, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	assert_int_equal(qstatus(id2, NULL), QUESTION_APPROVED);

	/* The page: a Take back button, then the question is gone. */
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	req("GET", path, NULL, NULL, cookie, NULL, &r);
	snprintf(loc, sizeof(loc), "/qa/%s/questions/%lld/withdraw", q.code,
	    (long long)id);
	assert_true(has(&r, loc));
	resp_free(&r);
	req("POST", loc, "application/x-www-form-urlencoded", "", cookie,
	    "Origin: https://evil.example", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	req("POST", loc, "application/x-www-form-urlencoded", "", cookie, NULL,
	    &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	assert_int_equal(qstatus(id, NULL), QUESTION_HIDDEN);
	assert_int_equal(scan_db("Where do I report this? (zw1)"), 0);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_false(has(&r, "zw1"));
	assert_true(has(&r, "Another one of theirs"));
	resp_free(&r);

	/* The API: the other asker takes theirs back. */
	snprintf(path, sizeof(path), "/api/v1/questions/%lld", (long long)id2);
	req("DELETE", path, NULL, NULL, cookie2, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "withdrawn"));
	resp_free(&r);
	assert_int_equal(scan_db("Another one of theirs (zw2)"), 0);
}

/* The last "id: N" line a stream carried; 0 when none. */
static int64_t
stream_last_id(struct stream *s)
{
	const char *p, *found = NULL;
	int64_t id;

	pthread_mutex_lock(&s->lock);
	for (p = s->data.data; p && (p = strstr(p, "id: ")) != NULL; p += 4)
		if (p == s->data.data || p[-1] == '\n')
			found = p;
	id = found ? strtoll(found + 4, NULL, 10) : 0;
	pthread_mutex_unlock(&s->lock);
	return id;
}

/*
 * A projector that lost its connection while a moderator hid a question
 * gets that change when it comes back (Last-Event-ID), and "reload" when
 * what it missed cannot be told.
 */
static void
test_stream_replay(void **state)
{
	struct qs q;
	struct stream *st;
	char path[160], hdr[64], want[128];
	int64_t shown, other, last;

	(void)state;
	staff();
	mksession(&q, 0);
	shown = ask_ok(&q, "Who pays for the hotline? (zr1)", NULL, "pending");
	moderate_ok(shown, "approve");
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream", q.code);
	st = stream_open(path, NULL);
	assert_true(stream_wait(st, "retry: 3000"));
	assert_true(stream_wait(st, "id: "));
	/* Live messages carry their change's id. */
	other = ask_ok(&q, "How do I volunteer? (zr1)", NULL, "pending");
	moderate_ok(other, "approve");
	assert_true(stream_wait(st, "How do I volunteer?"));
	assert_true(stream_last_id(st) > 0);
	stream_close(st);
	last = stream_last_id(st);
	stream_free(st);

	/* Away: the first question is hidden; back: it goes. */
	moderate_ok(shown, "hide");
	snprintf(hdr, sizeof(hdr), "Last-Event-ID: %lld", (long long)last);
	st = stream_open(path, hdr);
	snprintf(want, sizeof(want), "{\"id\":%lld,\"status\":\"removed\"}",
	    (long long)shown);
	assert_true(stream_wait(st, want));
	/* The other, unchanged since, is not sent again. */
	assert_null(strstr(st->data.data, "How do I volunteer?"));
	stream_close(st);
	stream_free(st);

	/* An id the server never gave: the list is reloaded. */
	st = stream_open(path, "Last-Event-ID: 999999999");
	assert_true(stream_wait(st, "event: reload"));
	stream_close(st);
	stream_free(st);
	/* Nor is an id written another way ("+N"): only digits are ids. */
	snprintf(hdr, sizeof(hdr), "Last-Event-ID: +%lld", (long long)last);
	st = stream_open(path, hdr);
	assert_true(stream_wait(st, "event: reload"));
	stream_close(st);
	stream_free(st);

	/* An id thousands of changes back is not searched from: the list is
	 * reloaded, and the database read stays bounded. */
	th_commit();
	{
		static const char fill[] = "WITH RECURSIVE n(i) AS (SELECT 1 "
		    "UNION ALL SELECT i + 1 FROM n WHERE i < 5001) INSERT INTO "
		    "change_events (at, topic, payload) SELECT (SELECT max(at) "
		    "FROM change_events), 'attendance', '{}' FROM n";

		th_exec(T, fill, fill);
	}
	snprintf(hdr, sizeof(hdr), "Last-Event-ID: %lld", (long long)last);
	st = stream_open(path, hdr);
	assert_true(stream_wait(st, "event: reload"));
	stream_close(st);
	stream_free(st);
}

/*
 * The session behind a join code is kept for a second when a room joins
 * at once, but never past a change to it: a new title, then a cancelled
 * session, show at once on the next read.
 */
static void
test_code_read_fresh(void **state)
{
	struct qs q;
	struct resp r;
	char path[96], sess[64];

	(void)state;
	staff();
	mksession(&q, 0);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	snprintf(sess, sizeof(sess), "/api/v1/sessions/%lld", (long long)q.id);
	/* Read twice: the code is kept, then the session. */
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	req("PATCH", sess, "application/json",
	    "{\"title\":\"Renamed at once (zc1)\"}", coord.bearer, NULL, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "Renamed at once (zc1)"));
	resp_free(&r);
	/* A code typed in lower case is the same session. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.lower);
	th_get(T, path, &r);
	assert_true(has(&r, "Renamed at once (zc1)"));
	resp_free(&r);
}

/* The data-stream of the page at path, into out. */
static void
page_stream(const char *path, char *out, size_t outsz)
{
	struct resp r;
	const char *p, *e;

	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	p = strstr(r.body.data, "data-stream=\"");
	assert_non_null(p);
	p += strlen("data-stream=\"");
	e = strchr(p, '"');
	assert_non_null(e);
	assert_true((size_t)(e - p) < outsz);
	snprintf(out, outsz, "%.*s", (int)(e - p), p);
	resp_free(&r);
}

/* 1 once the stream's response headers have all come. */
static int
stream_wait_headers(struct stream *s)
{
	int i, found = 0;

	for (i = 0; i < 300 && !found; i++) {
		pthread_mutex_lock(&s->lock);
		found = s->headers.len >= 4 && memcmp(s->headers.data +
		    s->headers.len - 4, "\r\n\r\n", 4) == 0;
		pthread_mutex_unlock(&s->lock);
		if (!found)
			sleep_ms(100);
	}
	return found;
}

/*
 * A page's stream starts where the page read its list (?after=): what
 * was approved between the page and its script's join comes first; with
 * nothing in between, the join is the headers alone and what follows
 * comes live. A position that is not a change id is refused.
 */
static void
test_stream_after(void **state)
{
	struct qs q;
	struct resp r;
	struct stream *st, *plain;
	char page[64], url[200], path[160], queue[64];
	int64_t a, b, c, d;

	(void)state;
	staff();
	mksession(&q, 0);
	a = ask_ok(&q, "Shown before the page (za1)", NULL, "pending");
	moderate_ok(a, "approve");
	snprintf(page, sizeof(page), "/qa/%s", q.code);
	page_stream(page, url, sizeof(url));
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream?after=", q.code);
	assert_int_equal(strncmp(url, path, strlen(path)), 0);
	/* Approved after the page was read, before its script joined. */
	b = ask_ok(&q, "Approved in between (za2)", NULL, "pending");
	moderate_ok(b, "approve");
	st = stream_open(url, NULL);
	assert_true(stream_wait(st, "Approved in between (za2)"));
	stream_close(st);
	assert_null(strstr(st->data.data, "Shown before the page"));
	stream_free(st);

	/* Once this node has fed everything (a live stream has the last
	 * change), a page's join has nothing to bring up to date. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream", q.code);
	plain = stream_open(path, NULL);
	assert_true(stream_wait(plain, "retry: 3000"));
	c = ask_ok(&q, "Fed to every stream (za3)", NULL, "pending");
	moderate_ok(c, "approve");
	assert_true(stream_wait(plain, "(za3)"));
	stream_close(plain);
	stream_free(plain);
	page_stream(page, url, sizeof(url));
	st = stream_open(url, NULL);
	assert_true(stream_wait_headers(st));
	sleep_ms(300);
	pthread_mutex_lock(&st->lock);
	assert_true(st->data.data == NULL || (strstr(st->data.data, "id: ") ==
	    NULL && strstr(st->data.data, "retry:") == NULL &&
	    strstr(st->data.data, "(za") == NULL));
	pthread_mutex_unlock(&st->lock);
	d = ask_ok(&q, "Comes live (za4)", NULL, "pending");
	moderate_ok(d, "approve");
	assert_true(stream_wait(st, "Comes live (za4)"));
	assert_true(stream_last_id(st) > 0);
	stream_close(st);
	stream_free(st);

	/* The projector's and the moderators' pages start where they read. */
	snprintf(page, sizeof(page), "/qa/%s/present", q.code);
	page_stream(page, url, sizeof(url));
	assert_non_null(strstr(url, "?after="));
	snprintf(queue, sizeof(queue), "/staff/qa/%lld", (long long)q.id);
	req("GET", queue, NULL, NULL, mod.cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "/stream?after="));
	resp_free(&r);

	/* The API's list says which stream goes with it. */
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	snprintf(url, sizeof(url), "\"stream\":\"/api/v1/qa/%s/stream?after=",
	    q.code);
	assert_true(has(&r, url));
	resp_free(&r);

	/* Not a change id: refused, and no stream is held. */
	th_get(T, "/api/v1/qa/NOPE/stream?after=1", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream?after=12x", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 400);
	assert_true(has(&r, "change id"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream?after=", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
}

/* How many times needle is in the stream so far. */
static int
stream_count(struct stream *s, const char *needle)
{
	const char *p;
	int n = 0;

	pthread_mutex_lock(&s->lock);
	for (p = s->data.data; p != NULL && (p = strstr(p, needle)) != NULL;
	    p += strlen(needle))
		n++;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/*
 * A stream whose phone left is released when a write to it fails (an
 * event, or the heartbeat's comment); the streams that stay get the
 * heartbeat once a period, however many leave. Each release used to wake
 * the heartbeat, which pinged every stream at once: with ten thousand
 * phones, a round of ten thousand writes for each release that found it
 * waiting.
 */
static void
test_stream_leaving_pings_once(void **state)
{
	struct qs q;
	struct stream *w, *gone[10];
	char path[160], text[64];
	size_t i;
	int round, k, pings;

	(void)state;
	staff();
	mksession(&q, 0);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream", q.code);
	w = stream_open(path, NULL);
	assert_true(stream_wait(w, "retry: 3000"));
	for (round = 0; round < 3; round++) {
		for (i = 0; i < ARRAY_LEN(gone); i++) {
			gone[i] = stream_open(path, NULL);
			assert_true(stream_wait(gone[i], "retry: 3000"));
		}
		for (i = 0; i < ARRAY_LEN(gone); i++) {
			stream_close(gone[i]);
			stream_free(gone[i]);
		}
		/* Two events: the first write to a closed socket is taken,
		 * the second fails, and the stream is released. */
		for (k = 0; k < 2; k++) {
			snprintf(text, sizeof(text), "Leaving round %d, %d (zl)",
			    round, k);
			moderate_ok(ask_ok(&q, text, NULL, "pending"),
			    "approve");
			assert_true(stream_wait(w, text));
		}
		sleep_ms(300);
	}
	/* A second or two: at most the period's own heartbeat. */
	pings = stream_count(w, ": ping");
	assert_true(pings <= 1);
	stream_close(w);
	stream_free(w);
}

static void
test_stream_pin_moves(void **state)
{
	struct qs q;
	struct stream *pub;
	char path[160], lines[16][256], last[256];
	int64_t a, b;
	int n;

	(void)state;
	staff();
	mksession(&q, 0);
	a = mkquestion(&q, "Pinned first (zp1)", QUESTION_APPROVED);
	b = mkquestion(&q, "Pinned second (zp2)", QUESTION_APPROVED);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/stream", q.code);
	pub = stream_open(path, NULL);
	assert_true(stream_wait(pub, "retry: 3000"));
	moderate_ok(a, "pin");
	moderate_ok(b, "pin");
	assert_true(stream_wait(pub, "zp2)"));
	/* Then a marker, so everything before it has arrived. */
	moderate_ok(b, "unpin");
	assert_true(stream_wait(pub, "\"pinned\":false"));
	stream_close(pub);
	/*
	 * Only one question is being answered: the room's pages must learn
	 * that A lost its pin when B took it.
	 */
	n = stream_events_of(pub, a, lines, 16);
	snprintf(last, sizeof(last), "%s", n > 0 ? lines[n - 1] : "(none)");
	stream_free(pub);
	assert_true(n >= 1);
	if (strstr(last, "\"pinned\":false") == NULL)
		fail_msg("after pinning B, the last public event of A is %s; "
		    "pages still show A as being answered", last);
}

/* --- CSV, presenter, codes ---------------------------------------------------- */

static void
test_questions_csv(void **state)
{
	struct qs q;
	struct resp r;
	char path[160], v[256];

	(void)state;
	staff();
	mksession(&q, 0);
	(void)ask_ok(&q, "=HYPERLINK(\"http://evil.example\",\"x\")", NULL,
	    "pending");
	(void)ask_ok(&q, "Help me, he has my ID", NULL, "pending");
	(void)ask_ok(&q, "+1 or -1, \"quoted\"", NULL, "pending");
	snprintf(path, sizeof(path), "/staff/qa/%lld/questions.csv",
	    (long long)q.id);
	req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", v, sizeof(v)), 0);
	assert_non_null(strstr(v, "text/csv"));
	assert_int_equal(th_header(&r, "Content-Disposition", v, sizeof(v)),
	    0);
	assert_non_null(strstr(v, "attachment"));
	assert_non_null(strstr(r.body.data, "\"id\",\"asked_at\",\"status\","
	    "\"votes\",\"name\",\"question\",\"possible_disclosure\""));
	/* Quoted, quotes doubled, and the formula made text. */
	assert_non_null(strstr(r.body.data, "\"'=HYPERLINK(\"\"http://"
	    "evil.example\"\",\"\"x\"\")\""));
	assert_null(strstr(r.body.data, ",\"=HYPERLINK"));
	assert_non_null(strstr(r.body.data, "\"'+1 or -1, \"\"quoted\"\"\""));
	assert_non_null(strstr(r.body.data, "\"Help me, he has my ID\","
	    "\"yes\""));
	resp_free(&r);
	req("GET", path, NULL, NULL, door.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	assert_false(has(&r, "HYPERLINK"));
	resp_free(&r);
	th_get(T, path, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
}

static void
test_present_and_codes(void **state)
{
	struct qs q;
	struct resp r;
	char path[160], loc[256];

	(void)state;
	mksession(&q, 0);
	(void)mkquestion(&q, "On the projector (zr1)", QUESTION_APPROVED);
	(void)mkquestion(&q, "Not on the projector (zr2)", QUESTION_PENDING);
	(void)mkquestion(&q, "Hidden from the projector (zr3)",
	    QUESTION_HIDDEN);
	snprintf(path, sizeof(path), "/qa/%s/present", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, q.code));
	assert_true(has(&r, "<svg"));
	assert_true(has(&r, "class=\"qr\""));
	assert_true(has(&r, "aria-label=\"QR code"));
	assert_true(has(&r, "On the projector (zr1)"));
	assert_false(has(&r, "zr2"));
	assert_false(has(&r, "zr3"));
	/* A projector: reloads without script, none of the site around it,
	 * the hotline, the address and code on one line. */
	assert_true(has(&r, "<noscript><meta http-equiv=\"refresh\" "
	    "content=\"10\"></noscript>"));
	assert_true(has(&r, "<body class=\"projector\">"));
	assert_false(has(&r, "quick-exit"));
	assert_false(has(&r, "<header class=\"site\""));
	assert_false(has(&r, "<footer class=\"site\""));
	assert_true(has(&r, "class=\"screen-help\""));
	assert_true(has(&r, "1-888-373-7888"));
	assert_true(has(&r, "class=\"join-line\""));
	resp_free(&r);

	/* Codes are typed in any case. */
	snprintf(path, sizeof(path), "/qa?code=%s", q.lower);
	th_get(T, path, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	assert_string_equal(loc, path);
	resp_free(&r);
	th_get(T, loc, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "On the projector (zr1)"));
	assert_false(has(&r, "zr2"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s", q.lower);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_get(T, "/qa", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	/* A code of the old alphabet (with 0 and 1) still works, typed with
	 * the letters it looks like, on the join form, the page and the API. */
	{
		char sql[128];

		snprintf(sql, sizeof(sql), "UPDATE sessions SET join_code = "
		    "'104J2V' WHERE id = %lld", (long long)q.id);
		th_commit();
		th_exec(T, sql, sql);
		cache_invalidate();
	}
	th_get(T, "/qa?code=IO4J2V", &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, sizeof(loc)), 0);
	assert_string_equal(loc, "/qa/104J2V");
	resp_free(&r);
	th_get(T, "/qa?code=lo4-j2v", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	th_get(T, "/qa/IO4J2V", &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "On the projector (zr1)"));
	resp_free(&r);
	th_get(T, "/api/v1/qa/io4j2v", &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "\"join_code\":\"104J2V\""));
	resp_free(&r);

	/* Unknown or malformed codes: not found. */
	th_get(T, "/qa/ZZZZZZ", &r);
	assert_int_equal(r.status, 404);
	/* A person gets the code box back, with what they typed. */
	assert_non_null(strstr(r.body.data, "name=\"code\""));
	assert_non_null(strstr(r.body.data, "value=\"ZZZZZZ\""));
	assert_non_null(strstr(r.body.data, "No Q&amp;A has this code"));
	resp_free(&r);
	th_get(T, "/qa/ABC", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_get(T, "/qa?code=ab", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_get(T, "/api/v1/qa/ZZZZZZ", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_get(T, "/qa/ZZZZZZ/present", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_json(T, "POST", "/api/v1/qa/ZZZZZZ/questions", "{\"text\":\"hi\"}",
	    &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void
test_ask_invalid(void **state)
{
	struct qs q;
	struct resp r;
	char text[2048], path[160];
	size_t i;

	(void)state;
	mksession(&q, 0);
	/* 280 characters of two bytes each: fine; 281: refused. */
	text[0] = '\0';
	for (i = 0; i < 280; i++)
		strcat(text, "\xc3\xa9");
	(void)ask_ok(&q, text, NULL, "pending");
	strcat(text, "\xc3\xa9");
	ask_api(&q, text, NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	ask_form(&q, text, NULL, &r);
	assert_int_equal(r.status, 422);
	assert_true(has(&r, "at most 280 characters"));
	resp_free(&r);
	ask_api(&q, "   ", NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s/questions", q.code);
	th_json(T, "POST", path, "{\"text\":5}", &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	/* A cross-site form post is refused. */
	snprintf(path, sizeof(path), "/qa/%s/questions", q.code);
	req("POST", path, "application/x-www-form-urlencoded",
	    "text=Cross+site+zs1", "Sec-Fetch-Site: cross-site", NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(scan_db("Cross site zs1"), 0);
}

/* A Q&A takes questions from its opening time: an hour before by default,
 * or when a coordinator says; before then the page and the API say when. */
static void
test_opening_time(void **state)
{
	struct qs q;
	struct resp r;
	char path[160], body[256], sql[160];
	json_t *j;
	int64_t now = time(NULL);

	(void)state;
	staff();
	mksession(&q, 1);
	/* Tomorrow: by default it opens an hour before, so not yet. */
	snprintf(sql, sizeof(sql), "UPDATE sessions SET starts_at = %lld, "
	    "ends_at = %lld WHERE id = %lld", (long long)(now + 86400),
	    (long long)(now + 86400 + 5400), (long long)q.id);
	th_commit();
	th_exec(T, sql, sql);
	cache_invalidate();
	ask_api(&q, "Too early for this?", NULL, &r);
	assert_int_equal(r.status, 409);
	j = th_parse(&r);
	assert_non_null(strstr(json_string_value(json_object_get(j, "error")),
	    "Questions open on "));
	assert_true(json_is_string(json_object_get(j, "opens_at")));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_true(json_is_false(json_object_get(json_object_get(j,
	    "session"), "open")));
	json_decref(j);
	resp_free(&r);
	/* The page says when, and offers no form; a form sent anyway: 409. */
	snprintf(path, sizeof(path), "/qa/%s", q.code);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r, "Questions open on "));
	assert_false(has(&r, "Send question"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/qa/%s/questions", q.code);
	req("POST", path, "application/x-www-form-urlencoded", "text=Early",
	    NULL, NULL, &r);
	assert_int_equal(r.status, 409);
	assert_true(has(&r, "Questions open on "));
	resp_free(&r);
	{
		struct arena *a = arena_new();
		struct store_question *qs;
		size_t n;

		assert_int_equal(store_questions(T->s, a, q.id, ORDER_ALL, &qs,
		    &n), STORE_OK);
		assert_int_equal(n, 0);
		arena_free(a);
	}

	/* A coordinator opens it now, from the moderation page: asked. */
	snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)q.id);
	req("GET", path, NULL, NULL, coord.cookie, NULL, &r);
	assert_true(has(&r, "(an hour before the session)"));
	assert_true(has(&r, "name=\"opens_at\""));
	resp_free(&r);
	req("GET", path, NULL, NULL, mod.cookie, NULL, &r);
	assert_false(has(&r, "name=\"opens_at\""));
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/qa/%lld/opens", (long long)q.id);
	snprintf(body, sizeof(body), "csrf=%s&opens_at=2020-01-01T09:00",
	    mod.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    mod.cookie, NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&opens_at=2099-01-01T09:00",
	    coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    coord.cookie, NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&opens_at=yesterday", coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    coord.cookie, NULL, &r);
	assert_int_equal(r.status, 422);
	resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&opens_at=2020-01-01T09:00",
	    coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    coord.cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	(void)ask_ok(&q, "Open now that the coordinator said so", NULL,
	    "approved");
	snprintf(path, sizeof(path), "/api/v1/qa/%s", q.code);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "session"), "open")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "session"), "opens_at")), "2020-01-01T09:00:00-07:00");
	json_decref(j);
	resp_free(&r);
	/* Back to the default: not yet again. */
	snprintf(path, sizeof(path), "/staff/qa/%lld/opens", (long long)q.id);
	snprintf(body, sizeof(body), "csrf=%s&default=1", coord.csrf);
	req("POST", path, "application/x-www-form-urlencoded", body,
	    coord.cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	ask_api(&q, "Closed again?", NULL, &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	/* The session API sets it too, and shows it. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)q.id);
	req("PATCH", path, "application/json",
	    "{\"qa_opens_at\":\"2020-02-01T10:00\"}", coord.bearer, NULL, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j,
	    "qa_opens_at")), "2020-02-01T10:00:00-07:00");
	json_decref(j);
	resp_free(&r);
	(void)ask_ok(&q, "Open by the API", NULL, "approved");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ask_keeps_only_a_hash),
		cmocka_unit_test(test_pending_stays_private),
		cmocka_unit_test(test_disclosure),
		cmocka_unit_test(test_disclosure_es),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_rate_limits),
		cmocka_unit_test(test_moderation_api),
		cmocka_unit_test(test_moderation_page),
		cmocka_unit_test(test_pin_one_at_a_time),
		cmocka_unit_test(test_stream_public_and_moderators),
		cmocka_unit_test(test_stream_pin_moves),
		cmocka_unit_test(test_stream_replay),
		cmocka_unit_test(test_stream_after),
		cmocka_unit_test(test_stream_leaving_pings_once),
		cmocka_unit_test(test_code_read_fresh),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_questions_csv),
		cmocka_unit_test(test_present_and_codes),
		cmocka_unit_test(test_ask_invalid),
		cmocka_unit_test(test_opening_time),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http qa", tests, th_setup, th_teardown);
}
