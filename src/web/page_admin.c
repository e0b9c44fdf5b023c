/* page_admin.c: coordinators' pages: places and people, staff accounts, tokens, audit log. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "layout.h"
#include "ops.h"
#include "web.h"

#define PASSWORD_MIN 12

/* The four lists on the places page, each with its form's table. */
static const struct place {
	const char		*key;		/* in the URL */
	const char		*heading;
	enum store_list		 list;
	const struct field	*fields;
	int			 n;
} places[] = {
	{ "organizations", N_("Organisations"), LIST_ORGS, sf_org, OR__MAX },
	{ "venues", N_("Venues"), LIST_VENUES, sf_venue, VE__MAX },
	{ "speakers", N_("Speakers"), LIST_SPEAKERS, sf_speaker, SP__MAX },
	{ "tours", N_("Tours"), LIST_TOURS, sf_tour, TO__MAX },
};

static void
errors_note(struct html *h, const struct sf *f)
{
	if (f == NULL || f->nerr == 0)
		return;
	html_lit(h, "<div class=\"form-errors\" role=\"alert\"><p>");
	html_t(h, "Please correct the fields marked below. Nothing was saved.");
	html_lit(h, "</p></div>\n");
}

/* A closed "Edit" form under an item, filled with what it holds. */
static void
edit_form(struct http_req *r, struct html *h, const struct place *pl,
    const struct store_item *it, const struct field_option *speakers,
    size_t nsp)
{
	const char *const values[] = { it->name, it->a, it->b, it->c, it->d };
	struct sf f;
	int k;

	sf_init(&f, pl->fields, pl->n);
	f.idp = arena_printf(r->arena, "%s-%lld", pl->key, (long long)it->id);
	for (k = 0; k < pl->n && k < 5; k++)
		f.raw[k] = values[k];
	if (pl->list == LIST_TOURS)
		f.raw[TO_SPEAKER] = it->b;
	/* "Edit" is seen; "Edit NAME" is heard. */
	html_lit(h, "<details><summary>");
	html_t(h, "Edit");
	html_lit(h, "<span class=\"visually-hidden\"> ");
	html_text(h, it->name);
	html_lit(h, "</span></summary><form class=\"staff\" method=\"post\" "
	    "novalidate");
	html_url(h, "action", arena_printf(r->arena, "/staff/places/%s/%lld",
	    pl->key, (long long)it->id));
	html_lit(h, ">\n");
	layout_csrf(h, r);
	for (k = 0; k < pl->n; k++)
		sf_render(h, r->arena, &f, k, k == 0 || (pl->list ==
		    LIST_VENUES && k != VE_ADDRESS), pl->list == LIST_TOURS &&
		    k == TO_SPEAKER ? speakers : NULL, pl->list == LIST_TOURS &&
		    k == TO_SPEAKER ? nsp : 0);
	html_lit(h, "<button type=\"submit\">");
	html_t(h, "Save");
	html_lit(h, "</button>\n</form></details>");
}

