/* cli_certify.c: convene certify SESSION: issue every certificate a session has earned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "fmt.h"
#include "store.h"
#include "app.h"
#include "cli.h"

static const char help[] =
    "usage: convene certify SESSION [--db FILE]\n"
    "Issues a certificate to everyone in session SESSION (its number, as\n"
    "convene event list shows) whose attendance meets the session's credit\n"
    "rule, and queues a message to each. Certificates issued before keep\n"
    "their codes. Prints one line per confirmed registration.\n";

int
cli_certify(int argc, char **argv)
{
	const char *db = DEFAULT_DB;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct app app = { NULL, NULL, NULL, 0 };
	struct arena *a = NULL;
	struct store *s = NULL;
	struct store_session ss;
	struct app_certify_result res;
	int64_t id;
	size_t i, issued = 0, kept = 0;
	char *end;
	int rc, n_args;

	if ((rc = cli_options("certify", help, argc, argv, opts, &n_args)) != -1)
		return rc;
	if (n_args != 1)
		return cli_usage_error("certify", "wants one SESSION number");
	id = strtoll(argv[1], &end, 10);
	if (*end != '\0' || id <= 0)
		return cli_usage_error("certify", "SESSION must be a number, not "
		    "'%s'", argv[1]);
	rc = 1;
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	a = arena_new();
	app.store = s;
	if (store_session_get(s, a, id, &ss) != STORE_OK) {
		fprintf(stderr, "convene: no session %lld in %s\n",
		    (long long)id, db);
		goto out;
	}
	if (app_certify_session(&app, &app_system, a, id, &res) != STORE_OK) {
		fprintf(stderr, "convene: cannot issue the certificates\n");
		goto out;
	}
	for (i = 0; i < res.n; i++) {
		const struct app_certified *p = &res.people[i];

		if (p->why != CREDIT_MET)
			printf("%-30s no certificate: %s\n", p->name,
			    core_credit_reasons[p->why]);
		else
			printf("%-30s %s %s (%s CE hours)\n", p->name, p->code,
			    p->fresh ? "issued" : "already issued",
			    fmt_hours(a, p->hours));
	}
	issued = res.issued;
	kept = res.before;
	printf("%zu issued, %zu issued before\n", issued, kept);
	rc = 0;
out:
	store_close(s);
	arena_free(a);
	return rc;
}
