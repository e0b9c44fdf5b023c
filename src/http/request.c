/* request.c: what a handler reads from the request and adds to the response. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "util.h"
#include "http.h"
#include "limit.h"

/* Request header value; NULL when absent. */
const char *
http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* Query-string value, percent-decoded by libmicrohttpd; NULL when absent. */
const char *
http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

/* A cookie's value, parsed by libmicrohttpd. */
const char *
http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* See http.h: the socket's peer, for trusting a proxy; never logged. */
int
http_conn_peer(void *conn, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return -1;
	if (sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, (socklen_t)outsz) ? 0 : -1;
	if (sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		    (socklen_t)outsz) ? 0 : -1;
	return -1;
}

/* See http.h. */
int
http_peer(struct http_req *r, char *out, size_t outsz)
{
	return http_conn_peer(r->conn, out, outsz);
}

/* See http.h: worked out once per request. */
const char *
http_client(struct http_req *r)
{
	const struct limit_conf *lc = http_limits(r);
	char peer[64], client[64];

	if (r->client != NULL)
		return r->client;
	if (http_peer(r, peer, sizeof(peer)) == -1)
		return r->client = "";
	if (lc == NULL)
		return r->client = arena_strdup(r->arena, peer);
	limit_client(lc, peer, http_header(r, "X-Forwarded-For"), client,
	    sizeof(client));
	return r->client = arena_strdup(r->arena, client);
}

/* Number of query-string arguments. */
int
http_query_count(struct http_req *r)
{
	return MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, NULL,
	    NULL);
}

/* Adds a response header, silently dropping any past the limit. */
void
http_set_header(struct http_req *r, const char *name, const char *value)
{
	size_t i;

	/* One field each: a stream under /staff would say Cache-Control
	 * twice (the route's no-store, and the stream's own). */
	if (strcasecmp(name, "Set-Cookie") != 0)
		for (i = 0; i < r->nheaders; i++)
			if (strcasecmp(r->hname[i], name) == 0) {
				r->hvalue[i] = value;
				return;
			}
	if (r->nheaders >= HTTP_MAX_HEADERS) {
		log_warn("too many response headers; dropped %s", name);
		return;
	}
	r->hname[r->nheaders] = name;
	r->hvalue[r->nheaders] = value;
	r->nheaders++;
}

/* 303 See Other to a local path, body emptied. */
void
http_redirect(struct http_req *r, const char *path)
{
	r->status = 303;
	buf_reset(&r->out);
	http_set_header(r, "Location", arena_strdup(r->arena, path));
}
