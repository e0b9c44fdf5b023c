/* markdown.c: descriptions render as Markdown without raw HTML or script links. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util.h"
#include "markdown.h"

static const char *
render(struct buf *b, const char *md)
{
	buf_init(b, 0);
	assert_int_equal(markdown_html(b, md), 0);
	return b->data;
}

static void
test_markdown_basics(void **state)
{
	struct buf b;

	(void)state;
	assert_non_null(strstr(render(&b, "*root causes* and **demand**"),
	    "<em>root causes</em> and <strong>demand</strong>"));
	buf_free(&b);
	assert_non_null(strstr(render(&b, "- one\n- two\n"), "<li>one</li>"));
	buf_free(&b);
	assert_non_null(strstr(render(&b, "[hotline](https://humantraffickinghotline.org)"),
	    "<a href=\"https://humantraffickinghotline.org\">hotline</a>"));
	buf_free(&b);
}

static void
test_markdown_safe(void **state)
{
	struct buf b;

	(void)state;
	render(&b, "<script>alert(1)</script> and <b onclick=x>bold</b>");
	assert_null(strstr(b.data, "<script"));
	assert_null(strstr(b.data, "onclick"));
	buf_free(&b);
	render(&b, "[click](javascript:alert(1)) ![x](data:text/html;base64,AAAA)");
	assert_null(strstr(b.data, "javascript:"));
	assert_null(strstr(b.data, "data:text/html"));
	buf_free(&b);
	render(&b, "a < b & \"c\"");
	assert_non_null(strstr(b.data, "a &lt; b &amp; &quot;c&quot;"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_basics),
		cmocka_unit_test(test_markdown_safe),
	};

	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
