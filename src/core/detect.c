/* detect.c: the disclosure and abuse detector: normalises and tokenises a question, stems its words, matches the language's patterns. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "core.h"
#include "detect.h"
#include "detect_lang.h"

/*
 * How it works, and why this way. A question is cut into words; each word
 * is lower-cased, respelled (texting forms, common misspellings, numbers as
 * digits), split if it is a contraction, de-leeted if it hides letters as
 * digits or symbols, and read both ways when it stretches a letter (sooo:
 * "soo" and "so"). Each reading is stemmed (Snowball, so that "threatened"
 * is "threatens") and looked up in the language's word classes. Rules are
 * short sequences of classes and words with small gaps that never cross a
 * sentence end. What separates a disclosure from a question about
 * trafficking is who it is about: rules ask for the asker (P: I, me, we) or
 * a close person the question has anchored (my sister, a girl in my class;
 * then she and her count too) in the role of the one controlled.
 *
 * Each language has its own tables (detect_<code>.c); the live Q&A runs
 * them all and holds what any finds (detect_question_any), since a question
 * is in the language its asker types, not the page's: the corpora show no
 * language's rules holding the other's ordinary questions, and mixed ones
 * ("mi boss tiene mi pasaporte") are caught by whichever reads them.
 *
 * The tables are compiled once per language (pthread_once) into static
 * memory that is only read afterwards; each call makes its own stemmer,
 * since a libstemmer stemmer keeps state between calls (about 0.2 us).
 */

#define WORD_MAX	32	/* bytes of a word with its NUL; longer are cut */
#define LEX_MAX		4096
#define ELEM_MAX	4096
#define PAT_MAX		320
#define PART_MAX	3
#define ALT_MAX		40
#define ELEMS_PER_PAT	16
#define MASK_MAX	384
#define SPELL_MAX	1024
#define TOK_MAX		(DETECT_MAX_WORDS + 2)

/* Built-in classes, above the language's 56. */
#define C_EOS		(1ULL << 63)
#define C_P		(1ULL << 62)
#define C_PP		(1ULL << 61)
#define C_AGE_MINOR	(1ULL << 60)
#define C_AGE_ADULT	(1ULL << 59)
#define C_CP		(1ULL << 58)	/* a close person, not the asker */
#define C_CPRO		(1ULL << 57)	/* a close person's pronoun (her, le) */
#define LANG_CLASSES	56	/* bits 0..55 */

struct lex {
	char		 stem[WORD_MAX];
	uint64_t	 cls;
};

struct elem {
	uint64_t	 cls;
	int		 ids[ALT_MAX];
	unsigned char	 nids, gap, opt, neg, mark;
};

struct cpat {
	const struct detect_pattern *p;
	unsigned	 first[PART_MAX], n[PART_MAX], nparts;
};

struct compiled {
	int		 ok;
	char		 err[160];
	struct lex	 lex[LEX_MAX];
	size_t		 nlex;
	struct elem	 elems[ELEM_MAX];
	size_t		 nelems;
	struct cpat	 pats[PAT_MAX];
	size_t		 npats;
	char		 mask[MASK_MAX][WORD_MAX];
	size_t		 nmask;
	const struct detect_spelling *spell[SPELL_MAX];	/* sorted by from */
	size_t		 nspell;
	uint64_t	 self, self_poss, other, other_poss;
};

static const struct detect_lang_table *const tables[DETECT__LANGS] = {
	[DETECT_EN] = &detect_en,
	[DETECT_ES] = &detect_es,
};
static struct compiled compiled[DETECT__LANGS];
static pthread_once_t once[DETECT__LANGS] = { PTHREAD_ONCE_INIT };

/* ---- compiling the tables ---- */

static void
fail(struct compiled *c, const char *what, const char *detail)
{
	if (c->err[0] == '\0')	/* the first problem is the one to fix */
		snprintf(c->err, sizeof(c->err), "%s: %s", what, detail);
	c->ok = 0;
}

/* Stems the lower-case word w into out; 0, or -1 (too long, no memory). */
static int
stem_word(struct sb_stemmer *sb, const char *w, char out[WORD_MAX])
{
	const sb_symbol *s;
	size_t n = strlen(w);

	if (n == 0 || n >= WORD_MAX)
		return -1;
	s = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)n);
	if (s == NULL)
		return -1;
	n = (size_t)sb_stemmer_length(sb);
	if (n >= WORD_MAX)
		n = WORD_MAX - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* 1 when s is plain ASCII, as table words must be (detect_lang.h). */
static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int
lex_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lex *)a)->stem,
	    ((const struct lex *)b)->stem);
}

