/* router.c: matching a path against route patterns with {} placeholders. */
#include <string.h>

#include "util.h"
#include "http.h"
#include "router.h"

/* 1 when path matches pattern; captured segments go into r->params. */
static int
match(const char *pattern, const char *path, struct http_req *r)
{
	const char *p = pattern, *s = path, *end;
	size_t n = 0;

	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			end = strchr(s, '/');
			if (end == NULL)
				end = s + strlen(s);
			if (end == s || n == HTTP_MAX_PARAMS)
				return 0;
			r->params[n++] = arena_strndup(r->arena, s,
			    (size_t)(end - s));
			s = end;
			p += 2;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		return 0;
	r->nparams = n;
	return 1;
}

/* See router.h. */
enum route_match
http_route_find(const struct http_route *routes, size_t n, struct http_req *r)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	int path_seen = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!match(routes[i].pattern, r->path, r))
			continue;
		if (routes[i].method == m) {
			r->route = (int)i;
			return ROUTE_FOUND;
		}
		path_seen = 1;
	}
	r->nparams = 0;
	return path_seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
