/* detect_lang.h: the tables that teach the detector a language: spellings, contractions, word classes and patterns. */
#ifndef CONVENE_DETECT_LANG_H
#define CONVENE_DETECT_LANG_H

/* A word as typed (lower case) and the words it stands for. */
struct detect_spelling {
	const char	*from;
	const char	*to;		/* one or more words, space-separated */
};

/*
 * A contraction ending: "n't" becomes a separate "not". With only_after,
 * the ending becomes word only after those bases (he's -> he is) and is
 * dropped after any other (the boss's -> the boss).
 */
struct detect_suffix {
	const char	*suffix;
	const char	*word;
	const char	*only_after;	/* space-separated bases, or NULL */
};

/* Space-separated words that belong to the classes named (A|B). */
struct detect_class_words {
	const char	*classes;
	const char	*words;
};

/* Pattern flags beyond QFLAG_*. */
#define DETECT_ANCHOR	  0x100	/* marks a close person; flags nothing */
#define DETECT_NEEDS_PERSON 0x200 /* only when someone is anchored (P, PP) */

/*
 * A rule. spec is a sequence of elements separated by spaces:
 *   word        a literal word, stemmed like the text (any inflection)
 *   CLASS       a class of the language, or a built-in one: P (the asker,
 *               or an anchored close person), CP (only the close person),
 *               CPRO (only a pronoun standing for them, not the noun),
 *               PP (their possessives), EOS
 *               (sentence boundary, also at both ends), AGE_MINOR (10..17),
 *               AGE_ADULT (20..79)
 *   a|B|c       any of them
 *   ~N          up to N other words before the next element, never across
 *               a sentence boundary
 *   x?          optional; !x: the next word (or, after ~N, none of the next
 *               N+1) is not x, matching nothing; @x: in an anchor rule, the
 *               words x matched become close persons (P)
 *   +           separates parts that must all match, anywhere, any order
 */
struct detect_pattern {
	const char	*name;		/* shown to moderators */
	unsigned	 flags;		/* QFLAG_* | DETECT_* */
	const char	*spec;
};

/*
 * Words in tables are written without accents (nino, not niño): the
 * detector reads every accented Latin letter as its base letter.
 */
struct detect_lang_table {
	const char			*code;		/* "en" */
	const char			*stemmer;	/* libstemmer algorithm */
	const struct detect_spelling	*spellings;	/* ended by NULL from */
	const struct detect_suffix	*suffixes;	/* ended by NULL suffix */
	const char *const		*class_names;	/* ended by NULL; <= 56 */
	const struct detect_class_words	*words;		/* ended by NULL classes */
	const struct detect_pattern	*patterns;	/* ended by NULL name */
	/* Classes that are the asker (P), their possessives (PP), and the
	 * pronouns that become P and PP once a close person is anchored. */
	const char			*self, *self_poss;
	const char			*other, *other_poss;
	/* Classes whose words a masked token (f*ck) may stand for. */
	const char			*maskable;
	/* Pronouns attached to a verb (quitarme: quitar me), split off when
	 * what is left ends as one of the hosts and has at least 5 letters
	 * (charla stays); NULL for a language without them. */
	const struct detect_spelling	*clitics;	/* ended by NULL from */
	const char			*clitic_hosts;	/* space-separated */
};

extern const struct detect_lang_table detect_en, detect_es;

#endif
