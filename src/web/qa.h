/* qa.h: what the Q&A pages and API share: participants, JSON, live updates. */
#ifndef CONVENE_QA_H
#define CONVENE_QA_H

#include <stdint.h>

#include <jansson.h>

struct http_req;
struct store_session;
struct store_question;

/* The session of a join code (route parameter 0), or 404 and -1. */
int qa_load(struct http_req *r, struct store_session *s);
/* The participant of this browser, made (with its cookie) when create is set;
 * 0 when there is none yet. -1 on a database failure. */
int64_t qa_participant(struct http_req *r, int create, int64_t until);
/* What qa_participant returns when its client makes too many: it has
 * answered 429. */
#define QA_LIMITED (-2)
/* Midnight after a session ends, in its zone: a new participant cookie
 * lasts until then (0 when it cannot be told). */
int64_t qa_day_end(const struct store_session *s);
/* The actor of participant (from qa_participant), in the request's arena. */
struct actor;
const struct actor *qa_actor(struct http_req *r, int64_t participant);
/* This browser's participant takes question id back (same-origin only):
 * STORE_OK, APP_FORBIDDEN, STORE_NOTFOUND (not theirs) or STORE_ERROR. */
int qa_withdraw(struct http_req *r, int64_t id);
/* A question as participants see it (moderators: with flags). */
json_t *qa_question_json(const struct store_question *q, int moderator);
/* Tells streams about a changed question: everyone if visible, moderators
 * always (from the change feed, after the change is committed). */
struct sse_hub;
void qa_publish_hub(struct sse_hub *hub, const struct store_question *q,
    int64_t change);
/* Topic numbers: a session's public stream and its moderators'. */
int64_t qa_topic(int64_t session_id, int moderator);

/* Turns the request into the session's event stream (moderators': all).
 * Every message carries its change-event id; a client reconnecting with
 * Last-Event-ID, or joining with the ?after= of its page, first gets what
 * it missed, or "reload" when that is not possible. */
void qa_stream(struct http_req *r, int64_t session_id, int moderator);
/* The stream at path for a page about to read its list: with ?after=
 * when this node's feed tells how far the list will be up to date. */
const char *qa_stream_url(struct http_req *r, const char *path);

enum qa_ask {
	QA_ASKED,
	QA_INVALID,
	QA_LIMIT,
	QA_CLOSED,
	QA_NOT_YET,	/* before the opening time */
	QA_FAILED,
};
/* "Questions open on ...": when the Q&A of s takes questions, in arena. */
const char *qa_opens_text(struct http_req *r, const struct store_session *s);
/* Validates and stores a question; *q is the stored question. */
enum qa_ask qa_ask(struct http_req *r, const struct store_session *s,
    int64_t participant, const char *text, const char *name,
    struct store_question *q, const char **err);

#endif
