/* page_approvals.c: the provider's name, the boards' approval statements and a session's choice of them (pages and API). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "html.h"
#include "form.h"
#include "layout.h"
#include "image.h"
#include "api.h"
#include "app.h"
#include "ops.h"
#include "web.h"

#define APPROVALS_MAX	32	/* statements one session may print */

/* See web.h. */
size_t
web_body_limit(const char *path)
{
	/* A logo of up to 256 KiB, with room for the form around it. */
	if (path != NULL && (strcmp(path, "/staff/certificates/logo") == 0 ||
	    strcmp(path, "/api/v1/provider/logo") == 0))
		return IMAGE_MAX + 16 * 1024;
	return 0;
}

/* GET /logo: the provider's logo, as it was uploaded. */
void
page_logo(struct http_req *r)
{
	unsigned char *data;
	const char *type;
	size_t len;
	int rc = app_logo(web_store(r), r->arena, &data, &len, &type);

	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No logo");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	buf_append(&r->out, data, len);
	r->content_type = type;
	http_set_header(r, "Cache-Control", "public, max-age=300");
	http_set_header(r, "X-Content-Type-Options", "nosniff");
}

/* The outcome of a logo change as words for a page. */
static const char *
logo_problem(int rc)
{
	return rc == STORE_LIMIT ? N_("The logo is larger than 256 KiB") :
	    N_("That file is not a PNG or JPEG image that can be read");
}

/* POST /staff/certificates/logo: a multipart form with csrf and logo, or
 * an ordinary one with csrf and remove=1. */
void
page_staff_logo(struct http_req *r)
{
	const char *ctype = http_header(r, "Content-Type"), *csrf, *img;
	struct http_form form;
	size_t clen, ilen;
	int rc;

	if (ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
		memset(&form, 0, sizeof(form));
		if (http_multipart_get(ctype, r->body.data, r->body.len, "csrf",
		    &csrf, &clen) == 0 && clen < 128) {
			form.key[0] = "csrf";
			form.val[0] = arena_strndup(r->arena, csrf, clen);
			form.n = 1;
		}
		if (!web_staff_form_ok(r, &form)) {
			web_error(r, 403, "This form has expired or came from "
			    "another site; reload the page and try again");
			return;
		}
		if (http_multipart_get(ctype, r->body.data, r->body.len, "logo",
		    &img, &ilen) == -1 || ilen == 0) {
			web_error(r, 422, "Choose a PNG or JPEG file");
			return;
		}
		rc = app_logo_set(web_app(r), web_actor(r), r->arena,
		    (const unsigned char *)img, ilen);
	} else {
		if (web_staff_form(r, &form) == -1)
			return;
		if (http_form_get(&form, "remove") == NULL) {
			web_error(r, 422, "Choose a PNG or JPEG file");
			return;
		}
		rc = app_logo_set(web_app(r), web_actor(r), r->arena, NULL, 0);
	}
	if (rc == STORE_CONFLICT || rc == STORE_LIMIT)
		web_error(r, 422, logo_problem(rc));
	else if (!web_app_refused(r, rc))
		web_saved(r, rc, "/staff/certificates/settings");
}

/* PUT /api/v1/provider/logo: the image itself as the body. */
void
api_logo_put(struct http_req *r)
{
	int rc = app_logo_set(web_app(r), web_actor(r), r->arena,
	    (const unsigned char *)r->body.data, r->body.len);

	if (rc == STORE_CONFLICT || rc == STORE_LIMIT || r->body.len == 0) {
		api_unprocessable(r, json_pack("{s:s}", "logo", r->body.len ?
		    logo_problem(rc) : "send the PNG or JPEG file as the body"));
		return;
	}
	if (web_app_refused(r, rc))
		return;
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure; nothing was changed");
		return;
	}
	api_reply(r, 200, json_pack("{s:s}", "logo", "/logo"));
}

/* DELETE /api/v1/provider/logo. */
void
api_logo_delete(struct http_req *r)
{
	int rc = app_logo_set(web_app(r), web_actor(r), r->arena, NULL, 0);

	if (web_app_refused(r, rc))
		return;
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure; nothing was changed");
		return;
	}
	api_reply(r, 200, json_pack("{s:n}", "logo"));
}

/* A write's outcome on a page: 422 with a message for bad text (an N_()
 * string: web_error translates it). */
