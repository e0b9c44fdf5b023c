/* cli_common.c: what every command shares: usage errors, opening the database. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "store.h"
#include "cli.h"

/* See cli.h. */
int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "convene %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see convene %s --help)\n", cmd);
	return EXIT_USAGE;
}

/* See cli.h. */
struct store *
cli_open_db(const char *path)
{
	struct store *s;

	if (strncmp(path, "postgres", 8) != 0 && access(path, F_OK) == -1) {
		fprintf(stderr, "convene: database %s does not exist "
		    "(create it with: convene init --db %s)\n", path, path);
		return NULL;
	}
	if ((s = store_open(path, 0)) == NULL) {
		fprintf(stderr, "convene: cannot open database %s\n", path);
		return NULL;
	}
	if (store_migrate(s) == -1) {
		fprintf(stderr, "convene: cannot bring database %s up to date\n",
		    path);
		store_close(s);
		return NULL;
	}
	return s;
}
