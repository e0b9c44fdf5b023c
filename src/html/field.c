/* field.c: one validator and one renderer for every table-described field. */
#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "i18n.h"
#include "tz.h"
#include "core.h"
#include "html.h"
#include "field.h"

/* See field.h. */
int
field_datetime(const char *v, int *y, int *mo, int *d, int *h, int *mi)
{
	int n = 0;

	if (strlen(v) != 16 || sscanf(v, "%4d-%2d-%2dT%2d:%2d%n", y, mo, d, h,
	    mi, &n) != 5 || n != 16 || v[4] != '-' || v[7] != '-' ||
	    v[10] != 'T' || v[13] != ':')
		return -1;
	if (*y < 1970 || *y > 9999 || *mo < 1 || *mo > 12 || *d < 1 ||
	    *d > 31 || *h < 0 || *h > 23 || *mi < 0 || *mi > 59)
		return -1;
	return 0;
}

/* A table's label, hint or message in the page's language (tables hold
 * N_() strings); "" and NULL stay as they are (gettext("") is the header). */
static const char *
tr(const char *s)
{
	return s != NULL && *s != '\0' ? gettext(s) : s;
}

static int
all_digits(const char *v)
{
	if (*v == '\0')
		return 0;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return 0;
	return 1;
}

/* See field.h. */
int
field_check(struct arena *a, const struct field *f, const char *raw,
    int required, const struct field_option *opts, size_t nopts,
    const char **val, const char **err)
{
	char *v;
	size_t i;

	*val = NULL;
	*err = NULL;
	if (raw == NULL)
		raw = "";
	if (!utf8_valid(raw, strlen(raw)) ||
	    !text_clean(raw, f->type == FIELD_TEXTAREA)) {
		*err = arena_printf(a, _("%s contains characters we cannot "
		    "accept."), tr(f->label));
		return -1;
	}
	/* Passwords are taken as typed: spaces may be part of them. */
	v = f->type == FIELD_PASSWORD ? arena_strdup(a, raw) :
	    str_trim(arena_strdup(a, raw));
	if (*v == '\0') {
		if (!required)
			return 0;
		*err = f->missing ? tr(f->missing) :
		    arena_printf(a, _("%s is required."), tr(f->label));
		return -1;
	}
	if (f->type != FIELD_DATETIME && utf8_chars(v) > f->maxlen) {
		/* English says "characters" even for one; other languages
		 * get their plural forms. */
		*err = arena_printf(a, NG_("Use at most %zu characters.",
		    "Use at most %zu characters.", f->maxlen), f->maxlen);
		return -1;
	}
	switch (f->type) {
	case FIELD_EMAIL:
		if (!core_email_valid(v)) {
			*err = _("Enter an email address like "
			    "name@example.org.");
			return -1;
		}
		break;
	case FIELD_CHOICE:
		for (i = 0; i < nopts; i++)
			if (strcmp(v, opts[i].value) == 0)
				break;
		if (i == nopts) {
			*err = _("Choose one of the options listed.");
			return -1;
		}
		break;
	case FIELD_INT:
		if (!all_digits(v) || strlen(v) > 7 || atol(v) > 1000000) {
			*err = _("Enter a whole number from 0 to 1000000.");
			return -1;
		}
		break;
	case FIELD_NUMBER: {
		char *end;
		double d = strtod(v, &end);

		if (*end != '\0' || !(d >= 0 && d <= 1000) ||
		    strspn(v, "0123456789.") != strlen(v)) {
			*err = _("Enter a number from 0 to 1000, like 4 or "
			    "1.5.");
			return -1;
		}
		break;
	}
	case FIELD_DATETIME: {
		int y, mo, d, h, mi;

		if (field_datetime(v, &y, &mo, &d, &h, &mi) == -1) {
			*err = _("Enter a date and time like "
			    "2027-01-11T09:00.");
			return -1;
		}
		break;
	}
	case FIELD_TZ:
		if (!tz_valid(v)) {
			*err = _("Enter a time zone like America/Denver.");
			return -1;
		}
		break;
	case FIELD_TEXT:
	case FIELD_PASSWORD:
	case FIELD_TEXTAREA:
		break;
	}
	*val = v;
	return 0;
}

