/* qa.c: participants by cookie (only a hash kept), asking, and live updates. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "http.h"
#include "limit.h"
#include "tz.h"
#include "fmt.h"
#include "core.h"
#include "store.h"
#include "sse.h"
#include "app.h"
#include "web.h"
#include "qa.h"

#define COOKIE "participant"
#define TOKEN_CHARS 32

/* A code of no Q&A: a person on a page gets the code box back, a program
 * the API's 404. */
static void
unknown(struct http_req *r, const char *code)
{
	if (!web_is_api(r) && (r->method == HTTP_GET || r->method == HTTP_HEAD))
		page_qa_join_unknown(r, code);
	else
		web_error(r, 404, "No Q&A with this code");
}

/* See qa.h. */
int
qa_load(struct http_req *r, struct store_session *s)
{
	const char *code = r->nparams ? r->params[0] : "";
	char up[JOIN_CODE_LEN + 1];
	int rc;

	/* Typed as read: any case, O for 0, I or L for 1. */
	if (strlen(code) > 16 || core_join_code_normalise(code, up) == -1) {
		unknown(r, code);
		return -1;
	}
	/* A room joins at once: the session is read once a second at most. */
	rc = web_brief_by_code(r, up, s);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !s->event_published)) {
		unknown(r, code);
		return -1;
	}
	if (rc != STORE_OK) {
		web_error(r, 500, "Something went wrong on our side");
		return -1;
	}
	return 0;
}

/* See qa.h. */
int64_t
qa_day_end(const struct store_session *s)
{
	struct tz_local l;
	int64_t end;

	if (s == NULL || tz_from_utc(s->time_zone ? s->time_zone : "UTC",
	    s->ends_at, &l) == -1)
		return 0;
	/* Midnight after the session ends, where it is held. */
	end = s->ends_at + 86400 - (l.hour * 3600 + l.minute * 60 + l.second);
	return end;
}

/* See qa.h. */
int64_t
qa_participant(struct http_req *r, int create, int64_t until)
{
	const char *tok = http_cookie(r, COOKIE);
	char fresh[TOKEN_CHARS + 1], hash[TOKEN_HASH_HEX];
	int64_t id;

	if (tok == NULL || strlen(tok) != TOKEN_CHARS) {
		if (!create)
			return 0;
		int64_t age = until - web_now(r);

		token_random(fresh, TOKEN_CHARS);
		tok = fresh;
		/*
		 * Only this browser knows who asked; the server keeps a hash.
		 * It lasts until the end of the Q&A's day, not for weeks: a
		 * phone picked up later must not list what was asked.
		 */
		if (until == 0 || age > 86400)
			age = 86400;
		if (age < 3600)
			age = 3600;
		http_set_header(r, "Set-Cookie", arena_printf(r->arena,
		    COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; "
		    "Max-Age=%lld%s", fresh, (long long)age,
		    web_cookie_secure(r) ? "; Secure" : ""));
	}
	token_hash(tok, hash);
	switch (store_participant_find(web_store(r), hash, &id)) {
	case STORE_OK:
		return id;
	case STORE_NOTFOUND:
		if (!create)
			return 0;
		if (web_limited(r, LIMIT_QA_JOIN, 0))
			return QA_LIMITED;
		return app_participant(web_app(r), hash, &id) == STORE_OK ?
		    id : -1;
	default:
		return -1;
	}
}

/* See qa.h. */
const struct actor *
qa_actor(struct http_req *r, int64_t participant)
{
	struct actor *who = arena_alloc(r->arena, sizeof(*who));

	memset(who, 0, sizeof(*who));
	who->kind = ACTOR_PARTICIPANT;
	who->participant_id = participant;
	return who;
}

/* See qa.h. */
int
qa_withdraw(struct http_req *r, int64_t id)
{
	int64_t me;

	if (!web_same_origin(r))
		return APP_FORBIDDEN;
	if ((me = qa_participant(r, 0, 0)) < 0)
		return STORE_ERROR;
	if (id == 0)
		return STORE_NOTFOUND;
	return app_withdraw(web_app(r), qa_actor(r, me), r->arena, id);
}

/* See qa.h. */
json_t *
qa_question_json(const struct store_question *q, int moderator)
{
	json_t *j = json_pack("{s:I, s:s, s:o, s:I, s:s, s:b, s:b}",
	    "id", (json_int_t)q->id,
	    "text", q->text,
	    "name", q->name ? json_string(q->name) : json_null(),
	    "votes", (json_int_t)q->votes,
	    "status", core_question_keys[q->status],
	    "pinned", q->pinned,
	    "answered", q->status == QUESTION_ANSWERED);

	if (moderator)
		json_object_set_new(j, "flags", json_pack("{s:b, s:b}",
		    "disclosure", (q->flags & QFLAG_DISCLOSURE) != 0,
		    "abuse", (q->flags & QFLAG_ABUSE) != 0));
	return j;
}

/* See qa.h. */
int64_t
qa_topic(int64_t session_id, int moderator)
{
	return moderator ? -session_id : session_id;
}

