/* cli.h: the commands of the convene program, one file each. */
#ifndef CONVENE_CLI_H
#define CONVENE_CLI_H

#include <stdint.h>
#include <stdio.h>

struct store;

/* Exit statuses: 0 success, 1 failure (database, I/O), 2 usage. */
#define EXIT_USAGE 2

#define DEFAULT_DB "convene.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"
/* The demo's staff password: for the demo only, printed when it loads. */
#define DEMO_PASSWORD "montana-demo-2027"

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_event(int argc, char **argv);
int cli_certify(int argc, char **argv);
int cli_revoke(int argc, char **argv);
int cli_approval(int argc, char **argv);
int cli_remind(int argc, char **argv);
/* Queues the reminders due in db; prints the count unless quiet. */
int cli_remind_run(const char *db, int quiet);
int cli_outbox(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_purge(int argc, char **argv);
int cli_copy(int argc, char **argv);
int cli_detect(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
/* Days after a public session that its attendees' details are kept. */
#define PURGE_DAYS 30
/* Purges db; prints the count unless quiet. Returns an exit status. */
int cli_purge_run(const char *db, int64_t days, int quiet);

/* One option of a command: --name VALUE (value != NULL) or --name (flag). */
struct cli_opt {
	const char	 *name;
	const char	**value;	/* set to the argument; NULL for a flag */
	int		 *flag;		/* set to 1 when given; NULL for a value */
	int		  append;	/* repeated values are joined with ',' */
};

/*
 * Parses argv[1..] against opts (ended by a NULL name), accepting options
 * before and after the operands. --help prints help. Operands are moved to
 * the front: *nargs of them start at argv[1]. Returns -1 to go on, or the
 * exit status to return (0 after --help, EXIT_USAGE after a one-line error).
 */
int cli_options(const char *cmd, const char *help, int argc, char **argv,
    const struct cli_opt *opts, int *nargs);

/* Prints "convene CMD: message" and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Opens an existing database and brings its schema up to date; NULL on error. */
struct store *cli_open_db(const char *path);
/*
 * Brings the ticket key file from beside to: a copy of from (mode 0600)
 * when to is missing; when to holds another key, replaced (the old one
 * kept as TO.before-restore) if replace, else refused. 0 when to holds
 * from's key, 1 when from does not exist, -1 after a message.
 */
int cli_key_carry(const char *cmd, const char *from, const char *to,
    int replace);
struct cli_serve_opts {
	const char	*listen;
	int		 behind_tls;	/* cookies get Secure */
	const char	*trusted_proxy;	/* address whose X-Forwarded-Proto counts */
	const char	*base_url;	/* printed in certificates' links */
	const char	*config;	/* the config file (SMTP), or NULL */
	unsigned	 threads;	/* server threads; 0: the default */
	unsigned	 conn_kib;	/* memory per connection; 0: default */
};
/* Serves path until SIGINT or SIGTERM; returns an exit status. */
int cli_run_server(const char *path, const struct cli_serve_opts *o);
/* Loads the demo world into an empty, migrated store; 0 or -1. */
int cli_demo_load(struct store *s);

#endif
