/* lang.c: HTTP tests of languages: how a page's language is chosen, cached pages kept apart, a registration's own language for its ticket and messages, dates the Spanish way, and every public, door and moderator page with no English left in Spanish. */
#include <ctype.h>

#include "harness.h"
#include "i18n.h"
#include "fmt.h"
#include "message.h"

/* A staff member signed in, as the door and moderator tests do it. */
struct ident {
	char	 name[64], pw[64], cookie[160], csrf[64];
	int64_t	 id;
};

static struct ident Coord;
static void check_page(const char *where, const char *html);
static int64_t Pro, Pub, Event;
static char Code[JOIN_CODE_LEN + 1];

static const char *
body(const struct resp *r)
{
	return r->body.data ? r->body.data : "";
}

/* GET path with one extra header line (NULL: none); the status must be want. */
static void
get(const char *path, const char *extra, long want, struct resp *r)
{
	th_req(T, "GET", path, NULL, NULL, extra, r);
	if (r->status != want)
		fail_msg("GET %s: %ld, not %ld: %.300s", path, r->status, want,
		    body(r));
}

static void
mkcoord(void)
{
	char hash[crypto_pwhash_STRBYTES], form[256], v[512];
	struct resp r;

	snprintf(Coord.name, sizeof(Coord.name), "lang-coordinator");
	snprintf(Coord.pw, sizeof(Coord.pw), "pw-lang-0123456789");
	assert_int_equal(crypto_pwhash_str(hash, Coord.pw, strlen(Coord.pw),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(store_user_add(th_tx(T), Coord.name, hash,
	    ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_DOOR) |
	    ROLE_BIT(ROLE_MODERATOR), now_utc(), &Coord.id), STORE_OK);
	snprintf(form, sizeof(form), "name=%s&password=%s", Coord.name,
	    Coord.pw);
	th_form(T, "/staff/login", form, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	/* The staff member reads Spanish: the language cookie beside hers. */
	snprintf(Coord.cookie, sizeof(Coord.cookie), "Cookie: %.*s; lang=es",
	    (int)strcspn(v, ";"), v);
	resp_free(&r);
	th_req(T, "GET", "/staff/password", NULL, NULL, Coord.cookie, &r);
	assert_int_equal(th_find_csrf(r.body.data, Coord.csrf,
	    sizeof(Coord.csrf)), 0);
	resp_free(&r);
}

/*
 * An event whose own words are no language's (names and places), with a
 * professional training that starts within the door's hours and an evening
 * Q&A: what English is left on its pages can only be the program's.
 */
static void
mkworld(void)
{
	struct store_session ss;
	int64_t venue, now = now_utc(), q;
	int64_t part;

	assert_int_equal(store_venue_add(th_tx(T), "Sala Norte", "Calle 5",
	    "Helena", "MT", "America/Denver", &venue), STORE_OK);
	assert_int_equal(store_event_add(th_tx(T), "Helena 2027", "", venue, 0,
	    now, &Event), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = Event;
	ss.title = "Taller Helena";
	ss.instructor = "Ana Pérez";
	ss.audience = AUDIENCE_PROFESSIONAL;
	ss.sectors = 1u << SECTOR_LAW_ENFORCEMENT | 1u << SECTOR_MEDICAL;
	ss.capacity = 40;
	ss.ce_hours = 4;
	ss.starts_at = now + 1800;
	ss.ends_at = ss.starts_at + 4 * 3600;
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	assert_int_equal(store_session_add(th_tx(T), &ss, &Pro), STORE_OK);
	memset(&ss, 0, sizeof(ss));
	ss.event_id = Event;
	ss.title = "Foro Helena";
	ss.audience = AUDIENCE_PUBLIC;
	ss.capacity = -1;
	ss.starts_at = now + 1800;
	ss.ends_at = ss.starts_at + 7200;
	ss.reg_opens_at = now - 86400;
	ss.credit_share = 1;
	token_join_code(Code);
	ss.join_code = Code;
	assert_int_equal(store_session_add(th_tx(T), &ss, &Pub), STORE_OK);
	th_commit();
	th_exec(T, "UPDATE events SET published = 1",
	    "UPDATE events SET published = 1");
	/* A question on the screen and one waiting for the moderator. */
	assert_int_equal(app_participant(th_app(T), "lang-asker", &part),
	    STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), Pub, part,
	    "¿Dónde se pide ayuda?", NULL, QUESTION_APPROVED, 0, now, &q),
	    STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), Pub, part,
	    "¿Quién paga las capacitaciones?", "Rosa", QUESTION_PENDING, 0,
	    now, &q), STORE_OK);
	th_commit();
	cache_invalidate();
}

