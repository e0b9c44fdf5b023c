/* i18n.c: per-thread languages over gettext: each request or message sets its thread's locale, so one process serves every language at once. */
#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "util.h"
#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "convene"

static const struct {
	const char	*code;
	const char	*name;
	const char	*locales[4];	/* the first one installed is used */
} langs[LANG__MAX] = {
	[LANG_EN] = { "en", "English", { "C" } },
	[LANG_ES] = { "es", "Español",
	    { "es_ES.UTF-8", "es_MX.UTF-8", "es_US.UTF-8", NULL } },
};

static locale_t locs[LANG__MAX];
static int ok[LANG__MAX];
static _Thread_local enum lang current = LANG_EN;
static int init(void);
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;

static void
init_once(void)
{
	init_rc = init();
}

/* 1 when dir holds language code's catalog. */
static int
has_catalog(const char *dir, const char *code)
{
	char p[PATH_MAX + 64];
	struct stat st;

	if (snprintf(p, sizeof(p), "%s/%s/LC_MESSAGES/" DOMAIN ".mo", dir,
	    code) >= (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where the catalogs are: see i18n.h. */
static const char *
catalog_dir(char *buf, size_t n)
{
	const char *env = getenv("CONVENE_LOCALEDIR");
	static const char *const rel[] = { "/build/locale", "/../locale" };
	char exe[PATH_MAX];
	ssize_t len;
	size_t i;

	if (env != NULL && *env)
		return env;
	/* Run from the tree (./convene, or build/san's test programs): the
	 * folder that holds the catalog of the last language listed. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		*strrchr(exe, '/') = '\0';
		for (i = 0; i < ARRAY_LEN(rel); i++) {
			if (snprintf(buf, n, "%.*s%s", (int)(n - 16), exe,
			    rel[i]) < (int)n && has_catalog(buf,
			    langs[LANG__MAX - 1].code))
				return buf;
		}
	}
	return LOCALEDIR;
}

static int
init(void)
{
	char buf[PATH_MAX];
	const char *dir = catalog_dir(buf, sizeof(buf));
	int all = 0;
	size_t l, i;

	/*
	 * LANGUAGE would outrank every thread's locale inside gettext, and
	 * the language is the request's, never the environment's.
	 */
	unsetenv("LANGUAGE");
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	for (l = 0; l < LANG__MAX; l++) {
		if (locs[l] != (locale_t)0)
			continue;
		for (i = 0; i < ARRAY_LEN(langs[l].locales) &&
		    langs[l].locales[i] != NULL; i++) {
			locs[l] = newlocale(LC_MESSAGES_MASK,
			    langs[l].locales[i], (locale_t)0);
			if (locs[l] != (locale_t)0)
				break;
		}
		/* English is the msgids themselves: it needs no catalog. */
		ok[l] = locs[l] != (locale_t)0 && (l == LANG_EN ||
		    has_catalog(dir, langs[l].code));
		if (locs[l] == (locale_t)0)
			log_warn("%s is not available: no %s locale is "
			    "installed (run: locale-gen %s); pages stay in "
			    "English", langs[l].name, langs[l].code,
			    langs[l].locales[0]);
		else if (!ok[l])
			log_warn("%s is not available: no catalog in %s",
			    langs[l].name, dir);
		all += !ok[l];
	}
	return all ? -1 : 0;
}

/* See i18n.h. */
int
i18n_init(void)
{
	pthread_once(&once, init_once);
	return init_rc;
}

/* See i18n.h. */
int
i18n_available(enum lang lang)
{
	i18n_init();
	return (unsigned)lang < LANG__MAX && ok[lang];
}

/* See i18n.h. */
enum lang
i18n_set(enum lang lang)
{
	enum lang was = current;

	if ((unsigned)lang >= LANG__MAX)
		lang = LANG_EN;
	i18n_init();
	current = lang;
	uselocale(locs[lang] != (locale_t)0 ? locs[lang] : LC_GLOBAL_LOCALE);
	return was;
}

/* See i18n.h. */
enum lang
i18n_get(void)
{
	return current;
}

/* See i18n.h. */
const char *
i18n_code(enum lang lang)
{
	return langs[(unsigned)lang < LANG__MAX ? lang : LANG_EN].code;
}

/* See i18n.h. */
const char *
i18n_name(enum lang lang)
{
	return langs[(unsigned)lang < LANG__MAX ? lang : LANG_EN].name;
}

/* See i18n.h. */
int
i18n_parse(const char *tag, enum lang *lang)
{
	size_t l, n;

	if (tag == NULL)
		return -1;
	n = strcspn(tag, "-_");
	for (l = 0; l < LANG__MAX; l++)
		if (n == strlen(langs[l].code) &&
		    strncasecmp(tag, langs[l].code, n) == 0 &&
		    (tag[n] == '\0' || isalnum((unsigned char)tag[n + 1]))) {
			*lang = (enum lang)l;
			return 0;
		}
	return -1;
}

/* See i18n.h. */
enum lang
i18n_from_code(const char *code)
{
	enum lang l;

	return i18n_parse(code, &l) == 0 ? l : LANG_EN;
}

/* See i18n.h. */
enum lang
i18n_accept(const char *h)
{
	enum lang best = LANG_EN, l;
	double bestq = 0;

	/* "es-MX,es;q=0.9,en;q=0.5": the highest q wins, the first on a tie. */
	while (h != NULL && *h) {
		size_t n = strcspn(h, ","), t;
		char item[64], *q;
		double v = 1;

		snprintf(item, sizeof(item), "%.*s", (int)(n < sizeof(item) ?
		    n : sizeof(item) - 1), h);
		h += n + (h[n] == ',');
		t = strcspn(item, ";");
		if ((q = strstr(item + t, "q=")) != NULL)
			v = strtod(q + 2, NULL);
		item[t] = '\0';
		if (v > bestq && v <= 1 && i18n_parse(str_trim(item), &l) == 0) {
			best = l;
			bestq = v;
		}
	}
	return best;
}

/* See i18n.h. */
const char *
i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = gettext(key);

	/* gettext hands the key back when there is no translation. */
	return t == key ? msgid : t;
}