/* The id of a stem, or -1. */
static int
lex_find(const struct compiled *c, const char *stem)
{
	size_t lo = 0, hi = c->nlex;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(stem, c->lex[mid].stem);

		if (d == 0)
			return (int)mid;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static void
lex_add(struct compiled *c, const char *stem, uint64_t cls)
{
	if (c->nlex == LEX_MAX) {
		fail(c, "lexicon full at", stem);
		return;
	}
	strcpy(c->lex[c->nlex].stem, stem);
	c->lex[c->nlex++].cls = cls;
}

/* The bit of a class name; 0 for an unknown one. */
static uint64_t
class_bit(const struct detect_lang_table *t, const char *name, size_t len)
{
	static const struct { const char *name; uint64_t bit; } builtin[] = {
		{ "P", C_P }, { "PP", C_PP }, { "EOS", C_EOS },
		{ "AGE_MINOR", C_AGE_MINOR }, { "AGE_ADULT", C_AGE_ADULT },
		{ "CP", C_CP }, { "CPRO", C_CPRO },
	};
	size_t i;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strlen(builtin[i].name) == len &&
		    memcmp(builtin[i].name, name, len) == 0)
			return builtin[i].bit;
	for (i = 0; t->class_names[i] != NULL && i < LANG_CLASSES; i++)
		if (strlen(t->class_names[i]) == len &&
		    memcmp(t->class_names[i], name, len) == 0)
			return 1ULL << i;
	return 0;
}

/* The classes of "A|B"; 0 (and a failure) when one is unknown. */
static uint64_t
class_mask(struct compiled *c, const struct detect_lang_table *t,
    const char *names)
{
	uint64_t m = 0;
	const char *p = names;

	if (names == NULL || *names == '\0')
		return 0;
	while (*p) {
		size_t len = strcspn(p, "|");
		uint64_t b = class_bit(t, p, len);

		if (b == 0) {
			fail(c, "unknown class in", names);
			return 0;
		}
		m |= b;
		p += len;
		if (*p == '|')
			p++;
	}
	return m;
}

/* Copies the next space-separated word of *p into w; 0 at the end. */
static int
next_word(const char **p, char *w, size_t wsz)
{
	size_t len;

	while (**p == ' ')
		(*p)++;
	if (**p == '\0')
		return 0;
	len = strcspn(*p, " ");
	if (len >= wsz)
		len = wsz - 1;
	memcpy(w, *p, len);
	w[len] = '\0';
	*p += strcspn(*p, " ");
	return 1;
}

static int
is_upper_name(const char *s, size_t len)
{
	return len > 0 && s[0] >= 'A' && s[0] <= 'Z';
}

/*
 * Parses one spec. In the first pass (collect) it only adds literal words
 * to the lexicon; in the second it builds the elements of pattern pat.
 */
static void
parse_spec(struct compiled *c, const struct detect_lang_table *t,
    struct sb_stemmer *sb, const struct detect_pattern *pat, int collect)
{
	const char *p = pat->spec;
	char tok[256], stem[WORD_MAX];
	struct cpat *cp = NULL;
	unsigned gap = 0;

	if (!collect) {
		if (c->npats == PAT_MAX) {
			fail(c, "too many patterns at", pat->name);
			return;
		}
		cp = &c->pats[c->npats++];
		memset(cp, 0, sizeof(*cp));
		cp->p = pat;
		cp->nparts = 1;
		cp->first[0] = (unsigned)c->nelems;
	}
	while (next_word(&p, tok, sizeof(tok))) {
		struct elem *e;
		char *body = tok, *q;
		size_t blen;

		if (strcmp(tok, "+") == 0) {
			if (collect)
				continue;
			if (cp->nparts == PART_MAX || cp->n[cp->nparts - 1] == 0) {
				fail(c, "bad '+' in", pat->spec);
				return;
			}
			cp->first[cp->nparts++] = (unsigned)c->nelems;
			gap = 0;
			continue;
		}
		if (tok[0] == '~') {
			gap = (unsigned)atoi(tok + 1);
			if (gap > 12)
				fail(c, "gap too long in", pat->spec);
			continue;
		}
		e = NULL;
		if (!collect) {
			if (c->nelems == ELEM_MAX ||
			    cp->n[cp->nparts - 1] == ELEMS_PER_PAT) {
				fail(c, "too many elements at", pat->name);
				return;
			}
			e = &c->elems[c->nelems++];
			memset(e, 0, sizeof(*e));
			e->gap = (unsigned char)gap;
			cp->n[cp->nparts - 1]++;
		}
		gap = 0;
		for (; *body == '!' || *body == '@'; body++)
			if (e != NULL && *body == '!')
				e->neg = 1;
			else if (e != NULL)
				e->mark = 1;
		blen = strlen(body);
		if (blen > 0 && body[blen - 1] == '?') {
			body[--blen] = '\0';
			if (e != NULL)
				e->opt = 1;
		}
		for (q = body; *q;) {
			size_t len = strcspn(q, "|");
			char save = q[len];

			q[len] = '\0';
			if (is_upper_name(q, len)) {
				if (e != NULL) {
					uint64_t b = class_bit(t, q, len);

					if (b == 0)
						fail(c, "unknown class", q);
					e->cls |= b;
				}
			} else if (!ascii(q)) {
				fail(c, "an accent in a pattern word", q);
			} else if (stem_word(sb, q, stem) != 0) {
				fail(c, "cannot stem", q);
			} else if (collect) {
				lex_add(c, stem, 0);
			} else {
				int id = lex_find(c, stem);

				if (id < 0)
					fail(c, "word lost between passes", q);
				else if (e->nids == ALT_MAX)
					fail(c, "too many alternatives at", q);
				else
					e->ids[e->nids++] = id;
			}
			q[len] = save;
			q += len;
			if (*q == '|')
				q++;
		}
	}
}

