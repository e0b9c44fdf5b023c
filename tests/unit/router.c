/* router.c: unit tests for route matching with {} placeholders (src/http/router.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util.h"
#include "http.h"
#include "router.h"

static void h_home(struct http_req *r) { (void)r; }
static void h_events(struct http_req *r) { (void)r; }
static void h_event(struct http_req *r) { (void)r; }
static void h_register(struct http_req *r) { (void)r; }
static void h_ticket(struct http_req *r) { (void)r; }
static void h_delete(struct http_req *r) { (void)r; }

enum {
	R_HOME,
	R_EVENTS,
	R_EVENT,
	R_REG_FORM,
	R_REG_POST,
	R_TICKET,
	R_DELETE,
	R__MAX
};

static const struct http_route routes[R__MAX] = {
	[R_HOME] = { HTTP_GET, "/", h_home, "home" },
	[R_EVENTS] = { HTTP_GET, "/events", h_events, "events" },
	[R_EVENT] = { HTTP_GET, "/events/{}", h_event, "event" },
	[R_REG_FORM] = { HTTP_GET, "/events/{}/sessions/{}/register",
	    h_register, "register_form" },
	[R_REG_POST] = { HTTP_POST, "/events/{}/sessions/{}/register",
	    h_register, "register_post" },
	[R_TICKET] = { HTTP_GET, "/t/{}.ics", h_ticket, "ticket_ics" },
	[R_DELETE] = { HTTP_DELETE, "/api/registrations/{}", h_delete,
	    "api_delete" },
};

static struct http_req *
req(void **state, enum http_method m, const char *path)
{
	struct http_req *r = *state;

	r->method = m;
	r->path = path;
	r->route = -1;
	r->nparams = 99;
	return r;
}

static enum route_match
find(void **state, enum http_method m, const char *path)
{
	return http_route_find(routes, R__MAX, sizeof(routes[0]),
	    req(state, m, path));
}

static int
setup(void **state)
{
	struct http_req *r = test_calloc(1, sizeof(*r));

	r->arena = arena_new();
	*state = r;
	return 0;
}

static int
teardown(void **state)
{
	struct http_req *r = *state;

	arena_free(r->arena);
	test_free(r);
	return 0;
}

static void
test_exact(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET, "/"), ROUTE_FOUND);
	assert_int_equal(r->route, R_HOME);
	assert_int_equal(r->nparams, 0);
	assert_int_equal(find(state, HTTP_GET, "/events"), ROUTE_FOUND);
	assert_int_equal(r->route, R_EVENTS);
	assert_int_equal(r->nparams, 0);
	assert_ptr_equal(routes[r->route].fn, h_events);
}

static void
test_placeholder(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET, "/events/spring-2027"),
	    ROUTE_FOUND);
	assert_int_equal(r->route, R_EVENT);
	assert_int_equal(r->nparams, 1);
	assert_string_equal(r->params[0], "spring-2027");
}

static void
test_two_placeholders(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET,
	    "/events/ev1/sessions/42/register"), ROUTE_FOUND);
	assert_int_equal(r->route, R_REG_FORM);
	assert_int_equal(r->nparams, 2);
	assert_string_equal(r->params[0], "ev1");
	assert_string_equal(r->params[1], "42");

	/* Same path, other method: the POST route. */
	assert_int_equal(find(state, HTTP_POST,
	    "/events/ev2/sessions/7/register"), ROUTE_FOUND);
	assert_int_equal(r->route, R_REG_POST);
	assert_int_equal(r->nparams, 2);
	assert_string_equal(r->params[0], "ev2");
	assert_string_equal(r->params[1], "7");
}

static void
test_placeholder_within_segment(void **state)
{
	struct http_req *r = *state;

	/* {} is a whole segment: it runs to the next "/", so "/t/{}.ics" never matches. */
	assert_int_equal(find(state, HTTP_GET, "/t/abc.ics"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/t/abc/.ics"), ROUTE_NOT_FOUND);
	assert_int_equal(r->nparams, 0);
}

static void
test_head_matches_get(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_HEAD, "/events/e9"), ROUTE_FOUND);
	assert_int_equal(r->route, R_EVENT);
	assert_string_equal(r->params[0], "e9");
	assert_int_equal(find(state, HTTP_HEAD, "/"), ROUTE_FOUND);
	assert_int_equal(r->route, R_HOME);
	/* But not POST or DELETE routes. */
	assert_int_equal(find(state, HTTP_HEAD, "/api/registrations/5"),
	    ROUTE_BAD_METHOD);
}

static void
test_bad_method(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_POST, "/events"), ROUTE_BAD_METHOD);
	assert_int_equal(r->route, -1);
	assert_int_equal(r->nparams, 0);
	assert_int_equal(find(state, HTTP_DELETE, "/events/x"),
	    ROUTE_BAD_METHOD);
	assert_int_equal(r->nparams, 0);
	assert_int_equal(find(state, HTTP_GET, "/api/registrations/5"),
	    ROUTE_BAD_METHOD);
	assert_int_equal(find(state, HTTP_PUT,
	    "/events/a/sessions/b/register"), ROUTE_BAD_METHOD);
	assert_int_equal(r->route, -1);
}

