/* cli_detect.c: convene detect: judges questions read from stdin, one a line, as the live Q&A would, and says which rule decided. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "detect.h"
#include "cli.h"

static const char help[] =
    "usage: convene detect [--lang auto|en|es] [--words]\n"
    "Reads questions from standard input, one a line, and prints for each\n"
    "the verdict the live Q&A would give it, tab-separated: the verdict\n"
    "(held disclosure, held abuse, held disclosure+abuse, or shown), the\n"
    "rule that decided with the words of the question it matched, and the\n"
    "question:\n"
    "  held disclosure\tpapers or pay held: \"keeps my passport\"\t...\n"
    "  shown\t-\tHow do traffickers control their victims?\n"
    "A held question waits for a moderator whatever the moderation mode,\n"
    "and the asker of a disclosure is shown the hotline. --lang en or es\n"
    "judges by that language's rules alone; auto, the default, judges as\n"
    "the live Q&A does, by every language's. --words adds a fourth column:\n"
    "the words the rules see, for each language judged (\"en: ... es: ...\";\n"
    "| ends a sentence, a/b is a word read two ways).\n";

/* Prints s (n bytes) with tabs as spaces, so that columns stay columns. */
static void
put_field(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		putchar(s[i] == '\t' ? ' ' : s[i]);
}

static void
put_reason(const char *line, const char *rule, size_t at, size_t len)
{
	fputs(rule, stdout);
	fputs(": \"", stdout);
	put_field(line + at, len);
	putchar('"');
}

int
cli_detect(int argc, char **argv)
{
	int words = 0, lang = -1, l;
	const char *lang_arg = NULL;
	const struct cli_opt opts[] = {
		{ "words", NULL, &words, 0 },
		{ "lang", &lang_arg, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	char *line = NULL, norm[4096];
	size_t cap = 0;
	ssize_t n;
	int rc, n_args;

	if ((rc = cli_options("detect", help, argc, argv, opts, &n_args)) != -1)
		return rc;
	if (n_args != 0)
		return cli_usage_error("detect",
		    "takes no arguments (questions come on standard input)");
	if (lang_arg != NULL && strcmp(lang_arg, "auto") != 0 &&
	    (lang = detect_lang_parse(lang_arg)) < 0)
		return cli_usage_error("detect",
		    "--lang is auto, en or es, not \"%s\"", lang_arg);
	rc = 0;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		struct detect_verdict v;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (lang < 0)
			detect_question_any(line, &v);
		else
			detect_question((enum detect_lang)lang, line, &v);
		if (v.flags == 0)
			fputs("shown\t-", stdout);
		else
			printf("held %s%s%s\t",
			    v.flags & QFLAG_DISCLOSURE ? "disclosure" : "",
			    v.flags == (QFLAG_DISCLOSURE | QFLAG_ABUSE) ? "+" : "",
			    v.flags & QFLAG_ABUSE ? "abuse" : "");
		if (v.disclosure != NULL)
			put_reason(line, v.disclosure, v.disclosure_at,
			    v.disclosure_len);
		if (v.disclosure != NULL && v.abuse != NULL)
			fputs("; ", stdout);
		if (v.abuse != NULL)
			put_reason(line, v.abuse, v.abuse_at, v.abuse_len);
		putchar('\t');
		put_field(line, (size_t)n);
		for (l = 0; words && l < DETECT__LANGS; l++) {
			if (lang >= 0 && l != lang)
				continue;
			detect_normalise((enum detect_lang)l, line, norm,
			    sizeof(norm));
			putchar(l == 0 || lang >= 0 ? '\t' : ' ');
			if (lang < 0)
				printf("%s: ",
				    detect_lang_code((enum detect_lang)l));
			put_field(norm, strlen(norm));
		}
		putchar('\n');
	}
	if (ferror(stdin)) {
		fprintf(stderr, "convene detect: cannot read standard input\n");
		rc = 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "convene detect: cannot write the verdicts\n");
		rc = 1;
	}
	free(line);
	return rc;
}