static int
spell_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct detect_spelling *const *)a)->from,
	    (*(const struct detect_spelling *const *)b)->from);
}

static void
compile(enum detect_lang lang)
{
	const struct detect_lang_table *t = tables[lang];
	struct compiled *c = &compiled[lang];
	struct sb_stemmer *sb;
	uint64_t maskable;
	size_t i, j;

	c->ok = 1;
	if ((sb = sb_stemmer_new(t->stemmer, NULL)) == NULL) {
		fail(c, "no stemmer", t->stemmer);
		return;
	}
	maskable = class_mask(c, t, t->maskable);
	for (i = 0; t->words[i].classes != NULL; i++) {
		uint64_t m = class_mask(c, t, t->words[i].classes);
		const char *p = t->words[i].words;
		char w[64], stem[WORD_MAX];

		while (next_word(&p, w, sizeof(w))) {
			if (!ascii(w)) {
				fail(c, "an accent in a table word", w);
				continue;
			}
			if (stem_word(sb, w, stem) != 0) {
				fail(c, "cannot stem", w);
				continue;
			}
			lex_add(c, stem, m);
			if ((m & maskable) && c->nmask < MASK_MAX &&
			    strlen(w) < WORD_MAX)
				strcpy(c->mask[c->nmask++], w);
		}
	}
	for (i = 0; t->patterns[i].name != NULL; i++)
		parse_spec(c, t, sb, &t->patterns[i], 1);
	qsort(c->lex, c->nlex, sizeof(c->lex[0]), lex_cmp);
	for (i = 0, j = 0; i < c->nlex; i++) {
		if (j > 0 && strcmp(c->lex[j - 1].stem, c->lex[i].stem) == 0) {
			c->lex[j - 1].cls |= c->lex[i].cls;
			continue;
		}
		c->lex[j++] = c->lex[i];
	}
	c->nlex = j;
	for (i = 0; t->patterns[i].name != NULL; i++)
		parse_spec(c, t, sb, &t->patterns[i], 0);
	for (i = 0; t->spellings[i].from != NULL; i++) {
		if (c->nspell == SPELL_MAX) {
			fail(c, "too many spellings at", t->spellings[i].from);
			break;
		}
		if (!ascii(t->spellings[i].from) || !ascii(t->spellings[i].to))
			fail(c, "an accent in a spelling", t->spellings[i].from);
		c->spell[c->nspell++] = &t->spellings[i];
	}
	qsort(c->spell, c->nspell, sizeof(c->spell[0]), spell_cmp);
	c->self = class_mask(c, t, t->self);
	c->self_poss = class_mask(c, t, t->self_poss);
	c->other = class_mask(c, t, t->other);
	c->other_poss = class_mask(c, t, t->other_poss);
	sb_stemmer_delete(sb);
}

static void compile_en(void) { compile(DETECT_EN); }
static void compile_es(void) { compile(DETECT_ES); }

static void (*const compilers[DETECT__LANGS])(void) = {
	[DETECT_EN] = compile_en,
	[DETECT_ES] = compile_es,
};

static const struct compiled *
ready(enum detect_lang lang)
{
	if ((unsigned)lang >= DETECT__LANGS)
		return NULL;
	pthread_once(&once[lang], compilers[lang]);
	return compiled[lang].ok ? &compiled[lang] : NULL;
}

/* See detect.h. */
int
detect_check_tables(enum detect_lang lang, char *err, size_t errsz)
{
	if ((unsigned)lang >= DETECT__LANGS) {
		snprintf(err, errsz, "no such language");
		return -1;
	}
	if (ready(lang) != NULL)
		return 0;
	snprintf(err, errsz, "%s", compiled[lang].err);
	return -1;
}

/* ---- from text to words ---- */

/* A word with up to two readings, or a sentence end. */
struct word {
	char		 alt[2][WORD_MAX];
	unsigned char	 nalt, eos;
	size_t		 from, to;
};

struct words {
	const struct compiled *c;
	const struct detect_lang_table *t;
	struct word	 w[TOK_MAX];
	size_t		 n;
};

static int
is_alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || ch >= 0x80;
}

static int
is_digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static void
add_eos(struct words *ws, size_t at)
{
	struct word *w;

	/* One boundary for "?!", and none before the first word. */
	if (ws->n == 0 || ws->w[ws->n - 1].eos || ws->n == TOK_MAX)
		return;
	w = &ws->w[ws->n++];
	w->eos = 1;
	w->nalt = 0;
	w->from = w->to = at;
}

