/* page_qa.c: the public Q&A on a phone: join, ask, vote; and the presenter screen. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "core.h"
#include "store.h"
#include "form.h"
#include "html.h"
#include "layout.h"
#include "qr.h"
#include "qa.h"
#include "app.h"
#include "web.h"

static const char *const status_for_asker[QUESTION__MAX] = {
	[QUESTION_PENDING] = N_("Waiting for the moderator"),
	[QUESTION_APPROVED] = N_("On the screen"),
	[QUESTION_ANSWERED] = N_("Answered"),
	[QUESTION_HIDDEN] = N_("Not shown"),
};

/* The words the script writes into arriving questions, in the page's
 * language (static/convene.js reads them from the list). */
static void
script_texts(struct html *h)
{
	html_attr_t(h, "data-t-pinned", "Being answered now");
	html_attr_t(h, "data-t-answered", "Answered");
	html_attr_t(h, "data-t-anonymous", "Anonymous");
	html_attr_t(h, "data-t-vote-one", "vote");
	html_attr_t(h, "data-t-vote-many", "votes");
	html_attr_t(h, "data-t-voted", "You voted for this question");
	html_attr_t(h, "data-t-vote", "Vote");
	html_attr_t(h, "data-t-vote-for", "for this question");
}

/* The join form; notice (NULL: none) says why the code did not open a
 * Q&A, and typed goes back into the box. */
static void
join_page(struct http_req *r, const char *typed, const char *notice)
{
	struct html h = { &r->out };

	buf_reset(&r->out);
	layout_begin(&h, r, "Join a Q&A");
	html_lit(&h, "<h1>");
	html_t(&h, "Join the questions and answers");
	html_lit(&h, "</h1>\n<p>");
	html_t(&h, "Type the code shown on the screen in the room.");
	html_lit(&h, "</p>\n");
	if (notice) {
		html_lit(&h, "<p class=\"notice\" role=\"alert\">");
		html_text(&h, notice);
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<form class=\"staff\" method=\"get\" "
	    "action=\"/qa\">\n<div class=\"field\"><label for=\"code\">");
	html_t(&h, "Code");
	html_lit(&h, "</label><input id=\"code\" name=\"code\" "
	    "maxlength=\"8\" autocomplete=\"off\" "
	    "autocapitalize=\"characters\" spellcheck=\"false\"");
	html_attr(&h, "value", typed ? typed : "");
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Join");
	html_lit(&h, "</button>\n</form>\n");
	layout_end(&h);
}

/* See web.h. */
void
page_qa_join_unknown(struct http_req *r, const char *typed)
{
	r->status = 404;
	join_page(r, typed && strlen(typed) <= 16 ? typed : NULL,
	    _("No Q&A has this code. Check it on the screen in the room and "
	    "type it again."));
}

/* GET /qa: type the code from the screen. */
void
page_qa_join(struct http_req *r)
{
	const char *code = http_query(r, "code");
	char up[JOIN_CODE_LEN + 1];

	/* Typed as read off the screen: any case, spaces, O for 0, I for 1. */
	if (code && strlen(code) <= 16 && core_join_code_normalise(code,
	    up) == 0) {
		http_redirect(r, arena_printf(r->arena, "/qa/%s", up));
		return;
	}
	if (code)
		r->status = 404;
	join_page(r, code && strlen(code) <= 16 ? code : NULL, code ?
	    _("That code has six letters and digits, like MS4K27.") : NULL);
}

