/* field.c: one validator and one renderer for every table-described field. */
#include <string.h>

#include "util.h"
#include "core.h"
#include "html.h"
#include "field.h"

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
	if (!utf8_valid(raw, strlen(raw)) || !text_clean(raw, 0)) {
		*err = arena_printf(a, "%s contains characters we cannot accept.",
		    f->label);
		return -1;
	}
	v = str_trim(arena_strdup(a, raw));
	if (*v == '\0') {
		if (!required)
			return 0;
		*err = f->type == FIELD_CHOICE ?
		    arena_printf(a, "Choose your %s.", f->name) :
		    arena_printf(a, "Enter your %s.", f->name);
		return -1;
	}
	if (utf8_chars(v) > f->maxlen) {
		*err = arena_printf(a, "Use at most %zu characters.", f->maxlen);
		return -1;
	}
	switch (f->type) {
	case FIELD_EMAIL:
		if (!core_email_valid(v)) {
			*err = "Enter an email address like name@example.org.";
			return -1;
		}
		break;
	case FIELD_CHOICE:
		for (i = 0; i < nopts; i++)
			if (strcmp(v, opts[i].value) == 0)
				break;
		if (i == nopts) {
			*err = "Choose one of the options listed.";
			return -1;
		}
		break;
	case FIELD_TEXT:
		break;
	}
	*val = v;
	return 0;
}

/* See field.h. */
void
field_render(struct html *h, struct arena *a, const struct field *f,
    const char *value,
    const char *err, int required, const struct field_option *opts,
    size_t nopts)
{
	const char *id = arena_printf(a, "f-%s", f->name);
	const char *eid = arena_printf(a, "e-%s", f->name);
	const char *hid = arena_printf(a, "h-%s", f->name);
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
	html_text(h, f->label);
	html_lit(h, "</label>\n");
	if (f->hint) {
		html_lit(h, "<p class=\"hint\"");
		html_attr(h, "id", hid);
		html_lit(h, ">");
		html_text(h, f->hint);
		html_lit(h, "</p>\n");
	}
	if (err) {
		html_lit(h, "<p class=\"field-error\"");
		html_attr(h, "id", eid);
		html_lit(h, "><span class=\"visually-hidden\">Error: </span>");
		html_text(h, err);
		html_lit(h, "</p>\n");
	}
	if (f->type == FIELD_CHOICE) {
		html_lit(h, "<select");
		html_attr(h, "id", id);
		html_attr(h, "name", f->name);
	} else {
		html_lit(h, "<input");
		html_attr(h, "id", id);
		html_attr(h, "name", f->name);
		html_attr(h, "type", f->type == FIELD_EMAIL ? "email" : "text");
		html_attr(h, "value", value ? value : "");
		html_lit(h, " maxlength=\"");
		html_int(h, (int64_t)f->maxlen);
		html_lit(h, "\"");
		if (f->type == FIELD_EMAIL)
			html_lit(h, " inputmode=\"email\" spellcheck=\"false\"");
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
	if (f->type == FIELD_CHOICE) {
		html_lit(h, "\n<option value=\"\">Choose…</option>\n");
		for (i = 0; i < nopts; i++) {
			html_lit(h, "<option");
			html_attr(h, "value", opts[i].value);
			if (value && strcmp(value, opts[i].value) == 0)
				html_lit(h, " selected");
			html_lit(h, ">");
			html_text(h, opts[i].label);
			html_lit(h, "</option>\n");
		}
		html_lit(h, "</select>");
	}
	html_lit(h, "\n</div>\n");
}
