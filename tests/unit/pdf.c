/* pdf.c: unit tests for the PDF certificates and sign-in sheets (src/render/pdf.c), read back with poppler's pdftotext and pdfinfo. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "util.h"
#include "i18n.h"
#include "pdf.h"

#define LONG_NAME	"Maria-Guadalupe Zoë O'Brien-Nguyễn de la Cruz " \
			"Fitzwilliam-Montgomery-Featherstonehaugh"
#define LONG_SESSION	"Recognising and Responding to Labour and Sex " \
			"Trafficking: Trauma-Informed Practice for Health " \
			"Care, Schools and Law Enforcement"

static const struct pdf_certificate cert = {
	.name = LONG_NAME,
	.session = LONG_SESSION,
	.event = "Montana Human Trafficking Prevention Summit 2027",
	.date = "Monday, 11 January 2027",
	.venue = "University of Montana, University Center Ballroom",
	.city = "Missoula, MT",
	.instructor = "Dr. Nguyễn Thị Hương",
	.hours = "4",
	.provider = "Missoula Human Trafficking Task Force",
	.code = "ABCDE-FGHJK",
	.verify_url = "https://example.org/verify/ABCDE-FGHJK",
};

/* Writes b to a new temporary file; its name goes to path (32 bytes). */
static void
write_temp(const struct buf *b, char path[32])
{
	const char *keep = getenv("CONVENE_PDF_KEEP");
	FILE *f;
	int fd;

	strcpy(path, "/tmp/convene-pdf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
	assert_int_equal(close(fd), 0);
	if (keep != NULL) {	/* a copy to look at: CONVENE_PDF_KEEP=dir */
		char to[512];

		snprintf(to, sizeof(to), "%s/%s.pdf", keep, path + 5);
		assert_non_null(f = fopen(to, "w"));
		assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
		assert_int_equal(fclose(f), 0);
	}
}

/*
 * Runs cmd (with %s the file path) and returns its whole standard output;
 * the command must exit 0, so a missing pdftotext fails the test.
 */
static char *
run(const char *cmd, const char *path)
{
	char cmdline[256], line[256], *out;
	struct buf b;
	FILE *p;
	size_t n;

	snprintf(cmdline, sizeof(cmdline), cmd, path);
	buf_init(&b, 0);
	p = popen(cmdline, "r");
	assert_non_null(p);
	while ((n = fread(line, 1, sizeof(line), p)) > 0)
		assert_int_equal(buf_append(&b, line, n), 0);
	if ((n = (size_t)pclose(p)) != 0)
		fail_msg("\"%s\" failed (status %zu): is poppler-utils "
		    "installed? %s", cmdline, n, b.data ? b.data : "");
	out = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/*
 * s with every run of white space made one space, for text across lines;
 * none after a hyphen that ends a line, where Pango may break
 * "Fitzwilliam-Montgomery".
 */
static char *
squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (strchr(" \t\r\n\f", *s) == NULL)
			*o++ = *s;
		else if (o > out + 1 && o[-1] == '-' && o[-2] != ' ' &&
		    strchr(s, '\n') != NULL && strspn(s, " \t\r\n\f") >
		    (size_t)(strchr(s, '\n') - s)) {
			while (s[1] && strchr(" \t\r\n\f", s[1]) != NULL)
				s++;
		}
		else if (o > out && o[-1] != ' ')
			*o++ = ' ';
	*o = '\0';
	return out;
}

/* The text pdftotext -layout reads from the PDF in b, white space squeezed. */
static char *
pdf_text(const struct buf *b)
{
	char path[32], *raw, *text;

	write_temp(b, path);
	raw = run("pdftotext -layout %s - 2>&1", path);
	unlink(path);
	text = squeeze(raw);
	free(raw);
	return text;
}

/* The page count pdfinfo reports for the PDF in b. */
static int
pdf_pages(const struct buf *b)
{
	char path[32], *info, *p;
	int pages = -1;

	write_temp(b, path);
	info = run("pdfinfo %s 2>&1", path);
	unlink(path);
	p = strstr(info, "\nPages:");
	assert_non_null(p);
	pages = atoi(p + strlen("\nPages:"));
	free(info);
	return pages;
}

/*
 * Asserts every word pdftotext finds lies inside the box from (x0, y0) to
 * (x1, y1), in points from the top left: nothing spills past the border.
 */
static void
assert_words_inside(const struct buf *b, double x0, double y0, double x1,
    double y1)
{
	char path[32], *html, *p;
	double xmin, ymin, xmax, ymax;
	int words = 0;

	write_temp(b, path);
	html = run("pdftotext -bbox %s - 2>&1", path);
	unlink(path);
	for (p = html; (p = strstr(p, "<word ")) != NULL; p++) {
		assert_int_equal(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" "
		    "xMax=\"%lf\" yMax=\"%lf\"", &xmin, &ymin, &xmax, &ymax), 4);
		if (xmin < x0 || xmax > x1 || ymin < y0 || ymax > y1)
			fail_msg("word outside (%.1f %.1f)-(%.1f %.1f): %.60s",
			    x0, y0, x1, y1, p);
		words++;
	}
	assert_true(words > 10);
	free(html);
}

