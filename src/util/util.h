/* util.h: small shared helpers: allocation, arenas, buffers, logging, tokens. */
#ifndef CONVENE_UTIL_H
#define CONVENE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that aborts on out-of-memory; never returns NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Arena: bump allocator freed all at once (one per request). */
struct arena;
struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Returns p, or a larger copy of it, with room for element n (0-based). */
void *arena_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t sz);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable byte buffer with a hard size limit; always NUL-terminated. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 limit;	/* 0: default limit */
	int	 overflow;	/* set once a write was refused */
};
void buf_init(struct buf *b, size_t limit);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Logging to standard error, one line per call. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_quiet(int quiet);

/* Random token of n characters from an unambiguous base32 alphabet. */
void token_random(char *out, size_t n);
/* A short code people type to join a Q&A: 6 upper-case characters, NUL. */
#define JOIN_CODE_LEN 6
void token_join_code(char out[JOIN_CODE_LEN + 1]);
/* Hex of a token's BLAKE2b hash (65 bytes with the NUL): what is stored. */
#define TOKEN_HASH_HEX 65
void token_hash(const char *token, char out[TOKEN_HASH_HEX]);
/* A ticket code as typed or scanned (dashes, spaces, capitals) as stored. */
char *token_normalise(struct arena *a, const char *in);
/* Constant-time string compare; 1 when equal. */
int token_equal(const char *a, const char *b);

/* Validation helpers for outside text. */
int utf8_valid(const char *s, size_t n);
/* 1 when s has no control characters other than those allowed. */
int text_clean(const char *s, int allow_newlines);
size_t utf8_chars(const char *s);
char *str_trim(char *s);
void str_lower(char *s);
/*
 * Names as a search sees them: ASCII lower case, and the accented Latin
 * letters of FOLD_FROM as the plain ones of FOLD_TO ("Ñúñez" is "nunez"),
 * so door staff find a name however it is typed. out has room for
 * strlen(s) + 1 (folding never lengthens). PostgreSQL folds alike with
 * translate(lower(x), FOLD_FROM, FOLD_TO).
 */
#define FOLD_FROM "ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕóòôöõÚÙÛÜúùûüÑñÇçÝýÿ"
#define FOLD_TO   "aaaaaaaaaaaaeeeeeeeeiiiiiiiioooooooooouuuuuuuunnccyyy"
void text_fold(const char *s, char *out);
/* v as a query-string value: all but letters, digits and -._~
 * percent-encoded, in a. */
char *text_query_value(struct arena *a, const char *v);

/* Current time, seconds since the epoch (UTC). */
int64_t now_utc(void);

#endif
