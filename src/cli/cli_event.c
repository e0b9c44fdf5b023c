/* cli_event.c: convene event list: the events and their sessions, in a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "fmt.h"
#include "cli.h"

static const char help[] =
    "usage: convene event list [--db FILE]\n"
    "       convene event publish|draft EVENT [--db FILE]\n"
    "list: events by date with their sessions: id, local time, audience,\n"
    "confirmed and waitlisted registrations, and capacity; drafts are\n"
    "marked [draft].\n"
    "publish: puts a draft event on the public pages, feeds and API;\n"
    "draft: takes it off them again (audited as the system).\n";

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
		printf("event %lld  %s  %s, %s%s%s\n", (long long)ev[i].id,
		    ev[i].title, ev[i].city, ev[i].state,
		    ev[i].cancelled ? "  [cancelled]" : "",
		    ev[i].published ? "" : "  [draft]");
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

static int
publish(const char *db, const char *arg, int on)
{
	struct app app = { NULL, NULL, NULL, 0 };
	struct arena *a = arena_new();
	struct store *s = NULL;
	char *end;
	int64_t id = strtoll(arg, &end, 10);
	int rc = 1;

	if (*end != '\0' || id <= 0) {
		arena_free(a);
		return cli_usage_error("event", "EVENT must be a number, not "
		    "'%s'", arg);
	}
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	app.store = s;
	switch (app_event_publish(&app, &app_system, a, id, on)) {
	case STORE_OK:
		printf("event %lld %s\n", (long long)id, on ? "published" :
		    "is a draft");
		rc = 0;
		break;
	case STORE_NOTFOUND:
		fprintf(stderr, "convene: no event %lld in %s\n", (long long)id,
		    db);
		break;
	default:
		fprintf(stderr, "convene: cannot change event %lld\n",
		    (long long)id);
		break;
	}
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
	if (n == 1 && strcmp(argv[1], "list") == 0)
		return list(db);
	if (n == 2 && strcmp(argv[1], "publish") == 0)
		return publish(db, argv[2], 1);
	if (n == 2 && strcmp(argv[1], "draft") == 0)
		return publish(db, argv[2], 0);
	return cli_usage_error("event", "wants 'list', 'publish EVENT' or "
	    "'draft EVENT'");
}
