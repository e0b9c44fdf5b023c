/* qa.c: the rules of the live Q&A: flags for disclosures and abuse, states, limits. */
#include <ctype.h>
#include <string.h>

#include "core.h"

const char *const core_question_keys[QUESTION__MAX] = {
	"pending", "approved", "answered", "hidden",
};

const char *const core_moderation_keys[MODERATE__MAX] = {
	"approve", "hide", "answer", "pin", "unpin", "edit",
};

/*
 * Phrases of someone describing their own situation or asking for help.
 * Matched on lower-cased text with apostrophes and spacing normalised.
 * A false alarm costs a moderator a glance; a miss can cost far more.
 */
static const char *const disclosures[] = {
	"help me", "please help", "i need help", "save me",
	"takes my money", "took my money", "keeps my money", "take my money",
	"takes all my money", "took all my money",
	"can't leave", "cannot leave", "cant leave", "can not leave",
	"not allowed to leave",
	"won't let me leave", "wont let me leave", "won't let me go",
	"wont let me go", "not let me leave", "can't get out", "cant get out",
	"took my passport", "takes my passport", "has my passport",
	"took my id", "has my id", "took my phone",
	"makes me", "made me", "forces me", "forced me", "force me",
	"hurts me", "hit me", "hits me", "beats me", "threatens me",
	"threatened me", "threatens my", "i owe him", "i owe them", "my debt",
	"i'm scared", "im scared", "i am scared", "i'm afraid", "i am afraid",
	"i'm trapped", "im trapped", "i am trapped", "sold me", "selling me",
	"my pimp", "my boyfriend makes", "he sells", "i'm being", "i am being",
	"happening to me", "it's happening to me",
};

/* A short list of slurs and abuse; moderators see the flag and decide. */
static const char *const abuse[] = {
	"whore", "slut", "bitch", "cunt", "faggot", "retard", "nigger",
	"tranny", "kill yourself", "kys", "fuck you", "go die",
};

/* Lower-cases ASCII, turns curly apostrophes into ', squeezes spaces. */
static void
normalise(const char *in, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;
	int space = 1;

	while (*p && n + 1 < outsz) {
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
			out[n++] = '\'';
			p += 3;
			space = 0;
			continue;
		}
		if (p[0] == 0xca && p[1] == 0xbc) {	/* U+02BC, another apostrophe */
			out[n++] = '\'';
			p += 2;
			space = 0;
			continue;
		}
		if (p[0] == 0xc2 && p[1] == 0xa0) {	/* no-break space */
			if (!space)
				out[n++] = ' ';
			space = 1;
			p += 2;
			continue;
		}
		if (isspace(*p) || *p == ',' || *p == '.' || *p == '!' ||
		    *p == '?' || *p == ';' || *p == ':' || *p == '"') {
			if (!space)
				out[n++] = ' ';
			space = 1;
			p++;
			continue;
		}
		out[n++] = (char)tolower(*p);
		space = 0;
		p++;
	}
	out[n] = '\0';
}

/* 1 when phrase occurs in text at word boundaries. */
static int
has_phrase(const char *text, const char *phrase)
{
	size_t len = strlen(phrase);
	const char *p = text;

	while ((p = strstr(p, phrase)) != NULL) {
		int before = p == text || !isalnum((unsigned char)p[-1]);
		int after = !isalnum((unsigned char)p[len]);

		if (before && after)
			return 1;
		p++;
	}
	return 0;
}

/* See core.h. */
unsigned
core_question_flags(const char *text)
{
	char norm[1200];
	unsigned flags = 0;
	size_t i;

	normalise(text, norm, sizeof(norm));
	for (i = 0; i < sizeof(disclosures) / sizeof(disclosures[0]); i++)
		if (has_phrase(norm, disclosures[i])) {
			flags |= QFLAG_DISCLOSURE;
			break;
		}
	for (i = 0; i < sizeof(abuse) / sizeof(abuse[0]); i++)
		if (has_phrase(norm, abuse[i])) {
			flags |= QFLAG_ABUSE;
			break;
		}
	return flags;
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
