/* cli_event.c: convene event list: the events and their sessions, in a terminal. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "fmt.h"
#include "cli.h"

static const char help[] =
    "usage: convene event list [--db FILE]\n"
    "Lists events by date with their sessions: id, local time, audience,\n"
    "confirmed and waitlisted registrations, and capacity.\n";

static int
list(const char *db)
{
	struct arena *a = arena_new();
	struct store_event *ev;
	struct store *s;
	size_t n, i, j;
	int rc = 1;

	if ((s = cli_open_db(db)) == NULL)
		goto out;
	if (store_event_list(s, a, &ev, &n) != STORE_OK) {
		fprintf(stderr, "convene: cannot read events from %s\n", db);
		goto out;
	}
	for (i = 0; i < n; i++) {
		printf("event %lld  %s  %s, %s%s\n", (long long)ev[i].id,
		    ev[i].title, ev[i].city, ev[i].state,
		    ev[i].cancelled ? "  [cancelled]" : "");
		for (j = 0; j < ev[i].nsessions; j++) {
			const struct store_session *ss = &ev[i].sessions[j];
			char cap[32];

			if (ss->capacity < 0)
				snprintf(cap, sizeof(cap), "unlimited");
			else
				snprintf(cap, sizeof(cap), "%lld",
				    (long long)ss->capacity);
			printf("  session %-4lld %-32s %-12s %4lld confirmed "
			    "%4lld waitlisted  capacity %s\n",
			    (long long)ss->id, fmt_when(a, ev[i].time_zone,
			    ss->starts_at, ss->ends_at),
			    core_audience_keys[ss->audience],
			    (long long)ss->confirmed, (long long)ss->waitlisted,
			    cap);
		}
	}
	if (n == 0)
		printf("no events\n");
	rc = 0;
out:
	store_close(s);
	arena_free(a);
	return rc;
}

int
cli_event(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	int rc, n;

	if ((rc = cli_options("event", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n != 1 || strcmp(argv[1], "list") != 0)
		return cli_usage_error("event", "wants 'list'");
	return list(db);
}
