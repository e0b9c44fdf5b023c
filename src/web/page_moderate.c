/* page_moderate.c: the moderator's queue, actions, live stream and the questions CSV. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "fmt.h"
#include "csv.h"
#include "layout.h"
#include "qa.h"
#include "app.h"
#include "web.h"
#include "tz.h"
#include "field.h"
#include "staff_forms.h"

/* A question's state as the moderator reads it. */
static const char *const mod_states[QUESTION__MAX] = {
	[QUESTION_PENDING] = N_("pending"),
	[QUESTION_APPROVED] = N_("approved"),
	[QUESTION_ANSWERED] = N_("answered"),
	[QUESTION_HIDDEN] = N_("hidden"),
};

/* A button for one action; label is marked where it is written (act_button
 * is an xgettext keyword) and translated here. */
static void
act_button(struct http_req *r, struct html *h, const struct store_session *s,
    const struct store_question *q, const char *act, const char *label)
{
	html_lit(h, "<form method=\"post\" class=\"inline\"");
	html_url(h, "action", arena_printf(r->arena,
	    "/staff/qa/%lld/questions/%lld", (long long)s->id,
	    (long long)q->id));
	html_lit(h, ">");
	layout_csrf(h, r);
	html_lit(h, "<input type=\"hidden\" name=\"action\"");
	html_attr(h, "value", act);
	html_lit(h, "><button type=\"submit\" class=\"small\">");
	html_text(h, gettext(label));
	html_lit(h, "</button></form>");
}

static void
card(struct http_req *r, struct html *h, const struct store_session *s,
    const struct store_question *q)
{
	html_lit(h, "<li class=\"question mod\"");
	html_attr(h, "data-id", arena_printf(r->arena, "%lld",
	    (long long)q->id));
	html_lit(h, ">");
	if (q->flags & QFLAG_DISCLOSURE) {
		html_lit(h, "<p class=\"flag disclosure\">");
		html_t(h, "May be a personal disclosure: the asker was shown "
		    "the hotline. Consider following up privately; do not "
		    "read it out.");
		html_lit(h, "</p>");
	}
	if (q->flags & QFLAG_ABUSE) {
		html_lit(h, "<p class=\"flag abuse\">");
		html_t(h, "Abusive words");
		html_lit(h, "</p>");
	}
	if (q->pinned) {
		html_lit(h, "<p class=\"tag\">");
		html_t(h, "Being answered now");
		html_lit(h, "</p>");
	}
	if (*q->text == '\0') {
		/* Withdrawn: its words are gone; nothing to act on. */
		html_lit(h, "<p class=\"q-text muted\">");
		html_t(h, "Taken back by the asker.");
		html_lit(h, "</p></li>\n");
		return;
	}
	html_lit(h, "<p class=\"q-text\">");
	html_text(h, q->text);
	html_lit(h, "</p><p class=\"q-meta\">");
	html_text(h, q->name ? q->name : _("Anonymous"));
	html_textf(h, NG_(" · %lld vote · %s", " · %lld votes · %s", q->votes),
	    (long long)q->votes, gettext(mod_states[q->status]));
	html_lit(h, "</p><div class=\"actions\">");
	if (q->status != QUESTION_APPROVED)
		act_button(r, h, s, q, "approve", "Approve");
	if (q->status == QUESTION_APPROVED) {
		act_button(r, h, s, q, q->pinned ? "unpin" : "pin",
		    q->pinned ? N_("Unpin") : N_("Pin: answering now"));
		act_button(r, h, s, q, "answer", "Mark answered");
	}
	if (q->status != QUESTION_HIDDEN)
		act_button(r, h, s, q, "hide", "Hide");
	html_lit(h, "<details><summary>");
	html_t(h, "Fix a typo");
	html_lit(h, "</summary><form method=\"post\" class=\"times\"");
	html_url(h, "action", arena_printf(r->arena,
	    "/staff/qa/%lld/questions/%lld", (long long)s->id,
	    (long long)q->id));
	html_lit(h, ">");
	layout_csrf(h, r);
	html_lit(h, "<input type=\"hidden\" name=\"action\" "
	    "value=\"edit\"><label>");
	html_t(h, "Text ");
	html_lit(h, "<textarea name=\"text\" rows=\"3\" maxlength=\"280\">");
	html_text(h, q->text);
	html_lit(h, "</textarea></label><button type=\"submit\" "
	    "class=\"small\">");
	html_t(h, "Save");
	html_lit(h, "</button></form></details></div></li>\n");
}