/* Asserts needle occurs in hay, showing hay when it does not. */
static void
assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" not in the text: %s", needle, hay);
}

static void
test_certificate_text(void **state)
{
	struct buf b;
	char *text;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &cert), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	text = pdf_text(&b);
	assert_has(text, "Certificate of Attendance");
	assert_has(text, LONG_NAME);
	assert_has(text, LONG_SESSION);
	assert_has(text, "Montana Human Trafficking Prevention Summit 2027");
	assert_has(text, "Monday, 11 January 2027");
	assert_has(text, "University of Montana, University Center Ballroom, "
	    "Missoula, MT");
	assert_has(text, "Instructor: Dr. Nguyễn Thị Hương");
	assert_has(text, "4 continuing-education hours");
	assert_has(text, "Missoula Human Trafficking Task Force");
	assert_has(text, "ABCDE-FGHJK");
	assert_has(text, "Verify at https://example.org/verify/ABCDE-FGHJK");
	free(text);
	assert_int_equal(pdf_pages(&b), 1);
	buf_free(&b);
}

/* A certificate for someone who registered in Spanish: its words are. */
static void
test_certificate_spanish(void **state)
{
	struct pdf_certificate c = cert;
	struct buf b;
	char *text;
	enum lang was;

	(void)state;
	if (!i18n_available(LANG_ES))
		fail_msg("Spanish is not available: the es_ES.UTF-8 locale or "
		    "build/locale is missing (make deps, make)");
	was = i18n_set(LANG_ES);
	c.hours = "1.5";
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	i18n_set(was);
	text = pdf_text(&b);
	assert_has(text, "Certificado de asistencia");
	assert_has(text, "Se certifica que");
	assert_has(text, "Instructor: Dr. Nguyễn Thị Hương");
	assert_has(text, "1.5 horas de educación continua");
	assert_has(text, "Ofrecido por Missoula Human Trafficking Task Force");
	assert_has(text, "Verifíquelo en https://example.org/verify/ABCDE-FGHJK");
	if (strstr(text, "Certificate of Attendance") != NULL ||
	    strstr(text, "This certifies") != NULL)
		fail_msg("English left on the Spanish certificate: %s", text);
	free(text);
	buf_free(&b);
}

/* Landscape Letter, 792 by 612: every word stays inside the border. */
static void
test_certificate_fits(void **state)
{
	struct pdf_certificate c = cert;
	char name[700], session[1200];
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	assert_words_inside(&b, 40, 40, 792 - 40, 612 - 40);
	buf_free(&b);

	/* One unbroken 300-letter name, a title of 90 words. */
	for (i = 0; i < 300; i++)
		name[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26];
	name[i] = '\0';
	session[0] = '\0';
	for (i = 0; i < 90; i++)
		strcat(session, "Trafficking ");
	c.name = name;
	c.session = session;
	c.event = session;
	c.provider = session;
	c.verify_url = "https://example.org/verify/ABCDE-FGHJK?and=a-rather"
	    "-long-query-string-that-goes-on-and-on-and-on-and-on-and-on";
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	assert_words_inside(&b, 40, 40, 792 - 40, 612 - 40);
	assert_int_equal(pdf_pages(&b), 1);
	buf_free(&b);

	/* Two-byte letters past the length kept: never cut in half. */
	for (i = 0; i < 300; i++)
		memcpy(name + 2 * i, "é", 2);
	name[2 * i] = '\0';
	strcpy(session, "https://example.org/verify/");
	for (i = 0; i < 241; i++)
		strcat(session, "é");
	c.verify_url = session;
	c.session = name;
	c.provider = name;
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	assert_words_inside(&b, 40, 40, 792 - 40, 612 - 40);
	buf_free(&b);
}

