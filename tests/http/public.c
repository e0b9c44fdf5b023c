/* public.c: HTTP tests of the public site and API: pages, forms, tickets, errors, capacity. */
#include <jansson.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "harness.h"
#include "message.h"
#include "hotline.h"

/* Registers through the form and returns the ticket path from Location. */
static void
register_form(int64_t sid, const char *body, char *loc, size_t locsz)
{
	struct resp r;
	char path[64];

	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_form(T, path, body, &r);
	assert_int_equal(r.status, 303);
	assert_int_equal(th_header(&r, "Location", loc, locsz), 0);
	assert_int_equal(strncmp(loc, "/tickets/", 9), 0);
	resp_free(&r);
}

static void
test_home_and_headers(void **state)
{
	struct resp r;
	char csp[512];

	(void)state;
	th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	th_get(T, "/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "1-888-373-7888"));
	assert_non_null(strstr(r.body.data, "233733"));
	assert_non_null(strstr(r.body.data, "class=\"quick-exit\""));
	assert_non_null(strstr(r.body.data, "class=\"event-link\""));
	assert_int_equal(th_header(&r, "Content-Security-Policy", csp,
	    sizeof(csp)), 0);
	assert_null(strstr(csp, "unsafe-inline"));
	assert_non_null(strstr(csp, "script-src 'self'"));
	assert_int_equal(th_header(&r, "X-Content-Type-Options", csp,
	    sizeof(csp)), 0);
	/* No inline script anywhere on the page. */
	assert_null(strstr(r.body.data, "<script>"));
	resp_free(&r);

	th_get(T, "/static/convene.css", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", csp, sizeof(csp)), 0);
	assert_non_null(strstr(csp, "text/css"));
	resp_free(&r);
}

static void
test_event_page(void **state)
{
	struct resp r;
	struct store_session ss;
	struct arena *a = arena_new();
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 25, 0);
	char path[64];

	(void)state;
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	snprintf(path, sizeof(path), "/events/%lld", (long long)ss.event_id);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "class=\"session\""));
	assert_non_null(strstr(r.body.data, "25 of 25 left"));
	assert_non_null(strstr(r.body.data, "Open until"));
	assert_non_null(strstr(r.body.data, "Law enforcement, Medical"));
	resp_free(&r);

	th_get(T, "/events/999999", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body.data, "1-888-373-7888"));
	resp_free(&r);
	th_get(T, "/events/abc", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	th_get(T, "/no/such/page", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body.data, "<!DOCTYPE html>"));
	resp_free(&r);
	th_req(T, "PUT", "/", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	arena_free(a);
}

static void
test_register_invalid_form(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	struct resp r;
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "<label for=\"f-name\">Name</label>"));
	assert_non_null(strstr(r.body.data, "<label for=\"f-email\">Email</label>"));
	assert_non_null(strstr(r.body.data, "value=\"law_enforcement\""));
	/* Sectors the session does not admit are not offered. */
	assert_null(strstr(r.body.data, "value=\"education\""));
	resp_free(&r);

	th_form(T, path, "name=&email=not-an-email&sector=education&"
	    "organization=%3Cb%3EPD&county=Missoula", &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body.data, "value=\"not-an-email\""));
	assert_non_null(strstr(r.body.data, "id=\"f-e-name\""));
	assert_non_null(strstr(r.body.data, "id=\"f-e-email\""));
	assert_non_null(strstr(r.body.data, "id=\"f-e-sector\""));
	assert_null(strstr(r.body.data, "id=\"f-e-county\""));
	/* What was typed comes back escaped. */
	assert_non_null(strstr(r.body.data, "value=\"&lt;b&gt;PD\""));
	assert_null(strstr(r.body.data, "<b>PD"));
	resp_free(&r);

	/* Nothing was written. */
	th_get(T, "/api/v1/sessions/1", &r);
	resp_free(&r);
	{
		struct arena *a = arena_new();
		struct store_session ss;

		assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
		assert_int_equal(ss.confirmed + ss.waitlisted, 0);
		arena_free(a);
	}
}

