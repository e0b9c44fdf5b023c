/* qa.c: unit tests for the live Q&A rules in src/core/qa.c: disclosure and abuse flags, the status a question starts in, moderators' transitions and the length of a question. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util.h"
#include "core.h"

/* Checks the flags of every text in a list; names the first that differs. */
static void
expect_flags(const char *const *texts, size_t n, unsigned want)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned got = core_question_flags(texts[i]);

		if (got != want)
			fail_msg("flags of \"%s\": got %#x, expected %#x",
			    texts[i], got, want);
	}
}

/* ---- disclosures ---- */

static void
test_disclosure_phrases(void **state)
{
	static const char *const texts[] = {
		"he takes my money",
		"He takes my money and I can't leave",
		"HE TAKES MY MONEY",
		"My boyfriend takes my money, every night.",
		"I can\xe2\x80\x99t leave",			/* ’ */
		"i can\xe2\x80\x98t leave!",			/* ‘ */
		"I CAN\xe2\x80\x99T LEAVE.",
		"I cannot leave the house",
		"He won\xe2\x80\x99t let me leave",
		"Help me",
		"help me.",
		"Please, help me!",
		"HELP   ME",					/* spaces squeezed */
		"help\nme",					/* a newline is a space */
		"can someone help me?",
		"\"help me\"",
		"He took my passport",
		"I\xe2\x80\x99m scared of him",
		"I'm trapped; what do I do?",
		"he hits me when I say no",
		"my pimp keeps everything",
		"It's happening to me right now",
	};

	(void)state;
	expect_flags(texts, ARRAY_LEN(texts), QFLAG_DISCLOSURE);
}

static void
test_ordinary_questions(void **state)
{
	static const char *const texts[] = {
		"What makes men buy sex?",
		"How can schools help?",
		"How do traffickers recruit online?",
		"Where can a nurse report a concern?",
		"Is the hotline open at night?",
		"What should teachers look for?",
		"How can we help men leave the sex trade?",
		"",
	};

	(void)state;
	expect_flags(texts, ARRAY_LEN(texts), 0);
}

static void
test_word_boundaries(void **state)
{
	static const char *const texts[] = {
		"shelpme",
		"shelp me",		/* "help me" inside a longer word */
		"Will this help mend families?",
		"whelp meets dog",
		"I mistakes my money for his",	/* "takes" inside "mistakes" */
		"Which books are good for kids?",	/* "kys" nowhere */
		"a sky's limit",
		"Skys and seas",
		"The bitchute videos",		/* abuse word inside a word */
		"Scunthorpe United",
	};

	(void)state;
	expect_flags(texts, ARRAY_LEN(texts), 0);
}

/* ---- abuse ---- */

static void
test_abuse_words(void **state)
{
	static const char *const texts[] = {
		"you are a whore",
		"SLUT",
		"Bitch.",
		"kys",
		"Kill yourself, speaker",
		"fuck you",
		"Go die!",
		"what a retard",
	};

	(void)state;
	expect_flags(texts, ARRAY_LEN(texts), QFLAG_ABUSE);
}

static void
test_both_flags(void **state)
{
	(void)state;
	assert_int_equal(core_question_flags("help me, bitch"),
	    QFLAG_DISCLOSURE | QFLAG_ABUSE);
	assert_int_equal(core_question_flags("He calls me a whore and "
	    "takes my money"), QFLAG_DISCLOSURE | QFLAG_ABUSE);
}

static void
test_long_text(void **state)
{
	char text[1200];

	(void)state;
	/* A phrase at the very end of a long question still counts. */
	memset(text, 'a', 270);
	text[270] = '\0';
	strcat(text, " help me");
	assert_int_equal(core_question_flags(text), QFLAG_DISCLOSURE);
	/* 280 curly apostrophes (3 bytes each) and then a phrase. */
	text[0] = '\0';
	while (strlen(text) + 3 < 800)
		strcat(text, "\xe2\x80\x99");
	strcat(text, " save me");
	assert_int_equal(core_question_flags(text), QFLAG_DISCLOSURE);
}

/* ---- the status a question starts in ---- */

static void
test_initial_status(void **state)
{
	(void)state;
	/* Pre-moderation: everything waits. */
	assert_int_equal(core_question_initial(0, 0), QUESTION_PENDING);
	assert_int_equal(core_question_initial(0, QFLAG_DISCLOSURE),
	    QUESTION_PENDING);
	assert_int_equal(core_question_initial(0, QFLAG_ABUSE),
	    QUESTION_PENDING);
	/* Post-moderation: shown at once unless flagged. */
	assert_int_equal(core_question_initial(1, 0), QUESTION_APPROVED);
	assert_int_equal(core_question_initial(1, QFLAG_DISCLOSURE),
	    QUESTION_PENDING);
	assert_int_equal(core_question_initial(1, QFLAG_ABUSE),
	    QUESTION_PENDING);
	assert_int_equal(core_question_initial(1,
	    QFLAG_DISCLOSURE | QFLAG_ABUSE), QUESTION_PENDING);
	/* From the text, end to end. */
	assert_int_equal(core_question_initial(1,
	    core_question_flags("He takes my money and I can\xe2\x80\x99t "
	    "leave")), QUESTION_PENDING);
	assert_int_equal(core_question_initial(1,
	    core_question_flags("How can schools help?")), QUESTION_APPROVED);
}

