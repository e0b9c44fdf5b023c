/* purge.c: forgetting what is no longer needed: public attendees' details, old mail, old change events. */
#include "util.h"
#include "store.h"
#include "app.h"

/*
 * Professional registrations (names, licence numbers, check-in and out),
 * their evaluations and certificates are never purged: licensing boards
 * audit at least six years back (nursing boards ask for that), so they are
 * kept for as long as the database is. Only public sessions' details go.
 */

/* Change events feed live pages; after two days nobody needs them. */
#define CHANGES_KEPT (48 * 3600)

struct purge_job {
	int64_t	 cutoff, now, cleared;
};

static int
purge_work(struct store_tx *tx, void *arg)
{
	struct purge_job *j = arg;
	int rc = store_purge(tx, j->cutoff, &j->cleared);

	if (rc == STORE_OK)
		rc = store_changes_purge(tx, j->now - CHANGES_KEPT);
	return rc;
}

/* See app.h. */
int
app_purge(struct app *app, int64_t cutoff, int64_t *cleared)
{
	struct purge_job j = { cutoff, app_now(app), 0 };
	int rc = app_run(app, purge_work, &j);

	*cleared = j.cleared;
	return rc;
}
