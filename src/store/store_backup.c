/* store_backup.c: copies of a live SQLite database (the backup API), and putting one back. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util.h"
#include "store.h"

#define BUSY_MS 15000

/* "ok" from PRAGMA integrity_check on db's main database. */
static int
sound(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		ok = 1;
	sqlite3_finalize(st);
	return ok;
}

/*
 * Every page of src's main database into dst's, in one step: one read
 * transaction on src, so the copy is of one moment, however many write
 * meanwhile (WAL readers do not wait for writers). 0, or -1.
 */
static int
copy_pages(sqlite3 *dst, sqlite3 *src, char *err, size_t errsz)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	int rc, tries = 0;

	if (bk == NULL) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(dst));
		return -1;
	}
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (++tries > BUSY_MS / 50)
			break;
		nanosleep(&pause, NULL);
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "%s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static int
fsync_path(const char *path, int dir)
{
	int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY), rc;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* See store.h. */
int
store_backup(const char *path, const char *to, char *err, size_t errsz)
{
	sqlite3 *src = NULL, *dst = NULL;
	char tmp[PATH_MAX], dir[PATH_MAX], *slash;
	int fd, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", to) >= (int)sizeof(tmp)) {
		snprintf(err, errsz, "the name %s is too long", to);
		return -1;
	}
	/* Made here, 0600: the copy holds the same personal data. */
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errsz, "cannot create a file beside %s: %s", to,
		    strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s: %s", path,
		    src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, BUSY_MS);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "cannot write %s", tmp);
		goto out;
	}
	if (copy_pages(dst, src, err, errsz) == -1)
		goto out;
	/* One self-contained file, checked before it takes the name. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK || !sound(dst)) {
		snprintf(err, errsz, "the copy fails its integrity check");
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	if (fsync_path(tmp, 0) == -1 || rename(tmp, to) == -1) {
		snprintf(err, errsz, "cannot write %s: %s", to, strerror(errno));
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s", to);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	fsync_path(dir, 1);
	rc = 0;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc == -1)
		unlink(tmp);
	return rc;
}

/*
 * Takes the lock on db that no other process may hold with it: an
 * exclusive lock, which cannot be had while any other process (a server)
 * has the database open, even idle; kept until db is closed. 0, or -1.
 */
static int
lock_out(sqlite3 *db)
{
	sqlite3_busy_timeout(db, 200);
	return sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; "
	    "BEGIN EXCLUSIVE; COMMIT;", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* See store.h. */
int
store_in_use(const char *path)
{
	sqlite3 *db = NULL;
	int rc = 0;

	if (access(path, F_OK) == -1)
		return 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		rc = -1;
	else if (lock_out(db) == -1)
		rc = 1;
	sqlite3_close(db);
	return rc;
}

/* See store.h. */
int
store_restore(const char *from, const char *path, int force, char *err,
    size_t errsz)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -1;

	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s", from);
		goto out;
	}
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s: %s", path,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	/* WAL, as the store keeps it (and no journal file left behind). */
	sqlite3_busy_timeout(dst, BUSY_MS);
	if (sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) !=
	    SQLITE_OK && !force) {
		rc = STORE_BUSY_DB;
		goto out;
	}
	/* Once had, no server can open the database until the restore is
	 * done. */
	if (!force && lock_out(dst) == -1) {
		rc = STORE_BUSY_DB;
		goto out;
	}
	sqlite3_busy_timeout(dst, BUSY_MS);
	if (copy_pages(dst, src, err, errsz) == -1)
		goto out;
	if (!sound(dst)) {
		snprintf(err, errsz, "%s fails its integrity check after the "
		    "restore", path);
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}
