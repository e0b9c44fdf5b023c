/* cli_init.c: convene init: create the database or apply pending migrations. */
#include <getopt.h>
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
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = DEFAULT_DB;
	struct store *s;
	int c, v;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage_error("init", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'",
		    argv[optind]);
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
