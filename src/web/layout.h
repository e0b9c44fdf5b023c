/* layout.h: the frame of every page: head, hotline, quick exit, footer. */
#ifndef CONVENE_LAYOUT_H
#define CONVENE_LAYOUT_H

struct html;
struct http_req;

/* Opens the document with title and the safety banner. */
void layout_begin(struct html *h, struct http_req *r, const char *title);
/* A screen for a room (the presenter's): none of the site around it, no
 * quick exit (leaving at a key press would throw the projector elsewhere);
 * without script it reloads every refresh seconds (0: never). Close it with
 * layout_end_screen, which shows the hotline. */
void layout_begin_screen(struct html *h, struct http_req *r,
    const char *title, int refresh);
void layout_end_screen(struct html *h, struct http_req *r);
/* Opens a staff page: the frame (no quick exit) and the staff menu. */
void layout_staff_begin(struct html *h, struct http_req *r, const char *title);
/* The hidden anti-CSRF field of a staff form. */
void layout_csrf(struct html *h, struct http_req *r);
/* The help line as a sentence's part, its number and text links: "NAME:
 * call PHONE or text TEXT." (prose: "call the NAME at PHONE ..."). */
void hotline_html(struct html *h, int prose);
/* Closes the document. */
void layout_end(struct html *h);

#endif
