/* metrics.c: request and registration counters, shown in Prometheus format. */
#include <pthread.h>
#include <stdatomic.h>

#include "util.h"
#include "web.h"

/* Status codes counted one by one; anything else falls in "other". */
static const int statuses[] = {
	200, 201, 204, 303, 304, 400, 401, 403, 404, 405, 409, 413, 415,
	422, 429, 500, 503,
};
#define NSTATUS (ARRAY_LEN(statuses) + 1)

static const char *const outcomes[OUTCOME__MAX] = {
	"confirmed", "waitlisted", "existing", "invalid", "closed", "error",
};

/*
 * Request counters, one row a route and a last row for unmatched paths.
 * Sized from the route table at first use, since its length is known only
 * in routes.c; kept for the life of the process.
 */
static atomic_ullong (*requests)[NSTATUS];
static size_t nroutes;
static pthread_once_t requests_once = PTHREAD_ONCE_INIT;
static atomic_ullong registrations[OUTCOME__MAX];

static void
requests_alloc(void)
{
	size_t ri, si;

	nroutes = web_route_count();
	requests = xmalloc((nroutes + 1) * sizeof(*requests));
	for (ri = 0; ri <= nroutes; ri++)
		for (si = 0; si < NSTATUS; si++)
			atomic_init(&requests[ri][si], 0);
}

static size_t
status_index(int status)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(statuses); i++)
		if (statuses[i] == status)
			return i;
	return ARRAY_LEN(statuses);
}

/* Counts a finished request; route -1 is an unmatched path. */
void
metrics_request(int route, int status)
{
	size_t ri;

	pthread_once(&requests_once, requests_alloc);
	ri = route < 0 || (size_t)route >= nroutes ? nroutes : (size_t)route;
	atomic_fetch_add_explicit(&requests[ri][status_index(status)], 1,
	    memory_order_relaxed);
}

/* Counts a registration attempt by outcome. */
void
metrics_registration(enum reg_outcome o)
{
	atomic_fetch_add_explicit(&registrations[o], 1, memory_order_relaxed);
}

/* Appends every non-zero counter, and the live streams now. */
void
metrics_render(struct buf *b, size_t streams)
{
	size_t ri, si;
	int o;

	pthread_once(&requests_once, requests_alloc);
	buf_puts(b, "# HELP convene_http_requests_total HTTP requests by "
	    "route and status.\n# TYPE convene_http_requests_total counter\n");
	for (ri = 0; ri <= nroutes; ri++)
		for (si = 0; si < NSTATUS; si++) {
			unsigned long long v = atomic_load(&requests[ri][si]);

			if (v == 0)
				continue;
			buf_printf(b, "convene_http_requests_total{route=\"%s\","
			    "status=\"", web_route_name(ri == nroutes ? -1 :
			    (int)ri));
			if (si < ARRAY_LEN(statuses))
				buf_printf(b, "%d", statuses[si]);
			else
				buf_puts(b, "other");
			buf_printf(b, "\"} %llu\n", v);
		}
	buf_puts(b, "# HELP convene_registrations_total Registration attempts "
	    "by outcome.\n# TYPE convene_registrations_total counter\n");
	for (o = 0; o < OUTCOME__MAX; o++)
		buf_printf(b, "convene_registrations_total{outcome=\"%s\"} "
		    "%llu\n", outcomes[o],
		    (unsigned long long)atomic_load(&registrations[o]));
	buf_printf(b, "# HELP convene_event_streams Live Q&A event streams open.\n"
	    "# TYPE convene_event_streams gauge\nconvene_event_streams %zu\n",
	    streams);
}