static void
places_page(struct http_req *r, const struct place *bad, struct sf *badf,
    int status)
{
	struct html h = { &r->out };
	struct field_option *speakers = NULL;
	struct store_item *items;
	size_t n, i, nsp = 0;
	int p, k;

	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, "Places and people");
	html_lit(&h, "<h1>");
	html_t(&h, "Places and people");
	html_lit(&h, "</h1>\n");
	for (p = 0; p < (int)ARRAY_LEN(places); p++) {
		const struct place *pl = &places[p];
		struct sf f;

		if (store_items(web_store(r), r->arena, pl->list, &items, &n) !=
		    STORE_OK) {
			web_error(r, 500, "Something went wrong on our side");
			return;
		}
		if (pl->list == LIST_SPEAKERS)
			nsp = sf_options(r->arena, items, n, &speakers);
		html_lit(&h, "<section class=\"place\"><h2");
		html_attr(&h, "id", pl->key);
		html_lit(&h, ">");
		html_text(&h, gettext(pl->heading));
		html_lit(&h, "</h2>\n<ul class=\"plain\">\n");
		for (i = 0; i < n; i++) {
			html_lit(&h, "<li>");
			if (pl->list == LIST_TOURS) {
				html_lit(&h, "<a");
				html_url(&h, "href", arena_printf(r->arena,
				    "/staff/tours/%lld", (long long)items[i].id));
				html_lit(&h, ">");
				html_text(&h, items[i].name);
				html_lit(&h, "</a>");
			} else
				html_text(&h, items[i].name);
			edit_form(r, &h, pl, &items[i], speakers, nsp);
			if (pl->list == LIST_VENUES) {
				html_lit(&h, " — ");
				html_textf(&h, "%s, %s (%s)", items[i].b,
				    items[i].c, items[i].d);
			} else if (pl->list == LIST_TOURS && *items[i].a) {
				html_lit(&h, " — ");
				html_text(&h, items[i].a);
			}
			html_lit(&h, "</li>\n");
		}
		html_lit(&h, "</ul>\n");
		if (bad == pl)
			f = *badf;
		else
			sf_init(&f, pl->fields, pl->n);
		html_lit(&h, "<details");
		if (bad == pl)
			html_lit(&h, " open");
		html_lit(&h, "><summary>");
		html_t(&h, "Add");
		html_lit(&h, "</summary>\n");
		errors_note(&h, bad == pl ? &f : NULL);
		html_lit(&h, "<form class=\"staff\" method=\"post\" novalidate");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/places/%s", pl->key));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		/* Ids must be unique on the page: prefix them by list. */
		f.idp = pl->key;
		for (k = 0; k < pl->n; k++) {
			sf_render(&h, r->arena, &f, k, k == 0 ||
			    (pl->list == LIST_VENUES && k != VE_ADDRESS),
			    pl->list == LIST_TOURS && k == TO_SPEAKER ?
			    speakers : NULL, pl->list == LIST_TOURS &&
			    k == TO_SPEAKER ? nsp : 0);
		}
		html_lit(&h, "<button type=\"submit\">");
		html_t(&h, "Add");
		html_lit(&h, "</button>\n</form></details>\n</section>\n");
	}
	layout_end(&h);
}

/* GET /staff/places. */
void
page_staff_places(struct http_req *r)
{
	places_page(r, NULL, NULL, 200);
}

/* POST /staff/places/{list} adds; POST /staff/places/{list}/{id} edits. */
void
page_staff_place_add(struct http_req *r)
{
	const struct place *pl = NULL;
	struct http_form form;
	struct field_option *speakers = NULL;
	struct store_item *items;
	struct sf f;
	size_t i, n;
	int64_t id;
	int k, rc;

	for (i = 0; i < ARRAY_LEN(places); i++)
		if (strcmp(r->params[0], places[i].key) == 0)
			pl = &places[i];
	if (pl == NULL || (r->nparams > 1 && web_param_id(r, 1) == 0)) {
		web_error(r, 404, "Page not found");
		return;
	}
	if (web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, pl->fields, pl->n);
	sf_from_form(&f, r->arena, &form);
	if (pl->list == LIST_TOURS) {
		if (store_items(web_store(r), r->arena, LIST_SPEAKERS, &items,
		    &n) != STORE_OK) {
			web_error(r, 500, "Something went wrong on our side");
			return;
		}
		n = sf_options(r->arena, items, n, &speakers);
	} else
		n = 0;
	for (k = 0; k < pl->n; k++)
		sf_check(&f, r->arena, k, k == 0 || (pl->list == LIST_VENUES &&
		    k != VE_ADDRESS), speakers, n);
	if (f.nerr && r->nparams > 1) {
		for (k = 0; k < pl->n && f.err[k] == NULL; k++)
			;
		web_error(r, 422, arena_printf(r->arena, "%s: %s",
		    gettext(pl->fields[k].label), f.err[k]));
		return;
	}
	if (f.nerr) {
		places_page(r, pl, &f, 422);
		return;
	}
	rc = ops_item_save(r, pl->list, r->nparams > 1 ? web_param_id(r, 1) :
	    0, &f, &id);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "Not found");
		return;
	}
	if (rc == STORE_CONFLICT && r->nparams > 1) {
		web_error(r, 422, "That name is already taken");
		return;
	}
	if (rc == STORE_CONFLICT) {
		sf_fail(&f, 0, "That name is already taken.");
		places_page(r, pl, &f, 422);
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/places#%s", pl->key));
}

