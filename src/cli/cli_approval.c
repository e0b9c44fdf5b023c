/* cli_approval.c: convene approval: the provider's name and the boards' statements certificates print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "cli.h"

static const char help[] =
    "usage: convene approval list [--session SESSION] [--db FILE]\n"
    "       convene approval add BOARD STATEMENT [--db FILE]\n"
    "       convene approval edit ID BOARD STATEMENT [--db FILE]\n"
    "       convene approval provider NAME [--db FILE]\n"
    "       convene approval session SESSION [ID[=COURSE_NUMBER] ...] [--db FILE]\n"
    "The provider's name and each licensing board's approval statement are\n"
    "written once; [Provider] in a statement stands for the name. A session\n"
    "prints the statements it lists, each with its own course number where\n"
    "the board gives one (\"session SESSION\" alone prints none).\n";

/* Prints the statements (with a session's choice when session_id). */
static int
list(struct store *s, struct arena *a, int64_t session_id)
{
	struct store_approval *v;
	size_t n, i;

	if (store_approvals(s, a, session_id, session_id != 0, &v, &n) !=
	    STORE_OK) {
		fprintf(stderr, "convene: cannot read the statements\n");
		return 1;
	}
	printf("provider: %s\n", app_provider(s, a, NULL));
	for (i = 0; i < n; i++)
		printf("%lld\t%s\t%s%s%s\n", (long long)v[i].id, v[i].board,
		    v[i].statement, *v[i].course_number ? "\tcourse " : "",
		    v[i].course_number);
	return 0;
}

/* A positive number from s, or 0. */
static int64_t
number(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	return *end == '\0' && v > 0 ? v : 0;
}

/* The outcome of an app call as an exit status, with a message. */
static int
outcome(int rc, const char *bad)
{
	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_CONFLICT)
		fprintf(stderr, "convene approval: %s\n", bad);
	else if (rc == STORE_NOTFOUND)
		fprintf(stderr, "convene approval: no such statement or "
		    "session\n");
	else
		fprintf(stderr, "convene approval: the database failed\n");
	return rc == STORE_CONFLICT ? EXIT_USAGE : 1;
}

int
cli_approval(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *session = NULL;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "session", &session, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct app app = { NULL, NULL, NULL, 0 };
	struct arena *a = NULL;
	struct store *s = NULL;
	int64_t *ids = NULL, id = 0;
	const char **numbers = NULL;
	const char *verb;
	int rc, n_args, i;

	if ((rc = cli_options("approval", help, argc, argv, opts, &n_args)) !=
	    -1)
		return rc;
	if (n_args < 1)
		return cli_usage_error("approval", "wants list, add, edit, "
		    "provider or session");
	verb = argv[1];
	if (strcmp(verb, "list") == 0 ? n_args != 1 :
	    strcmp(verb, "add") == 0 ? n_args != 3 :
	    strcmp(verb, "edit") == 0 ? n_args != 4 :
	    strcmp(verb, "provider") == 0 ? n_args != 2 :
	    strcmp(verb, "session") == 0 ? n_args < 2 : 1)
		return cli_usage_error("approval", "see convene approval "
		    "--help");
	if (session && (id = number(session)) == 0)
		return cli_usage_error("approval", "SESSION must be a number");
	if ((strcmp(verb, "edit") == 0 || strcmp(verb, "session") == 0) &&
	    (id = number(argv[2])) == 0)
		return cli_usage_error("approval", "'%s' is not a number",
		    argv[2]);
	rc = 1;
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	a = arena_new();
	app.store = s;
	if (strcmp(verb, "list") == 0)
		rc = list(s, a, id);
	else if (strcmp(verb, "add") == 0 || strcmp(verb, "edit") == 0) {
		int k = strcmp(verb, "add") == 0 ? 2 : 3;
		int64_t out = 0;

		rc = outcome(app_approval_save(&app, &app_system, a,
		    k == 2 ? 0 : id, argv[k], argv[k + 1], &out), "BOARD "
		    "wants 1 to 120 characters, STATEMENT 1 to 1000");
		if (rc == 0)
			printf("statement %lld saved\n", (long long)out);
	} else if (strcmp(verb, "provider") == 0)
		rc = outcome(app_provider_set(&app, &app_system, a, argv[2]),
		    "NAME wants 1 to 160 characters on one line");
	else {
		ids = xcalloc((size_t)n_args, sizeof(*ids));
		numbers = xcalloc((size_t)n_args, sizeof(*numbers));
		for (i = 3; i <= n_args; i++) {
			char *eq = strchr(argv[i], '=');

			if (eq)
				*eq = '\0';
			if ((ids[i - 3] = number(argv[i])) == 0) {
				rc = cli_usage_error("approval", "'%s' is not "
				    "a statement number", argv[i]);
				goto out;
			}
			numbers[i - 3] = eq ? eq + 1 : "";
		}
		rc = outcome(app_session_approvals(&app, &app_system, a, id,
		    ids, numbers, (size_t)(n_args - 2)), "each statement once, "
		    "course numbers up to 60 characters");
		if (rc == 0)
			rc = list(s, a, id);
	}
out:
	free(ids);
	free(numbers);
	store_close(s);
	arena_free(a);
	return rc;
}
