/* detect.c: unit tests for the disclosure and abuse detector in src/core/detect.c: normalisation, the reported examples, the corpora's figures, threads and speed. */
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

/* Checks that text normalises to want exactly. */
static void
expect_norm(const char *text, const char *want)
{
	char out[1024];

	detect_normalise(DETECT_EN, text, out, sizeof(out));
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" normalised to \"%s\", expected \"%s\"", text,
		    out, want);
}

static void
test_tables(void **state)
{
	char err[256] = "";

	(void)state;
	if (detect_check_tables(DETECT_EN, err, sizeof(err)) != 0)
		fail_msg("the English tables do not compile: %s", err);
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

/* ---- verdicts ---- */

static unsigned
flags(const char *text)
{
	struct detect_verdict v;

	assert_int_equal(detect_question(DETECT_EN, text, &v), 0);
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
corpus_rate(const char *label, const struct corpus *c, unsigned want,
    int print_held)
{
	size_t i, held = 0;

	for (i = 0; i < c->n; i++) {
		unsigned f = flags(c->lines[i]);
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
	corpus_free(&d);
	corpus_free(&a);
	corpus_free(&o);
	/* The aims: miss few disclosures, hold few ordinary questions. */
	assert_true(rd >= 0.95);
	assert_true(ra >= 0.90);
	assert_true(ro <= 0.10);
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

			detect_question(DETECT_EN, r->c->lines[i], &v);
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
	want = calloc(c.n, sizeof(*want));
	assert_non_null(want);
	for (i = 0; i < c.n; i++)
		want[i] = flags(c.lines[i]);
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
	assert_int_equal(corpus_read(CORPUS "ordinary.txt", &c), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (round = 0; round < 5; round++)
		for (i = 0; i < c.n; i++, n++)
			(void)flags(c.lines[i]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / (double)n;
	printf("detect: %.1f us a question (this build has sanitizers)\n", us);
	/* A generous bound, for a sanitized build on a busy machine. */
	assert_true(us < 2000.0);
	/* The longest question allowed, of short words, is judged too. */
	for (i = 0; i < 540; i += 2)
		memcpy(longest + i, "a ", 2);
	strcpy(longest + i, "help me");
	assert_int_equal(flags(longest), QFLAG_DISCLOSURE);
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
		cmocka_unit_test(test_reported_examples),
		cmocka_unit_test(test_general_questions),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_close_person),
		cmocka_unit_test(test_bad_language),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_heldout),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