static void
page_outcome(struct http_req *r, int rc, const char *bad, const char *path)
{
	if (rc == STORE_CONFLICT)
		web_error(r, 422, bad);
	else if (!web_app_refused(r, rc))
		web_saved(r, rc, path);
}

/* GET /staff/certificates/settings: the provider's name, the logo and the
 * boards' statements. */
void
page_staff_cert_settings(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_approval *v;
	size_t n, i;

	if (store_approvals(web_store(r), r->arena, 0, 0, &v, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, "Certificate settings");
	html_lit(&h, "<h1>");
	html_t(&h, "Certificate settings");
	html_lit(&h, "</h1>\n<p><a href=\"/staff/certificates\">");
	html_t(&h, "Find or revoke a certificate");
	html_lit(&h, "</a></p>\n<h2>");
	html_t(&h, "Provider");
	html_lit(&h, "</h2>\n<p class=\"muted\">");
	html_t(&h, "The name certificates, the verification page and e-mails "
	    "give as the provider. Until it is set, each event's lead host "
	    "is.");
	html_lit(&h, "</p>\n<form class=\"staff\" method=\"post\" "
	    "action=\"/staff/certificates/provider\">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<div class=\"field\"><label for=\"provider\">");
	html_t(&h, "Provider's name");
	html_lit(&h, "</label><input id=\"provider\" name=\"name\" "
	    "maxlength=\"160\" required");
	html_attr(&h, "value", app_provider(web_store(r), r->arena, NULL));
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Save name");
	html_lit(&h, "</button>\n</form>\n<h2>");
	html_t(&h, "Logo");
	html_lit(&h, "</h2>\n<p class=\"muted\">");
	html_t(&h, "A PNG or JPEG of up to 256 KiB, on public pages and "
	    "certificates.");
	html_lit(&h, "</p>\n");
	{
		unsigned char *logo;
		const char *type;
		size_t len;

		if (app_logo(web_store(r), r->arena, &logo, &len, &type) ==
		    STORE_OK) {
			html_lit(&h, "<p><img class=\"site-logo\" "
			    "src=\"/logo\"");
			html_attr_t(&h, "alt", "The current logo");
			html_lit(&h, "></p>\n<form class=\"inline\" "
			    "method=\"post\" action=\"/staff/certificates/logo\">");
			layout_csrf(&h, r);
			html_lit(&h, "<input type=\"hidden\" name=\"remove\" "
			    "value=\"1\"><button type=\"submit\" class=\"small "
			    "secondary\">");
			html_t(&h, "Remove the logo");
			html_lit(&h, "</button></form>\n");
		}
	}
	html_lit(&h, "<form class=\"staff\" method=\"post\" "
	    "action=\"/staff/certificates/logo\" enctype=\"multipart/form-data\">"
	    "\n");
	layout_csrf(&h, r);
	html_lit(&h, "<div class=\"field\"><label for=\"logo\">");
	html_t(&h, "Logo file");
	html_lit(&h, "</label><input id=\"logo\" name=\"logo\" type=\"file\" "
	    "accept=\"image/png,image/jpeg\" required></div>\n<button "
	    "type=\"submit\">");
	html_t(&h, "Upload logo");
	html_lit(&h, "</button>\n</form>\n<h2>");
	html_t(&h, "Approval statements");
	html_lit(&h, "</h2>\n<p class=\"muted\">");
	/* TRANSLATORS: [Provider] is typed into statements as it is. */
	html_t(&h, "Write each board's statement once; each session then "
	    "chooses which print on its certificates, with its own course "
	    "number where the board gives one. [Provider] stands for the "
	    "provider's name.");
	html_lit(&h, "</p>\n");
	for (i = 0; i < n; i++) {
		html_lit(&h, "<form class=\"staff approval\" method=\"post\"");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/approvals/%lld", (long long)v[i].id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<div class=\"field\"><label");
		html_attr(&h, "for", arena_printf(r->arena, "board-%lld",
		    (long long)v[i].id));
		html_lit(&h, ">");
		html_t(&h, "Board");
		html_lit(&h, "</label><input name=\"board\" "
		    "maxlength=\"120\" required");
		html_attr(&h, "id", arena_printf(r->arena, "board-%lld",
		    (long long)v[i].id));
		html_attr(&h, "value", v[i].board);
		html_lit(&h, "></div>\n<div class=\"field\"><label");
		html_attr(&h, "for", arena_printf(r->arena, "statement-%lld",
		    (long long)v[i].id));
		html_lit(&h, ">");
		html_t(&h, "Statement");
		html_lit(&h, "</label><textarea name=\"statement\" "
		    "rows=\"3\" maxlength=\"1000\" required");
		html_attr(&h, "id", arena_printf(r->arena, "statement-%lld",
		    (long long)v[i].id));
		html_lit(&h, ">");
		html_text(&h, v[i].statement);
		html_lit(&h, "</textarea></div>\n<button type=\"submit\">");
		html_t(&h, "Save statement");
		html_lit(&h, "</button>\n</form>\n");
	}
	html_lit(&h, "<h3>");
	html_t(&h, "Add a statement");
	html_lit(&h, "</h3>\n<form class=\"staff\" "
	    "method=\"post\" action=\"/staff/approvals\">\n");
	layout_csrf(&h, r);
	html_lit(&h, "<div class=\"field\"><label for=\"board-new\">");
	html_t(&h, "Board");
	html_lit(&h, "</label><input id=\"board-new\" name=\"board\" "
	    "maxlength=\"120\" required");
	html_attr_t(&h, "placeholder", "ASWB ACE (social work)");
	html_lit(&h, "></div>\n<div class=\"field\"><label "
	    "for=\"statement-new\">");
	html_t(&h, "Statement");
	html_lit(&h, "</label><textarea id=\"statement-new\" "
	    "name=\"statement\" rows=\"3\" maxlength=\"1000\" required");
	/* TRANSLATORS: keep [Provider]: it is replaced by the name. */
	html_attr_t(&h, "placeholder", "[Provider], provider #1234, is "
	    "approved as an ACE provider to offer social work continuing "
	    "education by the Association of Social Work Boards.");
	html_lit(&h, "></textarea></div>\n<button type=\"submit\">");
	html_t(&h, "Add statement");
	html_lit(&h, "</button>\n</form>\n");
	layout_end(&h);
}

