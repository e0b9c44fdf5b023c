/* detect.c: unit tests for the disclosure and abuse detector in src/core/detect.c: normalisation, the reported examples, the English and Spanish corpora's figures, threads and speed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "detect.h"

/* Paths from the repository root, where scripts/run-tests runs us. */
#define CORPUS "tests/corpus/"

/* ---- normalisation ---- */

/* Checks that text normalises to want exactly in lang. */
static void
expect_norm_in(enum detect_lang lang, const char *text, const char *want)
{
	char out[1024];

	detect_normalise(lang, text, out, sizeof(out));
	if (strcmp(out, want) != 0)
		fail_msg("%s: \"%s\" normalised to \"%s\", expected \"%s\"",
		    detect_lang_code(lang), text, out, want);
}

static void
expect_norm(const char *text, const char *want)
{
	expect_norm_in(DETECT_EN, text, want);
}

static void
test_tables(void **state)
{
	char err[256] = "";
	int lang;

	(void)state;
	for (lang = 0; lang < DETECT__LANGS; lang++)
		if (detect_check_tables((enum detect_lang)lang, err,
		    sizeof(err)) != 0)
			fail_msg("the %s tables do not compile: %s",
			    detect_lang_code((enum detect_lang)lang), err);
	assert_string_equal(detect_lang_code(DETECT_ES), "es");
	assert_int_equal(detect_lang_parse("es"), DETECT_ES);
	assert_int_equal(detect_lang_parse("en"), DETECT_EN);
	assert_int_equal(detect_lang_parse("fr"), -1);
}

static void
test_norm_case_and_punctuation(void **state)
{
	(void)state;
	expect_norm("HELP   Me!!", "help me");
	expect_norm("Help me. Please", "help me | please");
	expect_norm("\xe2\x80\x9cquoted\xe2\x80\x9d words", "quoted words");
	expect_norm("a, b; c?", "a | b | c");
	expect_norm("off I-90 near H-2A camps", "off i90 near h2a camps");
	expect_norm("co-worker", "co worker");
	expect_norm("", "");
	expect_norm("?!?", "");
}

static void
test_norm_contractions(void **state)
{
	(void)state;
	expect_norm("He won't let me leave", "he will not let me leave");
	expect_norm("I can't", "i can not");
	expect_norm("i cannot", "i can not");
	expect_norm("don't doesn't didn't", "do not does not did not");
	expect_norm("I'm scared", "i am scared");
	expect_norm("I\xe2\x80\x99m scared", "i am scared");	/* ’ */
	expect_norm("I\xca\xbcm scared", "i am scared");	/* ʼ */
	expect_norm("he's got my ID", "he is got my id");
	expect_norm("they're, we've, you'll, she'd",
	    "they are | we have | you will | she would");
	/* A possessive is its owner: the boss's, my sister's. */
	expect_norm("my sister's passport", "my sister passport");
	expect_norm("the boss's car", "the boss car");
	/* Without the apostrophe, as phones often type them. */
	expect_norm("wont cant dont im", "will not can not do not i am");
	expect_norm("ain't y'all", "is not you all");
}

static void
test_norm_repeats(void **state)
{
	(void)state;
	/* Runs of three or more: read as two and as one letter. */
	expect_norm("sooo scared", "soo/so scared");
	expect_norm("meee", "mee/me");
	expect_norm("pleeease help", "pleease/please help");
	/* Both readings respelled: the one that is a word wins twice. */
	expect_norm("helllp", "help");
	expect_norm("passsport", "passport");
	/* Doubled letters stay. */
	expect_norm("see a boss", "see a boss");
}

static void
test_norm_leet(void **state)
{
	(void)state;
	expect_norm("f*ck", "fuck");
	expect_norm("f***ing", "fucking");
	expect_norm("fvck", "fuck");
	expect_norm("sh1t", "shit");
	expect_norm("b!tch", "bitch");
	expect_norm("a$$hole", "asshole");
	expect_norm("@ss", "ass");
	expect_norm("sh*t talk", "shit talk");
	/* A number that is a number stays one. */
	expect_norm("$20 a week", "20 a week");
	expect_norm("room 212", "room 212");
}

static void
test_norm_texting(void **state)
{
	(void)state;
	expect_norm("u r", "you are");
	expect_norm("pls help", "please help");
	expect_norm("my bf n gf", "my boyfriend and girlfriend");
	expect_norm("passprt pasport", "passport passport");
	expect_norm("gonna wanna", "going to want to");
	expect_norm("ur so mean", "your so mean");
	expect_norm("bf keeps my $$", "boyfriend keeps my money");
}

