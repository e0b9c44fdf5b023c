/* api_qa.c: the Q&A for programs and for the live pages: read, ask, vote, stream, moderate. */
#include <string.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "core.h"
#include "store.h"
#include "api.h"
#include "qa.h"
#include "app.h"
#include "hotline.h"
#include "fmt.h"
#include "web.h"

/* GET /api/v1/qa/{code}: the session and the questions on the screen. */
void
api_qa(struct http_req *r)
{
	struct store_session s;
	struct store_question *qs;
	const char *sort = http_query(r, "sort"), *stream;
	json_t *list;
	int64_t me, *voted = NULL;
	size_t n, i, k, nvoted = 0;

	if (qa_load(r, &s) == -1)
		return;
	/* Before the list is read: the stream brings what changes after. */
	stream = qa_stream_url(r, arena_printf(r->arena, "/api/v1/qa/%s/stream",
	    s.join_code));
	if ((me = qa_participant(r, 0, 0)) < 0 || store_questions(web_store(r),
	    r->arena, s.id, sort && strcmp(sort, "new") == 0 ? ORDER_NEW :
	    ORDER_VOTES, &qs, &n) != STORE_OK || (me > 0 &&
	    store_votes_mine(web_store(r), r->arena, s.id, me, &voted,
	    &nvoted) != STORE_OK)) {
		web_error(r, 500, "Database failure");
		return;
	}
	/* Per participant: never cached (the route is not). */
	http_set_header(r, "Cache-Control", "no-store");
	list = json_array();
	for (i = 0; i < n; i++) {
		json_t *q = qa_question_json(&qs[i], 0);

		for (k = 0; k < nvoted && voted[k] != qs[i].id; k++)
			;
		/* Whether this participant (the cookie) voted for it. */
		json_object_set_new(q, "voted", json_boolean(k < nvoted));
		json_array_append_new(list, q);
	}
	api_reply(r, 200, json_pack("{s:{s:I, s:s, s:s, s:s, s:s, s:b}, s:o, "
	    "s:s}", "session", "id", (json_int_t)s.id, "title", s.title,
	    "join_code", s.join_code, "moderation", s.post_moderation ? "post" : "pre",
	    "opens_at", fmt_iso(r->arena, s.time_zone ? s.time_zone : "UTC",
	    core_qa_opens_at(s.starts_at, s.qa_opens_at)), "open",
	    core_qa_window(s.starts_at, s.ends_at, s.qa_opens_at, web_now(r)) ==
	    QA_WINDOW_OPEN, "questions", list, "stream", stream));
}

/* POST /api/v1/qa/{code}/questions {text, name?}. */
void
api_qa_ask(struct http_req *r)
{
	struct store_session s;
	struct store_question q;
	json_t *body, *t, *n;
	const char *err;
	int64_t me;
	enum qa_ask rc;

	if (qa_load(r, &s) == -1 || (body = api_body(r)) == NULL)
		return;
	t = json_object_get(body, "text");
	n = json_object_get(body, "name");
	if (!json_is_string(t) || (n && !json_is_null(n) && !json_is_string(n))) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "text", "give text (and "
		    "optionally name) as strings"));
		return;
	}
	if ((me = qa_participant(r, 1, qa_day_end(&s))) < 0) {
		json_decref(body);
		if (me != QA_LIMITED)
			web_error(r, 500, "Database failure");
		return;
	}
	rc = qa_ask(r, &s, me, json_string_value(t), json_is_string(n) ?
	    json_string_value(n) : NULL, &q, &err);
	json_decref(body);
	switch (rc) {
	case QA_ASKED:
		/* The hotline goes to the asker alone, never to the stream. */
		api_reply(r, 201, json_pack("{s:I, s:s, s:b, s:o}", "id",
		    (json_int_t)q.id, "status", core_question_keys[q.status],
		    "disclosure", (q.flags & QFLAG_DISCLOSURE) != 0,
		    "hotline", q.flags & QFLAG_DISCLOSURE ?
		    json_pack("{s:s, s:s, s:s, s:s}", "name", hotline_get()->name,
		    "call", hotline_get()->phone, "text", hotline_get()->text,
		    "note", "Confidential, 24 hours. In danger now, call 911.") :
		    json_null()));
		return;
	case QA_INVALID:
		api_unprocessable(r, json_pack("{s:s}", "text", err));
		return;
	case QA_LIMIT:
		web_error(r, 429, err);
		return;
	case QA_CLOSED:
		web_error(r, 409, err);
		return;
	case QA_NOT_YET:
		api_reply(r, 409, json_pack("{s:s, s:s}", "error", err,
		    "opens_at", fmt_iso(r->arena, s.time_zone ? s.time_zone :
		    "UTC", core_qa_opens_at(s.starts_at, s.qa_opens_at))));
		return;
	default:
		web_error(r, 500, err);
		return;
	}
}