static int
setup(void **state)
{
	if (th_setup(state) != 0)
		return -1;
	if (!i18n_available(LANG_ES))
		fail_msg("Spanish is not available: the es_ES.UTF-8 locale or "
		    "build/locale is missing (make deps, make)");
	mkcoord();
	mkworld();
	return 0;
}

/* ---- the choice ------------------------------------------------------- */

/* The <html lang> of a page. */
static const char *
html_lang(const struct resp *r)
{
	const char *p = strstr(body(r), "<html lang=\"");

	if (p == NULL)
		return "";
	return strncmp(p + 12, "es\"", 3) == 0 ? "es" :
	    strncmp(p + 12, "en\"", 3) == 0 ? "en" : "?";
}

static void
test_choice(void **state)
{
	static const struct {
		const char *header, *want;
	} cases[] = {
		{ NULL, "en" },
		{ "Accept-Language: es", "es" },
		{ "Accept-Language: es-MX,es;q=0.9,en;q=0.5", "es" },
		{ "Accept-Language: en-US,en;q=0.9,es;q=0.8", "en" },
		{ "Accept-Language: fr-CA, es;q=0.7, en;q=0.3", "es" },
		{ "Accept-Language: fr, de", "en" },
		{ "Accept-Language: es;q=0, en", "en" },
		{ "Accept-Language: ;;;,,q=,es-", "en" },
		{ "Cookie: lang=es", "es" },
		{ "Cookie: lang=xx", "en" },
	};
	char v[256];
	struct resp r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		get("/", cases[i].header, 200, &r);
		if (strcmp(html_lang(&r), cases[i].want) != 0)
			fail_msg("%s: <html lang=\"%s\">, not %s",
			    cases[i].header ? cases[i].header : "(none)",
			    html_lang(&r), cases[i].want);
		/* A cache in between must keep the languages apart. */
		assert_int_equal(th_header(&r, "Vary", v, sizeof(v)), 0);
		assert_non_null(strstr(v, "Accept-Language"));
		assert_non_null(strstr(v, "Cookie"));
		resp_free(&r);
	}
	/* ?lang= outranks the browser's wish, and is remembered. */
	get("/calendar?lang=es", "Accept-Language: en", 200, &r);
	assert_string_equal(html_lang(&r), "es");
	assert_int_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	assert_int_equal(strncmp(v, "lang=es;", 8), 0);
	assert_non_null(strstr(v, "Path=/"));
	assert_non_null(strstr(v, "SameSite=Lax"));
	resp_free(&r);
	get("/calendar?lang=en", "Cookie: lang=es", 200, &r);
	assert_string_equal(html_lang(&r), "en");
	resp_free(&r);
	/* An unknown one changes nothing and sets nothing. */
	get("/calendar?lang=klingon", "Accept-Language: es", 200, &r);
	assert_string_equal(html_lang(&r), "es");
	assert_int_not_equal(th_header(&r, "Set-Cookie", v, sizeof(v)), 0);
	resp_free(&r);
}

