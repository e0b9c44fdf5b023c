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
int
cli_options(const char *cmd, const char *help, int argc, char **argv,
    const struct cli_opt *opts, int *nargs)
{
	const struct cli_opt *o;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq, *val = NULL;
		size_t len;

		if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				argv[1 + n++] = argv[i];
			break;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (arg[0] == '-' && arg[1] != '\0')
				return cli_usage_error(cmd, "unknown option '%s'",
				    arg);
			argv[1 + n++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--help") == 0) {
			fputs(help, stdout);
			return 0;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (o = opts; o->name; o++)
			if (strlen(o->name) == len &&
			    strncmp(arg + 2, o->name, len) == 0)
				break;
		if (o->name == NULL)
			return cli_usage_error(cmd, "unknown option '%s'", arg);
		if (o->flag) {
			if (eq)
				return cli_usage_error(cmd, "--%s takes no value",
				    o->name);
			*o->flag = 1;
			continue;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return cli_usage_error(cmd, "--%s needs a value",
			    o->name);
		if (o->append && *o->value != NULL) {
			/* One appending option per command, so one buffer. */
			static char joined[512];
			char prev[512];
			int w;

			snprintf(prev, sizeof(prev), "%s", *o->value);
			w = snprintf(joined, sizeof(joined), "%s,%s", prev, val);

			if (w < 0 || (size_t)w >= sizeof(joined))
				return cli_usage_error(cmd, "too many --%s",
				    o->name);
			*o->value = joined;
		} else
			*o->value = val;
	}
	*nargs = n;
	return -1;
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

/* See cli.h. */
int
cli_key_carry(const char *cmd, const char *from, const char *to, int replace)
{
	unsigned char k[STORE_KEY_BYTES], old[STORE_KEY_BYTES];
	char keep[4200];
	int r;

	if ((r = store_key_read(from, k)) == 0)
		return 1;
	if (r == -1) {
		fprintf(stderr, "convene %s: ticket key %s cannot be read or is "
		    "not 64 hex digits\n", cmd, from);
		return -1;
	}
	if ((r = store_key_read(to, old)) == 1 &&
	    memcmp(k, old, sizeof(k)) == 0)
		return 0;
	if (r != 0 && !replace) {
		fprintf(stderr, "convene %s: %s holds another ticket key than "
		    "%s: the tickets would not open; move it away or name "
		    "%s\n", cmd, to, from, from);
		return -1;
	}
	if (r != 0) {
		snprintf(keep, sizeof(keep), "%s.before-restore", to);
		unlink(keep);
		if (rename(to, keep) == -1) {
			fprintf(stderr, "convene %s: cannot move %s aside: %s\n",
			    cmd, to, strerror(errno));
			return -1;
		}
	}
	if (store_key_write(to, k) == -1) {
		fprintf(stderr, "convene %s: cannot write the ticket key %s: "
		    "%s\n", cmd, to, strerror(errno));
		return -1;
	}
	return 0;
}