static void
add_word(struct words *ws, const char *a, const char *b, size_t from,
    size_t to)
{
	struct word *w;

	if (*a == '\0' || ws->n >= TOK_MAX - 1)
		return;
	w = &ws->w[ws->n++];
	w->eos = 0;
	w->from = from;
	w->to = to;
	snprintf(w->alt[0], WORD_MAX, "%s", a);
	w->nalt = 1;
	if (b != NULL && *b != '\0' && strcmp(a, b) != 0) {
		snprintf(w->alt[1], WORD_MAX, "%s", b);
		w->nalt = 2;
	}
}

/* Adds each word of a space-separated replacement. */
static void
add_words(struct words *ws, const char *list, size_t from, size_t to)
{
	char w[WORD_MAX];

	while (next_word(&list, w, sizeof(w)))
		add_word(ws, w, NULL, from, to);
}

static const char *
spelling(const struct compiled *c, const char *w)
{
	size_t lo = 0, hi = c->nspell;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(w, c->spell[mid]->from);

		if (d == 0)
			return c->spell[mid]->to;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* 1 when w is one of the space-separated words of list. */
static int
in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* Collapses runs of 3 or more of a letter to keep letters; 1 if any. */
static int
squeeze(const char *s, char *out, size_t keep)
{
	size_t i = 0, o = 0;
	int any = 0;

	while (s[i]) {
		size_t run = 1, put;

		while (s[i + run] == s[i])
			run++;
		put = run;
		if (run >= 3 && (unsigned char)s[i] < 0x80 &&
		    is_alpha((unsigned char)s[i])) {
			any = 1;
			put = keep;
		}
		memset(out + o, s[i], put);
		o += put;
		i += run;
	}
	out[o] = '\0';
	return any;
}

/* The word a masked token such as f*ck or b***h stands for, or NULL. */
static int
unmask(const struct compiled *c, const char *s, char out[WORD_MAX])
{
	static const char *const endings[] = {
		"", "s", "ing", "in", "ed", "er", "ers", "es", "y", "ed",
	};
	size_t i, k, n = strlen(s);

	for (i = 0; i < c->nmask; i++) {
		const char *w = c->mask[i];
		size_t len = strlen(w);

		if (len > n || s[0] == '*')
			continue;
		for (k = 0; k < len; k++)
			if (s[k] != '*' && s[k] != w[k])
				break;
		if (k < len || strchr(s + len, '*') != NULL)
			continue;
		for (k = 0; k < sizeof(endings) / sizeof(endings[0]); k++)
			if (strcmp(s + len, endings[k]) == 0) {
				snprintf(out, WORD_MAX, "%s%s", w, s + len);
				return 1;
			}
	}
	return 0;
}

/* Leetspeak: the letter a digit or symbol stands for, or 0. */
static char
unleet(char ch)
{
	switch (ch) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	case '!': return 'i';
	default: return 0;
	}
}

static void process(struct words *ws, const char *s, size_t from, size_t to,
    int depth);

/* A word with letters and digits or symbols in it. */
static int
process_mixed(struct words *ws, const char *s, size_t from, size_t to,
    int depth)
{
	char buf[WORD_MAX];
	size_t i, n = strlen(s);
	int changed = 0, letters = 0;

	for (i = 0; i < n; i++)
		letters |= is_alpha((unsigned char)s[i]);
	/* 15yo, 30s: a number and a word. */
	for (i = 0; i < n && is_digit((unsigned char)s[i]); i++)
		;
	if (i > 0 && i < n && letters) {
		size_t k;

		for (k = i; k < n && is_alpha((unsigned char)s[k]); k++)
			;
		if (k == n) {
			memcpy(buf, s, i);
			buf[i] = '\0';
			add_word(ws, buf, NULL, from, to);
			process(ws, s + i, from, to, depth + 1);
			return 1;
		}
	}
	if (!letters) {
		/* $20: the number. */
		for (i = 0, n = 0; s[i]; i++)
			if (is_digit((unsigned char)s[i]))
				buf[n++] = s[i];
		buf[n] = '\0';
		add_word(ws, buf, NULL, from, to);
		return 1;
	}
	/* sh1t, b!tch, n1gger, @ss: letters hidden as digits and symbols.
	 * A digit counts only between letters, so i90 and h2a stay. */
	for (i = 0; i < n; i++) {
		char ch = s[i], l = unleet(ch);
		int before = i > 0 && is_alpha((unsigned char)s[i - 1]);
		int after = i + 1 < n && is_alpha((unsigned char)s[i + 1]);

		if (l && (is_digit((unsigned char)ch) ? before && after :
		    before || after)) {
			buf[i] = l;
			changed = 1;
		} else {
			buf[i] = ch;
		}
	}
	buf[n] = '\0';
	if (strchr(buf, '*') != NULL) {
		char w[WORD_MAX];

		if (unmask(ws->c, buf, w)) {
			add_word(ws, w, NULL, from, to);
			return 1;
		}
	}
	if (changed) {
		process(ws, buf, from, to, depth + 1);
		return 1;
	}
	return 0;
}