static void
role_boxes(struct html *h, unsigned roles, const char *err)
{
	struct field_option opts[ROLE__MAX];
	char ticked[64] = "";
	int i;

	for (i = 0; i < ROLE__MAX; i++) {
		opts[i].value = core_role_keys[i];
		opts[i].label = core_role_names[i];
		if (roles & ROLE_BIT(i)) {
			if (*ticked)
				strcat(ticked, ",");
			strcat(ticked, core_role_keys[i]);
		}
	}
	sf_checkboxes(h, "roles", "Roles", opts, ROLE__MAX, ticked, err);
}

static void
users_page(struct http_req *r, struct sf *add, int status)
{
	struct html h = { &r->out };
	struct store_user *users;
	struct store_token *tokens;
	struct store_item *orgs;
	struct field_option *oo;
	size_t nu, nt, no, i, j;
	struct sf empty;
	unsigned roles = 0;

	if (store_user_list(web_store(r), r->arena, &users, &nu) != STORE_OK ||
	    store_token_list(web_store(r), r->arena, &tokens, &nt) !=
	    STORE_OK || store_items(web_store(r), r->arena, LIST_ORGS, &orgs,
	    &no) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	no = sf_options(r->arena, orgs, no, &oo);
	buf_reset(&r->out);
	r->status = status;
	layout_staff_begin(&h, r, "Staff accounts");
	html_lit(&h, "<h1>");
	html_t(&h, "Staff accounts");
	html_lit(&h, "</h1>\n");
	for (i = 0; i < nu; i++) {
		const struct store_user *u = &users[i];

		html_lit(&h, "<section class=\"user\"><h2>");
		html_text(&h, u->name);
		if (u->disabled) {
			html_lit(&h, " <span class=\"tag cancelled\">");
			html_t(&h, "disabled");
			html_lit(&h, "</span>");
		}
		html_lit(&h, "</h2>\n<form class=\"staff\" method=\"post\"");
		html_url(&h, "action", arena_printf(r->arena, "/staff/users/%lld",
		    (long long)u->id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		role_boxes(&h, u->roles, NULL);
		html_lit(&h, "<div class=\"field\"><label");
		html_attr(&h, "for", arena_printf(r->arena, "org-%lld",
		    (long long)u->id));
		html_lit(&h, ">");
		html_t(&h, "Organisation");
		html_lit(&h, "</label><select name=\"org_id\"");
		html_attr(&h, "id", arena_printf(r->arena, "org-%lld",
		    (long long)u->id));
		html_lit(&h, "><option value=\"\">");
		html_t(&h, "None");
		html_lit(&h, "</option>");
		for (j = 0; j < no; j++) {
			html_lit(&h, "<option");
			html_attr(&h, "value", oo[j].value);
			if (strtoll(oo[j].value, NULL, 10) == u->org_id)
				html_lit(&h, " selected");
			html_lit(&h, ">");
			html_text(&h, oo[j].label);
			html_lit(&h, "</option>");
		}
		html_lit(&h, "</select></div>\n<div class=\"field\"><label "
		    "class=\"check\"><input type=\"checkbox\" name=\"disabled\" "
		    "value=\"1\"");
		if (u->disabled)
			html_lit(&h, " checked");
		html_lit(&h, "> ");
		html_t(&h, "Disabled (cannot sign in or use tokens)");
		html_lit(&h, "</label></div>\n<button type=\"submit\">");
		html_t(&h, "Save");
		html_lit(&h, "</button>\n</form>\n"
		    "<form class=\"staff\" method=\"post\"");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/users/%lld/password", (long long)u->id));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<div class=\"field\"><label");
		html_attr(&h, "for", arena_printf(r->arena, "pw-%lld",
		    (long long)u->id));
		html_lit(&h, ">");
		html_t(&h, "New password (at least 12 characters)");
		html_lit(&h, "</label><input type=\"password\" "
		    "name=\"password\" autocomplete=\"new-password\"");
		html_attr(&h, "id", arena_printf(r->arena, "pw-%lld",
		    (long long)u->id));
		html_lit(&h, "></div>\n<button type=\"submit\" "
		    "class=\"secondary\">");
		html_t(&h, "Reset password");
		html_lit(&h, "</button>\n</form>\n");
		for (j = 0; j < nt; j++) {
			if (tokens[j].user_id != u->id)
				continue;
			/* A div: a form may not stand inside a p. */
			html_lit(&h, "<div class=\"token\">");
			html_tf(&h, "API token #%lld, made %s",
			    (long long)tokens[j].id, fmt_short_day(r->arena,
			    "UTC", tokens[j].created_at));
			if (tokens[j].revoked_at) {
				html_lit(&h, " · ");
				html_t(&h, "revoked");
				html_lit(&h, "</div>\n");
			} else {
				html_lit(&h, " <form method=\"post\" "
				    "class=\"inline\"");
				html_url(&h, "action", arena_printf(r->arena,
				    "/staff/tokens/%lld/revoke",
				    (long long)tokens[j].id));
				html_lit(&h, ">");
				layout_csrf(&h, r);
				html_lit(&h, "<button type=\"submit\" "
				    "class=\"small\">");
				html_t(&h, "Revoke");
				html_lit(&h, "</button></form></div>\n");
			}
		}
		html_lit(&h, "</section>\n");
	}
	if (add == NULL) {
		sf_init(&empty, sf_user, US__MAX);
		add = &empty;
	}
	if (add->raw[US_ROLES])
		core_roles_parse(add->raw[US_ROLES], &roles);
	html_lit(&h, "<h2 id=\"add\">");
	html_t(&h, "Add a person");
	html_lit(&h, "</h2>\n");
	errors_note(&h, add);
	html_lit(&h, "<form class=\"staff\" method=\"post\" "
	    "action=\"/staff/users\" novalidate>\n");
	layout_csrf(&h, r);
	sf_render(&h, r->arena, add, US_NAME, 1, NULL, 0);
	sf_render(&h, r->arena, add, US_PASSWORD, 1, NULL, 0);
	role_boxes(&h, roles, add->err[US_ROLES]);
	sf_render(&h, r->arena, add, US_ORG, 0, oo, no);
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Add");
	html_lit(&h, "</button>\n</form>\n<p class=\"muted\">");
	/* TRANSLATORS: the command is typed as it is: keep it in English. */
	html_tm(&h, "API tokens are made on the server with "
	    "<code>convene user token NAME</code>.");
	html_lit(&h, "</p>\n");
	layout_end(&h);
}

/* GET /staff/users. */
void
page_staff_users(struct http_req *r)
{
	users_page(r, NULL, 200);
}

/* 1 for a user name of letters, digits, dots, dashes and underscores. */
static int
name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' ||
		    *s == '_'))
			return 0;
	return 1;
}