static void
test_certificate_optional_fields(void **state)
{
	struct pdf_certificate c = cert;
	struct buf b;
	char *text;

	(void)state;
	c.instructor = NULL;
	c.hours = "1";
	c.event = "";
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	text = pdf_text(&b);
	assert_has(text, LONG_NAME);
	assert_has(text, "1 continuing-education hour ");
	assert_null(strstr(text, "hours"));
	assert_null(strstr(text, "Instructor"));
	free(text);
	buf_free(&b);

	/* Everything but the name missing still makes a page. */
	memset(&c, 0, sizeof(c));
	c.name = "Zoë";
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	text = pdf_text(&b);
	assert_has(text, "Zoë");
	assert_null(strstr(text, "Verify"));
	free(text);
	buf_free(&b);
}

/* Bytes that are not UTF-8 and control characters do not break cairo. */
static void
test_certificate_bad_text(void **state)
{
	struct pdf_certificate c = cert;
	struct buf b;
	char *text;

	(void)state;
	c.name = "Zo\xeb\n\tO'Brien\xc3";
	c.session = "Line one\r\nline two\xe2\x80\xa8three";
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	text = pdf_text(&b);
	assert_has(text, "Zo\xef\xbf\xbd O'Brien\xef\xbf\xbd");
	assert_has(text, "Line one line two three");
	free(text);
	buf_free(&b);
}

/* A board's facts: licence, delivery, times and approval statements. */
static void
test_certificate_board_facts(void **state)
{
	static const char *const approvals[] = {
		"Missoula Human Trafficking Task Force, provider #1234, is "
		    "approved as an ACE provider to offer social work continuing "
		    "education by the Association of Social Work Boards (ASWB). "
		    "Course approval period: 1 January 2027 to 1 January 2028.",
		"Approved by the Montana Public Safety Officer Standards and "
		    "Training Council (POST). Course number: MT-POST-27-0042",
	};
	struct pdf_certificate c = cert;
	struct buf b;
	char *text;

	(void)state;
	c.license = "RN-123456";
	c.delivery = "Live online";
	c.times = "Monday, 11 January 2027, 9:00 AM – 1:00 PM MST";
	c.approvals = approvals;
	c.napprovals = 2;
	buf_init(&b, 0);
	assert_int_equal(pdf_certificate(&b, &c), 0);
	text = pdf_text(&b);
	assert_has(text, "Licence no. RN-123456");
	assert_has(text, "Monday, 11 January 2027, 9:00 AM – 1:00 PM MST · "
	    "Live online");
	assert_has(text, "provider #1234, is approved as an ACE provider");
	assert_has(text, "Course approval period: 1 January 2027 to 1 January "
	    "2028.");
	assert_has(text, "Course number: MT-POST-27-0042");
	assert_has(text, "Provided by Missoula Human Trafficking Task Force");
	assert_null(strstr(text, "convene"));
	free(text);
	assert_int_equal(pdf_pages(&b), 1);
	assert_words_inside(&b, 40, 40, 792 - 40, 612 - 40);
	buf_free(&b);
}

/* The fonts pdffonts lists for the PDF in b. */
static char *
pdf_fonts(const struct buf *b)
{
	char path[32], *fonts;

	write_temp(b, path);
	fonts = run("pdffonts %s 2>&1", path);
	unlink(path);
	return fonts;
}

/*
 * Names in Latin with diacritics, Cyrillic, Greek and CJK print in a font
 * that has them (DejaVu, Noto CJK), every font embedded, and read back.
 */
static void
test_certificate_scripts(void **state)
{
	static const char *const names[] = {
		"Zoë Ñúñez-Łukasz 日本語",
		"Анна Ковальчук-Шевченко",
		"Ελένη Παπαδοπούλου",
		"山田 太郎",
		"김민준",
	};
	struct pdf_certificate c = cert;
	struct buf b;
	char *text, *fonts;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		c.name = names[i];
		c.instructor = names[(i + 1) % 5];
		buf_init(&b, 0);
		assert_int_equal(pdf_certificate(&b, &c), 0);
		text = pdf_text(&b);
		assert_has(text, names[i]);
		fonts = pdf_fonts(&b);
		assert_has(fonts, "DejaVu");
		if (i == 0 || i >= 3)
			assert_has(fonts, "NotoS");	/* Noto Serif/Sans CJK */
		/* Every font embedded: the "emb" column never says "no". */
		assert_null(strstr(fonts, " no  "));
		free(fonts);
		free(text);
		assert_words_inside(&b, 40, 40, 792 - 40, 612 - 40);
		buf_free(&b);
	}
}