/* 1 when s ends with end. */
static int
ends_with(const char *s, size_t n, const char *end)
{
	size_t en = strlen(end);

	return n >= en && strcmp(s + n - en, end) == 0;
}

/* quitarme: "quitar" and "me", when the language attaches pronouns. */
static int
split_clitic(struct words *ws, const char *s, size_t from, size_t to,
    int depth)
{
	const struct detect_spelling *cl;
	char base[WORD_MAX], host[16];
	size_t n = strlen(s);

	if (ws->t->clitics == NULL)
		return 0;
	for (cl = ws->t->clitics; cl->from != NULL; cl++) {
		const char *h = ws->t->clitic_hosts;
		size_t bn;

		if (!ends_with(s, n, cl->from))
			continue;
		bn = n - strlen(cl->from);
		if (bn < 5)
			continue;
		memcpy(base, s, bn);
		base[bn] = '\0';
		while (next_word(&h, host, sizeof(host)))
			if (ends_with(base, bn, host)) {
				process(ws, base, from, to, depth + 1);
				add_words(ws, cl->to, from, to);
				return 1;
			}
	}
	return 0;
}

/*
 * One word as typed: respelling, contractions, leetspeak, attached
 * pronouns and stretched letters, in that order, each step on the result
 * of the one before.
 */
static void
process(struct words *ws, const char *s, size_t from, size_t to, int depth)
{
	const struct detect_suffix *sx;
	const char *sp;
	char buf[WORD_MAX], two[WORD_MAX], one[WORD_MAX];
	size_t i, n = strlen(s), o;
	int odd = 0;

	if (n == 0 || depth > 4)
		return;
	if ((sp = spelling(ws->c, s)) != NULL) {
		add_words(ws, sp, from, to);
		return;
	}
	if (strchr(s, '\'') != NULL) {
		for (sx = ws->t->suffixes; sx->suffix != NULL; sx++) {
			size_t sl = strlen(sx->suffix);

			if (n <= sl || strcmp(s + n - sl, sx->suffix) != 0)
				continue;
			memcpy(buf, s, n - sl);
			buf[n - sl] = '\0';
			process(ws, buf, from, to, depth + 1);
			if (sx->only_after == NULL || in_list(sx->only_after, buf))
				add_words(ws, sx->word, from, to);
			return;
		}
		for (i = 0, o = 0; i < n; i++)
			if (s[i] != '\'')
				buf[o++] = s[i];
		buf[o] = '\0';
		process(ws, buf, from, to, depth + 1);
		return;
	}
	for (i = 0; i < n; i++)
		if (!is_alpha((unsigned char)s[i]))
			odd = 1;
	if (odd) {
		if (process_mixed(ws, s, from, to, depth))
			return;
		for (i = 0, o = 0; i < n; i++)
			if (is_alpha((unsigned char)s[i]) ||
			    is_digit((unsigned char)s[i]))
				buf[o++] = s[i];
		buf[o] = '\0';
		if (o == 0 || strcmp(buf, s) == 0) {
			add_word(ws, buf, NULL, from, to);
			return;
		}
		process(ws, buf, from, to, depth + 1);
		return;
	}
	if (split_clitic(ws, s, from, to, depth))
		return;
	/* sooo: both "soo" and "so", each respelled (pleeease, passsport). */
	if (squeeze(s, two, 2)) {
		const char *s2, *s1;

		squeeze(s, one, 1);
		s2 = spelling(ws->c, two);
		s1 = spelling(ws->c, one);
		if (s2 != NULL && strchr(s2, ' ') != NULL) {
			add_words(ws, s2, from, to);
			return;
		}
		if (s1 != NULL && strchr(s1, ' ') != NULL) {
			add_words(ws, s1, from, to);
			return;
		}
		add_word(ws, s2 ? s2 : two, s1 ? s1 : one, from, to);
		return;
	}
	add_word(ws, s, NULL, from, to);
}

/* Decodes one UTF-8 character at p; its length, or 1 for a bad byte. */
static size_t
utf8_next(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return *cp >= 0x80 ? 2 : 1;
	}
	if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0f) << 12 |
		    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return *cp >= 0x800 ? 3 : 1;
	}
	if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3f) << 12 |
		    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		return *cp >= 0x10000 ? 4 : 1;
	}
	*cp = 0xfffd;
	return 1;
}

enum kind { K_SPACE, K_LETTER, K_DIGIT, K_APOS, K_SYM, K_BANG, K_DASH,
	K_EOS };

