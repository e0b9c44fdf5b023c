/* csv.c: unit tests for the CSV writer (src/render/csv.c): quoting, formula neutralising, exact bytes, a strict RFC 4180 round trip and the buffer limit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "csv.h"

/* Asserts the buffer holds exactly the n bytes of want, NUL-terminated. */
static void
assert_bytes(const struct buf *b, const char *want, size_t n)
{
	assert_int_equal(b->len, n);
	assert_non_null(b->data);
	assert_memory_equal(b->data, want, n);
	assert_int_equal(b->data[b->len], '\0');
	assert_false(b->overflow);
}

/* csv_field(in) must write exactly want (a C string). */
static void
assert_field(const char *in, const char *want)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(csv_field(&b, in), 0);
	assert_bytes(&b, want, strlen(want));
	buf_free(&b);
}

/*
 * A small strict RFC 4180 parser, independent of the writer. Every record
 * ends with CRLF; a field is either quoted (quotes inside doubled, then
 * followed only by a comma or CRLF) or unquoted (no quote, CR or LF in it).
 * Anything else is an error (-1).
 */
#define MAX_RECORDS	16
#define MAX_FIELDS	8

struct table {
	size_t	 nrec;
	size_t	 nfld[MAX_RECORDS];
	char	*fld[MAX_RECORDS][MAX_FIELDS];
};

static void
table_free(struct table *t)
{
	size_t r, f;

	for (r = 0; r < t->nrec; r++)
		for (f = 0; f < t->nfld[r]; f++)
			free(t->fld[r][f]);
	memset(t, 0, sizeof(*t));
}

/* Parses one field at *pp (end e) into a new string; -1 on bad syntax. */
static int
parse_field(const char **pp, const char *e, char **out)
{
	const char *p = *pp;
	char *s, *o;

	s = o = malloc((size_t)(e - p) + 1);
	assert_non_null(s);
	if (p < e && *p == '"') {
		for (p++;; p++) {
			if (p == e)
				goto bad;	/* unterminated quote */
			if (*p == '"') {
				if (p + 1 < e && p[1] == '"')
					*o++ = *p++;
				else
					break;
			} else
				*o++ = *p;
		}
		p++;	/* closing quote; csv_parse wants , or CRLF next */
	} else {
		for (; p < e && *p != ',' && *p != '\r'; p++) {
			if (*p == '"' || *p == '\n')
				goto bad;
			*o++ = *p;
		}
	}
	*o = '\0';
	*pp = p;
	*out = s;
	return 0;
bad:
	free(s);
	return -1;
}

static int
csv_parse(const char *p, size_t len, struct table *t)
{
	const char *e = p + len;
	char *s;

	memset(t, 0, sizeof(*t));
	while (p < e) {
		if (t->nrec == MAX_RECORDS)
			goto bad;
		t->nrec++;
		for (;;) {
			if (t->nfld[t->nrec - 1] == MAX_FIELDS ||
			    parse_field(&p, e, &s) == -1)
				goto bad;
			t->fld[t->nrec - 1][t->nfld[t->nrec - 1]++] = s;
			if (p < e && *p == ',') {
				p++;
				continue;
			}
			if (e - p >= 2 && p[0] == '\r' && p[1] == '\n') {
				p += 2;
				break;
			}
			goto bad;	/* lone CR, or no CRLF at the end */
		}
	}
	return 0;
bad:
	table_free(t);
	return -1;
}

static void
test_plain(void **state)
{
	(void)state;
	assert_field("Ann Lee", "\"Ann Lee\"");
	assert_field("x", "\"x\"");
}

static void
test_comma(void **state)
{
	(void)state;
	assert_field("Lee, Ann", "\"Lee, Ann\"");
	assert_field(",", "\",\"");
	assert_field(",,a,", "\",,a,\"");
}

static void
test_quotes_doubled(void **state)
{
	(void)state;
	assert_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_field("\"", "\"\"\"\"");
	assert_field("\"\"", "\"\"\"\"\"\"");
	assert_field("a\"b\"c", "\"a\"\"b\"\"c\"");
}

static void
test_newlines_kept_inside_quotes(void **state)
{
	(void)state;
	assert_field("line1\r\nline2", "\"line1\r\nline2\"");
	assert_field("a\nb", "\"a\nb\"");
	assert_field("a\rb", "\"a\rb\"");
	assert_field("end\n", "\"end\n\"");
	/* A leading LF is quoted but not neutralised (not in the list). */
	assert_field("\nx", "\"\nx\"");
}

static void
test_spaces_at_the_edges(void **state)
{
	(void)state;
	assert_field(" lead", "\" lead\"");
	assert_field("trail ", "\"trail \"");
	assert_field(" ", "\" \"");
}

