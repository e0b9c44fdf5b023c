/* html.c: unit tests for the escaping HTML writer in src/html/html.c (text, numbers, attributes, URLs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "util.h"
#include "html.h"

struct fixture {
	struct buf	b;
	struct html	h;
};

static int
setup(void **state)
{
	struct fixture *f = test_malloc(sizeof(*f));

	buf_init(&f->b, 0);
	f->h.b = &f->b;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	buf_free(&f->b);
	test_free(f);
	return 0;
}

/* The buffer's text so far ("" when nothing was written). */
static const char *
out(struct fixture *f)
{
	return f->b.data ? f->b.data : "";
}

/* Writes url through html_url and returns the whole attribute. */
static const char *
url(struct fixture *f, const char *u)
{
	buf_reset(&f->b);
	html_url(&f->h, "href", u);
	return out(f);
}

static void
test_text_escapes_specials(void **state)
{
	struct fixture *f = *state;

	html_text(&f->h, "a & b < c > d \" e ' f");
	assert_string_equal(out(f),
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f");
}

static void
test_text_script(void **state)
{
	struct fixture *f = *state;

	html_text(&f->h, "<script>alert(1)</script>");
	assert_string_equal(out(f), "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_null(strchr(out(f), '<'));
}

static void
test_text_plain_and_utf8(void **state)
{
	struct fixture *f = *state;

	html_text(&f->h, "plain text");
	assert_string_equal(out(f), "plain text");
	buf_reset(&f->b);
	html_text(&f->h, "Zoë – café ☕ 日本");
	assert_string_equal(out(f), "Zoë – café ☕ 日本");
	assert_int_equal(f->b.len, strlen("Zoë – café ☕ 日本"));
}

static void
test_text_amp_not_double_decoded(void **state)
{
	struct fixture *f = *state;

	/* An entity in the input is text, so its & is escaped again. */
	html_text(&f->h, "&amp;&lt;");
	assert_string_equal(out(f), "&amp;amp;&amp;lt;");
}

static void
test_text_null_and_empty(void **state)
{
	struct fixture *f = *state;

	html_text(&f->h, NULL);
	html_text(&f->h, "");
	assert_int_equal(f->b.len, 0);
	assert_string_equal(out(f), "");
}

static void
test_textf(void **state)
{
	struct fixture *f = *state;

	html_textf(&f->h, "%s has %d places", "<b>Room</b>", 5);
	assert_string_equal(out(f), "&lt;b&gt;Room&lt;/b&gt; has 5 places");
}

static void
test_textf_long(void **state)
{
	struct fixture *f = *state;
	char in[600], want[600 * 4];
	size_t i;

	/* Longer than html_textf's stack buffer. */
	for (i = 0; i < 500; i++)
		in[i] = i % 2 ? '<' : 'x';
	in[500] = '\0';
	want[0] = '\0';
	for (i = 0; i < 500; i++)
		strcat(want, i % 2 ? "&lt;" : "x");
	strcat(want, "!");
	html_textf(&f->h, "%s!", in);
	assert_int_equal(f->b.len, strlen(want));
	assert_string_equal(out(f), want);
}

static void
test_int(void **state)
{
	struct fixture *f = *state;

	html_int(&f->h, 0);
	html_lit(&f->h, " ");
	html_int(&f->h, -42);
	html_lit(&f->h, " ");
	html_int(&f->h, INT64_MAX);
	assert_string_equal(out(f), "0 -42 9223372036854775807");
}

static void
test_attr(void **state)
{
	struct fixture *f = *state;

	html_attr(&f->h, "value", "say \"hi\" & 'bye' <x>");
	assert_string_equal(out(f),
	    " value=\"say &quot;hi&quot; &amp; &#39;bye&#39; &lt;x&gt;\"");
}

static void
test_attr_breakout(void **state)
{
	struct fixture *f = *state;

	html_attr(&f->h, "value", "\" onfocus=\"alert(1)");
	assert_string_equal(out(f),
	    " value=\"&quot; onfocus=&quot;alert(1)\"");
	buf_reset(&f->b);
	html_attr(&f->h, "title", NULL);
	assert_string_equal(out(f), " title=\"\"");
}

static void
test_num(void **state)
{
	struct fixture *f = *state;
	static const struct {
		double		 v;
		const char	*want;
	} cases[] = {
		{ 0, "0" }, { 3, "3" }, { 12.5, "12.5" }, { 4.25, "4.25" },
		{ 1.0 / 3, "0.33" }, { 100, "100" }, { -2.5, "-2.5" },
		{ -0.001, "0" }, { 1234567, "1234567" }, { 1e20,
		    "100000000000000000000" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		buf_reset(&f->b);
		html_num(&f->h, cases[i].v);
		assert_string_equal(out(f), cases[i].want);
	}
	/* Never "nan", "inf" or an exponent, whatever comes in. */
	buf_reset(&f->b);
	html_num(&f->h, NAN);
	html_lit(&f->h, " ");
	html_num(&f->h, -INFINITY);
	assert_string_equal(out(f), "0 0");
	buf_reset(&f->b);
	html_num(&f->h, 1.7976931348623157e308);
	assert_int_equal(f->b.len, 309);
	assert_int_equal(strspn(out(f), "0123456789"), 309);
}

static void
test_attr_numbers(void **state)
{
	struct fixture *f = *state;

	html_attr_int(&f->h, "x", -8);
	html_attr_int(&f->h, "height", INT64_MAX);
	html_attr_num(&f->h, "width", 165.04);
	html_attr_num(&f->h, "y", NAN);
	assert_string_equal(out(f), " x=\"-8\" height=\"9223372036854775807\" "
	    "width=\"165.04\" y=\"0\"");
}

static void
test_attrf(void **state)
{
	struct fixture *f = *state;
	char in[400];

	html_attrf(&f->h, "viewBox", "0 0 %d %zu", 660, (size_t)64);
	assert_string_equal(out(f), " viewBox=\"0 0 660 64\"");
	/* Escaped after formatting: an argument cannot end the attribute. */
	buf_reset(&f->b);
	html_attrf(&f->h, "title", "%s, %d", "\"<&'", 5);
	assert_string_equal(out(f), " title=\"&quot;&lt;&amp;&#39;, 5\"");
	/* Longer than the stack buffer. */
	memset(in, '"', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	buf_reset(&f->b);
	html_attrf(&f->h, "d", "%s", in);
	assert_int_equal(f->b.len, strlen(" d=\"\"") +
	    (sizeof(in) - 1) * strlen("&quot;"));
	assert_null(strstr(out(f) + 4, "\"\""));
}

static void
test_svg_xmlns(void **state)
{
	struct fixture *f = *state;

	html_lit(&f->h, "<svg");
	html_svg_xmlns(&f->h);
	html_lit(&f->h, "/>");
	assert_string_equal(out(f),
	    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
}

static void
test_lit(void **state)
{
	struct fixture *f = *state;

	html_lit(&f->h, "<p class=\"x\">");
	assert_string_equal(out(f), "<p class=\"x\">");
}

static void
test_url_allowed(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(url(f, "https://example.org/a?b=c"),
	    " href=\"https://example.org/a?b=c\"");
	assert_string_equal(url(f, "http://example.org/"),
	    " href=\"http://example.org/\"");
	assert_string_equal(url(f, "HTTPS://EXAMPLE.ORG/"),
	    " href=\"HTTPS://EXAMPLE.ORG/\"");
	assert_string_equal(url(f, "/events/42"), " href=\"/events/42\"");
	assert_string_equal(url(f, "/"), " href=\"/\"");
	assert_true(html_url_allowed("/events"));
	assert_true(html_url_allowed("https://x.example"));
}

static void
test_url_rejected(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(url(f, "javascript:alert(1)"), " href=\"#\"");
	assert_string_equal(url(f, "JAVASCRIPT:alert(1)"), " href=\"#\"");
	assert_string_equal(url(f, " javascript:alert(1)"), " href=\"#\"");
	assert_string_equal(url(f, "data:text/html,<b>x</b>"), " href=\"#\"");
	assert_string_equal(url(f, "vbscript:x"), " href=\"#\"");
	assert_string_equal(url(f, "//evil.example"), " href=\"#\"");
	assert_string_equal(url(f, "/\\evil.example"), " href=\"#\"");
	assert_string_equal(url(f, "foo"), " href=\"#\"");
	assert_string_equal(url(f, "foo/bar"), " href=\"#\"");
	assert_string_equal(url(f, ""), " href=\"#\"");
	assert_string_equal(url(f, NULL), " href=\"#\"");
	assert_string_equal(url(f, "https:/x"), " href=\"#\"");
	assert_false(html_url_allowed("javascript:alert(1)"));
	assert_false(html_url_allowed("//evil.example"));
	assert_false(html_url_allowed("/\\evil.example"));
	assert_false(html_url_allowed(NULL));
}

static void
test_url_encodes(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(url(f, "/search?q=a b"), " href=\"/search?q=a%20b\"");
	assert_string_equal(url(f, "/x\"onmouseover=\"alert(1)"),
	    " href=\"/x%22onmouseover=%22alert(1)\"");
	assert_string_equal(url(f, "/<script>"), " href=\"/%3Cscript%3E\"");
	assert_string_equal(url(f, "/it's"), " href=\"/it%27s\"");
	assert_string_equal(url(f, "/a?b=1&c=2"), " href=\"/a?b=1&amp;c=2\"");
	assert_string_equal(url(f, "/caf\xc3\xa9"), " href=\"/caf%C3%A9\"");
	assert_string_equal(url(f, "/a\\b`c"), " href=\"/a%5Cb%60c\"");
	/* A tab that a browser would strip cannot turn "/\t/" into "//". */
	assert_string_equal(url(f, "/\t/evil.example"),
	    " href=\"/%09/evil.example\"");
}

static void
test_escape_into_buf(void **state)
{
	struct fixture *f = *state;

	html_escape(&f->b, "1<2");
	html_escape(&f->b, "&");
	assert_string_equal(out(f), "1&lt;2&amp;");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_text_escapes_specials),
		T(test_text_script),
		T(test_text_plain_and_utf8),
		T(test_text_amp_not_double_decoded),
		T(test_text_null_and_empty),
		T(test_textf),
		T(test_textf_long),
		T(test_int),
		T(test_num),
		T(test_attr_numbers),
		T(test_attrf),
		T(test_svg_xmlns),
		T(test_attr),
		T(test_attr_breakout),
		T(test_lit),
		T(test_url_allowed),
		T(test_url_rejected),
		T(test_url_encodes),
		T(test_escape_into_buf),
	};

	return cmocka_run_group_tests_name("html: escaping writer", tests,
	    NULL, NULL);
}