/* What a character is to the tokenizer; letters are lower-cased. */
static enum kind
classify(uint32_t *cp)
{
	/* The base letters of U+00C0..U+00FF; ' ' where there is none. */
	static const char base[] =
	    "aaaaaa ceeeeiiii noooooxouuuuy  "
	    "aaaaaa ceeeeiiii nooooo/ouuuuy y";
	uint32_t c = *cp;

	if (c >= 'A' && c <= 'Z') {
		*cp = c + 32;
		return K_LETTER;
	}
	if (c >= 'a' && c <= 'z')
		return K_LETTER;
	if (c >= '0' && c <= '9')
		return K_DIGIT;
	switch (c) {
	case '\'': case '`': case 0xb4: case 0x2018: case 0x2019: case 0x2bc:
	case 0x2032:
		return K_APOS;
	case '*': case '@': case '$':
		return K_SYM;
	case '!':
		return K_BANG;
	case '-':
		return K_DASH;
	/* Not a line break: phones wrap and people press return mid-sentence. */
	case '.': case '?': case ';': case ':': case ',': case '(': case ')': case '[': case ']': case 0x2026: case 0xa1:
	case 0xbf: case 0x2013: case 0x2014: case 0x3002:
		return K_EOS;
	default:
		break;
	}
	/*
	 * Latin letters with accents are read as their base letter (é as e,
	 * ñ as n, ü as u), in the text as in the tables: Spanish is typed on
	 * phones without them as often as with, and Snowball's Spanish
	 * stemmer keeps ñ and drops an acute accent only in some endings
	 * (explotación and explotacion would stem apart).
	 */
	if (c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7 &&
	    base[c - 0xc0] != ' ') {
		*cp = (uint32_t)base[c - 0xc0];
		return K_LETTER;
	}
	if (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) {
		if (c <= 0xde)
			*cp = c + 32;
		else if (c >= 0x100 && c <= 0x17f && (c & 1) == 0)
			*cp = c + 1;
		return K_LETTER;
	}
	return K_SPACE;
}

static size_t
utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | c >> 12);
	out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[2] = (char)(0x80 | (c & 0x3f));
	return 3;
}

/* The kind of the character at p, without consuming it. */
static enum kind
peek(const unsigned char *p)
{
	uint32_t cp;

	if (*p == '\0')
		return K_SPACE;
	utf8_next(p, &cp);
	return classify(&cp);
}

/* Cuts text into words (ws) and sentence ends. */
static void
tokenize(struct words *ws, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	char cur[WORD_MAX + 4];
	size_t n = 0, start = 0;
	int dollar = 0;

#define FLUSH() do { \
	if (n > 0) { \
		cur[n] = '\0'; \
		process(ws, cur, start, (size_t)((const char *)p - text), 0); \
	} \
	n = 0; \
} while (0)

	while (*p && ws->n < TOK_MAX - 2) {
		uint32_t cp;
		size_t len = utf8_next(p, &cp);
		enum kind k = classify(&cp), next = peek(p + len);
		int inword = n > 0;
		int last_letter = inword && is_alpha((unsigned char)cur[n - 1]);

		if (k == K_LETTER || k == K_DIGIT ||
		    (k == K_APOS && inword && next == K_LETTER) ||
		    (k == K_SYM && (inword || next == K_LETTER ||
		    next == K_DIGIT)) ||
		    (k == K_BANG && last_letter && next == K_LETTER)) {
			if (n == 0)
				start = (size_t)((const char *)p - text);
			if (k == K_APOS)
				cp = '\'';
			if (n + 4 < WORD_MAX)
				n += utf8_put(cur + n, cp);
			dollar = 0;
			p += len;
			continue;
		}
		/* i-90, h-2a: one word, so that "i" is not the asker. */
		if (k == K_DASH && last_letter && next == K_DIGIT) {
			p += len;
			continue;
		}
		FLUSH();
		if (k == K_SYM && cp == '$' && !dollar) {
			dollar = 1;
			process(ws, "$", (size_t)((const char *)p - text),
			    (size_t)((const char *)p - text) + 1, 0);
		} else if (k == K_EOS || k == K_BANG) {
			add_eos(ws, (size_t)((const char *)p - text));
		}
		p += len;
	}
	FLUSH();
#undef FLUSH
	add_eos(ws, strlen(text));
}

/* ---- matching ---- */

struct tok {
	int		 id[2];
	uint64_t	 cls;
	size_t		 from, to;
};

static int
hit(const struct elem *e, const struct tok *t)
{
	unsigned i;

	if (t->cls & e->cls)
		return 1;
	for (i = 0; i < e->nids; i++)
		if (e->ids[i] == t->id[0] || e->ids[i] == t->id[1])
			return 1;
	return 0;
}

/*
 * Matches elements e.. of a part at token i (after the previous element);
 * extra is a gap carried over a skipped optional element. pos[] receives
 * where each element matched (or -1).
 */