/* Every page has the switch: a plain link to the page in the other one. */
static void
test_switch(void **state)
{
	char path[64], want[128];
	struct resp r;

	(void)state;
	snprintf(path, sizeof(path), "/events/%lld", (long long)Event);
	get(path, NULL, 200, &r);
	snprintf(want, sizeof(want), "<a href=\"/events/%lld?lang=es\" "
	    "hreflang=\"es\" lang=\"es\">Español</a>", (long long)Event);
	assert_non_null(strstr(body(&r), want));
	assert_non_null(strstr(body(&r), "<span aria-current=\"true\" "
	    "lang=\"en\">English</span>"));
	resp_free(&r);
	get(path, "Accept-Language: es", 200, &r);
	snprintf(want, sizeof(want), "<a href=\"/events/%lld?lang=en\" "
	    "hreflang=\"en\" lang=\"en\">English</a>", (long long)Event);
	assert_non_null(strstr(body(&r), want));
	resp_free(&r);
	/* Staff pages too. */
	get("/staff", Coord.cookie, 200, &r);
	assert_non_null(strstr(body(&r), "hreflang=\"en\""));
	assert_string_equal(html_lang(&r), "es");
	resp_free(&r);
}

/* The page cache keeps one copy per language, never serving the other. */
static void
test_cache_apart(void **state)
{
	struct resp r;
	int i;

	(void)state;
	cache_invalidate();
	for (i = 0; i < 2; i++) {
		get("/", "Accept-Language: es", 200, &r);
		assert_non_null(strstr(body(&r), "Próximas capacitaciones"));
		resp_free(&r);
		get("/", NULL, 200, &r);
		assert_non_null(strstr(body(&r), "Upcoming trainings"));
		assert_null(strstr(body(&r), "Próximas capacitaciones"));
		resp_free(&r);
	}
}

/* ---- a person's own language ----------------------------------------- */

/* The secret of the ticket a 303 points to. */
static void
ticket_of(const struct resp *r, char *out, size_t n)
{
	char loc[256];

	assert_int_equal(r->status, 303);
	assert_int_equal(th_header(r, "Location", loc, sizeof(loc)), 0);
	assert_non_null(strstr(loc, "/tickets/"));
	snprintf(out, n, "%s", strstr(loc, "/tickets/") + 9);
}

static void
test_registration_language(void **state)
{
	char path[128], secret[96];
	struct store_mail *m;
	struct arena *a = arena_new();
	char *subject, *text;
	size_t n, i;
	struct resp r;
	int found = 0;

	(void)state;
	snprintf(path, sizeof(path), "/sessions/%lld/register",
	    (long long)Pub);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=Luc%C3%ADa&email=lucia%40example.org",
	    "Accept-Language: es-MX", &r);
	ticket_of(&r, secret, sizeof(secret));
	resp_free(&r);
	/* The same address again (without mail): told so, in Spanish. */
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=Luc%C3%ADa&email=lucia%40example.org",
	    "Accept-Language: es-MX", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Esta dirección ya está inscrita"));
	check_page("a repeated registration", body(&r));
	resp_free(&r);
	/* The ticket speaks Spanish to whoever opens the link... */
	snprintf(path, sizeof(path), "/tickets/%s", secret);
	get(path, NULL, 200, &r);
	assert_string_equal(html_lang(&r), "es");
	assert_non_null(strstr(body(&r), "Su boleto"));
	resp_free(&r);
	/* ...unless they choose another language. */
	snprintf(path, sizeof(path), "/tickets/%s?lang=en", secret);
	get(path, NULL, 200, &r);
	assert_string_equal(html_lang(&r), "en");
	assert_non_null(strstr(body(&r), "Your ticket"));
	resp_free(&r);
	/* Its calendar file too. */
	snprintf(path, sizeof(path), "/tickets/%s/session.ics", secret);
	get(path, NULL, 200, &r);
	assert_non_null(strstr(body(&r), "Muestre el código QR"));
	resp_free(&r);
	/* The message waits in the outbox in Spanish. */
	assert_int_equal(store_outbox_due(T->s, a, now_utc() + 3600, 1000, &m,
	    &n), STORE_OK);
	for (i = 0; i < n; i++) {
		if (m[i].to == NULL || strcmp(m[i].to, "lucia@example.org"))
			continue;
		found = 1;
		assert_string_equal(m[i].lang, "es");
		assert_int_equal(message_render(a, m[i].template, m[i].lang,
		    message_unseal(T->s, a, m[i].params), &subject, &text), 0);
		assert_string_equal(subject, "Inscripción confirmada: Foro "
		    "Helena");
		assert_non_null(strstr(text, "Su boleto: "));
		/* With the day, written the Spanish way. */
		{
			struct store_session ss;
			enum lang was;
			const char *day;

			assert_int_equal(store_session_get(T->s, a, Pub, &ss),
			    STORE_OK);
			was = i18n_set(LANG_ES);
			day = fmt_day(a, ss.time_zone, ss.starts_at);
			i18n_set(was);
			if (strstr(text, day) == NULL)
				fail_msg("the confirmation lacks \"%s\": %s", day,
				    text);
		}
	}
	assert_true(found);
	arena_free(a);
}

