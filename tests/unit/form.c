/* form.c: unit tests for urlencoded form parsing (src/http/form.c) and the text checks in src/util/text.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util.h"
#include "form.h"

static int
setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Parses a NUL-terminated body. */
static int
parse(struct arena *a, const char *s, struct http_form *f)
{
	return http_form_parse(a, s, strlen(s), f);
}

static void
test_simple_pairs(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state, "name=Ann&email=ann%40example.org", &f),
	    0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.key[0], "name");
	assert_string_equal(f.val[0], "Ann");
	assert_string_equal(f.key[1], "email");
	assert_string_equal(f.val[1], "ann@example.org");
	assert_string_equal(http_form_get(&f, "name"), "Ann");
	assert_string_equal(http_form_get(&f, "email"), "ann@example.org");
	assert_null(http_form_get(&f, "missing"));
	assert_null(http_form_get(&f, "Name"));
}

static void
test_empty_body(void **state)
{
	struct http_form f;

	f.n = 99;
	assert_int_equal(parse(*state, "", &f), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(parse(*state, "&&&", &f), 0);
	assert_int_equal(f.n, 0);
}

static void
test_plus_is_space(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state, "full+name=Ann+Lee+&x=%2B", &f), 0);
	assert_string_equal(http_form_get(&f, "full name"), "Ann Lee ");
	/* An encoded plus stays a plus. */
	assert_string_equal(http_form_get(&f, "x"), "+");
}

static void
test_percent_decoding(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state,
	    "a=%41%62c&b=caf%C3%A9&c=%e2%80%93&d=100%25&%6B=v", &f), 0);
	assert_string_equal(http_form_get(&f, "a"), "Abc");
	assert_string_equal(http_form_get(&f, "b"), "caf\xc3\xa9");
	assert_string_equal(http_form_get(&f, "c"), "\xe2\x80\x93");
	assert_string_equal(http_form_get(&f, "d"), "100%");
	assert_string_equal(http_form_get(&f, "k"), "v");
	/* Encoded separators are data, not separators. */
	assert_int_equal(parse(*state, "q=a%26b%3Dc", &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(http_form_get(&f, "q"), "a&b=c");
}

static void
test_malformed_percent(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state,
	    "a=%zz&b=x%4&c=%&d=%4g&e=%%41&f=%", &f), 0);
	assert_int_equal(f.n, 6);
	assert_string_equal(http_form_get(&f, "a"), "%zz");
	assert_string_equal(http_form_get(&f, "b"), "x%4");
	assert_string_equal(http_form_get(&f, "c"), "%");
	assert_string_equal(http_form_get(&f, "d"), "%4g");
	assert_string_equal(http_form_get(&f, "e"), "%A");
	assert_string_equal(http_form_get(&f, "f"), "%");
}

static void
test_trailing_percent_at_body_end(void **state)
{
	struct http_form f;

	/* The last value ends in "%4": not decoded, nothing read past it. */
	assert_int_equal(parse(*state, "v=%4", &f), 0);
	assert_string_equal(http_form_get(&f, "v"), "%4");
	/* A body not NUL-terminated: only len bytes count. */
	assert_int_equal(http_form_parse(*state, "v=%41%42", 7, &f), 0);
	assert_string_equal(http_form_get(&f, "v"), "A%4");
}

static void
test_empty_values_and_bare_keys(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state, "a=&b&c=3&=orphan", &f), 0);
	assert_int_equal(f.n, 4);
	assert_string_equal(http_form_get(&f, "a"), "");
	assert_string_equal(http_form_get(&f, "b"), "");
	assert_string_equal(http_form_get(&f, "c"), "3");
	assert_string_equal(f.key[3], "");
	assert_string_equal(f.val[3], "orphan");
	/* Only the first '=' splits. */
	assert_int_equal(parse(*state, "x=1=2", &f), 0);
	assert_string_equal(http_form_get(&f, "x"), "1=2");
}