static void
test_visible(void **state)
{
	(void)state;
	assert_false(core_question_visible(QUESTION_PENDING));
	assert_true(core_question_visible(QUESTION_APPROVED));
	assert_true(core_question_visible(QUESTION_ANSWERED));
	assert_false(core_question_visible(QUESTION_HIDDEN));
}

/* ---- moderators' transitions ---- */

/* -1: refused; otherwise the status after the action. */
static const int transitions[QUESTION__MAX][MODERATE__MAX] = {
	/*		approve		  hide		   answer */
	/*		pin		  unpin		   edit */
	[QUESTION_PENDING] = {
		QUESTION_APPROVED, QUESTION_HIDDEN, -1,
		-1, -1, QUESTION_PENDING,
	},
	[QUESTION_APPROVED] = {
		-1, QUESTION_HIDDEN, QUESTION_ANSWERED,
		QUESTION_APPROVED, QUESTION_APPROVED, QUESTION_APPROVED,
	},
	[QUESTION_ANSWERED] = {
		QUESTION_APPROVED, QUESTION_HIDDEN, -1,
		-1, -1, QUESTION_ANSWERED,
	},
	[QUESTION_HIDDEN] = {
		QUESTION_APPROVED, -1, -1,
		-1, -1, QUESTION_HIDDEN,
	},
};

static void
test_moderate_all(void **state)
{
	int from, act, checked = 0;

	(void)state;
	for (from = 0; from < QUESTION__MAX; from++)
		for (act = 0; act < MODERATE__MAX; act++) {
			enum question_status to = QUESTION__MAX;
			int rc = core_moderate((enum question_status)from,
			    (enum moderation)act, &to);
			int want = transitions[from][act];

			if (want == -1 && rc != -1)
				fail_msg("%s on a %s question: allowed (to %s), "
				    "expected refused", core_moderation_keys[act],
				    core_question_keys[from],
				    (int)to < QUESTION__MAX ?
				    core_question_keys[to] : "?");
			if (want != -1 && rc != 0)
				fail_msg("%s on a %s question: refused, expected "
				    "%s", core_moderation_keys[act],
				    core_question_keys[from],
				    core_question_keys[want]);
			if (want != -1 && (int)to != want)
				fail_msg("%s on a %s question: to %d, expected "
				    "%s", core_moderation_keys[act],
				    core_question_keys[from], (int)to,
				    core_question_keys[want]);
			/* Refused: the status is left as it was. */
			if (want == -1 && (int)to != from)
				fail_msg("refused %s on a %s question changed "
				    "the status to %d", core_moderation_keys[act],
				    core_question_keys[from], (int)to);
			checked++;
		}
	assert_int_equal(checked, QUESTION__MAX * MODERATE__MAX);
}

static void
test_moderate_unknown(void **state)
{
	enum question_status to = QUESTION__MAX;

	(void)state;
	assert_int_equal(core_moderate(QUESTION_PENDING, MODERATE__MAX, &to),
	    -1);
	assert_int_equal(to, QUESTION_PENDING);
	assert_int_equal(core_moderate(QUESTION_APPROVED, (enum moderation)-1,
	    &to), -1);
	assert_int_equal(to, QUESTION_APPROVED);
}

static void
test_keys(void **state)
{
	(void)state;
	assert_string_equal(core_question_keys[QUESTION_PENDING], "pending");
	assert_string_equal(core_question_keys[QUESTION_APPROVED], "approved");
	assert_string_equal(core_question_keys[QUESTION_ANSWERED], "answered");
	assert_string_equal(core_question_keys[QUESTION_HIDDEN], "hidden");
	assert_string_equal(core_moderation_keys[MODERATE_APPROVE], "approve");
	assert_string_equal(core_moderation_keys[MODERATE_HIDE], "hide");
	assert_string_equal(core_moderation_keys[MODERATE_ANSWER], "answer");
	assert_string_equal(core_moderation_keys[MODERATE_PIN], "pin");
	assert_string_equal(core_moderation_keys[MODERATE_UNPIN], "unpin");
	assert_string_equal(core_moderation_keys[MODERATE_EDIT], "edit");
}

/* ---- length ---- */

/* n copies of the UTF-8 sequence c into out. */
static char *
repeat(char *out, size_t outsz, const char *c, size_t n)
{
	size_t i, len = strlen(c);

	assert_true(n * len < outsz);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, c, len);
	out[n * len] = '\0';
	return out;
}

static int
ok(const char *text)
{
	return core_question_text_ok(text, utf8_chars(text));
}

