/* page_auth.c: staff sign-in, sign-out and changing one's password. */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "field.h"
#include "layout.h"
#include "app.h"
#include "web.h"

#define PASSWORD_MIN 12

enum { LOGIN_NAME, LOGIN_PASSWORD, LOGIN__MAX };
static const struct field login_fields[LOGIN__MAX] = {
	{ "name", N_("User name"), FIELD_TEXT, 64, "username", NULL,
	    N_("Enter your user name.") },
	{ "password", N_("Password"), FIELD_PASSWORD, 1024,
	    "current-password", NULL, N_("Enter your password.") },
};

enum { PW_CURRENT, PW_NEW, PW_AGAIN, PW__MAX };
static const struct field pw_fields[PW__MAX] = {
	{ "current", N_("Current password"), FIELD_PASSWORD, 1024,
	    "current-password", NULL, N_("Enter your current password.") },
	{ "new", N_("New password"), FIELD_PASSWORD, 1024, "new-password",
	    N_("At least 12 characters; a few unrelated words work well."),
	    N_("Enter a new password.") },
	{ "again", N_("New password again"), FIELD_PASSWORD, 1024,
	    "new-password", NULL, N_("Enter the new password again.") },
};

/* A hash to verify against when the name is unknown, so timing tells nothing. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	if (crypto_pwhash_str(dummy, "not a password", 14,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy[0] = '\0';
}

/* Only local staff paths are followed after sign-in (no open redirect). */
static const char *
next_path(const char *next)
{
	if (next == NULL || strncmp(next, "/staff", 6) != 0 ||
	    strstr(next, "//") != NULL || strchr(next, '\\') != NULL ||
	    !text_clean(next, 0) || strcmp(next, "/staff/login") == 0)
		return "/staff";
	return next;
}

static void
login_render(struct http_req *r, const char *name, const char *next,
    const char *msg)
{
	struct html h = { &r->out };
	const char *err[LOGIN__MAX] = { NULL, NULL };

	buf_reset(&r->out);
	layout_begin(&h, r, "Staff sign-in");
	html_lit(&h, "<h1>");
	html_t(&h, "Staff sign-in");
	html_lit(&h, "</h1>\n");
	if (msg) {
		html_lit(&h, "<div class=\"form-errors\" role=\"alert\"><p>");
		html_text(&h, msg);
		html_lit(&h, "</p></div>\n");
	}
	html_lit(&h, "<form class=\"staff\" method=\"post\" "
	    "action=\"/staff/login\" novalidate>\n"
	    "<input type=\"hidden\" name=\"next\"");
	html_attr(&h, "value", next_path(next));
	html_lit(&h, ">\n");
	field_render(&h, r->arena, &login_fields[LOGIN_NAME], name,
	    err[LOGIN_NAME], 1, NULL, 0);
	field_render(&h, r->arena, &login_fields[LOGIN_PASSWORD], NULL,
	    err[LOGIN_PASSWORD], 1, NULL, 0);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Sign in");
	html_lit(&h, "</button>\n</form>\n");
	layout_end(&h);
}

/* GET /staff/login. */
void
page_login_form(struct http_req *r)
{
	if (web_user(r) != NULL) {
		http_redirect(r, next_path(http_query(r, "next")));
		return;
	}
	login_render(r, NULL, http_query(r, "next"), NULL);
}

#define FAILURE_WINDOW (15 * 60)

/* Keyed hash (the site's form key, as web_csrf_token) of what identifies
 * an attempt: the client's address, or a name no account has. */
static char *
attempt_key(struct http_req *r, const char *kind, const char *v)
{
	return arena_printf(r->arena, "%c:%s", kind[0], web_csrf_token(r,
	    kind, v));
}

/*
 * The slow half of POST /staff/login, on the slow lane: the password hash
 * costs a core for a tenth of a second, which page threads must not pay.
 * Known and unknown names, and disabled accounts, answer alike: the same
 * message, the same time, and the same limit per name and client address.
 */
static void
login_finish(struct http_req *r)
{
	const struct limit_conf *lc = http_limits(r);
	struct http_form f;
	struct store_user u;
	const char *name, *pw, *next, *user_key, *addr_key;
	char *lower;

	/* On the slow lane's thread: the request's language again. */
	i18n_set(((struct web_req *)r->local)->lang);
	int64_t failures = 0, now = web_now(r);
	int rc, ok;

	(void)http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &f);
	name = http_form_get(&f, "name");
	pw = http_form_get(&f, "password");
	next = http_form_get(&f, "next");
	rc = store_user_by_name(web_store(r), r->arena, name, &u);
	if (rc == STORE_ERROR)
		goto fail;
	lower = arena_strdup(r->arena, name);
	str_lower(lower);
	user_key = rc == STORE_OK ? arena_printf(r->arena, "u:%lld",
	    (long long)u.id) : attempt_key(r, "name", lower);
	addr_key = attempt_key(r, "addr", http_client(r));
	if (lc != NULL && lc->signin_failures > 0) {
		if (store_login_failures(web_store(r), user_key, addr_key,
		    now - FAILURE_WINDOW, &failures) != STORE_OK)
			goto fail;
		if (failures >= lc->signin_failures) {
			login_render(r, name, next, _("Too many failed "
			    "sign-ins with this name from here. Wait 15 "
			    "minutes, or ask a coordinator to reset your "
			    "password."));
			r->status = 429;
			http_set_header(r, "Retry-After", "900");
			goto out;
		}
	}
	if (rc == STORE_OK)
		ok = crypto_pwhash_str_verify(u.pass_hash, pw, strlen(pw)) == 0;
	else {
		pthread_once(&dummy_once, dummy_init);
		if (crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0)
			log_warn("login: the dummy hash matched");
		ok = 0;
	}
	if (!ok || (rc == STORE_OK && u.disabled)) {
		if (app_login_failed(web_app(r), user_key, addr_key,
		    now - FAILURE_WINDOW) != STORE_OK)
			goto fail;
		login_render(r, name, next, _("Wrong user name or password, "
		    "or the account is disabled."));
		r->status = 401;
		goto out;
	}
	if (web_sign_in(r, u.id) == -1)
		goto fail;
	http_redirect(r, next_path(next));
	goto out;