static void
test_register_ticket_cancel(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	const char *body = "name=Kat+Werner&email=Kat%40example.org&"
	    "sector=law_enforcement&organization=Missoula+PD&county=Missoula&"
	    "license=";
	char loc[256], loc2[256], path[300], token[80], form[128];
	struct resp r;
	const char *p;

	(void)state;
	register_form(sid, body, loc, sizeof(loc));
	th_get(T, loc, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "class=\"ticket-status status-confirmed\""));
	assert_non_null(strstr(r.body.data, "Confirmed"));
	assert_non_null(strstr(r.body.data, "<svg class=\"qr\""));
	assert_non_null(strstr(r.body.data, "Kat Werner"));
	/* The ticket page does not repeat the email address. */
	assert_null(strstr(r.body.data, "example.org"));
	p = strstr(r.body.data, "name=\"csrf\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(token, sizeof(token), "%.*s", (int)strcspn(p, "\""), p);
	resp_free(&r);

	/* The same email (any case) is known, but never opens the ticket:
	 * whoever types an address must not see its registration. */
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_form(T, path, "name=Kat+Werner&email=kat%40EXAMPLE.org&"
	    "sector=law_enforcement&organization=Missoula+PD&county=Missoula",
	    &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "already registered"));
	/* The form shown again counts the seat just taken (the brief the
	 * POST was checked against may be older). */
	assert_non_null(strstr(r.body.data, "9 of 10 left"));
	assert_null(strstr(r.body.data, loc + 9));
	assert_int_not_equal(th_header(&r, "Location", loc2, sizeof(loc2)), 0);
	resp_free(&r);

	snprintf(path, sizeof(path), "%s/session.ics", loc);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "BEGIN:VCALENDAR"));
	assert_non_null(strstr(r.body.data, "BEGIN:VEVENT"));
	assert_non_null(strstr(r.body.data, "SUMMARY:Training"));
	resp_free(&r);

	/* Cancel: refused without the token and from another site. */
	snprintf(path, sizeof(path), "%s/cancel", loc);
	th_form(T, path, "csrf=wrong", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	snprintf(form, sizeof(form), "csrf=%s", token);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", form,
	    "Origin: https://evil.example", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	th_get(T, loc, &r);
	assert_non_null(strstr(r.body.data, "status-confirmed"));
	resp_free(&r);

	th_form(T, path, form, &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	th_get(T, loc, &r);
	assert_non_null(strstr(r.body.data, "status-cancelled"));
	resp_free(&r);

	th_get(T, "/tickets/nosuchticket", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void
test_cross_site_register_refused(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	struct resp r;
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_req(T, "POST", path, "application/x-www-form-urlencoded", "name=x",
	    "Sec-Fetch-Site: cross-site", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* An old browser's null origin without fetch metadata is refused. */
	th_req(T, "POST", path, "application/x-www-form-urlencoded", "name=x",
	    "Origin: null", &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	/* Chromium under no-referrer: same-origin metadata, null origin. */
	{
		struct curl_slist *hdrs = NULL;
		CURL *c;

		hdrs = curl_slist_append(hdrs, "Origin: null");
		hdrs = curl_slist_append(hdrs, "Sec-Fetch-Site: same-origin");
		c = th_easy(T, "POST", path, "application/x-www-form-urlencoded",
		    "name=x", &hdrs, &r);
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_cleanup(c);
		curl_slist_free_all(hdrs);
		assert_int_equal(r.status, 303);
		resp_free(&r);
	}
}

static void
test_public_session_keeps_nothing(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	char loc[256];
	struct resp r;
	struct arena *a = arena_new();
	struct store_registration reg;

	(void)state;
	/* Nothing required; professional fields are dropped, not stored. */
	register_form(sid, "sector=medical&organization=Clinic&county=Lake",
	    loc, sizeof(loc));
	assert_int_equal(store_ticket_get(T->s, a, loc + 9, &reg), STORE_OK);
	assert_int_equal(reg.status, STATUS_CONFIRMED);
	assert_null(reg.name);
	assert_null(reg.email);
	assert_null(reg.sector);
	assert_null(reg.organization);
	assert_null(reg.county);
	th_get(T, loc, &r);
	assert_non_null(strstr(r.body.data, "Confirmed"));
	resp_free(&r);
	arena_free(a);
}

static void
test_api_waitlist_and_promotion(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 2, 0);
	char path[128], secret[3][64];
	struct resp r;
	json_t *j;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	for (i = 0; i < 3; i++) {
		char body[256];

		snprintf(body, sizeof(body), "{\"name\":\"P %d\",\"email\":"
		    "\"p%d@example.org\",\"sector\":\"medical\",\"organization\":"
		    "\"Clinic\",\"county\":\"Lake\",\"license\":null}", i, i);
		th_json(T, "POST", path, body, &r);
		assert_int_equal(r.status, 201);
		j = th_parse(&r);
		assert_string_equal(json_string_value(json_object_get(j,
		    "status")), i < 2 ? "confirmed" : "waitlisted");
		if (i < 2)
			assert_true(json_is_null(json_object_get(j, "position")));
		else
			assert_int_equal(json_integer_value(json_object_get(j,
			    "position")), 1);
		assert_true(json_is_integer(json_object_get(j, "id")));
		assert_non_null(strstr(json_string_value(json_object_get(j,
		    "ticket_url")), "/tickets/"));
		snprintf(secret[i], sizeof(secret[i]), "%s",
		    json_string_value(json_object_get(j, "secret")));
		json_decref(j);
		resp_free(&r);
	}
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)sid);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "confirmed")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "waitlisted")), 1);
	assert_string_equal(json_string_value(json_object_get(j,
	    "registration")), "open");
	assert_string_equal(json_string_value(json_object_get(j, "audience")),
	    "professional");
	assert_non_null(strstr(json_string_value(json_object_get(j,
	    "starts_at")), "-07:00"));
	json_decref(j);
	resp_free(&r);

	/* Cancelling a confirmed ticket promotes the first waitlisted. */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", secret[0]);
	th_json(T, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "cancelled");
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", secret[2]);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "confirmed");
	assert_true(json_is_null(json_object_get(j, "position")));
	assert_true(json_is_object(json_object_get(j, "session")));
	json_decref(j);
	resp_free(&r);

	/* Cancelling twice is harmless and promotes no one else. */
	snprintf(path, sizeof(path), "/api/v1/tickets/%s", secret[0]);
	th_json(T, "DELETE", path, NULL, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_json(T, "DELETE", "/api/v1/tickets/unknown", NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void
test_api_events_shape(void **state)
{
	struct resp r;
	json_t *j, *ev, *s;
	size_t i;

	(void)state;
	th_session(T, AUDIENCE_PUBLIC, -1, 0);
	th_get(T, "/api/v1/events", &r);
	assert_int_equal(r.status, 200);
	j = th_parse(&r);
	assert_true(json_array_size(json_object_get(j, "events")) > 0);
	json_array_foreach(json_object_get(j, "events"), i, ev) {
		const char *keys[] = { "id", "title", "venue", "city", "state",
		    "time_zone", "starts_at", "ends_at", "hosts", "tour",
		    "sessions" };
		size_t k;

		for (k = 0; k < ARRAY_LEN(keys); k++)
			if (json_object_get(ev, keys[k]) == NULL)
				fail_msg("event lacks %s", keys[k]);
		s = json_array_get(json_object_get(ev, "sessions"), 0);
		if (s != NULL) {
			const char *sk[] = { "id", "event_id", "title",
			    "audience", "starts_at", "ends_at", "capacity",
			    "confirmed", "waitlisted", "sectors", "ce_hours",
			    "registration" };

			for (k = 0; k < ARRAY_LEN(sk); k++)
				if (json_object_get(s, sk[k]) == NULL)
					fail_msg("session lacks %s", sk[k]);
		}
	}
	json_decref(j);
	resp_free(&r);
	th_get(T, "/api/v1/events/424242", &r);
	assert_int_equal(r.status, 404);
	j = th_parse(&r);
	assert_non_null(json_object_get(j, "error"));
	json_decref(j);
	resp_free(&r);
	th_get(T, "/api/v1/nothing-here", &r);
	assert_int_equal(r.status, 404);
	j = th_parse(&r);
	json_decref(j);
	resp_free(&r);
}

static void
test_api_bad_input(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 5, 0);
	int64_t later = th_session(T, AUDIENCE_PUBLIC, 5, now_utc() + 86400);
	char path[128], *big;
	struct resp r;
	json_t *j, *errs;
	struct arena *a = arena_new();
	struct store_session ss;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, "{\"name\": ", &r);
	assert_int_equal(r.status, 400);
	j = th_parse(&r);
	assert_non_null(strstr(json_string_value(json_object_get(j, "error")),
	    "Malformed JSON"));
	json_decref(j);
	resp_free(&r);

	th_json(T, "POST", path, "[1,2]", &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	th_req(T, "POST", path, "text/plain", "{}", NULL, &r);
	assert_int_equal(r.status, 415);
	resp_free(&r);

	th_json(T, "POST", path, "{\"name\": 7, \"email\": \"x\", "
	    "\"sector\": \"astronaut\", \"organization\": \"O\", "
	    "\"county\": \"C\"}", &r);
	assert_int_equal(r.status, 422);
	j = th_parse(&r);
	errs = json_object_get(j, "errors");
	assert_non_null(json_object_get(errs, "name"));
	assert_non_null(json_object_get(errs, "email"));
	assert_non_null(json_object_get(errs, "sector"));
	assert_null(json_object_get(errs, "county"));
	json_decref(j);
	resp_free(&r);

	/* Over the body limit: 413, and nothing written. */
	big = xmalloc(HTTP_BODY_LIMIT + 100);
	memset(big, ' ', HTTP_BODY_LIMIT + 99);
	big[0] = '{';
	big[HTTP_BODY_LIMIT + 98] = '}';
	big[HTTP_BODY_LIMIT + 99] = '\0';
	th_json(T, "POST", path, big, &r);
	assert_int_equal(r.status, 413);
	resp_free(&r);
	free(big);
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed + ss.waitlisted, 0);

	/* Registration not yet open: 409. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)later);
	th_json(T, "POST", path, "{}", &r);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld", (long long)later);
	th_get(T, path, &r);
	j = th_parse(&r);
	assert_string_equal(json_string_value(json_object_get(j,
	    "registration")), "not_yet");
	json_decref(j);
	resp_free(&r);
	arena_free(a);
}

static void
test_health_and_metrics(void **state)
{
	struct resp r;

	(void)state;
	th_get(T, "/healthz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "ok\n");
	resp_free(&r);
	th_get(T, "/metrics", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data,
	    "convene_http_requests_total{route=\"healthz\",status=\"200\"} "));
	assert_non_null(strstr(r.body.data,
	    "convene_registrations_total{outcome=\"confirmed\"} "));
	assert_null(strstr(r.body.data,
	    "convene_registrations_total{outcome=\"confirmed\"} 0\n"));
	/* No one follows a Q&A on this server. */
	assert_non_null(strstr(r.body.data, "\nconvene_event_streams 0\n"));
	resp_free(&r);
}

