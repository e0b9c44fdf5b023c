/* field.c: unit tests for table-described form fields (src/html/field.c): field_check validation and field_render escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "i18n.h"
#include "html.h"
#include "field.h"

static const struct field f_name = {
	"name", "Name", FIELD_TEXT, 10, "name", NULL, "Enter your name."
};
static const struct field f_short = {
	"city", "City", FIELD_TEXT, 5, NULL, NULL, NULL
};
static const struct field f_email = {
	"email", "Email", FIELD_EMAIL, 254, "email", NULL, NULL
};
static const struct field f_sector = {
	"sector", "Sector", FIELD_CHOICE, 32, NULL, NULL, "Choose your sector."
};
static const struct field_option sectors[] = {
	{ "medical", "Medical" },
	{ "legal", "Legal & court" },
};

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

/* field_check without options; asserts the val/err contract on the way. */
static int
check(struct arena *a, const struct field *f, const char *raw, int required,
    const char **val, const char **err)
{
	int rc = field_check(a, f, raw, required, sectors, ARRAY_LEN(sectors),
	    val, err);

	if (rc == 0)
		assert_null(*err);
	else {
		assert_int_equal(rc, -1);
		assert_null(*val);
		assert_non_null(*err);
	}
	return rc;
}

static void
test_text_ok(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_name, "Ann Lee", 1, &val, &err), 0);
	assert_string_equal(val, "Ann Lee");
}

static void
test_text_trimmed(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_name, "  Ann \t ", 1, &val, &err), 0);
	assert_string_equal(val, "Ann");
	/* Trimming comes before the length check. */
	assert_int_equal(check(*state, &f_short, "   Paris   ", 1, &val, &err),
	    0);
	assert_string_equal(val, "Paris");
}

static void
test_text_required_empty(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_name, "", 1, &val, &err), -1);
	assert_string_equal(err, "Enter your name.");
	assert_int_equal(check(*state, &f_name, "   \t ", 1, &val, &err), -1);
	assert_string_equal(err, "Enter your name.");
	assert_int_equal(check(*state, &f_name, NULL, 1, &val, &err), -1);
	assert_string_equal(err, "Enter your name.");
}

static void
test_text_optional_empty(void **state)
{
	const char *val = "junk", *err = "junk";

	assert_int_equal(check(*state, &f_name, "", 0, &val, &err), 0);
	assert_null(val);
	val = "junk";
	assert_int_equal(check(*state, &f_name, "  ", 0, &val, &err), 0);
	assert_null(val);
	val = "junk";
	assert_int_equal(check(*state, &f_name, NULL, 0, &val, &err), 0);
	assert_null(val);
}

static void
test_text_maxlen_in_characters(void **state)
{
	const char *val, *err;

	/* Five characters, ten bytes: within a maxlen of 5. */
	assert_int_equal(check(*state, &f_short,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 1, &val, &err), 0);
	assert_string_equal(val, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_int_equal(check(*state, &f_short, "abcde", 1, &val, &err), 0);
	/* Six characters: one too many. */
	assert_int_equal(check(*state, &f_short,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 1, &val, &err),
	    -1);
	assert_string_equal(err, "Use at most 5 characters.");
	assert_int_equal(check(*state, &f_short, "abcdef", 1, &val, &err), -1);
	assert_string_equal(err, "Use at most 5 characters.");
	/* An emoji is one character. */
	assert_int_equal(check(*state, &f_short,
	    "ab\xf0\x9f\x98\x80" "de", 1, &val, &err), 0);
}

static void
test_control_characters(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_name, "Ann\x01", 1, &val, &err), -1);
	assert_string_equal(err, "Name contains characters we cannot accept.");
	assert_int_equal(check(*state, &f_name, "Ann\nLee", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_name, "Ann\rLee", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_name, "Ann\x1b", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_name, "Ann\x7f", 1, &val, &err), -1);
	/* Even when not required. */
	assert_int_equal(check(*state, &f_name, "\x02", 0, &val, &err), -1);
}

static void
test_invalid_utf8(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_name, "caf\xe9", 1, &val, &err), -1);
	assert_string_equal(err, "Name contains characters we cannot accept.");
	assert_int_equal(check(*state, &f_name, "\xc0\xaf", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_name, "\xed\xa0\x80", 1, &val, &err),
	    -1);
	assert_int_equal(check(*state, &f_email, "a\xff@example.org", 1, &val,
	    &err), -1);
}