static void
test_norm_ages(void **state)
{
	(void)state;
	expect_norm("she is fifteen", "she is 15");
	expect_norm("my 14yo", "my 14 years old");
	expect_norm("a guy in his 30s", "a guy in his 30 s");
	expect_norm("15-year-old", "15 year old");
}

static void
test_norm_accents(void **state)
{
	(void)state;
	/* Accented Latin letters are their base letter, in every language. */
	expect_norm_in(DETECT_ES, "El PATR\xc3\x93N tiene mi pasaporte",
	    "el patron tiene mi pasaporte");
	expect_norm_in(DETECT_ES, "ni\xc3\xb1" "a ping\xc3\xbcino",
	    "nina pinguino");
	expect_norm_in(DETECT_ES, "\xc2\xbfQu\xc3\xa9 hago?", "que hago");
	expect_norm_in(DETECT_ES, "\xc2\xa1" "Ay\xc3\xba" "denme! ya",
	    "ayuden me | ya");
	expect_norm("my fianc\xc3\xa9" "e", "my fiancee");
}

static void
test_norm_spanish(void **state)
{
	(void)state;
	/* Texting forms. */
	expect_norm_in(DETECT_ES, "q hago xq tb", "que hago porque tambien");
	expect_norm_in(DETECT_ES, "porfa x favor", "por favor por favor");
	/* The asker, where Spanish leaves the subject out. */
	expect_norm_in(DETECT_ES, "toy encerrada", "yo estoy encerrada");
	expect_norm_in(DETECT_ES, "no puedo salir", "no yo puedo salir");
	/* Attached pronouns, but not a word that only ends like one. */
	expect_norm_in(DETECT_ES, "quitarme", "quitar me");
	expect_norm_in(DETECT_ES, "quit\xc3\xa1rmelo", "quitar me lo");
	expect_norm_in(DETECT_ES, "pagandoles", "pagando les");
	expect_norm_in(DETECT_ES, "la charla", "la charla");
	expect_norm_in(DETECT_ES, "irme", "ir me");
	/* Numbers, for ages. */
	expect_norm_in(DETECT_ES, "tengo quince a\xc3\xb1os",
	    "yo tengo 15 anos");
	/* Filters dodged. */
	expect_norm_in(DETECT_ES, "p*ta pndejo hdp",
	    "puta pendejo hijo de puta");
}

/* ---- verdicts ---- */

static unsigned
flags_in(enum detect_lang lang, const char *text)
{
	struct detect_verdict v;

	assert_int_equal(detect_question(lang, text, &v), 0);
	return v.flags;
}

static unsigned
flags(const char *text)
{
	return flags_in(DETECT_EN, text);
}

static unsigned
flags_es(const char *text)
{
	return flags_in(DETECT_ES, text);
}

/* What the live Q&A does: every language's rules (qa.c). */
static unsigned
flags_any(const char *text)
{
	struct detect_verdict v;

	assert_int_equal(detect_question_any(text, &v), 0);
	assert_int_equal(core_question_flags(text), v.flags);
	return v.flags;
}

static void
test_reported_examples(void **state)
{
	(void)state;
	/* The four that reached the projector in testing. */
	assert_int_equal(flags("I work at a massage place and the owner keeps "
	    "my passport"), QFLAG_DISCLOSURE);
	assert_int_equal(flags("My daughter is 15 and an older guy is posting "
	    "her online for money"), QFLAG_DISCLOSURE);
	assert_int_equal(flags("My boyfriend keeps all my paychecks and won't "
	    "let me see my family"), QFLAG_DISCLOSURE);
	assert_int_equal(flags("This speaker is a fucking idiot"), QFLAG_ABUSE);
	/* The live Q&A's path holds them too. */
	assert_int_equal(flags_any("I work at a massage place and the owner "
	    "keeps my passport"), QFLAG_DISCLOSURE);
	assert_int_equal(flags_any("This speaker is a fucking idiot"),
	    QFLAG_ABUSE);
}

