/* cli_serve.c: convene serve: run the web server until SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"
#include "http.h"
#include "limit.h"
#include "store.h"
#include "hotline.h"
#include "web.h"
#include "mail.h"
#include "cli.h"

static const char help[] =
    "usage: convene serve [--db FILE] [--listen ADDR:PORT] [--behind-tls]\n"
    "                     [--trusted-proxy ADDR] [--base-url URL]\n"
    "                     [--config FILE] [--threads N]\n"
    "                     [--connection-memory KIB]\n"
    "Serves the public site, the staff pages and the JSON API from the\n"
    "database FILE (default " DEFAULT_DB ") on ADDR:PORT (default\n"
    DEFAULT_LISTEN "; port 0 picks a free port). SIGINT or SIGTERM stops\n"
    "it after the requests in flight are answered. --behind-tls marks\n"
    "sign-in cookies Secure; --trusted-proxy ADDR does so when the proxy at\n"
    "ADDR says X-Forwarded-Proto: https. --base-url is the public address\n"
    "printed in certificates (default: from the Host header). --config\n"
    "names the configuration file (email delivery; see convene(1)); its\n"
    "[serve] section may set every option here (db, listen, behind_tls,\n"
    "trusted_proxy, threads, connection_memory; [site] base_url), and\n"
    "the command line wins over it.\n"
    "--threads N sets the writer threads (default 8 per core, at least\n"
    "16): requests that may write (not GET or HEAD) wait on them while\n"
    "their write is committed with others (registrations wait holding\n"
    "no thread); the rest are served by one request thread per\n"
    "core (four per core on PostgreSQL).\n"
    "--connection-memory KIB (4 to 64, default 6) is each connection's\n"
    "memory: request headers must leave 700 bytes of it (each header and\n"
    "cookie counted 65 bytes more, the cookies twice; beyond, 431);\n"
    "most of what a live Q&A subscriber costs (8 for large cookies, 4 for\n"
    "more phones).\n";

/* See cli.h. */
int
cli_run_server(const char *path, const struct cli_serve_opts *o)
{
	const char *listen = o->listen;
	struct http_server_conf conf;
	struct http_app app;
	struct http_server *srv = NULL;
	struct web_ctx ctx;
	struct mail_conf mc;
	struct mail_sender *sender = NULL;
	char err[300];
	struct store *s;
	struct rlimit rl;
	sigset_t set;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int sig, rc = 1;
	int64_t last_purge;

	memset(&ctx, 0, sizeof(ctx));
	memset(&mc, 0, sizeof(mc));
	limit_conf_default(&mc.limits);
	if (o->config != NULL && mail_conf_read(o->config, &mc, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "convene: %s\n", err);
		return 1;
	}
	if (*mc.ticket_key_file)
		store_key_file_set(mc.ticket_key_file);
	/* The proxy named on the command line is trusted for limits too. */
	if (o->trusted_proxy != NULL &&
	    mc.limits.ntrusted < LIMIT_MAX_TRUSTED &&
	    limit_conf_set_more(&mc.limits, o->trusted_proxy) == -1) {
		fprintf(stderr, "convene: too many trusted proxies\n");
		return 1;
	}
	/* The help line is the configuration's when it names one. */
	hotline_set(mc.hotline_name, mc.hotline_phone, mc.hotline_text_set ?
	    mc.hotline_text : NULL);
	ctx.behind_tls = o->behind_tls;
	ctx.mail = mail_configured(&mc);
	ctx.from = *mc.from ? mc.from : NULL;
	ctx.cors_origins = *mc.cors_origins ? mc.cors_origins : NULL;
	ctx.trusted_proxy = o->trusted_proxy;
	ctx.base_url = o->base_url ? o->base_url :
	    *mc.base_url ? mc.base_url : NULL;
	if (*mc.base_url == '\0' && o->base_url != NULL)
		snprintf(mc.base_url, sizeof(mc.base_url), "%s", o->base_url);
	if ((s = cli_open_db(path)) == NULL)
		return 1;
	if (store_check(s) == -1) {
		fprintf(stderr, "convene: database %s fails its integrity "
		    "check\n", path);
		store_close(s);
		return 1;
	}
	if (web_ctx_init(&ctx, s) == -1) {
		fprintf(stderr, "convene: cannot read settings from %s\n", path);
		store_close(s);
		return 1;
	}
	store_close(s);

	/* Each live Q&A subscriber is a connection: allow as many as we may. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("cannot raise the open-file limit");
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 17000)
		log_info("open-file limit %llu: fewer live Q&A subscribers fit "
		    "(raise LimitNOFILE)", (unsigned long long)rl.rlim_cur);

	/* Threads inherit the mask: only sigwait below sees these signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	/*
	 * Request threads free and reuse memory all the time; giving it back
	 * to the kernel each time (madvise) costs a TLB shootdown on every
	 * core. Keep a few megabytes instead.
	 */
	mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
	mallopt(M_TOP_PAD, 1024 * 1024);

	memset(&conf, 0, sizeof(conf));
	conf.listen = listen;
	/*
	 * A request thread per core: more only wake each other for every new
	 * connection. On PostgreSQL every read waits for the network, so four
	 * per core. Writes wait for their commit, on threads of their own:
	 * more of them than cores let more requests share one commit.
	 */
	conf.threads = (ncpu > 0 ? (unsigned)ncpu : 1) *
	    (store_is_pg(path) ? 4 : 1);
	conf.write_threads = o->threads ? o->threads : ncpu > 0 &&
	    ncpu * 8 > 16 ? (unsigned)ncpu * 8 : 16;
	conf.conn_memory = (size_t)o->conn_kib * 1024;
	conf.limits = &mc.limits;
	if (!mc.limits.enabled)
		log_info("[limits] enabled = false: no limit per client address");
	/*
	 * A connection per writer thread, and a few more; the request threads
	 * share them (on PostgreSQL a node opens two per slot, and several
	 * nodes share max_connections). Fewer slots than threads cannot
	 * deadlock: each thread holds at most one reader and one writer.
	 */
	if ((ctx.pool = store_pool_new(path, (conf.write_threads >
	    conf.threads ? conf.write_threads : conf.threads) + 2)) == NULL) {
		fprintf(stderr, "convene: cannot open database %s\n", path);
		return 1;
	}
	app.ctx = &ctx;
	app.handle = web_handle;
	app.body_limit = web_body_limit;
	app.waits = web_waits;
	if ((srv = http_server_start(&conf, &app)) == NULL)
		goto out;
	if (web_ctx_start(&ctx, srv, path) == -1) {
		http_server_stop(srv, 0);
		goto out;
	}
	/* Without SMTP configured, messages wait in the outbox. */
	if (mail_configured(&mc) &&
	    (sender = mail_sender_start(path, &mc)) == NULL)
		log_warn("cannot start the mail sender; messages wait");
	{
		const char *colon = strrchr(listen, ':');

		fprintf(stderr, "convene: listening on http://%.*s:%u\n",
		    (int)(colon - listen), listen, http_server_port(srv));
	}
	/* Wait for a signal; every five minutes queue the reminders due, and
	 * once a day purge what is no longer needed. */
	for (last_purge = 0;;) {
		struct timespec tick = { 300, 0 };

		if (now_utc() - last_purge >= 24 * 3600) {
			if (cli_purge_run(path, PURGE_DAYS, 1) != 0)
				log_warn("the daily purge failed; it runs "
				    "again tomorrow");
			last_purge = now_utc();
		}
		if (cli_remind_run(path, 1) != 0)
			log_warn("queueing the reminders failed; again in five "
			    "minutes");
		sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM)
			break;
	}
	log_info("%s received; finishing requests in flight",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	web_feed_stop(&ctx);
	http_server_stop(srv, 10000);
	web_ctx_stop(&ctx);
	mail_sender_stop(sender);
	log_info("stopped");
	rc = 0;
out:
	/* Loaded before the port was bound; web_ctx_stop frees it too. */
	jose_key_free(&ctx.cred_key);
	store_pool_free(ctx.pool);
	return rc;
}

