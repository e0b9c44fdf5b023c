/* cli.h: the commands of the convene program, one file each. */
#ifndef CONVENE_CLI_H
#define CONVENE_CLI_H

#include <stdio.h>

struct store;

/* Exit statuses: 0 success, 1 failure (database, I/O), 2 usage. */
#define EXIT_USAGE 2

#define DEFAULT_DB "convene.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_event(int argc, char **argv);

/* Prints "convene CMD: message" and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Opens an existing database and brings its schema up to date; NULL on error. */
struct store *cli_open_db(const char *path);
/* Serves path on listen until SIGINT or SIGTERM; returns an exit status. */
int cli_run_server(const char *path, const char *listen);
/* Loads the demo world into an empty, migrated store; 0 or -1. */
int cli_demo_load(struct store *s);

#endif