static void
question_item(struct http_req *r, struct html *h, const char *code,
    const struct store_question *q, int present, int voted)
{
	html_lit(h, "<li class=\"question");
	if (q->pinned)
		html_lit(h, " pinned");
	if (q->status == QUESTION_ANSWERED)
		html_lit(h, " answered");
	if (voted)
		html_lit(h, " voted");
	html_lit(h, "\"");
	html_attr(h, "id", arena_printf(r->arena, "q-%lld", (long long)q->id));
	html_attr(h, "data-id", arena_printf(r->arena, "%lld",
	    (long long)q->id));
	if (voted)
		html_lit(h, " data-voted=\"1\"");
	html_lit(h, ">\n");
	if (q->pinned) {
		html_lit(h, "<p class=\"tag\">");
		html_t(h, "Being answered now");
		html_lit(h, "</p>\n");
	} else if (q->status == QUESTION_ANSWERED) {
		html_lit(h, "<p class=\"tag\">");
		html_t(h, "Answered");
		html_lit(h, "</p>\n");
	}
	html_lit(h, "<p class=\"q-text\">");
	html_text(h, q->text);
	html_lit(h, "</p>\n<p class=\"q-meta\"><span class=\"q-name\">");
	html_text(h, q->name ? q->name : _("Anonymous"));
	html_lit(h, "</span> · <span class=\"q-votes\">");
	html_int(h, q->votes);
	html_lit(h, "</span> <span class=\"q-votes-word\">");
	if (q->votes == 1)
		html_t(h, "vote");
	else
		html_t(h, "votes");
	html_lit(h, "</span></p>\n");
	if (voted && !present) {
		html_lit(h, "<p class=\"voted-sign\"><span "
		    "aria-hidden=\"true\">✓</span>");
		html_t(h, " You voted for this question");
		html_lit(h, "</p>\n");
	} else if (q->status == QUESTION_APPROVED && !present) {
		html_lit(h, "<form method=\"post\" class=\"vote\"");
		html_url(h, "action", arena_printf(r->arena,
		    "/qa/%s/questions/%lld/vote", code, (long long)q->id));
		html_lit(h, "><button type=\"submit\" class=\"small "
		    "secondary\">");
		html_t(h, "Vote");
		html_lit(h, "<span class=\"visually-hidden\">");
		html_t(h, " for this question");
		html_lit(h, "</span></button></form>\n");
	}
	html_lit(h, "</li>\n");
}

static void
hotline_note(struct html *h)
{
	html_lit(h, "<div class=\"private-note\" role=\"alert\">\n<h2>");
	html_t(h, "Only you see this");
	html_lit(h, "</h2>\n<p>");
	html_t(h, "If you or someone you know is being hurt, controlled or "
	    "made to work, help is there, confidential, at any hour: ");
	hotline_html(h, 1);
	html_tm(h, " In danger now, call <a href=\"tel:911\">911</a>.");
	html_lit(h, "</p>\n<p>");
	html_t(h, "Your question goes to the moderator, not on the screen. "
	    "You can also talk privately to the speaker or the organisers "
	    "after the session.");
	html_lit(h, "</p>\n</div>\n");
}

