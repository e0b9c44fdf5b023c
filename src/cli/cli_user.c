/* cli_user.c: convene user add | token: staff accounts and API tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "app.h"
#include "cli.h"

#define PASSWORD_MIN 12
#define PASSWORD_MAX 1024
#define TOKEN_LEN 40

static const char help[] =
    "usage: convene user add NAME --role ROLE[,ROLE...] [--db FILE]\n"
    "       convene user token NAME [--db FILE]\n"
    "add creates a staff account; ROLE is coordinator, partner, moderator\n"
    "or door (repeat --role or separate with commas). The password (at\n"
    "least 12 characters) is read from standard input, asked twice on a\n"
    "terminal. token prints a new API token for NAME; keep it secret.\n";

/* Reads one line without its newline; echo off on a terminal. */
static int
read_line(const char *prompt, char *out, size_t outsz)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), rc = 0;
	size_t n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(out, (int)outsz, stdin) == NULL)
		rc = -1;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (rc == -1)
		return -1;
	n = strlen(out);
	if (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (n == outsz - 1)
		return -2;	/* too long */
	if (n > 0 && out[n - 1] == '\r')
		out[--n] = '\0';
	return 0;
}

static int
user_add(const char *db, const char *name, unsigned roles)
{
	char pw[PASSWORD_MAX + 2], again[PASSWORD_MAX + 2];
	struct app app = { NULL, NULL, NULL, 0 };
	struct arena *a = NULL;
	struct store *s = NULL;
	int64_t id;
	int rc = 1, r;

	if ((r = read_line("Password: ", pw, sizeof(pw))) != 0) {
		fprintf(stderr, "convene: %s\n", r == -2 ? "password too long" :
		    "no password given on standard input");
		goto out;
	}
	if (utf8_chars(pw) < PASSWORD_MIN || !utf8_valid(pw, strlen(pw))) {
		fprintf(stderr, "convene: the password must have at least %d "
		    "characters\n", PASSWORD_MIN);
		goto out;
	}
	if (isatty(STDIN_FILENO)) {
		if (read_line("Again: ", again, sizeof(again)) != 0 ||
		    strcmp(pw, again) != 0) {
			fprintf(stderr, "convene: the passwords differ\n");
			goto out;
		}
	}
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	app.store = s;
	a = arena_new();
	switch (app_user_add(&app, &app_system, a, name, pw, roles, 0, &id)) {
	case STORE_OK:
		printf("added %s\n", name);
		rc = 0;
		break;
	case STORE_CONFLICT:
		fprintf(stderr, "convene: a user named %s already exists\n", name);
		break;
	default:
		fprintf(stderr, "convene: cannot add %s to %s\n", name, db);
		break;
	}
out:
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(again, sizeof(again));
	store_close(s);
	arena_free(a);
	return rc;
}

static int
user_token(const char *db, const char *name)
{
	char token[TOKEN_LEN + 1], hex[TOKEN_HASH_HEX];
	struct app app = { NULL, NULL, NULL, 0 };
	struct store *s;
	int64_t id;
	int rc = 1;

	if ((s = cli_open_db(db)) == NULL)
		return 1;
	switch (store_user_id(s, name, &id)) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		fprintf(stderr, "convene: no user named %s\n", name);
		goto out;
	default:
		fprintf(stderr, "convene: cannot read users from %s\n", db);
		goto out;
	}
	token_random(token, TOKEN_LEN);
	token_hash(token, hex);
	app.store = s;
	if (app_token_add(&app, id, hex) != STORE_OK) {
		fprintf(stderr, "convene: cannot store the token in %s\n", db);
		goto out;
	}
	printf("%s\n", token);
	rc = 0;
out:
	store_close(s);
	return rc;
}

int
cli_user(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *role = NULL, *sub, *name;
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "role", &role, NULL, 1 },
		{ NULL, NULL, NULL, 0 },
	};
	unsigned roles = 0;
	int rc, n;

	if ((rc = cli_options("user", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (role != NULL && core_roles_parse(role, &roles) == -1)
		return cli_usage_error("user", "unknown role in '%s'", role);
	if (n != 2)
		return cli_usage_error("user", "wants 'add NAME' or 'token NAME'");
	sub = argv[1];
	name = argv[2];
	if (*name == '\0' || strlen(name) > 64 || !text_clean(name, 0) ||
	    !utf8_valid(name, strlen(name)) || strchr(name, ' ') != NULL)
		return cli_usage_error("user", "NAME must be 1-64 characters "
		    "without spaces");
	if (strcmp(sub, "add") == 0) {
		if (roles == 0)
			return cli_usage_error("user", "add needs --role");
		if (roles & ROLE_BIT(ROLE_PARTNER))
			return cli_usage_error("user", "a partner needs an "
			    "organisation: add partners on the staff users page "
			    "or with POST /api/v1/users");
		return user_add(db, name, roles);
	}
	if (strcmp(sub, "token") == 0) {
		if (role != NULL)
			return cli_usage_error("user", "token takes no --role");
		return user_token(db, name);
	}
	return cli_usage_error("user", "unknown subcommand '%s'", sub);
}