static void
test_formula_start_neutralised(void **state)
{
	static const char starts[] = "=+-@\t\r";
	char in[16], want[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(starts) - 1; i++) {
		in[0] = starts[i];
		memcpy(in + 1, "1+1", 4);
		want[0] = '"';
		want[1] = '\'';
		want[2] = starts[i];
		memcpy(want + 3, "1+1\"", 5);
		assert_field(in, want);
	}
	/* Neutralising and quote doubling together. */
	assert_field("=HYPERLINK(\"http://x\")",
	    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	assert_field("-3", "\"'-3\"");
	assert_field("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"");
	assert_field("\r\n=1", "\"'\r\n=1\"");
}

static void
test_formula_chars_later_left_alone(void **state)
{
	(void)state;
	assert_field("a=b", "\"a=b\"");
	assert_field("1-2", "\"1-2\"");
	assert_field("x@example.org", "\"x@example.org\"");
	assert_field("a+b", "\"a+b\"");
	assert_field("a\tb", "\"a\tb\"");
	assert_field("'quoted", "\"'quoted\"");
}

static void
test_only_equals(void **state)
{
	(void)state;
	assert_field("=", "\"'=\"");
	assert_field("-", "\"'-\"");
	assert_field("\t", "\"'\t\"");
}

static void
test_null_and_empty(void **state)
{
	(void)state;
	/* Empty is not neutralised: '\0' is not a formula start. */
	assert_field(NULL, "\"\"");
	assert_field("", "\"\"");
}

static void
test_utf8_intact(void **state)
{
	(void)state;
	assert_field("Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m",
	    "\"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m\"");
	/* 日本語 — 😀 */
	assert_field("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe2\x80\x94 "
	    "\xf0\x9f\x98\x80",
	    "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe2\x80\x94 "
	    "\xf0\x9f\x98\x80\"");
}

static void
test_sep_and_end(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(csv_sep(&b), 0);
	assert_int_equal(csv_end(&b), 0);
	assert_bytes(&b, ",\r\n", 3);
	buf_free(&b);
}

static void
test_row_exact_bytes(void **state)
{
	static const char *const head[] = { "Name", "Email", "Note" };
	static const char *const row[] = { "Lee, Ann", NULL, "=1+1" };
	static const char *const one[] = { "" };
	static const char want[] =
	    "\"Name\",\"Email\",\"Note\"\r\n"
	    "\"Lee, Ann\",\"\",\"'=1+1\"\r\n"
	    "\"\"\r\n"
	    "\r\n";
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(csv_row(&b, head, ARRAY_LEN(head)), 0);
	assert_int_equal(csv_row(&b, row, ARRAY_LEN(row)), 0);
	assert_int_equal(csv_row(&b, one, ARRAY_LEN(one)), 0);
	assert_int_equal(csv_row(&b, NULL, 0), 0);
	assert_bytes(&b, want, sizeof(want) - 1);
	buf_free(&b);
}

static void
test_bom(void **state)
{
	static const char *const row[] = { "a" };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(csv_bom(&b), 0);
	assert_int_equal(csv_row(&b, row, 1), 0);
	assert_bytes(&b, "\xef\xbb\xbf\"a\"\r\n", 8);
	buf_free(&b);
}

/* The parser itself must be strict, or the round trip proves little. */
static void
test_parser_is_strict(void **state)
{
	static const char *const bad[] = {
		"\"a\"b\r\n",		/* text after a closing quote */
		"a\"b\r\n",		/* quote in an unquoted field */
		"\"abc\r\n",		/* unterminated quote */
		"a\rb\r\n",		/* lone CR */
		"a\nb\r\n",		/* bare LF */
		"\"a\"",		/* no CRLF at the end */
		"a,b\n",		/* LF instead of CRLF */
	};
	const char *good;
	struct table t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(csv_parse(bad[i], strlen(bad[i]), &t), -1);

	good = "a,\"b\"\"c\"\r\n,\"x\r\ny\"\r\n";
	assert_int_equal(csv_parse(good, strlen(good), &t), 0);
	assert_int_equal(t.nrec, 2);
	assert_int_equal(t.nfld[0], 2);
	assert_string_equal(t.fld[0][0], "a");
	assert_string_equal(t.fld[0][1], "b\"c");
	assert_int_equal(t.nfld[1], 2);
	assert_string_equal(t.fld[1][0], "");
	assert_string_equal(t.fld[1][1], "x\r\ny");
	table_free(&t);
}

static void
test_round_trip(void **state)
{
	/* What goes in ... */
	static const char *const in[][3] = {
		{ "Name", "Email", "Note" },
		{ "=HYPERLINK(\"http://evil/\",\"click\")", "a,b",
		    "line1\r\nline2" },
		{ "\"quoted\"", "", NULL },
		{ "+1 555 0100", "-3", "@SUM(A1:A9)" },
		{ "\tTab", "\rCR", "Zo\xc3\xab, \"\xe6\x97\xa5\"\n" },
		{ " lead", "trail ", ",,," },
		{ "\"\"\"", "\r\n", "'already" },
		{ "=", "a=b", "x@example.org" },
	};
	/* ... and what must come back: neutralised fields gain a '. */
	static const char *const out[][3] = {
		{ "Name", "Email", "Note" },
		{ "'=HYPERLINK(\"http://evil/\",\"click\")", "a,b",
		    "line1\r\nline2" },
		{ "\"quoted\"", "", "" },
		{ "'+1 555 0100", "'-3", "'@SUM(A1:A9)" },
		{ "'\tTab", "'\rCR", "Zo\xc3\xab, \"\xe6\x97\xa5\"\n" },
		{ " lead", "trail ", ",,," },
		{ "\"\"\"", "'\r\n", "'already" },
		{ "'=", "a=b", "x@example.org" },
	};
	struct buf b;
	struct table t;
	size_t r, f;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(csv_bom(&b), 0);
	for (r = 0; r < ARRAY_LEN(in); r++)
		assert_int_equal(csv_row(&b, in[r], 3), 0);
	assert_false(b.overflow);
	assert_true(b.len > 3);
	assert_memory_equal(b.data, "\xef\xbb\xbf", 3);

	assert_int_equal(csv_parse(b.data + 3, b.len - 3, &t), 0);
	assert_int_equal(t.nrec, ARRAY_LEN(out));
	for (r = 0; r < ARRAY_LEN(out); r++) {
		assert_int_equal(t.nfld[r], 3);
		for (f = 0; f < 3; f++)
			assert_string_equal(t.fld[r][f], out[r][f]);
	}
	table_free(&t);
	buf_free(&b);
}

static void
test_buffer_limit(void **state)
{
	/* "abcd",  = 7 bytes, then the second field overflows. */
	static const char *const row[] = { "abcd", "efghijklmn", "o" };
	/* "abc","defghij" = 15 bytes, then the comma overflows. */
	static const char *const at_sep[] = { "abc", "defghij", "k" };
	/* "abcdefghijkl" = 14 bytes, then the CRLF overflows. */
	static const char *const at_end[] = { "abcdefghijkl", "abcdefghijk" };
	struct buf b;

	(void)state;
	/* A limit of 16 holds 15 bytes and the NUL: 13 characters fit ... */
	buf_init(&b, 16);
	assert_int_equal(csv_field(&b, "abcdefghijklm"), 0);
	assert_bytes(&b, "\"abcdefghijklm\"", 15);
	buf_free(&b);

	/* ... 14 do not, and the buffer stays full afterwards. */
	buf_init(&b, 16);
	assert_int_equal(csv_field(&b, "abcdefghijklmn"), -1);
	assert_true(b.overflow);
	assert_int_equal(csv_sep(&b), -1);
	assert_int_equal(csv_end(&b), -1);
	buf_free(&b);

	/* A long field, with quotes to double, into an empty buffer. */
	buf_init(&b, 16);
	assert_int_equal(csv_field(&b,
	    "a \"long\" field that cannot possibly fit in sixteen bytes"), -1);
	assert_true(b.overflow);
	assert_true(b.len < 16);
	buf_free(&b);

	/* Overflow partway through a row is reported by csv_row: in a field, */
	buf_init(&b, 16);
	assert_int_equal(csv_row(&b, row, ARRAY_LEN(row)), -1);
	assert_true(b.overflow);
	buf_free(&b);
	/* at a separator, */
	buf_init(&b, 16);
	assert_int_equal(csv_row(&b, at_sep, ARRAY_LEN(at_sep)), -1);
	assert_true(b.overflow);
	buf_free(&b);
	/* and at the CRLF; one byte less fits. */
	buf_init(&b, 16);
	assert_int_equal(csv_row(&b, at_end, 1), -1);
	assert_true(b.overflow);
	buf_free(&b);
	buf_init(&b, 16);
	assert_int_equal(csv_row(&b, at_end + 1, 1), 0);
	assert_bytes(&b, "\"abcdefghijk\"\r\n", 15);
	buf_free(&b);

	/* So are the mark, the end of a record and the separator. */
	buf_init(&b, 3);
	assert_int_equal(csv_bom(&b), -1);
	buf_free(&b);
	buf_init(&b, 3);
	assert_int_equal(csv_end(&b), 0);
	assert_int_equal(csv_sep(&b), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_comma),
		cmocka_unit_test(test_quotes_doubled),
		cmocka_unit_test(test_newlines_kept_inside_quotes),
		cmocka_unit_test(test_spaces_at_the_edges),
		cmocka_unit_test(test_formula_start_neutralised),
		cmocka_unit_test(test_formula_chars_later_left_alone),
		cmocka_unit_test(test_only_equals),
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_utf8_intact),
		cmocka_unit_test(test_sep_and_end),
		cmocka_unit_test(test_row_exact_bytes),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_parser_is_strict),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_buffer_limit),
	};

	return cmocka_run_group_tests_name("csv: writer", tests, NULL, NULL);
}