static void
render(struct http_req *r, const struct store_session *s, int64_t me,
    const char *err, int64_t asked, const char *text, const char *name)
{
	struct html h = { &r->out };
	struct store_question *qs, *mine = NULL;
	const char *sort = http_query(r, "sort");
	int newest = sort && strcmp(sort, "new") == 0;
	int64_t *voted = NULL;
	size_t n, nmine = 0, nvoted = 0, i, k;
	/* Before the list is read: the stream brings what changes after. */
	const char *stream = qa_stream_url(r, arena_printf(r->arena,
	    "/api/v1/qa/%s/stream", s->join_code));

	if (store_questions(web_store(r), r->arena, s->id, newest ? ORDER_NEW :
	    ORDER_VOTES, &qs, &n) != STORE_OK || (me > 0 &&
	    (store_questions_mine(web_store(r), r->arena, s->id, me, &mine,
	    &nmine) != STORE_OK || store_votes_mine(web_store(r), r->arena,
	    s->id, me, &voted, &nvoted) != STORE_OK))) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	buf_reset(&r->out);
	layout_begin(&h, r, arena_printf(r->arena, "Q&A: %s", s->title));
	html_lit(&h, "<h1>");
	html_text(&h, s->title);
	html_lit(&h, "</h1>\n<p class=\"lead\">");
	html_t(&h, "Ask anything, anonymously. ");
	if (s->post_moderation)
		html_t(&h, "Questions appear at once; a moderator removes "
		    "any that break the rules.");
	else
		html_t(&h, "A moderator reads every question before it "
		    "appears.");
	html_lit(&h, "</p>\n");
	for (i = 0; i < nmine; i++)
		if (mine[i].id == asked && (mine[i].flags & QFLAG_DISCLOSURE))
			hotline_note(&h);
	if (asked > 0 && err == NULL) {
		html_lit(&h, "<p class=\"notice ok\" role=\"status\">");
		html_t(&h, "Thank you: your question is sent.");
		html_lit(&h, "</p>\n");
	}
	/* Before the opening time: when it opens, and no form to fill in vain. */
	if (core_qa_window(s->starts_at, s->ends_at, s->qa_opens_at,
	    web_now(r)) == QA_WINDOW_NOT_YET) {
		html_lit(&h, "<p class=\"notice qa-opens\" role=\"status\">");
		html_text(&h, qa_opens_text(r, s));
		html_lit(&h, "</p>\n");
		goto questions;
	}
	html_lit(&h, "<form class=\"staff ask\" method=\"post\" novalidate");
	html_url(&h, "action", arena_printf(r->arena, "/qa/%s/questions",
	    s->join_code));
	html_lit(&h, ">\n<div class=\"field");
	if (err)
		html_lit(&h, " has-error");
	html_lit(&h, "\"><label for=\"q-text\">");
	html_t(&h, "Your question");
	html_lit(&h, "</label>\n<p class=\"hint\" id=\"q-hint\">");
	html_t(&h, "Up to 280 characters. No need to give your name.");
	html_lit(&h, "</p>\n");
	if (err) {
		html_lit(&h, "<p class=\"field-error\" id=\"q-error\"><span "
		    "class=\"visually-hidden\">");
		html_t(&h, "Error: ");
		html_lit(&h, "</span>");
		html_text(&h, err);
		html_lit(&h, "</p>\n");
	}
	html_lit(&h, "<textarea id=\"q-text\" name=\"text\" rows=\"3\" "
	    "maxlength=\"280\" required");
	html_attr(&h, "aria-describedby", err ? "q-hint q-error" : "q-hint");
	if (err)
		html_lit(&h, " aria-invalid=\"true\"");
	html_lit(&h, ">");
	html_text(&h, err ? text : NULL);
	html_lit(&h, "</textarea></div>\n<div class=\"field\"><label "
	    "for=\"q-name\">");
	html_t(&h, "Name to show (optional)");
	html_lit(&h, "</label><input id=\"q-name\" name=\"name\" "
	    "maxlength=\"60\" autocomplete=\"off\"");
	html_attr(&h, "value", err && name ? name : "");
	html_lit(&h, "></div>\n<button type=\"submit\">");
	html_t(&h, "Send question");
	html_lit(&h, "</button>\n</form>\n");
questions:
	html_lit(&h, "<h2 id=\"on-screen\">");
	html_t(&h, "Questions");
	html_lit(&h, "</h2>\n<p class=\"sort\">");
	html_t(&h, "Sort: ");
	if (newest) {
		html_lit(&h, "<a");
		html_url(&h, "href", arena_printf(r->arena, "/qa/%s",
		    s->join_code));
		html_lit(&h, ">");
		html_t(&h, "most votes");
		html_lit(&h, "</a> · <strong>");
		html_t(&h, "newest");
		html_lit(&h, "</strong>");
	} else {
		html_lit(&h, "<strong>");
		html_t(&h, "most votes");
		html_lit(&h, "</strong> · ");
		html_lit(&h, "<a");
		html_url(&h, "href", arena_printf(r->arena, "/qa/%s?sort=new",
		    s->join_code));
		html_lit(&h, ">");
		html_t(&h, "newest");
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>\n<ol class=\"questions\" id=\"questions\"");
	html_attr(&h, "data-stream", stream);
	html_attr(&h, "data-code", s->join_code);
	html_attr(&h, "data-sort", newest ? "new" : "votes");
	script_texts(&h);
	html_lit(&h, " aria-live=\"polite\">\n");
	for (i = 0; i < n; i++) {
		for (k = 0; k < nvoted && voted[k] != qs[i].id; k++)
			;
		question_item(r, &h, s->join_code, &qs[i], 0, k < nvoted);
	}
	html_lit(&h, "</ol>\n");
	if (n == 0) {
		html_lit(&h, "<p class=\"empty\">");
		html_t(&h, "No questions on the screen yet.");
		html_lit(&h, "</p>\n");
	}
	if (nmine > 0) {
		html_lit(&h, "<h2>");
		html_t(&h, "Your questions");
		html_lit(&h, "</h2>\n<ul class=\"plain mine\">\n");
		for (i = 0; i < nmine; i++) {
			html_lit(&h, "<li><span class=\"tag\">");
			html_text(&h, gettext(status_for_asker[mine[i].status]));
			html_lit(&h, "</span> ");
			/*
			 * Whoever picks up this phone later must not read a
			 * held disclosure: its words are never shown back.
			 */
			if ((mine[i].flags & (QFLAG_DISCLOSURE | QFLAG_ABUSE)) &&
			    !core_question_visible(mine[i].status))
				html_t(&h, "Your question is with the "
				    "moderator.");
			else if (*mine[i].text == '\0')
				html_t(&h, "You took this question back.");
			else
				html_text(&h, mine[i].text);
			/* Taking it back erases its words, wherever kept. */
			if (*mine[i].text != '\0') {
				html_lit(&h, " <form method=\"post\" "
				    "class=\"inline\"");
				html_url(&h, "action", arena_printf(r->arena,
				    "/qa/%s/questions/%lld/withdraw",
				    s->join_code, (long long)mine[i].id));
				html_lit(&h, "><button type=\"submit\" "
				    "class=\"small secondary\">");
				html_t(&h, "Take back");
				html_lit(&h, "<span "
				    "class=\"visually-hidden\">");
				html_t(&h, " this question");
				html_lit(&h, "</span></button></form>");
			}
			html_lit(&h, "</li>\n");
		}
		html_lit(&h, "</ul>\n");
	}
	layout_end(&h);
}

