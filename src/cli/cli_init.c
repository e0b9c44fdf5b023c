/* cli_init.c: convene init: create the database or apply pending migrations. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "store.h"
#include "app.h"
#include "web.h"
#include "cli.h"

static const char help[] =
    "usage: convene init [--db FILE]\n"
    "Creates the database FILE (default " DEFAULT_DB ") or applies the\n"
    "migrations it lacks, and makes the key that signs wallet credentials\n"
    "if there is none (kept in the database, never shown). Running it\n"
    "twice is harmless.\n";

int
cli_init(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct app app = { NULL, NULL, NULL, 0 };
	struct jose_key key;
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
	app.store = s;
	memset(&key, 0, sizeof(key));
	if (store_migrate(s) == -1 || store_schema_version(s, &v) == -1 ||
	    web_credential_key(&app, &key) == -1) {
		fprintf(stderr, "convene: cannot set up database %s\n", db);
		store_close(s);
		return 1;
	}
	jose_key_free(&key);
	store_close(s);
	printf("database %s is ready (schema version %d)\n", db, v);
	return 0;
}