static int
match(const struct elem *el, unsigned ne, unsigned e, const struct tok *t,
    size_t nt, size_t i, unsigned extra, long *pos)
{
	const struct elem *x;
	unsigned gap, k;

	if (e == ne)
		return 1;
	x = &el[e];
	gap = (e == 0 ? 0 : x->gap) + extra;
	if (x->neg) {
		for (k = 0; k <= gap && i + k < nt; k++) {
			if (hit(x, &t[i + k]))
				return 0;
			if (t[i + k].cls & C_EOS)
				break;
		}
		pos[e] = -1;
		return match(el, ne, e + 1, t, nt, i, 0, pos);
	}
	for (k = 0; k <= gap && i + k < nt; k++) {
		if (k > 0 && (t[i + k - 1].cls & C_EOS))
			break;
		if (hit(x, &t[i + k])) {
			pos[e] = (long)(i + k);
			if (match(el, ne, e + 1, t, nt, i + k + 1, 0, pos))
				return 1;
		}
	}
	if (x->opt) {
		pos[e] = -1;
		return match(el, ne, e + 1, t, nt, i, gap, pos);
	}
	return 0;
}

/* Finds a part anywhere, from token `from`; its span in tokens, or 0. */
static int
find_part(const struct elem *el, unsigned ne, const struct tok *t, size_t nt,
    size_t from, long *pos, size_t *first, size_t *last)
{
	size_t i;
	unsigned k;

	for (i = from; i < nt; i++) {
		if (!match(el, ne, 0, t, nt, i, 0, pos))
			continue;
		*first = nt;
		*last = 0;
		for (k = 0; k < ne; k++)
			if (pos[k] >= 0) {
				if ((size_t)pos[k] < *first)
					*first = (size_t)pos[k];
				if ((size_t)pos[k] > *last)
					*last = (size_t)pos[k];
			}
		if (*first == nt)
			continue;	/* only optional or negative elements */
		/* The next search starts after where this match began. */
		return 1;
	}
	return 0;
}

/* 1 when every part of a pattern matches; the first part's span. */
static int
match_pattern(const struct compiled *c, const struct cpat *cp,
    const struct tok *t, size_t nt, size_t *first, size_t *last)
{
	long pos[ELEMS_PER_PAT];
	unsigned k;

	for (k = 0; k < cp->nparts; k++) {
		size_t f = 0, l = 0;

		if (!find_part(&c->elems[cp->first[k]], cp->n[k], t, nt, 0, pos,
		    &f, &l))
			return 0;
		if (k == 0) {
			*first = f;
			*last = l;
		}
	}
	return 1;
}

/* Marks the close persons of anchor rules; 1 when there is any. */
static int
anchor(const struct compiled *c, struct tok *t, size_t nt)
{
	long pos[ELEMS_PER_PAT];
	size_t i, f, l, p;
	int any = 0;

	for (p = 0; p < c->npats; p++) {
		const struct cpat *cp = &c->pats[p];
		const struct elem *el = &c->elems[cp->first[0]];
		unsigned k;

		if (!(cp->p->flags & DETECT_ANCHOR))
			continue;
		for (i = 0; i < nt; i++) {
			if (!find_part(el, cp->n[0], t, nt, i, pos, &f, &l))
				break;
			any = 1;
			for (k = 0; k < cp->n[0]; k++)
				if (el[k].mark && pos[k] >= 0)
					t[pos[k]].cls |= C_P | C_CP;
			i = f;
		}
	}
	return any;
}

/* Words to tokens: stems, classes, numbers as ages. */
static size_t
to_tokens(const struct compiled *c, struct sb_stemmer *sb,
    const struct words *ws, struct tok *t)
{
	size_t i, nt = 0;
	unsigned a;

	t[nt].id[0] = t[nt].id[1] = -1;
	t[nt].cls = C_EOS;
	t[nt].from = t[nt].to = 0;
	nt++;
	for (i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];
		struct tok *x = &t[nt];

		x->id[0] = x->id[1] = -1;
		x->cls = 0;
		x->from = w->from;
		x->to = w->to;
		if (w->eos) {
			if (t[nt - 1].cls & C_EOS)
				continue;
			x->cls = C_EOS;
			nt++;
			continue;
		}
		for (a = 0; a < w->nalt; a++) {
			char stem[WORD_MAX];
			const char *s = w->alt[a];
			int id;

			if (is_digit((unsigned char)s[0]) &&
			    strspn(s, "0123456789") == strlen(s)) {
				long v = strlen(s) <= 3 ? atol(s) : 1000;

				if (v >= 10 && v <= 17)
					x->cls |= C_AGE_MINOR;
				else if (v >= 20 && v <= 79)
					x->cls |= C_AGE_ADULT;
				continue;
			}
			if (stem_word(sb, s, stem) != 0)
				continue;
			if ((id = lex_find(c, stem)) >= 0) {
				x->id[a] = id;
				x->cls |= c->lex[id].cls;
			}
		}
		nt++;
	}
	if (!(t[nt - 1].cls & C_EOS)) {
		t[nt].id[0] = t[nt].id[1] = -1;
		t[nt].cls = C_EOS;
		t[nt].from = t[nt].to = ws->n ? ws->w[ws->n - 1].to : 0;
		nt++;
	}
	return nt;
}