/* GET /qa/{code}. */
void
page_qa(struct http_req *r)
{
	struct store_session s;
	const char *asked = http_query(r, "asked");
	int64_t me;

	if (qa_load(r, &s) == -1)
		return;
	if ((me = qa_participant(r, 0, 0)) < 0) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	http_set_header(r, "Cache-Control", "no-store");
	render(r, &s, me, NULL, asked ? strtoll(asked, NULL, 10) : 0, NULL,
	    NULL);
}

/* POST /qa/{code}/questions: text and name. */
void
page_qa_ask(struct http_req *r)
{
	struct store_session s;
	struct store_question q;
	struct http_form f;
	const char *err, *text, *name;
	int64_t me;
	enum qa_ask rc;

	if (qa_load(r, &s) == -1)
		return;
	if (!web_same_origin(r) || http_form_parse(r->arena, r->body.data ?
	    r->body.data : "", r->body.len, &f) == -1) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	if ((me = qa_participant(r, 1, qa_day_end(&s))) < 0) {
		if (me != QA_LIMITED)
			web_error(r, 500, "Something went wrong on our side");
		return;
	}
	text = http_form_get(&f, "text");
	name = http_form_get(&f, "name");
	rc = qa_ask(r, &s, me, text, name, &q, &err);
	if (rc == QA_ASKED) {
		http_redirect(r, arena_printf(r->arena, "/qa/%s?asked=%lld",
		    s.join_code, (long long)q.id));
		return;
	}
	render(r, &s, me, err, 0, text, name);
	r->status = rc == QA_INVALID ? 422 : rc == QA_LIMIT ? 429 :
	    rc == QA_CLOSED || rc == QA_NOT_YET ? 409 : 500;
}

/* POST /qa/{code}/questions/{id}/withdraw: the asker takes it back. */
void
page_qa_withdraw(struct http_req *r)
{
	struct store_session s;

	if (qa_load(r, &s) == -1)
		return;
	switch (qa_withdraw(r, web_param_id(r, 1))) {
	case STORE_OK:
		http_redirect(r, arena_printf(r->arena, "/qa/%s", s.join_code));
		return;
	case APP_FORBIDDEN:
		web_error(r, 403, "This form must be sent from this site");
		return;
	case STORE_NOTFOUND:
		web_error(r, 404, "No such question of yours");
		return;
	default:
		web_error(r, 500, "Something went wrong on our side; the "
		    "question is unchanged");
		return;
	}
}

/* POST /qa/{code}/questions/{id}/vote. */
void
page_qa_vote(struct http_req *r)
{
	struct store_session s;
	struct store_question q;
	int64_t me, id = web_param_id(r, 1);
	int counted, rc;

	if (qa_load(r, &s) == -1)
		return;
	if (!web_same_origin(r)) {
		web_error(r, 403, "This form must be sent from this site");
		return;
	}
	if (id == 0 || store_question_get(web_store(r), r->arena, id, &q) !=
	    STORE_OK || q.session_id != s.id ||
	    !core_question_visible(q.status)) {
		web_error(r, 404, "No such question");
		return;
	}
	if ((me = qa_participant(r, 1, qa_day_end(&s))) < 0) {
		if (me != QA_LIMITED)
			web_error(r, 500, "Something went wrong on our side");
		return;
	}
	if (web_limited(r, LIMIT_QA_VOTE, 0))
		return;
	rc = app_vote(web_app(r), qa_actor(r, me), r->arena, id, &counted);
	/* The rule (approved questions only) is the app's; its answer here. */
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "This question is answered; voting is over");
		return;
	}
	if (rc == STORE_LIMIT) {
		http_set_header(r, "Retry-After", "60");
		web_error(r, 429, "That is a lot of votes in a minute; please "
		    "wait a moment.");
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	/* Back to the question voted for, showing that it was (its anchor
	 * clears the sticky hotline bar: scroll-margin in the stylesheet). */
	http_redirect(r, arena_printf(r->arena, "/qa/%s#q-%lld", s.join_code,
	    (long long)id));
}