static void
test_text_length(void **state)
{
	char t[2048];

	(void)state;
	assert_int_equal(QUESTION_MAX_CHARS, 280);
	/* ASCII: 280 is fine, 281 is not. */
	assert_true(ok(repeat(t, sizeof(t), "a", 1)));
	assert_true(ok(repeat(t, sizeof(t), "a", 280)));
	assert_false(ok(repeat(t, sizeof(t), "a", 281)));
	/* Counted in characters, not bytes: é is 2 bytes, € 3, 🙂 4. */
	assert_int_equal(utf8_chars(repeat(t, sizeof(t), "\xc3\xa9", 280)),
	    280);
	assert_true(ok(repeat(t, sizeof(t), "\xc3\xa9", 280)));
	assert_false(ok(repeat(t, sizeof(t), "\xc3\xa9", 281)));
	assert_true(ok(repeat(t, sizeof(t), "\xe2\x82\xac", 280)));
	assert_false(ok(repeat(t, sizeof(t), "\xe2\x82\xac", 281)));
	assert_true(ok(repeat(t, sizeof(t), "\xf0\x9f\x99\x82", 280)));
	assert_false(ok(repeat(t, sizeof(t), "\xf0\x9f\x99\x82", 281)));
	/* 560 bytes that are 280 characters pass: a byte count would not. */
	assert_int_equal(strlen(repeat(t, sizeof(t), "\xc3\xa9", 280)), 560);
}

static void
test_text_empty(void **state)
{
	(void)state;
	assert_false(ok(""));
	assert_false(ok(" "));
	assert_false(ok("   \t\n "));
	assert_true(ok("?"));
	assert_true(ok("  why?  "));
	/* The caller's count decides the length. */
	assert_false(core_question_text_ok("abc", 0));
	assert_false(core_question_text_ok("abc", 281));
	assert_true(core_question_text_ok("abc", 280));
}

/* New join codes have none of 0 O 1 I L U; typed look-alikes map to the
 * digits that codes of the old alphabet hold. */
static void
test_join_codes(void **state)
{
	char code[JOIN_CODE_LEN + 1], out[JOIN_CODE_LEN + 1];
	int i, j;

	(void)state;
	for (i = 0; i < 2000; i++) {
		token_join_code(code);
		assert_int_equal(strlen(code), JOIN_CODE_LEN);
		for (j = 0; j < JOIN_CODE_LEN; j++) {
			assert_null(strchr("0O1ILU", code[j]));
			assert_true((code[j] >= 'A' && code[j] <= 'Z') ||
			    (code[j] >= '2' && code[j] <= '9'));
		}
		assert_int_equal(core_join_code_normalise(code, out), 0);
		assert_string_equal(out, code);
	}
	assert_int_equal(core_join_code_normalise("IO4J2V", out), 0);
	assert_string_equal(out, "104J2V");
	assert_int_equal(core_join_code_normalise("lo4j2v", out), 0);
	assert_string_equal(out, "104J2V");
	assert_int_equal(core_join_code_normalise("104j2v", out), 0);
	assert_string_equal(out, "104J2V");
	assert_int_equal(core_join_code_normalise(" ms4-k27 ", out), 0);
	assert_string_equal(out, "MS4K27");
	assert_int_equal(core_join_code_normalise("MS4K2", out), -1);
	assert_int_equal(core_join_code_normalise("MS4K277", out), -1);
	assert_int_equal(core_join_code_normalise("MS4K2!", out), -1);
	assert_int_equal(core_join_code_normalise("MS4K2\xc3\xa9", out), -1);
	assert_int_equal(core_join_code_normalise(NULL, out), -1);
}

/* The window: from an hour before (or the time set) to an hour after. */
static void
test_qa_window(void **state)
{
	(void)state;
	assert_int_equal(core_qa_opens_at(10000, 0), 10000 - 3600);
	assert_int_equal(core_qa_opens_at(10000, 500), 500);
	assert_int_equal(core_qa_window(10000, 15000, 0, 6399),
	    QA_WINDOW_NOT_YET);
	assert_int_equal(core_qa_window(10000, 15000, 0, 6400), QA_WINDOW_OPEN);
	assert_int_equal(core_qa_window(10000, 15000, 0, 18600), QA_WINDOW_OPEN);
	assert_int_equal(core_qa_window(10000, 15000, 0, 18601),
	    QA_WINDOW_OVER);
	assert_int_equal(core_qa_window(10000, 15000, 2000, 2000),
	    QA_WINDOW_OPEN);
	assert_int_equal(core_qa_window(10000, 15000, 9000, 8000),
	    QA_WINDOW_NOT_YET);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disclosure_phrases),
		cmocka_unit_test(test_ordinary_questions),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_abuse_words),
		cmocka_unit_test(test_both_flags),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_initial_status),
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_moderate_all),
		cmocka_unit_test(test_moderate_unknown),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_text_length),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_join_codes),
		cmocka_unit_test(test_qa_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