/* Dates the Spanish way: day, month in words, 24 hours. */
static void
test_dates(void **state)
{
	struct arena *a = arena_new();
	enum lang was;
	int64_t t;

	(void)state;
	/* 11 January 2027, 13:05 in Denver (20:05 UTC). */
	t = 1799697900;
	assert_string_equal(fmt_day(a, "America/Denver", t),
	    "Monday, 11 January 2027");
	was = i18n_set(LANG_ES);
	assert_string_equal(fmt_day(a, "America/Denver", t),
	    "lunes, 11 de enero de 2027");
	assert_string_equal(fmt_clock(a, "America/Denver", t), "13:05");
	assert_string_equal(fmt_moment(a, "America/Denver", t),
	    "lunes, 11 de enero de 2027 a las 13:05 MST");
	assert_string_equal(fmt_short_day(a, "America/Denver", t),
	    "lun 11 ene 2027");
	i18n_set(was);
	assert_string_equal(fmt_clock(a, "America/Denver", t), "1:05 PM");
	arena_free(a);
}

/* ---- no English left --------------------------------------------------- */

/*
 * Words that are English and not Spanish. A Spanish page with one of them
 * in its text, or in an attribute a person reads (title, alt, aria-label,
 * placeholder, the description, the script's words), has a string nobody
 * translated: the test names it.
 */
static const char *const english[] = {
	"the", "and", "you", "your", "with", "this", "that", "are", "is",
	"will", "please", "from", "have", "has", "what", "when", "which",
	"there", "been", "was", "were", "for", "of", "to", "it", "not",
	"can", "our", "here", "or", "by", "on", "at", "an", "be", "in",
	"register", "ticket", "waiting", "session", "sessions", "event",
	"events", "question", "questions", "vote", "votes", "name", "email",
	"code", "hours", "places", "left", "closed", "join", "ask", "send",
	"check", "back", "help", "call", "quick", "exit", "anonymous",
	"screen", "more", "most", "newest", "none", "door", "walk", "full",
	"roster", "sheet", "sign", "out", "choose", "required", "enter",
	"optional", "organization", "county", "licence", "license", "number",
	"confirmed", "cancel", "cancelled", "calendar", "upcoming", "past",
	"training", "trainings", "public", "hosted", "speaker", "who", "where",
	"limit", "open", "opens", "until", "moderator", "moderate", "approve",
	"hide", "pin", "answered", "answer", "typo", "fix", "waitlist",
	"certificate", "verify", "page", "skip", "content", "safety",
	"hotline", "emergency", "confidential", "text", "phone", "lost",
	"find", "type", "status", "action", "add", "staff",
	"sectors", "field", "fields", "shown", "show", "time",
	"subscribe", "day", "month", "stop", "stops", "tour", "language",
	"person", "format", "issued", "valid", "am", "pm", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "june", "july", "august", "september",
	"october", "november", "december",
	NULL,
};

static int
is_english(const char *w)
{
	size_t i;

	for (i = 0; english[i]; i++)
		if (strcasecmp(w, english[i]) == 0)
			return 1;
	return 0;
}