/* How many questions the projector shows: large enough for the back row. */
#define PRESENT_MAX 3
/* Without script, the projector reloads this often (seconds). */
#define PRESENT_REFRESH 10

/* GET /qa/{code}/present: the projector. At 1920x1080 the questions are at
 * least 48 px, the hotline 28 px, light on dark, with nothing of the site
 * around them; live over the stream, and reloading without script. */
void
page_qa_present(struct http_req *r)
{
	struct html h = { &r->out };
	struct store_session s;
	struct store_question *qs;
	struct web_ctx *ctx = r->app;
	const char *host = http_header(r, "Host"), *base, *url, *shown_url;
	const char *stream;
	size_t n, i, shown = 0;

	if (qa_load(r, &s) == -1)
		return;
	stream = qa_stream_url(r, arena_printf(r->arena,
	    "/api/v1/qa/%s/stream", s.join_code));
	if (store_questions(web_store(r), r->arena, s.id, ORDER_VOTES, &qs,
	    &n) != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return;
	}
	base = ctx->base_url ? ctx->base_url : arena_printf(r->arena,
	    "http://%s", host && strlen(host) < 100 && text_clean(host, 0) ?
	    host : "localhost");
	url = arena_printf(r->arena, "%s/qa/%s", base, s.join_code);
	/* What people type: no scheme, the short join page. */
	shown_url = strstr(base, "://") ? strstr(base, "://") + 3 : base;
	shown_url = arena_printf(r->arena, "%s/qa", shown_url);
	http_set_header(r, "Cache-Control", "no-store");
	layout_begin_screen(&h, r, arena_printf(r->arena, _("Presenting: %s"),
	    s.title), PRESENT_REFRESH);
	html_lit(&h, "<div class=\"screen\">\n<section class=\"stage\">\n"
	    "<h1 class=\"screen-title\">");
	html_text(&h, s.title);
	html_lit(&h, "</h1>\n<ol class=\"questions big\" id=\"questions\"");
	html_attr(&h, "data-stream", stream);
	html_attr(&h, "data-code", s.join_code);
	html_attr(&h, "data-max", arena_printf(r->arena, "%d", PRESENT_MAX));
	script_texts(&h);
	html_lit(&h, " data-sort=\"votes\" data-present=\"1\">\n");
	for (i = 0; i < n && shown < PRESENT_MAX; i++)
		if (qs[i].status == QUESTION_APPROVED) {
			question_item(r, &h, s.join_code, &qs[i], 1, 0);
			shown++;
		}
	html_lit(&h, "</ol>\n<p class=\"empty\"");
	if (shown > 0)
		html_lit(&h, " hidden");
	html_lit(&h, ">");
	html_t(&h, "No questions on the screen yet. Ask yours from your "
	    "phone: no name needed.");
	html_lit(&h, "</p>\n</section>\n<aside class=\"join\">");
	qr_svg(&r->out, url, _("QR code of the Q&A page"));
	html_lit(&h, "<p class=\"join-code\">");
	html_text(&h, s.join_code);
	html_lit(&h, "</p></aside>\n<p class=\"join-line\">");
	html_t(&h, "Ask anonymously at ");
	html_lit(&h, "<strong class=\"join-url\">");
	html_text(&h, shown_url);
	html_lit(&h, "</strong>");
	html_t(&h, " with the code ");
	html_lit(&h, "<strong class=\"join-code-inline\">");
	html_text(&h, s.join_code);
	html_lit(&h, "</strong>");
	html_t(&h, ", or scan the QR code");
	html_lit(&h, "</p>\n</div>\n");
	layout_end_screen(&h, r);
}
