/* hotline.c: the help line shown on every public page, with today's National Human Trafficking Hotline as the default. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "hotline.h"

static struct hotline line = {
	/* Marked: the default name is translated where it is shown. */
	N_("National Human Trafficking Hotline"), "1-888-373-7888", "233733",
	"+18883737888",
};

/* See hotline.h. */
void
hotline_set(const char *name, const char *phone, const char *text)
{
	size_t i, n = 0;

	if (name != NULL && *name != '\0')
		snprintf(line.name, sizeof(line.name), "%s", name);
	if (phone != NULL && *phone != '\0') {
		snprintf(line.phone, sizeof(line.phone), "%s", phone);
		/* A tel: link wants digits only, after a plus. */
		line.tel[n++] = '+';
		for (i = 0; phone[i] && n + 1 < sizeof(line.tel); i++)
			if (isdigit((unsigned char)phone[i]))
				line.tel[n++] = phone[i];
		line.tel[n] = '\0';
	}
	if (text != NULL)
		snprintf(line.text, sizeof(line.text), "%s", text);
}

/* See hotline.h. */
const struct hotline *
hotline_get(void)
{
	return &line;
}