static void
test_reported_examples_es(void **state)
{
	static const struct {
		const char	*text;
		unsigned	 want;
	} ex[] = {
		/* The four, as they would be typed in Spanish. */
		{ "trabajo en un lugar de masajes y el due\xc3\xb1o tiene mi "
		    "pasaporte", QFLAG_DISCLOSURE },
		{ "mi hija tiene 15 y un se\xc3\xb1or mas grande la esta "
		    "subiendo a internet por dinero", QFLAG_DISCLOSURE },
		{ "mi novio se queda con mis cheques y no me deja ver a mi "
		    "familia", QFLAG_DISCLOSURE },
		{ "este orador es un pinche pendejo", QFLAG_ABUSE },
		/* Without accents, as phones type them. */
		{ "el patron me quito el pasaporte", QFLAG_DISCLOSURE },
		{ "el patr\xc3\xb3n me quit\xc3\xb3 el pasaporte",
		    QFLAG_DISCLOSURE },
		{ "q hago? no me dejan salir", QFLAG_DISCLOSURE },
		{ "mi prima trabaja en un bar y el due\xc3\xb1o le quita "
		    "todo el dinero", QFLAG_DISCLOSURE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		if (flags_es(ex[i].text) != ex[i].want)
			fail_msg("es: \"%s\" judged %#x", ex[i].text,
			    flags_es(ex[i].text));
		if (flags_any(ex[i].text) != ex[i].want)
			fail_msg("any: \"%s\" judged %#x", ex[i].text,
			    flags_any(ex[i].text));
	}
}

static void
test_spanglish(void **state)
{
	static const char *const texts[] = {
		"my boss me quito mis papeles",
		"mi boss tiene mi pasaporte y no me lo quiere dar",
		"help me porfavor",
		"no me dejan leave the house",
		"my sister no puede salir de la casa",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (!(flags_any(texts[i]) & QFLAG_DISCLOSURE))
			fail_msg("\"%s\" was shown", texts[i]);
	/* Neither language's rules hold the other's ordinary questions. */
	assert_int_equal(flags_any("how do I help my cousin talk to her "
	    "mom about online safety?"), 0);
	assert_int_equal(flags_any("como le hablo a mis hijos del internet?"),
	    0);
	assert_int_equal(flags_any("Can you call the hotline anonymously?"),
	    0);
}

static void
test_general_questions(void **state)
{
	static const char *const texts[] = {
		"How do traffickers control their victims?",
		"What are signs someone's passport was taken?",
		"How many people are trafficked in Montana?",
		"What should a teacher do if a student has an older boyfriend?",
		/* Mild words in an ordinary question are shown (see README). */
		"What the hell do we do about this?",
		"Damn, that statistic is shocking",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (flags(texts[i]) != 0)
			fail_msg("\"%s\" was held", texts[i]);
}

static void
test_reason(void **state)
{
	const char *text = "I work at a massage place and the owner keeps my "
	    "passport";
	struct detect_verdict v;

	(void)state;
	assert_int_equal(detect_question(DETECT_EN, text, &v), 0);
	assert_string_equal(v.disclosure, "papers or pay held");
	assert_true(v.disclosure_at + v.disclosure_len <= strlen(text));
	assert_int_equal((int)v.disclosure_len, (int)strlen("keeps my passport"));
	assert_memory_equal(text + v.disclosure_at, "keeps my passport",
	    v.disclosure_len);
	assert_null(v.abuse);
	/* Both flags, each with its own rule. */
	assert_int_equal(detect_question(DETECT_EN, "help me, bitch", &v), 0);
	assert_int_equal(v.flags, QFLAG_DISCLOSURE | QFLAG_ABUSE);
	assert_string_equal(v.disclosure, "asking for help");
	assert_string_equal(v.abuse, "sexual slur");
	/* Spanish rules have the English names, and point at the words. */
	text = "el patron tiene mi pasaporte";
	assert_int_equal(detect_question_any(text, &v), 0);
	assert_string_equal(v.disclosure, "papers or pay held");
	assert_memory_equal(text + v.disclosure_at, "tiene mi pasaporte",
	    v.disclosure_len);
	assert_int_equal((int)v.disclosure_len, (int)strlen("tiene mi pasaporte"));
	assert_int_equal(detect_question_any("ayudame, pendeja", &v), 0);
	assert_int_equal(v.flags, QFLAG_DISCLOSURE | QFLAG_ABUSE);
	assert_string_equal(v.disclosure, "asking for help");
	assert_string_equal(v.abuse, "profanity");
}

static void
test_close_person(void **state)
{
	(void)state;
	/* "her" counts once the question has anchored someone close ... */
	assert_int_equal(flags("my sister says they took her passport"),
	    QFLAG_DISCLOSURE);
	assert_int_equal(flags("a girl in my class says her boss took her "
	    "passport"), QFLAG_DISCLOSURE);
	/* ... and not in a question about someone else. */
	assert_int_equal(flags("Why do traffickers take her passport?"), 0);
	/* The same in Spanish: "le" is the sister once she is named. */
	assert_int_equal(flags_es("a mi hermana le quitaron el pasaporte"),
	    QFLAG_DISCLOSURE);
	assert_int_equal(flags_es("por que los tratantes le quitan el "
	    "pasaporte a la victima?"), 0);
	/* Where Spanish puts the object before the verb, only a pronoun
	 * standing for her is the one it is done to (CPRO), not the noun. */
	assert_int_equal(flags_es("mi hija dice que un se\xc3\xb1or le pide "
	    "fotos"), QFLAG_DISCLOSURE);
	assert_int_equal(flags_es("como le digo a mi hija que no mande fotos a "
	    "desconocidos?"), 0);
}

static void
test_bad_language(void **state)
{
	struct detect_verdict v;

	(void)state;
	/* Fails safe: a question the detector cannot judge is held. */
	assert_int_equal(detect_question((enum detect_lang)99, "hello", &v), -1);
	assert_int_equal(v.flags, QFLAG_DISCLOSURE);
	assert_non_null(v.disclosure);
}

/* ---- the corpora ---- */

struct corpus {
	char	**lines;
	size_t	  n;
};

/* Reads path's questions (not comments, not blank); 0 or -1 if absent. */
static int
corpus_read(const char *path, struct corpus *c)
{
	char buf[2048];
	FILE *f = fopen(path, "r");

	c->lines = NULL;
	c->n = 0;
	if (f == NULL)
		return -1;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		size_t len = strcspn(buf, "\r\n");

		buf[len] = '\0';
		if (len == 0 || buf[0] == '#')
			continue;
		c->lines = realloc(c->lines, (c->n + 1) * sizeof(*c->lines));
		assert_non_null(c->lines);
		c->lines[c->n] = strdup(buf);
		assert_non_null(c->lines[c->n]);
		c->n++;
	}
	fclose(f);
	return 0;
}

static void
corpus_free(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->lines[i]);
	free(c->lines);
}

/*
 * Runs the detector over a corpus; returns the share (0..1) of lines whose
 * flags include want (or, want 0, have any flag), printing the figure and
 * the lines that went the other way, for whoever tunes the tables.
 */
static double
corpus_rate_by(unsigned (*judge)(const char *), const char *label,
    const struct corpus *c, unsigned want, int print_held)
{
	size_t i, held = 0;

	for (i = 0; i < c->n; i++) {
		unsigned f = judge(c->lines[i]);
		int yes = want ? (f & want) != 0 : f != 0;

		held += (size_t)yes;
		if (yes == print_held)
			printf("detect:   %s %s: %s\n", label,
			    yes ? "held" : "missed", c->lines[i]);
	}
	printf("detect: %s: %zu of %zu held (%.1f%%)\n", label, held, c->n,
	    c->n ? 100.0 * (double)held / (double)c->n : 0.0);
	return c->n ? (double)held / (double)c->n : 0.0;
}

static double
corpus_rate(const char *label, const struct corpus *c, unsigned want,
    int print_held)
{
	return corpus_rate_by(flags, label, c, want, print_held);
}

static void
test_corpus(void **state)
{
	struct corpus d, a, o;
	double rd, ra, ro;

	(void)state;
	assert_int_equal(corpus_read(CORPUS "disclosures.txt", &d), 0);
	assert_int_equal(corpus_read(CORPUS "abuse.txt", &a), 0);
	assert_int_equal(corpus_read(CORPUS "ordinary.txt", &o), 0);
	assert_true(d.n >= 150);
	assert_true(a.n >= 50);
	assert_true(o.n >= 200);
	rd = corpus_rate("disclosures (recall)", &d, QFLAG_DISCLOSURE, 0);
	ra = corpus_rate("abuse (recall)", &a, QFLAG_ABUSE, 0);
	ro = corpus_rate("ordinary (false holds)", &o, 0, 1);
	/* The aims: miss few disclosures, hold few ordinary questions. */
	assert_true(rd >= 0.95);
	assert_true(ra >= 0.90);
	assert_true(ro <= 0.10);
	/* The live Q&A runs the Spanish rules too: they may find more, but
	 * must not hold one more ordinary English question. */
	assert_true(corpus_rate_by(flags_any, "any: disclosures (recall)", &d,
	    QFLAG_DISCLOSURE, 0) >= rd);
	assert_true(corpus_rate_by(flags_any, "any: abuse (recall)", &a,
	    QFLAG_ABUSE, 0) >= ra);
	assert_true(corpus_rate_by(flags_any, "any: ordinary (false holds)", &o,
	    0, 1) <= ro);
	corpus_free(&d);
	corpus_free(&a);
	corpus_free(&o);
}

/* The same measure for Spanish, its own corpus, by its rules and by all. */
static void
test_corpus_es(void **state)
{
	struct corpus d, a, o;
	double rd, ra, ro;

	(void)state;
	assert_int_equal(corpus_read(CORPUS "es_disclosures.txt", &d), 0);
	assert_int_equal(corpus_read(CORPUS "es_abuse.txt", &a), 0);
	assert_int_equal(corpus_read(CORPUS "es_ordinary.txt", &o), 0);
	assert_true(d.n >= 150);
	assert_true(a.n >= 50);
	assert_true(o.n >= 200);
	rd = corpus_rate_by(flags_es, "es: disclosures (recall)", &d,
	    QFLAG_DISCLOSURE, 0);
	ra = corpus_rate_by(flags_es, "es: abuse (recall)", &a, QFLAG_ABUSE, 0);
	ro = corpus_rate_by(flags_es, "es: ordinary (false holds)", &o, 0, 1);
	assert_true(rd >= 0.95);
	assert_true(ra >= 0.90);
	assert_true(ro <= 0.10);
	/* The English rules must not hold one more ordinary Spanish one. */
	assert_true(corpus_rate_by(flags_any, "any: es disclosures (recall)",
	    &d, QFLAG_DISCLOSURE, 0) >= rd);
	assert_true(corpus_rate_by(flags_any, "any: es abuse (recall)", &a,
	    QFLAG_ABUSE, 0) >= ra);
	assert_true(corpus_rate_by(flags_any, "any: es ordinary (false holds)",
	    &o, 0, 1) <= ro);
	corpus_free(&d);
	corpus_free(&a);
	corpus_free(&o);
}

/*
 * Questions written after the rules were settled, never tuned on: their
 * figures are the honest estimate for questions nobody has seen. Printed,
 * not asserted, so that adding a hard case does not break the build.
 */
static void
test_heldout(void **state)
{
	struct corpus c;

	(void)state;
	if (corpus_read(CORPUS "heldout_disclosures.txt", &c) == 0) {
		corpus_rate("held-out disclosures (recall)", &c,
		    QFLAG_DISCLOSURE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "heldout_abuse.txt", &c) == 0) {
		corpus_rate("held-out abuse (recall)", &c, QFLAG_ABUSE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "heldout_ordinary.txt", &c) == 0) {
		corpus_rate("held-out ordinary (false holds)", &c, 0, 1);
		corpus_free(&c);
	}
	/* English by every language's rules, as the live Q&A judges it. */
	if (corpus_read(CORPUS "heldout_disclosures.txt", &c) == 0) {
		corpus_rate_by(flags_any, "any: held-out disclosures (recall)",
		    &c, QFLAG_DISCLOSURE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "heldout_abuse.txt", &c) == 0) {
		corpus_rate_by(flags_any, "any: held-out abuse (recall)", &c,
		    QFLAG_ABUSE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "heldout_ordinary.txt", &c) == 0) {
		corpus_rate_by(flags_any, "any: held-out ordinary (false holds)",
		    &c, 0, 1);
		corpus_free(&c);
	}
	/* Spanish, as the live Q&A judges it. */
	if (corpus_read(CORPUS "es_heldout_disclosures.txt", &c) == 0) {
		corpus_rate_by(flags_any, "any: es held-out disclosures (recall)",
		    &c, QFLAG_DISCLOSURE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "es_heldout_abuse.txt", &c) == 0) {
		corpus_rate_by(flags_any, "any: es held-out abuse (recall)", &c,
		    QFLAG_ABUSE, 0);
		corpus_free(&c);
	}
	if (corpus_read(CORPUS "es_heldout_ordinary.txt", &c) == 0) {
		corpus_rate_by(flags_any,
		    "any: es held-out ordinary (false holds)", &c, 0, 1);
		corpus_free(&c);
	}
}

/* ---- threads and speed ---- */

struct run {
	const struct corpus	*c;
	unsigned		*got;
};

static void *
run_all(void *arg)
{
	struct run *r = arg;
	size_t i;
	int round;

	for (round = 0; round < 3; round++)
		for (i = 0; i < r->c->n; i++) {
			struct detect_verdict v;

			detect_question_any(r->c->lines[i], &v);
			r->got[i] = v.flags;
		}
	return NULL;
}

static void
test_threads(void **state)
{
	enum { THREADS = 8 };
	struct corpus c;
	pthread_t th[THREADS];
	struct run r[THREADS];
	unsigned *want;
	size_t i, k;

	(void)state;
	assert_int_equal(corpus_read(CORPUS "disclosures.txt", &c), 0);
	{
		struct corpus es;

		/* Both languages' tables, compiled and read at once. */
		assert_int_equal(corpus_read(CORPUS "es_disclosures.txt", &es),
		    0);
		c.lines = realloc(c.lines, (c.n + es.n) * sizeof(*c.lines));
		assert_non_null(c.lines);
		memcpy(c.lines + c.n, es.lines, es.n * sizeof(*es.lines));
		c.n += es.n;
		free(es.lines);
	}
	want = calloc(c.n, sizeof(*want));
	assert_non_null(want);
	for (i = 0; i < c.n; i++)
		want[i] = flags_any(c.lines[i]);
	/* The server judges questions from many request threads at once. */
	for (k = 0; k < THREADS; k++) {
		r[k].c = &c;
		r[k].got = calloc(c.n, sizeof(unsigned));
		assert_non_null(r[k].got);
		assert_int_equal(pthread_create(&th[k], NULL, run_all, &r[k]), 0);
	}
	for (k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(th[k], NULL), 0);
		for (i = 0; i < c.n; i++)
			if (r[k].got[i] != want[i])
				fail_msg("thread %zu judged \"%s\" %#x, not %#x", k,
				    c.lines[i], r[k].got[i], want[i]);
		free(r[k].got);
	}
	free(want);
	corpus_free(&c);
}