/* When questions open: said to all; set by coordinators. */
static void
opens_form(struct http_req *r, struct html *h, const struct store_session *s)
{
	const char *zone = s->time_zone ? s->time_zone : "UTC";
	int64_t at = core_qa_opens_at(s->starts_at, s->qa_opens_at);

	html_lit(h, "<p id=\"mod-opens\">");
	html_t(h, "Questions open ");
	html_text(h, fmt_moment(r->arena, zone, at));
	if (s->qa_opens_at > 0)
		html_t(h, " (set by a coordinator).");
	else
		html_t(h, " (an hour before the session).");
	html_lit(h, "</p>\n");
	if (!web_has_role(r, ROLE_BIT(ROLE_COORDINATOR)))
		return;
	html_lit(h, "<details><summary>");
	html_t(h, "Change when questions open");
	html_lit(h, "</summary><form method=\"post\" class=\"times\"");
	html_url(h, "action", arena_printf(r->arena, "/staff/qa/%lld/opens",
	    (long long)s->id));
	html_lit(h, ">");
	layout_csrf(h, r);
	html_lit(h, "<label>");
	html_t(h, "Questions open at (");
	html_text(h, zone);
	html_lit(h, ") <input type=\"datetime-local\" name=\"opens_at\"");
	html_attr(h, "value", sf_local(r->arena, zone, at));
	html_lit(h, "></label><button type=\"submit\" class=\"small\">");
	html_t(h, "Save");
	html_lit(h, "</button> <button type=\"submit\" name=\"default\" "
	    "value=\"1\" class=\"small secondary\">");
	html_t(h, "An hour before the session");
	html_lit(h, "</button></form></details>\n");
}

static int
load(struct http_req *r, struct store_session *s)
{
	if (web_load_session(r, s) == -1)
		return -1;
	if (s->audience != AUDIENCE_PUBLIC || s->join_code == NULL) {
		web_error(r, 404, "This session has no Q&A");
		return -1;
	}
	return 0;
}

/* GET /staff/qa/{session}: the queue. With script the page keeps itself up
 * to date (convene.js: the stream says when, the page is fetched again and
 * merged, and a card being edited is left alone); without, it is a plain
 * page of forms. */
