/* auth.c: who is signed in (cookie or API token), sign-in sessions, staff CSRF, audit. */
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "form.h"
#include "app.h"
#include "api.h"
#include "web.h"

#define COOKIE "convene_session"
#define SESSION_SECONDS (12 * 3600)
#define TOKEN_CHARS 40

static struct web_req *
wr(struct http_req *r)
{
	return r->local;
}

static char *
hash_of(struct arena *a, const char *token)
{
	char *hex = arena_alloc(a, TOKEN_HASH_HEX);

	token_hash(token, hex);
	return hex;
}

/* See web.h: behind TLS, or when a trusted proxy says https. */
int
web_cookie_secure(struct http_req *r)
{
	struct web_ctx *ctx = r->app;
	const char *proto;
	char peer[64];

	if (ctx->behind_tls)
		return 1;
	if ((proto = http_header(r, "X-Forwarded-Proto")) == NULL ||
	    http_peer(r, peer, sizeof(peer)) == -1)
		return 0;
	return ((ctx->trusted_proxy != NULL &&
	    strcmp(peer, ctx->trusted_proxy) == 0) || (http_limits(r) &&
	    limit_trusted(http_limits(r), peer))) &&
	    strcasecmp(proto, "https") == 0;
}

/* See web.h. */
struct store_user *
web_user(struct http_req *r)
{
	struct web_req *w = wr(r);
	struct store_user u;
	const char *cred;
	int rc;

	if (w->user_known)
		return w->user;
	w->user_known = 1;
	if (web_is_api(r)) {
		cred = http_header(r, "Authorization");
		if (cred == NULL || strncasecmp(cred, "Bearer ", 7) != 0)
			return NULL;
		cred += 7;
		if (strlen(cred) != TOKEN_CHARS)
			return NULL;
		rc = store_token_user(web_store(r), r->arena,
		    hash_of(r->arena, cred), &u);
	} else {
		cred = http_cookie(r, COOKIE);
		if (cred == NULL || strlen(cred) != TOKEN_CHARS)
			return NULL;
		w->session_hash = hash_of(r->arena, cred);
		rc = store_auth_get(web_store(r), r->arena, w->session_hash,
		    web_now(r), &u);
	}
	if (rc != STORE_OK)
		return NULL;
	w->user = arena_alloc(r->arena, sizeof(u));
	*w->user = u;
	return w->user;
}

/* See web.h. */
int
web_has_role(struct http_req *r, unsigned roles)
{
	struct store_user *u = web_user(r);

	return u != NULL && (u->roles & roles) != 0;
}

/* See web.h. */
const char *
web_staff_csrf(struct http_req *r)
{
	struct store_user *u = web_user(r);

	return u && u->csrf ? u->csrf : "";
}

/* See web.h. */
int
web_staff_form_ok(struct http_req *r, const struct http_form *f)
{
	const char *tok = http_form_get(f, "csrf");
	const char *want = web_staff_csrf(r);

	return web_same_origin(r) && tok != NULL && *want != '\0' &&
	    token_equal(tok, want);
}

/* See web.h. */
int
web_sign_in(struct http_req *r, int64_t user_id)
{
	char token[TOKEN_CHARS + 1], csrf[33];
	const char *cookie;
	int64_t now = web_now(r);

	token_random(token, TOKEN_CHARS);
	token_random(csrf, 32);
	if (app_sign_in(web_app(r), user_id, hash_of(r->arena, token), csrf,
	    now + SESSION_SECONDS) != STORE_OK)
		return -1;
	cookie = arena_printf(r->arena, COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Lax; Max-Age=%d%s", token, SESSION_SECONDS,
	    web_cookie_secure(r) ? "; Secure" : "");
	http_set_header(r, "Set-Cookie", cookie);
	wr(r)->user_known = 0;
	return 0;
}

/* See web.h. */
void
web_sign_out(struct http_req *r)
{
	struct web_req *w = wr(r);

	if (web_user(r) != NULL && w->session_hash != NULL)
		app_sign_out(web_app(r), w->session_hash);
	http_set_header(r, "Set-Cookie", web_cookie_secure(r) ?
	    COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure" :
	    COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	w->user = NULL;
}

/* See web.h. */
int
web_staff_form(struct http_req *r, struct http_form *f)
{
	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, f) == -1) {
		web_error(r, 400, "The form could not be read");
		return -1;
	}
	if (!web_staff_form_ok(r, f)) {
		web_error(r, 403, "This form has expired or came from another "
		    "site; reload the page and try again");
		return -1;
	}
	return 0;
}

/* See web.h. */
int
web_permit(struct http_req *r, int may)
{
	if (may == 1)
		return 1;
	if (may == -2)
		web_error(r, 404, "Not found");
	else if (may == 0)
		web_error(r, 403, "Your organisation does not host this event");
	else
		web_error(r, 500, "Something went wrong on our side");
	return 0;
}

/* See web.h. */
struct app *
web_app(struct http_req *r)
{
	struct web_ctx *ctx = r->app;
	struct app *app = arena_alloc(r->arena, sizeof(*app));

	memset(app, 0, sizeof(*app));
	app->pool = ctx->pool;
	app->now = ctx->now;
	app->mail = ctx->mail;
	return app;
}

/* See web.h. */
const struct actor *
web_actor(struct http_req *r)
{
	struct store_user *u = web_user(r);
	struct actor *who;

	if (u == NULL)
		return &app_anonymous;
	who = arena_alloc(r->arena, sizeof(*who));
	memset(who, 0, sizeof(*who));
	who->kind = ACTOR_STAFF;
	who->user_id = u->id;
	who->roles = u->roles;
	who->org_id = u->org_id;
	return who;
}

/* See web.h. */
void
web_door_refused(struct http_req *r, int rc)
{
	if (rc == APP_BAD_TIME && web_is_api(r)) {
		api_unprocessable(r, json_pack("{s:s}", "at", "must be inside "
		    "the door's hours (two hours before the session to two "
		    "hours after it) and at most five minutes ahead of now"));
		return;
	}
	web_error(r, 409, WEB_DOOR_CLOSED);
}

/* See web.h. */
int
web_app_refused(struct http_req *r, int rc)
{
	switch (rc) {
	case APP_FORBIDDEN:
		web_error(r, 403, "You may not do this");
		return 1;
	case APP_DOOR_CLOSED:
	case APP_BAD_TIME:
		web_door_refused(r, rc);
		return 1;
	case STORE_NOTFOUND:
		web_error(r, 404, "Not found");
		return 1;
	case STORE_ERROR:
		web_error(r, 500, "Something went wrong on our side; nothing "
		    "was changed");
		return 1;
	default:
		return 0;
	}
}
