/* cli_purge.c: convene purge: forget what public attendees gave, once it is not needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "store.h"
#include "app.h"
#include "cli.h"

static const char help[] =
    "usage: convene purge [--days N] [--db FILE]\n"
    "Clears the names and email addresses (and anything else personal) of\n"
    "registrations for public sessions that ended more than N days ago\n"
    "(default " "30" "), and deletes delivered mail that old. Professional\n"
    "registrations are kept: they back certificates and reports. convene\n"
    "serve does this once a day by itself.\n";

/* See cli.h. */
int
cli_purge_run(const char *db, int64_t days, int quiet)
{
	struct app app = { NULL, NULL, NULL, 0 };
	struct store *s;
	int64_t n;
	int rc;

	if ((s = cli_open_db(db)) == NULL)
		return 1;
	app.store = s;

	/* Several nodes on one database purge once: the first takes it. */
	if ((rc = store_lock_try(s, STORE_LOCK_PURGE)) != 1) {
		store_close(s);
		if (rc == 0) {
			if (!quiet)
				printf("another node is purging now; nothing "
				    "done\n");
			return 0;
		}
		fprintf(stderr, "convene: cannot purge %s\n", db);
		return 1;
	}
	rc = app_purge(&app, now_utc() - days * 86400, &n);
	store_unlock(s, STORE_LOCK_PURGE);
	store_close(s);
	if (rc != STORE_OK) {
		fprintf(stderr, "convene: cannot purge %s\n", db);
		return 1;
	}
	if (!quiet)
		printf("cleared the personal data of %lld public registrations\n",
		    (long long)n);
	return 0;
}

int
cli_purge(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *days = NULL;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "days", &days, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	long d = PURGE_DAYS;
	char *end;
	int rc, n;

	if ((rc = cli_options("purge", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n != 0)
		return cli_usage_error("purge", "takes no arguments");
	if (days != NULL) {
		d = strtol(days, &end, 10);
		if (*end != '\0' || d < 0 || d > 3650)
			return cli_usage_error("purge", "--days wants 0 to 3650");
	}
	return cli_purge_run(db, d, 0);
}