/* POST /staff/users. */
void
page_staff_user_add(struct http_req *r)
{
	struct http_form form;
	struct sf f;
	unsigned roles;
	int64_t org, id;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_user, US__MAX);
	sf_from_form(&f, r->arena, &form);
	sf_check(&f, r->arena, US_NAME, 1, NULL, 0);
	sf_check(&f, r->arena, US_PASSWORD, 1, NULL, 0);
	if (f.val[US_NAME] && !name_ok(f.val[US_NAME]))
		sf_fail(&f, US_NAME, "Use letters, digits, dots, dashes and "
		    "underscores only.");
	if (f.val[US_PASSWORD] && utf8_chars(f.val[US_PASSWORD]) < PASSWORD_MIN)
		sf_fail(&f, US_PASSWORD, "Use at least 12 characters.");
	sf_user_check(&f, r->arena, web_store(r), &roles, &org);
	if (f.nerr) {
		users_page(r, &f, 422);
		return;
	}
	rc = ops_user_add(r, f.val[US_NAME], f.val[US_PASSWORD], roles, org,
	    &id);
	if (rc == STORE_CONFLICT) {
		sf_fail(&f, US_NAME, "That user name is taken.");
		users_page(r, &f, 422);
		return;
	}
	web_saved(r, rc, "/staff/users");
}

