/* router.h: a route table matched against method and path. */
#ifndef CONVENE_ROUTER_H
#define CONVENE_ROUTER_H

#include "http.h"

struct http_route {
	enum http_method  method;
	const char	 *pattern;	/* "/events/{}": {} is one path segment */
	void		(*fn)(struct http_req *r);
	const char	 *name;		/* for metrics and tests */
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD,	/* the path exists with another method */
};

/*
 * Finds the route for r's method and path among n rows, filling r->params
 * and r->route (the row's index). HEAD matches GET routes. The rows are
 * stride bytes apart and first points into the first one, so a table whose
 * rows begin with a struct http_route can hold more facts per route;
 * a plain array passes sizeof(struct http_route).
 */
enum route_match http_route_find(const struct http_route *first, size_t n,
    size_t stride, struct http_req *r);

#endif