static void
test_not_found(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET, "/nope"), ROUTE_NOT_FOUND);
	assert_int_equal(r->route, -1);
	assert_int_equal(r->nparams, 0);
	assert_int_equal(find(state, HTTP_GET, ""), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/event"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/eventsx"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/EVENTS"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events/a/b"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events/a/sessions/b"),
	    ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_POST, "/nope"), ROUTE_NOT_FOUND);
}

static void
test_empty_segment(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET, "/events/"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events//sessions/1/register"),
	    ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events/a/sessions//register"),
	    ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events//x"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "//"), ROUTE_NOT_FOUND);
	assert_int_equal(r->nparams, 0);
}

static void
test_trailing_slash(void **state)
{
	assert_int_equal(find(state, HTTP_GET, "/events/"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET, "/events/e1/"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_GET,
	    "/events/e1/sessions/2/register/"), ROUTE_NOT_FOUND);
	assert_int_equal(find(state, HTTP_POST,
	    "/events/e1/sessions/2/register/"), ROUTE_NOT_FOUND);
}

static void
test_params_reset_between_requests(void **state)
{
	struct http_req *r = *state;

	assert_int_equal(find(state, HTTP_GET, "/events/a/sessions/b/register"),
	    ROUTE_FOUND);
	assert_int_equal(r->nparams, 2);
	assert_int_equal(find(state, HTTP_GET, "/events"), ROUTE_FOUND);
	assert_int_equal(r->nparams, 0);
}

static void
test_too_many_placeholders(void **state)
{
	static const struct http_route many[] = {
		{ HTTP_GET, "/{}/{}/{}/{}", h_home, "four" },
		{ HTTP_GET, "/{}/{}/{}/{}/{}", h_events, "five" },
	};
	struct http_req *r = req(state, HTTP_GET, "/a/b/c/d");

	assert_int_equal(http_route_find(many, ARRAY_LEN(many),
	    sizeof(many[0]), r), ROUTE_FOUND);
	assert_int_equal(r->route, 0);
	assert_int_equal(r->nparams, HTTP_MAX_PARAMS);
	assert_string_equal(r->params[3], "d");
	/* More placeholders than params never match (nor overflow). */
	r = req(state, HTTP_GET, "/a/b/c/d/e");
	assert_int_equal(http_route_find(many, ARRAY_LEN(many),
	    sizeof(many[0]), r), ROUTE_NOT_FOUND);
}

/* An application's rows begin with the route and carry more after it. */
struct wide_route {
	struct http_route	 http;
	unsigned		 roles;
	char			 note[40];
};

static void
test_rows_with_more_facts(void **state)
{
	static const struct wide_route wide[] = {
		{ { HTTP_GET, "/", h_home, "home" }, 0, "public" },
		{ { HTTP_GET, "/events/{}", h_event, "event" }, 1, "x" },
		{ { HTTP_POST, "/events/{}", h_register, "edit" }, 2, "y" },
		{ { HTTP_GET, "/events/new", h_events, "new" }, 3, "z" },
	};
	struct http_req *r = req(state, HTTP_GET, "/events/e7");

	assert_int_equal(http_route_find(&wide[0].http, ARRAY_LEN(wide),
	    sizeof(wide[0]), r), ROUTE_FOUND);
	assert_int_equal(r->route, 1);
	assert_int_equal(wide[r->route].roles, 1);
	assert_string_equal(r->params[0], "e7");
	r = req(state, HTTP_POST, "/events/e7");
	assert_int_equal(http_route_find(&wide[0].http, ARRAY_LEN(wide),
	    sizeof(wide[0]), r), ROUTE_FOUND);
	assert_ptr_equal(wide[r->route].http.fn, h_register);
	/* The most specific pattern still wins, whatever the row size. */
	r = req(state, HTTP_GET, "/events/new");
	assert_int_equal(http_route_find(&wide[0].http, ARRAY_LEN(wide),
	    sizeof(wide[0]), r), ROUTE_FOUND);
	assert_int_equal(r->route, 3);
	r = req(state, HTTP_DELETE, "/");
	assert_int_equal(http_route_find(&wide[0].http, ARRAY_LEN(wide),
	    sizeof(wide[0]), r), ROUTE_BAD_METHOD);
	assert_int_equal(r->route, -1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_exact),
		T(test_placeholder),
		T(test_two_placeholders),
		T(test_placeholder_within_segment),
		T(test_head_matches_get),
		T(test_bad_method),
		T(test_not_found),
		T(test_empty_segment),
		T(test_trailing_slash),
		T(test_params_reset_between_requests),
		T(test_too_many_placeholders),
		T(test_rows_with_more_facts),
	};

	return cmocka_run_group_tests_name("router: route matching", tests,
	    NULL, NULL);
}
