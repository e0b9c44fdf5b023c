/* hotline.h: the help line every public page shows (configurable: its operator can change). */
#ifndef CONVENE_HOTLINE_H
#define CONVENE_HOTLINE_H

struct hotline {
	char	name[128];	/* "National Human Trafficking Hotline" */
	char	phone[32];	/* as people dial it: "1-888-373-7888" */
	char	text[32];	/* the number to text: "233733"; "" none */
	char	tel[40];	/* phone for a tel: link: "+18883737888" */
};

/* Sets the line from the configuration; NULL or "" keeps that part's
 * default (today's National Human Trafficking Hotline). Before serving. */
void hotline_set(const char *name, const char *phone, const char *text);
/* The line to show. */
const struct hotline *hotline_get(void);

#endif