static void
test_speed(void **state)
{
	struct corpus c;
	struct timespec t0, t1;
	char longest[1200];
	double us;
	size_t i, n = 0;
	int round;

	(void)state;
	/* The whole detector, every language, as the live Q&A runs it, over
	 * ordinary questions in both languages. */
	assert_int_equal(corpus_read(CORPUS "ordinary.txt", &c), 0);
	{
		struct corpus es;

		assert_int_equal(corpus_read(CORPUS "es_ordinary.txt", &es), 0);
		c.lines = realloc(c.lines, (c.n + es.n) * sizeof(*c.lines));
		assert_non_null(c.lines);
		memcpy(c.lines + c.n, es.lines, es.n * sizeof(*es.lines));
		c.n += es.n;
		free(es.lines);
	}
	(void)flags_any(c.lines[0]);	/* the tables are compiled first */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (round = 0; round < 5; round++)
		for (i = 0; i < c.n; i++, n++)
			(void)core_question_flags(c.lines[i]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / (double)n;
	printf("detect: %.1f us a question, every language (this build has "
	    "sanitizers)\n", us);
	/* A generous bound, for a sanitized build on a busy machine. */
	assert_true(us < 2000.0);
	/* The longest question allowed, of short words, is judged too. */
	for (i = 0; i < 540; i += 2)
		memcpy(longest + i, "a ", 2);
	strcpy(longest + i, "help me");
	assert_int_equal(flags_any(longest), QFLAG_DISCLOSURE);
	corpus_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_norm_case_and_punctuation),
		cmocka_unit_test(test_norm_contractions),
		cmocka_unit_test(test_norm_repeats),
		cmocka_unit_test(test_norm_leet),
		cmocka_unit_test(test_norm_texting),
		cmocka_unit_test(test_norm_ages),
		cmocka_unit_test(test_norm_accents),
		cmocka_unit_test(test_norm_spanish),
		cmocka_unit_test(test_reported_examples),
		cmocka_unit_test(test_reported_examples_es),
		cmocka_unit_test(test_spanglish),
		cmocka_unit_test(test_general_questions),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_close_person),
		cmocka_unit_test(test_bad_language),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_es),
		cmocka_unit_test(test_heldout),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
