/* markdown.h: descriptions written in Markdown, rendered safely (cmark). */
#ifndef CONVENE_MARKDOWN_H
#define CONVENE_MARKDOWN_H

struct buf;

/*
 * Appends the HTML of Markdown text: raw HTML in the text is dropped and
 * links other than http(s), mailto and relative ones are removed, as
 * cmark's safe mode does. Returns 0 or -1.
 */
int markdown_html(struct buf *b, const char *text);

#endif