/* POST /api/v1/questions/{id}/vote: once per participant. */
void
api_qa_vote(struct http_req *r)
{
	struct store_question q;
	struct store_session s;
	int64_t me = 0, id = web_param_id(r, 0);
	int counted, rc;

	/* The vote is the browser's cookie: another site must not cast it. */
	if (!web_same_origin(r)) {
		web_error(r, 403, "This vote must come from this site");
		return;
	}
	if (id == 0 || (rc = store_question_get(web_store(r), r->arena, id,
	    &q)) == STORE_NOTFOUND || (rc == STORE_OK &&
	    !core_question_visible(q.status))) {
		web_error(r, 404, "No such question");
		return;
	}
	if (rc == STORE_OK && store_session_brief(web_store(r), r->arena,
	    q.session_id, &s) != STORE_OK)
		rc = STORE_ERROR;
	if (rc != STORE_OK || (me = qa_participant(r, 1, qa_day_end(&s))) <
	    0) {
		if (me != QA_LIMITED)
			web_error(r, 500, "Database failure");
		return;
	}
	if (web_limited(r, LIMIT_QA_VOTE, 0))
		return;
	rc = app_vote(web_app(r), qa_actor(r, me), r->arena, id, &counted);
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "This question is answered; voting is over");
		return;
	}
	if (rc == STORE_LIMIT) {
		http_set_header(r, "Retry-After", "60");
		web_error(r, 429, "Too many votes in a minute; wait a moment");
		return;
	}
	if (rc != STORE_OK || store_question_get(web_store(r), r->arena, id,
	    &q) != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, json_pack("{s:I, s:I, s:b}", "id", (json_int_t)q.id,
	    "votes", (json_int_t)q.votes, "counted", counted));
}

/* DELETE /api/v1/questions/{id}: its asker (the participant cookie) takes
 * it back; its words are erased. */
void
api_qa_withdraw(struct http_req *r)
{
	int64_t id = web_param_id(r, 0);

	switch (qa_withdraw(r, id)) {
	case STORE_OK:
		api_reply(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "status", "withdrawn"));
		return;
	case APP_FORBIDDEN:
		web_error(r, 403, "This must come from this site");
		return;
	case STORE_NOTFOUND:
		web_error(r, 404, "No such question of yours");
		return;
	default:
		web_error(r, 500, "Database failure; nothing was changed");
		return;
	}
}

/* GET /api/v1/qa/{code}/stream: server-sent events of every visible change. */
void
api_qa_stream(struct http_req *r)
{
	struct store_session s;

	if (qa_load(r, &s) == -1)
		return;
	qa_stream(r, s.id, 0);
}

/* POST /api/v1/questions/{id}/moderation {action, text?}. */
void
api_qa_moderate(struct http_req *r)
{
	struct store_question q;
	json_t *body, *a, *t;
	int64_t id = web_param_id(r, 0);
	int act, rc;

	if ((body = api_body(r)) == NULL)
		return;
	a = json_object_get(body, "action");
	t = json_object_get(body, "text");
	for (act = 0; json_is_string(a) && act < MODERATE__MAX; act++)
		if (strcmp(json_string_value(a), core_moderation_keys[act]) == 0)
			break;
	if (!json_is_string(a) || act == MODERATE__MAX) {
		json_decref(body);
		api_unprocessable(r, json_pack("{s:s}", "action", "one of "
		    "approve, hide, answer, pin, unpin, edit"));
		return;
	}
	rc = app_moderate(web_app(r), web_actor(r), r->arena, id, act, json_is_string(t) ?
	    arena_strdup(r->arena, json_string_value(t)) : NULL, &q);
	json_decref(body);
	if (rc == STORE_NOTFOUND) {
		web_error(r, 404, "No such question");
		return;
	}
	if (rc == STORE_CONFLICT) {
		web_error(r, 409, "That action does not apply to this question "
		    "now");
		return;
	}
	if (rc == STORE_CLOSED) {
		api_unprocessable(r, json_pack("{s:s}", "text", "1 to 280 "
		    "characters"));
		return;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Database failure");
		return;
	}
	api_reply(r, 200, qa_question_json(&q, 1));
}
