/* cli_backup.c: convene backup and convene restore: a live SQLite database to a file and back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "store.h"
#include "mail.h"
#include "cli.h"

static const char backup_help[] =
    "usage: convene backup --to FILE [--db DB | --config FILE]\n"
    "Copies the SQLite database DB (default: the configuration's [serve] db,\n"
    "else " DEFAULT_DB ") into FILE while\n"
    "it serves: the copy is of one moment (the SQLite backup API), every\n"
    "registration acknowledged before it began is in it, and it passes\n"
    "PRAGMA integrity_check before it replaces FILE (mode 0600: it holds\n"
    "personal data). The ticket key beside DB (DB.key, or [site]\n"
    "ticket_key_file) is copied to FILE.key: tickets open only with it.\n"
    "For PostgreSQL use pg_dump (see convene(1)).\n";

static const char restore_help[] =
    "usage: convene restore --from FILE [--db DB | --config FILE] [--force]\n"
    "Puts the backup FILE back as the SQLite database DB (default: the\n"
    "configuration's [serve] db, else " DEFAULT_DB ") once FILE passes\n"
    "PRAGMA integrity_check and is a convene\n"
    "database of a schema version this program knows; an older one is\n"
    "brought up to date. DB's previous content is kept in DB.before-restore.\n"
    "FILE.key, the backup's ticket key, replaces DB's (the old one is kept\n"
    "as DB.key.before-restore).\n"
    "Stop the server first: while any process has DB open the restore is\n"
    "refused, unless --force (a running server then serves the restored\n"
    "data, but restart it). For PostgreSQL use pg_restore (see convene(1)).\n";

/* The PostgreSQL answer: its own tools do this better. */
static int
pg_refused(const char *cmd)
{
	fprintf(stderr, "convene %s: the database is PostgreSQL: use its own "
	    "tools, e.g.\n    %s\n(see convene(1) and doc/deploy.md)\n", cmd,
	    strcmp(cmd, "backup") == 0 ?
	    "pg_dump --format=custom --file=FILE 'postgresql://...'" :
	    "pg_restore --clean --if-exists --dbname='postgresql://...' FILE");
	return 1;
}

/* The database: --db, else the configuration's [serve] db, else the
 * default; NULL (after a message) when the file cannot be read. */
static const char *
which_db(const char *cmd, const char *db, const char *config)
{
	static struct mail_conf mc;
	char err[300];

	if (db != NULL)
		return db;
	if (config == NULL)
		return DEFAULT_DB;
	if (mail_conf_read(config, &mc, err, sizeof(err)) == -1) {
		fprintf(stderr, "convene %s: %s\n", cmd, err);
		return NULL;
	}
	if (*mc.ticket_key_file)
		store_key_file_set(mc.ticket_key_file);
	return *mc.db ? mc.db : DEFAULT_DB;
}

static int
busy(const char *db)
{
	fprintf(stderr, "convene restore: %s is in use (a convene serve has it "
	    "open?): stop it first (systemctl stop convene), or give --force; "
	    "nothing was changed\n", db);
	return 1;
}

/* FILE is a sound convene database this program knows; its version. */
static int
checked(const char *cmd, const char *path, int *version)
{
	struct store *s;
	int v, latest, rc = -1;

	if (access(path, R_OK) == -1) {
		fprintf(stderr, "convene %s: cannot read %s\n", cmd, path);
		return -1;
	}
	if ((s = store_open(path, STORE_READONLY)) == NULL) {
		fprintf(stderr, "convene %s: cannot open %s as an SQLite "
		    "database\n", cmd, path);
		return -1;
	}
	latest = store_schema_latest(s);
	if (store_schema_version(s, &v) == -1)
		fprintf(stderr, "convene %s: %s is not an SQLite database\n",
		    cmd, path);
	else if (v == 0)
		fprintf(stderr, "convene %s: %s is not a convene database (it "
		    "has no schema version)\n", cmd, path);
	else if (v > latest)
		fprintf(stderr, "convene %s: %s is at schema version %d, newer "
		    "than this program's %d: use the convene that wrote it\n",
		    cmd, path, v, latest);
	else if (store_check(s) == -1)
		fprintf(stderr, "convene %s: %s fails PRAGMA integrity_check\n",
		    cmd, path);
	else {
		*version = v;
		rc = 0;
	}
	store_close(s);
	return rc;
}

