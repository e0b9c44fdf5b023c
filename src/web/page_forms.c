/* page_forms.c: pre- and post-tests and the evaluation: answering once, and building them. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "layout.h"
#include "ops.h"
#include "app.h"
#include "web.h"

/* N_() strings, shown through gettext(). */
static const char *const titles[FORM__MAX] = {
	N_("Knowledge check before the session"),
	N_("Knowledge check after the session"),
	N_("Evaluation"),
};

/* A question's kind as staff read it (the keys are the form's values). */
static const char *const item_names[ITEM__MAX] = {
	[ITEM_CHOICE] = N_("choice"),
	[ITEM_SCALE] = N_("scale"),
	[ITEM_TEXT] = N_("text"),
};

/* When a form can be answered: before the start, or from the last half hour. */
static int
open_now(const struct store_session *s, int kind, int64_t now)
{
	if (kind == FORM_PRE)
		return now < s->starts_at;
	return now >= s->ends_at - 1800;
}

static int
kind_of(const char *key)
{
	int k;

	for (k = 0; k < FORM__MAX; k++)
		if (strcmp(key, store_form_keys[k]) == 0)
			return k;
	return -1;
}

/* The nth line of text into the arena; NULL past the end. */
static const char *
line(struct arena *a, const char *text, int n)
{
	const char *p = text, *nl;

	while (n-- > 0) {
		if ((nl = strchr(p, '\n')) == NULL)
			return NULL;
		p = nl + 1;
	}
	if (*p == '\0')
		return NULL;
	nl = strchr(p, '\n');
	return arena_strndup(a, p, nl ? (size_t)(nl - p) : strlen(p));
}

/* The forms part of a professional's ticket page. */
void
page_ticket_forms(struct http_req *r, struct html *h,
    const struct store_registration *g, const struct store_session *s)
{
	struct store_form f;
	int64_t score, max;
	int k, done, any = 0;

	if (s->audience != AUDIENCE_PROFESSIONAL ||
	    g->status != STATUS_CONFIRMED)
		return;
	for (k = 0; k < FORM__MAX; k++) {
		if (store_form_get(web_store(r), r->arena, s->id, k, &f) !=
		    STORE_OK || f.nitems == 0 || store_submitted(web_store(r),
		    s->id, k, g->id, &done, &score, &max) != STORE_OK)
			continue;
		if (!any++) {
			html_lit(h, "<section class=\"certificate\"><h2>");
			html_t(h, "Knowledge check and evaluation");
			html_lit(h, "</h2>\n<ul class=\"plain\">\n");
		}
		html_lit(h, "<li>");
		if (done) {
			if (k != FORM_EVALUATION && max > 0)
				/* TRANSLATORS: the form's title, then how
				 * it stands. */
				html_tf(h, "%s: done, %lld of %lld right",
				    gettext(titles[k]), (long long)score,
				    (long long)max);
			else
				html_tf(h, "%s: done, thank you",
				    gettext(titles[k]));
		} else if (open_now(s, k, web_now(r))) {
			html_lit(h, "<a");
			html_url(h, "href", arena_printf(r->arena,
			    "/tickets/%s/forms/%s", g->secret,
			    store_form_keys[k]));
			html_lit(h, ">");
			html_text(h, gettext(titles[k]));
			html_lit(h, "</a>");
		} else if (k == FORM_PRE)
			html_tf(h, "%s: closed when the session started",
			    gettext(titles[k]));
		else
			html_tf(h, "%s: opens near the end of the session",
			    gettext(titles[k]));
		html_lit(h, "</li>\n");
	}
	if (any) {
		if (s->eval_required) {
			html_lit(h, "</ul>\n<p class=\"muted\">");
			html_t(h, "The evaluation is needed for your "
			    "certificate.");
			html_lit(h, "</p></section>\n");
		} else
			html_lit(h, "</ul></section>\n");
	}
}