static void
test_repeated_keys(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state, "s=first&t=1&s=second", &f), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(http_form_get(&f, "s"), "first");
	assert_string_equal(f.val[2], "second");
}

static void
test_nul_rejected(void **state)
{
	struct http_form f;

	assert_int_equal(parse(*state, "a=x%00y", &f), -1);
	assert_int_equal(parse(*state, "a%00b=x", &f), -1);
	assert_int_equal(parse(*state, "ok=1&a=%00", &f), -1);
}

static void
test_too_many_pairs(void **state)
{
	struct http_form f;
	char body[FORM_MAX_PAIRS * 8 + 16];
	size_t i, len = 0;

	for (i = 0; i < FORM_MAX_PAIRS; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    "%sk%zu=v", i ? "&" : "", i);
	assert_int_equal(parse(*state, body, &f), 0);
	assert_int_equal(f.n, FORM_MAX_PAIRS);
	assert_string_equal(http_form_get(&f, "k63"), "v");

	/* Empty segments do not count... */
	snprintf(body + len, sizeof(body) - len, "&&");
	assert_int_equal(parse(*state, body, &f), 0);
	assert_int_equal(f.n, FORM_MAX_PAIRS);

	/* ...but one more pair does. */
	snprintf(body + len, sizeof(body) - len, "&k64=v");
	assert_int_equal(parse(*state, body, &f), -1);
}

/* ---- utf8_valid ---- */

#define U8(s) utf8_valid((s), sizeof(s) - 1)

static void
test_utf8_valid_good(void **state)
{
	(void)state;
	assert_true(U8(""));
	assert_true(U8("plain ASCII"));
	assert_true(U8("caf\xc3\xa9"));			/* U+00E9 */
	assert_true(U8("\xc2\x80"));			/* U+0080, smallest 2-byte */
	assert_true(U8("\xe0\xa0\x80"));		/* U+0800, smallest 3-byte */
	assert_true(U8("\xed\x9f\xbf"));		/* U+D7FF */
	assert_true(U8("\xee\x80\x80"));		/* U+E000 */
	assert_true(U8("\xef\xbf\xbd"));		/* U+FFFD */
	assert_true(U8("\xf0\x90\x80\x80"));		/* U+10000 */
	assert_true(U8("\xf0\x9f\x98\x80"));		/* U+1F600 emoji */
	assert_true(U8("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
}

static void
test_utf8_overlong(void **state)
{
	(void)state;
	assert_false(U8("\xc0\xaf"));			/* '/' in 2 bytes */
	assert_false(U8("\xc1\xbf"));
	assert_false(U8("\xe0\x80\xaf"));		/* '/' in 3 bytes */
	assert_false(U8("\xe0\x9f\xbf"));		/* U+07FF in 3 bytes */
	assert_false(U8("\xf0\x80\x80\xaf"));		/* '/' in 4 bytes */
	assert_false(U8("\xf0\x8f\xbf\xbf"));		/* U+FFFF in 4 bytes */
}

static void
test_utf8_surrogates(void **state)
{
	(void)state;
	assert_false(U8("\xed\xa0\x80"));		/* U+D800 */
	assert_false(U8("\xed\xbf\xbf"));		/* U+DFFF */
	assert_false(U8("\xed\xa0\xbd\xed\xb8\x80"));	/* CESU-8 pair */
}

static void
test_utf8_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(U8("\xc3"));
	assert_false(U8("caf\xc3"));
	assert_false(U8("\xe2\x80"));
	assert_false(U8("\xf0\x9f\x98"));
	assert_false(U8("\xc3x"));			/* lead then ASCII */
	assert_false(U8("\x80"));			/* lone continuation */
	assert_false(U8("a\xbf" "b"));
	assert_false(U8("\xfe"));
	assert_false(U8("\xff"));
	assert_false(U8("\xf8\x88\x80\x80\x80"));	/* 5-byte form */
	/* The length is respected: the tail outside n is not read. */
	assert_false(utf8_valid("\xc3\xa9", 1));
	assert_true(utf8_valid("ab\xc3\xa9", 2));
}

static void
test_utf8_above_max(void **state)
{
	(void)state;
	assert_false(U8("\xf4\x90\x80\x80"));		/* U+110000 */
	assert_false(U8("\xf5\x80\x80\x80"));
	assert_false(U8("\xf7\xbf\xbf\xbf"));
}

static void
test_utf8_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("caf\xc3\xa9"), 4);
	assert_int_equal(utf8_chars("\xf0\x9f\x98\x80!"), 2);
}