int
cli_backup(int argc, char **argv)
{
	const char *db = NULL, *to = NULL, *config = NULL;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "config", &config, NULL, 0 },
		{ "to", &to, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	char err[512];
	int rc, n, v;

	if ((rc = cli_options("backup", backup_help, argc, argv, opts, &n)) !=
	    -1)
		return rc;
	if (n > 0)
		return cli_usage_error("backup", "unexpected argument '%s'",
		    argv[1]);
	if (to == NULL || *to == '\0')
		return cli_usage_error("backup", "needs --to FILE");
	if ((db = which_db("backup", db, config)) == NULL)
		return 1;
	if (store_is_pg(db))
		return pg_refused("backup");
	if (store_is_pg(to))
		return cli_usage_error("backup", "--to is a file");
	if (strcmp(to, db) == 0)
		return cli_usage_error("backup", "--to is the database itself");
	/* Only the header is read here; the copy is checked whole. */
	{
		struct store *s;

		if (access(db, R_OK) == -1 ||
		    (s = store_open(db, STORE_READONLY)) == NULL) {
			fprintf(stderr, "convene backup: cannot open %s\n", db);
			return 1;
		}
		rc = store_schema_version(s, &v);
		store_close(s);
		if (rc == -1 || v == 0) {
			fprintf(stderr, "convene backup: %s is not a convene "
			    "database\n", db);
			return 1;
		}
	}
	if (store_backup(db, to, err, sizeof(err)) == -1) {
		fprintf(stderr, "convene backup: %s\n", err);
		return 1;
	}
	/* The tickets open only with their key: it goes beside the copy. */
	{
		char *key = store_key_path(db), tokey[4200];

		snprintf(tokey, sizeof(tokey), "%s.key", to);
		/* Like FILE, FILE.key is replaced. */
		if (key != NULL && access(key, F_OK) == 0)
			unlink(tokey);
		rc = key ? cli_key_carry("backup", key, tokey, 0) : 1;
		free(key);
		if (rc == -1)
			return 1;
		printf("backed up %s to %s (schema version %d, integrity ok)%s"
		    "%s\n", db, to, v, rc == 0 ? "; its ticket key to " : "",
		    rc == 0 ? tokey : "");
	}
	return 0;
}

int
cli_restore(int argc, char **argv)
{
	const char *db = NULL, *from = NULL, *config = NULL;
	int force = 0;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "config", &config, NULL, 0 },
		{ "from", &from, NULL, 0 },
		{ "force", NULL, &force, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	char err[512] = "", keep[4096];
	struct store *s;
	int rc, n, v, now;

	if ((rc = cli_options("restore", restore_help, argc, argv, opts, &n)) !=
	    -1)
		return rc;
	if (n > 0)
		return cli_usage_error("restore", "unexpected argument '%s'",
		    argv[1]);
	if (from == NULL || *from == '\0')
		return cli_usage_error("restore", "needs --from FILE");
	if ((db = which_db("restore", db, config)) == NULL)
		return 1;
	if (store_is_pg(db))
		return pg_refused("restore");
	if (strcmp(from, db) == 0)
		return cli_usage_error("restore", "--from is the database "
		    "itself");
	if (checked("restore", from, &v) == -1)
		return 1;
	if (!force && store_in_use(db) == 1)
		return busy(db);
	/* What is there now stays recoverable. */
	if (access(db, F_OK) == 0) {
		snprintf(keep, sizeof(keep), "%s.before-restore", db);
		if (store_backup(db, keep, err, sizeof(err)) == -1) {
			fprintf(stderr, "convene restore: cannot keep a copy of "
			    "%s first (%s); nothing was changed\n", db, err);
			return 1;
		}
	} else
		*keep = '\0';
	rc = store_restore(from, db, force, err, sizeof(err));
	if (rc == STORE_BUSY_DB)
		return busy(db);
	if (rc != 0) {
		fprintf(stderr, "convene restore: %s\n", err);
		return 1;
	}
	/* The backup's ticket key (FILE.key) comes back with it. */
	{
		char *key = store_key_path(db), fromkey[4200];

		snprintf(fromkey, sizeof(fromkey), "%s.key", from);
		rc = key ? cli_key_carry("restore", fromkey, key, 1) : 1;
		free(key);
		if (rc == -1)
			return 1;
	}
	if ((s = store_open(db, 0)) == NULL || store_migrate(s) == -1 ||
	    store_schema_version(s, &now) == -1) {
		fprintf(stderr, "convene restore: restored, but cannot bring %s "
		    "up to date: run convene init --db %s\n", db, db);
		store_close(s);
		return 1;
	}
	store_close(s);
	printf("restored %s from %s (schema version %d%s)%s%s\n", db, from, v,
	    now != v ? ", brought up to date" : "", *keep ? "; the previous "
	    "content is in " : "", keep);
	return 0;
}
