/* markdown.c: Markdown to HTML through cmark, without raw HTML or unsafe links. */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "util.h"
#include "markdown.h"

/* See markdown.h. */
int
markdown_html(struct buf *b, const char *text)
{
	char *html;
	int rc;

	/* Safe is cmark's default since 0.29: no CMARK_OPT_UNSAFE here. */
	html = cmark_markdown_to_html(text, strlen(text),
	    CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	if (html == NULL)
		return -1;
	rc = buf_puts(b, html);
	free(html);
	return rc;
}