/* Text with the entities HTML writers use turned back into characters. */
static void
unescape(char *s)
{
	static const struct {
		const char *e, *c;
	} ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	char *o = s;
	size_t i;

	while (*s) {
		for (i = 0; i < ARRAY_LEN(ents); i++)
			if (strncmp(s, ents[i].e, strlen(ents[i].e)) == 0)
				break;
		if (i < ARRAY_LEN(ents)) {
			*o++ = *ents[i].c;
			s += strlen(ents[i].e);
		} else
			*o++ = *s++;
	}
	*o = '\0';
}

/* Found: the first English word and the text around it. */
static char found[400];

/* 1 (and found filled) when run has an English word. */
static int
check_run(char *run)
{
	char word[64];
	const char *p = run;

	unescape(run);
	while (*p) {
		size_t n = 0;
		int digit = 0;

		/* Words are runs of letters and digits: a code such as
		 * "x7an" or "3DSMA8" is no word of any language. */
		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p) && n + 1 < sizeof(word)) {
			digit |= isdigit((unsigned char)*p);
			word[n++] = *p++;
		}
		word[n] = '\0';
		/* A word glued to other letters (UTF-8) is not an English one. */
		if (n && !digit && (unsigned char)*p < 0x80 && is_english(word)) {
			snprintf(found, sizeof(found), "\"%s\" in: %.300s", word,
			    run);
			return 1;
		}
		while ((unsigned char)*p >= 0x80)
			p++;
	}
	return 0;
}

/* Attributes whose values people read or hear. */
static const char *const read_attrs[] = {
	"title", "alt", "aria-label", "placeholder", "content", "data-t-",
	NULL,
};

/* 1 when the text or a read attribute of a page has English (in found). */
static int
english_on(const char *html)
{
	char *copy = strdup(html), *p = copy, *end;
	size_t i;
	int bad = 0;

	assert_non_null(copy);
	while (*p && !bad) {
		/* Scripts, styles and codes (tickets, join codes) are
		 * no one's language. */
		if (strncmp(p, "<script", 7) == 0 || strncmp(p, "<style", 6) == 0 ||
		    strncmp(p, "<code", 5) == 0) {
			end = strstr(p, strncmp(p, "<script", 7) == 0 ?
			    "</script>" : strncmp(p, "<style", 6) == 0 ?
			    "</style>" : "</code>");
			if (end == NULL)
				break;
			p = strchr(end, '>') + 1;	/* past the closing tag */
			continue;
		}
		if (*p == '<') {
			/* Inside a tag: the attributes people read. */
			end = strchr(p, '>');
			if (end == NULL)
				break;
			*end = '\0';
			for (i = 0; read_attrs[i]; i++) {
				char *a = p;

				while (!bad &&
				    (a = strstr(a, read_attrs[i])) != NULL) {
					char *v = strstr(a, "=\""), *ve;

					a += strlen(read_attrs[i]);
					if (v == NULL || (ve = strchr(v + 2,
					    '"')) == NULL)
						break;
					/* data-t-x="..." and name="x"..."" */
					if (v - a > 20)
						continue;
					*ve = '\0';
					/* content="width=device-width..." */
					if (strncmp(v + 2, "width=", 6) != 0 &&
					    strcmp(v + 2, "no-referrer") != 0)
						bad = check_run(v + 2);
					*ve = '"';
					a = ve;
				}
			}
			p = end + 1;
			continue;
		}
		end = p + strcspn(p, "<");
		{
			char save = *end;

			*end = '\0';
			bad = check_run(p);
			*end = save;
		}
		p = end;
	}
	free(copy);
	return bad;
}

/* Fails when a Spanish page has English left, naming it. */
static void
check_page(const char *where, const char *html)
{
	if (english_on(html))
		fail_msg("%s: untranslated %s", where, found);
}

