/* svg.c: unit tests for the SVG that render/ writes: bar charts (src/render/svg.c) and QR codes (src/render/qr.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "svg.h"
#include "qr.h"

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-"
#define MAX_DEPTH 16
#define MAX_ATTRS 16

/* 1 when s starts one of the five entities the writer emits. */
static int
entity(const char *s)
{
	static const char *const ok[] = {
		"&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(ok); i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

/*
 * 1 when s is exactly one well-formed XML element: tags nest and close,
 * attributes are named once and quoted, no "<" in a value and "&" only as
 * an entity. Enough for what the writer produces; not a full XML parser.
 */
static int
well_formed(const char *s)
{
	const char *open[MAX_DEPTH], *p = s;
	size_t openlen[MAX_DEPTH], depth = 0;
	int roots = 0;

	while (*p) {
		const char *name, *attrs[MAX_ATTRS];
		size_t len, alen[MAX_ATTRS], nattrs = 0, i;

		if (*p == '&') {
			if (!entity(p) || depth == 0)
				return 0;
			p++;
			continue;
		}
		if (*p != '<') {
			if (depth == 0 || *p == '>')
				return 0;
			p++;
			continue;
		}
		if (p[1] == '/') {
			name = p + 2;
			len = strspn(name, NAME_CHARS);
			if (depth == 0 || name[len] != '>' ||
			    len != openlen[depth - 1] ||
			    strncmp(name, open[depth - 1], len) != 0)
				return 0;
			depth--;
			p = name + len + 1;
			continue;
		}
		if (depth == 0 && roots++ > 0)
			return 0;
		name = p + 1;
		len = strspn(name, NAME_CHARS);
		if (len == 0)
			return 0;
		p = name + len;
		for (;;) {
			const char *an;
			size_t al;

			if (*p != ' ')
				break;
			an = ++p;
			al = strspn(an, NAME_CHARS);
			if (al == 0 || an[al] != '=' || an[al + 1] != '"')
				return 0;
			for (i = 0; i < nattrs; i++)
				if (alen[i] == al && strncmp(attrs[i], an, al) == 0)
					return 0;
			if (nattrs == MAX_ATTRS)
				return 0;
			attrs[nattrs] = an;
			alen[nattrs++] = al;
			for (p = an + al + 2; *p != '"'; p++)
				if (*p == '\0' || *p == '<' ||
				    (*p == '&' && !entity(p)))
					return 0;
			p++;
		}
		if (p[0] == '/' && p[1] == '>') {
			p += 2;
			continue;
		}
		if (*p != '>' || depth == MAX_DEPTH)
			return 0;
		open[depth] = name;
		openlen[depth++] = len;
		p++;
	}
	return depth == 0 && roots == 1;
}

/* The checker itself, so that its yes means something. */
static void
test_checker(void **state)
{
	(void)state;
	assert_true(well_formed("<svg a=\"1\" b=\"&amp;\"><t>x &lt; y</t>"
	    "<r/></svg>"));
	assert_false(well_formed("<svg><t></svg>"));
	assert_false(well_formed("<svg a=\"1\" a=\"2\"></svg>"));
	assert_false(well_formed("<svg a=1></svg>"));
	assert_false(well_formed("<svg a=\"<\"></svg>"));
	assert_false(well_formed("<svg>a & b</svg>"));
	assert_false(well_formed("<svg><t>'\"<</t></svg>"));
	assert_false(well_formed("<svg></svg><svg></svg>"));
	assert_false(well_formed("<svg>"));
	assert_false(well_formed("x<svg></svg>"));
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_chart_escapes(void **state)
{
	static const char *const labels[] = {
		"\"<&'", "<script>alert(1)</script>", "Law enforcement",
	};
	static const double values[] = { 12, 3.5, 0 };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	svg_bars(&b, "Trained by \"sector\" <&>", labels, values, 3, "'<");
	assert_true(well_formed(b.data));
	assert_non_null(strstr(b.data, ">&quot;&lt;&amp;&#39;</text>"));
	assert_non_null(strstr(b.data,
	    ">&lt;script&gt;alert(1)&lt;/script&gt;</text>"));
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data,
	    "<title>Trained by &quot;sector&quot; &lt;&amp;&gt;</title>"));
	assert_non_null(strstr(b.data, ">12&#39;&lt;</text>"));
	assert_non_null(strstr(b.data, ">3.5&#39;&lt;</text>"));
	assert_int_equal(count(b.data, "<rect"), 3);
	assert_int_equal(count(b.data, "<text"), 6);
	buf_free(&b);
}

static void
test_chart_shape(void **state)
{
	static const char *const labels[] = { "a", "b", "c", "d" };
	static const double values[] = { 10, 5, -3, NAN };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	svg_bars(&b, "t", labels, values, 4, NULL);
	assert_true(well_formed(b.data));
	assert_true(starts(b.data, "<svg class=\"chart\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 660 120\" "
	    "role=\"img\"><title>t</title>"));
	/* To scale of the largest; nothing to draw is a bar of width 0. */
	assert_non_null(strstr(b.data, "<rect x=\"260\" y=\"4\" width=\"330\" "
	    "height=\"20\""));
	assert_non_null(strstr(b.data, "<rect x=\"260\" y=\"32\" "
	    "width=\"165\""));
	assert_int_equal(count(b.data, "width=\"0\""), 2);
	assert_null(strstr(b.data, "=\"-"));
	assert_null(strstr(b.data, "nan"));
	/* The values themselves are shown as they are, NaN as 0. */
	assert_non_null(strstr(b.data, ">-3</text>"));
	assert_non_null(strstr(b.data, ">0</text>"));
	buf_free(&b);
}

static void
test_chart_long_label_cut(void **state)
{
	static const char *const labels[] = {
		"&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&",
	};
	static const double values[] = { 1 };
	char want[400] = ">";
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	svg_bars(&b, "t", labels, values, 1, NULL);
	assert_true(well_formed(b.data));
	for (i = 0; i < 30; i++)
		strcat(want, "&amp;");
	strcat(want, "\xe2\x80\xa6</text>");
	assert_non_null(strstr(b.data, want));
	buf_free(&b);
}

static void
test_chart_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	svg_bars(&b, "Nothing", NULL, NULL, 0, NULL);
	assert_true(well_formed(b.data));
	assert_int_equal(count(b.data, "<rect"), 0);
	buf_free(&b);
}