/* See detect.h. */
int
detect_question(enum detect_lang lang, const char *text,
    struct detect_verdict *v)
{
	const struct compiled *c = ready(lang);
	struct sb_stemmer *sb = NULL;
	struct words *ws = NULL;
	struct tok *t = NULL;
	size_t nt, i, p;
	int rc = -1, close, person = 0;

	memset(v, 0, sizeof(*v));
	if (c == NULL)
		goto out;
	/* On the heap: about 40 KiB, more than a request thread should put
	 * on its stack. */
	ws = malloc(sizeof(*ws));
	t = malloc(sizeof(*t) * (TOK_MAX + 2));
	sb = sb_stemmer_new(tables[lang]->stemmer, NULL);
	if (ws == NULL || t == NULL || sb == NULL)
		goto out;
	ws->c = c;
	ws->t = tables[lang];
	ws->n = 0;
	tokenize(ws, text);
	nt = to_tokens(c, sb, ws, t);
	close = anchor(c, t, nt);
	for (i = 0; i < nt; i++) {
		if (t[i].cls & c->self)
			t[i].cls |= C_P;
		if (t[i].cls & c->self_poss)
			t[i].cls |= C_PP;
		if (close && (t[i].cls & c->other))
			t[i].cls |= C_P | C_CP | C_CPRO;
		if (close && (t[i].cls & c->other_poss))
			t[i].cls |= C_PP;
		if (t[i].cls & (C_P | C_PP))
			person = 1;
	}
	for (p = 0; p < c->npats; p++) {
		const struct cpat *cp = &c->pats[p];
		unsigned want = cp->p->flags & (QFLAG_DISCLOSURE | QFLAG_ABUSE);
		size_t f = 0, l = 0;

		if ((cp->p->flags & DETECT_ANCHOR) || (v->flags & want) == want)
			continue;
		if ((cp->p->flags & DETECT_NEEDS_PERSON) && !person)
			continue;
		if (!match_pattern(c, cp, t, nt, &f, &l))
			continue;
		v->flags |= want;
		if (want & QFLAG_DISCLOSURE && v->disclosure == NULL) {
			v->disclosure = cp->p->name;
			v->disclosure_at = t[f].from;
			v->disclosure_len = t[l].to - t[f].from;
		}
		if (want & QFLAG_ABUSE && v->abuse == NULL) {
			v->abuse = cp->p->name;
			v->abuse_at = t[f].from;
			v->abuse_len = t[l].to - t[f].from;
		}
	}
	rc = 0;
out:
	if (rc != 0) {
		v->flags = QFLAG_DISCLOSURE;
		v->disclosure = "the detector could not run";
	}
	sb_stemmer_delete(sb);
	free(t);
	free(ws);
	return rc;
}

/* See detect.h. */
size_t
detect_normalise(enum detect_lang lang, const char *text, char *out,
    size_t outsz)
{
	const struct compiled *c = ready(lang);
	struct words *ws;
	size_t i, n = 0;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (c == NULL || (ws = malloc(sizeof(*ws))) == NULL)
		return 0;
	ws->c = c;
	ws->t = tables[lang];
	ws->n = 0;
	tokenize(ws, text);
	for (i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];
		int k;

		if (w->eos && i + 1 == ws->n)
			break;
		if (w->eos)
			k = snprintf(out + n, outsz - n, "%s|", n ? " " : "");
		else if (w->nalt == 2)
			k = snprintf(out + n, outsz - n, "%s%s/%s", n ? " " : "",
			    w->alt[0], w->alt[1]);
		else
			k = snprintf(out + n, outsz - n, "%s%s", n ? " " : "",
			    w->alt[0]);
		if (k < 0 || (size_t)k >= outsz - n) {
			n = outsz - 1;
			break;
		}
		n += (size_t)k;
	}
	free(ws);
	return n;
}

/* See detect.h. */
const char *
detect_lang_code(enum detect_lang lang)
{
	return (unsigned)lang < DETECT__LANGS ? tables[lang]->code : "?";
}

/* See detect.h. */
int
detect_lang_parse(const char *code)
{
	int i;

	for (i = 0; i < DETECT__LANGS; i++)
		if (strcmp(code, tables[i]->code) == 0)
			return i;
	return -1;
}

/* See detect.h. */
int
detect_question_any(const char *text, struct detect_verdict *v)
{
	struct detect_verdict one;
	int lang, rc = 0;

	memset(v, 0, sizeof(*v));
	for (lang = 0; lang < DETECT__LANGS; lang++) {
		if (detect_question((enum detect_lang)lang, text, &one) != 0)
			rc = -1;
		v->flags |= one.flags;
		if (one.disclosure != NULL && v->disclosure == NULL) {
			v->disclosure = one.disclosure;
			v->disclosure_at = one.disclosure_at;
			v->disclosure_len = one.disclosure_len;
		}
		if (one.abuse != NULL && v->abuse == NULL) {
			v->abuse = one.abuse;
			v->abuse_at = one.abuse_at;
			v->abuse_len = one.abuse_len;
		}
	}
	return rc;
}