static void
render(struct http_req *r, const struct store_registration *g,
    const struct store_session *s, const struct store_form *f,
    const char *const *given, const char *const *err, int nerr)
{
	struct html h = { &r->out };
	size_t i;
	int c;

	buf_reset(&r->out);
	layout_begin(&h, r, gettext(titles[f->kind]));
	html_lit(&h, "<h1>");
	html_text(&h, gettext(titles[f->kind]));
	html_lit(&h, "</h1>\n<p>");
	html_text(&h, s->title);
	html_lit(&h, "</p>\n<p class=\"muted\">");
	html_t(&h, "Your answers are saved once and cannot be changed "
	    "afterwards. The organisers see them with your registration; "
	    "reports show only totals.");
	html_lit(&h, "</p>\n");
	if (nerr) {
		html_lit(&h, "<div class=\"form-errors\" role=\"alert\"><p>");
		html_t(&h, "Please answer the questions marked below.");
		html_lit(&h, "</p></div>\n");
	}
	html_lit(&h, "<form class=\"staff\" method=\"post\" novalidate");
	html_url(&h, "action", arena_printf(r->arena, "/tickets/%s/forms/%s",
	    g->secret, store_form_keys[f->kind]));
	html_lit(&h, ">\n");
	for (i = 0; i < f->nitems; i++) {
		const struct store_item_q *it = &f->items[i];
		const char *name = arena_printf(r->arena, "q%lld",
		    (long long)it->id);

		html_lit(&h, "<fieldset class=\"checks");
		if (err[i])
			html_lit(&h, " has-error");
		html_lit(&h, "\"><legend>");
		html_textf(&h, "%zu. %s", i + 1, it->prompt);
		html_lit(&h, "</legend>\n");
		if (err[i]) {
			html_lit(&h, "<p class=\"field-error\">");
			html_text(&h, err[i]);
			html_lit(&h, "</p>\n");
		}
		if (it->kind == ITEM_TEXT) {
			html_lit(&h, "<label class=\"visually-hidden\"");
			html_attr(&h, "for", name);
			html_lit(&h, ">");
			html_t(&h, "Your answer");
			html_lit(&h, "</label><textarea rows=\"3\" "
			    "maxlength=\"2000\"");
			html_attr(&h, "id", name);
			html_attr(&h, "name", name);
			html_lit(&h, ">");
			html_text(&h, given[i]);
			html_lit(&h, "</textarea>\n");
		} else
			for (c = 0; c < (it->kind == ITEM_SCALE ? 5 : 64); c++) {
				const char *label = it->kind == ITEM_SCALE ?
				    arena_printf(r->arena, c == 0 ?
				    _("%d (disagree)") : c == 4 ?
				    _("%d (agree)") : "%d", c + 1) :
				    line(r->arena, it->choices, c);
				const char *value = arena_printf(r->arena, "%d",
				    it->kind == ITEM_SCALE ? c + 1 : c);

				if (label == NULL)
					break;
				html_lit(&h, "<label class=\"check\"><input "
				    "type=\"radio\"");
				html_attr(&h, "name", name);
				html_attr(&h, "value", value);
				if (given[i] && strcmp(given[i], value) == 0)
					html_lit(&h, " checked");
				html_lit(&h, "> ");
				html_text(&h, label);
				html_lit(&h, "</label>\n");
			}
		html_lit(&h, "</fieldset>\n");
	}
	html_lit(&h, "<button type=\"submit\">");
	html_t(&h, "Send my answers");
	html_lit(&h, "</button>\n</form>\n");
	layout_end(&h);
}

static int
load(struct http_req *r, struct store_registration *g,
    struct store_session *s, struct store_form *f)
{
	int kind, rc, done;