static const char *
input_type(enum field_type t)
{
	switch (t) {
	case FIELD_EMAIL:
		return "email";
	case FIELD_PASSWORD:
		return "password";
	case FIELD_INT:
	case FIELD_NUMBER:
		return "number";
	case FIELD_DATETIME:
		return "datetime-local";
	default:
		return "text";
	}
}

/* See field.h. */
void
field_render(struct html *h, struct arena *a, const struct field *f,
    const char *value, const char *err, int required,
    const struct field_option *opts, size_t nopts)
{
	field_render_id(h, a, f, value, err, required, opts, nopts, "f");
}

/* See field.h. */
void
field_render_id(struct html *h, struct arena *a, const struct field *f,
    const char *value, const char *err, int required,
    const struct field_option *opts, size_t nopts, const char *idp)
{
	const char *id = arena_printf(a, "%s-%s", idp, f->name);
	const char *eid = arena_printf(a, "%s-e-%s", idp, f->name);
	const char *hid = arena_printf(a, "%s-h-%s", idp, f->name);
	const char *described = NULL;
	size_t i;

	if (err && f->hint)
		described = arena_printf(a, "%s %s", hid, eid);
	else if (err)
		described = eid;
	else if (f->hint)
		described = hid;

	html_lit(h, "<div class=\"field");
	if (err)
		html_lit(h, " has-error");
	html_lit(h, "\">\n<label");
	html_attr(h, "for", id);
	html_lit(h, ">");
	html_text(h, tr(f->label));
	html_lit(h, "</label>\n");
	if (f->hint) {
		html_lit(h, "<p class=\"hint\"");
		html_attr(h, "id", hid);
		html_lit(h, ">");
		html_text(h, tr(f->hint));
		html_lit(h, "</p>\n");
	}
	if (err) {
		html_lit(h, "<p class=\"field-error\"");
		html_attr(h, "id", eid);
		html_lit(h, "><span class=\"visually-hidden\">");
		html_t(h, "Error: ");
		html_lit(h, "</span>");
		html_text(h, err);
		html_lit(h, "</p>\n");
	}
	if (f->type == FIELD_CHOICE) {
		html_lit(h, "<select");
		html_attr(h, "id", id);
		html_attr(h, "name", f->name);
	} else if (f->type == FIELD_TEXTAREA) {
		html_lit(h, "<textarea rows=\"6\"");
		html_attr(h, "id", id);
		html_attr(h, "name", f->name);
	} else {
		html_lit(h, "<input");
		html_attr(h, "id", id);
		html_attr(h, "name", f->name);
		html_attr(h, "type", input_type(f->type));
		if (f->type != FIELD_PASSWORD)
			html_attr(h, "value", value ? value : "");
		if (f->type == FIELD_INT)
			html_lit(h, " min=\"0\" inputmode=\"numeric\"");
		else if (f->type == FIELD_NUMBER)
			html_lit(h, " min=\"0\" step=\"0.25\" inputmode=\"decimal\"");
		else if (f->type != FIELD_DATETIME) {
			html_lit(h, " maxlength=\"");
			html_int(h, (int64_t)f->maxlen);
			html_lit(h, "\"");
		}
		if (f->type == FIELD_EMAIL || f->type == FIELD_TZ)
			html_lit(h, " spellcheck=\"false\"");
	}
	if (f->autocomplete)
		html_attr(h, "autocomplete", f->autocomplete);
	if (required)
		html_lit(h, " required aria-required=\"true\"");
	if (err)
		html_lit(h, " aria-invalid=\"true\"");
	if (described)
		html_attr(h, "aria-describedby", described);
	html_lit(h, ">");
	if (f->type == FIELD_TEXTAREA) {
		html_text(h, value);
		html_lit(h, "</textarea>");
	} else if (f->type == FIELD_CHOICE) {
		html_lit(h, "\n<option value=\"\">");
		html_t(h, "Choose…");
		html_lit(h, "</option>\n");
		for (i = 0; i < nopts; i++) {
			html_lit(h, "<option");
			html_attr(h, "value", opts[i].value);
			if (value && strcmp(value, opts[i].value) == 0)
				html_lit(h, " selected");
			html_lit(h, ">");
			html_text(h, tr(opts[i].label));
			html_lit(h, "</option>\n");
		}
		html_lit(h, "</select>");
	}
	html_lit(h, "\n</div>\n");
}