static void
publish(struct sse_hub *hub, int64_t topic, int64_t id, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	if (s == NULL)
		return;
	sse_publish(hub, topic, id, "question", s);
	free(s);
}

/* One question's message as the room (or the moderators) may see it. */
static json_t *
as_seen(const struct store_question *q, int moderator)
{
	/*
	 * Participants get a question's text only once it is on the screen;
	 * otherwise just its number, so a client drops it if it had it. A
	 * waiting question, perhaps a disclosure, never reaches the room.
	 */
	if (moderator || core_question_visible(q->status))
		return qa_question_json(q, moderator);
	return json_pack("{s:I, s:s}", "id", (json_int_t)q->id, "status",
	    "removed");
}

/* See qa.h. */
void
qa_publish_hub(struct sse_hub *hub, const struct store_question *q,
    int64_t change)
{
	publish(hub, qa_topic(q->session_id, 0), change, as_seen(q, 0));
	publish(hub, qa_topic(q->session_id, 1), change, as_seen(q, 1));
}

/* See qa.h. */
const char *
qa_opens_text(struct http_req *r, const struct store_session *s)
{
	return arena_printf(r->arena, _("Questions open on %s. Come back "
	    "then, or ask the speaker in person."), fmt_moment(r->arena,
	    s->time_zone ? s->time_zone : "UTC", core_qa_opens_at(s->starts_at,
	    s->qa_opens_at)));
}

/* See qa.h. */
enum qa_ask
qa_ask(struct http_req *r, const struct store_session *s, int64_t participant,
    const char *text, const char *name, struct store_question *q,
    const char **err)
{
	char *t = NULL, *n = NULL;
	unsigned flags;
	int status, rc;
	unsigned retry;

	*err = NULL;
	/* Questions are welcome from the opening time until an hour after
	 * the session (the app's rule; said here before reading the text). */
	if (s->audience != AUDIENCE_PUBLIC || s->join_code == NULL ||
	    s->cancelled || s->event_cancelled || core_qa_window(s->starts_at,
	    s->ends_at, s->qa_opens_at, web_now(r)) == QA_WINDOW_OVER) {
		*err = _("This Q&A is closed.");
		return QA_CLOSED;
	}
	if (core_qa_window(s->starts_at, s->ends_at, s->qa_opens_at,
	    web_now(r)) == QA_WINDOW_NOT_YET) {
		*err = qa_opens_text(r, s);
		return QA_NOT_YET;
	}
	if (text == NULL || !utf8_valid(text, strlen(text)) ||
	    !text_clean(text, 1)) {
		*err = _("Your question has characters we cannot accept.");
		return QA_INVALID;
	}
	t = str_trim(arena_strdup(r->arena, text));
	if (!core_question_text_ok(t, utf8_chars(t))) {
		*err = *t ? _("Use at most 280 characters.") :
		    _("Write your question first.");
		return QA_INVALID;
	}
	if (name != NULL && *name != '\0') {
		if (!utf8_valid(name, strlen(name)) || !text_clean(name, 0) ||
		    utf8_chars(name) > 60) {
			*err = _("Use a name of at most 60 characters, or "
			    "none.");
			return QA_INVALID;
		}
		n = str_trim(arena_strdup(r->arena, name));
		if (*n == '\0')
			n = NULL;
	}
	if (http_limit_take(r, LIMIT_QA_ASK, &retry) == -1) {
		http_set_header(r, "Retry-After", arena_printf(r->arena, "%u",
		    retry));
		*err = web_limit_message(LIMIT_QA_ASK);
		return QA_LIMIT;
	}
	flags = core_question_flags(t);
	status = core_question_initial(s->post_moderation, flags);
	rc = app_ask(web_app(r), qa_actor(r, participant), r->arena, s->id, t,
	    n, status, flags, q);
	if (rc == STORE_CLOSED) {
		*err = _("This Q&A is closed.");
		return QA_CLOSED;
	}
	if (rc == APP_NOT_YET) {
		*err = qa_opens_text(r, s);
		return QA_NOT_YET;
	}
	if (rc == STORE_LIMIT) {
		http_set_header(r, "Retry-After", "600");
		*err = _("You have asked five questions in ten minutes. "
		    "Please wait a few minutes before asking more.");
		return QA_LIMIT;
	}
	if (rc != STORE_OK) {
		*err = _("Something went wrong on our side; your question was "
		    "not sent.");
		return QA_FAILED;
	}
	return QA_ASKED;
}

/* Most questions a reconnecting client is brought up to date on; beyond,
 * or when what it missed is no longer kept, it reloads the list. */
#define REPLAY_MAX 500
#define REPLAY_BYTES (48 * 1024)
/* Most changes (of every kind) read to find them: a client that sends an
 * old id costs the database a bounded read, and reloads. */
#define REPLAY_SCAN 5000

/* A change id as a client sends it back: digits only, at most 18 of
 * them (so it fits); -1 for anything else. */