/* A full buffer fails and leaves what was there before. */
static void
test_buffer_limit(void **state)
{
	struct pdf_sheet s = { .session = "S" };
	struct buf b;

	(void)state;
	buf_init(&b, 2000);
	assert_int_equal(buf_puts(&b, "before"), 0);
	assert_int_equal(pdf_certificate(&b, &cert), -1);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.data, "before");
	assert_int_equal(pdf_signin_sheet(&b, &s), -1);
	assert_string_equal(b.data, "before");
	buf_free(&b);
}

static void
test_sheet_pages(void **state)
{
	struct pdf_sheet_row rows[120];
	char names[120][64], *text;
	struct pdf_sheet s = {
		.session = LONG_SESSION,
		.event = "Montana Human Trafficking Prevention Summit 2027",
		.date = "Monday, 11 January 2027",
		.venue = "University of Montana, University Center Ballroom",
		.instructor = NULL,
		.ce_hours = "4",
		.provider = "Missoula Human Trafficking Task Force",
		.credit_rule = "At least 90% of the session (15 minutes' "
		    "tolerance late or early)",
		.rows = rows,
		.nrows = 120,
	};
	struct buf b;
	size_t i;

	(void)state;
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < 120; i++) {
		snprintf(names[i], sizeof(names[i]), "Attendee %03zu", i + 1);
		rows[i].name = names[i];
		rows[i].sector = i % 3 ? "Health care" : "Law enforcement";
		rows[i].organization = i % 2 ? "Providence St. Patrick "
		    "Hospital and Regional Trauma Centre of Western Montana" :
		    "YWCA";
		rows[i].checked_in = "10:57 AM";
		rows[i].checked_out = i % 5 ? "12:02 PM" : "";
		rows[i].hours = i % 5 ? "4" : "No out";
		rows[i].license = i % 4 ? "LCSW-004417" : NULL;
	}
	rows[0].name = "Zoë O'Brien";
	rows[119].name = "Nguyễn Văn An";
	buf_init(&b, 0);
	assert_int_equal(pdf_signin_sheet(&b, &s), 0);
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_true(pdf_pages(&b) >= 3);
	text = pdf_text(&b);
	assert_has(text, "Zoë O'Brien");
	assert_has(text, "Attendee 060");
	assert_has(text, "Nguyễn Văn An");
	assert_has(text, "Page 1 of");
	assert_has(text, "Signature");
	assert_has(text, "Providence St. Patrick");
	/* Times in full, never cut to "10:5…"; the licence and the credit. */
	assert_has(text, "10:57 AM 12:02 PM 4");
	assert_has(text, "LCSW-004417");
	assert_has(text, "No out");
	assert_has(text, "Licence no.");
	free(text);
	assert_words_inside(&b, 30, 30, 612 - 30, 792 - 18);
	buf_free(&b);
}

/* No rows: one page of empty rows to sign, header and all. */
static void
test_sheet_empty(void **state)
{
	struct pdf_sheet s = { .session = "Opening plenary" };
	struct buf b;
	char *text;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(pdf_signin_sheet(&b, &s), 0);
	assert_int_equal(pdf_pages(&b), 1);
	text = pdf_text(&b);
	assert_has(text, "Opening plenary");
	assert_has(text, "Page 1 of 1");
	assert_null(strstr(text, "Instructor"));
	free(text);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certificate_text),
		cmocka_unit_test(test_certificate_spanish),
		cmocka_unit_test(test_certificate_fits),
		cmocka_unit_test(test_certificate_optional_fields),
		cmocka_unit_test(test_certificate_bad_text),
		cmocka_unit_test(test_certificate_scripts),
		cmocka_unit_test(test_certificate_board_facts),
		cmocka_unit_test(test_buffer_limit),
		cmocka_unit_test(test_sheet_pages),
		cmocka_unit_test(test_sheet_empty),
	};
	void (*fc_fini)(void);
	int rc;

	rc = cmocka_run_group_tests_name("pdf: certificates and sign-in "
	    "sheets", tests, NULL, NULL);
	/*
	 * cairo's and fontconfig's caches live until exit; free them so that
	 * LeakSanitizer reports only our leaks. FcFini is looked up, not
	 * linked: the Makefile links cairo, which loads fontconfig itself.
	 */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	if ((*(void **)&fc_fini = dlsym(RTLD_DEFAULT, "FcFini")) != NULL)
		fc_fini();
	return rc;
}
