/* i18n.h: the languages pages, messages and certificates are written in, chosen per request (GNU gettext under a thread's own locale). */
#ifndef CONVENE_I18N_H
#define CONVENE_I18N_H

#include <libintl.h>

enum lang {
	LANG_EN,	/* the source strings: msgids are English */
	LANG_ES,
	LANG__MAX
};

/*
 * Binds the "convene" catalog (CONVENE_LOCALEDIR, else beside the program
 * when it runs from its source tree, else the installed LOCALEDIR) and
 * makes one locale object per language. Call once, before threads start.
 * A language whose locale or catalog is missing is logged and falls back to
 * English; 0 when every language is available, else -1.
 */
int i18n_init(void);
/* 1 when lang's pages really come out in lang (its catalog and locale). */
int i18n_available(enum lang lang);

/* Makes lang this thread's language; returns the one it replaces. */
enum lang i18n_set(enum lang lang);
/* This thread's language (LANG_EN until set). */
enum lang i18n_get(void);

/* "en", "es": for <html lang>, cookies and stored rows. */
const char *i18n_code(enum lang lang);
/* The language's own name, for the switch: "English", "Español". */
const char *i18n_name(enum lang lang);
/* A language tag ("es", "es-MX", "ES_us") to a language; 0 or -1. */
int i18n_parse(const char *tag, enum lang *lang);
/* A stored code, with English for NULL or anything unknown. */
enum lang i18n_from_code(const char *code);
/* The best language for an Accept-Language header (q-values honoured). */
enum lang i18n_accept(const char *header);

/*
 * Marking strings for xgettext (po/Makefile lists the keywords):
 *   _("text")          translated now;
 *   N_("text")         only marked (tables), translated where it is shown;
 *   C_("ctx", "text")  translated in a context ("month" "May");
 *   CTX("ctx", "text") only marked, in a context (tables);
 *   NG_(one, many, n)  the plural form for n.
 */
#define _(s)		gettext(s)
#define N_(s)		s
#define C_(ctx, s)	i18n_pgettext(CTX(ctx, s), s)
/* The key of a message in a context, for tables translated where shown
 * with i18n_pgettext(key, msgid); CTX is an xgettext keyword too. */
#define CTX(ctx, s)	ctx "\004" s
#define NG_(s, p, n)	ngettext((s), (p), (unsigned long)(n))
const char *i18n_pgettext(const char *key, const char *msgid);

#endif