/* 10×C concurrent registrations at capacity C: exactly C confirmed. */
static void
test_capacity_under_concurrency(void **state)
{
	enum { C = 50, N = 10 * C };
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, C, 0);
	CURLM *m = curl_multi_init();
	CURL *easy[N];
	struct resp rs[N];
	struct curl_slist *hdrs[N];
	char path[128], body[N][200];
	int positions[N + 1], running, i, confirmed = 0, waitlisted = 0;
	struct arena *a = arena_new();
	struct store_session ss;

	(void)state;
	memset(positions, 0, sizeof(positions));
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	for (i = 0; i < N; i++) {
		hdrs[i] = NULL;
		snprintf(body[i], sizeof(body[i]), "{\"name\":\"Person %d\","
		    "\"email\":\"c%d@example.org\",\"sector\":\"medical\","
		    "\"organization\":\"Clinic\",\"county\":\"Lake\"}", i, i);
		easy[i] = th_easy(T, "POST", path, "application/json", body[i],
		    &hdrs[i], &rs[i]);
		curl_multi_add_handle(m, easy[i]);
	}
	do {
		curl_multi_perform(m, &running);
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	} while (running);
	for (i = 0; i < N; i++) {
		json_t *j;
		const char *st;

		curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &rs[i].status);
		if (rs[i].status != 201)
			fail_msg("request %d: status %ld: %s", i, rs[i].status,
			    rs[i].body.data ? rs[i].body.data : "");
		j = th_parse(&rs[i]);
		st = json_string_value(json_object_get(j, "status"));
		if (strcmp(st, "confirmed") == 0)
			confirmed++;
		else {
			json_int_t pos = json_integer_value(json_object_get(j,
			    "position"));

			assert_string_equal(st, "waitlisted");
			assert_true(pos >= 1 && pos <= N - C);
			positions[pos]++;
			waitlisted++;
		}
		json_decref(j);
		curl_multi_remove_handle(m, easy[i]);
		curl_easy_cleanup(easy[i]);
		curl_slist_free_all(hdrs[i]);
		resp_free(&rs[i]);
	}
	curl_multi_cleanup(m);
	assert_int_equal(confirmed, C);
	assert_int_equal(waitlisted, N - C);
	/* Positions 1..N-C, each given exactly once. */
	for (i = 1; i <= N - C; i++)
		if (positions[i] != 1)
			fail_msg("position %d given %d times", i, positions[i]);
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, C);
	assert_int_equal(ss.waitlisted, N - C);
	assert_int_equal(store_check(T->s), 0);
	arena_free(a);
}

