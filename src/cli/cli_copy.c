/* cli_copy.c: convene copy: move a whole SQLite database into an empty PostgreSQL one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "store.h"
#include "cli.h"

static const char help[] =
    "usage: convene copy --from FILE --to postgresql://... [--key KEYFILE]\n"
    "                    [--from-key FILE]\n"
    "Copies the SQLite database FILE, every table with the same ids, into\n"
    "an empty PostgreSQL database (postgresql:// or postgres://), so that\n"
    "tickets, certificates, staff passwords and API tokens keep working.\n"
    "The target's migrations run first; then every row goes in one\n"
    "transaction, all or nothing, its id numbering is set past the copied\n"
    "ids, and each table's row count is compared with FILE's before the\n"
    "commit. Prints each table's rows.\n"
    "FILE is only read. It must be at this program's schema version (run\n"
    "convene init --db FILE to bring it there). A target holding any row in\n"
    "any table is refused. Exit status 1 when refused or failed: then\n"
    "nothing was copied.\n"
    "Tickets are sealed with FILE's ticket key (--from-key, default\n"
    "FILE.key or $CONVENE_TICKET_KEY_FILE): it is copied to KEYFILE (--key,\n"
    "default $CONVENE_TICKET_KEY_FILE, else the URI's key file in the user's\n"
    "state folder, which every node on this machine finds by itself); nodes\n"
    "elsewhere name it with [site] ticket_key_file. A KEYFILE holding\n"
    "another key is refused.\n";

/* The URI as it may be shown: without a password. */
static void
shown(const char *uri, char *out, size_t sz)
{
	const char *scheme = strstr(uri, "://"), *at, *colon;

	snprintf(out, sz, "%s", uri);
	if (scheme == NULL)
		return;
	scheme += 3;
	at = strchr(scheme, '@');
	colon = strchr(scheme, ':');
	if (at == NULL || colon == NULL || colon > at ||
	    memchr(scheme, '/', (size_t)(at - scheme)) != NULL)
		return;
	snprintf(out, sz, "%.*s:***%s", (int)(colon - uri), uri, at);
}

/* FILE is a convene SQLite database at this program's schema. */
static int
source_ok(struct store *s, const char *path)
{
	int v, latest = store_schema_latest(s);

	if (store_schema_version(s, &v) == -1) {
		fprintf(stderr, "convene copy: cannot read %s as an SQLite "
		    "database\n", path);
		return -1;
	}
	if (v == 0) {
		fprintf(stderr, "convene copy: %s is not a convene database "
		    "(it has no schema version)\n", path);
		return -1;
	}
	if (v < latest) {
		fprintf(stderr, "convene copy: %s is at schema version %d, this "
		    "program's is %d: bring it up to date first with\n"
		    "    convene init --db %s\n", path, v, latest, path);
		return -1;
	}
	if (v > latest) {
		fprintf(stderr, "convene copy: %s is at schema version %d, newer "
		    "than this program's %d: copy it with the convene that "
		    "wrote it\n", path, v, latest);
		return -1;
	}
	return 0;
}

int
cli_copy(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *busy = NULL, *key = NULL;
	const char *from_key = NULL;
	char from_key_default[4200], *key_default = NULL;
	const struct cli_opt opts[] = {
		{ "from", &from, NULL, 0 },
		{ "to", &to, NULL, 0 },
		{ "key", &key, NULL, 0 },
		{ "from-key", &from_key, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct store *src = NULL, *dst = NULL;
	struct timespec t0, t1;
	char where[512];
	int rc, n;

	if ((rc = cli_options("copy", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n != 0)
		return cli_usage_error("copy", "unexpected argument '%s'",
		    argv[1]);
	if (from == NULL || to == NULL)
		return cli_usage_error("copy", "needs --from FILE and --to URI");
	if (store_is_pg(from))
		return cli_usage_error("copy", "--from is an SQLite file");
	if (!store_is_pg(to))
		return cli_usage_error("copy", "--to is a postgresql:// or "
		    "postgres:// URI");
	shown(to, where, sizeof(where));
	rc = 1;
	if (access(from, F_OK) == -1) {
		fprintf(stderr, "convene copy: %s does not exist\n", from);
		goto out;
	}
	if ((src = store_open(from, STORE_READONLY)) == NULL) {
		fprintf(stderr, "convene copy: cannot open %s\n", from);
		goto out;
	}
	if (source_ok(src, from) == -1)
		goto out;
	/* The target's tickets open only with the source's key. */
	if (key == NULL && (key = getenv("CONVENE_TICKET_KEY_FILE")) != NULL &&
	    *key == '\0')
		key = NULL;
	/* Else where every node on this machine finds it by default. */
	if (key == NULL && (key = key_default = store_key_path(to)) == NULL) {
		fprintf(stderr, "convene copy: name where the PostgreSQL nodes "
		    "find the ticket key: --key FILE (then [site] "
		    "ticket_key_file = FILE on each node)\n");
		goto out;
	}
	if (from_key == NULL) {
		char *k = store_key_path(from);

		snprintf(from_key_default, sizeof(from_key_default), "%s", k);
		free(k);
		from_key = from_key_default;
	}
	switch (cli_key_carry("copy", from_key, key, 0)) {
	case -1:
		goto out;
	case 1:
		fprintf(stderr, "convene copy: %s's ticket key %s does not "
		    "exist (name it with --from-key FILE)\n", from, from_key);
		goto out;
	}
	store_key_file_set(key);
	if ((dst = store_open(to, 0)) == NULL) {
		fprintf(stderr, "convene copy: cannot connect to %s\n", where);
		goto out;
	}
	if (store_migrate(dst) == -1) {
		fprintf(stderr, "convene copy: cannot bring %s up to date\n",
		    where);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	switch (store_copy(src, dst, stdout, &busy)) {
	case STORE_OK:
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("copied %s into %s in %.1f s; row counts match\n", from,
		    where, (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		rc = 0;
		break;
	case STORE_CONFLICT:
		fprintf(stderr, "convene copy: %s is not empty (%s has rows); "
		    "copy only into a database that holds no convene data\n",
		    where, busy ? busy : "a table");
		break;
	default:
		fprintf(stderr, "convene copy: the copy failed; nothing was "
		    "copied into %s\n", where);
	}
out:
	store_close(src);
	store_close(dst);
	free(key_default);
	return rc;
}
