/* router.h: a route table matched against method and path. */
#ifndef CONVENE_ROUTER_H
#define CONVENE_ROUTER_H

#include "http.h"

struct http_route {
	enum http_method  method;
	const char	 *pattern;	/* "/events/{}": {} is one path segment */
	void		(*fn)(struct http_req *r);
	const char	 *name;		/* for metrics */
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD,	/* the path exists with another method */
};

/*
 * Finds the route for r's method and path among n routes, filling
 * r->params and r->route. HEAD matches GET routes.
 */
enum route_match http_route_find(const struct http_route *routes, size_t n,
    struct http_req *r);

#endif