/* A database failure: a 500 page and JSON error, and nothing half-written. */
static void
test_database_failure(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	char path[128];
	struct resp r;

	(void)state;
	/* The insert fails inside the transaction, after the checks ran. */
	th_exec(T, "CREATE TRIGGER broken BEFORE INSERT ON registrations "
	    "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
	    "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS "
	    "$$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$; "
	    "CREATE TRIGGER broken BEFORE INSERT ON registrations "
	    "FOR EACH ROW EXECUTE FUNCTION broken()");
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_form(T, path, "name=X", &r);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.body.data, "<!DOCTYPE html>"));
	assert_non_null(strstr(r.body.data, "not registered"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, "{}", &r);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.body.data, "\"error\""));
	resp_free(&r);
	{
		struct arena *a = arena_new();
		struct store_session ss;

		assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
		assert_int_equal(ss.confirmed + ss.waitlisted, 0);
		arena_free(a);
	}
	th_exec(T, "DROP TRIGGER broken", "DROP TRIGGER broken ON "
	    "registrations; DROP FUNCTION broken()");
	th_json(T, "POST", path, "{}", &r);
	assert_int_equal(r.status, 201);
	resp_free(&r);
}

/*
 * The transaction's last write fails: on PostgreSQL the change event is
 * sent with COMMIT (store_pg.c), so its failure must fail the commit and
 * leave no registration behind, as it does on SQLite.
 */
static void
test_late_write_failure(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	struct arena *a = arena_new();
	struct store_session ss;
	char path[128];
	struct resp r;

	(void)state;
	th_exec(T, "CREATE TRIGGER broken BEFORE INSERT ON change_events "
	    "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
	    "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS "
	    "$$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$; "
	    "CREATE TRIGGER broken BEFORE INSERT ON change_events "
	    "FOR EACH ROW EXECUTE FUNCTION broken()");
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, "{\"name\":\"Late Fail\","
	    "\"email\":\"late@example.org\"}", &r);
	assert_int_equal(r.status, 500);
	resp_free(&r);
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed + ss.waitlisted, 0);
	th_exec(T, "DROP TRIGGER broken", "DROP TRIGGER broken ON "
	    "change_events; DROP FUNCTION broken()");
	/* The connection that failed is usable again. */
	th_json(T, "POST", path, "{\"name\":\"Late Fail\","
	    "\"email\":\"late@example.org\"}", &r);
	assert_true(r.status == 201 || r.status == 202);
	resp_free(&r);
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	assert_int_equal(ss.confirmed, 1);
	arena_free(a);
}

