/* qa.c: the rules of the live Q&A: flags for disclosures and abuse, states, limits. */
#include <ctype.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "detect.h"

const char *const core_question_keys[QUESTION__MAX] = {
	"pending", "approved", "answered", "hidden",
};

const char *const core_moderation_keys[MODERATE__MAX] = {
	"approve", "hide", "answer", "pin", "unpin", "edit",
};

/*
 * The flags come from the detector (detect.c), by every language's rules:
 * the question's own words decide, not the page's language, since people
 * ask in Spanish on an English page, and mix the two. A question the
 * detector cannot judge is held: holding an ordinary question costs a
 * moderator a click, showing a disclosure to the room cannot be undone.
 */
/* See core.h. */
unsigned
core_question_flags(const char *text)
{
	struct detect_verdict v;

	detect_question_any(text, &v);
	return v.flags;
}

/* See core.h. */
enum question_status
core_question_initial(int post_moderation, unsigned flags)
{
	/* Anything flagged waits for a person, whatever the session's mode. */
	if (!post_moderation || flags != 0)
		return QUESTION_PENDING;
	return QUESTION_APPROVED;
}

/* See core.h. */
int
core_question_visible(enum question_status s)
{
	return s == QUESTION_APPROVED || s == QUESTION_ANSWERED;
}

/* See core.h. */
int
core_moderate(enum question_status from, enum moderation act,
    enum question_status *to)
{
	*to = from;
	switch (act) {
	case MODERATE_APPROVE:
		if (from == QUESTION_APPROVED)
			return -1;
		*to = QUESTION_APPROVED;
		return 0;
	case MODERATE_HIDE:
		if (from == QUESTION_HIDDEN)
			return -1;
		*to = QUESTION_HIDDEN;
		return 0;
	case MODERATE_ANSWER:
		if (from != QUESTION_APPROVED)
			return -1;
		*to = QUESTION_ANSWERED;
		return 0;
	case MODERATE_PIN:
	case MODERATE_UNPIN:
		/* Only a question on the screen can be the one being answered. */
		return from == QUESTION_APPROVED ? 0 : -1;
	case MODERATE_EDIT:
		return 0;
	default:
		return -1;
	}
}

/* See core.h. */
int
core_question_text_ok(const char *text, size_t chars)
{
	const char *p;

	if (chars == 0 || chars > QUESTION_MAX_CHARS)
		return 0;
	for (p = text; *p; p++)
		if (!isspace((unsigned char)*p))
			return 1;
	return 0;
}

/* See core.h. */
int
core_join_code_normalise(const char *in, char *out)
{
	size_t n = 0;
	char c;

	if (in == NULL)
		return -1;
	for (; *in; in++) {
		c = *in;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		/* Look-alikes, the way codes of the old alphabet hold them. */
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ||
		    n == JOIN_CODE_LEN)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == JOIN_CODE_LEN ? 0 : -1;
}

/* See core.h. */
int64_t
core_qa_opens_at(int64_t starts_at, int64_t set)
{
	return set > 0 ? set : starts_at - QA_OPENS_BEFORE;
}

/* See core.h. */
enum qa_window
core_qa_window(int64_t starts_at, int64_t ends_at, int64_t set, int64_t now)
{
	if (now > ends_at + QA_OPEN_AFTER)
		return QA_WINDOW_OVER;
	if (now < core_qa_opens_at(starts_at, set))
		return QA_WINDOW_NOT_YET;
	return QA_WINDOW_OPEN;
}