fail:
	web_error(r, 500, "Something went wrong on our side");
out:
	web_request_done(r);
}

/* POST /staff/login: checks the form here, the password on the slow lane. */
void
page_login(struct http_req *r)
{
	struct http_form f;
	const char *name, *pw, *next;

	if (!web_same_origin(r) || http_form_parse(r->arena, r->body.data ?
	    r->body.data : "", r->body.len, &f) == -1) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	name = http_form_get(&f, "name");
	pw = http_form_get(&f, "password");
	next = http_form_get(&f, "next");
	if (name == NULL || *name == '\0' || pw == NULL || *pw == '\0' ||
	    strlen(name) > 64 || strlen(pw) > 1024 || !text_clean(name, 0)) {
		login_render(r, name, next, _("Enter your user name and "
		    "password."));
		r->status = 422;
		return;
	}
	if (http_defer(r, login_finish) == -1) {
		http_set_header(r, "Retry-After", "5");
		web_error(r, 503, "Many people are signing in at once; please "
		    "try again in a few seconds.");
	}
}

/* POST /staff/logout. */
void
page_logout(struct http_req *r)
{
	struct http_form f;

	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &f) == -1 || !web_staff_form_ok(r, &f)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	web_sign_out(r);
	http_redirect(r, "/staff/login");
}

static void
password_render(struct http_req *r, const char *err[PW__MAX], int done)
{
	struct html h = { &r->out };
	int i;

	buf_reset(&r->out);
	layout_staff_begin(&h, r, "Change your password");
	html_lit(&h, "<h1>");
	html_t(&h, "Change your password");
	html_lit(&h, "</h1>\n");
	if (done) {
		html_lit(&h, "<p class=\"notice\" role=\"status\">");
		html_t(&h, "Your password is changed. Other devices where you "
		    "were signed in are signed out.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<form class=\"staff\" method=\"post\" "
	    "action=\"/staff/password\" novalidate>\n");
	layout_csrf(&h, r);
	for (i = 0; i < PW__MAX; i++)
		field_render(&h, r->arena, &pw_fields[i], NULL, err[i], 1,
		    NULL, 0);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Change password");
	html_lit(&h, "</button>\n</form>\n");
	layout_end(&h);
}

/* GET /staff/password. */
void
page_password_form(struct http_req *r)
{
	const char *err[PW__MAX] = { NULL, NULL, NULL };

	password_render(r, err, 0);
}

/* POST /staff/password: the current password, then the new one twice. */
void
page_password(struct http_req *r)
{
	const char *val[PW__MAX], *err[PW__MAX] = { NULL, NULL, NULL };
	struct store_user *u = web_user(r);
	struct http_form f;
	int i, bad = 0;

	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &f) == -1 || !web_staff_form_ok(r, &f)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	for (i = 0; i < PW__MAX; i++)
		if (field_check(r->arena, &pw_fields[i], http_form_get(&f,
		    pw_fields[i].name), 1, NULL, 0, &val[i], &err[i]) == -1)
			bad++;
	if (!err[PW_CURRENT] && crypto_pwhash_str_verify(u->pass_hash,
	    val[PW_CURRENT], strlen(val[PW_CURRENT])) != 0) {
		err[PW_CURRENT] = _("That is not your current password.");
		bad++;
	}
	if (!err[PW_NEW] && utf8_chars(val[PW_NEW]) < PASSWORD_MIN) {
		err[PW_NEW] = _("Use at least 12 characters.");
		bad++;
	}
	if (!err[PW_NEW] && !err[PW_AGAIN] &&
	    strcmp(val[PW_NEW], val[PW_AGAIN]) != 0) {
		err[PW_AGAIN] = _("The two new passwords differ.");
		bad++;
	}
	if (bad) {
		password_render(r, err, 0);
		r->status = 422;
		return;
	}
	if (app_password_change(web_app(r), web_actor(r), val[PW_NEW]) !=
	    STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; your "
		    "password is unchanged");
		return;
	}
	/* Every session ended with the old password; keep this one going. */
	if (web_sign_in(r, u->id) == -1) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	password_render(r, err, 1);
}