	if (web_load_ticket(r, g, s) == -1)
		return -1;
	if ((kind = kind_of(r->params[1])) < 0 ||
	    s->audience != AUDIENCE_PROFESSIONAL ||
	    (rc = store_form_get(web_store(r), r->arena, s->id, kind, f)) ==
	    STORE_NOTFOUND || (rc == STORE_OK && f->nitems == 0)) {
		web_error(r, 404, "No such form for this session");
		return -1;
	}
	if (rc != STORE_OK || store_submitted(web_store(r), s->id, kind, g->id,
	    &done, NULL, NULL) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	if (g->status != STATUS_CONFIRMED) {
		web_error(r, 409, "Only confirmed registrations answer this");
		return -1;
	}
	if (done) {
		web_error(r, 409, "You have answered this already; answers "
		    "cannot be changed");
		return -1;
	}
	if (!open_now(s, kind, web_now(r))) {
		web_error(r, 409, kind == FORM_PRE ? N_("The knowledge check "
		    "before the session closed when it started") : N_("This "
		    "opens near the end of the session"));
		return -1;
	}
	return 0;
}

/* GET /tickets/{secret}/forms/{kind}. */
void
page_ticket_form(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	struct store_form f;
	const char **given, **err;

	if (load(r, &g, &s, &f) == -1)
		return;
	given = arena_alloc(r->arena, sizeof(*given) * (f.nitems + 1));
	err = arena_alloc(r->arena, sizeof(*err) * (f.nitems + 1));
	memset(given, 0, sizeof(*given) * (f.nitems + 1));
	memset(err, 0, sizeof(*err) * (f.nitems + 1));
	http_set_header(r, "Cache-Control", "no-store");
	render(r, &g, &s, &f, given, err, 0);
}

/* POST /tickets/{secret}/forms/{kind}: every choice and scale answered. */
void
page_ticket_form_send(struct http_req *r)
{
	struct store_registration g;
	struct store_session s;
	struct store_form f;
	struct http_form form;
	const char **given, **err;
	int64_t score = 0, max = 0;
	size_t i;
	int nerr = 0, rc;

	if (!web_same_origin(r)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	if (load(r, &g, &s, &f) == -1)
		return;
	if (http_form_parse(r->arena, r->body.data ? r->body.data : "",
	    r->body.len, &form) == -1) {
		web_error(r, 400, "The form could not be read");
		return;
	}
	given = arena_alloc(r->arena, sizeof(*given) * (f.nitems + 1));
	err = arena_alloc(r->arena, sizeof(*err) * (f.nitems + 1));
	for (i = 0; i < f.nitems; i++) {
		const struct store_item_q *it = &f.items[i];
		const char *v = http_form_get(&form, arena_printf(r->arena,
		    "q%lld", (long long)it->id));
		char *end;
		long n;

		given[i] = v;
		err[i] = NULL;
		if (it->kind == ITEM_TEXT) {
			if (v && (strlen(v) > 4000 ||
			    !utf8_valid(v, strlen(v)) || !text_clean(v, 1)))
				err[i] = _("Use plain text of at most 2000 "
				    "characters.");
			continue;
		}
		n = v ? strtol(v, &end, 10) : -1;
		if (v == NULL || *v == '\0' || *end != '\0' ||
		    (it->kind == ITEM_SCALE && (n < 1 || n > 5)) ||
		    (it->kind == ITEM_CHOICE && (n < 0 ||
		    line(r->arena, it->choices, (int)n) == NULL))) {
			err[i] = _("Choose one answer.");
			continue;
		}
		if (it->kind == ITEM_CHOICE && it->correct >= 0) {
			max++;
			score += n == it->correct;
		}
	}
	for (i = 0; i < f.nitems; i++)
		nerr += err[i] != NULL;
	if (nerr) {
		render(r, &g, &s, &f, given, err, nerr);
		r->status = 422;
		return;
	}
	rc = app_response(web_app(r), &f, g.id, given, score, max);
	if (rc == STORE_EXISTS) {
		web_error(r, 409, "You have answered this already; answers "
		    "cannot be changed");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side; your "
		    "answers were not saved");
		return;
	}
	http_redirect(r, arena_printf(r->arena, "/tickets/%s", g.secret));
}

/* GET /staff/sessions/{id}/forms/{kind}: the questions, and adding one. */
void
page_staff_form(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_session s;
	struct store_form f;
	int kind, k, rc;
	size_t i;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, ops_may_event(r, s.event_id)))
		return;
	if ((kind = kind_of(r->params[1])) < 0) {
		web_error(r, 404, "No such form");
		return;
	}
	rc = store_form_get(web_store(r), r->arena, s.id, kind, &f);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	layout_staff_begin(&h, r, gettext(titles[kind]));
	html_lit(&h, "<nav class=\"crumbs\"");
	html_attr_t(&h, "aria-label", "Breadcrumb");
	html_lit(&h, "><a");
	html_url(&h, "href", arena_printf(r->arena, "/staff/sessions/%lld",
	    (long long)s.id));
	html_lit(&h, ">");
	html_text(&h, s.title);
	html_lit(&h, "</a></nav>\n<h1>");
	html_text(&h, gettext(titles[kind]));
	html_lit(&h, "</h1>\n<p>");
	for (k = 0; k < FORM__MAX; k++) {
		if (k)
			html_lit(&h, " · ");
		html_lit(&h, "<a");
		html_url(&h, "href", arena_printf(r->arena,
		    "/staff/sessions/%lld/forms/%s", (long long)s.id,
		    store_form_keys[k]));
		html_lit(&h, ">");
		html_text(&h, gettext(titles[k]));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>\n<ol>\n");
	for (i = 0; rc == STORE_OK && i < f.nitems; i++) {
		const struct store_item_q *it = &f.items[i];

		html_lit(&h, "<li><strong>");
		html_text(&h, it->prompt);
		html_lit(&h, "</strong> <span class=\"muted\">(");
		html_text(&h, gettext(item_names[it->kind]));
		html_lit(&h, ")</span>");
		if (it->kind == ITEM_CHOICE) {
			const char *l;
			int c;

			html_lit(&h, "<ol type=\"a\">");
			for (c = 0; (l = line(r->arena, it->choices, c)) != NULL;
			    c++) {
				html_lit(&h, "<li>");
				html_text(&h, l);
				if (c == it->correct) {
					html_lit(&h, " <strong>");
					html_t(&h, "(correct)");
					html_lit(&h, "</strong>");
				}
				html_lit(&h, "</li>");
			}
			html_lit(&h, "</ol>");
		}
		if (f.responses == 0) {
			html_lit(&h, "<form method=\"post\" class=\"inline\"");
			html_url(&h, "action", arena_printf(r->arena,
			    "/staff/sessions/%lld/forms/%s/delete",
			    (long long)s.id, store_form_keys[kind]));
			html_lit(&h, ">");
			layout_csrf(&h, r);
			html_lit(&h, "<input type=\"hidden\" name=\"item\"");
			html_attr(&h, "value", arena_printf(r->arena, "%lld",
			    (long long)it->id));
			html_lit(&h, "><button type=\"submit\" "
			    "class=\"small\">");
			html_t(&h, "Remove");
			html_lit(&h, "</button></form>");
		}
		html_lit(&h, "</li>\n");
	}
	html_lit(&h, "</ol>\n");
	if (rc == STORE_OK && f.responses > 0) {
		html_lit(&h, "<p class=\"notice\">");
		/* English says "people" even for one, as it did. */
		html_textf(&h, NG_("%lld people have answered: the questions "
		    "are fixed so that answers stay comparable.", "%lld people "
		    "have answered: the questions are fixed so that answers "
		    "stay comparable.", f.responses), (long long)f.responses);
		html_lit(&h, "</p>\n");
	} else {
		html_lit(&h, "<h2>");
		html_t(&h, "Add a question");
		html_lit(&h, "</h2>\n<form class=\"staff\" "
		    "method=\"post\" novalidate");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/sessions/%lld/forms/%s", (long long)s.id,
		    store_form_keys[kind]));
		html_lit(&h, ">\n");
		layout_csrf(&h, r);
		html_lit(&h, "<div class=\"field\"><label for=\"kind\">");
		html_t(&h, "Kind");
		html_lit(&h, "</label><select id=\"kind\" name=\"kind\">"
		    "<option value=\"choice\">");
		html_t(&h, "Multiple choice");
		html_lit(&h, "</option><option value=\"scale\">");
		html_t(&h, "Scale of 1 to 5");
		html_lit(&h, "</option><option value=\"text\">");
		html_t(&h, "Free text");
		html_lit(&h, "</option></select></div>\n<div class=\"field\">"
		    "<label for=\"prompt\">");
		html_t(&h, "Question");
		html_lit(&h, "</label><input id=\"prompt\" name=\"prompt\" "
		    "maxlength=\"300\"></div>\n<div class=\"field\"><label "
		    "for=\"choices\">");
		html_t(&h, "Choices, one per line (multiple choice)");
		html_lit(&h, "</label><textarea id=\"choices\" "
		    "name=\"choices\" rows=\"4\"></textarea></div>\n<div "
		    "class=\"field\"><label for=\"correct\">");
		html_t(&h, "Number of the correct choice (1 is the first; "
		    "empty for a survey question)");
		html_lit(&h, "</label><input id=\"correct\" name=\"correct\" "
		    "type=\"number\" min=\"1\"></div>\n<button "
		    "type=\"submit\">");
		html_t(&h, "Add");
		html_lit(&h, "</button>\n</form>\n");
	}
	layout_end(&h);
}