/* Public attendees' details are forgotten after the event; professionals' kept. */
static void
test_purge(void **state)
{
	int64_t pub = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	int64_t pro = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	struct arena *a = arena_new();
	struct store_session ss;
	struct store_registration g1, g2, got;
	struct store_reg_input in;
	int64_t n, now = now_utc();

	(void)state;
	memset(&in, 0, sizeof(in));
	in.name = "Pat Public";
	in.email = "pat@example.org";
	assert_int_equal(app_register(th_app(T), &app_system, a, pub, NULL, &in, &g1), STORE_OK);
	in.sector = "medical";
	in.organization = "Clinic";
	in.county = "Lake";
	assert_int_equal(app_register(th_app(T), &app_system, a, pro, NULL, &in, &g2), STORE_OK);
	/* Both sessions are over, long ago. */
	assert_int_equal(store_session_get(T->s, a, pub, &ss), STORE_OK);
	ss.starts_at = now - 90 * 86400;
	ss.ends_at = ss.starts_at + 3600;
	assert_int_equal(store_session_update(th_tx(T), &ss), STORE_OK);
	assert_int_equal(store_session_get(T->s, a, pro, &ss), STORE_OK);
	ss.starts_at = now - 90 * 86400;
	ss.ends_at = ss.starts_at + 3600;
	assert_int_equal(store_session_update(th_tx(T), &ss), STORE_OK);
	/* Not yet past the cutoff: nothing changes. */
	assert_int_equal(app_purge(th_app(T), now - 100 * 86400, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_purge(th_app(T), now - 30 * 86400, &n), STORE_OK);
	assert_true(n >= 1);
	assert_int_equal(store_ticket_get(T->s, a, g1.secret, &got), STORE_OK);
	assert_null(got.name);
	assert_null(got.email);
	assert_int_equal(got.status, STATUS_CONFIRMED);
	assert_int_equal(store_ticket_get(T->s, a, g2.secret, &got), STORE_OK);
	assert_string_equal(got.name, "Pat Public");
	assert_string_equal(got.email, "pat@example.org");
	arena_free(a);
}

/* The Q&A counts that reports keep: asked, shown, and by how many people. */
static void
test_question_counts(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0), p1, p2, q;
	struct store_range rg;
	struct store_totals before, after;
	struct arena *a = arena_new();
	struct store_session ss;

	(void)state;
	assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
	/* The whole day of the session, in days as reports count them. */
	memset(&rg, 0, sizeof(rg));	/* no event, tour or organisation */
	rg.from = 0;
	rg.to = ss.starts_at + 3 * 86400;
	rg.org = 0;
	assert_int_equal(store_report_totals(T->s, &rg, &before), STORE_OK);
	assert_int_equal(app_participant(th_app(T), "hash-one", &p1),
	    STORE_OK);
	assert_int_equal(app_participant(th_app(T), "hash-two", &p2),
	    STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), sid, p1, "Why buyers?", NULL,
	    QUESTION_APPROVED, 0, now_utc(), &q), STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), sid, p1, "And schools?", NULL,
	    QUESTION_PENDING, 0, now_utc(), &q), STORE_OK);
	assert_int_equal(store_question_add(th_tx(T), sid, p2, "help me", NULL,
	    QUESTION_HIDDEN, QFLAG_DISCLOSURE, now_utc(), &q), STORE_OK);
	assert_int_equal(store_report_totals(T->s, &rg, &after), STORE_OK);
	assert_int_equal(after.questions - before.questions, 3);
	assert_int_equal(after.shown - before.shown, 1);
	assert_int_equal(after.askers - before.askers, 2);
	arena_free(a);
}

/* With email delivered, a repeated address gets its ticket by email, not on screen. */
static void
test_repeat_with_mail(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	const char *body = "name=Sam+Lee&email=sam%40example.org&"
	    "sector=medical&organization=Clinic&county=Lake";
	struct arena *a = arena_new();
	struct store_mail *m;
	char loc[256], path[64];
	struct resp r;
	size_t before, after;

	(void)state;
	register_form(sid, body, loc, sizeof(loc));
	assert_int_equal(store_outbox_list(T->s, a, 1000, &m, &before),
	    STORE_OK);
	T->ctx.mail = 1;
	snprintf(path, sizeof(path), "/sessions/%lld/register", (long long)sid);
	th_form(T, path, body, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "sent the link to your ticket"));
	assert_null(strstr(r.body.data, loc + 9));	/* no ticket shown */
	resp_free(&r);
	/* Sent again at once: the same answer, but no second message (one
	 * per ten minutes), so a mailbox cannot be flooded. */
	th_form(T, path, body, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "sent the link to your ticket"));
	resp_free(&r);
	/* A new address answers alike: whoever types it learns nothing. */
	th_form(T, path, "name=Pat+New&email=pat.new%40example.org&"
	    "sector=medical&organization=Clinic&county=Lake", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "sent the link to your ticket"));
	assert_null(strstr(r.body.data, "/tickets/"));
	resp_free(&r);
	T->ctx.mail = 0;
	assert_int_equal(store_outbox_list(T->s, a, 1000, &m, &after),
	    STORE_OK);
	assert_int_equal(after, before + 2);
	assert_string_equal(m[1].template, "ticket_again");
	assert_string_equal(m[0].template, "registered");
	assert_string_equal(m[0].to, "pat.new@example.org");
	assert_string_equal(m[1].to, "sam@example.org");
	/* The message keeps only the sealed code; sent, it is Sam's link. */
	{
		struct store_mail *due;
		char *subject, *text;
		size_t n, i, seen = 0;

		assert_int_equal(store_outbox_due(T->s, a, now_utc() + 60,
		    1000, &due, &n), STORE_OK);
		for (i = 0; i < n; i++) {
			if (strcmp(due[i].template, "ticket_again") != 0)
				continue;
			seen++;
			assert_null(strstr(due[i].params, loc + 9));
			assert_int_equal(message_render(a, due[i].template,
			    due[i].lang, message_unseal(T->s, a,
			    due[i].params), &subject, &text), 0);
			if (strstr(text, loc) == NULL)
				fail_msg("%s is not in: %s", loc, text);
		}
		assert_int_equal(seen, 1);
	}
	arena_free(a);
}