static void
test_no_english_left(void **state)
{
	char path[160], secret[96];
	const char *paths[32];
	struct arena *a = arena_new();
	size_t n = 0, i;
	struct resp r;

	(void)state;
	/* A ticket of the training, registered in Spanish. */
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)Pro);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=Ana+Ruiz&email=ana%40example.org&sector=medical&"
	    "organization=Cl%C3%ADnica+Sur&county=Lewis+y+Clark",
	    "Cookie: lang=es", &r);
	ticket_of(&r, secret, sizeof(secret));
	resp_free(&r);

	paths[n++] = "/";
	paths[n++] = arena_printf(a, "/events/%lld", (long long)Event);
	paths[n++] = arena_printf(a, "/sessions/%lld/register",
	    (long long)Pro);
	paths[n++] = arena_printf(a, "/sessions/%lld/register",
	    (long long)Pub);
	paths[n++] = arena_printf(a, "/tickets/%s", secret);
	paths[n++] = "/calendar";
	paths[n++] = "/verify";
	paths[n++] = "/verify/ZZZZZ-ZZZZZ";
	/* A certificate of the training, as it was issued (in English). */
	{
		struct store_registration g;
		struct store_certificate c;

		assert_int_equal(store_ticket_get(T->s, a, secret, &g),
		    STORE_OK);
		memset(&c, 0, sizeof(c));
		c.registration_id = g.id;
		c.code = "LANGS-TEST2";
		c.issued_at = now_utc();
		c.name = "Ana Ruiz";
		c.session = "Taller Helena";
		c.event = "Helena 2027";
		c.date = "Monday, 11 January 2027";
		c.times = "Monday, 11 January 2027, 9:00 AM – 1:00 PM MST";
		c.delivery = "in_person";
		c.venue = "Sala Norte";
		c.city = "Helena, MT";
		c.instructor = "Ana Pérez";
		c.provider = "Helena 2027";
		c.hours = 4;
		assert_int_equal(store_certificate_add(th_tx(T), &c), STORE_OK);
		th_commit();
		paths[n++] = "/verify/LANGS-TEST2";
	}
	paths[n++] = "/qa";
	paths[n++] = "/qa/ZZZZZZ";
	paths[n++] = arena_printf(a, "/qa/%s", Code);
	paths[n++] = arena_printf(a, "/qa/%s/present", Code);
	paths[n++] = "/staff/login";
	paths[n++] = "/no-such-page";
	for (i = 0; i < n; i++) {
		long want = strcmp(paths[i], "/no-such-page") == 0 ||
		    strcmp(paths[i], "/qa/ZZZZZZ") == 0 ||
		    strncmp(paths[i], "/verify/", 8) == 0 ? 404 : 200;

		th_req(T, "GET", paths[i], NULL, NULL, "Accept-Language: es",
		    &r);
		if (r.status != want && !(strncmp(paths[i], "/verify/", 8) == 0 &&
		    r.status == 200))
			fail_msg("GET %s: %ld", paths[i], r.status);
		assert_string_equal(html_lang(&r), "es");
		/* Every page, the projector's too, links to its English. */
		if (strstr(body(&r), "hreflang=\"en\" lang=\"en\">English"
		    "</a>") == NULL)
			fail_msg("%s has no language switch", paths[i]);
		check_page(paths[i], body(&r));
		resp_free(&r);
	}
	/* The registration form with its errors. */
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)Pro);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=&email=not-an-address&sector=nonsense", "Cookie: lang=es", &r);
	assert_int_equal(r.status, 422);
	check_page("the registration form with errors", body(&r));
	resp_free(&r);
	/* The same address again: answered once the write is done, still in
	 * the page's language (the answer is made on whichever request
	 * thread takes it up). */
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)Pro);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=Ana+Ruiz&email=ana%40example.org&sector=medical&"
	    "organization=Cl%C3%ADnica+Sur&county=Lewis+y+Clark",
	    "Cookie: lang=es", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(body(&r), "Esta dirección ya está inscrita"));
	check_page("the registration form, registered already", body(&r));
	resp_free(&r);
	/* The Q&A page with a question that cannot be sent. */
	snprintf(path, sizeof(path), "/qa/%s/questions", Code);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "text=+&name=", "Accept-Language: es", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(body(&r), "Escriba primero su pregunta"));
	check_page("the Q&A with an empty question", body(&r));
	resp_free(&r);
	/* The door's page, and the moderator's, for staff reading Spanish. */
	snprintf(path, sizeof(path), "/staff/door/%lld", (long long)Pro);
	get(path, Coord.cookie, 200, &r);
	check_page(path, body(&r));
	resp_free(&r);
	snprintf(path, sizeof(path), "/staff/door/%lld?q=Ana", (long long)Pro);
	get(path, Coord.cookie, 200, &r);
	assert_non_null(strstr(body(&r), "Ana Ruiz"));
	check_page(path, body(&r));
	resp_free(&r);
	/* A walk-in with details missing: the form again, what was typed
	 * kept, in Spanish. */
	{
		char form[256];

		snprintf(path, sizeof(path), "/staff/sessions/%lld/walkins",
		    (long long)Pro);
		snprintf(form, sizeof(form), "csrf=%s&return=door&"
		    "name=Luis+Mej%%C3%%ADa&sector=medical", Coord.csrf);
		th_req(T, "POST", path, "application/x-www-form-urlencoded",
		    form, Coord.cookie, &r);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(body(&r), "value=\"Luis Mejía\""));
		check_page("a walk-in with details missing", body(&r));
		resp_free(&r);
	}
	snprintf(path, sizeof(path), "/staff/qa/%lld", (long long)Pub);
	get(path, Coord.cookie, 200, &r);
	assert_non_null(strstr(body(&r), "¿Quién paga"));
	check_page(path, body(&r));
	resp_free(&r);
	arena_free(a);
}