static void
test_email(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_email, " ann@example.org ", 1, &val,
	    &err), 0);
	assert_string_equal(val, "ann@example.org");
	assert_int_equal(check(*state, &f_email, "ann", 1, &val, &err), -1);
	assert_string_equal(err, "Enter an email address like name@example.org.");
	assert_int_equal(check(*state, &f_email, "ann@example", 1, &val, &err),
	    -1);
	assert_int_equal(check(*state, &f_email, "a b@example.org", 1, &val,
	    &err), -1);
	assert_int_equal(check(*state, &f_email, "", 1, &val, &err), -1);
	assert_string_equal(err, "Email is required.");
	assert_int_equal(check(*state, &f_email, "", 0, &val, &err), 0);
	assert_null(val);
}

static void
test_choice(void **state)
{
	const char *val, *err;

	assert_int_equal(check(*state, &f_sector, "medical", 1, &val, &err), 0);
	assert_string_equal(val, "medical");
	assert_int_equal(check(*state, &f_sector, " legal ", 1, &val, &err), 0);
	assert_string_equal(val, "legal");
	assert_int_equal(check(*state, &f_sector, "astronaut", 1, &val, &err),
	    -1);
	assert_string_equal(err, "Choose one of the options listed.");
	/* Values, not labels, and exact case. */
	assert_int_equal(check(*state, &f_sector, "Medical", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_sector, "Legal & court", 1, &val,
	    &err), -1);
	assert_int_equal(check(*state, &f_sector, "medic", 1, &val, &err), -1);
	assert_int_equal(check(*state, &f_sector, "", 1, &val, &err), -1);
	assert_string_equal(err, "Choose your sector.");
}

static void
test_choice_no_options(void **state)
{
	const char *val, *err;

	assert_int_equal(field_check(*state, &f_sector, "medical", 1, NULL, 0,
	    &val, &err), -1);
	assert_string_equal(err, "Choose one of the options listed.");
}

/* ---- field_render ---- */

static void
test_render_escapes_value(void **state)
{
	struct buf b;
	struct html h = { &b };
	const char *evil = "\"><script>alert(1)</script>";

	buf_init(&b, 0);
	field_render(&h, *state, &f_name, evil, NULL, 1, NULL, 0);
	assert_non_null(b.data);
	assert_null(strstr(b.data, "<script"));
	assert_null(strstr(b.data, "\"><"));
	assert_non_null(strstr(b.data,
	    " value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
	assert_non_null(strstr(b.data, " name=\"name\""));
	assert_non_null(strstr(b.data, " id=\"f-name\""));
	assert_non_null(strstr(b.data, " maxlength=\"10\""));
	assert_non_null(strstr(b.data, " required"));
	assert_null(strstr(b.data, "aria-invalid"));
	buf_free(&b);
}

static void
test_render_error_and_hint(void **state)
{
	static const struct field hinted = {
		"county", "County <b>", FIELD_TEXT, 80, NULL, "Where you <work>",
		NULL
	};
	struct buf b;
	struct html h = { &b };

	buf_init(&b, 0);
	field_render(&h, *state, &hinted, NULL, "Bad <i>value</i>", 0, NULL, 0);
	assert_non_null(b.data);
	assert_null(strstr(b.data, "<b>"));
	assert_null(strstr(b.data, "<work>"));
	assert_null(strstr(b.data, "<i>"));
	assert_non_null(strstr(b.data, "County &lt;b&gt;"));
	assert_non_null(strstr(b.data, "Where you &lt;work&gt;"));
	assert_non_null(strstr(b.data, "Bad &lt;i&gt;value&lt;/i&gt;"));
	assert_non_null(strstr(b.data, " aria-invalid=\"true\""));
	assert_non_null(strstr(b.data,
	    " aria-describedby=\"f-h-county f-e-county\""));
	assert_non_null(strstr(b.data, " value=\"\""));
	assert_null(strstr(b.data, " required"));
	buf_free(&b);
}

static void
test_render_choice(void **state)
{
	static const struct field_option evil[] = {
		{ "medical", "Medical" },
		{ "x\"><script>", "<script>alert(1)</script>" },
	};
	struct buf b;
	struct html h = { &b };

	buf_init(&b, 0);
	field_render(&h, *state, &f_sector, "medical", NULL, 1, evil,
	    ARRAY_LEN(evil));
	assert_non_null(b.data);
	assert_non_null(strstr(b.data, "<select"));
	assert_non_null(strstr(b.data,
	    "<option value=\"medical\" selected>Medical</option>"));
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data,
	    "<option value=\"x&quot;&gt;&lt;script&gt;\">"
	    "&lt;script&gt;alert(1)&lt;/script&gt;</option>"));
	/* Exactly one option is selected. */
	assert_ptr_equal(strstr(b.data, " selected"),
	    strstr(b.data, " selected>Medical"));
	assert_null(strstr(strstr(b.data, " selected") + 1, " selected"));
	buf_free(&b);
}