/*
 * /healthz says the database answers; /readyz that it takes writes. A
 * database that refuses writes (here a trigger, as a read-only file or a
 * standby would) is healthy but not ready.
 */
static void
test_readyz(void **state)
{
	struct resp r;

	(void)state;
	th_get(T, "/readyz", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "ready"));
	resp_free(&r);
	th_exec(T, "CREATE TRIGGER ro BEFORE UPDATE ON settings BEGIN "
	    "SELECT RAISE(ABORT, 'read-only'); END",
	    "CREATE FUNCTION ro() RETURNS trigger LANGUAGE plpgsql AS "
	    "$$ BEGIN RAISE EXCEPTION 'read-only'; END $$; "
	    "CREATE TRIGGER ro BEFORE UPDATE ON settings FOR EACH ROW "
	    "EXECUTE FUNCTION ro()");
	th_get(T, "/readyz", &r);
	assert_int_equal(r.status, 503);
	assert_non_null(strstr(r.body.data, "cannot be written"));
	resp_free(&r);
	th_get(T, "/healthz", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	th_exec(T, "DROP TRIGGER ro", "DROP TRIGGER ro ON settings; "
	    "DROP FUNCTION ro()");
	th_get(T, "/readyz", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
}

/* The help line is configuration: its operator changed once already. */
static void
test_hotline_config(void **state)
{
	struct resp r;

	(void)state;
	hotline_set("Test Help Line", "1 (800) 555-0199", "");
	cache_invalidate();
	th_get(T, "/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "Test Help Line"));
	assert_non_null(strstr(r.body.data, "href=\"tel:+18005550199\""));
	assert_null(strstr(r.body.data, "sms:"));
	assert_null(strstr(r.body.data, "1-888-373-7888"));
	resp_free(&r);
	/* Back to the default: today's National Human Trafficking Hotline. */
	hotline_set("National Human Trafficking Hotline", "1-888-373-7888",
	    "233733");
	cache_invalidate();
	th_get(T, "/", &r);
	assert_non_null(strstr(r.body.data, "href=\"tel:+18883737888\""));
	assert_non_null(strstr(r.body.data, "href=\"sms:233733\""));
	resp_free(&r);
}

/* Sends raw bytes to the server and returns the status of its answer. */
static int
raw_status(const char *req)
{
	struct sockaddr_in sa;
	struct timeval tv = { 5, 0 };
	char buf[256];
	ssize_t n;
	int fd, status = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(strrchr(T->base, ':') + 1));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 12 && strncmp(buf, "HTTP/1.1 ", 9) == 0)
		status = atoi(buf + 9);
	return status;
}

/*
 * A request whose length is given twice or two ways could be read one way
 * by a proxy and another here (request smuggling): 400. A body announced
 * over the limit is refused before it is sent: 413, never 100 Continue.
 */
static void
test_request_framing(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PUBLIC, -1, 0);
	char req[512];

	(void)state;
	snprintf(req, sizeof(req), "POST /api/v1/sessions/%lld/registrations "
	    "HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
	    (long long)sid);
	assert_int_equal(raw_status(req), 400);
	snprintf(req, sizeof(req), "POST /api/v1/sessions/%lld/registrations "
	    "HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "2\r\n{}\r\n0\r\n\r\n", (long long)sid);
	assert_int_equal(raw_status(req), 400);
	snprintf(req, sizeof(req), "POST /api/v1/sessions/%lld/registrations "
	    "HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Content-Length: 99999999\r\nExpect: 100-continue\r\n\r\n",
	    (long long)sid);
	assert_int_equal(raw_status(req), 413);
	/* One length, or chunks alone, is an ordinary request. */
	snprintf(req, sizeof(req), "POST /api/v1/sessions/%lld/registrations "
	    "HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
	    (long long)sid);
	assert_int_equal(raw_status(req), 201);
	{
		struct arena *a = arena_new();
		struct store_session ss;

		/* Nothing was registered by the refused ones. */
		assert_int_equal(store_session_get(T->s, a, sid, &ss), STORE_OK);
		assert_int_equal(ss.confirmed, 1);
		arena_free(a);
	}
}

/*
 * Headers as large as real browsers send are read (the default connection
 * memory, 6 KiB, takes about 1,800 bytes of cookies besides Chrome's own
 * headers); larger ones are refused with 431 and a sentence that says
 * what to do, not a dropped connection; far larger ones with
 * libmicrohttpd's own 431; and the server goes on.
 */
/* A Cookie header of 44-byte cookies ("c12=vvv...; "), about n bytes long. */
static void
many_cookies(char *out, size_t n)
{
	size_t len = strlen(strcpy(out, "Cookie: "));
	int i;

	for (i = 0; len < n + 8; i++)
		len += (size_t)sprintf(out + len, "%sc%02d=%040d", i ? "; " : "",
		    i, 0);
}