/* POST /staff/users/{id}: roles, organisation, disabled. */
void
page_staff_user_edit(struct http_req *r)
{
	struct http_form form;
	struct sf f;
	unsigned roles;
	int64_t org, id = web_param_id(r, 0);
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	sf_init(&f, sf_user, US__MAX);
	sf_from_form(&f, r->arena, &form);
	sf_user_check(&f, r->arena, web_store(r), &roles, &org);
	if (f.nerr) {
		web_error(r, 422, f.err[US_ROLES] ? f.err[US_ROLES] :
		    f.err[US_ORG]);
		return;
	}
	if (id == web_user(r)->id && (!(roles & ROLE_BIT(ROLE_COORDINATOR)) ||
	    (f.raw[US_DISABLED] && *f.raw[US_DISABLED]))) {
		web_error(r, 422, "You cannot take away your own coordinator "
		    "role or disable yourself");
		return;
	}
	rc = ops_user_update(r, id, roles, org, f.raw[US_DISABLED] &&
	    *f.raw[US_DISABLED]);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No such user");
		return;
	}
	web_saved(r, rc, "/staff/users");
}

/* POST /staff/users/{id}/password: a coordinator's reset. */
void
page_staff_user_password(struct http_req *r)
{
	struct http_form form;
	const char *pw;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	pw = http_form_get(&form, "password");
	if (pw == NULL || utf8_chars(pw) < PASSWORD_MIN || strlen(pw) > 1024 ||
	    !utf8_valid(pw, strlen(pw))) {
		web_error(r, 422, "The new password needs at least 12 "
		    "characters");
		return;
	}
	rc = ops_user_password(r, web_param_id(r, 0), pw);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No such user");
		return;
	}
	web_saved(r, rc, "/staff/users");
}

/* POST /staff/tokens/{id}/revoke. */
void
page_staff_token_revoke(struct http_req *r)
{
	struct http_form form;
	int rc;

	if (web_staff_form(r, &form) == -1)
		return;
	rc = ops_token_revoke(r, web_param_id(r, 0));
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No such token");
		return;
	}
	web_saved(r, rc, "/staff/users");
}

/* "session.edit" as people say it: "Session edit". */
static const char *
audit_action(struct arena *a, const char *action)
{
	char *t = arena_strdup(a, action ? action : ""), *p;

	for (p = t; *p; p++)
		if (*p == '.' || *p == '_')
			*p = ' ';
	if (*t >= 'a' && *t <= 'z')
		*t = (char)(*t - 'a' + 'A');
	return t;
}

