/* cli_remind.c: convene remind: queue the reminders due now (serve does it every five minutes). */
#include <stdio.h>

#include "util.h"
#include "store.h"
#include "app.h"
#include "cli.h"

static const char help[] =
    "usage: convene remind [--db FILE]\n"
    "Queues the reminders due now: the day before a session, its ticket\n"
    "link and calendar file to every confirmed registrant with an address;\n"
    "after a session whose certificate needs the evaluation, a reminder to\n"
    "complete it. Each goes once, however often this runs and on however\n"
    "many nodes. convene serve does this every five minutes by itself.\n";

/* See cli.h. */
int
cli_remind_run(const char *db, int quiet)
{
	struct app app = { NULL, NULL, NULL, 0 };
	struct store *s;
	size_t n;
	int rc;

	if ((s = cli_open_db(db)) == NULL)
		return 1;
	app.store = s;
	rc = app_reminders(&app, &n);
	store_close(s);
	if (rc != STORE_OK) {
		fprintf(stderr, "convene: cannot queue the reminders in %s\n", db);
		return 1;
	}
	if (!quiet)
		printf("queued %zu reminder%s\n", n, n == 1 ? "" : "s");
	return 0;
}

int
cli_remind(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	int rc, n;

	if ((rc = cli_options("remind", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n != 0)
		return cli_usage_error("remind", "takes no arguments");
	return cli_remind_run(db, 0);
}