static void
test_header_sizes(void **state)
{
	char *big = xmalloc(16 * 1024 + 16);
	struct resp r;

	(void)state;
	memcpy(big, "Cookie: x=", 10);
	memset(big + 10, 'a', 1800);
	big[1810] = '\0';
	th_req(T, "GET", "/", NULL, NULL, big, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	/* Past the share an answer's headers leave, yet read whole. */
	memset(big + 10, 'a', 2560);
	big[2570] = '\0';
	th_req(T, "GET", "/", NULL, NULL, big, &r);
	assert_int_equal(r.status, 431);
	assert_non_null(strstr(r.body.data, "Clear this site's cookies"));
	assert_non_null(strstr(r.body.data, "Borre las cookies"));
	resp_free(&r);
	/* Many small cookies cost more than their bytes: each is a record
	 * and they are copied. A few are read; about 1,600 bytes of them get
	 * the sentence where the page would no longer fit. */
	many_cookies(big, 440);
	th_req(T, "GET", "/", NULL, NULL, big, &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	many_cookies(big, 1600);
	th_req(T, "GET", "/", NULL, NULL, big, &r);
	assert_int_equal(r.status, 431);
	assert_non_null(strstr(r.body.data, "Clear this site's cookies"));
	resp_free(&r);
	memcpy(big, "Cookie: x=", 10);
	memset(big + 10, 'a', 16 * 1024);
	big[10 + 16 * 1024] = '\0';
	th_req(T, "GET", "/", NULL, NULL, big, &r);
	assert_int_equal(r.status, 431);
	resp_free(&r);
	th_get(T, "/healthz", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	free(big);
}

/* A request with an Origin (and a preflight's method, or NULL). */
static void
cross(const char *method, const char *path, const char *origin,
    const char *want, const char *body, struct resp *r)
{
	struct curl_slist *h = NULL;
	char line[256];
	CURL *c;

	snprintf(line, sizeof(line), "Origin: %s", origin);
	h = curl_slist_append(h, line);
	h = curl_slist_append(h, "Sec-Fetch-Site: cross-site");
	if (want != NULL) {
		snprintf(line, sizeof(line), "Access-Control-Request-Method: %s",
		    want);
		h = curl_slist_append(h, line);
		h = curl_slist_append(h, "Access-Control-Request-Headers: "
		    "content-type");
	}
	c = th_easy(T, method, path, body ? "application/json" : NULL, body, &h,
	    r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
}

/* The value of a header, or "" when absent. */
static const char *
hdr(const struct resp *r, const char *name)
{
	static char v[512];

	if (th_header(r, name, v, sizeof(v)) == -1)
		return "";
	return v;
}

/*
 * A partner's page may read and register through the public API ([site]
 * cors_origins), with preflight; never a cookie's or a staff member's
 * routes, and no other origin.
 */
static void
test_cors(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	static const char partner[] = "https://partner.example.org";
	static const char reg[] = "{\"name\":\"Kat Werner\",\"email\":"
	    "\"kat-cors@example.org\",\"sector\":\"medical\",\"organization\":"
	    "\"Clinic\",\"county\":\"Lake\"}";
	char path[128], staff[128];
	struct resp r;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	snprintf(staff, sizeof(staff), "/api/v1/sessions/%lld", (long long)sid);

	/* Not configured: no origin may, and a preflight is refused. */
	cross("OPTIONS", path, partner, "POST", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	cross("GET", "/api/v1/events", partner, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);

	T->ctx.cors_origins = "https://other.example.net, " 
	    "https://partner.example.org";
	/* The preflight of a registration. */
	cross("OPTIONS", path, partner, "POST", NULL, &r);
	assert_int_equal(r.status, 204);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), partner);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Methods"), "POST");
	assert_non_null(strstr(hdr(&r, "Access-Control-Allow-Headers"),
	    "Content-Type"));
	assert_string_equal(hdr(&r, "Access-Control-Allow-Credentials"), "");
	assert_non_null(strstr(hdr(&r, "Vary"), "Origin"));
	assert_int_equal(r.body.len, 0);
	resp_free(&r);
	/* The registration itself, from the partner's page. */
	cross("POST", path, partner, NULL, reg, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), partner);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Credentials"), "");
	resp_free(&r);
	/* Reads, the cached ones too (twice: the second from the cache). */
	for (i = 0; i < 2; i++) {
		cross("GET", "/api/v1/events", partner, NULL, NULL, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"),
		    partner);
		assert_non_null(strstr(hdr(&r, "Vary"), "Origin"));
		resp_free(&r);
	}
	cross("OPTIONS", "/api/v1/tickets/abc", partner, "DELETE", NULL, &r);
	assert_int_equal(r.status, 204);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Methods"),
	    "GET, DELETE");
	resp_free(&r);

	/* Another origin: nothing. */
	cross("OPTIONS", path, "https://evil.example.com", "POST", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	cross("GET", "/api/v1/events", "https://evil.example.com", NULL, NULL,
	    &r);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	cross("GET", "/api/v1/events", "null", NULL, NULL, &r);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);

	/* A cookie's routes and the staff's: never, whatever the origin. */
	cross("OPTIONS", "/api/v1/qa/ABCDEF/questions", partner, "POST", NULL,
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	cross("OPTIONS", "/api/v1/questions/1/vote", partner, "POST", NULL,
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	cross("OPTIONS", staff, partner, "PATCH", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	cross("GET", "/staff/login", partner, NULL, NULL, &r);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	snprintf(staff, sizeof(staff), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	cross("GET", staff, partner, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "");
	resp_free(&r);
	/* The form keeps its own origin check. */
	snprintf(staff, sizeof(staff), "/sessions/%lld/register",
	    (long long)sid);
	cross("OPTIONS", staff, partner, "POST", NULL, &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);

	/* A plain OPTIONS names the methods; an unknown path is 404. */
	cross("OPTIONS", path, partner, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	assert_string_equal(hdr(&r, "Allow"), "GET, HEAD, POST, OPTIONS");
	resp_free(&r);
	cross("OPTIONS", "/api/v1/nothing", partner, "GET", NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);

	/* "*": any origin, for the public routes only. */
	T->ctx.cors_origins = "*";
	cross("GET", "/api/v1/events", "https://anyone.example", NULL, NULL, &r);
	assert_string_equal(hdr(&r, "Access-Control-Allow-Origin"), "*");
	resp_free(&r);
	cross("OPTIONS", "/api/v1/qa/ABCDEF/questions", partner, "POST", NULL,
	    &r);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	T->ctx.cors_origins = NULL;
}

/* A description on every page, robots.txt, and a QR code with a size. */
static void
test_small_things(void **state)
{
	int64_t sid = th_session(T, AUDIENCE_PROFESSIONAL, 10, 0);
	const char *pages[] = { "/", "/staff/login", "/calendar", "/qa",
	    "/verify", "/no-such-page" };
	char path[160], ctype[128], *secret;
	const char *svg, *end;
	struct resp r;
	json_t *j;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(pages); i++) {
		const char *m;

		th_get(T, pages[i], &r);
		m = strstr(r.body.data, "<meta name=\"description\" content=\"");
		if (m == NULL)
			fail_msg("%s has no meta description", pages[i]);
		assert_int_equal(strlen(m + 34) > 20, 1);
		assert_null(strstr(m + 1, "<meta name=\"description\""));
		resp_free(&r);
	}
	th_get(T, "/robots.txt", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(th_header(&r, "Content-Type", ctype, sizeof(ctype)),
	    0);
	assert_non_null(strstr(ctype, "text/plain"));
	assert_non_null(strstr(r.body.data, "User-agent: *\n"));
	assert_non_null(strstr(r.body.data, "Disallow: /staff\n"));
	assert_non_null(strstr(r.body.data, "Disallow: /tickets/\n"));
	assert_non_null(strstr(r.body.data, "Disallow: /qa\n"));
	resp_free(&r);

	/* The ticket's QR code sizes itself. */
	snprintf(path, sizeof(path), "/api/v1/sessions/%lld/registrations",
	    (long long)sid);
	th_json(T, "POST", path, "{\"name\":\"Qr Code\",\"email\":"
	    "\"qr@example.org\",\"sector\":\"medical\",\"organization\":\"C\","
	    "\"county\":\"Lake\"}", &r);
	assert_int_equal(r.status, 201);
	j = th_parse(&r);
	secret = xstrdup(json_string_value(json_object_get(j, "secret")));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/tickets/%s", secret);
	th_get(T, path, &r);
	assert_int_equal(r.status, 200);
	svg = strstr(r.body.data, "<svg class=\"qr\"");
	assert_non_null(svg);
	end = strchr(svg, '>');
	assert_non_null(end);
	{
		char tag[512];
		int w = 0, h = 0;
		const char *p;

		snprintf(tag, sizeof(tag), "%.*s", (int)(end - svg), svg);
		assert_non_null(p = strstr(tag, " width=\""));
		w = atoi(p + 8);
		assert_non_null(p = strstr(tag, " height=\""));
		h = atoi(p + 9);
		assert_true(w >= 100);
		assert_int_equal(w, h);
	}
	resp_free(&r);
	free(secret);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_and_headers),
		cmocka_unit_test(test_event_page),
		cmocka_unit_test(test_register_invalid_form),
		cmocka_unit_test(test_register_ticket_cancel),
		cmocka_unit_test(test_cross_site_register_refused),
		cmocka_unit_test(test_public_session_keeps_nothing),
		cmocka_unit_test(test_api_waitlist_and_promotion),
		cmocka_unit_test(test_api_events_shape),
		cmocka_unit_test(test_api_bad_input),
		cmocka_unit_test(test_health_and_metrics),
		cmocka_unit_test(test_capacity_under_concurrency),
		cmocka_unit_test(test_database_failure),
		cmocka_unit_test(test_late_write_failure),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_question_counts),
		cmocka_unit_test(test_repeat_with_mail),
		cmocka_unit_test(test_header_sizes),
		cmocka_unit_test(test_request_framing),
		cmocka_unit_test(test_readyz),
		cmocka_unit_test(test_hotline_config),
		cmocka_unit_test(test_cors),
		cmocka_unit_test(test_small_things),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests_name("http public", tests, th_setup,
	    th_teardown);
}