/* The door finds a Spanish name however it is typed: accents, case. */
static void
test_search_folds(void **state)
{
	static const char *const typed[] = {
		"nunez", "NUNEZ", "%C3%91%C3%9A%C3%91EZ", "Nu%C3%B1ez",
		"jose+n", "Jos%C3%A9", "JOS%C3%89",
	};
	char path[192];
	struct resp r;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)Pro);
	th_req(T, "POST", path, "application/x-www-form-urlencoded",
	    "name=Jos%C3%A9+%C3%91%C3%BA%C3%B1ez&email=jn%40example.org&"
	    "sector=medical&organization=Cl%C3%ADnica&county=Lake",
	    "Cookie: lang=es", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	for (i = 0; i < ARRAY_LEN(typed); i++) {
		snprintf(path, sizeof(path), "/staff/door/%lld?q=%s",
		    (long long)Pro, typed[i]);
		get(path, Coord.cookie, 200, &r);
		if (strstr(body(&r), "José Ñúñez") == NULL)
			fail_msg("the door's search for %s does not find José "
			    "Ñúñez", typed[i]);
		resp_free(&r);
	}
	/* A search for someone else does not find her. */
	snprintf(path, sizeof(path), "/staff/door/%lld?q=nunex", (long long)Pro);
	get(path, Coord.cookie, 200, &r);
	assert_null(strstr(body(&r), "José Ñúñez"));
	resp_free(&r);
}

/* The checker itself finds English: a test that cannot fail proves nothing. */
static void
test_checker_finds_english(void **state)
{
	struct resp r;

	(void)state;
	get("/", NULL, 200, &r);
	assert_true(english_on(body(&r)));
	assert_non_null(strstr(found, "\""));
	resp_free(&r);
	assert_true(english_on("<p>Próximas <b>and</b> más</p>"));
	assert_true(english_on("<nav aria-label=\"Skip to the content\"></nav>"));
	assert_false(english_on("<p>Próximas capacitaciones y foros</p>"
	    "<script>var the = 1;</script>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_cache_apart),
		cmocka_unit_test(test_registration_language),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_no_english_left),
		cmocka_unit_test(test_search_folds),
		cmocka_unit_test(test_checker_finds_english),
	};

	return cmocka_run_group_tests_name("http lang", tests, setup,
	    th_teardown);
}