int
cli_serve(int argc, char **argv)
{
	const char *db = NULL, *threads = NULL, *conn_mem = NULL;
	struct cli_serve_opts so = { NULL, 0, NULL, NULL, NULL, 0, 0 };
	static struct mail_conf mc;	/* the file's values, kept for so */
	char err[300];
	const struct cli_opt opts[] = {
		{ "db", &db, NULL, 0 },
		{ "listen", &so.listen, NULL, 0 },
		{ "behind-tls", NULL, &so.behind_tls, 0 },
		{ "trusted-proxy", &so.trusted_proxy, NULL, 0 },
		{ "base-url", &so.base_url, NULL, 0 },
		{ "config", &so.config, NULL, 0 },
		{ "threads", &threads, NULL, 0 },
		{ "connection-memory", &conn_mem, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct sockaddr_storage ss;
	struct in6_addr a6;
	size_t len;
	int rc, n;

	if ((rc = cli_options("serve", help, argc, argv, opts, &n)) != -1)
		return rc;
	if (n > 0)
		return cli_usage_error("serve", "unexpected argument '%s'",
		    argv[1]);
	/* The file's [serve] settings count where the command line is silent. */
	memset(&mc, 0, sizeof(mc));
	if (so.config != NULL && mail_conf_read(so.config, &mc, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "convene: %s\n", err);
		return 1;
	}
	if (db == NULL)
		db = *mc.db ? mc.db : DEFAULT_DB;
	if (*mc.ticket_key_file)
		store_key_file_set(mc.ticket_key_file);
	if (so.listen == NULL)
		so.listen = *mc.listen ? mc.listen : DEFAULT_LISTEN;
	if (so.trusted_proxy == NULL && *mc.trusted_proxy)
		so.trusted_proxy = mc.trusted_proxy;
	if (!so.behind_tls && mc.behind_tls == 1)
		so.behind_tls = 1;
	if (threads == NULL && mc.threads)
		so.threads = mc.threads;
	if (conn_mem == NULL && mc.conn_kib)
		so.conn_kib = mc.conn_kib;
	if (http_parse_listen(so.listen, &ss, &len) == -1)
		return cli_usage_error("serve", "--listen (or [serve] listen) "
		    "wants ADDR:PORT, not '%s'", so.listen);
	if (so.trusted_proxy != NULL &&
	    (inet_pton(AF_INET, so.trusted_proxy, &a6) != 1 &&
	    inet_pton(AF_INET6, so.trusted_proxy, &a6) != 1))
		return cli_usage_error("serve", "--trusted-proxy (or [serve] "
		    "trusted_proxy) wants an IP address, not '%s'",
		    so.trusted_proxy);
	if (threads != NULL) {
		char *end;
		long t = strtol(threads, &end, 10);

		if (*end != '\0' || t < 1 || t > 1024)
			return cli_usage_error("serve", "--threads wants a number "
			    "from 1 to 1024, not '%s'", threads);
		so.threads = (unsigned)t;
	}
	if (conn_mem != NULL) {
		char *end;
		long k = strtol(conn_mem, &end, 10);

		if (*end != '\0' || k < 4 || k > 64)
			return cli_usage_error("serve", "--connection-memory "
			    "wants KiB from 4 to 64, not '%s'", conn_mem);
		so.conn_kib = (unsigned)k;
	}
	if (so.base_url != NULL && (strncmp(so.base_url, "http://", 7) != 0 &&
	    strncmp(so.base_url, "https://", 8) != 0))
		return cli_usage_error("serve", "--base-url wants http(s)://HOST, "
		    "not '%s'", so.base_url);
	return cli_run_server(db, &so);
}