static void
test_qr_well_formed(void **state)
{
	static const char head[] = "<svg class=\"qr\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";
	struct buf b;
	const char *d, *end;
	int size = 0, x, y, n, squares = 0;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(qr_svg(&b, "https://example.org/qa/ABC-123",
	    "QR of \"<&'\""), 0);
	assert_true(well_formed(b.data));
	assert_true(starts(b.data, head));
	assert_int_equal(sscanf(b.data + strlen(head), "%d", &size), 1);
	/* 17 + 4 per version modules, and a quiet zone of 4 each side. */
	assert_true(size >= 21 + 8 && (size - 8 - 17) % 4 == 0);
	assert_non_null(strstr(b.data,
	    " aria-label=\"QR of &quot;&lt;&amp;&#39;&quot;\""));
	/* The path is unit squares, each inside the quiet zone. */
	assert_non_null(d = strstr(b.data, " d=\"M"));
	d += 4;
	end = strchr(d, '"');
	assert_non_null(end);
	while (d < end) {
		assert_int_equal(sscanf(d, "M%d %dh1v1h-1z%n", &x, &y, &n), 2);
		assert_true(x >= 4 && x < size - 4 && y >= 4 && y < size - 4);
		squares++;
		d += n;
	}
	assert_ptr_equal(d, end);
	assert_true(squares > 100);
	buf_free(&b);
}

static void
test_qr_too_long(void **state)
{
	char text[8000];
	struct buf b;

	(void)state;
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	buf_init(&b, 0);
	assert_int_equal(qr_svg(&b, text, "too long"), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker),
		cmocka_unit_test(test_chart_escapes),
		cmocka_unit_test(test_chart_shape),
		cmocka_unit_test(test_chart_long_label_cut),
		cmocka_unit_test(test_chart_empty),
		cmocka_unit_test(test_qr_well_formed),
		cmocka_unit_test(test_qr_too_long),
	};

	return cmocka_run_group_tests_name("svg: charts and QR codes", tests,
	    NULL, NULL);
}