void
page_staff_qa(struct http_req *r)
{
	static const char *const heads[QUESTION__MAX] = {
		N_("Waiting for you"), N_("On the screen"), N_("Answered"),
		N_("Hidden"),
	};
	struct html h = { &r->out };
	struct store_session s;
	struct store_question *qs;
	size_t n, i, count[QUESTION__MAX] = { 0 };
	const char *stream;
	int k;

	if (load(r, &s) == -1)
		return;
	stream = qa_stream_url(r, arena_printf(r->arena,
	    "/staff/qa/%lld/stream", (long long)s.id));
	if (store_questions(web_store(r), r->arena, s.id, ORDER_ALL, &qs, &n) !=
	    STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	for (i = 0; i < n; i++)
		if (qs[i].status >= 0 && qs[i].status < QUESTION__MAX)
			count[qs[i].status]++;
	http_set_header(r, "Cache-Control", "no-store");
	layout_staff_begin(&h, r, count[QUESTION_PENDING] > 0 ?
	    arena_printf(r->arena, _("(%zu) Moderate: %s"),
	    count[QUESTION_PENDING], s.title) : arena_printf(r->arena,
	    _("Moderate: %s"), s.title));
	html_lit(&h, "<h1>");
	html_t(&h, "Moderate: ");
	html_text(&h, s.title);
	html_lit(&h, "</h1>\n<p>");
	html_t(&h, "Join code ");
	html_lit(&h, "<strong>");
	html_text(&h, s.join_code);
	html_lit(&h, "</strong> · <a");
	html_url(&h, "href", arena_printf(r->arena, "/qa/%s/present",
	    s.join_code));
	html_lit(&h, ">");
	html_t(&h, "Presenter screen");
	html_lit(&h, "</a> · <a");
	html_url(&h, "href", arena_printf(r->arena,
	    "/staff/qa/%lld/questions.csv", (long long)s.id));
	html_lit(&h, ">");
	html_t(&h, "Questions as CSV");
	html_lit(&h, "</a></p>\n<div id=\"mod-queue\"");
	html_attr(&h, "data-stream", stream);
	/* What the script says when an action fails, in the page's words. */
	html_attr_t(&h, "data-t-failed", "That did not work");
	html_attr_t(&h, "data-t-kept", "(nothing else on this page was lost).");
	html_attr_t(&h, "data-t-offline", "The server could not be reached; "
	    "try again.");
	html_lit(&h, ">\n<p class=\"notice mod-live\" id=\"mod-live\" "
	    "role=\"status\"><strong id=\"mod-waiting\">");
	html_textf(&h, NG_("%zu question waiting", "%zu questions waiting",
	    count[QUESTION_PENDING]), count[QUESTION_PENDING]);
	html_lit(&h, "</strong> <span class=\"mod-refresh\">");
	html_tm(&h, "· <a href=\"\">Refresh</a> for new ones");
	html_lit(&h, "</span><span class=\"mod-auto\" hidden>");
	html_t(&h, "· new questions appear by themselves");
	html_lit(&h, "</span></p>\n<p class=\"notice\" id=\"mod-error\" "
	    "role=\"alert\" hidden></p>\n");
	if (web_has_role(r, ROLE_BIT(ROLE_COORDINATOR))) {
		html_lit(&h, "<form method=\"post\" class=\"inline\" "
		    "id=\"mod-mode\"");
		html_url(&h, "action", arena_printf(r->arena,
		    "/staff/qa/%lld/mode", (long long)s.id));
		html_lit(&h, ">");
		layout_csrf(&h, r);
		if (s.post_moderation) {
			html_lit(&h, "<p>");
			html_t(&h, "Post-moderation: questions show at once "
			    "unless flagged. ");
			html_lit(&h, "<input type=\"hidden\" name=\"post\" "
			    "value=\"0\"><button type=\"submit\" "
			    "class=\"small\">");
			html_t(&h, "Review every question first");
			html_lit(&h, "</button></p>");
		} else {
			html_lit(&h, "<p>");
			html_t(&h, "Pre-moderation: every question waits for "
			    "you. ");
			html_lit(&h, "<input type=\"hidden\" name=\"post\" "
			    "value=\"1\"><button type=\"submit\" "
			    "class=\"small\">");
			html_t(&h, "Show questions at once");
			html_lit(&h, "</button></p>");
		}
		html_lit(&h, "</form>\n");
	}
	opens_form(r, &h, &s);
	for (k = 0; k < QUESTION__MAX; k++) {
		html_lit(&h, "<h2");
		html_attr(&h, "id", arena_printf(r->arena, "head-%s",
		    core_question_keys[k]));
		html_lit(&h, ">");
		html_text(&h, gettext(heads[k]));
		html_textf(&h, " (%zu)", count[k]);
		html_lit(&h, "</h2>\n<ol class=\"questions\"");
		html_attr(&h, "id", arena_printf(r->arena, "list-%s",
		    core_question_keys[k]));
		html_lit(&h, ">\n");
		for (i = 0; i < n; i++)
			if (qs[i].status == k)
				card(r, &h, &s, &qs[i]);
		html_lit(&h, "</ol>\n<p class=\"muted\"");
		html_attr(&h, "id", arena_printf(r->arena, "none-%s",
		    core_question_keys[k]));
		if (count[k] > 0)
			html_lit(&h, " hidden");
		html_lit(&h, ">");
		html_t(&h, "None.");
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "</div>\n");
	layout_end(&h);
}

/* POST /staff/qa/{session}/questions/{id}: action (and text for edit). */
void
page_staff_qa_action(struct http_req *r)
{
	struct store_session s;
	struct store_question q;
	struct http_form form;
	const char *act;
	int64_t id = web_param_id(r, 1);
	int a, rc;

	if (load(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	act = http_form_get(&form, "action");
	for (a = 0; act && a < MODERATE__MAX; a++)
		if (strcmp(act, core_moderation_keys[a]) == 0)
			break;
	if (act == NULL || a == MODERATE__MAX) {
		web_error(r, 400, "Unknown moderation action");
		return;
	}
	if (id == 0 || store_question_get(web_store(r), r->arena, id, &q) !=
	    STORE_OK || q.session_id != s.id) {
		web_error(r, 404, "No such question");
		return;
	}
	rc = app_moderate(web_app(r), web_actor(r), r->arena, id, a, http_form_get(&form,
	    "text"), &q);
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "That action does not apply to this question "
		    "now");
		return;
	}
	if (rc == STORE_CLOSED) {
		web_error(r, 422, "The text must be 1 to 280 characters");
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/qa/%lld",
	    (long long)s.id));
}