/* POST /staff/certificates/provider: name. */
void
page_staff_provider(struct http_req *r)
{
	struct http_form form;
	const char *name;

	if (web_staff_form(r, &form) == -1)
		return;
	name = http_form_get(&form, "name");
	page_outcome(r, app_provider_set(web_app(r), web_actor(r), r->arena,
	    name ? str_trim(arena_strdup(r->arena, name)) : ""),
	    N_("Enter the provider's name (up to 160 characters, one line)"),
	    "/staff/certificates/settings");
}

/* The board and statement of a form, trimmed. */
static void
statement_of(struct http_req *r, const struct http_form *form,
    const char **board, const char **statement)
{
	const char *b = http_form_get(form, "board");
	const char *s = http_form_get(form, "statement");

	*board = str_trim(arena_strdup(r->arena, b ? b : ""));
	*statement = str_trim(arena_strdup(r->arena, s ? s : ""));
}

/* POST /staff/approvals and /staff/approvals/{id}: board, statement. */
static void
approval_post(struct http_req *r, int64_t id)
{
	struct http_form form;
	const char *board, *statement;

	if (web_staff_form(r, &form) == -1)
		return;
	statement_of(r, &form, &board, &statement);
	page_outcome(r, app_approval_save(web_app(r), web_actor(r), r->arena,
	    id, board, statement, NULL), N_("Enter the board (up to 120 "
	    "characters) and its statement (up to 1,000)"),
	    "/staff/certificates/settings");
}

/* POST /staff/approvals. */
void
page_staff_approval_add(struct http_req *r)
{
	approval_post(r, 0);
}

/* POST /staff/approvals/{id}. */
void
page_staff_approval_edit(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such statement");
		return;
	}
	approval_post(r, id);
}