static int64_t
change_id(const char *v)
{
	size_t n = v ? strlen(v) : 0;

	if (n == 0 || n > 18 || strspn(v, "0123456789") != n)
		return -1;
	return strtoll(v, NULL, 10);
}

/*
 * What a client missed since the id it was last sent (Last-Event-ID) or,
 * joining, since its page read the list (?after=): the present state of
 * every question of the session changed since, each once, under the
 * newest change's id; or "reload" when that cannot be told. NULL when
 * this node has fed nothing since: the stream starts with no event, and
 * the join is its headers alone. A client with neither gets the id to
 * come back with.
 */
static const char *
replay(struct http_req *r, int64_t session_id, int moderator)
{
	const char *h = http_header(r, "Last-Event-ID");
	struct store *s = web_store(r);
	struct store_change *c;
	struct store_question q;
	struct buf b;
	int64_t last = 0, first = 0, from, *seen = NULL;
	size_t n, i, k, nseen = 0, cap = 0;
	const char *out;
	int reload = 0;

	if (h == NULL || *h == '\0')
		h = http_query(r, "after");
	from = change_id(h);
	/* Up to date with what this node has fed, which it knows without
	 * asking the database: what comes next comes live. */
	if (from >= 0 && from == web_feed_high(r->app))
		return NULL;
	buf_init(&b, 0);
	buf_puts(&b, "retry: 3000\n\n");
	/* A client with no list to bring up to date needs only the id to
	 * come back with. */
	if (h == NULL || *h == '\0') {
		last = web_feed_high(r->app);
		goto out;
	}
	if (store_changes_last(s, &last) != STORE_OK)
		goto out;
	if (from < 0 || from > last || last - from > REPLAY_SCAN ||
	    store_changes_first(s, &first) != STORE_OK ||
	    (first > from + 1 && from > 0) || (from == 0 && first > 1)) {
		reload = 1;	/* not ours, no longer kept, or too far back */
		goto out;
	}
	while (!reload && store_changes_after(s, r->arena, from, 256, &c,
	    &n) == STORE_OK && n > 0) {
		for (i = 0; i < n && !reload; i++) {
			json_error_t err;
			json_t *j;
			int64_t qid, sid;

			from = c[i].id;
			if (strcmp(c[i].topic, "question") != 0)
				continue;
			j = json_loads(c[i].payload, 0, &err);
			qid = j ? json_integer_value(json_object_get(j, "id")) : 0;
			sid = j ? json_integer_value(json_object_get(j,
			    "session_id")) : 0;
			json_decref(j);
			if (sid != session_id || qid <= 0)
				continue;
			for (k = 0; k < nseen && seen[k] != qid; k++)
				;
			if (k < nseen)
				continue;
			if (nseen == REPLAY_MAX) {
				reload = 1;
				break;
			}
			seen = arena_grow(r->arena, seen, nseen, &cap,
			    sizeof(*seen));
			seen[nseen++] = qid;
		}
		if (n < 256)
			break;
	}
	for (k = 0; k < nseen && !reload; k++) {
		json_t *j;
		char *text;

		if (store_question_get(s, r->arena, seen[k], &q) != STORE_OK)
			continue;
		j = as_seen(&q, moderator);
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (text != NULL)
			buf_printf(&b, "event: question\ndata: %s\n\n", text);
		free(text);
	}
out:
	/* More than a stream holds for one client: the list is quicker. */
	if (!reload && b.len > REPLAY_BYTES) {
		buf_reset(&b);
		buf_puts(&b, "retry: 3000\n\n");
		reload = 1;
	}
	if (reload)
		buf_puts(&b, "event: reload\ndata: {}\n\n");
	/* An id with no data: the id a reconnect will send, nothing shown. */
	if (last > 0)
		buf_printf(&b, "id: %lld\n\n", (long long)last);
	out = arena_strndup(r->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

/* See qa.h. */
const char *
qa_stream_url(struct http_req *r, const char *path)
{
	int64_t low = web_feed_low(r->app);

	return low < 0 ? path : arena_printf(r->arena, "%s?after=%lld", path,
	    (long long)low);
}

/* See qa.h. */
void
qa_stream(struct http_req *r, int64_t session_id, int moderator)
{
	const char *after = http_query(r, "after");
	int rc;

	if (after != NULL && change_id(after) < 0) {
		web_error(r, 400, "after must be a change id: a whole number, "
		    "as the page's data-stream gives it");
		return;
	}
	rc = sse_start(r, qa_topic(session_id, moderator), replay(r,
	    session_id, moderator));
	if (rc == -2) {
		http_set_header(r, "Retry-After", "10");
		web_error(r, 429, "Too many live streams from your network; "
		    "close some tabs or reload later");
		return;
	}
	if (rc == -1) {
		http_set_header(r, "Retry-After", "10");
		web_error(r, 503, "Too many people are following live right now, "
		    "or the server is stopping; reload to see the questions");
		return;
	}
	r->content_type = "text/event-stream";
	http_set_header(r, "Cache-Control", "no-store");
	/* Proxies must pass events on at once rather than collect them. */
	http_set_header(r, "X-Accel-Buffering", "no");
}
