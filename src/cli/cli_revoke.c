/* cli_revoke.c: convene revoke: withdraw a certificate, with a reason. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "fmt.h"
#include "cli.h"

static const char help[] =
    "usage: convene revoke CODE --reason TEXT [--db FILE]\n"
    "Revokes the certificate with verification code CODE for good: the\n"
    "verification page, its API and the wallet credential say revoked and\n"
    "when, and the PDF can no longer be downloaded. The reason (up to 500\n"
    "characters) goes to the audit log, never to the public.\n";

int
cli_revoke(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *reason = NULL;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "reason", &reason, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct app app = { NULL, NULL, NULL, 0 };
	struct store_certificate c;
	char norm[CERT_CODE_LEN + 2];
	struct arena *a = NULL;
	struct store *s = NULL;
	int rc, n;

	if ((rc = cli_options("revoke", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n != 1)
		return cli_usage_error("revoke", "wants one certificate CODE");
	if (core_code_normalise(argv[1], norm) != 0)
		return cli_usage_error("revoke", "'%s' is not a certificate "
		    "code (ABCDE-FGHJK)", argv[1]);
	if (reason == NULL || *reason == '\0' || strlen(reason) >
	    APP_REASON_MAX)
		return cli_usage_error("revoke", "wants --reason TEXT, 1 to %d "
		    "characters", APP_REASON_MAX);
	rc = 1;
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	a = arena_new();
	app.store = s;
	switch (app_certificate_revoke(&app, &app_system, a, norm, reason,
	    &c)) {
	case STORE_OK:
		printf("certificate %s of %s revoked at %s\n", c.code, c.name,
		    fmt_iso(a, "UTC", c.revoked_at));
		rc = 0;
		break;
	case STORE_EXISTS:
		fprintf(stderr, "convene: certificate %s was revoked already, "
		    "at %s\n", c.code, fmt_iso(a, "UTC", c.revoked_at));
		break;
	case STORE_NOTFOUND:
		fprintf(stderr, "convene: no certificate %s in %s\n", norm, db);
		break;
	case STORE_CLOSED:
		fprintf(stderr, "convene: the reason must be text\n");
		break;
	default:
		fprintf(stderr, "convene: cannot revoke %s\n", norm);
		break;
	}
out:
	store_close(s);
	arena_free(a);
	return rc;
}