/* See web.h. */
void
page_session_approvals_form(struct http_req *r, struct html *h,
    const struct store_session *s)
{
	struct store_approval *v;
	size_t n, i;

	if (s->audience != AUDIENCE_PROFESSIONAL ||
	    store_approvals(web_store(r), r->arena, s->id, 0, &v, &n) !=
	    STORE_OK)
		return;
	html_lit(h, "<section class=\"approvals\" id=\"approvals\"><h2>");
	html_t(h, "Approval statements on the certificate");
	html_lit(h, "</h2>\n");
	if (n == 0) {
		html_lit(h, "<p class=\"muted\">");
		html_tm(h, "No statements yet: a coordinator writes each "
		    "board's once under <a href=\"/staff/certificates\">"
		    "Certificates</a>.");
		html_lit(h, "</p></section>\n");
		return;
	}
	html_lit(h, "<form class=\"staff\" method=\"post\"");
	html_url(h, "action", arena_printf(r->arena,
	    "/staff/sessions/%lld/approvals", (long long)s->id));
	html_lit(h, ">\n");
	layout_csrf(h, r);
	for (i = 0; i < n; i++) {
		const char *id = arena_printf(r->arena, "%lld",
		    (long long)v[i].id);

		html_lit(h, "<fieldset class=\"approval\"><legend><label "
		    "class=\"check\"><input type=\"checkbox\" name=\"approval\"");
		html_attr(h, "value", id);
		if (v[i].chosen)
			html_lit(h, " checked");
		html_lit(h, "> ");
		html_text(h, v[i].board);
		html_lit(h, "</label></legend>\n<p class=\"muted\">");
		html_text(h, v[i].statement);
		html_lit(h, "</p>\n<div class=\"field\"><label");
		html_attr(h, "for", arena_printf(r->arena, "course-%s", id));
		html_lit(h, ">");
		html_t(h, "Course or approval number (if the board gives one "
		    "per course)");
		html_lit(h, "</label><input maxlength=\"60\"");
		html_attr(h, "id", arena_printf(r->arena, "course-%s", id));
		html_attr(h, "name", arena_printf(r->arena, "course_%s", id));
		html_attr(h, "value", v[i].course_number);
		html_lit(h, "></div></fieldset>\n");
	}
	html_lit(h, "<button type=\"submit\">");
	html_t(h, "Save statements");
	html_lit(h, "</button>\n</form>\n</section>\n");
}

/* POST /staff/sessions/{id}/approvals: approval (ids), course_{id}. */
void
page_staff_session_approvals(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	int64_t ids[APPROVALS_MAX];
	const char *numbers[APPROVALS_MAX];
	size_t n = 0, k;

	if (web_load_session(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	for (k = 0; k < form.n; k++) {
		char *end;
		long long id;

		if (strcmp(form.key[k], "approval") != 0)
			continue;
		id = strtoll(form.val[k], &end, 10);
		if (*end != '\0' || id <= 0 || n == APPROVALS_MAX) {
			web_error(r, 422, "Choose statements from the list");
			return;
		}
		ids[n] = id;
		numbers[n] = http_form_get(&form, arena_printf(r->arena,
		    "course_%lld", id));
		if (numbers[n])
			numbers[n] = str_trim(arena_strdup(r->arena,
			    numbers[n]));
		n++;
	}
	page_outcome(r, app_session_approvals(web_app(r), web_actor(r),
	    r->arena, s.id, ids, numbers, n), N_("Choose statements from the "
	    "list, each once, with course numbers of up to 60 characters"),
	    arena_printf(r->arena, "/staff/sessions/%lld#approvals",
	    (long long)s.id));
}

/* --- API ------------------------------------------------------------- */

/* An app outcome on the API; 1 when it answered. */
static int
api_failed(struct http_req *r, int rc, const char *field, const char *bad)
{
	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_CONFLICT)
		api_unprocessable(r, json_pack("{s:s}", field, bad));
	else if (rc == STORE_NOTFOUND)
		web_error(r, 404, "No such statement or session");
	else if (!web_app_refused(r, rc))
		web_error(r, 500, "Database failure; nothing was changed");
	return 1;
}

static json_t *
approval_json(const struct store_approval *v, int with_number)
{
	json_t *j = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)v->id,
	    "board", v->board, "statement", v->statement);

	if (with_number)
		json_object_set_new(j, "course_number",
		    json_string(v->course_number));
	return j;
}

