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

/* Literal characters of a pattern: the more, the more specific. */
static size_t
specificity(const char *pattern)
{
	size_t n = 0;

	for (; *pattern; pattern++)
		if (pattern[0] == '{' && pattern[1] == '}')
			pattern++;
		else
			n++;
	return n;
}

/* See router.h. The most specific matching pattern wins ("/a/new" over "/a/{}"). */
enum route_match
http_route_find(const struct http_route *first, size_t n, size_t stride,
    struct http_req *r)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	const char *params[HTTP_MAX_PARAMS];
	size_t i, best_spec = 0, nparams = 0;
	int best = -1, path_seen = 0;

	for (i = 0; i < n; i++) {
		const struct http_route *rt = (const void *)
		    ((const char *)first + i * stride);
		size_t spec;

		if (!match(rt->pattern, r->path, r))
			continue;
		if (rt->method != m) {
			path_seen = 1;
			continue;
		}
		spec = specificity(rt->pattern);
		if (best == -1 || spec > best_spec) {
			best = (int)i;
			best_spec = spec;
			nparams = r->nparams;
			memcpy(params, r->params, sizeof(params));
		}
	}
	if (best == -1) {
		r->nparams = 0;
		return path_seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
	}
	r->route = best;
	r->nparams = nparams;
	memcpy(r->params, params, sizeof(params));
	return ROUTE_FOUND;
}
