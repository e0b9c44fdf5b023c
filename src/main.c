/* main.c: the command table: convene init | serve | demo | user | event. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "i18n.h"

static const struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
} commands[] = {
	{ "init", cli_init, "create a database, or bring one up to date" },
	{ "serve", cli_serve, "serve the web site and the API" },
	{ "demo", cli_demo, "recreate the demo database and serve it" },
	{ "user", cli_user, "add staff accounts and issue API tokens" },
	{ "event", cli_event, "list events; publish a draft or take it back" },
	{ "certify", cli_certify, "issue the certificates a session has earned" },
	{ "revoke", cli_revoke, "revoke a certificate, with a reason" },
	{ "approval", cli_approval, "the provider and the boards' statements" },
	{ "remind", cli_remind, "queue the reminders due (serve does it itself)" },
	{ "outbox", cli_outbox, "list messages waiting to be sent, and sent" },
	{ "report", cli_report, "people trained, by sector, county or month" },
	{ "purge", cli_purge, "forget public attendees' details after events" },
	{ "copy", cli_copy, "move an SQLite database into an empty PostgreSQL one" },
	{ "detect", cli_detect, "judge questions on stdin as the Q&A would" },
	{ "backup", cli_backup, "copy a live SQLite database into a file" },
	{ "restore", cli_restore, "put a backup file back as the database" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: convene COMMAND [OPTIONS]\n"
	    "       convene --version\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-7s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'convene COMMAND --help' for a command's options; "
	    "see convene(1).\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (sodium_init() < 0) {
		fprintf(stderr, "convene: cannot initialise libsodium\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	i18n_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("convene %s\n", CONVENE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "convene: unknown command '%s' (see convene --help)\n",
	    argv[1]);
	return EXIT_USAGE;
}
