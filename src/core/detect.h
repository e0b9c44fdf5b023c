/* detect.h: tells whether a Q&A question reads like a personal disclosure or abuse, from patterns over normalised, stemmed words. */
#ifndef CONVENE_DETECT_H
#define CONVENE_DETECT_H

#include <stddef.h>

/* The languages the detector has tables for (detect_<code>.c). */
enum detect_lang {
	DETECT_EN,
	DETECT_ES,
	DETECT__LANGS
};

/*
 * What the detector found. flags is QFLAG_DISCLOSURE | QFLAG_ABUSE (core.h);
 * for each flag, the name of the first rule that matched and the bytes of
 * the text it matched, so that a moderator can see why a question waits.
 */
struct detect_verdict {
	unsigned	 flags;
	const char	*disclosure;	/* rule name, or NULL */
	size_t		 disclosure_at, disclosure_len;
	const char	*abuse;		/* rule name, or NULL */
	size_t		 abuse_at, abuse_len;
};

/*
 * Judges text (UTF-8, any length; words after the first DETECT_MAX_WORDS
 * are not read). Thread-safe and without I/O. Returns 0, or -1 when the
 * detector cannot run (out of memory, a broken table): then the verdict
 * holds the question as a disclosure, since holding is the safe mistake.
 */
int detect_question(enum detect_lang lang, const char *text,
    struct detect_verdict *v);

/*
 * Judges text whatever language it is in, the way the live Q&A does: every
 * language's rules that may apply to it run, and the verdict holds what any
 * of them found (each rule name the first language's to find its flag).
 * Returns as detect_question.
 */
int detect_question_any(const char *text, struct detect_verdict *v);

/* A language's code ("en", "es"), and the language of a code (or -1). */
const char *detect_lang_code(enum detect_lang lang);
int detect_lang_parse(const char *code);

/*
 * The words the patterns see, before stemming, space-separated into out
 * (sentence ends as "|", alternative readings as "a/b"): for tests and for
 * explaining a verdict. Returns the length written (truncated to outsz-1).
 */
size_t detect_normalise(enum detect_lang lang, const char *text, char *out,
    size_t outsz);

/*
 * Compiles lang's tables (also done on first use); 0, or -1 with the first
 * problem (an unknown class, an over-long word, a full table) in err.
 */
int detect_check_tables(enum detect_lang lang, char *err, size_t errsz);

#define DETECT_MAX_WORDS 400

#endif
