/* api.h: JSON building and replying for the /api/v1 handlers. */
#ifndef CONVENE_API_H
#define CONVENE_API_H

#include <jansson.h>

struct http_req;
struct store_event;
struct store_session;
struct store_registration;

/* Sends j (stolen) with status. */
void api_reply(struct http_req *r, int status, json_t *j);
/* 422 with {"errors": {field: message}}; j is stolen. */
void api_unprocessable(struct http_req *r, json_t *errors);
/* Parses the body as a JSON object, or answers 400/415 and returns NULL. */
json_t *api_body(struct http_req *r);

json_t *api_event_json(struct http_req *r, const struct store_event *e);
json_t *api_session_json(struct http_req *r, const struct store_session *s,
    const char *zone);
/* A certificate as the verify API shows it: its own facts, whether it
 * is valid, and when it was revoked (never why). */
struct store_certificate;
json_t *api_certificate_json(struct http_req *r,
    const struct store_certificate *c);
json_t *api_ticket_json(struct http_req *r,
    const struct store_registration *t, const struct store_session *s);

#endif