/* ---- text_clean ---- */

static void
test_text_clean(void **state)
{
	(void)state;
	assert_true(text_clean("", 0));
	assert_true(text_clean("Hello, world", 0));
	assert_true(text_clean("tab\tok", 0));
	assert_true(text_clean("caf\xc3\xa9", 0));
	assert_false(text_clean("line\nbreak", 0));
	assert_false(text_clean("carriage\rreturn", 0));
	assert_true(text_clean("line\nbreak\r\n", 1));
	assert_false(text_clean("bell\a", 0));
	assert_false(text_clean("bell\a", 1));
	assert_false(text_clean("esc\x1b[31m", 1));
	assert_false(text_clean("del\x7f", 1));
	assert_false(text_clean("\x01", 0));
	/* C1 controls and bidirectional overrides/isolates. */
	assert_false(text_clean("next\xc2\x85line", 0));
	assert_false(text_clean("abc\xe2\x80\xae" "cba", 0));
	assert_false(text_clean("x\xe2\x81\xa6y", 0));
	assert_true(text_clean("en\xe2\x80\x93" "dash", 0));
	assert_true(text_clean("\xc2\xa0nbsp", 0));
}

/* ---- str_trim ---- */

static void
test_str_trim(void **state)
{
	char a[] = "  hello world \t\r\n", b[] = "none", c[] = " \t\n ",
	    d[] = "", e[] = "\xc2\xa0x\xc2\xa0";

	(void)state;
	assert_string_equal(str_trim(a), "hello world");
	assert_string_equal(str_trim(b), "none");
	assert_string_equal(str_trim(c), "");
	assert_string_equal(str_trim(d), "");
	/* Only ASCII white space: a no-break space is left alone. */
	assert_string_equal(str_trim(e), "\xc2\xa0x\xc2\xa0");
}

static void
test_str_trim_pointer(void **state)
{
	char s[] = "   x ";
	char *t;

	(void)state;
	t = str_trim(s);
	/* Moves forward over leading space, cuts trailing space in place. */
	assert_ptr_equal(t, s + 3);
	assert_int_equal(s[4], '\0');
}

static void
test_str_lower(void **state)
{
	char s[] = "Ann.LEE@Example.ORG";

	(void)state;
	str_lower(s);
	assert_string_equal(s, "ann.lee@example.org");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_simple_pairs),
		T(test_empty_body),
		T(test_plus_is_space),
		T(test_percent_decoding),
		T(test_malformed_percent),
		T(test_trailing_percent_at_body_end),
		T(test_empty_values_and_bare_keys),
		T(test_repeated_keys),
		T(test_nul_rejected),
		T(test_too_many_pairs),
		cmocka_unit_test(test_utf8_valid_good),
		cmocka_unit_test(test_utf8_overlong),
		cmocka_unit_test(test_utf8_surrogates),
		cmocka_unit_test(test_utf8_truncated_and_stray),
		cmocka_unit_test(test_utf8_above_max),
		cmocka_unit_test(test_utf8_chars),
		cmocka_unit_test(test_text_clean),
		cmocka_unit_test(test_str_trim),
		cmocka_unit_test(test_str_trim_pointer),
		cmocka_unit_test(test_str_lower),
	};

	return cmocka_run_group_tests_name("form: urlencoded parsing and text checks",
	    tests, NULL, NULL);
}