/* Answers the statements (of session_id when not 0) with status. */
static void
reply_approvals(struct http_req *r, int status, int64_t session_id)
{
	struct store_approval *v;
	json_t *list = json_array();
	size_t n, i;

	if (store_approvals(web_store(r), r->arena, session_id,
	    session_id != 0, &v, &n) != STORE_OK) {
		json_decref(list);
		web_error(r, 500, "Database failure");
		return;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(list, approval_json(&v[i],
		    session_id != 0));
	api_reply(r, status, json_pack("{s:s, s:o}", "provider",
	    app_provider(web_store(r), r->arena, NULL), "approvals", list));
}

/* GET /api/v1/approvals. */
void
api_approvals(struct http_req *r)
{
	reply_approvals(r, 200, 0);
}

/* The string member key of body, trimmed, or "" (NULL when not a string). */
static const char *
member(struct http_req *r, json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);

	if (v == NULL)
		return "";
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
	    json_string_length(v))
		return NULL;
	return str_trim(arena_strdup(r->arena, json_string_value(v)));
}

/* POST /api/v1/approvals, PATCH /api/v1/approvals/{id}: {board, statement}. */
static void
approval_write(struct http_req *r, int64_t id)
{
	const char *board, *statement;
	json_t *body;
	int64_t out = 0;
	int rc;

	if ((body = api_body(r)) == NULL)
		return;
	board = member(r, body, "board");
	statement = member(r, body, "statement");
	json_decref(body);
	if (board == NULL || statement == NULL) {
		api_unprocessable(r, json_pack("{s:s}", board ? "statement" :
		    "board", "must be a string"));
		return;
	}
	rc = app_approval_save(web_app(r), web_actor(r), r->arena, id, board,
	    statement, &out);
	if (api_failed(r, rc, *board ? "statement" : "board", *board ?
	    "give 1 to 1000 characters" : "give 1 to 120 characters"))
		return;
	api_reply(r, id ? 200 : 201, json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)out, "board", board, "statement", statement));
}

/* POST /api/v1/approvals. */
void
api_approval_add(struct http_req *r)
{
	approval_write(r, 0);
}

/* PATCH /api/v1/approvals/{id}. */
void
api_approval_edit(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	if (id == 0) {
		web_error(r, 404, "No such statement");
		return;
	}
	approval_write(r, id);
}

/* PUT /api/v1/provider: {name}. */
void
api_provider(struct http_req *r)
{
	const char *name;
	json_t *body;

	if ((body = api_body(r)) == NULL)
		return;
	name = member(r, body, "name");
	json_decref(body);
	if (api_failed(r, name == NULL ? STORE_CONFLICT :
	    app_provider_set(web_app(r), web_actor(r), r->arena, name), "name",
	    "give 1 to 160 characters on one line"))
		return;
	reply_approvals(r, 200, 0);
}

/* GET /api/v1/sessions/{id}/approvals: what the session prints. */
void
api_session_approvals(struct http_req *r)
{
	struct store_session s;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, ops_may_session(r, s.id)))
		return;
	reply_approvals(r, 200, s.id);
}

/* PUT /api/v1/sessions/{id}/approvals: {approvals: [{id, course_number}]}. */
void
api_session_approvals_set(struct http_req *r)
{
	struct store_session s;
	int64_t ids[APPROVALS_MAX];
	const char *numbers[APPROVALS_MAX];
	json_t *body, *list, *e;
	size_t n = 0, k;

	if (web_load_session(r, &s) == -1 || (body = api_body(r)) == NULL)
		return;
	list = json_object_get(body, "approvals");
	if (!json_is_array(list) || json_array_size(list) > APPROVALS_MAX) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "approvals", "must be a "
		    "list of up to 32 {id, course_number}"));
		return;
	}
	json_array_foreach(list, k, e) {
		json_t *id = json_object_get(e, "id");
		json_t *no = json_object_get(e, "course_number");

		if (!json_is_integer(id) || json_integer_value(id) <= 0 ||
		    (no != NULL && !json_is_null(no) && !json_is_string(no))) {
			json_decref(body);
			api_unprocessable(r, json_pack("{s:s}", "approvals",
			    "each needs an id and may have a course_number"));
			return;
		}
		ids[n] = json_integer_value(id);
		numbers[n] = json_is_string(no) ? str_trim(arena_strdup(
		    r->arena, json_string_value(no))) : "";
		n++;
	}
	json_decref(body);
	if (api_failed(r, app_session_approvals(web_app(r), web_actor(r),
	    r->arena, s.id, ids, numbers, n), "approvals", "each statement "
	    "once, course numbers up to 60 characters"))
		return;
	reply_approvals(r, 200, s.id);
}