/* ---- translation ---- */

/* A catalog of our own: the shipped one is the translators'. */
static const char test_po[] =
    "msgid \"\"\nmsgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
    "msgid \"Title\"\nmsgstr \"Título\"\n\n"
    "msgid \"At most ten letters.\"\nmsgstr \"Diez letras como máximo.\"\n\n"
    "msgid \"Choose a kind.\"\nmsgstr \"Elija un tipo.\"\n\n"
    "msgid \"Public session\"\nmsgstr \"Sesión pública\"\n\n"
    "msgid \"Choose…\"\nmsgstr \"Elija…\"\n\n"
    "msgid \"Error: \"\nmsgstr \"Fallo: \"\n\n"
    "msgid \"%s is required.\"\nmsgstr \"%s es obligatorio.\"\n\n"
    "msgid \"Choose one of the options listed.\"\n"
    "msgstr \"Elija una de las opciones.\"\n";

/*
 * Tables hold English (N_()); field.c shows labels, hints, option labels
 * and its own messages in the thread's language. Skipped where msgfmt or
 * the es_ES.UTF-8 locale is missing.
 */
static void
test_translated(void **state)
{
	static const struct field f_title = {
		"title", N_("Title"), FIELD_TEXT, 10, NULL,
		N_("At most ten letters."), NULL
	};
	static const struct field f_kind = {
		"kind", N_("Title"), FIELD_CHOICE, 16, NULL, NULL,
		N_("Choose a kind.")
	};
	static const struct field_option kinds[] = {
		{ "public", N_("Public session") },
	};
	char dir[] = "/tmp/convene-field-XXXXXX", cmd[256];
	const char *val, *err;
	struct buf b;
	struct html h = { &b };
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s/es.po", dir);
	assert_non_null(fp = fopen(cmd, "w"));
	fputs(test_po, fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/es/LC_MESSAGES && msgfmt "
	    "-o %s/es/LC_MESSAGES/convene.mo %s/es.po", dir, dir, dir);
	if (system(cmd) != 0)
		skip();
	setenv("CONVENE_LOCALEDIR", dir, 1);
	i18n_init();
	if (!i18n_available(LANG_ES))
		skip();
	i18n_set(LANG_ES);
	buf_init(&b, 0);
	field_render(&h, *state, &f_title, NULL, "Ya.", 1, NULL, 0);
	field_render(&h, *state, &f_kind, NULL, NULL, 1, kinds, 1);
	assert_non_null(strstr(b.data, ">Título</label>"));
	assert_non_null(strstr(b.data, ">Diez letras como máximo.</p>"));
	assert_non_null(strstr(b.data, ">Fallo: </span>Ya.</p>"));
	assert_non_null(strstr(b.data, ">Elija…</option>"));
	assert_non_null(strstr(b.data, ">Sesión pública</option>"));
	assert_null(strstr(b.data, "Title"));
	buf_free(&b);
	assert_int_equal(field_check(*state, &f_title, " ", 1, NULL, 0, &val,
	    &err), -1);
	assert_string_equal(err, "Título es obligatorio.");
	assert_int_equal(field_check(*state, &f_kind, "", 1, kinds, 1, &val,
	    &err), -1);
	assert_string_equal(err, "Elija un tipo.");
	assert_int_equal(field_check(*state, &f_kind, "x", 1, kinds, 1, &val,
	    &err), -1);
	assert_string_equal(err, "Elija una de las opciones.");
	/* English stays as the table says. */
	i18n_set(LANG_EN);
	assert_int_equal(field_check(*state, &f_title, "", 1, NULL, 0, &val,
	    &err), -1);
	assert_string_equal(err, "Title is required.");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_text_ok),
		T(test_text_trimmed),
		T(test_text_required_empty),
		T(test_text_optional_empty),
		T(test_text_maxlen_in_characters),
		T(test_control_characters),
		T(test_invalid_utf8),
		T(test_email),
		T(test_choice),
		T(test_choice_no_options),
		T(test_render_escapes_value),
		T(test_render_error_and_hint),
		T(test_render_choice),
		T(test_translated),
	};

	return cmocka_run_group_tests_name("field: validation and rendering",
	    tests, NULL, NULL);
}
