/* layout.h: the frame of every page: head, hotline, quick exit, footer. */
#ifndef CONVENE_LAYOUT_H
#define CONVENE_LAYOUT_H

struct html;
struct http_req;

/* Opens the document with title and the safety banner. */
void layout_begin(struct html *h, struct http_req *r, const char *title);
/* Opens a staff page: the frame plus the staff menu for the user's roles. */
void layout_staff_begin(struct html *h, struct http_req *r, const char *title);
/* The hidden anti-CSRF field of a staff form. */
void layout_csrf(struct html *h, struct http_req *r);
/* Closes the document. */
void layout_end(struct html *h);

#endif
