/* cli_outbox.c: convene outbox: what waits to be sent, and what was. */
#include <stdio.h>
#include <time.h>

#include "util.h"
#include "store.h"
#include "cli.h"

static const char help[] =
    "usage: convene outbox [--db FILE]\n"
    "Lists the newest 100 messages of the outbox: when queued, to whom, the\n"
    "template it is written from (the subject, for messages queued by older\n"
    "versions), and whether sent, with the last delivery error if any.\n";

int
cli_outbox(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct arena *a = NULL;
	struct store *s;
	struct store_mail *m;
	size_t n, i;
	int rc, n_args;

	if ((rc = cli_options("outbox", help, argc, argv, opts, &n_args)) != -1)
		return rc;
	if (n_args != 0)
		return cli_usage_error("outbox", "takes no arguments");
	if ((s = cli_open_db(db)) == NULL)
		return 1;
	a = arena_new();
	if (store_outbox_list(s, a, 100, &m, &n) != STORE_OK) {
		fprintf(stderr, "convene: cannot read the outbox of %s\n", db);
		rc = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		char when[32];
		time_t t = (time_t)m[i].created_at;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%MZ", &tm);
		printf("%-6lld %s  %-8s %-32s %s", (long long)m[i].id, when,
		    m[i].sent_at ? "sent" : "waiting", m[i].to, m[i].subject);
		if (m[i].last_error)
			printf("  [%lld attempts; last: %s]",
			    (long long)m[i].attempts, m[i].last_error);
		putchar('\n');
	}
	if (n == 0)
		printf("the outbox is empty\n");
	rc = 0;
out:
	store_close(s);
	arena_free(a);
	return rc;
}