/* POST /staff/sessions/{id}/forms/{kind}: add a question. */
void
page_staff_form_add(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	const char *k, *prompt, *choices, *correct;
	int kind, ik, c = -1, nchoices = 0, rc;
	const char *p;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, ops_may_event(r, s.event_id)) ||
	    web_staff_form(r, &form) == -1)
		return;
	if ((kind = kind_of(r->params[1])) < 0) {
		web_error(r, 404, "No such form");
		return;
	}
	k = http_form_get(&form, "kind");
	prompt = http_form_get(&form, "prompt");
	choices = http_form_get(&form, "choices");
	correct = http_form_get(&form, "correct");
	for (ik = 0; k && ik < ITEM__MAX; ik++)
		if (strcmp(k, store_item_keys[ik]) == 0)
			break;
	if (k == NULL || ik == ITEM__MAX || prompt == NULL ||
	    *str_trim(arena_strdup(r->arena, prompt)) == '\0' ||
	    strlen(prompt) > 600 || !utf8_valid(prompt, strlen(prompt)) ||
	    !text_clean(prompt, 0)) {
		web_error(r, 422, "Give the kind and the question (one line, at "
		    "most 300 characters)");
		return;
	}
	if (ik == ITEM_CHOICE) {
		char *clean;

		if (choices == NULL || strlen(choices) > 2000 ||
		    !utf8_valid(choices, strlen(choices)) ||
		    !text_clean(choices, 1)) {
			web_error(r, 422, "Give the choices, one per line");
			return;
		}
		/* One choice a line, without carriage returns or blank lines. */
		clean = arena_alloc(r->arena, strlen(choices) + 1);
		clean[0] = '\0';
		for (p = choices; *p;) {
			size_t len = strcspn(p, "\r\n");
			char *one = str_trim(arena_strndup(r->arena, p, len));

			if (*one) {
				if (nchoices++)
					strcat(clean, "\n");
				strcat(clean, one);
			}
			p += len;
			p += strspn(p, "\r\n");
		}
		choices = clean;
		if (nchoices < 2 || nchoices > 10) {
			web_error(r, 422, "Give 2 to 10 choices, one per line");
			return;
		}
		if (correct && *correct) {
			c = atoi(correct) - 1;
			if (c < 0 || c >= nchoices) {
				web_error(r, 422, "The correct choice must be one "
				    "of the choices");
				return;
			}
		}
	} else
		choices = NULL;
	rc = app_form_item_add(web_app(r), web_actor(r), s.id, kind, ik,
	    prompt, choices, c);
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "People have answered this form already; its "
		    "questions are fixed");
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/sessions/%lld/forms/%s",
	    (long long)s.id, store_form_keys[kind]));
}

/* POST /staff/sessions/{id}/forms/{kind}/delete: item. */
void
page_staff_form_delete(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	const char *item;
	int kind, rc;

	if (web_load_session(r, &s) == -1 ||
	    !web_permit(r, ops_may_event(r, s.event_id)) ||
	    web_staff_form(r, &form) == -1)
		return;
	if ((kind = kind_of(r->params[1])) < 0 ||
	    (item = http_form_get(&form, "item")) == NULL) {
		web_error(r, 404, "No such question");
		return;
	}
	rc = app_form_item_delete(web_app(r), web_actor(r), s.id, kind,
	    strtoll(item, NULL, 10));
	if (rc == STORE_NOTFOUND || rc == STORE_CONFLICT) {
		web_error(r, rc == STORE_NOTFOUND ? 404 : 409, rc ==
		    STORE_NOTFOUND ? N_("No such question") : N_("People have "
		    "answered this form already; its questions are fixed"));
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/sessions/%lld/forms/%s",
	    (long long)s.id, store_form_keys[kind]));
}