/* A JSON value as a person reads it: strings bare, times as dates. */
static const char *
audit_value(struct arena *a, const char *key, json_t *v)
{
	char *text;
	const char *out;
	size_t klen = strlen(key);

	if (v == NULL || json_is_null(v))
		return "—";
	if (json_is_string(v))
		return arena_strdup(a, json_string_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? _("yes") : _("no");
	if (json_is_integer(v) && klen > 3 && strcmp(key + klen - 3, "_at") ==
	    0 && json_integer_value(v) > 0)
		return fmt_iso(a, "UTC", json_integer_value(v));
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	out = arena_strdup(a, text ? text : "");
	free(text);
	return out;
}

/*
 * What changed, from and to: one line per field that differs between the
 * JSON before and after (or every field of what was added or removed);
 * text that is not a JSON object is shown as it is.
 */
static void
audit_changes(struct html *h, struct arena *a, const char *before,
    const char *after)
{
	json_t *b = before ? json_loads(before, 0, NULL) : NULL;
	json_t *f = after ? json_loads(after, 0, NULL) : NULL;
	json_t *v;
	const char *k;
	int lines = 0;

	if ((before && !json_is_object(b)) || (after && !json_is_object(f))) {
		/* Lists and other shapes: from and to as they are. */
		if (before) {
			html_lit(h, "<div><span class=\"muted\">");
			html_t(h, "From");
			html_lit(h, "</span> ");
			html_text(h, before);
			html_lit(h, "</div>");
		}
		if (after) {
			html_lit(h, "<div><span class=\"muted\">");
			html_t(h, "To");
			html_lit(h, "</span> ");
			html_text(h, after);
			html_lit(h, "</div>");
		}
		goto out;
	}
	html_lit(h, "<ul class=\"plain changes\">");
	json_object_foreach(f, k, v) {
		json_t *old = b ? json_object_get(b, k) : NULL;

		if (b && old != NULL && json_equal(old, v))
			continue;
		/* What was added: only the fields given a value. */
		if (b == NULL && (json_is_null(v) || json_is_false(v) ||
		    (json_is_integer(v) && json_integer_value(v) == 0) ||
		    (json_is_string(v) && *json_string_value(v) == '\0') ||
		    (json_is_array(v) && json_array_size(v) == 0)))
			continue;
		html_lit(h, "<li><strong>");
		html_text(h, k);
		html_lit(h, "</strong>: ");
		if (b) {
			html_text(h, audit_value(a, k, old));
			html_lit(h, " → ");
		}
		html_text(h, audit_value(a, k, v));
		html_lit(h, "</li>");
		lines++;
	}
	json_object_foreach(b, k, v)
		if (f == NULL || json_object_get(f, k) == NULL) {
			html_lit(h, "<li><strong>");
			html_text(h, k);
			html_lit(h, "</strong>: ");
			html_text(h, audit_value(a, k, v));
			if (f)
				html_lit(h, " → —");
			else {
				html_lit(h, " ");
				html_t(h, "(removed)");
			}
			html_lit(h, "</li>");
			lines++;
		}
	if (lines == 0) {
		html_lit(h, "<li class=\"muted\">");
		html_t(h, "no field changed");
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
out:
	json_decref(b);
	json_decref(f);
}

/* GET /staff/audit: the newest 200 changes. */
void
page_staff_audit(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_audit *e;
	size_t n, i;

	if (store_audit_list(web_store(r), r->arena, 200, &e, &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, "Audit log");
	html_lit(&h, "<h1>");
	html_t(&h, "Audit log");
	html_lit(&h, "</h1>\n<p class=\"muted\">");
	html_t(&h, "Every change by staff, newest first (times in UTC): who "
	    "changed what, from and to.");
	html_lit(&h, "</p>\n<div class=\"table-wrap\">"
	    "<table class=\"staff audit stack\">\n<thead><tr><th "
	    "scope=\"col\">");
	html_t(&h, "When");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Who");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "What");
	html_lit(&h, "</th><th scope=\"col\">");
	html_t(&h, "Changes");
	html_lit(&h, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		html_lit(&h, "<tr><td>");
		html_text(&h, fmt_short_day(r->arena, "UTC", e[i].at));
		html_lit(&h, " ");
		html_text(&h, fmt_clock(r->arena, "UTC", e[i].at));
		html_lit(&h, "</td><td>");
		html_text(&h, e[i].user ? e[i].user : _("system"));
		html_lit(&h, "</td><td>");
		html_text(&h, audit_action(r->arena, e[i].action));
		html_lit(&h, "<br><span class=\"muted\"><code>");
		html_text(&h, e[i].action);
		html_lit(&h, "</code> ");
		html_text(&h, e[i].object);
		html_lit(&h, "</span></td><td>");
		audit_changes(&h, r->arena, e[i].before, e[i].after);
		html_lit(&h, "</td></tr>\n");
	}
	html_lit(&h, "</tbody></table></div>\n");
	layout_end(&h);
}
