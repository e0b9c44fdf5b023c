/* cli_init.c: convene init: create the database or apply pending migrations. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "store.h"
#include "cli.h"

static const char help[] =
    "usage: convene init [--db FILE]\n"
    "Creates the database FILE (default " DEFAULT_DB ") or applies the\n"
    "migrations it lacks. Running it twice is harmless.\n";

int
cli_init(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct store *s;
	int rc, n, v;

	if ((rc = cli_options("init", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n > 0)
		return cli_usage_error("init", "unexpected argument '%s'",
		    argv[1]);
	if ((s = store_open(db, STORE_CREATE)) == NULL) {
		fprintf(stderr, "convene: cannot create database %s\n", db);
		return 1;
	}
	if (store_migrate(s) == -1 || store_schema_version(s, &v) == -1) {
		fprintf(stderr, "convene: cannot set up database %s\n", db);
		store_close(s);
		return 1;
	}
	store_close(s);
	printf("database %s is ready (schema version %d)\n", db, v);
	return 0;
}