/* POST /staff/qa/{session}/mode: post=1 shows questions at once. */
void
page_staff_qa_mode(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	const char *post;
	int rc;

	if (load(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	post = http_form_get(&form, "post");
	rc = app_qa_mode(web_app(r), web_actor(r), r->arena, s.id, post &&
	    strcmp(post, "1") == 0);
	web_saved(r, rc, arena_printf(r->arena, "/staff/qa/%lld",
	    (long long)s.id));
}

/* POST /staff/qa/{session}/opens: opens_at (local time), or default=1. */
void
page_staff_qa_opens(struct http_req *r)
{
	struct store_session s;
	struct http_form form;
	const char *v, *def;
	int y, mo, d, hh, mi, rc;
	int64_t at = 0;

	if (load(r, &s) == -1 || web_staff_form(r, &form) == -1)
		return;
	v = http_form_get(&form, "opens_at");
	def = http_form_get(&form, "default");
	if (!(def && strcmp(def, "1") == 0) && (v == NULL ||
	    field_datetime(v, &y, &mo, &d, &hh, &mi) == -1 ||
	    tz_to_utc(s.time_zone ? s.time_zone : "UTC", y, mo, d, hh, mi,
	    &at) == -1)) {
		web_error(r, 422, "Enter the opening time like 2027-01-11T17:30");
		return;
	}
	rc = app_qa_opens(web_app(r), web_actor(r), r->arena, s.id, at);
	if (rc == STORE_CONFLICT) {
		web_error(r, 422, "Questions must open before the session ends");
		return;
	}
	if (rc == APP_FORBIDDEN) {
		web_error(r, 403, "Only coordinators set when questions open");
		return;
	}
	web_saved(r, rc, arena_printf(r->arena, "/staff/qa/%lld",
	    (long long)s.id));
}

/* GET /staff/qa/{session}/stream: every change, flags included. */
void
page_staff_qa_stream(struct http_req *r)
{
	struct store_session s;

	if (load(r, &s) == -1)
		return;
	qa_stream(r, s.id, 1);
}

/* GET /staff/qa/{session}/questions.csv: for the speaker's follow-up. */
void
page_staff_qa_csv(struct http_req *r)
{
	static const char *const head[] = {
		"id", "asked_at", "status", "votes", "name", "question",
		"possible_disclosure",
	};
	struct store_session s;
	struct store_question *qs;
	size_t n, i;
	int ok;

	if (load(r, &s) == -1)
		return;
	if (store_questions(web_store(r), r->arena, s.id, ORDER_ALL, &qs, &n) !=
	    STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	ok = csv_bom(&r->out) == 0 && csv_row(&r->out, head,
	    ARRAY_LEN(head)) == 0;
	for (i = 0; i < n && ok; i++) {
		const char *row[ARRAY_LEN(head)] = {
			arena_printf(r->arena, "%lld", (long long)qs[i].id),
			fmt_iso(r->arena, s.time_zone, qs[i].created_at),
			core_question_keys[qs[i].status],
			arena_printf(r->arena, "%lld", (long long)qs[i].votes),
			qs[i].name, qs[i].text,
			qs[i].flags & QFLAG_DISCLOSURE ? "yes" : "no",
		};

		ok = csv_row(&r->out, row, ARRAY_LEN(head)) == 0;
	}
	if (!ok) {
		web_error(r, 500, "Too many questions to export");
		return;
	}
	r->content_type = "text/csv; charset=utf-8";
	http_set_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"questions-session-%lld.csv\"",
	    (long long)s.id));
}
