/* log.c: one line per message on standard error, with a UTC timestamp. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "util.h"

static int quiet;

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[1024], stamp[32];
	struct tm tm;
	time_t t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(line, sizeof(line), fmt, ap);
	/* One fprintf so concurrent lines do not interleave. */
	fprintf(stderr, "%s convene %s: %s\n", stamp, level, line);
}

/* Silences informational messages (tests). Warnings still print. */
void
log_quiet(int q)
{
	quiet = q;
}

/* Logs an informational message. */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

/* Logs a warning or error. */
void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
