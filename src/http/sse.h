/* sse.h: server-sent event streams: subscribers by topic, suspended while idle. */
#ifndef CONVENE_SSE_H
#define CONVENE_SSE_H

#include <stddef.h>
#include <stdint.h>

struct http_req;
struct sse_hub;
struct sse_sub;

struct sse_hub *sse_hub_new(void);
/* Ends every stream (they finish with end-of-stream); before stopping MHD. */
void sse_hub_close(struct sse_hub *hub);
/* Frees the hub once no stream is left. */
void sse_hub_free(struct sse_hub *hub);
/* Subscribers now. */
size_t sse_hub_count(struct sse_hub *hub);

/*
 * Makes the response to r an event stream subscribed to topic; the first
 * bytes are hello (may be NULL). Returns 0, -1 when the server is
 * stopping or already holds its most streams (15360), or -2 when the
 * client's address has its most ([limits] streams).
 */
int sse_start(struct http_req *r, int64_t topic, const char *hello);
/* Sends "event: name" with one line of data to every subscriber of topic,
 * with "id: id" when id > 0 (a client that reconnects sends it back). */
void sse_publish(struct sse_hub *hub, int64_t topic, int64_t id,
    const char *event, const char *data);

/* For server.c: the response reader and its release. */
struct MHD_Response;
struct MHD_Response *sse_response(struct sse_sub *sub);

#endif
